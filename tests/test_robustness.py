"""Bad input never gives a traceback: each case found by fuzzing the examples
exits 2 with a Chinese message naming file:line:column and the field, writes
nothing and leaves the input file as it was."""

from __future__ import annotations

import time
import zipfile

import pytest
import yaml

from giar_gen.cli import main
from giar_gen.source.loader import load_report
from giar_gen.source.yamlsource import load_yaml
from giar_gen.source.yamlwrite import scalar

_BILLION_LAUGHS = "lol0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10)
)


def _run(argv: list[str], capsys) -> tuple[int, str]:
    rc = main(argv)
    cap = capsys.readouterr()
    return rc, cap.out + cap.err


def _variant(example_yaml, tmp_path, old: str, new: str, name: str = "data.yaml"):
    text = example_yaml.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _assert_refused(path, capsys, tmp_path, *expected: str, commands=("build", "check", "init", "fix")) -> str:
    """Every command exits 2 naming ``expected``; nothing written, input untouched."""
    before = path.read_bytes()
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    text = ""
    for command in commands:
        argv = {
            "build": ["build", str(path), "-o", str(out), "-f", "html,docx"],
            "check": ["check", str(path)],
            "init": ["init", "--from", str(path), str(out / "next.yaml")],
            "fix": ["fix", str(path)],
        }[command]
        rc, text = _run(argv, capsys)
        assert rc == 2, (command, text)
        assert "Traceback" not in text and "内部错误" not in text
        for e in expected:
            assert e in text, (command, e, text)
    assert list(out.iterdir()) == []
    assert path.read_bytes() == before
    return text


# ---------------------------------------------------------------------------
# YAML structure


def test_alias_bomb_is_refused_quickly(example_yaml, tmp_path, capsys):
    path = _variant(example_yaml, tmp_path, "报告年度: 2023\n", "报告年度: 2023\n" + _BILLION_LAUGHS)
    start = time.monotonic()
    _assert_refused(path, capsys, tmp_path, "别名（*）重复引用展开后超过", f"{path}:8:7", "lol5")
    assert time.monotonic() - start < 20


def test_alias_referring_to_itself(tmp_path, capsys):
    path = tmp_path / "r.yaml"
    path.write_text("报告年度: 2023\n机关: &a {名称: *a}\n", encoding="utf-8")
    _assert_refused(path, capsys, tmp_path, "形成循环", f"{path}:2:", "机关")


