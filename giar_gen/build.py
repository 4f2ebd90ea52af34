"""Build a report: load → compose → render each format → write atomically.

This is the layer the CLI calls; it knows nothing about terminals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .compose import compose
from .diagnostics import Diagnostic, Location
from .document import Document
from .loader import load_report
from .model import Report
from .output import write_atomic
from .writers import DEFAULT_FORMATS

#: Formats the 图解 page is written in (it is a drawing: no DOCX, no open data).
INFOGRAPHIC_FORMATS = ("html", "pdf")
INFOGRAPHIC_SUFFIX = "-图解"


@dataclass
class BuildResult:
    source: Path
    report: Report
    written: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


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
    if fmt == "json":
        from .opendata import render_json

        return render_json(doc.data)
    if fmt == "csv":
        from .opendata import render_csv

        return render_csv(doc.data)
    raise ValueError(f"未知的输出格式：{fmt}")


#: Formats whose text is in the chosen script (the open data keeps the official labels).
TEXT_FORMATS = ("docx", "pdf", "html")


def output_paths(source: Path, out_dir: Path | None, formats: tuple[str, ...], suffix: str = "") -> dict[str, Path]:
    """Where each format goes: ``out_dir`` (default: beside the source), the
    source's name with ``suffix`` (e.g. ``.zh-Hant`` for traditional output;
    not for the open-data formats, which are the same in every script)."""
    folder = out_dir if out_dir is not None else source.parent
    return {fmt: folder / f"{source.stem}{suffix if fmt in TEXT_FORMATS else ''}.{fmt}" for fmt in formats}


def build_file(source: str | Path, out_dir: str | Path | None = None,
               formats: tuple[str, ...] = DEFAULT_FORMATS, *, script: str | None = None,
               previous: str | Path | None = None, infographic: bool = False) -> BuildResult:
    """Load ``source`` and write the requested formats. Raises ``InputError``.

    ``script``: simplified (default) or a traditional variant (see
    :mod:`giar_gen.script`; overrides the file's ``文字``). ``previous``: last
    year's data file, for the comparison of key figures. ``infographic``:
    also write the 图解 page (HTML/PDF among ``formats``).
    """
    from .script import convert_document, resolve

    source = Path(source)
    report = load_report(source)
    result = BuildResult(source=source, report=report)
    prev = None
    if previous is not None:
        prev = load_report(previous)
        if prev.year != report.year - 1:
            result.diagnostics.append(Diagnostic(
                "B001", "warning", f"对比用的上一年度报告是{prev.year}年度的，本报告是{report.year}年度",
                Location(str(previous)), hint="--previous 应指向上一年度（报告年度减一）的数据文件。",
            ))
    chosen = resolve(script if script is not None else report.data.script)
    doc = convert_document(compose(report, prev), chosen)
    folder = Path(out_dir) if out_dir is not None else None
    paths = output_paths(source, folder, formats, chosen.suffix)
    rendered = {paths[fmt]: render(doc, fmt) for fmt in formats}
    if infographic:
        from .compare import infographic as make_infographic

        sheet = convert_document(make_infographic(report, prev), chosen)
        kinds = tuple(f for f in formats if f in INFOGRAPHIC_FORMATS)
        for fmt, path in output_paths(source, folder, kinds, INFOGRAPHIC_SUFFIX + chosen.suffix).items():
            rendered[path] = render(sheet, fmt)
    for path, data in rendered.items():
        write_atomic(path, data, protect=(source,))
        result.written.append(path)
    return result
