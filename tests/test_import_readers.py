"""The readers of giar_gen.readers: copied text, saved web pages, Word files."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from giar_gen.readers import RawCell, ReaderError, TableBlock, TextBlock, decode_bytes, read_document
from giar_gen.readers.html import parse_html
from giar_gen.readers.text import clean_line, parse_text, split_row

# ---------------------------------------------------------------------------
# text


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("规范性文件 | 0 | ?0 | 0 |", "规范性文件 | 0 | 0 | 0 |"),
        ("行政事业性收费 | 0 | 0? | |", "行政事业性收费 | 0 | 0 | |"),
        ("2020年1月16日 ???", "2020年1月16日 "),
        ("?", ""),
        ("是否属于政府信息?", "是否属于政府信息?"),  # a real question mark stays
        ("见 index.aspx?id=3", "见 index.aspx?id=3"),  # so does a URL query
        ("坏字\ufffd符", "坏字符"),
    ],
)
def test_text_debris_is_removed(raw, clean):
    assert clean_line(raw) == clean


def test_text_rows_split_at_pipes_with_positions():
    cells = split_row("第二十条第(一)项 | |||", 7)
    assert [c.text for c in cells] == ["第二十条第(一)项", "", "", ""]
    cells = split_row("行政许可 | 1 | 0 | 11", 3)
    assert [c.text for c in cells] == ["行政许可", "1", "0", "11"]
    assert [c.pos for c in cells] == [(3, 1), (3, 8), (3, 12), (3, 16)]


def test_text_tables_are_consecutive_pipe_lines():
    text = "一、总体情况\n正文一段。\n表头 | 甲 | 乙\n\n行 | 1 | 2\n?\n后面的文字。\n另一表 | 3\n"
    doc = parse_text(text, Path("x.txt"))
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["TextBlock", "TextBlock", "TableBlock", "TextBlock", "TableBlock"]
    table = doc.blocks[2]
    assert isinstance(table, TableBlock) and not table.spans
    assert [[c.text for c in r] for r in table.rows] == [["表头", "甲", "乙"], ["行", "1", "2"]]
    assert doc.blocks[3].pos == (7, 1)


def test_decode_falls_back_to_gb18030():
    assert decode_bytes("政府信息公开".encode("gb18030")) == "政府信息公开"
    assert decode_bytes("\ufeff年度报告".encode("utf-8")) == "年度报告"
    assert decode_bytes("年度报告".encode("gbk"), "gb2312") == "年度报告"


# ---------------------------------------------------------------------------
# HTML


PAGE = """<html><head><title>某局2022年政府信息公开工作年度报告_某县政府</title>
<meta name="PubDate" content="2023-01-18 09:30"><meta name="author" content="某局">
<style>p{color:red}</style><script>document.write("<p>脚本</p>")</script></head>
<body><table><tr><td>导航 | 首页</td></tr><tr><td>
<h1>某局2022年政府信息公开工作年度报告</h1>
<p>第一段<p>第二段<br>换行后
<div style="display: none">隐藏</div><div hidden>也隐藏</div>
<table border=1>
<tr><th rowspan=2>甲</th><td colspan=2>乙</td></tr>
<tr><td>1<td>本年收费金额<br>（单位：万元）</tr>
</table>
<p>表后&nbsp;文字</td></tr></table></body></html>"""


def test_html_tree_with_layout_tables_and_unclosed_tags():
    doc = parse_html(PAGE, Path("p.html"))
    texts = [b.text for b in doc.blocks if isinstance(b, TextBlock)]
    assert texts == ["导航 | 首页", "某局2022年政府信息公开工作年度报告", "第一段", "第二段", "换行后", "表后 文字"]
    title = next(b for b in doc.blocks if isinstance(b, TextBlock) and b.text.startswith("某局"))
    assert title.hint == "title"
    tables = [b for b in doc.blocks if isinstance(b, TableBlock)]
    assert len(tables) == 1  # the layout table is read as text, the data table as a table
    rows = tables[0].rows
    assert [(c.text, c.rowspan, c.colspan, c.header) for c in rows[0]] == [("甲", 2, 1, True), ("乙", 1, 2, False)]
    assert [c.text for c in rows[1]] == ["1", "本年收费金额（单位：万元）"]
    assert rows[0][0].pos[0] == 9  # line in the HTML source
    assert doc.meta["date"] == "2023-01-18 09:30"
    assert doc.meta["author"] == "某局"
    assert doc.meta["title"] == "某局2022年政府信息公开工作年度报告_某县政府"
    assert "脚本" not in " ".join(texts) and "隐藏" not in " ".join(texts)


def test_html_file_in_gb2312(tmp_path):
    page = '<html><head><meta charset="gb2312"></head><body><p>政府信息公开工作年度报告</p></body></html>'
    f = tmp_path / "gbk.htm"
    f.write_bytes(page.encode("gb18030"))
    doc = read_document(f)
    assert [b.text for b in doc.blocks] == ["政府信息公开工作年度报告"]


def test_html_single_column_table_is_text():
    doc = parse_html("<table><tr><td>一、总体情况</td></tr><tr><td>正文。</td></tr></table>", Path("x.html"))
    assert all(isinstance(b, TextBlock) for b in doc.blocks)
    assert [b.text for b in doc.blocks] == ["一、总体情况", "正文。"]


# ---------------------------------------------------------------------------
# DOCX


def _merged_docx(path: Path) -> None:
    d = Document()
    d.add_paragraph("某局2022年政府信息公开工作年度报告", style="Title")
    d.add_paragraph("一、总体情况", style="Heading 1")
    p = d.add_paragraph("第一行")
    p.add_run().add_break()
    p.add_run("第二行")
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "纵向合并"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "横向合并"
    t.cell(1, 1).text = "a"
    t.cell(1, 2).text = "b"
    t.cell(2, 0).text = "行"
    t.cell(2, 1).merge(t.cell(2, 2)).text = "5"
    d.save(str(path))


def test_docx_merged_cells_are_read_once_with_spans(tmp_path):
    f = tmp_path / "merged.docx"
    _merged_docx(f)
    doc = read_document(f)
    hints = [(b.text, b.hint) for b in doc.blocks if isinstance(b, TextBlock)]
    assert hints == [
        ("某局2022年政府信息公开工作年度报告", "title"),
        ("一、总体情况", "heading"),
        ("第一行", "para"),
        ("第二行", "para"),
    ]
    table = next(b for b in doc.blocks if isinstance(b, TableBlock))
    shape = [[(c.text, c.rowspan, c.colspan) for c in row] for row in table.rows]
    assert shape == [
        [("纵向合并", 2, 1), ("横向合并", 1, 2)],
        [("a", 1, 1), ("b", 1, 1)],
        [("行", 1, 1), ("5", 1, 2)],
    ]
    assert table.pos == (4, None)  # the fourth block of the body
    assert "date" not in doc.meta  # someone else's file: its creation date is not a publication date


def test_unreadable_files(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ReaderError, match="不是可读取的 Word"):
        read_document(bad)
    with pytest.raises(ReaderError, match="不认识的文件类型"):
        read_document(tmp_path / "report.doc")
    with pytest.raises(ReaderError, match="无法读取"):
        read_document(tmp_path / "missing.txt")


def test_raw_cell_defaults():
    c = RawCell("1")
    assert (c.rowspan, c.colspan, c.header) == (1, 1, False)
