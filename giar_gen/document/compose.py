"""Turn a validated :class:`~giar_gen.model.report.Report` into a :class:`~giar_gen.document.tree.Document`.

This is where the report's structure is decided once for all formats: which
parts appear and how they are numbered, where the tables go, how every
number is printed, and the signature block.
"""

from __future__ import annotations

import dataclasses

from giar_gen.document.figures import figures
from giar_gen.document.intro import AUTO, included_parts, intro_lines
from giar_gen.document.narrative import parse_text
from giar_gen.document.tree import Cell, Document, Heading, Meta, Paragraph, Run, Signature, Table
from giar_gen.model.layouts import chinese_numeral
from giar_gen.model.references import fill, intro_path, part_path
from giar_gen.model.report import LocalTable, Report, TableValues, format_number, place_local_table


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
    for line in intro_lines(_intro_filled(report)):
        doc.blocks.append(Paragraph((Run(line),), role="intro"))
    number = 0
    local_number = 0
    for part in included_parts(report):
        text = fill(report, report.part_text(part.key), part_path(report, part.key))
        table = report.tables.get(part.table) if part.table else None
        if part.heading:
            number += 1
            doc.blocks.append(Heading(level=1, text=part.title, number=f"{chinese_numeral(number)}、"))
        doc.blocks.extend(parse_text(text))
        if table is not None:
            doc.blocks.append(table_block(table))
        for local in report.local_tables_of(part.key):
            local_number += 1
            doc.blocks.extend(local_table_blocks(local, f"local-{local_number}"))
    if previous is not None:
        from giar_gen.document.compare import comparison_blocks

        doc.blocks.extend(comparison_blocks(report, previous))
    if report.data.signature_block:
        doc.blocks.append(Signature(name=report.signature, date=report.signature_date_text))
    return doc


def _intro_filled(report: Report) -> Report:
    """The report with the figure references of a written intro filled in."""
    intro = report.data.intro
    if not intro or intro.strip() in AUTO:
        return report
    data = report.data.model_copy(update={"intro": fill(report, intro, intro_path(report))})
    return dataclasses.replace(report, data=data)


def local_table_blocks(t: LocalTable, table_id: str) -> list[Paragraph | Table]:
    """A local table (附表): its caption as a centred line, then the table.

    The caption is a paragraph rather than ``Table.caption`` so that every
    writer prints it the same way. The leading ``行标题列数`` grid columns of
    the body are row labels; the rest are values.
    """
    width, header, body, _problems = place_local_table(t)
    label_cols = min(t.row_header_columns, width)

    def cells(rows, is_header: bool) -> tuple[tuple[Cell, ...], ...]:
        out = []
        for row in rows:
            line = []
            for c in row:
                role = "header" if is_header else ("label" if c.column < label_cols else "value")
                line.append(Cell(c.text, role, c.rowspan, c.colspan))
            out.append(tuple(line))
        return tuple(out)

    weights = [2.0] * width
    for row in header + body:
        for c in row:
            if c.colspan == 1 and c.column < width:
                weights[c.column] = max(weights[c.column], min(12.0, float(len(c.text))))
    size = "normal" if width <= 5 else ("small" if width <= 9 else "tiny")
    return [
        Paragraph((Run(t.caption),), align="center", indent=False, role="note"),
        Table(
            id=table_id,
            header=cells(header, True),
            body=cells(body, False),
            width=width,
            row_header_width=label_cols,
            size=size,
            col_weights=tuple(weights),  # type: ignore[arg-type]
        ),
    ]


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
