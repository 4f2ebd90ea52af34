"""Rules on the report as a whole (P): the numbering of its parts, a report left blank.

P-OUTLINE reads the top-level headings as printed ("一、…" to "六、…"), which
only a published report has (:attr:`giar_gen.model.report.Report.outline`,
filled by the importer); a data file's parts are numbered by giar-gen itself.
"""

from __future__ import annotations

from giar_gen.checks.catalogue import Context, rule
from giar_gen.model.layouts import chinese_numeral


def _line_location(ctx: Context, line: int | None):
    from giar_gen.diagnostics import Location

    rep = ctx.report
    file = str(rep.path) if rep.path is not None else (rep.source.file if rep.source is not None else "")
    return Location(file, line) if line else ctx.location(())


@rule(
    "P-OUTLINE",
    "warning",
    "各部分的编号重新开始、跳号，或与规定的部分顺序不符",
    source="国办公开办函〔2021〕30号规定的部分及顺序（一、总体情况……六、其他需要报告的事项）；公文层次序数应连续（GB/T 9704—2012）",
    cells="已发布报告中印出的一级标题（一、二、……）",
    example="""
# 已发布的报告（giar-gen check 报告.pdf/.txt/.html）：
# 一、总体情况  二、工作机制保障 … 六、平台建设  一、主动公开政府信息情况 …
# 编号重新从“一、”开始；“二、工作机制保障”是总体情况的小标题却按部分编号 → P-OUTLINE
""",
)
def p_outline(ctx: Context):
    rep = ctx.report
    outline = rep.outline or []
    if not outline:
        return
    order = {lp.key: i + 1 for i, lp in enumerate(rep.layout.parts)}
    first_of = {o["part"]: k for k, o in enumerate(outline) if o["part"]}
    restarts, skips, step, subtopics = [], [], [], []
    last = 0
    for k, o in enumerate(outline):
        n = o["number"]
        if n is None:  # a heading the extraction lost: its number is unknown
            last += 1  # assume it carried the next number
            continue
        if last and n <= last:
            restarts.append(o) if n == 1 else skips.append((o, last))
        elif n > last + 1:
            skips.append((o, last))
        last = n
        part = o["part"]
        if part and part in order and order[part] != n:
            step.append((o, order[part]))
        if (
            not part
            and first_of
            and k < min(first_of.get(lp.key, len(outline)) for lp in rep.layout.parts[1:])
            and k > first_of.get(rep.layout.parts[0].key, len(outline))
        ):
            subtopics.append(o)
    if restarts:
        o = restarts[0]
        yield ctx.finding(
            f"一级标题的编号在「{o['heading']}」处重新从“一、”开始（全文应连续编号）",
            location=_line_location(ctx, o["line"]),
            field="标题编号",
            expected="全文连续编号",
            actual="、".join(x["heading"] for x in restarts),
        )
    for o, before in skips:
        what = "重复" if o["number"] == before else ("倒退" if o["number"] < before else "跳号")
        if o in restarts:
            continue
        yield ctx.finding(
            f"一级标题「{o['heading']}」的编号{what}（前一个是“{chinese_numeral(before)}、”）",
            location=_line_location(ctx, o["line"]),
            field="标题编号",
            expected=f"{chinese_numeral(before + 1)}、",
            actual=o["heading"],
        )
    if subtopics:
        names = "、".join(f"「{o['heading']}」" for o in subtopics)
        yield ctx.finding(
            f"{names}是“{rep.layout.parts[0].title}”下的内容，却按报告的一级部分编号",
            location=_line_location(ctx, subtopics[0]["line"]),
            field="标题编号",
            expected="用（一）（二）……作为小标题",
            actual=names,
            hint="2021年版格式规定的部分依次为："
            + "、".join(f"{chinese_numeral(i + 1)}、{lp.title}" for i, lp in enumerate(rep.layout.parts))
            + "。",
        )
    if step:
        items = "；".join(f"「{o['heading']}」应为第{chinese_numeral(want)}部分" for o, want in step)
        o = step[0][0]
        yield ctx.finding(
            f"部分的序号与规定的顺序不符：{items}",
            location=_line_location(ctx, o["line"]),
            field="标题编号",
            expected="、".join(f"{chinese_numeral(w)}、" for _, w in step),
            actual="、".join(x["heading"] for x, _ in step),
        )


@rule(
    "P-EMPTY",
    "error",
    "三张统计表都没有填写（报告像是空白表格）",
    source="国办公开办函〔2021〕30号：年度报告应包括表二、表三、表四的统计数据",
    cells="表二、表三、表四全部单元格",
    example="""
# 空白的官方表格（每一格都没有填写）→ P-EMPTY
主动公开情况: {}
申请办理情况: {}
复议诉讼情况: {}
""",
)
def p_empty(ctx: Context):
    rep = ctx.report
    if rep.edition is None or not rep.tables:
        return
    if any(v is not None for t in rep.tables.values() for v in t.entered.values()):
        return
    yield ctx.finding(
        "三张统计表（主动公开、收到和处理申请、行政复议和行政诉讼）都没有填写任何数字",
        location=ctx.location(()),
        field="统计表",
        hint="这像是一份空白的表格：请填写各项数字；没有发生的事项填 0。",
    )
