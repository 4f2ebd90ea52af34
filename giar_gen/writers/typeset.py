"""Line breaking for the printed page: the GB/T 9704 character grid.

WeasyPrint justifies a line only by widening spaces, and Chinese text has
none, so on its own it leaves a ragged right edge wherever a line holds
half-width digits. The PDF writer therefore breaks the body text into lines
here, with the same font files and HarfBuzz advances that WeasyPrint will use,
and gives each line the letter-spacing that makes it fill the 156 mm text
block exactly: a line of 28 Chinese characters at 3号 (16 pt) gets about
-0.21 pt, a line with digits a little more. Paragraphs' last lines stay on the
plain grid pitch (156 mm / 28).

Line-breaking rules (GB/T 15834 practice): no line starts with a closing or
pause mark (，。、；：？！）》” …), no line ends with an opening mark (（《“ …),
"——" and "……" are never split, and a run of digits or Latin letters
("2023", "020-12345678") stays on one line. When a closing mark would start a
line, the line is squeezed slightly to take it; if that would be too tight,
the last character moves down instead and the line is spread.

The title is broken the way a 公文 title is: at meaningful boundaries (after
the agency's name, before the year), never leaving a rectangle or an
hourglass shape when a trapezoid is possible.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

MM = 72 / 25.4  # pt per mm
TEXT_WIDTH_PT = 156 * MM  # the text block (版心) is 156 × 225 mm
TEXT_HEIGHT_PT = 225 * MM
CHARS_PER_LINE = 28
LINES_PER_PAGE = 22
BODY_PT = 16.0  # 3号
TITLE_PT = 22.0  # 2号
LINE_PITCH_PT = 28.95  # 22 lines in 225 mm
CHAR_PITCH_PT = TEXT_WIDTH_PT / CHARS_PER_LINE  # ≈ 15.793 pt
GRID_LETTER_SPACING = CHAR_PITCH_PT - BODY_PT  # ≈ -0.207 pt
INDENT_PT = 2 * CHAR_PITCH_PT  # first-line indent: two characters

# How far a line may be squeezed (to take a closing mark), in pt of letter-spacing
# below the grid value. A line is spread as far as it takes to reach the right edge.
MAX_SQUEEZE_PT = 0.65
#: Beyond this (pt of letter-spacing above the grid) a justified line is loose: its
#: runs of digits and Latin letters keep the grid spacing, the Chinese take the rest.
LOOSE_PT = 2.0

#: Characters that must not begin a line.
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉］｝”’…—·‰％℃,.;:?!)]}>%ー～々〻ゝゞヽヾ")
#: Characters that must not end a line.
NO_LINE_END = frozenset("（《「『【〔〈［｛“‘([{<")
#: Marks written as a pair that must stay together.
_PAIRS = ("——", "……")
#: A run kept on one line: digits, Latin letters and the punctuation inside numbers,
#: telephone numbers, dates and web addresses.
_WORD = re.compile(r"[0-9A-Za-z\uFF10-\uFF19][0-9A-Za-z\uFF10-\uFF19.,:/\-+_@#&%‰'~=?]*")

#: A run of Latin letters and digits longer than this may break inside (web addresses).
_LONG_WORD = 16
_URL_BREAK = re.compile(r"[/.\-_?&=]+")

Advance = Callable[[str, str], list[float]]
"""``advance(role, text)`` -> the advance of each character of ``text`` in pt (at the
role's size). Characters after the first of a shaping cluster get 0."""


@dataclass(frozen=True)
class Segment:
    role: str  # "body", "heading2", ... (the run's role in the document tree)
    text: str
    tight: bool = False  # set at the line's ``tight_spacing`` (digits, Latin in a loose line)


@dataclass(frozen=True)
class Line:
    segments: tuple[Segment, ...]
    letter_spacing: float  # pt, applied between every two characters of the line
    width: float  # pt, from the first character's left edge to the last one's right edge
    tight_spacing: float | None = None  # pt, for the ``tight`` segments (see ``_make_loose_line``)

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


@dataclass
class _Unit:
    chars: list[tuple[str, str, float]]  # (role, char, advance)
    space: bool = False

    @property
    def first(self) -> str:
        return self.chars[0][1]

    @property
    def last(self) -> str:
        return self.chars[-1][1]

    @property
    def advance(self) -> float:
        return sum(a for _, _, a in self.chars)


def _units(runs: Sequence[tuple[str, str]], advance: Advance) -> list[_Unit]:
    chars: list[tuple[str, str, float]] = []
    for role, text in runs:
        if text:
            chars.extend(zip([role] * len(text), text, advance(role, text)))
    text = "".join(c for _, c, _ in chars)
    units: list[_Unit] = []
    i = 0
    while i < len(chars):
        m = _WORD.match(text, i)
        if m:
            j = m.end()
            if j - i > _LONG_WORD:  # a web address: may break after / . - _ ? & =
                cut = _URL_BREAK.search(text, i + 1, j - 1)
                if cut:
                    j = cut.end()
        elif text.startswith(_PAIRS, i):
            j = i + 2
        else:
            j = i + 1
            # keep combining marks and variation selectors with their base
            while j < len(text) and (unicodedata.combining(text[j]) or 0xFE00 <= ord(text[j]) <= 0xFE0F):
                j += 1
        units.append(_Unit(chars[i:j], space=text[i:j].isspace()))
        i = j
    return units


def _break_allowed(units: list[_Unit], k: int) -> bool:
    """May a line end between ``units[k-1]`` and ``units[k]``?"""
    if k <= 0 or k >= len(units):
        return True
    before, after = units[k - 1], units[k]
    if after.space:
        return False  # break after the space, not before it
    if before.space:
        return True
    return after.first not in NO_LINE_START and before.last not in NO_LINE_END


def _trim(units: list[_Unit], a: int, b: int) -> tuple[int, int]:
    while a < b and units[a].space:
        a += 1
    while b > a and units[b - 1].space:
        b -= 1
    return a, b


def _measure(units: list[_Unit], a: int, b: int) -> tuple[float, int]:
    """(sum of advances, number of characters) of units[a:b]."""
    adv = 0.0
    n = 0
    for u in units[a:b]:
        adv += u.advance
        n += len(u.chars)
    return adv, n


def _natural(units: list[_Unit], a: int, b: int, spacing: float) -> float:
    """Width of units[a:b] on the grid: each character takes its advance plus the
    grid spacing (a cell of the 28-character grid for a Chinese character)."""
    a, b = _trim(units, a, b)
    adv, n = _measure(units, a, b)
    return adv + n * spacing


def _make_line(units: list[_Unit], a: int, b: int, spacing: float) -> Line:
    a, b = _trim(units, a, b)
    segments: list[Segment] = []
    for u in units[a:b]:
        for role, ch, _ in u.chars:
            if segments and segments[-1].role == role:
                segments[-1] = Segment(role, segments[-1].text + ch)
            else:
                segments.append(Segment(role, ch))
    adv, n = _measure(units, a, b)
    return Line(tuple(segments), spacing, adv + max(n - 1, 0) * spacing)


def _make_loose_line(units: list[_Unit], a: int, b: int, avail: float, grid_spacing: float) -> Line | None:
    """A line that must be spread far (the next word did not fit): the space goes
    between the Chinese characters, while runs of digits and Latin letters
    (``510000``, ``2023``) keep the grid spacing and stay legible as numbers.
    None when the line has no such run, or nothing else to spread."""
    a, b = _trim(units, a, b)
    chars = [
        (role, ch, adv, u.space is False and _WORD.match(u.chars[0][1]) is not None)
        for u in units[a:b]
        for role, ch, adv in u.chars
    ]
    if not any(t for *_, t in chars):
        return None
    gaps = chars[:-1]  # the letter-spacing after each character but the last
    tight = sum(1 for *_, t in gaps if t)
    loose = len(gaps) - tight
    if loose == 0:
        return None
    adv = sum(c[2] for c in chars)
    spacing = (avail - adv - tight * grid_spacing) / loose
    segments: list[Segment] = []
    for role, ch, _, t in chars:
        if segments and segments[-1].role == role and segments[-1].tight == t:
            segments[-1] = Segment(role, segments[-1].text + ch, t)
        else:
            segments.append(Segment(role, ch, t))
    return Line(tuple(segments), spacing, avail, tight_spacing=grid_spacing)


def break_lines(
    runs: Sequence[tuple[str, str]],
    advance: Advance,
    *,
    width: float = TEXT_WIDTH_PT,
    first_indent: float = 0.0,
    justify: bool = True,
    grid_spacing: float = GRID_LETTER_SPACING,
) -> list[Line]:
    """Break a paragraph (a sequence of ``(role, text)`` runs) into lines.

    Every line but the last is justified to ``width`` (the first to ``width -
    first_indent``) by its letter-spacing when ``justify``; other lines keep
    ``grid_spacing``.
    """
    units = _units(runs, advance)
    lines: list[Line] = []
    start = 0
    eps = 0.01
    while start < len(units):
        start, _ = _trim(units, start, len(units))
        if start >= len(units):
            break
        avail = width - (first_indent if not lines else 0.0)
        end = start
        while end < len(units) and _natural(units, start, end + 1, grid_spacing) <= avail + eps:
            end += 1
        if end >= len(units):
            lines.append(_make_line(units, start, len(units), grid_spacing))
            break
        if end == start:
            end = start + 1  # a single unit wider than the line: it overflows
        cut = end
        if not _break_allowed(units, cut):
            # (a) squeeze: take the marks that may not start the next line
            fwd = cut
            while fwd < len(units) and not _break_allowed(units, fwd):
                fwd += 1
            adv, n = _measure(units, *_trim(units, start, fwd))
            squeezed = (avail - adv) / (n - 1) if n > 1 else 0.0
            if fwd - cut <= 2 and squeezed >= grid_spacing - MAX_SQUEEZE_PT:
                cut = fwd
            else:
                # (b) move characters down to the next line
                back = cut
                while back > start + 1 and not _break_allowed(units, back):
                    back -= 1
                cut = back if _break_allowed(units, back) else end
        a, b = _trim(units, start, cut)
        adv, n = _measure(units, a, b)
        spacing = grid_spacing
        if justify and n > 1:
            # every line but the paragraph's last reaches the right edge, however
            # loose: also before an unbreakable run (a telephone number) that
            # did not fit; only an overfull line keeps the grid spacing
            fill = (avail - adv) / (n - 1)
            if fill > grid_spacing + LOOSE_PT:
                loose = _make_loose_line(units, start, cut, avail, grid_spacing)
                if loose is not None:
                    lines.append(loose)
                    start = cut
                    continue
            if fill >= grid_spacing - MAX_SQUEEZE_PT - eps:
                spacing = fill
        lines.append(_make_line(units, start, cut, spacing))
        start = cut
    return lines


# --- the title -------------------------------------------------------------------

_TITLE_MAX_LINES = 4
# Characters after which a title may break when no better place is known: the
# ends of administrative names.
_NAME_ENDS = "省市区县旗州盟镇乡道局委厅办府院会署部室处所站队中心司"


def title_lines(
    title: str,
    agency: str,
    advance: Callable[[str], list[float]],
    *,
    width: float = TEXT_WIDTH_PT,
) -> list[str]:
    """Break a report title into centred lines of a pleasing shape.

    ``advance(text)`` gives each character's width in pt at the title size.
    GB/T 9704 §7.3.1: a title breaks where the meaning allows (词意完整) and its
    lines form a trapezoid or diamond. So the break goes after the agency's
    name (wherever the name stands: the 图解 title starts with “图解：”), before
    the year; “2024年” is never torn from “政府信息公开工作年度报告”, nor “2024”
    from its “年”. Other breaks fall after the end of an administrative name,
    and only as a last resort anywhere the line-breaking rules allow (a line
    more is taken rather than a break inside a name). The best breaks win, then
    the best shape: an upper line as long as or longer than the lower one
    (an inverted trapezoid or a rectangle), a diamond, never an hourglass.
    """
    title = title.strip()
    if not title:
        return []
    adv = advance(title)
    total = sum(adv)
    if total <= width + 0.01:
        return [title]
    if total > _TITLE_MAX_LINES * width:  # cannot fit however it is broken: let the renderer wrap
        return [title]
    n = len(title)
    good: dict[int, float] = {}  # break position -> cost of breaking there
    at = title.find(agency) if agency else -1
    if at >= 0 and 0 < at + len(agency) < n:
        good[at + len(agency)] = 0.0
    for m in _YEAR_AND_NAME.finditer(title):
        if m.start() > 0:
            good.setdefault(m.start(), 0.5)
        if m.group(2):
            good[m.start(2)] = _TEAR  # the year torn from the report's name
        for k in range(m.start(2) + 1 if m.group(2) else m.end(), m.end()):
            good[k] = _TEAR / 2  # inside the report's name
    for m in re.finditer(r"政府信息公开工作年度报告|年度报告", title):
        if m.start() > 0:
            good.setdefault(m.start(), 1.0)
    for i, ch in enumerate(title[:-1]):
        if ch in _NAME_ENDS:
            good.setdefault(i + 1, 3.0)

    def allowed(k: int) -> bool:
        return (
            title[k] not in NO_LINE_START
            and title[k - 1] not in NO_LINE_END
            and not (title[k - 1].isdigit() and (title[k].isdigit() or title[k] == "年"))
        )

    def line_width(a: int, b: int) -> float:
        return sum(adv[a:b])

    best: tuple[float, list[int]] | None = None
    fewest = None
    for lines in range(2, _TITLE_MAX_LINES + 1):
        if fewest is not None and lines > fewest + 1:
            break  # one line more than needed, to break at a meaningful place, at most
        for cuts in _cut_choices(n, lines - 1, allowed):
            bounds = [0, *cuts, n]
            widths = [line_width(a, b) for a, b in zip(bounds, bounds[1:])]
            if max(widths) > width + 0.01:
                continue
            fewest = lines if fewest is None else fewest
            cost = sum(good.get(c, 8.0) for c in cuts) + _shape_cost(widths, width) + _EXTRA_LINE * (lines - fewest)
            if best is None or cost < best[0]:
                best = (cost, cuts)
    if best is None:  # nothing fits: let the renderer wrap it
        return [title]
    bounds = [0, *best[1], n]
    return [title[a:b] for a, b in zip(bounds, bounds[1:])]


#: “2024年” and the report's name after it: one unit of meaning
_YEAR_AND_NAME = re.compile(r"(\d{4}年(?:度)?)(政府信息公开工作年度报告(?:图解)?)?")
_TEAR = 20.0
#: what a line more than the fewest possible costs (a break inside a name costs 8)
_EXTRA_LINE = 2.5


def _cut_choices(n: int, k: int, allowed: Callable[[int], bool]) -> Iterable[list[int]]:
    positions = [i for i in range(1, n) if allowed(i)]
    if k == 1:
        for p in positions:
            yield [p]
        return

    def rec(first: int, left: int) -> Iterable[list[int]]:
        for _i, p in enumerate(positions):
            if p <= first:
                continue
            if left == 1:
                yield [p]
            else:
                for rest in rec(p, left - 1):
                    yield [p, *rest]

    yield from rec(0, k)


def _shape_cost(widths: list[float], width: float) -> float:
    """Penalty for the outline of a title (GB/T 9704 §7.3.1: 梯形或菱形). Two
    lines: none when the upper is at least as long as the lower (an inverted
    trapezoid, or a rectangle), a little when it is shorter. More lines: an
    hourglass costs, and so does a shape neither narrowing nor a diamond.
    Lines far apart in length cost, and so does a short widow line."""
    em = TITLE_PT
    cost = 0.0
    if len(widths) == 2:
        if widths[0] < widths[1] - em:
            cost += 1.0
        elif widths[0] < widths[1] - 0.01:  # nearly a rectangle: the upper line the longer
            cost += 0.2
    else:
        middle = widths[1:-1]
        if min(middle) < min(widths[0], widths[-1]) - em:  # hourglass
            cost += 4.0
        narrowing = all(a >= b - em for a, b in zip(widths, widths[1:]))
        diamond = max(middle) >= max(widths[0], widths[-1]) - em
        if not (narrowing or diamond):
            cost += 1.0
    for a, b in zip(widths, widths[1:]):
        cost += max(0.0, abs(a - b) - 8 * em) / em  # very unequal lines
    if min(widths) < 4 * em:
        cost += 3.0
    return cost
