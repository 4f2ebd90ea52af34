"""The HTML page read back with html.parser: self-contained, zh-CN, official tables
with real header cells, the figures as JSON, user text escaped, phone-friendly."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from giar_gen.api import build_file
from giar_gen.document.compose import compose
from giar_gen.document.tree import Table
from giar_gen.source.loader import load_report
from giar_gen.writers.html import render_html

URL_ATTRS = {
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "poster",
    "data",
    "background",
    "cite",
    "longdesc",
    "manifest",
    "ping",
    "xlink:href",
}


class Page(HTMLParser):
    """Elements, attributes, text, and the official tables cell by cell."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self.tables: list[dict] = []
        self._in: list[str] = []
        self._cell = None
        self._section = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag in ("style", "script"):
            self._in.append(tag)
            if tag == "script":
                self.scripts.append((a, ""))
        if tag == "table":
            self.tables.append({"attrs": a, "thead": [], "tbody": []})
        elif tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr" and self.tables:
            self.tables[-1][self._section].append([])
        elif tag in ("th", "td"):
            self._cell = {"tag": tag, "attrs": a, "text": ""}

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self._in and tag == self._in[-1]:
            self._in.pop()
        if tag in ("th", "td") and self._cell is not None:
            self.tables[-1][self._section][-1].append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self._in and self._in[-1] == "style":
            self.styles.append(data)
        elif self._in and self._in[-1] == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        else:
            self.text.append(data)
            if self._cell is not None:
                self._cell["text"] += data


def parse(html: str) -> Page:
    p = Page()
    p.feed(html)
    p.close()
    return p


@pytest.fixture(scope="module")
def doc(example_yaml):
    return compose(load_report(example_yaml))


@pytest.fixture(scope="module")
def html_text(doc) -> str:
    return render_html(doc).decode("utf-8")


@pytest.fixture(scope="module")
def page(html_text) -> Page:
    return parse(html_text)


def test_language_and_metadata(page):
    html_el = next(a for t, a in page.elements if t == "html")
    assert html_el["lang"] == "zh-CN"
    assert "class" not in html_el  # no house options by default
    metas = {a.get("name"): a.get("content") for t, a in page.elements if t == "meta"}
    assert metas["author"] == "示例市示例区市场监督管理局"
    assert metas["viewport"].startswith("width=device-width")
    assert any(t == "meta" and a.get("charset") == "utf-8" for t, a in page.elements)


def test_self_contained_no_external_reference(page, html_text):
    for tag, attrs in page.elements:
        assert tag not in ("link", "img", "iframe", "object", "embed", "base", "audio", "video"), tag
        assert not URL_ATTRS & set(attrs), (tag, attrs)
        for name, value in attrs.items():
            assert "url(" not in (value or ""), (tag, name)
    css = "".join(page.styles)
    assert css and "url(" not in css and "@import" not in css
    for attrs, _ in page.scripts:
        assert attrs.get("type") == "application/json" and "src" not in attrs
    assert not re.search(r"(?i)\b(?:https?|ftp)://|//[a-z0-9.-]+\.[a-z]{2,}/", html_text)


def test_title_and_headings(page, doc):
    text = "".join(page.text)
    assert "示例市示例区市场监督管理局2023年政府信息公开工作年度报告" in text
    heads = [(t, a.get("class")) for t, a in page.elements if t in ("h1", "h2", "h3")]
    assert heads[0] == ("h1", "title")
    assert ("h2", "h1") in heads and ("h3", "h2") in heads


