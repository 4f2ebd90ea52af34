"""``giar-gen edit`` in a real browser: the Debian chromium driven by Playwright.

The editor runs as it does for a user (``giar-gen edit 文件 --no-browser`` in a
subprocess, a free port, the token in the printed address); the journeys of
issue 15: open the example, change a cell and see a finding come and go, paste
a block copied from Excel, save and compare the file, a change on disk, a new
report built into three files, a request without the token.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from checks_util import EXAMPLE, edit, example_text
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CELL = "applications|new_received|natural_person"


class Server:
    """``giar-gen edit`` in a subprocess; ``url`` is the address it prints (with the token)."""

    def __init__(self, path: Path | None, cwd: Path):
        args = [sys.executable, "-m", "giar_gen.cli", "edit", "--no-browser"] + ([str(path)] if path else [])
        self.proc = subprocess.Popen(
            args,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        line = self.proc.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", line)
        assert found, (line, self.proc.stderr.read() if self.proc.poll() is not None else "")
        self.url = found.group()
        self.base = self.url.split("/?")[0]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()
        self.proc.stderr.close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def example(tmp_path) -> Path:
    path = tmp_path / "2023-示例.yaml"
    shutil.copy(EXAMPLE, path)
    return path


@pytest.fixture
def served(example, tmp_path):
    server = Server(example, tmp_path)
    yield server
    server.stop()


@pytest.fixture
def page(browser, served):
    context = browser.new_context(viewport={"width": 1500, "height": 950}, accept_downloads=True)
    p = context.new_page()
    p.goto(served.url)
    wait_checked(p, 1)
    yield p
    context.close()


def wait_checked(p, n: int) -> None:
    """Until the ``n``-th check's findings and preview are shown."""
    p.wait_for_function(f"() => window.giarEditor && window.giarEditor.previews >= {n}", timeout=20000)


def checks(p) -> int:
    return p.evaluate("() => window.giarEditor.checks")


def cell(p, cid: str):
    return p.locator(f'input[data-cell="{cid}"]')


def type_into(p, cid: str, text: str) -> None:
    n = checks(p)
    box = cell(p, cid)
    box.click()
    box.press("Control+A")
    if text:
        box.press_sequentially(text)
    else:
        box.press("Delete")
    wait_checked(p, n + 1)


def test_a_request_without_the_token_is_refused(served):
    for url in (served.base + "/", served.base + "/?token=wrong", served.base + "/static/editor.js"):
        with pytest.raises(urllib.error.HTTPError) as exc:
            urllib.request.urlopen(url, timeout=10)
        assert exc.value.code == 403


def test_change_a_cell_see_a_finding_appear_and_disappear(page):
    findings = page.locator("#findings")
    expect(findings).to_contain_text("没有发现问题")
    type_into(page, CELL, "90")
    expect(findings).to_contain_text("T3-R1")
    expect(page.locator(f'td[id="cell:{CELL}"]')).to_have_class(re.compile("mark-error"))
    total = page.locator('output[data-cell="applications|new_received|total"]')
    expect(total).to_have_text("105")  # the computed total follows as you type
    expect(page.locator("#status")).to_have_text("有未保存的修改")
    type_into(page, CELL, "86")
    expect(findings).to_contain_text("没有发现问题")
    expect(total).to_have_text("101")
    expect(page.locator(f'td[id="cell:{CELL}"]')).not_to_have_class(re.compile("mark-error"))


def test_blank_and_zero_look_different(page):
    zero = cell(page, "applications|new_received|public_interest")
    expect(zero).to_have_value("0")
    type_into(page, "applications|new_received|public_interest", "")
    blank_bg = zero.evaluate("e => getComputedStyle(e).backgroundImage")
    type_into(page, "applications|new_received|public_interest", "0")
    zero_bg = zero.evaluate("e => getComputedStyle(e).backgroundImage")
    assert blank_bg != zero_bg and "gradient" in blank_bg
    expect(page.locator('output[data-cell="applications|new_received|total"]')).to_have_text("101")


def test_paste_a_block_from_excel_and_save_keeps_comments(page, example):
    first = "applications|results.disclosed|natural_person"
    n = checks(page)
    cell(page, first).click()
    page.evaluate(
        """([cid, text]) => {
        const el = document.querySelector(`input[data-cell="${cid}"]`);
        const data = new DataTransfer();
        data.setData("text/plain", text);
        el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
    }""",
        [first, "40\t4\t1\t0\t1\t1\t47\r\n4\t1\t0\t0\t0\t0\r\n"],
    )
    wait_checked(page, n + 1)
    expect(page.locator("#banner")).to_contain_text("已从剪贴板填入 12 格")
    expect(cell(page, first)).to_have_value("40")
    expect(cell(page, "applications|results.partly_disclosed|natural_person")).to_have_value("4")
    page.locator("#save").click()
    expect(page.locator("#banner")).to_contain_text("已保存")
    expect(page.locator("#status")).to_have_text("已保存")
    expected = edit(
        example_text(),
        ("予以公开: [38, 4, 1, 0, 1, 1]", "予以公开: [40, 4, 1, 0, 1, 1]"),
        ("部分公开: [6, 1, 0, 0, 0, 0]", "部分公开: [4, 1, 0, 0, 0, 0]"),
    )
    assert example.read_text(encoding="utf-8") == expected


