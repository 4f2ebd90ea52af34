"""The PDF measured from the outside: pdfinfo, pdffonts, pdftotext -bbox-layout.

The example is rendered once per module (bundled fonts only, so the numbers do
not depend on the machine) and read back: the GB/T 9704 page (A4, 37 mm top,
28 mm left on odd and even pages, a 156 × 225 mm text block, 22 lines of 28
characters), the page numbers, the fonts, the glyphs, the bytes of two builds.
A second, synthetic document checks what the example cannot show: a table
longer than a page, and headings that would fall at the foot of a page.
"""

from __future__ import annotations

import html
import io
import logging
import os
import re
import subprocess
import sys
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from giar_gen.api import RenderOptions, build_file
from giar_gen.document.compose import compose
from giar_gen.document.tree import Cell, Document, Heading, Meta, Paragraph, Run, Signature, Table
from giar_gen.fonts import SystemFont, bundled_face_files
from giar_gen.source.loader import load_report
from giar_gen.writers import pdf as pdf_writer
from giar_gen.writers import typeset

MM = 72 / 25.4
TOP, LEFT = 37 * MM, 28 * MM
RIGHT, BOTTOM = LEFT + 156 * MM, TOP + 225 * MM
TOL = 1 * MM
PAGE_W, PAGE_H = 210 * MM, 297 * MM


