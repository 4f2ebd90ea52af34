"""Rules on the parts, layout, table edition and title of a report (P)."""

from __future__ import annotations

import re

from giar_gen.checks.catalogue import Context, rule
from giar_gen.model.layouts import builtin_layouts
from giar_gen.model.references import part_path, text_location, yaml_path
from giar_gen.model.tables import edition_for_year
from giar_gen.source.skeleton import (
    DRAFT_OPEN,
    NAME_MARK,
    PHONE_PLACEHOLDER,
    PLACEHOLDER,
    POSTCODE_PLACEHOLDER,
)

#: the placeholder marks ``giar-gen init`` (and ``init --from``) write into texts
TEXT_MARKS = (PLACEHOLDER, DRAFT_OPEN)
#: … and into names, the signature and the contact details (like ××局)
NAME_MARKS = (PLACEHOLDER, DRAFT_OPEN, NAME_MARK)
#: whole values the skeleton writes as placeholders, by field alias
PLACEHOLDER_VALUES = {"邮编": POSTCODE_PLACEHOLDER, "电话": PHONE_PLACEHOLDER}

#: the part of the five-part layout that must state the 信息处理费
OTHER_MATTERS = "其他需要报告的事项"


@rule(
    "P-EDITION",
    "error",
    "表格版本与报告年度不符",
    source="国办公开办函〔2019〕60号（试行格式，用于2019、2020年度）、〔2021〕30号（2021年度起）",
    cells="表格版本、报告年度",
    example="""
报告年度: 2022
表格版本: 2019       # 2022 年度应使用 2021 年版 → P-EDITION
""",
    needs=("报告年度",),
)
def p_edition(ctx: Context):
    rep = ctx.report
    expected = edition_for_year(rep.year)
    actual = rep.edition
    if (expected.id if expected else None) == (actual.id if actual else None):
        return
    path, loc = ctx.field_location(("表格版本", "edition"))
    want = expected.name if expected else "不用全国统一表格（2019年以前）"
    yield ctx.finding(
        f"{rep.year}年度应使用{want}，数据文件用的是{actual.name if actual else '无表格'}",
        location=loc,
        path=path,
        expected=want,
        actual=actual.name if actual else "无",
        hint="删去“表格版本”一行即按报告年度自动选用。",
    )


@rule(
    "P-LAYOUT",
    "error",
    "版式与报告年度适用的《条例》不符",
    source="2008年《条例》第三十二条（2018年度及以前，九部分）；2019年《条例》第五十条（2019年度起，五部分）",
    cells="版式、报告年度",
    example="""
报告年度: 2021
版式: 九部分        # 2021 年度应为五部分 → P-LAYOUT
""",
    needs=("报告年度",),
)
def p_layout(ctx: Context):
    rep = ctx.report
    lay = rep.layout
    if lay not in builtin_layouts().values() or lay.covers(rep.year):
        return
    right = next((b for b in builtin_layouts().values() if b.covers(rep.year)), None)
    path, loc = ctx.field_location(("版式", "layout"))
    yield ctx.finding(
        f"{rep.year}年度的报告应采用{right.name if right else '相应'}版式，数据文件用的是{lay.name}版式",
        location=loc,
        path=path,
        expected=right.name if right else None,
        actual=lay.name,
        hint="删去“版式”一行即按报告年度自动选用。",
    )


def _table_filled(ctx: Context, table_id: str | None) -> bool:
    if not table_id:
        return False
    values = ctx.table(table_id)
    return values is not None and any(v is not None for v in values.entered.values())


@rule(
    "P-PART",
    "error",
    "版式要求的部分缺失或为空",
    source="国办公开办函〔2021〕30号：报告内容“不能遗漏”；2019年《条例》第五十条",
    cells="正文各部分；表格部分看表格数据",
    example="""
正文:
  总体情况: |
    ……
  # 缺少“存在的主要问题及改进情况” → P-PART
""",
)
def p_parts(ctx: Context):
    rep = ctx.report
    # every table present and every cell blank: one P-EMPTY says so, not a P-PART per table
    blank_form = bool(rep.tables) and not any(v is not None for t in rep.tables.values() for v in t.entered.values())
    for part in rep.layout.parts:
        if not part.required:
            continue
        text = rep.part_text(part.key)
        if part.table and rep.edition is not None:
            if _table_filled(ctx, part.table):
                continue
            values = ctx.table(part.table)
            if blank_form and values is not None:
                continue
            key = values.table.key if values is not None else part.table
            path = (key,)
            msg = f"缺少第{_part_no(rep, part)}部分“{part.title}”的表格数据（「{key}」）"
            hint = "没有发生的事项请填 0，不要删去表格；giar-gen init 生成的模板列出了全部单元格。"
        else:
            if text and text.strip():
                continue
            path = part_path(rep, part.key)
            msg = f"缺少第{_part_no(rep, part)}部分“{part.title}”的文字"
            hint = "没有可报告的内容也应写明（如“本年度无”），不能省略。"
        yield ctx.finding(msg, location=ctx.location(path, key=True), field=" → ".join(path), hint=hint)


