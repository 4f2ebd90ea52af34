"""How findings and rules are shown: for a terminal (like a linter) and as JSON."""

from __future__ import annotations

import json

from giar_gen.checks.catalogue import GROUPS, RULES, Finding, rules_in_order
from giar_gen.diagnostics import Diagnostic, format_diagnostic, omitted_line, read_source
from giar_gen.limits import MAX_FINDINGS_SHOWN

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_ZH = {"not_assessable": "无法判断"}
ORIGIN_ZH = {"report": "报告", "import": "导入"}


def _source_text(file: str, sources: dict[str, str]) -> str | None:
    if file not in sources:
        sources[file] = read_source(file)
    return sources[file]


def format_finding(d: Diagnostic, sources: dict[str, str] | None = None) -> str:
    """One finding: ``file:line:col: 错误 [CODE] message``, the YAML line with a
    caret, the cells with their printed labels, expected/actual, the cell most
    likely wrong, the hint."""
    sources = sources if sources is not None else {}
    src = _source_text(d.location.file, sources) if d.location and d.location.line else None
    text = format_diagnostic(d, src)
    if getattr(d, "status", None) == "not_assessable":
        text = text.replace(f"提示 [{d.code}]", f"无法判断 [{d.code}]", 1)
    if getattr(d, "origin", None) == "import":
        lines = text.split("\n")
        lines.insert(1, "  来源：导入（读取原文时的不确定之处，不是报告本身的问题）")
        text = "\n".join(lines)
    suspect = getattr(d, "suspect", None)
    if suspect is not None:
        lines = text.split("\n")
        at = next(
            (i for i, ln in enumerate(lines) if ln.startswith("  提示：") or ln.startswith("  已确认的理由：")),
            len(lines),
        )
        lines.insert(at, f"  最可能出错：{suspect.text()}")
        text = "\n".join(lines)
    return text


def summary_line(findings: list[Diagnostic]) -> str:
    errors = sum(1 for f in findings if f.severity == "error" and f.acknowledged is None)
    warnings = sum(1 for f in findings if f.severity == "warning" and f.acknowledged is None)
    acked = sum(1 for f in findings if f.acknowledged is not None)
    unknown = sum(1 for f in findings if getattr(f, "status", None) == "not_assessable")
    if not findings:
        return "未发现问题。"
    parts = [f"{errors} 个错误", f"{warnings} 个警告"]
    if acked:
        parts.append(f"{acked} 个已确认")
    if unknown:
        parts.append(f"{unknown} 条规则无法判断")
    return "共 " + "、".join(parts) + "。"


def format_findings(findings: list[Diagnostic], sources: dict[str, str] | None = None) -> str:
    sources = sources if sources is not None else {}
    out = [format_finding(f, sources) for f in findings[:MAX_FINDINGS_SHOWN]]
    if len(findings) > MAX_FINDINGS_SHOWN:
        out.append(omitted_line(len(findings)))
    return "\n\n".join(out)


def finding_dict(d: Diagnostic) -> dict:
    out = d.to_dict()
    if not isinstance(d, Finding):
        out.setdefault("rule", d.code)
    out["severity_zh"] = SEVERITY_ZH.get(d.severity, d.severity)
    out.setdefault("status", "finding")
    out.setdefault("origin", "report")
    out["status_zh"] = STATUS_ZH.get(out["status"], "发现问题")
    out["origin_zh"] = ORIGIN_ZH.get(out["origin"], out["origin"])
    return out


def findings_json(files: list[dict]) -> str:
    """``files``: ``{"file", "usable", "findings": [Diagnostic]}`` per checked file."""
    out_files = []
    total = {"errors": 0, "warnings": 0, "acknowledged": 0, "not_assessable": 0}
    for entry in files:
        fs = entry["findings"]
        s = {
            "errors": sum(1 for f in fs if f.severity == "error" and f.acknowledged is None),
            "warnings": sum(1 for f in fs if f.severity == "warning" and f.acknowledged is None),
            "acknowledged": sum(1 for f in fs if f.acknowledged is not None),
            "not_assessable": sum(1 for f in fs if getattr(f, "status", None) == "not_assessable"),
        }
        for k in total:
            total[k] += s[k]
        out_files.append(
            {
                "file": entry["file"],
                "usable": entry.get("usable", True),
                "previous": entry.get("previous"),
                "summary": s,
                "findings": [finding_dict(f) for f in fs],
            }
        )
    return (
        json.dumps(
            {"tool": "giar-gen check", "format": 1, "summary": total, "files": out_files}, ensure_ascii=False, indent=2
        )
        + "\n"
    )


def format_rule_list() -> str:
    lines = []
    group = None
    width = max(len(c) for c in RULES)
    for r in rules_in_order():
        if r.group != group:
            group = r.group
            if lines:
                lines.append("")
            lines.append(f"{group}  {GROUPS[group]}")
        sev = SEVERITY_ZH[r.severity]
        lines.append(f"  {r.code:<{width}}  {sev}  {r.title}")
    lines.append("")
    lines.append("giar-gen rules 代码 查看某条规则的说明和例子。")
    return "\n".join(lines)


def explain_rule(code: str) -> str | None:
    r = RULES.get(code.strip().upper())
    if r is None:
        return None
    lines = [
        f"{r.code}  {r.title}",
        f"  级别：{SEVERITY_ZH[r.severity]}"
        + ("（有错误时 build 拒绝生成）" if r.severity == "error" else "（--strict 时也拒绝生成）"),
        f"  类别：{GROUPS[r.group]}",
        f"  涉及：{r.cells}",
        f"  依据：{r.source}",
    ]
    if r.needs_previous:
        lines.append("  运行条件：giar-gen check 数据文件.yaml --previous 上一年度数据文件.yaml")
    if r.needs:
        from giar_gen.checks.catalogue import NEEDS

        lines.append(
            f"  需要：{'、'.join(NEEDS[n] for n in r.needs)}（已发布的报告没有写明时，本条报告“无法判断”及原因，其他规则照常检查）"
        )
    lines.append("  例子：")
    lines.extend("    " + ln for ln in r.example.splitlines())
    lines.append("  确认（核实无误时写入数据文件，结果仍列出但不再阻止生成）：")
    lines.append("    已确认:")
    lines.append(f"      - 规则: {r.code}")
    lines.append("        理由: ……")
    lines.append("        位置: ……   # 可选：只确认含有这段文字的结果（如列名）")
    return "\n".join(lines)