@dataclass
class Line:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def read_lines(path: Path) -> list[Line]:
    """Every text line of the PDF with its box (pdftotext -bbox-layout)."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = []
    for page_no, page in enumerate(re.split(r"<page ", out)[1:], start=1):
        for m in re.finditer(
            r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', page, re.S
        ):
            words = re.findall(r"<word[^>]*>(.*?)</word>", m.group(5))
            text = "".join(html.unescape(w) for w in words)
            lines.append(Line(page_no, *map(float, m.groups()[:4]), text))
    return lines


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def pdf_streams(path: Path) -> list[bytes]:
    """Every stream of the PDF, inflated when it is compressed."""
    data = path.read_bytes()
    out = []
    for m in re.finditer(rb"stream\r?\n", data):
        chunk = data[m.end() :]
        try:
            out.append(zlib.decompressobj().decompress(chunk))
        except zlib.error:
            end = chunk.find(b"endstream")
            out.append(chunk[:end])
    return out


def embedded_fonts(path: Path) -> list[TTFont]:
    fonts = []
    for s in pdf_streams(path):
        if s[:4] in (b"OTTO", b"\x00\x01\x00\x00", b"true"):
            fonts.append(TTFont(io.BytesIO(s)))
    return fonts


def is_body(line: Line) -> bool:
    """A line of 3号 text (not a table cell, the title or a page number)."""
    return 18 < line.height < 25 and line.y0 < BOTTOM


def is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


# --- fixtures ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def doc(example_yaml):
    return compose(load_report(example_yaml))


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def rendered(doc, tmp_path_factory) -> tuple[Path, list[str]]:
    """The example's PDF (bundled fonts only) and WeasyPrint's warnings meanwhile."""
    path = tmp_path_factory.mktemp("pdf") / "example.pdf"
    handler = _Warnings()
    log = logging.getLogger("weasyprint")
    log.addHandler(handler)
    try:
        path.write_bytes(pdf_writer.render_pdf(doc, system_fonts=False))
    finally:
        log.removeHandler(handler)
    return path, handler.messages


@pytest.fixture(scope="module")
def example_pdf(rendered) -> Path:
    return rendered[0]


@pytest.fixture(scope="module")
def lines(example_pdf) -> list[Line]:
    return read_lines(example_pdf)


# --- the page ------------------------------------------------------------------------


def test_every_page_is_a4(example_pdf):
    n = page_count(example_pdf)
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", str(n), str(example_pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert len(sizes) == n >= 4
    for w, h in sizes:
        assert abs(float(w) - PAGE_W) < 0.5 and abs(float(h) - PAGE_H) < 0.5


def test_all_text_inside_the_text_block_on_odd_and_even_pages(lines):
    body = [ln for ln in lines if ln.y0 < BOTTOM]
    assert {ln.page % 2 for ln in body} == {0, 1}
    for ln in body:
        assert ln.x0 >= LEFT - TOL, ln
        assert ln.x1 <= RIGHT + TOL, ln
        assert ln.y0 >= TOP - TOL, ln
        assert ln.y1 <= BOTTOM + TOL, ln
    # the left edge is 28 mm on even pages too (GB/T 9704 does not mirror margins)
    for parity in (0, 1):
        lefts = [ln.x0 for ln in body if ln.page % 2 == parity and is_body(ln)]
        assert abs(min(lefts) - LEFT) < 0.5


def test_full_lines_have_28_characters_and_fill_156_mm(lines):
    full = [
        ln
        for ln in lines
        if is_body(ln) and abs(ln.x0 - LEFT) < 0.5 and all(is_wide(c) for c in ln.text) and ln.x1 > RIGHT - 3 * MM
    ]
    assert len(full) >= 10
    for ln in full:
        # 28 characters; 29 when the line was squeezed to take a closing mark that
        # may not begin the next line (，。、）》” …)
        assert len(ln.text) == 28 or (len(ln.text) == 29 and ln.text[-1] in typeset.NO_LINE_START), ln
        assert abs((ln.x1 - ln.x0) - 156 * MM) <= TOL, ln
    # every justified line (not the last of its paragraph) reaches the right edge
    justified = [ln for ln in lines if is_body(ln) and abs(ln.x0 - LEFT) < 0.5 and ln.x1 > RIGHT - 16]
    for ln in justified:
        assert abs(ln.x1 - RIGHT) <= TOL, ln


@pytest.mark.parametrize("which", ["example", "long"])
def test_22_lines_on_the_grid(which, example_pdf, long_pdf):
    """Lines are 28.95 pt apart; a page of running text holds 22, the first in the
    top row of the text block and the last ending inside it."""
    lines = read_lines(example_pdf if which == "example" else long_pdf)
    by_page: dict[int, list[Line]] = {}
    first_table = {}  # a table puts the lines below it off the grid
    for ln in lines:
        if ln.height < 18 and ln.y0 < BOTTOM:
            first_table[ln.page] = min(first_table.get(ln.page, BOTTOM), ln.y0)
    for ln in lines:
        if is_body(ln) and ln.y0 < first_table.get(ln.page, BOTTOM):
            by_page.setdefault(ln.page, []).append(ln)
    full_pages = 0
    for page, body in by_page.items():
        ys = sorted({round(ln.y0, 1) for ln in body})
        for a, b in zip(ys, ys[1:]):
            steps = (b - a) / typeset.LINE_PITCH_PT
            assert abs(steps - round(steps)) < 0.1, (page, a, b)
        if len(ys) == typeset.LINES_PER_PAGE:
            full_pages += 1
            assert TOP - TOL <= ys[0] <= TOP + typeset.LINE_PITCH_PT - 16
            assert ys[-1] + 23 <= BOTTOM + TOL
            assert abs(ys[-1] - ys[0] - 21 * typeset.LINE_PITCH_PT) < 0.5
    assert full_pages >= (0 if which == "example" else 3)  # the example has none: its headings move


def test_page_numbers_position_and_parity(example_pdf, lines):
    n = page_count(example_pdf)
    numbers = [ln for ln in lines if ln.y0 > BOTTOM]
    assert [ln.page for ln in numbers] == list(range(1, n + 1))
    one_char = 14.0  # one 4号 character
    for ln in numbers:
        assert ln.text == f"—{ln.page}—"
        assert 13 < ln.height < 21  # 4号 (14 pt)
        em_top = (ln.y0 + ln.y1) / 2 - 7
        assert abs(em_top - (BOTTOM + 7 * MM)) <= TOL, ln
        if ln.page % 2:
            assert abs(ln.x1 - (RIGHT - one_char)) <= TOL, ln
        else:
            assert abs(ln.x0 - (LEFT + one_char)) <= TOL, ln


def test_title_centred_in_two_lines_of_a_pleasing_shape(lines, doc):
    title = [ln for ln in lines if ln.page == 1 and ln.height > 25]
    assert [t.text for t in title] == ["示例市示例区市场监督管理局", "2023年政府信息公开工作年度报告"]
    for t in title:
        assert 28 < t.height < 35  # 2号 (22 pt)
        assert abs((t.x0 + t.x1) / 2 - (LEFT + RIGHT) / 2) < 1.5
    assert title[0].x1 - title[0].x0 < title[1].x1 - title[1].x0  # a trapezoid


def test_headings_start_two_characters_in(lines):
    for text in ("一、总体情况", "（一）主动公开", "五、存在的主要问题及改进情况"):
        found = [ln for ln in lines if ln.text == text]
        assert len(found) == 1, text
        assert abs(found[0].x0 - (LEFT + typeset.INDENT_PT)) < 1, found


def test_signature_block_per_gbt_9704(lines):
    name = next(ln for ln in lines if ln.text == "示例市示例区市场监督管理局" and ln.page > 1)
    date = next(ln for ln in lines if ln.text == "2024年1月26日")
    char = typeset.CHAR_PITCH_PT
    assert abs(name.x1 - (RIGHT - 2 * char)) < 1.5  # two characters in from the right
    assert abs(date.x0 - (name.x0 + 2 * char)) < 1.5  # date starts two characters further right
    assert date.y0 - name.y0 == pytest.approx(typeset.LINE_PITCH_PT, abs=0.5)
    last_body = max((ln for ln in lines if ln.page == name.page and ln.y0 < name.y0), key=lambda ln: ln.y0)
    assert name.y0 - last_body.y0 == pytest.approx(2 * typeset.LINE_PITCH_PT, abs=0.5)  # one blank line


def test_tables_fit_the_text_block(lines):
    cells = [ln for ln in lines if ln.height < 18 and ln.y0 < BOTTOM]
    assert cells
    for ln in cells:
        assert LEFT - TOL <= ln.x0 and ln.x1 <= RIGHT + TOL, ln
        assert 9 <= ln.height <= 18  # 9–12 pt type


# --- fonts and glyphs ----------------------------------------------------------------


def test_fonts_all_embedded_none_type3(example_pdf):
    out = subprocess.run(["pdffonts", str(example_pdf)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert len(rows) >= 4
    for row in rows:
        assert "Type 3" not in row
        emb, sub, uni = row.split()[-5:-2]
        assert (emb, uni) == ("yes", "yes"), row
        assert "GiarGen-PDF" in row


def test_every_character_has_a_real_glyph(example_pdf, doc):
    text = doc.text() + "—0123456789"
    wanted = {ord(c) for c in text if not c.isspace()}
    fonts = embedded_fonts(example_pdf)
    assert len(fonts) >= 4
    covered: set[int] = set()
    for f in fonts:
        covered |= set(f.getBestCmap())
    assert sorted(chr(c) for c in wanted - covered) == []
    # and the text reads back as the document says it
    reading = subprocess.run(["pdftotext", str(example_pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", re.sub(r"—\d+—", "", reading))  # without page numbers
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            assert re.sub(r"\s+", "", block.text) in flat


def test_no_notdef_warning(rendered):
    assert not [m for m in rendered[1] if ".notdef" in m]


def test_an_installed_official_font_is_subset_not_embedded_whole(doc, tmp_path, monkeypatch):
    """With 黑体 installed (here: a copy of the bundled Hei under that name), the
    level-1 headings use it, cut down to their characters."""
    copy = tmp_path / "simhei.otf"
    copy.write_bytes(bundled_face_files()["hei-regular"].read_bytes())
    from giar_gen.fonts import sources

    def fake(role):
        return SystemFont("黑体", copy, 0) if role == "heading1" else None

    monkeypatch.setattr(sources, "system_font_for_role", fake)
    out = tmp_path / "sys.pdf"
    out.write_bytes(pdf_writer.render_pdf(doc))
    monkeypatch.undo()
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "GiarGen-PDF-system-heading1" in listing
    sizes = [len(s) for s in pdf_streams(out) if s[:4] == b"OTTO"]
    assert max(sizes) < 1_000_000  # the 4 MB face was cut down
    assert "一、总体情况" in [ln.text for ln in read_lines(out)]


# --- reproducible, archival ----------------------------------------------------------


def test_two_builds_give_the_same_bytes(example_yaml, tmp_path):
    a = build_file(example_yaml, tmp_path / "a", ("pdf", "html"))
    b = build_file(example_yaml, tmp_path / "b", ("pdf", "html"))
    for pa, pb in zip(a.written, b.written):
        assert pa.read_bytes() == pb.read_bytes(), pa.name
    data = a.written[0].read_bytes()
    assert b"/CreationDate (D:20240126000000" in b"".join(pdf_streams(a.written[0])) + data
    ident = re.search(rb"/ID \[\((\w+)\) \((\w+)\)\]", data)
    assert ident and ident.group(1) != ident.group(2)


def test_pdf_a_2b_and_tags(example_yaml, tmp_path):
    from giar_gen.cli import main

    opts = RenderOptions(pdf_variant="pdf/a-2b", pdf_tags=True)
    first = build_file(example_yaml, tmp_path / "a", ("pdf",), opts).written[0]
    # the command line's --pdf-a gives the same file
    assert main(["build", str(example_yaml), "-f", "pdf", "-o", str(tmp_path / "b"), "--pdf-a"]) == 0
    second = tmp_path / "b" / first.name
    assert first.read_bytes() == second.read_bytes()
    info = subprocess.run(["pdfinfo", str(first)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    assert re.search(r"^Metadata Stream:\s+yes", info, re.M)
    allt = b"\n".join(pdf_streams(first))
    assert b"/S /GTS_PDFA1" in allt and b"/DestOutputProfile" in allt  # sRGB output intent
    assert b"/MarkInfo <</Marked true>>" in allt and b"/StructTreeRoot" in allt
    assert b"/Lang (zh-CN)" in allt
    xmp = re.search(rb"<x:xmpmeta.*?</x:xmpmeta>", allt, re.S).group(0).decode("utf-8")
    assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert "<xmp:CreateDate>2024-01-26T00:00:00+00:00</xmp:CreateDate>" in xmp
    assert "示例市示例区市场监督管理局" in xmp
    for struct in (b"/S /H2", b"/S /P", b"/S /Table", b"/S /TH", b"/S /TD"):
        assert struct in allt, struct


# --- page breaking -------------------------------------------------------------------


def _long_document() -> Document:
    """Headings at many heights of the page, and a table three pages long whose
    row labels wrap to two lines."""
    blocks = []
    lengths = [1, 3, 2, 5, 1, 4, 2, 6, 3, 1, 2, 7, 1, 3, 4, 2, 5, 1, 2, 3]
    for i, n in enumerate(lengths):
        blocks.append(Heading(1 + i % 2, f"测试标题第{i + 1}号", number=f"（{i + 1}）"))
        blocks.append(Paragraph((Run("本段用于检验分页规则。" * (3 * n)),)))
    header = (
        (Cell("项目", "header", rowspan=2), Cell("数量", "header", colspan=2)),
        (Cell("本年", "header"), Cell("上年", "header")),
    )
    body = tuple(
        (
            Cell(f"第{i}行开始，一个在窄栏中必须折成几行的行标签，第{i}行结束", "label"),
            Cell(str(i), "value", ref=(f"r{i}", "a")),
            Cell(str(2 * i), "value", ref=(f"r{i}", "b")),
        )
        for i in range(1, 91)
    )
    blocks.append(Heading(1, "长表格", number="二十、"))
    blocks.append(Table("long", header, body, width=3, size="normal", col_weights=(1, 1, 1)))
    blocks.append(Signature("测试机关", "2024年1月1日"))
    meta = Meta(title="分页测试", author="测试机关", date="2024-01-01")
    return Document(title="分页测试", meta=meta, blocks=blocks)


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("long") / "long.pdf"
    path.write_bytes(pdf_writer.render_pdf(_long_document(), system_fonts=False))
    return path


def test_a_heading_never_ends_a_page(long_pdf):
    lines = read_lines(long_pdf)
    pages = {ln.page for ln in lines}
    headings = re.compile(r"^(（\d+）测试标题第\d+号|二十、长表格)$")
    for page in pages:
        text_lines = sorted((ln for ln in lines if ln.page == page and ln.y0 < BOTTOM), key=lambda ln: ln.y0)
        assert not headings.match(text_lines[-1].text), (page, text_lines[-1])
    # the document is long enough for the rule to have mattered
    assert len(pages) >= 8


def test_long_table_repeats_its_header_and_never_splits_a_row(long_pdf):
    lines = read_lines(long_pdf)

    def pages_with(fragment: str) -> set[int]:
        return {ln.page for ln in lines if fragment in ln.text}

    table_pages = sorted(set().union(*(pages_with(f"第{i}行开始") for i in range(1, 91))))
    assert len(table_pages) >= 3
    for page in table_pages:
        texts = " ".join(ln.text for ln in lines if ln.page == page)
        assert "项目" in texts and "本年" in texts and "上年" in texts, page
    order = []
    for i in range(1, 91):
        start, end = pages_with(f"第{i}行开始"), pages_with(f"第{i}行结束")
        assert len(start) == 1 and start == end, (i, start, end)  # the row is on one page
        order.append(start.pop())
    assert order == sorted(order)


# --- line breaking and the title -----------------------------------------------------


def _cjk_advance(role: str, text: str) -> list[float]:
    return [16.0 if is_wide(c) else 8.0 for c in text]


def test_line_breaking_rules():
    text = (
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八，九十"
        "一二三四五六七八九十一二三四五六七八九十一二三四五六“七八九十"
        "一二三四五六七八九十一二三四五六七八九十一二三四五六——七八九十"
        "一二三四五六七八九十一二三四五六七八九十一二三四五电话020-12345678结束。"
    )
    lines = typeset.break_lines([("body", text)], _cjk_advance)
    assert "".join(ln.text for ln in lines) == text
    for prev, ln in zip(lines, lines[1:]):
        assert ln.text[0] not in typeset.NO_LINE_START, ln.text
        assert prev.text[-1] not in typeset.NO_LINE_END, prev.text
        assert not (prev.text.endswith("—") and ln.text.startswith("—"))
        assert not (prev.text[-1].isdigit() and ln.text[0].isdigit())
    for ln in lines[:-1]:  # justified to the text block
        assert ln.width == pytest.approx(typeset.TEXT_WIDTH_PT, abs=0.05)
    assert lines[-1].letter_spacing == pytest.approx(typeset.GRID_LETTER_SPACING)
    assert len(lines[1].text) in (28, 29)


def test_full_line_of_chinese_is_exactly_28_characters():
    lines = typeset.break_lines([("body", "政" * 60)], _cjk_advance, first_indent=typeset.INDENT_PT)
    assert [len(ln.text) for ln in lines] == [26, 28, 6]
    assert lines[1].letter_spacing == pytest.approx((typeset.TEXT_WIDTH_PT - 28 * 16) / 27)


def test_run_roles_survive_line_breaking():
    runs = [("heading2", "（一）加强组织领导。"), ("body", "正文" * 30)]
    lines = typeset.break_lines(runs, _cjk_advance, first_indent=typeset.INDENT_PT)
    assert lines[0].segments[0] == typeset.Segment("heading2", "（一）加强组织领导。")
    assert lines[0].segments[1].role == "body"


def _title_advance(text: str) -> list[float]:
    return [22.0 if is_wide(c) else 12.0 for c in text]


@pytest.mark.parametrize(
    "agency, expected",
    [
        ("示例市示例区市场监督管理局", ["示例市示例区市场监督管理局", "2023年政府信息公开工作年度报告"]),
        ("某某区人民政府", ["某某区人民政府", "2023年政府信息公开工作年度报告"]),
        # the year stays with the report's name even when the lines come out nearly equal
        ("某某省某某市某某区某某街道办事处", ["某某省某某市某某区某某街道办事处", "2023年政府信息公开工作年度报告"]),
        ("某办", ["某办2023年政府信息公开工作年度报告"]),
    ],
)
def test_title_breaks_at_meaningful_places(agency, expected):
    assert typeset.title_lines(f"{agency}2023年政府信息公开工作年度报告", agency, _title_advance) == expected


def test_long_title_has_no_rectangle_or_hourglass():
    agency = "某某自治区某某地区某某自治县某某乡镇人民政府办公室和某某委员会"
    lines = typeset.title_lines(f"{agency}2023年政府信息公开工作年度报告", agency, _title_advance)
    widths = [sum(_title_advance(t)) for t in lines]
    assert len(lines) == 3 and max(widths) <= typeset.TEXT_WIDTH_PT
    assert not (widths[1] < widths[0] and widths[1] < widths[2])  # no hourglass
    assert "".join(lines).startswith(agency[:5])


# --- fonts on this machine -----------------------------------------------------------


def test_fonts_command_and_build_warning(example_yaml, tmp_path, capsys):
    from giar_gen.cli import main

    assert main(["fonts"]) == 0
    out = capsys.readouterr().out
    for label in ("标题", "正文", "一级标题", "二级标题", "页码", "表格"):
        assert label in out
    assert "仿宋_GB2312" in out and "方正小标宋简体" in out
    assert main(["fonts", str(example_yaml)]) == 0
    assert "都有字体可显示" in capsys.readouterr().out

    text = example_yaml.read_text(encoding="utf-8").replace("严格按照《条例》", "严格按照《条例》☃", 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "☃" in ln)
    col = text.splitlines()[line - 1].index("☃") + 1
    assert main(["fonts", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "[F001]" in out and "U+2603" in out and f"bad.yaml:{line}:{col}" in out
    result = build_file(bad, tmp_path / "out", ("html",))
    [warning] = [d for d in result.diagnostics if d.code == "F001"]
    assert warning.severity == "warning" and "“☃”" in warning.message
    assert (warning.location.line, warning.location.column) == (line, col)


def test_background_pdf_matches_and_reports_errors(doc, example_pdf):
    from giar_gen.writers.pdf_child import BackgroundPdf

    job = BackgroundPdf()
    assert job.render(doc, system_fonts=False) == example_pdf.read_bytes()
    job = BackgroundPdf()
    with pytest.raises(RuntimeError, match="不支持的 PDF 变体"):
        job.render(doc, pdf_variant="pdf/x-4")


def test_a_web_address_may_break_after_a_slash():
    text = "我厅开通了网页（http://220.178.4.90/xxgkweb/index.aspx），" + "网页设有政府信息公开指南" * 4
    lines = typeset.break_lines([("body", text)], _cjk_advance, first_indent=typeset.INDENT_PT)
    assert "".join(ln.text for ln in lines) == text
    assert lines[0].width == pytest.approx(typeset.TEXT_WIDTH_PT - typeset.INDENT_PT, abs=0.05)
    assert lines[0].text.endswith(("/", "."))


def test_charts_use_the_pdf_fonts(example_yaml, tmp_path):
    """The comparison chart (inline SVG) is set in the PDF's own subset fonts."""
    report = load_report(example_yaml)
    doc = compose(report, report)
    from giar_gen.document.tree import Figure

    figures = [b for b in doc.blocks if isinstance(b, Figure)]
    assert figures
    out = tmp_path / "chart.pdf"
    out.write_bytes(pdf_writer.render_pdf(doc, system_fonts=False))
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows and all("GiarGen-PDF" in r for r in rows), listing
    covered = set().union(*(set(f.getBestCmap()) for f in embedded_fonts(out)))
    chart_chars = {ord(c) for t in figures[0].texts for c in t if not c.isspace()}
    assert chart_chars <= covered


