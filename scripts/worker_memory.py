#!/usr/bin/env python3
"""Memory of one batch worker over many reports (issue 12: it must stay flat).

    python3 scripts/worker_memory.py                  # 1,000 distinct units, PDF
    python3 scripts/worker_memory.py --units 300 --formats docx,pdf,html

Runs in this process exactly what a pool worker of ``giar-gen build -j N`` runs
(:func:`giar_gen.batch.workers.prepare`, then ``build_file`` of report after
report through :func:`giar_gen.batch.workers.run`) over distinct generated units
(tests/unitgen.py), and prints the resident set size after report 20 and every
``--every`` reports after it, with the growth per report between report 20 and
the last. The resident set is read as the worker leaves it (no extra collection).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=1000)
    ap.add_argument("--formats", default="pdf")
    ap.add_argument("--every", type=int, default=100)
    args = ap.parse_args()
    from unitgen import write_units

    from giar_gen.api import build_file
    from giar_gen.batch import workers

    formats = tuple(args.formats.split(","))
    tmp = Path(tempfile.mkdtemp(prefix="giar-gen-worker-memory-"))
    try:
        files = write_units(tmp / "units", args.units)
        workers.prepare(formats)
        start = time.perf_counter()
        base = None
        points: list[tuple[int, float]] = []
        out = tmp / "out"

        def build(path: Path):
            return build_file(path, out, formats)

        for i, path in enumerate(files, 1):
            workers.run(build, path)
            shutil.rmtree(out, ignore_errors=True)
            if i == 20:
                base = rss_mb()
                points.append((i, base))
            elif base is not None and (i % args.every == 0 or i == len(files)):
                points.append((i, rss_mb()))
        wall = time.perf_counter() - start
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"one worker, {args.units} distinct units, {args.formats}: {wall:.1f} s ({args.units / wall:.2f} reports/s)")
    print("reports  " + "  ".join(f"{n:>6}" for n, _ in points))
    print("RSS, MB  " + "  ".join(f"{mb:6.1f}" for _, mb in points))
    (n0, m0), (n1, m1) = points[0], points[-1]
    print(
        f"growth after report {n0}: {m1 - m0:+.1f} MB over {n1 - n0} reports ({(m1 - m0) / (n1 - n0) * 1000:+.1f} kB per report)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
