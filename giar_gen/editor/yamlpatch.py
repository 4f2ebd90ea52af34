"""Change values in a YAML text in place, leaving every other byte alone.

The editor saves the user's file by editing its *text*, like ``giar-gen fix``:
a value that changed is replaced where it stands (a number inside ``[86, 9, 1]``,
a name after ``名称:``, a ``|`` block of paragraphs); a value the file does not
have yet is inserted as a new line at the end of the mapping it belongs to.
Comments, key order, quoting and blank lines outside the changed values stay
byte for byte, so a file saved without changes is the file that was loaded.

A path is a tuple of steps; a step is an ``int`` (list index) or a tuple of
names that mean the same key (``("机关", "agency")``), compared loosely
(full/half width, spaces and quotes do not matter, as in the loader). The
first name is the one written when the key has to be inserted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from giar_gen.source.table_input import canon
from giar_gen.source.yamlsource import compose
from giar_gen.source.yamlwrite import _literal_ok, scalar

Step = Any  # int | tuple[str, ...]


@dataclass(frozen=True)
class Edit:
    """Set the value at ``path``.

    ``value`` is a Python value written with :func:`render_scalar`, or, with
    ``raw=True``, YAML text written as it is (e.g. a flow list of a new row).
    ``block=True`` writes a string as a ``|`` block (one paragraph a line).
    """

    path: tuple[Step, ...]
    value: Any
    raw: bool = False
    block: bool = False
    after: tuple[tuple[Step, ...], ...] = ()  # a new key goes after the first of these that exists


def names(step: Step) -> tuple:
    return step if isinstance(step, tuple) else (step,)


def render_scalar(value: Any) -> str:
    """A value as a plain YAML scalar: ``~`` for ``None``, numbers plain, a
    date ``2024-01-26`` plain, other text quoted only when YAML needs it."""
    if isinstance(value, str) and _is_iso_date(value):
        return value
    try:
        return scalar(value)
    except ValueError:  # PyYAML cannot even read it back (2024-02-30 is read as a date)
        import json

        return json.dumps(value, ensure_ascii=False)


def _is_iso_date(s: str) -> bool:
    import datetime as _dt
    import re

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return False
    try:
        _dt.date.fromisoformat(s)
    except ValueError:
        return False
    return True


def _key_matches(node: yaml.Node, step: Step) -> bool:
    if not isinstance(node, yaml.ScalarNode):
        return False
    return canon(node.value) in {canon(n) for n in names(step)}


def _child(node: yaml.Node | None, step: Step) -> yaml.Node | None:
    if isinstance(step, int):
        if isinstance(node, yaml.SequenceNode) and 0 <= step < len(node.value):
            return node.value[step]
        return None
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if _key_matches(k, step):
                return v
    return None


def find(root: yaml.Node | None, path: tuple[Step, ...]) -> tuple[yaml.Node | None, int]:
    """The deepest node along ``path`` and how many steps led to it."""
    node = root
    for i, step in enumerate(path):
        nxt = _child(node, step)
        if nxt is None:
            return node, i
        node = nxt
    return node, len(path)


def apply_edits(text: str, edits: list[Edit]) -> str:
    """``text`` with every edit applied. Replacements of existing values are
    made in one pass; each insertion re-reads the text (they are rare). A file
    with Windows line ends (CRLF) keeps them."""
    if "\r\n" in text:
        return apply_edits(text.replace("\r\n", "\n"), edits).replace("\n", "\r\n")
    root = compose(text, "<编辑器>")
    spans: list[tuple[int, int, str]] = []
    inserts: list[Edit] = []
    for e in edits:
        node, depth = find(root, e.path)
        if depth == len(e.path):  # the value is there (a list or mapping is replaced whole)
            spans.append(_replacement(text, node, e))
        else:
            inserts.append(e)
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    for e in inserts:
        text = _insert(text, e)
    return text


def _indent_of(text: str, index: int) -> int:
    line_start = text.rfind("\n", 0, index) + 1
    line = text[line_start:index]
    return len(line) - len(line.lstrip(" "))


def _block_text(value: str, indent: int) -> str:
    """``|`` plus the lines of ``value`` at ``indent`` spaces (no trailing newline)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
    pad = " " * indent
    lines = "\n".join(pad + line if line else "" for line in value.split("\n"))
    return "|\n" + lines