def test_a_pdf_child_not_needed_is_stopped_at_once_and_quietly(tmp_path, example_yaml):
    """A build that stops early (bad input, nothing changed, Ctrl-C) closes its PDF
    process: stopped at once, not left to finish WeasyPrint's import or a whole
    render, and without a traceback or a temporary file left behind; also when
    the document had been handed over already."""
    script = tmp_path / "close.py"
    script.write_text(
        "import sys, time\n"
        "from giar_gen.document.compose import compose\n"
        "from giar_gen.source.loader import load_report\n"
        "from giar_gen.writers.pdf_child import BackgroundPdf\n"
        f"doc = compose(load_report({str(example_yaml)!r}))\n"
        "for handed_over in (False, True):\n"
        "    for wait in (0.0, 0.15, 0.4):\n"
        "        job = BackgroundPdf()\n"
        "        time.sleep(wait)\n"
        "        if handed_over:\n"
        "            job.start(doc, system_fonts=False)\n"
        "        began = time.monotonic()\n"
        "        job.close()\n"
        "        print(handed_over, wait, round(time.monotonic() - began, 2), job._proc.exitcode)\n",
        encoding="utf-8",
    )
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = dict(os.environ, TMPDIR=str(scratch))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Error" not in done.stderr, done.stderr
    for line in done.stdout.splitlines():
        _, _, took, code = line.split()
        assert float(took) < 3 and int(code) in (0, -15), line
    assert list(scratch.iterdir()) == []


