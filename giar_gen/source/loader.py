"""Load a report YAML file into a validated :class:`~giar_gen.model.report.Report`.

All problems found while loading are collected and raised together as one
:class:`~giar_gen.diagnostics.InputError`, each located in the file; nothing
here writes anything.
"""

from __future__ import annotations

import difflib
import hashlib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from giar_gen.diagnostics import Diagnostic, InputError, Location, os_reason
from giar_gen.limits import (
    MAX_DATA_BYTES,
    MAX_PARAGRAPH_CHARS,
    MAX_PARAGRAPHS,
    MAX_REPORT_CHARS,
    LimitError,
    clip,
    read_limited,
)
from giar_gen.model.layouts import (
    Layout,
    LayoutError,
    builtin_layout,
    builtin_layouts,
    layout_for_year,
    layout_from_data,
)
from giar_gen.model.report import Report, ReportInput, TableValues, local_table_problems
from giar_gen.model.tables import Edition, edition, edition_for_year, editions
from giar_gen.source.table_input import TableReader, canon
from giar_gen.source.yamlsource import SourceMap, decode_utf8, load_yaml


def _table_keys() -> dict[str, str]:
    """Top-level keys that hold official tables, in any edition (Chinese key or English id)."""
    out = {}
    for ed in editions().values():
        for t in ed.tables:
            out[t.key] = t.id
            out[t.id] = t.id
    return out


#: files that are never a data file, and what to do with one instead
_NOT_DATA = {
    **dict.fromkeys((".html", ".htm", ".xhtml", ".shtml", ".pdf", ".docx"),
                    ("是已发布的报告（网页、PDF 或 Word 文件），不是数据文件",
                     "先用 giar-gen import {name} 把它读成数据文件（.yaml），再生成；只想检查这份报告，用 giar-gen check {name}。")),
    ".xlsx": ("是 Excel 工作簿，不是数据文件",
              "用 giar-gen import {name} --into 数据文件.yaml 把表格读回数据文件，再校验、生成。"),
    **dict.fromkeys((".doc", ".wps"), ("是旧版 Word/WPS 文件，不是数据文件",
                                      "在 Word/WPS 中另存为 .docx 后，用 giar-gen import 读成数据文件。")),
    **dict.fromkeys((".xls", ".et"), ("是旧版 Excel/WPS 表格，不是数据文件",
                                     "在 Excel/WPS 中另存为 .xlsx 后，用 giar-gen import 文件.xlsx --into 数据文件.yaml 读回。")),
}


def not_a_data_file(path: Path) -> Diagnostic | None:
    """The error for a file whose name says it is no data file (a published
    report, a workbook, an old .doc), with what to run instead; else ``None``."""
    wrong = _NOT_DATA.get(path.suffix.lower())
    if wrong is None:
        return None
    what, todo = wrong
    return Diagnostic("Y000", "error", f"「{path.name}」{what}", Location(str(path)), hint=todo.format(name=path.name))


def load_report(path: str | Path) -> Report:
    """Read, parse and validate ``path``. Raises :class:`InputError`."""
    path = Path(path)
    wrong = not_a_data_file(path)
    if wrong is not None:
        raise InputError([wrong])
    raw = read_data_file(path)
    report = load_report_text(decode_utf8(raw, str(path)), str(path), base_dir=path.parent)
    report.source.reads[str(path)] = hashlib.sha256(raw).hexdigest()
    return report


def read_data_file(path: Path) -> bytes:
    """The bytes of a data file (a regular file within :data:`MAX_DATA_BYTES`); raises :class:`InputError`."""
    try:
        return read_limited(path, MAX_DATA_BYTES, "数据文件")
    except LimitError as exc:
        raise InputError([Diagnostic("Y000", "error", str(exc), Location(str(path)),
                                     hint="数据文件是普通的 UTF-8 文本文件，通常只有几十 KB。")]) from None
    except OSError as exc:
        raise InputError([Diagnostic("Y000", "error", f"无法读取文件：{os_reason(exc)}", Location(str(path)))]) from None


def load_report_text(text: str, file: str = "<输入>", base_dir: Path | None = None) -> Report:
    data, smap = load_yaml(text, file)
    if data is None:
        raise InputError([Diagnostic(
            "Y005", "error", "文件中没有数据（是空文件，或只有注释）", Location(file, 1, 1),
            hint="运行 giar-gen init 创建一个可直接填写的模板。",
        )])
    if not isinstance(data, dict):
        raise InputError([Diagnostic("Y003", "error", "文件顶层应为若干“键: 值”", smap.location(()))])
    return report_from_data(data, smap, base_dir=base_dir)


