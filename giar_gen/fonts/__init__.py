"""Fonts of giar-gen: the one place where fonts are chosen.

Each *role* (``title``, ``body``, ``heading1``, ``heading2``, ``page_number``,
``table``) has an ordered list of font family names: first the official names that
offices' machines carry (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体) and their usual
alternates, last the open-licensed family bundled in this package. The bundled files
are subsets (GB 2312 + traditional forms + punctuation) of Noto Serif CJK SC, Noto Sans
CJK SC and LXGW WenKai, renamed "GiarGen Song", "GiarGen Hei" and "GiarGen Kai"
(see PROVENANCE.md; made by scripts/build_fonts.py).

- DOCX: ask for ``docx_east_asia_font(role)``; sizes from ``font_size_pt(role)``.
- PDF: giar_gen/writers/pdf.py picks, per role, the installed official font or the
  bundled face (``ROLE_FACE``) and cuts it to the document's characters with
  ``subset_face``. HTML: ``font_family_css(role)`` gives the ``font-family`` value.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import string
import subprocess
import unicodedata
from collections.abc import Iterable, Mapping
from contextlib import ExitStack
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from giar_gen.fonts.faces import FACES, FACES_BY_KEY, LAYOUT_FEATURES, tag

__all__ = [
    "ROLE_NAMES",
    "ROLES",
    "DOCX_FONTS",
    "FONT_SIZE_PT",
    "TABLE_FONT_PT",
    "BUNDLED_FAMILY",
    "PAGE_NUMBER_CHARS",
    "BundledFont",
    "SystemFont",
    "docx_east_asia_font",
    "font_size_pt",
    "bundled_font_files",
    "bundled_face_files",
    "system_font_for_role",
    "FONT_DIR_ENV",
    "font_dirs",
    "use_font_dir",
    "uncovered_characters",
    "hb_face",
    "subset_face",
    "ROLE_FACE",
    "font_face_css",
    "font_family_css",
]

ROLE_NAMES: tuple[str, ...] = (
    "title",
    "body",
    "heading1",
    "heading2",
    "page_number",
    "table",
)

# Bundled face serving each role (a key of faces.FACES_BY_KEY).
ROLE_FACE: dict[str, str] = {
    "title": "song-bold",
    "body": "song-regular",
    "heading1": "hei-regular",
    "heading2": "kai-regular",
    "page_number": "song-regular",
    "table": "song-regular",
}

# CSS family name of the bundled face per role. The title face gets a family of its
# own ("GiarGen Song Bold", declared at normal weight) so that the title can be set at
# font-weight normal: a system 方正小标宋简体 is heavy already and must not be asked
# for bold.
BUNDLED_FAMILY: dict[str, str] = {
    "title": "GiarGen Song Bold",
    "body": "GiarGen Song",
    "heading1": "GiarGen Hei",
    "heading2": "GiarGen Kai",
    "page_number": "GiarGen Song",
    "table": "GiarGen Song",
}

_SONG = ("宋体", "SimSun", "STSong", "华文宋体", "Songti SC")

ROLES: dict[str, tuple[str, ...]] = {
    # 2号小标宋体
    "title": (
        "方正小标宋简体",
        "方正小标宋_GBK",
        "FZXiaoBiaoSong-B05S",
        "FZXiaoBiaoSong-B05",
        "华文中宋",
        "STZhongsong",
        BUNDLED_FAMILY["title"],
    ),
    # 3号仿宋体; no open FangSong covers GB 2312, so the bundled fallback is a Song
    "body": ("仿宋_GB2312", "仿宋", "FangSong_GB2312", "FangSong", "STFangsong", "华文仿宋", BUNDLED_FAMILY["body"]),
    # 3号黑体
    "heading1": ("黑体", "SimHei", "STHeiti", "华文黑体", "Heiti SC", BUNDLED_FAMILY["heading1"]),
    # 3号楷体
    "heading2": (
        "楷体_GB2312",
        "楷体",
        "KaiTi_GB2312",
        "KaiTi",
        "STKaiti",
        "华文楷体",
        "Kaiti SC",
        BUNDLED_FAMILY["heading2"],
    ),
    # 4号半角宋体
    "page_number": _SONG + (BUNDLED_FAMILY["page_number"],),
    "table": _SONG + (BUNDLED_FAMILY["table"],),
}

# East-Asian font name a DOCX asks for (w:rFonts/@w:eastAsia).
DOCX_FONTS: dict[str, str] = {
    "title": "方正小标宋简体",
    "body": "仿宋_GB2312",
    "heading1": "黑体",
    "heading2": "楷体_GB2312",
    "page_number": "宋体",
    "table": "宋体",
}

# Sizes in pt: 2号 = 22, 3号 = 16, 4号 = 14, 五号 = 10.5, 小五 = 9.
TABLE_FONT_PT: dict[str, float] = {
    "narrow": 10.5,  # the 7-column tables
    "wide": 9.0,  # the 15-column table
}
FONT_SIZE_PT: dict[str, float] = {
    "title": 22.0,
    "body": 16.0,
    "heading1": 16.0,
    "heading2": 16.0,
    "page_number": 14.0,
    "table": TABLE_FONT_PT["narrow"],
}

# Always kept in per-document subsets: page numbers ("— 12 —"), digits, ASCII
# punctuation.
PAGE_NUMBER_CHARS: str = " " + string.digits + string.punctuation + "\u2014"

_CSS_FORMAT = {".otf": "opentype", ".ttf": "truetype", ".woff": "woff", ".woff2": "woff2"}


class BundledFont(NamedTuple):
    family: str
    path: Path


class SystemFont(NamedTuple):
    family: str  # the name from ROLES that matched
    path: Path
    index: int  # face index inside the file (TTC)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise KeyError(f"unknown font role {role!r}; roles: {', '.join(ROLE_NAMES)}")


def docx_east_asia_font(role: str) -> str:
    """The official font name a DOCX asks for, e.g. ``仿宋_GB2312`` for ``body``."""
    _check_role(role)
    return DOCX_FONTS[role]


def font_size_pt(role: str, *, wide_table: bool = False) -> float:
    """Size in pt for a role; ``wide_table`` picks the 15-column table's size."""
    _check_role(role)
    if role == "table":
        return TABLE_FONT_PT["wide" if wide_table else "narrow"]
    return FONT_SIZE_PT[role]


