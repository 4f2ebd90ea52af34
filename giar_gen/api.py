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

from giar_gen.diagnostics import Diagnostic, InputError, Location
from giar_gen.document.compose import compose
from giar_gen.fonts.coverage import uncovered_diagnostic
from giar_gen.model.report import Report
from giar_gen.output import OutputError, check_protect, reason, write_all, write_atomic
from giar_gen.source.loader import load_report
from giar_gen.writers import DEFAULT_FORMATS, RenderOptions, pdf_options, render

#: Formats the 图解 page is written in (it is a drawing: no DOCX, no open data).
INFOGRAPHIC_FORMATS = ("html", "pdf")
INFOGRAPHIC_SUFFIX = "-图解"


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


#: Formats whose text is in the chosen script (the open data keeps the official labels).
TEXT_FORMATS = ("docx", "pdf", "html")


def output_paths(source: Path, out_dir: Path | None, formats: tuple[str, ...], suffix: str = "") -> dict[str, Path]:
    """Where each format goes: ``out_dir`` (default: beside the source), the
    source's name with ``suffix`` (e.g. ``.zh-Hant`` for traditional output;
    not for the open-data formats, which are the same in every script)."""
    folder = out_dir if out_dir is not None else source.parent
    return {fmt: folder / f"{source.stem}{suffix if fmt in TEXT_FORMATS else ''}.{fmt}" for fmt in formats}


