"""汇总: the summary's figures are the column sums, and nothing else is added up."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from unitgen import write_units

from giar_gen.batch.aggregate import BEGIN, END, aggregate, reconciliation_path
from giar_gen.cli import main
from giar_gen.model.tables import edition
from giar_gen.source.loader import load_report, load_report_text

TEXTS = {
    "（请在此填写）总体情况。": "2023年，示例县认真贯彻落实《中华人民共和国政府信息公开条例》。"
    "全县共收到政府信息公开申请{申请办理情况.本年新收}件。\n"
    "    （一）监督保障\n"
    "    将政府信息公开工作纳入年度绩效考核，开展社会评议，全年未发生责任追究情形。",
    "（请在此填写）存在的主要问题及改进情况。": "部分单位政策解读形式较为单一。下一步将加强培训，提升公开质量。",
    "（请在此填写）其他需要报告的事项。": "依据《政府信息公开信息处理费管理办法》，本年度全县未收取信息处理费。",
    "××县人民政府": "示例县人民政府",  # the placeholder name aggregate writes (P-PLACEHOLDER, an error)
}


def write_texts(summary: Path) -> None:
    """What the county office writes into the summary before publishing it."""
    text = summary.read_text(encoding="utf-8")
    for old, new in TEXTS.items():
        assert old in text or old.startswith("××")  # the name may have been given with --name
        text = text.replace(old, new)
    summary.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """Twelve units (each passing giar-gen check) and their summary, texts written."""
    tmp = tmp_path_factory.mktemp("county")
    paths = write_units(tmp / "单位", 12, seed=11)
    summary = tmp / "县汇总.yaml"
    assert main(["aggregate", str(tmp / "单位"), "-o", str(summary), "--name", "示例县人民政府"]) == 0
    write_texts(summary)
    return {"tmp": tmp, "units": paths, "summary": summary}


def test_check_passes_on_the_summary_when_every_unit_passes(county, capsys):
    assert main(["check", *map(str, county["units"])]) == 0
    capsys.readouterr()
    assert main(["check", "--strict", str(county["summary"])]) == 0
    assert "未发现问题" in capsys.readouterr().out


def test_every_figure_is_the_sum_of_the_units(county):
    units = [load_report(p) for p in county["units"]]
    summary = load_report(county["summary"])
    assert summary.data.agency.name == "示例县人民政府" and summary.data.agency.kind == "人民政府"
    assert summary.year == 2023 and summary.edition.id == "2021"
    checked = 0
    for t in summary.edition.tables:
        for row, col in t.cells():  # totals included: computed from the summed parts
            want = sum(u.tables[t.id].value(row.id, col.id) for u in units)
            assert summary.tables[t.id].value(row.id, col.id) == want, (t.key, row.printed, col.printed)
            checked += 1
    assert checked >= 190
    # the printed identity of table 三 holds for the sum, per column
    apps = summary.tables["applications"]
    for col in apps.table.columns:
        assert apps.value("new_received", col.id) + apps.value("carried_over", col.id) == apps.value(
            "results.total", col.id
        ) + apps.value("carried_forward", col.id)


def test_reconciliation_table_shows_each_units_contribution(county):
    path = reconciliation_path(county["summary"])
    assert path.name == "县汇总-对账表.csv"
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode())  # Excel reads the UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, files, body = rows[0], rows[1], rows[2:]
    units = [load_report(p) for p in county["units"]]
    assert header[9:] == [u.data.agency.name for u in units]
    assert files[9:] == [str(p) for p in county["units"]]
    ed = edition("2021")
    assert len(body) == sum(1 for t in ed.tables for _ in t.cells())
    for r in body:
        table_id, row_id, col_id, additive, total, column_sum = r[3], r[4], r[5], r[6], r[7], r[8]
        contributions = [Decimal(v) for v in r[9:]]
        assert Decimal(total) == Decimal(column_sum) == sum(contributions)
        for u, v in zip(units, contributions):
            assert u.tables[table_id].value(row_id, col_id) == v
        assert additive in ("是", "合计")
    labels = {(r[1], r[2]) for r in body}
    t3 = ed.table("applications")
    assert (t3.row("results.total").printed, t3.column("total").printed) in labels


def test_summary_builds_and_its_open_data_equals_the_sums(county, tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(county["summary"]), "-o", str(out), "-f", "html,json", "--rebuild"]) == 0
    html = (out / "县汇总.html").read_text(encoding="utf-8")
    assert "全县共收到政府信息公开申请" in html and "{申请办理情况" not in html
    data = json.loads((out / "县汇总.json").read_text(encoding="utf-8"))
    embedded = json.loads(re.search(r'id="giar-gen-data">(.*?)</script>', html, re.S).group(1))
    assert embedded == data
    units = [load_report(p) for p in county["units"]]
    cells = {(c["row"], c["column"]): c["值"] for c in data["表格"]["申请办理情况"]}
    assert cells[("new_received", "total")] == sum(
        u.tables["applications"].value("new_received", "total") for u in units
    )
    assert "示例县人民政府2023年政府信息公开工作年度报告" in html


def test_running_again_keeps_the_texts_and_updates_the_figures(county, tmp_path):
    units_dir = tmp_path / "单位"
    paths = write_units(units_dir, 3, seed=2)
    summary = tmp_path / "汇总.yaml"
    assert main(["aggregate", str(units_dir), "-o", str(summary)]) == 0
    text = summary.read_text(encoding="utf-8").replace("（请在此填写）总体情况。", "全县政府信息公开工作稳步推进。")
    summary.write_text(text, encoding="utf-8")
    before = load_report(summary).tables["applications"].value("new_received", "natural_person")
    # a unit corrects a figure; the summary lies among the units: it is not counted
    p = paths[0]
    unit_text = p.read_text(encoding="utf-8")
    first = load_report(p).tables["applications"].value("new_received", "natural_person")
    unit_text = re.sub(r"(本年新收:\n  - )(\d+)", lambda m: m.group(1) + str(int(m.group(2)) + 5), unit_text, count=1)
    p.write_text(unit_text, encoding="utf-8")
    assert load_report(p).tables["applications"].value("new_received", "natural_person") == first + 5
    moved = units_dir / "汇总.yaml"
    summary.rename(moved)
    assert main(["aggregate", str(units_dir), "-o", str(moved)]) == 0
    again = load_report(moved)
    assert again.part_text("总体情况").strip() == "全县政府信息公开工作稳步推进。"
    assert again.tables["applications"].value("new_received", "natural_person") == before + 5
    assert moved.read_text(encoding="utf-8").count(BEGIN) == 1


def test_refuses_to_overwrite_a_file_it_did_not_write(tmp_path, capsys):
    paths = write_units(tmp_path / "u", 2)
    target = tmp_path / "mine.yaml"
    target.write_text("报告年度: 2023\n", encoding="utf-8")
    assert main(["aggregate", str(tmp_path / "u"), "-o", str(target)]) == 2
    assert "未覆盖" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "报告年度: 2023\n"
    assert main(["aggregate", *map(str, paths), "-o", str(target), "--force"]) == 0
    assert END in target.read_text(encoding="utf-8")


def test_refuses_to_mix_years_or_editions_or_count_a_unit_twice(tmp_path, capsys):
    a = write_units(tmp_path / "a", 2, seed=1, year=2023)
    b = write_units(tmp_path / "b", 1, seed=2, year=2022)
    assert main(["aggregate", *map(str, a + b), "-o", str(tmp_path / "s.yaml")]) == 2
    err = capsys.readouterr().err
    assert "不同年度" in err and "2022年度 1 个" in err and "2023年度 2 个" in err
    assert not (tmp_path / "s.yaml").exists()

    # same year, but one unit filled in the other table edition
    c = tmp_path / "c.yaml"
    c.write_text(
        UNIT_2019.format(name="示例县第九局", amount="0").replace("报告年度: 2020", "报告年度: 2023\n表格版本: '2019'"),
        encoding="utf-8",
    )
    assert load_report(c).edition.id == "2019"
    assert main(["aggregate", str(a[1]), str(c), "-o", str(tmp_path / "s.yaml")]) == 2
    err = capsys.readouterr().err
    assert "不同表格版本" in err and "表格版本 2019 1 个（c.yaml）" in err

    dup = tmp_path / "dup.yaml"
    dup.write_bytes(a[0].read_bytes())
    assert main(["aggregate", str(a[0]), str(dup), "-o", str(tmp_path / "s.yaml")]) == 2
    assert "出现了两次" in capsys.readouterr().err


def test_units_failing_check_are_named(tmp_path, capsys):
    paths = write_units(tmp_path / "u", 3, seed=4)
    data = yaml.safe_load(paths[2].read_text(encoding="utf-8"))
    data["申请办理情况"]["本年新收"].append(999)  # a 总计 that does not add up
    paths[2].write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert main(["aggregate", str(tmp_path / "u"), "-o", str(tmp_path / "s.yaml")]) == 0
    err = capsys.readouterr().err
    assert "1 个单位没有通过 giar-gen check" in err and str(paths[2]) in err and str(paths[0]) not in err


def test_a_blank_cell_stays_blank_in_the_summary(tmp_path, capsys):
    paths = write_units(tmp_path / "u", 3, seed=4)
    text = paths[1].read_text(encoding="utf-8")
    text = re.sub(r"(行政许可: )\d+", r"\1~", text, count=1)
    paths[1].write_text(text, encoding="utf-8")
    assert main(["aggregate", str(tmp_path / "u"), "-o", str(tmp_path / "s.yaml")]) == 0
    err = capsys.readouterr().err
    assert "没有填写" in err and str(paths[1]) in err
    summary = load_report(tmp_path / "s.yaml")
    assert summary.tables["proactive"].value("licensing", "decisions") is None  # unknown, never a partial sum
    assert summary.tables["proactive"].value("penalties", "decisions") is not None


UNIT_2019 = """\
报告年度: 2020
机关: {{名称: {name}, 类型: 部门, 层级: 县级}}
发布日期: 2021-01-20
主动公开情况:
  规章: [0, 0, 0]
  规范性文件: [1, 1, 5]
  行政许可: [10, 1, 300]
  其他对外管理服务事项: [4, 0, 20]
  行政处罚: [2, 0, 30]
  行政强制: [1, 0, 3]
  行政事业性收费: [2, -1]
  政府集中采购: [3, {amount}]
