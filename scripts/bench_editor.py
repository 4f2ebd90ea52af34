"""Time from a keystroke to updated findings and preview in ``giar-gen edit``.

Starts the editor on a copy of the example, drives the Debian chromium with
Playwright through ``--edits`` one-digit edits of table cells (alternating a
wrong and the right figure, so the findings change each time), and prints the
median and worst time from the keystroke to

* the findings shown (includes the 300 ms typing pause before a check is sent),
* the preview frame loaded with the new report.

    python3 scripts/bench_editor.py [--edits 30] [--screenshots DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "2023-示例区市场监督管理局.yaml"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CELLS = [
    "applications|new_received|natural_person",
    "applications|results.disclosed|commercial",
    "proactive|licensing|decisions",
    "reviews|counts|review.upheld",
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edits", type=int, default=30)
    ap.add_argument("--screenshots", type=Path, help="也保存编辑器截图（PNG）到此目录")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="giar-bench-"))
    data = work / EXAMPLE.name
    shutil.copy(EXAMPLE, data)
    proc = subprocess.Popen(
        [sys.executable, "-m", "giar_gen.cli", "edit", str(data), "--no-browser"],
        cwd=work,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        url = re.search(r"http://\S+", proc.stdout.readline()).group()
        findings, previews = run(url, args.edits, args.screenshots)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    for name, times in (("按键 → 校验结果更新", findings), ("按键 → 预览更新", previews)):
        print(
            f"{name}：中位数 {statistics.median(times):.0f} ms，最慢 {max(times):.0f} ms（{len(times)} 次，含 300 ms 输入停顿）"
        )
    return 0


def run(url: str, edits: int, shots: Path | None) -> tuple[list[float], list[float]]:
    findings: list[float] = []
    previews: list[float] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(url)
        page.wait_for_function("() => window.giarEditor && window.giarEditor.previews >= 1")
        if shots:
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / "editor-1-open.png"))
        for i in range(edits):
            cid = CELLS[i % len(CELLS)]
            box = page.locator(f'input[data-cell="{cid}"]')
            box.click()
            box.press("End")
            n = page.evaluate("() => window.giarEditor.checks")
            if i // len(CELLS) % 2 == 0:
                box.press("7")  # a wrong figure: the findings appear
            else:
                box.press("Backspace")  # and go again
            page.wait_for_function(f"() => window.giarEditor.previews > {n}", timeout=30000)
            findings.append(page.evaluate("() => window.giarEditor.lastFindings"))
            previews.append(page.evaluate("() => window.giarEditor.lastPreview"))
            if shots and i == len(CELLS) - 1:
                page.locator(f'input[data-cell="{CELLS[0]}"]').scroll_into_view_if_needed()
                page.screenshot(path=str(shots / "editor-2-findings.png"))
        browser.close()
    return findings, previews


if __name__ == "__main__":
    sys.exit(main())
