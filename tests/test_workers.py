"""Warm batch workers: WeasyPrint once per process, flat memory, nothing left behind."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from unitgen import write_units

from giar_gen.batch import workers
from giar_gen.writers.pdf_child import BackgroundPdf

ROOT = Path(__file__).resolve().parents[1]


def test_serial_batch_renders_in_process_and_restores(tmp_path):
    class Job:
        formats = ("html",)

    seen = []
    with workers.serial([Job(), Job()]) as run_one:
        assert BackgroundPdf.enabled is False  # no forked child per report
        seen.append(run_one(lambda job: job.formats, Job()))
    assert BackgroundPdf.enabled is True
    with workers.serial([Job()]) as run_one:  # one report: its PDF child pays
        assert BackgroundPdf.enabled is True
        seen.append(run_one(lambda job: "one", Job()))
    assert seen == [("html",), "one"]


def test_memory_stays_flat_and_no_font_copies_are_left(tmp_path):
    """Build the same four reports again and again in a fresh warm process: the
    resident set grows by less than 0.2 MB per report (0.35 MB before WeasyPrint's
    font configuration was released; each newly built document still leaves
    about 0.1 MB, cause not found), and
    WeasyPrint's temporary font folders are all removed."""
    units = write_units(tmp_path / "units", 4, seed=5)
    fonts_tmp = tmp_path / "tmp"
    fonts_tmp.mkdir()
    code = textwrap.dedent(f"""
        import tempfile
        tempfile.tempdir = {str(fonts_tmp)!r}
        import gc
        from giar_gen.batch.workers import _release, prepare, run
        from giar_gen.api import build_file
        prepare(("pdf",))
        units = {[str(u) for u in units]!r}
        def rss():
            for line in open("/proc/self/status"):
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) / 1024
        for i in range(8):
            run(lambda p: build_file(p, {str(tmp_path / "out")!r}, ("pdf",), force=True), units[i % 4])
        gc.collect(); _release()
        before = rss()
        n = 24
        for i in range(n):
            run(lambda p: build_file(p, {str(tmp_path / "out")!r}, ("pdf",), force=True), units[i % 4])
        gc.collect(); _release()
        print((rss() - before) / n)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert out.returncode == 0, out.stderr
    growth = float(out.stdout.strip())
    assert growth < 0.2, f"{growth:.3f} MB per report"
    assert list(fonts_tmp.iterdir()) == []
