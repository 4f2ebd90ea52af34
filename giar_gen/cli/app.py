"""The ``giar-gen`` command line: the parser and :func:`main`.

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

from giar_gen import __version__
from giar_gen.cli.common import EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK  # noqa: F401  (the exit statuses)
from giar_gen.cli.data import (
    add_edit,
    add_fix,
    add_fonts,
    add_import,
    add_init,
    add_schema,
    add_tables,
    cmd_edit,
    cmd_fix,
    cmd_fonts,
    cmd_import,
    cmd_init,
    cmd_schema,
    cmd_tables,
)
from giar_gen.cli.reports import (
    add_aggregate,
    add_build,
    add_check,
    add_rules,
    cmd_aggregate,
    cmd_build,
    cmd_check,
    cmd_rules,
)
from giar_gen.diagnostics import InputError, format_diagnostics
from giar_gen.output import describe
from giar_gen.terminal import ChineseParser

# ---------------------------------------------------------------------------

Command = tuple[str, str, Callable[[argparse.ArgumentParser], None], Callable[..., int]]

#: name, one-line help, argument setup, implementation
COMMANDS: list[Command] = [
    ("build", "检查数据并生成报告（DOCX、PDF、HTML）", add_build, cmd_build),
    ("check", "只校验数据：勾稽关系、组成部分、日期、正文与表格是否一致等", add_check, cmd_check),
    ("rules", "列出全部校验规则，或查看一条规则的说明和例子", add_rules, cmd_rules),
    ("fix", "把正文中夹在中文之间的半角标点改为全角（原地修改，保留注释和格式）", add_fix, cmd_fix),
    ("aggregate", "把各单位的表格数字相加，生成本级政府报告的汇总数据文件和对账表", add_aggregate, cmd_aggregate),
    (
        "init",
        "创建数据文件模板（注释中列出官方表格标签，占位文字替换后即可生成）；--from 从上年报告开始",
        add_init,
        cmd_init,
    ),
    ("schema", "输出数据文件的 JSON Schema（供编辑器自动补全和提示）", add_schema, cmd_schema),
    (
        "import",
        "把已发布的报告（网页、复制的文字、DOCX、PDF）读成数据文件；或把填好的统计表（.xlsx）读回数据文件",
        add_import,
        cmd_import,
    ),
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
        from giar_gen.cli import to_null

        to_null(sys.stdout.fileno())
        return EXIT_OK
    except (InputError, OSError) as exc:  # unusable input; an output not written (full disk, read-only folder, …)
        print(format_diagnostics(exc.diagnostics) if isinstance(exc, InputError) else describe(exc), file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:  # a bug, not the user's fault: say so briefly
        if os.environ.get("GIAR_GEN_DEBUG"):
            raise
        print(
            f"giar-gen 内部错误：{type(exc).__name__}: {exc}\n"
            "这是程序的问题，不是数据的问题。设置环境变量 GIAR_GEN_DEBUG=1 可查看详细信息。",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def finish(status: int) -> None:
    """End the process with ``status`` once a command is done: the exit handlers
    run (temporary files are removed), then the process ends at once.

    What the interpreter would do next (tearing down every module, a last garbage
    collection) changes nothing and takes 30–50 ms, a tenth of a build. Where
    another thread still runs, or the output cannot be flushed, the exit is the
    normal one.
    """
    import atexit
    import threading

    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    if not _flushed() or run_handlers is None or threading.active_count() > 1:
        sys.exit(status)
    run_handlers()
    _flushed()
    os._exit(status)


def _flushed() -> bool:
    """Flush standard output and error; False if that failed."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError, AttributeError):
            return False
    return True
