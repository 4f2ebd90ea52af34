"""Reader for saved web pages (ours and other people's), on the standard
library's :mod:`html.parser`.

Government pages are rarely well-formed: unclosed ``<p>`` and ``<td>``,
layout tables wrapping the whole page, tables nested in tables. The reader
builds a small element tree with the tag-closing rules a browser applies
(a ``<td>`` closes the open cell, a ``<tr>`` the open row, a stray end tag is
ignored), then walks it:

* block elements (``p``, ``div``, ``h1``–``h6``, ``li``, ``br``, …) end a line
  of text; ``script``, ``style`` and hidden elements are skipped;
* a table that contains another table, or has only one column, is layout: its
  cells are read as running text;
* any other table is a data table: its rows of ``td``/``th`` with their
  ``rowspan``/``colspan``.

Page metadata comes from ``<title>`` and ``<meta>`` (author, publication date
under the names sites commonly use, generator).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from giar_gen.limits import MAX_REPORT_BYTES, read_limited
from giar_gen.readers import RawCell, RawDocument, TableBlock, TextBlock, decode_bytes

#: Deepest element nesting kept; real pages stay well under 100.
MAX_DEPTH = 200

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
    "basefont",
    "frame",
    "keygen",
}
SKIP = {
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "svg",
    "math",
    "select",
    "textarea",
    "button",
    "head",
}
BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "center",
    "hr",
    "br",
    "form",
    "fieldset",
    "address",
    "figure",
    "figcaption",
    "caption",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "tfoot",
    "body",
    "html",
}
CELL = {"td", "th"}
ROW_GROUP = {"thead", "tbody", "tfoot"}
HEADINGS = {"h1": "title", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading"}

#: ``<meta name=…>`` names that carry a publication date, most specific first.
DATE_META = (
    "dcterms.created",
    "pubdate",
    "publishdate",
    "firstpublishedtime",
    "dc.date",
    "dc.date.created",
    "article:published_time",
    "publish_date",
    "date",
)
TITLE_META = ("articletitle", "dc.title", "og:title", "title")
AUTHOR_META = ("author", "contentsource", "dc.creator", "sitename")

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list = field(default_factory=list)  # Node or (text, pos)
    pos: tuple[int, int] | None = None
    parent: Node | None = None


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack: list[Node] = [self.root]
        self.skip_depth = 0
        self.skip_tag: str | None = None
        self.meta: dict[str, str] = {}
        self.in_title = False
        self.title_parts: list[str] = []

    # -- helpers ----------------------------------------------------------
    def _pos(self) -> tuple[int, int]:
        line, col = self.getpos()
        return line, col + 1

    def _close_to(self, tags: set[str], stop: set[str]) -> bool:
        """Pop up to and including the nearest element in ``tags``, not crossing ``stop``."""
        for i in range(len(self.stack) - 1, 0, -1):
            t = self.stack[i].tag
            if t in tags:
                del self.stack[i:]
                return True
            if t in stop:
                return False
        return False

    def _has_open(self, tag: str, stop: set[str]) -> bool:
        for node in reversed(self.stack[1:]):
            if node.tag == tag:
                return True
            if node.tag in stop:
                return False
        return False

    # -- parser events ------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("name") or a.get("property") or a.get("http-equiv") or "").lower()
            if key and "content" in a:
                self.meta.setdefault(key, a["content"])
            return
        if tag == "title" and not self.skip_depth:
            self.in_title = True
            return
        if self.skip_depth:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        if tag in SKIP and tag != "head" or _HIDDEN.search(a.get("style", "")) or "hidden" in a:
            if tag not in VOID:
                self.skip_tag, self.skip_depth = tag, 1
            return
        if tag == "head":
            return
        if tag in CELL:
            self._close_to(CELL, {"tr", "table"})
            if not self._has_open("tr", {"table"}) and self._has_open("table", set()):
                self._open("tr", {})
        elif tag == "tr":
            self._close_to({"tr"} | CELL, {"table"} | ROW_GROUP)
        elif tag in ROW_GROUP:
            self._close_to(ROW_GROUP | {"tr"} | CELL, {"table"})
        elif tag == "p":
            self._close_to({"p"}, {"div", "td", "th", "table", "li", "section", "article", "body"})
        elif tag == "li":
            self._close_to({"li"}, {"ul", "ol", "table"})
        self._open(tag, a)
        if tag in VOID:
            self.stack.pop()

    def _open(self, tag: str, attrs: dict) -> None:
        if len(self.stack) > MAX_DEPTH and tag not in VOID:
            # Deeper elements are not nested further (the tree is walked
            # recursively): their text joins the deepest element kept, and
            # their end tags close nothing, like any stray end tag.
            return
        node = Node(tag, attrs, pos=self._pos(), parent=self.stack[-1])
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        tag = tag.lower()
        if tag not in VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        tag = tag.lower()
        if tag == "title":
            self.in_title = False
            return
        if self.skip_depth:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if not self.skip_depth:
                    self.skip_tag = None
            return
        if tag in VOID:
            return
        if tag in CELL or tag == "tr" or tag in ROW_GROUP:
            self._close_to({tag}, {"table"})
        elif tag == "table":
            self._close_to({"table"}, set())
        else:
            self._close_to({tag}, {"td", "th", "table"})

    def handle_data(self, data):
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skip_depth or not data:
            return
        self.stack[-1].children.append((data, self._pos()))


# ---------------------------------------------------------------------------
# walking the tree


def _text_of(node: Node) -> str:
    """All text inside ``node``, lines joined without separator (a cell label
    broken by ``<br>`` is one label)."""
    out: list[str] = []
    for ch in node.children:
        if isinstance(ch, Node):
            out.append(_text_of(ch))
        else:
            out.append(ch[0])
    return "".join(out)


def _has_descendant(node: Node, tag: str) -> bool:
    for ch in node.children:
        if isinstance(ch, Node) and (ch.tag == tag or _has_descendant(ch, tag)):
            return True
    return False


def _rows(table: Node, with_head: bool = False):
    """The rows of a table in order (with whether each is in ``<thead>``)."""
    rows = []
    for ch in table.children:
        if not isinstance(ch, Node):
            continue
        if ch.tag == "tr":
            rows.append((ch, False))
        elif ch.tag in ROW_GROUP:
            rows.extend((r, ch.tag == "thead") for r in ch.children if isinstance(r, Node) and r.tag == "tr")
    return rows if with_head else [r for r, _ in rows]


def _span(value: str | None) -> int:
    m = re.match(r"\s*(\d+)", value or "")
    return max(1, min(int(m.group(1)), 1000)) if m else 1


def _is_layout_table(table: Node) -> bool:
    if _has_descendant(table, "table"):
        return True
    widths = [
        sum(_span(c.attrs.get("colspan")) for c in r.children if isinstance(c, Node) and c.tag in CELL)
        for r in _rows(table)
    ]
    return not widths or max(widths) < 2


class _Walker:
    def __init__(self) -> None:
        self.blocks: list = []
        self.line: list[str] = []
        self.line_pos: tuple[int, int] | None = None
        self.hint = "para"

    def flush(self) -> None:
        text = _clean("".join(self.line))
        if text:
            self.blocks.append(TextBlock(text, pos=self.line_pos, hint=self.hint))  # type: ignore[arg-type]
        self.line, self.line_pos, self.hint = [], None, "para"

    def walk(self, node: Node) -> None:
        for ch in node.children:
            if not isinstance(ch, Node):
                text, pos = ch
                if text.strip() and self.line_pos is None:
                    self.line_pos = pos
                self.line.append(text)
                continue
            if ch.tag == "table" and not _is_layout_table(ch):
                self.flush()
                self.blocks.append(_data_table(ch))
                continue
            if ch.tag in BLOCK:
                self.flush()
                self.walk(ch)
                if ch.tag in HEADINGS:
                    self.hint = HEADINGS[ch.tag]
                self.flush()
            else:
                self.walk(ch)


def _data_table(table: Node) -> TableBlock:
    rows = []
    head = 0
    for r, in_head in _rows(table, with_head=True):
        if in_head and head == len(rows):
            head += 1
        cells = []
        for c in r.children:
            if isinstance(c, Node) and c.tag in CELL:
                cells.append(
                    RawCell(
                        _clean(_text_of(c)),
                        rowspan=_span(c.attrs.get("rowspan")),
                        colspan=_span(c.attrs.get("colspan")),
                        pos=c.pos,
                        header=c.tag == "th",
                    )
                )
        rows.append(cells)
    return TableBlock(rows=rows, pos=table.pos, spans=True, head=head)


def _clean(text: str) -> str:
    text = text.replace("\xa0", " ").replace("\ufffd", "").replace("\u200b", "")
    text = re.sub(r"[ \t\r\n\f]+", " ", text)
    return text.strip()


def read_html(path: Path) -> RawDocument:
    data = read_limited(path, MAX_REPORT_BYTES, "报告文件")
    m = _CHARSET.search(data[:4096])
    text = decode_bytes(data, m.group(1).decode("ascii", "replace") if m else None)
    return parse_html(text, path)


def parse_html(text: str, path: Path) -> RawDocument:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    walker = _Walker()
    walker.walk(builder.root)
    walker.flush()
    doc = RawDocument(path=path, format="html", blocks=walker.blocks, source=text)
    _meta(doc, builder)
    return doc


def _meta(doc: RawDocument, b: _TreeBuilder) -> None:
    meta = b.meta
    title = _clean("".join(b.title_parts))
    for key in TITLE_META:
        if meta.get(key):
            title = _clean(meta[key])
            break
    if title:
        doc.meta["title"] = title
    for key in AUTHOR_META:
        if meta.get(key):
            doc.meta["author"] = _clean(meta[key])
            break
    for key in DATE_META:
        if meta.get(key):
            doc.meta["date"] = _clean(meta[key])
            break
    if meta.get("generator"):
        doc.meta["generator"] = _clean(meta["generator"])
