"""``giar-gen init``: a complete data file that builds as it is.

Generated from the layout and table definitions, so its comments quote the
official labels of the edition that applies to the year, and every table
cell is present (filled with 0, ready to overwrite).
"""

from __future__ import annotations

import datetime as _dt

from giar_gen.model.layouts import layout_for_year
from giar_gen.model.tables import TableDef, edition_for_year

#: the marks this tool writes where the user has to write something; a file
#: that still holds one of them is not ready to print (rule P-PLACEHOLDER)
PLACEHOLDER = "（请在此填写）"
AGENCY_PLACEHOLDER = "××市××区××局"
#: the “××” of a placeholder name or address (机关名称、联系方式、署名)
NAME_MARK = "××"
POSTCODE_PLACEHOLDER = "000000"
PHONE_PLACEHOLDER = "0000-00000000"
#: the opening of the line ``init --from`` puts before each text carried over
DRAFT_OPEN = "【待改写："


def draft_mark(prev_year: int, year: int) -> str:
    """The visible first line of a text carried over from last year."""
    return f"{DRAFT_OPEN}以下沿用{prev_year}年度报告的文字，请按{year}年度的情况改写，并删除本行】"


def _deadline(year: int) -> _dt.date:
    return _dt.date(year + 1, 1, 20) if year >= 2019 else _dt.date(year + 1, 3, 20)


def skeleton_yaml(year: int) -> str:
    lay = layout_for_year(year)
    ed = edition_for_year(year)
    out: list[str] = [
        f"# {year}年度政府信息公开工作年度报告：数据文件",
        "# 填写说明：“#”之后是注释，不影响生成。冒号后须有一个空格；缩进用空格，不用 Tab。",
        "# 填好后运行：giar-gen build 本文件名.yaml",
        f"# 版式：{lay.name}；表格：{ed.name if ed else '（该年度无全国统一表格）'}",
        "",
        f"报告年度: {year}",
        "机关:",
        f"  名称: {AGENCY_PLACEHOLDER}        # 机关全称",
        "  类型: 部门                 # 人民政府 / 部门 / 其他",
        "  层级: 县级                 # 国务院部门 / 省级 / 设区的市 / 县级 / 乡镇 / 其他",
        f"发布日期: {_deadline(year).isoformat()}   # 部门应在次年1月31日前公布，本级政府报告3月31日前",
        "引言: 自动                  # 自动生成开头说明段；可改为自己的文字，或删除本行",
        "联系方式:",
        f"  单位: {NAME_MARK}局办公室",
        f"  地址: {NAME_MARK}市{NAME_MARK}路{NAME_MARK}号",
        f'  邮编: "{POSTCODE_PLACEHOLDER}"',
        f"  电话: {PHONE_PLACEHOLDER}",
        f"# 署名: {NAME_MARK}局                 # 落款；不填则用机关名称",
        f"# 成文日期: {_deadline(year).isoformat()}       # 落款日期；不填则用发布日期",
        "",
        "正文:                        # 每行一段；以“（一）”“1.”开头的短行是小标题",
    ]
    for part in lay.parts:
        if part.table and ed is not None:
            out.append(f"  # {part.title}：见下方表格数据；如需在表格前加说明，可在此填写“{part.key}: |”")
            continue
        out.append(f"  {part.key}: |" + ("" if part.required else "        # 可选"))
        out.append(f"    {PLACEHOLDER}{part.title}。")
    if ed is not None:
        for t in ed.tables:
            out.append("")
            out.extend(_table_skeleton(t))
    return "\n".join(out) + "\n"


def _table_skeleton(t: TableDef) -> list[str]:
    part_title = t.part
    out = [f"{t.key}:                 # {part_title}"]
    if t.kind == "blocks":
        for b in t.blocks:
            cols = [c for c in b.columns]
            unit = "".join(f"（单位：{c.unit}）" for c in cols if c.unit and c.unit not in c.label)
            out.append(f"  # {b.title}：{'、'.join(c.label for c in cols)}{unit}")
            for r in b.rows:
                value = "0" if len(cols) == 1 else "[" + ", ".join("0" for _ in cols) + "]"
                out.append(f"  {r.key}: {value}" + (f"      # {r.label}" if r.label != r.key else ""))
        return out
    data_cols = [c for c in t.columns if not c.is_total]
    if t.single_row:
        groups: dict[str, list] = {}
        for c in t.columns:
            groups.setdefault(c.path[-2], []).append(c)
        names = [c.label for c in next(iter(groups.values())) if not c.is_total]
        out.append(
            f"  # 每组 {len(names)} 个数：[{', '.join(names)}]；“总计”自动计算（也可作为第 {len(names) + 1} 个数填写并核对）"
        )
        for g in groups:
            out.append(f"  {g}: [" + ", ".join("0" for _ in names) + "]")
        return out
    out.append(f"  # 每行 {len(data_cols)} 个数：[{', '.join(c.label for c in data_cols)}]")
    out.append("  # “总计”列、“（七）总计”行自动计算；如也填写，则会核对是否相符")
    _row_nodes(t, t._row_tree, 1, out, data_cols)
    return out


def _row_nodes(t: TableDef, nodes: list, depth: int, out: list[str], data_cols: list) -> None:
    pad = "  " * depth
    for n in nodes:
        if "children" in n:
            out.append(f"{pad}{n['key']}:" + (f"      # {n['label']}" if n["label"] != n["key"] else ""))
            _row_nodes(t, n["children"], depth + 1, out, data_cols)
        elif n.get("sum_of_siblings"):
            out.append(f"{pad}# {n['key']}: [...]      # {n['label']}：自动计算")
        else:
            zeros = "[" + ", ".join("0" for _ in data_cols) + "]"
            out.append(f"{pad}{n['key']}: {zeros}" + (f"      # {n['label']}" if n["label"] != n["key"] else ""))
