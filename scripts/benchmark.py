#!/usr/bin/env python3
"""Benchmark ``giar-gen build``: wall time, peak memory and size per format.

For every examples/*.yaml this runs, each in a fresh process and best of
``--repeat`` runs:

- ``giar-gen build FILE -f docx``, ``-f pdf``, ``-f html`` and all three at once;
- the same PDF rendered the naive way: the full bundled font files handed to
  WeasyPrint, which then subsets them itself: with fontTools (as on a machine
  without the libharfbuzz-subset shared library) and, if that library is
  installed here, with hb-subset;
- the PDF render alone inside one process (``render_pdf``): first call, and the
  best of the next calls.

Wall time is the whole process (Python start-up and imports included). Memory
is the peak resident set size: of the largest single process (``wait4``), and of
all the build's processes together (sampled from /proc every 5 ms; the build
renders the PDF in a forked child when it writes several formats).

Usage: python scripts/benchmark.py [--repeat N] [--examples GLOB] [--no-naive]
No assertion is made: the table is for reading (targets on a 2-core machine:
PDF render < 0.6 s, all three formats < 1.5 s, peak memory < 300 MB, PDF < 300 KB).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NAIVE = r"""
import sys, logging
from giar_gen.source.loader import load_report
from giar_gen.document.compose import compose
from giar_gen.fonts import font_face_css
from giar_gen.writers.html import render_html, stylesheet
import weasyprint
import weasyprint.pdf.fonts
logging.getLogger("weasyprint").setLevel(logging.ERROR)
if sys.argv[3] == "fonttools":  # as on a machine without libharfbuzz-subset
    weasyprint.pdf.fonts.harfbuzz_subset = None
doc = compose(load_report(sys.argv[1]))
css = stylesheet("print.css") + font_face_css()  # the full bundled font files
html = render_html(doc, extra_css=css, media="print").decode("utf-8")
weasyprint.HTML(string=html, base_url=None).write_pdf(sys.argv[2])
"""

IN_PROCESS = r"""
import sys, time
from giar_gen.source.loader import load_report
from giar_gen.document.compose import compose
from giar_gen.writers.pdf import render_pdf
import weasyprint
doc = compose(load_report(sys.argv[1]))
times = []
for _ in range(int(sys.argv[2]) + 1):
    t = time.perf_counter()
    render_pdf(doc)
    times.append(time.perf_counter() - t)
print(times[0], min(times[1:]))
"""


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB (Linux)."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            pass
    return total


def measure(cmd: list[str]) -> tuple[float, int, int, str]:
    """(wall seconds, peak RSS of the largest process KiB, peak RSS of the whole tree
    KiB, stdout) of one run of ``cmd``."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    peak_tree = 0
    done = threading.Event()

    def sample():
        nonlocal peak_tree
        while not done.is_set():
            peak_tree = max(peak_tree, _tree_rss_kb(proc.pid))
            time.sleep(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    out = proc.stdout.read().decode()
    err = proc.stderr.read().decode()
    proc.stdout.close()
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0,):
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss, max(peak_tree, usage.ru_maxrss), out


def best(cmd: list[str], repeat: int) -> tuple[float, int, int, str]:
    runs = [measure(cmd) for _ in range(repeat)]
    return (min(r[0] for r in runs), max(r[1] for r in runs), max(r[2] for r in runs), runs[-1][3])


def giar_gen() -> list[str]:
    exe = shutil.which("giar-gen", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "giar_gen.cli"]


def _subsetters() -> list[str]:
    """How WeasyPrint can subset fonts here: fontTools always, hb-subset if the
    libharfbuzz-subset shared library is installed."""
    probe = "from weasyprint.text.ffi import harfbuzz_subset as h; print(bool(h))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout
    return ["fonttools", "hb-subset"] if out.strip() == "True" else ["fonttools"]


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def mb(kib: int) -> str:
    return f"{kib / 1024:.0f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement (best is kept)")
    ap.add_argument("--examples", default="examples/*.yaml", help="glob, relative to the repository")
    ap.add_argument("--no-naive", action="store_true", help="skip the naive PDF rendering")
    args = ap.parse_args()
    examples = sorted(ROOT.glob(args.examples))
    if not examples:
        print(f"no example matches {args.examples}", file=sys.stderr)
        return 2
    print(f"machine: {os.cpu_count()} CPU(s); Python {sys.version.split()[0]}; best of {args.repeat}")
    header = ("example", "format", "wall s", "RSS MB", "all MB", "size KB")
    rows = []
    notes = []
    with tempfile.TemporaryDirectory(prefix="giar-gen-bench-") as tmp:
        for ex in examples:
            name = ex.stem[:24]
            for fmt in ("docx", "pdf", "html", "docx,pdf,html"):
                out = Path(tmp) / fmt.replace(",", "-")
                wall, rss, tree, _ = best([*giar_gen(), "build", str(ex), "-f", fmt, "-o", str(out), "--no-cache"],
                                          args.repeat)
                size = sum(p.stat().st_size for p in out.glob(ex.stem + ".*"))
                rows.append((name, "all three" if "," in fmt else fmt, f"{wall:.2f}", mb(rss), mb(tree),
                             f"{size / 1024:.0f}"))
            for subsetter in () if args.no_naive else _subsetters():
                target = Path(tmp) / "naive.pdf"
                wall, rss, tree, _ = best([sys.executable, "-c", NAIVE, str(ex), str(target), subsetter],
                                          max(1, min(args.repeat, 2)))
                rows.append((name, f"pdf naive ({subsetter})", f"{wall:.2f}", mb(rss), mb(tree),
                             f"{target.stat().st_size / 1024:.0f}"))
            _, _, _, out = best([sys.executable, "-c", IN_PROCESS, str(ex), str(args.repeat)], 1)
            first, warm = (float(x) for x in out.split())
            notes.append(f"{name}: render_pdf in-process {first:.2f} s first call, {warm:.2f} s after")
    widths = [max(_width(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = "  ".join(_pad(h, w) for h, w in zip(header, widths))
    print(line)
    print("-" * _width(line))
    for r in rows:
        print("  ".join(_pad(str(c), w) for c, w in zip(r, widths)))
    print()
    for n in notes:
        print(n)
    print("RSS MB: the largest process; all MB: all of the build's processes together.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
