"""Find the official tables in a filled workbook and read their cells.

The raw cells come from :mod:`giar_gen.readers.xlsx`; this module knows the
table definitions (``templates/tables/*.yaml``) and looks for their printed
labels, not for fixed coordinates, so a workbook still reads after a user
inserted a blank row or column, and a sheet made from another copy of the
official form (same labels, other positions) reads too:

* a table's rows are its row labels, searched in printed order (a label that
  occurs twice is taken at its first place below the previous row);
* a grid table's columns are the leaf column labels: for every sheet column,
  the lowest header text above the first data row (the text of a merged
  header sits in its top-left cell), matched in printed order;
* a block of table 二 takes its columns from the header row just above the
  block's first row; table 四 (one unlabelled row) reads the row under its
  header.

Every cell that is not a figure of its type (text such as “无” or “/”, a
fraction in a count, a negative count, a date, a formula never calculated)
is a located :class:`Diagnostic`: the sheet and cell (``表三 申请情况!D7``) and
the printed row and column labels. A blank cell stays blank (``None``), 0
stays 0. A total cell holding a formula is left to giar-gen to compute; a
total typed as a number is kept, so the checks compare it with its parts.
"""

from __future__ import annotations

import datetime as _dt
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from giar_gen.diagnostics import Diagnostic, InputError, Location
from giar_gen.model.report import Number, TableValues
from giar_gen.model.tables import Column, Edition, Row, TableDef, editions
from giar_gen.model.tables import edition as edition_by_id
from giar_gen.readers import ReaderError
from giar_gen.readers.xlsx import XCell, XSheet, read_xlsx
from giar_gen.source.table_input import _BLANK_WORDS, MAX_DECIMALS, MAX_NUMBER, _decimal_places, canon

#: How far above a table's first row its header may reach.
HEADER_ROWS = 8


@dataclass
class Located:
    """Where one table was found: its sheet and the position of each cell."""

    table: TableDef
    sheet: XSheet
    cells: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # labels not found
    score: int = 0  # labels found


@dataclass
class XlsxTables:
    """The official tables read from a workbook.

    ``tables`` holds a :class:`TableValues` for every table that was found
    (by table id); ``addresses`` the cell of each read value
    (``{table id: {(row id, column id): "表三 申请情况!D7"}}``);
    ``diagnostics`` the located errors and warnings. Use the values only when
    :attr:`ok`.
    """

    name: str  # the file, as messages name it
    edition: Edition
    tables: dict[str, TableValues]
    addresses: dict[str, dict[tuple[str, str], str]]
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)

    def values(self) -> dict[str, dict[str, dict[str, Number | None]]]:
        """Plain values, totals computed: ``{table id: {row id: {column id: value}}}``."""
        return {tid: v.as_dict() for tid, v in self.tables.items()}


