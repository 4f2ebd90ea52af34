"""PDF import: the reports giar-gen writes, the same report printed by
LibreOffice, a real published comparison PDF, and the PDFs that cannot be
read (scanned, truncated, not a PDF) with a Chinese message naming the file."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from giar_gen.api import render
from giar_gen.cli import main
from giar_gen.diagnostics import InputError
from giar_gen.document.compose import compose
from giar_gen.importer.core import import_file, load_any, report_from_published
from giar_gen.readers import ReaderError, TableBlock, TextBlock, read_document
from giar_gen.readers.pdf import MAX_PAGES
from giar_gen.source.loader import load_report

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_import_roundtrip import assert_same_report

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2023-示例区市场监督管理局.yaml"
CORPUS04 = ROOT.parent / "shared" / "corpus" / "04-suqian-2023vs2024-peer-comparison.pdf"

#: The example with two cells left blank (a table cell, and one of table 三's):
#: blank must come back blank, not 0.
BLANKS = {"  规章: [0, 0, 0]": "  规章: [0, ~, 0]", "      其他: [1, 0, 0, 0, 0, 0]": "      其他: [1, 0, ~, 0, 0, 0]"}


def _with_blanks(folder: Path) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in BLANKS.items():
        assert old in text
        text = text.replace(old, new)
    out = folder / "blank.yaml"
    out.write_text(text, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """{name: (yaml, pdf)}: giar-gen's own PDF of the example and of the
    example with blanks, and the same reports' DOCX printed by LibreOffice."""
    work = tmp_path_factory.mktemp("pdf-import")
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "LibreOffice (libreoffice or soffice) is needed for these tests"
    out = {}
    docx = []
    for name, yaml in (("example", EXAMPLE), ("blank", _with_blanks(work))):
        doc = compose(load_report(yaml))
        pdf = work / f"{name}.pdf"
        pdf.write_bytes(render(doc, "pdf"))
        out[f"giar-gen-{name}"] = (yaml, pdf)
        (work / "lo").mkdir(exist_ok=True)
        d = work / "lo" / f"{name}.docx"
        d.write_bytes(render(doc, "docx"))
        docx.append(d)
        out[f"libreoffice-{name}"] = (yaml, d.with_suffix(".pdf"))
    subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{work / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "lo"),
            *map(str, docx),
        ],
        env={"HOME": str(work), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        timeout=300,
        check=True,
    )
    return out


def assert_same_tables(original, imported) -> int:
    """Every cell of the three tables: the same value; a cell left blank in
    the YAML is blank (not 0) in the import. Returns the number of cells."""
    n = 0
    for tid, tv in original.tables.items():
        other = imported.tables[tid]
        for row, col in tv.table.cells():
            where = tv.table.describe(row.id, col.id)
            assert other.value(row.id, col.id) == tv.value(row.id, col.id), where
            if not (row.is_total or col.is_total):
                assert other.entered.get((row.id, col.id)) == tv.entered.get((row.id, col.id)), where
            n += 1
    return n


@pytest.mark.parametrize("name", ["giar-gen-example", "giar-gen-blank", "libreoffice-example", "libreoffice-blank"])
def test_pdf_imports_back_cell_for_cell(pdfs, name):
    yaml, pdf = pdfs[name]
    original = load_report(yaml)
    imported, _notes = report_from_published(pdf)
    assert assert_same_tables(original, imported) == 200
    assert imported.title == original.title
    assert imported.data.agency.name == original.data.agency.name
    assert imported.signature_date == original.signature_date
    assert imported.period == original.period
    if "blank" in name:
        assert ("rules", "repealed") not in imported.tables["proactive"].entered or imported.tables[
            "proactive"
        ].entered[("rules", "repealed")] is None
        assert original.tables["proactive"].entered.get(("rules", "repealed")) is None


def test_giar_gen_pdf_is_the_same_report(pdfs):
    """Our own PDF: not only the tables, every part's text, the intro and the
    signature come back (paragraphs re-joined across lines and pages, page
    numbers dropped)."""
    yaml, pdf = pdfs["giar-gen-example"]
    report, notes = report_from_published(pdf)
    assert_same_report(load_report(yaml), report)
    assert [n for n in notes if n.severity == "warning"] == []


