"""Put new figures for the official tables into the text of a data file.

Used by ``giar-gen import 表格.xlsx`` (and by the editor's upload): the file
stays the user's own. Everything outside the tables (texts, dates, contact,
comments, key order, blank lines) is left byte for byte as it was, and inside
a table:

* a cell whose figure changed is edited where it stands (the number inside
  ``[86, 9, 1, 0, 3, 2]`` or after ``行政许可:``), so the row's comment and
  layout stay;
* a cell the file does not have (a row never written, a total typed in the
  workbook that the file leaves to giar-gen) makes the whole table be written
  again in the project's style (:mod:`giar_gen.yamlwrite`), with the printed
  labels as comments; a table the file lacks is added at its end.

The result is loaded again and compared before it is returned: the other
fields must be unchanged and every cell of the new tables as given, else the
edit falls back to rewriting the tables, and a mismatch after that is a bug
(:class:`TableUpdateError`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from giar_gen.diagnostics import Diagnostic, InputError, Location
from giar_gen.model.report import Number, Report, TableValues
from giar_gen.model.tables import TableDef
from giar_gen.source.loader import load_report_text
from giar_gen.source.table_input import canon
from giar_gen.source.yamlsource import compose
from giar_gen.source.yamlwrite import Writer, scalar, table_comments


class TableUpdateError(RuntimeError):
    """The edited text does not hold the figures it should (a bug)."""


@dataclass
class TableUpdate:
    text: str
    changed: list[tuple[str, str, Number | None, Number | None]] = field(default_factory=list)
    # (table key, printed cell, old value, new value) for each cell whose printed value changed
    rewritten: list[str] = field(default_factory=list)  # keys of the tables written anew


def table_data(values: TableValues) -> dict:
    """A table in the input form of ``giar-gen init``: lists in column order;
    a total is written (as the last number) only where one was entered."""
    t = values.table
    v = values.entered
    out: dict = {}
    if t.single_row:
        row = t.rows[0]
        groups: dict[str, list] = {}
        for c in t.columns:
            groups.setdefault(c.path[-2], []).append(c)
        for key, cols in groups.items():
            data = [v.get((row.id, c.id)) for c in cols if not c.is_total]
            totals = [c for c in cols if c.is_total and v.get((row.id, c.id)) is not None]
            out[key] = data + [v[(row.id, c.id)] for c in totals]
        return out
    for row in t.rows:
        cols = t.columns_of(row)
        entered_total = any(c.is_total and v.get((row.id, c.id)) is not None for c in cols)
        if row.is_total and not any(v.get((row.id, c.id)) is not None for c in cols):
            continue
        used = [c for c in cols if not c.is_total or entered_total or row.is_total]
        vals = [v.get((row.id, c.id)) for c in used]
        target = out
        for k in row.keys[:-1]:
            target = target.setdefault(k, {})
        target[row.keys[-1]] = vals[0] if len(used) == 1 else vals
    return out


def table_text(values: TableValues, key: str) -> str:
    """The YAML lines of one table, under ``key``, with the label comments."""
    t = values.table
    data = table_data(values)
    comments: dict[tuple, str] = {(key,): t.part}
    for row in t.rows:
        if row.label != row.key and not t.single_row and t.kind != "blocks":
            comments[(key,) + row.keys] = row.label
    before = {(key,) + k[1:]: c for k, c in table_comments(t, data).items()}
    w = Writer(comments, before)
    w.mapping({key: data})
    return "\n".join(w.lines) + "\n"


def _top_level(root: yaml.Node | None) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(root, yaml.MappingNode):
        return {}
    return {str(k.value): (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)}


def _node_at(root: yaml.Node, path: tuple) -> yaml.Node | None:
    node = root
    for p in path:
        if isinstance(node, yaml.MappingNode) and not isinstance(p, int):
            node = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(p)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(p, int) and p < len(node.value):
            node = node.value[p]
        else:
            return None
        if node is None:
            return None
    return node


def _wanted(new: TableValues, row_id: str, col_id: str, in_file: bool) -> tuple[bool, Number | None]:
    """(does the file need this cell, its figure). A total is needed only when
    the file has it already or the workbook gives one differing from the sum."""
    row, col = new.table.row(row_id), new.table.column(col_id)
    if not (row.is_total or col.is_total):
        return (in_file or new.entered.get((row_id, col_id)) is not None), new.entered.get((row_id, col_id))
    if in_file:
        return True, new.value(row_id, col_id)
    v = new.entered.get((row_id, col_id))
    return (v is not None and v != new.computed(row_id, col_id)), v


def _cell_edits(text: str, root, old: TableValues, new: TableValues) -> list[tuple[int, int, str]] | None:
    """In-place edits of one table, or ``None`` when the file lacks a cell it needs."""
    edits = []
    t: TableDef = new.table
    for row, col in t.cells():
        k = (row.id, col.id)
        path = old.paths.get(k)
        needed, value = _wanted(new, row.id, col.id, path is not None)
        if not needed:
            continue
        if path is None:
            return None
        current = old.entered.get(k)
        if current == value and (current is None) == (value is None):
            continue
        node = _node_at(root, path)
        if not isinstance(node, yaml.ScalarNode) or node.start_mark.index == node.end_mark.index:
            return None
        edits.append((node.start_mark.index, node.end_mark.index, scalar(value)))
    return edits


def _table_span(text: str, key_node: yaml.Node, value_node: yaml.Node) -> tuple[int, int]:
    """From the table's key to its last line of content (comments and blank
    lines after it belong to what follows)."""
    start = text.rfind("\n", 0, key_node.start_mark.index) + 1
    end = value_node.end_mark.index
    lines = text[start:end].split("\n")
    while len(lines) > 1 and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        lines.pop()
    end = start + len("\n".join(lines))
    if end < len(text) and text[end] == "\n":
        end += 1
    return start, end


def _edit(text: str, report: Report, tables: dict[str, TableValues], whole: bool, file: str) -> tuple[str, list[str]]:
    root = compose(text, file)
    top = _top_level(root)
    edits: list[tuple[int, int, str]] = []
    appended: list[str] = []
    rewritten: list[str] = []
    for tid, new in tables.items():
        old = report.tables[tid]
        t = new.table
        names = {canon(t.key), canon(t.id)}
        entry = next(((name, n) for name, n in top.items() if canon(name) in names), None)
        if entry is None:
            appended.append(table_text(new, t.key))
            rewritten.append(t.key)
            continue
        name, (key_node, value_node) = entry
        cells = None if whole else _cell_edits(text, root, old, new)
        if cells is None:
            start, end = _table_span(text, key_node, value_node)
            edits.append((start, end, table_text(new, name)))
            rewritten.append(name)
        else:
            edits.extend(cells)
    if "\r\n" in text:  # a file saved on Windows keeps its line ends
        edits = [(a, b, r.replace("\n", "\r\n")) for a, b, r in edits]
        appended = [r.replace("\n", "\r\n") for r in appended]
    out = text
    for start, end, repl in sorted(edits, reverse=True):
        out = out[:start] + repl + out[end:]
    if appended:
        nl = "\r\n" if "\r\n" in text else "\n"
        out = out.rstrip("\r\n") + nl + nl + nl.join(appended)
    return out, rewritten


def _same(report: Report, updated: Report, tables: dict[str, TableValues]) -> bool:
    if report.data.model_dump() != updated.data.model_dump():
        return False
    for tid, new in tables.items():
        got = updated.tables[tid]
        for row, col in new.table.cells():
            k = (row.id, col.id)
            if got.value(*k) != new.value(*k) or got.is_filled(*k) != new.is_filled(*k):
                if not (row.is_total or col.is_total) or got.value(*k) != new.value(*k):
                    return False
    return True


def update_tables_text(text: str, tables: dict[str, TableValues], file: str = "<输入>") -> TableUpdate:
    """``text`` (a data file) with the official tables in ``tables`` (by table
    id) replaced; other tables and everything else unchanged.

    Raises :class:`InputError` when ``text`` is not a usable data file or its
    table edition differs from the tables'."""
    report = load_report_text(text, file)
    for new in tables.values():
        if report.edition is None or report.edition.id != new.table.edition:
            have = f"{report.edition.name}" if report.edition else "没有全国统一的统计表"
            raise InputError(
                [
                    Diagnostic(
                        "Y008",
                        "error",
                        f"数据文件是{report.year}年度（{have}），工作簿中的表格是{new.table.edition}年版，不能导入",
                        Location(file),
                        hint="请用本年度数据文件生成的工作簿（giar-gen tables 数据.yaml）填写。",
                    )
                ]
            )
    for whole in (False, True):
        new_text, rewritten = _edit(text, report, tables, whole, file)
        try:
            updated = load_report_text(new_text, file)
        except InputError:
            continue
        if _same(report, updated, tables):
            changed = []
            for tid, new in tables.items():
                old, t = report.tables[tid], new.table
                for row, col in t.cells():
                    a, b = old.value(row.id, col.id), new.value(row.id, col.id)
                    computed = old.entered.get((row.id, col.id)) is None and new.entered.get((row.id, col.id)) is None
                    if computed and (a is not None or b is not None):
                        continue  # a total giar-gen computes: it follows its parts, not an edit of its own
                    if a != b or (a is None) != (b is None):
                        changed.append((t.key, t.describe(row.id, col.id), a, b))
            return TableUpdate(new_text, changed, rewritten)
    raise TableUpdateError("写入表格后的数据文件与导入的数字不一致（程序错误），未写入")