def report_from_data(data: dict, smap: SourceMap, base_dir: Path | None = None) -> Report:
    diags: list[Diagnostic] = []
    table_keys = _table_keys()
    raw_tables: dict[str, tuple[Any, Any]] = {}
    rest: dict = {}
    for k, v in data.items():
        tid = table_keys.get(k) or next((tid for key, tid in table_keys.items() if canon(key) == canon(k)), None)
        if tid is not None and tid in raw_tables:  # e.g. "proactive" and "主动公开情况": never silently replaced
            diags.append(Diagnostic(
                "Y006", "error", f"「{k}」与前面的「{raw_tables[tid][0]}」是同一张表格，写了两次，后一个会覆盖前一个",
                smap.location((k,), key=True), field=str(k), hint="把两处的行合并到同一个表格键下。",
            ))
        elif tid is not None:
            raw_tables[tid] = (k, v)
        else:
            rest[k] = v

    _check_lengths(data, smap, diags)
    try:
        inp = ReportInput.model_validate(rest)
    except ValidationError as exc:
        _refuse_foreign(exc, rest, raw_tables, smap)
        diags.extend(_pydantic_diagnostics(exc, smap))
        inp = None

    ed: Edition | None = None
    lay: Layout | None = None
    tables: dict[str, TableValues] = {}
    if inp is not None:
        ed = edition(inp.edition) if inp.edition else edition_for_year(inp.report_year)
        n_before = len(diags)
        lay = _resolve_layout(inp, smap, base_dir, diags)
        layout_ok = len(diags) == n_before
        reader = TableReader(smap)
        for tid, (key, raw) in raw_tables.items():
            if ed is None:
                diags.append(Diagnostic(
                    "Y008", "error",
                    f"{inp.report_year}年度没有全国统一的统计表格式，不能填写「{key}」",
                    smap.location((key,), key=True), field=str(key),
                    hint="2019年以前的数字写在正文里；如需附表，请放在“附表”部分的文字中，或填写“表格版本”。",
                ))
                continue
            tables[tid] = reader.read(ed.table(tid), raw, (key,))
        diags.extend(reader.diagnostics)
        if ed is not None:
            for t in ed.tables:
                tables.setdefault(t.id, TableValues(table=t))
        if layout_ok:  # a layout that failed to load would make every part name look wrong
            _check_part_keys(inp, lay, smap, diags)
            _check_tables_placed(lay, raw_tables, tables, smap, diags)
            _check_local_tables(inp, lay, smap, diags)

    if diags:
        raise InputError(diags)
    assert inp is not None and lay is not None
    return Report(data=inp, layout=lay, edition=ed, tables=tables, path=Path(smap.file), source=smap)


