"""Small SVG charts for the year-over-year comparison and the 图解 page.

A chart is a frozen description (labels and numbers); :meth:`svg` draws it as
one ``<svg>`` element that HTML embeds inline and WeasyPrint prints. Every
label is data: it is XML-escaped when drawn. Fonts are the same family lists
as the report's tables (:func:`giar_gen.fonts.font_family_css`), so the PDF's
per-document font subsets cover the chart texts (``texts()`` lists them).

Output is deterministic: coordinates are rounded to one decimal.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from giar_gen.fonts import font_family_css

#: This year, last year; printable in grey scale (dark vs light).
COLORS = ("#b8312f", "#9aa5b1")
INK = "#222222"
GRID = "#d0d0d0"


def _num(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _r(x: float) -> str:
    s = f"{x:.1f}"
    return s[:-2] if s.endswith(".0") else s


def text_width(s: str, size: float) -> float:
    """Approximate advance width: full-width characters 1 em, others 0.55 em."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else 0.55 * size for c in s)


def wrap(s: str, width: float, size: float) -> list[str]:
    """Break ``s`` into lines no wider than ``width`` (CJK text breaks anywhere)."""
    lines, cur = [], ""
    for ch in s:
        if cur and text_width(cur + ch, size) > width:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        lines.append(cur)
    return lines or [""]


def _text(
    x: float, y: float, s: str, size: float, *, anchor: str = "start", weight: str = "normal", fill: str = INK
) -> str:
    return (
        f'<text x="{_r(x)}" y="{_r(y)}" font-size="{_r(size)}" text-anchor="{anchor}"'
        f'{" font-weight=" + quoteattr(weight) if weight != "normal" else ""} fill="{fill}">{escape(s)}</text>'
    )


def _svg(width: float, height: float, body: str, label: str) -> str:
    # No space after the commas: WeasyPrint's SVG text splits the list on ","
    # and strips quotes only, so ' "GiarGen Song"' would not match.
    family = quoteattr(font_family_css("table").replace(", ", ","))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_r(width)} {_r(height)}" '
        f'width="100%" role="img" aria-label={quoteattr(label)} font-family={family}>'
        f"<title>{escape(label)}</title>{body}</svg>"
    )


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple  # one number (or None) per category
    color: str = COLORS[0]


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars: one row per category, one bar per series."""

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    note: str = ""  # printed after the title, e.g. "（单位：件）"

    WIDTH = 600.0
    SIZE = 13.0

    def texts(self) -> tuple[str, ...]:
        nums = tuple(_num(v) for s in self.series for v in s.values)
        return (self.title, self.note, *self.categories, *(s.name for s in self.series), *nums)

    def map_text(self, f: Callable[[str], str]) -> BarChart:
        return dataclasses.replace(
            self,
            title=f(self.title),
            note=f(self.note),
            categories=tuple(f(c) for c in self.categories),
            series=tuple(dataclasses.replace(s, name=f(s.name)) for s in self.series),
        )

    def draw(self, width: float) -> tuple[str, float]:
        """The chart's SVG elements for ``width`` and the height they take."""
        size = self.SIZE
        label_w = min(width * 0.34, max(text_width(c, size) for c in self.categories) + 8) if self.categories else 0
        value_w = max([text_width(_num(v), size) for s in self.series for v in s.values] + [size]) + 6
        x0 = label_w + 6
        bar_area = max(width - x0 - value_w, 10)
        top = 0.0
        out: list[str] = []
        if self.title:
            out.append(_text(0, top + size + 2, self.title + self.note, size + 1, weight="bold"))
            top += size + 10
        if len(self.series) > 1:
            x = x0
            for s in self.series:
                out.append(
                    f'<rect x="{_r(x)}" y="{_r(top + 2)}" width="{_r(size)}" height="{_r(size * 0.8)}" fill="{s.color}"/>'
                )
                out.append(_text(x + size + 4, top + size * 0.8, s.name, size - 1))
                x += size + 12 + text_width(s.name, size - 1)
            top += size + 8
        numbers = [float(v) for s in self.series for v in s.values if v is not None]
        peak = max(numbers + [0.0]) or 1.0
        bar_h = size * 0.95
        gap = 4.0
        bars_top = top
        for i, cat in enumerate(self.categories):
            lines = wrap(cat, label_w, size)
            block = max(len(self.series) * (bar_h + 2), len(lines) * (size + 2)) + gap * 2
            mid = top + block / 2
            first = mid - (len(lines) - 1) * (size + 2) / 2 + size * 0.35
            for j, line in enumerate(lines):
                out.append(_text(label_w, first + j * (size + 2), line, size, anchor="end"))
            y = mid - len(self.series) * (bar_h + 2) / 2
            for s in self.series:
                v = s.values[i]
                w = 0.0 if v is None else bar_area * float(v) / peak
                if w > 0:
                    out.append(
                        f'<rect x="{_r(x0)}" y="{_r(y)}" width="{_r(max(w, 0.8))}" height="{_r(bar_h)}" fill="{s.color}"/>'
                    )
                out.append(_text(x0 + w + 4, y + bar_h * 0.8, _num(v), size - 1))
                y += bar_h + 2
            top += block
        out.append(
            f'<line x1="{_r(x0)}" y1="{_r(bars_top)}" x2="{_r(x0)}" y2="{_r(top)}" stroke="{GRID}" stroke-width="1"/>'
        )
        return "".join(out), top + 4

    def svg(self) -> str:
        body, height = self.draw(self.WIDTH)
        return _svg(self.WIDTH, height, body, self.title or "图表")


