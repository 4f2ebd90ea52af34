"""Turn a validated :class:`~giar_gen.model.Report` into a :class:`~giar_gen.document.Document`.

This is where the report's structure is decided once for all formats: which
parts appear and how they are numbered, where the tables go, how every
number is printed, and the signature block.
"""

from __future__ import annotations

from .document import Cell, Document, Heading, Meta, Paragraph, Run, Signature, Table
from .layouts import chinese_numeral
from .model import Report, TableValues, format_date_cn, format_number
from .opendata import figures
from .intro import included_parts, intro_lines
from .narrative import parse_text


def compose(report: Report, previous: Report | None = None) -> Document:
    """Build the document tree of a report; with last year's report
    (``previous``), a comparison of the key figures goes before the signature."""
    meta = Meta(
        title=report.title,
        author=report.data.agency.name,
        keywords=("政府信息公开", "年度报告", str(report.year)),
        year=report.year,
        date=report.data.publication_date.isoformat(),
    )
    doc = Document(title=report.title, meta=meta, data=figures(report))
    for line in intro_lines(report):
        doc.blocks.append(Paragraph((Run(line),), role="intro"))
    for number, part in enumerate(included_parts(report), start=1):
        text = report.part_text(part.key)
        table = report.tables.get(part.table) if part.table else None
        doc.blocks.append(Heading(level=1, text=part.title, number=f"{chinese_numeral(number)}、"))
        doc.blocks.extend(parse_text(text))
        if table is not None:
            doc.blocks.append(table_block(table))
    if previous is not None:
        from .compare import comparison_blocks

        doc.blocks.extend(comparison_blocks(report, previous))
    doc.blocks.append(Signature(name=report.signature, date=format_date_cn(report.signature_date)))
    return doc


def table_block(values: TableValues) -> Table:
    """The printed form of an official table, with every value formatted."""
    t = values.table
    grid = t.grid()

    def cell(g) -> Cell:
        if g.role == "value" and g.ref is not None:
            return Cell(format_number(values.value(*g.ref)), "value", g.rowspan, g.colspan, g.ref)
        return Cell(g.text, g.role, g.rowspan, g.colspan)

    return Table(
        id=t.id,
        header=tuple(tuple(cell(g) for g in row) for row in grid.header),
        body=tuple(tuple(cell(g) for g in row) for row in grid.body),
        width=grid.width,
        row_header_width=grid.row_header_width,
        size=t.print_size,  # type: ignore[arg-type]
        col_weights=t.col_weights or tuple(1.0 for _ in range(grid.width)),
        edition=t.edition,
    )
