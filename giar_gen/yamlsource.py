"""Read YAML while remembering where every key and value stands.

:func:`load_yaml` returns plain Python data plus a :class:`SourceMap` from a
path (a tuple of keys and list indexes) to the line and column of that
value, so that any later error can point at the user's own line. Duplicate
keys, which plain YAML silently overwrites, are reported as errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .diagnostics import Diagnostic, InputError, Location

Path_ = tuple[Any, ...]


@dataclass
class SourceMap:
    file: str
    text: str
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

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


def load_yaml(text: str, file: str) -> tuple[Any, SourceMap]:
    """Parse ``text``; raise :class:`InputError` with a located message on failure."""
    smap = SourceMap(file=file, text=text)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, smap
            data = _convert(loader, node, (), smap)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # An unclosed bracket or quote is noticed only later: point at where it opened.
        context = (exc.context or "")
        if exc.context_mark is not None and ("flow" in context or "quoted" in context):
            mark = exc.context_mark
        loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        raise InputError([Diagnostic(
            code="Y001", severity="error",
            message=f"YAML 格式错误：{_yaml_problem_zh(exc)}",
            location=loc,
            hint="检查这一行及上一行的缩进、冒号后的空格和引号是否成对；冒号后须有一个空格。",
        )]) from None
    except yaml.YAMLError as exc:
        raise InputError([Diagnostic(code="Y001", severity="error",
                                     message=f"YAML 格式错误：{exc}", location=Location(file))]) from None
    return data, smap


def _convert(loader: yaml.SafeLoader, node: yaml.Node, path: Path_, smap: SourceMap) -> Any:
    smap.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                raise yaml.constructor.ConstructorError(None, None, "键不能是列表或映射", key_node.start_mark)
            if key in out:
                raise InputError([Diagnostic(
                    code="Y006", severity="error",
                    message=f"字段「{key}」重复出现，后一个会覆盖前一个",
                    location=Location(smap.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1),
                    field=" → ".join(str(p) for p in path + (key,)),
                    hint="删除或合并重复的字段。",
                )])
            smap.keys[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _convert(loader, value_node, path + (key,), smap)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(loader, item, path + (i,), smap) for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except ValueError as exc:  # e.g. a date like 2024-02-30 that YAML reads as a timestamp
        raise InputError([Diagnostic(
            code="Y003", severity="error",
            message=f"「{node.value}」不是有效的值：{'不是真实存在的日期' if node.tag.endswith('timestamp') else exc}",
            location=Location(smap.file, node.start_mark.line + 1, node.start_mark.column + 1),
            field=" → ".join(str(p) for p in path),
        )]) from None


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
}


def _yaml_problem_zh(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    for en, zh in _PROBLEMS.items():
        if problem.startswith(en) or context.startswith(en):
            return zh
    return f"{problem or context}（YAML 解析器原文）"
