"""``giar-gen init --from LAST_YEAR``: start a new year's file from last year's.

Last year's report may be a data file (YAML) or a published report (web
page, copied text, DOCX: read with :mod:`giar_gen.importer.core`). The new file
keeps what carries over and empties everything else:

* the carry-over figures: table 三's 上年结转 = last year's 结转下年度继续办理,
  column by column; in the 2021 edition the 现行有效件数 of table 二 starts
  from last year's (本年 = 上年 + 本年制发 − 本年废止, to be checked); in the
  2019 edition the 上一年项目数量 = last year's 上一年项目数量 + 本年增/减;
* the agency, contact details, signature name and a custom layout;
* the texts, as a draft: each part starts with a visible line saying it is
  last year's text to be rewritten (so a file built unchanged shows it);
* every other figure of the new year is empty (``~``), never 0.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from giar_gen.model.layouts import builtin_layout, layout_for_year
from giar_gen.model.report import Report, format_number
from giar_gen.model.tables import TableDef, edition_for_year
from giar_gen.source.skeleton import draft_mark
from giar_gen.source.yamlwrite import dump_data


def deadline(year: int, kind: str = "部门") -> _dt.date:
    """The latest publication date of a report for ``year``: 1月31日 for a
    department's report under the 2019 Regulation, else 3月31日."""
    return _dt.date(year + 1, 1, 31) if year >= 2019 and kind != "人民政府" else _dt.date(year + 1, 3, 31)


def load_previous(path: str | Path) -> Report:
    """Last year's report from a YAML data file or a published report.
    Raises :class:`~giar_gen.diagnostics.InputError`."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        from giar_gen.source.loader import load_report

        return load_report(path)
    from giar_gen.diagnostics import Diagnostic, InputError, Location
    from giar_gen.importer.core import import_file
    from giar_gen.source.loader import report_from_data
    from giar_gen.source.yamlsource import SourceMap

    imp = import_file(path)
    missing = [m for m in imp.missing if m != "发布日期"]
    if missing:
        raise InputError([Diagnostic("I002", "error", "报告中找不到" + "、".join(missing), Location(str(path)))])
    data = dict(imp.data)
    if data.get("发布日期") is None:
        # only the new year's file is written, and it gets its own date
        data["发布日期"] = deadline(data["报告年度"])
    smap = SourceMap(file=str(path), text=imp.source_text, values=dict(imp.positions))
    return report_from_data(data, smap, base_dir=path.parent)


def next_year(prev: Report, year: int | None = None, source_name: str = "") -> tuple[str, list[str]]:
    """The YAML text of the new year's file and a summary of what was carried over."""
    y0 = prev.year
    y1 = year or y0 + 1
    d = prev.data
    data: dict = {"报告年度": y1}
    comments: dict[tuple, str] = {}
    summary: list[str] = []

    agency = {"名称": d.agency.name, "类型": d.agency.kind}
    if d.agency.level:
        agency["层级"] = d.agency.level
    data["机关"] = agency
    summary.append(f"机关：{d.agency.name}（沿用）")
    if d.title:
        default_prev = f"{d.agency.name}{y0}年政府信息公开工作年度报告"
        if d.title != default_prev:
            data["标题"] = d.title.replace(str(y0), str(y1))
            comments[("标题",)] = "沿用上年标题（已改年度），请核对"
    layout = d.layout
    if layout:
        if (
            not isinstance(layout, str)
            or builtin_layout(layout) is None
            or builtin_layout(layout).id != layout_for_year(y1).id
        ):
            data["版式"] = layout
            comments[("版式",)] = "沿用上年"
    data["发布日期"] = deadline(y1, d.agency.kind)
    comments[("发布日期",)] = "请改为实际发布日期（部门应在次年1月31日前公布，本级政府报告3月31日前）"
    if d.intro:
        if d.intro.strip() in ("自动", "auto"):
            data["引言"] = "自动"
        else:
            data["引言"] = draft_mark(y0, y1) + "\n" + d.intro
            comments[("引言",)] = "草稿：沿用上年，请改写"
    if d.contact is not None:
        contact = d.contact.model_dump(by_alias=True, exclude_none=True)
        if contact:
            data["联系方式"] = contact
            summary.append("联系方式：沿用")
    if d.signature:
        data["署名"] = d.signature
    parts = {k: draft_mark(y0, y1) + "\n" + t for k, t in d.parts.items() if t and t.strip()}
    if parts:
        data["正文"] = parts
        comments[("正文",)] = f"草稿：各部分沿用{y0}年度报告的文字，每部分第一行标明待改写"
        summary.append(f"正文：{len(parts)} 个部分的文字沿用为草稿（每部分第一行标明待改写）")
    if d.acknowledged:
        summary.append(f"上年的 {len(d.acknowledged)} 条“已确认”不沿用（新年度须重新核实）")

    ed = edition_for_year(y1)
    if ed is not None:
        for t in ed.tables:
            table, notes = _table(t, prev, comments)
            data[t.key] = table
            summary.extend(notes)
    header = [
        f"{y1}年度政府信息公开工作年度报告：数据文件，由 giar-gen init --from 从{y0}年度报告"
        + (f"「{source_name}」" if source_name else "")
        + "生成。",
        "沿用：机关、联系方式、结转数字；文字是待改写的草稿（每部分第一行标明）。",
        f"其余数字留空（~ 表示尚未填写），请按{y1}年度的统计填写；没有发生的填 0。",
        "填好后运行：giar-gen check 本文件.yaml，再 giar-gen build 本文件.yaml",
    ]
    return dump_data(data, comments, header), summary


