"""The figures block: the report's validated figures with their official labels.

One function, :func:`figures`, produces the figures; the HTML page embeds its
result as a ``<script type="application/json" id="giar-gen-data">`` block, and
``--format json`` / ``--format csv`` write the same figures as files, so a
portal or an evaluator reads identical numbers whichever it takes.

Besides the figures, only what the report itself prints is given (year, agency,
title, dates, table edition), so a page read back by ``giar-gen import`` has the
same data block. Every cell of every official table of the report's edition is listed, in
printed order, with the printed row and column labels (from
``templates/tables/*.yaml``, never spelled here), the stable row and column
ids, the value (``null`` when the cell was not filled in) and whether it is a
total computed by giar-gen (``自动计算``) or a value the office entered.
"""

from __future__ import annotations

from decimal import Decimal

from giar_gen.model.report import Number, Report, place_local_table

#: Version of the layout of this data; raised when a key changes meaning.
DATA_VERSION = 1


def _json_number(v: Number | None):
    if v is None:
        return None
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() and v.as_tuple().exponent >= 0 else float(v)
    return v


def figures(report: Report) -> dict:
    """The report's figures with their official labels, for machine readers."""
    data = report.data
    start, end = report.period
    out: dict = {
        "数据版本": DATA_VERSION,
        "报告年度": report.year,
        "标题": report.title,
        "机关": data.agency.name,
        "发布日期": data.publication_date.isoformat(),
        "统计期限": {"起": start.isoformat(), "止": end.isoformat()},
        "表格版本": report.edition.id if report.edition else None,
        "表格版本名称": report.edition.name if report.edition else None,
        "表格标识": {},
        "表格": {},
    }
    for values in report.tables.values():
        t = values.table
        out["表格标识"][t.key] = t.id
        cells = []
        for row, col in t.cells():
            v = values.value(row.id, col.id)
            entered = values.entered.get((row.id, col.id)) is not None
            cell = {
                "行": row.printed,
                "列": col.printed,
                "row": row.id,
                "column": col.id,
                "值": _json_number(v),
                "自动计算": bool(v is not None and not entered),
            }
            if col.unit:
                cell["单位"] = col.unit
            cells.append(cell)
        out["表格"][t.key] = cells
    if data.local_tables:
        out["附表"] = [
            {
                "标题": t.caption,
                "表头": [[c.text for c in row] for row in header],
                "表体": [[c.text for c in row] for row in body],
            }
            for t in data.local_tables
            for _w, header, body, _p in [place_local_table(t)]
        ]
    return out
