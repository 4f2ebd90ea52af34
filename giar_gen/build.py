"""Build a report: load → compose → render each format → write atomically.

This is the layer the CLI calls; it knows nothing about terminals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .compose import compose
from .diagnostics import Diagnostic
from .document import Document
from .fontcheck import uncovered_diagnostic
from .loader import load_report
from .model import Report
from .output import write_atomic
from .writers import FORMATS


@dataclass(frozen=True)
class RenderOptions:
    """How the documents are rendered (the content is the same whatever these say).

    ``pdf_variant="pdf/a-2b"``: an archival PDF/A-2b; ``pdf_tags``: a tagged PDF
    (structure for screen readers); ``bold_subheadings``: "（一）" and "1." headings
    in bold in the PDF and HTML (a house habit, not GB/T 9704).
    """

    pdf_variant: str | None = None
    pdf_tags: bool = False
    bold_subheadings: bool = False


@dataclass
class BuildResult:
    source: Path
    report: Report
    written: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # the check findings, shown first
    status: int = 0  # 1 when the checks found errors (or warnings with ``strict``)
    refused: bool = False  # nothing rendered because of the findings


def render(doc: Document, fmt: str, options: RenderOptions | None = None) -> bytes:
    """The bytes of one format."""
    options = options or RenderOptions()
    if fmt == "html":
        from .writers.html import render_html

        return render_html(doc, bold_subheadings=options.bold_subheadings)
    if fmt == "pdf":
        from .writers.pdf import render_pdf

        return render_pdf(doc, **_pdf_options(options))
    if fmt == "docx":
        from .writers.docx import render_docx

        return render_docx(doc)
    raise ValueError(f"未知的输出格式：{fmt}")


def _pdf_options(options: RenderOptions) -> dict:
    return {"pdf_variant": options.pdf_variant, "pdf_tags": options.pdf_tags,
            "bold_subheadings": options.bold_subheadings}


def output_paths(source: Path, out_dir: Path | None, formats: tuple[str, ...]) -> dict[str, Path]:
    folder = out_dir if out_dir is not None else source.parent
    return {fmt: folder / f"{source.stem}.{fmt}" for fmt in formats}


def build_file(source: str | Path, out_dir: str | Path | None = None,
               formats: tuple[str, ...] = FORMATS, options: RenderOptions | None = None, *,
               previous: str | Path | None = None,
               force: bool = False, strict: bool = False) -> BuildResult:
    """Load ``source``, check it, and write the requested formats.

    The rule catalogue runs first (with ``previous``, last year's data file,
    for the cross-year rules); on errors (or warnings when ``strict``)
    nothing is written unless ``force``. Raises ``InputError``.
    The PDF is rendered in a forked process (``writers.pdf.BackgroundPdf``), started
    before the data is read: WeasyPrint loads there while this process reads and
    checks the data and writes the other formats.
    """
    source = Path(source)
    background = None
    if "pdf" in formats:
        from .writers.pdf import BackgroundPdf

        background = BackgroundPdf.take()  # None where fork is unavailable
    try:
        result, doc = _checked_document(source, previous, strict)
    except BaseException:
        if background is not None:
            background.close()
        raise
    if result.status and not force:
        if background is not None:
            background.close()
        result.refused = True
        return result
    missing = uncovered_diagnostic(doc.text(), source)  # F001: characters no font has
    if missing is not None:
        result.diagnostics.append(missing)
    options = options or RenderOptions()
    paths = output_paths(source, Path(out_dir) if out_dir is not None else None, formats)
    rendered = {fmt: render(doc, fmt, options) for fmt in formats
                if not (fmt == "pdf" and background is not None)}
    if background is not None:
        rendered["pdf"] = background.render(doc, **_pdf_options(options))
    for fmt in formats:
        write_atomic(paths[fmt], rendered[fmt],
                     protect=(source,) + ((Path(previous),) if previous is not None else ()))
        result.written.append(paths[fmt])
    return result


def _checked_document(source: Path, previous, strict: bool) -> tuple[BuildResult, Document]:
    from .checks import run_checks
    from .references import check_references

    report = load_report(source)
    check_references(report)
    last = load_report(previous) if previous is not None else None
    checked = run_checks(report, last)
    result = BuildResult(source=source, report=report, diagnostics=list(checked.findings),
                         status=checked.exit_status(strict))
    return result, compose(report)