# --- bundled files -------------------------------------------------------------------

_extracted = ExitStack()
atexit.register(_extracted.close)


@cache
def _face_path(filename: str) -> Path:
    res = resources.files(__name__) / filename
    if isinstance(res, Path):
        path = res
    else:  # e.g. imported from a zip: extract once for the process's lifetime
        path = _extracted.enter_context(resources.as_file(res))
    if not path.is_file():
        raise FileNotFoundError(f"bundled font {filename} is missing; run scripts/build_fonts.py")
    return path


def bundled_face_files() -> dict[str, Path]:
    """Face key (``song-regular``, ``song-bold``, ``hei-regular``, ``kai-regular``) -> file."""
    return {face.key: _face_path(face.filename) for face in FACES}


def bundled_font_files() -> dict[str, BundledFont]:
    """Role -> (bundled family name as used in ROLES, path of the bundled file)."""
    return {
        role: BundledFont(BUNDLED_FAMILY[role], _face_path(FACES_BY_KEY[key].filename))
        for role, key in ROLE_FACE.items()
    }


# --- system fonts --------------------------------------------------------------------


def _fc_escape(name: str) -> str:
    return "".join("\\" + c if c in "\\-:,=" else c for c in name)


def _parse_weight(value: str) -> float:
    value = value.strip().strip("[]")
    try:
        numbers = [float(v) for v in value.split()]
    except ValueError:
        return 80.0
    return sum(numbers) / len(numbers) if numbers else 80.0


def _fc_key(name: str) -> str:
    """Family names compare as fontconfig lists them: ignoring case and blanks."""
    return "".join(name.split()).casefold()