def test_nesting_too_deep(tmp_path, capsys):
    path = tmp_path / "r.yaml"
    path.write_text("报告年度: 2023\n正文: " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8")
    _assert_refused(path, capsys, tmp_path, "嵌套超过 64 层", f"{path}:2:")


def test_merge_key_values_are_overridden_by_keys_written_beside_them():
    text = "基础: &b {名称: 某局, 类型: 人民政府}\n机关:\n  <<: *b\n  类型: 部门\n"
    loaded, smap = load_yaml(text, "r.yaml")
    assert loaded["机关"] == {"名称": "某局", "类型": "部门"}
    assert smap.keys[("机关", "类型")] == (4, 3)  # the key written here, not the merged one


def test_duplicate_keys_written_beside_a_merge_are_still_an_error(tmp_path, capsys):
    path = tmp_path / "r.yaml"
    path.write_text("b: &b {名称: 某局}\n机关:\n  <<: *b\n  类型: 部门\n  类型: 其他\n", encoding="utf-8")
    _assert_refused(path, capsys, tmp_path, "字段「类型」重复出现", f"{path}:5:3", commands=("check",))


@pytest.mark.parametrize(
    "value, message",
    [
        ('"a\\0b"', "U+0000"),
        ('"a\\x07b"', "U+0007"),
        ('"\\ud800"', "U+D800"),
    ],
)
def test_control_characters_from_escapes(example_yaml, tmp_path, capsys, value, message):
    path = _variant(example_yaml, tmp_path, "  名称: 示例市示例区市场监督管理局\n", f"  名称: {value}\n")
    _assert_refused(path, capsys, tmp_path, f"文字中有不能使用的字符 {message}", f"{path}:5:7", "机关 → 名称")


def test_raw_control_character_is_located(example_yaml, tmp_path, capsys):
    path = _variant(example_yaml, tmp_path, "  名称: 示例市示例区市场监督管理局\n", "  名称: 示例\x07局\n")
    _assert_refused(path, capsys, tmp_path, "控制字符 U+0007", f"{path}:5:9")


@pytest.mark.parametrize(
    "value, message",
    [
        ("!!timestamp 明年", "「明年」不是有效的日期"),
        ("!!binary aGVsbG8=", "二进制数据"),
        ("!foo 2024-01-26", "不认识的标签"),
    ],
)
def test_odd_yaml_tags(example_yaml, tmp_path, capsys, value, message):
    path = _variant(example_yaml, tmp_path, "发布日期: 2024-01-26\n", f"发布日期: {value}\n")
    _assert_refused(path, capsys, tmp_path, message, f"{path}:8:")


@pytest.mark.parametrize("content", [b"", b"# only a comment\n", b"\xef\xbb\xbf", b"  \n\n"])
def test_empty_file(tmp_path, capsys, content):
    path = tmp_path / "r.yaml"
    path.write_bytes(content)
    _assert_refused(path, capsys, tmp_path, "文件中没有数据", f"{path}:1:1", commands=("build", "check", "init"))


def test_not_utf8_names_the_first_bad_byte(example_yaml, tmp_path, capsys):
    path = tmp_path / "r.yaml"
    text = example_yaml.read_text(encoding="utf-8")
    path.write_bytes(
        text.replace("  名称: 示例市", "  名称: 示例\xff市", 1).encode("utf-8").replace(b"\xc3\xbf", b"\xff")
    )
    _assert_refused(path, capsys, tmp_path, "文件不是 UTF-8 编码", f"{path}:5:9", commands=("build", "check", "fix"))


@pytest.mark.parametrize(
    "old, new, message, where",
    [
        ("  层级: 县级", " 层级: 县级", "缩进不一致：这一行与上面同一级的项缩进不同", ":7:2"),
        ("  规章: [0, 0, 0]", "  规章: [0, 0, 0] 件", "括号结束后同一行还有多余的文字", ":38:17"),
        ("引言: |\n", "引言: |x\n", "「|」或「>」后面只能写", ":9:6"),
        ("电话: 020-12345678", "电话: @12345678", "「@」不能作为值的开头", ":15:7"),
    ],
)
def test_yaml_syntax_errors_in_chinese(example_yaml, tmp_path, capsys, old, new, message, where):
    path = _variant(example_yaml, tmp_path, old, new)
    text = _assert_refused(path, capsys, tmp_path, message, f"{path}{where}")
    assert "YAML 解析器" not in text


def test_layout_name_too_long_for_the_file_system(example_yaml, tmp_path, capsys):
    path = _variant(
        example_yaml, tmp_path, "发布日期: 2024-01-26\n", "发布日期: 2024-01-26\n版式: " + "x" * 5000 + "\n"
    )
    text = _assert_refused(
        path, capsys, tmp_path, "找不到版式「" + "x" * 80 + "…」", f"{path}:9:5", "版式", commands=("build", "check")
    )
    assert "x" * 81 not in text.split("|")[0]


# ---------------------------------------------------------------------------
# numbers in the official tables


@pytest.mark.parametrize(
    "value, message",
    [
        (".inf", "无穷大"),
        (".nan", "无穷大或“非数”"),
        ('"1e999999999"', "十进制阿拉伯数字"),  # YAML 1.2 decimal digits only: an exponent is refused
        ("1e30", "十进制阿拉伯数字"),
        ("1000000000000", "数字过大"),
    ],
)
def test_count_cell_extremes(example_yaml, tmp_path, capsys, value, message):
    path = _variant(example_yaml, tmp_path, "  行政许可: 2846", f"  行政许可: {value}")
    text = _assert_refused(
        path, capsys, tmp_path, message, f"{path}:41:9", "主动公开情况 → 行政许可", commands=("build", "check", "init")
    )
    assert "「行政许可」行「本年处理决定数量」列" in text


@pytest.mark.parametrize(
    "value, message",
    [
        (".inf", "无穷大"),
        (".nan", "无穷大"),
        ('"1e-999999999"', "十进制阿拉伯数字"),  # an exponent is not decimal digits
        ("0.0000001", "小数位数过多"),
    ],
)
def test_amount_cell_extremes(example_yaml, tmp_path, capsys, value, message):
    path = _variant(example_yaml, tmp_path, "  行政事业性收费: 0", f"  行政事业性收费: {value}")
    text = _assert_refused(path, capsys, tmp_path, message, f"{path}:46:12", commands=("build", "check", "init"))
    assert "「行政事业性收费」行" in text


def test_largest_ordinary_numbers_still_load(example_yaml, tmp_path):
    path = _variant(example_yaml, tmp_path, "  行政事业性收费: 0", "  行政事业性收费: 999999999999.12")
    assert str(load_report(path).tables["proactive"].value("admin_fees", "fees_amount")) == "999999999999.12"


# ---------------------------------------------------------------------------
# local tables (附表)

_LOCAL = (
    "报告年度: 2013\n机关: {名称: 某局, 类型: 部门}\n发布日期: 2014-01-20\n"
    "附表:\n  - 标题: 统计表\n    表体:\n      - [项目, 数量]\n      - [申请, CELL]\n"
)


@pytest.mark.parametrize(
    "cell, message, col",
    [
        (".inf", "单元格中的数不能是无穷大", 14),
        ("true", "不能填是/否值（true）", 14),
        ("[1]", "实际是一组数据", 14),
        ("{文字: .nan}", "单元格中的数不能是无穷大", 19),
        ("{文字: {a: 1}}", "应填写文字或数字", 19),
    ],
)
def test_local_table_cell_errors_name_the_cell_once(tmp_path, capsys, cell, message, col):
    path = tmp_path / "r.yaml"
    path.write_text(_LOCAL.replace("CELL", cell), encoding="utf-8")
    text = _assert_refused(
        path, capsys, tmp_path, "「表体第2行第2格」", message, f"{path}:8:{col}", commands=("build", "check")
    )
    assert text.count("错误 [") == 1
    assert "Input should" not in text and "constrained-str" not in text


def test_unknown_key_in_a_local_table_cell_lists_the_cell_keys(tmp_path, capsys):
    path = tmp_path / "r.yaml"
    path.write_text(_LOCAL.replace("CELL", "{文本: 3}"), encoding="utf-8")
    text = _assert_refused(
        path,
        capsys,
        tmp_path,
        "未知的字段「文本」",
        f"{path}:8:15",
        "这一级可用的字段：文字、跨行、跨列",
        commands=("check",),
    )
    assert "行标题列数" not in text


def test_local_table_span_error_names_the_field(tmp_path, capsys):
    path = tmp_path / "r.yaml"
    path.write_text(_LOCAL.replace("CELL", "{文字: 3, 跨行: a}"), encoding="utf-8")
    text = _assert_refused(
        path,
        capsys,
        tmp_path,
        "「跨行」应填写整数，实际为「a」",
        f"{path}:8:",
        "附表 → 表体 → 跨行",
        commands=("check",),
    )
    assert text.count("错误 [") == 1


# ---------------------------------------------------------------------------
# writers: text that used to break them


def test_very_long_title_builds_quickly(example_yaml, tmp_path, capsys):
    from docx import Document

    path = _variant(
        example_yaml, tmp_path, "发布日期: 2024-01-26\n", "发布日期: 2024-01-26\n标题: " + "长" * 300 + "\n"
    )
    out = tmp_path / "out"
    start = time.monotonic()
    rc, text = _run(["build", str(path), "-o", str(out), "-f", "docx,html", "--force"], capsys)
    assert time.monotonic() - start < 30  # the title breaker used to try every way to cut 300 characters
    assert rc in (0, 1), text
    assert "内部错误" not in text
    assert Document(str(out / "data.docx")).core_properties.title == "长" * 255  # the DOCX limit
    assert "长" * 300 in (out / "data.html").read_text(encoding="utf-8")


def test_init_from_keeps_a_more_indented_line(example_yaml, tmp_path, capsys):
    line = "    （二）依申请公开\n"
    path = _variant(example_yaml, tmp_path, line, "      （二）依申请公开\n")
    new = tmp_path / "next.yaml"
    rc, text = _run(["init", "--from", str(path), str(new)], capsys)
    assert rc == 0, text
    assert "  （二）依申请公开" in load_report(new).data.parts["总体情况"]


@pytest.mark.parametrize("text", ["a\x7fb", "x\x85y", "行\u2028分", "\ud800", "\ufffe", "制\t表"])
def test_yaml_scalars_escape_what_yaml_cannot_hold_raw(text):
    written = scalar(text)
    assert yaml.safe_load("k: " + written)["k"] == text


# ---------------------------------------------------------------------------
# fix


def test_fix_on_broken_yaml_names_the_place_and_keeps_the_file(example_yaml, tmp_path, capsys):
    path = _variant(example_yaml, tmp_path, "  规章: [0, 0, 0]", "  规章: [0, 0, 0")
    before = path.read_bytes()
    rc, text = _run(["fix", str(path)], capsys)
    assert rc == 2
    assert f"{path}:38:7" in text and "方括号列表没有正确结束" in text and "未作修改" in text
    assert path.read_bytes() == before


def test_fix_does_not_expand_an_alias_bomb(tmp_path, capsys):
    path = tmp_path / "r.yaml"
    path.write_text("引言: 本报告,依据条例编制。\n" + _BILLION_LAUGHS, encoding="utf-8")
    before = path.read_bytes()
    start = time.monotonic()
    rc, text = _run(["fix", str(path)], capsys)
    assert rc == 2 and "别名（*）重复引用展开后超过" in text and f"{path}:6:7" in text and "lol5" in text
    assert path.read_bytes() == before
    assert time.monotonic() - start < 20


# ---------------------------------------------------------------------------
# import


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("page.html", bytes(range(256)) * 40, "含有大量二进制数据"),
        ("copy.txt", b"abc\x00def\n" * 50, "含有大量二进制数据"),
        ("page.html", b"", "没有找到任何文字"),
        ("page.html", b"<html><head><title>t</title><script>load()</script></head><body></body></html>", "由脚本加载"),
        ("copy.txt", b"   \n\n", "没有找到任何文字"),
    ],
)
def test_import_junk_is_refused(tmp_path, capsys, name, content, message):
    src = tmp_path / name
    src.write_bytes(content)
    rc, text = _run(["import", str(src)], capsys)
    assert rc == 2, text
    assert message in text and f"{src}" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_import_zip_that_is_not_a_docx(tmp_path, capsys):
    src = tmp_path / "r.docx"
    with zipfile.ZipFile(src, "w") as z:
        z.writestr("hello.txt", "hi")
    rc, text = _run(["import", str(src)], capsys)
    assert rc == 2 and "不是可读取的 Word（.docx）文件" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx"]


