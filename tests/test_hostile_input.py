"""Hostile and broken data files (issue 11, items 1, 3, 4, 10, 11): every one gives a
located Chinese message and exit 2, echoes no secret and no huge value, and takes
linear time. Each test writes the inputs of one reproduction of ../shared/repro/."""

from __future__ import annotations

import os
import time

import pytest

from giar_gen.cli import main
from giar_gen.limits import EXCERPT_CHARS, MAX_FINDINGS_SHOWN


def _run(argv, capsys) -> tuple[int, str]:
    rc = main([str(a) for a in argv])
    cap = capsys.readouterr()
    return rc, cap.out + cap.err


def _variant(example_yaml, folder, old: str, new: str, name: str = "data.yaml"):
    text = example_yaml.read_text(encoding="utf-8")
    assert old in text, old
    path = folder / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _no_leak(text: str) -> None:
    assert "Traceback" not in text and "内部错误" not in text


# ---------------------------------------------------------------------------
# 1. 版式 names a file outside the data file's folder, or a huge one


@pytest.mark.parametrize("spec", ["/proc/self/environ", "../../../../../../../etc/passwd", "/etc/hostname"])
def test_layout_outside_the_folder_is_not_read(example_yaml, tmp_path, capsys, monkeypatch, spec):
    monkeypatch.setenv("GIAR_SECRET_TOKEN", "s3cr3t-value-42")
    path = _variant(example_yaml, tmp_path, "报告年度: 2023\n", f"报告年度: 2023\n版式: {spec}\n")
    rc, text = _run(["check", path], capsys)
    assert rc == 2
    _no_leak(text)
    assert "Y009" in text and "不在数据文件所在的文件夹中" in text and f"{path}:4:" in text
    assert "s3cr3t-value-42" not in text and "root:" not in text and "PATH=" not in text


def test_layout_quoted_key_outside_folder_refused(example_yaml, tmp_path, capsys):
    path = _variant(example_yaml, tmp_path, "报告年度: 2023\n", '报告年度: 2023\n"版式": "/etc/passwd"\n')
    rc, text = _run(["check", path], capsys)
    assert rc == 2 and "不在数据文件所在的文件夹中" in text and "root:" not in text


def test_layout_symlink_leading_outside_refused(example_yaml, tmp_path, capsys):
    (tmp_path / "lay.yaml").symlink_to("/etc/passwd")
    path = _variant(example_yaml, tmp_path, "报告年度: 2023\n", "报告年度: 2023\n版式: lay.yaml\n")
    rc, text = _run(["check", path], capsys)
    assert rc == 2 and "不在数据文件所在的文件夹中" in text and "root:" not in text


