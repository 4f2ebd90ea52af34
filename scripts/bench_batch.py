#!/usr/bin/env python3
"""Benchmark of batch builds and 汇总 (issue 7).

    python3 scripts/bench_batch.py                 # 1,000 units, HTML; 40 of them as PDF
    python3 scripts/bench_batch.py --count 200 --pdf-count 10 --keep /tmp/bench

1. Generates ``--count`` valid unit data files (tests/unitgen.py) in a temporary folder.
2. Builds them to HTML with ``giar-gen build -j 1`` and ``-j 2`` (each run a fresh
   ``giar-gen`` process, cache off), and ``--pdf-count`` of them to PDF likewise.
   Reports wall time, files per second, the speed-up of -j 2 over -j 1, and the
   peak memory: the largest resident set of one process, and the peak of the sum over
   the process tree (sampled from /proc every 20 ms).
3. Times ``aggregate`` over all units: loading them, then adding up, writing the
   summary's tables and the reconciliation CSV (the part that must stay well under
   a second).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from proctree import cpu_reference, run_sampled  # noqa: E402
from unitgen import write_units  # noqa: E402


def run_measured(cmd: list[str]) -> dict:
    """Run ``cmd``; wall time, exit status, peak RSS of the process tree (sampled)
    and of its largest single process (``wait4``'s ru_maxrss covers the descendants)."""
    run = run_sampled(cmd, interval=0.02)
    return {
        "wall": run.wall,
        "rc": run.rc,
        "tree_peak_mib": run.tree_peak_kib / 1024,
        "process_peak_mib": run.usage.ru_maxrss / 1024,
        "stdout": run.stdout,
        "stderr": run.stderr,
    }


def bench_build(folder: Path, out: Path, fmt: str, jobs: int) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [
        sys.executable,
        "-m",
        "giar_gen.cli",
        "build",
        str(folder),
        "-o",
        str(out),
        "-f",
        fmt,
        "-j",
        str(jobs),
        "--no-cache",
    ]
    r = run_measured(cmd)
    if r["rc"] != 0:
        sys.stderr.write(r["stdout"][-2000:] + r["stderr"][-2000:])
        raise SystemExit(f"build failed with status {r['rc']}")
    return r


def bench_aggregate(paths: list[Path], tmp: Path) -> dict:
    from giar_gen.batch.aggregate import aggregate, generated_block, reconciliation_csv
    from giar_gen.source.loader import load_report

    t0 = time.perf_counter()
    units = [load_report(p) for p in paths]
    t1 = time.perf_counter()
    agg = aggregate(units)
    t2 = time.perf_counter()
    block = generated_block(agg, "bench-对账表.csv")
    t3 = time.perf_counter()
    csv_bytes = reconciliation_csv(agg)
    t4 = time.perf_counter()
    (tmp / "bench-对账表.csv").write_bytes(csv_bytes)
    return {
        "load": t1 - t0,
        "sum": t2 - t1,
        "yaml": t3 - t2,
        "csv": t4 - t3,
        "beyond": t4 - t1,
        "units": len(units),
        "csv_kib": len(csv_bytes) / 1024,
        "yaml_lines": block.count("\n"),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=1000, help="unit files to generate (default 1000)")
    ap.add_argument("--pdf-count", type=int, default=40, help="of which built as PDF (default 40)")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (default: a temporary folder)")
    args = ap.parse_args()

    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="giar-gen-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        units_dir = tmp / "units"
        shutil.rmtree(units_dir, ignore_errors=True)
        t = time.perf_counter()
        paths = write_units(units_dir, args.count)
        load = os.getloadavg()
        print(
            f"machine: {os.cpu_count()} processors, Python {sys.version.split()[0]}, "
            f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
        )
        print(f"reference: 2 processes on pure Python arithmetic run {cpu_reference(8, 4_000_000):.2f}× as fast as 1")
        print(f"generated {len(paths)} unit files in {time.perf_counter() - t:.1f} s ({units_dir})")

        pdf_dir = tmp / "units-pdf"
        shutil.rmtree(pdf_dir, ignore_errors=True)
        pdf_dir.mkdir()
        for p in paths[: args.pdf_count]:
            shutil.copy(p, pdf_dir / p.name)

        rows = []
        for fmt, folder, n in (("html", units_dir, len(paths)), ("pdf", pdf_dir, args.pdf_count)):
            base = None
            for jobs in (1, 2):
                r = bench_build(folder, tmp / f"out-{fmt}-{jobs}", fmt, jobs)
                base = base or r["wall"]
                rows.append(
                    (
                        fmt,
                        n,
                        jobs,
                        r["wall"],
                        n / r["wall"],
                        base / r["wall"],
                        r["tree_peak_mib"],
                        r["process_peak_mib"],
                    )
                )
        print()
        print(
            f"{'format':6} {'files':>6} {'-j':>3} {'wall s':>8} {'files/s':>8} {'speed-up':>8} "
            f"{'peak tree MiB':>14} {'peak 1 proc MiB':>16}"
        )
        for fmt, n, jobs, wall, rate, speed, tree, one in rows:
            print(f"{fmt:6} {n:6d} {jobs:3d} {wall:8.1f} {rate:8.1f} {speed:8.2f} {tree:14.0f} {one:16.0f}")

        print(f"reference again: {cpu_reference(8, 4_000_000):.2f}×, load average {os.getloadavg()[0]:.2f}")
        a = bench_aggregate(paths, tmp)
        print()
        print(
            f"aggregate {a['units']} units: loading {a['load']:.2f} s "
            f"({a['load'] / a['units'] * 1000:.1f} ms per unit); beyond loading {a['beyond']:.3f} s "
            f"(adding up {a['sum']:.3f} s, summary tables {a['yaml']:.3f} s, "
            f"reconciliation CSV {a['csv']:.3f} s, {a['csv_kib']:.0f} KiB)"
        )
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
