"""Measuring a whole process for the benchmark scripts: wall time, CPU time, and the
peak resident memory of its whole process tree (sampled from /proc), plus how much
two cores give right now on pure Python arithmetic (to read ``-j 2`` against).

Shared by ``benchmark.py`` and ``bench_batch.py``; not part of giar-gen.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


def tree_rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in KiB (0 once it is gone)."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as f:
                    stack.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            pass
    return total


@dataclass
class Run:
    wall: float  # seconds
    rc: int
    tree_peak_kib: int  # sampled peak of the whole process tree
    usage: os.struct_rusage  # wait4's: CPU time of the process and the children it waited for, ru_maxrss
    stdout: str
    stderr: str  # empty when merged into stdout


def run_sampled(cmd: list[str], cwd: Path | None = None, *, interval: float = 0.01, merge: bool = False) -> Run:
    """Run ``cmd`` to the end, sampling its process tree's memory every ``interval`` s."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=out if merge else err, cwd=cwd, text=True)
        peak = [0]
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], tree_rss_kib(proc.pid))
                stop.wait(interval)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = rc = os.waitstatus_to_exitcode(status)
        stop.set()
        sampler.join()
        out.seek(0)
        err.seek(0)
        return Run(wall, rc, peak[0], usage, out.read(), err.read())


def _spin(n: int) -> int:
    s = 0
    for i in range(n):
        s += i * i
    return s


def cpu_reference(tasks: int = 6, size: int = 3_000_000) -> float:
    """Speed-up of 2 processes over 1 on pure Python arithmetic: what this machine
    can give at best right now (other load, shared cores)."""
    import concurrent.futures as cf

    t = time.perf_counter()
    for _ in range(tasks):
        _spin(size)
    serial = time.perf_counter() - t
    t = time.perf_counter()
    with cf.ProcessPoolExecutor(2) as pool:
        list(pool.map(_spin, [size] * tasks))
    return serial / (time.perf_counter() - t)
