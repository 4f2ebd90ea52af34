"""The four bundled faces: where they come from and what they are called.

The family names are new ones ("GiarGen ..."): LXGW WenKai's Debian copyright file
declares the Reserved Font Names "霞鹜" and "LXGW", which a Modified Version (a subset)
may not use, so every bundled face is renamed in the same way. See PROVENANCE.md.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Face:
    key: str
    family: str  # new family name (name IDs 1 and 16)
    style: str  # name ID 2 / 17
    weight: int  # usWeightClass and CSS font-weight
    filename: str  # file inside giar_gen/fonts/
    package: str  # Debian package it is cut from
    source: str  # path of the source file inside the package
    index: int  # face index in the source file (TTC)
    source_name: str  # expected full name (name ID 4) of that face
    stand_in_for: str


FACES: tuple[Face, ...] = (
    Face(
        key="song-regular",
        family="GiarGen Song",
        style="Regular",
        weight=400,
        filename="GiarGenSong-Regular.otf",
        package="fonts-noto-cjk",
        source="usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        index=2,
        source_name="Noto Serif CJK SC",
        stand_in_for="宋体 (body text, tables, page numbers; 仿宋 fallback)",
    ),
    Face(
        key="song-bold",
        family="GiarGen Song",
        style="Bold",
        weight=700,
        filename="GiarGenSong-Bold.otf",
        package="fonts-noto-cjk",
        source="usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
        index=2,
        source_name="Noto Serif CJK SC Bold",
        stand_in_for="小标宋 (title)",
    ),
    Face(
        key="hei-regular",
        family="GiarGen Hei",
        style="Regular",
        weight=400,
        filename="GiarGenHei-Regular.otf",
        package="fonts-noto-cjk",
        source="usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        index=2,
        source_name="Noto Sans CJK SC",
        stand_in_for="黑体 (level-1 headings)",
    ),
    Face(
        key="kai-regular",
        family="GiarGen Kai",
        style="Regular",
        weight=400,
        filename="GiarGenKai-Regular.ttf",
        package="fonts-lxgw-wenkai",
        source="usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
        index=0,
        source_name="LXGW WenKai",
        stand_in_for="楷体 (level-2 headings)",
    ),
)

FACES_BY_KEY: dict[str, Face] = {f.key: f for f in FACES}

# OpenType layout features kept (horizontal and vertical CJK metrics, width variants,
# kerning for Latin). 'locl' is left out on purpose: in Noto CJK it pulls in the
# Japanese, Korean and Traditional glyph variants (~8,500 glyphs) that zh-CN text
# never selects.
LAYOUT_FEATURES: tuple[str, ...] = (
    "ccmp",
    "liga",
    "kern",
    "vkrn",
    "vert",
    "vrt2",
    "halt",
    "palt",
    "vhal",
    "vpal",
    "fwid",
    "hwid",
    "pwid",
)


def tag(s: str) -> int:
    """An OpenType tag as the integer HarfBuzz wants."""
    return int.from_bytes(s.encode("ascii").ljust(4, b" "), "big")
