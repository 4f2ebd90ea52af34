"""Loading a data file: the model, and every error a user can make."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from giar_gen.cli import main
from giar_gen.diagnostics import InputError, format_diagnostics
from giar_gen.source.loader import load_report, load_report_text


def _load_variant(example_yaml, old: str, new: str, tmp_path):
    text = example_yaml.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "data.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _errors(path):
    with pytest.raises(InputError) as exc:
        load_report(path)
    return exc.value.diagnostics


def test_example_loads_with_computed_totals(example_yaml):
    r = load_report(example_yaml)
    t3 = r.tables["applications"]
    assert t3.value("new_received", "total") == 101  # computed: 86+9+1+0+3+2
    assert t3.value("results.total", "natural_person") == 85
    assert t3.value("results.total", "total") == 98
    assert ("results.total", "total") not in t3.entered
    t4 = r.tables["reviews"]
    assert t4.value("counts", "review.total") == 4
    assert t4.value("counts", "direct_suit.total") == 2
    t2 = r.tables["proactive"]
    assert t2.value("normative_documents", "in_force") == 17
    assert t2.value("admin_fees", "fees_amount") == Decimal("0")
    assert r.edition.id == "2021" and r.layout.id == "five-part"


def test_zero_and_not_filled_in_are_distinct(example_yaml, tmp_path):
    path = _load_variant(example_yaml, "  上年结转: [4, 1, 0, 0, 0, 0]", "  上年结转: [4, ~, 0, 0, 0, 0]", tmp_path)
    t3 = load_report(path).tables["applications"]
    assert t3.value("carried_over", "commercial") is None
    assert t3.value("carried_over", "research") == 0
    assert t3.value("carried_over", "total") is None  # a total of a blank part is not guessed
    assert t3.value("results.total", "commercial") == 8


def test_english_keys_are_accepted():
    text = """
report_year: 2022
agency: {name: 测试局, kind: 部门}
publication_date: 2023-01-20
parts: {总体情况: 正文。, 存在的主要问题及改进情况: 无。}
applications:
  new_received: [1, 0, 0, 0, 0, 0]
reviews:
  review: {upheld: 1, corrected: 0, other: 0, pending: 0}
"""
    r = load_report_text(text)
    assert r.tables["applications"].value("new_received", "total") == 1
    assert r.tables["reviews"].value("counts", "review.total") == 1


def test_seven_values_include_an_entered_total():
    text = """
报告年度: 2022
机关: {名称: 测试局, 类型: 部门}
发布日期: 2023年1月20日
申请办理情况:
  本年新收: [1, 2, 0, 0, 0, 0, 4]
