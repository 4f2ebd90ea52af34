"""Text rules: years, numbers in the prose, numbering, punctuation — what they
catch, what they must leave alone, and where they point."""

from __future__ import annotations

import pytest
from checks_util import check, edit, example_text, of

from giar_gen.checks.text import chinese_number

EX = example_text()
OPENING = "2023年，示例区市场监督管理局坚持"
PROBLEMS = "2023年，我局政府信息公开工作取得一定成效，但仍存在一些不足："


def _at(text: str, f) -> str:
    """The file text from the finding's line and column on."""
    line = text.splitlines()[f.location.line - 1]
    return line[f.location.column - 1 :]


# -- W-YEAR ---------------------------------------------------------------


def test_seed_000_wrong_year_in_summary_sentence():
    text = edit(EX, (PROBLEMS, "现对我局2022年度政府信息公开工作总结如下：" + PROBLEMS))
    (f,) = of(check(text), "W-YEAR")
    assert f.expected == "2023年" and f.actual == "2022年"
    assert _at(text, f).startswith("2022年度政府信息公开工作总结如下")


def test_right_year_in_summary_sentence_passes():
    text = edit(EX, (PROBLEMS, "现对我局2023年度政府信息公开工作总结如下：" + PROBLEMS))
    assert of(check(text), "W-YEAR") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "2024年，我局将进一步丰富政策解读形式。",  # next year's plans
        "对照2022年度报告提出的问题逐项整改。",  # last year's report
        "2019年以来累计公开规范性文件42件。",  # a span of years
        "《条例》自2019年5月15日起施行。",  # a date of another year
    ],
)
def test_other_years_are_legitimate(sentence):
    text = edit(EX, ("下一步，我局将重点做好以下工作", sentence + "下一步，我局将重点做好以下工作"))
    assert of(check(text), "W-YEAR") == []


def test_future_plans_at_the_start_of_a_part_pass():
    text = edit(EX, (PROBLEMS, "2024年，我局将着力解决以下不足：" + PROBLEMS[len("2023年，") :]))
    assert of(check(text), "W-YEAR") == []


def test_opening_year_of_a_part_must_be_the_report_year():
    text = edit(EX, (OPENING, "2022年，示例区市场监督管理局坚持"))
    (f,) = of(check(text), "W-YEAR")
    assert _at(text, f).startswith("2022年，示例区")


def test_statistical_period_in_the_intro():
    text = edit(EX, ("统计期限自2023年1月1日起至2023年12月31日止", "统计期限自2022年1月1日起至2022年12月31日止"))
    found = of(check(text), "W-YEAR")
    assert len(found) == 2 and all(f.field == "引言" for f in found)


# -- W-NUM ----------------------------------------------------------------


def test_prose_number_contradicting_table_points_at_the_number():
    text = edit(EX, ("全年新收政府信息公开申请101件", "全年共受理政府信息公开申请17件"))
    (f,) = of(check(text), "W-NUM")
    # 受理 is read both ways (本年新收 101, or 一 + 二 = 106): neither matches 17
    assert f.expected == "101 或 106" and f.actual == "17"
    assert _at(text, f).startswith("17件")
    assert "一、本年新收政府信息公开申请数量" in f.cells[0] and "总计" in f.cells[0]


@pytest.mark.parametrize(
    "old,new,expected",
    [
        ("上年结转5件", "上年结转6件", "5"),
        ("已办结98件", "已办结97件", "98"),
        ("结转下年度继续办理8件", "结转下年度继续办理七件", "8"),
        ("现行有效行政规范性文件17件", "现行有效行政规范性文件18件", "17"),
        ("全年制发行政规范性文件3件，废止1件", "全年制发行政规范性文件3件，废止2件", "1"),
        ("全年制发行政规范性文件3件", "全年制发行政规范性文件4件", "3"),
    ],
)
def test_known_phrases(old, new, expected):
    (f,) = of(check(edit(EX, (old, new))), "W-NUM")
    assert f.expected == expected


def test_reviews_and_suits_in_prose():
    text = edit(
        EX,
        (
            "2023年，我局办理人大代表建议8件",
            "全年发生政府信息公开行政复议5件、行政诉讼3件。2023年，我局办理人大代表建议8件",
        ),
    )
    found = of(check(text), "W-NUM")
    assert [(f.expected, f.actual) for f in found] == [("4", "5")]  # 行政诉讼 2 + 1 = 3 is right


