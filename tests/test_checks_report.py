"""Parts, edition, layout, title, dates, cross-year details and acknowledgements."""

from __future__ import annotations

import pytest
from checks_util import at_year, check, codes, edit, example_text, of

from giar_gen.checks.crossyear import copied_share, shingles

EX = example_text()


# -- P-PART ---------------------------------------------------------------


def test_missing_text_part_is_named_with_its_number():
    start = EX.index("  存在的主要问题及改进情况: |")
    end = EX.index("  其他需要报告的事项: |")
    (f,) = of(check(EX[:start] + EX[end:]), "P-PART")
    assert f.message == "缺少第五部分“存在的主要问题及改进情况”的文字"


def test_empty_part_counts_as_missing():
    text = EX.replace("  存在的主要问题及改进情况: |", "  存在的主要问题及改进情况: ''\n  _old: |", 1)
    text = text.replace("  _old: |\n", "", 1)
    lines = text.split("\n")
    i = lines.index("  存在的主要问题及改进情况: ''")
    j = next(k for k in range(i + 1, len(lines)) if lines[k].startswith("  其他需要报告的事项"))
    text = "\n".join(lines[: i + 1] + lines[j:])
    (f,) = of(check(text), "P-PART")
    assert f.location.line == i + 1


def test_missing_table_is_a_missing_part():
    (f,) = of(check(EX[: EX.index("复议诉讼情况:")]), "P-PART")
    assert "政府信息公开行政复议、行政诉讼情况" in f.message and "复议诉讼情况" in f.message


def test_optional_part_may_be_left_out():
    start = EX.index("  其他需要报告的事项: |")
    end = EX.index("主动公开情况:")
    result = check(EX[:start] + EX[end:])
    assert of(result, "P-PART") == []
    assert of(result, "P-FEE")  # but then the fee statement is missing


# -- P-GOV, P-FEE, P-EDITION, P-LAYOUT, P-TITLE -----------------------------


def test_government_report_names_the_missing_topics():
    (f,) = of(check(edit(EX, ("类型: 部门", "类型: 人民政府"))), "P-GOV")
    assert "社会评议" in f.message and "工作考核" not in f.message and "责任追究" not in f.message


def test_government_report_with_all_three_topics_passes():
    text = edit(
        EX, ("类型: 部门", "类型: 人民政府"), ("组织全局业务培训2次", "开展政务公开社会评议1次，组织全局业务培训2次")
    )
    assert of(check(text), "P-GOV") == []


def test_department_report_need_not_cover_them():
    assert of(check(EX), "P-GOV") == []


def test_fee_rule_only_from_2021():
    text = edit(EX, ("    依据《政府信息公开信息处理费管理办法》，本年度我局未收取信息处理费。\n", ""))
    assert of(check(text), "P-FEE")
    from checks_util import example_2019_edition

    assert of(check(example_2019_edition(2020)), "P-FEE") == []


def test_edition_must_match_year():
    text = edit(at_year(EX, 2020), ("发布日期:", "表格版本: 2021\n发布日期:"))
    (f,) = of(check(text), "P-EDITION")
    assert "2020年度应使用2019年版" in f.message
    assert text.splitlines()[f.location.line - 1].startswith("表格版本")


def test_layout_must_match_regulation():
    text = (
        "报告年度: 2018\n机关: {名称: 某局, 类型: 部门}\n发布日期: 2019-03-01\n版式: 五部分\n"
        "正文:\n  总体情况: 2018年，我局依法公开政府信息。\n"
    )
    (f,) = of(check(text), "P-LAYOUT")
    assert f.expected == "九部分" and f.actual == "五部分" and f.location.line == 4


@pytest.mark.parametrize(
    "title,ok",
    [
        ("示例市示例区市场监督管理局2023年政府信息公开工作年度报告", True),
        ("示例市示例区市场监督管理局2023年度政府信息公开工作年度报告", True),
        ("示例市示例区市场监督管理局2022年政府信息公开工作年度报告", False),
        ("示例市示例区市场监督管理局2023年政府信息公开工作报告", False),
        ("示例市示例区市场监督管理局政府信息公开工作年度报告", False),
    ],
)
def test_title(title, ok):
    result = check(edit(EX, ("发布日期:", f"标题: {title}\n发布日期:")))
    assert (of(result, "P-TITLE") == []) is ok


def test_placeholder_text_and_marks():
    from giar_gen.source.skeleton import PLACEHOLDER, skeleton_yaml

    result = check(skeleton_yaml(2023))
    assert set(codes(result)) <= {"P-PLACEHOLDER", "P-FEE"}  # a fresh skeleton has no errors
    fields = {f.field for f in of(result, "P-PLACEHOLDER")}
    assert {"机关 → 名称", "正文 → 总体情况", "正文 → 存在的主要问题及改进情况"} <= fields
    f = next(f for f in of(result, "P-PLACEHOLDER") if f.field == "正文 → 总体情况")
    assert skeleton_yaml(2023).splitlines()[f.location.line - 1].strip().startswith(PLACEHOLDER)


# -- dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind,year,date,late",
    [
        ("部门", 2023, "2024-01-31", False),
        ("部门", 2023, "2024-02-01", True),
        ("人民政府", 2023, "2024-03-31", False),
        ("人民政府", 2023, "2024-04-01", True),
        ("部门", 2019, "2020-01-31", False),
        ("部门", 2019, "2020-02-10", True),
        ("部门", 2018, "2019-03-31", False),  # before 2019: 3月31日 for everyone
        ("部门", 2018, "2019-04-01", True),
    ],
)
def test_deadline(kind, year, date, late):
    text = f"报告年度: {year}\n机关: {{名称: 某机关, 类型: {kind}}}\n发布日期: {date}\n"
    found = of(check(text), "D-DEADLINE")
    assert bool(found) is late
    if late:
        assert found[0].location.line == 3


