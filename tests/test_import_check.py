"""``giar-gen check`` on published reports (.html/.txt/.docx): the check of an
imported report finds the same defects as the check of the equivalent YAML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from giar_gen.api import render
from giar_gen.checks import run_checks
from giar_gen.cli import main
from giar_gen.document.compose import compose
from giar_gen.importer.core import import_file, load_any
from giar_gen.importer.summary import notes_as_findings
from giar_gen.source.loader import load_report
from giar_gen.source.yamlwrite import imported_yaml

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "2023-示例区市场监督管理局.yaml"
SEEDS = sorted((REPO / "seeds").glob("*.txt"))

#: defects put into the 2023 example, each caught by a rule
DEFECTS = [
    ("本年新收: [86, 9, 1, 0, 3, 2]", "本年新收: [86, 9, 1, 0, 3, 2, 100]"),  # 总计 column wrong
    ("行政复议: [2, 1, 0, 1]", "行政复议: [2, 1, 0, 1, 5]"),  # group 总计 wrong
    ("行政强制: 27", "行政强制: ~"),  # a blank cell
    ("规章: [0, 0, 0]", "规章: [1, 0, 1]"),  # 规章 figures for a county department
    ("发布日期: 2024-01-26", "发布日期: 2024-03-15"),  # after the deadline
    ("全年新收政府信息公开申请101件", "全年新收政府信息公开申请99件"),  # prose contradicts the table
    ("2023年，示例区市场监督管理局坚持", "2023年,示例区市场监督管理局坚持"),  # half-width comma
    ("依据《政府信息公开信息处理费管理办法》，本年度我局未收取信息处理费。\n", ""),  # no fee statement
]


def key(f) -> tuple:
    """A finding without its location: rule, severity, message, cells and values."""
    cells = tuple((c.label, str(c.value)) for c in getattr(f, "cell_refs", []))
    return (f.code, f.severity, f.message, f.expected, f.actual, cells)


def rule_findings(findings) -> list[tuple]:
    return sorted(key(f) for f in findings if not f.code.startswith("I"))


@pytest.fixture(scope="module")
def defective(tmp_path_factory):
    folder = tmp_path_factory.mktemp("defects")
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in DEFECTS:
        assert old in text, old
        text = text.replace(old, new)
    src = folder / "2023-有缺陷.yaml"
    src.write_text(text, encoding="utf-8")
    doc = compose(load_report(src))
    files = {"yaml": src}
    for fmt in ("html", "docx"):
        files[fmt] = folder / f"2023-有缺陷.{fmt}"
        files[fmt].write_bytes(render(doc, fmt))
    return files


def test_the_defects_are_found_in_the_yaml(defective):
    codes = {f.code for f in run_checks(load_report(defective["yaml"])).findings}
    assert {"T3-R3", "T4-R1", "T2-BLANK", "T2-R3", "D-DEADLINE", "W-NUM", "W-PUNCT", "P-FEE"} <= codes


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_published_report_has_the_same_findings_as_its_yaml(defective, fmt):
    expected = rule_findings(run_checks(load_report(defective["yaml"])).findings)
    report, notes = load_any(defective[fmt])
    got = rule_findings(run_checks(report).findings)
    assert got == expected
    assert not notes_as_findings(notes, str(defective[fmt]))  # our own report: nothing left unread


@pytest.mark.parametrize("path", [p for p in SEEDS if not p.name.startswith("002")], ids=lambda p: p.name[:3])
def test_seed_check_equals_check_of_its_imported_yaml(path, tmp_path):
    """Checking the copied page directly finds what checking the imported data file finds."""
    direct, _notes = load_any(path)
    out = tmp_path / "imported.yaml"
    out.write_text(imported_yaml(import_file(path)), encoding="utf-8")
    assert rule_findings(run_checks(direct).findings) == rule_findings(run_checks(load_report(out)).findings)


def test_check_command_on_a_published_report(capsys):
    seed = next(p for p in SEEDS if p.name.startswith("001"))
    status = main(["check", str(seed)])
    out = capsys.readouterr().out
    assert status == 0  # warnings only
    assert "[W-PUNCT]" in out and "[W-HEAD]" in out
    # the finding points into the copied text, at the line it is about
    assert f"{seed}:69:1: 警告 [W-HEAD]" in out


def test_check_command_json_on_html_and_docx(defective, capsys):
    status = main(["check", str(defective["html"]), str(defective["docx"]), "--format", "json"])
    assert status == 1  # the defects include errors
    data = json.loads(capsys.readouterr().out)
    files = data["files"]
    assert [f["file"] for f in files] == [str(defective["html"]), str(defective["docx"])]
    for f in files:
        assert f["usable"]
        codes = {x["rule"] for x in f["findings"]}
        assert {"T3-R3", "T4-R1", "D-DEADLINE"} <= codes
    html_cell = next(x for x in files[0]["findings"] if x["rule"] == "T4-R1")
    assert html_cell["file"] == str(defective["html"]) and html_cell["line"]


def test_check_reports_import_warnings_of_other_peoples_pages(tmp_path, capsys):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _import_samples import FOREIGN_HTML

    page = tmp_path / "page.html"
    page.write_bytes(FOREIGN_HTML.encode("gb18030"))
    status = main(["check", str(page), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    findings = data["files"][0]["findings"]
    typos = [f for f in findings if f["rule"] == "I204"]
    assert len(typos) == 3 and all(f["severity"] == "warning" for f in typos)
    assert any(f["rule"] == "T4-R1" for f in findings)
    assert status == 1


def test_check_of_a_report_without_date_still_runs_every_other_rule(capsys):
    """Issue 14: a published report without a date is checked; the rules that
    need the date say "无法判断" with the reason, every other rule runs."""
    seed = next(p for p in SEEDS if p.name.startswith("002"))
    assert main(["check", str(seed), "--format", "json"]) in (0, 1)
    findings = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    by_rule = {f["rule"]: f for f in findings}
    assert by_rule["D-DEADLINE"]["status"] == "not_assessable"
    assert by_rule["D-DEADLINE"]["severity"] == "info"
    assert "没有发布日期" in by_rule["D-DEADLINE"]["message"]
    assert by_rule["W-PUNCT"]["status"] == "finding" and by_rule["W-PUNCT"]["origin"] == "report"
    assert by_rule["I004"]["origin"] == "import"
    main(["check", str(seed)])
    out = capsys.readouterr().out
    assert "无法判断 [D-DEADLINE]" in out and "条规则无法判断" in out


def test_check_with_previous_published_report(defective, tmp_path, capsys):
    """--previous may be a published report too: 上年结转 is checked against it."""
    this_year = tmp_path / "2024.yaml"
    assert main(["init", str(this_year), "--from", str(defective["html"])]) == 0
    capsys.readouterr()
    text = this_year.read_text(encoding="utf-8").replace("上年结转: [5, 2, 0, 0, 0, 1]", "上年结转: [5, 2, 0, 0, 0, 0]")
    this_year.write_text(text, encoding="utf-8")
    main(["check", str(this_year), "--previous", str(defective["html"]), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    x = [f for f in findings if f["rule"] == "X-R1"]
    assert x and "其他" in json.dumps(x, ensure_ascii=False)