def test_pdf_reader_output(pdfs):
    """The raw reading: title joined into one line, page numbers gone, CJK
    lines joined without spaces, merged header cells as spans, one table per
    official table."""
    doc = read_document(pdfs["giar-gen-example"][1])
    texts = [b.text for b in doc.blocks if isinstance(b, TextBlock)]
    assert texts[0] == "示例市示例区市场监督管理局2023年政府信息公开工作年度报告"
    assert doc.blocks[0].hint == "title"
    assert not any(t.strip("—- 0123456789") == "" for t in texts)  # "—1—" page numbers dropped
    # a paragraph that a page break cut in two is one paragraph again
    assert any("执法信息752条，食品药品抽检信息214条" in t for t in texts)
    tables = [b for b in doc.blocks if isinstance(b, TableBlock)]
    assert len(tables) == 3
    head = [(c.text, c.rowspan, c.colspan) for c in tables[1].rows[1]]
    assert head == [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)]
    assert tables[1].rows[5][0].text == "三、本年度办理结果" and tables[1].rows[5][0].rowspan == 22
    assert doc.meta.get("generator") == "giar-gen"


def test_pages_turned_by_rotate_read_as_shown(pdfs, tmp_path):
    """A page whose content is drawn turned by 90 degrees and shown upright
    through /Rotate (how landscape table pages are often made) reads as
    the page a viewer shows."""
    import pypdfium2 as pdfium

    yaml, src = pdfs["giar-gen-example"]
    pdf = pdfium.PdfDocument(str(src))
    for page in pdf:
        w, h = page.get_size()
        for obj in list(page.get_objects(max_depth=0)):
            obj.transform(pdfium.PdfMatrix(0, 1, -1, 0, h, 0))
        page.set_mediabox(0, 0, h, w)
        page.set_cropbox(0, 0, h, w)
        page.set_rotation(90)
        page.gen_content()
    turned = tmp_path / "turned.pdf"
    pdf.save(str(turned))
    pdf.close()
    report, _ = report_from_published(turned)
    assert_same_report(load_report(yaml), report)


def test_libreoffice_pdf_text_comes_from_actualtext(pdfs):
    """LibreOffice without the report's fonts draws every Chinese glyph as
    the same placeholder and writes the text as ActualText: the reader
    takes the text, not the placeholder."""
    doc = read_document(pdfs["libreoffice-example"][1])
    text = "\n".join(b.text for b in doc.blocks if isinstance(b, TextBlock))
    assert "示例区市场监督管理局" in text and "示示示" not in text


@pytest.fixture(scope="module")
def corpus04():
    assert CORPUS04.is_file(), f"corpus file missing: {CORPUS04}"
    return read_document(CORPUS04)


def _value_rows(doc) -> list[list[str]]:
    return [
        [c.text for c in row if c.text.replace(".", "").isdigit()]
        for b in doc.blocks
        if isinstance(b, TableBlock)
        for row in b.rows
    ]


def test_corpus04_tables_read_from_geometry(corpus04):
    """A real two-column PDF (Chrome, Type 3 fonts, Kangxi radicals for 二/十,
    表三 continued on the next page with its header repeated): both years'
    tables read cell by cell (INDEX.md: 结转 121 = 121; 规章 11 + 2 − 1 = 12;
    规范性文件 597 + 50 − 227 = 420; 3511 + 96 and 3525 + 121)."""
    rows = _value_rows(corpus04)
    for want in (
        ["2", "0", "11"],
        ["109", "489", "597"],  # 2023 表二
        ["2", "1", "12"],
        ["50", "227", "420"],  # 2024 表二
        ["3402", "99", "0", "4", "5", "1", "3511"],  # 2023 一、本年新收
        ["91", "3", "0", "0", "2", "0", "96"],  # 2023 二、上年结转
        ["118", "3", "0", "0", "0", "0", "121"],  # 2023 四、结转 = 2024 二、上年结转
        ["3440", "75", "0", "1", "6", "3", "3525"],  # 2024 一、本年新收
        ["118", "5", "0", "0", "1", "1", "125"],  # 2024 四、结转
        ["309", "17", "88", "26", "440", "1", "1", "16", "6", "24", "13", "0", "67", "9", "89"],
        # 2024 表四: the browser printed the part heading over this row; it is not cell text
        ["88", "18", "28", "36", "170", "7", "0", "11", "7", "25", "33", "0", "6", "13", "52"],
    ):
        assert want in rows, want
    assert rows.count(["118", "3", "0", "0", "0", "0", "121"]) == 2  # 2023 结转 and 2024 上年结转
    tables = [b for b in corpus04.blocks if isinstance(b, TableBlock)]
    # 表三 of each year is one table: its second page joined on, the repeated header dropped
    t3 = [t for t in tables if any(c.text == "三、本年度办理结果" for row in t.rows for c in row)]
    assert len(t3) == 2
    for t in t3:
        assert t.head == 3
        labels = [c.text for row in t.rows for c in row]
        # once: the header is not repeated ("）申请人情况": the corner text runs over its cell)
        assert sum("申请人情况" in x for x in labels) == 1
        assert next(c for row in t.rows for c in row if c.text == "三、本年度办理结果").rowspan == 22
        assert "四、结转下年度继续办理" in labels


