"""The seed examples (examples/seed-*.yaml) checked: their real defects are
reported, and nothing else is."""

from __future__ import annotations

from pathlib import Path

import pytest
from checks_util import ROOT, check, edit, of

from giar_gen.checks import run_checks
from giar_gen.cli import main
from giar_gen.source.loader import load_report

EXAMPLES = ROOT / "examples"


def seed(n: str) -> Path:
    (p,) = EXAMPLES.glob(f"seed-{n}-*.yaml")
    return p


def findings(n: str):
    return run_checks(load_report(seed(n))).findings


def test_seed_000_wrong_year_as_published_is_reported():
    # the example corrects the original's slip; put it back as it was published
    text = edit(
        seed("000").read_text(encoding="utf-8"),
        ("现对我局2012年度政府信息公开工作总结如下", "现对我局2011年度政府信息公开工作总结如下"),
    )
    result = check(text)
    (f,) = of(result, "W-YEAR")
    assert f.field == "引言" and f.expected == "2012年" and f.actual == "2011年"
    line = text.splitlines()[f.location.line - 1]
    assert line[f.location.column - 1 :].startswith("2011年度政府信息公开工作总结如下")
    assert [x.code for x in result.findings] == ["W-YEAR"]


def test_seed_000_as_corrected_is_clean():
    assert findings("000") == []


def test_seed_001_numbering_gap_in_part_five():
    (f,) = findings("001")
    assert f.code == "W-HEAD" and f.field == "正文 → 存在的主要问题及改进情况"
    assert f.expected == "（二）" and f.actual == "（三）"
    assert (
        seed("001")
        .read_text(encoding="utf-8")
        .splitlines()[f.location.line - 1]
        .strip()
        .startswith("（三）建立健全长效工作机制")
    )


def test_seed_002_is_clean():
    assert findings("002") == []


def test_seed_003_title_is_not_an_annual_report_title():
    (f,) = findings("003")
    # “08年度” is read as 2008, so only the wording is wrong (工作报告, not 年度报告)
    assert f.code == "P-TITLE" and f.message == "标题应为“……政府信息公开工作年度报告”"
    assert f.acknowledged and "照录" in f.acknowledged


def test_seed_004_self_inspection_report_defects():
    fs = findings("004")
    assert sorted(f.code for f in fs) == ["D-ORDER", "D-ORDER", "P-TITLE", "W-HEAD"]
    head = next(f for f in fs if f.code == "W-HEAD")
    assert head.expected == "（3）" and head.actual == "（4）"
    assert all(f.acknowledged for f in fs)


@pytest.mark.parametrize("n", ["000", "001", "002", "003", "004"])
def test_seed_examples_check_without_blocking_errors(n, capsys):
    assert main(["check", str(seed(n))]) == 0
    out = capsys.readouterr().out
    assert str(seed(n)) in out
