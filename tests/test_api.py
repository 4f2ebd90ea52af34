"""The public API for one file (giar_gen.api): plain results, nothing printed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from giar_gen.api import build_file, check_file, import_file
from giar_gen.diagnostics import InputError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "2023-示例区市场监督管理局.yaml"


def test_check_file_clean_example_prints_nothing(capsys):
    result = check_file(EXAMPLE)
    assert result.usable and result.status == 0 and result.findings == []
    assert result.report is not None and result.report.year == 2023
    assert capsys.readouterr() == ("", "")


def test_check_file_reports_unusable_input_instead_of_raising(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("年度: [\n", encoding="utf-8")
    result = check_file(bad)
    assert not result.usable and result.status == 2
    assert result.findings and result.findings[0].code == "Y001"
    assert result.findings[0].location.line is not None
    assert capsys.readouterr() == ("", "")


def test_check_file_finds_an_arithmetic_error(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    data = tmp_path / "d.yaml"
    # change one independent count in table 三: the 总计 relation no longer holds
    data.write_text(text.replace("本年新收: [", "本年新收: [1", 1), encoding="utf-8")
    result = check_file(data)
    assert result.usable and result.status == 1
    assert any(f.severity == "error" for f in result.findings)


def test_build_file_then_import_file_round_trip(tmp_path, capsys):
    built = build_file(EXAMPLE, tmp_path, formats=("html",))
    assert [p.suffix for p in built.written] == [".html"] and not built.refused
    out = tmp_path / "back.yaml"
    imported = import_file(built.written[0], out)
    assert imported.written == out and out.read_text(encoding="utf-8") == imported.yaml
    assert imported.status == 0 and imported.diagnostics == []
    assert any(line.startswith("已对应") for line in imported.summary)
    again = check_file(out)
    assert again.usable and again.status == 0
    assert capsys.readouterr() == ("", "")


def test_import_file_never_overwrites_an_existing_file(tmp_path):
    page = tmp_path / "r.html"
    shutil.copy(build_file(EXAMPLE, tmp_path / "o", formats=("html",)).written[0], page)
    out = tmp_path / "r.yaml"
    out.write_text("# mine\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        import_file(page, out)
    assert "已存在" in exc.value.diagnostics[0].message
    assert out.read_text(encoding="utf-8") == "# mine\n"


def test_build_takes_last_years_published_report_as_previous(tmp_path):
    """``build --previous`` accepts a published report, as ``check --previous`` does."""
    last = build_file(EXAMPLE, tmp_path / "last", formats=("html",)).written[0]
    cur = tmp_path / "cur.yaml"
    cur.write_text(EXAMPLE.read_text(encoding="utf-8").replace("报告年度: 2023", "报告年度: 2024", 1), encoding="utf-8")
    result = build_file(cur, tmp_path / "out", formats=("html",), previous=last, force=True)
    codes = {f.code for f in result.diagnostics}
    assert any(c.startswith("X-") for c in codes), codes  # the cross-year rules ran against the page
    assert str(last) in result.inputs  # the build cache knows the page it read


def test_workbook_import_takes_the_year_from_the_workbook(tmp_path):
    from giar_gen.cli import main

    wb = tmp_path / "t.xlsx"
    assert main(["tables", str(EXAMPLE), "-o", str(wb)]) == 0
    out = tmp_path / "new.yaml"
    assert main(["import", str(wb), "-o", str(out)]) == 0
    assert "报告年度: 2023" in out.read_text(encoding="utf-8")
