"""Print layout defects a reader sees (issue 13.5, 13.6): every line of a paragraph
but its last reaches the right edge; titles break where the meaning does."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from test_pdf import LEFT, MM, RIGHT, TOL, is_body, read_lines

from giar_gen.document.compose import compose
from giar_gen.source.loader import load_report_text
from giar_gen.writers import pdf as pdf_writer
from giar_gen.writers import typeset

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "2023-示例区市场监督管理局.yaml"
#: an address of a length that puts the telephone number just past a line's end
LONG_ADDRESS = "示例市示例区人民路88号市场监管综合大楼东座十二层一二零八"


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _cjk_advance(role: str, text: str) -> list[float]:
    return [16.0 if _wide(c) else 8.0 for c in text]


def auto_intro_yaml(address: str = LONG_ADDRESS) -> str:
    """The example with the automatic intro (it ends with the contact details)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = re.sub(r"引言: \|\n(  .*\n)+", "引言: 自动\n", text, count=1)
    return text.replace("地址: 示例市示例区人民路88号", f"地址: {address}")


@pytest.mark.parametrize("before", range(18, 28))
def test_a_line_before_an_unbreakable_run_is_justified(before):
    text = "如" * before + "电话：020-12345678）。其后还有文字。"
    lines = typeset.break_lines([("body", text)], _cjk_advance)
    assert "".join(ln.text for ln in lines) == text
    assert any("020-12345678" in ln.text for ln in lines)  # the number is never split
    for ln in lines[:-1]:
        assert ln.width == pytest.approx(typeset.TEXT_WIDTH_PT, abs=0.05), ln.text


@pytest.fixture(scope="module")
def intro_pdf(tmp_path_factory) -> Path:
    doc = compose(load_report_text(auto_intro_yaml(), "intro.yaml"))
    path = tmp_path_factory.mktemp("intro") / "intro.pdf"
    path.write_bytes(pdf_writer.render_pdf(doc, system_fonts=False))
    return path


def test_intro_line_before_the_phone_number_reaches_the_right_edge(intro_pdf):
    lines = [ln for ln in read_lines(intro_pdf) if ln.page == 1 and is_body(ln)]
    i = next(k for k, ln in enumerate(lines) if "12345678" in ln.text)
    assert "020-12345678" in lines[i].text
    before = lines[i - 1]
    assert abs(before.x0 - LEFT) < 0.5 and not before.text.endswith("。")
    assert abs(before.x1 - RIGHT) <= TOL, f"{before.text}: {(RIGHT - before.x1) / MM:.1f} mm short"


def test_every_line_but_a_paragraphs_last_is_justified(intro_pdf):
    """A line that starts at the left margin and is followed by another line of
    the same paragraph (one starting at the margin, not indented) is full."""
    lines = [ln for ln in read_lines(intro_pdf) if is_body(ln)]
    checked = 0
    for ln, nxt in zip(lines, lines[1:]):
        if nxt.page == ln.page and abs(nxt.x0 - LEFT) < 0.5 and 0 < nxt.y0 - ln.y0 < 35:
            assert abs(ln.x1 - RIGHT) <= TOL, f"{ln.text}: {(RIGHT - ln.x1) / MM:.1f} mm short"
            checked += 1
    assert checked > 30


# --- titles (issue 13.6) ---------------------------------------------------------------


def _title_advance(text: str) -> list[float]:
    return [typeset.TITLE_PT * (1.0 if _wide(c) else 0.55) for c in text]


AGENCIES = [
    "湛江开发区人口和社会事务管理局",
    "示例市示例区市场监督管理局",
    "某某区人民政府",
    "国家发展和改革委员会",
    "某某省某某市某某区某某街道办事处",
    "广州市越秀区人力资源和社会保障局",
    "某某自治区某某地区某某自治县某某乡镇人民政府办公室",
]


@pytest.mark.parametrize("prefix", ["", "图解："])
@pytest.mark.parametrize("agency", AGENCIES)
def test_title_breaks_after_the_agency_and_keeps_the_year_with_the_name(agency, prefix):
    title = f"{prefix}{agency}2024年政府信息公开工作年度报告"
    lines = typeset.title_lines(title, agency, _title_advance)
    assert "".join(lines) == title
    if len(lines) == 1:
        return
    assert lines[-1] == "2024年政府信息公开工作年度报告"  # the year never torn from the report's name
    assert lines[-2].endswith(agency[-3:])  # the break is at the name / year boundary
    widths = [sum(_title_advance(t)) for t in lines]
    assert max(widths) <= typeset.TEXT_WIDTH_PT
    if len(lines) >= 3:
        assert not (widths[1] < widths[0] - 22 and widths[1] < widths[2] - 22)  # no hourglass


