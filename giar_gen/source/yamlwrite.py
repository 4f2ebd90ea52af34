"""Write report data as a YAML file in the project's own style.

Used by ``giar-gen import`` (data read from a published report) and by
``giar-gen init --from`` (a new year's file from last year's). The output
looks like the hand-written examples: tables as flow lists ``[1, 0, 2]`` with
their printed labels in comments, texts as literal blocks (one paragraph a
line), ``~`` for a cell not filled in. Whatever the importer could not map is
written at the end as a marked comment block, verbatim, never dropped.

The text written is parsed back and compared with the data before it is
returned: a file this module writes always loads as the data it was given.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from decimal import Decimal
from typing import Any

import yaml

from giar_gen.model.report import format_number
from giar_gen.model.tables import TableDef, edition, edition_for_year

#: The order of the top-level fields in a written file (YAML keys of model.ReportInput).
KEY_ORDER = (
    "报告年度",
    "机关",
    "标题",
    "表格版本",
    "版式",
    "发布日期",
    "统计期限",
    "引言",
    "联系方式",
    "署名",
    "成文日期",
    "落款",
    "落款日期",
    "正文",
)

_NOT_PRINTABLE = re.compile("[^\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LONG = 60
#: Characters never written raw: YAML refuses the first, reads the others as line breaks.
_UNSAFE_RAW = re.compile(_NOT_PRINTABLE.pattern + "|[\x85\u2028\u2029]")


class YamlWriteError(RuntimeError):
    """The text written does not load back as the data (a bug)."""


def scalar(v: Any, in_flow: bool = False) -> str:
    """One value as YAML: numbers plain, ``~`` for None, strings plain when
    that reads back as the same string, else double-quoted. ``in_flow``: inside
    ``[…]`` or ``{…}``, where a plain scalar also ends at , ? [ ] { } (PyYAML)."""
    if v is None:
        return "~"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Decimal):
        return format_number(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()
    s = str(v)
    if _plain_ok(s) and not (in_flow and any(c in s for c in ",?[]{}:#")):
        return s
    # JSON escapes only C0 controls; YAML also refuses DEL, C1 controls and
    # non-characters in a file, so those are written as \u escapes too
    return _UNSAFE_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(s, ensure_ascii=False))


def flow(v: Any) -> str:
    """A value in flow style: ``[1, ~, 2]``, ``{文字: 合计, 跨列: 2}``."""
    if isinstance(v, dict):
        return "{" + ", ".join(f"{scalar(k, True)}: {flow(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(flow(x) for x in v) + "]"
    return scalar(v, True)


def _plain_ok(s: str) -> bool:
    if not s or s != s.strip() or _UNSAFE_RAW.search(s) or "\n" in s:
        return False
    if s[0] in "-?:,[]{}#&*!|>'\"%@`~" or ": " in s or " #" in s or s.endswith(":"):
        return False
    try:
        return yaml.safe_load(s) == s
    except yaml.YAMLError:
        return False


def _literal_ok(s: str) -> bool:
    """Whether ``s`` reads back unchanged from a ``|`` block written line by line:
    no line breaks other than "\n", no first line starting with a space (it would
    set the indentation), no spaces at line ends (editors drop them)."""
    if _NOT_PRINTABLE.search(s) or any(c in s for c in "\r\x85\u2028\u2029"):
        return False
    lines = s.split("\n")
    return not lines[0][:1].isspace() and all(line == line.rstrip() for line in lines)


class Writer:
    """Emit nested mappings with comments before keys and at line ends."""

    def __init__(self, comments: dict[tuple, str] | None = None, before: dict[tuple, list[str]] | None = None):
        self.comments = comments or {}
        self.before = before or {}
        self.lines: list[str] = []

    def mapping(self, d: dict, indent: int = 0, path: tuple = ()) -> None:
        pad = "  " * indent
        for k, v in d.items():
            p = path + (k,)
            for c in self.before.get(p, ()):
                self.lines.append(f"{pad}# {c}" if c else "")
            key = scalar(k)
            note = self.comments.get(p)
            tail = f"      # {note}" if note else ""
            if isinstance(v, dict):
                if not v:
                    self.lines.append(f"{pad}{key}: {{}}{tail}")
                    continue
                self.lines.append(f"{pad}{key}:{tail}")
                self.mapping(v, indent + 1, p)
            elif isinstance(v, list):
                if all(not isinstance(x, (dict, list)) for x in v):
                    self.lines.append(f"{pad}{key}: {flow(v)}{tail}")
                else:
                    self.lines.append(f"{pad}{key}:{tail}")
                    for x in v:
                        if isinstance(x, dict):
                            inner = Writer(self.comments, self.before)
                            inner.mapping(x, 0, p)
                            first, *rest = inner.lines or ["{}"]
                            self.lines.append(f"{pad}  - {first}")
                            self.lines.extend(f"{pad}    {line}" for line in rest)
                        elif isinstance(x, list):
                            self.lines.append(f"{pad}  - {flow(x)}")
                        else:
                            self.lines.append(f"{pad}  - {scalar(x)}")
            elif isinstance(v, str) and ("\n" in v or len(v) > _LONG) and _literal_ok(v):
                self.lines.append(f"{pad}{key}: |{tail}")
                for line in v.rstrip("\n").split("\n"):
                    self.lines.append(f"{pad}  {line}" if line else "")
            else:
                self.lines.append(f"{pad}{key}: {scalar(v)}{tail}")


def ordered(data: dict) -> dict:
    """Top-level fields in :data:`KEY_ORDER`, then the tables, then anything else."""
    out = {k: data[k] for k in KEY_ORDER if k in data}
    for k, v in data.items():
        out.setdefault(k, v)
    return out


def table_def_for(data: dict, key: str) -> TableDef | None:
    ed_id = data.get("表格版本")
    year = data.get("报告年度")
    ed = edition(str(ed_id)) if ed_id else (edition_for_year(year) if isinstance(year, int) else None)
    return ed.table_by_key(key) if ed else None


def table_comments(t: TableDef, table: dict, imported: bool = False) -> dict[tuple, list[str]]:
    """Comment lines before the rows of a table: what each list holds, in the
    printed labels of the table definition."""
    before: dict[tuple, list[str]] = {}
    if t.kind == "blocks":
        for b in t.blocks:
            first = next((r for r in b.rows if r.key in table), None)
            if first is None:
                continue
            unit = "".join(f"（单位：{c.unit}）" for c in b.columns if c.unit and c.unit not in c.label)
            cols = "、".join(c.label for c in b.columns)
            shape = cols if len(b.columns) == 1 else f"[{', '.join(c.label for c in b.columns)}]"
            before[(t.key, first.key)] = [f"{b.title}：{shape}{unit}"]
        return before
    data_cols = [c for c in t.columns if not c.is_total]
    totals = [c for c in t.columns if c.is_total]
    first_key = next(iter(table), None)
    if first_key is None:
        return before
    if t.single_row:
        names = [
            c.label for c in t.columns if c.id.startswith(t.columns[0].id.rsplit(".", 1)[0] + ".") and not c.is_total
        ]
        kept = (
            f"，原文的{totals[0].label}与各项之和不符或空白时，作为第 {len(names) + 1} 个数照原样保留"
            if imported
            else f"（也可作为第 {len(names) + 1} 个数填写并核对）"
        )
        before[(t.key, first_key)] = [
            f"每组 {len(names)} 个数：[{', '.join(names)}]；“{totals[0].label}”自动计算{kept}"
        ]
        return before
    total_note = ""
    if totals:
        kept = (
            f"，原文的{totals[0].label}与各列之和不符或空白时，作为第 {len(data_cols) + 1} 个数照原样保留"
            if imported
            else ""
        )
        total_note = f"；“{totals[0].label}”列自动计算{kept}"
    before[(t.key, first_key)] = [f"每行 {len(data_cols)} 个数：[{', '.join(c.label for c in data_cols)}]{total_note}"]
    return before


def dump_data(
    data: dict,
    comments: dict[tuple, str] | None = None,
    header: list[str] | None = None,
    footer: list[str] | None = None,
    imported: bool = False,
) -> str:
    """The YAML text of ``data`` (checked to load back as ``data``)."""
    data = ordered(data)
    comments = dict(comments or {})
    before: dict[tuple, list[str]] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            t = table_def_for(data, key)
            if t is not None:
                before.update(table_comments(t, value, imported))
                before.setdefault((key,), []).insert(0, "")
                comments.setdefault((key,), t.part)
    if "正文" in data:
        before.setdefault(("正文",), []).insert(0, "")
    w = Writer(comments, before)
    w.mapping(data)
    lines = [f"# {h}" if h else "#" for h in (header or [])]
    if lines:
        lines.append("")
    lines += w.lines
    if footer:
        lines.append("")
        lines += footer
    text = "\n".join(lines) + "\n"
    # Values never hold these raw (they are escaped or quoted); comments quoting
    # the source may: a YAML reader refuses control characters, and takes
    # U+0085/U+2028/U+2029 as line breaks that would end the comment.
    text = _UNSAFE_RAW.sub(" ", text)
    check_roundtrip(text, data)
    return text


def comment_block(title: str, entries: list[tuple[str, str]]) -> list[str]:
    """A marked comment block: a ruled title, then each entry's heading and
    its text, every line commented out and kept verbatim."""
    rule = "# " + "=" * 70
    out = [rule, f"# {title}", "# " + "-" * 70]
    for i, (head, text) in enumerate(entries, start=1):
        out.append(f"# [{i}] {head}")
        for line in text.splitlines():
            out.append(f"#     {line}" if line.strip() else "#")
    out.append(rule)
    return out


# ---------------------------------------------------------------------------
# the check that what was written is what was meant


def _normal(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): _normal(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_normal(x) for x in v]
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float, Decimal)):
        return Decimal(str(v)).normalize()
    if isinstance(v, _dt.datetime):
        return v.date()
    if isinstance(v, str):
        return v.strip()
    return v


def check_roundtrip(text: str, data: dict) -> None:
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise YamlWriteError(f"写出的 YAML 无法解析：{exc}") from None
    if _normal(loaded) != _normal(data):
        raise YamlWriteError("写出的 YAML 读回后与数据不一致")


# ---------------------------------------------------------------------------
# giar-gen import


def imported_yaml(imp) -> str:
    """The YAML file of an import (``giar_gen.importer.core.Imported``): the data,
    a header saying where it came from and what to check, and the block of
    everything that could not be mapped."""
    name = imp.source.name
    header = [
        f"由 giar-gen import 从「{name}」导入。",
        "请核对后再生成：注释中标有“推断”“请核对”的字段，以及文件末尾“未能对应的内容”。",
        "生成报告：giar-gen build 本文件.yaml",
    ]
    infos = [n for n in imp.notes if not n.text]
    if infos:
        header.append("")
        header.append("导入说明：")
        header.extend(f"  - {n.message}" for n in infos)
    if imp.missing:
        header.append("")
        header.append("缺少（请填写后再生成）：" + "、".join(imp.missing))
    kept = [n for n in imp.notes if n.text]
    footer = []
    if kept:
        entries = [
            (f"{n.code} {n.message}" + (f"（原文第 {n.pos[0]} {_unit(imp.format)}）" if n.pos else ""), n.text)
            for n in kept
        ]
        footer = comment_block(
            f"导入时未能对应的内容（{len(kept)} 处）：以下为原文，没有放进上面的数据。"
            "需要的请移入相应字段，不需要的可删除。",
            entries,
        )
    return dump_data(imp.data, imp.comments, header, footer, imported=True)


def _unit(fmt: str) -> str:
    return "段" if fmt == "docx" else "行"
