"""Commands on data files: ``fix``, ``init``, ``import``, ``tables``, ``schema``, ``fonts``, ``edit``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from giar_gen.cli.common import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, _print_diagnostics
from giar_gen.cli.reports import _use_font_dir, add_font_dir_option
from giar_gen.diagnostics import InputError, os_reason

# ---------------------------------------------------------------------------
# fix


def add_fix(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="数据文件.yaml", help="要修改的数据文件（原地修改）")
    p.add_argument("--diff", action="store_true", help="只显示将要做的修改，不写入")


def cmd_fix(args) -> int:
    import difflib

    from giar_gen.source.fix import FixError, fix_file

    status = EXIT_OK
    for inp in args.inputs:
        try:
            result = fix_file(inp, write=not args.diff)
        except InputError as exc:
            _print_diagnostics(exc.diagnostics)
            print(f"{inp}：未作修改。", file=sys.stderr)
            status = EXIT_INPUT
            continue
        except (OSError, FixError) as exc:
            print(f"giar-gen: {inp}：{os_reason(exc) if isinstance(exc, OSError) else exc}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        if args.diff:
            sys.stdout.writelines(
                difflib.unified_diff(
                    result.old.splitlines(keepends=True),
                    result.new.splitlines(keepends=True),
                    fromfile=f"{inp}（原）",
                    tofile=f"{inp}（修改后）",
                )
            )
        if not result.changes:
            print(f"{inp}：没有需要改的半角标点。")
        elif args.diff:
            print(f"{inp}：将把 {result.changes} 处半角标点改为全角（未写入）。")
        else:
            print(f"{inp}：已把 {result.changes} 处半角标点改为全角（注释和格式未变）。")
    return status


# ---------------------------------------------------------------------------
# init


def add_init(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "output",
        nargs="?",
        default="报告数据.yaml",
        metavar="文件.yaml",
        help="要创建的数据文件（默认：报告数据.yaml）",
    )
    p.add_argument("--year", type=int, metavar="年度", help="报告年度（默认：上一年；有 --from 时为上年报告的下一年）")
    p.add_argument(
        "--from",
        dest="previous",
        metavar="上年报告",
        help="从上一年的数据文件（.yaml）或已发布的报告（.html/.txt/.docx/.pdf）开始：结转数字、机关和联系方式沿用，"
        "文字作为待改写的草稿，其余数字留空",
    )
    p.add_argument("--force", action="store_true", help="文件已存在时覆盖")


def cmd_init(args) -> int:
    import datetime as _dt

    from giar_gen.output import write_atomic
    from giar_gen.source.skeleton import skeleton_yaml

    out = Path(args.output)
    if out.exists() and not args.force:
        print(f"giar-gen: 「{out}」已存在，未覆盖（确需覆盖请加 --force）", file=sys.stderr)
        return EXIT_INPUT
    if args.previous:
        return _init_from(args, out)
    year = args.year or _dt.date.today().year - 1
    if year < 2008:
        print("giar-gen: 报告年度不能早于2008年", file=sys.stderr)
        return EXIT_INPUT
    write_atomic(out, skeleton_yaml(year).encode("utf-8"))
    print(f"已创建 {out}：按注释填写后运行 giar-gen build {out}")
    return EXIT_OK


def _init_from(args, out: Path) -> int:
    from giar_gen.importer.carryover import load_previous, next_year
    from giar_gen.output import write_atomic

    try:
        prev = load_previous(args.previous)
    except InputError as exc:
        _print_diagnostics(exc.diagnostics)
        print(f"{args.previous}：无法读取上年报告，未创建文件。", file=sys.stderr)
        return EXIT_INPUT
    year = args.year or prev.year + 1
    if year <= prev.year:
        print(f"giar-gen: 新报告年度 {year} 应晚于上年报告的年度 {prev.year}", file=sys.stderr)
        return EXIT_INPUT
    text, summary = next_year(prev, year, Path(args.previous).name)
    write_atomic(out, text.encode("utf-8"), protect=(Path(args.previous),))
    print(f"已创建 {out}：{year}年度，沿用{prev.year}年度报告「{args.previous}」")
    for line in summary:
        print(f"  {line}")
    print(f"按注释填写本年数字、改写文字后运行 giar-gen build {out}")
    return EXIT_OK


# ---------------------------------------------------------------------------
# import


def add_import(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "report",
        metavar="报告文件",
        help="已发布的报告：网页（.html/.htm）、从网页复制的文字（.txt）、Word 文件（.docx）或带文字的 PDF（.pdf）；"
        "或填好的统计表工作簿（.xlsx，由 giar-gen tables 生成）",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="数据文件.yaml",
        help="写入的数据文件（默认：与报告同名的 .yaml，放在报告旁边）；"
        "并排印有两年报告的对照文件写成两个文件：名称中的 {year} 换成年度，没有 {year} 则加“-年度”",
    )
    p.add_argument("--force", action="store_true", help="文件已存在时覆盖")
    p.add_argument(
        "--into",
        metavar="数据文件.yaml",
        help="（仅 .xlsx）把工作簿中的表格数字写进这个已有的数据文件：只改变了的数字，"
        "正文、注释和其余内容原样保留；不加此项则新建数据文件（本年度模板＋表格数字）",
    )
    p.add_argument(
        "--year", type=int, metavar="年度", help="（仅 .xlsx，新建时）报告年度（默认：上一年，须适用该表格版本）"
    )
    p.add_argument("--diff", action="store_true", help="（仅 .xlsx 与 --into）只显示将要做的修改，不写入")


def cmd_import(args) -> int:
    if Path(args.report).suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        return _import_xlsx(args)
    if args.into or args.year or args.diff:
        print("giar-gen: --into、--year、--diff 只用于导入 .xlsx 统计表", file=sys.stderr)
        return EXIT_INPUT
    from giar_gen.api import import_reports

    src = Path(args.report)
    try:
        results = import_reports(src, args.output, overwrite=args.force)
    except InputError as exc:
        _print_diagnostics(exc.diagnostics)
        return EXIT_INPUT
    if len(results) > 1:
        print(f"{src} 并排印有 {len(results)} 份报告（{'、'.join(r.part for r in results)}），分别导入：")
    status = EXIT_OK
    for result in results:
        out = result.written
        print(f"已导入 {src}{'（' + result.part + '）' if result.part else ''} → {out}")
        for line in result.summary:
            print(f"  {line}")
        if not result.status:
            for line in result.outlook:  # what build will do: generate, or refuse and why
                print(line)
            continue
        _print_diagnostics(result.diagnostics)
        print(f"{out}：数据文件已写出，但须补全上述内容后才能生成报告。", file=sys.stderr)
        status = EXIT_FINDINGS
    return status


# ---------------------------------------------------------------------------
# tables (Excel)


def add_tables(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", nargs="?", metavar="数据文件.yaml", help="报告数据文件（不给时用 --year 生成空白表格）")
    p.add_argument(
        "-o", "--output", metavar="表格.xlsx", help="写入的工作簿（默认：数据文件名加“-表格.xlsx”，放在旁边）"
    )
    p.add_argument("--year", type=int, metavar="年度", help="不给数据文件时：生成该年度的空白表格")
    p.add_argument("--force", action="store_true", help="工作簿已存在时覆盖（其中已填的数字会丢失）")


def cmd_tables(args) -> int:
    from giar_gen.api import tables_file

    try:
        result = tables_file(args.input, args.output, year=args.year, overwrite=args.force)
    except InputError as exc:
        _print_diagnostics(exc.diagnostics)
        return EXIT_INPUT
    print(f"已生成 {result.written}：{result.edition}，{result.tables} 张表（每表一个工作表）")
    into = f" --into {args.input}" if args.input else f" --year {args.year}" if args.year else ""
    print(f"填好后读回：giar-gen import {result.written}{into}")
    return EXIT_OK


def _import_xlsx(args) -> int:
    """``giar-gen import 表格.xlsx``: see :func:`giar_gen.api.import_tables_file`."""
    import difflib

    from giar_gen.api import import_tables_file
    from giar_gen.model.report import format_number

    if args.into and args.output:
        print("giar-gen: --into 与 -o 只能用一个：--into 更新已有的数据文件，-o 新建数据文件", file=sys.stderr)
        return EXIT_INPUT
    try:
        r = import_tables_file(
            args.report, into=args.into, output=args.output, year=args.year, overwrite=args.force, write=not args.diff
        )
    except InputError as exc:
        _print_diagnostics(exc.diagnostics)
        print(f"{args.report}：未写入任何文件。", file=sys.stderr)
        return EXIT_INPUT
    _print_diagnostics(r.diagnostics)
    if args.diff:
        sys.stdout.writelines(
            difflib.unified_diff(
                (r.old or "").splitlines(keepends=True),
                r.new.splitlines(keepends=True),
                f"{r.target}（原）",
                f"{r.target}（导入后）",
            )
        )
        print(f"{r.target}：将更新 {len(r.changed)} 个单元格（未写入）。")
        return EXIT_OK
    if r.old is None:
        print(
            f"已由 {args.report} 新建数据文件 {r.target}（{r.year}年度，{r.edition}）：表格已填入，其余为模板，请填写。"
        )
    else:
        print(f"已把 {args.report} 的表格导入 {r.target}（其余内容和注释未变）：")
        for key, where, old, new in r.changed[:40]:
            show = lambda v: "空" if v is None else format_number(v)
            print(f"  {key} {where}：{show(old)} → {show(new)}")
        print(f"  共 {len(r.changed)} 个单元格有改动。" if r.changed else "  表格数字与数据文件相同，没有改动。")
    print(f"校验：giar-gen check {r.target}；生成：giar-gen build {r.target}")
    return EXIT_OK


# ---------------------------------------------------------------------------
# schema


def add_schema(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", metavar="文件.json", help="写入文件（默认：打印到标准输出）")


def cmd_schema(args) -> int:
    import json

    from giar_gen.output import write_atomic
    from giar_gen.source.schema import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        write_atomic(Path(args.output), text.encode("utf-8"))
        print(f"已写入 {args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


# ---------------------------------------------------------------------------
# fonts


def add_fonts(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", nargs="?", metavar="数据文件.yaml", help="另检查此数据文件中的每个字符是否都有字体可显示")
    add_font_dir_option(p)


def cmd_fonts(args) -> int:
    from giar_gen.fonts.coverage import fallback_diagnostic, format_report, role_fonts, uncovered_diagnostic

    if not _use_font_dir(args):
        return EXIT_INPUT
    print(format_report(role_fonts()))
    fallback = fallback_diagnostic()
    if fallback is not None:
        _print_diagnostics([fallback], sys.stdout)
    if not args.input:
        return EXIT_OK
    from giar_gen.document.compose import compose
    from giar_gen.source.loader import load_report

    try:
        doc = compose(load_report(args.input))
    except InputError as exc:
        _print_diagnostics(exc.diagnostics)
        return EXIT_INPUT
    missing = uncovered_diagnostic(doc.text(), args.input)
    if missing is None:
        print(f"{args.input}：全部 {len(set(doc.text()))} 个不同字符都有字体可显示。")
        return EXIT_OK
    _print_diagnostics([missing], sys.stdout)
    return EXIT_FINDINGS


# ---------------------------------------------------------------------------
# edit


def add_edit(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", nargs="?", metavar="数据文件.yaml", help="要编辑的数据文件；不给则先填写“新建报告”表单")
    p.add_argument("--port", type=int, default=0, help="端口（默认自动选一个空闲端口）")
    p.add_argument("--no-browser", action="store_true", help="不自动打开浏览器（只显示地址）")


def cmd_edit(args) -> int:
    from giar_gen.editor import run

    path = Path(args.input) if args.input else None
    if path is not None and not path.is_file():
        print(f"giar-gen: 找不到文件「{path}」（要新建报告请不给文件名：giar-gen edit）", file=sys.stderr)
        return EXIT_INPUT
    return run(path, open_browser=not args.no_browser, port=args.port)
