"""The JSON Schema of a data file (``giar-gen schema``), titles in Chinese.

The non-table fields come from the pydantic model; the table fields are
generated from the table definitions, so an editor knows every row and column
key and its official label.
"""

from __future__ import annotations

from giar_gen.model.report import ReportInput
from giar_gen.model.tables import TableDef, editions

_COUNT = {"type": "integer", "minimum": 0}
_BLANK = {"type": "null", "description": "留空：尚未填写（不等于 0）"}


def _cell_schema(col) -> dict:
    if col.type == "amount":
        base = {"type": "number", "minimum": 0}
    elif col.type == "delta":
        base = {"type": "integer"}
    else:
        base = dict(_COUNT)
    return {"anyOf": [dict(base, title=col.label), _BLANK]}


def _row_schema(columns, label: str) -> dict:
    data_cols = [c for c in columns if not c.is_total]
    alts: list[dict] = [
        {
            "type": "array",
            "minItems": len(data_cols),
            "maxItems": len(columns),
            "prefixItems": [_cell_schema(c) for c in columns],
            "description": "按顺序：" + "、".join(c.label for c in columns),
        },
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {c.key: _cell_schema(c) for c in columns},
        },
    ]
    if len(data_cols) == 1:
        alts.insert(0, _cell_schema(data_cols[0]))
    return {"title": label, "anyOf": alts}


def table_schema(t: TableDef) -> dict:
    props: dict = {}
    if t.kind == "blocks":
        for r in t.rows:
            props[r.key] = _row_schema(t.columns_of(r), r.label)
    elif t.single_row:
        groups: dict[str, list] = {}
        for c in t.columns:
            groups.setdefault(c.path[-2], []).append(c)
        for g, cols in groups.items():
            props[g] = _row_schema(cols, g)
    else:

        def walk(nodes: list, prefix: tuple[str, ...]) -> dict:
            out = {}
            for n in nodes:
                if "children" in n:
                    out[n["key"]] = {
                        "title": n["label"],
                        "type": "object",
                        "additionalProperties": False,
                        "properties": walk(n["children"], prefix + (n["id"],)),
                    }
                else:
                    out[n["key"]] = _row_schema(t.columns, n["label"])
            return out

        props = walk(t._row_tree, ())
    return {"title": t.part, "type": "object", "additionalProperties": False, "properties": props}


def json_schema() -> dict:
    schema = ReportInput.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "政府信息公开工作年度报告数据文件（giar-gen）"
    latest = editions()[max(editions())]
    for t in latest.tables:
        schema["properties"][t.key] = table_schema(t)
    return schema
