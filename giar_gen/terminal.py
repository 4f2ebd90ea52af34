"""Text for the terminal: argparse in Chinese (usage, section titles, error
messages) and help wrapped by display width, where a Chinese character takes
two columns and an ASCII word (``s2twp``, ``--previous``) is never broken."""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata


class ChineseHelp(argparse.HelpFormatter):
    """Help in Chinese: wrapped by display width (a Chinese character takes two
    columns), never inside an ASCII word such as ``s2twp`` or ``--previous``, no
    line starting with a closing mark; the commands listed once under “命令”."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix if prefix is not None else "用法：")

    def _split_lines(self, text, width):
        return wrap_cjk(text, width)

    def _fill_text(self, text, width, indent):
        return "\n".join(indent + line for line in wrap_cjk(text, width - len(indent)))

    def _format_action(self, action):
        if isinstance(action, argparse._SubParsersAction):  # its own line would repeat “命令”
            return "".join(self._format_action(sub) for sub in action._get_subactions())
        return super()._format_action(action)


_CLOSING = set("，。、；：？！）》」』”’】")


def _columns(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def wrap_cjk(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns: breaks between Chinese
    characters or at spaces, never inside a run of ASCII letters, digits and
    marks (a word longer than the line gets a line of its own)."""
    tokens: list[str] = []
    for tok in re.findall(r"[!-~]+|\s+|.", " ".join(text.split())):
        if tokens and (tok in _CLOSING or (tokens[-1] in "（《「“" and not tok.isspace())):
            tokens[-1] += tok  # no closing mark at a line start, no opening mark at an end
        else:
            tokens.append(tok)
    lines, line = [], ""
    for tok in tokens:
        if line and _columns(line + tok) > max(width, 1) and not tok.isspace():
            lines.append(line.rstrip())
            line = ""
        if not line and tok.isspace():
            continue
        line += tok
    if line.strip():
        lines.append(line.rstrip())
    return lines


_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.*)", "缺少参数：{0}"),
    (r"unrecognized arguments: (.*)", "不认识的参数：{0}"),
    (r"argument (\S+): invalid int value: '(.*)'", "参数 {0} 应为整数，实际为「{1}」"),
    (r"argument (\S+): invalid choice: '?(.*?)'? \(choose from (.*)\)", "参数 {0} 不能是「{1}」，可选：{2}"),
    (r"argument (\S+): expected one argument", "参数 {0} 后面需要一个值"),
    (r"ambiguous option: (.*)", "选项有歧义：{0}"),
    (r"argument (\S+): ignored explicit argument '(.*)'", "选项 {0} 不带值，不能写成 {0}={1}"),
)


def _invalid_choice(name: str, given: str, choices: str) -> str:
    """ "可选：build、check…" without Python's quotes, and the likely one named."""
    import difflib

    options = [c.strip().strip("'\"") for c in choices.split(",")]
    close = difflib.get_close_matches(given, options, n=1, cutoff=0.6)
    guess = f"是不是「{close[0]}」？" if close else ""
    if name == "命令":
        return f"没有「{given}」这个命令。{guess}可用的命令：{'、'.join(options)}"
    return f"参数 {name} 不能是「{given}」。{guess}可选：{'、'.join(options)}"


class ChineseParser(argparse.ArgumentParser):
    """argparse with Chinese usage, section titles and error messages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", ChineseHelp)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str):
        m = re.fullmatch(r"argument (\S+): invalid choice: '?(.*?)'? \(choose from (.*)\)", message)
        if m:
            message = _invalid_choice(*m.groups())
        for pattern, zh in _ARGPARSE_MESSAGES:
            m = re.fullmatch(pattern, message)
            if m:
                message = zh.format(*m.groups())
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{message}\n")
