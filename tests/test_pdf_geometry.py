"""The PDF reader's geometry on pages drawn by hand (no PDF library
involved): cells from ruling lines, merged cells as spans, blank cells kept,
a table continued over a page break, page chrome, paragraphs, columns."""

from __future__ import annotations

from pathlib import Path

from giar_gen.readers import TableBlock, TextBlock
from giar_gen.readers.pdf import build_document
from giar_gen.readers.pdf_tables import Char, PageData, Seg

W, H = 595.0, 842.0


def put(page: PageData, text: str, x: float, top: float, size: float = 10.0) -> None:
    """Characters of ``text`` from ``x`` on a line whose top is ``top``."""
    for ch in text:
        width = size if ord(ch) >= 0x2E80 else size * 0.5
        page.chars.append(Char(ch, x, top, x + width, top + size, size))
        x += width


def hline(page: PageData, y: float, x0: float, x1: float) -> None:
    page.segs.append(Seg("h", y, x0, x1))


def vline(page: PageData, x: float, y0: float, y1: float) -> None:
    page.segs.append(Seg("v", x, y0, y1))


def two_pages() -> list[PageData]:
    """A table that starts on page 1 and continues on page 2 with its header
    repeated; the row label "（三）不予公开" is merged over rows on both pages."""
    p1, p2 = PageData(1, W, H), PageData(2, W, H)
    put(p1, "三、收到和处理政府信息公开申请情况", 60, 560, 12)
    # page 1: header, then two rows under a merged label that runs to the page's end
    for y in (600, 620):
        hline(p1, y, 50, 350)
    hline(p1, 640, 150, 350)  # no ruling under the merged label
    hline(p1, 660, 50, 350)
    vline(p1, 50, 600, 660)
    vline(p1, 150, 600, 660)
    vline(p1, 250, 620, 660)  # the header cell "数量" spans two columns
    vline(p1, 350, 600, 660)
    put(p1, "项目", 55, 605)
    put(p1, "数量", 155, 605)
    put(p1, "（三）不予公开", 55, 625)
    put(p1, "1.属于国家秘密", 155, 625)
    put(p1, "5", 255, 625)
    put(p1, "2.其他", 155, 645)  # its value cell is blank
    put(p1, "— 1 —", 280, 800)
    # page 2: the header again, the rest of the merged label, one more row
    for y in (50, 70):
        hline(p2, y, 50, 350)
    hline(p2, 90, 50, 350)
    hline(p2, 110, 50, 350)
    vline(p2, 50, 50, 110)
    vline(p2, 150, 50, 110)
    vline(p2, 250, 70, 110)
    vline(p2, 350, 50, 110)
    put(p2, "项目", 55, 55)
    put(p2, "数量", 155, 55)
    put(p2, "3.危及稳定", 155, 75)
    put(p2, "7", 255, 75)
    put(p2, "四、结转下年度继续办理", 55, 95)
    put(p2, "9", 255, 95)
    put(p2, "— 2 —", 280, 800)
    # the label row on page 2 has a blank first cell (the merged label cut by the page break);
    # "四、结转…" spans the first two columns: no ruling at x=150 in its row
    p2.segs = [s for s in p2.segs if not (s.kind == "v" and s.at == 150)] + [Seg("v", 150, 50, 90)]
    return [p1, p2]


def test_table_over_a_page_break_is_one_table():
    doc = build_document(Path("t.pdf"), two_pages(), {})
    tables = [b for b in doc.blocks if isinstance(b, TableBlock)]
    assert len(tables) == 1
    t = tables[0]
    rows = [[(c.text, c.rowspan, c.colspan) for c in row] for row in t.rows]
    assert rows == [
        [("项目", 1, 1), ("数量", 1, 2)],
        [("（三）不予公开", 3, 1), ("1.属于国家秘密", 1, 1), ("5", 1, 1)],
        [("2.其他", 1, 1), ("", 1, 1)],  # blank stays blank
        [("3.危及稳定", 1, 1), ("7", 1, 1)],
        [("四、结转下年度继续办理", 1, 2), ("9", 1, 1)],
    ]
    assert t.head == 1  # the header row the second page repeated
    texts = [b.text for b in doc.blocks if isinstance(b, TextBlock)]
    assert texts == ["三、收到和处理政府信息公开申请情况"]  # "— 1 —", "— 2 —" dropped


def test_wrapped_lines_are_one_paragraph_and_columns_are_read_in_turn():
    p = PageData(1, W, H)
    put(p, "二〇二四年度报告", 200, 40, 20)  # the title: larger, at the top
    body = "本机关坚持以公开为常态、不公开为例外，全年主动公开政府信息一千二百条，其中政策文件三十件。"
    put(p, body[:20], 60, 100)  # a full line (20 characters of 10 pt: x 60..260)
    put(p, body[20:40], 60, 115)  # the next printed line of the same paragraph
    put(p, body[40:], 60, 130)  # its short last line
    put(p, "（一）主动公开", 80, 145)  # an indented line: a new paragraph
    # two columns side by side below: left column first, then right
    for i in range(4):
        put(p, "左栏第" + "一二三四"[i] + "行文字内容内容内容内容内容", 60, 200 + 15 * i)
        put(p, "右栏第" + "一二三四"[i] + "行文字内容内容内容内容内容", 330, 200 + 15 * i)
    doc = build_document(Path("t.pdf"), [p], {})
    texts = [(b.text, b.hint) for b in doc.blocks if isinstance(b, TextBlock)]
    assert texts[0] == ("二〇二四年度报告", "title")
    assert texts[1][0] == body
    assert texts[2][0] == "（一）主动公开"
    rest = [t for t, _ in texts[3:]]
    assert rest[0].startswith("左栏第一行") and "左栏第四行" in "".join(rest[:4]) and rest[-1].startswith("右栏")
    assert "".join(rest).index("左栏第四行") < "".join(rest).index("右栏第一行")
