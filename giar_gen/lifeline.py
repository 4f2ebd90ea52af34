"""Processes that die with the build that started them, and scratch folders
that do not outlive it.

* :func:`die_with_parent` (called first thing in a batch worker and in the PDF
  child): on Linux the kernel kills the process when its parent dies
  (``prctl(PR_SET_PDEATHSIG, SIGKILL)``); elsewhere, and as a fallback, a
  watchdog thread exits when the parent process is gone. A ``kill -9`` of
  ``giar-gen build -j 2`` thus leaves no worker running.
* :func:`scratch_dir`: a per-process temporary folder
  (``$TMPDIR/giar-gen-<pid>-…``) that the temporary files of a build (the PDF's
  font subsets, WeasyPrint's own) go into, removed when the build ends; the
  folders of killed builds, whose process no longer exists, are removed the
  next time one starts.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

_PR_SET_PDEATHSIG = 1
_SCRATCH = re.compile(r"giar-gen-(\d+)-[^/]*$")


def die_with_parent(parent: int | None = None) -> None:
    """Make this process end when its parent (``parent``, default: the current one) ends."""
    parent = os.getppid() if parent is None else parent
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="giar-gen-lifeline", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep(base: Path | None = None) -> None:
    """Remove the scratch folders of giar-gen processes that no longer exist."""
    base = Path(base or tempfile.gettempdir())
    try:
        entries = list(base.iterdir())
    except OSError:
        return
    for entry in entries:
        m = _SCRATCH.match(entry.name)
        if m and int(m.group(1)) != os.getpid() and not _alive(int(m.group(1))):
            shutil.rmtree(entry, ignore_errors=True)


@contextlib.contextmanager
def scratch_dir():
    """A temporary folder of this process, made the default temporary folder
    (``tempfile.tempdir``) while the block runs, then removed."""
    base = Path(tempfile.gettempdir())
    sweep(base)
    folder = tempfile.mkdtemp(prefix=f"giar-gen-{os.getpid()}-", dir=base)
    before = tempfile.tempdir
    tempfile.tempdir = folder
    try:
        yield Path(folder)
    finally:
        tempfile.tempdir = before
        shutil.rmtree(folder, ignore_errors=True)
