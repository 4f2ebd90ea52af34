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
    from giar_gen.cli.early import start_pdf_early

    start_pdf_early(sys.argv[1:])
    from giar_gen.cli.app import finish, main

    finish(main())


def __getattr__(name: str):
    """``main``, ``parser``, ``COMMANDS`` and the rest of :mod:`giar_gen.cli.app`,
    imported when first asked for."""
    if name.startswith("__") or name in ("app", "early"):
        raise AttributeError(name)
    from importlib import import_module

    return getattr(import_module("giar_gen.cli.app"), name)
