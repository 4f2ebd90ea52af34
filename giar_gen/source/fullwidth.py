"""Full-width ``：`` ``，`` and ``　`` (U+3000) typed where YAML needs ``:`` ``,`` and a space.

A Chinese input method produces full-width punctuation by default:
``行政处罚：298``, ``规章: [0，0，0]``, indentation with the full-width space.
YAML does not read them as syntax, and the error, if any, points elsewhere.
:func:`normalise` replaces them *where they can only be syntax*, before the
text is parsed, and records each replacement (line, column) so that the loader
warns about it:

* ``：`` right after a key at the start of a line (when the line has no
  half-width ``: `` of its own), or between a key and a number in ``{…}``;
* ``，`` inside ``[…]`` or ``{…}`` between two numbers (or blanks, ``~``);
* ``　`` in the indentation of a line, after a list's ``-``, or right after the
  colon of a key.

Never touched: text inside a ``|`` or ``>`` block (the prose of the report,
where "　　" indents a paragraph and "：" is punctuation), inside quotes,
after a half-width ``: `` on the line (a value), in continuation lines of a
value, and in comments. :func:`explain` adds a 全角 hint to a YAML syntax
error on a line that still has such a character in its syntax part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from giar_gen.diagnostics import Diagnostic, Location

FULL_COLON, FULL_COMMA, FULL_SPACE = "：", "，", "\u3000"
_NAMES = {FULL_COLON: "全角冒号「：」", FULL_COMMA: "全角逗号「，」", FULL_SPACE: "全角空格"}
_FIXES = {FULL_COLON: "半角冒号「:」（其后加一个空格）", FULL_COMMA: "半角逗号「,」", FULL_SPACE: "半角空格"}
_BLOCK_START = re.compile(r"(?:^|[:\s-])\s*[|>][-+0-9]*\s*(?:#.*)?$")
_NUMBERISH = re.compile(r"[-+]?[0-9.]*|~|null|Null|NULL")


@dataclass
class Replacement:
    line: int  # 1-based
    column: int  # 1-based, in the original text
    char: str

    def diagnostic(self, file: str) -> Diagnostic:
        return Diagnostic(
            "S-FULLWIDTH",
            "warning",
            f"第 {self.line} 行第 {self.column} 列的{_NAMES[self.char]}用在了 YAML 格式的位置上，已按{_FIXES[self.char]}读取",
            Location(file, self.line, self.column),
            hint=f"请在文件中改为{_FIXES[self.char]}。中文输入法默认输入全角符号；"
            "正文文字里的全角标点不受影响，只有键后的冒号、方括号中的逗号和缩进须用半角。",
        )


@dataclass
class Normalised:
    text: str
    replacements: list[Replacement] = field(default_factory=list)
    inserted: dict[int, list[int]] = field(default_factory=dict)  # line → 0-based columns of inserted spaces

    def diagnostics(self, file: str) -> list[Diagnostic]:
        """One warning a line, at the first replacement, naming each kind replaced."""
        by_line: dict[int, list[Replacement]] = {}
        for r in self.replacements:
            by_line.setdefault(r.line, []).append(r)
        out = []
        for line, reps in by_line.items():
            if len(reps) == 1:
                out.append(reps[0].diagnostic(file))
                continue
            kinds = list(dict.fromkeys(r.char for r in reps))
            cols = "、".join(str(r.column) for r in reps)
            out.append(
                Diagnostic(
                    "S-FULLWIDTH",
                    "warning",
                    f"第 {line} 行第 {cols} 列的{'、'.join(_NAMES[k] for k in kinds)}用在了 YAML 格式的位置上，"
                    f"已按{'、'.join(_FIXES[k] for k in kinds)}读取",
                    Location(file, line, reps[0].column),
                    hint=reps[0]
                    .diagnostic(file)
                    .hint.replace(f"改为{_FIXES[reps[0].char]}", "改为" + "、".join(_FIXES[k] for k in kinds)),
                )
            )
        return out

    def original(self, line: int, column: int) -> int:
        """The 1-based column in the original text of ``line:column`` of the normalised one."""
        return column - sum(1 for p in self.inserted.get(line, ()) if p < column - 1)


def normalise(text: str) -> Normalised:
    if FULL_COLON not in text and FULL_COMMA not in text and FULL_SPACE not in text:
        return Normalised(text)
    out = Normalised(text)
    lines = text.split("\n")
    block_indent: int | None = None  # inside a | or > block: the indentation of its key
    value_indent: int | None = None  # the line before had an inline plain value at this key indentation
    depth = 0  # open [ { carried over from the lines before
    levels: set[int] = {0}  # indentations of the lines before (and one level deeper)
    for n, line in enumerate(lines, start=1):
        indent = len(line) - len(line.lstrip(" "))
        body = line.strip(" \r")
        if block_indent is not None:
            if not body.strip(FULL_SPACE) or indent > block_indent:
                continue
            block_indent = None
        if not body or body.startswith("#"):
            continue
        if value_indent is not None and indent > value_indent and depth == 0:
            continue  # a continuation line of a plain value
        new, fixes, inserted, depth = _line(line, depth, _space_width(line, levels))
        for col, ch in fixes:
            out.replacements.append(Replacement(n, col + 1, ch))
        if inserted:
            out.inserted[n] = inserted
        lines[n - 1] = new
        code = _without_comment(new)
        stripped = new.lstrip(" ")
        key_indent = len(new) - len(stripped)
        levels |= {key_indent, key_indent + 2}
        if _BLOCK_START.search(code) and depth == 0:
            block_indent = key_indent
            value_indent = None
        else:
            m = re.match(r"(?:- +)*[^\[{\"'#][^#]*?:[ \t]+([^\s#\[{|>])", stripped)
            value_indent = key_indent if m and depth == 0 else None
    out.text = "\n".join(lines)
    return out


def _without_comment(line: str) -> str:
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'" and (i == 0 or line[i - 1] in " [{,:-"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line.rstrip()


def _space_width(line: str, levels: set[int]) -> int:
    """How many spaces a full-width space of this line's indentation stands for:
    one, unless two make the indentation one of the lines around (it is drawn
    two columns wide, and may have been typed to line up)."""
    lead = line[: len(line) - len(line.lstrip(" " + FULL_SPACE))]
    full = lead.count(FULL_SPACE)
    if full and len(lead) not in levels and len(lead) + full in levels:
        return 2
    return 1


def _line(line: str, depth: int, width: int = 1) -> tuple[str, list[tuple[int, str]], list[int], int]:
    """One line outside a block: (new line, [(original 0-based column, char)], inserted columns, depth)."""
    chars = list(line)
    fixes: list[tuple[int, str]] = []
    inserted: list[int] = []
    i = 0
    if depth == 0:
        # indentation and list dashes: "　　名称" / "-　[1, 2]"
        leading = True
        while i < len(chars) and chars[i] in (" ", FULL_SPACE, "-"):
            if chars[i] == "-" and not (i + 1 < len(chars) and chars[i + 1] in (" ", FULL_SPACE)):
                break
            leading = leading and chars[i] != "-"
            if chars[i] == FULL_SPACE:
                chars[i] = " "
                fixes.append((i, FULL_SPACE))
                if leading and width == 2:
                    chars.insert(i + 1, " ")
                    inserted.append(i + 1)
                    i += 1
            i += 1
    if depth == 0:
        i = _key_colon(chars, i, fixes, inserted)
    depth = _flow(chars, i, depth, fixes, inserted)
    shift = sorted(inserted)
    # fixes are in the columns of the moment they were made; the original column
    # of one is its column less the spaces inserted before it
    fixes = [(c - sum(1 for p in shift if p < c), ch) for c, ch in fixes]
    return "".join(chars), fixes, shift, depth


def _key_colon(chars: list[str], i: int, fixes: list, inserted: list[int]) -> int:
    """Fix the colon after a plain key starting at ``i``; the index after it."""
    line = "".join(chars)
    if i >= len(chars) or chars[i] in "\"'[{#|>&*!%@`":
        return i
    code = _without_comment(line)
    j = i
    while j < len(code):
        ch = code[j]
        if ch == ":" and (j + 1 == len(code) or code[j + 1] in (" ", "\t", FULL_SPACE)):
            if j + 1 < len(code) and code[j + 1] == FULL_SPACE:
                chars[j + 1] = " "
                fixes.append((j + 1, FULL_SPACE))
            return j + 1  # a half-width key colon: the rest is the value
        if ch == FULL_COLON:
            if ":" in code[j:] and re.search(r":( |$)", code[j:]):
                return i  # "其他：说明: 5" — the key has a full-width colon of its own
            chars[j] = ":"
            fixes.append((j, FULL_COLON))
            if j + 1 < len(chars) and chars[j + 1] == FULL_SPACE:
                chars[j + 1] = " "
                fixes.append((j + 1, FULL_SPACE))
            elif j + 1 < len(chars) and chars[j + 1] not in (" ", "\t"):
                chars.insert(j + 1, " ")  # fixes after it are recorded in the new columns
                inserted.append(j + 1)
            return j + 1
        if ch in "[{\"'" or ch == "#" and j > i and code[j - 1] == " ":
            return i
        j += 1
    return i


def _flow(chars: list[str], i: int, depth: int, fixes: list, inserted: list[int]) -> int:
    """Fix ``，`` and ``：`` between numbers inside ``[…]`` / ``{…}`` from ``i`` on
    (only in a value that is a flow collection, or one continued from above)."""
    if depth == 0 and not "".join(chars[i:]).lstrip(" ").startswith(("[", "{")):
        return 0
    quote = None
    j = i
    while j < len(chars):
        ch = chars[j]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (j == 0 or chars[j - 1] == " "):
            break
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth = max(0, depth - 1)
        elif depth and ch == FULL_COMMA and _numberish_item(chars, j, -1) and _numberish_item(chars, j, 1):
            chars[j] = ","
            fixes.append((j, FULL_COMMA))
        elif depth and ch == FULL_COLON and _numberish_item(chars, j, 1):
            chars[j] = ":"
            fixes.append((j, FULL_COLON))
            if j + 1 < len(chars) and chars[j + 1] not in (" ", FULL_SPACE):
                chars.insert(j + 1, " ")
                inserted.append(j + 1)
            elif j + 1 < len(chars) and chars[j + 1] == FULL_SPACE:
                chars[j + 1] = " "
                fixes.append((j + 1, FULL_SPACE))
        j += 1
    return depth


def _numberish_item(chars: list[str], j: int, step: int) -> bool:
    """Whether the flow item on one side of position ``j`` is a number, ``~`` or blank."""
    k = j + step
    item = []
    while 0 <= k < len(chars) and chars[k] not in ",，[]{}:：":
        item.append(chars[k])
        k += step
    text = "".join(item[::step]).strip(" " + FULL_SPACE)
    return bool(_NUMBERISH.fullmatch(text))


def explain(d: Diagnostic, text: str) -> Diagnostic:
    """Add a 全角 hint to a YAML syntax error (Y001) on a line with a full-width
    colon, comma or space in its syntax part (the line or the one before)."""
    if d.code != "Y001" or d.location is None or not d.location.line:
        return d
    lines = text.split("\n")
    for n in (d.location.line, d.location.line - 1):
        if not 0 < n <= len(lines):
            continue
        line = lines[n - 1]
        code = _without_comment(line)
        cut = re.search(r":( |$)", code)
        syntax = code[: cut.start()] if cut else code
        lead = len(line) - len(line.lstrip(" " + FULL_SPACE))
        for col, ch in enumerate(syntax):
            if ch in (FULL_COLON, FULL_COMMA) or ch == FULL_SPACE and col < lead:
                d.hint = f"第 {n} 行第 {col + 1} 列是{_NAMES[ch]}：作为 YAML 格式符号时须用{_FIXES[ch]}。" + (
                    d.hint or ""
                )
                return d
    return d
