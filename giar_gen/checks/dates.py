"""Rules on dates (D): statistical period, deadline, order, dates in the text."""

from __future__ import annotations

import datetime as _dt
import re

from giar_gen.checks.catalogue import Context, rule
from giar_gen.model.report import Report, format_date_cn

#: a 派出机关 publishing its own 本级 report like a government: the 管委会 of a
#: development zone, high-tech zone, pilot or free-trade zone, new area, park
ZONE_AUTHORITY = re.compile(
    r"(?:开发区|高新区|新区|试验区|示范区|自贸区|保税区|园区|产业园|度假区|风景区|管理区|合作区|实验区|港区|"
    r"综合保税区|经济区)(?:党工委)?(?:管理委员会|管委会)(?:本级)?$"
)


def is_zone_authority(name: str) -> bool:
    """True for the 管委会 of a zone (a 派出机关 with its own 本级 report)."""
    return bool(ZONE_AUTHORITY.search(re.sub(r"\s+", "", name or "")))


def deadline(report: Report) -> tuple[_dt.date, str]:
    """The last day a report may be published, and the provision it comes from."""
    y = report.year
    if y < 2019:
        return _dt.date(y + 1, 3, 31), "2008年《条例》第三十一条：各级行政机关每年3月31日前公布"
    if report.data.agency.kind == "人民政府":
        return _dt.date(y + 1, 3, 31), "2019年《条例》第四十九条第二款：本级政府年度报告每年3月31日前向社会公布"
    if is_zone_authority(report.data.agency.name):
        return _dt.date(y + 1, 3, 31), (
            "2019年《条例》第四十九条第二款：开发区、试验区等管委会作为派出机关公布本级"
            "（全区）年度报告，与本级政府一样在每年3月31日前公布"
        )
    return _dt.date(y + 1, 1, 31), "2019年《条例》第四十九条第一款：县级以上人民政府部门每年1月31日前公布"


@rule(
    "D-PERIOD",
    "error",
    "统计期限应为报告年度的1月1日至12月31日",
    source="报告格式：统计期限为报告年度1月1日至12月31日（DB51/T 2660—2019 §2.1）",
    cells="统计期限、报告年度",
    example="""
报告年度: 2023
统计期限: {起: 2022-12-01, 止: 2023-11-30}    # → D-PERIOD
""",
    needs=("报告年度",),
)
def d_period(ctx: Context):
    rep = ctx.report
    if rep.data.period is None:
        return
    start, end = rep.period
    want = (_dt.date(rep.year, 1, 1), _dt.date(rep.year, 12, 31))
    if (start, end) == want:
        return
    path, loc = ctx.field_location(("统计期限", "period"))
    yield ctx.finding(
        f"统计期限不是{rep.year}年全年",
        location=loc,
        path=path,
        field="统计期限",
        expected=f"{format_date_cn(want[0])}至{format_date_cn(want[1])}",
        actual=f"{format_date_cn(start)}至{format_date_cn(end)}",
        hint="删去“统计期限”即按报告年度自动取全年。",
    )


@rule(
    "D-DEADLINE",
    "error",
    "发布日期晚于法定期限",
    source="2019年《条例》第四十九条（部门1月31日前，本级政府及开发区等管委会的本级报告3月31日前）；2008年《条例》第三十一条（2018年度及以前一律3月31日前）；年报评估常见问题：发布不及时",
    cells="发布日期、机关 → 类型、报告年度",
    example="""
报告年度: 2023
机关: {名称: 某局, 类型: 部门}
发布日期: 2024-02-20      # 部门应在 2024年1月31日前公布 → D-DEADLINE
""",
    needs=("发布日期", "机关", "报告年度"),
)
def d_deadline(ctx: Context):
    rep = ctx.report
    last, why = deadline(rep)
    published = rep.data.publication_date
    if published <= last:
        return
    path, loc = ctx.field_location(("发布日期", "publication_date"))
    yield ctx.finding(
        f"发布日期晚于法定期限 {format_date_cn(last)}（逾期 {(published - last).days} 天）",
        location=loc,
        path=path,
        field="发布日期",
        expected=f"不晚于{format_date_cn(last)}",
        actual=format_date_cn(published),
        hint=f"{why}。确系补发的，请在“已确认”中说明。",
    )