def test_official_tables_have_real_header_cells(page, doc):
    tree = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(page.tables) == len(tree) == 3
    for got, t in zip(page.tables, tree):
        assert got["attrs"]["data-table"] == t.id
        head = [
            [(c["text"], int(c["attrs"].get("rowspan", 1)), int(c["attrs"].get("colspan", 1))) for c in row]
            for row in got["thead"]
        ]
        assert head == [[(c.text, c.rowspan, c.colspan) for c in row] for row in t.header]
        for row in got["thead"]:
            for c in row:
                assert c["tag"] == "th"
                assert c["attrs"]["scope"] == ("colgroup" if int(c["attrs"].get("colspan", 1)) > 1 else "col")
        for grow, trow in zip(got["tbody"], t.body):
            assert len(grow) == len(trow)
            for c, cell in zip(grow, trow):
                assert c["text"] == cell.text
                assert (int(c["attrs"].get("rowspan", 1)), int(c["attrs"].get("colspan", 1))) == (
                    cell.rowspan,
                    cell.colspan,
                )
                if cell.role == "label":
                    assert (c["tag"], c["attrs"]["scope"]) == ("th", "row")
                elif cell.role == "header":
                    assert (c["tag"], c["attrs"]["scope"]) == ("th", "colgroup")
                elif cell.role == "value":
                    assert c["tag"] == "td"
                    assert (c["attrs"]["data-row"], c["attrs"]["data-col"]) == cell.ref


def test_numbers_match_the_embedded_figures(page, doc):
    [(attrs, text)] = page.scripts
    assert attrs["id"] == "giar-gen-data"
    data = json.loads(text)
    assert data == json.loads(json.dumps(doc.data, ensure_ascii=False))
    values = {}
    for t in page.tables:
        for row in t["tbody"]:
            for c in row:
                if "data-row" in c["attrs"]:
                    values[(t["attrs"]["data-table"], c["attrs"]["data-row"], c["attrs"]["data-col"])] = c["text"]
    assert len(values) > 100
    checked = 0
    for table in data["表格"].values():
        for cell in table:
            if cell["值"] is None:
                continue
            hits = [v for (tid, r, col), v in values.items() if r == cell["row"] and col == cell["column"]]
            if hits:
                assert float(hits[0].replace(",", "")) == cell["值"], cell
                checked += 1
    assert checked > 100
    assert values[("applications", "new_received", "total")] == "101"  # 本年新收 总计


def test_tables_scroll_on_a_phone(page):
    css = "".join(page.styles)
    wraps = [a for t, a in page.elements if t == "div" and (a.get("class") or "").split()[:1] == ["table-wrap"]]
    assert len(wraps) == 3
    assert sum("scrolls" in a["class"].split() for a in wraps) == 2  # tables 三 and 四 (see test_html_browser)
    assert re.search(r"\.table-wrap\s*\{[^}]*overflow-x:\s*auto", css)
    assert re.search(r"@media \(max-width:", css)
    assert re.search(r"@media print", css) and "size: A4" in css


def test_user_text_is_escaped_never_a_template(example_yaml, tmp_path):
    text = example_yaml.read_text(encoding="utf-8")
    evil = "<script>alert(1)</script>与{{ 7*7 }}和&amp;<b>粗</b>"
    text = text.replace("严格按照《条例》", "严格按照《条例》" + evil, 1)
    src = tmp_path / "evil.yaml"
    src.write_text(text, encoding="utf-8")
    out = build_file(src, tmp_path, ("html",)).written[0].read_text(encoding="utf-8")
    p = parse(out)
    shown = "".join(p.text)
    # "{{" and "}}" are the figure references' literal braces; nothing is evaluated
    assert "<script>alert(1)</script>与{ 7*7 }和&amp;<b>粗</b>" in shown
    assert "49" not in shown.split("alert(1)")[1][:20]
    assert [t for t, _ in p.elements].count("script") == 1  # only the JSON block
    assert "b" not in [t for t, _ in p.elements]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_bold_subheadings_option(doc):
    p = parse(render_html(doc, bold_subheadings=True).decode("utf-8"))
    html_el = next(a for t, a in p.elements if t == "html")
    assert html_el["class"] == "bold-subheadings"
    assert ".bold-subheadings .h2" in "".join(p.styles)


def test_two_renders_are_identical(doc):
    assert render_html(doc) == render_html(doc)
