"""Batch builds: many inputs, parallel workers, the summary table, the cache."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from unitgen import write_previous_year, write_units

from giar_gen.batch.runner import (
    CACHE_NAME,
    Cache,
    Progress,
    build_many,
    collect_inputs,
    find_previous,
)
from giar_gen.cli import main


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture()
def units(tmp_path) -> list[Path]:
    """Six valid units and two broken ones (a YAML syntax error, a wrong value)."""
    paths = write_units(tmp_path / "单位", 8, seed=3)
    _break(paths[2], "报告年度: 2023", "报告年度: [2023")  # unclosed bracket
    _break(paths[5], "报告年度: 2023", "报告年度: 二〇二三")
    return paths


def _run(paths, out_dir, fmt=("html",), jobs=1, use_cache=True, bar=False, **options):
    out, err = io.StringIO(), io.StringIO()
    code = build_many(
        [str(p) for p in paths],
        out_dir=str(out_dir),
        formats=fmt,
        options={"script": None, "infographic": False, **options},
        jobs=jobs,
        use_cache=use_cache,
        out=out,
        err=err,
        bar=bar,
    )
    return code, out.getvalue(), err.getvalue()


def _table_rows(text: str) -> dict[str, str]:
    """File name → result label, from the summary table."""
    rows = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].endswith(".yaml"):
            rows[Path(parts[0].lstrip("…")).name] = parts[1]
    return rows


def test_collect_inputs_files_folders_once_in_order(tmp_path):
    a = write_units(tmp_path / "a", 2)
    sub = write_units(tmp_path / "a" / "乡镇", 1, seed=9)
    hidden = tmp_path / "a" / ".old"
    hidden.mkdir()
    (hidden / "x.yaml").write_text("报告年度: 2023\n", encoding="utf-8")
    (tmp_path / "a" / "版式.yaml").write_text("id: mine\nparts:\n  - key: 总体情况\n", encoding="utf-8")
    (tmp_path / "a" / "说明.txt").write_text("not yaml", encoding="utf-8")
    found = collect_inputs([a[1], tmp_path / "a", tmp_path / "missing.yaml"])
    names = [i.source.name for i in found]
    # the file first as given, then the folder sorted (its copy of a[1] not twice), sub-folders
    # included, hidden folders, layout files and non-YAML left out; a missing path is reported
    assert names == [a[1].name, a[0].name, sub[0].name, "missing.yaml"]
    assert found[2].rel == Path("乡镇") / sub[0].name
    assert found[-1].problem and "找不到" in found[-1].problem


def test_folder_with_broken_files_builds_the_rest_and_reports_every_file(units, tmp_path):
    out_dir = tmp_path / "out"
    code, out, err = _run([units[0].parent], out_dir, jobs=2)
    assert code == 2  # worst status: unusable input
    rows = _table_rows(out)
    assert len(rows) == 8
    assert rows[units[2].name] == "出错" and rows[units[5].name] == "出错"
    assert [v for k, v in rows.items() if k not in (units[2].name, units[5].name)] == ["已生成"] * 6
    assert "共 8 个文件：已生成 6，有警告 0，出错 2，跳过（未改动）0" in out
    for p in units:
        built = (out_dir / f"{p.stem}.html").exists()
        assert built == (p not in (units[2], units[5]))
    # the errors are shown with file:line:column and the offending line
    assert f"{units[5]}:1:" in err and "二〇二三" in err
    assert str(units[2]) in err
    # plain progress (not a terminal): one line per file, numbered
    lines = [ln for ln in err.splitlines() if ln.startswith("[")]
    assert len(lines) == 8 and lines[-1].startswith("[8/8]")


def test_progress_bar_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    from giar_gen.batch.runner import BUILT, FileResult, interactive

    stream = Tty()
    env = dict(os.environ)
    os.environ.pop("CI", None)
    try:
        assert interactive(stream)
        os.environ["CI"] = "true"
        assert not interactive(stream)  # CI logs get plain lines
    finally:
        os.environ.clear()
        os.environ.update(env)
    p = Progress(4, stream, bar=True)
    for i in range(4):
        p.update(FileResult(i, f"f{i}.yaml", BUILT))
    p.finish()
    text = stream.getvalue()
    assert text.count("\r[") == 4
    assert "[" + "#" * Progress.BAR + "] 4/4" in text
    assert "\x1b[K" in text and text.endswith("\n")


def test_parallel_and_serial_builds_give_the_same_bytes(units, tmp_path):
    good = [p for i, p in enumerate(units) if i not in (2, 5)][:4]
    _run(good, tmp_path / "j1", jobs=1, use_cache=False)
    _run(good, tmp_path / "j2", jobs=2, use_cache=False)
    for p in good:
        assert (tmp_path / "j1" / f"{p.stem}.html").read_bytes() == (tmp_path / "j2" / f"{p.stem}.html").read_bytes()


def test_cache_skips_unchanged_inputs_and_rebuilds_changed_ones(units, tmp_path):
    good = [p for i, p in enumerate(units) if i not in (2, 5)][:3]
    out_dir = tmp_path / "out"
    code, out, _ = _run(good + [units[5]], out_dir)
    assert code == 2
    cache = json.loads((out_dir / CACHE_NAME).read_text(encoding="utf-8"))
    assert len(cache["entries"]) == 3  # a failed file is never recorded

    code, out, _ = _run(good + [units[5]], out_dir)
    rows = _table_rows(out)
    assert [rows[p.name] for p in good] == ["跳过"] * 3
    assert rows[units[5].name] == "出错"  # tried again every time

    # an edited input, a deleted output: only those are built again
    _break(good[0], "认真贯彻落实", "全面贯彻落实")
    (out_dir / f"{good[1].stem}.html").unlink()
    code, out, _ = _run(good, out_dir)
    rows = _table_rows(out)
    assert code == 0
    assert [rows[p.name] for p in good] == ["已生成", "已生成", "跳过"]
    assert "全面贯彻落实" in (out_dir / f"{good[0].stem}.html").read_text(encoding="utf-8")

    # other options are another build; --no-cache builds everything
    code, out, _ = _run(good, out_dir, fmt=("html", "json"))
    assert list(_table_rows(out).values()) == ["已生成"] * 3
    code, out, _ = _run(good, out_dir, fmt=("html", "json"), use_cache=False)
    assert list(_table_rows(out).values()) == ["已生成"] * 3
    code, out, _ = _run(good, out_dir, fmt=("html", "json"))
    assert list(_table_rows(out).values()) == ["跳过"] * 3


def test_cache_entry_invalid_when_tool_changes(units, tmp_path, monkeypatch):
    from giar_gen.batch import cache as batch

    good = units[0]
    _run([good, units[1]], tmp_path / "o")
    cache = Cache(tmp_path / "o")
    key = batch.cache_key(good, ("html",), {"script": None, "infographic": False})
    assert cache.fresh(good, key) is not None
    monkeypatch.setattr(batch, "tool_fingerprint", lambda: "another version")
    assert batch.cache_key(good, ("html",), {"script": None, "infographic": False}) != key


def test_single_file_prints_outputs_and_skips_when_unchanged(units, tmp_path, capsys):
    assert main(["build", str(units[0]), "-o", str(tmp_path), "-f", "html"]) == 0
    first = capsys.readouterr().out
    assert first.startswith("已生成 ") and "KB" in first
    assert main(["build", str(units[0]), "-o", str(tmp_path), "-f", "html"]) == 0
    assert "未改动" in capsys.readouterr().out
    assert main(["build", str(units[0]), "-o", str(tmp_path), "-f", "html", "--rebuild"]) == 0
    assert capsys.readouterr().out.startswith("已生成 ")


def test_same_name_from_two_folders_is_not_overwritten(tmp_path):
    a = write_units(tmp_path / "a", 1, seed=1)[0]
    b_dir = tmp_path / "b"
    b_dir.mkdir()
    b = b_dir / a.name
    b.write_bytes(a.read_bytes())
    code, out, err = _run([a, b], tmp_path / "out")
    rows = out.splitlines()
    assert code == 2
    assert any("出错" in r and "重名" in r for r in rows)
    # folders given as folders are mirrored below -o: no clash
    code, out, err = _run([tmp_path / "a", tmp_path / "b"], tmp_path / "out2")
    assert code == 0


def test_previous_folder_is_matched_by_name_and_year(tmp_path):
    cur = write_units(tmp_path / "2023", 2, seed=5, year=2023)
    cur_named = cur[0].rename(cur[0].with_name(f"2023-{cur[0].stem}.yaml"))
    prev_dir = tmp_path / "2022"
    prev = write_previous_year(cur_named, prev_dir / f"2022-{cur[0].stem}.yaml")
    assert find_previous(cur_named, prev_dir) == prev
    assert find_previous(cur[1], prev_dir) is None
    out, err = io.StringIO(), io.StringIO()
    code = build_many(
        [str(cur_named), str(cur[1])],
        out_dir=str(tmp_path / "o"),
        formats=("html",),
        options={"script": None, "infographic": False, "compare": True},
        previous=str(prev_dir),
        jobs=1,
        out=out,
        err=err,
        bar=False,
    )
    assert code == 0, err.getvalue()
    rows = _table_rows(out.getvalue())
    assert rows[cur[1].name] == "有警告" and "没有找到上一年度" in err.getvalue()
    assert rows[cur_named.name] in ("已生成", "有警告")
    html = (tmp_path / "o" / f"{cur_named.stem}.html").read_text(encoding="utf-8")
    assert "主要数据与上年度对比" in html and "2022年" in html
    assert "主要数据与上年度对比" not in (tmp_path / "o" / f"{cur[1].stem}.html").read_text(encoding="utf-8")
    # a single --previous file with several inputs is refused: which file goes with which?
    assert (
        build_many(
            [str(cur_named), str(cur[1])],
            out_dir=str(tmp_path / "o"),
            formats=("html",),
            options={},
            previous=str(prev),
            out=io.StringIO(),
            err=err,
            bar=False,
        )
        == 2
    )


def test_cli_build_folder_in_parallel_and_bad_options(units, tmp_path, capsys):
    code = main(["build", str(units[0].parent), "-o", str(tmp_path / "o"), "-f", "html", "-j", "2"])
    captured = capsys.readouterr()
    assert code == 2 and "共 8 个文件" in captured.out
    assert main(["build", str(units[0]), "-f", "html", "-j", "0"]) == 2
    assert main(["build", str(units[0]), "-f", "html", "--script", "火星文"]) == 2
    assert "未知的文字" in capsys.readouterr().err
    assert main(["build", str(tmp_path / "nothing-here")]) == 2
