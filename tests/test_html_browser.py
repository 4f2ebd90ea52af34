"""The HTML page in a real browser (headless Chromium), issue 13.10: printed, table
三 stays whole with its heading; on a 390 px phone, tables 三 and 四 scroll
sideways with a visible cue and 总计 reachable, the page itself does not, and no
heading leaves a single character on its last line."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from giar_gen.api import render
from giar_gen.document.compose import compose
from giar_gen.source.loader import load_report

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "2023-示例区市场监督管理局.yaml"
FONTS = REPO / "giar_gen" / "fonts"


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    assert found, "Chromium is needed for these tests (.ci/run installs the chromium package)"
    return found


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("browser")
    (work / "report.html").write_bytes(render(compose(load_report(EXAMPLE)), "html"))
    conf = work / "fonts.conf"  # the bundled fonts, so that the page is measured in Chinese type
    conf.write_text(
        "<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
        "<include ignore_missing='yes'>/etc/fonts/fonts.conf</include>"
        f"<dir>{FONTS}</dir><cachedir>{work / 'fc'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return work / "report.html"


def _run(page: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"FONTCONFIG_FILE": str(page.parent / "fonts.conf"), "HOME": str(page.parent), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={page.parent / 'profile'}",
            *args,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )


def test_printing_keeps_table_3_whole_with_its_heading(page):
    pdf = page.parent / "printed.pdf"
    _run(page, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    texts = [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.replace(" ", "")
        for n in range(1, pages + 1)
    ]
    on = [n for n, t in enumerate(texts) if "一、本年新收政府信息公开申请数量" in t]
    assert len(on) == 1
    t = texts[on[0]]
    assert "三、收到和处理政府信息公开申请情况" in t and "四、结转下年度继续办理" in t and "（七）总计" in t


#: measured inside a 390 px wide frame (the phone's viewport), written into the title
PROBE = """<!DOCTYPE html><html><head><title>-</title></head><body style="margin:0">
<iframe id="f" src="report.html" style="width:390px;height:844px;border:0"></iframe>
<script>
document.getElementById("f").onload = function () {
  var d = this.contentDocument, w = this.contentWindow, out = {tables: [], headings: []};
  out.page = d.documentElement.scrollWidth;
  d.querySelectorAll(".table-wrap").forEach(function (wrap) {
    var t = wrap.querySelector("table"), hint = wrap.previousElementSibling, total = null;
    var r = {id: t.dataset.table, client: wrap.clientWidth, scroll: wrap.scrollWidth,
             shadow: w.getComputedStyle(wrap).backgroundImage.indexOf("radial-gradient") >= 0, hint: ""};
    if (hint && hint.classList.contains("scroll-hint") && w.getComputedStyle(hint).display !== "none") {
      r.hint = w.getComputedStyle(hint, "::before").content;
    }
    wrap.scrollLeft = wrap.scrollWidth;
    t.querySelectorAll("th").forEach(function (th) { if (th.textContent.trim() === "总计") total = th; });
    if (total) {
      var a = total.getBoundingClientRect(), b = wrap.getBoundingClientRect();
      r.total_visible = a.left >= b.left - 1 && a.right <= b.right + 1;
    }
    out.tables.push(r);
  });
  d.querySelectorAll("h2, h3").forEach(function (h) {
    var range = d.createRange(); range.selectNodeContents(h);
    var rects = Array.from(range.getClientRects()).filter(function (x) { return x.width > 0; });
    var bottom = Math.max.apply(null, rects.map(function (x) { return x.bottom; }));
    var last = rects.filter(function (x) { return Math.abs(x.bottom - bottom) < 2; });
    var width = last.reduce(function (s, x) { return s + x.width; }, 0);
    var em = parseFloat(w.getComputedStyle(h).fontSize);
    out.headings.push({text: h.textContent, lines: new Set(rects.map(function (x) { return Math.round(x.bottom); })).size,
                       last_em: width / em});
  });
  document.title = JSON.stringify(out);
};
</script></body></html>"""


@pytest.fixture(scope="module")
def phone(page) -> dict:
    probe = page.parent / "probe.html"
    probe.write_text(PROBE, encoding="utf-8")
    dom = _run(
        page,
        "--allow-file-access-from-files",
        "--virtual-time-budget=5000",
        "--window-size=500,900",
        "--dump-dom",
        probe.as_uri(),
    ).stdout
    title = re.search(r"<title>(.*?)</title>", dom, re.S).group(1)
    return json.loads(title.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"'))


def test_phone_page_does_not_scroll_sideways(phone):
    assert phone["page"] <= 390


def test_phone_wide_tables_scroll_with_a_cue_and_total_reachable(phone):
    wide = [t for t in phone["tables"] if t["scroll"] > t["client"] + 1]
    assert {t["id"] for t in wide} >= {"applications", "reviews"}  # tables 三 and 四
    for t in wide:
        assert t["shadow"], t
        assert "左右滑动" in t["hint"], t
        assert t.get("total_visible") is True, t  # 总计 comes into view when scrolled


def test_phone_headings_leave_no_single_character(phone):
    checked = [h for h in phone["headings"] if h["lines"] > 1]
    assert checked, phone["headings"]  # some headings do wrap at 390 px
    for h in checked:
        assert h["last_em"] >= 2.5, h  # the last line holds more than a character or two
