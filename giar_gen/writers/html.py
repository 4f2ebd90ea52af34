"""The HTML writer: one self-contained page (styles inline, figures embedded as JSON)."""

from __future__ import annotations

import json

from .. import __version__
from ..document import Document
from ..templating import css_environment, environment
from ..fonts import ROLE_NAMES, font_family_css


def stylesheet(name: str = "report.css") -> str:
    fonts = {role: font_family_css(role) for role in ROLE_NAMES}
    return css_environment().get_template(name).render(fonts=fonts)


def render_html(doc: Document, *, extra_css: str = "") -> bytes:
    """The report as an HTML page (UTF-8 bytes)."""
    css = stylesheet("report.css") + extra_css
    data_json = json.dumps(doc.data, ensure_ascii=False, sort_keys=True, indent=1)
    # Safe inside <script>: no "</script>" or "<!--" can be formed.
    data_json = data_json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    html = environment().get_template("report.html.j2").render(
        doc=doc, css=css, data_json=data_json, version=__version__,
    )
    return html.encode("utf-8")
