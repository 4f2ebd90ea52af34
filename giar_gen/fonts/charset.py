"""The character repertoire of the bundled fonts.

Used by ``scripts/build_fonts.py`` (what to keep when cutting the fonts out of the
Debian packages) and by the tests (what the bundled fonts must cover).
"""

from __future__ import annotations

import glob
import os
from functools import cache
from pathlib import Path

# Unicode ranges kept besides GB 2312 and its traditional forms (inclusive bounds).
EXTRA_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0020, 0x007E, "ASCII"),
    (0x00A0, 0x00FF, "Latin-1 Supplement (punctuation, signs, letters)"),
    (0x2010, 0x206F, "General Punctuation"),
    (0x2160, 0x217F, "Roman numerals"),
    (0x2460, 0x2473, "circled numbers 1-20"),
    (0x3000, 0x303F, "CJK Symbols and Punctuation"),
    (0xFF01, 0xFF5E, "full-width ASCII forms"),
    (0xFFE0, 0xFFE6, "full-width signs"),
)

OPENCC_CONFIGS: tuple[str, ...] = ("s2t", "s2tw", "s2hk")


@cache
def gb2312_chars() -> str:
    """All 7,445 characters of GB 2312 (hanzi and symbols), in code order."""
    out = []
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(out)


def gb2312_hanzi() -> str:
    """The 6,763 hanzi of GB 2312."""
    return "".join(c for c in gb2312_chars() if 0x4E00 <= ord(c) <= 0x9FFF)


@cache
def traditional_forms() -> frozenset[str]:
    """Traditional forms of the GB 2312 hanzi that are not in GB 2312.

    Two sources: each hanzi converted on its own (OpenCC s2t, s2tw, s2hk), and
    every CJK Unified Ideograph that OpenCC t2s maps onto a GB 2312 hanzi. The
    second catches forms OpenCC only chooses inside words (复杂 → 複雜, 制作 →
    製作, 关系 → 關係, 汇总 → 彙總), which the first never produces.
    """
    import opencc

    hanzi = gb2312_hanzi()
    found: set[str] = set()
    for config in OPENCC_CONFIGS:
        found.update(opencc.OpenCC(config).convert(hanzi))
    t2s = opencc.OpenCC("t2s")
    hanzi_set = set(hanzi)
    for cp in range(0x4E00, 0xA000):
        c = chr(cp)
        if t2s.convert(c) in hanzi_set:
            found.add(c)
    return frozenset(found - set(gb2312_chars()))


def range_chars() -> frozenset[str]:
    """Every code point of EXTRA_RANGES (a font need not have all of them)."""
    return frozenset(chr(cp) for lo, hi, _ in EXTRA_RANGES for cp in range(lo, hi + 1))


def default_seed_globs(repo_root: Path) -> list[str]:
    """Where the sample reports live: ``seeds/`` in the repo and ``shared/seeds/`` beside it."""
    return [
        str(repo_root / "seeds" / "*.txt"),
        str(repo_root.parent / "shared" / "seeds" / "*.txt"),
    ]


def seed_files(globs: list[str]) -> list[Path]:
    files: set[Path] = set()
    for pattern in globs:
        files.update(Path(p) for p in glob.glob(os.path.expanduser(pattern)))
    return sorted(files)


def printable(chars: set[str] | frozenset[str] | str) -> set[str]:
    """Drop characters no font needs a glyph for (line breaks, tabs, controls)."""
    return {c for c in chars if c.isprintable() or c in ("\u00a0", "\u3000")}


def seed_chars(files: list[Path]) -> frozenset[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in files)
    return frozenset(printable(text))


def required_chars(seeds: frozenset[str] = frozenset()) -> frozenset[str]:
    """Characters every bundled face must have: GB 2312, traditional forms, seeds."""
    return frozenset(gb2312_chars()) | traditional_forms() | seeds


def wanted_chars(seeds: frozenset[str] = frozenset()) -> frozenset[str]:
    """Everything asked of the subsetter (the ranges are kept where the font has them)."""
    return required_chars(seeds) | range_chars()
