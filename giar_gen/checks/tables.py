"""Rules on the official tables 二 (T2), 三 (T3) and 四 (T4).

Rows and columns are addressed by their ids from ``templates/tables/*.yaml``;
every printed label in a message comes from those definitions.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from giar_gen.checks.catalogue import Context, Equation, rule
from giar_gen.model.report import TableValues, format_number
from giar_gen.model.tables import Row

PROACTIVE, APPLICATIONS, REVIEWS = "proactive", "applications", "reviews"

_GRID_SOURCE = "国办公开办函〔2021〕30号、〔2019〕60号所附表格"


def short(row: Row) -> str:
    """A row's name for a message: its printed label when short, else its key."""
    return f"「{row.label}」" if len(row.label) <= 8 else f"「{row.key}」"


def row_total_equations(values: TableValues):
    """Entered total rows (（七）总计) = the sum of the rows they add up, per column."""
    t = values.table
    for row in t.rows:
        if not row.is_total:
            continue
        for col in t.columns_of(row):
            if values.entered.get((row.id, col.id)) is None:
                continue  # not entered: computed, so it adds up by definition
            yield Equation(
                t.id,
                ((row.id, col.id),),
                tuple((r, col.id) for r in row.sum_of),
                subject=f"「{col.label}」列",
                lhs_name=f"填写的{short(row)}",
                rhs_name="各办理结果之和",
            )


def column_total_equations(values: TableValues):
    """Entered total columns (总计) = the sum of the columns they add up, per row."""
    t = values.table
    for row in t.rows:
        for col in t.columns_of(row):
            if not col.is_total or values.entered.get((row.id, col.id)) is None:
                continue
            parts = tuple((row.id, c) for c in col.sum_of)
            names = "+".join(f"「{t.column(c).label}」" for c in col.sum_of)
            subject = f"「{col.printed}」" if t.single_row else f"{short(row)}行"
            yield Equation(
                t.id, ((row.id, col.id),), parts, subject=subject, lhs_name=f"填写的「{col.label}」", rhs_name=names
            )


def _whole_numbers(ctx: Context, table_id: str):
    values = ctx.table(table_id)
    if values is None:
        return
    t = values.table
    for (row_id, col_id), v in values.entered.items():
        if v is None:
            continue
        col = t.column(col_id)
        whole = v == int(v)
        if col.type == "amount":
            problem = "金额不能为负数" if v < 0 else None
        elif col.type == "delta":
            problem = None if whole else "应为整数"
        else:
            problem = None if whole and v >= 0 else "件数应为非负整数"
        if problem:
            cell = ctx.cell(values, row_id, col_id)
            yield ctx.finding(
                f"{cell.label}：{problem}",
                location=cell.location,
                field=t.key,
                cells=[cell],
                expected="非负整数" if col.type == "count" else "见规则说明",
                actual=format_number(v),
            )


def blank_totals(values: TableValues) -> list[tuple[str, str]]:
    """Printed totals left blank while the cells they add up are filled:
    ``(row id, column id)`` of each (a missing printed figure: an error)."""
    t = values.table
    out = []
    for (row_id, col_id), v in values.entered.items():
        if v is not None:
            continue
        row, col = t.row(row_id), t.column(col_id)
        if not (row.is_total or col.is_total):
            continue
        parts = [(row_id, c) for c in col.sum_of] if col.is_total else [(r, col_id) for r in row.sum_of]
        if any(values.value(r, c) is not None for r, c in parts):
            out.append((row_id, col_id))
    return out


