"""Shapes real published reports take (issue 14.2): OCR markdown, text extracted
from a PDF, a CMS page's date line, injected spam. Each read, or flagged as an
import note, never silently kept or dropped."""

from __future__ import annotations

from pathlib import Path

from giar_gen.importer.core import import_document
from giar_gen.importer.tables import label_core
from giar_gen.readers.text import parse_text


def _import(text: str):
    return import_document(parse_text(text, Path("r.txt")))


HEAD = "# 某县人民政府2025年政府信息公开工作年度报告\n\n"
REVIEWS = """## 四、政府信息公开行政复议、行政诉讼情况

### 行政复议
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
|----------|----------|----------|----------|------|
| 27 | 10 | 9 | 15 | 61 |

### 行政诉讼（未经复议直接起诉）
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
|---|---|---|---|---|
| 3 | 0 | 0 | 0 | 3 |

### 行政诉讼（复议后起诉）
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
|---|---|---|---|---|
| 8 | 0 | 1 | 1 | 10 |
"""


def test_markdown_pipe_tables_and_table_four_in_pieces():
    text = (
        HEAD
        + """## 二、主动公开政府信息情况

| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
|---|---|---|---|
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | 6 | 1 | 32 |

| 信息内容 | 本年处理决定数量 |
|---|---|
| 行政许可 | 517 |
| 行政处罚 | 69 |
| 行政强制 | 21 |

"""
        + REVIEWS
    )
    imp = _import(text)
    assert imp.data["主动公开情况"]["行政规范性文件"] == [6, 1, 32]
    assert imp.data["主动公开情况"]["行政许可"] == 517
    assert imp.data["复议诉讼情况"] == {
        "行政复议": [27, 10, 9, 15],
        "未经复议直接起诉": [3, 0, 0, 0],
        "复议后起诉": [8, 0, 1, 1],
    }
    assert imp.data["机关"]["名称"] == "某县人民政府"  # the "#" of the heading is not part of the title


def test_trailing_blank_cell_stays_blank():
    doc = parse_text("| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 |  |\n", Path("r.txt"))
    (table,) = doc.blocks
    assert [c.text for c in table.rows[0]] == ["四、结转下年度继续办理", "1", "0", "0", "0", "0", "0", ""]


def test_row_label_with_the_parts_number_in_front():
    assert label_core("三(一)予以公开") == label_core("（一）予以公开") == "予以公开"
    assert label_core("三、（二）部分公开") == "部分公开"


def test_pdf_text_title_over_two_lines_page_numbers_and_wrapped_lines():
    body = "\n".join(
        [
            "2024 年某某市某某局政府信息公开工作",
            "年度报告",
            "",
            "一、总体情况",
            "某某局 2024 年深入贯彻《政府信息公开条例》，认真落实市委",
            "市政府关于政务公开工作的各项部署，扎实推进本部门政务公开",
            "— 1 —",
            "工作，不断提升政务服务水平，全年收到政府信息公开申请 3",
            "6 件，上年结转政府信息公开申请 2 件，均已按时办结答复完",
            "毕，未发生行政复议和行政诉讼，未收取任何信息处理费用。",
            "全年主动公开政府信息 393 件，其中包括行政规范性文件 13",
            "件，规划计划文件 2 件，部门预算和决算信息全部按时公开。",
            "市科委设立政务公开工作协调小组，统筹协调信息公开工作部",
            "门、法制部门、业务处室等共同协作推进和落实政务公开任务",
            "并形成健全的接收申请、形式审查、会商答复意见和复核流程",
            "，保障政府信息公开申请答复工作便民、合规、合法、高效。",
        ]
    )
    imp = _import(body)
    assert imp.data["标题"] == "2024年某某市某某局政府信息公开工作年度报告"
    text = imp.data["正文"]["总体情况"]
    assert "— 1 —" not in text and "政务公开工作，不断提升" in text  # page number out, paragraph joined across it
    assert "申请 36 件" in text or "申请 3 6 件" in text or "申请 36件" in text.replace(" 6", "6")
    assert any(n.code == "I102" and "— 1 —" in n.text for n in imp.notes)


def test_cms_publication_date_line_without_colon(tmp_path):
    from giar_gen.importer.core import import_file

    page = tmp_path / "p.html"
    page.write_text(
        "<html><body><table><tr><td>发布机构</td><td>某县发展和改革局</td><td>公开日期</td><td>2024-01-17</td></tr>"
        "</table><h1>某县发展和改革局2023年政府信息公开工作年度报告</h1>"
        "<p>一、总体情况</p><p>2023年，我局依法公开政府信息。</p></body></html>",
        encoding="utf-8",
    )
    imp = import_file(page)
    assert imp.data["发布日期"].isoformat() == "2024-01-17"
    assert any("网页的发布时间" in m for m in imp.mapped)