@dataclass(frozen=True)
class Tile:
    """A big number with its label (and, when known, last year's number)."""

    label: str
    value: object
    unit: str = "件"
    previous: object = None
    previous_label: str = ""


@dataclass(frozen=True)
class InfoSheet:
    """The 图解 page: a row of number tiles above a column of bar charts, drawn
    as one SVG whose proportions fit one A4 text block. ``heading`` names the
    drawing for screen readers (the page title is printed by the document)."""

    heading: str
    tiles: tuple[Tile, ...]
    charts: tuple[BarChart, ...]
    footer: str = ""

    WIDTH = 780.0

    def texts(self) -> tuple[str, ...]:
        out = [self.heading, self.footer]
        for t in self.tiles:
            out += [t.label, _num(t.value), t.unit, t.previous_label, _num(t.previous)]
        for c in self.charts:
            out += c.texts()
        return tuple(out)

    def map_text(self, f: Callable[[str], str]) -> InfoSheet:
        return dataclasses.replace(
            self,
            heading=f(self.heading),
            footer=f(self.footer),
            tiles=tuple(
                dataclasses.replace(t, label=f(t.label), unit=f(t.unit), previous_label=f(t.previous_label))
                for t in self.tiles
            ),
            charts=tuple(c.map_text(f) for c in self.charts),
        )

    def svg(self) -> str:
        w = self.WIDTH
        out: list[str] = []
        top = 0.0
        per_row = 3 if len(self.tiles) > 4 else max(len(self.tiles), 1)
        gap = 12.0
        tile_w = (w - gap * (per_row - 1)) / per_row
        tile_h = 96.0
        for i, t in enumerate(self.tiles):
            r, c = divmod(i, per_row)
            x, y = c * (tile_w + gap), top + r * (tile_h + gap)
            out.append(
                f'<rect x="{_r(x)}" y="{_r(y)}" width="{_r(tile_w)}" height="{_r(tile_h)}" rx="6" '
                f'fill="#fbf3f2" stroke="{COLORS[0]}" stroke-width="1.2"/>'
            )
            value = _num(t.value)
            out.append(
                f'<text x="{_r(x + tile_w / 2)}" y="{_r(y + 46)}" text-anchor="middle" fill="{COLORS[0]}">'
                f'<tspan font-size="34" font-weight="bold">{escape(value)}</tspan>'
                f'<tspan font-size="14" dx="3">{escape(t.unit)}</tspan></text>'
            )
            lines = wrap(t.label, tile_w - 16, 13)[:2]
            for j, line in enumerate(lines):
                out.append(_text(x + tile_w / 2, y + 66 + j * 15, line, 13, anchor="middle"))
            if t.previous_label:
                out.append(
                    _text(
                        x + tile_w - 8,
                        y + 16,
                        f"{t.previous_label} {_num(t.previous)}",
                        11,
                        anchor="end",
                        fill="#666666",
                    )
                )
        rows = -(-len(self.tiles) // per_row) if self.tiles else 0
        top += rows * (tile_h + gap) + 10
        for chart in self.charts:
            body, h = chart.draw(w)
            out.append(f'<g transform="translate(0 {_r(top)})">{body}</g>')
            top += h + 18
        if self.footer:
            out.append(_text(w, top + 10, self.footer, 11, anchor="end", fill="#666666"))
            top += 18
        return _svg(w, top, "".join(out), self.heading or "图解")


def bar_chart(
    title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence]], unit: str = ""
) -> BarChart:
    """A :class:`BarChart` from plain lists; series colours in :data:`COLORS` order."""
    return BarChart(
        title=title,
        categories=tuple(categories),
        note=f"（单位：{unit}）" if unit and title else "",
        series=tuple(Series(name, tuple(values), COLORS[i % len(COLORS)]) for i, (name, values) in enumerate(series)),
    )
