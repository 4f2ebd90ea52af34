"""Every seed report (text copied from government web pages) imports, and what
it says comes out right: figures cell by cell, dates, agency, parts; and
nothing of it is dropped silently."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from giar_gen.diagnostics import InputError
from giar_gen.document.compose import compose
from giar_gen.importer.core import import_file
from giar_gen.importer.metadata import _PART_HEADING, parse_date_line
from giar_gen.importer.normalise import normalise_document
from giar_gen.readers import TextBlock, read_document
from giar_gen.source.loader import load_report_text
from giar_gen.source.yamlwrite import imported_yaml

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "seeds").glob("*.txt"))


def seed(prefix: str) -> Path:
    return next(p for p in SEEDS if p.name.startswith(prefix))


@pytest.fixture(scope="module")
def imported():
    out = {}
    for path in SEEDS:
        imp = import_file(path)
        text = imported_yaml(imp)
        try:
            report = load_report_text(text, str(path.with_suffix(".yaml")), base_dir=path.parent)
            error = None
        except InputError as exc:
            report, error = None, exc
        out[path.name[:3]] = (imp, text, report, error)
    return out


def test_there_are_seeds():
    assert len(SEEDS) >= 5


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_seed_imports_and_loads(path, imported):
    imp, text, report, error = imported[path.name[:3]]
    if path.name.startswith("002"):
        # seed 002 has neither a publication date nor a signature date: the
        # file says so and does not build until the date is filled in
        assert imp.missing == ["发布日期"]
        assert "发布日期: ~" in text
        assert [d.field for d in error.diagnostics] == ["发布日期"]
        fixed = text.replace("发布日期: ~", "发布日期: 2014-01-20")
        report = load_report_text(fixed, "002.yaml")
        assert report.year == 2013
    else:
        assert error is None, error
        assert report is not None


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_nothing_is_dropped_silently(path, imported):
    """Every line of the report is in the data, the printed report, or the
    notes kept in the YAML file."""
    imp, text, report, _ = imported[path.name[:3]]
    corpus = text + "\n".join(n.message for n in imp.notes)
    if report is not None:
        corpus += compose(report).text()
    corpus = re.sub(r"\s+", "", corpus)
    raw = read_document(path)
    normalise_document(raw)
    for b in raw.blocks:
        if not isinstance(b, TextBlock):
            continue
        d = parse_date_line(b.text)
        if d is not None:
            assert d.isoformat() in corpus or f"{d.year}年{d.month}月{d.day}日" in corpus, b.text
            continue
        m = _PART_HEADING.match(b.text)
        wanted = m.group(2) if m else b.text
        assert re.sub(r"\s+", "", wanted) in corpus, f"第 {b.pos[0]} 行未见于导入结果：{b.text}"


# ---------------------------------------------------------------------------
# seed 001: 柳北区人力资源和社会保障局 2019 (traditional characters, 2019 tables)


SEED_001_TABLE_2 = {
    # row id: {column id: value}, read off the seed
    "rules": {"newly_made": 0, "newly_published": 0, "published_total": 0},
    "normative_documents": {"newly_made": 0, "newly_published": 0, "published_total": 0},
    "licensing": {"previous_items": 1, "change": 0, "decisions": 11},
    "other_services": {"previous_items": 1, "change": 0, "decisions": 2},
    "penalties": {"previous_items": 0, "change": 0, "decisions": 0},
    "enforcement": {"previous_items": 0, "change": 0, "decisions": 0},
    "admin_fees": {"previous_items": 0, "change": 0},
    "central_procurement": {"purchase_items": 0, "purchase_amount": 0},
}


def test_seed_001_metadata(imported):
    imp, _text, report, _ = imported["001"]
    assert report.year == 2019
    assert report.edition.id == "2019"
    assert report.layout.id == "five-part"
    assert report.data.agency.name == "柳北区人力资源和社会保障局"  # t2s, pinyin "(qū)" removed
    assert report.data.publication_date == dt.date(2020, 1, 16)
    assert report.signature == "柳北区人力资源和社会保障局"
    assert report.title == "柳北区人力资源和社会保障局2019年政府信息公开工作年度报告"
    assert list(report.data.parts) == ["总体情况", "存在的主要问题及改进情况"]
    overall = report.data.parts["总体情况"].splitlines()
    assert overall[1] == "(一)政府信息公开工作机构和人员设置情况"
    assert "柳北区" in overall[0] and "區" not in overall[0] and "(qū)" not in overall[0]
    assert not [n for n in imp.notes if n.unmapped]


def test_seed_001_table_2_cell_by_cell(imported):
    _imp, _text, report, _ = imported["001"]
    tv = report.tables["proactive"]
    seen = {}
    for row, col in tv.table.cells():
        seen.setdefault(row.id, {})[col.id] = tv.value(row.id, col.id)
        assert tv.is_filled(row.id, col.id), tv.table.describe(row.id, col.id)
    assert seen == SEED_001_TABLE_2
    assert tv.value("licensing", "previous_items") == 1
    assert tv.value("licensing", "decisions") == 11


@pytest.mark.parametrize("table_id, cells", [("applications", 7 * 25 - 7 * 2), ("reviews", 15)])
def test_seed_001_tables_3_and_4_are_all_zero(imported, table_id, cells):
    _imp, _text, report, _ = imported["001"]
    tv = report.tables[table_id]
    n = 0
    for row, col in tv.table.cells():
        n += 1
        assert tv.value(row.id, col.id) == 0, tv.table.describe(row.id, col.id)
        if not (row.is_total or col.is_total):
            assert tv.entered[(row.id, col.id)] == 0  # printed, not computed
    assert n == cells


def test_seed_001_cells_point_into_the_seed(imported):
    """The data keeps where each cell stands in the text file."""
    from giar_gen.importer.core import report_from_published

    path = seed("001")
    report, notes = report_from_published(path)
    tv = report.tables["proactive"]
    loc = report.source.location(tv.paths[("licensing", "decisions")])
    line = path.read_text(encoding="utf-8").splitlines()[loc.line - 1]
    assert loc.file == str(path)
    assert line.startswith("行政許可") and line[loc.column - 1 :].startswith("11")


# ---------------------------------------------------------------------------
# the pre-2019 seeds: no official tables; figures in the text


@pytest.mark.parametrize(
    "prefix, year, agency, published, signed, printed, parts",
    [
        (
            "000",
            2012,
            "环翠区人力资源和社会保障局",
            dt.date(2013, 2, 15),
            None,
            "2013年2月15",
            [
                "概述",
                "政府信息公开的组织领导和制度建设情况",
                "主动公开政府信息情况",
                "政府信息公开申请的办理情况",
                "政府信息公开的收费及减免情况",
                "行政复议和行政诉讼情况",
                "政府信息公开保密审查及监督检查情况",
                "工作存在的主要问题及改进情况",
                "需要说明的事项与附表",
            ],
        ),
        (
            "002",
            2013,
            "青岛市人力资源和社会保障局",
            None,
            None,
            None,
            [
                "概述",
                "主动公开政府信息情况",
                "依申请公开政府信息情况",
                "咨询和投诉情况",
                "行政复议和行政诉讼情况",
                "工作人员和费用支出情况",
                "工作存在的主要问题及改进情况",
                "其他需要报告的事项",
                "附表",
            ],
        ),
        (
            "003",
            2008,
            "省劳动保障厅",
            dt.date(2010, 1, 6),
            dt.date(2009, 1, 15),
            "二〇〇九年一月十五日",
            [
                "建立领导和工作机构",
                "开展《条例》学习和培训",
                "推进指南和目录编制工作",
                "建立信息发布相关工作机制",
                "完善政府信息公开渠道",
                "营造实施《条例》良好氛围",
            ],
        ),
        (
            "004",
            2014,
            "湛江开发区人口和社会事务管理局",
            dt.date(2014, 12, 20),
            None,
            None,
            ["基本情况", "存在不足及改进措施", "2015年政务公开工作计划"],
        ),
    ],
)
def test_older_seeds(imported, prefix, year, agency, published, signed, printed, parts):
    """Before 2019 the nine parts were a convention: each report keeps its own
    parts, in a layout based on the nine-part one."""
    imp, _text, _report, _ = imported[prefix]
    data = imp.data
    assert data["报告年度"] == year
    assert data["机关"]["名称"] == agency
    assert data.get("发布日期") == published
    assert data.get("成文日期") == signed
    assert data.get("落款日期") == printed
    assert list(data.get("正文", {})) == parts
    assert data["版式"]["基于"] == "九部分"
    assert [e if isinstance(e, str) else e["键"] for e in data["版式"]["部分"]] == parts
    assert "主动公开情况" not in data  # no national tables before 2019
    assert not [n for n in imp.notes if n.code == "I101"]  # every part is kept as a part


def test_seed_000_details(imported):
    imp, text, report, _ = imported["000"]
    assert report.title == "环翠区人力资源和社会保障局2012年政府信息公开工作年度报告"
    assert report.data.intro.startswith("2012年,我局在区委")
    titles = [p.title for p in report.layout.parts]
    assert titles[2] == "主动公开政府信息以及公开平台建设情况"  # the report's own heading, printed as such
    assert report.layout.parts[2].key == "主动公开政府信息情况"  # matched to the nine-part layout's part
    kept = {n.text.splitlines()[0] for n in imp.notes if n.unmapped}
    assert "44.jpg" in kept  # the image placeholder is page debris, kept as a note
    assert "首页" in kept
    assert "# 导入时未能对应的内容" in text
    assert compose(report).text().count("环翠区人力资源和社会保障局") >= 2


def test_seed_002_has_no_signature(imported):
    imp, _text, _report, _ = imported["002"]
    assert imp.data["落款"] == "否"
    assert imp.data["正文"]["附表"] is None  # the heading "九、附表" alone


def test_seed_002_contact_from_the_intro(imported):
    imp, _text, _report, _ = imported["002"]
    assert imp.data["联系方式"] == {
        "单位": "青岛市人力资源和社会保障局政府信息公开领导小组办公室",
        "地址": "香港中路11号",
        "邮编": "266071",
        "电话": "85911280",
        "传真": "85911297",
    }
    unknown = [n.message for n in imp.notes if n.code == "I005"]
    assert unknown == ["联系方式中未能识别的项「金宏网址:青岛市人力资源和社会保障局」（原文仍在引言中）"]


def test_seed_003_signature_in_chinese_numerals(imported):
    imp, _text, report, _ = imported["003"]
    assert report.signature == "省劳动保障厅政务公开办公室(代)"
    assert report.signature_date == dt.date(2009, 1, 15)
    assert report.title == "省劳动保障厅08年度政府信息公开工作报告"
    assert imp.data["机关"]["层级"] == "省级"
