"""Report layouts: which parts a report has, in which order, with which titles.

Layouts are data. The built-in ones are files in ``templates/layouts/``
(``five-part`` for the 2019 Regulation, ``nine-part`` for the 2008 one); a
report may name one of them in ``版式``, point ``版式`` at a layout file of its
own (a path relative to the report's YAML file), or give an inline mapping.

A layout file or mapping either lists its parts in full, or starts from a
built-in layout (``基于``) and changes it::

    基于: 九部分              # start from a built-in layout
    部分:                     # the parts in printed order; unlisted base parts are dropped
      - 概述                  # a base part, unchanged
      - {键: 收费及减免, 标题: 政府信息公开的收费及减免情况}   # a new part
      - {键: 主动公开政府信息情况, 标题: 主动公开政府信息以及公开平台建设情况}  # retitled
    改标题: {概述: 基本情况}   # retitle without relisting
    删去: [咨询和投诉情况]     # drop without relisting

A part has a ``key`` (what the YAML ``正文`` mapping uses; its title and
aliases are accepted too), a printed ``title``, whether the layout requires
it, optionally the official table it prints, whether it is the home of local
tables (``附表``), and whether its heading is printed at all.

Nothing here reads report data or writes diagnostics: problems in a layout
are raised as :class:`LayoutError` with the path of the offending value, and
the loader turns them into located messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from giar_gen.resources import load_data, templates

CHINESE_NUMERALS = "一二三四五六七八九十"

# Field names of a layout, in English (built-in files) or Chinese (user files).
_TOP_FIELDS = {
    "id": "id",
    "编号": "id",
    "name": "name",
    "名称": "name",
    "description": "description",
    "说明": "description",
    "regulation": "regulation",
    "条例": "regulation",
    "years": "years",
    "适用年度": "years",
    "base": "base",
    "基于": "base",
    "parts": "parts",
    "部分": "parts",
    "retitle": "retitle",
    "改标题": "retitle",
    "drop": "drop",
    "删去": "drop",
}
_PART_FIELDS = {
    "key": "key",
    "键": "key",
    "title": "title",
    "标题": "title",
    "required": "required",
    "必需": "required",
    "table": "table",
    "表格": "table",
    "aliases": "aliases",
    "别名": "aliases",
    "heading": "heading",
    "列标题": "heading",
    "local_tables": "local_tables",
    "附表": "local_tables",
}
_CN_TOP = ("名称", "基于", "部分", "改标题", "删去", "条例", "适用年度", "说明")
_CN_PART = ("键", "标题", "必需", "表格", "别名", "列标题", "附表")
_TRUE = {True, "是", "true", "yes", "要"}
_FALSE = {False, "否", "false", "no", "不要"}


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    required: bool = False
    table: str | None = None  # id of the official table this part prints
    aliases: tuple[str, ...] = ()
    heading: bool = True  # print a numbered heading ("一、…"); False: the text runs on untitled
    local_tables: bool = False  # local tables (附表) go here unless they name another part

    def names(self) -> tuple[str, ...]:
        return (self.key, self.title) + self.aliases


@dataclass(frozen=True)
class Layout:
    id: str
    name: str
    regulation: str
    parts: tuple[Part, ...]
    first_year: int | None = None
    last_year: int | None = None
    base: str | None = None  # id of the built-in layout this one was derived from
    source: str = "builtin"  # "builtin", a file path, or "inline"

    def part(self, key: str) -> Part | None:
        for p in self.parts:
            if key in p.names():
                return p
        return None

    def covers(self, year: int) -> bool:
        lo = self.first_year or 0
        return year >= lo and (self.last_year is None or year <= self.last_year)

    def table_part(self, table_id: str) -> Part | None:
        """The part that prints an official table."""
        return next((p for p in self.parts if p.table == table_id), None)

    def local_table_part(self) -> Part | None:
        """The default home of local tables (the nine-part layout's 附表)."""
        return next((p for p in self.parts if p.local_tables), None)


@dataclass
class LayoutError(Exception):
    """A layout that cannot be used. ``problems`` holds ``(path, message, hint)``,
    the path relative to the layout's own data (a tuple of keys and indexes)."""

    problems: list[tuple[tuple, str, str | None]] = field(default_factory=list)

    def __str__(self) -> str:
        return "；".join(m for _, m, _ in self.problems)


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for part numbers)."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
    return head + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


# ---------------------------------------------------------------------------
# reading layout data


