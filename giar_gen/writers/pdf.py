"""The PDF writer: WeasyPrint over the same HTML, with the print stylesheet.

Nothing outside the document is fetched: the URL fetcher only serves the
font files giar-gen itself prepared. Creation dates come from the report's
publication date, so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as _dt

from ..document import Document
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


def render_pdf(doc: Document, *, font_css: str = "", font_urls: frozenset[str] = frozenset()) -> bytes:
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    html = render_html(doc, extra_css=stylesheet("print.css") + font_css).decode("utf-8")
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=_make_fetcher(set(font_urls))).render()
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
