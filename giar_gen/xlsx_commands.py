"""``giar-gen tables`` and ``giar-gen import 表格.xlsx``: the official tables to and from Excel.

``tables`` writes the workbook of a data file's tables (or a blank one for a
year); ``import`` of a workbook either updates the tables of an existing data
file in place (``--into``) or writes a new data file: the ``init`` template of
the year, with the tables filled from the workbook. Nothing is written while
the workbook has a cell that is not a figure: every such cell is listed with
its sheet, cell address and printed labels.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import sys
from pathlib import Path

from .diagnostics import InputError, format_diagnostics
from .model import TableValues, format_number
from .output import write_atomic

EXIT_OK, EXIT_INPUT = 0, 2


def _err(message: str) -> int:
    print(f"giar-gen: {message}", file=sys.stderr)
    return EXIT_INPUT


def default_tables_path(data: Path) -> Path:
    return data.with_name(f"{data.stem}-表格.xlsx")


def run_tables(data: str | None, output: str | None, year: int | None, force: bool) -> int:
    """``giar-gen tables``."""
    from .layouts import layout_for_year
    from .loader import load_report
    from .tables import edition_for_year
    from .writers.xlsx import render_tables_xlsx, render_xlsx

    if data is None and year is None:
        return _err("请给出数据文件（giar-gen tables 数据.yaml），或用 --year 生成某年度的空白表格")
    if data is None:
        ed = edition_for_year(year)
        if ed is None:
            return _err(f"{year}年度没有全国统一的统计表格式（2019年度起才有）")
        out = Path(output or f"{year}年度统计表.xlsx")
        if out.exists() and not force:
            return _err(f"「{out}」已存在，未覆盖（其中可能已填了数字；确需覆盖请加 --force）")
        write_atomic(out, render_tables_xlsx(ed, layout=layout_for_year(year), date=_dt.date(year + 1, 1, 1),
                                             title=f"{year}年政府信息公开工作年度报告统计表"))
        print(f"已生成空白表格 {out}（{ed.name}）：填好后运行 giar-gen import {out}")
        return EXIT_OK
    src = Path(data)
    out = Path(output) if output else default_tables_path(src)
    if out.exists() and not force:
        return _err(f"「{out}」已存在，未覆盖（其中可能已填了数字；确需覆盖请加 --force）")
    try:
        report = load_report(src)
    except InputError as exc:
        print(format_diagnostics(exc.diagnostics), file=sys.stderr)
        return EXIT_INPUT
    if report.edition is None:
        return _err(f"{src}：{report.year}年度没有全国统一的统计表格式（2019年度起才有），不能生成表格")
    write_atomic(out, render_xlsx(report), protect=(src,))
    print(f"已生成 {out}：{report.edition.name}，{len(report.edition.tables)} 张表（每表一个工作表）")
    print(f"填好后读回：giar-gen import {out} --into {src}")
    return EXIT_OK


def _read(workbook: Path, edition=None):
    from .xlsx_import import read_tables_xlsx

    result = read_tables_xlsx(workbook, edition)
    if result.diagnostics:
        print(format_diagnostics(result.diagnostics), file=sys.stderr)
    if not result.ok:
        n = sum(d.severity == "error" for d in result.diagnostics)
        print(f"{workbook}：有 {n} 处需要改正，未写入任何文件。", file=sys.stderr)
        return None
    return result


def _changes(update) -> None:
    cells = [c for c in update.changed]
    if not cells:
        print("  表格数字与数据文件相同，没有改动。")
        return
    for key, where, old, new in cells[:40]:
        a = "空" if old is None else format_number(old)
        b = "空" if new is None else format_number(new)
        print(f"  {key} {where}：{a} → {b}")
    if len(cells) > 40:
        print(f"  ……共 {len(cells)} 处")


def run_import_xlsx(workbook: str, into: str | None, output: str | None, year: int | None,
                    force: bool, diff: bool) -> int:
    """``giar-gen import 表格.xlsx``."""
    from .loader import load_report_text
    from .skeleton import skeleton_yaml
    from .table_update import update_tables_text
    from .yamlsource import decode_utf8

    wb = Path(workbook)
    if into and output:
        return _err("--into 与 -o 只能用一个：--into 更新已有的数据文件，-o 新建数据文件")
    try:
        if into:
            target = Path(into)
            try:
                raw = target.read_bytes()
            except OSError as exc:
                return _err(f"无法读取「{target}」：{exc.strerror or exc}")
            bom = raw.startswith(b"\xef\xbb\xbf")
            text = decode_utf8(raw, str(target))
            report = load_report_text(text, str(target), base_dir=target.parent)
            if report.edition is None:
                return _err(f"{target}：{report.year}年度没有全国统一的统计表格式，不能导入表格")
            result = _read(wb, report.edition)
            if result is None:
                return EXIT_INPUT
            update = update_tables_text(text, result.tables, str(target))
            if diff:
                sys.stdout.writelines(difflib.unified_diff(
                    text.splitlines(keepends=True), update.text.splitlines(keepends=True),
                    fromfile=f"{target}（原）", tofile=f"{target}（导入后）"))
                print(f"{target}：将更新 {len(update.changed)} 个单元格（未写入）。")
                return EXIT_OK
            if update.text != text:
                write_atomic(target, (b"\xef\xbb\xbf" if bom else b"") + update.text.encode("utf-8"), protect=(wb,))
            print(f"已把 {wb} 的表格导入 {target}（其余内容和注释未变）：")
            _changes(update)
            return EXIT_OK
        out = Path(output) if output else wb.with_suffix(".yaml")
        if out.exists() and not force:
            return _err(f"「{out}」已存在，未覆盖（更新已有数据文件的表格请用 --into {out}；确需覆盖请加 --force）")
        result = _read(wb)
        if result is None:
            return EXIT_INPUT
        ed = result.edition
        if year is None:
            last = _dt.date.today().year - 1
            year = last if ed.covers(last) else (ed.last_year or last)
        if not ed.covers(year):
            return _err(f"工作簿是{ed.name}的表格，不适用于{year}年度报告")
        tables = {t.id: result.tables.get(t.id) or TableValues(table=t) for t in ed.tables}
        text = skeleton_yaml(year)
        update = update_tables_text(text, tables, str(out))
        header = (f"# 表格数字由 giar-gen import 从「{wb.name}」导入；机关、日期、正文等仍是模板内容，请填写。\n")
        write_atomic(out, (header + update.text).encode("utf-8"), protect=(wb,))
        print(f"已由 {wb} 新建数据文件 {out}（{year}年度，{ed.name}）：表格已填入，其余为模板，请填写。")
    except InputError as exc:
        print(format_diagnostics(exc.diagnostics), file=sys.stderr)
        return EXIT_INPUT
    print(f"校验：giar-gen check {out}；生成：giar-gen build {out}")
    return EXIT_OK
