"""The DOCX as an office machine lays it out: converted to PDF by LibreOffice
(headless) and measured with poppler's pdftotext.

LibreOffice runs once for this module, on two documents: the example and a
synthetic report of plain paragraphs (for the 22 × 28 grid). It sees the official
font names through a private fontconfig file that maps them to the fonts bundled in
giar_gen/fonts (宋体, 仿宋_GB2312, 方正小标宋简体 → GiarGen Song, 黑体 → GiarGen Hei,
楷体_GB2312 → GiarGen Kai), the way an office PC maps them to its own files; no
Chinese system font is needed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from example_figures import yaml_rows
from fontTools.ttLib import TTFont

import giar_gen.fonts as fonts
from giar_gen.document.compose import compose
from giar_gen.document.tree import Document, Heading, Meta, Paragraph, Run, Signature, Table
from giar_gen.source.loader import load_report
from giar_gen.writers.docx import render_docx

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "2023-示例区市场监督管理局.yaml"
PT_PER_MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * PT_PER_MM, 297 * PT_PER_MM
LEFT, TOP = 28 * PT_PER_MM, 37 * PT_PER_MM
RIGHT, BOTTOM = LEFT + 156 * PT_PER_MM, TOP + 225 * PT_PER_MM  # the text block
MM = PT_PER_MM
GRID_PARAGRAPH = 26 + 3 * 28  # an indented line and three full lines
PUNCT = set("，。、；：？！”’）》」』】〕…—")

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{font_dir}</dir>
  <cachedir>{cache}</cachedir>
{aliases}
</fontconfig>
"""


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass
class Line:
    words: list[Word]

    @property
    def text(self) -> str:
        return "".join(w.text for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)


@dataclass
class Rendered:
    pdf: Path
    pages: list[list[Line]]  # lines of each page, top to bottom
    fonts: str


def read_pdf(pdf: Path) -> list[list[Line]]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        rows: dict[float, list[Word]] = defaultdict(list)
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page
        ):
            w = Word(float(m[1]), float(m[2]), float(m[3]), float(m[4]), unescape(m[5]))
            key = next((k for k in rows if abs(k - w.y0) < 2), w.y0)
            rows[key].append(w)
        pages.append([Line(sorted(ws, key=lambda w: w.x0)) for _, ws in sorted(rows.items())])
    return pages


def unescape(s: str) -> str:
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def synthetic() -> Document:
    """Plain paragraphs long enough to fill pages: the grid, measured."""
    text = ("政府信息公开工作年度报告编制说明" * 7)[:GRID_PARAGRAPH]  # no punctuation
    blocks = [Heading(1, "总体情况", "一、")] + [Paragraph((Run(text),)) for _ in range(16)]
    meta = Meta(title="栅格测试", author="某局", date="2024-01-01")
    return Document(title="栅格测试", meta=meta, blocks=blocks)


def family_of(role: str) -> str:
    """The family name fontconfig knows the bundled font of ``role`` by (name ID 1)."""
    with TTFont(fonts.bundled_font_files()[role].path, lazy=True) as font:
        return font["name"].getDebugName(1)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Rendered]:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "LibreOffice (libreoffice or soffice) is needed for these tests"
    work = tmp_path_factory.mktemp("lo")
    font_dir = Path(fonts.__file__).resolve().parent
    aliases = "\n".join(
        f'  <alias binding="same"><family>{name}</family><prefer><family>{family_of(role)}</family></prefer></alias>'
        for role, name in fonts.DOCX_FONTS.items()
    )
    conf = work / "fonts.conf"
    conf.write_text(FONTS_CONF.format(font_dir=font_dir, cache=work / "fc-cache", aliases=aliases), encoding="utf-8")
    docs = {"example": compose(load_report(EXAMPLE)), "grid": synthetic()}
    for name, doc in docs.items():
        (work / f"{name}.docx").write_bytes(render_docx(doc))
    env = {"FONTCONFIG_FILE": str(conf), "HOME": str(work), "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{work / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            *(str(work / f"{n}.docx") for n in docs),
        ],
        env=env,
        capture_output=True,
        timeout=180,
        check=True,
    )
    out = {}
    for name in docs:
        pdf = work / f"{name}.pdf"
        assert pdf.is_file(), f"LibreOffice did not convert {name}.docx"
        listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        out[name] = Rendered(pdf, read_pdf(pdf), listing)
    return out


@pytest.fixture(scope="module")
def tree() -> Document:
    return compose(load_report(EXAMPLE))


def body_lines(page: list[Line]) -> list[Line]:
    return [ln for ln in page if ln.y1 <= BOTTOM + 2 * MM]


def footer_lines(page: list[Line]) -> list[Line]:
    return [ln for ln in page if ln.y0 > BOTTOM + 2 * MM]


def width_chars(s: str) -> float:
    return sum(0.5 if unicodedata.east_asian_width(c) in ("Na", "H", "N") else 1.0 for c in s)