def address(sheet: str, row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{sheet}!{get_column_letter(col)}{row}"


# ---------------------------------------------------------------------------
# finding the tables


def _names(obj: Row | Column) -> set[str]:
    return {canon(x) for x in (obj.label, obj.key, *obj.aliases) if x}


def _label_index(sheet: XSheet) -> list[tuple[int, int, str]]:
    out = [
        (r, c, canon(cell.value))
        for (r, c), cell in sheet.cells.items()
        if isinstance(cell.value, str) and not cell.formula and cell.value.strip()
    ]
    return sorted(out)


def _find_rows(index, rows, after: int = 0) -> tuple[dict[str, tuple[int, int]], list[Row]]:
    """Row labels in printed order: each at its first place below the previous one found."""
    found: dict[str, tuple[int, int]] = {}
    missing: list[Row] = []
    prev = after
    for row in rows:
        names = _names(row)
        hit = next(((r, c) for r, c, t in index if r > prev and t in names), None)
        if hit is None:
            missing.append(row)
            continue
        found[row.id] = hit
        prev = hit[0]
    return found, missing


def _leaf_headers(sheet: XSheet, bottom: int, top: int, first_col: int) -> list[tuple[int, str]]:
    """For each column right of ``first_col``: the lowest header text from ``bottom`` up to ``top``."""
    cols = sorted({c for (r, c) in sheet.cells if top <= r <= bottom and c > first_col})
    out = []
    for c in cols:
        for r in range(bottom, top - 1, -1):
            t = sheet.text(r, c).strip()
            if t:
                out.append((c, canon(t)))
                break
    return out


def _match_columns(headers: list[tuple[int, str]], columns) -> tuple[dict[str, int], list[Column]]:
    found: dict[str, int] = {}
    missing: list[Column] = []
    i = 0
    for col in columns:
        names = _names(col)
        j = next((k for k in range(i, len(headers)) if headers[k][1] in names), None)
        if j is None:
            missing.append(col)
            continue
        found[col.id] = headers[j][0]
        i = j + 1
    return found, missing


def _locate_grid(t: TableDef, sheet: XSheet, index) -> Located:
    loc = Located(t, sheet)
    if t.single_row:
        leaf = set().union(*(_names(c) for c in t.columns))
        hits = [r for r, _c, text in index if text in leaf]
        if not hits:
            loc.missing = [c.printed for c in t.columns]
            return loc
        bottom = max(hits)
        cols, missing_cols = _match_columns(_leaf_headers(sheet, bottom, max(1, bottom - HEADER_ROWS), 0), t.columns)
        data_row = bottom + 1
        if (
            cols
            and not any(sheet.get(data_row, c) for c in cols.values())
            and any(sheet.get(data_row + 1, c) for c in cols.values())
        ):
            data_row += 1  # one blank row inserted under the header
        rows = {t.rows[0].id: (data_row, 0)}
        missing_rows: list[Row] = []
    else:
        rows, missing_rows = _find_rows(index, t.rows)
        if not rows:
            loc.missing = [r.printed for r in t.rows]
            return loc
        first = min(r for r, _c in rows.values())
        label_col = max(c for _r, c in rows.values())
        headers = _leaf_headers(sheet, first - 1, max(1, first - HEADER_ROWS), label_col)
        cols, missing_cols = _match_columns(headers, t.columns)
    for row in t.rows:
        for col in t.columns:
            if row.id in rows and col.id in cols:
                loc.cells[(row.id, col.id)] = (rows[row.id][0], cols[col.id])
    loc.missing = [f"「{r.printed}」行" for r in missing_rows] + [f"「{c.printed}」列" for c in missing_cols]
    loc.score = len(rows) * (not t.single_row) + len(cols)
    return loc


def _locate_blocks(t: TableDef, sheet: XSheet, index) -> Located:
    loc = Located(t, sheet)
    prev_end = 0
    for b in t.blocks:
        rows, missing_rows = _find_rows(index, b.rows, prev_end)
        loc.missing += [f"「{b.title}」的「{r.label}」行" for r in missing_rows]
        if not rows:
            loc.missing += [f"「{b.title}」的「{c.label}」列" for c in b.columns]
            continue
        first = min(r for r, _c in rows.values())
        label_col = max(c for _r, c in rows.values())
        first_names = _names(b.columns[0])
        header = next(
            (
                r
                for r in range(first - 1, max(prev_end, first - HEADER_ROWS - 1), -1)
                if any(canon(sheet.text(r, c)) in first_names for c in range(label_col + 1, label_col + 12))
            ),
            None,
        )
        cols: dict[str, int] = {}
        missing_cols: list[Column] = list(b.columns)
        if header is not None:
            headers = [
                (c, canon(sheet.text(header, c)))
                for c in sorted(c for (r, c) in sheet.cells if r == header and c > label_col)
            ]
            cols, missing_cols = _match_columns(headers, b.columns)
        loc.missing += [f"「{b.title}」的「{c.label}」列" for c in missing_cols]
        for row in b.rows:
            for col in b.columns:
                if row.id in rows and col.id in cols:
                    loc.cells[(row.id, col.id)] = (rows[row.id][0], cols[col.id])
        loc.score += len(rows) + len(cols)
        prev_end = max(r for r, _c in rows.values())
    return loc


def _label_count(t: TableDef) -> int:
    if t.kind == "blocks":
        return sum(len(b.rows) + len(b.columns) for b in t.blocks)
    return len(t.columns) + (0 if t.single_row else len(t.rows))


def locate(t: TableDef, sheets: list[XSheet]) -> Located | None:
    """The sheet where most of ``t``'s labels are found; ``None`` when no sheet
    has at least half of them (a 总计 column alone is not table 四)."""
    best: Located | None = None
    for sheet in sheets:
        index = _label_index(sheet)
        loc = _locate_blocks(t, sheet, index) if t.kind == "blocks" else _locate_grid(t, sheet, index)
        if loc.score and (best is None or loc.score > best.score):
            best = loc
    if best is None or 2 * best.score < _label_count(t):
        return None
    return best


# ---------------------------------------------------------------------------
# reading a cell


class _CellError(Exception):
    def __init__(self, message: str, hint: str | None = None, code: str = "Y003"):
        super().__init__(message)
        self.message, self.hint, self.code = message, hint, code


_NOT_NUMBER_HINT = "没有发生的请填 0；尚未统计的留空。「/」「无」「—」等文字都不是数字。"


def cell_number(cell: XCell | None, col: Column) -> Number | None:
    """The figure of a data cell; ``None`` for a blank one. Raises :class:`_CellError`."""
    if cell is None:
        return None
    raw = cell.value
    if cell.formula and raw is None:
        raise _CellError(
            f"公式「{cell.formula[:40]}」没有保存计算结果",
            "请在 Excel/WPS 中打开后保存一次（保存计算结果），或直接填写数字。",
        )
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise _CellError(f"应填写数字，实际为逻辑值「{'TRUE' if raw else 'FALSE'}」", _NOT_NUMBER_HINT)
    if isinstance(raw, (_dt.datetime, _dt.date, _dt.time)):
        raise _CellError(
            f"应填写数字，实际是日期或时间「{raw}」",
            "该单元格被设成了日期格式：请把单元格格式改为“常规”或“数值”后重新填写。",
        )
    if isinstance(raw, str):
        text = unicodedata.normalize("NFKC", raw).strip().replace(",", "")
        if text == "":
            return None
        if text.startswith("#"):  # #VALUE!, #REF!: an error value of a formula
            raise _CellError(f"公式出错：「{raw}」", "请检查该单元格的公式，或直接填写数字。")
        if text.lower() in _BLANK_WORDS or canon(raw) in _BLANK_WORDS:
            raise _CellError(f"应填写数字，不能填「{raw}」", _NOT_NUMBER_HINT)
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise _CellError(
                f"应填写数字，实际为「{_short(raw)}」", "只填阿拉伯数字，不带单位，如 12 或 0.35。"
            ) from None
    elif isinstance(raw, float):
        value = Decimal(repr(raw))
    elif isinstance(raw, (int, Decimal)):
        value = Decimal(raw)
    else:
        raise _CellError(f"应填写数字，实际为「{_short(raw)}」", _NOT_NUMBER_HINT)
    if not value.is_finite():
        raise _CellError(f"应填写数字，实际为「{_short(raw)}」", _NOT_NUMBER_HINT)
    if value.copy_abs() >= MAX_NUMBER:
        raise _CellError(f"数字过大：{_short(raw)}（超过一万亿），请检查是否多写了位数", code="Y004")
    if col.type == "amount":
        if value < 0:
            raise _CellError(f"金额不能为负数，实际为 {_short(raw)}", code="Y004")
        if _decimal_places(value) > MAX_DECIMALS:
            raise _CellError(
                f"小数位数过多：{_short(raw)}（最多 {MAX_DECIMALS} 位）", "金额以万元为单位，保留两到四位小数即可。"
            )
        return value.normalize() if value != value.to_integral_value() else int(value)
    if value != value.to_integral_value():
        raise _CellError(f"应填写整数（件数），实际为 {_short(raw)}", "件数只能是 0、1、2……这样的整数。")
    if col.type == "count" and value < 0:
        raise _CellError(f"件数不能为负数，实际为 {_short(raw)}", "本表各项均为不小于 0 的整数。", code="Y004")
    return int(value)


def _short(raw, limit: int = 30) -> str:
    s = str(raw)
    return s if len(s) <= limit else s[:limit] + "…"


# ---------------------------------------------------------------------------
# the workbook


def _read_table(loc: Located, file: str, diags: list[Diagnostic]) -> tuple[TableValues, dict]:
    t = loc.table
    values = TableValues(table=t)
    addresses: dict[tuple[str, str], str] = {}
    for row, col in t.cells():
        pos = loc.cells.get((row.id, col.id))
        if pos is None:
            continue
        where = address(loc.sheet.name, *pos)
        addresses[(row.id, col.id)] = where
        cell = loc.sheet.get(*pos)
        if (col.is_total or row.is_total) and (cell is None or cell.formula):
            continue  # giar-gen computes it (a formula, or left blank)
        try:
            values.entered[(row.id, col.id)] = cell_number(cell, col)
        except _CellError as exc:
            diags.append(
                Diagnostic(
                    exc.code,
                    "error",
                    exc.message,
                    Location(file),
                    field=where,
                    cells=[t.describe(row.id, col.id)],
                    hint=exc.hint,
                    actual=_short(cell.value if cell else ""),
                )
            )
    return values, addresses


def _edition_score(ed: Edition, sheets: list[XSheet]) -> int:
    return sum(loc.score for t in ed.tables if (loc := locate(t, sheets)) is not None)


def _choose_edition(sheets: list[XSheet]) -> Edition:
    """The edition whose labels the workbook holds most of (the newer on a tie)."""
    scored = [(_edition_score(ed, sheets), ed.first_year, ed) for ed in editions().values()]
    return max(scored, key=lambda s: (s[0], s[1]))[2]


def read_tables_xlsx(
    source: str | Path | bytes, edition: Edition | str | None = None, *, name: str | None = None
) -> XlsxTables:
    """Read the official tables of ``edition`` (default: the edition whose
    labels the workbook holds) from a workbook: a file, or the bytes of an
    upload (``name`` names it in messages, e.g. the uploaded file's name).

    Raises :class:`InputError` when the file cannot be read at all or holds
    none of the tables; otherwise returns every table found with its
    diagnostics (a cell that is not a figure, a label not found, a table
    missing), so an editor can show them all at once.
    """
    file = name or (str(source) if not isinstance(source, bytes) else "上传的工作簿")
    try:
        book = read_xlsx(source, file)
    except ReaderError as exc:
        raise InputError([Diagnostic("Y000", "error", str(exc), Location(file))]) from None
    best = _choose_edition(book.sheets)
    ed = edition_by_id(edition) if isinstance(edition, str) else edition or best
    if ed.id != best.id and _edition_score(best, book.sheets) > _edition_score(ed, book.sheets):
        raise InputError(
            [
                Diagnostic(
                    "Y008",
                    "error",
                    f"工作簿中是{best.name}的表格，而这里需要{ed.name}的表格",
                    Location(file),
                    hint=f"两版表格的行、列不同（{ed.first_year}年度起用{ed.name}）：请用本年度数据文件生成的工作簿"
                    "（giar-gen tables 数据.yaml）重新填写。",
                )
            ]
        )
    diags: list[Diagnostic] = []
    tables: dict[str, TableValues] = {}
    addresses: dict[str, dict] = {}
    for t in ed.tables:
        loc = locate(t, book.sheets)
        if loc is None:
            diags.append(
                Diagnostic(
                    "Y005",
                    "warning",
                    f"工作簿中没有找到「{t.part}」表（{ed.name}），该表未读取",
                    Location(file),
                    field=t.key,
                    hint="用 giar-gen tables 生成的工作簿填写；工作表中的行、列标签请勿改动。",
                )
            )
            continue
        for label in loc.missing:
            diags.append(
                Diagnostic(
                    "Y005",
                    "error",
                    f"「{loc.sheet.name}」工作表中找不到{label}，该处数字无法读取",
                    Location(file),
                    field=t.key,
                    hint="行、列标签应与官方表格逐字一致；请勿删改标签单元格。",
                )
            )
        tables[t.id], addresses[t.id] = _read_table(loc, file, diags)
    if not tables:
        raise InputError(
            [
                Diagnostic(
                    "Y005",
                    "error",
                    f"工作簿中没有找到任何一张官方统计表（{ed.name}）",
                    Location(file),
                    hint="请用 giar-gen tables 数据.yaml -o 表格.xlsx 生成的工作簿填写。",
                )
            ]
        )
    if any(s.truncated for s in book.sheets):
        diags.append(Diagnostic("Y005", "warning", "工作表过大，只读取了前 500 行、60 列", Location(file)))
    return XlsxTables(name=file, edition=ed, tables=tables, addresses=addresses, diagnostics=diags)
