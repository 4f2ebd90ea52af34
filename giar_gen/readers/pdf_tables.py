"""Tables of a PDF page, read from the page geometry.

A PDF has no tables, only characters placed at positions and lines drawn
on the page. Used by :mod:`giar_gen.readers.pdf`, this module works on a
neutral description of a page (:class:`PageData`: characters with their
boxes, ruling segments), whatever library extracted it, and finds the
tables the ruling lines draw:

1. ruling segments: drawn lines, and thin filled rectangles (how Chrome,
   WPS and many Word exports draw cell borders); a larger rectangle gives
   its four sides only when it is stroked (a frame), never when it is a
   filled background (a shaded cell, a card, a text highlight);
2. segments that touch each other form one table; the x of its vertical
   segments and the y of its horizontal ones make the grid;
3. two neighbouring grid cells with no ruling between them are one merged
   cell: that is how a merged header cell becomes a ``rowspan``/``colspan``;
4. each character belongs to the cell its centre falls in, so a blank cell
   stays blank (``""``) instead of taking its neighbour's text.

Coordinates are PDF points with the origin at the top left of the page
(``top`` grows downwards), as pdfplumber and pdftotext give them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Distance (points) within which two ruling lines are the same line.
SNAP = 2.0
#: A filled rectangle thinner than this is a ruling line, not a background.
THIN = 3.0


@dataclass
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 10.0
    bold: bool = False

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Seg:
    """A horizontal (``h``) or vertical (``v``) ruling: ``at`` is its y (for
    ``h``) or x (for ``v``), ``a``..``b`` its extent along the other axis."""

    kind: str
    at: float
    a: float
    b: float


@dataclass
class PageData:
    number: int
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    segs: list[Seg] = field(default_factory=list)
    images: int = 0  # image area covering a sizeable part of the page


def rect_segments(x0: float, top: float, x1: float, bottom: float, stroked: bool) -> list[Seg]:
    """The rulings a rectangle draws (see the module docstring)."""
    w, h = x1 - x0, bottom - top
    if w < THIN and h < THIN:
        return []
    if h < THIN:
        return [Seg("h", (top + bottom) / 2, x0, x1)]
    if w < THIN:
        return [Seg("v", (x0 + x1) / 2, top, bottom)]
    if not stroked:
        return []
    return [Seg("h", top, x0, x1), Seg("h", bottom, x0, x1), Seg("v", x0, top, bottom), Seg("v", x1, top, bottom)]


def line_segment(x0: float, top: float, x1: float, bottom: float) -> list[Seg]:
    """The ruling of a drawn line (diagonals are not rulings)."""
    if abs(bottom - top) <= SNAP and x1 - x0 > SNAP:
        return [Seg("h", (top + bottom) / 2, x0, x1)]
    if abs(x1 - x0) <= SNAP and bottom - top > SNAP:
        return [Seg("v", (x0 + x1) / 2, top, bottom)]
    return []


# ---------------------------------------------------------------------------
# segments → grids


def _merge(segs: list[Seg]) -> list[Seg]:
    """Collinear segments joined: the same line drawn in pieces (one per cell)."""
    out: list[Seg] = []
    for kind in ("h", "v"):
        group = sorted((s for s in segs if s.kind == kind), key=lambda s: (s.at, s.a))
        lines: list[list[Seg]] = []
        for s in group:
            if lines and abs(s.at - lines[-1][0].at) <= SNAP:
                lines[-1].append(s)
            else:
                lines.append([s])
        for line in lines:
            at = sum(s.at for s in line) / len(line)
            cur: Seg | None = None
            for s in sorted(line, key=lambda s: s.a):
                if cur is not None and s.a <= cur.b + SNAP:
                    cur.b = max(cur.b, s.b)
                else:
                    cur = Seg(kind, at, s.a, s.b)
                    out.append(cur)
    return out


def _touch(h: Seg, v: Seg) -> bool:
    return h.a - SNAP <= v.at <= h.b + SNAP and v.a - SNAP <= h.at <= v.b + SNAP


def _components(segs: list[Seg]) -> list[list[Seg]]:
    """Groups of segments that touch (one table each)."""
    parent = list(range(len(segs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [i for i, s in enumerate(segs) if s.kind == "h"]
    vs = [i for i, s in enumerate(segs) if s.kind == "v"]
    for i in hs:
        for j in vs:
            if _touch(segs[i], segs[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[Seg]] = {}
    for i, s in enumerate(segs):
        groups.setdefault(find(i), []).append(s)
    return list(groups.values())


def _cluster(values: list[float]) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= SNAP:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _covered(segs: list[Seg], at: float, a: float, b: float) -> bool:
    """Whether rulings at ``at`` cover most of ``a``..``b``."""
    need = b - a
    if need <= 0:
        return True
    got = 0.0
    for s in segs:
        if abs(s.at - at) <= SNAP:
            got += max(0.0, min(b, s.b) - max(a, s.a))
    return got >= 0.7 * need


@dataclass
class Region:
    """A cell of a found table: grid rows ``r0..r1`` and columns ``c0..c1``."""

    r0: int
    c0: int
    r1: int
    c1: int
    box: tuple[float, float, float, float]  # x0, top, x1, bottom
    chars: list[Char] = field(default_factory=list)


@dataclass
class FoundTable:
    page: int
    box: tuple[float, float, float, float]
    xs: list[float]  # the column rulings
    rows: list[list[Region]]
    head: int = 0  # leading rows repeated as the header on a following page
    column: int = 0  # 1 left or 2 right column of a page printed in two; 0 across the page

    @property
    def top(self) -> float:
        return self.box[1]

    def texts(self) -> list[list[str]]:
        return [[cell_text(r.chars) for r in row] for row in self.rows]


def _grid(segs: list[Seg], page: int) -> FoundTable | None:
    hs = [s for s in segs if s.kind == "h"]
    vs = [s for s in segs if s.kind == "v"]
    ys, xs = _cluster([s.at for s in hs]), _cluster([s.at for s in vs])
    if len(ys) < 2 or len(xs) < 2:
        return None
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = {(i, j): (i, j) for i in range(nr) for j in range(nc)}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    inside = {}
    for i in range(nr):
        for j in range(nc):
            # a grid cell with no ruling on any side lies outside an irregular table
            inside[i, j] = (
                _covered(vs, xs[j], ys[i], ys[i + 1])
                or _covered(vs, xs[j + 1], ys[i], ys[i + 1])
                or _covered(hs, ys[i], xs[j], xs[j + 1])
                or _covered(hs, ys[i + 1], xs[j], xs[j + 1])
            )
            if j + 1 < nc and not _covered(vs, xs[j + 1], ys[i], ys[i + 1]):
                parent[find((i, j + 1))] = find((i, j))
            if i + 1 < nr and not _covered(hs, ys[i + 1], xs[j], xs[j + 1]):
                parent[find((i + 1, j))] = find((i, j))
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for k in parent:
        groups.setdefault(find(k), []).append(k)
    regions = []
    for cells in groups.values():
        if not any(inside[k] for k in cells):
            continue
        r0, r1 = min(i for i, _ in cells), max(i for i, _ in cells)
        c0, c1 = min(j for _, j in cells), max(j for _, j in cells)
        regions.append(Region(r0, c0, r1, c1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])))
    if len(regions) < 2:
        return None
    regions = _compact(regions)
    rows: dict[int, list[Region]] = {}
    for r in regions:
        rows.setdefault(r.r0, []).append(r)
    ordered = [sorted(rows[i], key=lambda r: r.c0) for i in sorted(rows)]
    return FoundTable(page, (xs[0], ys[0], xs[-1], ys[-1]), xs, ordered)


def _compact(regions: list[Region]) -> list[Region]:
    """Grid rows (columns) where no cell starts are rulings drawn only in
    part of the table: fold them into the cells that span them."""
    for axis in ("r", "c"):
        starts = sorted({getattr(r, axis + "0") for r in regions})
        index = {v: k for k, v in enumerate(starts)}
        for r in regions:
            lo, hi = getattr(r, axis + "0"), getattr(r, axis + "1")
            new_lo = index[lo]
            new_hi = max(k for v, k in index.items() if v <= hi)
            setattr(r, axis + "0", new_lo)
            setattr(r, axis + "1", new_hi)
    return regions


def find_tables(page: PageData) -> list[FoundTable]:
    """The ruled tables of a page, top to bottom, each character that falls
    in a cell assigned to it (and so removed from the running text)."""
    tables = [t for comp in _components(_merge(page.segs)) if (t := _grid(comp, page.number))]
    tables.sort(key=lambda t: (t.box[1], t.box[0]))
    placed = [(ch, _region_of(ch, tables)) for ch in page.chars]
    overlay = _overlay({id(ch) for ch, r in placed if r is not None}, placed)
    for ch, region in placed:
        if region is not None and id(ch) not in overlay:
            region.chars.append(ch)
    return tables


def _overlay(inside: set[int], placed: list[tuple[Char, Region | None]]) -> set[int]:
    """Characters inside a table that are not cell text: a run of text (one
    size, one line, no wide gap) that runs across three cells or more, with
    characters lying across a cell border, is printed over the table (a
    heading a browser repeats, a stamp's caption); so is a run in another
    size that continues it to the right on the same baseline. Cell text stays inside its
    cell, however close the cells are."""
    where = {id(ch): r for ch, r in placed}
    by_size: dict[float, list[Char]] = {}
    for ch, r in placed:
        if r is not None:
            by_size.setdefault(round(ch.size), []).append(ch)
    runs: list[list[Char]] = []
    for chars in by_size.values():
        for line in group_lines(chars):
            line.sort(key=lambda c: c.x0)
            runs.append([line[0]])
            for ch in line[1:]:
                if ch.x0 - runs[-1][-1].x1 <= 1.0 * ch.size:
                    runs[-1].append(ch)
                else:
                    runs.append([ch])
    over = []
    for run in runs:
        cells = {id(where[id(c)]) for c in run}
        straddles = any(c.x0 < where[id(c)].box[0] - 1 or c.x1 > where[id(c)].box[2] + 1 for c in run)
        if len(run) >= 4 and len(cells) >= 3 and straddles:
            over.append(run)
    grown = True
    while grown:
        grown = False
        for run in runs:
            if any(run is o for o in over):
                continue
            for o in over:
                gap = run[0].x0 - o[-1].x1  # starts where the overlay ends, no overlap
                if -1 <= gap <= 1.5 * max(run[0].size, o[0].size) and abs(run[-1].bottom - o[-1].bottom) <= 1.5:
                    over.append(run)
                    grown = True
                    break
    return {id(c) for run in over for c in run}


def assigned(tables: list[FoundTable]) -> set[int]:
    """The characters (by ``id``) that are cell text of the tables."""
    return {id(ch) for t in tables for row in t.rows for r in row for ch in r.chars}


def _region_of(ch: Char, tables: list[FoundTable]) -> Region | None:
    for t in tables:
        x0, top, x1, bottom = t.box
        if not (x0 <= ch.cx <= x1 and top <= ch.cy <= bottom):
            continue
        for row in t.rows:
            for r in row:
                bx0, btop, bx1, bbottom = r.box
                if bx0 <= ch.cx <= bx1 and btop <= ch.cy <= bbottom:
                    return r
    return None


# ---------------------------------------------------------------------------
# text of a cell

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’]")


def join_pieces(left: str, right: str) -> str:
    """Two pieces of one text: no space between CJK (or full-width) text, a
    space between two Latin words or numbers."""
    if not left or not right:
        return left + right
    if _CJK.match(left[-1]) or _CJK.match(right[0]) or left.endswith((" ", "-", "/")):
        return left + right
    return left + " " + right


def line_text(chars: list[Char]) -> str:
    """Characters of one line, left to right, with a space where the gap
    between two Latin characters is a word gap."""
    out = ""
    prev: Char | None = None
    for ch in sorted(chars, key=lambda c: c.x0):
        if prev is not None and ch.x0 - prev.x1 > 0.25 * max(ch.size, 1) and out and not out.endswith(" "):
            if not (_CJK.match(prev.text) or _CJK.match(ch.text)):
                out += " "  # a word gap between Latin letters or digits; CJK text has none
        out += ch.text
        prev = ch
    return re.sub(r"\s+", " ", out).strip()


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into lines by their vertical centre, top to bottom."""
    lines: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: (c.cy, c.x0)):
        if lines:
            last = lines[-1]
            ref = sum(c.cy for c in last) / len(last)
            if abs(ch.cy - ref) <= 0.45 * max(ch.size, last[0].size):
                last.append(ch)
                continue
        lines.append([ch])
    return lines


