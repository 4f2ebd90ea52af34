"""Figure references in narrative text: ``{申请办理情况.本年新收.总计}``.

A part's text (or the intro) may name a table cell instead of spelling its
number; the number is filled in from the tables when the report is built, so
the prose cannot drift from the table.

Notation (chosen to read well inside a YAML ``|`` block):

* ``{表格.行.列}`` — segments separated by ``.`` (or full-width ``．``);
  half-width ``{ }`` or full-width ``｛ ｝`` braces; spaces are ignored.
* the table is its YAML key or id: ``申请办理情况`` / ``applications``;
* the row is its YAML key, printed label or id; in table 三 the enclosing
  groups may be given (``本年度办理结果.不予公开.属于国家秘密``) or left out
  when the last key is unique (``属于国家秘密``);
* the column likewise (``自然人``, ``总计``); left out, it is the row's only
  column or the table's 总计 column: ``{申请办理情况.本年新收}``; in table 四 a
  group name means that group's 总计: ``{复议诉讼情况.行政复议}``;
* ``{{`` and ``}}`` print a literal brace.

Substitution is sandboxed: this module's own small parser only looks names
up among the cells of the official tables; user text never reaches a template
engine. An unknown or ambiguous name, a reference to a blank cell or an
unclosed brace is an :class:`~giar_gen.diagnostics.InputError` that names the
file, line and column of the brace in the YAML text.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from giar_gen.diagnostics import Diagnostic, InputError, Location
from giar_gen.model.report import Report, format_number
from giar_gen.model.tables import Column, Row, TableDef

OPEN, CLOSE = "{｛", "}｝"
SEPARATORS = re.compile(r"[.．]")

#: diagnostic codes
UNKNOWN, BLANK, SYNTAX = "R01", "R02", "R03"


def _canon(s: str) -> str:
    s = unicodedata.normalize("NFKC", str(s))
    return re.sub(r"[\s“”\"'‘’「」]", "", s)


# ---------------------------------------------------------------------------
# finding references in text


@dataclass(frozen=True)
class Escape:
    """``{{`` or ``}}`` at ``start``: prints one brace."""

    start: int
    char: str


@dataclass(frozen=True)
class RefToken:
    """A ``{…}`` reference in a text: ``start``/``end`` offsets of the braces."""

    start: int
    end: int
    name: str


def scan(text: str) -> tuple[list[RefToken | Escape | str], list[tuple[int, str]]]:
    """Split ``text`` into literal pieces, escaped braces and references.

    Literal pieces are verbatim substrings of ``text``. Returns the pieces in
    order and the syntax problems as ``(offset, message)``.
    """
    pieces: list[RefToken | Escape | str] = []
    problems: list[tuple[int, str]] = []
    i, n, lit = 0, len(text), 0

    def flush(upto: int) -> None:
        if upto > lit:
            pieces.append(text[lit:upto])

    while i < n:
        ch = text[i]
        if ch not in OPEN and ch not in CLOSE:
            i += 1
            continue
        if i + 1 < n and text[i + 1] == ch:  # {{ or }}: a literal brace
            flush(i)
            pieces.append(Escape(i, ch))
            i += 2
            lit = i
            continue
        if ch in CLOSE:
            problems.append((i, "多出的右花括号「" + ch + "」；如要原样印出，请写两个：「" + ch * 2 + "」"))
            i += 1
            continue
        j = i + 1
        while j < n and text[j] not in CLOSE and text[j] not in OPEN and text[j] != "\n":
            j += 1
        if j >= n or text[j] not in CLOSE:
            problems.append((i, "花括号「" + ch + "」没有闭合；如要原样印出花括号，请写两个：「" + ch * 2 + "」"))
            i += 1
            continue
        flush(i)
        pieces.append(RefToken(i, j + 1, text[i + 1 : j]))
        i = j + 1
        lit = i
    flush(n)
    return pieces, problems


# ---------------------------------------------------------------------------
# resolving a name to a cell


@dataclass(frozen=True)
class CellName:
    table: TableDef
    row: Row
    column: Column


class NameError_(Exception):
    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


def _row_level_names(row: Row, level: int) -> set[str]:
    names = {row.keys[level], row.ids[level], row.path[level]}
    if level == len(row.keys) - 1:
        names |= set(row.aliases)
        names.add(row.label)
    return {_canon(x) for x in names if x}


def _row_matches(row: Row, segs: list[str]) -> bool:
    depth = len(row.keys)
    if not segs or len(segs) > depth:
        return False
    offset = depth - len(segs)
    return all(s in _row_level_names(row, offset + i) for i, s in enumerate(segs))


def _column_levels(col: Column) -> list[set[str]]:
    """Names by which each level of a column's header path can be called."""
    id_parts = col.id.split(".")
    levels = []
    for i, label in enumerate(col.path):
        names = {label}
        if i == len(col.path) - 1:
            names |= {col.key, id_parts[-1], *col.aliases}
        elif len(id_parts) > 1 and i == len(col.path) - 2:
            names.add(id_parts[-2])
        levels.append({_canon(x) for x in names if x})
    return levels