def _check_lengths(data: Any, smap: SourceMap, diags: list) -> None:
    """Refuse a paragraph longer than :data:`MAX_PARAGRAPH_CHARS`, and more text or
    paragraphs in all than a report can hold (the typesetting time grows with them)."""
    chars = paragraphs = 0
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((path + (k,), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in enumerate(value))
        elif isinstance(value, str):
            chars += len(value)
            paragraphs += value.count("\n") + 1
            longest = max(map(len, value.split("\n")))
            if longest > MAX_PARAGRAPH_CHARS:
                diags.append(Diagnostic(
                    "Y011", "error", f"一段文字有 {longest} 个字，超过上限 {MAX_PARAGRAPH_CHARS} 个字",
                    smap.location(path), field=" → ".join(str(p) for p in path if not isinstance(p, int)),
                    hint="请分成几段（每段另起一行）；标题、名称只写一行短文字。"))
    if chars > MAX_REPORT_CHARS or paragraphs > MAX_PARAGRAPHS:
        diags.append(Diagnostic(
            "Y011", "error", f"文字共 {chars} 个字、{paragraphs} 段，超过一份报告的上限"
            f"（{MAX_REPORT_CHARS} 个字、{MAX_PARAGRAPHS} 段）", smap.location(()),
            hint="年度报告的正文通常只有一两万字；请检查是否误把别的文件粘贴进来。"))


def _layout_key(smap: SourceMap) -> str:
    return "版式" if ("版式",) in smap.values else "layout"


def _resolve_layout(inp: ReportInput, smap: SourceMap, base_dir: Path | None, diags: list) -> Layout:
    """The report's layout: by year, a built-in by name, a layout file (path
    relative to the data file), or an inline mapping."""
    default = layout_for_year(inp.report_year)
    spec = inp.layout
    if spec is None or (isinstance(spec, str) and not spec.strip()):
        return default
    key = _layout_key(smap)
    if isinstance(spec, dict):
        try:
            return layout_from_data(spec, source="inline", path=(key,), default_base=default)
        except LayoutError as exc:
            diags.extend(_layout_diagnostics(exc, smap, key))
            return default
    lay = builtin_layout(spec)
    if lay is not None:
        return lay
    loc = smap.location((key,))
    shown = clip(spec)
    candidate = Path(spec)
    folder = Path(base_dir if base_dir is not None else ".")
    if not candidate.is_absolute():
        candidate = folder / candidate
    try:  # a layout file lies in the data file's folder: a data file may not make giar-gen read /etc/shadow
        inside = candidate.resolve().is_relative_to(folder.resolve())
        found = candidate.is_file()
    except (OSError, ValueError, RuntimeError):  # a name too long for the file system, with a NUL, a link loop
        inside = found = False
    if found and not inside:
        diags.append(Diagnostic(
            "Y009", "error", f"版式文件「{shown}」不在数据文件所在的文件夹中，未读取", loc, field=key,
            hint="版式文件须放在数据文件所在的文件夹（或其子文件夹）中，用相对路径填写；或填写内置版式的名称。",
        ))
        return default
    if not found:
        diags.append(Diagnostic(
            "Y009", "error", f"找不到版式「{shown}」", loc, field=key,
            hint="可用的内置版式：" + "、".join(f"{x.name}（{x.id}）" for x in builtin_layouts().values())
                 + "；或填写版式文件的路径（相对于本文件）。",
        ))
        return default
    try:
        raw = read_limited(candidate, MAX_DATA_BYTES, "版式文件")
        text = raw.decode("utf-8-sig")
    except (OSError, LimitError, UnicodeDecodeError) as exc:
        why = str(exc) if isinstance(exc, LimitError) else (
            "不是 UTF-8 编码" if isinstance(exc, UnicodeDecodeError) else os_reason(exc))
        diags.append(Diagnostic("Y009", "error", f"版式文件「{shown}」无法读取：{why}", loc, field=key,
                                hint="版式文件须是 UTF-8 编码的 YAML。"))
        return default
    smap.reads[str(candidate)] = hashlib.sha256(raw).hexdigest()
    try:
        data, lay_map = load_yaml(text, str(candidate))
    except InputError as exc:
        diags.extend(exc.diagnostics)
        return default
    try:
        return layout_from_data(data, source=str(candidate), default_base=default)
    except LayoutError as exc:
        diags.extend(_layout_diagnostics(exc, lay_map, None))
        return default


def _layout_diagnostics(exc: LayoutError, smap: SourceMap, key: str | None) -> list[Diagnostic]:
    out = []
    for path, message, hint in exc.problems:
        field = " → ".join(str(p) for p in path if not isinstance(p, int)) or (key or "版式")
        where = f"（版式文件 {smap.file}）" if key is None else ""
        out.append(Diagnostic("Y009", "error", message + where, smap.location(path), field=field, hint=hint))
    return out


def _check_part_keys(inp: ReportInput, lay: Layout, smap: SourceMap, diags: list) -> None:
    parts_key = "正文" if ("正文",) in smap.values else "parts"
    seen: dict[str, str] = {}
    for key in inp.parts:
        part = lay.part(key)
        if part is None:
            valid = [p.key for p in lay.parts]
            close = difflib.get_close_matches(key, valid + [p.title for p in lay.parts], n=1, cutoff=0.3)
            diags.append(Diagnostic(
                "Y002", "error", f"「{lay.name}」版式中没有名为「{key}」的部分",
                smap.location((parts_key, key), key=True), field=f"{parts_key} → {key}",
                hint=(f"是不是「{close[0]}」？" if close else "") + "可用的部分：" + "、".join(valid)
                     + "。如需增加部分，请在「版式」中列出。",
            ))
        elif part.key in seen:
            diags.append(Diagnostic(
                "Y006", "error", f"「{key}」与「{seen[part.key]}」是同一部分（{part.title}），写了两次",
                smap.location((parts_key, key), key=True), field=f"{parts_key} → {key}",
                hint="合并为一项。",
            ))
        else:
            seen[part.key] = key


def _check_tables_placed(lay: Layout, raw_tables: dict, tables: dict, smap: SourceMap, diags: list) -> None:
    """An entered official table must have a part of the layout to print it."""
    for tid, (key, _raw) in raw_tables.items():
        if tid in tables and lay.table_part(tid) is None:
            diags.append(Diagnostic(
                "Y008", "error", f"「{lay.name}」版式中没有放置「{key}」表格的部分",
                smap.location((key,), key=True), field=str(key),
                hint="在版式的某一部分写上「表格: " + str(key) + "」，或改用五部分版式。",
            ))


def _check_local_tables(inp: ReportInput, lay: Layout, smap: SourceMap, diags: list) -> None:
    top = "附表" if ("附表",) in smap.values else "local_tables"
    home = lay.local_table_part()
    for i, t in enumerate(inp.local_tables):
        here = (top, i)
        name = f"{top}第{i + 1}张「{t.caption}」"
        if t.part is not None and lay.part(t.part) is None:
            diags.append(Diagnostic(
                "Y002", "error", f"{name}：「{lay.name}」版式中没有名为「{t.part}」的部分",
                smap.location(here + ("部分",)), field=f"{top} → 部分",
                hint="可用的部分：" + "、".join(p.key for p in lay.parts),
            ))
        elif t.part is None and home is None:
            diags.append(Diagnostic(
                "Y002", "error", f"{name}：「{lay.name}」版式没有“附表”部分，须用「部分」指明放在哪一部分",
                smap.location(here), field=top,
                hint="可用的部分：" + "、".join(p.key for p in lay.parts),
            ))
        for message, path in local_table_problems(t):
            diags.append(Diagnostic("Y010", "error", f"{name}：{message}", smap.location(here + path),
                                    field=f"{top} → " + " → ".join(str(p) for p in path if not isinstance(p, int)),
                                    hint="每行的格数（计入上方跨行合并占去的格）应与表格宽度相同。"))


# ---------------------------------------------------------------------------
# pydantic errors in Chinese

_FIELD_NAMES: dict[str, str] = {}


def _field_titles() -> dict[str, str]:
    """English field name or alias → Chinese title, for messages."""
    if not _FIELD_NAMES:
        from giar_gen.model import report as model

        for cls in (model.ReportInput, model.Agency, model.Contact, model.Period, model.Acknowledgement,
                    model.LocalTable, model.TableCell):
            for name, f in cls.model_fields.items():
                _FIELD_NAMES[name] = f.title or f.alias or name
                if f.alias:
                    _FIELD_NAMES[f.alias] = f.title or f.alias
    return _FIELD_NAMES


#: How pydantic names the members of a union in an error's location.
_UNION_MEMBERS = {"str", "constrained-str", "int", "decimal", "float", "bool", "none"}


def _without_union_members(errors: list[dict]) -> list[dict]:
    """pydantic reports a value that fits no member of a union once per member,
    the member's name in the location (``… 0, 'TableCell', '跨行'``, ``… 0, 'int'``).
    Keep the errors of the mapping member (they say what is wrong inside it),
    else one error for the value; and drop the member names from locations."""
    from giar_gen.model import report as model

    models = {cls.__name__ for cls in (model.TableCell, model.LocalTable, model.Agency, model.Contact,
                                       model.Period, model.Acknowledgement)}

    def member_at(loc: tuple) -> int | None:
        return next((i for i, p in enumerate(loc) if i and isinstance(p, str)
                     and (p in models or p in _UNION_MEMBERS and isinstance(loc[i - 1], (int, str))
                          and loc[i - 1] not in ("正文", "parts"))), None)

    with_model = {tuple(e["loc"][:i]) for e in errors if (i := member_at(tuple(e["loc"]))) is not None
                  and e["loc"][i] in models}
    out: list[dict] = []
    seen_scalar: set[tuple] = set()
    for err in errors:
        loc = tuple(err["loc"])
        i = member_at(loc)
        while i is not None:
            prefix = loc[:i]
            if loc[i] in models:
                loc = prefix + loc[i + 1:]
            elif prefix in with_model or prefix in seen_scalar:
                loc = None
                break
            else:
                seen_scalar.add(prefix)
                err = dict(err, type="cell_value", msg="应填写文字或数字")
                loc = prefix
            i = member_at(loc)
        if loc is not None:
            out.append(dict(err, loc=loc))
    return out


def _cell_name(loc: tuple) -> str | None:
    """「表体第2行第3格」for a location inside a local table's rows."""
    for i in range(len(loc) - 2):
        if loc[i] in ("表体", "表头", "body", "header") and isinstance(loc[i + 1], int) and isinstance(loc[i + 2], int):
            return f"{loc[i]}第{loc[i + 1] + 1}行第{loc[i + 2] + 1}格"
    return None


def _shown(value: Any) -> str:
    """A value as the user wrote it, never as Python shows it (None, True, datetime.date(…))."""
    import datetime as _dt

    if value is None:
        return "空"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return "若干“键: 值”"
    if isinstance(value, (list, tuple)):
        return "一个列表"
    return clip(value)


def _loc_key(p: Any) -> Any:
    """The key of the data a pydantic location step stands for (a date key comes back as its repr)."""
    import datetime as _dt
    import re

    m = re.fullmatch(r"datetime\.date\((\d+), (\d+), (\d+)\)", p) if isinstance(p, str) else None
    return _dt.date(int(m[1]), int(m[2]), int(m[3])) if m else p


def _loc_name(p: Any) -> str:
    """A step of a pydantic location as the user wrote it (pydantic gives a date key as its repr)."""
    import re

    if not isinstance(p, str):
        return _shown(p)
    if p in ("None", "True", "False"):  # a key written null, true or false
        return {"None": "空", "True": "true", "False": "false"}[p]
    m = re.fullmatch(r"datetime\.date\((\d+), (\d+), (\d+)\)", p)
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" if m else p


def _got(value: Any) -> str:
    """The end of a message about a wrong value: what was written, or that
    nothing was (a YAML ``~`` or an empty value is never shown as “None”)."""
    if value is None or value == "":
        return "，不能留空"
    return f"，实际为「{_shown(value)}」"


#: pydantic error types → what the value should be (the rest of the message is built below).
_EXPECTED = {
    "bool_parsing": "是或否（true 或 false）", "bool_type": "是或否（true 或 false）",
    "float_parsing": "数字", "float_type": "数字", "decimal_parsing": "数字", "decimal_type": "数字",
    "int_parsing": "整数", "int_type": "整数", "int_from_float": "整数",
    "string_type": "文字", "list_type": "列表（每项以“- ”开头）",
    "dict_type": "若干“键: 值”（下一级缩进）", "model_type": "若干“键: 值”（下一级缩进）",
    "model_attributes_type": "若干“键: 值”（下一级缩进）",
    "date_type": "日期（如 2022-01-20 或 2022年1月20日）", "date_parsing": "日期（如 2022-01-20 或 2022年1月20日）",
    "date_from_datetime_parsing": "日期（如 2022-01-20 或 2022年1月20日）",
}


def _refuse_foreign(exc: ValidationError, rest: dict, raw_tables: dict, smap: SourceMap) -> None:
    """A file none of whose top-level keys is one of ours (another tool's JSON,
    some other YAML) is said to be that, once, instead of an error per key."""
    unknown = {str(e["loc"][0]) for e in exc.errors(include_url=False)
               if e["type"] == "extra_forbidden" and len(e["loc"]) == 1}
    if raw_tables or not rest or not {str(k) for k in rest} <= unknown:
        return
    shown = "、".join(f"「{k}」" for k in list(rest)[:4]) + ("等" if len(rest) > 4 else "")
    raise InputError([Diagnostic(
        "Y002", "error", f"这不是 giar-gen 的数据文件：顶层没有任何已知的字段（如「报告年度」「机关」「正文」），只有{shown}",
        smap.location(()),
        hint="数据文件请用 giar-gen init 生成模板后填写；已发布的报告（网页、Word、PDF）请用 giar-gen import 读成数据文件。",
    )])


def _pydantic_diagnostics(exc: ValidationError, smap: SourceMap) -> list[Diagnostic]:
    """pydantic's errors as located Chinese diagnostics (its own messages are English)."""
    out = []
    titles = _field_titles()
    for err in _without_union_members(exc.errors(include_url=False)):
        loc = tuple(err["loc"])
        typ = err["type"]
        if loc and loc[-1] == "[key]":  # a key that is not text (a date, a number written as a key)
            loc = loc[:-1]
            msg = f"键「{_loc_name(loc[-1]) if loc else ''}」应是文字（名称）；日期或数字作名称时请加引号"
            field = " → ".join(_loc_name(p) for p in loc if not isinstance(p, int))
            out.append(Diagnostic("Y003", "error", msg, smap.location(loc[:-1] + (_loc_key(loc[-1]),), key=True),
                                  field=field))
            continue
        name = titles.get(str(loc[-1]), _loc_name(loc[-1])) if loc else ""
        if loc and isinstance(loc[-1], int) or typ == "cell_value":
            name = _cell_name(loc) or name
        raw = err.get("input")
        inp = _shown(raw)
        ctx_err = str((err.get("ctx") or {}).get("error") or "")
        hint = None
        where = smap.location(loc)
        if typ == "missing":
            msg = f"缺少必填字段「{loc[-1]}」（{name}）"
            where = smap.location(loc[:-1])
        elif typ == "extra_forbidden":
            parent = _model_for(loc[:-1])
            valid = _valid_keys(parent)
            close = difflib.get_close_matches(str(loc[-1]), valid, n=1, cutoff=0.3)
            msg = f"未知的字段「{_loc_name(loc[-1])}」"
            hint = (f"是不是「{close[0]}」？" if close else "") + "这一级可用的字段：" + "、".join(valid)
            where = smap.location(loc, key=True)
        elif typ.startswith("date") or typ == "value_error" and "日期" in ctx_err:
            msg = f"「{name}」：{ctx_err}" if "日期" in ctx_err else f"「{name}」应填写{_EXPECTED['date_type']}{_got(raw)}"
        elif typ == "value_error" and ctx_err and not ctx_err.isascii():
            msg = f"「{name}」：{ctx_err}"  # our own validators speak Chinese
        elif typ in _EXPECTED:
            msg = f"「{name}」应填写{_EXPECTED[typ]}{_got(raw)}"
        elif typ == "literal_error":
            expected = str((err.get("ctx") or {}).get("expected", ""))
            msg = f"「{name}」只能填写 {expected.replace(' or ', '、')}{_got(raw)}"
        elif typ in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            msg = f"「{name}」超出范围：{inp}"
        elif typ in ("string_too_short", "too_short"):
            msg = f"「{name}」不能为空"
        elif typ in ("string_too_long", "too_long"):
            msg = f"「{name}」太长"
        elif typ == "cell_value":
            msg = f"「{name}」{err.get('msg')}"
        elif typ == "finite_number":
            msg = f"「{name}」不能是无穷大或“非数”（.inf、.nan）"
        elif not str(err.get("msg", "")).isascii() and typ != "cell_value":  # our own messages (Chinese)
            text = str(err["msg"])
            for value in (err.get("ctx") or {}).values():
                if not isinstance(value, str):
                    text = text.replace(str(value), _shown(value))
            msg = f"「{name}」{text}"
        elif typ == "invalid_key":
            msg = "这里有一个不能用的键（空的键，或不是文字）"
        else:
            msg = f"「{name}」的值「{inp}」不符合要求（{typ}）"
        field = " → ".join(_loc_name(p) for p in loc if not isinstance(p, int))
        out.append(Diagnostic("Y003" if typ not in ("missing", "extra_forbidden") else
                              ("Y005" if typ == "missing" else "Y002"),
                              "error", msg, where, field=field, hint=hint))
    return out


def _model_for(loc: tuple):
    from giar_gen.model import report as model

    cls = model.ReportInput
    for part in loc:
        if isinstance(part, int):
            continue
        f = None
        for name, fi in cls.model_fields.items():
            if part in (name, fi.alias):
                f = fi
                break
        if f is None:
            return cls
        sub = _model_in(f.annotation, model.BaseModel)
        if sub is None:
            return cls
        cls = sub
    return cls


def _model_in(ann, base):
    """The first pydantic model inside a type annotation (through list, Union, Annotated)."""
    if isinstance(ann, type) and issubclass(ann, base):
        return ann
    for arg in getattr(ann, "__args__", ()):
        found = _model_in(arg, base)
        if found is not None:
            return found
    return None


def _valid_keys(cls) -> list[str]:
    keys = [f.alias or n for n, f in cls.model_fields.items()]
    if cls.__name__ == "ReportInput":
        keys += [t.key for t in edition("2021").tables]
    return keys