def cell_text(chars: list[Char]) -> str:
    """A cell's text: its lines joined (a label wrapped in a narrow cell is one label)."""
    text = ""
    for line in group_lines(chars):
        text = join_pieces(text, line_text(line))
    return text.strip()


# ---------------------------------------------------------------------------
# tables continued over a page break


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] - SNAP and b[0] < a[2] - SNAP


def _same_columns(s: FoundTable, t: FoundTable) -> bool:
    return len(s.xs) == len(t.xs) and all(abs(a - b) <= 3 * SNAP for a, b in zip(s.xs, t.xs))


def item_box(item) -> tuple[float, float, float, float]:
    """The box of a table, or of a line of text (``x0, top, x1, bottom``)."""
    if isinstance(item, FoundTable):
        return item.box
    return (item.x0, item.top, item.x1, item.bottom)


def item_page(item) -> int:
    return item.page


def join_continued(flow: list, page_of=item_page) -> list:
    """Tables continued on the next page joined into one: ``t`` (first in
    its columns on its page) continues ``s`` (last in its columns on the
    page before) when both have the same column rulings. ``flow`` is the
    document's items (tables and lines) in reading order."""
    out: list = []
    for item in flow:
        if isinstance(item, FoundTable):
            prev = _continued_from(item, out, flow, page_of, item_box)
            if prev is not None:
                _append(prev, item)
                continue
        out.append(item)
    return out


