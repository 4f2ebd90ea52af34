"""汇总: add up the tables of many units into a government's own data file.

``giar-gen aggregate 单位/ -o 县汇总.yaml`` loads every unit (departments,
townships) of one report year and table edition, adds up tables 二, 三 and 四
cell by cell, and writes:

* ``县汇总.yaml``: a data file that builds into the government's own report
  once its texts are written. The tables sit between two marker comments;
  running ``aggregate`` again (after a unit corrected its figures) replaces
  only what is between the markers, so the texts already written are kept;
* ``县汇总-对账表.csv`` beside it: the reconciliation table, one line per cell
  of the three tables (totals included), with the summary's figure and each
  unit's contribution, so anyone can see where a total comes from.

What is added, and what is not:

* units of different report years or table editions are refused;
* a column is added up unless its definition in ``templates/tables/*.yaml``
  says ``additive: false`` (the file explains each decision). A column that is
  not additive is left blank in the summary (0 when every unit has 0) and is
  named in the messages, to be filled in by hand;
* a cell that any unit left blank ("not filled in") is blank in the summary:
  a sum with an unknown part is unknown; the messages name the units;
* totals (总计) are not written: giar-gen computes them from the summed
  parts, so they equal the sum of the units' totals whenever the units' own
  totals add up (which ``check`` verifies for each unit).

Every relation ``check`` verifies inside a table is linear (sums, and
``上年结转 + 本年新收 = 办理结果 + 结转``), so it holds for the sum whenever it
holds for each unit.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from giar_gen.limits import MAX_DATA_BYTES, LimitError, read_limited
from giar_gen.model.report import Number, Report, TableValues, format_number
from giar_gen.model.tables import Edition, TableDef
from giar_gen.writers.opendata import safe_cell

BEGIN = "# ==== 以下由 giar-gen aggregate 生成（表格为各单位之和），请勿手工修改；重新汇总时只替换到“生成结束”一行 ===="
END = "# ==== giar-gen aggregate 生成结束 ===="

LEVEL_ORDER = ("乡镇", "县级", "设区的市", "省级")


class AggregateError(Exception):
    """Units that cannot be added up (different years, editions, duplicates…)."""


@dataclass
class CellSum:
    value: Number | None
    blank_units: list[int] = field(default_factory=list)  # units that left a part blank
    not_additive: bool = False


@dataclass
class Aggregate:
    """The summed tables of ``units`` and the per-unit figures behind them."""

    year: int
    edition: Edition
    units: list[Report]
    tables: dict[str, TableValues]  # the summary's tables (data cells entered, totals computed)
    notes: list[str] = field(default_factory=list)  # messages for the user (blank cells, not additive)

    def unit_values(self, unit: Report, table_id: str) -> dict[tuple[str, str], Number | None]:
        return _all_values(unit.tables[table_id])


_LAYOUTS: dict[tuple[str, str], tuple] = {}


def _layout(t: TableDef) -> tuple[list[tuple[str, str]], dict, dict]:
    """A table's cells in printed order, its rows and columns by id (computed once per table)."""
    key = (t.edition, t.id)
    if key not in _LAYOUTS:
        _LAYOUTS[key] = ([(r.id, c.id) for r, c in t.cells()], {r.id: r for r in t.rows}, {c.id: c for c in t.columns})
    return _LAYOUTS[key]


def _all_values(values: TableValues) -> dict[tuple[str, str], Number | None]:
    """Every cell's printed value (entered, or the computed total), like
    :meth:`TableValues.value` but with dictionary lookups (fast for thousands of units)."""
    cells, rows, cols = _layout(values.table)
    entered = values.entered
    memo: dict[tuple[str, str], Number | None] = {}

    def value(rid: str, cid: str) -> Number | None:
        key = (rid, cid)
        v = entered.get(key)
        if v is not None:
            return v
        if key in memo:
            return memo[key]
        row, col = rows[rid], cols[cid]
        parts = None
        if col.is_total:
            parts = [value(rid, c) for c in col.sum_of]
        elif row.is_total:
            parts = [value(r, cid) for r in row.sum_of]
        if parts is not None and all(p is not None for p in parts):
            v = sum(parts)  # type: ignore[arg-type]
        memo[key] = v
        return v

    get = entered.get
    out = {}
    for cell in cells:
        v = get(cell)
        out[cell] = v if v is not None else value(*cell)
    return out


