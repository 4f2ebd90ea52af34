"""Limits on what giar-gen reads and shows, and the one way it reads a file.

A data file arrives from dozens of units and, in the editor, over HTTP: it is
untrusted input. Everything giar-gen reads goes through :func:`read_limited`,
which refuses what is not a regular file (a FIFO would block for ever,
``/dev/zero`` never ends) and what is larger than the limit of its kind, with
a message in Chinese, before reading more than the limit. The same limits are
listed in README.md (section "限制").
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

#: A data file (YAML) or a layout file: the largest real one is under 100 KB.
MAX_DATA_BYTES = 1024 * 1024
#: A published report read by ``check``/``import``/``init --from``: .html or .txt (real ones
#: are 10-500 KB), .docx (pictures included).
MAX_REPORT_BYTES = 4 * 1024 * 1024
MAX_DOCX_BYTES = 20 * 1024 * 1024
#: What the parts of a .docx may inflate to, together (a "zip bomb" inflates 1000-fold).
MAX_DOCX_INFLATED = 100 * 1024 * 1024
#: Characters in one paragraph, title or other text value of a data file (real reports:
#: under 500), characters of text in one report and paragraphs in one report (real
#: reports: under 10,000 and 200). The PDF's typesetting time grows with them.
MAX_PARAGRAPH_CHARS = 5_000
MAX_REPORT_CHARS = 200_000
MAX_PARAGRAPHS = 2_000
#: Cells in one row of a table written with "|" in a text file (official tables have at most 10).
MAX_ROW_CELLS = 100
#: Table cells in one published report (the three official tables have about 150).
MAX_TABLE_CELLS = 10_000
#: How much of a value or a source line a message quotes, and how many findings are printed.
EXCERPT_CHARS = 80
MAX_FINDINGS_SHOWN = 200


class LimitError(Exception):
    """A file that is not read: not a regular file, or too large. The message is in Chinese."""


def _size_text(n: int) -> str:
    return f"{n // 1024} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.0f} MB"


def read_limited(path: str | Path, limit: int, what: str = "文件") -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes.

    Raises :class:`LimitError` for anything else (a FIFO, a device, a file
    larger than ``limit``) and ``OSError`` when it cannot be opened or is a folder.
    A FIFO is never opened (opening one blocks until a writer comes).
    """
    path = Path(path)
    st = os.stat(path)
    if stat.S_ISDIR(st.st_mode):  # told like any file that cannot be read (the caller words the errno)
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
    if not stat.S_ISREG(st.st_mode):
        kind = (
            "管道（FIFO）"
            if stat.S_ISFIFO(st.st_mode)
            else "设备文件"
            if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
            else "特殊文件"
        )
        raise LimitError(f"「{path}」是{kind}，不是普通文件，未读取")
    if st.st_size > limit:
        raise LimitError(f"{what}「{path}」有 {_size_text(st.st_size)}，超过上限 {_size_text(limit)}，未读取")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # replaced since the stat above
            raise LimitError(f"「{path}」不是普通文件，未读取")
        data = f.read(limit + 1)
    if len(data) > limit:  # grew while being read
        raise LimitError(f"{what}「{path}」超过上限 {_size_text(limit)}，未读取")
    return data


def clip(text: object, limit: int = EXCERPT_CHARS) -> str:
    """``text`` cut to ``limit`` characters, with "…" when cut."""
    s = str(text)
    return s if len(s) <= limit else s[:limit] + "…"
