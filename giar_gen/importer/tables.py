"""The three official tables of a published report, read cell by cell.

Used by :mod:`giar_gen.importer.core`. A table found in a report is identified by
the labels it prints (:func:`identify_table`); each printed row is split into
its label cells and value cells (:func:`expand_rows`; a row header merged over
several rows is repeated as an inherited label); :class:`TableMapper` matches
the rows to the table definition by their labels, tolerantly:

* labels compare after NFKC (full/half width), without spaces, quotes and
  numbering (:func:`label_core`);
* a typo or a label cut short ("其他法律行政止公开", "8.属于行…") is matched to
  the closest official label, helped by its number, its parent row and the
  printed order, and reported;
* values are read in the printed column order; a blank cell, "/" or "—" is
  "not filled in" (``None``), never 0; a total is kept as printed when it is
  blank or differs from its parts (so that a check can see it).

Every label comes from the table definitions (:mod:`giar_gen.model.tables`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from giar_gen.model.tables import Column, Row, TableDef, editions
from giar_gen.readers import Pos, RawCell, TableBlock

if TYPE_CHECKING:
    from giar_gen.importer.result import Imported


def label_key(text: str) -> str:
    """A label as compared: NFKC (full/half width), no spaces or quotes."""
    s = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\"'“”‘’「」『』]", "", s)


_NUMBER_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.]|[一二三四五六七八九十]{1,3}(?=\([一二三四五六七八九十]{1,3}\))|\([一二三四五六七八九十]{1,3}\)[、.]?|\d{1,2}[.、](?!\d)|\(\d{1,2}\))"
)


def label_core(text: str) -> str:
    """A label without its numbering ("（一）", "1.", "一、")."""
    k = label_key(text)
    out = _NUMBER_PREFIX.sub("", k, count=1)
    if out != k and _NUMBER_PREFIX.match(out):  # "三(一)予以公开", "三、(一)予以公开": the part's number too
        out = _NUMBER_PREFIX.sub("", out, count=1)
    return out or k


def label_marker(text: str) -> str:
    m = _NUMBER_PREFIX.match(label_key(text))
    return m.group(0) if m else ""


def similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


# ---------------------------------------------------------------------------
# cell values

_BLANK_CELL = re.compile(r"^(?:[-—–―‐/\\／×x]*|无|空|n/?a)$", re.I)
_NUMBER = re.compile(r"^([+-]?\d+(?:\.\d+)?)(万元|元|件|条|项|个|次|人次)?$")


def cell_is_value(text: str) -> bool:
    t = unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "")
    return bool(_BLANK_CELL.match(t) or _NUMBER.match(t))


def cell_is_number(text: str) -> bool:
    t = unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "")
    return bool(_NUMBER.match(t))


def parse_cell(text: str, col: Column) -> tuple[int | Decimal | None, str | None]:
    """``(value, problem)``: a number, or ``None`` for a blank cell ("/", "—",
    empty: not filled in, never 0), or ``None`` with the reason it is unusable."""
    t = unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "")
    if _BLANK_CELL.match(t):
        return None, None
    m = _NUMBER.match(t)
    if not m:
        return None, "不是数字"
    num = Decimal(m.group(1))
    unit = m.group(2)
    if unit == "元" and col.unit == "万元":
        return None, "单位为“元”，本列单位为万元"
    if col.type == "amount":
        if num < 0:
            return None, "金额为负数"
        return num, None
    if num != num.to_integral_value():
        return None, "件数不是整数"
    if col.type == "count" and num < 0:
        return None, "件数为负数"
    return int(num), None


# ---------------------------------------------------------------------------
# official tables: identification


@cache
def _table_labels() -> dict[str, frozenset[str]]:
    """Every printed label of each official table (all editions), as compared."""
    out: dict[str, set[str]] = {}
    for ed in editions().values():
        for t in ed.tables:
            out.setdefault(t.id, set()).update(label_core(x) for x in printed_labels(t) if x)
    shared = set.intersection(*out.values()) if out else set()
    return {tid: frozenset(labels - shared) for tid, labels in out.items()}


def printed_labels(t: TableDef) -> set[str]:
    labels = {p for c in t.columns for p in c.path}
    labels |= {p for r in t.rows for p in r.path}
    labels |= {b.title for b in t.blocks}
    labels |= {t.row_header, t.corner}
    labels |= {a for r in t.rows for a in r.aliases} | {a for c in t.columns for a in c.aliases}
    return {x for x in labels if x}


@cache
def unique_labels() -> dict[str, frozenset[str]]:
    """The labels only one edition prints (how an edition is recognised)."""
    per = {eid: {label_core(x) for t in ed.tables for x in printed_labels(t)} for eid, ed in editions().items()}
    out = {}
    for eid, labels in per.items():
        others = set().union(*(v for k, v in per.items() if k != eid)) if len(per) > 1 else set()
        out[eid] = frozenset(labels - others)
    return out


def identify_table(tb: TableBlock) -> str | None:
    """The id of the official table ``tb`` is, from the labels it prints."""
    texts = {label_core(c.text) for r in tb.rows for c in r if c.text}
    scores = {tid: len(texts & labels) for tid, labels in _table_labels().items()}
    best = max(scores.values()) if scores else 0
    if best < 2:
        return None
    winners = [tid for tid, s in scores.items() if s == best]
    return winners[0] if len(winners) == 1 else None


# ---------------------------------------------------------------------------
# official tables: rows and cells


@dataclass
class PrintedRow:
    labels: list[RawCell]  # leading label cells (inherited row headers first)
    values: list[RawCell]
    pos: Pos


def expand_rows(tb: TableBlock) -> list[PrintedRow]:
    """Rows split into label cells and value cells. With spans, a row header
    merged over several rows (rowspan) is repeated as an inherited label."""
    out: list[PrintedRow] = []
    carry: dict[int, list] = {}  # grid column → [cell, rows still covered]
    for row in tb.rows:
        seq: list[tuple[RawCell, bool]] = []
        if tb.spans:
            active = {c: v[0] for c, v in carry.items()}
            col = 0
            new_carry: dict[int, list] = {c: [v[0], v[1] - 1] for c, v in carry.items() if v[1] - 1 > 0}
            for cell in row:
                while col in active:
                    seq.append((active[col], True))
                    col += active[col].colspan
                seq.append((cell, False))
                if cell.rowspan > 1:
                    new_carry[col] = [cell, cell.rowspan - 1]
                col += cell.colspan
            for c in sorted(k for k in active if k >= col):
                seq.append((active[c], True))
            carry = new_carry
        else:
            seq = [(c, False) for c in row]
        labels: list[RawCell] = []
        values: list[RawCell] = []
        for cell, inherited in seq:
            if not values and cell.text and not cell_is_value(cell.text):
                labels.append(cell)
            elif inherited:
                continue
            else:
                values.append(cell)
        pos = next((c.pos for c, inh in seq if not inh and c.pos), None)
        out.append(PrintedRow(labels, values, pos))
    return out


class TableMapper:
    def __init__(self, t: TableDef, imp: Imported):
        self.t = t
        self.imp = imp
        self.values: dict[tuple[str, str], Any] = {}
        self.pos: dict[tuple[str, str], Pos] = {}
        self.assigned: set[str] = set()
        self.column_labels = {label_core(p) for c in t.columns for p in c.path if p}
        self.header_labels = self.column_labels | {
            label_core(x)
            for x in ([b.title for b in t.blocks] + [t.row_header, t.corner] + [p for r in t.rows for p in r.path[:-1]])
            if x
        }
        self.leaf_order = [r.id for r in t.rows]

    # -- rows ---------------------------------------------------------------------
    def map(self, rows: list[PrintedRow]) -> None:
        if self.t.single_row:
            self._single_row(rows)
            return
        if self._in_printed_order(rows):
            return
        ctx: list[str] = []
        expected = 0
        for r in rows:
            has_number = any(cell_is_number(c.text) for c in r.values)
            if not r.labels and not has_number:
                continue
            if len(r.labels) >= 2:
                ctx = [c.text for c in r.labels[:-1]]
            elif r.labels and re.match(r"^[一二三四五六七八九十]+、", label_key(r.labels[0].text)):
                ctx = []
            if not r.labels:
                self._unmapped(r, "没有行标签")
                self.imp.uncertain.add((self.t.key, "*"))
                continue
            if self._structural(r, has_number):
                continue
            # the rightmost label that names a row; text cells after it are values
            row, exact = None, False
            for k in range(len(r.labels) - 1, -1, -1):
                row, exact = self._match(r.labels[k].text, ctx, expected)
                if row is not None:
                    if k < len(r.labels) - 1:
                        r = PrintedRow(r.labels[: k + 1], r.labels[k + 1 :] + r.values, r.pos)
                    break
            last = r.labels[-1].text
            if row is None:
                if has_number or any(c.text for c in r.values):
                    self._unmapped(r, "行标签未能对应到官方表格的行")
                continue
            if row.id in self.assigned:
                self._unmapped(r, f"「{row.label}」行重复出现，只读取第一次")
                continue
            if not exact:
                self.imp.note(
                    "I204",
                    f"行标签「{last}」与官方标签「{row.label}」不一致，已按后者读取",
                    severity="warning",
                    pos=r.labels[-1].pos,
                )
            self._row_values(row, r)
            expected = self.leaf_order.index(row.id) + 1

    def _in_printed_order(self, rows: list[PrintedRow]) -> bool:
        """Rows read by their printed order, when text extracted from a PDF
        lost some row labels (a label printed over several lines lands apart
        from its numbers): used only when there is exactly one row of numbers
        per official row, and every label still printed agrees with its place."""
        t = self.t
        width = min(len([c for c in t.columns_of(r) if not c.is_total]) for r in t.rows)
        value_rows = [r for r in rows if sum(1 for c in r.values if cell_is_number(c.text)) >= width]
        if len(value_rows) != len(t.rows) or all(r.labels for r in value_rows):
            return False
        for k, r in enumerate(value_rows):
            if not r.labels:
                continue
            found = [self._match(c.text, [], k) for c in r.labels]
            if any(row is not None and exact and row.id != t.rows[k].id for row, exact in found):
                return False
            if not any(row is not None and row.id == t.rows[k].id for row, _ in found) and any(
                row is not None for row, _ in found
            ):
                return False
        self.imp.note(
            "I204",
            f"「{t.key}」表的部分行标签与数字分开了（从 PDF 提取的文字）：各行按印刷顺序读取",
            severity="info",
            pos=value_rows[0].pos,
        )
        for k, r in enumerate(value_rows):
            self._row_values(t.rows[k], PrintedRow([], r.values, r.pos))
        return True

    def _structural(self, r: PrintedRow, has_number: bool) -> bool:
        """A header or block-title row: only printed header labels, no numbers."""
        if has_number:
            return False
        cores = [label_core(c.text) for c in r.labels]
        if r.labels and label_marker(r.labels[-1].text):
            return False  # a numbered row label ("3.其他"), even where a column is called 其他 too
        if len(cores) >= 2 and any(c in self.column_labels for c in cores):
            return True
        if any(label_marker(c.text) for c in r.labels):
            return False
        return all(c in self.header_labels for c in cores)

    def _match(self, label: str, ctx: list[str], expected: int) -> tuple[Row | None, bool]:
        core = label_core(label)
        stem = re.sub(r"(?:\.{2,}|…+)$", "", core)
        truncated = stem != core and len(stem) >= 2
        mark = label_marker(label)
        ctx_cores = [label_core(c) for c in ctx]
        scored = []
        for idx, row in enumerate(self.t.rows):
            if row.id in self.assigned:
                continue
            variants = {label_core(row.label), label_core(row.key), *(label_core(a) for a in row.aliases)}
            sim = max(similarity(core, v) for v in variants)
            if truncated and any(v.startswith(stem) for v in variants):
                sim = max(sim, 0.75)  # a label cut short on the page ("8.属于行…")
            exact = core in variants
            score = sim
            if mark and label_marker(row.label) and mark.rstrip("、.") == label_marker(row.label).rstrip("、."):
                score += 0.1
            parent = label_core(row.path[-2]) if len(row.path) >= 2 else ""
            if parent and any(similarity(c, parent) >= 0.8 for c in ctx_cores):
                score += 0.1
            if idx == expected:
                score += 0.1
            scored.append((score, sim, exact, row))
        if not scored:
            return None, False
        scored.sort(key=lambda x: -x[0])
        score, sim, exact, row = scored[0]
        if exact:
            return row, True
        runner = scored[1][0] if len(scored) > 1 else 0.0
        if sim >= 0.5 and score >= 0.8 and score - runner >= 0.05:
            return row, False
        return None, False

    @staticmethod
    def _fit(r: PrintedRow, cols: list[Column]) -> tuple[list[Column], list[RawCell]] | None:
        """The printed values of a row against ``cols``: all of them, or all but the
        totals; trailing empty cells (an empty filler column) do not count."""
        vals = list(r.values)
        while len(vals) > len(cols) and not vals[-1].text:
            vals.pop()
        data_cols = [c for c in cols if not c.is_total]
        for use in (cols, data_cols):
            if len(vals) == len(use):
                return use, vals
        return None

    def _expected(self, cols: list[Column]) -> str:
        data = len([c for c in cols if not c.is_total])
        return f"{data} 个数" if data == len(cols) else f"{data} 或 {len(cols)} 个数"

    def _row_values(self, row: Row, r: PrintedRow) -> None:
        cols = list(self.t.columns_of(row))
        fitted = self._fit(r, cols)
        if fitted is None:
            names = "、".join(c.label for c in cols)
            self._unmapped(r, f"「{row.label}」行应有 {self._expected(cols)}（{names}），实际有 {len(r.values)} 个")
            self.imp.uncertain.add((self.t.key, row.id))
            return
        self.assigned.add(row.id)
        for col, cell in zip(*fitted):
            self._cell(row, col, cell)

    def _cell(self, row: Row, col: Column, cell: RawCell) -> None:
        value, problem = parse_cell(cell.text, col)
        if problem:
            self.imp.note(
                "I202",
                f"{self.t.describe(row.id, col.id)}：「{cell.text}」{problem}，按未填写读取",
                cell.text,
                cell.pos,
            )
        self.values[(row.id, col.id)] = value
        self.pos[(row.id, col.id)] = cell.pos

    def _single_row(self, rows: list[PrintedRow]) -> None:
        row = self.t.rows[0]
        cols = list(self.t.columns)
        done = False
        rows = _join_pieces(rows, cols, self._fit)
        for r in rows:
            if not any(cell_is_number(c.text) for c in r.values):
                continue
            if done:
                self._unmapped(r, "多出的一行数字")
                continue
            fitted = self._fit(r, cols)
            if fitted is None:
                self._unmapped(r, f"应有 {self._expected(cols)}，实际有 {len(r.values)} 个")
                continue
            for col, cell in zip(*fitted):
                self._cell(row, col, cell)
            self.assigned.add(row.id)
            done = True
        if not done:  # a blank form: the value row is there, every cell empty
            blank = [r for r in rows if not r.labels and r.values and not any(c.text.strip() for c in r.values)]
            fitted = self._fit(blank[0], cols) if blank else None
            if fitted is not None:
                for col, cell in zip(*fitted):
                    self._cell(row, col, cell)
                self.assigned.add(row.id)

    def _unmapped(self, r: PrintedRow, why: str) -> None:
        text = " | ".join(c.text for c in r.labels + r.values)
        self.imp.note("I201", f"「{self.t.key}」表中未能读取的一行：{why}", text, r.pos)

    # -- into the data ------------------------------------------------------------
    def store(self) -> None:
        """Write the cells into the data in the YAML input form. Totals equal to
        the sum of their parts are left out (they are computed); a total that
        is blank or differs from its parts is kept as printed."""
        from giar_gen.model.report import TableValues

        t, imp = self.t, self.imp
        imp.cells_read[t.key] = sum(1 for v in self.values.values() if v is not None)
        if not self.values:
            imp.note("I206", f"「{t.key}」表中没有读到任何单元格", severity="warning")
            return
        tv = TableValues(table=t, entered=dict(self.values))
        droppable = {
            k
            for k, v in self.values.items()
            if v is not None and (t.row(k[0]).is_total or t.column(k[1]).is_total) and tv.computed(*k) == v
        }
        missing_rows = [r for r in t.rows if r.id not in self.assigned and not r.is_total]
        if missing_rows:
            imp.note(
                "I206",
                f"「{t.key}」表中缺少以下行（按未填写处理）：" + "、".join(r.label for r in missing_rows),
                severity="warning",
            )
        table: dict = {}
        for row in t.rows:
            cols = list(t.columns_of(row))
            present = [c for c in cols if (row.id, c.id) in self.values]
            if not present:
                continue
            if row.is_total and all((row.id, c.id) in droppable for c in present):
                continue
            if t.single_row:
                groups: dict[str, list[Column]] = {}
                for c in cols:
                    groups.setdefault(c.id.rsplit(".", 1)[0], []).append(c)
                for gcols in groups.values():
                    use = self._columns_to_write(row, [c for c in gcols if c in present], gcols, droppable)
                    if not use:
                        continue
                    key = gcols[0].path[-2]
                    table[key] = [self.values.get((row.id, c.id)) for c in use]
                    for i, c in enumerate(use):
                        imp.at((t.key, key, i), self.pos.get((row.id, c.id)))
                continue
            use = self._columns_to_write(row, present, cols, droppable)
            vals = [self.values.get((row.id, c.id)) for c in use]
            path = (t.key,) + row.keys
            target = table
            for k in row.keys[:-1]:
                target = target.setdefault(k, {})
            target[row.keys[-1]] = vals[0] if len(use) == 1 else vals
            for i, c in enumerate(use):
                imp.at(path + ((i,) if len(use) > 1 else ()), self.pos.get((row.id, c.id)))
            if row.label != row.key:
                imp.comments.setdefault(path, row.label)
        imp.data[t.key] = table
        imp.at((t.key,), next(iter(self.pos.values()), None))
        imp.mapped.append(f"表格“{t.key}”：读取 {len(self.values)} 个单元格")

    def _columns_to_write(self, row: Row, present: list[Column], cols: list[Column], droppable: set) -> list[Column]:
        """The columns written for a row: the data columns, plus the total
        only when it is printed and is not simply their sum."""
        if not present:
            return []
        data = [c for c in cols if not c.is_total]
        keep_total = any(c.is_total and (row.id, c.id) not in droppable for c in present)
        return cols if keep_total else data


def _join_pieces(rows: list[PrintedRow], cols: list[Column], fit) -> list[PrintedRow]:
    """A one-row table printed in pieces (OCR output gives 表四 as three small
    tables of 5 numbers, one per group): consecutive rows of numbers whose
    counts add up to the table's columns become one row, in printed order."""
    numeric = [r for r in rows if any(cell_is_number(c.text) for c in r.values)]
    if len(numeric) < 2 or any(fit(r, cols) is not None for r in numeric):
        return rows
    groups = {len([c for c in cols if c.id.rsplit(".", 1)[0] == g]) for g in {c.id.rsplit(".", 1)[0] for c in cols}}
    sizes = {len(r.values) for r in numeric}
    if len(sizes) != 1 or not (sizes <= groups or {s + 1 for s in sizes} <= groups):
        return rows
    joined = PrintedRow([], [c for r in numeric for c in r.values], numeric[0].pos)
    if fit(joined, cols) is None:
        return rows
    return [joined]
