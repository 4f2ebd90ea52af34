"""Start the PDF's process before the command line is even parsed.

``giar-gen build report.yaml`` renders its PDF in a forked child
(:class:`giar_gen.writers.pdf_child.BackgroundPdf`) that imports WeasyPrint
while this process reads and checks the data. The earlier the fork, the sooner
the PDF is done: here it happens before giar-gen imports its own parser and
sub-commands (20–30 ms of a 0.6 s build), from a plain look at the arguments.

The look is deliberately narrow: the command is ``build``, the options are
``build``'s own (:data:`VALUE_OPTIONS` take a value, :data:`FLAGS` do not; a
test keeps both in step with the real parser), the formats include ``pdf`` and
there is exactly one input, an existing file. Anything else (an unknown or
abbreviated option, two inputs, a folder) starts nothing here; ``build`` then
decides as before, with the real parser, and stops a child it does not use. So
this can make a build faster, never make it behave differently.

Imports only the standard library, :mod:`giar_gen.writers` (the format names)
and :mod:`giar_gen.writers.pdf_child`.
"""

from __future__ import annotations

import os

#: ``build``'s options that take a value (as ``-o DIR``, ``-oDIR``, ``--output=DIR``)
VALUE_OPTIONS = frozenset({"-o", "--output", "-f", "--format", "--previous", "--font-dir", "-j", "--jobs", "--script"})
#: ``build``'s options that take none
FLAGS = frozenset(
    {
        "--force",
        "--strict",
        "--pdf-a",
        "--bold-subheadings",
        "--compare",
        "--infographic",
        "--no-cache",
        "--rebuild",
    }
)


def single_pdf_build(argv: list[str]) -> bool:
    """Whether ``argv`` (without the program name) is surely a ``build`` of one
    existing file with a PDF among its formats. False when in doubt."""
    if not argv or argv[0] != "build":
        return False
    inputs: list[str] = []
    formats: str | None = None
    args = iter(argv[1:])
    for arg in args:
        if arg == "--":
            inputs.extend(args)
            break
        if not arg.startswith("-") or arg == "-":
            inputs.append(arg)
            continue
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in FLAGS and not eq:
            continue
        if name not in VALUE_OPTIONS:
            short = arg[:2]  # -fpdf, -j2
            if arg.startswith("--") or short not in VALUE_OPTIONS:
                return False  # -h, --help, an abbreviation, a mistake: the real parser decides
            name, value, eq = short, arg[2:], "="
        if not eq:
            value = next(args, None)
            if value is None:
                return False
        if name in ("-f", "--format"):
            formats = value
    if len(inputs) != 1 or not os.path.isfile(inputs[0]):
        return False
    if formats is None:
        from giar_gen.writers import DEFAULT_FORMATS  # what ``build`` writes without ``-f``

        return "pdf" in DEFAULT_FORMATS
    return "pdf" in [f.strip().lower() for f in formats.split(",")]


def start_pdf_early(argv: list[str]) -> None:
    """Fork the PDF's process now if ``argv`` is a single report's PDF build
    (where forking is available; ``build`` takes the child over or stops it)."""
    try:
        wanted = single_pdf_build(argv)
    except (OSError, ValueError):  # e.g. a path the system refuses to look at
        return
    if wanted:
        from giar_gen.writers.pdf_child import BackgroundPdf

        BackgroundPdf.prestart()


__all__ = ["FLAGS", "VALUE_OPTIONS", "single_pdf_build", "start_pdf_early"]
