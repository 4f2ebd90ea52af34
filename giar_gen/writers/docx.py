"""The DOCX writer: python-docx over the document tree.

A Word file an office can edit, print and stamp: A4 with the GB/T 9704
margins, real heading styles (navigation pane), East-Asian fonts named on the
styles and the runs (python-docx's ``font.name`` alone does not reach Chinese
text), official tables with merged cells and repeating header rows, a PAGE
field in the footer. The zip is rewritten with fixed timestamps so the same
input gives the same bytes.
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..document import Document, Heading, PageBreak, Paragraph, Signature, Table
from ..fonts import docx_east_asia_font

LINE_PITCH = Pt(28.95)  # 22 lines in the 225 mm text block
TABLE_PT = {"normal": 12, "small": 10.5, "tiny": 9}

_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _official(role: str) -> str:
    return docx_east_asia_font(role)


def set_run_font(run, role: str, size_pt: float | None = None) -> None:
    """Name the font in all four slots of a run (ASCII, hAnsi, East Asian, cs)."""
    name = _official(role)
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    if size_pt is not None:
        run.font.size = Pt(size_pt)


def _style_font(style, role: str, size_pt: float, bold: bool = False) -> None:
    name = _official(role)
    style.font.name = name
    style.font.size = Pt(size_pt)
    style.font.bold = bold
    style.font.italic = False
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    color = rpr.find(qn("w:color"))
    if color is not None:
        rpr.remove(color)


def _setup_styles(d) -> None:
    styles = d.styles
    normal = styles["Normal"]
    _style_font(normal, "body", 16)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE_PITCH
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.first_line_indent = Pt(32)
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.widow_control = True

    title = styles["Title"]
    _style_font(title, "title", 22)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.space_after = LINE_PITCH
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    title.paragraph_format.line_spacing = Pt(36)
    _remove_border(title)

    for level, role in ((1, "heading1"), (2, "heading2"), (3, "body"), (4, "body")):
        st = styles[f"Heading {level}"]
        _style_font(st, role, 16)
        f = st.paragraph_format
        f.space_before = Pt(0)
        f.space_after = Pt(0)
        f.first_line_indent = Pt(32)
        f.keep_with_next = True
        f.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        f.line_spacing = LINE_PITCH
        f.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _remove_border(style) -> None:
    ppr = style.element.get_or_add_pPr()
    for b in ppr.findall(qn("w:pBdr")):
        ppr.remove(b)


def _setup_page(d) -> None:
    s = d.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin = Mm(37), Mm(35)
    s.left_margin, s.right_margin = Mm(28), Mm(26)
    s.footer_distance = Mm(35 - 7 - 5)  # the number's baseline ~7 mm below the text block
    s.header_distance = Mm(15)
    s.start_type = WD_SECTION.NEW_PAGE
    sect = s._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(int(LINE_PITCH.pt * 20)))
    grid.set(qn("w:charSpace"), "-842")  # 28 characters of 3号 in 156 mm
    _footer_page_number(s)


def _page_field(paragraph) -> None:
    """``— PAGE —`` with a real PAGE field."""
    def run(text=None):
        r = paragraph.add_run(text)
        set_run_font(r, "page_number", 14)
        return r

    run("— ")
    r = run()
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("t", "1"), ("end", None)):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "t":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        r._element.append(el)
    run(" —")


def _footer_page_number(section) -> None:
    settings = section.part.document.settings.element
    if settings.find(qn("w:evenAndOddHeaders")) is None:
        settings.append(OxmlElement("w:evenAndOddHeaders"))
    section.even_page_footer.is_linked_to_previous = False
    for footer, align, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left"),
    ):
        p = footer.paragraphs[0]
        p.alignment = align
        p.paragraph_format.first_line_indent = Pt(0)
        if side == "right":
            p.paragraph_format.right_indent = Pt(14)
        else:
            p.paragraph_format.left_indent = Pt(14)
        _page_field(p)


def _paragraph(d, block: Paragraph) -> None:
    p = d.add_paragraph()
    p.alignment = _ALIGN[block.align]
    if not block.indent:
        p.paragraph_format.first_line_indent = Pt(0)
    for r in block.runs:
        run = p.add_run(r.text)
        set_run_font(run, "heading2" if r.role == "heading2" else "body")


def _heading(d, block: Heading) -> None:
    p = d.add_paragraph(style=f"Heading {min(block.level, 4)}")
    run = p.add_run(block.full_text)
    set_run_font(run, {1: "heading1", 2: "heading2"}.get(block.level, "body"))


def _table(d, block: Table) -> None:
    rows = block.header + block.body
    nrows, ncols = len(rows), block.width
    t = d.add_table(rows=nrows, cols=ncols)
    t.style = d.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    total = sum(block.col_weights) or 1
    widths = [Mm(156 * w / total) for w in block.col_weights]
    size = TABLE_PT.get(block.size, 12)
    occupied: set[tuple[int, int]] = set()
    tr_elems = t._tbl.tr_lst
    for ri, row in enumerate(rows):
        tr = t.rows[ri]
        _row_props(tr, header=ri < len(block.header))
        ci = 0
        for cell in row:
            while (ri, ci) in occupied:
                ci += 1
            top_left = t.cell(ri, ci)
            if cell.rowspan > 1 or cell.colspan > 1:
                bottom_right = t.cell(ri + cell.rowspan - 1, ci + cell.colspan - 1)
                top_left = top_left.merge(bottom_right)
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    occupied.add((ri + dr, ci + dc))
            _fill_cell(top_left, cell, size)
            ci += cell.colspan
    del tr_elems
    for ci, w in enumerate(widths):
        for cell in t.columns[ci].cells:
            cell.width = w
    # fixed layout: Word honours the grid widths
    tblpr = t._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)


def _row_props(row, header: bool) -> None:
    trpr = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)
    if header:
        th = OxmlElement("w:tblHeader")
        trpr.append(th)


def _fill_cell(cell, c, size: float) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.paragraph_format.first_line_indent = Pt(0)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    p.paragraph_format.line_spacing = None
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT if c.role == "label" else WD_ALIGN_PARAGRAPH.CENTER
    if c.text:
        run = p.add_run(c.text)
        set_run_font(run, "heading1" if c.role == "header" and c.colspan > 2 and not c.rowspan > 1 else "table", size)


def _signature(d, block: Signature) -> None:
    d.add_paragraph()  # one blank line below the body
    for text in (block.name, block.date):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.right_indent = Pt(32)
        p.paragraph_format.keep_with_next = True
        set_run_font(p.add_run(text), "body")


def render_docx(doc: Document) -> bytes:
    d = new_docx()
    _setup_styles(d)
    _setup_page(d)
    body = d.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    title = d.add_paragraph(style="Title")
    set_run_font(title.add_run(doc.title), "title")
    for block in doc.blocks:
        if isinstance(block, Heading):
            _heading(d, block)
        elif isinstance(block, Paragraph):
            _paragraph(d, block)
        elif isinstance(block, Table):
            _table(d, block)
        elif isinstance(block, Signature):
            _signature(d, block)
        elif isinstance(block, PageBreak):
            d.add_page_break()
    _properties(d, doc)
    buf = io.BytesIO()
    d.save(buf)
    return _normalise_zip(buf.getvalue())


def _properties(d, doc: Document) -> None:
    cp = d.core_properties
    stamp = _dt.datetime.fromisoformat(doc.meta.date) if doc.meta.date else _dt.datetime(2000, 1, 1)
    cp.title = doc.meta.title
    cp.author = doc.meta.author
    cp.last_modified_by = doc.meta.author
    cp.subject = doc.meta.subject
    cp.keywords = ",".join(doc.meta.keywords)
    cp.language = doc.meta.lang
    cp.created = stamp
    cp.modified = stamp
    cp.last_printed = stamp
    cp.revision = 1
    cp.comments = "giar-gen"


def _normalise_zip(data: bytes) -> bytes:
    """Same members, same order, fixed timestamps: reproducible bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()
