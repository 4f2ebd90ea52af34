"""Table rules in detail: what is reported, where, and the cell most likely wrong."""

from __future__ import annotations

from checks_util import check, codes, edit, example_text, of

from giar_gen.checks import format_findings

EX = example_text()


def _line_of(text: str, f) -> str:
    return text.splitlines()[f.location.line - 1]


def test_identity_names_each_failing_column_and_both_sides():
    text = edit(EX, ("上年结转: [4, 1, 0, 0, 0, 0]", "上年结转: [3, 1, 0, 0, 0, 0]"))
    found = of(check(text), "T3-R1")
    subjects = sorted(f.message.split("：")[0] for f in found)
    assert subjects == ["「总计」列", "「自然人」列"]
    natural = next(f for f in found if f.message.startswith("「自然人」"))
    assert natural.expected.endswith("= 89") and natural.actual.endswith("= 90")  # 86+3 vs 85+5
    labels = " ".join(natural.cells)
    assert (
        "一、本年新收政府信息公开申请数量" in labels and "（七）总计" in labels and "四、结转下年度继续办理" in labels
    )
    # every cell of the column could be the wrong one: no suspect is claimed
    assert natural.suspect is None and "无法确定" in natural.hint


def test_typo_with_entered_total_is_pinned_to_one_cell():
    text = edit(
        EX, ("予以公开: [38, 4, 1, 0, 1, 1]", "予以公开: [36, 4, 1, 0, 1, 1, 45]"), ("已办结98件", "已办结96件")
    )
    result = check(text)
    assert sorted(set(codes(result))) == ["T3-R1", "T3-R3"]
    for f in result.findings:
        if f.code == "T3-R1" and "总计" in f.message.split("：")[0]:
            continue
        assert f.suspect is not None
        assert f.suspect.row == "results.disclosed" and f.suspect.column == "natural_person"
        assert "改为 38" in f.hint
        assert "予以公开: [36" in _line_of(text, f)
    out = format_findings(result.findings, {"t.yaml": text})
    assert "最可能出错：申请办理情况「三、本年度办理结果 / （一）予以公开」行「申请人情况 / 自然人」列 = 36" in out


def test_total_left_at_zero_is_pinned_on_the_total():
    text = edit(EX, ("本年新收: [86, 9, 1, 0, 3, 2]", "本年新收: [86, 9, 1, 0, 3, 2, 0]"))
    result = check(text)
    r3 = of(result, "T3-R3")
    assert len(r3) == 1
    assert r3[0].suspect.column == "total" and "改为 101" in r3[0].hint
    assert r3[0].expected.endswith("= 101") and r3[0].actual.endswith("= 0")
    # the column where the caret points holds the 0
    col = r3[0].location.column
    assert _line_of(text, r3[0])[col - 1] == "0"


def test_results_total_row_entered_wrong():
    text = edit(EX, ("    # （七）总计：自动计算；如填写则会核对", "    总计: [84, 8, 1, 0, 3, 1]"))
    r2 = of(check(text), "T3-R2")
    assert [f.message.split("：")[0] for f in r2] == ["「自然人」列"]
    assert r2[0].expected == "各办理结果之和 = 85" and r2[0].actual.endswith("= 84")


def test_results_total_row_entered_right_passes():
    text = edit(EX, ("    # （七）总计：自动计算；如填写则会核对", "    总计: [85, 8, 1, 0, 3, 1, 98]"))
    assert codes(check(text)) == []


def test_review_group_total_names_the_group():
    text = edit(EX, ("复议后起诉: [1, 0, 0, 0]", "复议后起诉: [1, 0, 0, 0, 2]"))
    (f,) = of(check(text), "T4-R1")
    assert f.message.startswith("「行政诉讼 / 复议后起诉 / 总计」")
    assert f.expected.endswith("= 1") and f.actual.endswith("= 2")


def test_blank_cells_are_reported_per_row_not_as_zero():
    text = edit(EX, ("上年结转: [4, 1, 0, 0, 0, 0]", "上年结转: [~, ~, 0, 0, 0, 0]"))
    result = check(text)
    (f,) = of(result, "T3-BLANK")
    assert "2 个单元格未填写" in f.message and len(f.cells) == 2
    assert "未填写" in f.cells[0]
    # the identity is not evaluated on blanks (no false T3-R1 from a blank)
    assert of(result, "T3-R1") == []


def test_table_row_missing_entirely_is_blank():
    text = edit(EX, ("  上年结转: [4, 1, 0, 0, 0, 0]\n", ""))
    (f,) = of(check(text), "T3-BLANK")
    assert "6 个单元格" in f.message and "二、上年结转" in f.message


def test_fee_in_wan_yuan_passes_and_yuan_is_flagged():
    assert of(check(edit(EX, ("行政事业性收费: 0", "行政事业性收费: 12.35"))), "T2-R2") == []
    (f,) = of(check(edit(EX, ("行政事业性收费: 0", "行政事业性收费: 25100"))), "T2-R2")
    assert "2.51 万元" in f.hint


def test_fee_with_three_or_four_decimals_is_in_wan_yuan():
    """59237.2449 万元 (corpus 04, a whole city): exact to the 元, so not 元 typed as 万元;
    an amount in 元 has two decimals at most."""
    assert of(check(edit(EX, ("行政事业性收费: 0", "行政事业性收费: 59237.2449"))), "T2-R2") == []
    assert of(check(edit(EX, ("行政事业性收费: 0", "行政事业性收费: 59237.245"))), "T2-R2") == []
    assert of(check(edit(EX, ("行政事业性收费: 0", "行政事业性收费: 59237.24"))), "T2-R2")


def test_rules_row_only_warned_for_county_and_township():
    text = edit(EX, ("规章: [0, 0, 0]", "规章: [0, 0, 6]"))
    assert of(check(text), "T2-R3")
    assert of(check(edit(text, ("层级: 县级", "层级: 设区的市"))), "T2-R3") == []
    assert of(check(edit(text, ("层级: 县级", "层级: 乡镇"))), "T2-R3")


def test_results_total_wrong_although_identity_holds():
    # (七)总计 entered so that 一 + 二 = 三 + 四 holds, but the result rows add up to less
    text = edit(
        EX,
        ("予以公开: [38, 4, 1, 0, 1, 1]", "予以公开: [36, 4, 1, 0, 1, 1]"),
        ("    # （七）总计：自动计算；如填写则会核对", "    总计: [85, 8, 1, 0, 3, 1]"),
    )
    result = check(text)
    assert of(result, "T3-R1") == []
    (f,) = of(result, "T3-R2")
    assert f.message.startswith("「自然人」列") and f.expected.endswith("= 83") and f.actual.endswith("= 85")
    assert f.suspect is None  # 予以公开 or any other result row could be short by 2