@rule(
    "D-ORDER",
    "error",
    "发布日期、成文日期应在统计期限结束之后，成文日期不晚于发布日期",
    source="年度报告总结已结束的年度；落款日期为成文日期（GB/T 9704—2012）",
    cells="发布日期、成文日期、统计期限",
    example="""
报告年度: 2023
发布日期: 2023-12-20       # 年度尚未结束 → D-ORDER
""",
    needs=("发布日期", "报告年度"),
)
def d_order(ctx: Context):
    rep = ctx.report
    _, end = rep.period
    published = rep.data.publication_date
    signed = rep.data.signature_date
    if published <= end:
        path, loc = ctx.field_location(("发布日期", "publication_date"))
        yield ctx.finding(
            f"发布日期不在统计期限（截至{format_date_cn(end)}）之后",
            location=loc,
            path=path,
            field="发布日期",
            expected=f"晚于{format_date_cn(end)}",
            actual=format_date_cn(published),
        )
    if signed is not None:
        path, loc = ctx.field_location(("成文日期", "signature_date"))
        if signed <= end:
            yield ctx.finding(
                f"成文日期不在统计期限（截至{format_date_cn(end)}）之后",
                location=loc,
                path=path,
                field="成文日期",
                expected=f"晚于{format_date_cn(end)}",
                actual=format_date_cn(signed),
            )
        elif signed > published:
            yield ctx.finding(
                "成文日期晚于发布日期",
                location=loc,
                path=path,
                field="成文日期",
                expected=f"不晚于{format_date_cn(published)}",
                actual=format_date_cn(signed),
            )


#: a complete written date: 2013年2月15日, 二〇一三年二月十五日
_FULL_DATE = re.compile(
    r"(\d{4}|[〇○零Ｏ一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月"
    r"(\d{1,2}|[一二三四五六七八九十]{1,3})日"
)


@rule(
    "D-SIGNED",
    "error",
    "落款日期应写全年、月、日",
    source="GB/T 9704—2012 第7.3.5条：成文日期用阿拉伯数字将年、月、日标全",
    cells="落款日期",
    example="""
成文日期: 2013-02-15
落款日期: "2013年2月15"      # 缺“日” → D-SIGNED
""",
)
def d_signed(ctx: Context):
    written = ctx.report.data.printed_date
    if written is None or _FULL_DATE.fullmatch(re.sub(r"\s+", "", written)):
        return
    path, loc = ctx.field_location(("落款日期", "printed_date"))
    yield ctx.finding(
        f"落款日期「{written}」没有写全年、月、日",
        location=loc,
        path=path,
        field="落款日期",
        expected=format_date_cn(ctx.report.signature_date),
        actual=written,
        hint="补全为“某年某月某日”；删去“落款日期”一行则按成文日期印作规范写法。",
    )


_DATE = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")


@rule(
    "D-TEXT",
    "error",
    "正文中写了不存在的日期",
    source="日期应真实完整",
    cells="引言、正文",
    example="""
正文:
  总体情况: |
    2023年2月30日召开专题会议……     # 2月没有30日 → D-TEXT
""",
)
def d_text(ctx: Context):
    for f in ctx.texts():
        for m in _DATE.finditer(f.text):
            y, mo = int(m.group(1)), int(m.group(2))
            d = int(m.group(3)) if m.group(3) else 1
            try:
                _dt.date(y, mo, d)
            except ValueError:
                yield ctx.finding(
                    f"日期「{m.group(0)}」不存在",
                    location=ctx.text_location(f, m.start()),
                    field=f.label,
                    expected="真实存在的日期",
                    actual=m.group(0),
                )


#: a date of the statistical period with its figures left out: "　年　月　日", "2023年  月  日"
_PERIOD_SENTENCE = re.compile(r"统计(?:期限|周期|时限|时间|区间|期间)[^。；;\n]{0,60}")
_DATE_SLOT = re.compile(
    r"(?P<y>\d{4})?[\s_＿×xX　]*年[\s_＿×xX　]*(?P<m>\d{1,2})?[\s_＿×xX　]*月[\s_＿×xX　]*(?P<d>\d{1,2})?[\s_＿×xX　]*日"
)


@rule(
    "D-BLANK",
    "error",
    "统计期限的日期没有填写（如“统计期限为　年　月　日至　年　月　日”）",
    source="年报评估常见问题：套用模板未填写统计期限；统计期限为报告年度1月1日至12月31日",
    cells="引言、正文中的统计期限",
    example="""
引言: |
  本报告所列数据的统计期限自  年  月  日起至  年  月  日止。     # → D-BLANK
""",
)
def d_blank_period(ctx: Context):
    for f in ctx.texts():
        for s in _PERIOD_SENTENCE.finditer(f.text):
            for m in _DATE_SLOT.finditer(s.group(0)):
                if not (m.group("y") and m.group("m") and m.group("d")):
                    yield ctx.finding(
                        f"统计期限的日期没有填写完整：「{s.group(0)[:40]}」",
                        location=ctx.text_location(f, s.start() + m.start()),
                        field=f.label,
                        expected=f"{ctx.report.year}年1月1日至{ctx.report.year}年12月31日",
                        actual=m.group(0).strip(),
                        hint="统计期限应为报告年度的1月1日至12月31日。",
                    )
                    break
