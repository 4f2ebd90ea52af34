#!/usr/bin/env python3
"""Which PDF library should ``giar-gen import`` read PDFs with? Measured.

Each candidate turns a PDF into the importer's ``RawDocument``; the same
importer then maps it, and the three official tables are compared cell by
cell with the truth. Candidates:

- ``pypdfium2+own``: pypdfium2 (pdfium) characters and drawn paths, our
  geometry (``giar_gen.readers.pdf``: what giar-gen uses);
- ``pdfplumber+own``: pdfplumber's characters, lines and rectangles, our geometry;
- ``pdfplumber-tables``: pdfplumber's own ``find_tables``/``extract``
  (merged cells come back as ``None``: no spans) and its text lines;
- ``pdfminer+own``: pdfminer.six layout objects (``LTChar``, ``LTRect``,
  ``LTLine``) read directly, our geometry;
- ``pdftotext-bbox``: poppler's ``pdftotext -bbox-layout`` words; it gives
  no ruling lines, so a table can only be a flattened line of words (words
  far apart become cells separated by ``|``, as the text reader reads them).

Test PDFs: every ``examples/*.yaml`` (the example and the seeds; seeds
before 2019 have no official tables and count for speed only) written by
giar-gen (WeasyPrint) and the giar-gen DOCX printed by LibreOffice
(``soffice --headless --convert-to pdf``; skipped with a note if soffice is
missing) as it is installed (here without the report's fonts: it writes the
text as ActualText), and the example once more with the report's fonts
given to LibreOffice; truth: the YAML's values. Corpus 04 (a
real two-column PDF printed by Chrome), truth: the rows of its 2023 and 2024
tables listed in ``CORPUS04_ROWS`` (read off the page by hand).

Accuracy: cells read correctly / cells present. Speed: milliseconds per page
of reading the PDF into a RawDocument (best of ``--repeat``), import excluded.

Usage: python scripts/bench_pdf_readers.py [--repeat N] [--only NAME,...]
"""

from __future__ import annotations

import argparse
import logging
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from giar_gen.readers import RawCell, RawDocument, TableBlock  # noqa: E402
from giar_gen.readers.pdf import build_document, extract  # noqa: E402
from giar_gen.readers.pdf_tables import Char, PageData, line_segment, rect_segments  # noqa: E402

CORPUS04 = ROOT.parent / "shared" / "corpus" / "04-suqian-2023vs2024-peer-comparison.pdf"

#: Rows of corpus 04's tables (2023 and 2024 side by side), values as printed.
CORPUS04_ROWS = [
    [2, 0, 11],
    [109, 489, 597],
    [2, 1, 12],
    [50, 227, 420],
    [1808595],
    [2822652],
    [20163],
    [1573179],
    [2676474],
    [29351],
    [3402, 99, 0, 4, 5, 1, 3511],
    [91, 3, 0, 0, 2, 0, 96],
    [1175, 12, 0, 3, 1, 0, 1191],
    [968, 74, 0, 1, 3, 1, 1047],
    [3375, 99, 0, 4, 7, 1, 3486],
    [118, 3, 0, 0, 0, 0, 121],
    [3440, 75, 0, 1, 6, 3, 3525],
    [118, 3, 0, 0, 0, 0, 121],
    [1408, 21, 0, 0, 2, 0, 1431],
    [859, 33, 0, 0, 3, 2, 897],
    [3440, 73, 0, 1, 5, 2, 3521],
    [118, 5, 0, 0, 1, 1, 125],
    [309, 17, 88, 26, 440, 1, 1, 16, 6, 24, 13, 0, 67, 9, 89],
    [88, 18, 28, 36, 170, 7, 0, 11, 7, 25, 33, 0, 6, 13, 52],
]


# ---------------------------------------------------------------------------
# candidates


def read_pdfium(path: Path) -> RawDocument:
    pages, meta = extract(path)
    return build_document(path, pages, meta)


def _plumber_pages(path: Path):
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    pdf = pdfplumber.open(str(path))
    return pdf, {k: str(v) for k, v in (pdf.metadata or {}).items() if k in ("Title", "Author")}


def read_pdfplumber_own(path: Path) -> RawDocument:
    pdf, info = _plumber_pages(path)
    pages = []
    with pdf:
        for n, page in enumerate(pdf.pages, start=1):
            data = PageData(n, float(page.width), float(page.height))
            for c in page.chars:
                if c.get("upright", True) and c["text"].strip():
                    data.chars.append(
                        Char(
                            c["text"],
                            c["x0"],
                            c["top"],
                            c["x1"],
                            c["bottom"],
                            float(c["size"]),
                            "bold" in (c.get("fontname") or "").lower(),
                        )
                    )
            for ln in page.lines:
                data.segs += line_segment(ln["x0"], ln["top"], ln["x1"], ln["bottom"])
            for r in page.rects:
                data.segs += rect_segments(r["x0"], r["top"], r["x1"], r["bottom"], bool(r.get("stroke")))
            pages.append(data)
    return build_document(path, pages, _meta(info))


