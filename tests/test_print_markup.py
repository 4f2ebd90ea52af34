"""The print markup of the pre-broken lines (issue 12): classes and line feeds, same PDF."""

from __future__ import annotations

import re

import pytest

from giar_gen.writers.print_lines import canonical, collapse_white_space, spacing_classes, spacing_css
from giar_gen.writers.typeset import Line, Segment


def _line(text: str, spacing: float, role: str = "body") -> Line:
    return Line((Segment(role, text),), spacing, 0.0)


def test_one_class_per_distinct_spacing_in_order_of_value():
    blocks = {0: [_line("甲", -0.207), _line("乙", 0.31)], 3: [_line("丙", -0.20700001), _line("丁", -0.8)]}
    classes = spacing_classes(blocks)
    assert classes == {"-0.8000": "ls0", "-0.2070": "ls1", "0.3100": "ls2"}
    css = spacing_css(classes)
    assert ".ls1 { letter-spacing: -0.2070pt; }" in css and ".lines { white-space: pre; }" in css


def test_white_space_collapses_as_nowrap_did_across_runs():
    line = Line((Segment("body", "a  b\t"), Segment("heading2", " c"), Segment("body", "d  1", tight=True)), 0.0, 0.0)
    (out,) = collapse_white_space({0: [line]})[0]
    assert [s.text for s in out.segments] == ["a b ", "c", "d 1"]
    assert out.segments[2].tight
    same = _line("无空格", 0.0)
    assert collapse_white_space({0: [same]})[0][0] is same


def test_canonical_restores_the_inline_form():
    classes = {"-0.2070": "ls0", "0.1234": "ls1"}
    new = (
        "<style>p{}\n" + spacing_css(classes) + "</style>"
        '<p class="body lines"><span class="ln ls1">第一行\n</span><span class="ln ls0">末行</span></p>'
        '<h2 class="h1 lines"><span class="ln ls0">标题</span><br><span class="ln ls1">二行</span></h2>'
    )
    old = (
        "<style>p{}\n</style>"
        '<p class="body lines"><span class="ln" style="letter-spacing:0.1234pt">第一行</span><br>'
        '<span class="ln" style="letter-spacing:-0.2070pt">末行</span></p>'
        '<h2 class="h1 lines"><span class="ln" style="letter-spacing:-0.2070pt">标题</span><br>'
        '<span class="ln" style="letter-spacing:0.1234pt">二行</span></h2>'
    )
    assert canonical(new) == old
    assert canonical(old) == old  # nothing to restore


@pytest.fixture(scope="module")
def example_doc_and_fonts(example_yaml, tmp_path_factory):
    from giar_gen.document.compose import compose
    from giar_gen.source.loader import load_report
    from giar_gen.writers import pdf as pdf_writer

    doc = compose(load_report(example_yaml))
    fonts = pdf_writer.prepare_fonts(pdf_writer.role_texts(doc), tmp_path_factory.mktemp("fonts"))
    return doc, fonts, pdf_writer.layout_document(doc, pdf_writer.Metrics(fonts))


def test_print_page_uses_classes_and_line_feeds(example_doc_and_fonts):
    from giar_gen.writers import pdf as pdf_writer

    doc, fonts, layout = example_doc_and_fonts
    html = pdf_writer.print_html(doc, fonts, layout)
    body = html.split("<body>", 1)[1]
    lines = re.findall(r'<span class="ln[^"]*"[^>]*>', body)
    assert lines and all(re.fullmatch(r'<span class="ln ls\d+">', tag) for tag in lines)  # no inline style
    assert body.count("\n</span>") > 10  # paragraph lines end with a line feed
    tagged = pdf_writer.print_html(doc, fonts, layout, tagged=True)
    assert "\n</span>" not in tagged.split("<body>", 1)[1]
    assert canonical(html) == canonical(tagged)  # the same page for the identifier