"""
    t3 = load_report_text(text).tables["applications"]
    assert t3.entered[("new_received", "total")] == 4  # kept as entered, for the checks to compare
    assert t3.computed("new_received", "total") == 3


@pytest.mark.parametrize(
    "old,new,code,where,words",
    [
        (
            "  本年新收: [86, 9, 1, 0, 3, 2]",
            "  本年新收: [86, /, 1, 0, 3, 2]",
            "Y003",
            (49, 14),
            ["「/」", "「一、本年新收政府信息公开申请数量」行", "商业企业」列"],
        ),
        ("  行政许可: 2846", "  行政许可: 无", "Y003", (41, 9), ["「无」", "「行政许可」行「本年处理决定数量」列"]),
        (
            "      重复申请: [2, 0, 0, 0, 0, 0]",
            "      重复申请: [2, 0, -1, 0, 0, 0]",
            "Y004",
            (69, 20),
            ["负数", "2.重复申请」行", "科研机构」列"],
        ),
        ("  类型: 部门 ", "  类形: 部门 ", "Y002", (6, 3), ["未知的字段「类形」", "是不是「类型」"]),
        ("      属于国家秘密:", "      属于国家机密:", "Y002", (55, 7), ["未知的行「属于国家机密」", "属于国家秘密"]),
        ("发布日期: 2024-01-26", "发布日期: 2024-02-30", "Y003", (8, 7), ["不是真实存在的日期"]),
        ("  规章: [0, 0, 0]", "  规章: [0, 0, 0", "Y001", (38, 7), ["YAML 格式错误", "「]」"]),
        ("  行政复议: [2, 1, 0, 1]", "  行政复议: [2, 1, 0]", "Y007", (81, 9), ["应有 4 个数"]),
        ("报告年度: 2023", "报告年度: 二〇二三", "Y003", (3, 7), ["报告年度", "整数"]),
    ],
)
def test_input_errors_are_located_and_in_chinese(example_yaml, tmp_path, old, new, code, where, words):
    path = _load_variant(example_yaml, old, new, tmp_path)
    diags = _errors(path)
    d = next(d for d in diags if d.code == code)
    assert (d.location.line, d.location.column) == where
    text = format_diagnostics(diags)
    for w in words:
        assert w in text
    assert f"{path}:{where[0]}:{where[1]}" in text


def test_duplicate_key_is_an_error(tmp_path):
    p = tmp_path / "dup.yaml"
    p.write_text("报告年度: 2022\n报告年度: 2023\n", encoding="utf-8")
    [d] = _errors(p)
    assert d.code == "Y006" and d.location.line == 2


def test_non_utf8_file(tmp_path):
    p = tmp_path / "gbk.yaml"
    p.write_bytes("报告年度: 2022\n".encode("gbk"))
    [d] = _errors(p)
    assert "UTF-8" in d.message


def test_part_key_must_exist_in_layout(example_yaml, tmp_path):
    path = _load_variant(example_yaml, "  总体情况: |", "  总体状况: |", tmp_path)
    d = next(d for d in _errors(path) if d.code == "Y002")
    assert "总体状况" in d.message and "总体情况" in d.hint


def test_cli_bad_input_exit_2_no_traceback_nothing_written(example_yaml, tmp_path, capsys):
    path = _load_variant(example_yaml, "  本年新收: [86, 9, 1, 0, 3, 2]", "  本年新收: [86, 无, 1, 0, 3, 2]", tmp_path)
    before = path.read_bytes()
    out = tmp_path / "out"
    assert main(["build", str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert re.search(r"data\.yaml:49:14: 错误 \[Y003\]", err)
    assert not out.exists() or not any(out.iterdir())
    assert path.read_bytes() == before


def test_cli_argument_errors_are_in_chinese(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["build"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "用法：giar-gen build" in err and "缺少参数" in err
    with pytest.raises(SystemExit):
        main(["build", "x.yaml", "-j", "abc"])
    assert "应为整数，实际为「abc」" in capsys.readouterr().err


def test_another_tools_json_is_told_once_as_not_a_data_file():
    # corpus 09 (a peer tool's parse): one error naming its keys, not one per key
    text = '{"report_id": 33, "unit_name": "?", "year": 2023, "active_version": {"a": 1}, "latest_job": null}'
    with pytest.raises(InputError) as exc:
        load_report_text(text, "peer.json")
    (d,) = exc.value.diagnostics
    assert d.code == "Y002" and "这不是 giar-gen 的数据文件" in d.message
    assert "「report_id」" in d.message and "等" in d.message and "giar-gen import" in d.hint
    assert (d.location.line, d.location.column) == (1, 1)


def test_one_known_key_keeps_the_per_field_messages():
    with pytest.raises(InputError) as exc:
        load_report_text("foo: 1\n报告年度: 2024\n", "p.yaml")
    codes = sorted(d.code for d in exc.value.diagnostics)
    assert "Y002" in codes and "Y005" in codes
    assert not any("不是 giar-gen 的数据文件" in d.message for d in exc.value.diagnostics)


def test_colon_without_space_is_located_at_its_own_line(tmp_path):
    """``本年新收:[86, …]`` (no space after the colon): PyYAML notices only at the next
    key; the message names the line of the glued colon and says what is missing."""
    from giar_gen.diagnostics import InputError
    from giar_gen.source.loader import load_report

    src = Path(__file__).resolve().parents[1] / "examples" / "2023-示例区市场监督管理局.yaml"
    text = src.read_text(encoding="utf-8").replace("  本年新收: [86", "  本年新收:[86", 1)
    line = next(i for i, s in enumerate(text.splitlines(), 1) if s.startswith("  本年新收:[86"))
    bad = tmp_path / "d.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_report(bad)
    d = exc.value.diagnostics[0]
    assert d.location.line == line and "冒号后缺少空格" in d.message and "本年新收" in d.message