def _data_cells(t: TableDef) -> list[tuple[str, str]]:
    """The cells a user enters (not the computed totals)."""
    return [(r.id, c.id) for r, c in t.cells() if not r.is_total and not c.is_total]


# ---------------------------------------------------------------------------
# adding up


def check_compatible(units: list[Report]) -> None:
    """Refuse units of different report years or table editions, and the same agency twice."""
    if not units:
        raise AggregateError("没有要汇总的单位")
    by_year: dict[int, list[Report]] = {}
    for u in units:
        by_year.setdefault(u.year, []).append(u)
    if len(by_year) > 1:
        groups = "；".join(f"{y}年度 {len(us)} 个（{_names(us)}）" for y, us in sorted(by_year.items()))
        raise AggregateError(f"不能把不同年度的报告汇总在一起：{groups}。请只汇总同一报告年度的单位。")
    by_edition: dict[str, list[Report]] = {}
    for u in units:
        by_edition.setdefault(u.edition.id if u.edition else "无", []).append(u)
    if len(by_edition) > 1:
        groups = "；".join(f"表格版本 {e} {len(us)} 个（{_names(us)}）" for e, us in sorted(by_edition.items()))
        raise AggregateError(f"不能把不同表格版本的报告汇总在一起：{groups}。请统一“表格版本”后再汇总。")
    if units[0].edition is None:
        raise AggregateError(f"{units[0].year}年度没有全国统一的统计表格，没有可以相加的表格数字。")
    seen: dict[str, Report] = {}
    for u in units:
        name = u.data.agency.name
        if name in seen:
            raise AggregateError(
                f"机关「{name}」出现了两次：{seen[name].path} 和 {u.path}。同一单位只能计入一次，请删去重复的文件。"
            )
        seen[name] = u


def _names(units: list[Report], limit: int = 4) -> str:
    names = [str(u.path.name if u.path else u.data.agency.name) for u in units[:limit]]
    return "、".join(names) + ("等" if len(units) > limit else "")


def aggregate(units: list[Report]) -> Aggregate:
    """Add up the tables of ``units`` (see the module docstring)."""
    check_compatible(units)
    ed = units[0].edition
    assert ed is not None
    agg = Aggregate(year=units[0].year, edition=ed, units=units, tables={})
    blank_notes: dict[int, int] = {}
    for t in ed.tables:
        cells = _data_cells(t)
        sums: dict[tuple[str, str], Number | None] = {}
        blanks: dict[tuple[str, str], list[int]] = {}
        for cell in cells:
            sums[cell] = 0
        for ui, u in enumerate(units):
            entered = u.tables[t.id].entered
            for cell in cells:
                v = entered.get(cell)
                if v is None:
                    blanks.setdefault(cell, []).append(ui)
                    blank_notes[ui] = blank_notes.get(ui, 0) + 1
                elif sums[cell] is not None:
                    sums[cell] += v  # type: ignore[operator]
        out = TableValues(table=t)
        for (rid, cid), total in sums.items():
            col = t.column(cid)
            if (rid, cid) in blanks:
                total = None
            elif not col.additive:
                contributions = [u.tables[t.id].entered.get((rid, cid)) for u in units]
                if any(v != 0 for v in contributions):
                    total = None
                    agg.notes.append(
                        f"{t.describe(rid, cid)}不可相加（见 templates/tables/{ed.id}.yaml 中的说明），"
                        f"汇总文件中留空，请核实各单位的口径后填写；各单位的数见对账表。"
                    )
                else:
                    total = 0
            if isinstance(total, Decimal) and col.type != "amount":
                total = int(total)
            out.entered[(rid, cid)] = total
        agg.tables[t.id] = out
    for ui, n in sorted(blank_notes.items()):
        u = units[ui]
        agg.notes.append(
            f"{u.path}（{u.data.agency.name}）有 {n} 个单元格没有填写，汇总中相应的格也留空。"
            "请该单位补填（没有发生的填 0）后重新汇总。"
        )
    return agg


# ---------------------------------------------------------------------------
# the summary data file


def _num(v: Number | None) -> str:
    return "~" if v is None else format_number(v)