def test_huge_layout_file_refused_without_reading(example_yaml, tmp_path, capsys):
    big = tmp_path / "big.bin"
    with open(big, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB of NULs
    path = _variant(example_yaml, tmp_path, "报告年度: 2023\n", "报告年度: 2023\n版式: big.bin\n")
    rc, text = _run(["check", path], capsys)
    assert rc == 2 and "超过上限" in text and "Y009" in text
    assert len(text) < 3000


def test_layout_file_errors_quote_short_excerpts(example_yaml, tmp_path, capsys):
    (tmp_path / "lay.yaml").write_text("基于: 五部分\n部分: [" + "x" * 100_000 + "\n", encoding="utf-8")
    path = _variant(example_yaml, tmp_path, "报告年度: 2023\n", "报告年度: 2023\n版式: lay.yaml\n")
    rc, text = _run(["check", path], capsys)
    assert rc == 2
    _no_leak(text)
    assert max(len(line) for line in text.splitlines()) < 700


# ---------------------------------------------------------------------------
# 3. YAML 1.1 numbers


@pytest.mark.parametrize("value", ["017", "0o17", "0x1F", "0b11", "1:30", "1_000", '"017"', "00"])
def test_yaml11_numbers_are_located_errors(example_yaml, tmp_path, capsys, value):
    path = _variant(example_yaml, tmp_path, "  行政许可: 2846", f"  行政许可: {value}")
    for argv in (["check", path], ["build", path, "-o", tmp_path / "out", "-f", "html"]):
        rc, text = _run(argv, capsys)
        assert rc == 2, text
        assert f"{path}:41:9" in text and "[Y003]" in text and "十进制阿拉伯数字" in text
    assert not (tmp_path / "out").exists()


def test_decimal_numbers_still_read(example_yaml, tmp_path):
    from giar_gen.source.loader import load_report

    path = _variant(example_yaml, tmp_path, "  行政许可: 2846", "  行政许可: 0")
    assert load_report(path).tables["proactive"].value("licensing", "decisions") == 0


def test_yes_is_text_not_true(example_yaml, tmp_path, capsys):
    path = _variant(example_yaml, tmp_path, "  行政许可: 2846", "  行政许可: yes")
    rc, text = _run(["check", path], capsys)
    assert rc == 2 and "「yes」" in text and "True" not in text


# ---------------------------------------------------------------------------
# 4. duplicate tables and rows


def test_english_and_chinese_key_of_one_table(example_yaml, tmp_path, capsys):
    text = example_yaml.read_text(encoding="utf-8") + "proactive:\n  行政许可: 7\n"
    path = tmp_path / "data.yaml"
    path.write_text(text, encoding="utf-8")
    line = text.count("\n") - 1
    rc, out = _run(["check", path], capsys)
    assert rc == 2 and f"{path}:{line}:1: 错误 [Y006]" in out and "同一张表格" in out


def test_short_and_full_row_label(example_yaml, tmp_path, capsys):
    path = _variant(
        example_yaml,
        tmp_path,
        "  本年新收: [86, 9, 1, 0, 3, 2]\n",
        "  本年新收: [86, 9, 1, 0, 3, 2]\n  一、本年新收政府信息公开申请数量: [1, 9, 1, 0, 3, 2]\n",
    )
    rc, out = _run(["check", path], capsys)
    assert rc == 2 and "[Y006]" in out and out.count("[Y006]") == 1 and "同一行" in out
    assert f"{path}:50:3" in out


# ---------------------------------------------------------------------------
# 10. crashes


def test_date_in_number_cell(example_yaml, tmp_path, capsys):
    path = _variant(example_yaml, tmp_path, "  本年新收: [86, 9,", "  本年新收: [86, 2023-01-01,")
    rc, out = _run(["check", path], capsys)
    assert rc == 2 and f"{path}:49:" in out and "日期「2023-01-01」" in out
    _no_leak(out)
    assert "datetime" not in out


def test_ten_thousand_digit_hex(example_yaml, tmp_path, capsys):
    path = _variant(example_yaml, tmp_path, "  行政许可: 2846", "  行政许可: 0x" + "f" * 10_000)
    rc, out = _run(["check", path], capsys)
    assert rc == 2 and f"{path}:41:9" in out and "[Y003]" in out
    _no_leak(out)
    assert len(out) < 3000


def test_ten_thousand_digit_decimal(example_yaml, tmp_path, capsys):
    path = _variant(example_yaml, tmp_path, "  行政许可: 2846", "  行政许可: " + "9" * 10_000)
    rc, out = _run(["check", path], capsys)
    assert rc == 2 and f"{path}:41:" in out
    _no_leak(out)


# ---------------------------------------------------------------------------
# 11. exhaustion


def test_large_value_is_not_echoed(example_yaml, tmp_path, capsys):
    path = _variant(example_yaml, tmp_path, "  行政许可: 2846", '  行政许可: "' + "a" * 900_000 + '"')
    rc, out = _run(["check", path], capsys)
    assert rc == 2 and f"{path}:41:9" in out
    assert len(out) < 5000
    assert "a" * (EXCERPT_CHARS + 1) not in out


def test_long_paragraph_refused_with_limit(example_yaml, tmp_path, capsys):
    path = _variant(
        example_yaml,
        tmp_path,
        "  存在的主要问题及改进情况: |\n",
        "  存在的主要问题及改进情况: |\n    " + "工作" * 10_000 + "\n",
    )
    rc, out = _run(["build", path, "-f", "docx", "-o", tmp_path / "out"], capsys)
    assert rc == 2 and "[Y011]" in out and "超过上限" in out
    assert not (tmp_path / "out").exists()


def test_data_file_over_size_limit(example_yaml, tmp_path, capsys):
    path = _variant(example_yaml, tmp_path, "报告年度: 2023\n", "报告年度: 2023\n" + "# 注释\n" * 800_000)
    rc, out = _run(["check", path], capsys)
    assert rc == 2 and "超过上限" in out and "[Y000]" in out


def test_many_findings_linear_and_capped(example_yaml, tmp_path, capsys):
    """1,900 sub-headings (a warning each): the line table is computed once, the list is cut."""
    heads = "".join(f"    （一）小标题{i}。内容。\n" for i in range(1900))
    path = _variant(
        example_yaml, tmp_path, "  存在的主要问题及改进情况: |\n", "  存在的主要问题及改进情况: |\n" + heads
    )
    start = time.perf_counter()
    rc, out = _run(["check", path], capsys)
    elapsed = time.perf_counter() - start
    assert rc in (0, 1) and elapsed < 20, elapsed
    shown = sum(1 for line in out.splitlines() if line.startswith(str(path)) and "[" in line)
    assert shown == MAX_FINDINGS_SHOWN and "另有" in out


# ---------------------------------------------------------------------------
# FIFO and /dev/zero


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
@pytest.mark.parametrize("command", ["check", "fix", "import", "init", "fonts", "build"])
def test_fifo_and_devzero_are_refused(tmp_path, capsys, command):
    fifo = tmp_path / ("p.txt" if command == "import" else "p.yaml")
    os.mkfifo(fifo)
    zero = tmp_path / "z.txt"
    zero.symlink_to("/dev/zero")
    for src in (fifo, zero):
        argv = {
            "check": ["check", src],
            "fix": ["fix", src],
            "import": ["import", src, "-o", tmp_path / "o.yaml"],
            "init": ["init", tmp_path / "o.yaml", "--from", src],
            "fonts": ["fonts", src],
            "build": ["build", src, "-f", "html"],
        }[command]
        start = time.perf_counter()
        rc, out = _run(argv, capsys)
        assert rc == 2, (command, src, out)
        assert time.perf_counter() - start < 10
        _no_leak(out)
        assert "不是普通文件" in out or "不是文件" in out, out
    assert not (tmp_path / "o.yaml").exists()


# ---------------------------------------------------------------------------
# 2. CSV formula injection; 10. aggregate overflow


@pytest.mark.parametrize("name", ['=HYPERLINK("http://127.0.0.1/x","示例局")', "+1+1", "-1+1", "@SUM(A1)", "=1+1"])
def test_csv_cells_are_never_formulas(example_yaml, tmp_path, capsys, name):
    import csv
    import io
    import json

    quoted = json.dumps(name, ensure_ascii=False)
    path = _variant(example_yaml, tmp_path, "  名称: 示例市示例区市场监督管理局", f"  名称: {quoted}")
    rc, out = _run(["build", path, "-f", "csv,json", "-o", tmp_path / "out"], capsys)
    assert rc == 0, out
    rows = list(csv.reader(io.StringIO((tmp_path / "out" / "data.csv").read_text(encoding="utf-8-sig"))))
    assert rows[1][1] == "'" + name
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
        assert row[5] == "" or row[5].replace(".", "").isdigit()  # figures stay numbers
    data = json.loads((tmp_path / "out" / "data.json").read_text(encoding="utf-8"))
    assert data["机关"] == name  # the JSON keeps the name as written


def test_aggregate_overflow_names_the_units(example_yaml, tmp_path, capsys):
    units = tmp_path / "u"
    units.mkdir()
    for n in ("a", "b"):
        path = _variant(example_yaml, units, "  行政许可: 2846", "  行政许可: 999999999999", f"{n}.yaml")
        path.write_text(
            path.read_text(encoding="utf-8").replace("示例区市场监督管理局", f"示例区{n}局"), encoding="utf-8"
        )
    rc, out = _run(["aggregate", units, "-o", tmp_path / "sum.yaml", "--name", "汇总"], capsys)
    assert rc == 2
    _no_leak(out)
    assert f"{units / 'a.yaml'}:41:9" in out and f"{units / 'b.yaml'}:41:9" in out and "sum.yaml:" not in out
    assert not (tmp_path / "sum.yaml").exists()


# ---------------------------------------------------------------------------
# published reports: damaged .docx, zip bombs, huge texts


def _docx_with(tmp_path, name: str, mutate) -> os.PathLike:
    import io
    import zipfile

    from docx import Document

    doc = Document()
    doc.add_paragraph("一、总体情况")
    table = doc.add_table(rows=2, cols=3)
    for row in table.rows:
        for cell in row.cells:
            cell.text = "1"
    buf = io.BytesIO()
    doc.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = mutate(data)
            out.writestr(item, data)
        if name.startswith("bomb"):
            with out.open("word/media/zero.bin", "w", force_zip64=True) as f:
                chunk = b"\0" * (1024 * 1024)
                for _ in range(110):
                    f.write(chunk)
    return path


@pytest.mark.parametrize(
    "tag", [b'<w:gridSpan w:val="abc"/>', b'<w:gridSpan w:val="999999999"/>', b'<w:gridBefore w:val="-5x"/>']
)
def test_docx_damaged_grid_span(tmp_path, capsys, tag):
    path = _docx_with(tmp_path, "g.docx", lambda xml: xml.replace(b"<w:tcW ", tag + b"<w:tcW ", 1))
    for argv in (["check", path], ["import", path, "-o", tmp_path / "g.yaml"]):
        rc, out = _run(argv, capsys)
        assert rc in (0, 1, 2), out
        _no_leak(out)


def test_docx_zip_bomb_refused_before_inflating(tmp_path, capsys):
    import resource

    path = _docx_with(tmp_path, "bomb.docx", lambda xml: xml)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    rc, out = _run(["import", path, "-o", tmp_path / "b.yaml"], capsys)
    assert rc == 2 and "压缩炸弹" in out and time.perf_counter() - start < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KB: nothing inflated
    assert not (tmp_path / "b.yaml").exists()


@pytest.mark.parametrize("line, count", [("|" * 1000, 2_000), ("|" * 50, 40_000)])
def test_text_of_pipes_refused_quickly(tmp_path, capsys, line, count):
    path = tmp_path / "pipes.txt"
    path.write_text((line + "\n") * count, encoding="utf-8")
    start = time.perf_counter()
    rc, out = _run(["import", path, "-o", tmp_path / "p.yaml"], capsys)
    assert rc == 2 and "超过一份报告的上限" in out, out[:500]
    assert time.perf_counter() - start < 15
    assert not (tmp_path / "p.yaml").exists()


def test_key_that_is_an_impossible_date(example_yaml, tmp_path, capsys):
    """Found by scripts/fuzz.py: a key 2024-02-30 crashed the YAML reader (exit 3)."""
    path = _variant(example_yaml, tmp_path, "机关:\n", "2024-02-30:\n")
    for argv in (["check", path], ["check", "--format", "json", path]):
        rc, out = _run(argv, capsys)
        assert rc == 2 and "2024-02-30" in out
        _no_leak(out)


def test_second_reference_error_located_on_its_own_line(example_yaml, tmp_path, capsys):
    """A single-quoted paragraph over several lines, an escaped quote before the second {错}."""
    text = example_yaml.read_text(encoding="utf-8")
    start = text.index("  存在的主要问题及改进情况: |\n")
    end = text.index("  其他需要报告的事项: |\n")
    path = tmp_path / "data.yaml"
    path.write_text(
        text[:start] + "  存在的主要问题及改进情况: '甲{错}\n\n    它''甲{错}'\n" + text[end:], encoding="utf-8"
    )
    rc, out = _run(["check", path], capsys)
    lines = [ln for ln in out.splitlines() if "[R01]" in ln]
    assert rc in (1, 2) and len(lines) == 2
    assert lines[0].startswith(f"{path}:29:19") and lines[1].startswith(f"{path}:31:9")


# ---------------------------------------------------------------------------
# 12. messages in Chinese, without Python values


@pytest.mark.parametrize(
    "old, new, expected, line",
    [
        ("发布日期: 2024-01-26\n", "发布日期: 2024-01-26\n落款: 随便\n", "应填写是或否", 9),
        ("报告年度: 2023\n", '报告年度: 2023\n标题: "\\x4"\n', "转义不完整", 4),
        ("  总体情况: |\n", "  2023-01-01: 文字\n  总体情况: |\n", "键「2023-01-01」", 17),
        ("  类型: 部门", "  类型: 017", "只能填写", 6),
    ],
)
def test_messages_are_chinese_without_python_values(example_yaml, tmp_path, capsys, old, new, expected, line):
    import re

    path = _variant(example_yaml, tmp_path, old, new)
    rc, out = _run(["check", path], capsys)
    assert rc == 2 and expected in out and f"{path}:" in out, out
    _no_leak(out)
    for bad in ("Input should", "expected escape", "datetime", "None", "True", "[key]"):
        assert bad not in out, (bad, out)
    assert re.search(rf"{re.escape(str(path))}:{line}:\d+: 错误", out), out


@pytest.mark.parametrize("body", ["    " + "一" * 350_000 + "\n", "".join(f"    第{i}段。\n" for i in range(100_000))])
def test_pdf_of_huge_text_refused_quickly(example_yaml, tmp_path, capsys, body):
    path = _variant(example_yaml, tmp_path, "  存在的主要问题及改进情况: |\n", "  存在的主要问题及改进情况: |\n" + body)
    start = time.perf_counter()
    rc, out = _run(["build", path, "-f", "pdf", "-o", tmp_path / "out", "--no-cache"], capsys)
    assert rc == 2 and "上限" in out and time.perf_counter() - start < 20
    assert not (tmp_path / "out").exists()


def test_null_and_true_keys_in_a_table(example_yaml, tmp_path, capsys):
    """Found by scripts/fuzz.py: a row key ~ was shown as 「None」."""
    path = _variant(
        example_yaml,
        tmp_path,
        "  本年新收: [86, 9, 1, 0, 3, 2]\n",
        "  本年新收: [86, 9, 1, 0, 3, 2]\n  ~: [1, 2]\n  true: 3\n",
    )
    rc, out = _run(["check", path], capsys)
    assert rc == 2 and f"{path}:50:3" in out and f"{path}:51:3" in out and "「空（~）」" in out and "「true」" in out
    assert "None" not in out and "True" not in out and "[2]" not in out


def test_import_of_text_with_question_marks_in_table_cells(tmp_path, capsys):
    """Found by scripts/fuzz.py: a cell "（一）?x" was written into a flow list unquoted (exit 3)."""
    path = tmp_path / "r.txt"
    path.write_text("一、总体情况\n正文。\n项目 | （一）?甲 | 0合计\n行 | 1 | 2\n", encoding="utf-8")
    rc, out = _run(["import", path, "-o", tmp_path / "r.yaml"], capsys)
    assert rc in (0, 1), out
    _no_leak(out)
