"""Writers: each turns a :class:`~giar_gen.document.tree.Document` into one format.

``html.render_html``, ``pdf.render_pdf`` and ``docx.render_docx`` return bytes;
:func:`giar_gen.output.write_atomic` puts them on disk. ``json`` and ``csv``
are the open-data files (:mod:`giar_gen.writers.opendata`): the figures the HTML page
embeds, as files.

:func:`render` is the one place a format name meets its writer: a new output format
is a new module here plus one entry in :data:`WRITERS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

FORMATS = ("docx", "pdf", "html", "json", "csv")

#: What ``giar-gen build`` writes when no ``--format`` is given.
DEFAULT_FORMATS = ("docx", "pdf", "html")


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


#: format → (module of this package, function name, which options it takes)
WRITERS: dict[str, tuple[str, str, str]] = {
    "html": ("html", "render_html", "layout"),
    "pdf": ("pdf", "render_pdf", "pdf"),
    "docx": ("docx", "render_docx", "layout"),
    "json": ("opendata", "render_json", "data"),
    "csv": ("opendata", "render_csv", "data"),
}


def pdf_options(options: RenderOptions) -> dict:
    """The keyword arguments :func:`giar_gen.writers.pdf.render_pdf` takes from ``options``."""
    return {
        "pdf_variant": options.pdf_variant,
        "pdf_tags": options.pdf_tags,
        "bold_subheadings": options.bold_subheadings,
    }


def render(doc, fmt: str, options: RenderOptions | None = None) -> bytes:
    """The bytes of ``doc`` (a :class:`~giar_gen.document.tree.Document`) in one format.
    Writers are imported on first use, so a build loads only what its formats need."""
    options = options or RenderOptions()
    try:
        module, func, takes = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"未知的输出格式：{fmt}") from None
    writer = getattr(import_module(f"{__name__}.{module}"), func)
    if takes == "data":
        return writer(doc.data)
    if takes == "pdf":
        return writer(doc, **pdf_options(options))
    return writer(doc, bold_subheadings=options.bold_subheadings)