def _part_no(rep, part) -> str:
    from giar_gen.model.layouts import chinese_numeral

    return chinese_numeral(rep.layout.parts.index(part) + 1)


def _all_text(ctx: Context) -> str:
    return "\n".join(f.text for f in ctx.texts())


#: what a 人民政府 report must cover under art. 50(四), and the words that show it does
GOVERNMENT_TOPICS = (
    ("工作考核", ("考核",)),
    ("社会评议", ("评议", "社会评价", "群众评价", "满意度测评")),
    ("责任追究", ("责任追究", "追责", "问责", "追究责任")),
)


@rule(
    "P-GOV",
    "error",
    "人民政府的报告应包括工作考核、社会评议和责任追究结果情况",
    source="2019年《条例》第五十条第（四）项；国办公开办函〔2021〕30号“总体情况”之“监督保障”",
    cells="机关 → 类型；正文（通常在总体情况 → 监督保障）",
    example="""
机关: {名称: 某县人民政府, 类型: 人民政府}
正文:
  总体情况: |
    （五）监督保障
    将政务公开纳入年度考核……     # 没有社会评议、责任追究 → P-GOV
""",
    needs=("机关",),
)
def p_government(ctx: Context):
    rep = ctx.report
    if rep.data.agency.kind != "人民政府" or rep.layout.regulation != "2019":
        return
    text = _all_text(ctx)
    missing = [name for name, words in GOVERNMENT_TOPICS if not any(w in text for w in words)]
    if not missing:
        return
    first = rep.layout.parts[0]
    path = part_path(rep, first.key)
    loc = ctx.location(path, key=True)
    yield ctx.finding(
        f"人民政府的年度报告没有写{'、'.join(missing)}结果情况",
        location=loc,
        field=" → ".join(path),
        hint="在“总体情况”的“监督保障”中写明本年度政府信息公开工作考核、社会评议和责任追究的结果（没有追责的也写明）。",
    )


#: other ways a report states the fee: "未发生收费情况", "未收取信息公开处理费", "收费事项", "收取费用…元"
FEE_STATED = re.compile(r"(?:处理费|收费(?:情况|事项|金额)?|收取(?:了)?[^。；\n]{0,12}?费(?:用)?)")


@rule(
    "P-FEE",
    "warning",
    "“其他需要报告的事项”应说明信息处理费的收取情况",
    source="《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）；2021年版格式下各地年报的通行做法",
    cells="正文 → 其他需要报告的事项",
    example="""
正文:
  其他需要报告的事项: |
    本年度无其他需要报告的事项。      # 未说明信息处理费 → P-FEE
# 应写明如：“本年度未收取信息处理费。”
""",
)
def p_fee(ctx: Context):
    rep = ctx.report
    if rep.edition is None or rep.edition.id < "2021" or rep.layout.part(OTHER_MATTERS) is None:
        return
    text = rep.part_text(OTHER_MATTERS) or ""
    if "信息处理费" in text or FEE_STATED.search(text):
        return
    path = part_path(rep, OTHER_MATTERS)
    yield ctx.finding(
        f"“{OTHER_MATTERS}”没有说明信息处理费的收取情况",
        location=ctx.location(path, key=True),
        field=" → ".join(path),
        hint=f"在“{OTHER_MATTERS}”中写明收取的信息处理费金额，或“本年度未收取信息处理费”。",
    )