def _blank_cells(ctx: Context, table_id: str):
    """Cells left blank (a blank is "not filled in", not 0): a column blank in
    every row is one finding for the table (grouped with the columns next to
    it under the same heading); the other blank cells one finding per row.
    Blank printed totals are :func:`_blank_total_findings`' (an error)."""
    values = ctx.table(table_id)
    if values is None or not any(v is not None for v in values.entered.values()):
        return  # a table not filled in at all is a missing part (P-PART)
    t = values.table
    totals = set(blank_totals(values))
    blank: dict[tuple[str, str], bool] = {}
    for row in t.rows:
        for col in t.columns_of(row):
            computed_total = (col.is_total or row.is_total) and (row.id, col.id) not in values.entered
            if computed_total or (row.id, col.id) in totals:
                continue
            blank[(row.id, col.id)] = values.value(row.id, col.id) is None
    whole: list = []
    if not t.single_row:
        for col in t.columns:
            cells = [k for k in blank if k[1] == col.id]
            if len(cells) > 1 and all(blank[k] for k in cells):
                whole.append(col)
    if whole:
        groups: dict[str, list] = {}
        for col in whole:
            parent = col.path[-2] if len(col.path) >= 2 else col.label
            groups.setdefault(parent, []).append(col)
        for parent, cols in groups.items():
            cells = [ctx.cell(values, r.id, cols[0].id) for r in t.rows if (r.id, cols[0].id) in blank]
            names = "、".join(f"「{c.label}」" for c in cols)
            what = f"「{parent}」的 {len(cols)} 列（{names}）" if len(cols) > 1 else f"{names}列"
            yield ctx.finding(
                f"{what}全部未填写（{len(cells)} 行）",
                location=cells[0].location,
                field=t.key,
                cells=cells[:3],
                actual=f"{len(cells) * len(cols)} 个单元格未填写",
                hint="整列未填写：没有发生的请填 0；如本单位不统计这一类申请人，请在“已确认”中说明理由。",
            )
    done = {c.id for c in whole}
    for row in t.rows:
        blanks = [
            ctx.cell(values, row.id, col.id)
            for col in t.columns_of(row)
            if blank.get((row.id, col.id)) and col.id not in done
        ]
        if not blanks:
            continue
        what = f"「{row.printed}」行" if not t.single_row else "本表"
        yield ctx.finding(
            f"{what}有 {len(blanks)} 个单元格未填写",
            location=blanks[0].location,
            field=t.key,
            cells=blanks,
            hint="未填写不等于 0：没有发生的请填 0；确实无法统计的，请在“已确认”中说明理由。",
        )


def _blank_total_findings(ctx: Context, table_id: str):
    values = ctx.table(table_id)
    if values is None:
        return
    t = values.table
    for row_id, col_id in blank_totals(values):
        cell = dataclasses.replace(ctx.cell(values, row_id, col_id), value=None, computed=False)  # as printed: blank
        row, col = t.row(row_id), t.column(col_id)
        parts = [(row_id, c) for c in col.sum_of] if col.is_total else [(r, col_id) for r in row.sum_of]
        total = values.computed(row_id, col_id)
        yield ctx.finding(
            f"{cell.label}：印出的总计是空白，而它所加的各格已经填写",
            location=cell.location,
            field=t.key,
            cells=[cell] + [ctx.cell(values, r, c) for r, c in parts][:6],
            expected=f"总计 = {format_number(total)}" if total is not None else "填写总计",
            actual="空白",
            hint="表中印出的总计不能留空：填写各格之和（或删去整个总计，由软件计算）。",
        )


# ---------------------------------------------------------------------------
# 表二 主动公开政府信息情况


@rule(
    "T2-R1",
    "error",
    "表二各项应为非负整数（收费金额可带小数，2019年版“本年增/减”可为负数）",
    source="表格格式：件数为整数，收费金额以万元计可带小数；2019年版“本年增/减”减用负值表示（湖北省填报说明）",
    cells="表二全部单元格",
    example="""
主动公开情况:
  行政规范性文件: [3, 1, 17.5]   # 现行有效件数不是整数 → T2-R1
""",
)
def t2_whole_numbers(ctx: Context):
    yield from _whole_numbers(ctx, PROACTIVE)


#: amounts from this many 万元 (1亿元) on look like 元 entered as 万元
FEE_LOOKS_LIKE_YUAN = 10000


@rule(
    "T2-R2",
    "warning",
    "收费金额以万元为单位，数值过大，像是按元填写",
    source="表二第二十条第（八）项列名“本年收费金额（单位：万元）”",
    cells="表二 行政事业性收费 本年收费金额",
    example="""
主动公开情况:
  行政事业性收费: 25100      # 2.51万元误填为元 → T2-R2；应填 2.51
""",
)
def t2_fee_unit(ctx: Context):
    values = ctx.table(PROACTIVE)
    if values is None:
        return
    for row, col in values.table.cells():
        v = values.value(row.id, col.id)
        if (
            col.type == "amount"
            and col.unit == "万元"
            and v is not None
            and v >= FEE_LOOKS_LIKE_YUAN
            and Decimal(str(v)).as_tuple().exponent > -3
        ):  # 元 have two decimals at most: 3 or 4 are 万元
            cell = ctx.cell(values, row.id, col.id)
            yield ctx.finding(
                f"{cell.label}为 {format_number(v)} 万元（即 {format_number(Decimal(v) / 10000)} 亿元），"
                "数值异常大，是否按“元”填写了？",
                location=cell.location,
                field=values.table.key,
                cells=[cell],
                hint=f"单位是万元：若原数以元计，请除以 10000（{format_number(v)} 元 = "
                f"{format_number(Decimal(v) / 10000)} 万元）。",
            )


