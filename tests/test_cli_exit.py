"""The command's quick exit (giar_gen.cli.run): the same statuses, output and
clean-up as a normal exit, without the interpreter's teardown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2023-示例区市场监督管理局.yaml"


def _run(args: list[str], tmp_path: Path, code: str = "") -> subprocess.CompletedProcess:
    """``giar-gen args`` through :func:`run`, after ``code``, with its own empty TMPDIR."""
    scratch = tmp_path / "tmp"
    scratch.mkdir(exist_ok=True)
    program = f"import sys\nsys.argv = ['giar-gen', *{args!r}]\n{code}\nfrom giar_gen.cli import run\nrun()\n"
    env = dict(os.environ, TMPDIR=str(scratch))
    return subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env, cwd=tmp_path)


def test_a_build_exits_with_its_files_written_its_output_flushed_and_no_temporary_left(tmp_path):
    out = tmp_path / "out"
    done = _run(["build", str(EXAMPLE), "-o", str(out), "-f", "pdf,html,docx"], tmp_path)
    assert done.returncode == 0, done.stderr
    written = sorted(p.suffix for p in out.iterdir() if not p.name.startswith("."))
    assert written == [".docx", ".html", ".pdf"]
    assert done.stdout.count("已生成") == 3  # everything printed reached the pipe
    assert (out / f"{EXAMPLE.stem}.pdf").read_bytes().startswith(b"%PDF")
    assert list((tmp_path / "tmp").iterdir()) == []  # the PDF's font subsets, WeasyPrint's copies: removed


def test_exit_handlers_run_before_the_process_ends(tmp_path):
    marker = tmp_path / "handler-ran"
    code = f"import atexit, pathlib\natexit.register(pathlib.Path({str(marker)!r}).write_text, 'yes')"
    done = _run(["rules"], tmp_path, code)
    assert done.returncode == 0 and "T2-R1" in done.stdout
    assert marker.read_text() == "yes"


def test_the_statuses_are_those_of_main(tmp_path):
    assert _run(["--version"], tmp_path).returncode == 0  # argparse exits by itself
    missing = _run(["build", str(tmp_path / "无此文件.yaml"), "-o", str(tmp_path)], tmp_path)
    assert missing.returncode == 2 and "找不到" in missing.stdout + missing.stderr
    text = EXAMPLE.read_text(encoding="utf-8")
    unusable, wrong = tmp_path / "unusable.yaml", tmp_path / "wrong.yaml"
    unusable.write_text(text.replace("本年新收:", "本年新收x:", 1), encoding="utf-8")
    wrong.write_text(text.replace("本年新收: [86,", "本年新收: [87,", 1), encoding="utf-8")
    assert _run(["check", str(unusable)], tmp_path).returncode == 2
    assert _run(["check", str(wrong)], tmp_path).returncode == 1
    assert _run(["check", str(EXAMPLE)], tmp_path).returncode == 0


def test_a_thread_still_running_gets_the_normal_exit(tmp_path):
    """Another thread that is not a daemon is waited for, as Python always does."""
    marker = tmp_path / "thread-finished"
    code = (
        "import threading, time, pathlib\n"
        f"threading.Thread(target=lambda: (time.sleep(0.3), pathlib.Path({str(marker)!r}).write_text('yes'))).start()"
    )
    done = _run(["rules"], tmp_path, code)
    assert done.returncode == 0
    assert marker.read_text() == "yes"


def _run_closed(args: list[str], tmp_path: Path, close: int) -> subprocess.CompletedProcess:
    """``giar-gen args`` with descriptor ``close`` (1 or 2) closed, as ``>&-`` / ``2>&-`` leave it."""
    program = f"import sys\nsys.argv = ['giar-gen', *{args!r}]\nfrom giar_gen.cli import run\nrun()\n"
    return subprocess.run(
        [sys.executable, "-c", program],
        stdout=None if close == 1 else subprocess.PIPE,
        stderr=None if close == 2 else subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        preexec_fn=lambda: os.close(close),
    )


def test_a_closed_standard_output_or_error_changes_no_status(tmp_path):
    """``giar-gen … >&-`` and ``2>&-``: the same statuses, no traceback, the files written."""
    out = tmp_path / "out"
    cases = [
        (["rules"], 0),
        (["check", str(EXAMPLE)], 0),
        (["build", str(tmp_path / "无此文件.yaml"), "-o", str(out)], 2),
        (["build", str(EXAMPLE), "-o", str(out), "-f", "pdf"], 0),
    ]
    for close in (1, 2):
        for args, status in cases:
            done = _run_closed(args, tmp_path, close)
            shown = (done.stdout or "") + (done.stderr or "")
            assert done.returncode == status, (close, args, shown)
            assert "Traceback" not in shown, (close, args, shown)
    assert (out / f"{EXAMPLE.stem}.pdf").read_bytes().startswith(b"%PDF")


def test_ctrl_c_in_the_terminal_shows_no_traceback(tmp_path):
    """Ctrl-C reaches the whole process group (the build and its PDF process): the
    build says 已中断 and exits 130; the PDF process ends quietly."""
    import signal
    import time

    program = (
        "import sys\n"
        f"sys.argv = ['giar-gen', 'build', {str(EXAMPLE)!r}, '-o', {str(tmp_path / 'out')!r}, '--infographic']\n"
        "from giar_gen.cli import run\nrun()\n"
    )
    for wait in (0.15, 0.35, 0.6):  # after start-up (an interrupt during it is Python's own)
        proc = subprocess.Popen(
            [sys.executable, "-c", program],
            stderr=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        time.sleep(wait)
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        assert "Traceback" not in err, (wait, err)
        assert proc.returncode in (0, 130), (wait, proc.returncode, err)  # 0: it had finished already
        if proc.returncode == 130:
            assert "已中断" in err
