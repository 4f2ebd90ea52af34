"""``giar-gen check``, ``rules`` and ``build`` with the checks: output, JSON, exit codes."""

from __future__ import annotations

import json

import pytest
from checks_util import EXAMPLE, at_year, edit, example_text

from giar_gen.checks import RULES
from giar_gen.cli import main

EX = example_text()
BROKEN = edit(EX, ("予以公开: [38, 4, 1, 0, 1, 1]", "予以公开: [36, 4, 1, 0, 1, 1, 45]"), ("已办结98件", "已办结96件"))
WARN_ONLY = edit(EX, ("2023年，示例区", "2023年,示例区"))


@pytest.fixture
def write(tmp_path):
    def make(name: str, text: str):
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        return p

    return make


def test_check_clean_example(capsys):
    assert main(["check", str(EXAMPLE)]) == 0
    assert "未发现问题" in capsys.readouterr().out


def test_check_human_output_is_linter_like(write, capsys):
    p = write("bad.yaml", BROKEN)
    assert main(["check", str(p)]) == 1
    out = capsys.readouterr().out
    line_no = BROKEN.splitlines().index("    予以公开: [36, 4, 1, 0, 1, 1, 45]") + 1
    assert f"{p}:{line_no}:12: 错误 [T3-R3] 申请办理情况：「（一）予以公开」行" in out
    lines = out.splitlines()
    i = lines.index(f"{line_no} |     予以公开: [36, 4, 1, 0, 1, 1, 45]")
    # the caret sits under "36" (each Chinese character is two columns wide on a terminal)
    assert lines[i + 1] == " " * len(str(line_no)) + " | " + " " * (4 + 4 * 2 + 3) + "^"
    assert "单元格：申请办理情况「三、本年度办理结果 / （一）予以公开」行「申请人情况 / 总计」列 = 45" in out
    assert "应为：" in out and "实际：" in out
    assert "最可能出错：" in out
    assert out.rstrip().endswith("bad.yaml：共 3 个错误、0 个警告。")


def test_check_json(write, capsys):
    p = write("bad.yaml", BROKEN)
    assert main(["check", "--format", "json", str(p)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["errors"] >= 2
    (entry,) = data["files"]
    assert entry["file"] == str(p) and entry["usable"] is True
    f = next(f for f in entry["findings"] if f["rule"] == "T3-R3")
    assert f["severity"] == "error" and f["line"] > 0 and f["column"] > 0
    assert f["suspect"]["row"] == "results.disclosed" and f["suspect"]["column"] == "natural_person"
    assert {c["column"] for c in f["cell_refs"]} >= {"total", "natural_person"}
    assert all(c["label"].startswith("「") for c in f["cell_refs"])


def test_check_warnings_and_strict(write, capsys):
    p = write("w.yaml", WARN_ONLY)
    assert main(["check", str(p)]) == 0
    assert main(["check", "--strict", str(p)]) == 1
    assert "[W-PUNCT]" in capsys.readouterr().out


def test_check_unusable_input_is_2(write, capsys):
    p = write("bad.yaml", "报告年度: 2023\n机关: [\n")
    assert main(["check", str(p)]) == 2
    assert main(["check", "--format", "json", str(p)]) == 2
    out = capsys.readouterr().out
    data = json.loads(out[out.index("{") :])
    assert data["files"][0]["usable"] is False and data["files"][0]["findings"][0]["code"] == "Y001"


def test_check_unknown_reference_is_unusable_input(write, capsys):
    p = write(
        "r.yaml", edit(EX, ("全年新收政府信息公开申请101件", "全年新收政府信息公开申请{申请办理情况.本年新增}件"))
    )
    assert main(["check", str(p)]) == 2
    out = capsys.readouterr().out
    assert "[R01]" in out and "本年新增" in out


def test_check_with_previous(write, capsys):
    last = write(
        "2022.yaml",
        edit(at_year(EX, 2022), ("结转下年度继续办理: [5, 2, 0, 0, 0, 1]", "结转下年度继续办理: [4, 1, 0, 0, 0, 1]")),
    )
    assert main(["check", str(EXAMPLE), "--previous", str(last)]) == 1
    out = capsys.readouterr().out
    assert "[X-R1]" in out and "[X-COPY]" in out and "2022年度" in out


def test_check_previous_unusable(write, capsys):
    last = write("2022.yaml", "报告年度: x\n")
    assert main(["check", str(EXAMPLE), "--previous", str(last)]) == 2


def test_rules_list_and_explain(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert all(code in out for code in RULES)
    assert main(["rules", "w-num"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("W-NUM  正文中写的数字与表格不一致") and "例子：" in out and "{申请办理情况.本年新收}" in out
    assert main(["rules", "T3-R7"]) == 2
    assert "没有代码为「T3-R7」的规则" in capsys.readouterr().err


# -- build ------------------------------------------------------------------


def test_build_refuses_on_errors(write, tmp_path, capsys):
    p = write("bad.yaml", BROKEN)
    out_dir = tmp_path / "out"
    assert main(["build", str(p), "-o", str(out_dir), "-f", "html"]) == 1
    err = capsys.readouterr().err
    assert "[T3-R3]" in err and "未生成报告" in err and "--force" in err
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_build_force_writes_but_still_exits_1(write, tmp_path, capsys):
    p = write("bad.yaml", BROKEN)
    assert main(["build", str(p), "-o", str(tmp_path / "o"), "-f", "html", "--force"]) == 1
    assert (tmp_path / "o" / "bad.html").is_file()
    cap = capsys.readouterr()
    assert "[T3-R3]" in cap.err and "已生成" in cap.out


def test_build_with_warnings_writes_and_strict_refuses(write, tmp_path, capsys):
    p = write("w.yaml", WARN_ONLY)
    assert main(["build", str(p), "-o", str(tmp_path / "a"), "-f", "html"]) == 0
    assert (tmp_path / "a" / "w.html").is_file()
    assert main(["build", str(p), "-o", str(tmp_path / "b"), "-f", "html", "--strict"]) == 1
    assert not (tmp_path / "b" / "w.html").exists()
    assert "[W-PUNCT]" in capsys.readouterr().err


def test_build_with_acknowledged_errors_goes_ahead(write, tmp_path, capsys):
    text = BROKEN + "已确认:\n  - 规则: T3-R1\n    理由: 已核实\n  - 规则: T3-R3\n    理由: 已核实\n"
    p = write("ack.yaml", text)
    assert main(["build", str(p), "-o", str(tmp_path / "o"), "-f", "html"]) == 0
    err = capsys.readouterr().err
    assert "错误（已确认） [T3-R3]" in err and "已确认的理由：已核实" in err
    assert (tmp_path / "o" / "ack.html").is_file()


def test_build_fills_references_in(write, tmp_path):
    text = edit(
        EX,
        (
            "全年新收政府信息公开申请101件，上年结转5件",
            "全年新收政府信息公开申请{申请办理情况.本年新收}件，上年结转{申请办理情况.上年结转}件",
        ),
    )
    p = write("ref.yaml", text)
    assert main(["build", str(p), "-o", str(tmp_path), "-f", "html"]) == 0
    html = (tmp_path / "ref.html").read_text(encoding="utf-8")
    assert "全年新收政府信息公开申请101件，上年结转5件" in html
    assert "{申请办理情况" not in html
