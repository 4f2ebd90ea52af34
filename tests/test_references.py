"""Figure references in narrative text: names, substitution, errors, sandboxing."""

from __future__ import annotations

import pytest
from checks_util import edit, example_2019_edition, example_text, report

from giar_gen.diagnostics import InputError
from giar_gen.document.compose import compose
from giar_gen.document.tree import Paragraph
from giar_gen.model.references import NameError_, check_references, resolve, scan, substitute

EX = example_text()
SENTENCE = "全年新收政府信息公开申请101件"


@pytest.fixture(scope="module")
def rep():
    return report(EX)


@pytest.mark.parametrize(
    "name,value",
    [
        ("申请办理情况.本年新收.总计", 101),
        ("申请办理情况.本年新收", 101),  # column left out: 总计
        ("申请办理情况．本年新收．自然人", 86),  # full-width separator
        (" 申请办理情况 . 本年新收 . 商业企业 ", 9),  # spaces ignored
        ("applications.new_received.natural_person", 86),  # ids
        ("申请办理情况.本年新收.法人或其他组织.商业企业", 9),  # column group given
        ("申请办理情况.属于国家秘密", 0),  # unique leaf key
        ("申请办理情况.本年度办理结果.不予公开.属于行政执法案卷.法律服务机构", 1),
        ("申请办理情况.（七）总计", 98),  # printed label
        ("申请办理情况.本年度办理结果.总计.自然人", 85),
        ("申请办理情况.结转下年度继续办理", 8),
        ("复议诉讼情况.行政复议", 4),  # a group: its 总计
        ("复议诉讼情况.行政复议.结果维持", 2),
        ("复议诉讼情况.复议后起诉.总计", 1),
        ("复议诉讼情况.行政诉讼.未经复议直接起诉.尚未审结", 1),
        ("主动公开情况.行政许可", 2846),  # a one-column block
        ("主动公开情况.行政规范性文件.现行有效件数", 17),
    ],
)
def test_resolve(rep, name, value):
    cell = resolve(rep, name)
    assert rep.tables[cell.table.id].value(cell.row.id, cell.column.id) == value


@pytest.mark.parametrize(
    "name,words",
    [
        ("申请表.本年新收", ["没有名为「申请表」的表格", "申请办理情况"]),
        ("申请办理情况.本年新增", ["找不到"]),
        ("主动公开情况.行政规范性文件", ["只指明了行", "现行有效件数"]),
        ("复议诉讼情况", ["找不到", "须指明单元格"]),
        ("申请办理情况..总计", ["写法不对"]),
        ("", ["写法不对"]),
    ],
)
def test_resolve_errors(rep, name, words):
    with pytest.raises(NameError_) as exc:
        resolve(rep, name)
    text = exc.value.message + (exc.value.hint or "")
    assert all(w in text for w in words), text


def test_no_tables_before_2019():
    rep = report("报告年度: 2015\n机关: {名称: 某局, 类型: 部门}\n发布日期: 2016-03-01\n")
    with pytest.raises(NameError_, match="2015年度没有全国统一的统计表"):
        resolve(rep, "申请办理情况.本年新收")


def test_2019_edition_names(rep):
    rep19 = report(example_2019_edition(2020))
    cell = resolve(rep19, "主动公开情况.政府集中采购.采购总金额")
    assert str(rep19.tables["proactive"].value(cell.row.id, cell.column.id)) == "35.2"
    cell = resolve(rep19, "申请办理情况.其他处理")
    assert rep19.tables["applications"].value(cell.row.id, cell.column.id) == 5


def test_substitute_and_offsets(rep):
    text = "收到申请{申请办理情况.本年新收}件，{{原样}}，结转{申请办理情况.结转下年度继续办理}件。"
    sub, diags = substitute(rep, text, ("正文", "总体情况"))
    assert diags == []
    assert sub.text == "收到申请101件，{原样}，结转8件。"
    # offsets in the filled-in text map back to the user's characters
    assert text[sub.original_offset(sub.text.index("，{"))] == "，"
    assert text[sub.original_offset(sub.text.index("原样"))] == "原"
    assert text[sub.original_offset(sub.text.index("结转"))] == "结"
    assert sub.original_offset(sub.text.index("101")) == text.index("{申请")


def test_unknown_name_is_located_in_the_file():
    text = edit(EX, (SENTENCE, "全年新收政府信息公开申请{申请办理情况.本年新增}件"))
    rep = report(text, "x.yaml")
    with pytest.raises(InputError) as exc:
        check_references(rep)
    (d,) = exc.value.diagnostics
    assert d.code == "R01" and d.field == "正文 → 总体情况"
    line = text.splitlines()[d.location.line - 1]
    assert line[d.location.column - 1 :].startswith("{申请办理情况.本年新增}")


def test_reference_to_blank_cell():
    text = edit(
        EX,
        (SENTENCE, "全年新收政府信息公开申请{申请办理情况.上年结转.商业企业}件"),
        ("上年结转: [4, 1, 0, 0, 0, 0]", "上年结转: [4, ~, 0, 0, 0, 0]"),
    )
    with pytest.raises(InputError) as exc:
        check_references(report(text))
    (d,) = exc.value.diagnostics
    assert d.code == "R02" and "未填写" in d.message and "商业企业" in d.cells[0]


def test_unclosed_and_stray_braces():
    pieces, problems = scan("甲{申请办理情况.本年新收 乙}丙}")
    assert [p for p, _ in problems] == [len("甲{申请办理情况.本年新收 乙}丙")]
    pieces, problems = scan("甲{乙")
    assert problems and problems[0][0] == 1 and "没有闭合" in problems[0][1]
    assert (
        scan("a{{b}}c")[1] == [] and "".join(p if isinstance(p, str) else p.char for p in scan("a{{b}}c")[0]) == "a{b}c"
    )


@pytest.mark.parametrize("evil", ["{__import__('os').system('true')}", "{7*7}", "{% for x in y %}", "{self}"])
def test_sandboxed_nothing_is_evaluated(evil):
    text = edit(EX, (SENTENCE, f"全年新收政府信息公开申请{evil}件"))
    with pytest.raises(InputError) as exc:
        check_references(report(text))
    assert exc.value.diagnostics[0].code == "R01"


def test_template_syntax_in_double_braces_is_printed_literally():
    text = edit(EX, (SENTENCE, SENTENCE + "，{{ 7*7 }}"))
    doc = compose(report(text))
    paras = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert any("101件，{ 7*7 }" in p for p in paras)


def test_compose_fills_parts_and_intro():
    text = edit(
        EX,
        (SENTENCE, "全年新收政府信息公开申请{申请办理情况.本年新收}件"),
        ("统计期限自2023年1月1日", "共收到申请{申请办理情况.本年新收}件。统计期限自2023年1月1日"),
    )
    doc = compose(report(text))
    paras = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert any(SENTENCE in p for p in paras)
    assert any(p.startswith("本报告根据") and "共收到申请101件。" in p for p in paras)
    assert not any("{" in p for p in paras)


def test_compose_refuses_unknown_reference():
    text = edit(EX, (SENTENCE, "全年新收政府信息公开申请{申请办理情况.x}件"))
    with pytest.raises(InputError):
        compose(report(text))