def _subsequence(segs: list[str], levels: list[set[str]]) -> bool:
    it = iter(levels)
    return all(any(s in lv for lv in it) for s in segs)


def _column_matches(col: Column, segs: list[str]) -> bool:
    levels = _column_levels(col)
    if not segs or segs[-1] not in levels[-1]:
        return False
    return _subsequence(segs[:-1], levels[:-1])


def _columns_for(table: TableDef, row: Row, segs: list[str]) -> list[Column]:
    cols = list(table.columns_of(row))
    if not segs:
        if len(cols) == 1:
            return cols
        totals = [c for c in cols if c.is_total]
        return totals if len(totals) == 1 else []
    out = [c for c in cols if _column_matches(c, segs)]
    if not out:  # a group name: that group's total
        out = [
            c
            for c in cols
            if c.is_total and _subsequence(segs, _column_levels(c)[:-1]) and segs[-1] in _column_levels(c)[-2]
        ]
    return out


def tables_of(report: Report) -> list[TableDef]:
    return list(report.edition.tables) if report.edition is not None else []


def _find_table(report: Report, seg: str) -> TableDef | None:
    for t in tables_of(report):
        if seg in (_canon(t.key), _canon(t.id), _canon(t.part)):
            return t
    return None


def resolve(report: Report, name: str) -> CellName:
    """The cell a reference names; raises :class:`NameError_` with a Chinese message."""
    segs = [_canon(s) for s in SEPARATORS.split(name)]
    if not name.strip() or any(not s for s in segs):
        raise NameError_(
            f"引用「{{{name}}}」的写法不对：各段之间用“.”分隔，不能为空", hint="例如 {申请办理情况.本年新收.总计}"
        )
    if report.edition is None:
        raise NameError_(f"{report.year}年度没有全国统一的统计表，不能引用表格数字「{{{name}}}」")
    table = _find_table(report, segs[0])
    if table is None:
        keys = [t.key for t in tables_of(report)]
        close = difflib.get_close_matches(segs[0], keys, n=1, cutoff=0.3)
        raise NameError_(
            f"引用「{{{name}}}」中没有名为「{segs[0]}」的表格",
            hint=(f"是不是「{close[0]}」？" if close else "") + "可引用的表格：" + "、".join(keys),
        )
    rest = segs[1:]
    found: list[tuple[Row, Column]] = []
    for k in range(len(rest) + 1):
        row_segs, col_segs = rest[:k], rest[k:]
        if row_segs:
            rows = [r for r in table.rows if _row_matches(r, row_segs)]
        else:
            rows = list(table.rows) if table.single_row else []
        for r in rows:
            for c in _columns_for(table, r, col_segs):
                if (r, c) not in found:
                    found.append((r, c))
    if len(found) == 1:
        row, col = found[0]
        return CellName(table, row, col)
    if not found:
        whole = [r for r in table.rows if _row_matches(r, rest)]
        if whole:
            cols = "、".join(c.key for c in table.columns_of(whole[0]))
            raise NameError_(
                f"引用「{{{name}}}」只指明了行，这一行有多列，须指明哪一列", hint=f"在后面加“.列名”，可用的列：{cols}"
            )
        names = sorted({r.key for r in table.rows if r.key} | {c.key for c in table.columns})
        last = rest[-1] if rest else ""
        close = difflib.get_close_matches(last, names, n=3, cutoff=0.4) if last else []
        hint = f"是不是「{'」「'.join(close)}」？" if close else ""
        hint += f"写法：{{{table.key}.行.列}}，行、列用表格中的键或印出的名称"
        if not rest:
            hint += "；引用整张表格不行，须指明单元格"
        raise NameError_(f"「{table.key}」中找不到引用「{{{name}}}」所指的单元格", hint=hint)
    options = "；".join(table.describe(r.id, c.id) for r, c in found[:4])
    raise NameError_(
        f"引用「{{{name}}}」不明确，可能指：{options}",
        hint="请写出上一级的行或列名称，如 {申请办理情况.本年度办理结果.不予公开.属于国家秘密}",
    )


