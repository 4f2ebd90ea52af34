"""Tables as text extraction leaves them: rows printed as text lines, tables in pieces.

Used by :mod:`giar_gen.importer.core` between finding the parts and reading
the official tables:

* :func:`text_rows_to_tables`: a part's lines that are an official row label
  followed by its numbers ("行政许可 97", as a PDF extractor gives the
  small tables of 表二) become a table row, so that the cells are read;
* :func:`gather_pieces`: the unlabelled pieces of a table (rows of numbers
  whose labels the extractor put elsewhere) that stand in the same part as
  an official table join it, in printed order;
* :func:`recover_missing`: an official table not identified by its labels
  (its header was garbled) is taken from the number-only table standing in
  the part that prints it.
"""

from __future__ import annotations

import re
from functools import cache

from giar_gen.importer.result import PartFound
from giar_gen.importer.tables import _table_labels, cell_is_number, label_core, label_key
from giar_gen.model.layouts import chinese_numeral
from giar_gen.readers import RawCell, TableBlock

_ROW_LINE = re.compile(r"^(\S[^\d]*?)\s*((?:\d[\d,]*(?:\.\d+)?\s*)+)$")


def text_rows_to_tables(parts: list[PartFound], part_of: dict[int, int | None]) -> None:
    """Lines "<official row label> <numbers>" of a part become one table block,
    placed before the part's first table (they are printed above it)."""
    labels = set().union(*_table_labels().values())
    for index, part in enumerate(parts):
        rows, keep = [], []
        for text, pos in part.lines:
            m = _ROW_LINE.match(text.strip())
            if m and label_core(m.group(1)) in labels and len(label_core(m.group(1))) >= 2:
                col = pos[1] if pos else None
                cells = [RawCell(m.group(1).strip(), pos=pos)]
                cells += [RawCell(n, pos=(pos[0], col) if pos else None) for n in m.group(2).split()]
                rows.append(cells)
            else:
                keep.append((text, pos))
        if len(rows) < 2:
            continue
        block = TableBlock(rows=rows, pos=rows[0][0].pos, spans=False)
        part.lines = keep
        part.tables.insert(0, block)
        part_of[id(block)] = index


def numbers_only(tb: TableBlock) -> bool:
    """A table piece whose rows are numbers (no row label matched)."""
    rows = [r for r in tb.rows if any(c.text for c in r)]
    return bool(rows) and all(sum(1 for c in r if cell_is_number(c.text)) >= 4 for r in rows[-1:])


def _labelled_by(tb: TableBlock, labels: frozenset[str]) -> bool:
    """Every row of ``tb`` starts with a label of the table (a one-row piece: "| 规章 | 22 | 235 |")."""
    rows = [r for r in tb.rows if any(c.text for c in r)]
    return bool(rows) and all(r[0].text and label_core(r[0].text) in labels for r in rows)


def gather_pieces(
    tables: list[tuple[str, list[TableBlock]]],
    parts: list[PartFound],
    part_of: dict,
    local: list[tuple[TableBlock, int | None]],
) -> None:
    """Unidentified pieces in the part of an official table join it, in printed order."""
    for tid, blocks in tables:
        index = part_of.get(id(blocks[0]))
        if index is None:
            continue
        own = _table_labels().get(tid, frozenset())
        pieces = {id(tb) for tb, p in local if p == index and (numbers_only(tb) or _labelled_by(tb, own))}
        if not pieces:
            continue
        mine = {id(b) for b in blocks}
        blocks[:] = [b for b in parts[index].tables if id(b) in mine or id(b) in pieces]
        local[:] = [(tb, p) for tb, p in local if id(tb) not in pieces]


def recover_missing(
    tables: list[tuple[str, list[TableBlock]]], table_parts: dict[str, int], local: list[tuple[TableBlock, int | None]]
) -> list[tuple[str, list[TableBlock]]]:
    """``table_parts``: official table id → index of the part printing it.
    Official tables not identified by label, taken from that part's number-only pieces."""
    found = {tid for tid, _ in tables}
    out = list(tables)
    for tid, index in table_parts.items():
        if tid in found:
            continue
        pieces = [tb for tb, p in local if p == index and numbers_only(tb)]
        if pieces:
            out.append((tid, pieces))
            ids = {id(tb) for tb in pieces}
            local[:] = [(tb, p) for tb, p in local if id(tb) not in ids]
    return out


def _bigrams(text: str) -> set[str]:
    t = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {t[i : i + 2] for i in range(len(t) - 1)}


def recover_unheaded_part(parts: list[PartFound], layout, imp) -> PartFound | None:
    """A required text part whose heading the extraction lost ("五、" of a PDF):
    when the part printed before it ends with a table followed by a
    sub-heading that names it ("（一）主要问题"), that text is the part.
    Noted (I101) as the import's inference."""
    from giar_gen.importer.parts import match_parts

    mapping = match_parts(parts, layout)
    keys = list(mapping.values())
    order = [lp.key for lp in layout.parts]
    for n, lp in enumerate(layout.parts):
        if lp.table or not lp.required or lp.key in keys or n == 0:
            continue
        before = order[n - 1]
        i = next((i for i, k in mapping.items() if k == before), None)
        if i is None or not parts[i].text_after_table:
            continue
        after = parts[i].text_after_table
        j = next(
            (j for j, (t, _) in enumerate(after) if len(t) <= 40 and len(_bigrams(t) & _bigrams(lp.title)) >= 2), None
        )
        if j is None:
            continue
        first, pos = after[j]
        part = PartFound(heading="", title=lp.title, pos=pos, lines=list(after[j:]))
        parts[i].text_after_table = after[:j]
        parts.insert(i + 1, part)
        imp.note(
            "I101",
            f"没有找到第{chinese_numeral(n + 1)}部分“{lp.title}”的标题（可能在提取文字时丢失）：「{parts[i].heading}」"
            f"的表格之后以「{first}」开头的文字按内容归入该部分",
            first,
            pos,
            "warning",
        )
        return part
    return None