@lru_cache(maxsize=4)
def _fc_listing(fc_list: str, _config: tuple[str | None, ...]) -> dict[str, list[tuple[float, str, int]]]:
    """All installed fonts, one ``fc-list`` run: family key -> (weight distance from
    regular, file, face index). Cached per fontconfig configuration (``_config``)."""
    try:
        out = subprocess.run(
            [fc_list, "--format", "%{family}\t%{weight}\t%{index}\t%{file}\n"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    listing: dict[str, list[tuple[float, str, int]]] = {}
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 4 or not parts[3]:
            continue
        families, weight, index, file = parts
        try:
            idx = int(index or 0)
        except ValueError:
            idx = 0
        # prefer the regular weight (fontconfig 80), then a stable order
        entry = (abs(_parse_weight(weight) - 80.0), file, idx)
        for name in re.split(r"(?<!\\),", families):
            listing.setdefault(_fc_key(name.replace("\\", "")), []).append(entry)
    return listing


@cache
def _fc_find_family(family: str) -> SystemFont | None:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    config = tuple(os.environ.get(v) for v in ("FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT"))
    candidates = _fc_listing(fc_list, config).get(_fc_key(family))
    if not candidates:
        return None
    _, file, idx = min(candidates)
    return SystemFont(family, Path(file), idx)


#: A folder (or several, separated by ``os.pathsep``) of font files giar-gen
#: looks in before the installed fonts: for a machine where the official fonts
#: cannot be installed (``giar-gen build --font-dir``).
FONT_DIR_ENV = "GIAR_GEN_FONT_DIR"
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


def font_dirs() -> tuple[Path, ...]:
    """The folders named by ``GIAR_GEN_FONT_DIR``."""
    value = os.environ.get(FONT_DIR_ENV, "")
    return tuple(Path(p) for p in value.split(os.pathsep) if p.strip())


def use_font_dir(folder: str | Path) -> bool:
    """Look in ``folder`` first from now on (``GIAR_GEN_FONT_DIR``, which worker
    processes inherit); False when it is not a folder."""
    if not Path(folder).is_dir():
        return False
    os.environ[FONT_DIR_ENV] = str(Path(folder).resolve())
    return True


def _face_names(font) -> tuple[set[str], int]:
    """The family names of a face (every language) and its weight class."""
    names = set()
    table = font["name"] if "name" in font else None
    for rec in table.names if table is not None else ():
        if rec.nameID in (1, 16):
            try:
                names.add(rec.toUnicode())
            except UnicodeDecodeError:
                continue
    weight = font["OS/2"].usWeightClass if "OS/2" in font else 400
    return names, weight


@lru_cache(maxsize=8)
def _dir_listing(dirs: tuple[str, ...]) -> dict[str, list[tuple[float, str, int]]]:
    """The fonts in ``dirs`` (and their subfolders): family key -> (weight
    distance from regular, file, face index), like :func:`_fc_listing`."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    listing: dict[str, list[tuple[float, str, int]]] = {}
    for folder in dirs:
        root = Path(folder)
        if not root.is_dir():
            continue
        files = sorted(p for p in root.rglob("*") if p.suffix.lower() in _FONT_SUFFIXES and p.is_file())
        for path in files:
            try:
                if path.suffix.lower() in (".ttc", ".otc"):
                    with TTCollection(str(path), lazy=True) as coll:
                        faces = [_face_names(f) for f in coll.fonts]
                else:
                    with TTFont(str(path), lazy=True) as f:
                        faces = [_face_names(f)]
            except (OSError, TTLibError, KeyError, ValueError, AssertionError):
                continue  # not a font file giar-gen can read: skipped
            for idx, (names, weight) in enumerate(faces):
                for name in names:
                    listing.setdefault(_fc_key(name), []).append((abs(weight - 400) / 5, str(path), idx))
    return listing


def _dir_find_family(family: str) -> SystemFont | None:
    dirs = font_dirs()
    if not dirs:
        return None
    candidates = _dir_listing(tuple(str(d) for d in dirs)).get(_fc_key(family))
    if not candidates:
        return None
    _, file, idx = min(candidates)
    return SystemFont(family, Path(file), idx)


def system_font_for_role(role: str) -> SystemFont | None:
    """The font on this machine that would serve ``role``: in the folder named
    by ``GIAR_GEN_FONT_DIR`` first, then among the installed fonts (fontconfig's
    ``fc-list``).

    The names of ``ROLES[role]`` are tried in order, the bundled family excluded;
    None when none is found or fontconfig is absent.
    """
    _check_role(role)
    for family in ROLES[role]:
        if family == BUNDLED_FAMILY[role]:
            continue
        found = _dir_find_family(family) or _fc_find_family(family)
        if found is not None:
            return found
    return None


# --- coverage ------------------------------------------------------------------------


@cache
def _glyph_lookup(path: str, index: int = 0):
    """``get_nominal_glyph`` of a font file: the glyph of a code point, or None.
    (Asked for the few hundred characters of a report; the whole cmap of a
    bundled face is 30,000 code points.)"""
    import uharfbuzz as hb  # reads the cmap in C: ms where fontTools takes 0.1 s

    return hb.Font(hb_face(path, index)).get_nominal_glyph


def _ignorable(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


def uncovered_characters(
    text: str,
    *,
    system_fonts: bool = False,
    roles: Iterable[str] | None = None,
) -> list[str]:
    """Characters of ``text`` that no bundled font (nor, with ``system_fonts``, any
    system font that ``system_font_for_role`` finds) has a glyph for, sorted by code
    point. Whitespace and control/format characters are ignored. ``roles`` restricts
    the check to the fonts serving those roles (default: all roles).
    """
    wanted = {c for c in set(text) if not _ignorable(c)}
    if not wanted:
        return []
    role_list = list(roles) if roles is not None else list(ROLE_NAMES)
    for role in role_list:
        _check_role(role)
    files = bundled_font_files()
    lookups = []
    for role in role_list:
        lookups.append(_glyph_lookup(str(files[role].path)))
        if system_fonts:
            found = system_font_for_role(role)
            if found is not None:
                try:
                    lookups.append(_glyph_lookup(str(found.path), found.index))
                except Exception:  # an unreadable system font covers nothing
                    pass
    lookups = list(dict.fromkeys(lookups))  # a face serving several roles is asked once
    return sorted((c for c in wanted if all(glyph(ord(c)) is None for glyph in lookups)), key=ord)


# --- subsetting and CSS ----------------------------------------------------------------


@lru_cache(maxsize=16)
def hb_face(path: str | Path, index: int = 0):
    """A HarfBuzz face of a font file (cached: the bundled files are read once)."""
    import uharfbuzz as hb

    return hb.Face(hb.Blob.from_file_path(str(path)), index)


def subset_face(
    path: str | Path,
    codepoints: Iterable[int],
    *,
    index: int = 0,
    name_ids: Iterable[int] = range(26),
    desubroutinize: bool = False,
) -> bytes:
    """The font at ``path`` (face ``index``) cut down to ``codepoints`` with HarfBuzz:
    no hinting, the layout features of ``faces.LAYOUT_FEATURES``, the name records
    ``name_ids``. The one subsetting routine of giar-gen: the bundled fonts are made
    with it (scripts/build_fonts.py) and every PDF cuts its fonts with it (a few ms)."""
    import uharfbuzz as hb

    inp = hb.SubsetInput()
    inp.unicode_set.update(sorted(set(codepoints)))
    inp.flags = hb.SubsetFlags.NO_HINTING | (hb.SubsetFlags.DESUBROUTINIZE if desubroutinize else 0)
    features = inp.layout_feature_tag_set
    features.clear()
    features.update(tag(t) for t in LAYOUT_FEATURES)
    names = inp.name_id_set
    names.clear()
    names.update(name_ids)
    out = inp.subset(hb_face(str(path), index))
    if out is None:
        raise RuntimeError(f"HarfBuzz 无法裁剪字体 {path}")
    return out.blob.data


def _css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _font_face_rule(family: str, path: Path, weight: int) -> str:
    fmt = _CSS_FORMAT.get(path.suffix.lower(), "opentype")
    return (
        "@font-face {\n"
        f"  font-family: {_css_string(family)};\n"
        f"  src: url({_css_string(Path(path).resolve().as_uri())}) format({_css_string(fmt)});\n"
        f"  font-weight: {weight};\n"
        "  font-style: normal;\n"
        "}\n"
    )


def font_face_css(files: Mapping[str, str | Path] | None = None) -> str:
    """``@font-face`` rules for the bundled families, with ``url(file:///...)``.

    ``files`` maps face keys (see ``bundled_face_files``) to font files, e.g. subsets
    made with ``subset_face``; default: the bundled files themselves.
    Families declared: "GiarGen Song" (400 and 700), "GiarGen Song Bold" (the bold
    face, at 400 and 700), "GiarGen Hei" (400), "GiarGen Kai" (400).
    """
    paths = {k: Path(v) for k, v in (files or bundled_face_files()).items()}
    missing = [f.key for f in FACES if f.key not in paths]
    if missing:
        raise KeyError(f"no file given for faces {missing}")
    rules = []
    for face in FACES:
        rules.append(_font_face_rule(face.family, paths[face.key], face.weight))
    bold = paths["song-bold"]
    for weight in (400, 700):
        rules.append(_font_face_rule(BUNDLED_FAMILY["title"], bold, weight))
    return "".join(rules)


def font_family_css(role: str, *, system: bool = True) -> str:
    """CSS ``font-family`` value for a role: the quoted names of ``ROLES[role]``
    (official names first, bundled family last), or only the bundled family when
    ``system`` is False (output independent of the fonts installed)."""
    _check_role(role)
    names = ROLES[role] if system else (BUNDLED_FAMILY[role],)
    return ", ".join(_css_string(n) for n in names)