def _yaml_str(s: str) -> str:
    """A YAML scalar for a label or name: quoted when YAML would read it otherwise."""
    if re.fullmatch(r"[\w\u3000-\u9fff\uff00-\uffef（）“”、，·／/\-]+", s) and not re.match(r"^[\d\-]", s):
        return s
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def tables_yaml(agg: Aggregate) -> list[str]:
    """The three tables in the input form the loader reads (lists in column order)."""
    out: list[str] = []
    for t in agg.edition.tables:
        values = agg.tables[t.id]
        v = values.entered
        out.append(f"{t.key}:")
        if t.kind == "blocks":
            for b in t.blocks:
                out.append(f"  # {b.title}：{'、'.join(c.label for c in b.columns)}")
                for r in b.rows:
                    nums = [_num(v.get((r.id, c.id))) for c in b.columns]
                    out.append(f"  {_yaml_str(r.key)}: " + (nums[0] if len(nums) == 1 else "[" + ", ".join(nums) + "]"))
        elif t.single_row:
            row = t.rows[0]
            groups: dict[str, list] = {}
            for c in t.columns:
                if not c.is_total:
                    groups.setdefault(c.path[-2], []).append(c)
            for g, cols in groups.items():
                out.append(f"  {_yaml_str(g)}: [" + ", ".join(_num(v.get((row.id, c.id))) for c in cols) + "]")
        else:
            data_cols = [c for c in t.columns if not c.is_total]
            out.append(f"  # 每行：[{', '.join(c.label for c in data_cols)}]；总计由 giar-gen 计算")

            def walk(nodes: list, depth: int, prefix: str) -> None:
                pad = "  " * depth
                for n in nodes:
                    rid = prefix + n["id"]
                    if "children" in n:
                        out.append(f"{pad}{_yaml_str(n['key'])}:")
                        walk(n["children"], depth + 1, rid + ".")
                    elif not n.get("sum_of_siblings"):
                        nums = ", ".join(_num(v.get((rid, c.id))) for c in data_cols)  # noqa: B023  (called within this iteration)
                        out.append(f"{pad}{_yaml_str(n['key'])}: [{nums}]")

            walk(t._row_tree, 1, "")
    return out


def generated_block(agg: Aggregate, reconciliation_name: str) -> str:
    """The part of the summary file that ``aggregate`` owns (between the markers)."""
    lines = [
        BEGIN,
        f"# 汇总了 {len(agg.units)} 个单位（{agg.year}年度，表格版本 {agg.edition.id}）；"
        f"每个合计来自哪些单位，见对账表 {reconciliation_name}",
    ]
    for u in agg.units:
        lines.append(f"#   {u.data.agency.name}：{u.path}")
    lines.append(f"报告年度: {agg.year}")
    lines.append(f'表格版本: "{agg.edition.id}"')
    lines.extend(tables_yaml(agg))
    lines.append(END)
    return "\n".join(lines) + "\n"


def _summary_level(units: list[Report]) -> str:
    levels = [u.data.agency.level for u in units if u.data.agency.level in LEVEL_ORDER]
    if not levels:
        return "县级"
    top = max(levels, key=LEVEL_ORDER.index)
    return "县级" if top == "乡镇" else top


def new_summary_text(
    agg: Aggregate, generated: str, *, name: str | None, kind: str, level: str | None, date: _dt.date | None
) -> str:
    """A new summary file: the fields and texts to write, then the generated tables."""
    from giar_gen.model.layouts import layout_for_year
    from giar_gen.source.skeleton import PLACEHOLDER

    pub = date or max(u.data.publication_date for u in agg.units)
    lay = layout_for_year(agg.year)
    head = [
        f"# {agg.year}年度政府信息公开工作年度报告（汇总）：数据文件",
        "# 表格数字由 giar-gen aggregate 从各单位的数据文件相加得到（见文件末尾）；",
        "# 请填写机关名称、联系方式和各部分正文，然后运行 giar-gen check 与 giar-gen build。",
        "",
        "机关:",
        f"  名称: {_yaml_str(name) if name else '××县人民政府        # 请填写汇总报告的机关全称'}",
        f"  类型: {kind}",
        f"  层级: {level or _summary_level(agg.units)}",
        f"发布日期: {pub.isoformat()}   # 本级政府报告应在次年3月31日前公布",
        "引言: 自动",
        "正文:                        # 每行一段；以“（一）”“1.”开头的短行是小标题",
    ]
    for part in lay.parts:
        if part.table:
            continue
        head.append(f"  {part.key}: |")
        head.append(f"    {PLACEHOLDER}{part.title}。")
    return "\n".join(head) + "\n\n" + generated


