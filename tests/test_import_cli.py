"""``giar-gen import`` and ``giar-gen init --from``, end to end."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from giar_gen.api import render
from giar_gen.cli import main
from giar_gen.document.compose import compose
from giar_gen.importer.carryover import draft_mark
from giar_gen.source.loader import load_report

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "2023-示例区市场监督管理局.yaml"
SEED_001 = next((REPO / "seeds").glob("001_*.txt"))
SEED_002 = next((REPO / "seeds").glob("002_*.txt"))


@pytest.fixture(scope="module")
def example_html(tmp_path_factory) -> Path:
    f = tmp_path_factory.mktemp("html") / "2023年报.html"
    f.write_bytes(render(compose(load_report(EXAMPLE)), "html"))
    return f


def test_import_writes_a_file_that_builds(tmp_path, capsys, example_html):
    out = tmp_path / "data.yaml"
    assert main(["import", str(example_html), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"已导入 {example_html} → {out}" in printed
    assert "表格“申请办理情况”：读取 175 个单元格" in printed
    assert "未对应：无" in printed
    assert "可以生成" in printed
    report = load_report(out)
    assert report.data.agency.name == "示例市示例区市场监督管理局"
    assert main(["build", str(out), "-f", "html", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "data.html").stat().st_size > 10_000


def test_import_refuses_to_overwrite(tmp_path, capsys):
    out = tmp_path / "data.yaml"
    out.write_text("keep", encoding="utf-8")
    assert main(["import", str(SEED_001), "-o", str(out)]) == 2
    assert "已存在" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep"
    assert main(["import", str(SEED_001), "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("# 由 giar-gen import 从")


def test_import_default_output_next_to_the_report(tmp_path):
    src = tmp_path / "report.txt"
    src.write_bytes(SEED_001.read_bytes())
    assert main(["import", str(src)]) == 0
    assert (tmp_path / "report.yaml").is_file()


def test_import_of_a_report_without_date_says_what_to_fill_in(tmp_path, capsys):
    out = tmp_path / "002.yaml"
    assert main(["import", str(SEED_002), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert "缺少：发布日期" in captured.out
    assert "须补全上述内容后才能生成报告" in captured.err
    assert "发布日期: ~" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name, message",
    [
        ("missing.html", "无法读取文件"),
        ("report.pdf", "不完整"),  # a PDF cut short: the reader says so, naming the file
        ("report.doc", "不认识的文件类型"),
    ],
)
def test_import_unusable_input(tmp_path, capsys, name, message):
    path = tmp_path / name
    if name.endswith(".pdf"):
        path.write_bytes(b"%PDF-1.7")
    assert main(["import", str(path), "-o", str(tmp_path / "x.yaml")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.yaml").exists()


def test_imported_file_keeps_notes_as_comments(tmp_path):
    out = tmp_path / "000.yaml"
    assert main(["import", str(next((REPO / "seeds").glob("000_*.txt"))), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    block = text[text.index("# 导入时未能对应的内容") :]
    assert "#     我们期待与您沟通,也欢迎您将此文分享" in block
    assert "#     44.jpg" in block
    assert all(line.startswith("#") for line in block.splitlines())
    data = yaml.safe_load(text)
    assert "期待与您沟通" not in str(data)  # kept as a comment, not as data


# ---------------------------------------------------------------------------
# init --from


def _init_from(tmp_path, source) -> tuple[dict, str]:
    out = tmp_path / "new.yaml"
    assert main(["init", str(out), "--from", str(source)]) == 0
    text = out.read_text(encoding="utf-8")
    return yaml.safe_load(text), text


@pytest.mark.parametrize("source", ["yaml", "html"])
def test_init_from_last_year(tmp_path, source, example_html, capsys):
    data, text = _init_from(tmp_path, EXAMPLE if source == "yaml" else example_html)
    assert data["报告年度"] == 2024
    assert data["机关"]["名称"] == "示例市示例区市场监督管理局"
    apps = data["申请办理情况"]
    assert apps["上年结转"] == [5, 2, 0, 0, 0, 1]  # last year's 结转下年度继续办理
    assert apps["本年新收"] == [None] * 6
    assert apps["结转下年度继续办理"] == [None] * 6
    assert all(
        v is None
        for rows in apps["本年度办理结果"].values()
        for row in (rows.values() if isinstance(rows, dict) else [rows])
        for v in row
    )
    t2 = data["主动公开情况"]
    assert t2["行政规范性文件"] == [None, None, 17]  # 现行有效件数 starts from last year's
    assert t2["行政许可"] is None and t2["行政事业性收费"] is None
    assert data["复议诉讼情况"] == {k: [None] * 4 for k in ("行政复议", "未经复议直接起诉", "复议后起诉")}
    for key, body in data["正文"].items():
        assert body.splitlines()[0] == draft_mark(2023, 2024), key
    assert "2023年，示例区市场监督管理局坚持" in data["正文"]["总体情况"]
    if source == "yaml":
        assert data["联系方式"]["电话"] == "020-12345678"
    assert data["发布日期"] == dt.date(2025, 1, 31)
    printed = capsys.readouterr().out
    assert "取自上年“四、结转下年度继续办理”[5, 2, 0, 0, 0, 1]" in printed
    report = load_report(tmp_path / "new.yaml")
    assert report.tables["applications"].value("carried_over", "total") == 8
    assert report.tables["applications"].value("new_received", "natural_person") is None
    assert draft_mark(2023, 2024) in compose(report).text()  # visible if built unchanged


def test_init_from_a_2019_report_carries_the_item_counts(tmp_path):
    """2019 edition → 2020: 上一年项目数量 = last year's 上一年项目数量 + 本年增/减."""
    data, _ = _init_from(tmp_path, SEED_001)
    assert data["报告年度"] == 2020
    assert data["主动公开情况"]["行政许可"] == [1, None, None]
    assert data["主动公开情况"]["其他对外管理服务事项"] == [1, None, None]
    assert data["主动公开情况"]["政府集中采购"] == [None, None]
    assert data["申请办理情况"]["上年结转"] == [0, 0, 0, 0, 0, 0]
    assert load_report(tmp_path / "new.yaml").edition.id == "2019"


