"""Reading the official tables tolerantly, and keeping their defects visible."""

from __future__ import annotations

from decimal import Decimal

import pytest

from giar_gen.importer.core import import_file
from giar_gen.importer.tables import cell_is_value, identify_table, label_core, parse_cell, unique_labels
from giar_gen.model.tables import edition
from giar_gen.readers import RawCell, TableBlock


def report_text(year: int, table_lines: str, signature_date: str | None = None) -> str:
    date = signature_date or f"{year + 1}年1月20日"
    return (
        f"某某县某某局{year}年政府信息公开工作年度报告\n一、总体情况\n全年工作正常。\n"
        f"二、主动公开政府信息情况\n{table_lines}\n三、存在的主要问题及改进情况\n无。\n某某县某某局\n{date}\n"
    )


def write(tmp_path, text: str, name: str = "r.txt"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


T2_2019 = """第二十条第（一）项 | | |
信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量
规章 | 0 | 0 | 0
规范性文件 | 2 | 2 | 15
第二十条第（五）项 | | |
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量
行政许可 | 30 | －8 | 1200
其他对外管理服务事项 | ５ | +1 | 40"""


def test_2019_labels_in_a_2021_report_set_the_edition(tmp_path):
    imp = import_file(write(tmp_path, report_text(2021, T2_2019)))
    d = imp.data
    assert d["表格版本"] == "2019"
    assert d["主动公开情况"]["规范性文件"] == [2, 2, 15]
    assert d["主动公开情况"]["行政许可"] == [30, -8, 1200]  # 本年增/减 may be negative; full-width minus
    assert d["主动公开情况"]["其他对外管理服务事项"] == [5, 1, 40]  # full-width digit
    notes = [n for n in imp.notes if n.code == "I205"]
    assert notes and "2021年度" in notes[0].message


def test_units_and_bad_cells_become_notes_and_blanks(tmp_path):
    lines = """第二十条第（八）项 | | |
信息内容 | 本年收费金额（单位：万元） | |
行政事业性收费 | 3500元 | |
第二十条第（六）项 | | |
行政处罚 | 约12
行政强制 | -3
第二十条第（五）项 | | |
行政许可 | 2.5"""
    imp = import_file(write(tmp_path, report_text(2022, lines)))
    t = imp.data["主动公开情况"]
    assert t == {"行政事业性收费": None, "行政处罚": None, "行政强制": None, "行政许可": None}
    problems = {n.text: n.message for n in imp.notes if n.code == "I202"}
    assert "单位为“元”" in problems["3500元"]
    assert "不是数字" in problems["约12"]
    assert "负数" in problems["-3"]
    assert "不是整数" in problems["2.5"]


def test_wrong_number_of_values_keeps_the_row_as_a_note(tmp_path):
    lines = """第二十条第（一）项 | | |
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数
规章 | 0 | 0
行政规范性文件 | 1 | 0 | 4"""
    imp = import_file(write(tmp_path, report_text(2022, lines)))
    assert imp.data["主动公开情况"] == {"行政规范性文件": [1, 0, 4]}
    kept = [n for n in imp.notes if n.code == "I201"]
    assert kept and kept[0].text == "规章 | 0 | 0"
    assert "应有 3 个数" in kept[0].message


@pytest.mark.parametrize(
    "text, value",
    [
        ("", None),
        ("/", None),
        ("／", None),
        ("—", None),
        ("——", None),
        ("-", None),
        ("无", None),
        ("0", 0),
        ("12", 12),
        ("1,234", 1234),
        ("１２", 12),
        (" 7 ", 7),
        ("3件", 3),
    ],
)
def test_cells(text, value):
    col = edition("2021").table("applications").column("natural_person")
    got, problem = parse_cell(text, col)
    assert (got, problem) == (value, None)
    assert got != 0 or text == "0"  # a blank is never 0
    assert cell_is_value(text)


def test_amounts_are_decimals():
    col = edition("2021").table("proactive").column("fees_amount")
    assert parse_cell("0.35", col) == (Decimal("0.35"), None)
    assert parse_cell("1.2万元", col) == (Decimal("1.2"), None)


def test_label_normalisation():
    assert label_core("（三）不予公开") == label_core("(三)不予公开") == "不予公开"
    assert label_core("3.危及“三安全一稳定”") == label_core('3．危及"三安全一稳定"') == "危及三安全一稳定"
    assert label_core(" 1. 属于国家秘密 ") == "属于国家秘密"


def test_editions_are_told_apart_by_labels_only_they_print():
    uniq = unique_labels()
    assert label_core("本年制发件数") in uniq["2021"]
    assert label_core("本年新制作数量") in uniq["2019"]
    assert label_core("行政许可") not in uniq["2019"] | uniq["2021"]


def test_tables_are_identified_by_their_labels():
    rows = lambda *labels: TableBlock(rows=[[RawCell(x) for x in labels]])
    assert identify_table(rows("行政复议", "行政诉讼", "结果维持")) == "reviews"
    assert identify_table(rows("本年新收政府信息公开申请数量", "自然人", "商业企业")) == "applications"
    assert identify_table(rows("第二十条第（一）项", "规章")) == "proactive"
    assert identify_table(rows("序号", "项目", "数量")) is None


def test_other_tables_become_local_tables(tmp_path):
    lines = "全年宣传活动统计表\n序号 | 项目 | 数量\n1 | 宣传活动 | 5\n2 | 培训 | 3"
    imp = import_file(write(tmp_path, report_text(2022, lines)))
    assert imp.data["附表"] == [
        {
            "标题": "全年宣传活动统计表",
            "表体": [["序号", "项目", "数量"], [1, "宣传活动", 5], [2, "培训", 3]],
            "部分": "主动公开政府信息情况",
        }
    ]
    assert "全年宣传活动统计表" not in (imp.data["正文"].get("主动公开政府信息情况") or "")
    assert "主动公开情况" not in imp.data


def test_ragged_tables_are_kept_as_notes(tmp_path):
    lines = "序号 | 项目 | 数量\n1 | 宣传活动"
    imp = import_file(write(tmp_path, report_text(2022, lines)))
    kept = [n for n in imp.notes if n.code == "I203"]
    assert kept and kept[0].text == "序号 | 项目 | 数量\n1 | 宣传活动"
    assert "附表" not in imp.data


def test_table_3_with_2019_single_other_row_in_a_2019_report(tmp_path):
    lines = """(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |||||||
自然人 | 法人或其他组织 | 总计 |
商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |
一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
三、本年度办理结果 | (一)予以公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
(六)其他处理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
(七)总计 | 3 | 0 | 0 | 0 | 0 | 0 | 4 |
四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"""
    text = report_text(2019, "").replace(
        "二、主动公开政府信息情况\n", "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n" + lines + "\n"
    )
    text = text.replace(
        "三、存在的主要问题及改进情况", "四、政府信息公开行政复议、行政诉讼情况\n无。\n五、存在的主要问题及改进情况"
    )
    imp = import_file(write(tmp_path, text))
    t3 = imp.data["申请办理情况"]
    assert t3["本年度办理结果"]["其他处理"] == [1, 0, 0, 0, 0, 0]
    assert t3["本年度办理结果"]["总计"] == [3, 0, 0, 0, 0, 0, 4]  # 总计 4 ≠ 3: kept as printed
    missing = [n for n in imp.notes if n.code == "I206"]
    assert missing and "1.属于国家秘密" in missing[0].message


def test_braces_in_the_text_stay_text(tmp_path):
    """A brace in a published report is not a figure reference."""
    from giar_gen.document.compose import compose
    from giar_gen.importer.core import report_from_published

    text = report_text(2022, "").replace("全年工作正常。", "全年工作正常{见附件}，另有｛说明｝。")
    report, _ = report_from_published(write(tmp_path, text))
    assert report.part_text("总体情况") == "全年工作正常{{见附件}}，另有｛｛说明｝｝。"
    assert "全年工作正常{见附件}，另有｛说明｝。" in compose(report).text()


def test_long_forms_of_the_part_headings(tmp_path):
    """Some 2019+ reports use the Regulation's long wording for parts 四 and 五."""
    text = (
        "某某县某某局2021年政府信息公开工作年度报告\n一、总体情况\n正常。\n"
        "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况\n无。\n"
        "五、政府信息公开工作存在的主要问题及改进情况\n一是……\n某某县某某局\n2022年1月20日\n"
    )
    imp = import_file(write(tmp_path, text))
    assert list(imp.data["正文"]) == ["总体情况", "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况"]
    assert "版式" not in imp.data  # the five parts are prescribed: no layout of the report's own
    assert not [n for n in imp.notes if n.unmapped]
