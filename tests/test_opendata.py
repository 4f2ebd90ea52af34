"""Open data: JSON and CSV files with the official labels, the same figures as the HTML block."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from giar_gen.api import build_file
from giar_gen.cli import main
from giar_gen.source.loader import load_report
from giar_gen.writers import DEFAULT_FORMATS, FORMATS
from giar_gen.writers.opendata import CSV_HEADER, embedded_json, figures


@pytest.fixture(scope="module")
def built(tmp_path_factory, example_yaml):
    out = tmp_path_factory.mktemp("opendata")
    result = build_file(example_yaml, out, ("html", "json", "csv"))
    return {p.suffix[1:]: p for p in result.written}


@pytest.fixture(scope="module")
def report(example_yaml):
    return load_report(example_yaml)


def test_formats():
    assert FORMATS == ("docx", "pdf", "html", "json", "csv")
    assert DEFAULT_FORMATS == ("docx", "pdf", "html")


def test_json_lists_every_cell_with_official_labels_and_values(built, report):
    data = json.loads(built["json"].read_text(encoding="utf-8"))
    assert data["报告年度"] == 2023 and data["机关"] == "示例市示例区市场监督管理局"
    assert data["表格版本"] == "2021" and data["表格版本名称"].startswith("2021年版")
    assert data["标题"] == report.title and data["发布日期"] == "2024-01-26"
    assert data["统计期限"] == {"起": "2023-01-01", "止": "2023-12-31"}
    assert data["表格标识"] == {"主动公开情况": "proactive", "申请办理情况": "applications", "复议诉讼情况": "reviews"}
    for values in report.tables.values():
        t = values.table
        cells = data["表格"][t.key]
        assert [(c["row"], c["column"]) for c in cells] == [(r.id, c.id) for r, c in t.cells()]
        for c, (row, col) in zip(cells, t.cells()):
            assert c["行"] == row.printed and c["列"] == col.printed
            v = values.value(row.id, col.id)
            assert c["值"] == v
            assert c["自动计算"] == (values.entered.get((row.id, col.id)) is None and v is not None)
    total = next(c for c in data["表格"]["申请办理情况"] if c["row"] == "new_received" and c["column"] == "total")
    assert total["值"] == 101 and total["自动计算"] is True
    assert total["行"] == "一、本年新收政府信息公开申请数量" and total["列"] == "申请人情况 / 总计"
    fee = next(c for c in data["表格"]["主动公开情况"] if c["row"] == "admin_fees")
    assert fee["单位"] == "万元"


def test_csv_is_the_same_figures_one_row_per_cell(built):
    raw = built["csv"].read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_HEADER
    data = json.loads(built["json"].read_text(encoding="utf-8"))
    expected = {(key, c["row"], c["column"]): c for key, cells in data["表格"].items() for c in cells}
    assert len(rows) - 1 == len(expected)
    for r in rows[1:]:
        rec = dict(zip(CSV_HEADER, r))
        key = rec["表格"]
        c = expected[(key, rec["行标识"], rec["列标识"])]
        assert rec["报告年度"] == "2023" and rec["机关"] == data["机关"]
        assert (rec["行"], rec["列"], rec["行标识"], rec["列标识"]) == (c["行"], c["列"], c["row"], c["column"])
        assert rec["值"] == ("" if c["值"] is None else str(c["值"]))
        assert rec["表格标识"] == data["表格标识"][key]


def test_html_embeds_exactly_the_json_file(built, report):
    html = built["html"].read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="giar-gen-data">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block) == json.loads(built["json"].read_text(encoding="utf-8")) == figures(report)


def test_embedded_json_cannot_close_the_script_element():
    text = embedded_json({"机关": "</script><!--&"})
    assert "</" not in text and "<!--" not in text and "&" not in text
    assert json.loads(text) == {"机关": "</script><!--&"}


def test_reproducible_and_from_the_command_line(tmp_path, example_yaml, built, capsys):
    assert main(["build", str(example_yaml), "-o", str(tmp_path), "-f", "json,csv"]) == 0
    assert "已生成" in capsys.readouterr().out
    assert (tmp_path / built["json"].name).read_bytes() == built["json"].read_bytes()
    assert (tmp_path / built["csv"].name).read_bytes() == built["csv"].read_bytes()
    assert main(["build", str(example_yaml), "-o", str(tmp_path), "-f", "json,xml"]) == 2
    assert "xml" in capsys.readouterr().err