def test_init_from_changes_edition_at_2021(tmp_path):
    """A 2020 report (2019 edition) starts a 2021 file in the 2021 edition:
    no 现行有效件数 to carry, but 上年结转 still carries."""
    src = tmp_path / "2020.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("报告年度: 2023", '报告年度: 2020\n表格版本: "2021"')
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "2021.yaml"
    assert main(["init", str(out), "--from", str(src)]) == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["报告年度"] == 2021
    assert data["申请办理情况"]["上年结转"] == [5, 2, 0, 0, 0, 1]
    assert data["主动公开情况"]["行政规范性文件"] == [None, None, 17]


def test_init_from_unreadable_source(tmp_path, capsys):
    assert main(["init", str(tmp_path / "n.yaml"), "--from", str(tmp_path / "nope.yaml")]) == 2
    assert "无法读取上年报告" in capsys.readouterr().err


def test_init_from_leaves_amounts_empty(tmp_path):
    src = tmp_path / "last.yaml"
    src.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("行政事业性收费: 0", "行政事业性收费: 0.35"), encoding="utf-8"
    )
    data, _ = _init_from(tmp_path, src)
    assert data["主动公开情况"]["行政事业性收费"] is None  # a figure of the new year: empty
    assert load_report(src).tables["proactive"].value("admin_fees", "fees_amount") == Decimal("0.35")


# ---------------------------------------------------------------------------
# the summary says what build will do (issue 13.2)


@pytest.mark.parametrize("seed", ["000", "001", "003", "004"])
def test_import_summary_says_what_build_will_do(tmp_path, capsys, seed):
    src = next((REPO / "seeds").glob(f"{seed}_*.txt"))
    out = tmp_path / f"{seed}.yaml"
    assert main(["import", str(src), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    built = main(["build", str(out), "-f", "html", "-o", str(tmp_path / "o")])
    err = capsys.readouterr().err
    if built == 0:
        assert f"可以生成：giar-gen build {out}" in printed
        assert "拒绝" not in printed
    else:
        assert "可以生成" not in printed
        refused = re.search(r"giar-gen build 将拒绝生成：(\d+) 个错误（(.+?)）", printed)
        assert refused, printed
        assert int(refused.group(1)) == err.count("错误 [")  # the same errors build reports
        for code in re.findall(r"[A-Z]+(?:-[A-Z0-9]+)+", refused.group(2)):
            assert f"[{code}]" in err
    if "[W-PUNCT]" in err:
        assert f"giar-gen fix {out}" in printed
    else:
        assert "giar-gen fix" not in printed


def test_missing_date_is_never_shown_as_none(tmp_path, capsys):
    out = tmp_path / "002.yaml"
    main(["import", str(SEED_002), "-o", str(out)])
    capsys.readouterr()
    assert main(["build", str(out), "-f", "html", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "「发布日期」应填写日期" in err and "不能留空" in err
    assert "None" not in err


def test_signed_date_without_day_is_flagged(tmp_path, capsys):
    out = tmp_path / "000.yaml"
    main(["import", str(next((REPO / "seeds").glob("000_*.txt"))), "-o", str(out)])
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["落款日期"] == "2013年2月15"
    capsys.readouterr()
    assert main(["check", str(out)]) == 1
    assert "[D-SIGNED] 落款日期：落款日期「2013年2月15」没有写全年、月、日" in capsys.readouterr().out
