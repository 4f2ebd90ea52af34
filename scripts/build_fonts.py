#!/usr/bin/env python3
"""Cut the bundled fonts of giar_gen out of Debian's font packages.

    python3 scripts/build_fonts.py            # download the .debs with apt-get
    python3 scripts/build_fonts.py --debs DIR # use .debs already in DIR

Steps: ``apt-get download fonts-noto-cjk fonts-lxgw-wenkai`` into a temporary folder,
``dpkg -x`` them, subset four faces with HarfBuzz (uharfbuzz) to GB 2312 + traditional
forms + punctuation ranges + the seed reports' characters, drop hinting, rename the
families ("GiarGen Song/Hei/Kai", see giar_gen/fonts/faces.py), and write into
giar_gen/fonts/: the font files, LICENSE-*.txt and PROVENANCE.md.

Idempotent: the same packages and seeds give byte-identical files (files whose bytes do
not change are not rewritten). Needs: apt-get and dpkg (Debian), uharfbuzz, fonttools,
opencc.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import uharfbuzz as hb  # noqa: E402
from fontTools import version as fonttools_version  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402

from giar_gen.fonts import charset, subset_face  # noqa: E402
from giar_gen.fonts.faces import FACES, LAYOUT_FEATURES, Face  # noqa: E402

PACKAGES = ("fonts-noto-cjk", "fonts-lxgw-wenkai")
LICENSES = {
    "fonts-noto-cjk": "LICENSE-NotoCJK.txt",
    "fonts-lxgw-wenkai": "LICENSE-LXGW-WenKai.txt",
}
SIZE_LIMIT = 20 * 1024 * 1024
# Name IDs copied from the source face (copyright, trademark, manufacturer, designer,
# URLs, licence); the naming IDs 1-6 are written anew.
KEPT_NAME_IDS = (0, 7, 8, 9, 11, 12, 13, 14)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def run(cmd: list[str], cwd: Path | None = None) -> str:
    return subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True).stdout


def fetch_debs(tmp: Path, debs_dir: Path | None) -> dict[str, Path]:
    """Return package -> .deb path, downloading with apt-get unless debs_dir is given."""
    if debs_dir is None:
        debs_dir = tmp / "debs"
        debs_dir.mkdir()
        # let apt's unprivileged _apt user write there (else apt warns and runs as root)
        os.chmod(tmp, 0o755)
        os.chmod(debs_dir, 0o777)
        print("apt-get download", *PACKAGES, flush=True)
        subprocess.run(["apt-get", "download", *PACKAGES], cwd=debs_dir, check=True)
    found: dict[str, Path] = {}
    for deb in sorted(debs_dir.glob("*.deb")):
        name = run(["dpkg-deb", "-f", str(deb), "Package"]).strip()
        if name in PACKAGES:
            found[name] = deb
    missing = [p for p in PACKAGES if p not in found]
    if missing:
        raise SystemExit(f"no .deb for {missing} in {debs_dir}")
    return found


def deb_field(deb: Path, field: str) -> str:
    return run(["dpkg-deb", "-f", str(deb), field]).strip()


def english_name(font: TTFont, name_id: int) -> str | None:
    rec = font["name"].getName(name_id, 3, 1, 0x409) or font["name"].getName(name_id, 1, 0, 0)
    return rec.toUnicode() if rec is not None else None


def verify_source(path: Path, face: Face) -> TTFont:
    font = TTFont(path, fontNumber=face.index, lazy=True)
    full = english_name(font, 4)
    if full != face.source_name:
        raise SystemExit(f"{path.name} face {face.index} is {full!r}, expected {face.source_name!r}")
    return font


def hb_subset(path: Path, index: int, codepoints: list[int]) -> bytes:
    # The same routine every PDF uses to cut these fonts down further.
    return subset_face(path, codepoints, index=index)


def rename(data: bytes, face: Face, source: TTFont, pkg_version: str) -> bytes:
    """Give the subset its new names (name table and, for CFF, the CFF dicts)."""
    font = TTFont(BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
    ps_name = face.filename.rsplit(".", 1)[0]
    full = face.family if face.style == "Regular" else f"{face.family} {face.style}"
    version = english_name(source, 5) or ""
    kept = {i: english_name(source, i) for i in KEPT_NAME_IDS}
    name = font["name"]
    name.names = []
    fields = {
        1: face.family,
        2: face.style,
        3: f"{version.split(';')[0].replace('Version ', '')};GiarGen;{ps_name}",
        4: full,
        5: f"{version.split(';')[0]}; giar-gen subset",
        6: ps_name,
        10: (
            f"Subset of {face.source_name} ({Path(face.source).name}, face {face.index}) "
            f"from Debian {face.package} {pkg_version}, made by giar-gen "
            "scripts/build_fonts.py and renamed; see PROVENANCE.md."
        ),
    }
    fields.update({i: v for i, v in kept.items() if v})
    for name_id in sorted(fields):
        name.setName(fields[name_id], name_id, 3, 1, 0x409)
    if "CFF " in font:
        cff = font["CFF "].cff
        old = cff.fontNames[0]
        cff.fontNames = [ps_name]
        top = cff.topDictIndex[0]
        top.FullName = full
        top.FamilyName = face.family
        for fd in getattr(top, "FDArray", []) or []:
            if getattr(fd, "FontName", None):
                fd.FontName = fd.FontName.replace(old, ps_name)
    font["OS/2"].usWeightClass = face.weight
    out = BytesIO()
    font.save(out, reorderTables=True)
    return out.getvalue()


def ofl_text(copyright_file: Path) -> tuple[str, str]:
    """(Files: * stanza, OFL text) from a Debian machine-readable copyright file."""
    paragraphs = copyright_file.read_text(encoding="utf-8").split("\n\n")
    files_star = next(p for p in paragraphs if p.startswith("Files: *"))
    lic = next(p for p in paragraphs if p.startswith("License: ") and "SIL OPEN FONT LICENSE" in p and "\n " in p)
    body = []
    for line in lic.splitlines()[1:]:
        line = line[1:] if line.startswith(" ") else line
        body.append("" if line == "." else line)
    return files_star.strip(), "\n".join(body).strip() + "\n"


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--debs", type=Path, help="folder holding the two .debs (skip apt-get)")
    ap.add_argument("--out", type=Path, default=REPO / "giar_gen" / "fonts")
    ap.add_argument(
        "--seeds",
        action="append",
        help="glob of sample report texts whose characters must be kept (repeatable; "
        "default: seeds/*.txt in the repo and ../shared/seeds/*.txt beside it)",
    )
    args = ap.parse_args(argv)
    out_dir: Path = args.out
    out_dir.mkdir(parents=True, exist_ok=True)

    seed_globs = args.seeds or charset.default_seed_globs(REPO)
    seeds = charset.seed_files(seed_globs)
    seed_set = charset.seed_chars(seeds)
    required = charset.required_chars(seed_set)
    wanted = sorted(ord(c) for c in charset.wanted_chars(seed_set))
    seed_extra = sorted(seed_set - charset.required_chars() - charset.range_chars(), key=ord)
    print(f"{len(seeds)} seed files, {len(wanted)} code points asked for", flush=True)

    with tempfile.TemporaryDirectory(prefix="giar-fonts-") as tmp_s:
        tmp = Path(tmp_s)
        debs = fetch_debs(tmp, args.debs)
        root = tmp / "root"
        pkg_info = {}
        for pkg, deb in debs.items():
            subprocess.run(["dpkg", "-x", str(deb), str(root)], check=True)
            pkg_info[pkg] = {
                "version": deb_field(deb, "Version"),
                "deb": deb.name,
                "sha256": sha256(deb.read_bytes()),
            }

        rows = []
        changed = []
        for face in FACES:
            src = root / face.source
            source_font = verify_source(src, face)
            data = hb_subset(src, face.index, wanted)
            data = rename(data, face, source_font, pkg_info[face.package]["version"])
            font = TTFont(BytesIO(data), lazy=True)
            cmap = font.getBestCmap()
            missing = sorted(c for c in required if ord(c) not in cmap)
            if missing:
                raise SystemExit(f"{face.filename} lacks {len(missing)}: {''.join(missing[:50])}")
            target = out_dir / face.filename
            if write_if_changed(target, data):
                changed.append(target.name)
            rows.append(
                {
                    "face": face,
                    "src_sha": sha256(src.read_bytes()),
                    "size": len(data),
                    "sha": sha256(data),
                    "glyphs": font["maxp"].numGlyphs,
                    "cmap": len(cmap),
                    "absent": len(wanted) - len(set(wanted) & set(cmap)),
                }
            )
            print(f"{face.filename}: {len(data):,} bytes, {len(cmap)} chars", flush=True)

        for pkg, lic_name in LICENSES.items():
            cfile = root / "usr/share/doc" / pkg / "copyright"
            stanza, ofl = ofl_text(cfile)
            srcs = [f for f in FACES if f.package == pkg]
            notices = sorted({english_name(verify_source(root / f.source, f), 0) or "" for f in srcs})
            text = (
                f"Files: {', '.join(f.filename for f in srcs)}\n"
                f"Modified Versions (subsets, renamed) of fonts from the Debian package\n"
                f"{pkg} {pkg_info[pkg]['version']}, licensed under the SIL Open Font\n"
                "License, Version 1.1 (copied below).\n\n"
                "Copyright notices in the fonts (name ID 0):\n"
                + "".join(f"  {line}\n" for n in notices for line in n.splitlines())
                + f"\nFrom /usr/share/doc/{pkg}/copyright:\n"
                + "".join(f"  {line}\n" for line in stanza.splitlines())
                + "\n"
                + ofl
            )
            if write_if_changed(out_dir / lic_name, text.encode("utf-8")):
                changed.append(lic_name)

    total = sum(r["size"] for r in rows)
    prov = provenance(pkg_info, rows, total, seeds, seed_extra, len(wanted))
    if write_if_changed(out_dir / "PROVENANCE.md", prov.encode("utf-8")):
        changed.append("PROVENANCE.md")
    print(f"total font bytes: {total:,} ({total / 2**20:.2f} MiB)")
    print("rewritten:", ", ".join(changed) if changed else "nothing (already up to date)")
    if total > SIZE_LIMIT:
        print("error: bundled fonts exceed 20 MiB", file=sys.stderr)
        return 1
    return 0


def provenance(pkg_info, rows, total, seeds, seed_extra, n_wanted) -> str:
    import opencc

    lines = [
        "# Bundled fonts: provenance",
        "",
        "Made by `python3 scripts/build_fonts.py` (from the repository root; it runs",
        "`apt-get download fonts-noto-cjk fonts-lxgw-wenkai`, `dpkg -x`, subsets with",
        "HarfBuzz and renames with fontTools). Rerunning it with the same packages gives",
        "byte-identical files. This file is written by that script.",
        "",
        "## Debian packages",
        "",
        "| package | version | .deb | sha256 of .deb |",
        "|---|---|---|---|",
    ]
    for pkg, info in sorted(pkg_info.items()):
        lines.append(f"| {pkg} | {info['version']} | {info['deb']} | `{info['sha256']}` |")
    lines += [
        "",
        "## Faces",
        "",
        "| file | family (new) | style | stand-in for | source file (face index) | source face | sha256 of source file |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        f = r["face"]
        lines.append(
            f"| {f.filename} | {f.family} | {f.style} | {f.stand_in_for} | "
            f"{f.package}: /{f.source} ({f.index}) | {f.source_name} | `{r['src_sha']}` |"
        )
    lines += [
        "",
        "The face index was checked against the name table (name ID 4) of the source.",
        "",
        "## Outputs",
        "",
        "| file | bytes | glyphs | characters in cmap | sha256 |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['face'].filename} | {r['size']:,} | {r['glyphs']:,} | {r['cmap']:,} | `{r['sha']}` |")
    lines += [
        f"| **total** | {total:,} ({total / 2**20:.2f} MiB) | | | |",
        "",
        "## What was kept",
        "",
        f"- Characters ({n_wanted:,} code points asked for; a face keeps those it has):",
        f"  - all {len(charset.gb2312_chars()):,} characters of GB 2312 (every valid"
        " 2-byte code decoded with Python's `gb2312` codec);",
        f"  - the traditional forms of its 6,763 hanzi by OpenCC {opencc.__version__}"
        f" `{'`, `'.join(charset.OPENCC_CONFIGS)}`"
        f" ({len(charset.traditional_forms()):,} characters not in GB 2312);",
    ]
    for lo, hi, label in charset.EXTRA_RANGES:
        lines.append(f"  - U+{lo:04X}–U+{hi:04X} {label}")
    lines.append(
        f"  - and every character of {len(seeds)} seed report(s) "
        f"({', '.join(p.name for p in seeds) or 'none found'}); characters they added "
        f"beyond the sets above: {''.join(seed_extra) if seed_extra else 'none'}."
    )
    lines += [
        "- The build fails unless every face maps all of GB 2312, the traditional forms",
        "  and the seeds' characters.",
        f"- OpenType layout features: {', '.join(LAYOUT_FEATURES)}.",
        "  No `locl`: it would pull in the JP/KR/TC/HK glyph variants.",
        "- Hinting dropped (HarfBuzz `NO_HINTING`); CFF subroutines kept.",
        f"- Tools: HarfBuzz {hb.version_string()} (uharfbuzz {hb.__version__}), fontTools {fonttools_version}.",
        "",
        "## Names and licence",
        "",
        "The families are renamed GiarGen Song (Regular, Bold), GiarGen Hei and",
        "GiarGen Kai; name IDs 1-6 and 10 and the CFF font names are rewritten, the",
        "copyright, trademark, designer, vendor and licence names (IDs 0, 7-9, 11-14)",
        "are kept. Why:",
        "",
        "- fonts-noto-cjk: SIL OFL 1.1; its Debian copyright file declares no Reserved",
        "  Font Name (the fonts' own name ID 7 says \"Noto is a trademark of Google",
        '  Inc."). Renamed anyway, for consistency and so that the bundled subsets never',
        "  pass for a full installed Noto Serif/Sans CJK SC in Fontconfig.",
        "- fonts-lxgw-wenkai: SIL OFL 1.1; its Debian copyright file says",
        '  "With Reserved Font Names "霞鹜" and "LXGW". Fonts rebuilt from',
        '  unmodified source code are allowed to use Reserved Font Names." A subset is',
        "  a Modified Version, so it must not be called LXGW or 霞鹜 (OFL condition 3).",
        "",
        "Licence texts with the copyright notices: "
        + ", ".join(f"`{v}`" for v in LICENSES.values())
        + ". They come from each package's /usr/share/doc/PACKAGE/copyright.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
