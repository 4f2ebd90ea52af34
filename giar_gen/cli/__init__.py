"""The ``giar-gen`` command line.

:func:`run` is the command (``giar-gen …``, ``python -m giar_gen.cli …``). It
imports nothing before it has looked at the arguments: when they ask for one
report's PDF, the PDF's process is forked first (:mod:`giar_gen.cli.early`), so
that WeasyPrint loads while this process imports the rest. The parser, the
sub-commands and :func:`main` live in :mod:`giar_gen.cli.app`; ``from
giar_gen.cli import main`` still works.
"""

from __future__ import annotations

import sys


def run() -> None:
    """``giar-gen``: the PDF process started early where it pays, :func:`main`,
    then a quick exit (:func:`giar_gen.cli.app.finish`)."""
    try:
        _closed_streams_to_null()
        from giar_gen.cli.early import start_pdf_early

        start_pdf_early(sys.argv[1:])
        from giar_gen.cli.app import finish, main
    except KeyboardInterrupt:  # Ctrl-C before the command has even started
        print("已中断。", file=sys.stderr)
        sys.exit(130)
    finish(main())


def _closed_streams_to_null() -> None:
    """Standard output or error closed when the command started (``>&-``,
    ``2>&-``): every message would fail (Python has no stream, or one whose
    writes fail). The descriptor is pointed at the null device instead, which
    also keeps a file the build opens from taking descriptor 1 or 2 (and so from
    receiving its messages)."""
    import os

    for fd, name in ((1, "stdout"), (2, "stderr")):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        to_null(fd)
        if getattr(sys, name) is None:
            setattr(sys, name, open(fd, "w", encoding="utf-8", errors="backslashreplace", closefd=False))


def to_null(fd: int) -> None:
    """Point descriptor ``fd`` at the null device (what is written to it is dropped)."""
    import os

    null = os.open(os.devnull, os.O_WRONLY)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)


def __getattr__(name: str):
    """``main``, ``parser``, ``COMMANDS`` and the rest of :mod:`giar_gen.cli.app`,
    imported when first asked for."""
    if name.startswith("__") or name in ("app", "early"):
        raise AttributeError(name)
    from importlib import import_module

    return getattr(import_module("giar_gen.cli.app"), name)
