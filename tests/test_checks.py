"""Every rule of the catalogue: one failing case each (an edited copy of the
clean 2023 example, or a report with a defect set directly), and the clean
example as the passing case for all of them; plus the catalogue itself."""

from __future__ import annotations

from decimal import Decimal

import pytest
from checks_util import at_year, check, codes, edit, example_2019_edition, example_text, of, report

from giar_gen.checks import RULES, explain_rule, format_rule_list, run_checks
from giar_gen.checks.catalogue import GROUPS
from giar_gen.source.skeleton import skeleton_yaml

EX = example_text()
LAST_YEAR = at_year(EX, 2022)


def _with_entered(table, cell, value):
    def make():
        rep = report(EX)
        rep.tables[table].entered[cell] = value
        return run_checks(rep)

    return make


def _text(text, previous=None):
    return lambda: check(text, previous)


def _with_outline(*headings):
    """The example as a published report whose printed part headings are ``headings``."""

    def make():
        rep = report(EX)
        keys = [p.key for p in rep.layout.parts]
        rep.outline = [
            {"number": n, "heading": h, "line": None, "part": keys[k] if k is not None else None}
            for n, h, k in headings
        ]
        return run_checks(rep)

    return make


def _all_blank():
    rep = report(EX)
    for t in rep.tables.values():
        t.entered = {k: None for k in t.entered}
    return run_checks(rep)


#: code → a check result that must contain that code
FAILING = {
    "T2-R1": _with_entered("proactive", ("normative_documents", "in_force"), Decimal("17.5")),
    "T2-R2": _text(edit(EX, ("行政事业性收费: 0", "行政事业性收费: 25100"))),
    "T2-R3": _text(edit(EX, ("规章: [0, 0, 0]", "规章: [0, 0, 6]"))),
    "T2-R4": _text(edit(example_2019_edition(2020), ("规范性文件: [3, 3, 17]", "规范性文件: [3, 18, 17]"))),
    "T2-BLANK": _text(edit(EX, ("行政处罚: 312", "行政处罚: ~"))),
    "T3-R1": _text(edit(EX, ("上年结转: [4, 1, 0, 0, 0, 0]", "上年结转: [3, 1, 0, 0, 0, 0]"))),
    "T3-R2": _text(edit(EX, ("    # （七）总计：自动计算；如填写则会核对", "    总计: [0, 0, 0, 0, 0, 0]"))),
    "T3-R3": _text(edit(EX, ("本年新收: [86, 9, 1, 0, 3, 2]", "本年新收: [86, 9, 1, 0, 3, 2, 100]"))),
    "T3-R4": _with_entered("applications", ("new_received", "other"), -2),
    "T3-BLANK": _text(edit(EX, ("上年结转: [4, 1, 0, 0, 0, 0]", "上年结转: [4, ~, 0, 0, 0, 0]"))),
    "T4-R1": _text(edit(EX, ("行政复议: [2, 1, 0, 1]", "行政复议: [2, 1, 0, 1, 3]"))),
    "T4-R2": _with_entered("reviews", ("counts", "suit_after_review.other"), Decimal("0.5")),
    "T3-TOTAL": _text(
        edit(EX, ("结转下年度继续办理: [5, 2, 0, 0, 0, 1]", "结转下年度继续办理: [5, 2, 0, 0, 0, 1, ~]"))
    ),
    "T4-TOTAL": _text(edit(EX, ("行政复议: [2, 1, 0, 1]", "行政复议: [2, 1, 0, 1, ~]"))),
    "T4-BLANK": _text(edit(EX, ("未经复议直接起诉: [1, 0, 0, 1]", "未经复议直接起诉: [1, ~, 0, 1]"))),
    "X-YEAR": _text(EX, at_year(EX, 2021)),
    "X-R1": _text(
        EX, edit(LAST_YEAR, ("结转下年度继续办理: [5, 2, 0, 0, 0, 1]", "结转下年度继续办理: [4, 1, 0, 0, 0, 1]"))
    ),
    "X-R2": _text(EX, edit(LAST_YEAR, ("行政规范性文件: [3, 1, 17]", "行政规范性文件: [3, 1, 14]"))),
    "X-R3": _text(
        edit(EX, ("行政规范性文件: [3, 1, 17]", "行政规范性文件: [3, 20, 0]")),
        edit(LAST_YEAR, ("行政规范性文件: [3, 1, 17]", "行政规范性文件: [3, 1, 15]")),
    ),
    "X-R4": _text(example_2019_edition(2020), example_2019_edition(2019)),
    "X-COPY": _text(EX, LAST_YEAR),
    "P-EDITION": _text(edit(at_year(EX, 2020), ("发布日期:", "表格版本: 2021\n发布日期:"))),
    "P-LAYOUT": _text(
        "报告年度: 2018\n机关: {名称: 某局, 类型: 部门}\n发布日期: 2019-03-01\n版式: 五部分\n"
        "正文:\n  总体情况: 2018年，我局依法公开政府信息。\n"
    ),
    "P-PART": _text(EX[: EX.index("复议诉讼情况:")]),
    "P-GOV": _text(edit(EX, ("类型: 部门", "类型: 人民政府"))),
    "P-FEE": _text(edit(EX, ("    依据《政府信息公开信息处理费管理办法》，本年度我局未收取信息处理费。\n", ""))),
    "P-PLACEHOLDER": _text(skeleton_yaml(2023)),
    "P-TITLE": _text(edit(EX, ("发布日期:", "标题: 示例市示例区市场监督管理局2022年政府信息公开工作报告\n发布日期:"))),
    "D-PERIOD": _text(edit(EX, ("发布日期:", "统计期限: {起: 2022-12-01, 止: 2023-11-30}\n发布日期:"))),
    "D-DEADLINE": _text(edit(EX, ("发布日期: 2024-01-26", "发布日期: 2024-02-26"))),
    "D-ORDER": _text(edit(EX, ("发布日期: 2024-01-26", "发布日期: 2023-12-20"))),
    "D-SIGNED": _text(edit(EX, ("发布日期: 2024-01-26", '发布日期: 2024-01-26\n落款日期: "2024年1月26"'))),
    "D-BLANK": _text(
        edit(EX, ("统计期限自2023年1月1日起至2023年12月31日止", "统计期限自  年  月  日起至  年  月  日止"))
    ),
    "P-OUTLINE": _with_outline((1, "一、总体情况", 0), (2, "二、工作机制", None), (1, "一、主动公开政府信息情况", 1)),
    "P-EMPTY": _all_blank,
    "W-PCT": _text(edit(EX, ("已办结98件", "已办结98件，其中予以公开45件（50%）"))),
    "W-CONTRA": _text(edit(EX, ("结转下年度继续办理8件。", "结转下年度继续办理8件，办结率100%。"))),
    "W-CLAIM": _text(edit(EX, ("申请内容主要集中在", "所有申请均已办结。申请内容主要集中在"))),
    "W-DUP": _text(edit(EX, ("工作动态266条", "工作动态动态266条"))),
    "D-TEXT": _text(edit(EX, ("组织全局业务培训2次", "2023年2月30日起组织全局业务培训2次"))),
    "W-YEAR": _text(
        edit(
            EX,
            (
                "2023年，我局政府信息公开工作取得一定成效",
                "现对我局2022年度政府信息公开工作总结如下。我局政府信息公开工作取得一定成效",
            ),
        )
    ),
    "W-NUM": _text(edit(EX, ("全年新收政府信息公开申请101件", "全年共受理政府信息公开申请17件"))),
    "W-SEQ": _text(edit(EX, ("二是依申请公开办理中", "三是依申请公开办理中"))),
    "W-HEAD": _text(edit(EX, ("（二）依申请公开", "（三）依申请公开"))),
    "W-PUNCT": _text(edit(EX, ("2023年，示例区", "2023年,示例区"))),
    "A-UNKNOWN": _text(EX + "已确认:\n  - 规则: T3-R9\n    理由: 核实无误\n"),
    "A-UNUSED": _text(EX + "已确认:\n  - 规则: T3-R1\n    理由: 核实无误\n"),
    "S-FULLWIDTH": _text(edit(EX, ("行政处罚: 312", "行政处罚：312"))),
}


