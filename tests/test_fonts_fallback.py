"""F002 (the PDF body falls back from 仿宋 to the bundled Song) and the font
folder (``--font-dir`` / ``GIAR_GEN_FONT_DIR``), issue 13.7."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from fontsetup import fontconfig_only, renamed_face

from giar_gen import fonts
from giar_gen.cli import main

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "2023-示例区市场监督管理局.yaml"

pytestmark = pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig not installed")


@pytest.fixture(scope="module")
def fangsong_dir(tmp_path_factory) -> Path:
    """A folder holding one font whose family is 仿宋 / FangSong."""
    folder = tmp_path_factory.mktemp("fontdir")
    chars = EXAMPLE.read_text(encoding="utf-8") + "一二三四五六七八九十（）—0123456789"
    renamed_face("song-regular", folder / "sub", "仿宋", "FangSong", chars)
    return folder


@pytest.fixture
def no_installed_fonts(tmp_path, monkeypatch):
    """This machine without any installed font (a private, empty fontconfig setup)."""
    empty = tmp_path / "none"
    empty.mkdir()
    monkeypatch.setenv("FONTCONFIG_FILE", str(fontconfig_only(empty, tmp_path)))
    monkeypatch.delenv(fonts.FONT_DIR_ENV, raising=False)
    fonts._fc_find_family.cache_clear()
    yield
    fonts._fc_find_family.cache_clear()


def test_fallback_is_said_once_with_the_fix(no_installed_fonts, tmp_path, capsys):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_bytes(EXAMPLE.read_bytes())
    b.write_bytes(EXAMPLE.read_bytes())
    assert main(["build", str(a), str(b), "-f", "pdf", "-o", str(tmp_path / "o"), "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert err.count("[F002]") == 1
    assert "仿宋" in err and "--font-dir" in err and fonts.FONT_DIR_ENV in err
    assert main(["build", str(a), "-f", "html", "-o", str(tmp_path / "h")]) == 0
    assert "[F002]" not in capsys.readouterr().err  # no PDF, nothing to say


def test_font_dir_option_supplies_the_fangsong(no_installed_fonts, fangsong_dir, tmp_path, capsys, monkeypatch):
    out = tmp_path / "o"
    monkeypatch.setenv(fonts.FONT_DIR_ENV, "")  # --font-dir sets it: restored after the test
    assert main(["build", str(EXAMPLE), "-f", "pdf", "-o", str(out), "--font-dir", str(fangsong_dir)]) == 0
    assert "[F002]" not in capsys.readouterr().err
    pdf = next(out.glob("*.pdf"))
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "GiarGen-PDF-system-body" in listing, listing  # the body in the folder's 仿宋


def test_font_dir_environment_variable(no_installed_fonts, fangsong_dir, monkeypatch, capsys):
    monkeypatch.setenv(fonts.FONT_DIR_ENV, str(fangsong_dir))
    found = fonts.system_font_for_role("body")
    assert found is not None and found.family == "仿宋" and found.path.parent == fangsong_dir / "sub"
    assert fonts.system_font_for_role("heading2") is None
    assert main(["fonts"]) == 0
    out = capsys.readouterr().out
    assert "正文：仿宋（本机已安装" in out and "[F002]" not in out


def test_fonts_command_says_the_body_falls_back(no_installed_fonts, capsys):
    assert main(["fonts"]) == 0
    assert "[F002]" in capsys.readouterr().out


def test_missing_font_dir_is_an_input_error(tmp_path, capsys):
    assert main(["build", str(EXAMPLE), "-f", "html", "-o", str(tmp_path), "--font-dir", str(tmp_path / "nope")]) == 2
    assert "字体文件夹" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.html"))