def test_a_refused_build_stops_the_pdf_child_it_started(example_yaml, tmp_path, capsys):
    """The command line starts the PDF child before it checks its options; a build
    refused for an option (here -j 0) stops it again and writes nothing."""
    import multiprocessing

    from giar_gen.cli import main
    from giar_gen.writers.pdf_child import BackgroundPdf

    if not BackgroundPdf.available():
        pytest.skip("no fork on this platform")
    assert main(["build", str(example_yaml), "-o", str(tmp_path), "-f", "pdf", "-j", "0"]) == 2
    assert "-j 应为正整数" in capsys.readouterr().err
    assert BackgroundPdf._started is None and not multiprocessing.active_children()
    assert not list(tmp_path.iterdir())


def test_a_document_still_being_sent_is_abandoned_without_a_hang(doc):
    """start() sends from a thread; close() before the child has read a long
    document (the pipe is full) stops the child and the thread, promptly."""
    import dataclasses
    import pickle
    import time

    from giar_gen.writers.pdf_child import BackgroundPdf

    if not BackgroundPdf.available():
        pytest.skip("no fork on this platform")
    from giar_gen.document.tree import Paragraph, Run

    filler = [Paragraph((Run(f"第{i}段。" + "政府信息公开" * 400),)) for i in range(300)]
    long_doc = dataclasses.replace(doc, blocks=list(doc.blocks) + filler)
    assert len(pickle.dumps(long_doc)) > 2_000_000  # far more than a pipe holds
    job = BackgroundPdf()
    job.start(long_doc, system_fonts=False)
    assert job._sending.is_alive()  # the child reads only after its warm-up
    began = time.monotonic()
    job.close()
    assert time.monotonic() - began < 10
    assert not job._sending.is_alive() and not job._proc.is_alive()


