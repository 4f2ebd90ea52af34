#!/usr/bin/env python3
"""Benchmark ``giar-gen build`` against LibreOffice and plain WeasyPrint (issue 12).

    python3 scripts/benchmark.py                    # 5 rounds, 200-unit batches
    python3 scripts/benchmark.py --rounds 3 --units 100 --batch-rounds 1

Every measurement is a whole process (start-up and imports included), run with
this repository's code, its wall time and the peak of the summed resident
memory of its whole process tree (sampled from /proc every 10 ms: the forked
PDF child, the pool workers, LibreOffice's soffice.bin). The competitors run
interleaved, round after round, so that the load of a shared machine falls on
all of them alike; the table gives medians and the ratios of the medians.

Documents: the example (examples/2023-示例区市场监督管理局.yaml) and the same
report with a narrative 20 times as long (each paragraph repeated, sub-headings
once: 44 pages). For each:

* ``giar-gen build -f pdf`` and ``giar-gen build`` (DOCX, PDF and HTML);
* LibreOffice converting giar-gen's DOCX of the same report to PDF
  (``soffice --headless --convert-to pdf``, a profile of its own, warmed up);
* plain WeasyPrint (``python -m weasyprint``) on the page giar-gen hands to
  WeasyPrint: the same HTML, print style sheet and font files, so the work of
  laying out the pages is the same and the difference is what giar-gen adds
  (reading and checking the data, fonts, line breaking) or saves.

Batches: ``--units`` generated unit files (tests/unitgen.py, as
scripts/bench_batch.py does) built to PDF at ``-j 1`` and ``-j 2`` and to all
three formats at ``-j 2``, in reports per second.

giar-gen's modules are byte-compiled first (``compileall``), as ``pip install``
(and so ``./setup.sh``) leaves them: where ``PYTHONDONTWRITEBYTECODE`` is set, a
checkout would otherwise be compiled again by every run (50–80 ms each here),
which no installed copy does. WeasyPrint and LibreOffice are measured as
installed.

The output is a Markdown table (the README quotes it). No assertion is made.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from proctree import cpu_reference, run_sampled  # noqa: E402  (beside this script)

EXAMPLE = ROOT / "examples" / "2023-示例区市场监督管理局.yaml"


# --- measuring -----------------------------------------------------------------------


def measure(cmd: list[str], cwd: Path = ROOT) -> tuple[float, float, float]:
    """(wall seconds, peak MiB of the process tree, CPU seconds of the process and
    the children it waited for) of one run of ``cmd``."""
    run = run_sampled(cmd, cwd, merge=True)
    if run.rc != 0:
        raise SystemExit(f"failed ({run.rc}): {' '.join(map(str, cmd))}\n{run.stdout[-3000:]}")
    return run.wall, run.tree_peak_kib / 1024, run.usage.ru_utime + run.usage.ru_stime


# --- inputs --------------------------------------------------------------------------


def long_narrative(source: Path, target: Path, times: int = 20) -> Path:
    """``source`` with every paragraph of the narrative repeated ``times`` times
    (sub-headings once, so the numbering stays valid)."""
    import yaml

    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    heading = re.compile(r"^（[一二三四五六七八九十]+）")
    for key, text in data["正文"].items():
        lines = []
        for line in str(text).splitlines():
            lines += [line] if heading.match(line) else [line] * times
        data["正文"][key] = "\n".join(lines) + "\n"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def print_page(source: Path, folder: Path) -> Path:
    """The page giar-gen hands to WeasyPrint for ``source``, with its font files, in ``folder``."""
    from giar_gen.document.compose import compose
    from giar_gen.source.loader import load_report
    from giar_gen.writers import pdf as pdf_writer

    doc = compose(load_report(source))
    fonts = pdf_writer.prepare_fonts(pdf_writer.role_texts(doc), folder / "fonts")
    layout = pdf_writer.layout_document(doc, pdf_writer.Metrics(fonts))
    page = folder / f"{source.stem}.print.html"
    page.write_text(pdf_writer.print_html(doc, fonts, layout), encoding="utf-8")
    return page


def pdf_pages(path: Path) -> str:
    """The number of pages (poppler's pdfinfo), "?" without it."""
    try:
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "?"
    m = re.search(r"^Pages:\s*(\d+)", out, re.M)
    return m.group(1) if m else "?"


# --- the run -------------------------------------------------------------------------


def giar_gen(*args: str) -> list[str]:
    return [sys.executable, "-m", "giar_gen.cli", "build", *args, "--no-cache"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds of the single documents")
    ap.add_argument("--units", type=int, default=200, help="units in a batch (0: no batches)")
    ap.add_argument("--batch-rounds", type=int, default=1, help="interleaved rounds of the batches")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep it")
    args = ap.parse_args()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="giar-gen-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        return run(args, tmp, soffice)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def byte_compile() -> None:
    """giar-gen's modules compiled to ``__pycache__``, as an installed copy has them."""
    import compileall

    compileall.compile_dir(str(ROOT / "giar_gen"), quiet=1)


def run(args, tmp: Path, soffice: str | None) -> int:
    byte_compile()
    load = os.getloadavg()
    docs = {"example": EXAMPLE, "20× narrative": long_narrative(EXAMPLE, tmp / "long-narrative.yaml")}
    profile = tmp / "lo-profile"
    cases: dict[tuple[str, str], list[str]] = {}  # (document, tool) -> command
    pages = {}
    for name, src in docs.items():
        ready = tmp / f"ready-{src.stem}"
        measure(giar_gen(str(src), "-o", str(ready), "-f", "docx,pdf"))  # the DOCX LibreOffice converts
        pages[name] = pdf_pages(ready / f"{src.stem}.pdf")
        page = print_page(src, tmp / f"page-{src.stem}")
        out = tmp / f"out-{src.stem}"
        cases[(name, "pdf")] = giar_gen(str(src), "-o", str(out / "pdf"), "-f", "pdf")
        cases[(name, "all")] = giar_gen(str(src), "-o", str(out / "all"), "-f", "docx,pdf,html")
        cases[(name, "weasyprint")] = [sys.executable, "-m", "weasyprint", "-q", str(page), str(out / "w.pdf")]
        if soffice:
            cases[(name, "libreoffice")] = [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out / "lo"),
                str(ready / f"{src.stem}.docx"),
            ]
    if soffice:  # LibreOffice's first start creates its profile: not timed
        measure(cases[("example", "libreoffice")])
    results: dict[tuple[str, str], list[tuple[float, float, float]]] = {k: [] for k in cases}
    for _ in range(args.rounds):
        for key, cmd in cases.items():
            results[key].append(measure(cmd))

    batch_results: dict[tuple[str, int], list[tuple[float, float, float]]] = {}
    if args.units:
        from unitgen import write_units

        units = tmp / "units"
        write_units(units, args.units)
        batches = [("pdf", 1), ("pdf", 2), ("docx,pdf,html", 2)]
        batch_results = {b: [] for b in batches}
        for _ in range(args.batch_rounds):
            for fmt, jobs in batches:
                out = tmp / f"batch-{fmt.replace(',', '-')}-{jobs}"
                shutil.rmtree(out, ignore_errors=True)
                batch_results[(fmt, jobs)].append(
                    measure(giar_gen(str(units), "-o", str(out), "-f", fmt, "-j", str(jobs)))
                )
    print(report(args, load, docs, pages, results, batch_results, soffice is not None))
    return 0


def _median(runs: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Median wall time, highest peak memory, median CPU time."""
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs), statistics.median(r[2] for r in runs)


def report(args, load, docs, pages, results, batch_results, have_lo: bool) -> str:
    lines = [
        f"{os.cpu_count()} CPU, Python {sys.version.split()[0]}; load average before {load[0]:.2f}, "
        f"after {os.getloadavg()[0]:.2f}; 2 processes run {cpu_reference():.2f}× as fast as 1 on pure "
        f"Python now; medians of {args.rounds} interleaved rounds; memory: peak of the summed RSS of "
        "all processes of a run; giar-gen byte-compiled as installed.",
        "",
        "| document | giar-gen | time | LibreOffice DOCX→PDF | giar-gen / LibreOffice | plain WeasyPrint "
        "| giar-gen / WeasyPrint | CPU time (giar-gen, LibreOffice, WeasyPrint) "
        "| peak memory (giar-gen, LibreOffice, WeasyPrint) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name in docs:
        lo = _median(results[(name, "libreoffice")]) if have_lo else None
        wp = _median(results[(name, "weasyprint")])
        for tool, label in (("pdf", "`build -f pdf`"), ("all", "`build` (all three)")):
            t, mem, cpu = _median(results[(name, tool)])
            lo_cells = (f"{lo[0]:.2f} s", f"{t / lo[0]:.2f}×") if lo else ("—", "—")
            wp_cells = (f"{wp[0]:.2f} s", f"{t / wp[0]:.2f}×") if tool == "pdf" else ("", "")
            mems = f"{mem:.0f} MB, {lo[1]:.0f} MB, {wp[1]:.0f} MB" if lo else f"{mem:.0f} MB, —, {wp[1]:.0f} MB"
            cpus = f"{cpu:.2f} s, {lo[2]:.2f} s, {wp[2]:.2f} s" if lo else f"{cpu:.2f} s, —, {wp[2]:.2f} s"
            lines.append(
                f"| {name} ({pages[name]} pages) | {label} | {t:.2f} s | {lo_cells[0]} | {lo_cells[1]} "
                f"| {wp_cells[0]} | {wp_cells[1]} | {cpus} | {mems} |"
            )
    if batch_results:
        lines += [
            "",
            f"| batch of {args.units} units | time | reports/s | CPU time per report | peak memory (all processes) |",
            "|---|---|---|---|---|",
        ]
        for (fmt, jobs), runs in batch_results.items():
            t, mem, cpu = _median(runs)
            label = "PDF" if fmt == "pdf" else "DOCX + PDF + HTML"
            lines.append(
                f"| {label}, `-j {jobs}` | {t:.1f} s | {args.units / t:.2f} | {cpu / args.units:.2f} s | {mem:.0f} MB |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
