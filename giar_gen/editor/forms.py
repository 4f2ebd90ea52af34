"""The editor's forms, made from the definitions, and the edits a form makes.

Nothing here is written per table: the grids come from
:meth:`giar_gen.tables.TableDef.grid` (the printed headers, merged cells and
labels of ``templates/tables/*.yaml``), the text areas from the report's layout,
and the fields from a short list of the model's fields.

The browser sends the *state* of the form: ``{"fields": {id: text},
"parts": {part key: text}, "cells": {"表id|行id|列id": text}}``. :func:`edits`
compares it with the state of the file as loaded and turns each difference
into an :class:`~giar_gen.editor.yamlpatch.Edit` of the file's text, so that a
value the user did not change keeps its spelling, comments and place.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from giar_gen.editor.yamlpatch import Edit, render_scalar
from giar_gen.model.layouts import chinese_numeral
from giar_gen.model.report import Report, format_number
from giar_gen.model.tables import Row, TableDef
from giar_gen.source.table_input import canon

PARTS_KEY = ("正文", "parts")


@dataclass(frozen=True)
class FieldSpec:
    id: str
    label: str
    path: tuple[tuple[str, ...], ...]
    kind: str = "text"  # text, date, select, number, textarea
    options: tuple[str, ...] = ()
    hint: str = ""
    required: bool = False


#: The fields outside the tables and parts, in the order of the form.
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "year",
        "报告年度",
        (("报告年度", "report_year"),),
        "number",
        required=True,
        hint="改动年度后请保存并重新打开，以换用该年度的表格版本",
    ),
    FieldSpec(
        "agency",
        "机关名称",
        (("机关", "agency"), ("名称", "name")),
        required=True,
        hint="全称，如“××市××区市场监督管理局”",
    ),
    FieldSpec(
        "kind",
        "机关类型",
        (("机关", "agency"), ("类型", "kind")),
        "select",
        ("人民政府", "部门", "其他"),
        required=True,
    ),
    FieldSpec(
        "level",
        "层级",
        (("机关", "agency"), ("层级", "level")),
        "select",
        ("", "国务院部门", "省级", "设区的市", "县级", "乡镇", "其他"),
    ),
    FieldSpec("title", "标题", (("标题", "title"),), hint="不填则为“机关名称 + 年度 + 政府信息公开工作年度报告”"),
    FieldSpec("published", "发布日期", (("发布日期", "publication_date"),), "date", required=True),
    FieldSpec(
        "intro",
        "引言",
        (("引言", "intro"),),
        "textarea",
        hint="填“自动”则按版式生成开头说明段；也可以写自己的文字；留空则没有引言",
    ),
    FieldSpec("office", "联系单位", (("联系方式", "contact"), ("单位", "office"))),
    FieldSpec("address", "地址", (("联系方式", "contact"), ("地址", "address"))),
    FieldSpec("postcode", "邮编", (("联系方式", "contact"), ("邮编", "postcode"))),
    FieldSpec("phone", "电话", (("联系方式", "contact"), ("电话", "phone"))),
    FieldSpec("signature", "署名（落款）", (("署名", "signature"),), hint="不填则用机关名称"),
    FieldSpec("signed", "成文日期", (("成文日期", "signature_date"),), "date", hint="不填则用发布日期"),
)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


def _lookup(data: Any, path: tuple[tuple[str, ...], ...]) -> Any:
    for step in path:
        if not isinstance(data, dict):
            return None
        data = next((v for k, v in data.items() if canon(k) in {canon(n) for n in step}), None)
    return data


# ---------------------------------------------------------------------------
# the form of one report


@dataclass
class PartForm:
    key: str  # the key as written in the file (or the layout's key)
    title: str  # printed heading, e.g. 一、总体情况
    path: tuple
    table: str | None = None  # id of the official table printed in this part


@dataclass
class TableForm:
    table: TableDef
    grid: Any  # giar_gen.tables.Grid
    computed: set[str] = field(default_factory=set)  # cell ids shown read-only
    sums: dict[str, list[str]] = field(default_factory=dict)  # computed cell id → cell ids it adds up


@dataclass
class Form:
    fields: tuple[FieldSpec, ...]
    parts: list[PartForm]
    tables: list[TableForm]
    state: dict  # the state of the file as loaded
    cell_paths: dict[str, tuple] = field(default_factory=dict)  # cell id → YAML path in the file
    labels: dict[str, str] = field(default_factory=dict)  # printed position of a cell → cell id


def cell_id(table: TableDef, row_id: str, col_id: str) -> str:
    return f"{table.id}|{row_id}|{col_id}"


def build_form(report: Report, data: dict) -> Form:
    """The form of ``report`` (``data``: the file's plain YAML data), filled in."""
    state: dict = {"fields": {}, "parts": {}, "cells": {}}
    for f in FIELDS:
        text = _text(_lookup(data, f.path))
        state["fields"][f.id] = text.rstrip("\n") if f.kind == "textarea" else text
    parts: list[PartForm] = []
    written = {}
    for key in report.data.parts:
        part = report.layout.part(key)
        if part is not None:
            written[part.key] = key
    number = 0
    for part in report.layout.parts:
        number += 1 if part.heading else 0
        key = written.get(part.key, part.key)
        title = f"{chinese_numeral(number)}、{part.title}" if part.heading else part.title
        parts.append(PartForm(key=key, title=title, path=(PARTS_KEY, (key,) + part.names()), table=part.table))
        state["parts"][key] = _text(report.data.parts.get(key)).rstrip("\n")
    form = Form(fields=FIELDS, parts=parts, tables=[], state=state)
    if report.edition is not None:
        for t in report.edition.tables:
            form.tables.append(_table_form(t, report, form))
    return form


def _table_form(t: TableDef, report: Report, form: Form) -> TableForm:
    values = report.tables[t.id]
    tf = TableForm(table=t, grid=t.grid())
    for row, col in t.cells():
        cid = cell_id(t, row.id, col.id)
        form.labels[t.describe(row.id, col.id)] = cid
        typed = values.entered.get((row.id, col.id)) is not None  # a total the file writes is checked, not computed
        if (row.is_total or col.is_total) and not typed:
            tf.computed.add(cid)
            parts = (
                [cell_id(t, row.id, c) for c in col.sum_of]
                if col.is_total
                else [cell_id(t, r, col.id) for r in row.sum_of]
            )
            tf.sums[cid] = parts
            continue
        form.state["cells"][cid] = _text(values.entered.get((row.id, col.id)))
        if (row.id, col.id) in values.paths:
            form.cell_paths[cid] = values.paths[(row.id, col.id)]
    return tf


# ---------------------------------------------------------------------------
# state → edits


def parse_cell(text: str) -> Any:
    """What a grid cell holds: ``None`` for blank, a number, or the text as
    typed (the loader then says, at that cell, why it is not a number)."""
    s = (text or "").strip()
    if not s:
        return None
    try:
        d = Decimal(s.replace(",", ""))
    except InvalidOperation:
        return s
    if not d.is_finite():
        return s
    return int(d) if d == d.to_integral_value() and "." not in s else d


def _field_value(spec: FieldSpec, text: str) -> Any:
    s = text.strip() if spec.kind != "textarea" else text.strip("\n")
    if not s.strip():
        return None
    if spec.kind == "number" and s.isdigit():
        return int(s)
    return s


def _before(spec: FieldSpec) -> tuple:
    """The fields before ``spec`` in the same mapping, nearest first (a new key goes after them)."""
    i, n = FIELDS.index(spec), len(spec.path)
    out: list = []
    for f in reversed(FIELDS[:i]):
        p = f.path[:n]  # a nested field stands for its top-level mapping (机关, 联系方式)
        if len(p) == n and p[:-1] == spec.path[:-1] and p not in out:
            out.append(p)
    return tuple(out)


def edits(form: Form, state: dict, table_keys: dict[str, tuple[str, ...]]) -> list[Edit]:
    """The edits that make the file say what ``state`` says (only the changes)."""
    out: list[Edit] = []
    old = form.state
    for spec in form.fields:
        new = state.get("fields", {}).get(spec.id)
        if new is None or new == old["fields"].get(spec.id):
            continue
        if spec.kind == "textarea" and new.replace("\r\n", "\n").rstrip("\n") == old["fields"].get(spec.id):
            continue
        out.append(Edit(spec.path, _field_value(spec, new), block=spec.kind == "textarea", after=_before(spec)))
    for part in form.parts:
        new = state.get("parts", {}).get(part.key)
        if new is None or new.rstrip("\n") == old["parts"].get(part.key, ""):
            continue
        text = new.replace("\r\n", "\n").rstrip("\n")
        out.append(Edit(part.path, text if text.strip() else None, block=True))
    cells = state.get("cells", {})
    changed_rows: dict[tuple[str, str], list[str]] = {}
    for cid, new in cells.items():
        if cid not in old["cells"] or new == old["cells"][cid]:
            continue
        if cid in form.cell_paths:
            out.append(Edit(form.cell_paths[cid], parse_cell(new)))
        else:
            tid, rid, _ = cid.split("|")
            changed_rows.setdefault((tid, rid), []).append(cid)
    for (tid, rid), cids in changed_rows.items():
        tf = next(tf for tf in form.tables if tf.table.id == tid)
        out.extend(_row_edits(form, tf.table, tf.table.row(rid), cids, cells, table_keys[tid]))
    return out


def _row_edits(
    form: Form, t: TableDef, row: Row, cids: list[str], cells: dict, table_key: tuple[str, ...]
) -> list[Edit]:
    """Edits for cells the file does not have: into the row's mapping if the
    row is there, else the whole row (group, for table 四) as a new line."""

    def value(cid: str) -> str:
        return cells.get(cid, form.state["cells"].get(cid, ""))

    existing = [form.cell_paths[c] for c in form.cell_paths if c.startswith(f"{t.id}|{row.id}|")]
    if t.single_row:
        out = []
        groups: dict[str, list] = {}
        for c in t.columns:
            if not c.is_total:
                groups.setdefault(c.id.rsplit(".", 1)[0], []).append(c)
        for gid, cols in groups.items():
            ids = [cell_id(t, row.id, c.id) for c in cols]
            if not any(i in cids for i in ids):
                continue
            flow = "[" + ", ".join(_flow_cell(value(i)) for i in ids) + "]"
            out.append(Edit((table_key, (cols[0].path[-2], gid)), flow, raw=True))
        return out
    if existing:
        base = existing[0][:-1]
        return [Edit(base + ((t.column(c.split("|")[2]).key,),), parse_cell(value(c))) for c in cids]
    cols = [c for c in t.columns_of(row) if not c.is_total]
    vals = [_flow_cell(value(cell_id(t, row.id, c.id))) for c in cols]
    text = vals[0] if len(cols) == 1 else "[" + ", ".join(vals) + "]"
    steps = [table_key] + [(k,) for k in row.keys]
    return [Edit(tuple(steps), text, raw=True)]


def _flow_cell(text: str) -> str:
    return render_scalar(parse_cell(text))


def table_keys(report: Report, data: dict) -> dict[str, tuple[str, ...]]:
    """For each table, the names its top-level key may have, the file's own first."""
    out = {}
    if report.edition is None:
        return out
    for t in report.edition.tables:
        values = report.tables[t.id]
        first = next(iter(values.paths.values()))[0] if values.paths else t.key
        out[t.id] = (first, t.key, t.id)
    return out


__all__ = ["FIELDS", "Form", "build_form", "cell_id", "edits", "parse_cell", "table_keys"]