def _string_fields(ctx: Context):
    """(path, reader's name, field alias, value) of every text field of the data file."""
    rep = ctx.report
    d = rep.data
    yield yaml_path(rep, ("标题", "title")), "标题", "标题", d.title
    yield yaml_path(rep, ("机关", "agency"), ("名称", "name")), "机关 → 名称", "名称", d.agency.name
    yield yaml_path(rep, ("署名", "signature")), "署名", "署名", d.signature
    yield yaml_path(rep, ("引言", "intro")), "引言", "引言", d.intro
    if d.contact is not None:
        for name, f in type(d.contact).model_fields.items():
            alias = f.alias or name
            yield (
                yaml_path(rep, ("联系方式", "contact"), (alias, name)),
                f"联系方式 → {alias}",
                alias,
                getattr(d.contact, name),
            )
    for key, text in d.parts.items():
        yield part_path(rep, key), f"正文 → {key}", "正文", text


def _placeholder(alias: str, value: str) -> tuple[int, str] | None:
    """Offset and text of the first placeholder the tool wrote into ``value``."""
    whole = PLACEHOLDER_VALUES.get(alias)
    if whole is not None and whole in value:
        return value.find(whole), whole
    marks = TEXT_MARKS if alias in ("引言", "正文") else NAME_MARKS
    hits = [(value.find(m), m) for m in marks if m in value]
    return min(hits) if hits else None


@rule(
    "P-PLACEHOLDER",
    "error",
    "还留着 giar-gen 写下的占位文字或待改写的草稿标记",
    source=(
        f"giar-gen init 生成的模板用“{PLACEHOLDER}”“{NAME_MARK}”、邮编“{POSTCODE_PLACEHOLDER}”、"
        f"电话“{PHONE_PLACEHOLDER}”标出要填写的地方；init --from 在沿用的文字前加“{DRAFT_OPEN}…并删除本行】”"
    ),
    cells="标题、机关名称、署名、引言、联系方式、正文",
    example=f"""
正文:
  总体情况: |
    {PLACEHOLDER}总体情况。     # 没有替换 → P-PLACEHOLDER
""",
)
def p_placeholder(ctx: Context):
    for path, name, alias, value in _string_fields(ctx):
        if not isinstance(value, str) or not value:
            continue
        hit = _placeholder(alias, value)
        if hit is None:
            continue
        offset, mark = hit
        draft = mark == DRAFT_OPEN
        yield ctx.finding(
            "还是待改写的草稿（沿用上年的文字）" if draft else f"还是模板中的占位文字「{mark}」",
            location=text_location(ctx.report.source, path, value, offset),
            field=name,
            expected="实际内容",
            actual=value if len(value) <= 30 else value[:30] + "…",
            hint=(
                "按本年度的情况改写，再删去以“【待改写：”开头的那一行。"
                if draft
                else "请换成实际内容；不需要的可选部分可以整段删去。"
            ),
        )


@rule(
    "P-TITLE",
    "error",
    "标题应写明报告年度并称“政府信息公开工作年度报告”",
    source="国办公开办函〔2021〕30号：年度报告；年报评估常见问题：“年度报告”写成“工作报告”、标题年度与数据年度不符",
    cells="标题、报告年度",
    example="""
报告年度: 2023
标题: 某局2022年政府信息公开工作报告    # 年度不符，且不是“年度报告” → P-TITLE
# “某局2023年政府信息公开年度报告”少了“工作”二字 → P-TITLE（2019年度起）
""",
    needs=("报告年度",),
)
def p_title(ctx: Context):
    rep = ctx.report
    title = rep.data.title
    if not title:
        return  # generated from the data
    path = yaml_path(rep, ("标题", "title"))
    problems = []
    years = [
        int(y) if len(y) == 4 else 2000 + int(y)  # “08年度” is 2008
        for y in re.findall(r"(?<!\d)(\d{4}|\d{2})(?=\s*年)", title)
    ]
    if any(y != rep.year for y in years):
        problems.append(f"标题中的年度（{'、'.join(str(y) for y in years)}）与报告年度 {rep.year} 不符")
    elif not years:
        problems.append(f"标题中没有写报告年度（{rep.year}年）")
    compact = re.sub(r"\s+", "", title)
    if "年度报告" not in compact:
        problems.append("标题应为“……政府信息公开工作年度报告”")
    elif "政府信息公开年度报告" in compact and rep.year >= 2019:
        problems.append("标题少了“工作”二字：应为“……政府信息公开工作年度报告”")
    if problems:
        yield ctx.finding(
            "；".join(problems),
            path=path,
            field="标题",
            expected=f"{rep.data.agency.name}{rep.year}年政府信息公开工作年度报告",
            actual=title,
            hint="不填“标题”即按机关名称和报告年度自动生成。",
        )
