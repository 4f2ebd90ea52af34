"""Which font serves each role on this machine, and which characters none can show.

Used by ``giar-gen fonts [data.yaml]`` and by ``build`` (warning F001). The
choice of fonts itself lives in :mod:`giar_gen.fonts`; this module only reports
it in the user's terms.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from giar_gen.diagnostics import Diagnostic, Location
from giar_gen.fonts import (
    BUNDLED_FAMILY,
    FONT_DIR_ENV,
    ROLE_NAMES,
    ROLES,
    bundled_font_files,
    docx_east_asia_font,
    system_font_for_role,
    uncovered_characters,
)
from giar_gen.limits import MAX_DATA_BYTES, LimitError, read_limited

ROLE_LABELS: dict[str, str] = {
    "title": "标题",
    "body": "正文",
    "heading1": "一级标题“一、”",
    "heading2": "二级标题“（一）”",
    "page_number": "页码",
    "table": "表格",
}


@dataclass(frozen=True)
class RoleFont:
    role: str
    label: str
    official: str  # the name a DOCX asks for
    family: str  # the font that serves the role here
    path: Path
    system: bool  # installed on this machine (else bundled with giar-gen)


def role_fonts() -> list[RoleFont]:
    """For each role, the font the PDF uses on this machine."""
    bundled = bundled_font_files()
    out = []
    for role in ROLE_NAMES:
        found = system_font_for_role(role)
        if found is not None:
            out.append(
                RoleFont(role, ROLE_LABELS[role], docx_east_asia_font(role), found.family, Path(found.path), True)
            )
        else:
            out.append(
                RoleFont(
                    role, ROLE_LABELS[role], docx_east_asia_font(role), BUNDLED_FAMILY[role], bundled[role].path, False
                )
            )
    return out


def uncovered(text: str) -> list[str]:
    """Characters of ``text`` that neither an installed official font nor a bundled
    font can show (they print as empty boxes, or in whatever other installed font
    fontconfig finds)."""
    return uncovered_characters(text, system_fonts=True)


def char_label(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"“{ch}”（U+{ord(ch):04X}{'，' + name if name else ''}）"


def locate(chars: list[str], source_text: str, file: str) -> dict[str, Location]:
    """Where each character first occurs in the data file."""
    out: dict[str, Location] = {}
    lines = source_text.splitlines()
    for ch in chars:
        for n, line in enumerate(lines, start=1):
            col = line.find(ch)
            if col >= 0:
                out[ch] = Location(file, n, col + 1)
                break
    return out


def uncovered_diagnostic(text: str, source: str | Path | None = None) -> Diagnostic | None:
    """Warning F001 naming the characters of ``text`` no available font covers,
    located at the first one's first occurrence in ``source``; None if all are covered."""
    chars = uncovered(text)
    if not chars:
        return None
    places: dict[str, Location] = {}
    if source is not None:
        try:
            text_of_source = read_limited(source, MAX_DATA_BYTES).decode("utf-8-sig")
            places = locate(chars, text_of_source, str(source))
        except (OSError, UnicodeDecodeError, LimitError):
            places = {}
    parts = []
    for ch in chars:
        where = places.get(ch)
        parts.append(char_label(ch) + (f"，第 {where.line} 行第 {where.column} 列" if where else ""))
    first = next((places[c] for c in chars if c in places), None)
    if first is None and source is not None:
        first = Location(str(source))
    return Diagnostic(
        "F001",
        "warning",
        f"{len(chars)} 个字符在报告所用的字体（本机的规范字体和 giar-gen 内置字体）中都没有，"
        "PDF 中会印成空框或由本机其他字体代替：" + "；".join(parts),
        first,
        hint="请改用常用字（如繁体字、生僻字可换成规范字），或在本机安装含这些字的字体；"
        "运行 giar-gen fonts 数据文件.yaml 可查看各部分所用的字体。",
    )


def fallback_diagnostic() -> Diagnostic | None:
    """Warning F002 when the PDF's body text cannot have its 仿宋 on this machine
    and is set in the bundled Song instead (GB/T 9704 asks for 仿宋); None when a
    仿宋 is found (installed, or in the ``GIAR_GEN_FONT_DIR`` folder)."""
    if system_font_for_role("body") is not None:
        return None
    wanted = "、".join(n for n in ROLES["body"] if n != BUNDLED_FAMILY["body"])
    return Diagnostic(
        "F002",
        "warning",
        f"本机没有仿宋字体（{wanted}），PDF 正文改用 giar-gen 内置的宋体（{BUNDLED_FAMILY['body']}）；"
        "GB/T 9704 要求正文用仿宋",
        hint="安装仿宋字体（如 Windows 的 simfang.ttf、仿宋_GB2312.ttf）后重新生成；不能安装字体的，"
        f"把字体文件放在一个文件夹里，用 giar-gen build --font-dir 文件夹（或环境变量 {FONT_DIR_ENV}）指向它。"
        "giar-gen fonts 可查看各部分所用的字体。",
    )


def format_report(fonts: list[RoleFont]) -> str:
    lines = ["本机各部分所用字体（PDF）："]
    for f in fonts:
        where = "本机已安装" if f.system else "giar-gen 内置"
        lines.append(f"  {f.label}：{f.family}（{where}，{f.path}）")
        if not f.system:
            wanted = "、".join(n for n in ROLES[f.role] if n != BUNDLED_FAMILY[f.role])
            lines.append(f"      未找到：{wanted}")
    lines.append("DOCX 中各部分指定的字体（由 Word/WPS 在打开文件的电脑上选用）：")
    lines.append("  " + "；".join(f"{f.label} {f.official}" for f in fonts))
    return "\n".join(lines)
