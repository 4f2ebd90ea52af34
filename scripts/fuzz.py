"""Run the issue-11 fuzzing harness for many cases and print its figures.

    python3 scripts/fuzz.py --cases 10000 -j 2 [--seed 1] [--timeout 30] [--show 5]

Each case (see ``tests/fuzz_harness.py``) is a giar-gen command on a mutated data
file or a made-up published report, run in-process. Counted: crashes (exit status
other than 0, 1, 2, or a traceback / internal error), hangs (a case running longer
than ``--timeout`` seconds), English or Python-repr messages, input errors
without a line, files written on exit 2. The first few cases of each kind are
printed with their command and output, to reproduce them.
"""

from __future__ import annotations

import argparse
import multiprocessing
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


class Hang(Exception):
    pass


def _kind(problem: str) -> str:
    for prefix, kind in (
        ("exit", "crash"),
        ("traceback", "crash"),
        ("English", "English"),
        ("Python value", "repr"),
        ("input error without", "unlocated"),
        ("written", "written"),
    ):
        if problem.startswith(prefix):
            return kind
    return "other"


def _worker(args: tuple[int, int, int]) -> tuple[Counter, list]:
    seed, n, timeout = args
    import os

    os.environ.setdefault("GIAR_GEN_SERIAL", "1")  # no PDF child: cases build no PDF anyway
    from fuzz_harness import case, inputs_text, run_case, verdict
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hseed

    counts: Counter = Counter()
    examples: list = []

    def on_alarm(signum, frame):
        raise Hang()

    signal.signal(signal.SIGALRM, on_alarm)

    @hseed(seed)
    @settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(c=case())
    def one(c):
        counts["cases"] += 1
        with tempfile.TemporaryDirectory() as tmp:
            signal.alarm(timeout)
            try:
                rc, text, written = run_case(c, Path(tmp))
                problems = verdict(rc, text, written, inputs_text(c))
            except Hang:
                rc, text, problems = -1, "", ["hang"]
            except BaseException as exc:
                rc, text, problems = -1, repr(exc), ["exit (exception escaped)"]
            finally:
                signal.alarm(0)
        counts[f"exit {rc}"] += 1
        kinds = {"hang" if p == "hang" else _kind(p) for p in problems}
        for k in kinds:
            counts[k] += 1
            if sum(1 for e in examples if e[0] == k) < 5:
                examples.append((k, c.argv, dict(c.files), problems, text[:3000]))

    one()
    return counts, examples


def main() -> int:
    p = argparse.ArgumentParser(description="giar-gen fuzzing (issue 11)")
    p.add_argument("--cases", type=int, default=10_000)
    p.add_argument("-j", "--jobs", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--timeout", type=int, default=30)
    p.add_argument("--show", type=int, default=3, help="cases shown per kind of problem")
    p.add_argument("--save", metavar="DIR", help="write the failing cases' files here")
    a = p.parse_args()
    start = time.perf_counter()
    per = [a.cases // a.jobs + (1 if i < a.cases % a.jobs else 0) for i in range(a.jobs)]
    tasks = [(a.seed * 1000 + i, n, a.timeout) for i, n in enumerate(per)]
    with multiprocessing.get_context("fork").Pool(a.jobs) as pool:
        results = pool.map(_worker, tasks)
    total: Counter = Counter()
    examples: list = []
    for counts, ex in results:
        total.update(counts)
        examples.extend(ex)
    secs = time.perf_counter() - start
    print(
        f"cases: {total['cases']}  crashes: {total['crash']}  hangs: {total['hang']}  "
        f"English: {total['English']}  Python repr: {total['repr']}  unlocated: {total['unlocated']}  "
        f"written on exit 2: {total['written']}  other: {total['other']}  ({secs:.0f} s)"
    )
    print("exit statuses: " + "  ".join(f"{k[5:]}: {v}" for k, v in sorted(total.items()) if k.startswith("exit ")))
    shown: Counter = Counter()
    for k, argv, files, problems, text in examples:
        if shown[k] >= a.show:
            continue
        shown[k] += 1
        print(f"\n== {k}: {' '.join(argv)}\n{problems}\n{text[:1500]}")
        if a.save:
            folder = Path(a.save) / f"{k}-{shown[k]}"
            folder.mkdir(parents=True, exist_ok=True)
            for name, data in files.items():
                (folder / name).write_bytes(data)
            (folder / "argv.txt").write_text(" ".join(argv) + "\n", encoding="utf-8")
    bad = sum(total[k] for k in ("crash", "hang", "English", "repr", "unlocated", "written"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