def test_page_count_and_size(rendered):
    info = subprocess.run(["pdfinfo", str(rendered["example"].pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert abs(w - PAGE_W) < 1 and abs(h - PAGE_H) < 1
    assert 5 <= pages <= 7  # six in LibreOffice 7.4
    assert all(body_lines(p) for p in rendered["example"].pages)  # no empty page


def test_only_the_official_fonts_stand_ins_are_used(rendered):
    """Every run asks for an official name in every slot: nothing falls back elsewhere."""
    for r in rendered.values():
        names = re.findall(r"^(\S+)\s", r.fonts, re.M)[2:]
        assert names and all("GiarGen" in n for n in names), r.fonts
    listing = rendered["example"].fonts
    for family in ("GiarGenSong", "GiarGenHei", "GiarGenKai"):  # body/title, 一、, （一）
        assert family in listing


def test_everything_stays_in_the_text_block(rendered):
    for r in rendered.values():
        for page in r.pages:
            for line in body_lines(page):
                assert line.y0 >= TOP - 1 * MM and line.y1 <= BOTTOM + 1 * MM, line.text
                assert line.x0 >= LEFT - 1 * MM, line.text
                # a closing punctuation mark may hang past the right edge, as in Word
                limit = RIGHT + (16 if line.text[-1] in PUNCT else 0) + 1 * MM
                assert line.x1 <= limit, line.text


def test_page_numbers_odd_right_even_left_7_mm_below_the_block(rendered):
    for r in rendered.values():
        for n, page in enumerate(r.pages, start=1):
            foot = footer_lines(page)
            assert [ln.text for ln in foot] == [f"—{n}—"]
            line = foot[0]
            middle = (line.y0 + line.y1) / 2  # the 14 pt line's middle
            assert abs(middle - (BOTTOM + 7 * MM + 7)) < 1 * MM
            if n % 2:
                assert abs(line.x1 - (RIGHT - 14)) < 1 * MM  # one 4号 character from the right
            else:
                assert abs(line.x0 - (LEFT + 14)) < 1 * MM


def test_grid_22_lines_of_28_characters(rendered):
    pages = rendered["grid"].pages
    assert len(pages) >= 3
    for page in pages[1:-1]:  # full pages of plain text
        lines = body_lines(page)
        assert len(lines) == 22
        tops = [ln.y0 for ln in lines]
        steps = [b - a for a, b in zip(tops, tops[1:])]
        assert all(abs(s - 28.95) < 0.2 for s in steps)
        for ln in lines:
            indented = abs(ln.x0 - (LEFT + 2 * 15.7)) < 1 * MM
            assert indented or abs(ln.x0 - LEFT) < 1 * MM
            assert len(ln.text) == (26 if indented else 28), ln.text
            if not indented:
                assert abs(ln.x1 - RIGHT) < 1 * MM  # full lines end at the right edge


def lines_between(pages: list[list[Line]], start: str, stop: str | None) -> list[Line]:
    flat = [ln for p in pages for ln in body_lines(p)]
    i = next(k for k, ln in enumerate(flat) if ln.text == start)
    j = next((k for k, ln in enumerate(flat) if stop is not None and ln.text == stop), len(flat))
    return flat[i + 1 : j]


def test_the_yamls_numbers_print_row_by_row(rendered, tree):
    heads = [b.full_text for b in tree.blocks if isinstance(b, Heading) and b.level == 1]
    tables = [b for b in tree.blocks if isinstance(b, Table)]
    expected = yaml_rows(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))
    pages = rendered["example"].pages
    for block in tables:
        # the part heading printed just above the table
        index = next(i for i, b in enumerate(tree.blocks) if b is block)
        heading = next(b.full_text for b in reversed(tree.blocks[:index]) if isinstance(b, Heading))
        nxt = heads[heads.index(heading) + 1] if heads.index(heading) + 1 < len(heads) else None
        rows = []
        for ln in lines_between(pages, heading, nxt):
            nums = [int(w.text) for w in ln.words if re.fullmatch(r"\d+", w.text)]
            if nums:
                rows.append(nums)
        assert rows == expected[block.id], block.id


def test_each_table_is_on_one_page_with_its_heading(rendered, tree):
    pages = rendered["example"].pages
    for block in (b for b in tree.blocks if isinstance(b, Table)):
        index = tree.blocks.index(block)
        heading = next(b.full_text for b in reversed(tree.blocks[:index]) if isinstance(b, Heading))
        first_label = next(c.text for row in block.header + block.body for c in row if c.text)
        last_number = [c.text for c in block.body[-1]][-1]
        page_of_heading = next(i for i, p in enumerate(pages) if any(ln.text == heading for ln in p))
        texts = " ".join(ln.text for ln in pages[page_of_heading])
        assert first_label[:6] in texts and last_number in texts, block.id


def test_no_page_ends_with_a_heading(rendered, tree):
    headings = {b.full_text for b in tree.blocks if isinstance(b, Heading)}
    for page in rendered["example"].pages:
        assert body_lines(page)[-1].text not in headings


def test_signature_and_date_close_the_last_page(rendered, tree):
    last = body_lines(rendered["example"].pages[-1])
    name, date = last[-2], last[-1]
    sig = next(b for b in tree.blocks if isinstance(b, Signature))
    assert (name.text, date.text) == (sig.name, sig.date)
    assert abs(name.x1 - (RIGHT - 2 * 15.7)) < 1.5 * MM  # 右空二字
    assert abs(date.x0 - (name.x0 + 2 * 15.7)) < 1.5 * MM  # 首字右移二字
    assert abs((date.y0 - name.y0) - 28.95) < 0.5
    # one blank line between the body and the name, and the body is on this page too
    assert abs((name.y0 - last[-3].y0) - 2 * 28.95) < 0.5