def _prev_value(prev: Report, table_id: str, row_id: str, col_id: str):
    tv = prev.tables.get(table_id)
    if tv is None:
        return None
    try:
        return tv.value(row_id, col_id)
    except KeyError:
        return None


def _table(t: TableDef, prev: Report, comments: dict) -> tuple[dict, list[str]]:
    """A table of the new year: every cell ``None`` except the carry-overs."""
    carried: dict[tuple[str, str], object] = {}
    notes: list[str] = []
    prev_ed = prev.edition.id if prev.edition else None
    if t.id == "applications":
        src_row = next(r for r in t.rows if r.id == "carried_forward")
        dst_row = next(r for r in t.rows if r.id == "carried_over")
        vals = []
        for c in t.columns:
            if c.is_total:
                continue
            v = _prev_value(prev, t.id, src_row.id, c.id)
            carried[(dst_row.id, c.id)] = v
            vals.append(v)
        notes.append(f"{dst_row.label}：取自上年“{src_row.label}”[{', '.join(_fmt(v) for v in vals)}]")
    elif t.id == "proactive" and prev_ed == t.edition:
        for row in t.rows:
            for c in t.columns_of(row):
                if t.edition == "2021" and c.id == "in_force":
                    v = _prev_value(prev, t.id, row.id, c.id)
                    if v is not None:
                        carried[(row.id, c.id)] = v
                        comments[(t.key, row.key)] = (
                            f"{c.label}先填上年数 {_fmt(v)}：本年应为上年数 + 本年制发 − 本年废止，请核对"
                        )
                        notes.append(f"{row.label}“{c.label}”：先填上年数 {_fmt(v)}（请按本年制发、废止调整）")
                if t.edition == "2019" and c.id == "previous_items":
                    before = _prev_value(prev, t.id, row.id, "previous_items")
                    change = _prev_value(prev, t.id, row.id, "change")
                    if before is not None and change is not None:
                        carried[(row.id, c.id)] = before + change
                        notes.append(
                            f"{row.label}“{c.label}”：上年 {_fmt(before)} + 上年增减 {_fmt(change)} = {_fmt(before + change)}"
                        )
    table: dict = {}
    if t.single_row:
        row = t.rows[0]
        groups: dict[str, list] = {}
        for c in t.columns:
            if not c.is_total:
                groups.setdefault(c.path[-2], []).append(c)
        for key, cols in groups.items():
            table[key] = [carried.get((row.id, c.id)) for c in cols]
        return table, notes
    for row in t.rows:
        if row.is_total:
            continue
        cols = [c for c in t.columns_of(row) if not c.is_total]
        vals = [carried.get((row.id, c.id)) for c in cols]
        target = table
        for k in row.keys[:-1]:
            target = target.setdefault(k, {})
        target[row.keys[-1]] = vals[0] if len(cols) == 1 else vals
        if row.label != row.key and (t.key,) + row.keys not in comments:
            comments[(t.key,) + row.keys] = row.label
    return table, notes


def _fmt(v) -> str:
    return "~" if v is None else format_number(v)
