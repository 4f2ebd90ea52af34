"""The opening paragraph and contact sentence the seed reports use, generated
from the data and the layout's own part list (so it never names a part the
report does not have)."""

from __future__ import annotations

from .layouts import chinese_numeral
from .model import Report, format_date_cn

AUTO = ("自动", "auto")


def included_parts(report: Report) -> list:
    """The layout's parts that the report prints, in order."""
    out = []
    for part in report.layout.parts:
        table = report.tables.get(part.table) if part.table else None
        if part.required or report.part_text(part.key) or (table is not None and table.entered):
            out.append(part)
    return out


def auto_intro(report: Report) -> list[str]:
    parts = included_parts(report)
    start, end = report.period
    regulation = "《中华人民共和国政府信息公开条例》（以下简称《条例》）"
    if report.edition is not None and report.edition.id == "2021":
        basis = f"根据{regulation}和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）要求"
    else:
        basis = f"根据{regulation}要求"
    first = (
        f"{basis}，现公布{report.data.agency.name}{report.year}年政府信息公开工作年度报告。"
        f"本报告由{'、'.join(p.title for p in parts)}共{chinese_numeral(len(parts))}个部分组成。"
        f"本报告中所列数据的统计期限自{format_date_cn(start)}起至{format_date_cn(end)}止。"
    )
    lines = [first]
    c = report.data.contact
    if c is not None and (c.office or c.phone or c.address):
        details = [f"{label}：{value}" for label, value in (
            ("地址", c.address), ("邮编", c.postcode), ("电话", c.phone), ("传真", c.fax),
            ("电子邮箱", c.email), ("网址", c.website)) if value]
        who = c.office or report.data.agency.name
        lines.append(f"如对本报告有任何疑问，请与{who}联系" + (f"（{'；'.join(details)}）" if details else "") + "。")
    return lines


def intro_lines(report: Report) -> list[str]:
    intro = report.data.intro
    if not intro:
        return []
    if intro.strip() in AUTO:
        return auto_intro(report)
    return [line.strip() for line in intro.splitlines() if line.strip()]
