"""Year over year (--previous) and the 图解 one-page summary (--infographic)."""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal

import pytest

from giar_gen.api import build_file
from giar_gen.cli import main
from giar_gen.document.charts import bar_chart
from giar_gen.document.compare import KEY_FIGURES, comparison_rows, infographic, key_figures, short_label
from giar_gen.document.compose import compose
from giar_gen.document.tree import Figure, Heading, Table
from giar_gen.source.loader import load_report, load_report_text


@pytest.fixture(scope="module")
def current(example_yaml):
    return load_report(example_yaml)


@pytest.fixture(scope="module")
def last_year_file(tmp_path_factory, example_yaml):
    """The example as a 2022 report that passes the cross-year checks against it: its
    结转下年度 is the example's 上年结转 (2 fewer requests received by natural persons,
    some results moved), its 现行有效件数 leads to the example's, one review more."""
    text = example_yaml.read_text(encoding="utf-8")
    text = text.replace("报告年度: 2023", "报告年度: 2022").replace("发布日期: 2024-01-26", "发布日期: 2023-01-20")
    text = text.replace("2023年", "2022年")
    text = text.replace("本年新收: [86,", "本年新收: [84,").replace(
        "予以公开: [38, 4, 1, 0, 1, 1]", "予以公开: [37, 5, 1, 0, 1, 2]"
    )
    text = text.replace("结转下年度继续办理: [5, 2, 0, 0, 0, 1]", "结转下年度继续办理: [4, 1, 0, 0, 0, 0]")
    text = text.replace("行政规范性文件: [3, 1, 17]", "行政规范性文件: [2, 0, 15]")
    text = text.replace("行政复议: [2, 1, 0, 1]", "行政复议: [3, 1, 0, 1]")
    p = tmp_path_factory.mktemp("prev") / "2022.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_key_figures_named_from_the_table_definitions(current):
    figs = key_figures(current)
    assert list(figs) == [k.id for k in KEY_FIGURES]
    assert figs["received"] == ("本年新收政府信息公开申请数量", 101)
    assert figs["partly_disclosed"] == ("部分公开", 7)  # the bracketed note dropped
    assert figs["withheld"] == ("不予公开", 12)  # sum of the eight reasons
    assert figs["results_total"] == ("本年度办理结果总计", 98)
    assert figs["reviews"] == ("行政复议", 4) and figs["lawsuits"] == ("行政诉讼", 3)
    assert short_label("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == "部分公开"
    assert short_label("1.属于国家秘密") == "属于国家秘密"


def test_2019_edition_previous_year_compares_by_the_same_ids(current):
    prev_2020 = load_report_text(
        """\
报告年度: 2020
机关: {名称: 示例市示例区市场监督管理局, 类型: 部门}
发布日期: 2021-01-20
申请办理情况:
  本年新收: [50, 0, 0, 0, 0, 0]
  本年度办理结果:
    其他处理: [3, 0, 0, 0, 0, 0]
""",
        "2020.yaml",
    )
    assert prev_2020.edition.id == "2019"
    rows = {name: (p, c) for name, p, c in comparison_rows(current, prev_2020)}
    assert rows["本年新收政府信息公开申请数量"] == (50, 101)
    assert rows["其他处理"] == (3, 5)  # one row in 2019, three rows in 2021
    assert rows["上年结转政府信息公开申请数量"] == (None, 5)  # blank last year: not compared


def test_comparison_table_and_chart_in_the_report(current, last_year_file):
    prev = load_report(last_year_file)
    doc = compose(current, prev)
    i = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Heading) and "上年度对比" in b.text)
    table, figure = doc.blocks[i + 1], doc.blocks[i + 2]
    assert isinstance(table, Table) and isinstance(figure, Figure)
    body = {r[0].text: [c.text for c in r[1:]] for r in table.body}
    assert [c.text for c in table.header[0]] == ["项目", "2022年", "2023年", "增减", "增减幅度"]
    assert body["本年新收政府信息公开申请数量"] == ["99", "101", "+2", "+2.0%"]
    assert body["予以公开"] == ["46", "45", "-1", "-2.2%"]
    assert body["行政复议"] == ["5", "4", "-1", "-20.0%"]
    assert body["行政诉讼"] == ["3", "3", "0", "0.0%"]
    assert doc.blocks[-1].__class__.__name__ == "Signature"  # before the signature
    assert "本年新收政府信息公开申请数量" in figure.texts and "2022年" in figure.texts
    assert compose(current).blocks[-2].__class__.__name__ != "Figure"  # only with --previous


def test_chart_escapes_labels():
    svg = bar_chart("<b>标题</b>", ["a&b", "</svg><script>"], [("2023年", [1, Decimal("2.5")])], unit="件").svg()
    assert "<script>" not in svg and "&lt;/svg&gt;&lt;script&gt;" in svg and "a&amp;b" in svg
    assert svg.startswith("<svg ") and svg.endswith("</svg>") and ">2.5<" in svg


@pytest.fixture(scope="module")
def built(tmp_path_factory, example_yaml, last_year_file):
    out = tmp_path_factory.mktemp("yoy")
    result = build_file(
        example_yaml, out, ("html", "pdf", "docx"), previous=last_year_file, compare=True, infographic=True
    )
    return {p.name: p for p in result.written}, result


def test_outputs_with_previous_and_infographic(built, example_yaml):
    files, result = built
    stem = example_yaml.stem
    assert set(files) == {f"{stem}.html", f"{stem}.pdf", f"{stem}.docx", f"{stem}-图解.html", f"{stem}-图解.pdf"}
    assert not result.refused and [d for d in result.diagnostics if d.severity == "error"] == []
    html = files[f"{stem}.html"].read_text(encoding="utf-8")
    assert html.count("<svg ") == 1 and "主要数据与上年度对比" in html
    pdf = files[f"{stem}.pdf"]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "主要数据与上年度对比" in text and re.search(r"本年新收政府信息公开申请数量\s+99\s+101\s+\+2", text)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "DejaVu" not in fonts  # the chart's texts use the bundled fonts too


def test_infographic_is_one_page(built, example_yaml):
    files, _ = built
    pdf = files[f"{example_yaml.stem}-图解.pdf"]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "图解" in text and "101" in text and "本年新收政府信息公开申请数量" in text
    html = files[f"{example_yaml.stem}-图解.html"].read_text(encoding="utf-8")
    assert "<svg " in html and "予以公开" in html


def test_infographic_document(current):
    doc = infographic(current)
    assert doc.title.startswith("图解：") and len(doc.blocks) == 1
    texts = doc.blocks[0].texts
    assert "予以公开" in texts and "行政许可：本年处理决定数量" in texts and "2846" in texts


def test_comparison_only_when_asked(example_yaml, last_year_file, tmp_path):
    result = build_file(example_yaml, tmp_path, ("html",), previous=last_year_file)
    html = result.written[0].read_text(encoding="utf-8")
    assert "主要数据与上年度对比" not in html and "<svg" not in html  # --previous alone: the cross-year checks
    assert main(["build", str(example_yaml), "-o", str(tmp_path), "-f", "html", "--compare"]) == 2  # needs --previous