def test_every_rule_has_a_failing_case():
    assert set(FAILING) == set(RULES)


@pytest.mark.parametrize("code", sorted(FAILING))
def test_rule_fires_on_its_defect(code):
    result = FAILING[code]()
    found = of(result, code)
    assert found, f"{code} not reported; got {codes(result)}"
    f = found[0]
    assert f.severity == RULES[code].severity
    assert f.message and f.location is not None and f.location.file


def test_clean_example_is_the_passing_case_for_every_rule():
    assert codes(check(EX)) == []


@pytest.mark.parametrize("year", [2019, 2020])
def test_clean_2019_edition_reports(year):
    assert codes(check(example_2019_edition(year))) == []


def test_cross_year_rules_pass_on_a_consistent_pair():
    last = edit(
        LAST_YEAR,
        ("结转下年度继续办理: [5, 2, 0, 0, 0, 1]", "结转下年度继续办理: [4, 1, 0, 0, 0, 0]"),
        ("行政规范性文件: [3, 1, 17]", "行政规范性文件: [2, 0, 15]"),
    )
    last = (
        last[: last.index("正文:")]
        + "正文:\n  总体情况: |\n    2022年，我局推进政务公开，完成门户网站改版，受理群众咨询三百余次。\n"
        + last[last.index("主动公开情况:") :]
    )
    result = check(EX, previous=last)
    assert [c for c in codes(result) if c.startswith("X")] == []


def test_2019_edition_items_chain_passes_when_carried_forward():
    prev = example_2019_edition(2019)
    cur = edit(
        example_2019_edition(2020),
        ("行政许可: [120, -8, 2846]", "行政许可: [112, -8, 2846]"),
        ("其他对外管理服务事项: [30, 2, 410]", "其他对外管理服务事项: [32, 2, 410]"),
        ("行政强制: [12, 1, 27]", "行政强制: [13, 1, 27]"),
        ("行政事业性收费: [4, 0]", "行政事业性收费: [4, 0]"),
    )
    assert of(check(cur, prev), "X-R4") == []


def test_rule_list_names_every_rule_by_group():
    text = format_rule_list()
    for code, r in RULES.items():
        assert code in text and r.title in text
    for name in GROUPS.values():
        assert name in text


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_is_explained_with_an_example(code):
    text = explain_rule(code.lower())
    r = RULES[code]
    assert text.startswith(f"{code}  {r.title}")
    assert "依据：" + r.source in text
    assert "例子：" in text and r.example.splitlines()[0].strip() in text
    assert r.source and r.cells and r.example.strip()


def test_unknown_rule_is_not_explained():
    assert explain_rule("T9-R9") is None


def test_rule_codes_are_grouped_and_severities_valid():
    for code, r in RULES.items():
        assert code.split("-")[0] in GROUPS
        assert r.severity in ("error", "warning")
        assert all(n in ("发布日期", "机关", "报告年度") for n in r.needs)
        assert "\n" not in r.title