def test_the_reported_title_is_fixed():
    """湛江开发区人口和社会事务管理局2024年 / 政府信息公开工作年度报告 (the defect)."""
    agency = "湛江开发区人口和社会事务管理局"
    lines = typeset.title_lines(f"{agency}2024年政府信息公开工作年度报告", agency, _title_advance)
    assert lines == [agency, "2024年政府信息公开工作年度报告"]


def test_a_year_is_never_split_from_its_character():
    lines = typeset.title_lines(
        "某某某某某某某某某某某某某某某某某某某2024年某某某某某某某某某某某某", "", _title_advance
    )
    for a, b in zip(lines, lines[1:]):
        assert not (a[-1].isdigit() and (b[0].isdigit() or b[0] == "年")), lines


def test_shape_prefers_the_upper_line_longer_or_equal():
    # without an agency or year to go by, of two otherwise equal breaks the upper line is the longer
    lines = typeset.title_lines("关" * 22 + "于" * 5, "", _title_advance)
    widths = [sum(_title_advance(t)) for t in lines]
    assert len(lines) == 2 and widths[0] >= widths[1]


def _docx_title_lines(data: bytes) -> list[str]:
    import io
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    para = re.search(r"<w:p>(?:(?!</w:p>).)*?w:val=\"Title\".*?</w:p>", xml, re.S).group(0)
    pieces = re.split(r"<w:br/>", para)
    return ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in pieces]


@pytest.mark.parametrize(
    "agency", ["湛江开发区人口和社会事务管理局", "某某自治区某某地区某某自治县某某乡镇人民政府办公室"]
)
def test_docx_and_pdf_titles_break_alike(agency, tmp_path):
    from test_pdf import read_lines as pdf_lines

    from giar_gen.api import render

    text = EXAMPLE.read_text(encoding="utf-8").replace("名称: 示例市示例区市场监督管理局", f"名称: {agency}", 1)
    doc = compose(load_report_text(text, "t.yaml"))
    docx_lines = _docx_title_lines(render(doc, "docx"))
    assert docx_lines[-1] == "2023年政府信息公开工作年度报告" and "".join(docx_lines) == doc.title
    path = tmp_path / "t.pdf"
    path.write_bytes(pdf_writer.render_pdf(doc, system_fonts=False))
    title = [ln.text for ln in pdf_lines(path) if ln.page == 1 and ln.height > 28]
    assert title == docx_lines


def test_a_loose_line_keeps_its_numbers_on_the_grid():
    """The space of a loose line goes between the Chinese characters; a run of
    digits (510000) keeps the grid spacing, so it still reads as one number."""
    text = "如" * 12 + "邮编：510000；电话：020-12345678）。后文。"
    lines = typeset.break_lines([("body", text)], _cjk_advance)
    loose = next(ln for ln in lines if ln.tight_spacing is not None)
    assert loose.letter_spacing > typeset.GRID_LETTER_SPACING + typeset.LOOSE_PT
    assert loose.tight_spacing == pytest.approx(typeset.GRID_LETTER_SPACING)
    assert [s.text for s in loose.segments if s.tight] == ["510000"]
    # its width, counted character by character, is still the text block's
    chars = [(c, s.tight) for s in loose.segments for c in s.text]
    width = sum(_cjk_advance("body", c)[0] for c, _ in chars) + sum(
        loose.tight_spacing if t else loose.letter_spacing for _, t in chars[:-1]
    )
    assert width == pytest.approx(typeset.TEXT_WIDTH_PT, abs=0.05)


def test_intro_postcode_is_not_spread(intro_pdf):
    """In the PDF the loose line's 510000 is as wide as six digits on the grid."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(intro_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out)
    postcode = [(float(a), float(b), t) for a, b, t in words if t.startswith("510000")]
    assert postcode
    for x0, x1, t in postcode:
        wide = 16.0 * sum(1 for c in t if not c.isdigit())  # the 3号 full-width mark after it
        assert x1 - x0 - wide < 6 * 8.5 + 4, (x0, x1, t)  # six half-width digits on the grid, not spread
