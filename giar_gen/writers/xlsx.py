"""The official tables as an Excel workbook (``giar-gen tables``).

One sheet per official table of the report's edition, laid out from the same
printed grid as the HTML/PDF/DOCX tables (:meth:`TableDef.grid`): the merged
header cells, the row labels and the block titles are the labels of
``templates/tables/*.yaml``, never typed here. The workbook is meant to be
filled in and read back (:mod:`giar_gen.importer.xlsx`):

* label and header cells are locked, the sheet is protected without a
  password, data cells are unlocked, so only the figures can be typed;
* a total cell (总计, （七）总计) is an Excel formula over the cells giar-gen adds
  up, blank while any of them is blank, as giar-gen computes it;
* data cells carry a data validation: whole numbers ≥ 0 (件数), decimals ≥ 0
  (金额), whole numbers (本年增/减), with a Chinese error message;
* a blank cell (``~``) stays empty and 0 stays 0.

The bytes depend on the input only: the document properties carry the
report's publication date, and the zip members a fixed timestamp.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from giar_gen.model.layouts import Layout, chinese_numeral, layout_for_year
from giar_gen.model.report import Number, Report, TableValues
from giar_gen.model.tables import Edition, TableDef

#: Short sheet names by table id (the tab shows “表三 申请情况”; the sheet's
#: first row carries the full official title).
SHEET_NAMES = {"proactive": "主动公开", "applications": "申请情况", "reviews": "复议诉讼"}
#: Excel width units available across the printable width of an A4 page.
PAGE_WIDTH = {"portrait": 92, "landscape": 140}

_FONT = Font(name="宋体", size=10.5)
_TITLE = Font(name="黑体", size=14)
_NOTE = Font(name="宋体", size=9, color="666666")
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_LOCKED = Protection(locked=True)
_OPEN = Protection(locked=False)

#: Data validations by cell type: (Excel type, operator, bounds, message). No upper bound
#: for counts and amounts (the importer refuses 一万亿 and more); 本年增/减 within what
#: every spreadsheet's whole-number check accepts.
_VALIDATION = {
    "count": (
        "whole",
        "greaterThanOrEqual",
        ("0", None),
        "本格应填写不小于 0 的整数（件数）。没有发生的填 0；尚未统计的留空。",
    ),
    "delta": (
        "whole",
        "between",
        ("-2147483647", "2147483647"),
        "本格应填写整数（本年增加填正数，减少填负数）。没有变化的填 0；尚未统计的留空。",
    ),
    "amount": (
        "decimal",
        "greaterThanOrEqual",
        ("0", None),
        "本格应填写不小于 0 的数字（金额，可有小数）。没有发生的填 0；尚未统计的留空。",
    ),
}
_NOTE_TEXT = (
    "填写说明：只填白色单元格；灰色的总计由公式自动计算。没有发生的填 0，尚未统计的留空，"
    "不要填“/”“无”等文字。填好后用 giar-gen import 读回数据文件。"
)


@dataclass
class SheetLayout:
    """Where a table landed on its sheet (1-based rows and columns)."""

    table: TableDef
    cells: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)  # (row id, col id) → (row, col)
    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # top-left → (rows, cols)
    first_row: int = 2
    last_row: int = 2
    width: int = 1


def ref(row: int, col: int) -> str:
    """``C7`` for row 7, column 3."""
    return f"{get_column_letter(col)}{row}"


def place(table: TableDef, top: int = 2) -> tuple[SheetLayout, list[tuple[int, int, object]]]:
    """Place the printed grid of ``table`` on a sheet from row ``top``.

    Returns the layout and the placed grid cells ``(row, col, GridCell)``;
    cells spanning several rows or columns take the next free position, the
    way a browser lays out an HTML table.
    """
    grid = table.grid()
    lay = SheetLayout(table=table, first_row=top, width=grid.width)
    taken: set[tuple[int, int]] = set()
    placed: list[tuple[int, int, object]] = []
    for i, grid_row in enumerate(grid.header + grid.body):
        r = top + i
        c = 1
        for cell in grid_row:
            while (r, c) in taken:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            if cell.rowspan > 1 or cell.colspan > 1:
                lay.spans[(r, c)] = (cell.rowspan, cell.colspan)
            if cell.ref is not None:
                lay.cells[cell.ref] = (r, c)
            placed.append((r, c, cell))
            c += cell.colspan
    lay.last_row = top + len(grid.header) + len(grid.body) - 1
    return lay, placed


def _ranges(coords: list[tuple[int, int]]) -> str:
    """Cell references as one range when they are a contiguous row or column
    (``D5:I5``, ``D7:D27``), else listed (``A5,C5``)."""
    rows = sorted({r for r, _ in coords})
    cols = sorted({c for _, c in coords})
    if len(rows) == 1 and cols == list(range(cols[0], cols[-1] + 1)) and len(cols) == len(coords):
        return f"{ref(rows[0], cols[0])}:{ref(rows[0], cols[-1])}"
    if len(cols) == 1 and rows == list(range(rows[0], rows[-1] + 1)) and len(rows) == len(coords):
        return f"{ref(rows[0], cols[0])}:{ref(rows[-1], cols[0])}"
    return ",".join(ref(*rc) for rc in coords)


def total_formula(lay: SheetLayout, row_id: str, col_id: str) -> str | None:
    """The Excel formula of a total cell, or ``None`` for a data cell.

    As :meth:`TableValues.computed`: a total column adds the row's cells of the
    columns in ``sum_of`` (for the corner cell, the row totals included); a
    total row adds the rows in ``sum_of``; blank while any part is blank.
    """
    t = lay.table
    row, col = t.row(row_id), t.column(col_id)
    if col.is_total:
        parts = [lay.cells[(row_id, c)] for c in col.sum_of]
    elif row.is_total:
        parts = [lay.cells[(r, col_id)] for r in row.sum_of]
    else:
        return None
    refs = _ranges(parts)
    return f'=IF(COUNT({refs})={len(parts)},SUM({refs}),"")'


def _excel_number(v: Number | None):
    if v is None:
        return None
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def _display_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _column_widths(table: TableDef, width: int, orientation: str) -> list[float]:
    weights = list(table.col_weights) if len(table.col_weights) == width else [1.0] * width
    scale = PAGE_WIDTH[orientation] / sum(weights)
    return [round(max(6.0, w * scale), 1) for w in weights]


def _orientation(table: TableDef, width: int) -> str:
    return "landscape" if table.print_size != "normal" or width > 6 else "portrait"


def _row_heights(ws, placed, lay: SheetLayout, widths: list[float]) -> None:
    """Tall enough rows for wrapped labels (Excel does not grow merged cells by itself)."""
    need: dict[int, float] = {}
    for r, c, cell in placed:
        if not cell.text:
            continue
        rows, cols = lay.spans.get((r, c), (1, 1))
        avail = sum(widths[c - 1 : c - 1 + cols]) - 1.5
        lines = math.ceil(_display_width(cell.text) / max(avail, 2.0))
        per_row = 14.0 * max(lines, 1) / rows + 4.0
        need[r] = max(need.get(r, 18.0), per_row)
    for r, h in need.items():
        ws.row_dimensions[r].height = round(h, 1)


def _caption(table: TableDef, layout: Layout) -> tuple[str, str]:
    """The sheet's title row (``三、收到和处理政府信息公开申请情况``) and the tab name."""
    parts = list(layout.parts)
    part = layout.table_part(table.id)
    if part is None:
        return table.part, SHEET_NAMES.get(table.id, table.key)[:31]
    n = chinese_numeral(parts.index(part) + 1)
    return f"{n}、{part.title}", f"表{n} {SHEET_NAMES.get(table.id, table.key)}"[:31]


