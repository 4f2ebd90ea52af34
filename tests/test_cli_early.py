"""The PDF's process started before the command line is parsed (giar_gen.cli.early):
only for a plain single-report PDF build, in step with the real parser."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from giar_gen.cli import parser
from giar_gen.cli.early import FLAGS, VALUE_OPTIONS, single_pdf_build
from giar_gen.writers import DEFAULT_FORMATS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "2023-示例区市场监督管理局.yaml")


def _build_parser():
    sub = next(a for a in parser()._actions if a.dest == "command")
    return sub.choices["build"]


def test_the_option_tables_are_builds_own():
    build = _build_parser()
    flags, values = set(), set()
    for action in build._actions:
        if "-h" in action.option_strings:
            continue
        (flags if action.nargs == 0 else values).update(action.option_strings)
    assert flags == FLAGS
    assert values == VALUE_OPTIONS
    assert build.get_default("format").split(",") == list(DEFAULT_FORMATS)


PLAIN = [
    ["build", EXAMPLE],
    ["build", EXAMPLE, "-f", "pdf"],
    ["build", "-fpdf", EXAMPLE],
    ["build", "--format=docx,PDF", EXAMPLE, "--force"],
    ["build", EXAMPLE, "-o", "out", "-j", "2", "--no-cache", "--strict"],
    ["build", "--output=out", "-j1", "--script", "s2t", "--", EXAMPLE],
    ["build", EXAMPLE, "--previous", EXAMPLE, "--compare", "--infographic", "--pdf-a", "--bold-subheadings"],
]
NOT_PLAIN = [
    [],
    ["check", EXAMPLE],
    ["build"],
    ["build", EXAMPLE, EXAMPLE],  # two reports: a batch
    ["build", str(ROOT / "examples")],  # a folder
    ["build", "无此文件.yaml"],
    ["build", EXAMPLE, "-f", "html,docx"],
    ["build", EXAMPLE, "--form", "pdf"],  # an abbreviation: the real parser decides
    ["build", EXAMPLE, "--xyz"],
    ["build", EXAMPLE, "-h"],
    ["build", EXAMPLE, "-o"],  # a value missing
    ["build", EXAMPLE, "--force=yes"],
]


@pytest.mark.parametrize("argv", PLAIN)
def test_a_plain_single_pdf_build_is_recognised_as_the_parser_reads_it(argv):
    assert single_pdf_build(argv)
    args = parser().parse_args(argv)  # and the real parser agrees
    assert len(args.inputs) == 1 and os.path.isfile(args.inputs[0])
    assert "pdf" in args.format.lower().split(",")


@pytest.mark.parametrize("argv", NOT_PLAIN)
def test_anything_else_starts_nothing_early(argv):
    assert not single_pdf_build(argv)


def test_the_child_is_forked_before_the_command_line_is_imported(tmp_path):
    """Run as ``giar-gen`` runs: the fork comes before giar_gen.cli.app is imported,
    and the build takes that child (one fork, not two)."""
    program = (
        "import sys\n"
        f"sys.argv = ['giar-gen', 'build', {EXAMPLE!r}, '-o', {str(tmp_path)!r}, '-f', 'pdf']\n"
        "from giar_gen.writers.pdf_child import BackgroundPdf\n"
        "seen = []\n"
        "original = BackgroundPdf.__init__\n"
        "def counting(self):\n"
        "    seen.append('giar_gen.cli.app' in sys.modules)\n"
        "    original(self)\n"
        "BackgroundPdf.__init__ = counting\n"
        "import atexit\n"
        "atexit.register(lambda: print('forks', seen, file=sys.stderr))\n"
        "from giar_gen.cli import run\n"
        "run()\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "forks [False]" in done.stderr
    assert (tmp_path / (Path(EXAMPLE).stem + ".pdf")).read_bytes().startswith(b"%PDF")
