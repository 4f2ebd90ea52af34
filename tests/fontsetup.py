"""Test fonts under the official names: the bundled faces renamed with fontTools
(仿宋, 楷体 …) and a fontconfig setup that sees only a given folder."""

from __future__ import annotations

from pathlib import Path

from fontTools.ttLib import TTFont

from giar_gen.fonts import bundled_face_files


def renamed_face(key: str, dest: Path, zh: str, en: str, chars: str | None = None) -> Path:
    """Bundled face ``key`` saved as family ``zh`` / ``en`` (PostScript name ``en``),
    cut to ``chars`` when given (quicker to write and to read)."""
    src = bundled_face_files()[key]
    font = TTFont(src)
    if chars is not None:
        from fontTools import subset

        opts = subset.Options()
        opts.name_IDs = ["*"]
        opts.name_languages = ["*"]
        opts.layout_features = ["*"]
        sub = subset.Subsetter(opts)
        sub.populate(unicodes=[ord(c) for c in set(chars)])
        sub.subset(font)
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID in (1, 3, 4, 6, 16, 17):
            name.removeNames(nameID=rec.nameID)
    for nid in (1, 4):
        name.setName(zh, nid, 3, 1, 0x804)
        name.setName(en, nid, 3, 1, 0x409)
    name.setName("Regular", 2, 3, 1, 0x409)
    name.setName(en.replace(" ", ""), 6, 3, 1, 0x409)
    name.setName(en, 3, 3, 1, 0x409)
    if "CFF " in font:  # the names a PDF producer reads from the outlines
        cff = font["CFF "].cff
        cff.fontNames = [en.replace(" ", "")]
        top = cff.topDictIndex[0]
        for attr in ("FullName", "FamilyName"):
            if hasattr(top, attr):
                setattr(top, attr, en)
        for fd in getattr(top, "FDArray", None) or ():
            if hasattr(fd, "FontName"):
                fd.FontName = f"{en.replace(' ', '')}-{fd.FontName.split('-')[-1]}"
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / f"{en.replace(' ', '')}{src.suffix}"
    font.save(path)
    return path


def fontconfig_only(folder: Path, tmp: Path) -> Path:
    """A fontconfig file whose only font folder is ``folder`` (for FONTCONFIG_FILE)."""
    conf = tmp / "fonts.conf"
    conf.write_text(
        "<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
        f"<dir>{folder}</dir><cachedir>{tmp / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return conf