def test_the_pdf_of_a_long_document_arrives_whole(doc):
    """A document larger than the pipe's buffer reaches the child (sent from a thread)."""
    import dataclasses

    from giar_gen.writers.pdf_child import BackgroundPdf

    if not BackgroundPdf.available():
        pytest.skip("no fork on this platform")
    longer = dataclasses.replace(doc, blocks=list(doc.blocks) * 4)
    job = BackgroundPdf()
    job.start(longer, system_fonts=False)
    data = job.result()
    assert data.startswith(b"%PDF") and data == pdf_writer.render_pdf(longer, system_fonts=False)


def test_a_failed_fork_renders_in_the_build_itself(example_yaml, tmp_path, monkeypatch):
    """No process to spare (fork fails): the build renders the PDF itself, same bytes."""
    import multiprocessing.context

    from giar_gen.api import build_file
    from giar_gen.writers.pdf_child import BackgroundPdf

    expected = build_file(example_yaml, tmp_path / "a", ("pdf",)).written[0].read_bytes()

    def refuse(self):
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.context.ForkProcess, "start", refuse, raising=False)
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", refuse)
    BackgroundPdf.prestart()
    assert BackgroundPdf._started is None
    result = build_file(example_yaml, tmp_path / "b", ("pdf",))
    assert result.written[0].read_bytes() == expected
