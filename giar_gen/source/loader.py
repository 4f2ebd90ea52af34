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
from giar_gen.source.validation import _pydantic_diagnostics, _refuse_foreign
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
    **dict.fromkeys(
        (".html", ".htm", ".xhtml", ".shtml", ".pdf", ".docx"),
        (
            "是已发布的报告（网页、PDF 或 Word 文件），不是数据文件",
            "先用 giar-gen import {name} 把它读成数据文件（.yaml），再生成；只想检查这份报告，用 giar-gen check {name}。",
        ),
    ),
    ".xlsx": (
        "是 Excel 工作簿，不是数据文件",
        "用 giar-gen import {name} --into 数据文件.yaml 把表格读回数据文件，再校验、生成。",
    ),
    **dict.fromkeys(
        (".doc", ".wps"),
        ("是旧版 Word/WPS 文件，不是数据文件", "在 Word/WPS 中另存为 .docx 后，用 giar-gen import 读成数据文件。"),
    ),
    **dict.fromkeys(
        (".xls", ".et"),
        (
            "是旧版 Excel/WPS 表格，不是数据文件",
            "在 Excel/WPS 中另存为 .xlsx 后，用 giar-gen import 文件.xlsx --into 数据文件.yaml 读回。",
        ),
    ),
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
        raise InputError(
            [
                Diagnostic(
                    "Y000",
                    "error",
                    str(exc),
                    Location(str(path)),
                    hint="数据文件是普通的 UTF-8 文本文件，通常只有几十 KB。",
                )
            ]
        ) from None
    except OSError as exc:
        raise InputError(
            [Diagnostic("Y000", "error", f"无法读取文件：{os_reason(exc)}", Location(str(path)))]
        ) from None


def load_report_text(text: str, file: str = "<输入>", base_dir: Path | None = None) -> Report:
    data, smap = load_yaml(text, file)
    if data is None:
        raise InputError(
            [
                Diagnostic(
                    "Y005",
                    "error",
                    "文件中没有数据（是空文件，或只有注释）",
                    Location(file, 1, 1),
                    hint="运行 giar-gen init 创建一个可直接填写的模板。",
                )
            ]
        )
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
            diags.append(
                Diagnostic(
                    "Y006",
                    "error",
                    f"「{k}」与前面的「{raw_tables[tid][0]}」是同一张表格，写了两次，后一个会覆盖前一个",
                    smap.location((k,), key=True),
                    field=str(k),
                    hint="把两处的行合并到同一个表格键下。",
                )
            )
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
                diags.append(
                    Diagnostic(
                        "Y008",
                        "error",
                        f"{inp.report_year}年度没有全国统一的统计表格式，不能填写「{key}」",
                        smap.location((key,), key=True),
                        field=str(key),
                        hint="2019年以前的数字写在正文里；如需附表，请放在“附表”部分的文字中，或填写“表格版本”。",
                    )
                )
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
                diags.append(
                    Diagnostic(
                        "Y011",
                        "error",
                        f"一段文字有 {longest} 个字，超过上限 {MAX_PARAGRAPH_CHARS} 个字",
                        smap.location(path),
                        field=" → ".join(str(p) for p in path if not isinstance(p, int)),
                        hint="请分成几段（每段另起一行）；标题、名称只写一行短文字。",
                    )
                )
    if chars > MAX_REPORT_CHARS or paragraphs > MAX_PARAGRAPHS:
        diags.append(
            Diagnostic(
                "Y011",
                "error",
                f"文字共 {chars} 个字、{paragraphs} 段，超过一份报告的上限"
                f"（{MAX_REPORT_CHARS} 个字、{MAX_PARAGRAPHS} 段）",
                smap.location(()),
                hint="年度报告的正文通常只有一两万字；请检查是否误把别的文件粘贴进来。",
            )
        )


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
        diags.append(
            Diagnostic(
                "Y009",
                "error",
                f"版式文件「{shown}」不在数据文件所在的文件夹中，未读取",
                loc,
                field=key,
                hint="版式文件须放在数据文件所在的文件夹（或其子文件夹）中，用相对路径填写；或填写内置版式的名称。",
            )
        )
        return default
    if not found:
        diags.append(
            Diagnostic(
                "Y009",
                "error",
                f"找不到版式「{shown}」",
                loc,
                field=key,
                hint="可用的内置版式："
                + "、".join(f"{x.name}（{x.id}）" for x in builtin_layouts().values())
                + "；或填写版式文件的路径（相对于本文件）。",
            )
        )
        return default
    try:
        raw = read_limited(candidate, MAX_DATA_BYTES, "版式文件")
        text = raw.decode("utf-8-sig")
    except (OSError, LimitError, UnicodeDecodeError) as exc:
        why = (
            str(exc)
            if isinstance(exc, LimitError)
            else ("不是 UTF-8 编码" if isinstance(exc, UnicodeDecodeError) else os_reason(exc))
        )
        diags.append(
            Diagnostic(
                "Y009",
                "error",
                f"版式文件「{shown}」无法读取：{why}",
                loc,
                field=key,
                hint="版式文件须是 UTF-8 编码的 YAML。",
            )
        )
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
            diags.append(
                Diagnostic(
                    "Y002",
                    "error",
                    f"「{lay.name}」版式中没有名为「{key}」的部分",
                    smap.location((parts_key, key), key=True),
                    field=f"{parts_key} → {key}",
                    hint=(f"是不是「{close[0]}」？" if close else "")
                    + "可用的部分："
                    + "、".join(valid)
                    + "。如需增加部分，请在「版式」中列出。",
                )
            )
        elif part.key in seen:
            diags.append(
                Diagnostic(
                    "Y006",
                    "error",
                    f"「{key}」与「{seen[part.key]}」是同一部分（{part.title}），写了两次",
                    smap.location((parts_key, key), key=True),
                    field=f"{parts_key} → {key}",
                    hint="合并为一项。",
                )
            )
        else:
            seen[part.key] = key