def _continued_from(t: FoundTable, done: list, flow: list, page_of, item_box) -> FoundTable | None:
    page = t.page
    if any(
        page_of(i) == page and i is not t and _overlap(item_box(i), t.box) and item_box(i)[1] < t.box[1] for i in flow
    ):
        return None
    for s in reversed(done):
        if not isinstance(s, FoundTable) or page_of(s) != page - 1 or not _same_columns(s, t):
            continue
        last = s.rows[-1][0].box[3] if s.rows and s.rows[-1] else s.box[3]
        below = [
            i
            for i in done
            if page_of(i) == page - 1 and i is not s and _overlap(item_box(i), s.box) and item_box(i)[1] >= last - SNAP
        ]
        if not below:
            return s
    return None


def _append(s: FoundTable, t: FoundTable) -> None:
    """The rows of ``t`` after those of ``s``, without the repeated header,
    a merged cell cut by the page break made whole."""
    st, tt = s.texts(), t.texts()
    k = 0
    while k < min(len(st), len(tt) - 1) and st[k] == tt[k] and any(tt[k]):
        k += 1
    rows = t.rows[k:]
    if not rows:
        return
    s.head = max(s.head, k)
    bottom = max(r.r1 for row in s.rows for r in row)
    base = min(r.r0 for r in rows[0])
    reaching = [r for row in s.rows for r in row if r.r1 == bottom]
    first = []
    for c in rows[0]:
        match = next(
            (r for r in reaching if abs(r.box[0] - c.box[0]) <= 3 * SNAP and abs(r.box[2] - c.box[2]) <= 3 * SNAP), None
        )
        if match is not None and not cell_text(c.chars) and match.r1 - match.r0 >= 0 and _spans_down(match, s):
            match.r1 += c.r1 - c.r0 + 1
            continue
        first.append(c)
    rows = [first] + rows[1:]
    for row in rows:
        for r in row:
            r.r0 += bottom + 1 - base
            r.r1 += bottom + 1 - base
    s.rows.extend(row for row in rows if row)
    s.box = (s.box[0], s.box[1], s.box[2], max(s.box[3], t.box[3]))


def _spans_down(r: Region, s: FoundTable) -> bool:
    """A cell of the last row that is a row label (merged over rows, or a
    label with text): the part on the next page continues it."""
    return r.r1 > r.r0 or (bool(cell_text(r.chars)) and not any(ch.text.isdigit() for ch in r.chars))
