"""WeasyPrint's user-agent stylesheet without the note and marker rules a report
never uses (giar_gen.writers.pdf_ua): same PDF, far fewer style computations."""

from __future__ import annotations

import collections
import tempfile
from pathlib import Path

import pytest

from giar_gen.document.compose import compose
from giar_gen.source.loader import load_report
from giar_gen.writers import pdf as pdf_writer
from giar_gen.writers.pdf_start import font_configuration, import_weasyprint
from giar_gen.writers.pdf_ua import LIST_ITEMS, NOTE_PSEUDO, print_html_class, trimmed_stylesheet

ROOT = Path(__file__).resolve().parent.parent

weasyprint = import_weasyprint()
from weasyprint.html import UA_STYLESHEET  # noqa: E402


def _entries(matcher):
    yield from matcher.other_selectors
    for entries in matcher.lower_local_name_selectors.values():
        yield from entries


def test_only_the_note_rules_go_and_marker_keeps_to_list_items():
    stock = UA_STYLESHEET.matcher
    before = list(stock.other_selectors)
    trimmed = trimmed_stylesheet(UA_STYLESHEET)
    assert trimmed is not UA_STYLESHEET
    new = trimmed.matcher
    assert stock.other_selectors == before  # WeasyPrint's own sheet is untouched
    assert not any(e[3] in NOTE_PSEUDO or e[3] == "marker" for e in new.other_selectors)
    [marker] = [e for e in before if e[3] == "marker"]
    for name in LIST_ITEMS:
        assert marker in new.lower_local_name_selectors[name]
    # every other rule is WeasyPrint's, the same object in the same place
    assert [e for e in before if e[3] not in NOTE_PSEUDO | {"marker"}] == new.other_selectors
    for name, entries in stock.lower_local_name_selectors.items():
        assert new.lower_local_name_selectors[name][: len(entries)] == entries
    # page rules, layers, fonts and counters are shared, not copied
    assert trimmed.page_rules is UA_STYLESHEET.page_rules


def test_an_unexpected_stylesheet_is_used_as_it_is():
    class NoMatcher:
        pass

    sheet = NoMatcher()
    assert trimmed_stylesheet(sheet) is sheet
    odd = weasyprint.CSS(string="p { color: red } ::marker { color: blue }")
    assert trimmed_stylesheet(odd) is odd  # no note rules: not the sheet this was written for


def _render(cls, html: str, font_config) -> bytes:
    return cls(string=html, base_url=None).render(font_config=font_config).write_pdf(pdf_identifier=b"0" * 32)


@pytest.fixture(scope="module")
def example_page():
    doc = compose(load_report(ROOT / "examples" / "2023-示例区市场监督管理局.yaml"))
    with tempfile.TemporaryDirectory() as tmp:
        fonts = pdf_writer.prepare_fonts(pdf_writer.role_texts(doc), Path(tmp), system_fonts=False)
        layout = pdf_writer.layout_document(doc, pdf_writer.Metrics(fonts))
        yield pdf_writer.print_html(doc, fonts, layout)


def _stock_and_trimmed(page: str) -> tuple[bytes, bytes]:
    """``page`` rendered with WeasyPrint's own default stylesheet, and with the trimmed one."""
    out = []
    for cls in (weasyprint.HTML, print_html_class(weasyprint)):
        with font_configuration() as config:
            out.append(_render(cls, page, config))
    return out[0], out[1]


def test_the_report_pdf_is_the_same_byte_for_byte(example_page):
    stock, trimmed = _stock_and_trimmed(example_page)
    assert trimmed == stock


def test_list_items_keep_their_markers():
    stock, trimmed = _stock_and_trimmed(
        "<ol><li>一</li><li>二</li></ol><details open><summary>摘要</summary>正文</details>"
    )
    assert trimmed == stock


def test_the_report_never_uses_what_was_trimmed():
    """The trimming holds because no stylesheet of ours makes footnotes, notes or list items."""
    for path in (ROOT / "templates").rglob("*"):
        if path.suffix in {".css", ".j2", ".html"}:
            text = path.read_text(encoding="utf-8")
            for word in ("footnote", "note-call", "list-item", "<li", "<summary"):
                assert word not in text, (path.name, word)


def test_most_style_computations_are_gone(example_page, monkeypatch):
    import weasyprint.css as css

    counts: collections.Counter = collections.Counter()
    original = css.StyleFor.set_computed_styles

    def counting(self, element, parent, root=None, pseudo_type=None, **kw):
        counts[pseudo_type is not None] += 1
        return original(self, element, parent, root=root, pseudo_type=pseudo_type, **kw)

    monkeypatch.setattr(css.StyleFor, "set_computed_styles", counting)
    with font_configuration() as config:
        weasyprint.HTML(string=example_page, base_url=None).render(font_config=config)
    stock = counts[True]
    counts.clear()
    with font_configuration() as config:
        print_html_class(weasyprint)(string=example_page, base_url=None).render(font_config=config)
    # six pseudo-elements on each of the ~500 elements before; only @page margin boxes after
    assert stock > 2500 and counts[True] < stock / 20, (stock, counts[True])


def test_no_text_box_of_the_report_has_opentype_features(monkeypatch, example_page):
    """WeasyPrint never frees the Pango attribute list (nor the attribute) it makes
    for a text box with OpenType features (a batch worker grew 0.08 MB a report):
    the PDF's page has no such box."""
    import weasyprint.text.line_break as line_break

    real = line_break.pango
    calls = []

    class Counting:
        def __getattr__(self, name):
            if name == "pango_attr_font_features_new":
                calls.append(name)
            return getattr(real, name)

    monkeypatch.setattr(line_break, "pango", Counting())
    doc = compose(load_report(ROOT / "examples" / "2023-示例区市场监督管理局.yaml"))
    assert pdf_writer.render_pdf(doc, system_fonts=False).startswith(b"%PDF")
    assert calls == []
    # the screen stylesheet does use them: without the print-only rule there would be one list per figure
    with font_configuration() as config:
        print_html_class(weasyprint)(
            string=example_page.replace("font-variant-numeric: normal", ""), base_url=None
        ).render(font_config=config)
    assert len(calls) > 100


def test_the_print_only_rule_leaves_the_page_as_it_was(example_page):
    from giar_gen.writers.pdf_ua import LEAK_FREE_CSS

    assert LEAK_FREE_CSS in example_page
    with font_configuration() as config:
        without = _render(weasyprint.HTML, example_page, config)
    with font_configuration() as config:
        stock = _render(weasyprint.HTML, example_page.replace(LEAK_FREE_CSS, ""), config)
    assert without == stock