def test_correct_review_and_suit_counts_pass():
    text = edit(
        EX,
        (
            "2023年，我局办理人大代表建议8件",
            "全年发生政府信息公开行政复议4件、行政诉讼3件。2023年，我局办理人大代表建议8件",
        ),
    )
    assert of(check(text), "W-NUM") == []


def test_none_received_contradicts_table():
    text = edit(EX, ("全年新收政府信息公开申请101件，", "全年未收到政府信息公开申请，"))
    (f,) = of(check(text), "W-NUM")
    assert f.expected == "101" and f.actual == "0"


def test_none_received_of_review_is_not_about_applications():
    text = edit(
        EX,
        (
            "2023年，我局办理人大代表建议8件",
            "未发生因政府信息公开申请提起行政复议的情况。2023年，我局办理人大代表建议8件",
        ),
    )
    found = of(check(text), "W-NUM")
    assert [(f.expected, str(f.actual)) for f in found] == [("4", "0")]  # review total is 4, not 0


@pytest.mark.parametrize(
    "sentence",
    [
        "较上年新收申请95件有所增加。",  # last year's figure
        "2022年共受理政府信息公开申请95件。",  # another year
        "其中自然人申请86件。",  # a breakdown, not the total
        "受理咨询300余件。",  # approximate
        "公开行政处罚、行政强制等执法信息752条。",  # 条, not the table's 件
    ],
)
def test_numbers_not_about_this_years_table_figures(sentence):
    text = edit(EX, ("申请内容主要集中在", sentence + "申请内容主要集中在"))
    assert of(check(text), "W-NUM") == []


def test_references_keep_prose_and_table_in_step():
    text = edit(
        EX,
        (
            "全年新收政府信息公开申请101件，上年结转5件",
            "全年新收政府信息公开申请{申请办理情况.本年新收}件，上年结转{申请办理情况.上年结转.总计}件",
        ),
        ("本年新收: [86, 9, 1, 0, 3, 2]", "本年新收: [87, 9, 1, 0, 3, 2]"),
        ("予以公开: [38, 4, 1, 0, 1, 1]", "予以公开: [39, 4, 1, 0, 1, 1]"),
    )
    result = check(text)
    assert [c for c in (f.code for f in result.findings) if c.startswith("T3")] == []
    # the referenced figures follow the table; only the hand-written 办结98件 is now stale
    (f,) = of(result, "W-NUM")
    assert "办结98件" in f.message and f.expected == "99"


def test_chinese_numerals():
    assert [chinese_number(s) for s in ("17", "十七", "一百零五", "两", "二十", "三千")] == [17, 17, 105, 2, 20, 3000]
    assert chinese_number("多") is None


# -- W-SEQ ----------------------------------------------------------------


def test_sequence_gap():
    (f,) = of(check(edit(EX, ("二是依申请公开办理中", "三是依申请公开办理中"))), "W-SEQ")
    assert f.expected == "二是" and f.actual == "三是"


def test_restart_at_one_is_a_new_list():
    text = edit(
        EX, ("二是优化依申请公开办理流程", "一是优化依申请公开办理流程"), ("三是加强业务培训", "二是加强业务培训")
    )
    assert of(check(text), "W-SEQ") == []


def test_sequence_repeat_of_two():
    (f,) = of(check(edit(EX, ("三是加强业务培训", "二是加强业务培训"))), "W-SEQ")
    assert "重复" in f.message


def test_sequence_across_lines_is_one_list():
    text = edit(
        EX,
        (
            "一是丰富政策解读形式，对重要政策文件同步推出图解、问答等解读产品；二是",
            "\n    一是丰富政策解读形式，对重要政策文件同步推出图解、问答等解读产品。\n    二是",
        ),
    )
    assert of(check(text), "W-SEQ") == []


def test_words_containing_yi_shi_are_not_markers():
    text = edit(EX, ("申请内容主要集中在", "统一是前提，唯一是目标。申请内容主要集中在"))
    assert of(check(text), "W-SEQ") == []


# -- W-HEAD ---------------------------------------------------------------