def read_pdfplumber_tables(path: Path) -> RawDocument:
    from giar_gen.readers import TextBlock

    pdf, info = _plumber_pages(path)
    doc = RawDocument(path=path, format="pdf", meta=_meta(info))
    with pdf:
        for page in pdf.pages:
            tables = page.find_tables()
            items = []
            for t in tables:
                rows = [[RawCell(c or "") for c in row if c is not None] for row in t.extract()]
                items.append((t.bbox[1], TableBlock(rows=rows, spans=False)))
            outside = page
            for t in tables:
                outside = outside.outside_bbox(t.bbox, strict=False)
            for line in outside.extract_text_lines():
                items.append((line["top"], TextBlock(line["text"].strip())))
            doc.blocks += [b for _, b in sorted(items, key=lambda x: x[0])]
    return doc


def read_pdfminer_own(path: Path) -> RawDocument:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTCurve, LTLine, LTRect

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    pages = []

    def walk(obj, data, h):
        for o in obj:
            if isinstance(o, LTChar):
                if o.get_text().strip() and o.upright:
                    data.chars.append(Char(o.get_text(), o.x0, h - o.y1, o.x1, h - o.y0, o.size))
            elif isinstance(o, LTLine):
                data.segs += line_segment(o.x0, h - o.y1, o.x1, h - o.y0)
            elif isinstance(o, LTRect):
                data.segs += rect_segments(o.x0, h - o.y1, o.x1, h - o.y0, bool(o.stroke))
            elif isinstance(o, LTCurve):
                continue
            elif hasattr(o, "__iter__"):
                walk(o, data, h)

    for n, layout in enumerate(extract_pages(str(path), laparams=LAParams()), start=1):
        data = PageData(n, layout.width, layout.height)
        walk(layout, data, layout.height)
        pages.append(data)
    return build_document(path, pages, {})


def read_pdftotext(path: Path) -> RawDocument:
    """poppler's words, flattened: the words of a page grouped into lines by
    their height on the page, words far apart joined by " | " (the cells of a
    table flattened to a line of text, as the text reader reads them)."""
    import html as _html

    from giar_gen.readers.text import read_text

    out = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, check=True).stdout
    text = out.decode("utf-8", "replace")
    lines = []
    for page in re.findall(r"<page[^>]*>(.*?)</page>", text, re.S):
        words = sorted(
            ((float(y0) + float(y1)) / 2, float(x0), float(x1), _html.unescape(w))
            for x0, y0, x1, y1, w in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page
            )
        )
        rows: list[list[tuple]] = []
        for w in words:
            if rows and abs(w[0] - rows[-1][0][0]) <= 4:
                rows[-1].append(w)
            else:
                rows.append([w])
        for row in rows:
            parts, prev = [], None
            for _, x0, x1, w in sorted(row, key=lambda w: w[1]):
                if prev is not None:
                    parts.append(" | " if x0 - prev > 12 else " ")
                parts.append(w)
                prev = x1
            lines.append("".join(parts))
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / (path.stem + ".txt")
        f.write_text("\n".join(lines), encoding="utf-8")
        doc = read_text(f)
    doc.path, doc.format = path, "pdf"  # type: ignore[assignment]
    return doc


def _meta(info: dict) -> dict:
    return {"title": info["Title"]} if info.get("Title") else {}


CANDIDATES = {
    "pypdfium2+own": read_pdfium,
    "pdfplumber+own": read_pdfplumber_own,
    "pdfplumber-tables": read_pdfplumber_tables,
    "pdfminer+own": read_pdfminer_own,
    "pdftotext-bbox": read_pdftotext,
}


# ---------------------------------------------------------------------------
# test PDFs and truth


def build_pdfs(folder: Path) -> list[tuple[str, Path, Path | None]]:
    """(label, pdf, yaml) for each example: giar-gen's PDF and LibreOffice's."""
    from giar_gen.api import render
    from giar_gen.document.compose import compose
    from giar_gen.source.loader import load_report

    out = []
    docx = []
    for yaml in sorted((ROOT / "examples").glob("*.yaml")):
        doc = compose(load_report(yaml))
        pdf = folder / f"{yaml.stem}.pdf"
        pdf.write_bytes(render(doc, "pdf"))
        out.append((f"giar-gen {yaml.stem[:14]}", pdf, yaml))
        d = folder / "lo" / f"{yaml.stem}.docx"
        d.parent.mkdir(exist_ok=True)
        d.write_bytes(render(doc, "docx"))
        docx.append((yaml, d))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{folder / 'profile'}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder / "lo"),
            ]
            + [str(d) for _, d in docx],
            capture_output=True,
            check=True,
            timeout=600,
        )
        out += [(f"LibreOffice {y.stem[:14]}", d.with_suffix(".pdf"), y) for y, d in docx]
        # the same with the report's fonts installed (the bundled fonts, by fontconfig)
        fonted = folder / "lo-fonts"
        fonted.mkdir()
        env = {"FONTCONFIG_FILE": str(_fonts_conf(folder)), "HOME": str(folder), "PATH": "/usr/bin:/bin"}
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{folder / 'profile-fonts'}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(fonted),
                str(docx[0][1]),
            ],
            env=env,
            capture_output=True,
            check=True,
            timeout=600,
        )
        out.append(
            (f"LibreOffice+字体 {docx[0][0].stem[:14]}", fonted / docx[0][1].with_suffix(".pdf").name, docx[0][0])
        )
    else:
        print("（未找到 soffice：跳过 LibreOffice 打印的 PDF）", file=sys.stderr)
    if CORPUS04.is_file():
        out.append(("corpus 04 (Chrome)", CORPUS04, None))
    return out


