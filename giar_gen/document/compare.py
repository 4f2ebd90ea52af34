"""Key figures, the year-over-year comparison and the 图解 one-page summary.

The key figures are picked by row and column *ids* of the official tables
(valid in the 2019 and 2021 editions alike); their printed names come from the
table definitions (``templates/tables/*.yaml``), shortened by dropping the
numbering ("一、", "（三）", "1.") and trailing notes in full-width brackets.

* :func:`comparison_blocks`: given last year's report, a small table (项目 /
  last year / this year / 增减 / 增减幅度) and a bar chart, appended to the
  report before its signature (``build --previous LAST.yaml``);
* :func:`infographic`: the 图解 page, a separate one-page document written
  beside the report (``build --infographic``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from giar_gen.document.charts import InfoSheet, Tile, bar_chart
from giar_gen.document.figures import figures
from giar_gen.document.tree import Cell, Document, Figure, Heading, Meta, Table
from giar_gen.model.report import Number, Report, TableValues, format_date_cn, format_number

COMPARISON_TITLE = "主要数据与上年度对比"


@dataclass(frozen=True)
class KeyFigure:
    """A figure of the tables: the sum of ``columns`` over the rows whose id
    is ``rows`` or starts with ``rows + "."``."""

    id: str
    table: str
    rows: str
    columns: tuple[str, ...]
    name_from: str = "row"  # "row": the row (group) label; "column": the column group label


KEY_FIGURES: tuple[KeyFigure, ...] = (
    KeyFigure("received", "applications", "new_received", ("total",)),
    KeyFigure("carried_over", "applications", "carried_over", ("total",)),
    KeyFigure("disclosed", "applications", "results.disclosed", ("total",)),
    KeyFigure("partly_disclosed", "applications", "results.partly_disclosed", ("total",)),
    KeyFigure("withheld", "applications", "results.withheld", ("total",)),
    KeyFigure("unable", "applications", "results.unable", ("total",)),
    KeyFigure("not_processed", "applications", "results.not_processed", ("total",)),
    KeyFigure("other_handling", "applications", "results.other_handling", ("total",)),
    KeyFigure("results_total", "applications", "results.total", ("total",)),
    KeyFigure("carried_forward", "applications", "carried_forward", ("total",)),
    KeyFigure("reviews", "reviews", "counts", ("review.total",), name_from="column"),
    KeyFigure("lawsuits", "reviews", "counts", ("direct_suit.total", "suit_after_review.total"), name_from="column"),
)

#: The figures whose kinds make up the results (the 图解's result chart).
RESULT_KINDS = ("disclosed", "partly_disclosed", "withheld", "unable", "not_processed", "other_handling")

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])")
_NOTE = re.compile(r"（[^（）]*）$")


def short_label(label: str) -> str:
    """A printed label without its numbering and trailing bracketed note."""
    s = _NUMBERING.sub("", label.strip())
    s2 = _NOTE.sub("", s)
    return s2 or s


def _rows(values: TableValues, prefix: str):
    return [r for r in values.table.rows if r.id == prefix or r.id.startswith(prefix + ".")]


def _figure_rows(report: Report, kf: KeyFigure) -> tuple[TableValues, list] | None:
    """The table and the rows a key figure adds up; ``None`` if the report lacks them."""
    values = report.tables.get(kf.table)
    if values is None:
        return None
    rows = _rows(values, kf.rows)
    return (values, rows) if rows else None


def figure_name(report: Report, kf: KeyFigure) -> str | None:
    found = _figure_rows(report, kf)
    if found is None:
        return None
    values, rows = found
    if kf.name_from == "column":
        col = values.table.column(kf.columns[0])
        return short_label(col.path[0])
    depth = kf.rows.count(".")
    name = short_label(rows[0].path[depth])
    if depth and name == short_label(rows[0].path[-1]) and rows[0].is_total:
        # a total row is named after its parent: "本年度办理结果" + "总计"
        name = short_label(rows[0].path[depth - 1]) + name
    return name


def figure_value(report: Report, kf: KeyFigure) -> Number | None:
    """The figure's value; ``None`` if the table is missing or a cell is blank."""
    found = _figure_rows(report, kf)
    if found is None:
        return None
    values, rows = found
    total: Number = 0
    for r in rows:
        for c in kf.columns:
            v = values.value(r.id, c)
            if v is None:
                return None
            total += v
    return total


def key_figures(report: Report) -> dict[str, tuple[str, Number | None]]:
    """``id → (name, value)`` of the key figures the report's tables have."""
    out = {}
    for kf in KEY_FIGURES:
        name = figure_name(report, kf)
        if name is not None:
            out[kf.id] = (name, figure_value(report, kf))
    return out


def _change(prev: Number | None, cur: Number | None) -> tuple[str, str]:
    if prev is None or cur is None:
        return "", ""
    d = cur - prev
    diff = f"+{format_number(d)}" if d > 0 else format_number(d)
    if prev == 0:
        pct = "—" if cur else "0%"
    else:
        ratio = Decimal(d) / Decimal(prev) * 100
        pct = f"{ratio:+.1f}%".replace("+0.0%", "0.0%").replace("-0.0%", "0.0%")
    return diff, pct


