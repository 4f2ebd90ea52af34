"""``--help`` reads well in a terminal: no ASCII word broken, “命令” once,
lines no wider than the terminal (a Chinese character takes two columns)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from giar_gen.cli import COMMANDS, parser

README = Path(__file__).resolve().parent.parent / "README.md"


def _columns(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _help(argv: list[str], columns: int, monkeypatch, capsys) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    with pytest.raises(SystemExit):
        parser().parse_args([*argv, "--help"])
    return capsys.readouterr().out


def _help_texts(p) -> list[str]:
    return [a.help for a in p._actions if a.help]


@pytest.mark.parametrize("columns", [60, 80, 100])
@pytest.mark.parametrize("command", [None] + [c[0] for c in COMMANDS])
def test_help_never_breaks_an_ascii_word(command, columns, monkeypatch, capsys):
    out = _help([command] if command else [], columns, monkeypatch, capsys)
    p = parser()
    if command:
        p = next(a for a in p._actions if a.dest == "command").choices[command]
    words = {w.strip("，。、；：（）“”") for t in _help_texts(p) for w in re.findall(r"[!-~]+", t)}
    joined = re.sub(r"\s+", " ", out)
    for w in words:
        if len(w) > 1:
            assert re.search(rf"(?<![!-~]){re.escape(w)}", out), (w, out)
    assert "s2t wp" not in joined and "s2t\nwp" not in out
    for line in out.splitlines():
        if line.startswith("用法：") or line.startswith(" " * 18):  # usage lines are argparse's own
            continue
        body = line.strip()
        assert not body or body[0] not in "，。、；：）》”", line


def test_commands_heading_printed_once(monkeypatch, capsys):
    out = _help([], 80, monkeypatch, capsys)
    lines = out.splitlines()
    assert lines.count("命令:") == 1
    assert "  命令" not in lines  # the sub-command pseudo-line repeated the heading
    for name, *_ in COMMANDS:
        assert any(line.split()[:1] == [name] for line in lines), name


def test_wrap_by_display_width():
    from giar_gen.terminal import wrap_cjk

    text = "输出文字：简体，或繁体：hant（常用繁体字形）、s2t（OpenCC 标准字形）、s2twp（台湾用语）"
    for width in range(10, 60, 3):
        lines = wrap_cjk(text, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert all(_columns(line) <= width for line in lines), (width, lines)
        assert any("s2twp" in line for line in lines)
        assert not any(line[0] in "，。、）" for line in lines)


def test_readme_describes_the_bold_subheadings_switch():
    text = README.read_text(encoding="utf-8")
    assert "待接入" not in text
    assert "--bold-subheadings" in text


def test_import_summary_names_every_readable_kind(monkeypatch, capsys):
    # the command list said “网页、复制的文字、DOCX” after the PDF reader landed
    out = _help([], 200, monkeypatch, capsys)
    line = next(line for line in out.splitlines() if line.split()[:1] == ["import"])
    for kind in ("网页", "文字", "DOCX", "PDF", ".xlsx"):
        assert kind in line, (kind, line)


def test_a_mistyped_command_or_choice_names_the_likely_one(capsys):
    from giar_gen.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["biuld", "x.yaml"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "没有「biuld」这个命令。是不是「build」？" in err and "build、check" in err
    assert "'" not in err.splitlines()[-1]  # no Python list quotes
    with pytest.raises(SystemExit):
        main(["check", "--format", "jsn", "a.yaml"])
    err = capsys.readouterr().err
    assert "参数 --format 不能是「jsn」。是不是「json」？可选：human、json" in err


def test_a_value_given_to_a_flag_is_explained_in_chinese(capsys):
    from giar_gen.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["build", "x.yaml", "--force=1"])
    assert exc.value.code == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.endswith("选项 --force 不带值，不能写成 --force=1") and "ignored" not in last
