"""The PDF writer: WeasyPrint over the same HTML, with the print stylesheet.

The page is the GB/T 9704 page (templates/print.css; the numbers are in
:mod:`giar_gen.writers.typeset`). Three things are done here before WeasyPrint
sees the document:

Fonts
    For each role (title, body, level-1 and level-2 headings, tables, page
    numbers) the font is resolved once: an installed font with an official name
    (仿宋_GB2312, 黑体 …) if there is one, else the face bundled with giar-gen.
    Each font file is cut down with HarfBuzz to the characters the document
    needs from it (a few ms, even for a 10 MB system font), and WeasyPrint gets
    those small files under fixed family names, never the system font itself.
    WeasyPrint then embeds them as they are (``full_fonts``), which skips its own
    fontTools subsetting (seconds for CJK) and keeps the output byte-identical
    from run to run.

Lines
    Paragraphs and headings are broken into lines here, on the 28-character
    grid and justified by letter-spacing (see ``typeset``), and the title into
    lines of a pleasing shape.

Nothing outside the document is fetched: the URL fetcher serves only the font
files prepared here. Dates come from the report's publication date and the
file identifier from the content, so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from giar_gen.document.tree import Document, Figure, Heading, Paragraph, Table
from giar_gen.fonts import (
    PAGE_NUMBER_CHARS,
    ROLE_NAMES,
    bundled_face_files,
    subset_face,
)
from giar_gen.fonts.sources import FontSource, resolve_font_sources
from giar_gen.fonts.synthetic import synthetic_bold
from giar_gen.writers import typeset
from giar_gen.writers.html import render_html, stylesheet

PDF_VARIANTS = ("pdf/a-2b",)

_HEADING_ROLE = {1: "heading1", 2: "heading2", 3: "body", 4: "body"}
_RUN_ROLE = {"body": "body", "heading2": "heading2", "heading3": "body", "heading4": "body"}


# --- fonts ---------------------------------------------------------------------------


@dataclass
class PrintFonts:
    """The fonts of one PDF: family lists per role, the subset files, CSS."""

    families: dict[str, list[FontSource]]  # role -> sources in order of preference
    files: dict[tuple[str, int], Path] = field(default_factory=dict)  # (key, weight) -> file

    def css_family(self, role: str) -> str:
        return ", ".join(f'"{s.family}"' for s in self.families[role])

    def font_face_css(self) -> str:
        rules = []
        for (key, weight), path in sorted(self.files.items()):
            fmt = "opentype" if path.suffix == ".otf" else "truetype"
            rules.append(
                "@font-face {\n"
                f'  font-family: "GiarGen PDF {key}";\n'
                f'  src: url("{path.resolve().as_uri()}") format("{fmt}");\n'
                f"  font-weight: {weight};\n  font-style: normal;\n}}\n"
            )
        return "".join(rules)


def _subset(source: FontSource, codepoints: Iterable[int]) -> bytes:
    return subset_face(source.path, codepoints, index=source.index, name_ids=range(0, 7), desubroutinize=True)


def _font_suffix(data: bytes) -> str:
    return ".otf" if data[:4] == b"OTTO" else ".ttf"


def prepare_fonts(
    role_texts: dict[str, str],
    out_dir: Path,
    *,
    bold_roles: dict[str, str] | None = None,
    system_fonts: bool = True,
    sources: dict[str, list[FontSource]] | None = None,
) -> PrintFonts:
    """Subset every font the document uses to its characters and write the files.

    ``role_texts`` maps each role to the text set in it; ``bold_roles`` maps roles
    to text set in bold (bold sub-headings), which gets a bold face: the bundled
    Song Bold for the bundled body face, a synthetic bold of the font otherwise.
    ``sources``: the fonts already resolved (``resolve_font_sources``), e.g. by
    the process that hands the document over, so that fontconfig is asked once.
    """
    families = sources if sources is not None else resolve_font_sources(system_fonts=system_fonts)
    needed: dict[FontSource, set[int]] = {}
    for role, chain in families.items():
        chars = {ord(c) for c in role_texts.get(role, "") if not c.isspace()}
        chars |= {ord(c) for c in " " + PAGE_NUMBER_CHARS}
        for source in chain:
            needed.setdefault(source, set()).update(chars)
    fonts = PrintFonts(families)
    out_dir.mkdir(parents=True, exist_ok=True)
    for source, chars in needed.items():
        data = _subset(source, chars)
        path = out_dir / f"{source.key}{_font_suffix(data)}"
        path.write_bytes(data)
        fonts.files[(source.key, 400)] = path
    faces = bundled_face_files()
    for role, text in (bold_roles or {}).items():
        chars = {ord(c) for c in text if not c.isspace()}
        for source in families[role]:
            if (source.key, 700) in fonts.files:
                continue
            if source.key == "song-regular":
                data = _subset(FontSource("song-bold", faces["song-bold"]), chars)
            else:
                data = synthetic_bold(source.path, chars, index=source.index, key=source.key)
            path = out_dir / f"{source.key}-bold{_font_suffix(data)}"
            path.write_bytes(data)
            fonts.files[(source.key, 700)] = path
    return fonts


class Metrics:
    """Advances of text in the prepared fonts, as HarfBuzz (and so WeasyPrint)
    shapes it, falling back along each role's chain like the renderer does."""

    def __init__(self, fonts: PrintFonts):
        import uharfbuzz as hb

        self._hb = hb
        self._chains = {
            role: [hb.Font(hb.Face(hb.Blob.from_file_path(str(fonts.files[(s.key, 400)])))) for s in chain]
            for role, chain in fonts.families.items()
        }

    def advances(self, role: str, text: str, size: float) -> list[float]:
        hb = self._hb
        chain = self._chains[role]
        result = [0.0] * len(text)
        pending = list(range(len(text)))  # indexes not yet measured
        for font in chain:
            if not pending:
                break
            scale = size / font.face.upem
            missing = []
            for i in pending:
                if font.get_nominal_glyph(ord(text[i])) is None and not text[i].isspace():
                    missing.append(i)
            buf = hb.Buffer()
            buf.add_codepoints([ord(c) for c in text])  # clusters are character indexes
            buf.guess_segment_properties()
            buf.language = "zh-cn"
            hb.shape(font, buf, {})
            measure = set(pending) - set(missing)
            for info, pos in zip(buf.glyph_infos, buf.glyph_positions):
                if info.cluster in measure:
                    result[info.cluster] += pos.x_advance * scale
            pending = missing
        for i in pending:  # no font has it: the renderer draws a box of about 1 em
            result[i] = size
        return result


