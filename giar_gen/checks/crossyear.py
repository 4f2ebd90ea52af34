"""Cross-year rules (X): this year's report against last year's (``--previous``)."""

from __future__ import annotations

import re

from giar_gen.checks.catalogue import Context, rule
from giar_gen.checks.tables import APPLICATIONS, PROACTIVE
from giar_gen.model.report import Report, format_number

#: share of this year's text found word for word in last year's from which a part is "copied"
COPY_THRESHOLD = 0.5
#: length of the character runs compared (digits count as one class, so changed figures still match)
SHINGLE = 8
#: parts shorter than this are not compared
MIN_CHARS = 40
#: characters a part must share with last year's text to be a copied passage ("大段照搬": about four printed
#: lines); a short set statement repeated with this year's facts (the fee sentence) is not one
MIN_COPIED = 200


def _consecutive(ctx: Context) -> bool:
    prev = ctx.previous
    return prev is not None and prev.year == ctx.report.year - 1


def _year_path(rep: Report) -> tuple:
    from giar_gen.model.references import yaml_path

    return yaml_path(rep, ("报告年度", "report_year"))


@rule(
    "X-YEAR",
    "error",
    "--previous 给出的应是上一年度的报告",
    source="跨年度核对的前提",
    cells="报告年度（两份数据文件）",
    example="""
giar-gen check 2023.yaml --previous 2021.yaml
# 上一年度应为 2022 → X-YEAR，其余跨年度规则不运行
""",
    needs_previous=True,
    needs=("报告年度",),
)
def x_year(ctx: Context):
    prev = ctx.previous
    assert prev is not None
    if prev.year != ctx.report.year - 1:
        yield ctx.finding(
            f"作为上一年度报告的数据文件是 {prev.year} 年度的，应为 {ctx.report.year - 1} 年度；跨年度核对未进行",
            location=ctx.location(_year_path(prev), report=prev),
            field="报告年度",
            expected=ctx.report.year - 1,
            actual=prev.year,
        )


@rule(
    "X-R1",
    "error",
    "上年结转 = 上一年度报告的结转下年度继续办理（每一列）",
    source="表三 二、上年结转 与上年 四、结转下年度继续办理 是同一批申请；机构改革等原因确有不同的，请在“已确认”中说明",
    cells="表三 二、上年结转（本年）与 四、结转下年度继续办理（上年）",
    example="""
# 2022 年度：结转下年度继续办理: [5, 2, 0, 0, 0, 1]
# 2023 年度：上年结转:           [4, 1, 0, 0, 0, 0]  → X-R1（自然人 4 ≠ 5 等）
""",
    needs_previous=True,
)
def x_carried_over(ctx: Context):
    if not _consecutive(ctx):
        return
    cur, prev = ctx.table(APPLICATIONS), ctx.table(APPLICATIONS, ctx.previous)
    if cur is None or prev is None:
        return
    t = cur.table
    mismatched = []
    for col in t.columns:
        a, b = cur.value("carried_over", col.id), prev.value("carried_forward", col.id)
        if a is None or b is None or a == b:
            continue
        if col.is_total and mismatched:
            continue  # follows from the columns already reported
        mismatched.append(col)
        this = ctx.cell(cur, "carried_over", col.id)
        last = ctx.cell(prev, "carried_forward", col.id, report=ctx.previous)
        yield ctx.finding(
            f"「{col.label}」列：本年「{t.row('carried_over').key}」与上年「{t.row('carried_forward').key}」不一致",
            location=this.location,
            field=t.key,
            cells=[this, last],
            expected=format_number(b),
            actual=format_number(a),
            suspect=this,
            hint="上年报告已公布，最可能需要改的是本年的上年结转数。",
        )


def _document_rows(ctx: Context):
    """Rows of table 二 that have 本年制发/本年废止/现行有效 in both years (2021 edition)."""
    cur, prev = ctx.table(PROACTIVE), ctx.table(PROACTIVE, ctx.previous)
    if cur is None or prev is None or not _consecutive(ctx):
        return
    need = {"issued", "repealed", "in_force"}
    for row in cur.table.rows:
        if not need <= {c.id for c in cur.table.columns_of(row)}:
            continue
        try:
            prow = prev.table.row(row.id)
        except KeyError:
            continue
        if "in_force" not in {c.id for c in prev.table.columns_of(prow)}:
            continue
        vals = (
            cur.value(row.id, "in_force"),
            prev.value(row.id, "in_force"),
            cur.value(row.id, "issued"),
            cur.value(row.id, "repealed"),
        )
        if any(v is None for v in vals):
            continue
        yield row, cur, prev, vals


@rule(
    "X-R2",
    "warning",
    "现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数",
    source="现行有效件数的逐年推算（文件修订、集中清理会使它不完全成立，故为警告）",
    cells="表二 规章、行政规范性文件：现行有效件数（本年、上年）、本年制发件数、本年废止件数",
    example="""
# 2022 年度：行政规范性文件: [2, 0, 15]
# 2023 年度：行政规范性文件: [3, 1, 20]   # 15 + 3 − 1 = 17 ≠ 20 → X-R2
""",
    needs_previous=True,
)
def x_in_force(ctx: Context):
    for row, cur, prev, (now, before, issued, repealed) in _document_rows(ctx):
        expected = before + issued - repealed
        if now != expected:
            this = ctx.cell(cur, row.id, "in_force")
            yield ctx.finding(
                f"「{row.label}」：现行有效件数与上年现行有效件数、本年制发和废止件数对不上",
                location=this.location,
                field=cur.table.key,
                cells=[
                    this,
                    ctx.cell(prev, row.id, "in_force", report=ctx.previous),
                    ctx.cell(cur, row.id, "issued"),
                    ctx.cell(cur, row.id, "repealed"),
                ],
                expected=f"{format_number(before)} + {format_number(issued)} − {format_number(repealed)} = {format_number(expected)}",
                actual=format_number(now),
                hint="如因修订、集中清理等原因不一致，请在“已确认”中说明。",
            )