def _write_sheet(ws, table: TableDef, values: TableValues | None, layout: Layout) -> SheetLayout:
    caption, _ = _caption(table, layout)
    lay, placed = place(table, top=2)
    orientation = _orientation(table, lay.width)
    widths = _column_widths(table, lay.width, orientation)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w

    ws.cell(1, 1, caption).font = _TITLE
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.cell(1, 1).protection = _LOCKED
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=lay.width)
    ws.row_dimensions[1].height = 28

    validations: dict[str, list[str]] = {}
    for r, c, cell in placed:
        rows, cols = lay.spans.get((r, c), (1, 1))
        for dr in range(rows):  # borders on every cell a merged range covers
            for dc in range(cols):
                ws.cell(r + dr, c + dc).border = _BORDER
        target = ws.cell(r, c)
        target.font = _FONT
        if cell.role == "value":
            row_id, col_id = cell.ref
            formula = total_formula(lay, row_id, col_id)
            entered = values.entered.get(cell.ref) if values is not None else None
            computed = values.computed(row_id, col_id) if values is not None else None
            if formula is not None and (entered is None or entered == computed):
                target.value = formula
                target.fill = _TOTAL_FILL
                target.protection = _LOCKED
            else:  # a data cell, or a total the data gives as a different figure (kept for the checks)
                target.value = _excel_number(values.entered.get(cell.ref)) if values is not None else None
                target.protection = _OPEN
                validations.setdefault(table.column(col_id).type, []).append(
                    ref(r, c) if (rows, cols) == (1, 1) else f"{ref(r, c)}:{ref(r + rows - 1, c + cols - 1)}"
                )
            target.alignment = _CENTER
        else:
            target.value = cell.text or None
            target.protection = _LOCKED
            target.alignment = _LEFT if cell.role == "label" and rows == 1 else _CENTER
        if rows > 1 or cols > 1:
            ws.merge_cells(start_row=r, start_column=c, end_row=r + rows - 1, end_column=c + cols - 1)
    _row_heights(ws, placed, lay, widths)

    for kind, refs in validations.items():
        vtype, op, (lo, hi), message = _VALIDATION[kind]
        dv = DataValidation(
            type=vtype,
            operator=op,
            formula1=lo,
            formula2=hi,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="只能填写数字",
            error=message,
            showInputMessage=False,
        )
        dv.sqref = " ".join(refs)  # type: ignore[assignment]
        ws.add_data_validation(dv)

    note_row = lay.last_row + 2
    ws.cell(note_row, 1, _NOTE_TEXT).font = _NOTE
    ws.cell(note_row, 1).alignment = _LEFT
    ws.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=lay.width)
    ws.row_dimensions[note_row].height = 30

    ws.protection.sheet = True  # no password: 审阅 → 撤销工作表保护 unlocks it
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = orientation
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.print_area = f"A1:{ref(lay.last_row, lay.width)}"
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.sheet_view.zoomScale = 100
    return lay