def test_injected_link_farm_spam_is_cut_and_noted():
    imp = _import(
        HEAD + "## 一、总体情况\n\n2025年，我县依法公开政府信息。澳门金沙娱乐城 www.xx-bet.com 真人荷官 百家乐"
        "在线开户。全年主动公开政府信息4511条。\n"
    )
    text = imp.data["正文"]["总体情况"]
    assert "娱乐城" not in text and "百家乐" not in text and "全年主动公开政府信息4511条" in text
    (note,) = [n for n in imp.notes if n.code == "I102" and "垃圾" in n.message]
    assert "澳门金沙" in note.text and note.severity == "warning"


def test_part_whose_heading_was_lost_is_recovered_and_noted():
    text = (
        HEAD
        + "## 一、总体情况\n\n2025年，我县依法公开政府信息。\n\n"
        + REVIEWS
        + """
（一）主要问题
公开内容还不够全面。

六、其他需要报告的事项

本年度未收取信息处理费。
"""
    )
    imp = _import(text)
    assert imp.data["正文"]["存在的主要问题及改进情况"].startswith("（一）主要问题")
    assert any(n.code == "I101" and "没有找到第五部分“存在的主要问题及改进情况”的标题" in n.message for n in imp.notes)
    assert [o["number"] for o in imp.outline] == [1, 4, None, 6]


def test_ocr_placeholder_table_is_noted_not_kept_as_a_local_table():
    text = (
        HEAD
        + """## 三、收到和处理政府信息公开申请情况

### 申请人情况 (自然人)
| (数据项目) | 数量 |
|---|---|
| - | - |
"""
    )
    imp = _import(text)
    assert "附表" not in imp.data
    assert any(n.code == "I203" and "没有内容" in n.message for n in imp.notes)


def test_level_of_municipality_departments_is_provincial():
    # 上海、北京、天津、重庆 are municipalities of the provincial level (corpus 05, 06)
    from giar_gen.importer.metadata import guess_kind_level

    assert guess_kind_level("上海市科委") == ("部门", "省级")
    assert guess_kind_level("上海市人民政府办公厅") == ("部门", "省级")
    assert guess_kind_level("北京市人民政府") == ("人民政府", "省级")
    assert guess_kind_level("上海市浦东新区人民政府") == ("人民政府", "县级")
    assert guess_kind_level("宿迁市人民政府") == ("人民政府", "设区的市")


def test_ocr_headings_over_table_pieces_are_not_prose():
    # corpus 07: "### 行政复议" "### 行政诉讼（未经复议直接起诉）"… over each piece of 表四 became
    # the part's text (printed as paragraphs, and W-PUNCT on their half-width brackets)
    imp = _import(HEAD + "## 一、总体情况\n\n2025年，我县依法公开政府信息。\n\n" + REVIEWS)
    assert "政府信息公开行政复议、行政诉讼情况" not in imp.data["正文"]
    assert any(n.code == "I102" and "行政诉讼（复议后起诉）" in n.text for n in imp.notes)
    # one label standing over its own paragraph is a sub-heading: kept
    text = (
        HEAD
        + "## 一、总体情况\n\n2025年，我县依法公开政府信息。\n\n"
        + REVIEWS.replace(
            "## 四、政府信息公开行政复议、行政诉讼情况\n\n",
            "## 四、政府信息公开行政复议、行政诉讼情况\n\n（一）行政复议\n\n全年行政复议61件。\n\n",
        )
    )
    kept = _import(text).data["正文"]["政府信息公开行政复议、行政诉讼情况"]
    assert kept.strip() == "（一）行政复议\n全年行政复议61件。"


def test_agency_and_date_under_the_title_are_not_the_intro():
    # corpus 07: "沐阳县人民政府" and "(2026年1月23日)" under the title went into 引言
    body = "## 一、总体情况\n\n2025年，我县依法公开政府信息。\n\n"
    text = HEAD + "某县人民政府\n(2026年1月23日)\n\n依据《条例》规定，编制本报告。\n\n" + body
    imp = _import(text)
    assert imp.data["引言"].strip() == "依据《条例》规定，编制本报告。"
    assert any(n.code == "I102" and "(2026年1月23日)" in n.text for n in imp.notes)
    # no signature: the date under the title is the date it was written
    assert str(imp.data["发布日期"]) == "2026-01-23"
    # a first intro line that is a sentence, not the agency, stays
    imp = _import(HEAD + "某县人民政府高度重视政府信息公开工作。\n\n" + body)
    assert imp.data["引言"].strip() == "某县人民政府高度重视政府信息公开工作。"