class _Reader:
    """Reads one layout mapping, collecting problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[tuple[tuple, str, str | None]] = []

    def problem(self, path: tuple, message: str, hint: str | None = None) -> None:
        self.problems.append((path, message, hint))

    def fields(self, data: dict, names: dict[str, str], shown: tuple[str, ...], path: tuple) -> dict:
        out: dict = {}
        for k, v in data.items():
            canon = names.get(str(k).strip())
            if canon is None:
                self.problem(path + (k,), f"版式中未知的字段「{k}」", "可用的字段：" + "、".join(shown))
                continue
            if canon in out:
                self.problem(path + (k,), f"字段「{k}」与另一写法重复")
                continue
            out[canon] = (k, v)
        return out

    def text(self, value: Any, path: tuple, what: str) -> str | None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.problem(path, f"「{what}」应填写文字")
            return None
        return value.strip()

    def flag(self, value: Any, path: tuple, what: str) -> bool:
        v = value.strip().lower() if isinstance(value, str) else value
        if v in _TRUE:
            return True
        if v in _FALSE:
            return False
        got = "不能留空" if value is None or value == "" else f"实际为「{value}」"
        self.problem(path, f"「{what}」只能填写 是 或 否，{got}")
        return False

    def texts(self, value: Any, path: tuple, what: str) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(path, f"「{what}」应是列表（每项以“- ”开头）")
            return ()
        out = []
        for i, item in enumerate(value):
            t = self.text(item, path + (i,), what)
            if t is not None:
                out.append(t)
        return tuple(out)

    def table(self, value: Any, path: tuple) -> str | None:
        if value is None:
            return None
        from giar_gen.model.tables import editions

        names: dict[str, str] = {}  # Chinese key or English id → id, from the table definitions
        for ed in editions().values():
            for t in ed.tables:
                names[t.key] = names[t.id] = t.id
        tid = names.get(str(value).strip())
        if tid is None:
            self.problem(
                path,
                f"没有名为「{value}」的官方表格",
                "可用的表格：" + "、".join(k for k, i in names.items() if k != i),
            )
        return tid


def layout_from_data(
    data: Any, *, source: str = "inline", path: tuple = (), default_base: Layout | None = None
) -> Layout:
    """Build a layout from a mapping (a built-in file, a user file or an inline
    ``版式`` mapping). ``default_base`` is used when the mapping changes parts
    (``改标题``/``删去``) without naming a base. Raises :class:`LayoutError`."""
    r = _Reader()
    if not isinstance(data, dict):
        raise LayoutError([(path, "版式应是若干“键: 值”（或内置版式的名称、版式文件的路径）", None)])
    f = r.fields(data, _TOP_FIELDS, _CN_TOP, path)

    base: Layout | None = None
    if "base" in f:
        k, v = f["base"]
        name = r.text(v, path + (k,), "基于")
        if name is not None:
            base = builtin_layout(name)
            if base is None:
                r.problem(
                    path + (k,),
                    f"没有名为「{name}」的内置版式",
                    "可用的内置版式：" + "、".join(f"{lay.name}（{lay.id}）" for lay in builtin_layouts().values()),
                )
    elif "parts" not in f:
        base = default_base
        if base is None and ("retitle" in f or "drop" in f):
            r.problem(path, "修改部分（改标题、删去）时须用「基于」指明内置版式")

    parts: list[Part] = list(base.parts) if base is not None else []
    if "parts" in f:
        k, v = f["parts"]
        parts = _read_parts(r, v, path + (k,), base)
    elif base is None and "base" not in f:
        r.problem(path, "版式缺少「部分」（各部分的列表）", "或用「基于」指明一个内置版式：五部分、九部分。")

    if "retitle" in f:
        k, v = f["retitle"]
        if not isinstance(v, dict):
            r.problem(path + (k,), "「改标题」应是若干“原部分: 新标题”")
        else:
            for old, new in v.items():
                idx = _find(parts, str(old))
                title = r.text(new, path + (k, old), "改标题")
                if idx is None:
                    r.problem(
                        path + (k, old),
                        f"版式中没有名为「{old}」的部分",
                        "可用的部分：" + "、".join(p.key for p in parts),
                    )
                elif title is not None:
                    p = parts[idx]
                    parts[idx] = replace(p, title=title, aliases=_uniq(p.aliases + (p.title,), title, p.key))
    if "drop" in f:
        k, v = f["drop"]
        for i, name in enumerate(r.texts(v, path + (k,), "删去")):
            idx = _find(parts, name)
            if idx is None:
                r.problem(
                    path + (k, i) if isinstance(v, list) else path + (k,),
                    f"版式中没有名为「{name}」的部分",
                    "可用的部分：" + "、".join(p.key for p in parts),
                )
            else:
                del parts[idx]

    if not parts and not r.problems:
        r.problem(path, "版式至少要有一个部分")
    _check_unique(r, parts, path)

    years: tuple[int | None, int | None] = (base.first_year, base.last_year) if base else (None, None)
    if "years" in f:
        k, v = f["years"]
        if (
            isinstance(v, list)
            and len(v) == 2
            and all(y is None or (isinstance(y, int) and not isinstance(y, bool)) for y in v)
        ):
            years = (v[0], v[1])
        else:
            r.problem(path + (k,), "「适用年度」应写作 [起始年度, 截止年度]，不限的一端写 null")
    ident = base.id if base else ""
    if "id" in f:
        ident = r.text(f["id"][1], path + (f["id"][0],), "编号") or ident
    name = ""
    if "name" in f:
        name = r.text(f["name"][1], path + (f["name"][0],), "名称") or ""
    regulation = base.regulation if base else ""
    if "regulation" in f:
        regulation = str(f["regulation"][1])
    if r.problems:
        raise LayoutError(r.problems)
    if base is not None and not name:
        name = f"{base.name}（调整）" if source != "builtin" else base.name
    return Layout(
        id=ident or source,
        name=name or ident or "自定义版式",
        regulation=regulation,
        parts=tuple(parts),
        first_year=years[0],
        last_year=years[1],
        base=base.id if base else None,
        source=source,
    )


def _uniq(names: tuple[str, ...], *exclude: str) -> tuple[str, ...]:
    out: list[str] = []
    for n in names:
        if n not in exclude and n not in out:
            out.append(n)
    return tuple(out)


def _find(parts: list[Part], name: str) -> int | None:
    name = name.strip()
    for i, p in enumerate(parts):
        if name in p.names():
            return i
    return None


def _read_parts(r: _Reader, value: Any, path: tuple, base: Layout | None) -> list[Part]:
    if not isinstance(value, list) or not value:
        r.problem(path, "「部分」应是列表（每项以“- ”开头），至少一项")
        return []
    out: list[Part] = []
    for i, item in enumerate(value):
        here = path + (i,)
        if isinstance(item, (str, int)) and not isinstance(item, bool):
            item = {"key": str(item)}
            given = {"key": ("key", item["key"])}
        elif isinstance(item, dict):
            given = r.fields(item, _PART_FIELDS, _CN_PART, here)
        else:
            r.problem(here, "每个部分应是名称，或“键: 值”（键、标题、必需、表格、别名、列标题、附表）")
            continue
        if "key" not in given:
            if "title" in given:
                given["key"] = given["title"]
            else:
                r.problem(here, "部分缺少「键」")
                continue
        key = r.text(given["key"][1], here + (given["key"][0],), "键")
        if key is None:
            continue
        start = base.part(key) if base is not None else None
        part = start or Part(key=key, title=key)
        if "title" in given:
            k, v = given["title"]
            title = r.text(v, here + (k,), "标题")
            if title is not None and title != part.title:
                part = replace(part, title=title, aliases=_uniq(part.aliases + (part.title,), title, part.key))
        if "required" in given:
            k, v = given["required"]
            part = replace(part, required=r.flag(v, here + (k,), "必需"))
        if "table" in given:
            k, v = given["table"]
            part = replace(part, table=r.table(v, here + (k,)))
        if "aliases" in given:
            k, v = given["aliases"]
            part = replace(part, aliases=_uniq(part.aliases + r.texts(v, here + (k,), "别名"), part.key, part.title))
        if "heading" in given:
            k, v = given["heading"]
            part = replace(part, heading=r.flag(v, here + (k,), "列标题"))
        if "local_tables" in given:
            k, v = given["local_tables"]
            part = replace(part, local_tables=r.flag(v, here + (k,), "附表"))
        out.append(part)
    return out


def _check_unique(r: _Reader, parts: list[Part], path: tuple) -> None:
    seen: dict[str, str] = {}
    for p in parts:
        for n in dict.fromkeys(p.names()):
            if n in seen and seen[n] != p.key:
                r.problem(
                    path,
                    f"部分名称「{n}」同时属于「{seen[n]}」和「{p.key}」",
                    "每个部分的键、标题和别名都不能与其他部分重复。",
                )
            elif n in seen:
                r.problem(path, f"部分「{p.key}」出现了不止一次")
            seen[n] = p.key
    tables = [p.table for p in parts if p.table]
    for t in set(tables):
        if tables.count(t) > 1:
            r.problem(path, f"官方表格「{t}」被放在了多个部分中")


# ---------------------------------------------------------------------------
# built-in layouts


@cache
def builtin_layouts() -> dict[str, Layout]:
    folder = templates() / "layouts"
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml"):
            data = load_data(entry)
            lay = layout_from_data(data, source="builtin")
            out[lay.id] = lay
    return out


def builtin_layout(name: str) -> Layout | None:
    """A built-in layout by id (``five-part``) or Chinese name (``五部分``)."""
    name = str(name).strip()
    for lay in builtin_layouts().values():
        if name in (lay.id, lay.name):
            return lay
    return None


def layout_for_year(year: int) -> Layout:
    """The built-in layout the regulation in force prescribes for a report year."""
    for lay in builtin_layouts().values():
        if lay.covers(year):
            return lay
    return builtin_layouts()["five-part"]