def test_unsaved_changes_survive_a_reload(page):
    type_into(page, CELL, "88")
    page.reload()
    wait_checked(page, 1)
    expect(cell(page, CELL)).to_have_value("88")
    expect(page.locator("#banner")).to_contain_text("已恢复上次未保存的修改")
    expect(page.locator("#findings")).to_contain_text("T3-R1")


def test_a_conflicting_edit_on_disk(page, example):
    type_into(page, CELL, "87")
    theirs = example_text().replace("行政强制: 27", "行政强制: 28")
    example.write_text(theirs, encoding="utf-8")
    page.locator("#save").click()
    dialog = page.locator("#conflict")
    expect(dialog).to_be_visible()
    expect(page.locator("#conflict-disk")).to_contain_text("行政强制: 28")
    expect(page.locator("#conflict-mine")).to_contain_text("本年新收: [87, 9, 1, 0, 3, 2]")
    assert example.read_text(encoding="utf-8") == theirs  # nothing overwritten yet
    page.locator("#keep-mine").click()
    expect(page.locator("#banner")).to_contain_text("已保存")
    text = example.read_text(encoding="utf-8")
    assert "本年新收: [87, 9, 1, 0, 3, 2]" in text and "行政强制: 27" in text


def test_input_the_model_rejects_is_not_saved(page, example):
    type_into(page, CELL, "八十六")
    expect(page.locator("#findings")).to_contain_text("Y003")
    page.locator("#save").click()
    expect(page.locator("#banner")).to_contain_text("未保存")
    assert example.read_bytes() == EXAMPLE.read_bytes()


def test_start_empty_fill_in_and_build_the_three_files(browser, tmp_path):
    server = Server(None, tmp_path)
    context = browser.new_context(viewport={"width": 1500, "height": 950}, accept_downloads=True)
    try:
        p = context.new_page()
        p.goto(server.url)
        expect(p.locator("h1")).to_have_text("新建政府信息公开工作年度报告")
        p.fill('input[name="year"]', "2024")
        p.fill('input[name="agency"]', "示例县农业农村局")
        p.select_option('select[name="kind"]', "部门")
        p.select_option('select[name="level"]', "县级")
        p.locator('button[type="submit"]').click()
        wait_checked(p, 1)
        path = tmp_path / "2024-示例县农业农村局.yaml"
        assert path.is_file()
        n = checks(p)
        p.fill('textarea[data-part="总体情况"]', "2024年，我局依法做好政府信息公开工作。")
        p.fill("#in-office", "示例县农业农村局办公室")
        # every placeholder the skeleton wrote must be replaced before build (P-PLACEHOLDER)
        p.fill("#in-address", "示例县人民路1号")
        p.fill("#in-postcode", "510000")
        p.fill("#in-phone", "020-12345678")
        p.fill('textarea[data-part="存在的主要问题及改进情况"]', "政策解读形式较为单一，下一步将加以改进。")
        p.fill('textarea[data-part="其他需要报告的事项"]', "本年度未收取信息处理费。")
        wait_checked(p, n + 1)
        p.locator("#build").click()
        expect(p.locator("#banner")).to_contain_text("已生成", timeout=60000)
        for fmt in ("docx", "pdf", "html"):
            assert (tmp_path / f"2024-示例县农业农村局.{fmt}").stat().st_size > 1000
        with p.expect_download() as info:
            p.locator("a.download", has_text=".pdf").click()
        assert info.value.suggested_filename == "2024-示例县农业农村局.pdf"
        text = path.read_text(encoding="utf-8")
        assert "2024年，我局依法做好政府信息公开工作。" in text and "单位: 示例县农业农村局办公室" in text
        assert "# 填写说明" in text  # the skeleton's comments are kept
        # the saved file builds with `giar-gen build` to the same bytes as the editor's button
        from giar_gen.api import build_file

        again = build_file(path, out_dir=tmp_path / "cli")
        assert not again.refused
        for written in again.written:
            assert written.read_bytes() == (tmp_path / written.name).read_bytes(), written.name
    finally:
        context.close()
        server.stop()


def test_read_a_filled_workbook_into_the_grid(page, example, tmp_path):
    import openpyxl

    from giar_gen.api import tables_file

    book = tables_file(example, tmp_path / "表格.xlsx").written
    wb = openpyxl.load_workbook(book)
    wb["表三 申请情况"]["D5"] = 91
    wb.save(book)
    n = checks(page)
    page.set_input_files("#upload", str(book))
    wait_checked(page, n + 1)
    expect(page.locator("#banner")).to_contain_text("已从「表格.xlsx」读入")
    expect(cell(page, CELL)).to_have_value("91")
    expect(page.locator("#findings")).to_contain_text("T3-R1")
    assert example.read_bytes() == EXAMPLE.read_bytes()  # saved only when the user saves