def render_tables_xlsx(
    edition: Edition,
    tables: dict[str, TableValues] | None = None,
    *,
    layout: Layout | None = None,
    date: _dt.date | None = None,
    title: str = "",
) -> bytes:
    """The workbook of ``edition``'s official tables, filled from ``tables``
    (by table id; missing tables are left blank). ``date`` stamps the document
    properties (default: the first day of the edition's first year), so the
    bytes depend only on the arguments."""
    layout = layout or layout_for_year(edition.first_year)
    wb = Workbook()
    wb.remove(wb.active)
    for table in edition.tables:
        _, name = _caption(table, layout)
        ws = wb.create_sheet(name)
        _write_sheet(ws, table, (tables or {}).get(table.id), layout)
    stamp = _dt.datetime.combine(date or _dt.date(edition.first_year, 1, 1), _dt.time())
    wb.properties.creator = "giar-gen"
    wb.properties.lastModifiedBy = "giar-gen"
    wb.properties.title = title or f"政府信息公开工作年度报告统计表（{edition.name}）"
    wb.properties.created = stamp
    buf = io.BytesIO()
    wb.save(buf)
    return _deterministic_zip(buf.getvalue(), stamp)


def render_xlsx(report: Report) -> bytes:
    """The workbook of a report's official tables (``giar-gen tables``)."""
    if report.edition is None:
        raise ValueError(f"{report.year}年度没有全国统一的统计表格式")
    return render_tables_xlsx(
        report.edition,
        report.tables,
        layout=report.layout,
        date=report.data.publication_date,
        title=f"{report.title}统计表",
    )


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _deterministic_zip(data: bytes, stamp: _dt.datetime) -> bytes:
    """Rewrite the package with a fixed member timestamp and ``modified`` date
    (openpyxl stamps both with the current time)."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _MODIFIED.sub(rb"\g<1>" + iso + rb"\g<2>", body)
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, body)
    return out.getvalue()