@rule(
    "X-R3",
    "error",
    "本年废止件数不能多于上年现行有效件数与本年制发件数之和",
    source="只能废止现行有效的文件",
    cells="表二 规章、行政规范性文件：本年废止件数、上年现行有效件数、本年制发件数",
    example="""
# 2022 年度：行政规范性文件: [2, 0, 15]
# 2023 年度：行政规范性文件: [3, 20, 0]   # 废止 20 > 15 + 3 → X-R3
""",
    needs_previous=True,
)
def x_repealed(ctx: Context):
    for row, cur, prev, (_now, before, issued, repealed) in _document_rows(ctx):
        if repealed > before + issued:
            this = ctx.cell(cur, row.id, "repealed")
            yield ctx.finding(
                f"「{row.label}」：本年废止件数多于上年现行有效件数与本年制发件数之和",
                location=this.location,
                field=cur.table.key,
                cells=[this, ctx.cell(prev, row.id, "in_force", report=ctx.previous), ctx.cell(cur, row.id, "issued")],
                expected=f"≤ {format_number(before + issued)}",
                actual=format_number(repealed),
            )


@rule(
    "X-R4",
    "error",
    "（2019年版）上一年项目数量 = 上年报告的上一年项目数量 + 上年本年增/减",
    source="2019年版表格的逐年推算；湖北省填报说明：“上一年项目数量”指上一年事项数，“本年增/减”指当年增减的事项数",
    cells="表二（2019年版）第二十条第（五）（六）（八）项：上一年项目数量、本年增/减",
    example="""
# 2019 年度：行政许可: [120, -8, 3400]
# 2020 年度：行政许可: [120, 5, 3100]   # 上一年项目数量应为 120 − 8 = 112 → X-R4
""",
    needs_previous=True,
)
def x_items_chain(ctx: Context):
    cur, prev = ctx.table(PROACTIVE), ctx.table(PROACTIVE, ctx.previous)
    if cur is None or prev is None or not _consecutive(ctx):
        return
    for row in cur.table.rows:
        if not {"previous_items", "change"} <= {c.id for c in cur.table.columns_of(row)}:
            continue
        try:
            prow = prev.table.row(row.id)
        except KeyError:
            continue
        if not {"previous_items", "change"} <= {c.id for c in prev.table.columns_of(prow)}:
            continue
        now, before, change = (
            cur.value(row.id, "previous_items"),
            prev.value(row.id, "previous_items"),
            prev.value(row.id, "change"),
        )
        if None in (now, before, change) or now == before + change:
            continue
        this = ctx.cell(cur, row.id, "previous_items")
        yield ctx.finding(
            f"「{row.label}」：上一年项目数量与上年报告的项目数量和增减数对不上",
            location=this.location,
            field=cur.table.key,
            cells=[
                this,
                ctx.cell(prev, row.id, "previous_items", report=ctx.previous),
                ctx.cell(prev, row.id, "change", report=ctx.previous),
            ],
            expected=f"{format_number(before)} + ({format_number(change)}) = {format_number(before + change)}",
            actual=format_number(now),
            suspect=this,
        )


def _normalise(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    return re.sub(r"\d+(?:\.\d+)?", "0", text)


def copied_share(text: str, pool: set[str]) -> float:
    """Share of the characters of ``text`` covered by runs of :data:`SHINGLE`
    characters that also occur in the texts ``pool`` was built from."""
    t = _normalise(text)
    if len(t) < SHINGLE:
        return 0.0
    covered = [False] * len(t)
    for i in range(len(t) - SHINGLE + 1):
        if t[i : i + SHINGLE] in pool:
            for j in range(i, i + SHINGLE):
                covered[j] = True
    return sum(covered) / len(t)


def shingles(texts) -> set[str]:
    out: set[str] = set()
    for text in texts:
        t = _normalise(text)
        out.update(t[i : i + SHINGLE] for i in range(len(t) - SHINGLE + 1))
    return out


@rule(
    "X-COPY",
    "warning",
    "正文大段照搬上一年度报告",
    source="年报评估常见问题（法治蓝皮书2017：“部分年报与去年的重复率竟达90%”）；国办公开办函〔2021〕30号：年报应全面反映当年工作",
    cells="正文各部分（与上一年度报告的全部正文比较）",
    example="""
# 2023 年度“存在的主要问题及改进情况”与 2022 年度的文字 85% 相同 → X-COPY
""",
    needs_previous=True,
)
def x_copied(ctx: Context):
    prev = ctx.previous
    assert prev is not None
    if not _consecutive(ctx):
        return
    pool = shingles(t for t in prev.data.parts.values() if t)
    if not pool:
        return
    for f in ctx.texts():
        if f.label == "引言" or len(_normalise(f.text)) < MIN_CHARS:
            continue
        share = copied_share(f.text, pool)
        if share >= COPY_THRESHOLD and share * len(_normalise(f.text)) >= MIN_COPIED:
            yield ctx.finding(
                f"有 {share:.0%} 的文字与 {prev.year} 年度报告相同",
                location=ctx.text_location(f, 0),
                field=f.label,
                expected=f"< {COPY_THRESHOLD:.0%}",
                actual=f"{share:.0%}",
                hint="年度报告应反映本年度的工作；沿用的表述请结合本年情况改写。",
            )
