"""The ``giar-gen`` command line.

Each sub-command is a small function ``cmd_<name>(args) -> int`` registered in
:data:`COMMANDS`; the parser is built from that table. Exit status: 0 success
(warnings allowed), 1 the report has errors, 2 unusable input, 3 an internal
error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from giar_gen import __version__
from giar_gen.diagnostics import Diagnostic, InputError, format_diagnostics, os_reason
from giar_gen.output import describe
from giar_gen.terminal import ChineseParser

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def _print_diagnostics(diags: list[Diagnostic], stream=None) -> None:
    stream = stream or sys.stderr
    if diags:
        print(format_diagnostics(diags), file=stream)


def _size(path: Path) -> str:
    n = path.stat().st_size
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


# ---------------------------------------------------------------------------
# build


def add_build(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="数据文件或文件夹",
                   help="报告数据文件（.yaml），或存放数据文件的文件夹（含子文件夹）；可以有多个")
    p.add_argument("-o", "--output", metavar="目录",
                   help="输出目录（默认：数据文件所在目录；给出文件夹时按其子文件夹结构输出）")
    p.add_argument("-f", "--format", default="docx,pdf,html", metavar="格式",
                   help="输出格式，逗号分隔：docx,pdf,html,json,csv（默认 docx,pdf,html；json、csv 为开放数据）")
    p.add_argument("--previous", metavar="上年数据",
                   help="上一年度的数据文件，用于跨年度核对（X 类规则）；生成多个文件时为存放上年数据文件的文件夹，按文件名对应")
    p.add_argument("--force", action="store_true", help="校验有错误也生成（退出状态仍为 1）")
    p.add_argument("--strict", action="store_true", help="有警告也视为错误，不生成")
    p.add_argument("--pdf-a", action="store_true",
                   help="PDF 存为长期保存格式 PDF/A-2b，并带结构标签（便于读屏软件朗读）")
    p.add_argument("--bold-subheadings", action="store_true",
                   help="“（一）”“1.”小标题用粗体（部分单位的习惯做法，国家标准不要求；默认不加粗）")
    add_font_dir_option(p)
    add_batch_options(p)


def add_font_dir_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--font-dir", metavar="字体文件夹",
                   help="先在此文件夹（含子文件夹）中找规范字体（仿宋_GB2312、楷体_GB2312、方正小标宋简体等），"
                        "再找本机安装的字体；也可用环境变量 GIAR_GEN_FONT_DIR 指定")


def _use_font_dir(args) -> bool:
    """Honour ``--font-dir``; False, with a message, when there is no such folder."""
    from giar_gen.fonts import use_font_dir

    folder = getattr(args, "font_dir", None)
    if folder is None or use_font_dir(folder):
        return True
    print(f"giar-gen: 字体文件夹「{folder}」不存在或不是文件夹", file=sys.stderr)
    return False


def add_batch_options(p: argparse.ArgumentParser) -> None:
    """Options of issue 7 (batch builds, 繁體, year over year, 图解): see giar_gen/batch.py."""
    from giar_gen.writers.script import FIELD_VALUES

    p.add_argument("-j", "--jobs", type=int, metavar="N", default=None,
                   help="同时生成的进程数（默认：本机处理器数）")
    p.add_argument("--script", metavar="文字", default=None,
                   help="输出文字：简体，或繁体：hant（常用繁体字形）、s2t（OpenCC 标准字形）、s2tw（台湾）、"
                        "s2twp（台湾用语）、s2hk（香港）；优先于数据文件中的“文字”。可用：" + "、".join(FIELD_VALUES))
    p.add_argument("--compare", action="store_true",
                   help="在报告末尾（落款前）附“主要数据与上年度对比”表和图（需要 --previous）")
    p.add_argument("--infographic", action="store_true",
                   help="同时生成“图解”（一页纸的图表摘要，HTML/PDF），文件名加“-图解”")
    p.add_argument("--no-cache", "--rebuild", dest="no_cache", action="store_true",
                   help="不跳过未改动的文件，全部重新生成")


def cmd_build(args) -> int:
    from giar_gen.batch.runner import build_many
    from giar_gen.writers import FORMATS
    from giar_gen.writers.script import resolve

    formats = tuple(dict.fromkeys(f.strip().lower() for f in args.format.split(",") if f.strip()))
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        print(f"giar-gen: 未知的输出格式：{'、'.join(bad) or args.format}（可用：{'、'.join(FORMATS)}）", file=sys.stderr)
        return EXIT_INPUT
    if args.jobs is not None and args.jobs < 1:
        print("giar-gen: -j 应为正整数", file=sys.stderr)
        return EXIT_INPUT
    if args.script is not None:
        try:
            resolve(args.script)
        except ValueError as exc:
            print(f"giar-gen: {exc}", file=sys.stderr)
            return EXIT_INPUT
    if args.compare and not args.previous:
        print("giar-gen: --compare 需要用 --previous 指明上一年度的数据", file=sys.stderr)
        return EXIT_INPUT
    if not _use_font_dir(args):
        return EXIT_INPUT
    if "pdf" in formats:  # said once for the whole run, however many files
        from giar_gen.fonts.coverage import fallback_diagnostic

        fallback = fallback_diagnostic()
        if fallback is not None:
            _print_diagnostics([fallback])
    options = {"script": args.script, "infographic": args.infographic, "compare": args.compare,
               "force": args.force, "strict": args.strict}
    if args.pdf_a or args.bold_subheadings:
        from giar_gen.api import RenderOptions

        options["options"] = RenderOptions(
            pdf_variant="pdf/a-2b" if args.pdf_a else None, pdf_tags=args.pdf_a,
            bold_subheadings=args.bold_subheadings,
        )
    if "pdf" in formats and len(args.inputs) == 1 and Path(args.inputs[0]).is_file():
        from giar_gen.writers.pdf import BackgroundPdf

        BackgroundPdf.prestart()  # one report: WeasyPrint loads on the second core meanwhile
    return build_many(args.inputs, out_dir=args.output, formats=formats, options=options,
                      previous=args.previous, jobs=args.jobs, use_cache=not args.no_cache)


# ---------------------------------------------------------------------------
# aggregate


def add_aggregate(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="单位数据", help="各单位的数据文件，或存放它们的文件夹")
    p.add_argument("-o", "--output", required=True, metavar="汇总.yaml",
                   help="汇总数据文件；已存在时只更新其中的表格，保留已写的正文。对账表写在旁边（…-对账表.csv）")
    p.add_argument("--name", metavar="机关名称", help="汇总报告的机关（新建时使用）")
    p.add_argument("--kind", default="人民政府", choices=("人民政府", "部门", "其他"), help="机关类型（默认：人民政府）")
    p.add_argument("--level", choices=("国务院部门", "省级", "设区的市", "县级", "乡镇", "其他"),
                   help="机关层级（默认：按各单位推断）")
    p.add_argument("--date", metavar="发布日期", help="发布日期（默认：各单位中最晚的发布日期）")
    p.add_argument("--force", action="store_true", help="汇总文件不是 aggregate 生成的也覆盖")


def cmd_aggregate(args) -> int:
    from giar_gen.batch.aggregate import run_aggregate
    from giar_gen.model.report import parse_date

    date = None
    if args.date:
        date = parse_date(args.date)
        if isinstance(date, str):
            print(f"giar-gen: 「{args.date}」不是日期（如 2024-03-20）", file=sys.stderr)
            return EXIT_INPUT
    return run_aggregate(args.inputs, args.output, name=args.name, kind=args.kind, level=args.level,
                         date=date, force=args.force)


# ---------------------------------------------------------------------------
# check


def add_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="数据文件.yaml",
                   help="要校验的数据文件；也可以直接给已发布的报告（.html/.htm/.txt/.docx/.pdf），先读取再校验")
    p.add_argument("--previous", metavar="上年.yaml",
                   help="上一年度的数据文件（或已发布的报告），用于跨年度核对（X 类规则）")
    p.add_argument("--format", choices=("human", "json"), default="human",
                   help="human：逐条列出（默认）；json：机器可读，供主管部门和持续集成使用")
    p.add_argument("--strict", action="store_true", help="有警告也以退出状态 1 结束")


def cmd_check(args) -> int:
    from giar_gen.api import check_reports
    from giar_gen.checks import findings_json, format_findings, summary_line
    from giar_gen.importer.core import load_any

    entries: list[dict] = []
    status = EXIT_OK
    previous = None
    if args.previous:
        try:
            previous, _ = load_any(args.previous)
        except InputError as exc:
            entries.append({"file": args.previous, "usable": False, "findings": exc.diagnostics})
            status = EXIT_INPUT
    for inp in args.inputs:
        if status == EXIT_INPUT and previous is None and args.previous:
            break
        earlier = args.previous
        for result in check_reports(inp, previous, strict=args.strict):  # two for a side-by-side comparison
            name = f"{inp}（{result.part}）" if result.part else inp
            entries.append({"file": name, "usable": result.usable, "findings": result.findings}
                           | ({"previous": earlier} if result.usable else {}))
            status, earlier = max(status, result.status), name
    if args.format == "json":
        sys.stdout.write(findings_json(entries))
        return status
    for e in entries:
        if e["findings"]:
            print(format_findings(e["findings"]))
            print()
        if e["usable"]:
            print(f"{e['file']}：{summary_line(e['findings'])}")
        else:
            print(f"{e['file']}：输入有误，无法校验。")
    return status


# ---------------------------------------------------------------------------
# rules


def add_rules(p: argparse.ArgumentParser) -> None:
    p.add_argument("code", nargs="?", metavar="规则代码", help="只看这条规则的说明和例子，如 T3-R1")


def cmd_rules(args) -> int:
    import difflib

    from giar_gen.checks import RULES, explain_rule, format_rule_list

    if not args.code:
        print(format_rule_list())
        return EXIT_OK
    text = explain_rule(args.code)
    if text is None:
        close = difflib.get_close_matches(args.code.upper(), list(RULES), n=3, cutoff=0.5)
        hint = f"是不是 {'、'.join(close)}？" if close else "用 giar-gen rules 查看全部规则。"
        print(f"giar-gen: 没有代码为「{args.code}」的规则。{hint}", file=sys.stderr)
        return EXIT_INPUT
    print(text)
    return EXIT_OK


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
            sys.stdout.writelines(difflib.unified_diff(
                result.old.splitlines(keepends=True), result.new.splitlines(keepends=True),
                fromfile=f"{inp}（原）", tofile=f"{inp}（修改后）"))
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
    p.add_argument("output", nargs="?", default="报告数据.yaml", metavar="文件.yaml",
                   help="要创建的数据文件（默认：报告数据.yaml）")
    p.add_argument("--year", type=int, metavar="年度", help="报告年度（默认：上一年；有 --from 时为上年报告的下一年）")
    p.add_argument("--from", dest="previous", metavar="上年报告",
                   help="从上一年的数据文件（.yaml）或已发布的报告（.html/.txt/.docx/.pdf）开始：结转数字、机关和联系方式沿用，"
                        "文字作为待改写的草稿，其余数字留空")
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
    p.add_argument("report", metavar="报告文件",
                   help="已发布的报告：网页（.html/.htm）、从网页复制的文字（.txt）、Word 文件（.docx）或带文字的 PDF（.pdf）；"
                        "或填好的统计表工作簿（.xlsx，由 giar-gen tables 生成）")
    p.add_argument("-o", "--output", metavar="数据文件.yaml", help="写入的数据文件（默认：与报告同名的 .yaml，放在报告旁边）；"
                   "并排印有两年报告的对照文件写成两个文件：名称中的 {year} 换成年度，没有 {year} 则加“-年度”")
    p.add_argument("--force", action="store_true", help="文件已存在时覆盖")
    p.add_argument("--into", metavar="数据文件.yaml",
                   help="（仅 .xlsx）把工作簿中的表格数字写进这个已有的数据文件：只改变了的数字，"
                        "正文、注释和其余内容原样保留；不加此项则新建数据文件（本年度模板＋表格数字）")
    p.add_argument("--year", type=int, metavar="年度", help="（仅 .xlsx，新建时）报告年度（默认：上一年，须适用该表格版本）")
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
    p.add_argument("-o", "--output", metavar="表格.xlsx", help="写入的工作簿（默认：数据文件名加“-表格.xlsx”，放在旁边）")
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
        r = import_tables_file(args.report, into=args.into, output=args.output, year=args.year,
                               overwrite=args.force, write=not args.diff)
    except InputError as exc:
        _print_diagnostics(exc.diagnostics)
        print(f"{args.report}：未写入任何文件。", file=sys.stderr)
        return EXIT_INPUT
    _print_diagnostics(r.diagnostics)
    if args.diff:
        sys.stdout.writelines(difflib.unified_diff((r.old or "").splitlines(keepends=True),
                                                   r.new.splitlines(keepends=True), f"{r.target}（原）",
                                                   f"{r.target}（导入后）"))
        print(f"{r.target}：将更新 {len(r.changed)} 个单元格（未写入）。")
        return EXIT_OK
    if r.old is None:
        print(f"已由 {args.report} 新建数据文件 {r.target}（{r.year}年度，{r.edition}）：表格已填入，其余为模板，请填写。")
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
    p.add_argument("input", nargs="?", metavar="数据文件.yaml",
                   help="另检查此数据文件中的每个字符是否都有字体可显示")
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


# ---------------------------------------------------------------------------

Command = tuple[str, str, Callable[[argparse.ArgumentParser], None], Callable[..., int]]

#: name, one-line help, argument setup, implementation
COMMANDS: list[Command] = [
    ("build", "检查数据并生成报告（DOCX、PDF、HTML）", add_build, cmd_build),
    ("check", "只校验数据：勾稽关系、组成部分、日期、正文与表格是否一致等", add_check, cmd_check),
    ("rules", "列出全部校验规则，或查看一条规则的说明和例子", add_rules, cmd_rules),
    ("fix", "把正文中夹在中文之间的半角标点改为全角（原地修改，保留注释和格式）", add_fix, cmd_fix),
    ("aggregate", "把各单位的表格数字相加，生成本级政府报告的汇总数据文件和对账表", add_aggregate, cmd_aggregate),
    ("init", "创建数据文件模板（注释中列出官方表格标签，占位文字替换后即可生成）；--from 从上年报告开始", add_init, cmd_init),
    ("schema", "输出数据文件的 JSON Schema（供编辑器自动补全和提示）", add_schema, cmd_schema),
    ("import", "把已发布的报告（网页、复制的文字、DOCX、PDF）读成数据文件；或把填好的统计表（.xlsx）读回数据文件",
     add_import, cmd_import),
    ("tables", "把报告的官方统计表写成 Excel 工作簿（.xlsx），填好后用 import 读回", add_tables, cmd_tables),
    ("edit", "在浏览器中填写和校验报告（本机网页编辑器，保存回数据文件）", add_edit, cmd_edit),
    ("fonts", "显示本机为标题、正文等各部分选用的字体，并检查数据中有无字体缺字", add_fonts, cmd_fonts),
]


def parser() -> argparse.ArgumentParser:
    p = ChineseParser(
        prog="giar-gen",
        description="政府信息公开工作年度报告生成器：填写一份 YAML 数据文件，生成符合格式的 DOCX、PDF、HTML 报告。",
    )
    p.add_argument("--version", action="version", version=f"giar-gen {__version__}", help="显示版本号并退出")
    sub = p.add_subparsers(dest="command", metavar="命令", title="命令", parser_class=ChineseParser)
    for name, help_, setup, func in COMMANDS:
        sp = sub.add_parser(name, help=help_, description=help_)
        setup(sp)
        sp.set_defaults(func=func)
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if not getattr(args, "func", None):
        p.print_help()
        return EXIT_INPUT
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except (InputError, OSError) as exc:  # unusable input; an output not written (full disk, read-only folder, …)
        print(format_diagnostics(exc.diagnostics) if isinstance(exc, InputError) else describe(exc), file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:  # a bug, not the user's fault: say so briefly
        if os.environ.get("GIAR_GEN_DEBUG"):
            raise
        print(f"giar-gen 内部错误：{type(exc).__name__}: {exc}\n"
              "这是程序的问题，不是数据的问题。设置环境变量 GIAR_GEN_DEBUG=1 可查看详细信息。",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
