"""The opening paragraph and contact sentence the seed reports use, generated
from the data and the layout's own part list, so that it never names a part
the report does not print.

The wording follows seed 002 (青岛市人力资源和社会保障局 2013)::

    根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，现向社会公布
    ……2013年度政府信息公开工作年度报告。本报告由概述、……和附表共九个部分组成。
    本报告中所列数据的统计期限自2013年1月1日起至2013年12月31日止。
    如对本报告有任何疑问，请与……联系（地址：……；邮编：……；电话：……）。
"""

from __future__ import annotations

from giar_gen.model.layouts import Part, chinese_numeral
from giar_gen.model.report import AUTO, Report, format_date_cn

REGULATION = "《中华人民共和国政府信息公开条例》（以下简称《条例》）"
#: The State Council format each table edition was published in.
FORMAT_BY_EDITION = {
    "2019": "《中华人民共和国政府信息公开工作年度报告格式（试行）》（国办公开办函〔2019〕60号）",
    "2021": "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）",
}


def included_parts(report: Report) -> list[Part]:
    """The layout's parts that the report prints, in order: the required ones,
    those the ``正文`` mapping names (even without text), those with an entered
    official table, and those holding local tables."""
    out = []
    for part in report.layout.parts:
        table = report.tables.get(part.table) if part.table else None
        given, _text = report.part_entry(part.key)
        if part.required or given or (table is not None and table.entered) or report.local_tables_of(part.key):
            out.append(part)
    return out


def enumerate_names(names: list[str]) -> str:
    """``甲、乙和丙``: the seeds join the last item with 和."""
    if len(names) <= 1:
        return "".join(names)
    return "、".join(names[:-1]) + "和" + names[-1]


def auto_intro(report: Report) -> list[str]:
    """The generated opening paragraph, and the contact sentence when the data has one."""
    titled = [p for p in included_parts(report) if p.heading]
    start, end = report.period
    basis = REGULATION
    if report.edition is not None and report.edition.id in FORMAT_BY_EDITION:
        basis += "和" + FORMAT_BY_EDITION[report.edition.id]
    first = f"根据{basis}要求，现向社会公布{report.data.agency.name}{report.year}年度政府信息公开工作年度报告。"
    if titled:
        first += f"本报告由{enumerate_names([p.title for p in titled])}共{chinese_numeral(len(titled))}个部分组成。"
    first += f"本报告中所列数据的统计期限自{format_date_cn(start)}起至{format_date_cn(end)}止。"
    lines = [first]
    contact = contact_sentence(report)
    if contact:
        lines.append(contact)
    return lines


def contact_sentence(report: Report) -> str | None:
    c = report.data.contact
    if c is None:
        return None
    details = [
        f"{label}：{value}"
        for label, value in (
            ("地址", c.address),
            ("邮编", c.postcode),
            ("电话", c.phone),
            ("传真", c.fax),
            ("电子邮箱", c.email),
            ("网址", c.website),
        )
        if value
    ]
    if not (c.office or details):
        return None
    who = c.office or report.data.agency.name
    return f"如对本报告有任何疑问，请与{who}联系" + (f"（{'；'.join(details)}）" if details else "") + "。"


def intro_lines(report: Report) -> list[str]:
    """The intro paragraphs: generated (``引言: 自动``), as written, or none."""
    intro = report.data.intro
    if not intro:
        return []
    if intro.strip() in AUTO:
        return auto_intro(report)
    return [line.strip() for line in intro.splitlines() if line.strip()]
