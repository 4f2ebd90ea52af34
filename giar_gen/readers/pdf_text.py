"""The running text of a PDF in reading order, as paragraphs.

Used by :mod:`giar_gen.readers.pdf` on the characters the table finder
(:mod:`giar_gen.readers.pdf_tables`) left over:

* characters become lines by their vertical position, and a line is cut
  where a wide gap separates two pieces of text (two columns side by side);
* a page printed in two columns (a gutter no text crosses, with text on both
  sides at the same heights) is read left column first, then right; a line
  or table that crosses the gutter (a heading over both columns) is read in
  its place between them;
* running page chrome is dropped: page numbers ("— 3 —", "-3-", "第3页
  共9页", "3/9") in the top or bottom margin of a page, and a header or
  footer repeated in the margins of most pages;
* lines a PDF wrapped are joined back into one paragraph: a line that
  reaches the right edge of its column, followed by one that starts at the
  left edge (not indented) in the same size, at the ordinary line spacing,
  continues the paragraph, also across a page break (in a column at the same
  place); CJK text is joined without a space;
* the largest lines at the top of the first page are the title (joined into
  one line); a short line in bold or in a larger size is a heading.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .pdf_tables import Char, FoundTable, PageData, group_lines, item_box, join_pieces, line_text


@dataclass
class Line:
    """A line (or a piece of one, in a column) of running text."""

    text: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool = False
    left: float = 0.0  # the edges of its column on its page
    right: float = 0.0
    hint: str = "para"
    joined: int = 1  # how many printed lines it was made of
    end_page: int = 0  # the page of its last printed line (0: ``page``)
    column: int = 0  # 1 left or 2 right column of a page printed in two; 0 across the page

    @property
    def last_page(self) -> int:
        return self.end_page or self.page


Item = Line | FoundTable


def _fragments(chars: list[Char], page: int) -> list[Line]:
    """Lines of characters, cut at gaps wider than a column gutter."""
    out: list[Line] = []
    for group in group_lines(chars):
        group.sort(key=lambda c: c.x0)
        piece: list[Char] = [group[0]]
        for ch in group[1:]:
            if ch.x0 - piece[-1].x1 > max(2.0 * ch.size, 14.0):
                out.append(_line(piece, page))
                piece = []
            piece.append(ch)
        out.append(_line(piece, page))
    return [line for line in out if line.text]


def _line(chars: list[Char], page: int) -> Line:
    sizes = Counter(round(c.size, 1) for c in chars if c.text.strip())
    size = sizes.most_common(1)[0][0] if sizes else chars[0].size
    bold = sum(c.bold for c in chars) > len(chars) / 2
    return Line(
        clean_text(line_text(chars)),
        page,
        min(c.x0 for c in chars),
        min(c.top for c in chars),
        max(c.x1 for c in chars),
        max(c.bottom for c in chars),
        size,
        bold,
    )


def clean_text(text: str) -> str:
    """Compatibility forms some PDF fonts map characters to (the Kangxi
    radical ⼆ for 二, compatibility ideographs) as the ordinary characters."""
    return "".join(
        unicodedata.normalize("NFKC", ch) if ("\u2e80" <= ch <= "\u2fdf" or "\uf900" <= ch <= "\ufaff") else ch
        for ch in text
    )


# ---------------------------------------------------------------------------
# reading order


def _gutter(items: list[Item], width: float) -> float | None:
    """The x of a gutter between two columns of text, if the page has one."""
    boxes = [item_box(i) for i in items]
    if len(boxes) < 6:
        return _pair_gutter(boxes, width)
    best: tuple[int, float] | None = None
    x = width * 0.25
    while x <= width * 0.75:
        crossing = sum(1 for b in boxes if b[0] < x - 2 and b[2] > x + 2)
        if best is None or crossing < best[0]:
            best = (crossing, x)
        x += 2.0
    if best is None or best[0] > max(2, len(boxes) // 5):
        return None
    g = best[1]
    left = [b for b in boxes if b[2] <= g + 2]
    right = [b for b in boxes if b[0] >= g - 2]
    side_by_side = sum(1 for r in right if any(lb[1] < r[3] and r[1] < lb[3] for lb in left))
    # a column of text fills its width: most of its lines end near the gutter
    # (label-and-value lines such as "联系人：…  电话：…" do not)
    full = sum(1 for lb in left if g - lb[2] < 0.08 * width)
    return g if side_by_side >= 3 and full * 2 >= len(left) else None


def _pair_gutter(boxes: list[tuple[float, float, float, float]], width: float) -> float | None:
    """The gutter between two wide items side by side (two tables, or two
    blocks of text, each over a third of the page wide, at the same height):
    a page too sparse for :func:`_gutter` that is still printed in two columns."""
    wide = [b for b in boxes if b[2] - b[0] > width / 3]
    for a in wide:
        for b in wide:
            if a[2] < b[0] and a[1] < b[3] and b[1] < a[3] and a[2] < width * 0.6 and b[0] > width * 0.4:
                return (a[2] + b[0]) / 2
    return None


def reading_order(items: list[Item], width: float) -> list[list[Item]]:
    """The items of a page in reading order, as runs of one column each; on
    a page printed in two columns, each item's ``column`` says where it stands
    (1 left, 2 right, 0 across both: a heading over the columns)."""
    items = sorted(items, key=lambda i: (item_box(i)[1], item_box(i)[0]))
    g = _gutter(items, width)
    if g is None:
        return [items]
    runs: list[list[Item]] = []
    left: list[Item] = []
    right: list[Item] = []

    def flush() -> None:
        runs.extend(r for r in (left[:], right[:]) if r)
        left.clear()
        right.clear()

    for item in items:
        b = item_box(item)
        if b[0] < g - 2 and b[2] > g + 2:
            flush()
            runs.append([item])
        elif b[2] <= g + 2:
            item.column = 1
            left.append(item)
        else:
            item.column = 2
            right.append(item)
    flush()
    return runs


def _join_same_line(run: list[Item]) -> list[Item]:
    """Pieces of one line in one column (text spaced out like a table
    without rulings) joined with a space, left to right."""
    out: list[Item] = []
    for item in run:
        prev = out[-1] if out else None
        if (
            isinstance(item, Line)
            and isinstance(prev, Line)
            and abs(item.top - prev.top) < 0.5 * item.size
            and item.x0 >= prev.x1
        ):
            prev.text = prev.text + " " + item.text
            prev.x1 = item.x1
            prev.bottom = max(prev.bottom, item.bottom)
            continue
        out.append(item)
    return out


def _set_margins(run: list[Item]) -> None:
    lines = [i for i in run if isinstance(i, Line)]
    if not lines:
        return
    # the edges most lines share: a heading set further out, or one overlong
    # line, does not move them
    starts = Counter(round(line.x0) for line in lines)
    left = min(x for x, k in starts.items() if k == max(starts.values()))
    ends = sorted(line.x1 for line in lines)
    right = ends[int(len(ends) * 0.9)] if len(ends) > 3 else ends[-1]
    for line in lines:
        line.left, line.right = left, right


def page_flow(page: PageData, tables: list[FoundTable], free: list[Char]) -> list[Item]:
    """The lines and tables of one page in reading order."""
    items: list[Item] = list(_fragments(free, page.number)) + list(tables)
    flow: list[Item] = []
    for run in reading_order(items, page.width):
        run = _join_same_line(run)
        _set_margins(run)
        flow.extend(run)
    return flow


# ---------------------------------------------------------------------------
# page chrome

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－~·•]*(?:第\s*)?[0-9]{1,4}(?:\s*页)?(?:\s*[/／]\s*[0-9]{1,4}|\s*[,，]?\s*共\s*[0-9]{1,4}\s*页)?[\s\-—–－~·•]*$"
    r"|^[\s\-—–－]*(?:page|p\.)\s*[0-9]{1,4}(?:\s*(?:of|/)\s*[0-9]{1,4})?[\s\-—–－]*$",
    re.I,
)


def _in_margin(line: Line, height: float) -> bool:
    return line.bottom < height * 0.1 or line.top > height * 0.9


def drop_chrome(flows: list[list[Item]], heights: list[float]) -> list[list[Item]]:
    """Page numbers, and headers or footers repeated on most pages, removed."""

    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))

    seen: Counter[str] = Counter()
    for flow, h in zip(flows, heights):
        seen.update({key(i) for i in flow if isinstance(i, Line) and _in_margin(i, h)})
    n = len(flows)
    repeated = {k for k, c in seen.items() if n >= 2 and c >= max(2, (n + 1) // 2)}
    out = []
    for flow, h in zip(flows, heights):
        out.append(
            [
                i
                for i in flow
                if not (isinstance(i, Line) and _in_margin(i, h) and (_PAGE_NUMBER.match(i.text) or key(i) in repeated))
            ]
        )
    return out


# ---------------------------------------------------------------------------
# paragraphs

_ENDS_SENTENCE = re.compile(r"[。！？；：!?;:]$")
_STARTS_ITEM = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[①-⑳])")


def _continues(prev: Line, nxt: Line, body: float) -> bool:
    """Whether ``nxt`` is the next printed line of the paragraph ``prev`` ends."""
    if prev.hint == "title" or nxt.hint == "title" or abs(prev.size - nxt.size) > 0.6:
        return False
    size = max(prev.size, 1.0)
    if nxt.page != prev.last_page and (abs(nxt.left - prev.left) > 2 * size or abs(nxt.right - prev.right) > 3 * size):
        return False  # the next page's text in another column
    if prev.right - prev.x1 > _first_unit(nxt.text, size) + 0.5 * size:
        return False  # the next line's first word would have fitted: a short line ends its paragraph
    if nxt.x0 > nxt.left + 0.8 * size:  # an indented line starts one
        return False
    if nxt.page == prev.last_page and (nxt.top - prev.bottom > 1.0 * size or nxt.top < prev.top):
        return False
    if nxt.page not in (prev.last_page, prev.last_page + 1):
        return False
    if _ENDS_SENTENCE.search(prev.text) and _STARTS_ITEM.match(nxt.text):
        return False
    return True


_UNIT = re.compile(r"[（(《“\"‘\[【]*(?:[0-9A-Za-z.,%％]+|.)[）)》”\"’\]】、，。；：]*")


def _first_unit(text: str, size: float) -> float:
    """The width of what a typesetter cannot break at the start of a line:
    a character (with its opening bracket and closing punctuation), or a
    Latin word or number."""
    m = _UNIT.match(text)
    unit = m.group(0) if m else text[:1]
    return sum(size if ord(ch) >= 0x2E80 else 0.55 * size for ch in unit)


def body_size(lines: list[Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def mark_title_and_headings(flow: list[Item], body: float) -> None:
    """The title: the lines at the top of the first page set clearly larger
    than the body text. A heading: a short bold or larger line."""
    first_page = min((i.page for i in flow if isinstance(i, Line)), default=1)
    for item in flow:
        if isinstance(item, FoundTable):
            break
        if item.page != first_page or item.size < body * 1.25:
            break
        item.hint = "title"
    for item in flow:
        if (
            isinstance(item, Line)
            and item.hint == "para"
            and len(item.text) <= 40
            and (item.bold or item.size >= body * 1.15)
            and not _ENDS_SENTENCE.search(item.text)
        ):
            item.hint = "heading"


def paragraphs(flow: list[Item]) -> list[Item]:
    """Wrapped lines joined back into paragraphs; the title lines into one."""
    lines = [i for i in flow if isinstance(i, Line)]
    body = body_size(lines)
    mark_title_and_headings(flow, body)
    out: list[Item] = []
    for item in flow:
        prev = out[-1] if out else None
        if isinstance(item, Line) and isinstance(prev, Line):
            if (item.hint == prev.hint == "title") or _continues(prev, item, body):
                prev.text = join_pieces(prev.text, item.text)
                prev.x1, prev.right, prev.left = item.x1, item.right, item.left
                if item.page != prev.last_page:
                    prev.top = item.top
                prev.bottom, prev.end_page = item.bottom, item.page
                prev.joined += 1
                continue
        out.append(item)
    return out
