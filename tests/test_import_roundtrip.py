"""build → import: our own HTML and DOCX read back give the same report;
a report in traditional characters imports like its simplified twin; other
people's pages and Word files import with their defects kept visible."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

import opencc
import pytest

from giar_gen.api import render
from giar_gen.document.compose import compose
from giar_gen.document.intro import included_parts, intro_lines
from giar_gen.importer.core import import_file, report_from_published
from giar_gen.readers import read_document
from giar_gen.source.loader import load_report, load_report_text
from giar_gen.source.yamlwrite import imported_yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _import_samples import FOREIGN_HTML, write_docx_like

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each example rendered to HTML and DOCX once."""
    out = {}
    folder = tmp_path_factory.mktemp("built")
    for path in EXAMPLES:
        report = load_report(path)
        doc = compose(report)
        files = {}
        for fmt in ("html", "docx"):
            f = folder / f"{path.stem}.{fmt}"
            f.write_bytes(render(doc, fmt))
            files[fmt] = f
        out[path.name] = (report, files)
    return out


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def assert_same_report(original, imported) -> None:
    """Every cell, every part text, title, agency, dates, intro, signature."""
    assert imported.title == original.title
    assert imported.year == original.year
    assert imported.data.agency.name == original.data.agency.name
    assert imported.data.publication_date == original.data.publication_date
    assert imported.signature == original.signature
    assert imported.signature_date == original.signature_date
    assert imported.period == original.period
    assert intro_lines(imported) == intro_lines(original)
    assert (imported.edition.id if imported.edition else None) == (original.edition.id if original.edition else None)

    # the parts as printed: titles in order, each with its text (the keys may differ)
    def parts(report):
        return [(p.title if p.heading else "", _lines(report.part_text(p.key))) for p in included_parts(report)]

    printed_a, printed_b = parts(original), parts(imported)
    if [t for t, _ in printed_a] == [t for t, _ in printed_b]:
        assert printed_b == printed_a
    else:  # an untitled part: its text runs on after the part before it
        assert sum((lines for _, lines in printed_b), []) == sum((lines for _, lines in printed_a), [])
        assert [t for t, _ in printed_b if t] == [t for t, _ in printed_a if t]
    for tid, tv in original.tables.items():
        other = imported.tables[tid]
        for row, col in tv.table.cells():
            assert other.value(row.id, col.id) == tv.value(row.id, col.id), tv.table.describe(row.id, col.id)
            if tv.entered.get((row.id, col.id)) is not None and not (row.is_total or col.is_total):
                assert other.entered.get((row.id, col.id)) == tv.entered[(row.id, col.id)]
    assert compose(imported).text() == compose(original).text()
    assert compose(imported).data == compose(original).data


@pytest.mark.parametrize("fmt", ["html", "docx"])
@pytest.mark.parametrize("example", [p.name for p in EXAMPLES])
def test_build_then_import_gives_the_same_report(built, example, fmt, tmp_path):
    original, files = built[example]
    imp = import_file(files[fmt])
    text = imported_yaml(imp)
    report = load_report_text(text, str(tmp_path / "imported.yaml"), base_dir=tmp_path)
    assert_same_report(original, report)
    assert not [n for n in imp.notes if n.unmapped], [n.message for n in imp.notes if n.unmapped]
    # and the imported data file builds
    assert render(compose(report), "html")


def test_example_round_trip_in_detail(built):
    """The 2023 example's own figures, spelled out."""
    original, files = built["2023-示例区市场监督管理局.yaml"]
    imp = import_file(files["html"])
    d = imp.data
    assert d["报告年度"] == 2023
    assert d["机关"] == {"名称": "示例市示例区市场监督管理局", "类型": "部门", "层级": "县级"}
    assert d["发布日期"] == dt.date(2024, 1, 26)
    assert "标题" not in d  # the default title: not repeated in the data
    assert d["主动公开情况"]["行政规范性文件"] == [3, 1, 17]
    assert d["主动公开情况"]["行政许可"] == 2846
    assert d["主动公开情况"]["行政事业性收费"] == Decimal("0")
    assert d["申请办理情况"]["本年新收"] == [86, 9, 1, 0, 3, 2]
    assert d["申请办理情况"]["本年度办理结果"]["其他处理"]["逾期不补正"] == [3, 1, 0, 0, 0, 0]
    assert d["申请办理情况"]["结转下年度继续办理"] == [5, 2, 0, 0, 0, 1]
    assert d["复议诉讼情况"] == {"行政复议": [2, 1, 0, 1], "未经复议直接起诉": [1, 0, 0, 1], "复议后起诉": [1, 0, 0, 0]}
    assert list(d["正文"]) == ["总体情况", "存在的主要问题及改进情况", "其他需要报告的事项"]


