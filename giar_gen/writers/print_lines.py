"""Markup of the lines the PDF writer has broken itself (the print HTML only).

Each line of a paragraph or heading is justified by its own letter-spacing
(:mod:`giar_gen.writers.typeset`). Written as ``<span style="letter-spacing:…">``
followed by ``<br>``, every line cost WeasyPrint an inline style to parse and
cascade and two more boxes (the ``<br>`` and its generated line feed): a third
of the layout time of a long report. Here instead:

* each distinct spacing is a class (``ls0``, ``ls1`` …, a few dozen per report,
  the grid spacing among them), declared once in the page's style sheet with
  exactly the value the inline style had;
* a line of a paragraph ends with a line feed inside its span, kept by
  ``white-space: pre`` on the pre-broken block, instead of a ``<br>``; runs of
  white space in a line are collapsed as ``white-space: nowrap`` collapsed them
  before. Headings keep the ``<br>`` (their text is the PDF bookmark, which a
  line feed would enter), and so does a tagged PDF (its structure tree lists
  every element).

The geometry is the same to the last digit, and so is every byte of the PDF:
its identifier is the hash of :func:`canonical`, the page with the spacings
written inline and the ``<br>`` back, as giar-gen wrote it before.
"""

from __future__ import annotations

import re
from dataclasses import replace

from giar_gen.writers.typeset import Line, Segment

_BEGIN = "/* giar-gen: line spacing classes */\n"
_END = "/* end of line spacing classes */\n"
_WHITE = re.compile(r"[ \t\n\r\f]+")


def spacing_value(line: Line) -> str:
    """The letter-spacing of ``line`` as the style sheet writes it (pt, 4 decimals)."""
    return f"{line.letter_spacing:.4f}"


def spacing_classes(blocks: dict[int, list[Line]]) -> dict[str, str]:
    """Spacing value -> class name, in order of value (the same for the same lines)."""
    values = sorted({spacing_value(ln) for lines in blocks.values() for ln in lines}, key=float)
    return {v: f"ls{i}" for i, v in enumerate(values)}


def spacing_css(classes: dict[str, str], extra: str = "") -> str:
    """The rules of the spacing classes, and the line feeds that end the lines;
    ``extra``: more print-only rules that leave the page as it was (they are not
    part of :func:`canonical` either)."""
    rules = "".join(f".{name} {{ letter-spacing: {value}pt; }}\n" for value, name in classes.items())
    return f"{_BEGIN}.lines {{ white-space: pre; }}\n{rules}{extra}{_END}"


def _collapse(segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """White space as ``white-space: nowrap`` renders it: each run one space,
    across the boundaries of the runs too."""
    out: list[Segment] = []
    after_space = False
    for seg in segments:
        text = _WHITE.sub(" ", seg.text)
        if after_space and text.startswith(" "):
            text = text[1:]
        if text:
            after_space = text.endswith(" ")
        out.append(replace(seg, text=text) if text != seg.text else seg)
    return tuple(out)


def collapse_white_space(blocks: dict[int, list[Line]]) -> dict[int, list[Line]]:
    """``blocks`` with the white space of every line collapsed (see :func:`_collapse`)."""
    out = {}
    for i, lines in blocks.items():
        new = []
        for ln in lines:
            segments = _collapse(ln.segments)
            new.append(ln if segments == ln.segments else replace(ln, segments=segments))
        out[i] = new
    return out


_CLASS_SPAN = re.compile(r'<span class="ln (ls\d+)">')
_RULE = re.compile(r"\.(ls\d+) \{ letter-spacing: (-?[\d.]+)pt; \}")


def canonical(html: str) -> str:
    """The page as giar-gen wrote it before the spacing classes: inline
    letter-spacing on each line, ``<br>`` between lines. The PDF identifier is
    its hash, so that the markup can change without changing a byte of the PDF."""
    start = html.find(_BEGIN)
    end = html.find(_END, start)
    if start < 0 or end < 0:
        return html
    block = html[start:end]
    values = dict(_RULE.findall(block))
    html = html[:start] + html[end + len(_END) :]
    html = _CLASS_SPAN.sub(lambda m: f'<span class="ln" style="letter-spacing:{values[m.group(1)]}pt">', html)
    return html.replace("\n</span>", "</span><br>")


__all__ = ["canonical", "collapse_white_space", "spacing_classes", "spacing_css", "spacing_value"]
