"""The rules for real prose and tables (issue 14): each new reading, passing and failing.

The failing case of every rule is in ``test_checks.FAILING``; here are the
cases a real report raises: both meanings of 受理, numbers as a PDF leaves
them, subtotals, percentages, claims, doubled words, blank totals, grouped
blank cells, 管委会 deadlines, "无法判断" and the origin of a finding.
"""

from __future__ import annotations

import dataclasses

import pytest
from checks_util import check, codes, edit, example_text, of, report

from giar_gen.checks import run_checks

EX = example_text()


def _w(text: str, old: str, new: str) -> list:
    return of(check(edit(text, (old, new))), "W-NUM")


# -- W-NUM: two meanings, spacing, subtotals, blanks ---------------------------


@pytest.mark.parametrize(
    "said",
    [
        "全年共受理政府信息公开申请101件",
        "全年共受理政府信息公开申请106件",
        "全年共收办政府信息公开申请案件106件",
        "全年收到政府信息公开申请 101 件",
        "全年收到政府信息公开申请１０１件",
    ],
)
def test_received_either_meaning_and_spacing_pass(said):
    # 受理/收到/收办 = 本年新收 (101) or 一 + 二 (101 + 5 = 106); spaces and full-width digits are read
    assert _w(EX, "全年新收政府信息公开申请101件", said) == []


@pytest.mark.parametrize("said", ["全年共受理政府信息公开申请 36 件", "全年收到政府信息公开申请１７件"])
def test_received_matching_neither_meaning_fails(said):
    (f,) = _w(EX, "全年新收政府信息公开申请101件", said)
    assert f.expected == "101 或 106"


def test_new_received_has_one_meaning():
    # "新收" is the table's word for 一 only: 一 + 二 (106) is not accepted for it
    (f,) = _w(EX, "全年新收政府信息公开申请101件", "全年新收政府信息公开申请106件")
    assert f.expected == "101" and "上年结转之和" not in f.message
    assert _w(EX, "全年新收政府信息公开申请101件", "全年新收政府信息公开申请101件") == []


def test_natural_person_figure_read_both_ways():
    text = edit(EX, ("全年新收政府信息公开申请101件，", "全年新收政府信息公开申请101件，其中自然人申请90件，"))
    assert of(check(text), "W-NUM") == []  # 86 + 4
    text = edit(EX, ("全年新收政府信息公开申请101件，", "全年新收政府信息公开申请101件，其中自然人申请88件，"))
    assert len(of(check(text), "W-NUM")) == 1


@pytest.mark.parametrize(
    "said,ok",
    [
        ("不予公开12件", True),
        ("不予公开13件", False),
        ("无法提供的21件", True),
        ("无法提供20件", False),
        ("不予处理8件", True),
        ("其他处理5件", True),
        ("其他处理6件", False),
    ],
)
def test_subtotals(said, ok):
    found = _w(EX, "已办结98件，", f"已办结98件，{said}，")
    assert (found == []) == ok


def test_one_as_each_is_not_a_count():
    # corpus 04: 努力做到“办结一件申请、解决一个问题”
    text = edit(
        EX,
        (
            "全年未发生因政府信息公开工作被责任追究的情形。",
            "全年未发生因政府信息公开工作被责任追究的情形，努力做到“办结一件申请、解决一个问题”。",
        ),
    )
    assert of(check(text), "W-NUM") == []


def test_blank_cell_is_not_assessable_not_skipped():
    text = edit(EX, ("上年结转: [4, 1, 0, 0, 0, 0]", "上年结转: [4, ~, 0, 0, 0, 0]"))
    found = of(check(text), "W-NUM")
    assert [f.status for f in found] == ["not_assessable"]
    assert found[0].severity == "info" and "未填写" in found[0].message


def test_denied_outcome_is_not_a_denied_case():
    # "未发生…被行政复议纠错" says nothing about the number of reviews (there are 4)
    text = edit(
        EX,
        (
            "全年未发生因政府信息公开工作被责任追究的情形。",
            "全年未发生因政府信息公开工作被责任追究的情形，未发生因依申请公开被行政复议纠错的情形。",
        ),
    )
    assert of(check(text), "W-NUM") == []


# -- W-PCT ----------------------------------------------------------------------


def test_percentages_matching_count_over_total_pass():
    said = "已办结98件，其中予以公开45件（45.92%），部分公开7件（7.14%），其他46件（46.94%）"
    assert of(check(edit(EX, ("已办结98件", said))), "W-PCT") == []


def test_percentages_not_adding_up_fail():
    said = "已办结98件，其中予以公开45件（45.92%），部分公开7件（7.14%），其他46件（46.94%），合计100%"
    assert of(check(edit(EX, ("已办结98件", said))), "W-PCT") == []
    bad = "已办结98件，其中予以公开45件（45.92%），部分公开7件（7.14%），其他46件（45.94%）"
    found = of(check(edit(EX, ("已办结98件", bad))), "W-PCT")
    assert any("百分比之和" in f.message for f in found)


# -- W-CONTRA, W-CLAIM -----------------------------------------------------------


def test_completion_rate_consistent_passes():
    text = edit(EX, ("结转下年度继续办理8件。", "结转下年度继续办理8件，办结率92.45%。"))  # 98 / (101 + 5)
    assert of(check(text), "W-CONTRA") == []