def test_period_must_be_the_whole_report_year():
    ok = edit(EX, ("发布日期:", "统计期限: {起: 2023-01-01, 止: 2023年12月31日}\n发布日期:"))
    assert of(check(ok), "D-PERIOD") == []
    bad = edit(EX, ("发布日期:", "统计期限: {起: 2023-01-01, 止: 2023-11-30}\n发布日期:"))
    (f,) = of(check(bad), "D-PERIOD")
    assert f.actual == "2023年1月1日至2023年11月30日"


def test_signature_date_order():
    later = edit(EX, ("发布日期: 2024-01-26", "发布日期: 2024-01-26\n成文日期: 2024-01-28"))
    (f,) = of(check(later), "D-ORDER")
    assert f.message == "成文日期晚于发布日期"
    fine = edit(EX, ("发布日期: 2024-01-26", "发布日期: 2024-01-26\n成文日期: 2024-01-20"))
    assert of(check(fine), "D-ORDER") == []


# -- cross-year ---------------------------------------------------------------


def test_carried_over_mismatch_names_both_years_and_suspects_this_year():
    last = edit(at_year(EX, 2022), ("结转下年度继续办理: [5, 2, 0, 0, 0, 1]", "结转下年度继续办理: [4, 1, 0, 0, 0, 1]"))
    (f,) = of(check(EX, last), "X-R1")
    assert f.message.startswith("「其他」列")
    assert f.expected == "1" and f.actual == "0"
    assert "2022年度" in f.cells[1] and "last.yaml" in f.cells[1]
    assert f.suspect is not None and f.suspect.year is None  # this year's cell


def test_previous_of_wrong_year_stops_cross_year_rules():
    result = check(EX, at_year(EX, 2021))
    assert [c for c in codes(result) if c.startswith("X")] == ["X-YEAR"]


def test_copied_share_ignores_changed_figures():
    pool = shingles(["全年新收政府信息公开申请101件，办结98件，结转下年度继续办理8件。"])
    assert copied_share("全年新收政府信息公开申请95件，办结90件，结转下年度继续办理5件。", pool) == 1.0
    assert copied_share("本年度重点推进基层政务公开标准化规范化建设。", pool) == 0.0


FEE_SENTENCE = "依据《政府信息公开信息处理费管理办法》，本年度我局未收取信息处理费。"


def test_a_set_statement_with_this_years_facts_is_not_a_copied_passage():
    """The fee sentence, written the same way each year with that year's cases
    (corpus 04's 第六部分): half of it matches last year's, but it is no
    "大段照搬"; a copied passage of 200 characters or more still is."""
    this = (
        "依据《政府信息公开信息处理费管理办法》，本年度我局对3件政府信息公开申请收取信息处理费共计230元，"
        "其中，执法一队1件，收取80元；城区所2件，收取150元，收费标准均符合规定。"
    )
    last = (
        "依据《政府信息公开信息处理费管理办法》，本年度我局对2件政府信息公开申请收取信息处理费共计160元，"
        "其中，登记科1件，收取60元；开发区所1件，收取100元，收费标准均符合规定。"
    )
    assert copied_share(this, shingles([last])) >= 0.5  # the share alone would call it copied
    found = of(check(edit(EX, (FEE_SENTENCE, this)), edit(at_year(EX, 2022), (FEE_SENTENCE, last))), "X-COPY")
    assert found and not [f for f in found if "其他需要报告的事项" in f.field]
    assert [f for f in found if "总体情况" in f.field]  # the long parts copied word for word


def test_copy_warning_states_the_share():
    (first, *_) = of(check(EX, at_year(EX, 2022)), "X-COPY")
    assert "100%" in first.message and "2022 年度" in first.message


# -- acknowledgements ---------------------------------------------------------

BROKEN = edit(EX, ("上年结转: [4, 1, 0, 0, 0, 0]", "上年结转: [3, 1, 0, 0, 0, 0]"), ("上年结转5件", "上年结转4件"))


def test_acknowledged_findings_are_kept_marked_and_not_blocking():
    text = BROKEN + "已确认:\n  - 规则: T3-R1\n    理由: 机构改革，上年结转数由原单位移交\n"
    result = check(text)
    found = of(result, "T3-R1")
    assert len(found) == 2  # shown, not dropped
    assert all(f.acknowledged == "机构改革，上年结转数由原单位移交" for f in found)
    assert result.errors == [] and result.exit_status() == 0


def test_acknowledgement_limited_by_where():
    text = BROKEN + "已确认:\n  - 规则: t3-r1\n    理由: 核实无误\n    位置: 自然人\n"
    result = check(text)
    acked = [f for f in of(result, "T3-R1") if f.acknowledged]
    assert [f.message.split("：")[0] for f in acked] == ["「自然人」列"]
    assert result.exit_status() == 1  # the 总计 column is still an error


def test_stale_and_unknown_acknowledgements():
    text = (
        EX + "已确认:\n  - 规则: T3-R1\n    理由: 核实无误\n  - 规则: T3-R9\n    理由: x\n  - 规则: X-R1\n    理由: y\n"
    )
    result = check(text)
    (unused,) = of(result, "A-UNUSED")  # X-R1 did not run without --previous: not stale
    assert unused.location.line == text.splitlines().index("  - 规则: T3-R1\n    理由: 核实无误".split("\n")[0]) + 1
    (unknown,) = of(result, "A-UNKNOWN")
    assert "T3-R9" in unknown.message
