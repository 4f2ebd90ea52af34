"""Two reports printed side by side in one document, told apart.

Comparison tools print two years of one agency's report side by side: the
earlier year in the left column, the later in the right, each part's heading
across both columns (with the tool's verdict added, "(重复率: 40%)"), the
tool's own difference tables and verdicts between the parts and at the end.
A reader that reads such a page left column first, then right, mixes the two
reports; this module splits the blocks back into one document per report,
from the column each block stands in (``column`` of the readers' blocks:
0 across the page, 1 left, 2 right; see :data:`giar_gen.readers.COLUMNS`).

A document is two reports when the same official table stands in both
columns (two sets of the tables). Then:

* a year label over a column ("2023年报告") names that column's report;
  a label across the page ("2024年报告") gives the full-width blocks that
  follow it to that report (a table too wide for a column is printed across
  the page, once per report), up to the next part heading or label;
* a numbered part heading printed once (not once per column: across the
  page, or over the left column where the right column prints no headings
  of its own) is the heading of both reports, without the tool's verdict;
* everything else printed across the page (the tool's title, its difference
  tables, its list of problems and what follows it) is the tool's, not the
  reports': kept as import notes, never as report text;
* a paragraph cut by a page break (the last line of a column, not ending a
  sentence, and the first of the same column on the next page) is joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from giar_gen.importer.tables import _table_labels, identify_table, label_core
from giar_gen.readers import Block, RawDocument, TableBlock, TextBlock

#: "2023年报告", "2024 年度报告", "2023年年报" over a column or across the page
_YEAR_LABEL = re.compile(r"^\s*((?:19|20)\d{2})\s*年\s*(?:度)?\s*(?:报告|年报)\s*$")
#: a part heading "一、总体情况"
_PART = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*、\s*\S")
#: a verdict a comparison tool adds to a heading: "(重复率: 40%)", "（相似度 85%）"
_VERDICT = re.compile(r"\s*[（(][^（()）]*\d+(?:\.\d+)?\s*[%％][^（()）]*[)）]\s*$")
_ENDS = re.compile(r"[。！？；：!?;:）)”」』]$")
_ITEM = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[①-⑳])")


@dataclass
class Side:
    """One report of a side-by-side document: its column, its year (from a
    label, when printed), its blocks, and the comparison's own content
    (``chrome``: ``(what, text, pos)``) to be kept as notes."""

    column: int
    year: int | None = None
    blocks: list[Block] = field(default_factory=list)
    chrome: list[tuple[str, str, object]] = field(default_factory=list)

    @property
    def label(self) -> str:
        where = {1: "左栏", 2: "右栏"}[self.column]
        return f"{self.year}年报告（{where}）" if self.year else where


def is_side_by_side(raw: RawDocument) -> bool:
    """The same official table stands in both columns of the document's pages
    (two sets of the tables; one report may well print two different tables
    side by side)."""
    found: dict[int, set[str]] = {1: set(), 2: set()}
    for b in raw.blocks:
        if isinstance(b, TableBlock) and b.column in found and (tid := identify_table(b)):
            found[b.column].add(tid)
    return bool(found[1] & found[2])


def split_sides(raw: RawDocument) -> list[tuple[Side, RawDocument]] | None:
    """The reports of a side-by-side document, earlier year first, each as a
    document of its own (same file, same positions); None for an ordinary one."""
    if raw.format != "pdf" or not is_side_by_side(raw):
        return None
    sides = {1: Side(1), 2: Side(2)}
    blocks = raw.blocks
    ordinals: dict[str, int] = {}
    for b in blocks:
        if isinstance(b, TextBlock) and (m := _PART.match(b.text)):
            ordinals[m.group(1)] = ordinals.get(m.group(1), 0) + 1
    # a heading printed over the left column only is both reports' when the right one never prints its own
    right_heads = any(isinstance(b, TextBlock) and b.column == 2 and _PART.match(b.text) for b in blocks)
    started = False
    in_columns = False
    wide_year: int | None = None  # full-width blocks go to the report of this year

    def chrome(b: Block, what: str) -> None:
        text = b.text if isinstance(b, TextBlock) else "\n".join(" | ".join(c.text for c in r) for r in b.rows)
        for side in sides.values():
            side.chrome.append((what, text, b.pos))

    for b in blocks:
        text = b.text.strip() if isinstance(b, TextBlock) else ""
        label = _YEAR_LABEL.match(text) if text else None
        part = _PART.match(text) if text else None
        if label and b.column in (1, 2):
            sides[b.column].year = int(label.group(1))
            started = in_columns = True
            wide_year = None
            continue
        if label:  # across the page: the following full-width blocks are that year's
            wide_year = int(label.group(1))
            started = True
            continue
        if part and (b.column == 0 or (b.column == 1 and not right_heads)) and ordinals.get(part.group(1)) == 1:
            heading = _VERDICT.sub("", text)
            if heading != text:
                chrome(replace(b, text=text[len(heading) :].strip()), "比对工具在标题后加的评语")
            for side in sides.values():
                side.blocks.append(replace(b, text=heading, column=0))
            started = in_columns = True
            wide_year = None
            continue
        if not started:
            chrome(b, "比对文件的标题和说明（不属于报告）")
        elif b.column == 0 and wide_year is not None and _side_of_year(sides, wide_year) and not _tools(b):
            if _only_labels(b):  # header cells the reader found no ruling around, between the table's pieces
                _side_of_year(sides, wide_year).chrome.append(("表格中未能读作单元格的表头文字", text, b.pos))
            else:
                _side_of_year(sides, wide_year).blocks.append(b)
        elif b.column == 0:
            in_columns, wide_year = False, None
            chrome(b, "比对工具的分析或结论（不属于报告）")
        elif in_columns:
            sides[b.column].blocks.append(b)
        else:
            chrome(b, "比对工具的分析或结论（不属于报告）")
    ordered = sorted(sides.values(), key=lambda s: (s.year or 0, s.column))
    out = []
    for side in ordered:
        side.blocks = _join_page_breaks(side.blocks, blocks)
        meta = {k: v for k, v in raw.meta.items() if k not in ("title", "author")}
        out.append((side, replace(raw, blocks=side.blocks, meta=meta)))
    return out


def _tools(b: Block) -> bool:
    """A heading across the page, or a table with a column per year (the
    comparison's own difference table): the tool's, not a report's."""
    if isinstance(b, TextBlock):
        return b.hint == "heading"
    years = {c.text.strip() for r in b.rows[:2] for c in r if re.fullmatch(r"\s*(?:19|20)\d{2}\s*年\s*", c.text)}
    return len(years) >= 2


def _only_labels(b: Block) -> bool:
    """A line of nothing but official table labels ("结果维持 结果纠正 … 总计")."""
    if not isinstance(b, TextBlock) or not b.text.split():
        return False
    known = set().union(*_table_labels().values()) | {label_core("总计")}
    return all(label_core(w) in known for w in b.text.split())


def _side_of_year(sides: dict[int, Side], year: int) -> Side | None:
    return next((s for s in sides.values() if s.year == year), None)


def _join_page_breaks(side: list[Block], every: list[Block]) -> list[Block]:
    """A paragraph cut at the foot of a column and continued at the head of
    the same column on the next page, joined back."""
    first: dict[tuple[int, int], int] = {}
    last: dict[tuple[int, int], int] = {}
    for b in every:
        if isinstance(b, TextBlock) and b.column:
            first.setdefault((b.page, b.column), id(b))
            last[(b.end_page or b.page, b.column)] = id(b)
    out: list[Block] = []
    ends: dict[int, int] = {}  # id of a joined block → id of the printed block it ends with
    for b in side:
        prev = out[-1] if out else None
        if (
            isinstance(b, TextBlock)
            and isinstance(prev, TextBlock)
            and b.column
            and b.column == prev.column
            and b.page == (prev.end_page or prev.page) + 1
            and first.get((b.page, b.column)) == id(b)
            and last.get((prev.end_page or prev.page, prev.column)) == ends.get(id(prev), id(prev))
            and not _ENDS.search(prev.text)
            and not _ITEM.match(b.text)
        ):
            joined = replace(prev, text=prev.text + b.text, end_page=b.end_page or b.page)
            ends[id(joined)] = id(b)
            out[-1] = joined
            continue
        out.append(b)
    return out


def import_sides(raw: RawDocument, import_document) -> list | None:
    """Each report of a side-by-side document imported (``import_document``:
    the importer's function for one document), earlier year first, with the
    comparison's own content as notes; None for an ordinary document."""
    split = split_sides(raw)
    if split is None:
        return None
    out = []
    years = "、".join(s.label for s, _ in split)
    for side, doc in split:
        imp = import_document(doc)
        imp.part = side.label
        imp.note("I104", f"本文件并排印有两份报告（{years}）：此处是{side.label}，另一份另行导入", severity="info")
        for what, text, pos in side.chrome:
            imp.note("I104", what, text, pos, "info")
        out.append(imp)
    # earlier year first, also where no label printed the years (the text said them)
    return sorted(out, key=lambda imp: imp.data.get("报告年度") or 0)
