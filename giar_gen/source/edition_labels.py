"""A row or column label of another table edition, written in this edition's table.

The 2019 and 2021 editions of the official tables differ (table 二's columns,
table 三's 其他处理). A label copied from last year's 2019-edition file into a
2021-edition year is not a typing slip: the closest-spelling hint would put the
figures into another column (2019「本年新公开数量」→ 2021「本年废止件数」).
:func:`other_edition` says instead which edition the label belongs to and what
the same row or column is called in this one, if it exists there at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from giar_gen.model.tables import Column, Row, TableDef, edition, editions

Canon = Callable[[Any], str]  # how keys are compared (table_input.canon: width, spaces, quotes ignored)


def _names(item: Column | Row | dict) -> list[str]:
    if isinstance(item, dict):
        return [item["key"], item.get("id", ""), item["label"], *item.get("aliases", ())]
    return [item.key, item.id.split(".")[-1], item.label, *item.aliases]


def _tree_nodes(nodes: list, ids: tuple = ()) -> list[tuple[str, dict]]:
    out = []
    for n in nodes:
        i = ids + (n["id"],)
        out.append((".".join(i), n))
        if "children" in n:
            out.extend(_tree_nodes(n["children"], i))
    return out


def _find(table: TableDef, key: Any, kind: str, canon: Canon) -> tuple[str, str] | None:
    """(id, printed label) of the row or column named ``key`` in ``table``."""
    c = canon(key)
    if kind == "column":
        items = [(col.id, col.label, _names(col)) for col in table.columns]
    elif table.kind == "grid":
        items = [(i, n["label"], _names(n)) for i, n in _tree_nodes(table._row_tree)]
    else:
        items = [(r.id, r.label, _names(r)) for r in table.rows]
    for item_id, label, names in items:
        if c in (canon(n) for n in names if n):
            return item_id, label
    return None


def other_edition(table: TableDef, key: Any, kind: str, choices: list[str], canon: Canon) -> tuple[str, str] | None:
    """(message, hint) when ``key`` is a ``kind`` ("row" or "column") of
    ``table`` in another edition; ``choices``: the labels valid here."""
    if not table.edition:
        return None
    here = edition(table.edition)
    for other in editions().values():
        if other.id == table.edition:
            continue
        try:
            there = other.table(table.id)
        except KeyError:
            continue
        found = _find(there, key, kind, canon)
        if found is None:
            continue
        what = "行" if kind == "row" else "列"
        years = f"{other.first_year}—{other.last_year}年度" if other.last_year else f"{other.first_year}年度起"
        message = f"「{key}」是{other.name}表格的{what}（{years}），本报告年度用{here.name}表格"
        same = _find(table, found[0].split(".")[-1], kind, canon) if kind == "column" else None
        if kind == "row":
            try:
                row = table.row(found[0])
                same = (row.id, row.label)
            except KeyError:
                same = None
        if same is not None:
            hint = f"在{here.name}中，这一{what}印作「{same[1]}」，请改用这个名称。"
        else:
            hint = (
                f"{here.name}没有这一{what}，数字不能照搬到别的{what}；"
                f"请按本年度表格重新统计，可填的{what}：" + "、".join(choices) + "。"
            )
        return message, hint
    return None


def leaf_elsewhere(table: TableDef, row_id: str, node: dict) -> str:
    """For a group row of ``table`` given one list of figures: "；在 2019年版…中它是一行"
    when another edition prints it as a single row (else "")."""
    for other in editions().values():
        if other.id == table.edition:
            continue
        try:
            other.table(table.id).row(row_id)
        except KeyError:
            continue
        here = edition(table.edition)
        children = "、".join(c["label"] for c in node.get("children", ()))
        return (
            f"（{other.name}表格中「{node['key']}」是一行，{here.name}分为 {len(node.get('children', ()))} 行："
            f"{children}）"
        )
    return ""
