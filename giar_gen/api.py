"""Build a report: load → compose → render each format → write atomically.

This is the layer the CLI calls; it knows nothing about terminals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from giar_gen.document.compose import compose
from giar_gen.diagnostics import Diagnostic
from giar_gen.document.tree import Document
from giar_gen.fonts.coverage import uncovered_diagnostic
from giar_gen.source.loader import load_report
from giar_gen.model.report import Report
from giar_gen.output import write_atomic
from giar_gen.writers import DEFAULT_FORMATS

#: Formats the 图解 page is written in (it is a drawing: no DOCX, no open data).
INFOGRAPHIC_FORMATS = ("html", "pdf")
INFOGRAPHIC_SUFFIX = "-图解"


@dataclass(frozen=True)
class RenderOptions:
    """How the documents are rendered (the content is the same whatever these say).

    ``pdf_variant="pdf/a-2b"``: an archival PDF/A-2b; ``pdf_tags``: a tagged PDF
    (structure for screen readers); ``bold_subheadings``: "（一）" and "1." headings
    in bold in every format (a house habit, not GB/T 9704; off by default).
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
        from giar_gen.writers.html import render_html

        return render_html(doc, bold_subheadings=options.bold_subheadings)
    if fmt == "pdf":
        from giar_gen.writers.pdf import render_pdf

        return render_pdf(doc, **_pdf_options(options))
    if fmt == "docx":
        from giar_gen.writers.docx import render_docx

        return render_docx(doc, bold_subheadings=options.bold_subheadings)
    if fmt == "json":
        from giar_gen.writers.opendata import render_json

        return render_json(doc.data)
    if fmt == "csv":
        from giar_gen.writers.opendata import render_csv

        return render_csv(doc.data)
    raise ValueError(f"未知的输出格式：{fmt}")


def _pdf_options(options: RenderOptions) -> dict:
    return {"pdf_variant": options.pdf_variant, "pdf_tags": options.pdf_tags,
            "bold_subheadings": options.bold_subheadings}


#: Formats whose text is in the chosen script (the open data keeps the official labels).
TEXT_FORMATS = ("docx", "pdf", "html")


def output_paths(source: Path, out_dir: Path | None, formats: tuple[str, ...], suffix: str = "") -> dict[str, Path]:
    """Where each format goes: ``out_dir`` (default: beside the source), the
    source's name with ``suffix`` (e.g. ``.zh-Hant`` for traditional output;
    not for the open-data formats, which are the same in every script)."""
    folder = out_dir if out_dir is not None else source.parent
    return {fmt: folder / f"{source.stem}{suffix if fmt in TEXT_FORMATS else ''}.{fmt}" for fmt in formats}


def build_file(source: str | Path, out_dir: str | Path | None = None,
               formats: tuple[str, ...] = DEFAULT_FORMATS, options: RenderOptions | None = None, *,
               previous: str | Path | None = None,
               force: bool = False, strict: bool = False, script: str | None = None,
               compare: bool = False, infographic: bool = False) -> BuildResult:
    """Load ``source``, check it, and write the requested formats.

    The rule catalogue runs first (with ``previous``, last year's data file,
    for the cross-year rules); on errors (or warnings when ``strict``)
    nothing is written unless ``force``. Raises ``InputError``.

    ``compare``: add the comparison of key figures with ``previous`` before
    the signature (the 图解 shows last year's figures whenever ``previous`` is
    given). ``script``: simplified (default) or a traditional variant (see
    :mod:`giar_gen.writers.script`; overrides the file's ``文字``). ``infographic``:
    also write the 图解 page (HTML/PDF among ``formats``). ``options``: see
    :class:`RenderOptions`.

    The report's PDF is rendered in a forked process (``writers.pdf.BackgroundPdf``),
    started before the data is read: WeasyPrint loads there while this process
    reads and checks the data and writes the other formats.
    """
    source = Path(source)
    background = None
    if "pdf" in formats:
        from giar_gen.writers.pdf import BackgroundPdf

        background = BackgroundPdf.take()  # None where fork is unavailable
    try:
        result, last = _checked(source, previous, strict)
        if result.status and not force:
            result.refused = True
            if background is not None:
                background.close()
            return result
        from giar_gen.writers.script import convert_document, resolve

        report = result.report
        chosen = resolve(script if script is not None else report.data.script)
        doc = convert_document(compose(report, last if compare else None), chosen)
    except BaseException:
        if background is not None:
            background.close()
        raise
    missing = uncovered_diagnostic(doc.text(), source)  # F001: characters no font has
    if missing is not None:
        result.diagnostics.append(missing)
    options = options or RenderOptions()
    folder = Path(out_dir) if out_dir is not None else None
    paths = output_paths(source, folder, formats, chosen.suffix)
    try:
        rendered = {paths[fmt]: render(doc, fmt, options) for fmt in formats
                    if not (fmt == "pdf" and background is not None)}
        if infographic:
            from giar_gen.document.compare import infographic as make_infographic

            sheet = convert_document(make_infographic(report, last), chosen)
            kinds = tuple(f for f in formats if f in INFOGRAPHIC_FORMATS)
            for fmt, path in output_paths(source, folder, kinds, INFOGRAPHIC_SUFFIX + chosen.suffix).items():
                rendered[path] = render(sheet, fmt, options)
    except BaseException:
        if background is not None:
            background.close()
        raise
    if background is not None:
        rendered[paths["pdf"]] = background.render(doc, **_pdf_options(options))
    protect = (source,) + ((Path(previous),) if previous is not None else ())
    order = [paths[f] for f in formats] + [p for p in rendered if p not in paths.values()]
    for path in order:
        data = rendered[path]
        write_atomic(path, data, protect=protect)
        result.written.append(path)
    return result


def _checked(source: Path, previous, strict: bool) -> tuple[BuildResult, Report | None]:
    """Load and check ``source`` (and last year's file): the result and last year's report."""
    from giar_gen.checks import run_checks
    from giar_gen.model.references import check_references

    report = load_report(source)
    check_references(report)
    last = load_report(previous) if previous is not None else None
    checked = run_checks(report, last)
    result = BuildResult(source=source, report=report, diagnostics=list(checked.findings),
                         status=checked.exit_status(strict))
    return result, last
