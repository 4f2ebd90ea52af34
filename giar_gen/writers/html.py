"""The HTML writer: one self-contained page (styles inline, figures embedded as JSON).

The page references nothing outside itself: no fonts, scripts, images or
style sheets are fetched (the font-family lists name installed fonts only).
The PDF writer renders the same template with the print stylesheet and the
lines it has broken itself (``layout``).
"""

from __future__ import annotations

import json
import unicodedata

from giar_gen import __version__
from giar_gen.document.tree import Document
from giar_gen.fonts import ROLE_NAMES, font_family_css
from giar_gen.writers import typeset
from giar_gen.writers.templating import css_environment, environment

#: Generic families appended for browsers (never for the PDF, whose fonts are fixed).
_GENERIC = {
    "title": "serif",
    "body": "serif",
    "heading1": "sans-serif",
    "heading2": "serif",
    "page_number": "serif",
    "table": "serif",
}


def screen_fonts() -> dict[str, str]:
    """CSS font-family lists for a browser: official names, bundled names, generic."""
    return {role: f"{font_family_css(role)}, {_GENERIC[role]}" for role in ROLE_NAMES}


def stylesheet(name: str = "report.css", *, fonts: dict[str, str] | None = None) -> str:
    return css_environment().get_template(name).render(fonts=fonts or screen_fonts())


def _approximate_advances(text: str) -> list[float]:
    """Title advances without a font: full-width characters 1 em, others half."""
    return [typeset.TITLE_PT * (1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55) for c in text]


def render_html(
    doc: Document,
    *,
    extra_css: str = "",
    layout=None,
    fonts: dict[str, str] | None = None,
    bold_subheadings: bool = False,
    media: str = "screen",
) -> bytes:
    """The report as an HTML page (UTF-8 bytes).

    ``bold_subheadings`` sets the "（一）" and "1." headings in bold (class
    ``bold-subheadings`` on ``<html>``). ``layout``, ``fonts`` and ``media`` are
    used by the PDF writer (pre-broken lines, its own font families).
    """
    css = stylesheet("report.css", fonts=fonts) + extra_css
    data_json = ""
    if media == "screen":  # the PDF has no use for the machine-readable figures
        data_json = json.dumps(doc.data, ensure_ascii=False, sort_keys=True, indent=1)
        # Safe inside <script>: no "</script>" or "<!--" can be formed.
        data_json = data_json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    if layout is not None:
        title_lines = layout.title_lines
    else:
        title_lines = typeset.title_lines(doc.title, doc.meta.author, _approximate_advances)
    classes = ["bold-subheadings"] if bold_subheadings else []
    html = (
        environment()
        .get_template("report.html.j2")
        .render(
            doc=doc,
            css=css,
            data_json=data_json,
            version=__version__,
            title_lines=title_lines,
            layout=layout,
            html_class=" ".join(classes),
        )
    )
    return html.encode("utf-8")
