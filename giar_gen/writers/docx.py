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
import zipfile

from docx import Document as open_docx
from docx.oxml import parse_xml

from giar_gen.document.tree import (
    Cell,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Signature,
    Table,
)
from giar_gen.writers import typeset
from giar_gen.writers.docx_package import (
    _JC,
    _NO_INDENT,
    _W_NS,
    CHAR_PITCH,
    PAGE_NUMBER_PT,
    PAGE_NUMBER_SPACE,
    TABLE_PT,
    TEXT_WIDTH,
    _ppr,
    _rpr,
    _run,
    _template,
    text_width_chars,
)

# --- body blocks ---------------------------------------------------------------------------


def _title(doc: Document) -> str:
    """The title, broken by the same rules as the PDF's (:func:`typeset.title_lines`:
    after the agency's name, the year kept with the report's name, the shapes of
    GB/T 9704 §7.3.1), the lines joined by line breaks within one paragraph."""
    lines = typeset.title_lines(
        doc.title, doc.meta.author, lambda text: [typeset.TITLE_PT * text_width_chars(c) for c in text]
    )
    brk = f"<w:r>{_rpr('title')}<w:br/></w:r>"
    runs = brk.join(_run(line, "title") for line in lines)
    return f"<w:p>{_ppr('Title')}{runs}</w:p>"


_HEADING_ROLE = {1: "heading1", 2: "heading2", 3: "body", 4: "body"}
_RUN_ROLE = {"body": "body", "heading2": "heading2", "heading3": "body", "heading4": "body"}


def _heading(block: Heading) -> str:
    level = min(max(block.level, 1), 4)
    return f"<w:p>{_ppr(f'Heading{level}')}{_run(block.full_text, _HEADING_ROLE[level])}</w:p>"


def _paragraph(block: Paragraph, *, bold_subheadings: bool, keep_next: bool = False) -> str:
    ind = "" if block.indent else _NO_INDENT
    jc = None if block.align == "justify" else _JC[block.align]
    runs = "".join(
        _run(r.text, _RUN_ROLE.get(r.role, "body"), bold=bold_subheadings and r.role in ("heading2", "heading3"))
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
        return (
            blank
            + para(block.name, right(2), "right", True)
            + para(block.date, f'<w:ind w:left="{date_left}" w:firstLineChars="0" w:firstLine="0"/>', "left", False)
        )
    return (
        blank + para(block.name, right(4 + date_w - name_w), "right", True) + para(block.date, right(2), "right", False)
    )


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
    w = sum(widths[slot.first_col : slot.first_col + span])
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
        "</w:tblPr><w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
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
            out.append(
                _paragraph(block, bold_subheadings=bold_subheadings, keep_next=isinstance(nxt, (Signature, Table)))
            )
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
