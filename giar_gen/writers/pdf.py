"""The PDF writer: WeasyPrint over the same HTML, with the print stylesheet.

Nothing outside the document is fetched: the URL fetcher only serves the
font files giar-gen itself prepared. Creation dates come from the report's
publication date, so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as _dt

from pathlib import Path

from ..document import Document
from ..fonts import PAGE_NUMBER_CHARS, font_face_css, subset_font_files_for_text
from .html import render_html, stylesheet


def _make_fetcher(allowed: set[str]):
    """A WeasyPrint URL fetcher that serves only ``allowed`` URLs (our font files)."""
    from weasyprint.urls import URLFetcher

    class OnlyOurFiles(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in allowed:
                raise ValueError(f"giar-gen 不加载外部资源：{url}")
            return super().fetch(url, headers)

    return OnlyOurFiles(allowed_protocols={"file"})


def render_pdf(doc: Document) -> bytes:
    """The report as PDF bytes.

    The bundled fonts are first cut down to the document's own characters
    (a few ms with HarfBuzz), so WeasyPrint embeds small fonts quickly.
    """
    import logging
    import tempfile

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="giar-gen-fonts-") as tmp:
        files = subset_font_files_for_text(doc.text() + PAGE_NUMBER_CHARS, tmp)
        font_css = font_face_css(files)
        allowed = {Path(p).resolve().as_uri() for p in files.values()}
        html = render_html(doc, extra_css=stylesheet("print.css") + font_css).decode("utf-8")
        document = weasyprint.HTML(string=html, base_url=None, url_fetcher=_make_fetcher(allowed)).render()
        return _write(document, doc)


def _write(document, doc: Document) -> bytes:
    stamp = _dt.datetime.fromisoformat(doc.meta.date).replace(tzinfo=_dt.timezone.utc).isoformat() if doc.meta.date else None
    document.metadata.title = doc.meta.title
    document.metadata.authors = [doc.meta.author]
    document.metadata.description = doc.meta.subject
    document.metadata.keywords = list(doc.meta.keywords)
    document.metadata.generator = "giar-gen"
    document.metadata.created = stamp
    document.metadata.modified = stamp
    identifier = doc.meta.title.encode("utf-8")[:64]
    return document.write_pdf(pdf_identifier=identifier)
