"""The build cache: skip a file when nothing its outputs depend on has changed.

A small JSON file ``.giar-gen-cache.json`` per output folder records, per input, the
content hash of the input and of the files it names, of giar-gen itself and of the
options, and the size and modification time of every file written.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from pathlib import Path

from giar_gen import __version__

CACHE_NAME = ".giar-gen-cache.json"
CACHE_VERSION = 1

# ---------------------------------------------------------------------------
# the cache


@cache
def tool_fingerprint() -> str:
    """giar-gen's version and the content of its package files (fonts by size):
    editing giar-gen, or installing another version, rebuilds everything."""
    h = hashlib.sha256(__version__.encode())
    from giar_gen.resources import templates

    roots = [Path(__file__).resolve().parents[1], Path(str(templates()))]  # the whole giar_gen package
    for root in roots:
        for f in sorted(root.rglob("*")):
            if not f.is_file() or "__pycache__" in f.parts:
                continue
            h.update(f.relative_to(root).as_posix().encode())
            if f.suffix.lower() in (".otf", ".ttf", ".ttc", ".woff", ".woff2"):
                h.update(str(f.stat().st_size).encode())
            else:
                h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


_LAYOUT_LINE = re.compile(r"^(?:版式|layout)\s*:\s*[\"']?([^\"'#\n]+?)[\"']?\s*(?:#.*)?$", re.M)


def cache_key(source: Path, formats: tuple[str, ...], options: dict, notes: tuple[str, ...] = ()) -> str:
    """The content hash an unchanged build is recognised by (``notes``: planning
    warnings, e.g. that no last-year file was found, are part of the result)."""
    h = hashlib.sha256()
    h.update(tool_fingerprint().encode())
    data = source.read_bytes()
    h.update(hashlib.sha256(data).digest())
    # files the output depends on: a custom layout, last year's data
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    m = _LAYOUT_LINE.search(text)
    if m:
        cand = Path(m.group(1).strip())
        cand = cand if cand.is_absolute() else source.parent / cand
        try:
            if cand.is_file():
                h.update(b"layout" + hashlib.sha256(cand.read_bytes()).digest())
        except OSError:  # e.g. a name too long: the loader reports the layout, at its line
            h.update(b"layout?")
    prev = options.get("previous")
    if prev:
        h.update(b"previous" + hashlib.sha256(Path(prev).read_bytes()).digest())
    opts = {k: (str(v) if isinstance(v, Path) else v) for k, v in options.items() if k != "previous"}
    h.update(json.dumps({"formats": sorted(formats), "notes": list(notes), **opts}, sort_keys=True, ensure_ascii=False,
                        default=str).encode())
    return h.hexdigest()


def _stamp(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


class Cache:
    """The cache file of one output folder."""

    def __init__(self, folder: Path):
        self.path = folder / CACHE_NAME
        self.entries: dict[str, dict] = {}
        self.changed = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("version") == CACHE_VERSION and isinstance(data.get("entries"), dict):
                self.entries = data["entries"]
        except (OSError, ValueError, AttributeError):
            pass

    @staticmethod
    def name(source: Path) -> str:
        return str(source.resolve())

    def fresh(self, source: Path, key: str) -> dict | None:
        """The entry if ``source`` was built with ``key`` and its outputs are untouched."""
        e = self.entries.get(self.name(source))
        if not e or e.get("key") != key:
            return None
        for out, stamp in e.get("outputs", {}).items():
            if _stamp(Path(out)) != stamp:
                return None
        return e

    def record(self, source: Path, key: str, result) -> None:
        """Remember a build of ``source``: ``result`` has ``warnings`` and ``written`` (a ``FileResult``)."""
        self.entries[self.name(source)] = {
            "key": key, "warnings": result.warnings,
            "outputs": {p: _stamp(Path(p)) for p in result.written},
        }
        self.changed = True

    def forget(self, source: Path) -> None:
        if self.entries.pop(self.name(source), None) is not None:
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        from giar_gen.output import write_atomic

        data = {"version": CACHE_VERSION, "tool": __version__,
                "entries": dict(sorted(self.entries.items()))}
        try:
            write_atomic(self.path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        except OSError:
            pass  # a read-only folder: the next build is simply not skipped