def _fonts_conf(folder: Path) -> Path:
    """A fontconfig file that gives LibreOffice the fonts the DOCX names."""
    from fontTools.ttLib import TTFont

    from giar_gen import fonts

    aliases = []
    for role, name in fonts.DOCX_FONTS.items():
        with TTFont(fonts.bundled_font_files()[role].path, lazy=True) as font:
            family = font["name"].getDebugName(1)
        aliases.append(
            f'<alias binding="same"><family>{name}</family><prefer><family>{family}</family></prefer></alias>'
        )
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"<dir>{Path(fonts.__file__).resolve().parent}</dir>\n<cachedir>{folder / 'fc-cache'}</cachedir>\n"
        + "\n".join(aliases)
        + "\n</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def score_yaml(doc: RawDocument, yaml: Path) -> tuple[int, int]:
    from giar_gen.importer.core import import_document
    from giar_gen.source.loader import load_report, report_from_data
    from giar_gen.source.yamlsource import SourceMap

    truth = load_report(yaml)
    present = sum(1 for tv in truth.tables.values() for _ in tv.table.cells())
    try:
        imp = import_document(doc)
        got = report_from_data(imp.data, SourceMap(file=str(doc.path), text=""), base_dir=yaml.parent)
    except Exception:  # a candidate whose output cannot be imported at all reads nothing
        return 0, present
    ok = 0
    for tid, tv in truth.tables.items():
        other = got.tables.get(tid)
        for row, col in tv.table.cells():
            if (
                other is not None
                and other.value(row.id, col.id) == tv.value(row.id, col.id)
                and other.entered.get((row.id, col.id)) == tv.entered.get((row.id, col.id))
            ):
                ok += 1
    return ok, present


def score_corpus04(doc: RawDocument) -> tuple[int, int]:
    """Each expected row found as the value cells of a table row (best match)."""
    rows = []
    for b in doc.blocks:
        if isinstance(b, TableBlock):
            for row in b.rows:
                nums = [c.text.replace(",", "").strip() for c in row]
                rows.append([n for n in nums if re.fullmatch(r"\d+(?:\.\d+)?", n)])
    ok = 0
    present = sum(len(r) for r in CORPUS04_ROWS)
    used: set[int] = set()
    for want in CORPUS04_ROWS:
        w = [str(v) for v in want]
        best, best_i = 0, None
        for i, got in enumerate(rows):
            if i in used or len(got) != len(w):
                continue
            n = sum(a == b for a, b in zip(got, w))
            if n > best:
                best, best_i = n, i
        if best_i is not None and best * 2 > len(w):
            used.add(best_i)
            ok += best
    return ok, present


def pages_of(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default="", help="comma-separated candidate names")
    args = ap.parse_args(argv)
    names = [n for n in CANDIDATES if not args.only or n in args.only.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = build_pdfs(Path(tmp))
        totals = {n: [0, 0, 0.0, 0] for n in names}  # ok, present, seconds, pages
        print("| PDF | pages | " + " | ".join(names) + " |")
        print("|---|---:|" + "---:|" * len(names))
        for label, pdf, yaml in pdfs:
            npages = pages_of(pdf)
            cells = []
            for name in names:
                best = float("inf")
                doc = None
                for _ in range(args.repeat):
                    t = time.perf_counter()
                    try:
                        doc = CANDIDATES[name](pdf)
                    except Exception:  # a candidate that fails on a file reads nothing of it
                        doc = None
                    best = min(best, time.perf_counter() - t)
                ok, present = (0, 0)
                if doc is None:
                    present = score_yaml(read_pdfium(pdf), yaml)[1] if yaml else sum(len(r) for r in CORPUS04_ROWS)
                else:
                    ok, present = score_yaml(doc, yaml) if yaml else score_corpus04(doc)
                tot = totals[name]
                tot[0] += ok
                tot[1] += present
                tot[2] += best
                tot[3] += npages
                score = f"{ok}/{present}" if present else "—"
                cells.append(f"{score} · {best * 1000 / npages:.0f} ms/页")
            print(f"| {label} | {npages} | " + " | ".join(cells) + " |")
        print(
            "| **total** | "
            + str(next(iter(totals.values()))[3])
            + " | "
            + " | ".join(
                f"**{t[0]}/{t[1]} ({t[0] / max(t[1], 1):.1%}) · {t[2] * 1000 / max(t[3], 1):.0f} ms/页**"
                for t in totals.values()
            )
            + " |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
