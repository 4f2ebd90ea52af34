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
    diagnostics: list[Diagnostic] = field(default_factory=list)


def render(doc: Document, fmt: str, options: RenderOptions | None = None) -> bytes:
    """The bytes of one format."""
    options = options or RenderOptions()
    if fmt == "html":
        from .writers.html import render_html

        return render_html(doc, bold_subheadings=options.bold_subheadings)
    if fmt == "pdf":
        from .writers.pdf import render_pdf

        return render_pdf(doc, pdf_variant=options.pdf_variant, pdf_tags=options.pdf_tags,
                          bold_subheadings=options.bold_subheadings)
    if fmt == "docx":
        from .writers.docx import render_docx

        return render_docx(doc)
    raise ValueError(f"未知的输出格式：{fmt}")


def output_paths(source: Path, out_dir: Path | None, formats: tuple[str, ...]) -> dict[str, Path]:
    folder = out_dir if out_dir is not None else source.parent
    return {fmt: folder / f"{source.stem}.{fmt}" for fmt in formats}


def build_file(source: str | Path, out_dir: str | Path | None = None,
               formats: tuple[str, ...] = FORMATS,
               options: RenderOptions | None = None) -> BuildResult:
    """Load ``source`` and write the requested formats. Raises ``InputError``."""
    source = Path(source)
    background = None
    if "pdf" in formats and len(formats) > 1:
        from .writers.pdf import BackgroundPdf

        background = BackgroundPdf.take()  # the PDF on a second core (None: not on this OS)
    try:
        report = load_report(source)
        result = BuildResult(source=source, report=report)
        doc = compose(report)
    except BaseException:
        if background is not None:
            background.close()
        raise
    missing = uncovered_diagnostic(doc.text(), source)  # F001: characters no font has
    if missing is not None:
        result.diagnostics.append(missing)
    paths = output_paths(source, Path(out_dir) if out_dir is not None else None, formats)
    rendered = {fmt: render(doc, fmt, options) for fmt in formats if not (fmt == "pdf" and background)}
    if background is not None:
        options = options or RenderOptions()
        rendered["pdf"] = background.render(
            doc, pdf_variant=options.pdf_variant, pdf_tags=options.pdf_tags,
            bold_subheadings=options.bold_subheadings)
    for fmt in formats:
        write_atomic(paths[fmt], rendered[fmt], protect=(source,))
        result.written.append(paths[fmt])
    return result
