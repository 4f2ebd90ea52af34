"""Writing output files safely: to a temporary file first, then renamed into place.

A crash or a full disk never leaves a half-written report, and an output path
that is the input file itself is refused.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputError(Exception):
    pass


def write_atomic(path: Path, data: bytes, *, protect: tuple[Path, ...] = ()) -> None:
    """Write ``data`` to ``path`` atomically; never over a file in ``protect``."""
    path = Path(path)
    for p in protect:
        try:
            if path.resolve() == Path(p).resolve():
                raise OutputError(f"输出文件「{path}」就是输入文件，拒绝覆盖")
        except OSError:
            pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
