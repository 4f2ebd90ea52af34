"""giar-gen's public API for one file: build it, check it, import it.

In: one path (a data file, or a published report for :func:`check_file` and
:func:`import_file`). Out: a plain result object; nothing is printed, nothing
is asked of a terminal. The command line, the batch runner and the editor all
call these three functions, and so can a script that maps giar-gen over many
units with an engine of its own (a process pool, Dask, Ray, a CI matrix)::

    from giar_gen.api import build_file, check_file, import_file

    result = check_file("单位/2024-某某局.yaml")
    result.status        # 0 clean, 1 findings that block a build, 2 unusable input
    result.findings      # located findings (rule code, severity, message, cells)

    built = build_file("单位/2024-某某局.yaml", "out/", formats=("pdf",))
    built.written        # the paths written (all or nothing)

Bad input raises :class:`giar_gen.diagnostics.InputError` from :func:`build_file`
and :func:`import_file` (its ``diagnostics`` are located, in Chinese);
:func:`check_file` reports it in its result instead (``status == 2``), since
telling a reviewer why a file cannot be checked is its job.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from giar_gen.diagnostics import Diagnostic, InputError
from giar_gen.document.compose import compose
from giar_gen.document.tree import Document
from giar_gen.fonts.coverage import uncovered_diagnostic
from giar_gen.model.report import Report
from giar_gen.output import OutputError, reason, write_all, write_atomic
from giar_gen.source.loader import load_report
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
    #: every file read to build (data file, layout file, last year's file): name → SHA-256 of the bytes read
    inputs: dict[str, str] = field(default_factory=dict)
    #: every file written: name → SHA-256 of its bytes
    outputs: dict[str, str] = field(default_factory=dict)


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
    # Every output path is decided, and refused if it is an input, before anything is rendered or written.
    paths = output_paths(source, folder, formats, chosen.suffix)
    kinds = tuple(f for f in formats if f in INFOGRAPHIC_FORMATS) if infographic else ()
    sheet_paths = output_paths(source, folder, kinds, INFOGRAPHIC_SUFFIX + chosen.suffix)
    protect = (source,) + ((Path(previous),) if previous is not None else ())
    try:
        check_outputs([*paths.values(), *sheet_paths.values()], protect)
        rendered = {paths[fmt]: render(doc, fmt, options) for fmt in formats
                    if not (fmt == "pdf" and background is not None)}
        if infographic:
            from giar_gen.document.compare import infographic as make_infographic

            sheet = convert_document(make_infographic(report, last), chosen)
            for fmt, path in sheet_paths.items():
                rendered[path] = render(sheet, fmt, options)
    except OutputError:
        if background is not None:
            background.close()
        raise
    except OSError as exc:  # a temporary file of a writer (e.g. the PDF's font subsets) on a full disk
        if background is not None:
            background.close()
        raise OutputError(f"生成时无法写入临时文件：{reason(exc)}。未生成任何文件。") from None
    except BaseException:
        if background is not None:
            background.close()
        raise
    if background is not None:
        try:
            rendered[paths["pdf"]] = background.render(doc, **_pdf_options(options))
        except OSError as exc:
            raise OutputError(f"生成 PDF 时无法写入临时文件：{reason(exc)}。未生成任何文件。") from None
    order = [paths[f] for f in formats] + list(sheet_paths.values())
    result.outputs = {str(p): hashlib.sha256(rendered[p]).hexdigest() for p in order}
    result.inputs = dict(report.source.reads) if report.source is not None else {}
    if last is not None and last.source is not None:
        result.inputs.update(last.source.reads)
    result.written = write_all({p: rendered[p] for p in order}, protect=protect)
    return result


def check_outputs(paths: list[Path], protect: tuple[Path, ...]) -> None:
    """Refuse, before anything is written, an output that is an input file or a folder."""
    for path in paths:
        for p in protect:
            try:
                same = path.resolve() == Path(p).resolve()
            except (OSError, RuntimeError):
                same = False
            if same:
                raise OutputError(f"输出文件「{path}」就是输入文件「{p}」，拒绝覆盖。未生成任何文件。")
        if path.is_dir():
            raise OutputError(f"无法写入「{path}」：已有同名的文件夹。未生成任何文件。")


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


# ---------------------------------------------------------------------------
# check


@dataclass
class CheckResult:
    """What :func:`check_file` found. ``usable`` is False when the file could not be
    read as a report at all; ``findings`` are then the input errors (located)."""

    source: Path
    usable: bool
    findings: list = field(default_factory=list)  # Finding or Diagnostic objects
    status: int = 0  # 0 clean (or warnings only), 1 errors (or warnings with strict), 2 unusable
    report: Report | None = None


def check_file(source: str | Path, previous: str | Path | Report | None = None, *,
               strict: bool = False) -> CheckResult:
    """Run the rule catalogue on a data file (.yaml) or a published report
    (.html, .txt, .docx and the other formats :mod:`giar_gen.readers` reads).

    ``previous``: last year's data file or report (a path, or a report already
    loaded with :func:`load_any`), for the cross-year rules. A published report
    is imported first; what the import could not place is reported as findings
    of the import, not of the agency.
    """
    from giar_gen.checks import run_checks
    from giar_gen.importer.core import load_any
    from giar_gen.importer.summary import notes_as_findings
    from giar_gen.model.references import check_references

    source = Path(source)
    try:
        if previous is not None and not isinstance(previous, Report):
            previous, _ = load_any(previous)
        report, notes = load_any(source)
        check_references(report)
    except InputError as exc:
        return CheckResult(source=source, usable=False, findings=list(exc.diagnostics), status=2)
    checked = run_checks(report, previous)
    checked.findings.extend(notes_as_findings(notes, str(source)))
    return CheckResult(source=source, usable=True, findings=checked.findings,
                       status=checked.exit_status(strict), report=report)


# ---------------------------------------------------------------------------
# import


@dataclass
class ImportResult:
    """What :func:`import_file` produced: the YAML text of the data file, the
    summary lines ``giar-gen import`` prints, and whether the data is complete
    enough to build (``diagnostics`` say what is missing when it is not)."""

    source: Path
    yaml: str
    summary: list[str]
    written: Path | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    status: int = 0  # 0 complete enough to build, 1 the data file must be completed first


def import_file(source: str | Path, output: str | Path | None = None, *, overwrite: bool = False) -> ImportResult:
    """Import a published report into a data file's YAML text; with ``output``,
    write it there atomically (never over ``source``; over an existing file only
    with ``overwrite``). Raises :class:`InputError` when the report cannot be read
    or ``output`` exists."""
    from giar_gen.importer.core import import_file as import_report
    from giar_gen.importer.summary import summary_lines
    from giar_gen.source.loader import load_report_text
    from giar_gen.source.yamlwrite import imported_yaml

    source = Path(source)
    out = Path(output) if output is not None else None
    if out is not None and out.exists() and not overwrite:
        raise InputError([Diagnostic("O001", "error", f"「{out}」已存在，未覆盖（确需覆盖请加 --force）",
                                     hint="换一个输出文件名，或确认后覆盖。")])
    imp = import_report(source)
    text = imported_yaml(imp)
    result = ImportResult(source=source, yaml=text, summary=summary_lines(imp))
    try:  # is it complete enough to build? (the same loader ``build`` uses)
        name = out if out is not None else source.with_suffix(".yaml")
        load_report_text(text, str(name), base_dir=name.parent)
    except InputError as exc:
        result.diagnostics = list(exc.diagnostics)
        result.status = 1
    if out is not None:
        write_atomic(out, text.encode("utf-8"), protect=(source,))
        result.written = out
    return result