# --- what the document needs ---------------------------------------------------------


def role_texts(doc: Document) -> dict[str, str]:
    """The text set in each font role."""
    parts: dict[str, list[str]] = {role: [] for role in ROLE_NAMES}
    parts["title"].append(doc.title)
    parts["body"].append(doc.text())
    for b in doc.blocks:
        if isinstance(b, Heading):
            parts[_HEADING_ROLE.get(b.level, "body")].append(b.full_text)
        elif isinstance(b, Paragraph):
            for r in b.runs:
                parts[_RUN_ROLE.get(r.role, "body")].append(r.text)
        elif isinstance(b, Table):
            parts["table"].append(b.caption)
            for row in b.header + b.body:
                for c in row:
                    parts["table"].append(c.text)
            for row in b.body:
                parts["heading1"].extend(c.text for c in row if c.role == "header")
        elif isinstance(b, Figure):  # charts are drawn in the table font
            parts["table"].extend(b.texts)
    parts["page_number"].append(PAGE_NUMBER_CHARS)
    return {role: "\n".join(texts) for role, texts in parts.items()}


def bold_texts(doc: Document) -> dict[str, str]:
    """Text that the bold-subheadings option sets in bold, per role."""
    out: dict[str, list[str]] = {"heading2": [], "body": []}
    for b in doc.blocks:
        if isinstance(b, Heading) and b.level in (2, 3):
            out[_HEADING_ROLE[b.level]].append(b.full_text)
        elif isinstance(b, Paragraph):
            for r in b.runs:
                if r.role in ("heading2", "heading3"):
                    out[_RUN_ROLE[r.role]].append(r.text)
    return {role: "\n".join(t) for role, t in out.items() if t}


# --- layout --------------------------------------------------------------------------


@dataclass
class PrintLayout:
    """What the template needs to set the page: lines per block, title lines."""

    title_lines: list[str]
    title_margin_pt: float
    lines: dict[int, list[typeset.Line]]
    keep: set[int] = field(default_factory=set)  # tables short enough to keep on one page
    classes: dict[str, str] = field(default_factory=dict)  # letter-spacing -> class (print_lines)
    feeds: bool = True  # lines of a paragraph end with a line feed (else <br>, for a tagged PDF)


