"""Faults (issue 11, items 5-9 and the fault tests): outputs all or nothing, a full
disk, a read-only or misplaced output folder, long names, symbolic links and
permissions, the build cache, and kill -9 of single and batch builds."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from giar_gen.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _run(argv, capsys) -> tuple[int, str]:
    rc = main([str(a) for a in argv])
    cap = capsys.readouterr()
    return rc, cap.out + cap.err


def _copy(example_yaml, path: Path, old: str = "", new: str = "") -> Path:
    text = example_yaml.read_text(encoding="utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace(old, new, 1) if old else text, encoding="utf-8")
    return path


def _env(tmp: Path | None = None) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("GIAR_GEN_DEBUG", None)
    if tmp is not None:
        env["TMPDIR"] = str(tmp)
    return env


def _cli(*args, env=None, preexec=None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "giar_gen.cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=env or _env(),
        preexec_fn=preexec,
        timeout=300,
        **kw,
    )


def _complete(path: Path) -> bool:
    """An output that is whole: HTML closed, PDF ended, DOCX a readable zip."""
    data = path.read_bytes()
    if path.suffix == ".html":
        return data.rstrip().endswith(b"</html>")
    if path.suffix == ".pdf":
        return data.rstrip().endswith(b"%%EOF")
    if path.suffix == ".docx":
        try:
            with zipfile.ZipFile(path) as z:
                return z.testzip() is None
        except zipfile.BadZipFile:
            return False
    return True


# ---------------------------------------------------------------------------
# 7. refused before anything is written


@pytest.mark.parametrize("name, formats", [("r.html", "docx,pdf,html"), ("r.json", "docx,html,json")])
def test_data_file_named_like_an_output_writes_nothing(example_yaml, tmp_path, capsys, name, formats):
    src = _copy(example_yaml, tmp_path / name)
    rc, out = _run(["build", src, "-f", formats], capsys)
    assert rc == 2 and "内部错误" not in out
    if name == "r.json":  # read as a data file: the output r.json would be the input, refused before writing
        assert "就是输入文件" in out and "未生成任何文件" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    assert src.read_text(encoding="utf-8") == example_yaml.read_text(encoding="utf-8")


def test_output_name_taken_by_a_folder(example_yaml, tmp_path, capsys):
    src = _copy(example_yaml, tmp_path / "ex.yaml")
    (tmp_path / "od" / "ex.html").mkdir(parents=True)
    rc, out = _run(["build", src, "-o", tmp_path / "od", "-f", "docx,html"], capsys)
    assert rc == 2 and "同名的文件夹" in out and "未生成任何文件" in out and "内部错误" not in out
    assert sorted(p.name for p in (tmp_path / "od").iterdir()) == ["ex.html"]


def test_output_folder_is_a_file(example_yaml, tmp_path, capsys):
    src = _copy(example_yaml, tmp_path / "ex.yaml")
    (tmp_path / "afile").write_text("x")
    for argv in (
        ["build", src, "-o", tmp_path / "afile", "-f", "html"],
        ["schema", "-o", tmp_path / "afile/s.json"],
        ["init", tmp_path / "afile/x.yaml"],
        ["import", tmp_path / "r.txt", "-o", tmp_path / "afile/x.yaml"],
    ):
        (tmp_path / "r.txt").write_text("一、总体情况\n正文。\n", encoding="utf-8")
        rc, out = _run(argv, capsys)
        assert rc == 2, (argv, out)
        assert "内部错误" not in out and "不是文件夹" in out, out
    assert (tmp_path / "afile").read_text() == "x"


def test_import_and_init_refuse_to_overwrite_their_input(example_yaml, tmp_path, capsys):
    (tmp_path / "r.txt").write_text("一、总体情况\n正文。\n", encoding="utf-8")
    rc, out = _run(["import", tmp_path / "r.txt", "-o", tmp_path / "r.txt", "--force"], capsys)
    assert rc == 2 and "就是输入文件" in out and "内部错误" not in out
    src = _copy(example_yaml, tmp_path / "self.yaml")
    rc, out = _run(["init", src, "--from", src, "--force", "--year", "2024"], capsys)
    assert rc == 2 and "就是输入文件" in out and "内部错误" not in out
    assert src.read_text(encoding="utf-8") == example_yaml.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# 8. read-only folder, full disk, long names


def test_read_only_output_folder(example_yaml, tmp_path, capsys):
    src = _copy(example_yaml, tmp_path / "ex.yaml")
    if os.geteuid() == 0:  # root writes through permissions: use a folder of a read-only kind
        target = Path("/proc/self/fdinfo")
    else:
        target = tmp_path / "ro"
        target.mkdir()
        target.chmod(0o555)
    rc, out = _run(["build", src, "-o", target, "-f", "html,docx"], capsys)
    assert rc == 2 and "无法写入" in out and "未生成任何文件" in out and "内部错误" not in out
    if os.geteuid() != 0:
        assert list(target.iterdir()) == []


def _limited(kb: int):
    def limit():
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write beyond the limit fails (EFBIG) instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (kb * 1024, kb * 1024))

    return limit


@pytest.mark.parametrize("kb", [100, 150])
def test_full_disk(example_yaml, tmp_path, kb):
    """``ulimit -f``: the PDF's font subsets (100 KB) or the PDF itself (150 KB) do not fit."""
    src = _copy(example_yaml, tmp_path / "ex.yaml")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    r = _cli("build", src, "-o", tmp_path / "out", env=_env(scratch), preexec=_limited(kb))
    out = r.stdout + r.stderr
    assert r.returncode == 2, out
    assert "Traceback" not in out and "内部错误" not in out
    assert "文件超过允许的大小" in out and "未生成任何文件" in out
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
    assert list(scratch.iterdir()) == []


