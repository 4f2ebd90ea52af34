"""The acknowledgements themselves (A): ``已确认`` entries in the data file.

An acknowledged finding stays in the report of findings, marked with the
reason, and no longer blocks ``build``. An entry that names no rule, or that
matches no finding, is reported so that stale entries do not pile up.
"""

from __future__ import annotations

import re
import unicodedata

from giar_gen.checks.catalogue import RULES, Context, Finding, rule
from giar_gen.model.references import yaml_path


def _canon(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def _ack_path(ctx: Context, i: int) -> tuple:
    return yaml_path(ctx.report, ("已确认", "acknowledged")) + (i,)


def matches(ack, f: Finding) -> bool:
    if f.code.startswith("A-") or f.code.upper() != ack.rule.strip().upper():
        return False
    if not ack.where:
        return True
    haystack = _canon(" ".join([f.field, f.message, *f.cells, str(f.location or "")]))
    return _canon(ack.where) in haystack


@rule(
    "A-UNKNOWN",
    "warning",
    "“已确认”中的规则代码不存在",
    source="giar-gen rules 列出全部规则代码",
    cells="已确认 → 规则",
    example="""
已确认:
  - 规则: T3-R9           # 没有这条规则 → A-UNKNOWN
    理由: ……
""",
)
def a_unknown(ctx: Context):
    for i, ack in enumerate(ctx.report.data.acknowledged):
        if ack.rule.strip().upper() not in RULES:
            rule_path = yaml_path(ctx.report, ("已确认", "acknowledged"), i, ("规则", "rule"))
            yield ctx.finding(
                f"没有代码为「{ack.rule}」的规则",
                path=rule_path,
                field="已确认",
                hint="用 giar-gen rules 查看全部规则代码。",
            )


@rule(
    "A-UNUSED",
    "warning",
    "“已确认”的条目没有对应的校验结果",
    source="确认的问题已改正或位置写错时，应删去该条目",
    cells="已确认",
    example="""
已确认:
  - 规则: X-R1
    理由: 机构改革，上年结转数据由原单位移交
    位置: 自然人          # 没有与之匹配的 X-R1 结果 → A-UNUSED
""",
    after=True,
)
def a_unused(ctx: Context):
    acks = ctx.report.data.acknowledged
    used = [False] * len(acks)
    for f in ctx.findings:
        for i, ack in enumerate(acks):
            if matches(ack, f):
                f.acknowledged = ack.reason
                used[i] = True
                break
    for i, ack in enumerate(acks):
        if not used[i] and ack.rule.strip().upper() in RULES:
            if RULES[ack.rule.strip().upper()].needs_previous and ctx.previous is None:
                continue  # a cross-year rule that did not run without --previous
            where = f"（位置「{ack.where}」）" if ack.where else ""
            yield ctx.finding(
                f"已确认的「{ack.rule}」{where}没有对应的校验结果",
                path=_ack_path(ctx, i),
                field="已确认",
                hint="问题已改正的，请删去该条目；或检查“位置”是否写对。",
            )
