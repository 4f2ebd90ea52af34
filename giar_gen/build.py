"""Build a report: load → compose → render each format → write atomically.

This is the layer the CLI calls; it knows nothing about terminals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .compose import compose
from .diagnostics import Diagnostic
from .document import Document
from .loader import load_report
from .model import Report
from .output import write_atomic
from .writers import FORMATS


@dataclass
class BuildResult:
    source: Path
    report: Report
    written: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # the check findings, shown first
    status: int = 0  # 1 when the checks found errors (or warnings with ``strict``)
    refused: bool = False  # nothing rendered because of the findings


def render(doc: Document, fmt: str) -> bytes:
    """The bytes of one format."""
    if fmt == "html":
        from .writers.html import render_html

        return render_html(doc)
    if fmt == "pdf":
        from .writers.pdf import render_pdf

        return render_pdf(doc)
    if fmt == "docx":
        from .writers.docx import render_docx

        return render_docx(doc)
    raise ValueError(f"未知的输出格式：{fmt}")


def output_paths(source: Path, out_dir: Path | None, formats: tuple[str, ...]) -> dict[str, Path]:
    folder = out_dir if out_dir is not None else source.parent
    return {fmt: folder / f"{source.stem}.{fmt}" for fmt in formats}


def build_file(source: str | Path, out_dir: str | Path | None = None,
               formats: tuple[str, ...] = FORMATS, *, previous: str | Path | None = None,
               force: bool = False, strict: bool = False) -> BuildResult:
    """Load ``source``, check it, and write the requested formats.

    The rule catalogue runs first (with ``previous``, last year's data file,
    for the cross-year rules); on errors (or warnings when ``strict``)
    nothing is written unless ``force``. Raises ``InputError``.
    """
    from .checks import run_checks
    from .references import check_references

    source = Path(source)
    report = load_report(source)
    check_references(report)
    last = load_report(previous) if previous is not None else None
    checked = run_checks(report, last)
    result = BuildResult(source=source, report=report, diagnostics=list(checked.findings),
                         status=checked.exit_status(strict))
    if result.status and not force:
        result.refused = True
        return result
    doc = compose(report)
    paths = output_paths(source, Path(out_dir) if out_dir is not None else None, formats)
    rendered = {fmt: render(doc, fmt) for fmt in formats}
    for fmt, data in rendered.items():
        write_atomic(paths[fmt], data, protect=(source,) + ((Path(previous),) if previous is not None else ()))
        result.written.append(paths[fmt])
    return result