@pytest.mark.parametrize("example", [p.name for p in EXAMPLES])
def test_traditional_twin_imports_the_same(built, example, tmp_path):
    _original, files = built[example]
    s2t = opencc.OpenCC("s2t")
    html = files["html"].read_text(encoding="utf-8")
    twin = tmp_path / "繁體.html"
    twin.write_text(s2t.convert(html), encoding="utf-8")
    assert "報告" in twin.read_text(encoding="utf-8")
    simple, traditional = import_file(files["html"]), import_file(twin)
    assert traditional.data == simple.data
    assert any("繁体字已转换" in m for m in traditional.mapped)


def test_traditional_twin_of_seed_text(tmp_path):
    """The other way round: a simplified copy of the traditional seed 001."""
    path = next((REPO / "seeds").glob("001_*.txt"))
    from giar_gen.importer.normalise import to_simplified  # t2s with its 著/着 trap mended

    twin = tmp_path / "简体.txt"
    twin.write_text(to_simplified(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert import_file(twin).data == import_file(path).data


# ---------------------------------------------------------------------------
# someone else's web page and Word file


@pytest.fixture(scope="module")
def foreign(tmp_path_factory):
    folder = tmp_path_factory.mktemp("foreign")
    html = folder / "某某县交通运输局2022年报.html"
    html.write_bytes(FOREIGN_HTML.encode("gb18030"))
    docx = folder / "某某县交通运输局2022年报.docx"
    write_docx_like(read_document(html), docx)
    return html, docx


def test_foreign_page(foreign):
    html, _ = foreign
    imp = import_file(html)
    d = imp.data
    assert d["报告年度"] == 2022
    assert d["标题"] if "标题" in d else True
    assert d["机关"]["名称"] == "某某县交通运输局"
    assert d["发布日期"] == dt.date(2023, 1, 18)
    assert d["联系方式"] == {
        "单位": "某某县交通运输局办公室",
        "地址": "某某县人民路1号",
        "邮编": "123456",
        "电话": "0123-1234567",
    }
    assert list(d["正文"]) == ["总体情况", "存在的主要问题及改进情况", "其他需要报告的事项"]
    assert d["正文"]["总体情况"].splitlines() == [
        "2022年，我局认真贯彻落实《条例》。",
        "（一）主动公开",
        "全年主动公开政府信息356条。",
    ]
    t2 = d["主动公开情况"]
    assert t2["规章"] == [None, None, None]  # "/" is not filled in, never 0
    assert t2["行政规范性文件"] == [2, 0, 9]  # printed as the 2019 label "规范性文件"
    assert t2["行政许可"] == 1205  # "1,205"
    assert t2["行政强制"] is None  # "—"
    assert t2["行政事业性收费"] == Decimal("12.5")
    t3 = d["申请办理情况"]["本年度办理结果"]
    assert t3["不予公开"]["其他法律行政法规禁止公开"] == [1, 0, 0, 0, 0, 0]  # "其他法律行政止公开"
    assert t3["不予公开"]["属于行政查询事项"] == [0, 0, 0, 0, 0, 0]  # "8.属于行…"
    assert t3["总计"] == [11, 2, 0, 0, 0, 0, None]  # the blank 总计 cell is kept blank
    assert d["复议诉讼情况"]["行政复议"] == [1, 0, 0, 0, 2]  # 总计 2 ≠ 1: kept as printed
    assert d["复议诉讼情况"]["未经复议直接起诉"] == [0, 0, 0, 0]  # 总计 0 = sum: computed
    codes = sorted(n.code for n in imp.notes if n.code == "I204")
    assert len(codes) == 3
    messages = " ".join(n.message for n in imp.notes)
    assert "其他法律行政止公开" in messages and "规范性文件" in messages and "8.属于行…" in messages
    kept = "\n".join(n.text for n in imp.notes if n.unmapped)
    assert "当前位置" in kept and "分享到" in kept and "网站地图" in kept
    assert "隐藏的文字" not in kept and "not text" not in kept


def test_foreign_word_file_reads_like_the_page(foreign):
    html, docx = foreign
    assert import_file(docx).data == import_file(html).data


def test_foreign_page_as_report(foreign):
    html, _ = foreign
    report, notes = report_from_published(html)
    tv = report.tables["applications"]
    assert tv.entered[("results.total", "total")] is None
    assert tv.value("results.total", "total") == 13  # shown computed, but recorded as left blank
    loc = report.source.location(tv.paths[("results.withheld.prohibited_by_law", "natural_person")])
    assert loc.file == str(html)
    source_line = html.read_bytes().decode("gb18030").splitlines()[loc.line - 1]
    assert "其他法律行政止公开" in source_line
    assert {n.code for n in notes} >= {"I204", "I102"}
