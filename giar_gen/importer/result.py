"""What an import produces: the data, where each value came from, and the notes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from giar_gen.diagnostics import Diagnostic, Location
from giar_gen.readers import Pos, RawCell, TableBlock

# ---------------------------------------------------------------------------
# notes: what could not be mapped, or was inferred


@dataclass
class Note:
    """Something the importer could not map, or had to infer.

    ``code`` is stable (``I…``); ``text`` is the original content, kept
    verbatim (after debris removal and t2s); ``pos`` its place in the file.
    """

    code: str
    message: str
    text: str = ""
    pos: Pos = None
    severity: str = "warning"  # "warning" (content not mapped) or "info" (inferred)

    @property
    def unmapped(self) -> bool:
        """True when the note carries report content that is not in the data."""
        return bool(self.text)

    def to_diagnostic(self, file: str) -> Diagnostic:
        line, col = self.pos or (None, None)
        snippet = self.text if len(self.text) <= 60 else self.text[:58] + "……"
        return Diagnostic(
            code=self.code,
            severity=self.severity,  # type: ignore[arg-type]
            message=self.message,
            location=Location(file, line, col),
            actual=snippet or None,
        )


#: Codes of the notes (for the README and for ``giar-gen check``).
NOTE_CODES = {
    "I001": "标题取自网页或文件属性，或未找到标题",
    "I002": "机关名称、类型或层级是推断的",
    "I003": "报告年度是推断的",
    "I004": "未找到发布日期",
    "I005": "统计期限或联系方式中有未能识别的内容",
    "I101": "正文中有未能对应到版式的部分",
    "I102": "网页导航、页脚等不属于报告的内容",
    "I103": "位置异常的文字（如表格之后的文字）",
    "I104": "一份文件中并排印有两份报告（如比对工具的对照页）：分开导入，比对工具的评语不作为报告内容",
    "I201": "表格中有未能对应的行",
    "I202": "单元格内容不是可用的数字",
    "I203": "未能识别的表格",
    "I204": "表格标签与官方标签不完全一致（已按官方标签读取）",
    "I205": "表格版本与报告年度不符",
    "I206": "表格缺少行或单元格",
}


def escape_braces(text: str) -> str:
    """Braces in a report's text are text: doubled, so that they are not read
    as figure references (``{申请办理情况.本年新收}``) when the data is built."""
    return re.sub(r"([{}｛｝])", r"\1\1", text)


# ---------------------------------------------------------------------------
# the result of an import


@dataclass
class PartFound:
    heading: str  # as printed, with its number
    title: str  # without the number
    pos: Pos
    lines: list[tuple[str, Pos]] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)
    text_after_table: list[tuple[str, Pos]] = field(default_factory=list)
    layout_key: str | None = None


@dataclass
class Imported:
    """What an import produced: the data (in the YAML input form), where each
    value came from, comments for the YAML writer, and the notes."""

    source: Path
    format: str
    data: dict[str, Any] = field(default_factory=dict)
    positions: dict[tuple, tuple[int, int | None]] = field(default_factory=dict)
    comments: dict[tuple, str] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    mapped: list[str] = field(default_factory=list)  # summary lines: what was mapped
    missing: list[str] = field(default_factory=list)  # required data not found
    source_text: str = ""
    #: the top-level numbered headings as printed (see :func:`giar_gen.importer.tablefill.printed_outline`)
    outline: list[dict] = field(default_factory=list)
    #: cells the reader could not place: ``(table key, row id)``, row ``"*"`` for any blank of the table
    uncertain: set[tuple[str, str]] = field(default_factory=set)
    #: official table key → how many of its cells were read with a value (blank cells not counted)
    cells_read: dict[str, int] = field(default_factory=dict)
    #: the text was extracted from a PDF page layout (lines were joined): table labels may lie about as text
    extracted: bool = False
    #: which report of a document that prints two side by side ("2023年报告（左栏）"); "" for an ordinary one
    part: str = ""

    def note(self, code: str, message: str, text: str = "", pos: Pos = None, severity: str = "warning") -> None:
        self.notes.append(Note(code, message, text, pos, severity))

    def at(self, path: tuple, pos: Pos) -> None:
        if pos is not None:
            self.positions[path] = (pos[0], pos[1])


def _row_text(row: list[RawCell]) -> str:
    return " | ".join(c.text for c in row)
