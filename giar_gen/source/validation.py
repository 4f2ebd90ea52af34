"""pydantic's validation errors as located Chinese diagnostics.

The model (:mod:`giar_gen.model.report`) validates a data file's values; this module turns
each error into a :class:`~giar_gen.diagnostics.Diagnostic` at the value's line and
column, with the field's Chinese title, what was written and what is expected.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import ValidationError

from giar_gen.diagnostics import Diagnostic, InputError
from giar_gen.limits import clip
from giar_gen.model.tables import edition
from giar_gen.source.yamlsource import SourceMap

# ---------------------------------------------------------------------------
# pydantic errors in Chinese

_FIELD_NAMES: dict[str, str] = {}


def _field_titles() -> dict[str, str]:
    """English field name or alias → Chinese title, for messages."""
    if not _FIELD_NAMES:
        from giar_gen.model import report as model

        for cls in (
            model.ReportInput,
            model.Agency,
            model.Contact,
            model.Period,
            model.Acknowledgement,
            model.LocalTable,
            model.TableCell,
        ):
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

    models = {
        cls.__name__
        for cls in (model.TableCell, model.LocalTable, model.Agency, model.Contact, model.Period, model.Acknowledgement)
    }

    def member_at(loc: tuple) -> int | None:
        return next(
            (
                i
                for i, p in enumerate(loc)
                if i
                and isinstance(p, str)
                and (
                    p in models
                    or p in _UNION_MEMBERS
                    and isinstance(loc[i - 1], (int, str))
                    and loc[i - 1] not in ("正文", "parts")
                )
            ),
            None,
        )

    with_model = {
        tuple(e["loc"][:i]) for e in errors if (i := member_at(tuple(e["loc"]))) is not None and e["loc"][i] in models
    }
    out: list[dict] = []
    seen_scalar: set[tuple] = set()
    for err in errors:
        loc = tuple(err["loc"])
        i = member_at(loc)
        while i is not None:
            prefix = loc[:i]
            if loc[i] in models:
                loc = prefix + loc[i + 1 :]
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
    "bool_parsing": "是或否（true 或 false）",
    "bool_type": "是或否（true 或 false）",
    "float_parsing": "数字",
    "float_type": "数字",
    "decimal_parsing": "数字",
    "decimal_type": "数字",
    "int_parsing": "整数",
    "int_type": "整数",
    "int_from_float": "整数",
    "string_type": "文字",
    "list_type": "列表（每项以“- ”开头）",
    "dict_type": "若干“键: 值”（下一级缩进）",
    "model_type": "若干“键: 值”（下一级缩进）",
    "model_attributes_type": "若干“键: 值”（下一级缩进）",
    "date_type": "日期（如 2022-01-20 或 2022年1月20日）",
    "date_parsing": "日期（如 2022-01-20 或 2022年1月20日）",
    "date_from_datetime_parsing": "日期（如 2022-01-20 或 2022年1月20日）",
}


def _refuse_foreign(exc: ValidationError, rest: dict, raw_tables: dict, smap: SourceMap) -> None:
    """A file none of whose top-level keys is one of ours (another tool's JSON,
    some other YAML) is said to be that, once, instead of an error per key."""
    unknown = {
        str(e["loc"][0]) for e in exc.errors(include_url=False) if e["type"] == "extra_forbidden" and len(e["loc"]) == 1
    }
    if raw_tables or not rest or not {str(k) for k in rest} <= unknown:
        return
    shown = "、".join(f"「{k}」" for k in list(rest)[:4]) + ("等" if len(rest) > 4 else "")
    raise InputError(
        [
            Diagnostic(
                "Y002",
                "error",
                f"这不是 giar-gen 的数据文件：顶层没有任何已知的字段（如「报告年度」「机关」「正文」），只有{shown}",
                smap.location(()),
                hint="数据文件请用 giar-gen init 生成模板后填写；已发布的报告（网页、Word、PDF）请用 giar-gen import 读成数据文件。",
            )
        ]
    )


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
            out.append(
                Diagnostic("Y003", "error", msg, smap.location(loc[:-1] + (_loc_key(loc[-1]),), key=True), field=field)
            )
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
            msg = (
                f"「{name}」：{ctx_err}"
                if "日期" in ctx_err
                else f"「{name}」应填写{_EXPECTED['date_type']}{_got(raw)}"
            )
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
        out.append(
            Diagnostic(
                "Y003" if typ not in ("missing", "extra_forbidden") else ("Y005" if typ == "missing" else "Y002"),
                "error",
                msg,
                where,
                field=field,
                hint=hint,
            )
        )
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
