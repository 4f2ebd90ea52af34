"""What an import tells the user: the summary ``giar-gen import`` prints, notes as check findings,
and the last touch (``引言: 自动`` when the intro is giar-gen's own)."""

from __future__ import annotations

from giar_gen.diagnostics import InputError
from giar_gen.importer.result import NOTE_CODES, Imported, Note


def notes_as_findings(notes: list[Note], file: str) -> list:
    """The import notes ``giar-gen check`` reports for a published report: the
    warnings (content that could not be read as data, labels read tolerantly,
    unusable cells, missing rows), as findings with their place in the file."""
    from giar_gen.checks import Finding

    out = []
    for n in notes:
        if n.severity != "warning":
            continue
        d = n.to_diagnostic(file)
        out.append(
            Finding(
                code=d.code,
                severity="warning",
                message=d.message,
                location=d.location,
                actual=d.actual,
                title=NOTE_CODES.get(n.code, ""),
                source="giar-gen import：读取已发布的报告",
                origin="import",
            )
        )
    return out


def finish(imp: Imported) -> None:
    """After mapping: write ``引言: 自动`` when the intro is exactly what
    giar-gen would generate from the data (our own reports)."""
    intro = imp.data.get("引言")
    if not intro or imp.missing:
        return
    from giar_gen.document.intro import auto_intro
    from giar_gen.source.loader import report_from_data
    from giar_gen.source.yamlsource import SourceMap

    try:
        report = report_from_data(imp.data, SourceMap(file=str(imp.source), text=""), base_dir=imp.source.parent)
    except InputError:
        return
    lines = [line.strip() for line in intro.splitlines() if line.strip()]
    if auto_intro(report) == lines:
        imp.data["引言"] = "自动"
        imp.comments[("引言",)] = "与按数据自动生成的引言一致"


def summary_lines(imp: Imported) -> list[str]:
    """What ``giar-gen import`` prints: what was mapped, inferred, not mapped, missing."""
    out = [f"已对应：{line}" for line in imp.mapped]
    infos = [n for n in imp.notes if not n.text and n.severity == "info"]
    out += [f"说明：{n.message}" for n in infos]
    warnings = [n for n in imp.notes if not n.text and n.severity != "info"]
    out += [f"注意：{n.message}" for n in warnings]
    kept = [n for n in imp.notes if n.text]
    if kept:
        by_code: dict[str, int] = {}
        for n in kept:
            by_code[n.code] = by_code.get(n.code, 0) + 1
        detail = "；".join(f"{NOTE_CODES.get(c, c)} {k} 处" for c, k in sorted(by_code.items()))
        out.append(f"未对应：{len(kept)} 处，原文保留在数据文件末尾的注释中（{detail}）")
    else:
        out.append("未对应：无")
    if imp.missing:
        out.append("缺少：" + "、".join(imp.missing) + "（请在数据文件中填写）")
    return out


def build_outlook(findings: list, data_file) -> list[str]:
    """What ``giar-gen build`` will do with the imported data file, from the
    findings of the checks it runs first: build, or refuse and why (with
    ``giar-gen fix`` offered for half-width punctuation, which it repairs)."""
    errors = [f for f in findings if f.severity == "error" and f.blocking]
    warnings = [f for f in findings if f.severity == "warning" and f.blocking]
    if not errors:
        tail = f"（另有 {len(warnings)} 个警告，详见 giar-gen check {data_file}）" if warnings else ""
        out = [f"可以生成：giar-gen build {data_file}{tail}"]
    else:
        by_code: dict[str, int] = {}
        for f in errors:
            by_code[f.code] = by_code.get(f.code, 0) + 1
        codes = "、".join(f"{c} {n} 个" if n > 1 else c for c, n in by_code.items())
        out = [
            f"giar-gen build 将拒绝生成：{len(errors)} 个错误（{codes}）；"
            f"详见 giar-gen check {data_file}，改正或在“已确认”中说明理由后再生成"
        ]
    punct = [f for f in findings if f.code == "W-PUNCT"]
    if punct:
        out.append(f"正文中有半角标点（W-PUNCT {len(punct)} 条）：运行 giar-gen fix {data_file} 可改为全角")
    return out
