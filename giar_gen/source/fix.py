"""``giar-gen fix``: half-width punctuation in Chinese text → full-width.

Text pasted from web pages often has ``,`` ``(`` ``)`` ``:`` ``;`` ``?`` ``!``
between Chinese characters ("2012年,我局…(以下简称《条例》)"). :func:`punct_fixes`
finds them; :func:`fix_text` converts one string; :func:`fix_source` edits a
YAML file's *text* — only inside its string values, never keys or comments —
so comments, order, quoting and layout are preserved byte for byte outside the
changed characters. :func:`fix_file` writes the result atomically.

A half-width full stop ends a Chinese sentence ("废止3件." → "废止3件。") when
it follows a Chinese character and ends the line or is followed by Chinese.

Left alone: punctuation between ASCII letters or digits (``10:30``, ``1,268``,
``http://``, ``www.gov.cn``), other full stops (``1.`` and ``一.`` numbering,
decimals, ``...``, figure references ``{申请办理情况.本年新收}``), anything in
keys and comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from giar_gen.diagnostics import InputError
from giar_gen.output import write_atomic
from giar_gen.source.loader import read_data_file
from giar_gen.source.yamlsource import compose, decode_utf8, load_yaml

FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_EXTRA_CJK = set("“”‘’…—·《》〈〉【】")
#: what may stand before a half-width full stop that ends a Chinese sentence
_CLOSERS = set("”’》〉】）")
_NUMERALS = set("一二三四五六七八九十〇零")


def is_cjk(ch: str) -> bool:
    """A Chinese character or a full-width / CJK punctuation mark."""
    if not ch:
        return False
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x3000 <= o <= 0x303F
        or 0xFF01 <= o <= 0xFF60
        or 0xF900 <= o <= 0xFAFF
        or ch in _EXTRA_CJK
    )


def _neighbours(text: str, i: int) -> tuple[str, str]:
    """The nearest non-space characters before and after position ``i`` (same line)."""
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    k = i + 1
    while k < len(text) and text[k] in " \t":
        k += 1
    before = text[j] if j >= 0 and text[j] != "\n" else ""
    after = text[k] if k < len(text) and text[k] != "\n" else ""
    return before, after


def punct_fixes(text: str) -> list[tuple[int, str, str]]:
    """``(offset, half-width, full-width)`` for each mark to convert."""
    out: dict[int, tuple[int, str, str]] = {}
    # brackets in pairs: convert both when either side is Chinese
    stack: list[int] = []
    pairs: list[tuple[int, int | None]] = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")":
            pairs.append((stack.pop(), i) if stack else (-1, i))
        elif ch == "\n":
            pairs.extend((o, None) for o in stack)
            stack = []
    pairs.extend((o, None) for o in stack)
    for o, c in pairs:
        marks = [p for p in (o, c) if p is not None and p >= 0]
        chinese = False
        for p in marks:
            before, after = _neighbours(text, p)
            if is_cjk(before) or is_cjk(after):
                chinese = True
        if o >= 0 and c is not None and any(is_cjk(ch) for ch in text[o + 1 : c]):
            inner = text[o + 1 : c]
            chinese = chinese or (len(inner) > 0 and all(is_cjk(ch) or ch.isdigit() for ch in inner))
        if chinese:
            for p in marks:
                out[p] = (p, text[p], FULL[text[p]])
    for i, ch in enumerate(text):
        if ch == "." and _ends_sentence(text, i):
            out[i] = (i, ch, "。")
        if ch not in ",;:?!":
            continue
        before, after = _neighbours(text, i)
        if is_cjk(before) or is_cjk(after):
            out[i] = (i, ch, FULL[ch])
    return [out[k] for k in sorted(out)]


def _ends_sentence(text: str, i: int) -> bool:
    """A ``.`` at ``i`` that ends a Chinese sentence: right after a Chinese
    character (or a closing mark), at the end of the line or before Chinese;
    not ``...``, not a numbering mark like ``一.``."""
    if text[i - 1 : i] == "." or text[i + 1 : i + 2] == ".":
        return False
    if text.rfind("{", 0, i) > text.rfind("}", 0, i):
        return False  # a figure reference: {申请办理情况.本年新收}
    prev = text[i - 1] if i else ""
    if not (prev in _CLOSERS or (is_cjk(prev) and prev not in "（“‘《〈【" and not 0xFF01 <= ord(prev) <= 0xFF60)):
        return False
    _, after = _neighbours(text, i)
    if after and not (is_cjk(after) and not after.isdigit()):
        return False
    line_start = text.rfind("\n", 0, i) + 1
    head = text[line_start:i].strip()
    marker = head.strip("（()）")
    return not (head and marker and all(c in _NUMERALS or c.isdigit() for c in marker))  # 一. （二）. numbering


def fix_text(text: str) -> tuple[str, int]:
    """``text`` with its half-width punctuation converted, and how many marks changed.

    Spaces right after a converted mark are dropped (full-width marks carry
    their own space).
    """
    fixes = punct_fixes(text)
    if not fixes:
        return text, 0
    out: list[str] = []
    pos = 0
    for i, _, new in fixes:
        if i < pos:
            continue
        out.append(text[pos:i])
        out.append(new)
        pos = i + 1
        if new != "（":
            end = pos
            while end < len(text) and text[end] in " \t":
                end += 1
            if end > pos and end < len(text) and text[end] != "\n":
                pos = end
    out.append(text[pos:])
    return "".join(out), len(fixes)


# ---------------------------------------------------------------------------
# editing a YAML file's text


class FixError(Exception):
    pass


def _string_value_spans(text: str, file: str) -> list[tuple[int, int, str]]:
    """``(start, end, style)`` of every string scalar that is a value (not a key).
    Raises :class:`InputError` (located, in Chinese) for a file that is not valid YAML."""
    load_yaml(text, file)  # the loader's own checks first: duplicate keys, alias bombs, …
    node = compose(text, file)
    spans: list[tuple[int, int, str]] = []
    seen: set[int] = set()  # an anchored value is visited once, however often aliases repeat it

    def walk(n, is_key: bool = False) -> None:
        if id(n) in seen:
            return
        seen.add(id(n))
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                walk(k, True)
                walk(v)
        elif isinstance(n, yaml.SequenceNode):
            for v in n.value:
                walk(v)
        elif isinstance(n, yaml.ScalarNode) and not is_key and n.tag == "tag:yaml.org,2002:str":
            spans.append((n.start_mark.index, n.end_mark.index, n.style or ""))

    if node is not None:
        walk(node)
    return spans


def fix_source(text: str, file: str = "<输入>") -> tuple[str, int]:
    """The YAML ``text`` with punctuation fixed inside string values only.
    Raises :class:`InputError` when ``text`` is not valid YAML."""
    spans = _string_value_spans(text, file)
    pieces: list[str] = []
    pos = 0
    count = 0
    for start, end, style in sorted(spans):
        if style in ("|", ">"):
            nl = text.find("\n", start, end)  # keep the block header (and its comment) as is
            if nl < 0:
                continue
            start = nl + 1
        segment = text[start:end]
        fixed, n = fix_text(segment)
        if n:
            pieces.append(text[pos:start])
            pieces.append(fixed)
            pos = end
            count += n
    pieces.append(text[pos:])
    new = "".join(pieces)
    if count:
        _verify(text, new)
    return new, count


def _verify(old: str, new: str) -> None:
    """The edited file must hold the same data with only punctuation changed."""
    try:
        a, b = load_yaml(old, "<原文>")[0], load_yaml(new, "<修改后>")[0]
    except InputError as exc:  # pragma: no cover - a bug in fix_source
        raise FixError(f"修改后的文件无法解析，未写入：{exc.diagnostics[0].message}") from None

    def same(x, y) -> bool:
        if isinstance(x, dict) and isinstance(y, dict):
            return list(x) == list(y) and all(same(x[k], y[k]) for k in x)
        if isinstance(x, list) and isinstance(y, list):
            return len(x) == len(y) and all(same(p, q) for p, q in zip(x, y))
        if isinstance(x, str) and isinstance(y, str):
            return fix_text(x)[0].replace(" ", "") == y.replace(" ", "")
        return x == y

    if not same(a, b):  # pragma: no cover - a bug in fix_source
        raise FixError("修改后的数据与原数据不一致，未写入")


@dataclass
class FixResult:
    path: Path
    changes: int
    old: str
    new: str


def fix_file(path: str | Path, write: bool = True) -> FixResult:
    """Fix ``path`` in place (atomically) unless ``write`` is false."""
    path = Path(path)
    raw = read_data_file(path)
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = decode_utf8(raw, str(path))
    new, n = fix_source(text, str(path))
    if n and write:
        data = new.encode("utf-8")
        write_atomic(path, (b"\xef\xbb\xbf" if bom else b"") + data)
    return FixResult(path, n, text, new)