def build_file(
    source: str | Path,
    out_dir: str | Path | None = None,
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    options: RenderOptions | None = None,
    *,
    previous: str | Path | None = None,
    force: bool = False,
    strict: bool = False,
    script: str | None = None,
    compare: bool = False,
    infographic: bool = False,
) -> BuildResult:
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

    The report's PDF is rendered in a forked process (``writers.pdf_child.BackgroundPdf``),
    started before the data is read: WeasyPrint loads there while this process
    reads and checks the data and writes the other formats.
    """
    source = Path(source)
    background = None
    if "pdf" in formats:
        from giar_gen.writers.pdf_child import BackgroundPdf

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
    options = options or RenderOptions()
    folder = Path(out_dir) if out_dir is not None else None
    protect = (source,) + ((Path(previous),) if previous is not None else ())
    try:
        missing = uncovered_diagnostic(doc.text(), source)  # F001: characters no font has
        if missing is not None:
            result.diagnostics.append(missing)
        # Every output path is decided, and refused if it is an input, before anything is rendered or written.
        paths = output_paths(source, folder, formats, chosen.suffix)
        kinds = tuple(f for f in formats if f in INFOGRAPHIC_FORMATS) if infographic else ()
        sheet_paths = output_paths(source, folder, kinds, INFOGRAPHIC_SUFFIX + chosen.suffix)
        check_outputs([*paths.values(), *sheet_paths.values()], protect)
        if background is not None:  # the child renders the PDF while this process writes the rest
            background.start(doc, **pdf_options(options))
        rendered = {
            paths[fmt]: render(doc, fmt, options) for fmt in formats if not (fmt == "pdf" and background is not None)
        }
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
            rendered[paths["pdf"]] = background.result()
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
        check_protect(path, protect, "未生成任何文件。")
        if path.is_dir():
            raise OutputError(f"无法写入「{path}」：已有同名的文件夹。未生成任何文件。")


def _checked(source: Path, previous, strict: bool) -> tuple[BuildResult, Report | None]:
    """Load and check ``source`` (and last year's file): the result and last year's report."""
    from giar_gen.checks import run_checks
    from giar_gen.model.references import check_references

    report = load_report(source)
    check_references(report)
    last = _load_previous(Path(previous)) if previous is not None else None
    checked = run_checks(report, last)
    result = BuildResult(
        source=source, report=report, diagnostics=list(checked.findings), status=checked.exit_status(strict)
    )
    return result, last


def _load_previous(path: Path) -> Report:
    """Last year's data file, or last year's published report (as ``check --previous``
    takes it); a published one is imported first and recorded for the build cache."""
    from giar_gen.readers import SUFFIXES

    if path.suffix.lower() not in SUFFIXES:
        return load_report(path)
    import hashlib

    from giar_gen.importer.core import load_any

    last, _notes = load_any(path)
    if last.source is not None:
        try:
            last.source.reads[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            pass  # it was just read: the cache then simply does not skip next time
    return last


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
    part: str = ""  # which report of a file that prints two side by side ("2024年报告（右栏）")


def check_file(source: str | Path, previous: str | Path | Report | None = None, *, strict: bool = False) -> CheckResult:
    """Run the rule catalogue on a data file (.yaml) or a published report
    (.html, .txt, .docx and the other formats :mod:`giar_gen.readers` reads).

    ``previous``: last year's data file or report (a path, or a report already
    loaded with :func:`load_any`), for the cross-year rules. A published report
    is imported first; what the import could not place is reported as findings
    of the import, not of the agency. Of a file that prints two reports side
    by side, the later one (checked against the earlier): see :func:`check_reports`.
    """
    return check_reports(source, previous, strict=strict)[-1]


def check_reports(
    source: str | Path, previous: str | Path | Report | None = None, *, strict: bool = False
) -> list[CheckResult]:
    """:func:`check_file` for every report ``source`` holds: one, or the two
    reports a comparison prints side by side (earlier year first; ``part``
    names each). The later of two is checked with the earlier as its previous
    year, so the cross-year rules run; the earlier with ``previous``."""
    from giar_gen.checks import run_checks
    from giar_gen.importer.core import load_any, published_reports
    from giar_gen.importer.summary import notes_as_findings
    from giar_gen.model.references import check_references
    from giar_gen.readers import SUFFIXES

    source = Path(source)
    try:
        if previous is not None and not isinstance(previous, Report):
            previous, _ = load_any(previous)
        loaded = published_reports(source) if source.suffix.lower() in SUFFIXES else [load_any(source)]
        for report, _ in loaded:
            check_references(report)
    except InputError as exc:
        return [CheckResult(source=source, usable=False, findings=list(exc.diagnostics), status=2)]
    out = []
    last = previous
    for report, notes in loaded:
        checked = run_checks(report, last)
        checked.findings.extend(notes_as_findings(notes, str(source)))
        out.append(
            CheckResult(
                source=source,
                usable=True,
                findings=checked.findings,
                status=checked.exit_status(strict),
                report=report,
                part=report.part,
            )
        )
        last = report
    return out


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
    findings: list = field(default_factory=list)  # what ``build``'s checks find in the data (when complete)
    outlook: list[str] = field(default_factory=list)  # what ``build`` will do, in the user's words
    part: str = ""  # which report of a file that prints two side by side ("2023年报告（左栏）")


def import_file(source: str | Path, output: str | Path | None = None, *, overwrite: bool = False) -> ImportResult:
    """Import a published report into a data file's YAML text; with ``output``,
    write it there atomically (never over ``source``; over an existing file only
    with ``overwrite``). Raises :class:`InputError` when the report cannot be read
    or ``output`` exists. Of a file that prints two reports side by side, the
    later one: :func:`import_reports` imports both."""
    from giar_gen.importer.core import import_file as import_report

    source = Path(source)
    out = Path(output) if output is not None else None
    _refuse_existing([out] if out is not None else [], overwrite)
    return _imported(import_report(source), source, out)


def import_reports(
    source: str | Path, output: str | Path | None = None, *, overwrite: bool = False
) -> list[ImportResult]:
    """Import every report ``source`` holds, each into a data file. One
    report: as :func:`import_file` (default ``output``: the source's name with
    .yaml). Two reports printed side by side (a comparison of two years): two
    data files, earlier year first, named by :func:`report_paths`. Nothing is
    written when any of them exists (unless ``overwrite``). Raises :class:`InputError`."""
    from giar_gen.importer.core import import_all

    source = Path(source)
    imps = import_all(source)
    paths = report_paths(source, output, [imp.data.get("报告年度") for imp in imps])
    _refuse_existing(paths, overwrite)
    return [_imported(imp, source, path) for imp, path in zip(imps, paths)]


def report_paths(source: Path, output: str | Path | None, years: list) -> list[Path]:
    """Where the data files of the reports of ``source`` go: one report,
    ``output`` (default ``<source>.yaml``); two, ``output`` with ``{year}``
    replaced by each report's year (``-o 宿迁-{year}.yaml``), else ``output``'s
    (or the source's) name with ``-<year>`` added: ``对照.pdf`` → ``对照-2023.yaml``,
    ``对照-2024.yaml`` (the column, 1 or 2, where the year is not known)."""
    base = Path(output) if output is not None else source.with_suffix(".yaml")
    if len(years) == 1:
        return [base]
    names = [str(y) if y else str(k + 1) for k, y in enumerate(years)]
    if "{year}" in str(base):
        return [Path(str(base).replace("{year}", n)) for n in names]
    return [base.with_name(f"{base.stem}-{n}{base.suffix or '.yaml'}") for n in names]


def _refuse_existing(paths: list[Path], overwrite: bool) -> None:
    taken = [p for p in paths if p.exists()]
    if taken and not overwrite:
        raise InputError(
            [
                Diagnostic(
                    "O001",
                    "error",
                    f"「{p}」已存在，未覆盖（确需覆盖请加 --force）",
                    hint="换一个输出文件名，或确认后覆盖。",
                )
                for p in taken
            ]
        )


def _imported(imp, source: Path, out: Path | None) -> ImportResult:
    """The YAML of one imported report, checked for completeness, written to ``out``."""
    from giar_gen.checks import run_checks
    from giar_gen.importer.summary import build_outlook, summary_lines
    from giar_gen.source.loader import load_report_text
    from giar_gen.source.yamlwrite import imported_yaml

    text = imported_yaml(imp)
    result = ImportResult(source=source, yaml=text, summary=summary_lines(imp), part=imp.part)
    try:  # is it complete enough to build? (the same loader ``build`` uses)
        name = out if out is not None else source.with_suffix(".yaml")
        report = load_report_text(text, str(name), base_dir=name.parent)
    except InputError as exc:
        result.diagnostics = list(exc.diagnostics)
        result.status = 1
    else:  # the checks ``build`` runs first: say whether it will refuse
        result.findings = run_checks(report).findings
        result.outlook = build_outlook(result.findings, name)
    if out is not None:
        write_atomic(out, text.encode("utf-8"), protect=(source,))
        result.written = out
    return result


# ---------------------------------------------------------------------------
# the official tables as an Excel workbook, and back


@dataclass
class TablesResult:
    """What :func:`tables_file` wrote: the workbook and the table edition."""

    written: Path
    edition: str  # the edition's name, e.g. 2021年版（国办公开办函〔2021〕30号）
    tables: int


def tables_file(
    source: str | Path | None, output: str | Path | None = None, *, year: int | None = None, overwrite: bool = False
) -> TablesResult:
    """Write the official tables of the data file ``source`` as an .xlsx
    workbook (default ``<数据文件>-表格.xlsx`` beside it); with ``source``
    ``None``, a blank form for ``year``. Never over an existing workbook unless
    ``overwrite`` (it may hold figures typed in). Raises :class:`InputError`."""
    import datetime as _dt

    from giar_gen.model.layouts import layout_for_year
    from giar_gen.model.tables import edition_for_year
    from giar_gen.writers.xlsx import render_tables_xlsx, render_xlsx

    def refuse(message: str, code: str = "Y008", file: Path | None = None) -> InputError:
        return InputError([Diagnostic(code, "error", message, Location(str(file)) if file else None)])

    if source is None:
        if year is None:
            raise refuse("请给出数据文件（giar-gen tables 数据.yaml），或用 --year 生成某年度的空白表格", "Y005")
        ed = edition_for_year(year)
        if ed is None:
            raise refuse(f"{year}年度没有全国统一的统计表格式（2019年度起才有）")
        out = Path(output or f"{year}年度统计表.xlsx")
        data = lambda: render_tables_xlsx(
            ed,
            layout=layout_for_year(year),
            date=_dt.date(year + 1, 1, 1),
            title=f"{year}年政府信息公开工作年度报告统计表",
        )
        protect: tuple[Path, ...] = ()
    else:
        src = Path(source)
        out = Path(output) if output else src.with_name(f"{src.stem}-表格.xlsx")
        report = load_report(src)
        if report.edition is None:
            raise refuse(f"{report.year}年度没有全国统一的统计表格式（2019年度起才有），不能生成表格", file=src)
        ed = report.edition
        data = lambda: render_xlsx(report)
        protect = (src,)
    if out.exists() and not overwrite:
        raise refuse(f"「{out}」已存在，未覆盖（其中可能已填了数字；确需覆盖请加 --force）", "O001", out)
    write_atomic(out, data(), protect=protect)
    return TablesResult(written=out, edition=ed.name, tables=len(ed.tables))


@dataclass
class TablesImportResult:
    """What :func:`import_tables_file` did: the data file's text before and
    after, the cells whose printed figure changed ``(table key, printed cell,
    old, new)``, the tables written anew, warnings about the workbook."""

    target: Path
    old: str | None  # None: a new data file
    new: str
    changed: list[tuple] = field(default_factory=list)
    rewritten: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    year: int | None = None
    edition: str = ""
    written: bool = False


def import_tables_file(
    workbook: str | Path,
    *,
    into: str | Path | None = None,
    output: str | Path | None = None,
    year: int | None = None,
    overwrite: bool = False,
    write: bool = True,
) -> TablesImportResult:
    """Read the official tables of a filled workbook into a data file.

    With ``into``: that existing data file's tables are updated in place (only
    changed figures; texts, comments and the rest unchanged). Else a new data
    file (``output``, default the workbook's name with .yaml) is the ``init``
    template of ``year`` (default: last year, if the workbook's edition covers
    it) with the tables filled in. Nothing is written while any cell of the
    workbook is not a figure, nor when ``write`` is false. Raises
    :class:`InputError` listing every such cell (sheet, cell address, printed labels)."""
    import datetime as _dt

    from giar_gen.importer.xlsx import read_tables_xlsx
    from giar_gen.model.report import TableValues
    from giar_gen.source.loader import load_report_text, read_data_file
    from giar_gen.source.skeleton import skeleton_yaml
    from giar_gen.source.table_update import update_tables_text
    from giar_gen.source.yamlsource import decode_utf8

    wb = Path(workbook)

    def read(edition=None):
        result = read_tables_xlsx(wb, edition)
        if not result.ok:
            raise InputError(result.diagnostics)
        return result

    if into is not None:
        target = Path(into)
        raw = read_data_file(target)
        old = decode_utf8(raw, str(target))
        report = load_report_text(old, str(target), base_dir=target.parent)
        if report.edition is None:
            raise InputError(
                [
                    Diagnostic(
                        "Y008",
                        "error",
                        f"{report.year}年度没有全国统一的统计表格式，不能导入表格",
                        Location(str(target)),
                    )
                ]
            )
        result = read(report.edition)
        update = update_tables_text(old, result.tables, str(target))
        new, year = update.text, report.year
        data = (b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b"") + new.encode("utf-8")
        write = write and new != old
    else:
        target = Path(output) if output else wb.with_suffix(".yaml")
        if target.exists() and not overwrite:
            raise InputError(
                [
                    Diagnostic(
                        "O001",
                        "error",
                        f"「{target}」已存在，未覆盖",
                        Location(str(target)),
                        hint=f"更新已有数据文件的表格请用 --into {target}；确需覆盖请加 --force。",
                    )
                ]
            )
        result = read()
        ed = result.edition
        if year is None:
            year = _workbook_year(wb)  # the year giar-gen tables wrote into the workbook's title
            if year is not None and not ed.covers(year):
                year = None
        if year is None:
            last = _dt.date.today().year - 1
            year = last if ed.covers(last) else (ed.last_year or last)
        if not ed.covers(year):
            raise InputError(
                [
                    Diagnostic(
                        "Y008",
                        "error",
                        f"工作簿是{ed.name}的表格，不适用于{year}年度报告",
                        Location(str(wb)),
                        hint="用 --year 给出该表格版本适用的年度。",
                    )
                ]
            )
        tables = {t.id: result.tables.get(t.id) or TableValues(table=t) for t in ed.tables}
        update = update_tables_text(skeleton_yaml(year), tables, str(target))
        old = None
        new = (
            f"# 表格数字由 giar-gen import 从「{wb.name}」导入；机关、日期、正文等仍是模板内容，请填写。\n"
            + update.text
        )
        data = new.encode("utf-8")
    if write:
        write_atomic(target, data, protect=(wb,))
    return TablesImportResult(
        target=target,
        old=old,
        new=new,
        changed=update.changed,
        rewritten=update.rewritten,
        diagnostics=result.diagnostics,
        year=year,
        edition=result.edition.name,
        written=write,
    )


def _workbook_year(path: Path) -> int | None:
    """The report year in a workbook's document title ("…2024年政府信息公开工作年度报告统计表",
    as ``giar-gen tables`` writes it), or None. Called after the workbook was read and
    vetted (size, inflation, no DTD), so reading its small core properties is safe."""
    import re
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("docProps/core.xml")
            if info.file_size > 64_000:
                return None
            text = z.read(info).decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    m = re.search(r"<dc:title[^>]*>[^<]*?((?:19|20)\d{2})年", text)
    return int(m.group(1)) if m else None
