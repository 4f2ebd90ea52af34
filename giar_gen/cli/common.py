"""What every command shares: exit statuses, printing diagnostics, file sizes."""

from __future__ import annotations

import sys
from pathlib import Path

from giar_gen.diagnostics import Diagnostic, format_diagnostics

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def _print_diagnostics(diags: list[Diagnostic], stream=None) -> None:
    stream = stream or sys.stderr
    if diags:
        print(format_diagnostics(diags), file=stream)


def _size(path: Path) -> str:
    n = path.stat().st_size
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"
