"""``giar-gen fix``: half-width → full-width punctuation in Chinese text, editing
the YAML text (comments and layout kept), written atomically."""

from __future__ import annotations

import os

import pytest
import yaml
from checks_util import check, edit, example_text, of

from giar_gen.cli import main
from giar_gen.diagnostics import InputError
from giar_gen.source import fix as fixmod
from giar_gen.source.fix import fix_file, fix_source, fix_text, punct_fixes


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2012年,我局在区委(区政府)领导下", "2012年，我局在区委（区政府）领导下"),
        ("(一)加强组织机构建设", "（一）加强组织机构建设"),
        ("《条例》(以下简称“条例”)规定", "《条例》（以下简称“条例”）规定"),
        ("国办公开办函(2019)60号", "国办公开办函（2019）60号"),
        ("电话:85911280;传真:85911297", "电话：85911280；传真：85911297"),
        ("是否公开? 是! 好", "是否公开？是！好"),
        ("主要表现为: 一是", "主要表现为：一是"),
        ("本年制发2件,废止3件.", "本年制发2件，废止3件。"),  # a half-width full stop after Chinese
        ("工作已完成.下一步将加强培训.\n", "工作已完成。下一步将加强培训。\n"),
        ("依据《条例》. 现报告如下", "依据《条例》。现报告如下"),
    ],
)
def test_converted(text, expected):
    assert fix_text(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "办公时间8:30至17:30",
        "共1,268条",
        "网址http://www.example.cn/a,b",
        "Email: office@example.cn",
        "f(x) = y",
        "1.加强领导。3.5万元",
        "一.主动公开情况",  # numbering, not a sentence end
        "（二）.依申请公开",
        "详见www.gov.cn.",
        "等等...",
        "收费12.5万元",
        "共收到申请{申请办理情况.本年新收}件",  # a figure reference
    ],
)
def test_left_alone(text):
    assert fix_text(text) == (text, 0)


def test_offsets_of_fixes():
    assert punct_fixes("年,我(甲)") == [(1, ",", "，"), (3, "(", "（"), (5, ")", "）")]


SOURCE = """\
# 注意:这是注释,不改
报告年度: 2023   # 年度,注释
机关:
  名称: 示例局
  类型: 部门
发布日期: 2024-01-20
标题: "示例局2023年政府信息公开工作年度报告(修订)"
联系方式:
  电话: 020-12345678
  网址: http://www.example.cn
正文:
  总体情况: |   # 块注释:保留
    2023年,我局(以下简称“本局”)认真贯彻《条例》.
    主要做法:一是加强领导;二是完善制度。
  存在的主要问题及改进情况: 一是解读形式单一,二是办理时间偏长
申请办理情况:
  本年新收: [1, 0, 0, 0, 0, 0]
"""


def test_fix_source_edits_only_values():
    new, n = fix_source(SOURCE)
    assert n == 9
    old_lines, new_lines = SOURCE.splitlines(), new.splitlines()
    assert len(old_lines) == len(new_lines)
    changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b]
    assert changed == [6, 12, 13, 14]
    assert new_lines[0] == "# 注意:这是注释,不改"
    assert new_lines[1] == "报告年度: 2023   # 年度,注释"
    assert new_lines[11] == "  总体情况: |   # 块注释:保留"
    assert new_lines[12] == "    2023年，我局（以下简称“本局”）认真贯彻《条例》。"  # sentence-final . too
    assert new_lines[13] == "    主要做法：一是加强领导；二是完善制度。"
    assert new_lines[14] == "  存在的主要问题及改进情况: 一是解读形式单一，二是办理时间偏长"
    assert "网址: http://www.example.cn" in new
    data = yaml.safe_load(new)
    assert data["标题"] == "示例局2023年政府信息公开工作年度报告（修订）"
    assert data["申请办理情况"] == yaml.safe_load(SOURCE)["申请办理情况"]


def test_fix_source_is_idempotent():
    once, _ = fix_source(SOURCE)
    assert fix_source(once) == (once, 0)


def test_fix_source_rejects_broken_yaml():
    with pytest.raises(InputError) as exc:
        fix_source("正文: [未闭合\n", "报告.yaml")
    d = exc.value.diagnostics[0]
    assert (d.location.file, d.location.line, d.location.column) == ("报告.yaml", 1, 5)
    assert "YAML 格式错误" in d.message


def test_fix_file_writes_atomically_and_keeps_bom(tmp_path):
    p = tmp_path / "r.yaml"
    p.write_bytes(b"\xef\xbb\xbf" + SOURCE.encode("utf-8"))
    result = fix_file(p)
    assert result.changes == 9
    raw = p.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw[3:].decode("utf-8") == result.new
    assert [x.name for x in tmp_path.iterdir()] == ["r.yaml"]  # no temporary file left


def test_fix_file_failure_leaves_original(tmp_path, monkeypatch):
    p = tmp_path / "r.yaml"
    p.write_text(SOURCE, encoding="utf-8")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        fix_file(p)
    assert p.read_text(encoding="utf-8") == SOURCE
    assert [x.name for x in tmp_path.iterdir()] == ["r.yaml"]


def test_fix_cli(tmp_path, capsys):
    p = tmp_path / "r.yaml"
    p.write_text(SOURCE, encoding="utf-8")
    assert main(["fix", "--diff", str(p)]) == 0
    out = capsys.readouterr().out
    assert "-    2023年,我局" in out and "+    2023年，我局" in out and "未写入" in out
    assert p.read_text(encoding="utf-8") == SOURCE
    assert main(["fix", str(p)]) == 0
    assert "已把 9 处半角标点改为全角" in capsys.readouterr().out
    assert main(["fix", str(p)]) == 0
    assert "没有需要改的" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text("正文: [\n", encoding="utf-8")
    assert main(["fix", str(bad)]) == 2
    assert main(["fix", str(tmp_path / "none.yaml")]) == 2


def test_fix_clears_the_punctuation_warning(tmp_path):
    text = edit(example_text(), ("2023年，示例区", "2023年,示例区"), ("（一）主动公开", "(一)主动公开"))
    assert of(check(text), "W-PUNCT")
    p = tmp_path / "e.yaml"
    p.write_text(text, encoding="utf-8")
    fix_file(p)
    assert p.read_text(encoding="utf-8") == example_text()
    assert fixmod.fix_source(example_text())[1] == 0
