"""The parts of the Word package every report shares: the page geometry of GB/T 9704-2012
(in twips), run and paragraph properties, the styles, settings, font table, section
properties, and the template package the body is poured into.

:mod:`giar_gen.writers.docx` walks the document tree and builds the body from these.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import zipfile
from xml.sax.saxutils import escape, quoteattr

from docx.oxml.ns import nsdecls

from giar_gen.document.tree import Document
from giar_gen.fonts import ROLES, docx_east_asia_font, font_size_pt

# --- the page (GB/T 9704-2012 §5), in twips ------------------------------------------

_TWIPS_PER_MM = 1440 / 25.4


def _mm(value: float) -> int:
    return round(value * _TWIPS_PER_MM)


PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838  # A4 as Word writes it (210.02 × 297.04 mm)
MARGIN_TOP = _mm(37)  # 2098
MARGIN_LEFT = _mm(28)  # 1587; the same on even pages: GB/T 9704 does not mirror
MARGIN_RIGHT = _mm(26)  # 1474
MARGIN_BOTTOM = _mm(35)  # 1984
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 8845 = 156.03 mm
TEXT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM  # 12756 = 225.00 mm

BODY_PT = font_size_pt("body")  # 3号 = 16 pt
GRID_LINES, GRID_CHARS = 22, 28  # §5.2.3

# The document grid (w:docGrid type="linesAndChars"), what Word's page setup shows as
# 每页 22 行, 每行 28 字.
# linePitch is the height of one grid line in twips: 12756 / 22 = 579.8, rounded
# down to 579 (28.95 pt) so that 22 lines fit (22 × 580 = 12760 would exceed the
# block by 4 twips and leave 21 lines).
LINE_PITCH = TEXT_HEIGHT // GRID_LINES
# charSpace is the character pitch minus the Normal style's font size, in 1/4096 pt.
# 28 characters of 3号 (16 pt) take 448 pt, wider than the block (8845 twips =
# 442.25 pt), so each character cell is 442.25 / 28 = 15.794 pt: (15.794 - 16) ×
# 4096 = -841.3, rounded down to -842 so that 28 cells fit
# (28 × (16 - 842/4096) = 442.244 pt ≤ 442.25 pt).
CHAR_SPACE = math.floor((TEXT_WIDTH / 20 / GRID_CHARS - BODY_PT) * 4096)
#
# The paragraphs themselves do not snap to the grid (w:snapToGrid 0 in the styles):
# LibreOffice (checked with 7.4) gives every character two grid cells when a cell is
# narrower than the Normal font, which spreads each line to 14 characters. The same
# page comes out in Word, WPS and LibreOffice alike from two explicit settings that
# the grid would otherwise supply: exact 28.95 pt lines (LINE_PITCH) and characters
# condensed by 0.3 pt (w:spacing -6, in twentieths of a point), so that one 字 is
# 15.7 pt and 28 of them take 439.6 pt of the 442.25 pt line (29 would take 455.3;
# at -0.25 pt LibreOffice already breaks lines after 27 in a section with a
# character grid). Justified lines are stretched to the full 156 mm.
CHAR_CONDENSE = -6
CHAR_PITCH = round(BODY_PT * 20) + CHAR_CONDENSE  # one 字 in twips: 314 (15.7 pt)
INDENT_2_CHARS = 2 * CHAR_PITCH  # 628: first-line indent of body paragraphs

# The page number (§7.5): "— 1 —" in 4号 (14 pt) 宋体, the top of its line 7 mm below
# the text block. Word measures w:footer from the bottom edge of the page to the
# bottom of the footer's last line; that line is exactly 14 pt high, so
# footer = bottom margin - 7 mm - 14 pt = 1984 - 397 - 280 = 1307 (23.06 mm).
PAGE_NUMBER_PT = font_size_pt("page_number")
PAGE_NUMBER_LINE = round(PAGE_NUMBER_PT * 20)  # 280
FOOTER_DISTANCE = MARGIN_BOTTOM - _mm(7) - PAGE_NUMBER_LINE
HEADER_DISTANCE = _mm(15)
# "One character of space" beside the number: one 4号 character.
PAGE_NUMBER_SPACE = PAGE_NUMBER_LINE

TITLE_PT = font_size_pt("title")  # 2号 = 22 pt
TITLE_LINE = 700  # exact 35 pt lines for the 2号 title
TITLE_CHARS_PER_LINE = int(TEXT_WIDTH / 20 // TITLE_PT)  # 20

# Table type sizes: table 二 (4 columns) in 五号 (10.5 pt); tables 三 (10 grid
# columns, 31 rows) and 四 (15 columns) in 小五 (9 pt), as offices print them: table 三
# then fits on one page with its heading, and the 15 columns of 四 (10.4 mm each)
# hold two characters a line.
TABLE_PT = {
    "normal": font_size_pt("table"),
    "small": font_size_pt("table", wide_table=True),
    "tiny": font_size_pt("table", wide_table=True),
}
TABLE_CELL_MARGIN = 57  # 1 mm left and right inside a cell
TABLE_BORDER = 4  # eighths of a point: 0.5 pt lines

_W_NS = nsdecls("w")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _font(role: str) -> str:
    return docx_east_asia_font(role)


def _text(s: str) -> str:
    return escape(_XML_BAD.sub("", s))


def _attr(s: str) -> str:
    return quoteattr(_XML_BAD.sub("", s))


def _half_points(pt: float) -> int:
    return round(pt * 2)


def text_width_chars(s: str) -> float:
    """Printed width of ``s`` in 字 (full-width characters): half-width forms count ½."""
    return sum(0.5 if unicodedata.east_asian_width(c) in ("Na", "H", "N") else 1.0 for c in s)


# --- run and paragraph properties ---------------------------------------------------------


def _rfonts(role: str) -> str:
    """All four slots of w:rFonts: Chinese text, Latin text and digits in the same font,
    and ``hint="eastAsia"`` so that quotation marks and dashes use the East-Asian font."""
    name = _attr(_font(role))
    return f'<w:rFonts w:ascii={name} w:eastAsia={name} w:hAnsi={name} w:cs={name} w:hint="eastAsia"/>'


def _rpr(role: str, size_pt: float | None = None, *, bold: bool = False, spacing: int | None = None) -> str:
    """w:rPr in schema order: rFonts, b, bCs, spacing, sz, szCs."""
    parts = [_rfonts(role)]
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if spacing is not None:
        parts.append(f'<w:spacing w:val="{spacing}"/>')
    if size_pt is not None:
        hp = _half_points(size_pt)
        parts.append(f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


def _run(text: str, role: str, size_pt: float | None = None, *, bold: bool = False) -> str:
    return f'<w:r>{_rpr(role, size_pt, bold=bold)}<w:t xml:space="preserve">{_text(text)}</w:t></w:r>'


def _ppr(
    style: str | None = None,
    *,
    keep_next: bool = False,
    keep_lines: bool = False,
    snap: bool | None = None,
    spacing: str = "",
    ind: str = "",
    jc: str | None = None,
    outline: int | None = None,
) -> str:
    """w:pPr with its children in schema order (pStyle, keepNext, keepLines, …, jc, outlineLvl)."""
    parts = []
    if style:
        parts.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        parts.append("<w:keepNext/>")
    if keep_lines:
        parts.append("<w:keepLines/>")
    if snap is not None:
        parts.append(f'<w:snapToGrid w:val="{1 if snap else 0}"/>')
    if spacing:
        parts.append(spacing)
    if ind:
        parts.append(ind)
    if jc:
        parts.append(f'<w:jc w:val="{jc}"/>')
    if outline is not None:
        parts.append(f'<w:outlineLvl w:val="{outline}"/>')
    return "<w:pPr>" + "".join(parts) + "</w:pPr>" if parts else ""


_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
_JC = {"justify": "both", "left": "left", "center": "center", "right": "right"}


# --- styles, settings, fonts: the template ------------------------------------------------


def _style(
    kind: str,
    style_id: str,
    name: str,
    body: str,
    *,
    based_on: str = "",
    next_: str = "",
    default: bool = False,
    qformat: bool = True,
    ui_priority: int | None = None,
) -> str:
    attrs = f'w:type="{kind}"' + (' w:default="1"' if default else "") + f' w:styleId="{style_id}"'
    parts = [f"<w:name w:val={_attr(name)}/>"]
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_:
        parts.append(f'<w:next w:val="{next_}"/>')
    if ui_priority is not None:
        parts.append(f'<w:uiPriority w:val="{ui_priority}"/>')
    if qformat:
        parts.append("<w:qFormat/>")
    return f"<w:style {attrs}>{''.join(parts)}{body}</w:style>"


#: No automatic space between Chinese and Latin letters or digits (Word's and
#: LibreOffice's default is on, "2023 年 1 月"): official documents turn it off,
#: and the lines then break as in the PDF.
_NO_AUTO_SPACE = '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'


def _styles_xml(bold_subheadings: bool) -> str:
    body_sz = _half_points(BODY_PT)
    line = f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>'
    indent = f'<w:ind w:firstLineChars="200" w:firstLine="{INDENT_2_CHARS}"/>'
    styles = [
        _style(
            "paragraph",
            "Normal",
            "Normal",
            default=True,
            body=(
                "<w:pPr><w:widowControl/>"
                + _NO_AUTO_SPACE
                + '<w:snapToGrid w:val="0"/>'
                + line
                + indent
                + '<w:jc w:val="both"/></w:pPr>'
                + _rpr("body", BODY_PT, spacing=CHAR_CONDENSE)
            ),
        ),
        _style(
            "character",
            "DefaultParagraphFont",
            "Default Paragraph Font",
            default=True,
            qformat=False,
            ui_priority=1,
            body="",
        ),
        _style(
            "table",
            "TableNormal",
            "Normal Table",
            default=True,
            qformat=False,
            ui_priority=99,
            body=(
                '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
                '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
                '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
                "</w:tblCellMar></w:tblPr>"
            ),
        ),
        _style("numbering", "NoList", "No List", default=True, qformat=False, ui_priority=99, body=""),
        _style(
            "paragraph",
            "Title",
            "Title",
            based_on="Normal",
            next_="Normal",
            ui_priority=10,
            body=(
                _ppr(
                    snap=False,
                    spacing=f'<w:spacing w:before="0" w:after="{LINE_PITCH}" w:line="{TITLE_LINE}" w:lineRule="exact"/>',
                    ind=_NO_INDENT,
                    jc="center",
                )
                + _rpr("title", TITLE_PT, spacing=0)
            ),
        ),
    ]
    heading_roles = {1: "heading1", 2: "heading2", 3: "body", 4: "body"}
    for level, role in heading_roles.items():
        bold = bold_subheadings and level in (2, 3)
        styles.append(
            _style(
                "paragraph",
                f"Heading{level}",
                f"heading {level}",
                based_on="Normal",
                next_="Normal",
                ui_priority=9,
                body=_ppr(keep_next=True, keep_lines=True, outline=level - 1) + _rpr(role, BODY_PT, bold=bold),
            )
        )
    styles.append(
        _style(
            "paragraph",
            "Footer",
            "footer",
            based_on="Normal",
            qformat=False,
            ui_priority=99,
            body=(
                _ppr(
                    snap=False,
                    spacing=f'<w:spacing w:before="0" w:after="0" w:line="{PAGE_NUMBER_LINE}" w:lineRule="exact"/>',
                    ind=_NO_INDENT,
                )
                + _rpr("page_number", PAGE_NUMBER_PT, spacing=0)
            ),
        )
    )
    styles.append(
        _style(
            "paragraph",
            "TableText",
            "表格文字",
            based_on="Normal",
            body=(
                _ppr(
                    snap=False,
                    spacing='<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
                    ind=_NO_INDENT,
                    jc="center",
                )
                + _rpr("table", TABLE_PT["normal"], spacing=0)
            ),
        )
    )
    b = f'w:val="single" w:sz="{TABLE_BORDER}" w:space="0" w:color="000000"'
    styles.append(
        _style(
            "table",
            "TableGrid",
            "Table Grid",
            based_on="TableNormal",
            qformat=False,
            ui_priority=59,
            body=(
                "<w:tblPr><w:tblBorders>"
                f"<w:top {b}/><w:left {b}/><w:bottom {b}/><w:right {b}/><w:insideH {b}/><w:insideV {b}/>"
                "</w:tblBorders><w:tblCellMar>"
                f'<w:left w:w="{TABLE_CELL_MARGIN}" w:type="dxa"/><w:right w:w="{TABLE_CELL_MARGIN}" w:type="dxa"/>'
                "</w:tblCellMar></w:tblPr>"
            ),
        )
    )
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        + _rfonts("body")
        + f'<w:sz w:val="{body_sz}"/><w:szCs w:val="{body_sz}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>" + _NO_AUTO_SPACE + "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    return (
        f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<w:styles {_W_NS}>"
        + defaults
        + "".join(styles)
        + "</w:styles>"
    )


_SETTINGS_XML = (
    f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<w:settings {_W_NS}>"
    '<w:zoom w:percent="100"/>'
    '<w:defaultTabStop w:val="420"/>'
    "<w:evenAndOddHeaders/>"  # odd and even footers (page numbers right and left)
    # punctuation is not compressed: 28 characters stay on every full line
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    "<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>"
    "<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:useFELayout/>"
    '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
    "</w:compat>"
    '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
    "</w:settings>"
)

# How Word should find a substitute when an official font is missing: the
# description Word itself writes for these fonts on a Chinese Windows — PANOSE
# number, charset (86 = GB 2312), family class, pitch and code-page signature
# (936, Simplified Chinese) — and an alternate name (the next name
# giar_gen.fonts lists for the role: 仿宋 for 仿宋_GB2312, 楷体 for 楷体_GB2312,
# the fonts a fresh Windows has). Word matches a missing font to the installed
# one with the nearest PANOSE and the same charset.
_FONT_DESCRIPTION = {  # name: (panose1, family, pitch)
    "方正小标宋简体": ("02000000000000000000", "auto", "variable"),
    "仿宋_GB2312": ("02010609030101010101", "modern", "fixed"),
    "楷体_GB2312": ("02010609030101010101", "modern", "fixed"),
    "黑体": ("02010609060101010101", "modern", "fixed"),
    "宋体": ("02010600030101010101", "auto", "variable"),
}
_DEFAULT_DESCRIPTION = ("02010600030101010101", "auto", "variable")
_GB_SIGNATURE = (
    '<w:sig w:usb0="00000003" w:usb1="288F0000" w:usb2="00000016" w:usb3="00000000" '
    'w:csb0="00040001" w:csb1="00000000"/>'
)


def _font_table_xml() -> str:
    seen: dict[str, str] = {}
    for role in ("body", "title", "heading1", "heading2", "page_number", "table"):
        seen.setdefault(_font(role), role)
    fonts = []
    for name, role in seen.items():
        panose, family, pitch = _FONT_DESCRIPTION.get(name, _DEFAULT_DESCRIPTION)
        alternates = [n for n in ROLES[role] if n != name]
        alt = f"<w:altName w:val={_attr(alternates[0])}/>" if alternates else ""
        fonts.append(
            f'<w:font w:name={_attr(name)}>{alt}<w:panose1 w:val="{panose}"/><w:charset w:val="86"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/>{_GB_SIGNATURE}</w:font>'
        )
    return f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<w:fonts {_W_NS}>" + "".join(fonts) + "</w:fonts>"


def _sect_pr() -> str:
    return (
        "<w:sectPr>"
        f'<w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>'
        f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" '
        f'w:left="{MARGIN_LEFT}" w:header="{HEADER_DISTANCE}" w:footer="{FOOTER_DISTANCE}" w:gutter="0"/>'
        '<w:cols w:space="425"/>'
        f'<w:docGrid w:type="linesAndChars" w:linePitch="{LINE_PITCH}" w:charSpace="{CHAR_SPACE}"/>'
        "</w:sectPr>"
    )


_CT = "application/vnd.openxmlformats-officedocument"


def _template(doc: Document, bold_subheadings: bool) -> bytes:
    """A minimal package: styles, settings, font table, core and app properties."""
    decl = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": decl
        + (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{_CT}.wordprocessingml.document.main+xml"/>'
            f'<Override PartName="/word/styles.xml" ContentType="{_CT}.wordprocessingml.styles+xml"/>'
            f'<Override PartName="/word/settings.xml" ContentType="{_CT}.wordprocessingml.settings+xml"/>'
            f'<Override PartName="/word/fontTable.xml" ContentType="{_CT}.wordprocessingml.fontTable+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            f'<Override PartName="/docProps/app.xml" ContentType="{_CT}.extended-properties+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": decl
        + (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>"
        ),
        "word/_rels/document.xml.rels": decl
        + (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/settings" Target="settings.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/fontTable" Target="fontTable.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": decl + (f"<w:document {nsdecls('w', 'r')}><w:body>{_sect_pr()}</w:body></w:document>"),
        "word/styles.xml": _styles_xml(bold_subheadings),
        "word/settings.xml": _SETTINGS_XML,
        "word/fontTable.xml": _font_table_xml(),
        "docProps/core.xml": decl
        + (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
        ),
        "docProps/app.xml": decl
        + (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            "<Application>giar-gen</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
            f"<Company>{_text(doc.meta.author)}</Company>"
            "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
        ),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))
    return buf.getvalue()