def test_long_data_file_name(example_yaml, tmp_path, capsys):
    src = _copy(example_yaml, tmp_path / ("名" * 81 + ".yaml"))  # 248 bytes: legal on ext4
    rc, out = _run(["build", src, "-f", "html"], capsys)
    assert rc == 0, out
    assert _complete(src.with_suffix(".html"))


# ---------------------------------------------------------------------------
# 9. symbolic links and permissions


def test_fix_writes_through_a_link_and_keeps_the_mode(example_yaml, tmp_path, capsys):
    real = _copy(
        example_yaml, tmp_path / "real.yaml", "本年度我局未收取信息处理费。", "本年度,我局未收取信息处理费(无)。"
    )
    real.chmod(0o600)
    link = tmp_path / "link.yaml"
    link.symlink_to("real.yaml")
    rc, out = _run(["fix", link], capsys)
    assert rc == 0, out
    assert link.is_symlink() and os.readlink(link) == "real.yaml"
    assert "本年度，我局" in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_new_files_honour_the_umask(example_yaml, tmp_path, capsys):
    src = _copy(example_yaml, tmp_path / "ex.yaml")
    old = os.umask(0o077)
    try:
        rc, out = _run(["build", src, "-f", "html", "--no-cache"], capsys)
    finally:
        os.umask(old)
    assert rc == 0, out
    assert stat.S_IMODE((tmp_path / "ex.html").stat().st_mode) == 0o600


# ---------------------------------------------------------------------------
# 5. the build cache


def test_cache_keys_on_the_bytes_read(example_yaml, tmp_path, capsys, monkeypatch):
    """The file changes right after the build read it, then back: the next run rebuilds."""
    from giar_gen.source import loader

    src = _copy(example_yaml, tmp_path / "u.yaml")
    v1 = src.read_bytes()
    v2 = v1.replace("本年度我局未收取信息处理费。".encode(), "本年度我局未收取信息处理费。修改版二。".encode())
    real = loader.read_data_file
    monkeypatch.setattr(loader, "read_data_file", lambda p: v2 if Path(p) == src else real(p))
    rc, out = _run(["build", src, "-f", "html"], capsys)
    assert rc == 0 and "修改版二" in (tmp_path / "u.html").read_text(encoding="utf-8")
    monkeypatch.setattr(loader, "read_data_file", real)
    assert src.read_bytes() == v1
    rc, out = _run(["build", src, "-f", "html"], capsys)
    assert rc == 0 and "跳过" not in out
    assert "修改版二" not in (tmp_path / "u.html").read_text(encoding="utf-8")


def test_cache_tracks_a_quoted_layout_key(example_yaml, tmp_path, capsys):
    (tmp_path / "lay.yaml").write_text(
        "基于: 五部分\n部分:\n  - {键: 总体情况, 标题: 标题甲}\n  - 主动公开政府信息情况\n"
        "  - 收到和处理政府信息公开申请情况\n  - 政府信息公开行政复议、行政诉讼情况\n"
        "  - 存在的主要问题及改进情况\n  - 其他需要报告的事项\n",
        encoding="utf-8",
    )
    src = _copy(example_yaml, tmp_path / "q.yaml", "报告年度: 2023\n", '报告年度: 2023\n"版式": "lay.yaml"\n')
    rc, out = _run(["build", src, "-f", "html"], capsys)
    assert rc == 0, out
    assert "标题甲" in (tmp_path / "q.html").read_text(encoding="utf-8")
    lay = tmp_path / "lay.yaml"
    lay.write_text(lay.read_text(encoding="utf-8").replace("标题甲", "标题乙"), encoding="utf-8")
    rc, out = _run(["build", src, "-f", "html"], capsys)
    assert rc == 0 and "标题乙" in (tmp_path / "q.html").read_text(encoding="utf-8")


def test_cache_tracks_last_years_file(tmp_path, capsys):
    from unitgen import write_previous_year, write_units

    (src,) = write_units(tmp_path / "now", 1)
    last = write_previous_year(src, tmp_path / "last.yaml")
    argv = ["build", src, "-f", "html", "--previous", last, "--compare"]
    rc, out = _run(argv, capsys)
    assert rc == 0, out
    rc, out = _run(argv, capsys)
    assert "未改动" in out
    last.write_text(last.read_text(encoding="utf-8") + "\n# 上年文件改过\n", encoding="utf-8")
    rc, out = _run(argv, capsys)
    assert rc == 0 and "未改动" not in out