def _no_english(text: str) -> None:
    import re

    # the system's and libraries' own English (strerror, "Package not found at …") must not reach the user
    for word in ("No such file", "Is a directory", "Permission denied", "Package not found", "BadZipFile"):
        assert word not in text, text
    assert not re.search(r"[A-Za-z]{4,} [a-z]{2,} [a-z]{3,}", text), text


@pytest.mark.parametrize(
    "argv, message",
    [
        (["check", "{d}/nope.yaml"], "找不到这个文件"),
        (["check", "{d}"], "这是一个文件夹，不是文件"),
        (["check", "{d}/nope.docx"], "找不到这个文件"),
        (["import", "{d}/nope.docx"], "找不到这个文件"),
        (["import", "{d}/nope.pdf"], "找不到这个文件"),
        (["import", "{d}/bad.docx"], "文件已损坏，或不是 .docx 格式"),
        (["fix", "{d}/nope.yaml"], "找不到这个文件"),
        (["import", "{d}/nope.xlsx", "-o", "{d}/x.yaml"], "找不到这个文件"),
    ],
)
def test_unreadable_files_are_told_in_chinese(tmp_path, capsys, argv, message):
    (tmp_path / "bad.docx").write_bytes(b"not a zip file at all")
    rc, text = _run([a.format(d=tmp_path) for a in argv], capsys)
    assert rc == 2, text
    assert message in text
    _no_english(text)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.docx"]


