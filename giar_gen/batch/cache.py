"""The build cache: skip a file when nothing its outputs depend on has changed.

A small JSON file ``.giar-gen-cache.json`` per output folder records, per input name,
the hash of giar-gen itself and of the options, the hash of the bytes the build read
of every file it opened (the data file, a layout file, last year's file), and the hash
of every file written. A file is skipped only when all of these still match.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path

from giar_gen import __version__
from giar_gen.limits import LimitError, read_limited

CACHE_NAME = ".giar-gen-cache.json"
CACHE_VERSION = 2
#: Largest file hashed (an output, the cache file itself); a larger one is simply rebuilt.
_MAX_HASHED = 1024 * 1024 * 1024

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


def cache_key(source: Path, formats: tuple[str, ...], options: dict, notes: tuple[str, ...] = ()) -> str:
    """The hash of everything but the files: giar-gen itself, the formats, the
    options and ``notes`` (planning warnings, e.g. that no last-year file was
    found, are part of the result). The files a build read are recorded with
    the hash of the very bytes it read (:meth:`Cache.record`), so nothing is read
    here: a file edited while a batch runs can never be mistaken for unchanged."""
    h = hashlib.sha256()
    h.update(tool_fingerprint().encode())
    opts = {k: (str(v) if isinstance(v, Path) else v) for k, v in options.items()}
    h.update(
        json.dumps(
            {"formats": sorted(formats), "notes": list(notes), **opts}, sort_keys=True, ensure_ascii=False, default=str
        ).encode()
    )
    return h.hexdigest()


def file_hash(path: str | Path) -> str | None:
    """SHA-256 of a regular file's bytes; None if it is missing, unreadable or too large."""
    try:
        return hashlib.sha256(read_limited(path, _MAX_HASHED)).hexdigest()
    except (OSError, LimitError):
        return None


class Cache:
    """The cache file of one output folder.

    An entry per input *name* (a symbolic link and the file it names are two
    entries: their outputs differ), recording the key, every file the build read
    with the hash of the bytes it read, and every file written with its hash.
    """

    def __init__(self, folder: Path):
        self.path = folder / CACHE_NAME
        self.entries: dict[str, dict] = {}
        self.changed = False
        try:
            data = json.loads(read_limited(self.path, _MAX_HASHED).decode("utf-8"))
            if data.get("version") == CACHE_VERSION and isinstance(data.get("entries"), dict):
                self.entries = data["entries"]
        except (OSError, ValueError, AttributeError, LimitError):
            pass

    @staticmethod
    def name(source: Path) -> str:
        return os.path.abspath(source)

    def fresh(self, source: Path, key: str) -> dict | None:
        """The entry if ``source`` was built with ``key``, every file it read still
        has the bytes it read, and every output exists with the bytes written."""
        e = self.entries.get(self.name(source))
        if not isinstance(e, dict) or e.get("key") != key:
            return None
        inputs, outputs = e.get("inputs"), e.get("outputs")
        if not isinstance(inputs, dict) or not isinstance(outputs, dict) or self.name(source) not in inputs:
            return None
        for path, digest in [*inputs.items(), *outputs.items()]:
            if file_hash(path) != digest:
                return None
        return e

    def record(self, source: Path, key: str, result) -> None:
        """Remember a build of ``source``: ``result`` (a ``FileResult``) has ``warnings``,
        ``inputs`` and ``outputs`` (name → hash of the bytes read or written)."""
        inputs = {os.path.abspath(p): d for p, d in result.inputs.items()}
        if self.name(source) not in inputs:
            return  # what the build read is not known: never skipped
        self.entries[self.name(source)] = {
            "key": key,
            "warnings": result.warnings,
            "inputs": inputs,
            "outputs": {os.path.abspath(p): d for p, d in result.outputs.items()},
        }
        self.changed = True

    def forget(self, source: Path) -> None:
        if self.entries.pop(self.name(source), None) is not None:
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        from giar_gen.output import write_atomic

        data = {"version": CACHE_VERSION, "tool": __version__, "entries": dict(sorted(self.entries.items()))}
        try:
            write_atomic(self.path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        except OSError:
            pass  # a read-only folder: the next build is simply not skipped