#: A text longer than this is written as a ``|`` block even on one line (as yamlwrite does).
LONG = 60


def _format(e: Edit, indent: int, was_block: bool = False) -> str:
    """The YAML text of the edit's value. A text meant for a block (``block``)
    is one when it has several lines, is long, or replaces a block; a short
    one-line text ("自动") stays a plain scalar."""
    if e.raw:
        return str(e.value)
    v = e.value
    if (
        e.block
        and isinstance(v, str)
        and v.strip()
        and _literal_ok(v.rstrip("\n"))
        and ("\n" in v.strip("\n") or len(v) > LONG or was_block)
    ):
        return _block_text(v, indent)
    return render_scalar(v)


def _replacement(text: str, node: yaml.Node, e: Edit) -> tuple[int, int, str]:
    start, end = node.start_mark.index, node.end_mark.index
    block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
    if block or isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style:
        # a block ends at the start of the next line: keep its trailing blank lines
        end = start + len(text[start:end].rstrip())
    indent = _indent_of(text, start) + 2
    if block:
        first = text.find("\n", start) + 1
        indent = max(indent, _leading(text, first))
    new = _format(e, indent, was_block=block)
    if block and new.startswith("|"):
        # keep the header line as written (``|-``, a comment after it)
        header_end = text.find("\n", start)
        new = text[start:header_end] + new[1:]
    return start, end, new


def _leading(text: str, i: int) -> int:
    n = 0
    while i + n < len(text) and text[i + n] == " ":
        n += 1
    return n


def _insert(text: str, e: Edit) -> str:
    root = compose(text, "<编辑器>")
    node, depth = find(root, e.path)
    missing = e.path[depth:]
    if any(isinstance(s, int) for s in missing) or not isinstance(node, yaml.MappingNode):
        raise ValueError(f"无法在此处插入：{e.path}")
    keys = [scalar(names(s)[0]) for s in missing]
    if node.flow_style:
        inner = _format(Edit(e.path, e.value, e.raw, False), 0)
        for k in reversed(keys[1:]):
            inner = "{" + f"{k}: {inner}" + "}"
        close = node.end_mark.index - 1  # the "}"
        sep = ", " if node.value else ""
        return text[:close] + f"{sep}{keys[0]}: {inner}" + text[close:]
    if node.value:
        indent = node.value[0][0].start_mark.column
        at = _after_value(text, node)
        if len(missing) == 1:
            for sibling in e.after:
                found, d = find(root, sibling)
                if d == len(sibling) and sibling[:-1] == e.path[:-1] and found is not None:
                    at = _after_value(text, found)
                    break
    else:
        indent = _indent_of(text, node.start_mark.index) + 2
        at = len(text)
    lines = []
    for i, k in enumerate(keys[:-1]):
        lines.append(" " * (indent + 2 * i) + f"{k}:")
    last_indent = indent + 2 * (len(keys) - 1)
    value = _format(e, last_indent + 2)
    lines.append(" " * last_indent + f"{keys[-1]}: {value}")
    new = "\n".join(lines) + "\n"
    if at > 0 and text[at - 1] != "\n":
        new = "\n" + new
    return text[:at] + new + text[at:]


def _after_value(text: str, value: yaml.Node) -> int:
    """The start of the line after ``value`` (its last line's trailing comment
    stays on it): where a new entry after it goes."""
    node: yaml.Node = value
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value and not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    end = node.end_mark.index
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        end = node.start_mark.index + len(text[node.start_mark.index : end].rstrip())
    nl = text.find("\n", end)
    return len(text) if nl < 0 else nl + 1
