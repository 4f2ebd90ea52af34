"""The DOCX writer: a Word file an office can edit, print, sign and stamp.

The package starts from a small template written here (not python-docx's
default one, which carries a Japanese theme, a preview picture of another
document and 160 unused styles); python-docx opens it, adds the footers and the
document properties and saves it. The body is WordprocessingML built directly
from the document tree, child elements in the order the schema prescribes.

What the file carries (GB/T 9704-2012; numbers below in twips, 1 mm = 56.69):

- section properties: A4, top 37 mm, left 28 mm, a 156 × 225 mm text block,
  the same margins on odd and even pages (GB/T 9704 has no mirrored margins);
- the document grid: 22 lines × 28 characters (``w:docGrid``, see
  :data:`LINE_PITCH` and :data:`CHAR_SPACE`);
- styles with the official East-Asian fonts named in every slot of
  ``w:rFonts`` and no theme fonts anywhere, so a missing font never falls back
  to a theme's Mincho: Normal (3号 仿宋_GB2312), Title (2号 方正小标宋简体),
  real heading styles ``heading 1``–``heading 4`` with outline levels (the
  navigation pane) in 黑体, 楷体_GB2312, 仿宋_GB2312, 仿宋_GB2312;
- odd and even footers with a PAGE field, "— 1 —" in 4号 宋体, 7 mm below the
  text block, right and left with one character of space;
- official tables with merged cells (``w:gridSpan``/``w:vMerge``) exactly as
  the tree's rowspan/colspan, fixed column widths filling the 156 mm, header
  rows repeated on each page, rows that never split;
- the signature block of GB/T 9704 §7.3.5;
- title, author (the agency) and dates from the publication date, and a zip
  with fixed timestamps and member order: the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
import re
import unicodedata
import zipfile
from xml.sax.saxutils import escape, quoteattr

from docx import Document as open_docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from giar_gen.document.tree import Cell, Document, Heading, PageBreak, Paragraph, Signature, Table
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

def _style(kind: str, style_id: str, name: str, body: str, *, based_on: str = "", next_: str = "",
           default: bool = False, qformat: bool = True, ui_priority: int | None = None) -> str:
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


def _styles_xml(bold_subheadings: bool) -> str:
    body_sz = _half_points(BODY_PT)
    line = f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>'
    indent = f'<w:ind w:firstLineChars="200" w:firstLine="{INDENT_2_CHARS}"/>'
    styles = [
        _style("paragraph", "Normal", "Normal", default=True, body=(
            '<w:pPr><w:widowControl/><w:snapToGrid w:val="0"/>' + line + indent + '<w:jc w:val="both"/></w:pPr>'
            + _rpr("body", BODY_PT, spacing=CHAR_CONDENSE)
        )),
        _style("character", "DefaultParagraphFont", "Default Paragraph Font", default=True,
               qformat=False, ui_priority=1, body=""),
        _style("table", "TableNormal", "Normal Table", default=True, qformat=False, ui_priority=99, body=(
            '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
            '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
            '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr>"
        )),
        _style("numbering", "NoList", "No List", default=True, qformat=False, ui_priority=99, body=""),
        _style("paragraph", "Title", "Title", based_on="Normal", next_="Normal", ui_priority=10, body=(
            _ppr(snap=False,
                 spacing=f'<w:spacing w:before="0" w:after="{LINE_PITCH}" w:line="{TITLE_LINE}" w:lineRule="exact"/>',
                 ind=_NO_INDENT, jc="center")
            + _rpr("title", TITLE_PT, spacing=0)
        )),
    ]
    heading_roles = {1: "heading1", 2: "heading2", 3: "body", 4: "body"}
    for level, role in heading_roles.items():
        bold = bold_subheadings and level in (2, 3)
        styles.append(_style(
            "paragraph", f"Heading{level}", f"heading {level}", based_on="Normal", next_="Normal",
            ui_priority=9, body=_ppr(keep_next=True, keep_lines=True, outline=level - 1)
            + _rpr(role, BODY_PT, bold=bold),
        ))
    styles.append(_style("paragraph", "Footer", "footer", based_on="Normal", qformat=False, ui_priority=99, body=(
        _ppr(snap=False,
             spacing=f'<w:spacing w:before="0" w:after="0" w:line="{PAGE_NUMBER_LINE}" w:lineRule="exact"/>',
             ind=_NO_INDENT)
        + _rpr("page_number", PAGE_NUMBER_PT, spacing=0)
    )))
    styles.append(_style("paragraph", "TableText", "表格文字", based_on="Normal", body=(
        _ppr(snap=False, spacing='<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
             ind=_NO_INDENT, jc="center")
        + _rpr("table", TABLE_PT["normal"], spacing=0)
    )))
    b = f'w:val="single" w:sz="{TABLE_BORDER}" w:space="0" w:color="000000"'
    styles.append(_style("table", "TableGrid", "Table Grid", based_on="TableNormal", qformat=False,
                         ui_priority=59, body=(
        "<w:tblPr><w:tblBorders>"
        f"<w:top {b}/><w:left {b}/><w:bottom {b}/><w:right {b}/><w:insideH {b}/><w:insideV {b}/>"
        "</w:tblBorders><w:tblCellMar>"
        f'<w:left w:w="{TABLE_CELL_MARGIN}" w:type="dxa"/><w:right w:w="{TABLE_CELL_MARGIN}" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>"
    )))
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>" + _rfonts("body")
        + f'<w:sz w:val="{body_sz}"/><w:szCs w:val="{body_sz}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>"
    )
    return (f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<w:styles {_W_NS}>"
            + defaults + "".join(styles) + "</w:styles>")


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

# How Word should find a substitute when an official font is missing: the charset
# (86 = GB 2312), the family class and pitch of the font, and an alternate name
# (the next name giar_gen.fonts lists for the role).
_FONT_CLASS = {
    "title": ("roman", "variable"),
    "body": ("modern", "fixed"),
    "heading1": ("modern", "fixed"),
    "heading2": ("modern", "fixed"),
    "page_number": ("auto", "variable"),
    "table": ("auto", "variable"),
}


def _font_table_xml() -> str:
    seen: dict[str, str] = {}
    for role in ("body", "title", "heading1", "heading2", "page_number", "table"):
        seen.setdefault(_font(role), role)
    fonts = []
    for name, role in seen.items():
        family, pitch = _FONT_CLASS[role]
        alternates = [n for n in ROLES[role] if n != name]
        alt = f"<w:altName w:val={_attr(alternates[0])}/>" if alternates else ""
        fonts.append(f"<w:font w:name={_attr(name)}>{alt}<w:charset w:val=\"86\"/>"
                     f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>')
    return (f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<w:fonts {_W_NS}>"
            + "".join(fonts) + "</w:fonts>")


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
        "[Content_Types].xml": decl + (
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
        "_rels/.rels": decl + (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>"
        ),
        "word/_rels/document.xml.rels": decl + (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/settings" Target="settings.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/fontTable" Target="fontTable.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": decl + (
            f'<w:document {nsdecls("w", "r")}><w:body>{_sect_pr()}</w:body></w:document>'
        ),
        "word/styles.xml": _styles_xml(bold_subheadings),
        "word/settings.xml": _SETTINGS_XML,
        "word/fontTable.xml": _font_table_xml(),
        "docProps/core.xml": decl + (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
        ),
        "docProps/app.xml": decl + (
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


# --- body blocks ---------------------------------------------------------------------------

def _title(doc: Document) -> str:
    """The title, broken after the agency's name when it needs two lines, so that the
    lines form the trapezoid of GB/T 9704 §7.3.1 with the name kept whole."""
    title, agency = doc.title, doc.meta.author
    runs = [_run(title, "title")]
    rest = title[len(agency):] if agency and title.startswith(agency) else ""
    if (rest and text_width_chars(title) > TITLE_CHARS_PER_LINE
            and text_width_chars(agency) <= TITLE_CHARS_PER_LINE
            and text_width_chars(rest) <= TITLE_CHARS_PER_LINE):
        runs = [_run(agency, "title"), f"<w:r>{_rpr('title')}<w:br/></w:r>", _run(rest, "title")]
    return f"<w:p>{_ppr('Title')}{''.join(runs)}</w:p>"


_HEADING_ROLE = {1: "heading1", 2: "heading2", 3: "body", 4: "body"}
_RUN_ROLE = {"body": "body", "heading2": "heading2", "heading3": "body", "heading4": "body"}


def _heading(block: Heading) -> str:
    level = min(max(block.level, 1), 4)
    return f"<w:p>{_ppr(f'Heading{level}')}{_run(block.full_text, _HEADING_ROLE[level])}</w:p>"


def _paragraph(block: Paragraph, *, bold_subheadings: bool, keep_next: bool = False) -> str:
    ind = "" if block.indent else _NO_INDENT
    jc = None if block.align == "justify" else _JC[block.align]
    runs = "".join(
        _run(r.text, _RUN_ROLE.get(r.role, "body"),
             bold=bold_subheadings and r.role in ("heading2", "heading3"))
        for r in block.runs
    )
    return f"<w:p>{_ppr(keep_next=keep_next, ind=ind, jc=jc)}{runs}</w:p>"


def _signature(block: Signature) -> str:
    """GB/T 9704 §7.3.5 (no seal): one blank line below the body; the agency's name
    right-aligned with two characters of space; the date on the next line, its first
    character two characters right of the name's first. When the date is the longer,
    the date keeps two characters of space and the name moves left instead.

    The date is placed from the left (the name's left edge plus two characters), so
    its position does not depend on how wide a renderer sets its digits."""
    name_w, date_w = text_width_chars(block.name), text_width_chars(block.date)

    def para(text: str, ind: str, jc: str, keep_next: bool) -> str:
        return f"<w:p>{_ppr(keep_next=keep_next, ind=ind, jc=jc)}{_run(text, 'body')}</w:p>"

    def right(chars: float) -> str:
        return f'<w:ind w:right="{round(chars * CHAR_PITCH)}" w:firstLineChars="0" w:firstLine="0"/>'

    blank = f"<w:p>{_ppr(keep_next=True)}</w:p>"
    if name_w - date_w >= 2:
        date_left = TEXT_WIDTH - round((name_w + 2) * CHAR_PITCH) + 2 * CHAR_PITCH
        return (blank + para(block.name, right(2), "right", True)
                + para(block.date, f'<w:ind w:left="{date_left}" w:firstLineChars="0" w:firstLine="0"/>', "left", False))
    return (blank + para(block.name, right(4 + date_w - name_w), "right", True)
            + para(block.date, right(2), "right", False))


def _column_widths(weights: tuple[float, ...], width: int) -> list[int]:
    """Twips per grid column, proportional to ``weights``, summing exactly to the block width."""
    if len(weights) != width or not weights or any(w <= 0 for w in weights):
        weights = tuple(1.0 for _ in range(width))
    total = sum(weights)
    edges, acc = [0], 0.0
    for w in weights:
        acc += w
        edges.append(round(TEXT_WIDTH * acc / total))
    return [b - a for a, b in zip(edges, edges[1:])]


class _Slot:
    __slots__ = ("cell", "first_row", "first_col")

    def __init__(self, cell: Cell, first_row: int, first_col: int):
        self.cell, self.first_row, self.first_col = cell, first_row, first_col


def _place(rows: tuple[tuple[Cell, ...], ...], width: int) -> list[list[_Slot]]:
    """Put each cell on the grid (like an HTML table): slots[r][c] is the cell covering it."""
    grid: list[list[_Slot | None]] = [[None] * width for _ in rows]
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while c < width and grid[r][c] is not None:
                c += 1
            if c + cell.colspan > width or r + cell.rowspan > len(rows):
                raise ValueError(f"table cell {cell.text!r} does not fit the {width}-column grid")
            slot = _Slot(cell, r, c)
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    if grid[r + dr][c + dc] is not None:
                        raise ValueError(f"table cells overlap at row {r + dr}, column {c + dc}")
                    grid[r + dr][c + dc] = slot
            c += cell.colspan
    for r, row in enumerate(grid):
        if any(s is None for s in row):
            raise ValueError(f"table row {r} leaves grid columns empty")
    return grid  # type: ignore[return-value]


def _cell_xml(slot: _Slot, row: int, widths: list[int], size: float, *, in_header: bool, corner: bool) -> str:
    cell = slot.cell
    span = cell.colspan
    w = sum(widths[slot.first_col:slot.first_col + span])
    tcpr = [f'<w:tcW w:w="{w}" w:type="dxa"/>']
    if span > 1:
        tcpr.append(f'<w:gridSpan w:val="{span}"/>')
    if cell.rowspan > 1:
        tcpr.append('<w:vMerge w:val="restart"/>' if row == slot.first_row else "<w:vMerge/>")
    tcpr.append('<w:vAlign w:val="center"/>')
    content = ""
    jc = None
    if row == slot.first_row and cell.text:
        if cell.role == "label" or corner:
            jc = "left"  # row labels, and the note in the corner of table 三
        role = "heading1" if cell.role == "header" and not in_header else "table"  # block titles in 黑体
        content = _run(cell.text, role, size)
    # Every paragraph of a table keeps with the next: an official table (at most a page
    # long at these sizes) moves whole to the next page with its heading instead of
    # leaving a few rows behind, and the blank line after it stays with it. A longer
    # table still breaks between rows (never inside one), its header rows repeated.
    ppr = _ppr("TableText", keep_next=True, jc=jc)
    return f"<w:tc><w:tcPr>{''.join(tcpr)}</w:tcPr><w:p>{ppr}{content}</w:p></w:tc>"


def _table(block: Table) -> str:
    rows = block.header + block.body
    grid = _place(rows, block.width)
    widths = _column_widths(block.col_weights, block.width)
    size = TABLE_PT.get(block.size, TABLE_PT["normal"])
    min_height = round(size * 20 * 1.8)  # rows at least ~1.8 lines of their type
    out = [
        "<w:tbl><w:tblPr>"
        '<w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/>'
        '<w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
        'w:noHBand="0" w:noVBand="1"/>'
        "</w:tblPr><w:tblGrid>"
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        + "</w:tblGrid>"
    ]
    nheader = len(block.header)
    for r in range(len(rows)):
        in_header = r < nheader
        trpr = "<w:trPr><w:cantSplit/>" + f'<w:trHeight w:val="{min_height}" w:hRule="atLeast"/>'
        if in_header:
            trpr += "<w:tblHeader/>"
        trpr += '<w:jc w:val="center"/></w:trPr>'
        cells, c = [], 0
        while c < block.width:
            slot = grid[r][c]
            corner = in_header and block.row_header_width > 0 and slot.first_row == 0 and slot.first_col == 0
            cells.append(_cell_xml(slot, r, widths, size, in_header=in_header, corner=corner))
            c = slot.first_col + slot.cell.colspan
        out.append(f"<w:tr>{trpr}{''.join(cells)}</w:tr>")
    out.append("</w:tbl>")
    caption = ""
    if block.caption:
        caption = f"<w:p>{_ppr(keep_next=True, ind=_NO_INDENT, jc='center')}{_run(block.caption, 'heading1')}</w:p>"
    return caption + "".join(out)


def _blocks(doc: Document, bold_subheadings: bool) -> str:
    out = [_title(doc)]
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if isinstance(block, Heading):
            out.append(_heading(block))
        elif isinstance(block, Paragraph):
            # The last lines of the body never leave the signature alone on a page, and
            # a line introducing a table (a local table's caption) stays with it.
            out.append(_paragraph(block, bold_subheadings=bold_subheadings,
                                  keep_next=isinstance(nxt, (Signature, Table))))
        elif isinstance(block, Table):
            # A blank line follows a table (Word also needs a paragraph between two
            # tables and before the section properties); the signature block brings
            # its own.
            out.append(_table(block))
            if not isinstance(nxt, Signature):
                out.append("<w:p/>")
        elif isinstance(block, Signature):
            out.append(_signature(block))
        elif isinstance(block, PageBreak):
            out.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
    return "".join(out)


# --- footers ---------------------------------------------------------------------------------

def _page_number_paragraph(odd: bool) -> str:
    """``— N —`` with a PAGE field; odd pages right, even pages left, one character in."""
    side = "right" if odd else "left"
    ind = f'<w:ind w:{side}="{PAGE_NUMBER_SPACE}" w:firstLineChars="0" w:firstLine="0"/>'
    rpr = _rpr("page_number", PAGE_NUMBER_PT)
    return (
        f"<w:p {_W_NS}>{_ppr('Footer', ind=ind, jc=side)}"
        f'<w:r>{rpr}<w:t xml:space="preserve">— </w:t></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{rpr}<w:t>1</w:t></w:r>"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:r>{rpr}<w:t xml:space="preserve"> —</w:t></w:r>'
        "</w:p>"
    )


def _footers(section) -> None:
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        element = footer._element
        for child in list(element):
            element.remove(child)
        element.append(parse_xml(_page_number_paragraph(odd)))


# --- the package -----------------------------------------------------------------------------

def render_docx(doc: Document, *, bold_subheadings: bool = False) -> bytes:
    """The report as a DOCX file.

    ``bold_subheadings``: set the "（一）" and "1." headings (levels 2 and 3, also
    when run in at the start of a paragraph) in bold, a common house habit; GB/T
    9704 itself has no bold headings, so the default is False.
    """
    d = open_docx(io.BytesIO(_template(doc, bold_subheadings)))
    body = d.element.body
    sect = body[-1]
    content = parse_xml(f"<w:body {_W_NS}>{_blocks(doc, bold_subheadings)}</w:body>")
    for child in list(content):
        sect.addprevious(child)
    _footers(d.sections[0])
    _properties(d, doc)
    buf = io.BytesIO()
    d.save(buf)
    return _normalise_zip(buf.getvalue())


def _properties(d, doc: Document) -> None:
    cp = d.core_properties
    stamp = _dt.datetime.fromisoformat(doc.meta.date) if doc.meta.date else _dt.datetime(2000, 1, 1)
    # the OPC core properties hold at most 255 characters each
    cp.title = doc.meta.title[:255]
    cp.author = doc.meta.author[:255]
    cp.last_modified_by = doc.meta.author[:255]
    cp.subject = doc.meta.subject[:255]
    cp.keywords = ",".join(doc.meta.keywords)[:255]
    cp.language = doc.meta.lang
    cp.created = stamp
    cp.modified = stamp
    cp.revision = 1


# Fixed zip metadata: a DOS timestamp of 1980-01-01 00:00, "made by" MS-DOS, no
# file attributes. python-docx writes the parts in relationship order, which is fixed.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _normalise_zip(data: bytes) -> bytes:
    """Same members, same order, fixed timestamps: reproducible bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = [i.filename for i in src.infolist()]
    names.sort(key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as dst:
        for name in names:
            zi = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 0
            zi.external_attr = 0
            dst.writestr(zi, src.read(name), compresslevel=6)
    return out.getvalue()