def test_seed_001_heading_gap_with_half_width_brackets():
    text = edit(
        EX,
        (
            "    针对上一年度报告提出的",
            "    (一)进一步丰富政府信息公开内容\n    ……\n    (三)建立健全长效工作机制\n    针对上一年度报告提出的",
        ),
    )
    found = of(check(text), "W-HEAD")
    assert [(f.expected, f.actual) for f in found] == [("(二)", "(三)")]
    assert _at(text, found[0]).startswith("(三)建立健全")


def test_nested_numbering_restarts_under_each_heading():
    text = edit(
        EX, ("    （二）依申请公开\n", "    1.主动公开目录\n    2.主动公开平台\n    （二）依申请公开\n    1.申请渠道\n")
    )
    assert of(check(text), "W-HEAD") == []


def test_nested_gap_is_reported():
    text = edit(EX, ("    （二）依申请公开\n", "    1.主动公开目录\n    3.主动公开平台\n    （二）依申请公开\n"))
    (f,) = of(check(text), "W-HEAD")
    assert f.expected == "2." and f.actual == "3."


# -- W-PUNCT --------------------------------------------------------------


def test_half_width_punctuation_counted_and_located():
    text = edit(EX, ("2023年，示例区", "2023年,示例区"), ("（一）主动公开", "(一)主动公开"))
    (f,) = of(check(text), "W-PUNCT")
    assert "3 处" in f.message
    assert _at(text, f).startswith(",示例区")


def test_half_width_full_stop_is_found_and_excerpt_keeps_numbers_whole():
    text = edit(EX, ("2023年，示例区", "2023年,示例区"), ("组织全局业务培训2次", "组织全局业务培训2次.全年"))
    (f,) = of(check(text), "W-PUNCT")
    assert "2 处" in f.message
    assert "「2023年,示例区市」" in f.message  # the year whole, not 「023年,…」


def test_punct_excerpt_widens_to_whole_numbers_and_words():
    from giar_gen.checks.text import excerpt

    t = "截至2012年,我局在区委"
    assert excerpt(t, t.index(",")) == "2012年,我局在区"
    t = "共收到12345件,其中"
    assert excerpt(t, t.index(",")) == "12345件,其中"
    t = "见网站abcdef,其中"
    assert excerpt(t, t.index(",")) == "abcdef,其中"


def test_ascii_punctuation_in_numbers_and_addresses_passes():
    text = edit(EX, ("申请内容主要集中在", "办公时间为8:30至17:30，网址http://www.example.cn/gk。申请内容主要集中在"))
    assert of(check(text), "W-PUNCT") == []


# -- D-TEXT ---------------------------------------------------------------


def test_impossible_date_in_prose():
    text = edit(EX, ("组织全局业务培训2次", "2023年2月29日组织全局业务培训2次"))
    (f,) = of(check(text), "D-TEXT")
    assert f.actual == "2023年2月29日" and _at(text, f).startswith("2023年2月29日")
    ok = edit(EX, ("组织全局业务培训2次", "2024年2月29日组织全局业务培训2次"))
    assert of(check(ok), "D-TEXT") == []


# -- W-NUM: review and suit cases counted by filing --------------------------


def test_review_cases_counted_by_filing_differ_in_scope_a_warning():
    """corpus 04: "全市全年备案……行政复议案件134件，行政诉讼案件57件" against 表四's
    170 and 25 + 52: cases filed, not the outcomes 表四 counts: a warning that names the scope."""
    text = edit(EX, (PROBLEMS, "全年备案政府信息公开行政复议案件3件，行政诉讼案件2件。" + PROBLEMS))
    found = of(check(text), "W-NUM")
    assert sorted((f.actual, f.expected, f.severity) for f in found) == [("2", "3", "warning"), ("3", "4", "warning")]
    assert all("备案" in f.message and "口径" in f.message for f in found)
    (f,) = of(check(edit(EX, (PROBLEMS, "全年发生政府信息公开行政复议案件3件。" + PROBLEMS))), "W-NUM")
    assert f.severity == "error" and "口径" not in f.message
    assert of(check(edit(EX, (PROBLEMS, "全年备案政府信息公开行政复议案件4件。" + PROBLEMS))), "W-NUM") == []