def test_unreadable_layout_file_is_told_in_chinese(example_yaml, tmp_path, capsys):
    (tmp_path / "lay.yaml").write_bytes(b"\xff\xfe\x00bad")
    path = _variant(example_yaml, tmp_path, "报告年度: 2023", "报告年度: 2023\n版式: lay.yaml")
    rc, text = _run(["check", str(path)], capsys)
    assert rc == 2 and "版式文件" in text and "不是 UTF-8 编码" in text, text
    assert "codec" not in text


def test_import_deeply_nested_page(tmp_path, capsys):
    src = tmp_path / "page.html"
    src.write_text("<div>" * 20000 + "政府信息公开工作年度报告" + "</div>" * 20000, encoding="utf-8")
    rc, text = _run(["import", str(src)], capsys)
    assert rc in (0, 1), text
    assert "内部错误" not in text
    assert "政府信息公开工作年度报告" in (tmp_path / "page.yaml").read_text(encoding="utf-8")


def test_import_keeps_text_with_characters_yaml_cannot_hold_raw(tmp_path, capsys):
    src = tmp_path / "copy.txt"
    src.write_text(
        "某局2023年政府信息公开工作年度报告\n一、总体情况\n全年公开\x7f信息\u2028120条。\n", encoding="utf-8"
    )
    rc, text = _run(["import", str(src)], capsys)
    assert rc in (0, 1), text
    assert "内部错误" not in text
    written = yaml.safe_load((tmp_path / "copy.yaml").read_text(encoding="utf-8"))
    assert written["正文"]["总体情况"] == "全年公开\x7f信息\u2028120条。"


@pytest.mark.parametrize(
    "command, name, said, todo",
    [
        ("build", "report.html", "是已发布的报告", "giar-gen import report.html"),
        ("build", "tables.xlsx", "是 Excel 工作簿，不是数据文件", "giar-gen import tables.xlsx --into"),
        ("check", "tables.xlsx", "是 Excel 工作簿，不是数据文件", "giar-gen import tables.xlsx --into"),
        ("build", "old.doc", "是旧版 Word/WPS 文件", "另存为 .docx"),
        ("check", "old.xls", "是旧版 Excel/WPS 表格", "另存为 .xlsx"),
    ],
)
def test_a_file_that_is_not_a_data_file_says_what_to_do(tmp_path, capsys, command, name, said, todo):
    # build of a saved page gave a YAML syntax error at its CSS; check of a workbook said "not UTF-8"
    src = tmp_path / name
    src.write_bytes(b"PK\x03\x04 not really" if "xls" in name else b"<html><body>x</body></html>")
    extra = ["-o", str(tmp_path / "out")] if command == "build" else []
    rc, text = _run([command, str(src), *extra], capsys)
    assert rc == 2, text
    assert said in text and todo in text, text
    assert "UTF-8" not in text and "YAML 格式错误" not in text
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