# ---------------------------------------------------------------------------
# locating a position inside a YAML text value


def yaml_path(report: Report, *names: str | tuple[str, str]) -> tuple:
    """The YAML path of a field as the file spells it: each element is a key or
    an ``(alias, name)`` pair of which the one present in the file is taken."""
    smap = report.source
    out: tuple = ()
    for n in names:
        if isinstance(n, tuple):
            alias, english = n
            pick = alias
            if smap is not None and out + (alias,) not in smap.values and out + (english,) in smap.values:
                pick = english
            out += (pick,)
        else:
            out += (n,)
    return out


def part_path(report: Report, key: str) -> tuple:
    return yaml_path(report, ("正文", "parts"), key)


def intro_path(report: Report) -> tuple:
    return yaml_path(report, ("引言", "intro"))


@functools.lru_cache(maxsize=8)
def _line_starts(text: str) -> list[int]:
    """Where each line of ``text`` starts; computed once per text (a file with
    20,000 findings would otherwise be scanned 20,000 times)."""
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts


def _windows(value: str, offset: int) -> list[tuple[int, int]]:
    """Stretches of ``value`` around ``offset`` to look for in the source: its whole
    line, then ever shorter pieces (quoting may change the text around it)."""
    offset = max(0, min(offset, len(value)))
    ls = value.rfind("\n", 0, offset) + 1
    le = value.find("\n", offset)
    le = len(value) if le < 0 else le
    return [(ls, le)] + [(max(ls, offset - w), min(le, offset + w + 1)) for w in (12, 6, 3, 1, 0)]


def offset_location(smap, index: int) -> Location:
    starts = _line_starts(smap.text)
    line = bisect.bisect_right(starts, index) - 1
    return Location(smap.file, line + 1, index - starts[line] + 1)


def text_location(smap, path: tuple, value: str, offset: int) -> Location:
    """File, line and column of character ``offset`` of the text ``value``
    stored at YAML ``path`` (plain, quoted or block scalar)."""
    if smap is None:
        return Location("<输入>")
    base = smap.location(path)
    if base.line is None:
        return base
    src = smap.text
    starts = _line_starts(src)
    start_idx = starts[base.line - 1] + (base.column or 1) - 1
    n = value.count("\n", 0, offset)
    if 0 <= start_idx < len(src) and src[start_idx] in "|>":
        # block scalar: line n of the value is (about) source line base.line + 1 + n
        ln = min(base.line + n, len(starts) - 1)
        start_idx = max(start_idx, starts[ln])
    elif n:
        # a quoted or plain scalar over several lines: a line break of the value is an
        # empty source line, so line n of the value is on source line base.line + n or later
        # (an escaped "\n" in double quotes is not: the search below falls back to the start)
        first = max(start_idx, starts[min(base.line - 1 + n, len(starts) - 1)])
        for a, b in _windows(value, offset):
            i = src.find(value[a:b], first) if value[a:b].strip() else -1
            if i >= 0:
                return offset_location(smap, i + (offset - a))
    offset = max(0, min(offset, len(value)))
    for a, b in _windows(value, offset):
        snippet = value[a:b]
        if not snippet.strip():
            continue
        i = src.find(snippet, start_idx)
        if i < 0:
            i = src.find(snippet)
        if i >= 0:
            return offset_location(smap, i + (offset - a))
    return base