@rule(
    "T2-R3",
    "warning",
    "县级、乡镇机关没有规章制定权，规章一行应为 0",
    source="《中华人民共和国立法法》：规章由国务院部门和省、自治区、直辖市、设区的市、自治州人民政府制定；"
    "湖北省填报说明：规章一行由设区的市、自治州人民政府提供",
    cells="表二 规章 行；机关 → 层级",
    example="""
机关: {名称: 某镇人民政府, 类型: 人民政府, 层级: 乡镇}
主动公开情况:
  规章: [0, 0, 6]      # 镇政府报告了规章 → T2-R3
""",
)
def t2_rules_power(ctx: Context):
    level = ctx.report.data.agency.level
    values = ctx.table(PROACTIVE)
    if values is None or level not in ("县级", "乡镇"):
        return
    for row in values.table.rows:
        if row.id != "rules":
            continue
        cells = [ctx.cell(values, row.id, c.id) for c in values.table.columns_of(row)]
        nonzero = [c for c in cells if c.value]
        if nonzero:
            yield ctx.finding(
                f"{level}机关没有规章制定权，但「{row.label}」一行填了非 0 的数",
                location=nonzero[0].location,
                field=values.table.key,
                cells=nonzero,
                hint="规范性文件请填在下一行；若确为上级规章的公开情况，请在“已确认”中说明。",
            )


@rule(
    "T2-R4",
    "warning",
    "（2019年版）本年新公开数量不应大于对外公开总数量",
    source="对外公开总数量是累计数，包含本年新公开的",
    cells="表二 规章、规范性文件：本年新公开数量、对外公开总数量",
    example="""
表格版本: 2019
主动公开情况:
  规范性文件: [5, 8, 6]     # 本年新公开 8 > 对外公开总数 6 → T2-R4
""",
)
def t2_published_total(ctx: Context):
    values = ctx.table(PROACTIVE)
    if values is None:
        return
    t = values.table
    ids = {c.id for c in t.columns}
    if not {"newly_published", "published_total"} <= ids:
        return
    for row in t.rows:
        if "published_total" not in {c.id for c in t.columns_of(row)}:
            continue
        new, total = values.value(row.id, "newly_published"), values.value(row.id, "published_total")
        if new is not None and total is not None and new > total:
            a, b = ctx.cell(values, row.id, "newly_published"), ctx.cell(values, row.id, "published_total")
            yield ctx.finding(
                f"「{row.label}」：{t.column('newly_published').label}大于{t.column('published_total').label}",
                location=a.location,
                field=t.key,
                cells=[a, b],
                expected=f"≤ {format_number(total)}",
                actual=format_number(new),
            )


@rule(
    "T2-BLANK",
    "warning",
    "表二有未填写的单元格（未填写不等于 0）",
    source="年报评估常见问题：表格留空或以“/”代替 0",
    cells="表二全部单元格",
    example="""
主动公开情况:
  行政处罚: ~          # 留空 → T2-BLANK；没有发生的请填 0
""",
)
def t2_blank(ctx: Context):
    yield from _blank_cells(ctx, PROACTIVE)


# ---------------------------------------------------------------------------
# 表三 收到和处理政府信息公开申请情况


@rule(
    "T3-R1",
    "error",
    "每一列：本年新收 + 上年结转 = 办理结果（七）总计 + 结转下年度继续办理",
    source="表三左上角印出的勾稽关系：“第一项加第二项之和，等于第三项加第四项之和”",
    cells="表三 一、二、三（七）总计、四 行，每一列（含总计列）",
    example="""
申请办理情况:
  本年新收: [86, 9, 1, 0, 3, 2]
  上年结转: [4, 1, 0, 0, 0, 0]
  本年度办理结果: ...        # 自然人一列合计 80
  结转下年度继续办理: [5, 2, 0, 0, 0, 1]
# 自然人：86 + 4 ≠ 80 + 5 → T3-R1
""",
)
def t3_identity(ctx: Context):
    values = ctx.table(APPLICATIONS)
    if values is None:
        return
    t = values.table
    new, carried, total, forward = (
        t.row(i) for i in ("new_received", "carried_over", "results.total", "carried_forward")
    )
    for col in t.columns:
        yield Equation(
            t.id,
            ((total.id, col.id), (forward.id, col.id)),
            ((new.id, col.id), (carried.id, col.id)),
            subject=f"「{col.label}」列",
            lhs_name=f"{short(total)} + {short(forward)}",
            rhs_name=f"{short(new)} + {short(carried)}",
        )


