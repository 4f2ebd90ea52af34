"""繁體 output: the text converted, the markup untouched, every glyph printable."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import opencc
import pytest

from giar_gen.api import build_file
from giar_gen.cli import main
from giar_gen.diagnostics import InputError
from giar_gen.document.compose import compose
from giar_gen.document.tree import Paragraph, Table
from giar_gen.fonts import uncovered_characters
from giar_gen.source.loader import load_report, load_report_text
from giar_gen.writers.script import SCRIPTS, convert_document, convert_text, resolve

ROOT = Path(__file__).resolve().parent.parent
SEED_001 = next((ROOT / "seeds").glob("001_*.txt"))


def test_names_resolve_to_scripts():
    assert resolve(None).id == resolve("简体").id == "hans"
    assert resolve("hant").id == resolve("繁体").id == resolve("繁體").id == "hant"
    assert resolve("繁体（香港）").id == resolve("s2hk").id == "s2hk"
    assert resolve("繁体-台湾").lang == "zh-TW" and resolve("s2hk").lang == "zh-HK"
    assert resolve("hant").lang == resolve("s2t").lang == "zh-Hant"
    with pytest.raises(ValueError, match="未知的文字「火星文」"):
        resolve("火星文")


@pytest.fixture(scope="module")
def report(example_yaml):
    return load_report(example_yaml)


def test_document_text_converted_markup_untouched(report):
    doc = compose(report)
    hant = convert_document(doc, "hant")
    assert convert_document(doc, "hans") is doc
    assert hant.title == "示例市示例區市場監督管理局2023年政府信息公開工作年度報告"
    assert hant.meta.lang == "zh-Hant" and doc.meta.lang == "zh-CN"
    assert hant.data == doc.data  # the machine-readable figures keep the official labels
    assert len(hant.blocks) == len(doc.blocks)
    for a, b in zip(doc.blocks, hant.blocks):
        assert type(a) is type(b)
        if isinstance(a, Table):
            assert (a.id, a.width, a.size, a.col_weights) == (b.id, b.width, b.size, b.col_weights)
            for ra, rb in zip(a.header + a.body, b.header + b.body):
                assert [(c.role, c.rowspan, c.colspan, c.ref) for c in ra] == [
                    (c.role, c.rowspan, c.colspan, c.ref) for c in rb
                ]
        if isinstance(a, Paragraph):
            assert [r.role for r in a.runs] == [r.role for r in b.runs] and a.role == b.role
    text = hant.text()
    assert "收到和處理政府信息公開申請情況" in text and "結轉下年度繼續辦理" in text
    assert "政府信息公开" not in text


def test_no_missing_glyph_in_any_variant(report):
    doc = compose(report, report)  # with the comparison table and chart
    for sid in SCRIPTS:
        converted = convert_document(doc, sid)
        assert uncovered_characters(converted.text()) == [], sid


def test_characters_the_fonts_lack_fall_back_to_printable_forms(monkeypatch):
    # OpenCC writes 複 in 複議 and 製 in 製作; when the bundled fonts lack such a form,
    # the character-by-character form (復, 制) is used, else the simplified character
    from giar_gen.writers import script

    conv = script.converter("s2tw")
    assert conv("行政复议") == "行政複議"
    assert script._fallback("行政复议", "行政複議", {"複"}, conv) == "行政復議"
    assert script._fallback("签", "簽", {"簽", "籤"}, conv) == "签"
    assert script._fallback("软件", "軟體", {"體"}, script.converter("s2twp")) == "軟件"
    from giar_gen.document.tree import Document, Heading, Meta

    monkeypatch.setattr(script, "_uncovered", lambda text: {"複", "製"} & set(text))
    doc = Document(title="行政复议和制作", meta=Meta(title="行政复议", author="局"), blocks=[Heading(1, "复议后起诉")])
    out = convert_document(doc, "hant")
    assert out.title == "行政復議和制作" and out.blocks[0].text == "復議後起訴"
    assert out.meta.title == "行政復議"


def _seed_001_text() -> str:
    text = SEED_001.read_text(encoding="utf-8")
    # the page's converter added pinyin after some characters: 區(qū)
    return re.sub(r"\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)", "", text)


def test_hant_reads_like_seed_001():
    """Seed 001 is a 繁體 page of a mainland office. Its text, taken back to simplified
    and converted by giar-gen, comes out as the page prints it, except where the page's
    own converter left simplified forms (關于 for 關於)."""
    page = _seed_001_text()
    simplified = opencc.OpenCC("t2s").convert(page)
    doc_lines = [convert_text(line, "hant") for line in simplified.splitlines()]
    ours = "\n".join(doc_lines)
    assert len(ours) == len(page.rstrip("\n")) or len(ours) == len(page)
    diff = Counter((a, b) for a, b in zip(page, ours) if a != b)
    assert sum(diff.values()) / len(page) < 0.015
    # The page's own converter left simplified or one-size-fits-all forms where OpenCC,
    # reading whole words, chooses 於、採、範、後、並、佈（發佈）、係（關係）、繫、託、製（製作）、複（複議）.
    page_simplified_forms = {"于", "采", "范", "后", "并", "复", "布", "系", "托", "制"}
    assert {a for a, _ in diff} <= page_simplified_forms | {"復"}
    for phrase in ("總體情況", "人力資源和社會保障局", "政府信息公開條例", "規範性文件", "行政訴訟"):
        assert phrase in ours


@pytest.fixture(scope="module")
def hant_build(tmp_path_factory, example_yaml):
    out = tmp_path_factory.mktemp("hant")
    result = build_file(example_yaml, out, ("html", "pdf", "docx", "json"), script="hant")
    return {p.suffix[1:]: p for p in result.written}


def test_hant_outputs(hant_build, example_yaml):
    assert {p.name for p in hant_build.values()} == {
        f"{example_yaml.stem}.zh-Hant.html",
        f"{example_yaml.stem}.zh-Hant.pdf",
        f"{example_yaml.stem}.zh-Hant.docx",
        f"{example_yaml.stem}.json",
    }
    html = hant_build["html"].read_text(encoding="utf-8")
    assert '<html lang="zh-Hant">' in html
    assert "<title>示例市示例區市場監督管理局2023年政府信息公開工作年度報告</title>" in html
    assert 'class="official t-applications size-small" data-table="applications"' in html  # markup as before
    data = json.loads(re.search(r'id="giar-gen-data">(.*?)</script>', html, re.S).group(1))
    assert data == json.loads(hant_build["json"].read_text(encoding="utf-8"))
    assert data["机关"] == "示例市示例区市场监督管理局"  # data keeps the official simplified labels

    pdf_text = subprocess.run(
        ["pdftotext", "-layout", str(hant_build["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    # OpenCC picks 複議 inside the word; the bundled fonts cover it (no character-by-character fallback)
    assert "政府信息公開行政複議、行政訴訟情況" in pdf_text
    assert "示例市示例區市場監督管理局" in pdf_text
    fonts = subprocess.run(["pdffonts", str(hant_build["pdf"])], capture_output=True, text=True, check=True).stdout
    assert "GiarGen" in fonts and "DejaVu" not in fonts  # every glyph from the bundled fonts

    with zipfile.ZipFile(hant_build["docx"]) as z:
        body = z.read("word/document.xml").decode("utf-8")
        core = z.read("docProps/core.xml").decode("utf-8")
    assert "年度報告" in body and "主動公開政府信息情況" in body
    assert "zh-Hant" in core


def test_file_field_and_command_line(tmp_path, example_yaml, capsys):
    text = example_yaml.read_text(encoding="utf-8").replace("报告年度: 2023", "报告年度: 2023\n文字: 繁体-香港")
    src = tmp_path / "hk.yaml"
    src.write_text(text, encoding="utf-8")
    assert main(["build", str(src), "-o", str(tmp_path), "-f", "html"]) == 0
    html = (tmp_path / "hk.zh-HK.html").read_text(encoding="utf-8")
    assert '<html lang="zh-HK">' in html and "年度報告" in html
    # the command line wins over the file
    assert main(["build", str(src), "-o", str(tmp_path), "-f", "html", "--script", "简体"]) == 0
    assert '<html lang="zh-CN">' in (tmp_path / "hk.html").read_text(encoding="utf-8")
    capsys.readouterr()

    bad = text.replace("文字: 繁体-香港", "文字: 火星文")
    with pytest.raises(InputError) as exc:
        load_report_text(bad, "x.yaml")
    d = exc.value.diagnostics[0]
    assert d.location.line == bad.splitlines().index("文字: 火星文") + 1
    assert "文字" in d.message and "繁体" in d.message and "火星文" in d.message


SEED_001_EXAMPLE = next((ROOT / "examples").glob("seed-001-*.yaml"))


def test_hant_build_of_seed_001_example_reads_like_seed_001(tmp_path):
    """The 繁體 HTML of examples/seed-001-*.yaml against the seed page's prose (headings
    and paragraphs; the page has no title): the same text but for the page converter's
    leftovers (關于 for 關於)."""
    import difflib
    from html.parser import HTMLParser

    result = build_file(SEED_001_EXAMPLE, tmp_path, ("html",), script="hant")
    html = result.written[0].read_text(encoding="utf-8")
    assert '<html lang="zh-Hant">' in html

    class Blocks(HTMLParser):
        def __init__(self):
            super().__init__()
            self.texts, self.cur = [], None

        def handle_starttag(self, tag, attrs):
            if tag in ("h2", "h3", "h4", "p"):
                self.cur = []

        def handle_endtag(self, tag):
            if tag in ("h2", "h3", "h4", "p") and self.cur is not None:
                self.texts.append("".join(self.cur))
                self.cur = None

        def handle_data(self, data):
            if self.cur is not None:
                self.cur.append(data)

    parser = Blocks()
    parser.feed(html)
    ours = "\n".join(parser.texts)
    half = str.maketrans({",": "，", "(": "（", ")": "）", ":": "：", ";": "；"})
    page = "\n".join(
        line.strip().translate(half)
        for line in _seed_001_text().splitlines()
        if line.strip() and "|" not in line and line.strip("? ") != ""
    )
    page = page.replace(" ???", "").rstrip("?")
    sm = difflib.SequenceMatcher(None, page, ours, autojunk=False)
    assert sm.ratio() > 0.97
    changed = [(page[i1:i2], ours[j1:j2]) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag == "replace"]
    page_converter_leftovers = {
        ("于", "於"),
        ("范", "範"),
        ("并", "並"),
        ("后", "後"),
        ("采", "採"),
        ("布", "佈"),
        ("系", "係"),
        ("系", "繫"),
        ("托", "託"),
        ("制", "製"),
        ("復", "複"),
        ("復", "覆"),
    }
    assert changed and all((a, b) in page_converter_leftovers for a, b in changed), changed
    assert {tag for tag, *_ in sm.get_opcodes()} == {"equal", "replace"}  # nothing missing, nothing added


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_in_traditional_has_every_glyph(example):
    doc = compose(load_report(example))
    for sid in ("hant", "s2hk"):
        assert uncovered_characters(convert_document(doc, sid).text()) == []
