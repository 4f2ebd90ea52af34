"""Tests of giar_gen.fonts: bundled coverage, per-document subsets, CSS, roles."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

import giar_gen.fonts as fonts
from giar_gen.fonts import charset
from giar_gen.fonts.faces import FACES

REPO = Path(__file__).resolve().parent.parent
FONT_DIR = Path(fonts.__file__).resolve().parent
SIZE_LIMIT = 20 * 1024 * 1024

SAMPLE = (
    "某某区人力资源和社会保障局2023年政府信息公开工作年度报告\n"
    "一、总体情况\n（一）主动公开\n"
    "本机关依据《中华人民共和国政府信息公开条例》，共“公开”信息1,234条……①②③ Ⅰ Ⅱ\n"
    "繁體：國務院 資訊 發布 臺灣 香港\t— 1 —"
)


def cmap_of(path: Path) -> set[int]:
    with TTFont(path, lazy=True) as font:
        return set(font.getBestCmap())


@pytest.fixture(scope="module")
def body_cmap() -> set[int]:
    return cmap_of(fonts.bundled_font_files()["body"].path)


# --- the bundled files ------------------------------------------------------------


def test_gb2312_repertoire_is_complete():
    chars = charset.gb2312_chars()
    assert len(chars) == 7445
    assert len(set(chars)) == 7445
    assert len(charset.gb2312_hanzi()) == 6763
    # the traditional forms add characters outside GB 2312
    trad = charset.traditional_forms()
    assert {"國", "資", "發", "臺", "灣"} <= trad
    assert not trad & set(chars)


def test_body_face_covers_gb2312_and_traditional_forms(body_cmap):
    missing = [c for c in charset.gb2312_chars() if ord(c) not in body_cmap]
    assert missing == []
    missing_trad = sorted(c for c in charset.traditional_forms() if ord(c) not in body_cmap)
    assert missing_trad == []


@pytest.mark.parametrize("face", FACES, ids=lambda f: f.key)
def test_every_bundled_face_covers_the_required_set(face):
    cmap = cmap_of(FONT_DIR / face.filename)
    missing = sorted(c for c in charset.required_chars() if ord(c) not in cmap)
    assert missing == [], f"{face.filename} lacks {''.join(missing[:40])}"
    # and the listed punctuation
    for ch in "—–“”‘’…、。，：；！？（）《》〈〉「」『』【】〔〕①⑳ⅠⅫ·×÷％０９ＡＺ　":
        assert ord(ch) in cmap, f"{face.filename} lacks {ch!r}"


def test_seed_characters_are_covered(body_cmap):
    files = charset.seed_files(charset.default_seed_globs(REPO))
    if not files:
        pytest.skip("no seed reports found (seeds/ or ../shared/seeds/)")
    seeds = charset.seed_chars(files)
    assert seeds
    assert sorted(c for c in seeds if ord(c) not in body_cmap) == []
    assert fonts.uncovered_characters("".join(seeds)) == []


def test_total_size_within_limit():
    total = sum((FONT_DIR / f.filename).stat().st_size for f in FACES)
    assert total <= SIZE_LIMIT, f"{total:,} bytes"


def test_bundled_faces_are_renamed_unhinted_and_match_provenance():
    provenance = (FONT_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    for face in FACES:
        path = FONT_DIR / face.filename
        with TTFont(path) as font:
            name = font["name"]
            assert name.getDebugName(1) == face.family
            assert name.getDebugName(2) == face.style
            for name_id in (1, 3, 4, 6, 16):
                value = name.getDebugName(name_id) or ""
                assert "LXGW" not in value and "霞鹜" not in value
            assert not {"fpgm", "prep", "cvt "} & set(font.keys())
            assert font["OS/2"].usWeightClass == face.weight
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert digest in provenance, f"PROVENANCE.md is stale for {face.filename}"
    for lic in ("LICENSE-NotoCJK.txt", "LICENSE-LXGW-WenKai.txt"):
        text = (FONT_DIR / lic).read_text(encoding="utf-8")
        assert "SIL OPEN FONT LICENSE Version 1.1" in text


# --- roles ------------------------------------------------------------------------


def test_roles_official_names_first_bundled_last():
    assert set(fonts.ROLES) == set(fonts.ROLE_NAMES)
    official = {
        "title": "方正小标宋简体",
        "body": "仿宋_GB2312",
        "heading1": "黑体",
        "heading2": "楷体_GB2312",
        "page_number": "宋体",
        "table": "宋体",
    }
    families = {f.family for f in FACES} | {"GiarGen Song Bold"}
    for role, names in fonts.ROLES.items():
        assert names[0] == official[role]
        assert names[-1] == fonts.BUNDLED_FAMILY[role] in families
        assert fonts.docx_east_asia_font(role) == official[role]
        assert fonts.bundled_font_files()[role].family == names[-1]
    assert {"仿宋", "FangSong", "STFangsong"} <= set(fonts.ROLES["body"])
    assert {"楷体", "KaiTi", "STKaiti"} <= set(fonts.ROLES["heading2"])
    assert {"SimHei", "STHeiti"} <= set(fonts.ROLES["heading1"])
    assert {"SimSun", "STSong"} <= set(fonts.ROLES["page_number"])
    assert "华文中宋" in fonts.ROLES["title"]
    with pytest.raises(KeyError):
        fonts.docx_east_asia_font("footnote")


def test_sizes():
    assert fonts.font_size_pt("title") == 22
    for role in ("body", "heading1", "heading2"):
        assert fonts.font_size_pt(role) == 16
    assert fonts.font_size_pt("page_number") == 14
    assert fonts.font_size_pt("table") == fonts.TABLE_FONT_PT["narrow"] == 10.5
    assert fonts.font_size_pt("table", wide_table=True) == fonts.TABLE_FONT_PT["wide"] == 9


def test_bundled_font_files_exist():
    files = fonts.bundled_font_files()
    assert set(files) == set(fonts.ROLE_NAMES)
    for _family, path in files.values():
        assert path.is_file() and path.is_absolute()
    assert files["title"].path.name == "GiarGenSong-Bold.otf"
    assert files["heading2"].path.suffix == ".ttf"


def test_font_family_css():
    css = fonts.font_family_css("body")
    assert css.startswith('"仿宋_GB2312", "仿宋", ')
    assert css.endswith('"GiarGen Song"')
    assert css.count(",") == len(fonts.ROLES["body"]) - 1
    assert fonts.font_family_css("title", system=False) == '"GiarGen Song Bold"'


# --- coverage check -----------------------------------------------------------------


def test_uncovered_characters():
    assert fonts.uncovered_characters("政府信息公开 2023\n\t\u3000") == []
    assert fonts.uncovered_characters("公开𠀀信息😀") == ["😀", "𠀀"]  # sorted by code point
    assert fonts.uncovered_characters("𠀀𠀀") == ["𠀀"]
    assert fonts.uncovered_characters("\u200b\x07") == []  # format/control chars ignored
    assert fonts.uncovered_characters("𠀀", system_fonts=True, roles=["body"]) in ([], ["𠀀"])


# --- subsets and CSS --------------------------------------------------------------------


def _subsets(text: str, out_dir: Path) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    codepoints = {ord(c) for c in text if not c.isspace()} | {ord(c) for c in fonts.PAGE_NUMBER_CHARS}
    files = {}
    for key, src in fonts.bundled_face_files().items():
        path = out_dir / f"{key}{src.suffix}"
        path.write_bytes(fonts.subset_face(src, codepoints))
        files[key] = path
    return files


def test_subset_has_exactly_the_requested_cmap(tmp_path):
    files = _subsets(SAMPLE, tmp_path)
    assert set(files) == {f.key for f in FACES}
    requested = {ord(c) for c in SAMPLE if not c.isspace()} | {ord(c) for c in fonts.PAGE_NUMBER_CHARS}
    bundled = fonts.bundled_face_files()
    for key, path in files.items():
        source = cmap_of(bundled[key])
        assert cmap_of(path) == requested & source
        assert path.stat().st_size < bundled[key].stat().st_size / 10


def test_subset_is_deterministic(tmp_path):
    src = fonts.bundled_face_files()["song-regular"]
    codepoints = [ord(c) for c in SAMPLE]
    assert fonts.subset_face(src, codepoints) == fonts.subset_face(src, reversed(codepoints))
    assert fonts.subset_face(src, codepoints) != fonts.subset_face(src, codepoints + [ord("另")])


def test_font_face_css_points_at_existing_files(tmp_path):
    css = fonts.font_face_css(_subsets(SAMPLE, tmp_path))
    urls = re.findall(r'url\("(file:///[^"]+)"\)', css)
    assert len(urls) == 6
    for url in urls:
        assert Path(url[len("file://") :]).is_file()
    declared = set(re.findall(r'font-family: "([^"]+)"', css))
    assert declared == {names[-1] for names in fonts.ROLES.values()} | {"GiarGen Song"}
    bundled_css = fonts.font_face_css()
    assert "GiarGenSong-Regular.otf" in bundled_css
    assert 'format("truetype")' in bundled_css
    with pytest.raises(KeyError):
        fonts.font_face_css({"song-regular": tmp_path / "x.otf"})


def test_weasyprint_renders_with_subset_fonts(tmp_path):
    import weasyprint

    css = fonts.font_face_css(_subsets(SAMPLE, tmp_path / "fonts"))
    html = (
        f"<html lang='zh-CN'><head><meta charset='utf-8'><style>{css}"
        f"body {{ font-family: {fonts.font_family_css('body', system=False)}; }}"
        f"h1 {{ font-family: {fonts.font_family_css('title', system=False)}; font-weight: normal }}"
        f"h2 {{ font-family: {fonts.font_family_css('heading1', system=False)}; }}"
        f"h3 {{ font-family: {fonts.font_family_css('heading2', system=False)}; }}"
        "</style></head><body><h1>年度报告</h1><h2>一、总体情况</h2><h3>（一）主动公开</h3>"
        f"<p>{SAMPLE}</p></body></html>"
    )
    pdf = weasyprint.HTML(string=html).write_pdf(uncompressed_pdf=True)
    for name in (b"GiarGen-Song", b"GiarGen-Song-Bold", b"GiarGen-Hei", b"GiarGen-Kai"):
        assert name in pdf


# --- system fonts -----------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig not installed")
def test_system_font_for_role_finds_an_installed_font(tmp_path, monkeypatch):
    # A private fontconfig setup holding one font whose family is "黑体".
    font_dir = tmp_path / "fonts"
    font_dir.mkdir()
    subset = _subsets("黑体", tmp_path / "sub")["hei-regular"]
    with TTFont(subset) as font:
        for name_id in (1, 4):
            font["name"].setName("黑体", name_id, 3, 1, 0x804)
            font["name"].setName("SimHei", name_id, 3, 1, 0x409)
        font["name"].setName("SimHei", 6, 3, 1, 0x409)
        font.save(font_dir / "simhei.otf")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        "<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
        f"<dir>{font_dir}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    fonts._fc_find_family.cache_clear()
    try:
        found = fonts.system_font_for_role("heading1")
        assert found is not None
        assert found.family == "黑体"
        assert found.path == font_dir / "simhei.otf"
        assert found.index == 0
        assert fonts.system_font_for_role("heading2") is None
        assert fonts.system_font_for_role("body") is None
    finally:
        fonts._fc_find_family.cache_clear()


def test_system_font_for_role_without_fontconfig(monkeypatch):
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    fonts._fc_find_family.cache_clear()
    try:
        assert fonts.system_font_for_role("body") is None
    finally:
        fonts._fc_find_family.cache_clear()


def test_build_script_is_importable_and_documents_itself():
    out = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_fonts.py"), "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--debs" in out and "--seeds" in out


def test_traditional_forms_chosen_inside_words_are_covered():
    """OpenCC picks some forms only inside words (复杂 → 複雜, 制作 → 製作, 关系 → 關係,
    汇总 → 彙總, 发布 → 發佈); the bundled fonts must have them too."""
    import opencc

    from giar_gen.fonts import uncovered_characters

    text = "复杂 制作 关系 联系 汇总 发布 委托 杂志 回复 审核 答复 签署 驻扎 升级"
    for config in ("s2t", "s2tw", "s2hk"):
        converted = opencc.OpenCC(config).convert(text)
        assert uncovered_characters(converted) == [], (config, converted)