def test_corpus04_imports_with_its_tables():
    from giar_gen.importer.core import import_all

    imp, later = import_all(CORPUS04)  # two reports side by side: 2023 (left), 2024 (right)
    assert import_file(CORPUS04).data == later.data and later.data["主动公开情况"]["规章"] == [2, 1, 12]
    active = imp.data["主动公开情况"]
    assert active["规章"] == [2, 0, 11] and active["行政规范性文件"] == [109, 489, 597]
    apply = imp.data["申请办理情况"]
    assert apply["本年新收"] == [3402, 99, 0, 4, 5, 1]
    assert apply["上年结转"] == [91, 3, 0, 0, 2, 0]
    assert apply["结转下年度继续办理"] == [118, 3, 0, 0, 0, 0]
    assert apply["本年度办理结果"]["不予公开"]["属于行政查询事项"] == [20, 1, 0, 0, 0, 0]


def test_scanned_pdf_asks_for_ocr(tmp_path):
    from PIL import Image, ImageDraw

    pages = []
    for _ in range(2):
        im = Image.new("RGB", (1240, 1754), "white")
        ImageDraw.Draw(im).rectangle((100, 100, 1100, 400), outline="black", width=4)
        pages.append(im)
    scan = tmp_path / "扫描件.pdf"
    pages[0].save(scan, save_all=True, append_images=pages[1:], resolution=150)
    with pytest.raises(ReaderError) as err:
        read_document(scan)
    assert "扫描件.pdf" in str(err.value) and "文字识别（OCR）" in str(err.value)
    with pytest.raises(InputError):
        load_any(scan)


def test_truncated_pdf_exits_2_with_a_chinese_message(pdfs, tmp_path, capsys):
    data = pdfs["giar-gen-example"][1].read_bytes()
    cut = tmp_path / "截断.pdf"
    cut.write_bytes(data[: len(data) * 2 // 3])
    out = tmp_path / "截断.yaml"
    assert main(["import", str(cut), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "截断.pdf" in err and "不完整" in err and "Traceback" not in err
    assert not out.exists()
    assert main(["check", str(cut)]) == 2
    captured = capsys.readouterr()
    assert "截断.pdf" in captured.out + captured.err and "不完整" in captured.out + captured.err


@pytest.mark.parametrize(
    "content, words",
    [
        (b"%PDF-1.4\n1 0 obj garbage\n%%EOF\n", "已损坏"),
        (b"PK\x03\x04 not a pdf at all %%EOF", "不是 PDF 文件"),
    ],
)
def test_damaged_pdf_message(tmp_path, content, words):
    bad = tmp_path / "坏.pdf"
    bad.write_bytes(content)
    with pytest.raises(ReaderError) as err:
        read_document(bad)
    assert "坏.pdf" in str(err.value) and words in str(err.value)


def test_too_many_pages(tmp_path, monkeypatch, pdfs):
    import giar_gen.readers.pdf as pdf_reader

    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 3)
    with pytest.raises(ReaderError) as err:
        read_document(pdfs["giar-gen-example"][1])
    assert "最多读取 3 页" in str(err.value)
    assert MAX_PAGES >= 100


def test_cli_accepts_pdf_everywhere(pdfs, tmp_path, capsys):
    yaml, pdf = pdfs["giar-gen-example"]
    src = tmp_path / "上年报告.pdf"
    src.write_bytes(pdf.read_bytes())
    assert main(["import", str(src), "-o", str(tmp_path / "导入.yaml")]) == 0
    assert load_report(tmp_path / "导入.yaml").tables["applications"].value("new_received", "total") == 101
    assert main(["check", str(src)]) == 0
    capsys.readouterr()
    # the "previous" PDF is the same 2023 report: read, and the cross-year rules say so
    assert main(["check", str(yaml), "--previous", str(src)]) == 1
    assert "应为：2022" in capsys.readouterr().out
    new = tmp_path / "新.yaml"
    assert main(["init", "--from", str(src), str(new)]) == 0
    assert "报告年度: 2024" in new.read_text(encoding="utf-8")