def comparison_rows(report: Report, previous: Report) -> list[tuple[str, Number | None, Number | None]]:
    """``(name, last year, this year)`` for each key figure both reports have."""
    cur, prev = key_figures(report), key_figures(previous)
    return [(cur[k][0], prev[k][1], cur[k][1]) for k in cur if k in prev]


def comparison_blocks(report: Report, previous: Report) -> list:
    """The comparison table and chart; empty when the two reports share no figures."""
    rows = comparison_rows(report, previous)
    if not rows:
        return []
    py, cy = f"{previous.year}年", f"{report.year}年"
    header = (tuple(Cell(t, "header") for t in ("项目", py, cy, "增减", "增减幅度")),)
    body = []
    for name, p, c in rows:
        diff, pct = _change(p, c)
        body.append((Cell(name, "label"), Cell(format_number(p)), Cell(format_number(c)), Cell(diff), Cell(pct)))
    table = Table(
        id="comparison",
        header=header,
        body=tuple(body),
        width=5,
        row_header_width=1,
        size="small",
        col_weights=(3.2, 1.2, 1.2, 1.1, 1.3),
        caption="（单位：件）",
    )
    chart = bar_chart(
        "",
        [r[0] for r in rows],
        [(cy, [r[2] for r in rows]), (py, [r[1] for r in rows])],
        unit="件",
    )
    return [
        Heading(level=2, text=COMPARISON_TITLE, number="附："),
        table,
        Figure(chart=chart, caption=f"{COMPARISON_TITLE}（{py}、{cy}）"),
    ]


def infographic(report: Report, previous: Report | None = None) -> Document:
    """The 图解 one-page summary of a report, as its own document."""
    figs = key_figures(report)
    prev = key_figures(previous) if previous is not None else {}
    py = f"{previous.year}年" if previous is not None else ""

    def tile(key: str) -> Tile | None:
        if key not in figs:
            return None
        name, value = figs[key]
        p = prev.get(key, (None, None))[1] if prev else None
        return Tile(label=name, value=value, previous=p, previous_label=py if key in prev else "")

    tiles = tuple(
        t
        for t in (
            tile(k) for k in ("received", "carried_over", "results_total", "carried_forward", "reviews", "lawsuits")
        )
        if t
    )
    charts = []
    kinds = [k for k in RESULT_KINDS if k in figs]
    if kinds:
        series = [(f"{report.year}年", [figs[k][1] for k in kinds])]
        if prev:
            series.append((py, [prev.get(k, (None, None))[1] for k in kinds]))
        results_name = _results_title(report)
        charts.append(bar_chart(results_name, [figs[k][0] for k in kinds], series, unit="件"))
    applicants = _applicant_chart(report)
    if applicants is not None:
        charts.append(applicants)
    proactive = _proactive_chart(report)
    if proactive is not None:
        charts.append(proactive)
    start, end = report.period
    sheet = InfoSheet(
        heading=f"{report.data.agency.name}{report.year}年政府信息公开工作年度报告图解",
        tiles=tiles,
        charts=tuple(charts),
        footer=f"统计期限：{format_date_cn(start)}至{format_date_cn(end)}　数据来源：{report.title}",
    )
    title = f"图解：{report.title}"
    meta = Meta(
        title=title,
        author=report.data.agency.name,
        subject="政府信息公开工作年度报告图解",
        keywords=("政府信息公开", "年度报告", "图解", str(report.year)),
        year=report.year,
        date=report.data.publication_date.isoformat(),
    )
    doc = Document(title=title, meta=meta, data=figures(report))  # the same data block as the report
    doc.blocks.append(Figure(chart=sheet))
    return doc


def _results_title(report: Report) -> str:
    values = report.tables.get("applications")
    if values is None:
        return ""
    rows = _rows(values, "results")
    return short_label(rows[0].path[0]) if rows else ""


def _applicant_chart(report: Report):
    """Applications received by kind of applicant (columns of table 三)."""
    values = report.tables.get("applications")
    if values is None:
        return None
    t = values.table
    try:
        row = t.row("new_received")
    except KeyError:
        return None
    cols = [c for c in t.columns if not c.is_total]
    names = [short_label(c.label) for c in cols]
    data = [values.value(row.id, c.id) for c in cols]
    return bar_chart(f"{short_label(row.label)}（按申请人）", names, [(f"{report.year}年", data)], unit="件")


def _proactive_chart(report: Report):
    """Table 二's decision counts and documents issued (whatever the edition has)."""
    values = report.tables.get("proactive")
    if values is None:
        return None
    t = values.table
    names, data = [], []
    for row, col in t.cells():
        if col.type != "count":
            continue
        v = values.value(row.id, col.id)
        if v is None or v == 0:
            continue
        names.append(f"{row.label}：{col.label}")
        data.append(v)
    if not names:
        return None
    part = short_label(t.part)
    return bar_chart(part, names, [(f"{report.year}年", data)], unit="件")
