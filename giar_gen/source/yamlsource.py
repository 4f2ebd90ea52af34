"""Read YAML while remembering where every key and value stands.

:func:`load_yaml` returns plain Python data plus a :class:`SourceMap` from a
path (a tuple of keys and list indexes) to the line and column of that
value, so that any later error can point at the user's own line. Duplicate
keys, which plain YAML silently overwrites, are reported as errors.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from giar_gen.diagnostics import Diagnostic, InputError, Location

Path_ = tuple[Any, ...]


@dataclass
class SourceMap:
    file: str
    text: str
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    #: every file read to make this report (the data file, a layout file): name → SHA-256 of the bytes read
    reads: dict[str, str] = field(default_factory=dict)
    notes: list[Diagnostic] = field(default_factory=list)  # full-width syntax read as half-width (S-FULLWIDTH)

    def location(self, path: Path_, key: bool = False) -> Location:
        """The location of the value at ``path`` (or of its key), or of the
        nearest enclosing value that exists in the file."""
        table = self.keys if key else self.values
        p = tuple(path)
        while p:
            if p in table:
                line, col = table[p]
                return Location(self.file, line, col)
            if p in self.values:
                line, col = self.values[p]
                return Location(self.file, line, col)
            p = p[:-1]
        if () in self.values:
            line, col = self.values[()]
            return Location(self.file, line, col)
        return Location(self.file)


class _Loader(yaml.SafeLoader):
    pass


def _yaml12_scalars(cls: type[yaml.SafeLoader]) -> None:
    """Numbers and true/false as YAML 1.2 (core schema) reads them, not 1.1.

    YAML 1.1, PyYAML's default, reads ``017`` as 15 (octal), ``1:30`` as 90
    (base 60), ``0b11`` as 3, ``1_000`` as 1000 and ``yes``/``on`` as true: a
    figure would change silently. Here only plain decimal digits make a number
    (no leading zero); everything else stays text, and a number cell refuses
    it with a located message (:mod:`giar_gen.source.table_input`).
    """
    drop = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool"}
    cls.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in drop]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    cls.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    cls.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
    cls.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(
            r"^(?:[-+]?(?:0|[1-9][0-9]*)\.[0-9]+"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        list("-+0123456789."),
    )


_yaml12_scalars(_Loader)


#: Deepest nesting of mappings and lists read. A report is at most five levels
#: deep; PyYAML's parser is recursive and runs out of stack at a few hundred.
MAX_DEPTH = 64
#: Most values that aliases (``*name``) may add by repeating an anchored
#: value: a few repeated rows are fine, a "billion laughs" file is not.
MAX_ALIAS_VALUES = 100_000

_OPEN = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _check_depth(text: str, file: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH`, located where it goes too deep
    (the scanner is not recursive, so this is safe on any input)."""
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_token():
            token = loader.get_token()
            if isinstance(token, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = token.start_mark
                    raise InputError(
                        [
                            Diagnostic(
                                code="Y001",
                                severity="error",
                                message=f"YAML 格式错误：嵌套超过 {MAX_DEPTH} 层",
                                location=Location(file, mark.line + 1, mark.column + 1),
                                hint="数据文件最多五六层缩进；检查是否多写了括号「[」「{」。",
                            )
                        ]
                    )
            elif isinstance(token, _CLOSE):
                depth -= 1
    finally:
        loader.dispose()


def _node_error(
    code: str, file: str, node: yaml.Node, path: Path_, message: str, hint: str | None, *, no_field: str | None = ""
) -> InputError:
    """An input error located at ``node`` (its line and column in the file), naming the YAML
    path ``path`` as its field (``no_field`` where the path is empty)."""
    return InputError(
        [
            Diagnostic(
                code=code,
                severity="error",
                message=message,
                location=Location(file, node.start_mark.line + 1, node.start_mark.column + 1),
                field=" → ".join(str(p) for p in path) or no_field,
                hint=hint,
            )
        ]
    )


def _alias_error(file: str, node: yaml.Node, path: Path_, message: str, hint: str) -> InputError:
    return _node_error("Y001", file, node, path, f"YAML 格式错误：{message}", hint, no_field=None)


class _Walk:
    """Bookkeeping of one conversion: the nodes being converted (an anchor
    used inside itself is a cycle) and how many values aliases repeated."""

    def __init__(self) -> None:
        self.open: set[int] = set()
        self.seen: set[int] = set()
        self.count = 0
        self.own: dict[int, set[int]] = {}
        self.repeating: tuple[yaml.Node, Path_] | None = None  # the outermost value an alias repeats


def decode_utf8(raw: bytes, file: str) -> str:
    """The text of a data file; raise :class:`InputError` naming the line and
    column of the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8-sig", errors="replace")
        line_start = before.rfind("\n") + 1
        raise InputError(
            [
                Diagnostic(
                    "Y000",
                    "error",
                    "文件不是 UTF-8 编码",
                    Location(file, before.count("\n") + 1, len(before) - line_start + 1),
                    hint="请用 UTF-8 编码保存（记事本“另存为”时选择 UTF-8；WPS/Word 请另存为纯文本 UTF-8）。",
                )
            ]
        ) from None


def compose(text: str, file: str) -> yaml.Node | None:
    """The YAML node graph of ``text`` (aliases not expanded); raise
    :class:`InputError` with a located message on failure."""
    with _yaml_errors(file, text):
        _check_depth(text, file)
        loader = _Loader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()


def load_yaml(text: str, file: str) -> tuple[Any, SourceMap]:
    """Parse ``text``; raise :class:`InputError` with a located message on failure.

    Full-width ``：`` ``，`` ``　`` typed where YAML needs its syntax are read as
    half-width (see :mod:`giar_gen.fullwidth`), each noted in ``SourceMap.notes``;
    locations are those of ``text`` as written."""
    from giar_gen.source.fullwidth import explain, normalise

    norm = normalise(text)
    try:
        data, smap = _load_yaml(norm.text, file)
    except InputError as exc:
        for d in exc.diagnostics:
            loc = d.location
            if loc is not None and loc.file == file and loc.line and loc.column:
                d.location = Location(file, loc.line, norm.original(loc.line, loc.column))
            explain(d, text)
        exc.diagnostics.extend(norm.diagnostics(file))
        raise
    if norm.replacements:
        for table in (smap.values, smap.keys):
            for p, (line, col) in table.items():
                table[p] = (line, norm.original(line, col))
        smap.text = text
        smap.notes = norm.diagnostics(file)
    return data, smap


def _load_yaml(text: str, file: str) -> tuple[Any, SourceMap]:
    smap = SourceMap(file=file, text=text)
    with _yaml_errors(file, text):
        _check_depth(text, file)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, smap
            data = _convert(loader, node, (), smap, _Walk())
        finally:
            loader.dispose()
    return data, smap


@contextlib.contextmanager
def _yaml_errors(file: str, text: str):
    """Turn PyYAML's errors into a located :class:`InputError` in Chinese."""
    try:
        yield
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # An unclosed bracket or quote is noticed only later: point at where it opened.
        context = exc.context or ""
        if exc.context_mark is not None and ("flow" in context or "quoted" in context):
            mark = exc.context_mark
        loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        glued = _colon_without_space(text, mark.line) if mark is not None else None
        if glued is not None:  # "本年新收:[86, …]": PyYAML only notices at the next key
            line, col, key = glued
            raise InputError(
                [
                    Diagnostic(
                        code="Y001",
                        severity="error",
                        message=f"YAML 格式错误：「{key}:」的冒号后缺少空格",
                        location=Location(file, line, col),
                        hint=f"写成「{key}: 」（半角冒号后加一个空格）。",
                    )
                ]
            ) from None
        raise InputError(
            [
                Diagnostic(
                    code="Y001",
                    severity="error",
                    message=f"YAML 格式错误：{_yaml_problem_zh(exc)}",
                    location=loc,
                    hint="检查这一行及上一行的缩进、冒号后的空格和引号是否成对；冒号后须有一个空格。",
                )
            ]
        ) from None
    except yaml.reader.ReaderError as exc:  # a control character the YAML reader refuses
        raise InputError(
            [
                Diagnostic(
                    code="Y001",
                    severity="error",
                    message=f"文件中有不允许的控制字符 U+{exc.character:04X}"
                    if isinstance(exc.character, int)
                    else "文件中有无法识别的字节",
                    location=_index_location(file, text, exc.position),
                    hint="删去这个字符（常见于从其他软件复制的文字；记事本中可能看不见）。",
                )
            ]
        ) from None
    except yaml.YAMLError:
        raise InputError(
            [
                Diagnostic(
                    code="Y001",
                    severity="error",
                    message="YAML 格式错误：无法读取这个文件的结构",
                    location=Location(file),
                    hint="检查缩进、冒号后的空格、引号和括号是否成对。",
                )
            ]
        ) from None


_GLUED = re.compile(r"^(\s*)([^\s#:'\"\[\]{}|>-][^:#]*?):(?=[\[{\d~'\"])")


def _colon_without_space(text: str, error_line: int) -> tuple[int, int, str] | None:
    """``(line, column, key)`` of a "键:值" with no space after the colon on the line
    of a YAML error or the line before it (0-based ``error_line``), else None."""
    lines = text.split("\n", error_line + 1)[: error_line + 1]
    for i in (error_line, error_line - 1):
        if 0 <= i < len(lines):
            m = _GLUED.match(lines[i])
            if m:
                return i + 1, m.end(), m.group(2).strip()
    return None


def _index_location(file: str, text: str, index: int) -> Location:
    before = text[:index]
    line = before.count("\n") + 1
    return Location(file, line, index - (before.rfind("\n") + 1) + 1)


def _convert(loader: yaml.SafeLoader, node: yaml.Node, path: Path_, smap: SourceMap, walk: _Walk) -> Any:
    nid = id(node)
    if nid in walk.open:
        raise _alias_error(
            smap.file,
            node,
            path,
            "锚点（&）所标的值在它自身之内被引用（*），形成循环",
            "别名「*名称」只能引用已写完的值，不能引用包含它自己的值。",
        )
    walk.count += 1
    repeat = nid in walk.seen and walk.repeating is None  # an alias, not inside another one
    if repeat:
        walk.repeating = (node, path)
    walk.seen.add(nid)
    if walk.count - len(walk.seen) > MAX_ALIAS_VALUES:
        where, where_path = walk.repeating or (node, path)
        raise _alias_error(
            smap.file,
            where,
            where_path,
            f"别名（*）重复引用展开后超过 {MAX_ALIAS_VALUES} 项",
            "数据文件不需要这么多层别名引用；请直接写出各项。",
        )
    smap.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        walk.open.add(nid)
        try:
            return _convert_collection(loader, node, path, smap, walk)
        finally:
            walk.open.discard(nid)
            if repeat:
                walk.repeating = None
    if repeat:
        walk.repeating = None
    try:
        value = loader.construct_object(node, deep=True)
    except (ValueError, TypeError, AttributeError, OverflowError):
        # e.g. a date like 2024-02-30 that YAML reads as a timestamp, or "!!int abc"
        tag = node.tag.rsplit(":", 1)[-1]
        raise _node_error(
            "Y003",
            smap.file,
            node,
            path,
            f"「{_short(node.value)}」不是有效的{_TAG_NAMES.get(tag, '值')}",
            _TAG_HINTS.get(tag),
        ) from None
    if isinstance(value, bytes):
        raise _node_error(
            "Y003", smap.file, node, path, "这里不能填二进制数据（!!binary）", "数据文件中只填文字、数字和日期。"
        )
    bad = _NOT_TEXT.search(value) if isinstance(value, str) else None
    if bad:
        raise _node_error(
            "Y003",
            smap.file,
            node,
            path,
            f"文字中有不能使用的字符 U+{ord(bad.group()):04X}",
            "多半来自双引号中的转义（如 \\0、\\x07、\\ud800），请删去；控制字符无法印在报告中。",
        )
    return value


#: Characters a report cannot hold (not allowed in XML, so neither in DOCX nor
#: in HTML): control characters other than tab and line breaks, lone surrogates,
#: non-characters. The YAML reader refuses them raw; quoted escapes still make them.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TAG_NAMES = {"timestamp": "日期", "int": "整数", "float": "数字", "bool": "是/否值", "binary": "二进制数据"}
_TAG_HINTS = {
    "timestamp": "不是真实存在的日期；日期写作 2022-01-20 或 2022年1月20日。",
    "int": "整数最多 4300 位；件数、年度等请填写实际的数字。",
}


def _short(s: Any, limit: int = 40) -> str:
    s = str(s)
    return s if len(s) <= limit else s[:limit] + "…"


def _convert_collection(loader: yaml.SafeLoader, node: yaml.Node, path: Path_, smap: SourceMap, walk: _Walk) -> Any:
    if isinstance(node, yaml.MappingNode):
        # Keys written here, as opposed to those a merge key (``<<: *名称``) brings in,
        # which the keys written here override. Remembered before flattening, which
        # changes the node in place (an aliased node is converted again).
        own = walk.own.setdefault(id(node), {id(k) for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"})
        loader.flatten_mapping(node)
        out: dict = {}
        written: set = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(None, None, "键不能是列表或映射", key_node.start_mark)
            try:
                key = loader.construct_object(key_node, deep=True)
            except (ValueError, TypeError, OverflowError):  # e.g. a key 2024-02-30, a date that does not exist
                raise _node_error(
                    "Y003",
                    smap.file,
                    key_node,
                    path,
                    f"键「{_short(key_node.value)}」不是有效的值",
                    "键写成了不存在的日期或数字；作名称用时请加引号。",
                ) from None
            if id(key_node) in own:
                if key in written:
                    raise _node_error(
                        "Y006",
                        smap.file,
                        key_node,
                        path + (key,),
                        f"字段「{key}」重复出现，后一个会覆盖前一个",
                        "删除或合并重复的字段。",
                    )
                written.add(key)
            # merged keys come first: a later merge or a key written here overrides them, as in YAML
            smap.keys[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _convert(loader, value_node, path + (key,), smap, walk)
        return out
    return [_convert(loader, item, path + (i,), smap, walk) for i, item in enumerate(node.value)]


_PROBLEMS = {
    "mapping values are not allowed here": "这里不能出现「键: 值」（常见原因：缩进不对，或值里有未加引号的冒号）",
    "could not find expected ':'": "缺少冒号「:」",
    "found character '\\t' that cannot start any token": "不能用制表符（Tab）缩进，请改用空格",
    "did not find expected key": "缩进不一致，或缺少键",
    "found undefined alias": "引用了未定义的锚点",
    "expected ',' or ']', but got": "方括号列表没有正确结束，缺少逗号或「]」",
    "expected ',' or '}', but got": "花括号映射没有正确结束，缺少逗号或「}」",
    "found unexpected end of stream": "文件意外结束（引号或括号没有闭合）",
    "while scanning a quoted scalar": "引号没有闭合",
    "did not find expected '-' indicator": "列表项缩进不一致",
    "did not find expected node content": "缺少内容",
    "键不能是列表或映射": "键不能是列表或映射",
    "expected a mapping or list of mappings for merging": "「<<」合并的须是锚点标记的“键: 值”（如 <<: *名称）",
    "expected a mapping for merging": "「<<」合并的须是锚点标记的“键: 值”（如 <<: *名称）",
    "could not determine a constructor for the tag": "不认识的标签（以「!」开头的写法），请删去",
    "expected a single document in the stream": "文件中只能有一份数据（不能用「---」分成几份）",
    "found duplicate anchor": "锚点名称（&名称）重复定义",
    "found incompatible YAML document": "不支持的 YAML 版本声明（%YAML），请删去",
    "found unknown escape character": "双引号中有不认识的转义（反斜杠「\\」后的字符）",
    "expected escape sequence": "双引号中的转义不完整（\\x 后须有 2 位、\\u 后 4 位、\\U 后 8 位十六进制数字）",
    "found unexpected ':'": "这里不能出现冒号「:」，请给这个值加引号",
    "while scanning a block scalar": "「|」或「>」的写法有误",
    "while scanning a plain scalar": "这一行的值写法有误，请给它加引号",
    "while scanning a double-quoted scalar": "双引号中的文字有误",
    "while scanning a single-quoted scalar": "单引号中的文字有误",
    "while parsing a block mapping": "缩进不一致，或缺少冒号",
    "while parsing a block collection": "列表项缩进不一致",
    "while parsing a node": "这里缺少内容，或写法有误",
    "while constructing a mapping": "映射（键: 值）的写法有误",
    "found unknown directive name": "不认识的「%」指令，请删去",
    "expected <block end>, but found '<scalar>'": "引号或括号结束后同一行还有多余的文字，或这一行缩进不一致",
    "expected <block end>, but found": "缩进不一致：这一行与上面同一级的项缩进不同",
    "expected '<document start>', but found": "缩进不一致，或在顶层的「键: 值」之后有多余的内容",
    "expected a comment or a line break, but found": "引号或括号结束后，同一行还有多余的文字（要么整段加引号，要么去掉引号）",
    "found a tab character": "不能用制表符（Tab）缩进，请改用空格",
    "found character '@' that cannot start any token": "「@」不能作为值的开头，请给这个值加引号",
    "found character '`' that cannot start any token": "「`」不能作为值的开头，请给这个值加引号",
    "found character '%' that cannot start any token": "「%」不能作为值的开头，请给这个值加引号",
    "found character": "这个字符不能作为值的开头，请给这个值加引号",
    "expected chomping or indentation indicators": "「|」或「>」后面只能写 +、- 或数字，文字须另起一行",
    "expected a comment or a line break": "「|」或「>」后面须换行，文字写在下一行",
    "while scanning a tag": "以「!」开头的写法有误；如是文字，请加引号",
    "while scanning a directive": "以「%」开头的写法有误；如是文字，请加引号",
    "while scanning an anchor": "锚点（&名称）写法有误；如是文字，请加引号",
    "while scanning an alias": "别名（*名称）写法有误；如是文字，请加引号",
    "while scanning a simple key": "缺少冒号「:」",
    "while parsing a flow": "方括号或花括号没有正确结束",
    "while parsing a block": "缩进不一致，或缺少键",
    "expected alphabetic or numeric character": "锚点或别名的名称只能由字母、数字组成",
}


def _yaml_problem_zh(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    for text in (problem, context):  # the problem says more than the context
        for en, zh in _PROBLEMS.items():
            if text and text.startswith(en):
                return zh
    return "这一行的写法不符合 YAML 格式（请检查缩进、冒号、引号和括号）"
