"""Import WeasyPrint without the subprocesses of its library look-ups.

WeasyPrint loads Pango, HarfBuzz, fontconfig and GObject through cffi, trying
several names per library (``libgobject-2.0-0``, ``gobject-2.0-0``,
``gobject-2.0`` …). For every name that is not a file, cffi asks
``ctypes.util.find_library``, which on Linux runs ``ldconfig -p`` and, when
that finds nothing, ``gcc`` and ``ld``: about 40 processes and a third of a
second on every import.

:func:`import_weasyprint` imports it with ``find_library`` answered from the
dynamic linker's own cache file (``/etc/ld.so.cache``, what ``ldconfig -p``
prints), read once, without a subprocess; a library of another architecture
than this Python is never returned. Anything unexpected (no cache file, an
unknown cache format, a failed import) falls back to the normal look-up: the
shortcut may make the import faster, never make it fail.
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Callable
from contextlib import contextmanager

LD_SO_CACHE = "/etc/ld.so.cache"
_NEW_MAGIC = b"glibc-ld.so.cache1.1"
_HEADER = struct.Struct("<20sII")  # magic and version, number of entries, string table size
_HEADER_SIZE = 48  # the new format's header, padding and unused words included
_ENTRY = struct.Struct("<iIIIQ")  # flags, key (soname), value (path), OS version, hwcap


def parse_ld_so_cache(data: bytes) -> dict[str, list[str]] | None:
    """Soname -> the paths the cache lists for it, in the cache's order (best first).
    None when ``data`` is not a cache in the format glibc has written since 2.32
    (alone, or after the old format's table)."""
    start = data.find(_NEW_MAGIC)
    if start < 0 or len(data) < start + _HEADER_SIZE:
        return None
    _, count, _ = _HEADER.unpack_from(data, start)
    table = start + _HEADER_SIZE
    if count > 100_000 or len(data) < table + count * _ENTRY.size:
        return None
    out: dict[str, list[str]] = {}

    def string(offset: int) -> str | None:
        pos = start + offset  # offsets count from the new header
        end = data.find(b"\0", pos)
        if offset <= 0 or pos >= len(data) or end < 0:
            return None
        return os.fsdecode(data[pos:end])

    for i in range(count):
        _, key, value, _, _ = _ENTRY.unpack_from(data, table + i * _ENTRY.size)
        soname, path = string(key), string(value)
        if not soname or not path or not path.startswith("/"):
            return None  # not the layout we know: do not guess
        out.setdefault(soname, []).append(path)
    return out


def _elf_machine(path: str) -> tuple[int, int] | None:
    """(ELF class, machine) of a shared object or executable, None if it is not ELF."""
    try:
        with open(path, "rb") as f:
            head = f.read(20)
    except OSError:
        return None
    if len(head) < 20 or head[:4] != b"\x7fELF":
        return None
    order = "<" if head[5] == 1 else ">"
    return head[4], struct.unpack(order + "H", head[18:20])[0]


class CacheLookup:
    """``ctypes.util.find_library`` answered from ``/etc/ld.so.cache``.

    ``find(name)`` follows ctypes' rule on Linux (the soname ``lib<name>.so…``)
    and returns the full path of a library of this Python's architecture, or
    None when the cache has none (then the caller tries its next name).
    """

    def __init__(self, entries: dict[str, list[str]], machine: tuple[int, int] | None):
        self._entries = entries
        self._machine = machine
        self._memo: dict[str, str | None] = {}

    @classmethod
    def load(cls, path: str = LD_SO_CACHE) -> CacheLookup | None:
        try:
            with open(path, "rb") as f:
                entries = parse_ld_so_cache(f.read())
        except OSError:
            return None
        if not entries:
            return None
        return cls(entries, _elf_machine(sys.executable))

    def find(self, name: str) -> str | None:
        if name not in self._memo:
            self._memo[name] = self._find(name)
        return self._memo[name]

    def _find(self, name: str) -> str | None:
        prefix = f"lib{name}.so"
        # in the cache's order, as ``ldconfig -p`` lists them and ctypes picks
        names = [n for n in self._entries if n == prefix or n.startswith(prefix + ".")]
        for soname in names:
            for path in self._entries[soname]:
                if self._machine is None or _elf_machine(path) == self._machine:
                    return path
        return None


@contextmanager
def _find_library_from_cache():
    """``ctypes.util.find_library`` answered by :class:`CacheLookup` meanwhile
    (unchanged where there is no usable cache, e.g. not Linux/glibc)."""
    import ctypes.util

    lookup = CacheLookup.load() if sys.platform.startswith("linux") else None
    if lookup is None:
        yield False
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = lookup.find
    try:
        yield True
    finally:
        ctypes.util.find_library = original


def import_weasyprint():
    """``import weasyprint``, with the library look-ups read from the linker's
    cache; if that import fails, it is tried again the normal way."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    try:
        with _find_library_from_cache():
            import weasyprint
        return weasyprint
    except Exception:  # any failure: retry the documented way
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
    import weasyprint

    return weasyprint


@contextmanager
def font_configuration():
    """A WeasyPrint ``FontConfiguration`` for one document, released at the end.

    Pango (1.50) never frees the fontconfig configuration of a font map that is
    finalised while still holding it: about 0.2 MB per document, which a batch
    worker would accumulate report after report. Detaching the configuration
    first frees it. WeasyPrint's copies of the ``@font-face`` files are removed
    too (it leaves them to a finaliser, which a forked child exiting never runs).
    """
    import shutil

    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    try:
        yield config
    finally:
        try:
            from weasyprint.text.ffi import ffi, pangoft2

            pangoft2.pango_fc_font_map_set_config(ffi.cast("PangoFcFontMap *", config.font_map), ffi.NULL)
        except Exception:  # another WeasyPrint: the memory is only not given back early
            pass
        folder = getattr(config, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
            config._folder = None


_WARM_UP_TEXT = "年度报告一二三〇1234567890"
_WARM_UP_PAGE = (
    "<style>@page {{ size: A4; margin: 1cm }}"
    "@font-face {{ font-family: 'GiarGen warm-up'; src: url('{url}') }}"
    "* {{ font-family: 'GiarGen warm-up' }}</style>"
    "<p style='text-align: justify'>{text}</p><table><tr><td>{text}</td></tr></table>"
)


def warm_up(ready: Callable[[], bool] | None = None) -> None:
    """Do, ahead of the first report, what WeasyPrint and the PDF writer do only
    once per process: import WeasyPrint and the font tools, compile the templates,
    and render a tiny page (which initialises fontconfig and Pango; about 40 ms
    that would otherwise add as much or more to the first report). Called by a
    process that would otherwise wait: the PDF child while the parent reads the
    data, a batch worker before its first report. The output of later renders
    does not depend on it.

    ``ready``: asked between the steps; when it says the document has arrived, the
    rest is left to the render (which then pays those costs itself, no more: a
    warm-up only helps where the process would otherwise wait).
    """
    import logging

    weasyprint = import_weasyprint()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    import uharfbuzz  # noqa: F401  (used by the font preparation and the metrics)

    if ready is not None and ready():
        return
    from giar_gen.writers.templating import css_environment, environment

    environment().get_template("report.html.j2")
    for name in ("report.css", "print.css"):
        css_environment().get_template(name)
    if ready is not None and ready():
        return
    import tempfile
    from pathlib import Path

    from giar_gen.fonts import bundled_face_files, subset_face
    from giar_gen.writers.pdf_ua import print_html_class

    # The page's font is ours (a few glyphs of the bundled Song): on a machine
    # without any installed font, Pango would find none, and WeasyPrint crashes.
    with tempfile.TemporaryDirectory(prefix="giar-gen-warm-") as tmp, font_configuration() as config:
        font = Path(tmp) / "warm-up.otf"
        font.write_bytes(subset_face(bundled_face_files()["song-regular"], map(ord, _WARM_UP_TEXT), name_ids=range(7)))
        page = _WARM_UP_PAGE.format(url=font.as_uri(), text=_WARM_UP_TEXT)
        print_html_class(weasyprint)(string=page, base_url=None).render(font_config=config).write_pdf()


__all__ = ["CacheLookup", "font_configuration", "import_weasyprint", "parse_ld_so_cache", "warm_up"]