def splice(existing: str, generated: str) -> str | None:
    """``existing`` with its generated block replaced; ``None`` if it has no intact block."""
    start = existing.find(BEGIN)
    end = existing.find(END, start + 1) if start >= 0 else -1
    if start < 0 or end < 0:
        return None
    end_line = existing.find("\n", end)
    tail = "" if end_line < 0 else existing[end_line + 1 :]
    return existing[:start] + generated + tail


# ---------------------------------------------------------------------------
# the reconciliation table


def reconciliation_csv(agg: Aggregate, summary: Report | None = None) -> bytes:
    """One line per cell (totals included): labels, whether it is added up,
    the summary's figure, then each unit's (UTF-8 with BOM for Excel)."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    names = [u.data.agency.name for u in agg.units]
    w.writerow(
        ["表格", "行", "列", "表格标识", "行标识", "列标识", "相加", "汇总", "各单位之和", *map(safe_cell, names)]
    )
    w.writerow(["", "", "", "", "", "", "", "", "来源文件", *[safe_cell(str(u.path)) for u in agg.units]])
    for t in agg.edition.tables:
        summary_values = _all_values(summary.tables[t.id] if summary is not None else agg.tables[t.id])
        per_unit = [_all_values(u.tables[t.id]) for u in agg.units]
        for r, c in t.cells():
            cell = (r.id, c.id)
            contributions = [pu[cell] for pu in per_unit]
            known = [v for v in contributions if v is not None]
            total = sum(known) if c.additive and len(known) == len(contributions) else None
            additive = "否" if not c.additive else ("合计" if (r.is_total or c.is_total) else "是")
            w.writerow(
                [
                    t.key,
                    r.printed,
                    c.printed,
                    t.id,
                    r.id,
                    c.id,
                    additive,
                    format_number(summary_values[cell]),
                    format_number(total),
                    *[format_number(v) for v in contributions],
                ]
            )
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def reconciliation_path(summary_path: Path) -> Path:
    return summary_path.with_name(f"{summary_path.stem}-对账表.csv")


# ---------------------------------------------------------------------------
# the command


def run_aggregate(
    paths: list[str],
    output: str,
    *,
    name: str | None = None,
    kind: str = "人民政府",
    level: str | None = None,
    date: _dt.date | None = None,
    force: bool = False,
    out=None,
    err=None,
) -> int:
    """``giar-gen aggregate``: returns the exit status (0 done, 2 unusable input)."""
    import sys

    from giar_gen.batch.runner import collect_inputs
    from giar_gen.diagnostics import InputError, format_diagnostics
    from giar_gen.output import OutputError, write_atomic
    from giar_gen.source.loader import load_report, load_report_text

    out = out or sys.stdout
    err = err or sys.stderr
    target = Path(output)
    if target.suffix.lower() not in (".yaml", ".yml"):
        err.write(f"giar-gen: 汇总文件应以 .yaml 结尾：{output}\n")
        return 2
    units: list[Report] = []
    failed = 0
    skipped: list[str] = []
    for inp in collect_inputs(paths):
        if inp.problem:
            err.write(f"giar-gen: {inp.problem}\n")
            failed += 1
            continue
        if target.exists() and inp.source.resolve() == target.resolve():
            continue  # the summary itself, lying among the units
        try:
            head = read_limited(inp.source, MAX_DATA_BYTES).decode("utf-8-sig")
        except (OSError, UnicodeDecodeError, LimitError):
            head = ""  # the loader says what is wrong with it
        if BEGIN in head:
            skipped.append(str(inp.source))
            continue  # another summary: not a unit
        try:
            units.append(load_report(inp.source))
        except InputError as exc:
            err.write(format_diagnostics(exc.diagnostics) + "\n\n")
            failed += 1
    for s in skipped:
        err.write(f"跳过汇总文件 {s}（不是单位的数据）\n")
    if failed:
        err.write(f"giar-gen: 有 {failed} 个单位的数据无法读取（见上），未汇总。改正后重新运行。\n")
        return 2
    try:
        agg = aggregate(units)
    except AggregateError as exc:
        err.write(f"giar-gen: {exc}\n")
        return 2
    too_large = overflowing_sums(agg)
    if too_large:
        err.write(
            "\n".join(too_large) + "\ngiar-gen: 以上合计超过单元格上限（一万亿），未汇总、未写入任何文件；"
            "请核对各单位的这些数字。\n"
        )
        return 2
    recon = reconciliation_path(target)
    generated = generated_block(agg, recon.name)
    if target.exists():
        existing = target.read_text(encoding="utf-8-sig")
        text = splice(existing, generated)
        if text is None:
            if not force:
                err.write(
                    f"giar-gen: 「{target}」已存在，且其中没有 aggregate 生成的标记行，未覆盖"
                    "（确需覆盖请加 --force；已写的正文会丢失）。\n"
                )
                return 2
            text = new_summary_text(agg, generated, name=name, kind=kind, level=level, date=date)
        elif name or level or date:
            err.write("提示：汇总文件已存在，只更新了表格数字；--name、--level、--date 只在新建时使用。\n")
    else:
        text = new_summary_text(agg, generated, name=name, kind=kind, level=level, date=date)
    try:
        summary = load_report_text(text, str(target), base_dir=target.parent)
    except InputError as exc:  # the parts outside the markers, written by the user
        err.write(format_diagnostics(exc.diagnostics, {str(target): text}) + "\n")
        err.write(f"giar-gen: 「{target}」中表格以外的内容有误（见上），未写入。\n")
        return 2
    _verify(agg, summary)
    try:
        write_atomic(target, text.encode("utf-8"))
        write_atomic(recon, reconciliation_csv(agg, summary))
    except (OutputError, OSError) as exc:
        err.write(f"giar-gen: 无法写入：{exc}\n")
        return 2
    for note in agg.notes:
        err.write(f"注意：{note}\n")
    failing = units_failing_check(units)
    if failing:
        err.write(
            f"注意：{len(failing)} 个单位没有通过 giar-gen check（汇总仍包含它们的数字；"
            "各单位都通过时，写好正文的汇总文件也能通过）：\n"
        )
        for u, n in failing:
            err.write(f"  {u.path}（{u.data.agency.name}）：{n} 个错误\n")
    out.write(f"已汇总 {len(units)} 个单位（{agg.year}年度，表格版本 {agg.edition.id}）→ {target}\n")
    out.write(f"对账表（每个单位对每个合计的贡献）→ {recon}\n")
    return 0


def overflowing_sums(agg: Aggregate) -> list[str]:
    """One line per summed cell beyond the largest figure a cell may hold, naming
    the cell and where each unit wrote its part (file:line:column and figure)."""
    from giar_gen.source.table_input import MAX_NUMBER

    lines = []
    for t in agg.edition.tables:
        for cell, v in agg.tables[t.id].entered.items():
            if v is None or abs(v) < MAX_NUMBER:
                continue
            parts = []
            for u in agg.units:
                tv = u.tables[t.id]
                mine = tv.entered.get(cell)
                if mine:
                    path = tv.paths.get(cell)
                    where = u.source.location(path) if path is not None and u.source is not None else u.path
                    parts.append(f"{where}：{format_number(mine)}")
            lines.append(
                f"错误 [Y004] {t.describe(*cell)} 各单位之和为 {format_number(v)}，超过一万亿：" + "；".join(parts)
            )
            if len(lines) >= 20:
                return lines
    return lines


def units_failing_check(units: list[Report]) -> list[tuple[Report, int]]:
    """The units the rule catalogue finds errors in (not acknowledged), with their count."""
    from giar_gen.checks import run_checks

    out = []
    for u in units:
        n = sum(1 for d in run_checks(u, None).findings if d.severity == "error" and d.acknowledged is None)
        if n:
            out.append((u, n))
    return out


def _verify(agg: Aggregate, summary: Report) -> None:
    """The summary file, read back, has exactly the summed figures (a bug otherwise)."""
    for t in agg.edition.tables:
        want = agg.tables[t.id].entered
        got = summary.tables[t.id].entered
        for cell, v in want.items():
            if got.get(cell) != v:
                raise RuntimeError(f"汇总文件回读不一致：{t.key} {t.describe(*cell)} 应为 {v}，读回 {got.get(cell)}")