def _check_tables_placed(lay: Layout, raw_tables: dict, tables: dict, smap: SourceMap, diags: list) -> None:
    """An entered official table must have a part of the layout to print it."""
    for tid, (key, _raw) in raw_tables.items():
        if tid in tables and lay.table_part(tid) is None:
            diags.append(
                Diagnostic(
                    "Y008",
                    "error",
                    f"「{lay.name}」版式中没有放置「{key}」表格的部分",
                    smap.location((key,), key=True),
                    field=str(key),
                    hint="在版式的某一部分写上「表格: " + str(key) + "」，或改用五部分版式。",
                )
            )


def _check_local_tables(inp: ReportInput, lay: Layout, smap: SourceMap, diags: list) -> None:
    top = "附表" if ("附表",) in smap.values else "local_tables"
    home = lay.local_table_part()
    for i, t in enumerate(inp.local_tables):
        here = (top, i)
        name = f"{top}第{i + 1}张「{t.caption}」"
        if t.part is not None and lay.part(t.part) is None:
            diags.append(
                Diagnostic(
                    "Y002",
                    "error",
                    f"{name}：「{lay.name}」版式中没有名为「{t.part}」的部分",
                    smap.location(here + ("部分",)),
                    field=f"{top} → 部分",
                    hint="可用的部分：" + "、".join(p.key for p in lay.parts),
                )
            )
        elif t.part is None and home is None:
            diags.append(
                Diagnostic(
                    "Y002",
                    "error",
                    f"{name}：「{lay.name}」版式没有“附表”部分，须用「部分」指明放在哪一部分",
                    smap.location(here),
                    field=top,
                    hint="可用的部分：" + "、".join(p.key for p in lay.parts),
                )
            )
        for message, path in local_table_problems(t):
            diags.append(
                Diagnostic(
                    "Y010",
                    "error",
                    f"{name}：{message}",
                    smap.location(here + path),
                    field=f"{top} → " + " → ".join(str(p) for p in path if not isinstance(p, int)),
                    hint="每行的格数（计入上方跨行合并占去的格）应与表格宽度相同。",
                )
            )
