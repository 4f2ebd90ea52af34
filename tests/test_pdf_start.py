"""WeasyPrint's start: library look-ups from the linker's cache, no subprocess."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest

from giar_gen.writers.pdf_start import CacheLookup, parse_ld_so_cache

LINUX_CACHE = Path("/etc/ld.so.cache")


def _cache_bytes(entries: list[tuple[str, str]]) -> bytes:
    """A cache file in glibc's new format with ``entries`` (soname, path)."""
    strings = b""
    offsets = []
    base = 48 + 24 * len(entries)  # header, then the entry table, then the strings
    for soname, path in entries:
        k = base + len(strings)
        strings += soname.encode() + b"\0"
        v = base + len(strings)
        strings += path.encode() + b"\0"
        offsets.append((k, v))
    head = struct.pack("<20sII", b"glibc-ld.so.cache1.1", len(entries), len(strings)) + b"\0" * 20
    table = b"".join(struct.pack("<iIIIQ", 0x0303, k, v, 0, 0) for k, v in offsets)
    return head + table + strings


def test_parse_keeps_the_cache_order():
    data = _cache_bytes(
        [
            ("libfoo.so.1", "/lib/a/libfoo.so.1"),
            ("libfoo.so", "/lib/a/libfoo.so"),
            ("libfoo.so.1", "/lib/b/libfoo.so.1"),
        ]
    )
    entries = parse_ld_so_cache(b"ld.so-1.7.0" + b"\0" * 5 + data)  # behind an old-format table too
    assert entries == {"libfoo.so.1": ["/lib/a/libfoo.so.1", "/lib/b/libfoo.so.1"], "libfoo.so": ["/lib/a/libfoo.so"]}


@pytest.mark.parametrize(
    "data",
    [b"", b"not a cache", _cache_bytes([("libx.so", "relative/path")])[:-1], _cache_bytes([("libx.so", "relative")])],
)
def test_unknown_or_damaged_cache_is_not_guessed(data):
    assert parse_ld_so_cache(data) is None


def test_lookup_follows_ctypes_rule_and_checks_the_architecture(tmp_path):
    own = Path(sys.executable).resolve()
    other = tmp_path / "libbar.so.2"
    other.write_bytes(b"\x7fELF\x01\x01\x01" + b"\0" * 11 + b"\x03\x00")  # 32-bit x86
    lookup = CacheLookup(
        {"libbar.so.2": [str(other), str(own)], "libbarbaz.so.1": ["/x"]},
        machine=(own.read_bytes()[4], int.from_bytes(own.read_bytes()[18:20], "little")),
    )
    assert lookup.find("bar") == str(own)  # the entry of another architecture is passed over
    assert lookup.find("ba") is None  # "libba.so" is not "libbar.so"
    assert lookup.find("libbar-2") is None


@pytest.mark.skipif(not LINUX_CACHE.is_file(), reason="no glibc linker cache on this system")
def test_real_cache_finds_what_ctypes_finds():
    import ctypes.util

    lookup = CacheLookup.load()
    assert lookup is not None
    for name in ("c", "m"):
        expected = ctypes.util.find_library(name)
        found = lookup.find(name)
        assert found is not None and Path(found).name == expected


@pytest.mark.skipif(not LINUX_CACHE.is_file(), reason="no glibc linker cache on this system")
def test_weasyprint_import_spawns_no_process():
    """Every process the import starts goes through subprocess/os.posix_spawn/fork:
    count them with an audit hook."""
    code = (
        "import sys\n"
        "spawned = []\n"
        "sys.addaudithook(lambda ev, args: spawned.append(args) if ev in "
        "('subprocess.Popen', 'os.posix_spawn', 'os.fork', 'os.exec') else None)\n"
        "from giar_gen.writers.pdf_start import import_weasyprint\n"
        "import_weasyprint()\n"
        "print(len(spawned))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert out.stdout.strip() == "0"