@rule(
    "T3-R2",
    "error",
    "填写的（七）总计 = 各办理结果行之和（每一列）",
    source="表格结构：每件申请只计入一种办理结果",
    cells="表三 三（七）总计 行与（一）至（六）各行",
    example="""
申请办理情况:
  本年度办理结果:
    ...
    总计: [0, 0, 0, 0, 0, 0, 0]   # 总计留成 0 → T3-R2
""",
)
def t3_results_total(ctx: Context):
    values = ctx.table(APPLICATIONS)
    if values is not None:
        yield from row_total_equations(values)


@rule(
    "T3-R3",
    "error",
    "填写的总计列 = 自然人 + 五类法人或其他组织（每一行）",
    source="表格结构：总计为申请人各列之和",
    cells="表三 每一行的总计列",
    example="""
申请办理情况:
  本年新收: [86, 9, 1, 0, 3, 2, 100]   # 第 7 个数是总计，应为 101 → T3-R3
""",
)
def t3_row_total(ctx: Context):
    values = ctx.table(APPLICATIONS)
    if values is not None:
        yield from column_total_equations(values)


@rule(
    "T3-R4",
    "error",
    "表三各项应为非负整数",
    source="表格格式：申请件数",
    cells="表三全部单元格",
    example="""
申请办理情况:
  本年新收: [86, 9, 1, 0, 3, -2]    # 负数 → T3-R4
""",
)
def t3_whole_numbers(ctx: Context):
    yield from _whole_numbers(ctx, APPLICATIONS)


@rule(
    "T3-BLANK",
    "warning",
    "表三有未填写的单元格（未填写不等于 0）",
    source="年报评估常见问题：表格留空或以“/”代替 0",
    cells="表三全部单元格",
    example="""
申请办理情况:
  上年结转: [4, ~, 0, 0, 0, 0]     # 留空 → T3-BLANK
""",
)
def t3_blank(ctx: Context):
    yield from _blank_cells(ctx, APPLICATIONS)


@rule(
    "T3-TOTAL",
    "error",
    "表三印出的总计是空白，而它所加的各格已填写",
    source="年报评估常见问题：总计栏留空；表格印出的总计是报告的数字，不能缺",
    cells="表三 总计列、（七）总计行",
    example="""
申请办理情况:
  结转下年度继续办理: [1, 0, 0, 0, 0, 0, ~]   # 第 7 个数（总计）留空 → T3-TOTAL
""",
)
def t3_blank_total(ctx: Context):
    yield from _blank_total_findings(ctx, APPLICATIONS)


# ---------------------------------------------------------------------------
# 表四 政府信息公开行政复议、行政诉讼情况


@rule(
    "T4-TOTAL",
    "error",
    "表四印出的总计是空白，而该组各项已填写",
    source="年报评估常见问题：总计栏留空；表格印出的总计是报告的数字，不能缺",
    cells="表四 行政复议、未经复议直接起诉、复议后起诉 三组的总计",
    example="""
复议诉讼情况:
  行政复议: [2, 1, 0, 1, ~]     # 第 5 个数（总计）留空 → T4-TOTAL
""",
)
def t4_blank_total(ctx: Context):
    yield from _blank_total_findings(ctx, REVIEWS)


@rule(
    "T4-R1",
    "error",
    "每组：填写的总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    source="表格结构：每组总计为四种结果之和",
    cells="表四 行政复议、未经复议直接起诉、复议后起诉 三组的总计",
    example="""
复议诉讼情况:
  行政复议: [2, 1, 0, 1, 3]     # 第 5 个数是总计，应为 4 → T4-R1
""",
)
def t4_group_total(ctx: Context):
    values = ctx.table(REVIEWS)
    if values is not None:
        yield from column_total_equations(values)


@rule(
    "T4-R2",
    "error",
    "表四各项应为非负整数",
    source="表格格式：案件件数",
    cells="表四全部单元格",
    example="""
复议诉讼情况:
  复议后起诉: [1, 0, 0.5, 0]    # 不是整数 → T4-R2
""",
)
def t4_whole_numbers(ctx: Context):
    yield from _whole_numbers(ctx, REVIEWS)


@rule(
    "T4-BLANK",
    "warning",
    "表四有未填写的单元格（未填写不等于 0）",
    source="年报评估常见问题：表格留空或以“/”代替 0",
    cells="表四全部单元格",
    example="""
复议诉讼情况:
  未经复议直接起诉: [1, ~, 0, 1]   # 留空 → T4-BLANK
""",
)
def t4_blank(ctx: Context):
    yield from _blank_cells(ctx, REVIEWS)
