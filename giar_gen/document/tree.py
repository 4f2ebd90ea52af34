"""The document tree: the one intermediate form every writer walks.

A :class:`Document` is a title, metadata and a flat list of blocks:
:class:`Heading`, :class:`Paragraph`, :class:`Table` (header and body rows of
:class:`Cell` with ``rowspan``/``colspan``) and :class:`Signature`. All text is
final here (numbers already formatted, headings already numbered), so the
HTML, PDF and DOCX writers cannot disagree about content: they only decide
how it looks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Run:
    """A stretch of text with one role: ``body``, or a run-in heading
    (``heading2``: "（一）…", ``heading3``: "1." / "（1）") that starts a paragraph."""

    text: str
    role: Literal["body", "heading2", "heading3", "heading4"] = "body"


@dataclass(frozen=True)
class Heading:
    """A heading on a line of its own.

    ``level`` 1 is a part ("一、总体情况"), 2 is "（一）…", 3 is "1." and 4 is
    "（1）". ``number`` is the printed numbering ("一、"), ``text`` the rest.
    """

    level: int
    text: str
    number: str = ""

    @property
    def full_text(self) -> str:
        return f"{self.number}{self.text}"


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    align: Literal["justify", "left", "center", "right"] = "justify"
    indent: bool = True  # first line indented by two characters
    role: Literal["body", "intro", "contact", "note"] = "body"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Cell:
    text: str
    role: Literal["header", "label", "value", "empty"] = "value"
    rowspan: int = 1
    colspan: int = 1
    ref: tuple[str, str] | None = None  # (row id, column id) of an official table cell

    @property
    def is_header(self) -> bool:
        return self.role in ("header", "label")


@dataclass(frozen=True)
class Table:
    """A table with merged cells. ``header`` rows repeat on every page."""

    id: str  # official table id (``applications``) or a local id
    header: tuple[tuple[Cell, ...], ...]
    body: tuple[tuple[Cell, ...], ...]
    width: int  # number of grid columns
    caption: str = ""
    row_header_width: int = 0  # how many leading grid columns are row labels
    size: Literal["normal", "small", "tiny"] = "normal"
    col_weights: tuple[float, ...] = ()  # relative column widths, one per grid column
    edition: str = ""


@dataclass(frozen=True)
class Signature:
    name: str
    date: str


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Figure:
    """A chart, drawn as inline SVG in HTML and PDF (DOCX has no SVG: it omits it).

    ``chart`` is one of :mod:`giar_gen.document.charts`: its labels are data, escaped
    when drawn; ``chart.texts()`` lists them, ``chart.map_text(f)`` returns a
    copy with ``f`` applied to each (used for 繁體 output).
    """

    chart: object
    caption: str = ""

    def svg(self) -> str:
        return self.chart.svg()  # type: ignore[attr-defined]

    @property
    def texts(self) -> tuple[str, ...]:
        return (self.caption, *self.chart.texts())  # type: ignore[attr-defined]


Block = Heading | Paragraph | Table | Signature | PageBreak | Figure


@dataclass
class Meta:
    title: str
    author: str  # the agency
    subject: str = "政府信息公开工作年度报告"
    keywords: tuple[str, ...] = ()
    year: int = 0
    date: str = ""  # ISO date of publication: the fixed timestamp of every output
    lang: str = "zh-CN"


@dataclass
class Document:
    title: str
    meta: Meta
    blocks: list[Block] = field(default_factory=list)
    data: dict = field(default_factory=dict)  # machine-readable figures, for the HTML data block

    def text(self) -> str:
        """All visible text in reading order (tests and the fonts check use it)."""
        out = [self.title]
        for b in self.blocks:
            if isinstance(b, Heading):
                out.append(b.full_text)
            elif isinstance(b, Paragraph):
                out.append(b.text)
            elif isinstance(b, Table):
                out.append(b.caption)
                for row in b.header + b.body:
                    out.extend(c.text for c in row)
            elif isinstance(b, Signature):
                out.extend([b.name, b.date])
            elif isinstance(b, Figure):
                out.extend(b.texts)
        return "\n".join(out)
