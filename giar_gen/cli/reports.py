"""Commands on reports: ``build``, ``aggregate``, ``check``, ``rules``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from giar_gen.cli.common import EXIT_INPUT, EXIT_OK, _print_diagnostics
from giar_gen.diagnostics import InputError

# ---------------------------------------------------------------------------
# build


def add_build(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="数据文件或文件夹",
        help="报告数据文件（.yaml），或存放数据文件的文件夹（含子文件夹）；可以有多个",
    )
    p.add_argument(
        "-o", "--output", metavar="目录", help="输出目录（默认：数据文件所在目录；给出文件夹时按其子文件夹结构输出）"
    )
    p.add_argument(
        "-f",
        "--format",
        default="docx,pdf,html",
        metavar="格式",
        help="输出格式，逗号分隔：docx,pdf,html,json,csv（默认 docx,pdf,html；json、csv 为开放数据）",
    )
    p.add_argument(
        "--previous",
        metavar="上年数据",
        help="上一年度的数据文件，用于跨年度核对（X 类规则）；生成多个文件时为存放上年数据文件的文件夹，按文件名对应",
    )
    p.add_argument("--force", action="store_true", help="校验有错误也生成（退出状态仍为 1）")
    p.add_argument("--strict", action="store_true", help="有警告也视为错误，不生成")
    p.add_argument(
        "--pdf-a", action="store_true", help="PDF 存为长期保存格式 PDF/A-2b，并带结构标签（便于读屏软件朗读）"
    )
    p.add_argument(
        "--bold-subheadings",
        action="store_true",
        help="“（一）”“1.”小标题用粗体（部分单位的习惯做法，国家标准不要求；默认不加粗）",
    )
    add_font_dir_option(p)
    add_batch_options(p)


def add_font_dir_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--font-dir",
        metavar="字体文件夹",
        help="先在此文件夹（含子文件夹）中找规范字体（仿宋_GB2312、楷体_GB2312、方正小标宋简体等），"
        "再找本机安装的字体；也可用环境变量 GIAR_GEN_FONT_DIR 指定",
    )


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

    p.add_argument("-j", "--jobs", type=int, metavar="N", default=None, help="同时生成的进程数（默认：本机处理器数）")
    p.add_argument(
        "--script",
        metavar="文字",
        default=None,
        help="输出文字：简体，或繁体：hant（常用繁体字形）、s2t（OpenCC 标准字形）、s2tw（台湾）、"
        "s2twp（台湾用语）、s2hk（香港）；优先于数据文件中的“文字”。可用：" + "、".join(FIELD_VALUES),
    )
    p.add_argument(
        "--compare", action="store_true", help="在报告末尾（落款前）附“主要数据与上年度对比”表和图（需要 --previous）"
    )
    p.add_argument(
        "--infographic", action="store_true", help="同时生成“图解”（一页纸的图表摘要，HTML/PDF），文件名加“-图解”"
    )
    p.add_argument(
        "--no-cache", "--rebuild", dest="no_cache", action="store_true", help="不跳过未改动的文件，全部重新生成"
    )


def cmd_build(args) -> int:
    from giar_gen.writers.pdf_child import BackgroundPdf

    formats = tuple(dict.fromkeys(f.strip().lower() for f in args.format.split(",") if f.strip()))
    if "pdf" in formats and len(args.inputs) == 1 and Path(args.inputs[0]).is_file():
        # one report: WeasyPrint loads on the second core while the rest is done here
        # (started already if the command line was plain enough, see cli.early)
        BackgroundPdf.prestart()
    try:
        return _build(args, formats)
    finally:
        BackgroundPdf.discard()  # a child the build did not take (refused options, cli.early misjudged)


def _build(args, formats: tuple[str, ...]) -> int:
    from giar_gen.batch.runner import build_many
    from giar_gen.writers import FORMATS
    from giar_gen.writers.script import resolve

    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        print(
            f"giar-gen: 未知的输出格式：{'、'.join(bad) or args.format}（可用：{'、'.join(FORMATS)}）", file=sys.stderr
        )
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
    options = {
        "script": args.script,
        "infographic": args.infographic,
        "compare": args.compare,
        "force": args.force,
        "strict": args.strict,
    }
    if args.pdf_a or args.bold_subheadings:
        from giar_gen.api import RenderOptions

        options["options"] = RenderOptions(
            pdf_variant="pdf/a-2b" if args.pdf_a else None,
            pdf_tags=args.pdf_a,
            bold_subheadings=args.bold_subheadings,
        )
    return build_many(
        args.inputs,
        out_dir=args.output,
        formats=formats,
        options=options,
        previous=args.previous,
        jobs=args.jobs,
        use_cache=not args.no_cache,
    )


# ---------------------------------------------------------------------------
# aggregate


def add_aggregate(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="单位数据", help="各单位的数据文件，或存放它们的文件夹")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="汇总.yaml",
        help="汇总数据文件；已存在时只更新其中的表格，保留已写的正文。对账表写在旁边（…-对账表.csv）",
    )
    p.add_argument("--name", metavar="机关名称", help="汇总报告的机关（新建时使用）")
    p.add_argument(
        "--kind", default="人民政府", choices=("人民政府", "部门", "其他"), help="机关类型（默认：人民政府）"
    )
    p.add_argument(
        "--level",
        choices=("国务院部门", "省级", "设区的市", "县级", "乡镇", "其他"),
        help="机关层级（默认：按各单位推断）",
    )
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
    return run_aggregate(
        args.inputs, args.output, name=args.name, kind=args.kind, level=args.level, date=date, force=args.force
    )


# ---------------------------------------------------------------------------
# check


def add_check(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="数据文件.yaml",
        help="要校验的数据文件；也可以直接给已发布的报告（.html/.htm/.txt/.docx/.pdf），先读取再校验",
    )
    p.add_argument(
        "--previous", metavar="上年.yaml", help="上一年度的数据文件（或已发布的报告），用于跨年度核对（X 类规则）"
    )
    p.add_argument(
        "--format",
        choices=("human", "json"),
        default="human",
        help="human：逐条列出（默认）；json：机器可读，供主管部门和持续集成使用",
    )
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
            entries.append(
                {"file": name, "usable": result.usable, "findings": result.findings}
                | ({"previous": earlier} if result.usable else {})
            )
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
