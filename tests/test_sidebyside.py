"""Two reports printed side by side (a comparison tool's PDF) told apart:
giar_gen.importer.sidebyside on documents built by hand (the real one,
corpus 04, is in tests/test_corpus.py)."""

from __future__ import annotations

from pathlib import Path

from giar_gen.importer.sidebyside import is_side_by_side, split_sides
from giar_gen.readers import RawCell, RawDocument, TableBlock, TextBlock


def _table2(column: int, rules: list[int], normative: list[int], page: int = 3) -> TableBlock:
    cells = lambda *texts: [RawCell(str(t)) for t in texts]
    return TableBlock(
        rows=[
            cells("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
            cells("规章", *rules),
            cells("行政规范性文件", *normative),
        ],
        column=column,
        page=page,
    )


def _table3_piece(column: int) -> TableBlock:
    cells = lambda *texts: [RawCell(str(t)) for t in texts]
    return TableBlock(
        rows=[
            cells("申请人情况", "自然人", "法人或其他组织", "总计"),
            cells("一、本年新收政府信息公开申请数量", 5, 1, 6),
            cells("二、上年结转政府信息公开申请数量", 0, 0, 0),
        ],
        column=column,
        page=3,
    )


def _comparison() -> RawDocument:
    return RawDocument(
        path=Path("对照.pdf"),
        format="pdf",
        blocks=[
            TextBlock("某局年报比对", column=1, page=1, hint="title"),
            TextBlock("2022年报告", column=1, page=1),
            TextBlock("2023年报告", column=2, page=1),
            TextBlock("一、总体情况（重复率：40%）", column=1, page=1),
            TextBlock("2022年，我局坚持依法推进", column=1, page=1),
            TextBlock("2023年，我局全面推进政务公开。", column=2, page=1),
            TextBlock("政务公开工作。", column=1, page=2),
            TextBlock("（一）主动公开。", column=2, page=2),
            TextBlock("二、主动公开政府信息情况(重复率: 80%)", column=0, page=3),
            _table2(1, [0, 0, 0], [3, 1, 17]),
            _table2(2, [0, 0, 0], [2, 0, 19]),
            TextBlock("主动公开数据差异-差异分析", column=0, page=4, hint="heading"),
            TableBlock(rows=[[RawCell("指标名称"), RawCell("2022年"), RawCell("2023年"), RawCell("增减值")]], page=4),
            TextBlock("数据勾稽问题清单", column=0, page=5, hint="heading"),
            TextBlock("2022年度内部勾稽关系检查 无问题", column=1, page=5),
            TextBlock("数据一致", column=2, page=5),
        ],
    )


def test_two_reports_side_by_side_are_split_by_column():
    (first, doc1), (second, doc2) = split_sides(_comparison())
    assert (first.year, first.label, second.year, second.label) == (
        2022,
        "2022年报告（左栏）",
        2023,
        "2023年报告（右栏）",
    )
    texts1 = [b.text if isinstance(b, TextBlock) else "表" for b in doc1.blocks]
    texts2 = [b.text if isinstance(b, TextBlock) else "表" for b in doc2.blocks]
    # the shared headings without the tool's verdict; the paragraph cut by the page break joined
    assert texts1 == ["一、总体情况", "2022年，我局坚持依法推进政务公开工作。", "二、主动公开政府信息情况", "表"]
    assert texts2 == [
        "一、总体情况",
        "2023年，我局全面推进政务公开。",
        "（一）主动公开。",
        "二、主动公开政府信息情况",
        "表",
    ]
    assert doc1.blocks[-1].rows[2][3].text == "17" and doc2.blocks[-1].rows[2][3].text == "19"
    chrome = [text for _, text, _ in first.chrome]
    for tool in (
        "某局年报比对",
        "（重复率：40%）",
        "(重复率: 80%)",
        "主动公开数据差异-差异分析",
        "数据勾稽问题清单",
        "2022年度内部勾稽关系检查 无问题",
        "数据一致",
    ):
        assert any(tool in c for c in chrome), tool
    assert chrome == [text for _, text, _ in second.chrome]


def test_a_full_width_table_goes_to_the_year_labelled_above_it():
    raw = _comparison()
    wide = [
        TextBlock("三、收到和处理政府信息公开申请情况", column=0, page=6),
        TextBlock("2023年报告", column=0, page=6),
        _table3_piece(0),
        TextBlock("2022年报告", column=0, page=6),
        _table3_piece(0),
    ]
    wide[2].rows[1][1].text, wide[4].rows[1][1].text = "9", "4"
    raw.blocks[11:11] = wide  # before the tool's difference table
    (first, doc1), (second, doc2) = split_sides(raw)
    t1 = [b for b in doc1.blocks if isinstance(b, TableBlock)]
    t2 = [b for b in doc2.blocks if isinstance(b, TableBlock)]
    assert [t.rows[1][1].text for t in t1[1:]] == ["4"] and [t.rows[1][1].text for t in t2[1:]] == ["9"]


def test_an_ordinary_report_is_not_split():
    # one report printing two different tables side by side is one report
    raw = RawDocument(
        path=Path("r.pdf"),
        format="pdf",
        blocks=[
            TextBlock("某局2023年政府信息公开工作年度报告", hint="title", page=1),
            _table2(1, [0, 0, 0], [3, 1, 17]),
            _table3_piece(2),
        ],
    )
    assert not is_side_by_side(raw) and split_sides(raw) is None
    # the same columns from a format without pages are never split
    raw = _comparison()
    raw.format = "html"
    assert split_sides(raw) is None


def test_the_pdf_reader_says_which_column_each_block_stands_in():
    """corpus 04 (a peer's comparison, Chrome): year labels and text in their
    columns, 表二 side by side on a page with too little else for a gutter,
    the tool's headings and 表四 across the page."""
    from giar_gen.readers import read_document

    path = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "04-suqian-2023vs2024-peer-comparison.pdf"
    assert path.is_file(), f"corpus file missing: {path}"
    raw = read_document(path)
    where: dict[str, list] = {}
    for b in raw.blocks:
        if isinstance(b, TextBlock):
            where.setdefault(b.text, []).append((b.column, b.page))
    assert where["2023年报告"] == [(1, 1), (0, 12)] and where["2024年报告"] == [(2, 1), (0, 11)]
    assert where["主动公开数据差异-差异分析"] == [(0, 7)] and where["数据勾稽问题清单"] == [(0, 16)]
    tables = [(b.column, b.page, b.rows[2][0].text) for b in raw.blocks if isinstance(b, TableBlock) and b.page == 5]
    assert tables == [(1, 5, "规章"), (2, 5, "规章")]
    assert all(b.column == 0 for b in raw.blocks if isinstance(b, TableBlock) and b.page in (11, 12))
    text = [b for b in raw.blocks if isinstance(b, TextBlock) and b.text.startswith("2023年，我市以习近平")][0]
    assert (text.column, text.page, text.end_page) == (1, 1, 1)


def test_without_year_labels_the_columns_are_still_two_reports():
    raw = _comparison()
    del raw.blocks[1:3]  # no "2022年报告" / "2023年报告"
    (first, doc1), (second, doc2) = split_sides(raw)
    assert (first.label, second.label) == ("左栏", "右栏")
    assert [b.text for b in doc1.blocks if isinstance(b, TextBlock)][:2] == [
        "一、总体情况",
        "2022年，我局坚持依法推进政务公开工作。",
    ]
    assert any("某局年报比对" in text for _, text, _ in first.chrome)


def test_headings_printed_in_each_column_belong_to_that_column():
    raw = RawDocument(
        path=Path("对照.pdf"),
        format="pdf",
        blocks=[
            TextBlock("2022年报告", column=1, page=1),
            TextBlock("2023年报告", column=2, page=1),
            TextBlock("一、总体情况", column=1, page=1),
            TextBlock("2022年，我局推进公开。", column=1, page=1),
            TextBlock("一、总体情况", column=2, page=1),
            TextBlock("2023年，我局推进公开。", column=2, page=1),
            TextBlock("二、主动公开政府信息情况", column=1, page=2),
            _table2(1, [0, 0, 0], [1, 0, 5], page=2),
            TextBlock("二、主动公开政府信息情况", column=2, page=2),
            _table2(2, [0, 0, 0], [2, 0, 7], page=2),
        ],
    )
    (_, doc1), (_, doc2) = split_sides(raw)
    assert [b.text if isinstance(b, TextBlock) else "表" for b in doc2.blocks] == [
        "一、总体情况",
        "2023年，我局推进公开。",
        "二、主动公开政府信息情况",
        "表",
    ]
    assert doc1.blocks[-1].rows[2][3].text == "5"