def layout_document(doc: Document, metrics: Metrics) -> PrintLayout:
    def advance(role: str, text: str) -> list[float]:
        return metrics.advances(_RUN_ROLE.get(role, role), text, typeset.BODY_PT)

    lines: dict[int, list[typeset.Line]] = {}
    for i, b in enumerate(doc.blocks):
        if isinstance(b, Heading):
            role = {1: "heading1", 2: "heading2"}.get(b.level, "body")
            lines[i] = typeset.break_lines([(role, b.full_text)], advance, first_indent=typeset.INDENT_PT)
        elif isinstance(b, Paragraph):
            runs = [(r.role, r.text) for r in b.runs]
            if b.align == "justify":
                lines[i] = typeset.break_lines(runs, advance, first_indent=typeset.INDENT_PT if b.indent else 0.0)
            else:
                lines[i] = typeset.break_lines(runs, advance, justify=False)
    title = typeset.title_lines(
        doc.title, doc.meta.author, lambda text: metrics.advances("title", text, typeset.TITLE_PT)
    )
    keep = {
        i
        for i, b in enumerate(doc.blocks)
        if isinstance(b, Table) and table_height_estimate(b) < 0.9 * typeset.TEXT_HEIGHT_PT
    }
    return PrintLayout(title, title_margin(len(title)), lines, keep)


#: Type size of the official tables in the PDF (templates/report.css), by size class.
TABLE_PT = {"normal": 12.0, "small": 9.0, "tiny": 9.0}
_TABLE_LINE = 1.3  # line-height in print.css
_CELL_PAD = 5.0 + 0.75  # horizontal padding and border of a cell, pt


def table_height_estimate(table: Table) -> float:
    """A generous estimate of a table's printed height, in pt.

    A table that fits on a page is kept whole (it moves to the next page with its
    heading); a longer one must be allowed to break between rows, else WeasyPrint
    leaves its heading alone at the foot of a page.
    """
    import math

    size = TABLE_PT.get(table.size, 12.0)
    total_w = sum(table.col_weights) or 1.0
    widths = [typeset.TEXT_WIDTH_PT * w / total_w for w in table.col_weights]
    height = 0.0
    occupied: set[tuple[int, int]] = set()  # (row, column) covered by a rowspan above
    for r, row in enumerate(table.header + table.body):
        col = 0
        lines = 1
        for cell in row:
            while (r, col) in occupied:
                col += 1
            width = sum(widths[col : col + cell.colspan]) - _CELL_PAD
            for dr in range(1, cell.rowspan):
                for dc in range(cell.colspan):
                    occupied.add((r + dr, col + dc))
            col += cell.colspan
            if cell.rowspan > 1:
                continue
            text_w = sum(size if unicodedata.east_asian_width(c) in "WF" else 0.6 * size for c in cell.text)
            lines = max(lines, math.ceil(text_w / max(width, size)))
        height += lines * size * _TABLE_LINE + 3.75
    return height


#: Title line pitch: 1.25 grid lines (2号 characters need more room than 3号 ones).
TITLE_LINE_PT = 1.25 * typeset.LINE_PITCH_PT


def title_margin(n_lines: int) -> float:
    """Space below the title: one blank line (GB/T 9704), the title's own lines
    being ``TITLE_LINE_PT`` apart."""
    return typeset.LINE_PITCH_PT


# --- rendering -----------------------------------------------------------------------