# ---------------------------------------------------------------------------
# substitution


@dataclass
class Substituted:
    """A text with its references filled in, and how offsets map back."""

    original: str
    text: str
    #: (start in ``text``, end in ``text``, start in ``original``, end in ``original``) per reference
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)
    cells: list[CellName] = field(default_factory=list)

    def original_offset(self, i: int) -> int:
        """The offset in the original text of character ``i`` of the filled-in text."""
        shift = 0
        for rs, re_, os_, oe in self.spans:
            if i < rs:
                break
            if i < re_:
                return os_
            shift = oe - re_
        return i + shift


def substitute(report: Report, text: str, path: tuple) -> tuple[Substituted, list[Diagnostic]]:
    """Fill the references of ``text`` in; the diagnostics say what could not be."""
    smap = report.source
    pieces, problems = scan(text)
    diags: list[Diagnostic] = []
    field_name = " → ".join(str(p) for p in path)

    def loc(offset: int) -> Location:
        return text_location(smap, path, text, offset)

    for off, msg in problems:
        diags.append(Diagnostic(SYNTAX, "error", msg, loc(off), field=field_name))
    out: list[str] = []
    result = Substituted(original=text, text="")
    pos = 0
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
            pos += len(piece)
            continue
        if isinstance(piece, Escape):
            result.spans.append((pos, pos + 1, piece.start, piece.start + 2))
            out.append(piece.char)
            pos += 1
            continue
        try:
            cell = resolve(report, piece.name)
        except NameError_ as exc:
            diags.append(Diagnostic(UNKNOWN, "error", exc.message, loc(piece.start), field=field_name, hint=exc.hint))
            continue
        values = report.tables.get(cell.table.id)
        value = values.value(cell.row.id, cell.column.id) if values is not None else None
        where = cell.table.describe(cell.row.id, cell.column.id)
        if value is None:
            diags.append(
                Diagnostic(
                    BLANK,
                    "error",
                    f"引用「{{{piece.name}}}」所指的单元格未填写，无法填入数字",
                    loc(piece.start),
                    field=field_name,
                    cells=[f"{cell.table.key}：{where}"],
                    hint="在表格中填写该单元格（没有发生的填 0）。",
                )
            )
            continue
        s = format_number(value)
        result.spans.append((pos, pos + len(s), piece.start, piece.end))
        result.cells.append(cell)
        out.append(s)
        pos += len(s)
    result.text = "".join(out)
    return result, diags


@dataclass
class TextField:
    """A narrative text of a report: where it is, what the user wrote, and
    the text with references filled in."""

    path: tuple
    label: str  # how a reader names the field: 正文 → 总体情况
    substituted: Substituted

    @property
    def original(self) -> str:
        return self.substituted.original

    @property
    def text(self) -> str:
        return self.substituted.text


def narrative_fields(report: Report) -> tuple[list[TextField], list[Diagnostic]]:
    """The intro (unless generated) and every part text, references filled in."""
    from giar_gen.model.report import AUTO

    fields: list[TextField] = []
    diags: list[Diagnostic] = []
    intro = report.data.intro
    if intro and intro.strip() not in AUTO:
        p = intro_path(report)
        sub, d = substitute(report, intro, p)
        fields.append(TextField(p, "引言", sub))
        diags.extend(d)
    for key, text in report.data.parts.items():
        if not text:
            continue
        p = part_path(report, key)
        sub, d = substitute(report, text, p)
        fields.append(TextField(p, f"正文 → {key}", sub))
        diags.extend(d)
    return fields, diags


def check_references(report: Report) -> None:
    """Raise :class:`InputError` if any reference in the report cannot be filled in."""
    _, diags = narrative_fields(report)
    if diags:
        raise InputError(diags)


def fill(report: Report, text: str | None, path: tuple) -> str | None:
    """``text`` with its references filled in; raises :class:`InputError`."""
    if not text:
        return text
    sub, diags = substitute(report, text, path)
    if diags:
        raise InputError(diags)
    return sub.text