def test_closed_more_than_received_fails():
    text = edit(
        EX,
        (
            "全年新收政府信息公开申请101件，上年结转5件，已办结98件",
            "全年新收政府信息公开申请101件，上年结转5件，已办结110件",
        ),
    )
    assert of(check(text), "W-CONTRA")


def test_all_upheld_while_corrected_fails_and_consistent_claim_passes():
    text = edit(
        EX,
        (
            "全年未发生因政府信息公开工作被责任追究的情形。",
            "全年未发生因政府信息公开工作被责任追究的情形。行政复议案件均获维持。",
        ),
    )
    assert of(check(text), "W-CLAIM")  # 表四: 纠正 1, 尚未审结 1
    rep = report(
        edit(
            EX,
            (
                "全年未发生因政府信息公开工作被责任追究的情形。",
                "全年未发生因政府信息公开工作被责任追究的情形。行政复议案件均获维持。",
            ),
        )
    )
    rep.tables["reviews"].entered.update({("counts", "review.corrected"): 0, ("counts", "review.pending"): 0})
    assert [f for f in run_checks(rep).findings if f.code == "W-CLAIM"] == []


# -- W-DUP -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase,flagged",
    [
        ("资金资金", True),
        ("公开公开", True),
        ("研究研究", False),
        ("一步一步", False),
        ("常常", False),
        ("人人", False),
        ("天天", False),
    ],
)
def test_doubled_words(phrase, flagged):
    text = edit(EX, ("工作动态266条", f"工作动态266条，{phrase}推进"))
    assert bool(of(check(text), "W-DUP")) == flagged


# -- tables: blank totals, grouped blanks -----------------------------------------


def test_blank_total_is_an_error_and_not_also_a_blank_cell():
    text = edit(EX, ("结转下年度继续办理: [5, 2, 0, 0, 0, 1]", "结转下年度继续办理: [5, 2, 0, 0, 0, 1, ~]"))
    result = check(text)
    (f,) = of(result, "T3-TOTAL")
    assert f.severity == "error" and "空白" in f.message
    assert of(result, "T3-BLANK") == []


def test_a_blank_column_is_one_finding():
    text = EX
    for row in ("本年新收: [86, 9, 1, 0, 3, 2]", "上年结转: [4, 1, 0, 0, 0, 0]"):
        head, vals = row.split(": ")
        nums = vals.strip("[]").split(", ")
        nums[1] = "~"
        text = edit(text, (row, f"{head}: [{', '.join(nums)}]"))
    rep = report(text)
    values = rep.tables["applications"]
    for r, c in list(values.entered):
        if c == "commercial":
            values.entered[(r, c)] = None
    found = [f for f in run_checks(rep).findings if f.code == "T3-BLANK"]
    assert len(found) == 1 and "商业企业" in found[0].message and "全部未填写" in found[0].message


# -- dates, title, fee ----------------------------------------------------------------


@pytest.mark.parametrize("date,late", [("2024-03-20", False), ("2024-04-02", True)])
def test_zone_authority_has_the_government_deadline(date, late):
    text = edit(
        EX,
        ("名称: 示例市示例区市场监督管理局", "名称: 示例市高新技术产业开发区管委会"),
        ("类型: 部门", "类型: 其他"),
        ("发布日期: 2024-01-26", f"发布日期: {date}"),
    )
    assert bool(of(check(text), "D-DEADLINE")) == late


def test_department_keeps_its_january_deadline():
    assert of(check(edit(EX, ("发布日期: 2024-01-26", "发布日期: 2024-03-20"))), "D-DEADLINE")


def test_title_without_gongzuo():
    text = edit(EX, ("发布日期:", "标题: 示例市示例区市场监督管理局2023年政府信息公开年度报告\n发布日期:"))
    (f,) = of(check(text), "P-TITLE")
    assert "工作" in f.message


@pytest.mark.parametrize("said", ["2023年度，我局政府信息公开未发生收费情况。", "2023年度本机关未收取信息公开处理费。"])
def test_fee_stated_otherwise_passes(said):
    text = edit(EX, ("依据《政府信息公开信息处理费管理办法》，本年度我局未收取信息处理费。", said))
    assert of(check(text), "P-FEE") == []


# -- 无法判断 and origin ----------------------------------------------------------------


def test_unknown_date_makes_date_rules_not_assessable_and_others_run():
    rep = report(edit(EX, ("2023年，示例区", "2023年,示例区")))
    rep.unknown = {"发布日期": "原文没有发布日期"}
    result = run_checks(rep)
    dl = [f for f in result.findings if f.code == "D-DEADLINE"]
    assert [f.status for f in dl] == ["not_assessable"] and "原文没有发布日期" in dl[0].message
    assert result.not_assessable and result.errors == []
    assert "W-PUNCT" in codes(result)


def test_cells_the_import_could_not_place_are_the_imports():
    rep = report(edit(EX, ("行政处罚: 312", "行政处罚: ~")))
    plain = [f for f in run_checks(rep).findings if f.code == "T2-BLANK"]
    assert plain[0].origin == "report"
    rep = dataclasses.replace(rep, uncertain={("主动公开情况", "penalties")})
    (f,) = [f for f in run_checks(rep).findings if f.code == "T2-BLANK"]
    assert f.origin == "import" and "导入" in f.hint
    assert "。 " not in f.hint  # the rule's hint and the import's sentence join without a stray space
    assert f.to_dict()["origin"] == "import"