"""


def _units_2019(folder: Path, amounts) -> list[Path]:
    folder.mkdir()
    out = []
    for i, amount in enumerate(amounts):
        p = folder / f"u{i}.yaml"
        p.write_text(UNIT_2019.format(name=f"示例县第{i + 1}局", amount=amount), encoding="utf-8")
        out.append(p)
    return out


def test_a_column_marked_not_additive_is_not_added_up(tmp_path, capsys):
    ed = edition("2019")
    not_additive = [c for t in ed.tables for c in t.columns if not c.additive]
    assert [c.key for c in not_additive] == ["采购总金额"]  # the decision lives in templates/tables/2019.yaml
    assert all(c.additive for t in edition("2021").tables for c in t.columns)

    units = [load_report(p) for p in _units_2019(tmp_path / "a", ["251000", "12.5"])]
    agg = aggregate(units)
    pro = agg.tables["proactive"]
    assert pro.entered[("central_procurement", "purchase_amount")] is None
    assert pro.entered[("central_procurement", "purchase_items")] == 6
    assert pro.entered[("admin_fees", "change")] == -2  # 本年增/减 adds up, negative included
    assert pro.entered[("licensing", "previous_items")] == 20  # 上一年项目数量 of different units adds up
    assert any("不可相加" in n for n in agg.notes)
    assert main(["aggregate", str(tmp_path / "a"), "-o", str(tmp_path / "s.yaml")]) == 0
    assert "不可相加" in capsys.readouterr().err
    rows = list(csv.reader(io.StringIO(reconciliation_path(tmp_path / "s.yaml").read_text(encoding="utf-8-sig"))))
    row = next(r for r in rows if r[4] == "central_procurement" and r[5] == "purchase_amount")
    assert row[6] == "否" and row[7] == "" and row[8] == "" and row[9:] == ["251000", "12.5"]

    zeros = [load_report(p) for p in _units_2019(tmp_path / "b", ["0", "0"])]
    assert aggregate(zeros).tables["proactive"].entered[("central_procurement", "purchase_amount")] == 0


def test_new_summary_needs_its_texts_before_it_builds(tmp_path, capsys):
    paths = write_units(tmp_path / "u", 3, seed=8)
    summary = tmp_path / "s.yaml"
    assert main(["aggregate", str(tmp_path / "u"), "-o", str(summary)]) == 0
    text = summary.read_text(encoding="utf-8")
    assert text.index("正文:") < text.index(BEGIN) < text.index(END)
    assert "（请在此填写）" in text  # the texts are the office's to write
    report = load_report_text(text, "x.yaml")
    assert report.data.publication_date == max(load_report(p).data.publication_date for p in paths)
    assert report.data.agency.kind == "人民政府" and report.data.agency.level == "县级"
    capsys.readouterr()
    assert main(["build", str(summary), "-o", str(tmp_path / "o"), "-f", "html"]) == 1  # placeholders
    assert "未生成报告" in capsys.readouterr().err
    write_texts(summary)
    assert main(["build", str(summary), "-o", str(tmp_path / "o"), "-f", "html"]) == 0
