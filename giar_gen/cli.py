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
from pathlib import Path
from typing import Callable

from . import __version__
from .diagnostics import Diagnostic, InputError, format_diagnostics
from .output import OutputError

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
    p.add_argument("inputs", nargs="+", metavar="数据文件.yaml", help="报告数据文件")
    p.add_argument("-o", "--output", metavar="目录", help="输出目录（默认：数据文件所在目录）")
    p.add_argument("-f", "--format", default="docx,pdf,html", metavar="格式",
                   help="输出格式，逗号分隔：docx,pdf,html（默认三种都生成）")


def cmd_build(args) -> int:
    from .build import build_file
    from .writers import FORMATS

    formats = tuple(f.strip().lower() for f in args.format.split(",") if f.strip())
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        print(f"giar-gen: 未知的输出格式：{'、'.join(bad)}（可用：{'、'.join(FORMATS)}）", file=sys.stderr)
        return EXIT_INPUT
    status = EXIT_OK
    for inp in args.inputs:
        try:
            result = build_file(inp, args.output, formats)
        except InputError as exc:
            _print_diagnostics(exc.diagnostics)
            print(f"{inp}：输入有误，未生成任何文件。", file=sys.stderr)
            status = max(status, EXIT_INPUT)
            continue
        except OutputError as exc:
            print(f"giar-gen: {exc}", file=sys.stderr)
            status = max(status, EXIT_INPUT)
            continue
        _print_diagnostics(result.diagnostics)
        for path in result.written:
            print(f"已生成 {path}（{_size(path)}）")
    return status


# ---------------------------------------------------------------------------
# init


def add_init(p: argparse.ArgumentParser) -> None:
    p.add_argument("output", nargs="?", default="报告数据.yaml", metavar="文件.yaml",
                   help="要创建的数据文件（默认：报告数据.yaml）")
    p.add_argument("--year", type=int, metavar="年度", help="报告年度（默认：上一年；有 --from 时为上年报告的下一年）")
    p.add_argument("--from", dest="previous", metavar="上年报告",
                   help="从上一年的数据文件（.yaml）或已发布的报告（.html/.txt/.docx）开始：结转数字、机关和联系方式沿用，"
                        "文字作为待改写的草稿，其余数字留空")
    p.add_argument("--force", action="store_true", help="文件已存在时覆盖")


def cmd_init(args) -> int:
    import datetime as _dt

    from .output import write_atomic
    from .skeleton import skeleton_yaml

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
    from .carryover import load_previous, next_year
    from .output import write_atomic

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
                   help="已发布的报告：网页（.html/.htm）、从网页复制的文字（.txt）或 Word 文件（.docx）")
    p.add_argument("-o", "--output", metavar="数据文件.yaml", help="写入的数据文件（默认：与报告同名的 .yaml，放在报告旁边）")
    p.add_argument("--force", action="store_true", help="文件已存在时覆盖")


def cmd_import(args) -> int:
    from .importer import import_file, summary_lines
    from .loader import load_report
    from .output import write_atomic
    from .yamlwrite import imported_yaml

    src = Path(args.report)
    out = Path(args.output) if args.output else src.with_suffix(".yaml")
    if out.exists() and not args.force:
        print(f"giar-gen: 「{out}」已存在，未覆盖（确需覆盖请加 --force）", file=sys.stderr)
        return EXIT_INPUT
    try:
        imp = import_file(src)
    except InputError as exc:
        _print_diagnostics(exc.diagnostics)
        return EXIT_INPUT
    write_atomic(out, imported_yaml(imp).encode("utf-8"), protect=(src,))
    print(f"已导入 {src} → {out}")
    for line in summary_lines(imp):
        print(f"  {line}")
    try:
        load_report(out)
    except InputError as exc:
        _print_diagnostics(exc.diagnostics)
        print(f"{out}：数据文件已写出，但须补全上述内容后才能生成报告。", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"可以生成：giar-gen build {out}")
    return EXIT_OK


# ---------------------------------------------------------------------------
# schema


def add_schema(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", metavar="文件.json", help="写入文件（默认：打印到标准输出）")


def cmd_schema(args) -> int:
    import json

    from .output import write_atomic
    from .schema import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        write_atomic(Path(args.output), text.encode("utf-8"))
        print(f"已写入 {args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


# ---------------------------------------------------------------------------

Command = tuple[str, str, Callable[[argparse.ArgumentParser], None], Callable[..., int]]

#: name, one-line help, argument setup, implementation
COMMANDS: list[Command] = [
    ("build", "检查数据并生成报告（DOCX、PDF、HTML）", add_build, cmd_build),
    ("init", "创建一个可直接生成的数据文件模板（注释中列出官方表格标签）；--from 从上年报告开始", add_init, cmd_init),
    ("schema", "输出数据文件的 JSON Schema（供编辑器自动补全和提示）", add_schema, cmd_schema),
    ("import", "把已发布的报告（网页、复制的文字、DOCX）读成数据文件", add_import, cmd_import),
]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="giar-gen",
        description="政府信息公开工作年度报告生成器：填写一份 YAML 数据文件，生成符合格式的 DOCX、PDF、HTML 报告。",
    )
    p.add_argument("--version", action="version", version=f"giar-gen {__version__}")
    sub = p.add_subparsers(dest="command", metavar="命令")
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
    except Exception as exc:  # a bug, not the user's fault: say so briefly
        if os.environ.get("GIAR_GEN_DEBUG"):
            raise
        print(f"giar-gen 内部错误：{type(exc).__name__}: {exc}\n"
              "这是程序的问题，不是数据的问题。设置环境变量 GIAR_GEN_DEBUG=1 可查看详细信息。",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
