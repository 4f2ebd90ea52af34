"""Diagnostics: what a user is told about their input, with its location.

A :class:`Diagnostic` is produced by the loader (input that cannot be used)
and by the rule catalogue (figures that do not add up, missing parts, …). It
names the file, line and column, the YAML field, and, for a table cell, the
printed row and column labels. :func:`format_diagnostic` renders it the way a
linter does, quoting the offending YAML line with a caret under the column.
"""

from __future__ import annotations

import dataclasses
import errno
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "info"]

SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(frozen=True)
class Location:
    """A position in an input file (1-based line and column)."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass
class Diagnostic:
    """One finding about an input file.

    ``code`` is a stable identifier (``Y…`` for input errors, rule codes for
    checks); ``field`` the YAML path as a reader would say it
    (``申请办理情况 → 本年新收``); ``cells`` the printed labels of the table
    cells involved.
    """

    code: str
    severity: Severity
    message: str
    location: Location | None = None
    field: str = ""
    cells: list[str] = dataclasses.field(default_factory=list)
    expected: str | None = None
    actual: str | None = None
    hint: str | None = None
    acknowledged: str | None = None  # the reason, when acknowledged in the YAML

    def to_dict(self) -> dict:
        loc = self.location
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "file": loc.file if loc else None,
            "line": loc.line if loc else None,
            "column": loc.column if loc else None,
            "field": self.field,
            "cells": list(self.cells),
            "expected": self.expected,
            "actual": self.actual,
            "hint": self.hint,
            "acknowledged": self.acknowledged,
        }


class InputError(Exception):
    """Input that cannot be used at all (exit status 2). Carries diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.message for d in diagnostics))


def format_diagnostic(d: Diagnostic, source_text: str | None = None) -> str:
    """Render a diagnostic for a terminal: header line, source excerpt, details."""
    where = f"{d.location}: " if d.location else ""
    label = SEVERITY_LABEL.get(d.severity, d.severity)
    if d.acknowledged is not None:
        label += "（已确认）"
    subject = f"{d.field}：" if d.field else ""
    lines = [f"{where}{label} [{d.code}] {subject}{d.message}"]
    loc = d.location
    if source_text is not None and loc and loc.line:
        src_lines = source_text.splitlines()
        if 0 < loc.line <= len(src_lines):
            text = src_lines[loc.line - 1]
            gutter = str(loc.line)
            lines.append(f"{' ' * len(gutter)} |")
            lines.append(f"{gutter} | {text}")
            if loc.column:
                pad = _display_width(text[: loc.column - 1])
                lines.append(f"{' ' * len(gutter)} | {' ' * pad}^")
    for cell in d.cells:
        lines.append(f"  单元格：{cell}")
    if d.expected is not None:
        lines.append(f"  应为：{d.expected}　实际：{d.actual}")
    elif d.actual is not None:
        lines.append(f"  实际：{d.actual}")
    if d.hint:
        lines.append(f"  提示：{d.hint}")
    if d.acknowledged is not None:
        lines.append(f"  已确认的理由：{d.acknowledged}")
    return "\n".join(lines)


def format_diagnostics(diags: list[Diagnostic], sources: dict[str, str] | None = None) -> str:
    sources = sources or {}
    out = []
    for d in diags:
        src = sources.get(d.location.file) if d.location else None
        if src is None and d.location and d.location.line:
            try:
                src = Path(d.location.file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                src = None
        out.append(format_diagnostic(d, src))
    return "\n\n".join(out)


def _display_width(s: str) -> int:
    """Terminal width of a string: CJK and full-width characters take two cells."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


_OS_REASONS = {
    errno.ENOENT: "找不到这个文件（请核对文件名和所在文件夹）",
    errno.EACCES: "没有读取或写入这个文件的权限",
    errno.EPERM: "没有读取或写入这个文件的权限",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中的某一级不是文件夹",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.ELOOP: "路径中的符号链接形成了循环",
    errno.ENOSPC: "磁盘空间已满",
    errno.EROFS: "所在磁盘是只读的",
    errno.EMFILE: "同时打开的文件太多",
}


def os_reason(exc: OSError) -> str:
    """Why a file could not be read or written, in Chinese (the system's own
    text, ``strerror``, is English on most machines)."""
    reason = _OS_REASONS.get(exc.errno) if exc.errno is not None else None
    if reason:
        return reason
    return f"系统错误（错误号 {exc.errno}）" if exc.errno is not None else "系统错误"
