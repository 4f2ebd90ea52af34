"""Report layouts: which parts a report has, in which order, with which titles.

The built-in layouts are data files in ``templates/layouts/`` (``five-part``
for the 2019 Regulation, ``nine-part`` for the 2008 one). A part has a
``key`` (what the YAML ``正文`` mapping uses), a printed ``title``, whether the
layout requires it, and optionally the official table it prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from .resources import templates

import yaml

CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    required: bool = False
    table: str | None = None  # id of the official table this part prints
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Layout:
    id: str
    name: str
    regulation: str
    parts: tuple[Part, ...]
    first_year: int | None = None
    last_year: int | None = None

    def part(self, key: str) -> Part | None:
        for p in self.parts:
            if key == p.key or key == p.title or key in p.aliases:
                return p
        return None

    def covers(self, year: int) -> bool:
        lo = self.first_year or 0
        return year >= lo and (self.last_year is None or year <= self.last_year)


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for part numbers)."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
    return head + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def layout_from_data(data: dict) -> Layout:
    years = data.get("years") or [None, None]
    parts = tuple(
        Part(
            key=p["key"], title=p.get("title", p["key"]), required=bool(p.get("required", False)),
            table=p.get("table"), aliases=tuple(p.get("aliases", ())),
        )
        for p in data["parts"]
    )
    return Layout(
        id=data["id"], name=data.get("name", data["id"]), regulation=str(data.get("regulation", "")),
        parts=parts, first_year=years[0], last_year=years[1],
    )


@cache
def builtin_layouts() -> dict[str, Layout]:
    folder = templates() / "layouts"
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml"):
            lay = layout_from_data(yaml.safe_load(entry.read_text(encoding="utf-8")))
            out[lay.id] = lay
    return out


def builtin_layout(name: str) -> Layout | None:
    """A built-in layout by id (``five-part``) or Chinese name (``五部分``)."""
    for lay in builtin_layouts().values():
        if name in (lay.id, lay.name):
            return lay
    return None


def layout_for_year(year: int) -> Layout:
    for lay in builtin_layouts().values():
        if lay.covers(year):
            return lay
    return builtin_layouts()["five-part"]
