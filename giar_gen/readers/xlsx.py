"""Read the cells of an Excel workbook (.xlsx), safely and without interpreting them.

:func:`read_xlsx` returns every non-empty cell of every sheet (up to a size
limit) as an :class:`XCell`: the constant a user typed, or a formula with the
result Excel/WPS/LibreOffice last saved for it. Finding the official tables
in those cells is the importer's job (:mod:`giar_gen.importer.xlsx`).

A workbook from elsewhere is not trusted:

* the zip directory is checked before openpyxl sees the file: the number of
  members, the total uncompressed size and the compression ratio (a "zip
  bomb" of a few KB can unpack to gigabytes);
* an XML part that declares a DTD (entities: the "billion laughs" bomb, or
  ``SYSTEM "file:///…"`` pulling in a local file) is refused; Office never
  writes one;
* openpyxl reads in ``read_only`` mode (streamed) with ``keep_links=False``:
  links to other workbooks are neither kept nor followed, nothing is fetched;
* only the first :data:`MAX_ROWS` × :data:`MAX_COLS` cells of a sheet are read;
* a damaged, encrypted or old-format (.xls) file raises :class:`ReaderError`
  with a Chinese message, never a traceback.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from giar_gen.diagnostics import os_reason
from giar_gen.readers import ReaderError

XLSX_SUFFIXES = (".xlsx", ".xlsm")
#: Limits for a workbook of three small tables (a real one is about 20 KB).
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 30 * 1024 * 1024
MAX_MEMBER_RATIO = 200  # uncompressed / compressed size of one member
MAX_MEMBERS = 2000
MAX_SHEETS = 50
MAX_ROWS = 500
MAX_COLS = 60

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and an encrypted .xlsx


@dataclass(frozen=True)
class XCell:
    """One non-empty cell. ``value`` is the constant, or for a formula the
    result last saved with the file (``None`` when never calculated)."""

    value: Any
    formula: str | None = None

    @property
    def text(self) -> str:
        """The cell as text (for matching labels)."""
        return "" if self.value is None or self.formula else str(self.value)


@dataclass
class XSheet:
    name: str
    cells: dict[tuple[int, int], XCell] = field(default_factory=dict)  # (row, column), 1-based
    truncated: bool = False  # the sheet has cells beyond MAX_ROWS × MAX_COLS

    def get(self, row: int, col: int) -> XCell | None:
        return self.cells.get((row, col))

    def text(self, row: int, col: int) -> str:
        c = self.cells.get((row, col))
        return c.text if c is not None else ""


@dataclass
class XWorkbook:
    name: str
    sheets: list[XSheet]


def _open(source: Path | bytes):
    return io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")


def check_package(source: Path | bytes, path: str) -> None:
    """Refuse what is not a reasonable .xlsx before any XML is parsed
    (``path`` names the file in messages)."""
    if not isinstance(source, bytes):  # a FIFO or a device is never opened (it would block or never end)
        try:
            if not stat.S_ISREG(os.stat(source).st_mode):
                raise ReaderError(f"「{path}」不是普通文件，未读取")
        except OSError as exc:
            raise ReaderError(f"无法读取「{path}」：{os_reason(exc)}") from None
    try:
        size = len(source) if isinstance(source, bytes) else source.stat().st_size
        with _open(source) as f:
            head = f.read(8)
    except OSError as exc:
        raise ReaderError(f"无法读取「{path}」：{os_reason(exc)}") from None
    if head == _OLE_MAGIC:
        raise ReaderError(
            f"「{path}」是旧版 Excel（.xls）文件或加了密码的文件：请在 Excel/WPS 中取消密码，"
            "另存为“Excel 工作簿（*.xlsx）”后再导入"
        )
    if size > MAX_FILE_BYTES:
        raise ReaderError(
            f"「{path}」有 {size // 1024 // 1024} MB，超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限："
            "三张统计表的工作簿通常只有几十 KB，请确认选对了文件"
        )
    try:
        with _open(source) as f, zipfile.ZipFile(f) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ReaderError(f"「{path}」不是可读取的 Excel（.xlsx）文件（文件已损坏，或不是 Excel 格式）") from None
    if len(members) > MAX_MEMBERS:
        raise ReaderError(f"「{path}」内部有 {len(members)} 个部件，超过 {MAX_MEMBERS} 个的上限，拒绝读取")
    total = 0
    for m in members:
        total += m.file_size
        if m.file_size > 1024 * 1024 and m.file_size > MAX_MEMBER_RATIO * max(m.compress_size, 1):
            raise ReaderError(
                f"「{path}」中的「{m.filename}」解压后异常膨胀（{m.file_size // 1024 // 1024} MB），"
                "可能是恶意构造的文件，拒绝读取"
            )
    if total > MAX_UNPACKED_BYTES:
        raise ReaderError(
            f"「{path}」解压后有 {total // 1024 // 1024} MB，超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB "
            "的上限，拒绝读取"
        )
    try:
        with _open(source) as f, zipfile.ZipFile(f) as z:
            for m in members:
                if m.filename.endswith((".xml", ".rels", ".vml")):
                    with z.open(m) as part:
                        head = part.read(4096)
                    if b"<!doctype" in head.lower() or b"<!entity" in head.lower():
                        raise ReaderError(
                            f"「{path}」中的「{m.filename}」含有 DTD（实体声明），Excel 不会写出这种内容，"
                            "可能是恶意构造的文件，拒绝读取"
                        )
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise ReaderError(f"「{path}」不是可读取的 Excel（.xlsx）文件（文件已损坏，或加了密码）") from None
    except zipfile.LargeZipFile:
        raise ReaderError(f"「{path}」过大，拒绝读取") from None
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        raise ReaderError(f"「{path}」不是 Excel 工作簿（找不到 workbook.xml；Word 或 WPS 文字文件请用 .docx 导入）")


def _load(source: Path | bytes, data_only: bool):
    from openpyxl import load_workbook

    file = io.BytesIO(source) if isinstance(source, bytes) else source
    return load_workbook(file, read_only=True, data_only=data_only, keep_links=False, keep_vba=False)


def read_xlsx(source: str | Path | bytes, name: str | None = None) -> XWorkbook:
    """Every non-empty cell of every sheet of a workbook: a file, or its bytes
    (an upload; ``name`` then names it in messages). Raises :class:`ReaderError`."""
    if not isinstance(source, bytes):
        source = Path(source)
    path = name or str(source if not isinstance(source, bytes) else "上传的工作簿")
    check_package(source, path)
    formulas = cached = None
    try:
        formulas = _load(source, data_only=False)
        cached = _load(source, data_only=True)
        if len(formulas.sheetnames) > MAX_SHEETS:
            raise ReaderError(f"「{path}」有 {len(formulas.sheetnames)} 张工作表，超过 {MAX_SHEETS} 张的上限")
        sheets = []
        for sheet_name in formulas.sheetnames:
            ws_f, ws_v = formulas[sheet_name], cached[sheet_name]
            if not hasattr(ws_f, "iter_rows"):  # a chart sheet
                continue
            sheets.append(_read_sheet(sheet_name, ws_f, ws_v))
        return XWorkbook(name=path, sheets=sheets)
    except ReaderError:
        raise
    except MemoryError:
        raise ReaderError(f"「{path}」过大，无法读取") from None
    except Exception as exc:  # openpyxl and the XML parser raise many kinds for a damaged package
        raise ReaderError(
            f"「{path}」不是可读取的 Excel（.xlsx）文件（{type(exc).__name__}：文件可能已损坏）"
        ) from None
    finally:
        for wb in (formulas, cached):
            if wb is not None:
                wb.close()


def _read_sheet(name: str, ws_f, ws_v) -> XSheet:
    sheet = XSheet(name=name)
    values: dict[tuple[int, int], Any] = {}
    for row in ws_v.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLS):
        for cell in row:
            if getattr(cell, "value", None) is not None:
                values[(cell.row, cell.column)] = cell.value
    for row in ws_f.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLS):
        for cell in row:
            v = getattr(cell, "value", None)
            if v is None:
                continue
            key = (cell.row, cell.column)
            if isinstance(v, str) and v.startswith("=") and getattr(cell, "data_type", "") == "f":
                sheet.cells[key] = XCell(values.get(key), formula=v)
            elif hasattr(v, "text") and not isinstance(v, (str, _dt.date, _dt.time)):  # an array formula
                sheet.cells[key] = XCell(values.get(key), formula=str(getattr(v, "text", "")))
            else:
                sheet.cells[key] = XCell(v)
    dims = getattr(ws_f, "max_row", None), getattr(ws_f, "max_column", None)
    sheet.truncated = bool((dims[0] or 0) > MAX_ROWS or (dims[1] or 0) > MAX_COLS)
    return sheet
