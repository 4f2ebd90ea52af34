"""The DOCX on an office machine (issue 13.8, 13.9): no automatic gap between
Chinese and digits, and a font table that tells Word which installed font is
nearest to a missing official one.

LibreOffice 7.4 (Debian 12) reads neither: its DOCX import ignores w:autoSpaceDE /
w:autoSpaceDN (writerfilter DomainMapper: ``case LN_CT_PPrBase_autoSpaceDE: break;``)
and w:altName / w:panose1 / w:family of the font table (FontTable.cxx), so these
are checked in the package, as Word reads it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import giar_gen.fonts as fonts
from giar_gen.document.compose import compose
from giar_gen.source.loader import load_report
from giar_gen.writers.docx import render_docx

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "2023-示例区市场监督管理局.yaml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _part(data: bytes, name: str):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def _val(el, attr: str = "val") -> str | None:
    return None if el is None else el.get(f"{{{W}}}{attr}")


@pytest.fixture(scope="module")
def example_docx() -> bytes:
    return render_docx(compose(load_report(EXAMPLE)))


def test_auto_spacing_between_chinese_and_digits_is_off(example_docx):
    styles = _part(example_docx, "word/styles.xml")
    for ppr in (
        styles.find("w:docDefaults/w:pPrDefault/w:pPr", NS),
        styles.find("w:style[@w:styleId='Normal']/w:pPr", NS),
    ):
        assert _val(ppr.find("w:autoSpaceDE", NS)) == "0"
        assert _val(ppr.find("w:autoSpaceDN", NS)) == "0"
    document = _part(example_docx, "word/document.xml")  # no paragraph turns it back on
    assert not [el for el in document.iter(f"{{{W}}}autoSpaceDE", f"{{{W}}}autoSpaceDN") if _val(el) != "0"]


#: what Word writes for these fonts on a Chinese Windows: family class, pitch, PANOSE
WORD_DESCRIPTION = {
    "仿宋_GB2312": ("modern", "fixed", "0201060903"),
    "楷体_GB2312": ("modern", "fixed", "0201060903"),
    "黑体": ("modern", "fixed", "0201060906"),
    "宋体": ("auto", "variable", "0201060003"),
}


def test_font_table_describes_each_official_font(example_docx):
    table = {f.get(f"{{{W}}}name"): f for f in _part(example_docx, "word/fontTable.xml").findall("w:font", NS)}
    assert set(fonts.DOCX_FONTS.values()) <= set(table)
    for name in set(fonts.DOCX_FONTS.values()):
        f = table[name]
        assert _val(f.find("w:charset", NS)) == "86", name  # GB 2312
        panose = _val(f.find("w:panose1", NS))
        assert panose and len(panose) == 20 and panose.startswith("02"), name
        assert _val(f.find("w:sig", NS), "csb0") == "00040001", name  # code page 936
        if name in WORD_DESCRIPTION:
            family, pitch, prefix = WORD_DESCRIPTION[name]
            assert (_val(f.find("w:family", NS)), _val(f.find("w:pitch", NS))) == (family, pitch), name
            assert panose.startswith(prefix), name
    # the fonts a fresh Windows has stand in for the _GB2312 names
    assert _val(table["仿宋_GB2312"].find("w:altName", NS)) == "仿宋"
    assert _val(table["楷体_GB2312"].find("w:altName", NS)) == "楷体"
