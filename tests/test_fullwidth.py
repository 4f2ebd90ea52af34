"""Issue 15, item 5: the YAML forgives an input method.

Full-width ``：`` ``，`` ``　`` typed as YAML syntax are read as half-width with a
warning at their own line and column; full-width punctuation in the prose is
never touched; a 2019-edition label in a 2021-edition year is named as such.
"""

from __future__ import annotations

import pytest
from checks_util import edit, example_text

from giar_gen.checks import run_checks
from giar_gen.cli import main
from giar_gen.diagnostics import InputError
from giar_gen.source.fullwidth import normalise
from giar_gen.source.loader import load_report_text

EX = example_text()


def load(text: str):
    return load_report_text(text, "t.yaml")


def notes(text: str):
    rep = load(text)
    return [f for f in run_checks(rep).findings if f.code == "S-FULLWIDTH"], rep


def same_data(a, b) -> None:
    assert a.data == b.data
    assert {k: v.entered for k, v in a.tables.items()} == {k: v.entered for k, v in b.tables.items()}


def test_full_width_colon_after_a_key_is_read_as_a_colon_with_a_located_warning():
    text = edit(EX, ("  行政处罚: 312", "  行政处罚：312"))
    found, rep = notes(text)
    same_data(rep, load(EX))
    line = text.splitlines().index("  行政处罚：312") + 1
    (f,) = found
    assert (f.location.line, f.location.column) == (line, 7)
    assert "全角冒号「：」" in f.message and "半角冒号" in f.hint
    # the value is located where it stands in the file as written
    assert rep.source.location(("主动公开情况", "行政处罚")).column == 8


def test_full_width_commas_in_a_table_row():
    text = edit(EX, ("本年新收: [86, 9, 1, 0, 3, 2]", "本年新收: [86，9，1，0，3，2]"))
    found, rep = notes(text)
    same_data(rep, load(EX))
    assert len(found) == 1 and "全角逗号「，」" in found[0].message
    assert found[0].location.column == len("  本年新收: [86") + 1


def test_full_width_space_as_indentation_and_after_a_colon():
    text = edit(EX, ("  类型: 部门", "　　类型: 部门"), ("  层级: 县级", "　层级:　县级"))
    found, rep = notes(text)
    same_data(rep, load(EX))
    assert [f.location.line for f in found] == [6, 7]
    assert all("全角空格" in f.message for f in found)


def test_full_width_colon_in_a_flow_mapping_before_a_number():
    text = edit(
        EX,
        (
            "本年新收: [86, 9, 1, 0, 3, 2]",
            "本年新收: {自然人：86, 商业企业: 9, 科研机构: 1, 社会公益组织: 0, 法律服务机构: 3, 其他: 2}",
        ),
    )
    found, rep = notes(text)
    assert rep.tables["applications"].entered[("new_received", "natural_person")] == 86
    assert len(found) == 1


def test_prose_keeps_its_full_width_punctuation_and_spaces():
    prose = "　　2023年，我局：一是公开；二是“规范”，共3，4件。"
    text = edit(
        EX,
        ("  总体情况: |\n", f"  总体情况: |\n    {prose}\n"),
        ("  名称: 示例市示例区市场监督管理局", "  名称: 示例局：办公室，一处"),
        ("引言: |", '标题: "某局：2023年，报告"\n引言: |'),
    )
    found, rep = notes(text)
    assert found == []
    assert normalise(text).text == text  # not one character changed
    assert rep.data.parts["总体情况"].startswith(prose.lstrip("　") + "\n")  # (the model strips the ends)
    assert rep.data.agency.name == "示例局：办公室，一处"
    assert rep.data.title == "某局：2023年，报告"


def test_continuation_lines_and_comments_are_left_alone():
    text = edit(
        EX,
        ("  名称: 示例市示例区市场监督管理局", "  名称: 示例市示例区\n    市场监督管理局：第二行"),
        ("报告年度: 2023", "# 说明：这是注释，不改\n报告年度: 2023"),
    )
    found, rep = notes(text)
    assert found == []
    assert rep.data.agency.name == "示例市示例区 市场监督管理局：第二行"


def test_numbers_and_text_in_brackets_decide_the_comma():
    assert normalise("a: [甲，乙, 3]\n").text == "a: [甲，乙, 3]\n"
    assert normalise("a: [1，~，2]\n").text == "a: [1,~,2]\n"


def test_a_syntax_error_on_a_full_width_line_says_full_width_and_where():
    text = edit(EX, ("  行政处罚: 312", "  行政处罚: 312\n  其他：说明: [1,"))
    with pytest.raises(InputError) as exc:
        load(text)
    err = next(d for d in exc.value.diagnostics if d.code == "Y001")
    line = text.splitlines().index("  其他：说明: [1,") + 1
    assert f"第 {line} 行第 5 列是全角冒号「：」" in err.hint


def test_check_command_warns_and_still_passes(tmp_path, capsys):
    path = tmp_path / "r.yaml"
    path.write_text(edit(EX, ("  行政强制: 27", "  行政强制：27")), encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "S-FULLWIDTH" in out and "全角冒号" in out


# ---------------------------------------------------------------------------
# labels of the other table edition


def messages(text: str) -> list:
    with pytest.raises(InputError) as exc:
        load(text)
    return exc.value.diagnostics


def test_2019_column_in_a_2021_year_names_both_editions_and_no_other_column():
    (d,) = messages(edit(EX, ("规章: [0, 0, 0]", "规章: {本年新公开数量: 3}")))
    assert "2019年版" in d.message and "2021年版" in d.message and "「本年新公开数量」" in d.message
    assert "是不是" not in (d.hint or "") and "本年废止件数" in d.hint  # listed as what may be filled, not as a guess
    assert "数字不能照搬" in d.hint


def test_2019_label_with_a_2021_counterpart_gets_the_2021_label():
    found = messages(
        edit(
            EX,
            ("  行政规范性文件: [3, 1, 17]", "  规范性文件: [3, 1, 17]"),
            ("  行政许可: 2846", "  行政许可: {处理决定数量: 2846}"),
        )
    )
    by_key = {d.field.split(" → ")[-1]: d for d in found}
    assert "「行政规范性文件」" in by_key["规范性文件"].hint
    assert "「本年处理决定数量」" in by_key["处理决定数量"].hint
    assert all("是不是" not in (d.hint or "") for d in found)
    assert all("2019年版" in d.message and "2021年版" in d.message for d in found)


def test_2019_row_of_table_three_given_as_one_row_in_2021():
    (d,) = messages(
        edit(
            EX,
            (
                "    其他处理:\n      逾期不补正: [3, 1, 0, 0, 0, 0]\n      逾期未缴费: [0, 0, 0, 0, 0, 0]\n"
                "      其他: [1, 0, 0, 0, 0, 0]",
                "    其他处理: [4, 1, 0, 0, 0, 0]",
            ),
        )
    )
    assert "2019年版" in d.message and "2021年版" in d.message and "分为 3 行" in d.message
