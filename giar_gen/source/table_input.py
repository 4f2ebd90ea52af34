"""Read the official tables from YAML input into :class:`~giar_gen.model.report.TableValues`.

Input shapes, driven by the table definitions:

* table 二 (``主动公开情况``): ``行名: [值, …]`` in the block's column order, a
  mapping ``{列名: 值}``, or a single value for a one-column block;
* table 三 (``申请办理情况``): the row tree as nested mappings
  (``本年度办理结果 → 不予公开 → 属于国家秘密``), each leaf row a list of the six
  applicant columns (a seventh value is the 总计 and is then checked), or a
  mapping by column name;
* table 四 (``复议诉讼情况``): ``行政复议 / 未经复议直接起诉 / 复议后起诉``, each a
  list ``[结果维持, 结果纠正, 其他结果, 尚未审结]`` (a fifth value is the 总计).

A blank cell (``~``, empty) is kept as "not filled in"; it is never 0.
Every problem becomes a :class:`Diagnostic` naming the file, line, column and
the printed row and column labels of the cell.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from giar_gen.diagnostics import Diagnostic
from giar_gen.model.report import Number, TableValues
from giar_gen.model.tables import Column, Row, TableDef
from giar_gen.source.edition_labels import leaf_elsewhere, other_edition
from giar_gen.source.yamlsource import SourceMap

#: Largest magnitude a cell may hold (一万亿): any real count or amount is far below;
#: a larger one is a typing mistake, and would not fit a printed table.
MAX_NUMBER = 10**12
#: Most decimal places of an amount (万元 to the cent is four).
MAX_DECIMALS = 6

#: What a number cell may hold as text: decimal digits, a sign, a decimal point, thousands commas.
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_DECIMAL_HINT = (
    "数字只能用十进制阿拉伯数字书写，如 17、0.35：不要以 0 开头（017 请写 17），不能用 0x、0o、0b 开头，"
    "不能有冒号、下划线或 e（YAML 1.1 会把这些写法当作八进制、十六进制、六十进制等，悄悄改变数值）。"
)

_BLANK_WORDS = {"/", "／", "无", "—", "-", "－", "——", "–", "空", "n/a", "na", "null", "none", "×"}


def canon(key: Any) -> str:
    """Compare keys loosely: width, spaces and quotes do not matter."""
    s = unicodedata.normalize("NFKC", str(key))
    return re.sub(r"[\s“”\"'‘’「」]", "", s)


def _index(p: Any) -> bool:
    """A list position in a YAML path (a key written true is a bool, not a position)."""
    return isinstance(p, int) and not isinstance(p, bool)


def key_text(key: Any) -> str:
    """A key as the user wrote it: ``~`` is 空, true/false and dates as written (never Python's None, True)."""
    if key is None:
        return "空（~）"
    if isinstance(key, bool):
        return "true" if key else "false"
    return key.isoformat() if hasattr(key, "isoformat") else str(key)


def _decimal_places(d: Decimal) -> int:
    """Decimal places of ``d`` without trailing zeros (no arithmetic: safe for any exponent)."""
    _sign, digits, exponent = d.as_tuple()
    significant = "".join(map(str, digits)).rstrip("0")
    if not significant:
        return 0
    return max(0, -(exponent + len(digits) - len(significant)))


def _short(raw: Any, limit: int = 30) -> str:
    s = str(raw)
    return s if len(s) <= limit else s[:limit] + "…"


class TableReader:
    """Collects diagnostics while reading the tables of one file."""

    def __init__(self, smap: SourceMap):
        self.smap = smap
        self.diagnostics: list[Diagnostic] = []
        self._duplicates: set[tuple] = set()

    # -- errors ---------------------------------------------------------
    def error(
        self,
        code: str,
        path: tuple,
        message: str,
        *,
        cell: str | None = None,
        hint: str | None = None,
        key: bool = False,
        actual: str | None = None,
    ) -> None:
        self.diagnostics.append(
            Diagnostic(
                code=code,
                severity="error",
                message=message,
                location=self.smap.location(path, key=key),
                field=" → ".join(key_text(p) for p in path if not _index(p))
                + "".join(f"[{p + 1}]" for p in path[-1:] if _index(p)),
                cells=[cell] if cell else [],
                hint=hint,
                actual=actual,
            )
        )

    # -- cells ------------------------------------------------------------
    def cell(self, raw: Any, col: Column, path: tuple, where: str) -> Number | None:
        if raw is None:
            return None
        if isinstance(raw, (list, dict)):
            self.error(
                "Y003",
                path,
                "这里应填写一个数字，实际是一组数据",
                cell=where,
                hint="可能是把别的表格版本的行写在了这里，请对照 giar-gen init 生成的模板。",
            )
            return None
        if isinstance(raw, bool):
            self.error("Y003", path, f"应填写数字，不能填「{str(raw).lower()}」", cell=where, hint="没有发生的请填 0。")
            return None
        if not isinstance(raw, (int, float, Decimal, str)):  # a date, written 2023-01-01
            shown = raw.isoformat() if hasattr(raw, "isoformat") else type(raw).__name__
            self.error(
                "Y003",
                path,
                f"应填写数字，实际为日期「{_short(shown)}」",
                cell=where,
                actual=_short(shown),
                hint="这一格只填阿拉伯数字，如 12。",
            )
            return None
        value: Any = raw
        if isinstance(raw, str):
            text = unicodedata.normalize("NFKC", raw).strip().replace(",", "")
            if text == "":
                return None
            if text.lower() in _BLANK_WORDS or canon(raw) in _BLANK_WORDS:
                self.error(
                    "Y003",
                    path,
                    f"应填写数字，不能填「{raw}」",
                    cell=where,
                    actual=raw,
                    hint="没有发生的请填 0；尚未统计的留空不填（会被校验提示）。「/」「无」「—」都不是数字。",
                )
                return None
            if not _DECIMAL.fullmatch(text):
                numberish = re.fullmatch(r"[-+]?[0-9][0-9a-fA-FoOxXbB_:.eE+-]*", text) is not None
                self.error(
                    "Y003",
                    path,
                    f"应填写数字，实际为「{_short(raw)}」",
                    cell=where,
                    actual=_short(raw),
                    hint=_DECIMAL_HINT if numberish else "只填阿拉伯数字，不带单位，如 12 或 0.35。",
                )
                return None
            try:
                value = Decimal(text)
            except InvalidOperation:  # pragma: no cover - the pattern above admits only decimals
                return None
        if isinstance(value, float):
            value = Decimal(repr(value))
        if isinstance(value, Decimal) and not value.is_finite():
            self.error(
                "Y003",
                path,
                f"应填写数字，实际为「{raw}」（无穷大或“非数”）",
                cell=where,
                actual=str(raw),
                hint="只填阿拉伯数字，如 12 或 0.35。",
            )
            return None
        if (value.copy_abs() if isinstance(value, Decimal) else abs(value)) >= MAX_NUMBER:
            self.error(
                "Y004",
                path,
                f"数字过大：{_short(raw)}（超过一万亿），请检查是否多写了位数",
                cell=where,
                actual=_short(raw),
            )
            return None
        if isinstance(value, Decimal) and _decimal_places(value) > MAX_DECIMALS:
            self.error(
                "Y003",
                path,
                f"小数位数过多：{_short(raw)}（最多 {MAX_DECIMALS} 位）",
                cell=where,
                actual=_short(raw),
                hint="金额以万元为单位，保留两到四位小数即可。",
            )
            return None
        if col.type == "amount":
            amount = Decimal(value)
            if amount < 0:
                self.error("Y004", path, f"金额不能为负数，实际为 {_short(raw)}", cell=where, actual=str(raw))
                return None
            return amount
        # count / delta: whole numbers
        if isinstance(value, Decimal):
            if value != value.to_integral_value():
                self.error("Y003", path, f"应填写整数（件数），实际为 {raw}", cell=where, actual=str(raw))
                return None
            value = int(value)
        if col.type == "count" and value < 0:
            self.error(
                "Y004",
                path,
                f"件数不能为负数，实际为 {raw}",
                cell=where,
                actual=str(raw),
                hint="本表各项均为非负整数。",
            )
            return None
        return int(value)

    # -- rows -------------------------------------------------------------
    def row_values(
        self, values: TableValues, row: Row, raw: Any, path: tuple, columns: tuple[Column, ...], what: str
    ) -> None:
        """Read one row given as list, mapping or scalar into ``values``."""
        data_cols = [c for c in columns if not c.is_total]
        names = "、".join(c.key for c in data_cols)
        if isinstance(raw, list):
            if len(raw) == len(columns):
                cols = list(columns)
            elif len(raw) == len(data_cols):
                cols = data_cols
            else:
                extra = "，可再加总计" if len(data_cols) != len(columns) else ""
                self.error(
                    "Y007",
                    path,
                    f"{what}应有 {len(data_cols)} 个数（{names}{extra}），实际有 {len(raw)} 个",
                    hint="按列的顺序填写，没有的填 0。",
                )
                return
            for i, (c, v) in enumerate(zip(cols, raw)):
                self._store(values, row, c, v, path + (i,))
        elif isinstance(raw, dict):
            for k, v in raw.items():
                c = _match_column(columns, k)
                if c is None:
                    self._unknown(
                        path + (k,), k, [c.key for c in columns], f"{what}的列", table=values.table, kind="column"
                    )
                    continue
                self._store(values, row, c, v, path + (k,))
        elif raw is None and len(columns) > 1:
            return
        else:
            if len(columns) == 1 or (len(data_cols) == 1):
                self._store(values, row, data_cols[0], raw, path)
            else:
                self.error("Y007", path, f"{what}应填写 {len(data_cols)} 个数的列表：[{names}]", actual=str(raw))

    def _store(self, values: TableValues, row: Row, col: Column, raw: Any, path: tuple) -> None:
        where = values.table.describe(row.id, col.id)
        first = values.paths.get((row.id, col.id))
        if first is not None:  # two keys of one row (a short and a full label): never silently replaced
            here = path[:-1] if path and isinstance(path[-1], int) else path
            if here not in self._duplicates:
                self._duplicates.add(here)
                before = first[:-1] if first and isinstance(first[-1], int) else first
                self.error(
                    "Y006",
                    here,
                    f"「{here[-1]}」与前面的「{before[-1]}」是同一行（同一格），写了两次，后一个会覆盖前一个",
                    cell=where,
                    key=True,
                    hint="删除或合并重复的行。",
                )
            return
        values.entered[(row.id, col.id)] = self.cell(raw, col, path, where)
        values.paths[(row.id, col.id)] = path

    def _unknown(
        self, path: tuple, key: Any, valid: list[str], what: str, table: TableDef | None = None, kind: str = "row"
    ) -> None:
        if table is not None and self._other_edition(path, key, valid, table, kind):
            return
        close = difflib.get_close_matches(str(key), valid, n=1, cutoff=0.4)
        hint = f"是不是「{close[0]}」？" if close else ""
        hint += "可用的有：" + "、".join(valid)
        self.error("Y002", path, f"未知的{what}「{key_text(key)}」", hint=hint, key=True)

    def _other_edition(self, path: tuple, key: Any, valid: list[str], table: TableDef, kind: str) -> bool:
        """A label of another table edition: say so, never hint at a look-alike of this one."""
        found = other_edition(table, key, kind, valid, canon)
        if found is not None:
            self.error("Y002", path, found[0], hint=found[1], key=True)
        return found is not None

    # -- tables -----------------------------------------------------------
    def read(self, table: TableDef, raw: Any, path: tuple) -> TableValues:
        values = TableValues(table=table)
        if raw is None:
            return values
        if not isinstance(raw, dict):
            self.error("Y003", path, "应为下一级缩进的若干行（键: 值）", actual=str(raw)[:40])
            return values
        if table.kind == "blocks":
            for k, v in raw.items():
                row = _match_row(table.rows, k)
                if row is None:
                    self._unknown(path + (k,), k, [r.key for r in table.rows], "行", table=table)
                    continue
                self.row_values(values, row, v, path + (k,), table.columns_of(row), f"「{row.label}」")
        elif table.single_row:
            row = table.rows[0]
            groups = _column_groups(table)
            for k, v in raw.items():
                g = next((g for g in groups if canon(k) in (canon(g[0]), canon(g[1]))), None)
                if g is None:
                    self._unknown(path + (k,), k, [g[0] for g in groups], "项")
                    continue
                self.row_values(values, row, v, path + (k,), g[2], f"「{g[0]}」")
        else:
            self._tree(values, table._row_tree, raw, path, ())
        return values

    def _tree(self, values: TableValues, nodes: list, raw: dict, path: tuple, ids: tuple) -> None:
        table = values.table
        for k, v in raw.items():
            node = _match_node(nodes, k)
            if node is None and self._other_edition(path + (k,), k, [n["key"] for n in nodes], table, "row"):
                continue
            if node is None:
                leaf = _match_row(table.rows, k)
                hint_where = ""
                if leaf is not None and len(leaf.keys) > 1:
                    hint_where = f"「{leaf.key}」应写在「{' → '.join(leaf.keys[:-1])}」下面。"
                valid = [n["key"] for n in nodes]
                close = difflib.get_close_matches(str(k), valid, n=1, cutoff=0.4)
                hint = hint_where or (f"是不是「{close[0]}」？" if close else "")
                self.error(
                    "Y002",
                    path + (k,),
                    f"未知的行「{key_text(k)}」",
                    key=True,
                    hint=hint + "这一级可用的有：" + "、".join(valid),
                )
                continue
            if "children" in node:
                if v is None:
                    continue
                if not isinstance(v, dict):
                    self.error(
                        "Y003",
                        path + (k,),
                        f"「{node['label']}」下应再分若干行（下一级缩进）"
                        + leaf_elsewhere(table, ".".join(ids + (node["id"],)), node),
                        hint="、".join(c["key"] for c in node["children"]),
                    )
                    continue
                self._tree(values, node["children"], v, path + (k,), ids + (node["id"],))
            else:
                row = table.row(".".join(ids + (node["id"],)))
                self.row_values(values, row, v, path + (k,), table.columns, f"「{row.label}」")


def _match_row(rows: tuple[Row, ...], key: Any) -> Row | None:
    c = canon(key)
    for r in rows:
        if c in (canon(r.key), canon(r.id), canon(r.label)) or c in (canon(a) for a in r.aliases):
            return r
    return None


def _match_node(nodes: list, key: Any) -> dict | None:
    c = canon(key)
    for n in nodes:
        names = [n["key"], n.get("id", ""), n["label"], *n.get("aliases", ())]
        if c in (canon(x) for x in names if x):
            return n
    return None


def _match_column(columns: tuple[Column, ...], key: Any) -> Column | None:
    c = canon(key)
    for col in columns:
        if c in (canon(col.key), canon(col.id.split(".")[-1]), canon(col.label)) or c in (
            canon(a) for a in col.aliases
        ):
            return col
    return None


def _column_groups(table: TableDef) -> list[tuple[str, str, tuple[Column, ...]]]:
    """Table 四's input groups: (key, id, leaf columns) for each group of outcomes."""
    groups: dict[str, list[Column]] = {}
    for c in table.columns:
        groups.setdefault(c.id.rsplit(".", 1)[0], []).append(c)
    out = []
    for gid, cols in groups.items():
        key = cols[0].path[-2]
        out.append((key, gid, tuple(cols)))
    return out