def printed_outline(
    heads, blocks, heads_part: dict, recovered: PartFound | None, key_of: dict, restarts: bool
) -> list[dict]:
    """The report's top-level numbered headings as printed, in order, for the
    outline check: ``{"number", "heading", "line", "part"}`` (``part``: the
    layout part it was read as, else ``None``; a heading the extraction lost
    has ``number`` ``None``)."""
    out = []
    for i, n, heading, _title in heads:
        part = heads_part.get(i)
        pos = blocks[i].pos
        out.append(
            {
                "number": n,
                "heading": heading,
                "line": pos[0] if pos else None,
                "part": key_of.get(id(part)) if part is not None else None,
                "block": i,
            }
        )
    if not restarts:
        out = [o for o in out if o["block"] in heads_part]
    if recovered is not None:
        line = recovered.pos[0] if recovered.pos else None
        at = next((k for k, o in enumerate(out) if line is not None and o["line"] and o["line"] > line), len(out))
        out.insert(at, {"number": None, "heading": "", "line": line, "part": key_of.get(id(recovered)), "block": None})
    for o in out:
        del o["block"]
    return out


@cache
def _label_chars(tid: str) -> frozenset[str]:
    from giar_gen.importer.tables import printed_labels
    from giar_gen.model.tables import editions

    chars: set[str] = set('0123456789（）()、.．:：，,“”"；; ')
    for ed in editions().values():
        for t in ed.tables:
            if t.id == tid:
                for label in printed_labels(t):
                    chars.update(label)
    return frozenset(chars)


@cache
def _corners(tid: str) -> frozenset[str]:
    """The table's printed corner label ("（本列数据的勾稽关系为：……）") in every edition, as compared."""
    from giar_gen.model.tables import editions

    return frozenset(
        label_key(t.corner)
        for ed in editions().values()
        for t in ed.tables
        if t.id == tid and t.corner and len(t.corner) >= 8
    )


def _is_label_line(text: str, labels: frozenset[str]) -> bool:
    """A line that is one printed label of the table, or two as "申请人情况（自然人）"."""
    if label_core(text) in labels:
        return True
    m = re.fullmatch(r"(.+?)\((.+)\)", label_key(text))
    return bool(m) and label_core(m.group(1)) in labels and label_core(m.group(2)) in labels


def _label_runs(lines: list[str], labels: frozenset[str], least: int = 3) -> set[int]:
    """Indexes of lines in runs of at least ``least`` table labels in a row: the
    table's labels listed as text (OCR's headings over its table pieces). A
    single label line ("（一）行政复议" over a paragraph) is a sub-heading, kept."""
    out: set[int] = set()
    run: list[int] = []
    for k, text in enumerate([*lines, ""]):
        if text.strip() and _is_label_line(text.strip(), labels):
            run.append(k)
            continue
        if len(run) >= least:
            out.update(run)
        run = []
    return out


def drop_table_debris(parts: list[PartFound], layout, imp) -> None:
    """Table labels standing as text in a part that prints an official table
    are not the part's text: the table's corner label ("（本列数据的勾稽关系
    为：……）", which OCR puts above its table) always; in text extracted from
    a PDF also the pieces of its labels the extractor put between the rows
    ("度办", "（三）不", "予公开"); from any source, three or more of the
    table's labels one per line (OCR's headings over its pieces). Dropped, and noted."""
    from giar_gen.importer.parts import match_parts

    mapping = match_parts(parts, layout)
    for i, part in enumerate(parts):
        lp = layout.part(mapping[i]) if mapping.get(i) else None
        if lp is None or not lp.table:
            continue
        chars = _label_chars(lp.table)
        corners = _corners(lp.table)
        # the text before and after the part's tables, in reading order (table pieces between them)
        listed = _label_runs(
            [t for t, _ in part.lines + part.text_after_table], _table_labels().get(lp.table, frozenset())
        )
        for name, offset in (("lines", 0), ("text_after_table", len(part.lines))):
            kept, dropped = [], []
            for k, (text, pos) in enumerate(getattr(part, name), start=offset):
                t = text.strip()
                if (
                    k in listed
                    or label_key(t) in corners
                    or (imp.extracted and len(t) <= 60 and not t.endswith("。") and all(ch in chars for ch in t))
                ):
                    dropped.append((text, pos))
                else:
                    kept.append((text, pos))
            if dropped:
                setattr(part, name, kept)
                imp.note(
                    "I102",
                    f"「{part.heading}」中作为文字出现的表格标签，不作为正文",
                    "\n".join(t for t, _ in dropped),
                    dropped[0][1],
                    "info",
                )
