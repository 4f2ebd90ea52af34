"""The DOCX writer, measured on its output: the XML inside the package, and the file
as python-docx reads it back.

Numbers are checked against GB/T 9704-2012 (margins in twips, 1 mm = 56.69 twips),
the example's YAML and the official table definitions, not against the writer's
own constants.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from example_figures import yaml_rows
from lxml import etree

from giar_gen.api import build_file
from giar_gen.document.compose import compose
from giar_gen.document.tree import Cell, Document, Heading, Meta, Paragraph, Run, Signature, Table
from giar_gen.fonts import DOCX_FONTS
from giar_gen.model.report import format_number
from giar_gen.resources import templates
from giar_gen.source.loader import load_report
from giar_gen.writers.docx import render_docx

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "2023-示例区市场监督管理局.yaml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TWIPS_PER_MM = 1440 / 25.4
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def q(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{W}}}{local}"


def wval(el, attr: str = "val"):
    return None if el is None else el.get(q(f"w:{attr}"))


class Package:
    """The parts of a DOCX file, parsed."""

    def __init__(self, data: bytes):
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.names = self.zip.namelist()

    def xml(self, name: str):
        return etree.fromstring(self.zip.read(name))

    def text(self, name: str) -> str:
        return self.zip.read(name).decode("utf-8")

    @property
    def document(self):
        return self.xml("word/document.xml")

    @property
    def styles(self):
        return self.xml("word/styles.xml")

    @property
    def settings(self):
        return self.xml("word/settings.xml")

    def style(self, style_id: str):
        found = self.styles.find(f"w:style[@w:styleId='{style_id}']", NS)
        assert found is not None, f"style {style_id} missing"
        return found

    def footers(self) -> dict[str, etree._Element]:
        """footer part by its reference type (default = odd pages, even)."""
        rels = self.xml("word/_rels/document.xml.rels")
        targets = {r.get("Id"): r.get("Target") for r in rels}
        sect = self.document.find("w:body/w:sectPr", NS)
        out = {}
        for ref in sect.findall("w:footerReference", NS):
            rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            out[wval(ref, "type")] = self.xml("word/" + targets[rid])
        return out


@pytest.fixture(scope="module")
def report():
    return load_report(EXAMPLE)


@pytest.fixture(scope="module")
def tree(report) -> Document:
    return compose(report)


@pytest.fixture(scope="module")
def pkg(tree) -> Package:
    return Package(render_docx(tree))


@pytest.fixture(scope="module")
def example_yaml() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


# --- the page ---------------------------------------------------------------------------


def test_section_is_a_gbt9704_a4_page(pkg):
    sect = pkg.document.find("w:body/w:sectPr", NS)
    size, mar = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
    width, height = int(wval(size, "w")), int(wval(size, "h"))
    assert abs(width / TWIPS_PER_MM - 210) < 0.5 and abs(height / TWIPS_PER_MM - 297) < 0.5
    assert wval(size, "orient") in (None, "portrait")
    m = {k: int(wval(mar, k)) for k in ("top", "bottom", "left", "right", "gutter", "footer")}
    assert abs(m["top"] / TWIPS_PER_MM - 37) < 0.05
    assert abs(m["left"] / TWIPS_PER_MM - 28) < 0.05
    assert abs((width - m["left"] - m["right"]) / TWIPS_PER_MM - 156) < 0.1
    assert abs((height - m["top"] - m["bottom"]) / TWIPS_PER_MM - 225) < 0.1
    assert m["gutter"] == 0
    # the same margins on even pages: no mirrored margins, no book folds
    for tag in ("mirrorMargins", "bookFoldPrinting", "gutterAtTop"):
        assert pkg.settings.find(f"w:{tag}", NS) is None


def test_document_grid_is_22_lines_of_28_characters(pkg):
    sect = pkg.document.find("w:body/w:sectPr", NS)
    mar, size = sect.find("w:pgMar", NS), sect.find("w:pgSz", NS)
    text_w = int(wval(size, "w")) - int(wval(mar, "left")) - int(wval(mar, "right"))
    text_h = int(wval(size, "h")) - int(wval(mar, "top")) - int(wval(mar, "bottom"))
    grid = sect.find("w:docGrid", NS)
    assert wval(grid, "type") == "linesAndChars"
    pitch = int(wval(grid, "linePitch"))
    assert text_h // pitch == 22  # 22 lines fit, a 23rd does not
    assert abs(pitch / 20 - 28.95) < 0.03
    # character pitch = Normal style size + charSpace/4096 pt: 28 cells fit, 29 do not
    normal_sz = int(wval(pkg.style("Normal").find("w:rPr/w:sz", NS))) / 2
    defaults_sz = int(wval(pkg.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:sz", NS))) / 2
    assert normal_sz == defaults_sz == 16  # Word and LibreOffice agree on the base size
    char = normal_sz + int(wval(grid, "charSpace")) / 4096
    assert 28 * char <= text_w / 20 < 29 * char
    assert text_w / 20 - 28 * char < 0.01  # the widest pitch that still fits 28


def test_body_lines_are_set_on_the_grid_explicitly(pkg):
    """Exact 28.95 pt lines and a 28-per-line character advance, in the Normal style."""
    sect = pkg.document.find("w:body/w:sectPr", NS)
    pitch = int(wval(sect.find("w:docGrid", NS), "linePitch"))
    mar, size = sect.find("w:pgMar", NS), sect.find("w:pgSz", NS)
    text_w = (int(wval(size, "w")) - int(wval(mar, "left")) - int(wval(mar, "right"))) / 20
    normal = pkg.style("Normal")
    spacing = normal.find("w:pPr/w:spacing", NS)
    assert wval(spacing, "lineRule") == "exact" and int(wval(spacing, "line")) == pitch
    assert wval(spacing, "before") == "0" and wval(spacing, "after") == "0"
    advance = 16 + int(wval(normal.find("w:rPr/w:spacing", NS))) / 20
    assert 28 * advance <= text_w < 29 * advance
    ind = normal.find("w:pPr/w:ind", NS)
    assert wval(ind, "firstLineChars") == "200"
    assert abs(int(wval(ind, "firstLine")) / 20 - 2 * advance) < 0.1
    assert wval(normal.find("w:pPr/w:jc", NS)) == "both"


# --- styles and fonts -----------------------------------------------------------------------


def style_font(pkg, style_id: str) -> tuple[str, float, bool]:
    st = pkg.style(style_id)
    fonts = st.find("w:rPr/w:rFonts", NS)
    sz = st.find("w:rPr/w:sz", NS)
    size = int(wval(sz)) / 2 if sz is not None else style_font(pkg, wval(st.find("w:basedOn", NS)))[1]
    return wval(fonts, "eastAsia"), size, st.find("w:rPr/w:b", NS) is not None


def test_styles_name_the_official_fonts_and_sizes(pkg):
    assert style_font(pkg, "Normal") == ("仿宋_GB2312", 16, False)
    assert style_font(pkg, "Title") == ("方正小标宋简体", 22, False)
    assert style_font(pkg, "Heading1") == ("黑体", 16, False)
    assert style_font(pkg, "Heading2") == ("楷体_GB2312", 16, False)
    assert style_font(pkg, "Heading3") == ("仿宋_GB2312", 16, False)
    assert style_font(pkg, "Heading4") == ("仿宋_GB2312", 16, False)
    assert style_font(pkg, "Footer") == ("宋体", 14, False)
    # the names are the ones giar_gen.fonts gives for the DOCX
    assert {style_font(pkg, s)[0] for s in ("Normal", "Title", "Heading1", "Heading2", "Footer")} <= set(
        DOCX_FONTS.values()
    )
    # every slot of every rFonts in the styles names the same font
    for fonts in pkg.styles.iter(q("w:rFonts")):
        slots = {wval(fonts, a) for a in ("ascii", "hAnsi", "eastAsia", "cs")}
        assert len(slots) == 1 and None not in slots


def test_headings_are_word_heading_styles_with_outline_levels(pkg):
    for level in (1, 2, 3, 4):
        st = pkg.style(f"Heading{level}")
        assert wval(st.find("w:name", NS)) == f"heading {level}"  # Word's built-in name
        assert int(wval(st.find("w:pPr/w:outlineLvl", NS))) == level - 1
        assert st.find("w:pPr/w:keepNext", NS) is not None  # a heading never ends a page
        assert st.find("w:pPr/w:keepLines", NS) is not None


def test_no_theme_fonts_anywhere(pkg):
    assert not any("theme" in n.lower() for n in pkg.names)
    for name in pkg.names:
        if name.endswith(".xml"):
            text = pkg.text(name)
            assert not re.search(r"w:(ascii|hAnsi|eastAsia|cs)Theme=", text), name
            assert "Mincho" not in text and "明朝" not in text and "ja-JP" not in text, name
    lang = pkg.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert wval(lang, "eastAsia") == "zh-CN"
    assert wval(pkg.settings.find("w:themeFontLang", NS), "eastAsia") == "zh-CN"


def test_font_table_declares_the_official_fonts_as_chinese(pkg):
    fonts = {f.get(q("w:name")): f for f in pkg.xml("word/fontTable.xml").findall("w:font", NS)}
    for name in set(DOCX_FONTS.values()):
        assert wval(fonts[name].find("w:charset", NS)) == "86", name  # GB 2312


def runs_with_text(root):
    for r in root.iter(q("w:r")):
        text = "".join(t.text or "" for t in r.findall("w:t", NS))
        if text:
            yield r, text


def test_every_run_with_chinese_text_names_an_east_asian_font(pkg):
    parts = [pkg.document, *pkg.footers().values()]
    count = 0
    for root in parts:
        for r, text in runs_with_text(root):
            fonts = r.find("w:rPr/w:rFonts", NS)
            assert fonts is not None, text
            assert wval(fonts, "eastAsia") in DOCX_FONTS.values(), text
            assert wval(fonts, "ascii") == wval(fonts, "hAnsi") == wval(fonts, "eastAsia"), text
            count += bool(CJK.search(text))
    assert count > 100


def paragraph_texts(root) -> list[tuple[str | None, str]]:
    out = []
    for p in root.iter(q("w:p")):
        if p.getparent().tag == q("w:tc"):
            continue
        text = "".join(t.text or "" for t in p.iter(q("w:t")))
        out.append((wval(p.find("w:pPr/w:pStyle", NS)), text))
    return out


def test_headings_and_paragraphs_follow_the_tree(pkg, tree):
    paras = paragraph_texts(pkg.document)
    assert paras[0] == ("Title", tree.title)
    heads = [(s, t) for s, t in paras if s and s.startswith("Heading")]
    expected = [(f"Heading{b.level}", b.full_text) for b in tree.blocks if isinstance(b, Heading)]
    assert heads == expected
    body = [t for s, t in paras if s is None and t]
    tree_body = [b.text for b in tree.blocks if isinstance(b, Paragraph)]
    assert body[: len(tree_body)] == tree_body
    # heading runs carry their level's font
    role_font = {1: "黑体", 2: "楷体_GB2312", 3: "仿宋_GB2312", 4: "仿宋_GB2312"}
    for p in pkg.document.iter(q("w:p")):
        style = wval(p.find("w:pPr/w:pStyle", NS))
        if style and style.startswith("Heading"):
            for r, _ in runs_with_text(p):
                assert wval(r.find("w:rPr/w:rFonts", NS), "eastAsia") == role_font[int(style[-1])]


def test_python_docx_sees_navigation_headings(pkg, tree):
    d = docx.Document(io.BytesIO(pkg.data))
    names = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert names == [(f"Heading {b.level}", b.full_text) for b in tree.blocks if isinstance(b, Heading)]


def test_title_breaks_after_the_agency_name(pkg, tree):
    title = pkg.document.find("w:body/w:p", NS)
    parts = []
    for r in title.findall("w:r", NS):
        parts.append("\n" if r.find("w:br", NS) is not None else "".join(t.text for t in r.findall("w:t", NS)))
    assert "".join(parts) == f"{tree.meta.author}\n{tree.title[len(tree.meta.author) :]}"


# --- footers --------------------------------------------------------------------------------


def test_page_numbers_in_odd_and_even_footers(pkg):
    assert pkg.settings.find("w:evenAndOddHeaders", NS) is not None
    footers = pkg.footers()
    assert set(footers) == {"default", "even"}
    for kind, side in (("default", "right"), ("even", "left")):
        p = footers[kind].find("w:p", NS)
        assert wval(p.find("w:pPr/w:jc", NS)) == side
        ind = p.find("w:pPr/w:ind", NS)
        assert int(wval(ind, side)) == 280  # one 4号 character of space
        chars = [el.get(q("w:fldCharType")) for el in p.iter(q("w:fldChar"))]
        assert chars == ["begin", "separate", "end"]
        assert [t.text.strip() for t in p.iter(q("w:instrText"))] == ["PAGE"]
        texts = "".join(t.text for t in p.iter(q("w:t")))
        assert texts == "— 1 —"
        for r in p.findall("w:r", NS):
            assert wval(r.find("w:rPr/w:rFonts", NS), "eastAsia") == "宋体"
            assert wval(r.find("w:rPr/w:sz", NS)) == "28"  # 4号


def test_page_number_sits_7_mm_below_the_text_block(pkg):
    mar = pkg.document.find("w:body/w:sectPr/w:pgMar", NS)
    footer_line = pkg.style("Footer").find("w:pPr/w:spacing", NS)
    assert wval(footer_line, "lineRule") == "exact"
    line = int(wval(footer_line, "line"))
    gap = int(wval(mar, "bottom")) - (int(wval(mar, "footer")) + line)  # block bottom to line top
    assert abs(gap / TWIPS_PER_MM - 7) < 0.1


# --- tables ---------------------------------------------------------------------------------


def docx_grid(tbl) -> list[list[tuple]]:
    """The table as (row, grid column) → (text, gridSpan, vMerge) of the cell starting there."""
    rows = []
    for tr in tbl.findall("w:tr", NS):
        col, row = 0, {}
        for tc in tr.findall("w:tc", NS):
            span = int(wval(tc.find("w:tcPr/w:gridSpan", NS)) or 1)
            vm = tc.find("w:tcPr/w:vMerge", NS)
            vmerge = None if vm is None else (wval(vm) or "continue")
            text = "".join(t.text or "" for t in tc.iter(q("w:t")))
            row[col] = (text, span, vmerge)
            col += span
        rows.append(row)
    return rows


def tree_grid(block: Table) -> dict[tuple[int, int], Cell]:
    rows = block.header + block.body
    taken: set[tuple[int, int]] = set()
    out = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out[(r, c)] = cell
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return out


def doc_tables(pkg):
    return pkg.document.findall("w:body/w:tbl", NS)


def tree_tables(tree) -> list[Table]:
    return [b for b in tree.blocks if isinstance(b, Table)]


def test_merged_cells_match_the_tree_exactly(pkg, tree):
    tables = doc_tables(pkg)
    blocks = tree_tables(tree)
    assert len(tables) == len(blocks) == 3
    for tbl, block in zip(tables, blocks):
        got = docx_grid(tbl)
        assert len(got) == len(block.header) + len(block.body)
        expected: dict[tuple[int, int], tuple] = {}
        for (r, c), cell in tree_grid(block).items():
            expected[(r, c)] = (cell.text, cell.colspan, "restart" if cell.rowspan > 1 else None)
            for dr in range(1, cell.rowspan):
                expected[(r + dr, c)] = ("", cell.colspan, "continue")
        flat = {(r, c): v for r, row in enumerate(got) for c, v in row.items()}
        assert flat == expected, block.id
        for row in got:
            assert sum(span for _, span, _ in row.values()) == block.width


def test_tables_fill_the_text_block_with_fixed_widths(pkg, tree):
    sect = pkg.document.find("w:body/w:sectPr", NS)
    mar, size = sect.find("w:pgMar", NS), sect.find("w:pgSz", NS)
    text_w = int(wval(size, "w")) - int(wval(mar, "left")) - int(wval(mar, "right"))
    for tbl, block in zip(doc_tables(pkg), tree_tables(tree)):
        cols = [int(wval(g, "w")) for g in tbl.findall("w:tblGrid/w:gridCol", NS)]
        assert len(cols) == block.width
        assert sum(cols) == text_w
        assert wval(tbl.find("w:tblPr/w:tblLayout", NS), "type") == "fixed"
        assert int(wval(tbl.find("w:tblPr/w:tblW", NS), "w")) == text_w
        # each cell's width is the sum of the grid columns it spans
        for row in tbl.findall("w:tr", NS):
            col = 0
            for tc in row.findall("w:tc", NS):
                span = int(wval(tc.find("w:tcPr/w:gridSpan", NS)) or 1)
                assert int(wval(tc.find("w:tcPr/w:tcW", NS), "w")) == sum(cols[col : col + span])
                col += span


def test_header_rows_repeat_and_rows_never_split(pkg, tree):
    for tbl, block in zip(doc_tables(pkg), tree_tables(tree)):
        rows = tbl.findall("w:tr", NS)
        flags = [row.find("w:trPr/w:tblHeader", NS) is not None for row in rows]
        assert flags == [i < len(block.header) for i in range(len(rows))], block.id
        assert all(row.find("w:trPr/w:cantSplit", NS) is not None for row in rows)


def test_tables_are_set_in_a_legible_smaller_size(pkg, tree):
    sizes = {}
    for tbl, block in zip(doc_tables(pkg), tree_tables(tree)):
        found = {int(wval(r.find("w:rPr/w:sz", NS))) / 2 for r, _ in runs_with_text(tbl)}
        assert len(found) == 1
        sizes[block.width] = found.pop()
    assert sizes[4] == 10.5  # table 二: 五号
    assert 9 <= sizes[10] <= 10.5  # table 三
    assert 9 <= sizes[15] <= 10  # table 四: 15 columns
    for tbl in doc_tables(pkg):
        for p in tbl.iter(q("w:p")):
            assert wval(p.find("w:pPr/w:pStyle", NS)) == "TableText"
    # table text does not snap to the 3号 grid and is single-spaced
    tt = pkg.style("TableText")
    assert wval(tt.find("w:pPr/w:snapToGrid", NS)) == "0"
    assert wval(tt.find("w:pPr/w:spacing", NS), "lineRule") == "auto"


def test_table_paragraphs_keep_together_with_the_heading(pkg):
    body = pkg.document.find("w:body", NS)
    children = list(body)
    for i, el in enumerate(children):
        if el.tag == q("w:tbl"):
            prev = children[i - 1]
            assert wval(prev.find("w:pPr/w:pStyle", NS)) == "Heading1"  # keepNext by style
            for p in el.iter(q("w:p")):
                assert p.find("w:pPr/w:keepNext", NS) is not None


def test_python_docx_reads_every_label_and_number(pkg, report, tree):
    d = docx.Document(io.BytesIO(pkg.data))
    assert len(d.tables) == 3
    # every official label of the edition's tables, straight from the table definitions
    data = yaml.safe_load((templates() / "tables" / "2021.yaml").read_text("utf-8"))
    labels: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for key in ("label", "title", "corner", "row_header"):
                if isinstance(node.get(key), str) and node[key]:
                    labels.add(node[key])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(data["tables"])
    cell_texts = {c.text for t in d.tables for row in t.rows for c in row.cells}
    missing = sorted(lbl for lbl in labels if lbl not in cell_texts)
    assert not missing
    # every value of the report at its place: python-docx's view of the merged grid
    for t, block in zip(d.tables, tree_tables(tree)):
        values = report.tables[block.id]
        rows = [row.cells for row in t.rows]  # python-docx repeats a merged cell in each slot
        for (r, c), cell in tree_grid(block).items():
            got = rows[r][c].text
            if cell.ref is not None:
                assert got == format_number(values.value(*cell.ref)), (block.id, cell.ref)
            else:
                assert got == cell.text


def test_every_number_of_the_yaml_is_in_its_table_row(pkg, example_yaml):
    d = docx.Document(io.BytesIO(pkg.data))
    expected = yaml_rows(example_yaml)
    for t, tid in zip(d.tables, ("proactive", "applications", "reviews")):
        got = []
        for row in t.rows:
            seen, nums = set(), []
            for c in row.cells:  # merged cells repeat: count each once
                if id(c._tc) in seen:
                    continue
                seen.add(id(c._tc))
                if re.fullmatch(r"\d+(\.\d+)?", c.text):
                    nums.append(int(c.text))
            if nums:
                got.append(nums)
        assert got == expected[tid], tid


# --- signature, properties, bytes ------------------------------------------------------------


def test_signature_block(pkg, tree):
    sig = next(b for b in tree.blocks if isinstance(b, Signature))
    paras = pkg.document.findall("w:body/w:p", NS)
    texts = ["".join(t.text for t in p.iter(q("w:t"))) for p in paras]
    i = texts.index(sig.name)
    assert texts[i - 1] == "" and texts[i + 1] == sig.date  # one blank line above, date below
    assert i + 1 == len(texts) - 1
    name_p, date_p = paras[i], paras[i + 1]
    assert wval(name_p.find("w:pPr/w:jc", NS)) == "right"
    advance = 16 * 20 + int(wval(pkg.style("Normal").find("w:rPr/w:spacing", NS)))  # one 字, twips
    right = int(wval(name_p.find("w:pPr/w:ind", NS), "right"))
    assert right == 2 * advance  # 右空二字
    sect = pkg.document.find("w:body/w:sectPr", NS)
    text_w = 11906 - int(wval(sect.find("w:pgMar", NS), "left")) - int(wval(sect.find("w:pgMar", NS), "right"))
    name_start = text_w - right - len(sig.name) * advance
    assert wval(date_p.find("w:pPr/w:jc", NS)) == "left"
    assert int(wval(date_p.find("w:pPr/w:ind", NS), "left")) == name_start + 2 * advance  # 首字右移二字
    for p in paras[i - 2 : i + 1]:  # last body paragraph, blank line, name: kept with the date
        assert p.find("w:pPr/w:keepNext", NS) is not None
    assert re.fullmatch(r"\d{4}年[1-9]\d?月[1-9]\d?日", sig.date)


def test_core_and_app_properties(pkg, tree, report):
    d = docx.Document(io.BytesIO(pkg.data))
    cp = d.core_properties
    published = dt.datetime.combine(report.data.publication_date, dt.time(), tzinfo=dt.UTC)
    assert cp.title == tree.title
    assert cp.author == report.data.agency.name == cp.last_modified_by
    assert cp.created == published and cp.modified == published
    assert cp.last_printed is None
    assert cp.language == "zh-CN"
    app = pkg.text("docProps/app.xml")
    assert "<Application>giar-gen</Application>" in app
    assert f"<Company>{report.data.agency.name}</Company>" in app
    assert "Microsoft" not in app and "<Pages>" not in app


def test_package_carries_nothing_from_another_document(pkg):
    names = set(pkg.names)
    assert names == {
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/core.xml",
        "docProps/app.xml",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "word/settings.xml",
        "word/fontTable.xml",
        "word/footer1.xml",
        "word/footer2.xml",
    }
    for name in names:
        text = pkg.text(name)
        assert "rsid" not in text and "paraId" not in text and "docId" not in text, name
    assert pkg.names[0] == "[Content_Types].xml"


def test_zip_members_have_fixed_timestamps(pkg):
    for info in pkg.zip.infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.create_system == 0


def test_same_input_same_bytes(pkg, tree, tmp_path):
    assert render_docx(tree) == pkg.data
    a = build_file(EXAMPLE, tmp_path / "a", formats=("docx",)).written[0].read_bytes()
    b = build_file(EXAMPLE, tmp_path / "b", formats=("docx",)).written[0].read_bytes()
    assert a == b == pkg.data


# The schema's order of the child elements the writer produces (ECMA-376 Part 1,
# §17). Word refuses to open files whose children are out of order.
ORDER = {
    "pPr": [
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ],
    "rPr": [
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ],
    "tblPr": [
        "tblStyle",
        "tblpPr",
        "tblOverlap",
        "bidiVisual",
        "tblStyleRowBandSize",
        "tblStyleColBandSize",
        "tblW",
        "jc",
        "tblCellSpacing",
        "tblInd",
        "tblBorders",
        "shd",
        "tblLayout",
        "tblCellMar",
        "tblLook",
    ],
    "trPr": [
        "cnfStyle",
        "divId",
        "gridBefore",
        "gridAfter",
        "wBefore",
        "wAfter",
        "cantSplit",
        "trHeight",
        "tblHeader",
        "tblCellSpacing",
        "jc",
        "hidden",
    ],
    "tcPr": [
        "cnfStyle",
        "tcW",
        "gridSpan",
        "hMerge",
        "vMerge",
        "tcBorders",
        "shd",
        "noWrap",
        "tcMar",
        "textDirection",
        "tcFitText",
        "vAlign",
        "hideMark",
    ],
    "sectPr": [
        "headerReference",
        "footerReference",
        "footnotePr",
        "endnotePr",
        "type",
        "pgSz",
        "pgMar",
        "paperSrc",
        "pgBorders",
        "lnNumType",
        "pgNumType",
        "cols",
        "formProt",
        "vAlign",
        "noEndnote",
        "titlePg",
        "textDirection",
        "bidi",
        "rtlGutter",
        "docGrid",
        "printerSettings",
    ],
    "style": [
        "name",
        "aliases",
        "basedOn",
        "next",
        "link",
        "autoRedefine",
        "hidden",
        "uiPriority",
        "semiHidden",
        "unhideWhenUsed",
        "qFormat",
        "locked",
        "personal",
        "personalCompose",
        "personalReply",
        "rsid",
        "pPr",
        "rPr",
        "tblPr",
        "trPr",
        "tcPr",
        "tblStylePr",
    ],
    "font": ["altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig"],
    "settings": [
        "writeProtection",
        "view",
        "zoom",
        "removePersonalInformation",
        "removeDateAndTime",
        "doNotDisplayPageBoundaries",
        "displayBackgroundShape",
        "printPostScriptOverText",
        "printFractionalCharacterWidth",
        "printFormsData",
        "embedTrueTypeFonts",
        "embedSystemFonts",
        "saveSubsetFonts",
        "saveFormsData",
        "mirrorMargins",
        "alignBordersAndEdges",
        "bordersDoNotSurroundHeader",
        "bordersDoNotSurroundFooter",
        "gutterAtTop",
        "hideSpellingErrors",
        "hideGrammaticalErrors",
        "activeWritingStyle",
        "proofState",
        "formsDesign",
        "attachedTemplate",
        "linkStyles",
        "stylePaneFormatFilter",
        "stylePaneSortMethod",
        "documentType",
        "mailMerge",
        "revisionView",
        "trackRevisions",
        "doNotTrackMoves",
        "doNotTrackFormatting",
        "documentProtection",
        "autoFormatOverride",
        "styleLockTheme",
        "styleLockQFSet",
        "defaultTabStop",
        "autoHyphenation",
        "consecutiveHyphenLimit",
        "hyphenationZone",
        "doNotHyphenateCaps",
        "showEnvelope",
        "summaryLength",
        "clickAndTypeStyle",
        "defaultTableStyle",
        "evenAndOddHeaders",
        "bookFoldRevPrinting",
        "bookFold",
        "bookFoldPrinting",
        "drawingGridHorizontalSpacing",
        "drawingGridVerticalSpacing",
        "displayHorizontalDrawingGridEvery",
        "displayVerticalDrawingGridEvery",
        "doNotUseMarginsForDrawingGridOrigin",
        "drawingGridHorizontalOrigin",
        "drawingGridVerticalOrigin",
        "doNotShadeFormData",
        "noPunctuationKerning",
        "characterSpacingControl",
        "printTwoOnOne",
        "strictFirstAndLastChars",
        "noLineBreaksAfter",
        "noLineBreaksBefore",
        "savePreviewPicture",
        "doNotValidateAgainstSchema",
        "saveInvalidXml",
        "ignoreMixedContent",
        "alwaysShowPlaceholderText",
        "doNotDemarcateInvalidXml",
        "saveXmlDataOnly",
        "useXSLTWhenSaving",
        "saveThroughXslt",
        "showXMLTags",
        "alwaysMergeEmptyNamespace",
        "updateFields",
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "mathPr",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    ],
}
REPEATABLE = {"headerReference", "footerReference", "tblStylePr"}


def test_child_elements_are_in_schema_order(pkg):
    roots = [pkg.document, pkg.styles, pkg.settings, pkg.xml("word/fontTable.xml"), *pkg.footers().values()]
    checked = 0
    for root in roots:
        for el in root.iter():
            if not isinstance(el.tag, str) or not el.tag.startswith(f"{{{W}}}"):
                continue
            local = el.tag.split("}")[1]
            if local not in ORDER or (local == "rPr" and el.getparent().tag == q("w:pPr")):
                continue
            order = ORDER[local]
            seq = [c.tag.split("}")[1] for c in el if isinstance(c.tag, str)]
            unknown = [s for s in seq if s not in order]
            assert not unknown, (local, unknown)
            idx = [order.index(s) for s in seq]
            assert idx == sorted(idx), (local, seq)
            once = [s for s in seq if s not in REPEATABLE]
            assert len(set(once)) == len(once), (local, seq)
            checked += 1
    assert checked > 1000


# --- options and odd input -------------------------------------------------------------------


def small_doc(*blocks, title="某某县某某局2023年政府信息公开工作年度报告", author="某某县某某局") -> Document:
    return Document(title=title, meta=Meta(title=title, author=author, date="2024-01-20"), blocks=list(blocks))


def test_bold_subheadings_is_an_option_off_by_default(pkg):
    assert not list(pkg.styles.iter(q("w:b"))) and not list(pkg.document.iter(q("w:b")))
    doc = small_doc(
        Heading(1, "总体情况", "一、"),
        Heading(2, "主动公开", "（一）"),
        Heading(3, "制度", "1."),
        Heading(4, "细则", "（1）"),
        Paragraph((Run("（二）依申请公开。", "heading2"), Run("全年收到申请。"))),
        Paragraph((Run("2.加强培训。", "heading3"), Run("组织培训两次。"))),
    )
    bold = Package(render_docx(doc, bold_subheadings=True))
    flags = {
        s: bold.style(s).find("w:rPr/w:b", NS) is not None
        for s in ("Normal", "Heading1", "Heading2", "Heading3", "Heading4")
    }
    assert flags == {"Normal": False, "Heading1": False, "Heading2": True, "Heading3": True, "Heading4": False}
    runs = {
        text: (r.find("w:rPr/w:b", NS) is not None, wval(r.find("w:rPr/w:rFonts", NS), "eastAsia"))
        for r, text in runs_with_text(bold.document)
    }
    assert runs["（二）依申请公开。"] == (True, "楷体_GB2312")
    assert runs["2.加强培训。"] == (True, "仿宋_GB2312")
    assert runs["全年收到申请。"] == (False, "仿宋_GB2312")
    plain = Package(render_docx(doc))
    assert not list(plain.styles.iter(q("w:b"))) and not list(plain.document.iter(q("w:b")))


def test_short_title_is_not_broken(pkg):
    doc = small_doc(title="某局2023年年度报告", author="某局")
    title = Package(render_docx(doc)).document.find("w:body/w:p", NS)
    assert title.find(".//w:br", NS) is None


def test_user_text_is_escaped_and_control_characters_dropped():
    text = "A<b>&\"'\x01\x0b 含 <w:t> 与 ]]> 符号"
    doc = small_doc(Paragraph((Run(text),)), Signature("某局<办公室>", "2024年1月20日"))
    p = Package(render_docx(doc))
    texts = [t for _, t in runs_with_text(p.document)]
    assert "A<b>&\"' 含 <w:t> 与 ]]> 符号" in texts and "某局<办公室>" in texts


def test_long_date_moves_the_signature_left():
    """When the date is not two characters shorter than the name, the date keeps two
    characters of space and the name moves left to keep the date two characters in."""
    doc = small_doc(Paragraph((Run("正文。"),)), Signature("某局", "2024年12月20日"))
    p = Package(render_docx(doc))
    paras = p.document.findall("w:body/w:p", NS)
    name_p, date_p = paras[-2], paras[-1]
    advance = 16 * 20 + int(wval(p.style("Normal").find("w:rPr/w:spacing", NS)))
    assert wval(date_p.find("w:pPr/w:jc", NS)) == "right"
    assert int(wval(date_p.find("w:pPr/w:ind", NS), "right")) == 2 * advance
    date_w, name_w = 7, 2  # "2024年12月20日": eight digits at half width, three characters
    assert int(wval(name_p.find("w:pPr/w:ind", NS), "right")) == round((4 + date_w - name_w) * advance)


def test_inconsistent_table_tree_is_refused():
    bad = Table(id="x", header=(), body=((Cell("a", "label", rowspan=2), Cell("b")), (Cell("c"), Cell("d"))), width=2)
    with pytest.raises(ValueError):
        render_docx(small_doc(bad))
