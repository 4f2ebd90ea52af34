"""A bold face made by emboldening outlines (the bold-subheadings option).

For a font without a bold face, as Word does: the outlines of the given
characters are emboldened with HarfBuzz and written as a small CFF font under
the family ``GiarGen PDF <key>``, weight 700. Advances are kept, so the text
stays on the grid.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from giar_gen.fonts import hb_face

# Synthetic emboldening (fraction of the em).
EMBOLDEN = 0.022


def synthetic_bold(path: str | Path, codepoints: Iterable[int], *, index: int = 0, key: str) -> bytes:
    """A bold face made by emboldening the outlines of the font at ``path`` (as Word does
    for a font without a bold face), for the given characters only. Advances are
    kept, so the text stays on the grid."""
    import uharfbuzz as hb
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    face = hb_face(str(path), index)
    font = hb.Font(face)
    upem = face.upem
    font.synthetic_bold = (EMBOLDEN, EMBOLDEN, True)
    order = [".notdef"]
    cmap: dict[int, str] = {}
    charstrings = {}
    metrics = {}
    notdef = T2CharStringPen(upem // 2, None)
    charstrings[".notdef"] = notdef.getCharString()
    metrics[".notdef"] = (upem // 2, 0)
    for cp in sorted(set(codepoints)):
        gid = font.get_nominal_glyph(cp)
        if not gid:
            continue
        name = f"uni{cp:04X}" if cp <= 0xFFFF else f"u{cp:06X}"
        advance = font.get_glyph_h_advance(gid)
        pen = T2CharStringPen(advance, None)
        font.draw_glyph_with_pen(gid, pen)
        order.append(name)
        cmap[cp] = name
        charstrings[name] = pen.getCharString()
        extents = font.get_glyph_extents(gid)
        metrics[name] = (advance, extents.x_bearing if extents else 0)
    extents = font.get_font_extents("ltr")
    fb = FontBuilder(upem, isTTF=False)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap(cmap)
    ps_name = "GiarGenPDFBold-" + key
    fb.setupCFF(ps_name, {"FullName": ps_name}, charstrings, {})
    fb.setupHorizontalMetrics(metrics)
    fb.setupHorizontalHeader(ascent=extents.ascender, descent=extents.descender)
    fb.setupNameTable({"familyName": f"GiarGen PDF {key}", "styleName": "Bold"})
    fb.setupOS2(
        sTypoAscender=extents.ascender,
        sTypoDescender=extents.descender,
        usWinAscent=extents.ascender,
        usWinDescent=-extents.descender,
        usWeightClass=700,
    )
    fb.setupPost()
    fb.font["head"].created = fb.font["head"].modified = 0
    buf = io.BytesIO()
    fb.font.save(buf)
    return buf.getvalue()