def _make_fetcher(allowed: set[str]):
    """A WeasyPrint URL fetcher that serves only ``allowed`` URLs (our font files)."""
    from giar_gen.writers.pdf_start import import_weasyprint

    import_weasyprint()
    from weasyprint.urls import URLFetcher

    class OnlyOurFiles(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in allowed:
                raise ValueError(f"giar-gen 不加载外部资源：{url}")
            return super().fetch(url, headers)

    return OnlyOurFiles(allowed_protocols={"file"})


def print_html(
    doc: Document, fonts: PrintFonts, layout: PrintLayout, *, bold_subheadings: bool = False, tagged: bool = False
) -> str:
    """The HTML WeasyPrint renders: the report page with the print stylesheet,
    the PDF's own font families and the pre-broken lines (see ``print_lines``;
    ``tagged``: for a tagged PDF, whose structure tree keeps the ``<br>``)."""
    from giar_gen.writers import print_lines

    families = {role: fonts.css_family(role) for role in ROLE_NAMES}
    classes = print_lines.spacing_classes(layout.lines)
    layout = replace(layout, lines=print_lines.collapse_white_space(layout.lines), classes=classes, feeds=not tagged)
    from giar_gen.writers.pdf_ua import LEAK_FREE_CSS

    css = (
        stylesheet("print.css", fonts=families)
        + fonts.font_face_css()
        + print_lines.spacing_css(classes, extra=LEAK_FREE_CSS)
    )
    html = render_html(
        doc,
        extra_css=css,
        layout=layout,
        fonts=families,
        bold_subheadings=bold_subheadings,
        media="print",
    ).decode("utf-8")
    # Charts (inline SVG) name the table font's family list; in the PDF they get the
    # PDF's own families, so that no installed font is embedded whole.
    from xml.sax.saxutils import quoteattr

    from giar_gen.fonts import font_family_css

    screen = "font-family=" + quoteattr(font_family_css("table").replace(", ", ","))
    return html.replace(screen, "font-family=" + quoteattr(families["table"].replace(", ", ",")))


def render_pdf(
    doc: Document,
    *,
    pdf_variant: str | None = None,
    pdf_tags: bool = False,
    bold_subheadings: bool = False,
    system_fonts: bool = True,
    font_sources: dict[str, list[FontSource]] | None = None,
) -> bytes:
    """The report as PDF bytes.

    ``pdf_variant='pdf/a-2b'`` writes PDF/A-2b (sRGB output intent, XMP metadata);
    ``pdf_tags=True`` a tagged PDF (structure for screen readers);
    ``bold_subheadings`` sets the "（一）" and "1." headings in bold (a house habit,
    not GB/T 9704); ``system_fonts=False`` ignores installed fonts and uses the
    bundled ones only (the output is then the same on every machine);
    ``font_sources``: the fonts ``resolve_font_sources`` chose, if already known.
    """
    if pdf_variant is not None and pdf_variant not in PDF_VARIANTS:
        raise ValueError(f"不支持的 PDF 变体：{pdf_variant}（可用：{'、'.join(PDF_VARIANTS)}）")
    import logging

    from giar_gen.writers.pdf_start import font_configuration, import_weasyprint
    from giar_gen.writers.pdf_ua import print_html_class

    weasyprint = import_weasyprint()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    from giar_gen.lifeline import scratch_dir

    with (
        scratch_dir(),
        tempfile.TemporaryDirectory(prefix="giar-gen-fonts-") as tmp,
        font_configuration() as font_config,
    ):
        fonts = prepare_fonts(
            role_texts(doc),
            Path(tmp),
            bold_roles=bold_texts(doc) if bold_subheadings else None,
            system_fonts=system_fonts,
            sources=font_sources,
        )
        layout = layout_document(doc, Metrics(fonts))
        html = print_html(doc, fonts, layout, bold_subheadings=bold_subheadings, tagged=pdf_tags)
        allowed = {p.resolve().as_uri() for p in fonts.files.values()}
        document = print_html_class(weasyprint)(
            string=html,
            base_url=None,
            url_fetcher=_make_fetcher(allowed),
        ).render(pdf_variant=pdf_variant, pdf_tags=pdf_tags, font_config=font_config)
        from giar_gen.writers.print_lines import canonical

        identifier = (
            hashlib.sha256(
                canonical(html).replace(tmp, "").encode("utf-8")
                + b"".join(p.read_bytes() for _, p in sorted(fonts.files.items()))
                + repr((pdf_variant, pdf_tags)).encode("ascii")
            )
            .hexdigest()[:32]
            .encode("ascii")
        )
        _set_metadata(document, doc)
        return document.write_pdf(
            pdf_identifier=identifier,
            pdf_variant=pdf_variant,
            pdf_tags=pdf_tags,
            full_fonts=True,  # the fonts are already subset to this document
        )


def _set_metadata(document, doc: Document) -> None:
    stamp = None
    if doc.meta.date:
        stamp = _dt.datetime.fromisoformat(doc.meta.date).replace(tzinfo=_dt.UTC).isoformat()
    document.metadata.title = doc.meta.title
    document.metadata.authors = [doc.meta.author]
    document.metadata.description = doc.meta.subject
    document.metadata.keywords = list(doc.meta.keywords)
    document.metadata.generator = "giar-gen"
    document.metadata.created = stamp
    document.metadata.modified = stamp
    document.metadata.lang = doc.meta.lang


__all__ = [
    "PDF_VARIANTS",
    "FontSource",
    "PrintFonts",
    "PrintLayout",
    "Metrics",
    "resolve_font_sources",
    "prepare_fonts",
    "role_texts",
    "bold_texts",
    "layout_document",
    "print_html",
    "render_pdf",
]