def test_cache_two_names_of_one_file(example_yaml, tmp_path, capsys):
    a = _copy(example_yaml, tmp_path / "a.yaml")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    assert _run(["build", a, "-f", "html"], capsys)[0] == 0
    rc, out = _run(["build", tmp_path / "b.yaml", "-f", "html"], capsys)
    assert rc == 0 and _complete(tmp_path / "b.html")


def test_cache_verifies_the_outputs(example_yaml, tmp_path, capsys):
    src = _copy(example_yaml, tmp_path / "u.yaml")
    assert _run(["build", src, "-f", "html,json"], capsys)[0] == 0
    html = tmp_path / "u.html"
    st = html.stat()
    good = html.read_bytes()
    html.write_bytes(good.replace(b"</html>", b"</HTML>"))  # same size, same time: only the hash tells
    os.utime(html, ns=(st.st_atime_ns, st.st_mtime_ns))
    rc, out = _run(["build", src, "-f", "html,json"], capsys)
    assert "未改动" not in out and html.read_bytes() == good
    (tmp_path / "u.json").unlink()
    rc, out = _run(["build", src, "-f", "html,json"], capsys)
    assert "未改动" not in out and (tmp_path / "u.json").exists()
    rc, out = _run(["build", src, "-f", "html,json"], capsys)
    assert "未改动" in out


# ---------------------------------------------------------------------------
# 6 and the fault tests: kill -9


def _group_pids(pgid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == pgid:
                    out.append(int(entry.name))
            except OSError:
                continue
    return out


def _wait_gone(pgid: int, seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = _group_pids(pgid)
        if not left:
            return []
        time.sleep(0.2)
    return _group_pids(pgid)


def _units(example_yaml, folder: Path, n: int) -> None:
    for i in range(n):
        _copy(example_yaml, folder / f"u{i}.yaml")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux)")
def test_kill_9_of_a_batch_kills_its_workers(example_yaml, tmp_path):
    _units(example_yaml, tmp_path / "in", 4)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "giar_gen.cli",
            "build",
            str(tmp_path / "in"),
            "-o",
            str(tmp_path / "out"),
            "-j",
            "2",
            "--no-cache",
        ],
        env=_env(),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while len(_group_pids(proc.pid)) < 3 and time.monotonic() < deadline:  # the parent and two workers
            time.sleep(0.1)
        assert len(_group_pids(proc.pid)) >= 3
        proc.kill()
        proc.wait()
        left = _wait_gone(proc.pid, 10)
        assert left == [], f"workers still running: {left}"
    finally:
        for pid in _group_pids(proc.pid):
            os.kill(pid, signal.SIGKILL)


def _outputs_whole(folder: Path) -> None:
    for p in folder.rglob("*"):
        if p.suffix in (".html", ".pdf", ".docx", ".json"):
            assert _complete(p), f"partial file under a final name: {p}"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux)")
@pytest.mark.parametrize("batch", [False, True])
def test_kill_9_at_random_points_then_rebuild(example_yaml, tmp_path, batch):
    import random

    rng = random.Random(11)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    if batch:
        _units(example_yaml, tmp_path / "in", 3)
        argv = ["build", tmp_path / "in", "-o", tmp_path / "out", "-j", "2", "-f", "pdf,html,docx"]
        out = tmp_path / "out"
    else:
        src = _copy(example_yaml, tmp_path / "in" / "u.yaml")
        argv = ["build", src, "-o", tmp_path / "out", "-f", "pdf,html,docx"]
        out = tmp_path / "out"
    for delay in [rng.uniform(0.2, 4.0) for _ in range(3)]:
        proc = subprocess.Popen(
            [sys.executable, "-m", "giar_gen.cli", *map(str, argv)],
            env=_env(scratch),
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.kill()  # the parent only, as a crash would: its children must go with it
        proc.wait()
        assert _wait_gone(proc.pid, 10) == []
        if out.exists():
            _outputs_whole(out)
    r = _cli(*argv, env=_env(scratch))
    assert r.returncode == 0, r.stdout + r.stderr
    names = {p.name for p in out.rglob("*") if not p.name.startswith(".")}
    units = ["u0", "u1", "u2"] if batch else ["u"]
    assert names == {f"{u}.{f}" for u in units for f in ("pdf", "html", "docx")}
    _outputs_whole(out)
    assert not [p for p in out.rglob(".giar-*.tmp")], "temporary files of killed builds left behind"
    assert not [p.name for p in scratch.iterdir()], "scratch folders of killed builds left behind"
    r = _cli(*argv, env=_env(scratch))
    assert "未改动" in r.stdout + r.stderr


def test_failing_pdf_child_reports_without_traceback(example_yaml):
    from giar_gen.document.compose import compose
    from giar_gen.source.loader import load_report
    from giar_gen.writers.pdf_child import BackgroundPdf

    if not BackgroundPdf.available():
        pytest.skip("no fork on this platform")
    job = BackgroundPdf()
    with pytest.raises(RuntimeError) as info:
        job.render(compose(load_report(example_yaml)), pdf_variant="pdf/x-bogus")
    assert "Traceback" not in str(info.value) and "不支持的 PDF 变体" in str(info.value)
