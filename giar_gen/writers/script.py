"""Traditional-character (繁體) output through OpenCC.

The conversion works on the document tree, after :func:`giar_gen.document.compose.compose`
and before any writer: every text a reader sees (title, headings, paragraphs,
table labels, signature, document metadata, figure captions and chart labels)
is converted; ids, roles, CSS classes and the other markup are not touched, so
HTML, PDF and DOCX come out of the same converted tree.

The machine-readable figures (``Document.data``, the HTML data block and the
JSON/CSV files) keep the official simplified labels: they are keys that
programs match, and must be the same in every script.

Scripts (``--script`` on the command line, ``文字`` in the data file):

========  ==================  =========  ==============================================
name      data-file values    html lang  OpenCC configuration
========  ==================  =========  ==============================================
hans      简体                zh-CN      none (the text as written)
hant      繁体                zh-Hant    s2tw: the forms most traditional-character pages
                                         print (為、眾、群), no regional vocabulary
s2t       s2t                 zh-Hant    s2t: OpenCC's standard forms (爲、衆、羣)
s2tw      繁体-台湾           zh-TW      s2tw: Taiwan standard characters
s2twp     繁体-台湾用语       zh-TW      s2twp: Taiwan characters and phrasing (信息→資訊;
                                         also rewrites official terms: 文件→檔案)
s2hk      繁体-香港           zh-HK      s2hk: Hong Kong standard characters
========  ==================  =========  ==============================================

``hant`` is the default traditional script because it reads like the 繁體 pages of
mainland government sites (seed 001): against that page, converted back from its
simplified form, ``hant`` differs in 24 of 3,529 characters, all of them places where
the page's own converter left a simplified form (關于 for 關於, 采取 for 採取); ``s2t``
differs in 41 (爲、衆、羣 for 為、眾、群).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import cache

from giar_gen.document.tree import (
    Cell,
    Document,
    Figure,
    Heading,
    Meta,
    Paragraph,
    Signature,
    Table,
)
from giar_gen.model.scripts import ALIASES, FIELD_VALUES, SCRIPTS, Script, resolve  # noqa: F401  (re-exported)


@cache
def converter(config: str) -> Callable[[str], str]:
    """OpenCC's ``convert`` for a configuration (created once per process)."""
    import opencc

    return opencc.OpenCC(config).convert


def convert_text(text: str, script: Script | str) -> str:
    """``text`` in ``script``, with the same font fallback as :func:`convert_document`."""
    if isinstance(script, str):
        script = resolve(script)
    if script.opencc is None or not text:
        return text
    raw = converter(script.opencc)
    out = raw(text)
    return _fallback(text, out, _uncovered(out), raw)


def _uncovered(text: str) -> set[str]:
    """Characters of ``text`` that a bundled font of some role lacks."""
    from giar_gen.fonts import ROLE_NAMES, uncovered_characters

    out: set[str] = set()
    for role in ROLE_NAMES:
        out.update(uncovered_characters(text, roles=[role]))
    return out


def _fallback(src: str, out: str, bad: set[str], conv: Callable[[str], str]) -> str:
    """Replace the characters of ``out`` no bundled font has: by the
    character-by-character conversion of the source character when the fonts
    have that (复议: 複議 → 復議, the form seed 001 prints), else by the source
    character itself (simplified, GB 2312, always covered)."""
    if not bad.intersection(out):
        return out
    if len(out) != len(src):  # a phrase of another length (s2twp): convert char by char
        out = "".join(conv(c) if len(conv(c)) == 1 else c for c in src)
    chars = list(out)
    for i, ch in enumerate(chars):
        if ch in bad:
            alt = conv(src[i])
            chars[i] = alt if len(alt) == 1 and alt not in bad else src[i]
    return "".join(chars)


def convert_document(doc: Document, script: Script | str | None) -> Document:
    """A copy of ``doc`` with every visible text in ``script`` and ``meta.lang`` set.

    The simplified script returns ``doc`` itself. A character the conversion
    produces that the bundled fonts cannot print (OpenCC's phrase tables give
    some forms, such as 複 in 複議, that the fonts' character set lacks) is
    replaced as :func:`_fallback` says, so no output has a missing glyph.
    """
    script = resolve(script) if not isinstance(script, Script) else script
    if script.opencc is None:
        return doc
    raw = converter(script.opencc)
    done: dict[str, str] = {}

    def first(text: str) -> str:
        out = done.get(text)
        if out is None:
            out = done[text] = raw(text)
        return out

    converted = _convert_tree(doc, first, script.lang)
    bad = _uncovered("".join(done.values()))
    if not bad:
        return converted
    return _convert_tree(doc, lambda text: _fallback(text, done[text], bad, raw), script.lang)


def _convert_tree(doc: Document, conv: Callable[[str], str], lang: str) -> Document:
    rep = dataclasses.replace

    def cell(c: Cell) -> Cell:
        return rep(c, text=conv(c.text)) if c.text else c

    def block(b):
        if isinstance(b, Heading):
            return rep(b, text=conv(b.text), number=conv(b.number))
        if isinstance(b, Paragraph):
            return rep(b, runs=tuple(rep(r, text=conv(r.text)) for r in b.runs))
        if isinstance(b, Table):
            return rep(
                b,
                caption=conv(b.caption),
                header=tuple(tuple(cell(c) for c in row) for row in b.header),
                body=tuple(tuple(cell(c) for c in row) for row in b.body),
            )
        if isinstance(b, Signature):
            return rep(b, name=conv(b.name), date=conv(b.date))
        if isinstance(b, Figure):
            return rep(b, caption=conv(b.caption), chart=b.chart.map_text(conv))
        return b

    meta: Meta = rep(
        doc.meta,
        title=conv(doc.meta.title),
        author=conv(doc.meta.author),
        subject=conv(doc.meta.subject),
        keywords=tuple(conv(k) for k in doc.meta.keywords),
        lang=lang,
    )
    return Document(title=conv(doc.title), meta=meta, blocks=[block(b) for b in doc.blocks], data=doc.data)
