"""Run the catalogue over a report: evaluate equations, name suspects,
apply acknowledgements, sort."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from giar_gen.checks.catalogue import (
    NEEDS,
    ORIGIN_IMPORT,
    STATUS_FOUND,
    STATUS_NOT_ASSESSABLE,
    Context,
    Equation,
    Finding,
    Rule,
    rules_in_order,
)
from giar_gen.model.report import Report, TableValues, format_number


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error" and f.blocking]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning" and f.blocking]

    @property
    def acknowledged(self) -> list[Finding]:
        return [f for f in self.findings if not f.blocking]

    @property
    def not_assessable(self) -> list[Finding]:
        return [f for f in self.findings if getattr(f, "status", STATUS_FOUND) == STATUS_NOT_ASSESSABLE]

    def exit_status(self, strict: bool = False) -> int:
        if self.errors or (strict and self.warnings):
            return 1
        return 0


def run_checks(report: Report, previous: Report | None = None, rules: list[Rule] | None = None) -> CheckResult:
    """Every applicable rule of the catalogue (or only ``rules``) over ``report``."""
    selected = list(rules) if rules is not None else list(rules_in_order())
    ctx = Context(report=report, previous=previous)
    findings: list[Finding] = []
    equations: dict[str, list[Equation]] = defaultdict(list)
    for r in selected:
        if r.after or (r.needs_previous and previous is None):
            continue
        ctx.rule = r
        missing = [n for n in r.needs if n in report.unknown]
        if missing:
            findings.append(_not_assessable(ctx, r, missing))
            continue
        for item in r.func(ctx) or ():
            if isinstance(item, Equation):
                item.rule = r
                equations[item.table].append(item)
            else:
                findings.append(item)
    for table_id, eqs in equations.items():
        values = report.tables[table_id]
        solver = _Suspects(values, eqs)
        for eq in eqs:
            if eq.holds(values) is False:
                findings.append(_equation_finding(ctx, values, eq, solver))
    ctx.findings = findings
    for r in selected:
        if r.after:
            ctx.rule = r
            findings.extend(r.func(ctx) or ())
    findings = [_with_origin(report, f) for f in findings]
    findings.sort(key=_order)
    return CheckResult(findings)


def _not_assessable(ctx: Context, r: Rule, missing: list[str]) -> Finding:
    what = "、".join(NEEDS[n] for n in missing)
    reasons = "；".join(dict.fromkeys(ctx.report.unknown[n] for n in missing))
    f = ctx.not_assessable(
        f"报告中没有{what}（{reasons}），本条无法核对",
        field=r.title,
        hint="本条以外的规则照常检查。补全后（giar-gen import 导入为 YAML 并填写）可再检查本条。",
    )
    return dataclasses.replace(f, origin=ORIGIN_IMPORT)


def _with_origin(report: Report, f: Finding) -> Finding:
    """A finding about a cell the import could not place comes from the import's
    uncertainty, not from the report: marked so, and never an error of the agency."""
    if not report.uncertain or getattr(f, "origin", None) == ORIGIN_IMPORT:
        return f
    for c in f.cell_refs:
        if (
            c.value is None
            and c.year is None
            and ((c.table, c.row) in report.uncertain or (c.table, "*") in report.uncertain)
        ):
            return dataclasses.replace(
                f,
                origin=ORIGIN_IMPORT,
                severity="warning" if f.severity == "error" else f.severity,
                hint=(f.hint + ("" if f.hint.endswith(("。", "！", "？")) else " ") if f.hint else "")
                + "所涉单元格是导入时未能确定位置的（见导入说明），不一定是报告本身的问题。",
            )
    return f


def _order(f: Finding):
    loc = f.location
    return (loc.file if loc else "", (loc.line or 0) if loc else 0, (loc.column or 0) if loc else 0, f.code)


def _equation_finding(ctx: Context, values: TableValues, eq: Equation, solver: _Suspects) -> Finding:
    assert eq.rule is not None
    ctx.rule = eq.rule
    lhs, rhs = eq.sides(values)  # type: ignore[misc]
    cells = [ctx.cell(values, r, c) for r, c in eq.lhs + eq.rhs]
    found = solver.suspect(eq)
    suspect = None
    if found is not None:
        (row, col), new = found
        suspect = ctx.cell(values, row, col)
        hint = f"把{suspect.label}改为 {format_number(new)}，本表各项关系就都成立。"
    else:
        hint = "仅凭本表的勾稽关系无法确定是哪一格有误，请逐格核对原始台账。"
    located = [c for c in ([suspect] if suspect else []) + cells if c.location is not None]
    loc = located[0].location if located else ctx.location(ctx.table_path(values), key=True)
    return ctx.finding(
        f"{eq.subject}：{eq.lhs_name} 应等于 {eq.rhs_name}",
        location=loc,
        field=values.table.key,
        cells=cells,
        expected=f"{eq.rhs_name} = {format_number(rhs)}",
        actual=f"{eq.lhs_name} = {format_number(lhs)}",
        hint=hint,
        suspect=suspect,
    )


class _Suspects:
    """Find the one entered cell whose correction makes a failing equation
    hold without breaking any equation of the table that holds now."""

    def __init__(self, values: TableValues, eqs: list[Equation]):
        self.values = values
        self.eqs = eqs
        self.work = TableValues(table=values.table, entered=dict(values.entered), paths=values.paths)
        self.base = [e.holds(self.work) for e in eqs]

    def _status_with(self, key, value) -> list[bool | None]:
        old = self.work.entered[key]
        self.work.entered[key] = value
        try:
            return [e.holds(self.work) for e in self.eqs]
        finally:
            self.work.entered[key] = old

    def suspect(self, eq: Equation):
        sides = eq.sides(self.work)
        if sides is None:
            return None
        r0 = sides[0] - sides[1]
        best: list[tuple[int, tuple, object]] = []
        for key, v in self.values.entered.items():
            if v is None:
                continue
            self.work.entered[key] = v + 1
            s1 = eq.sides(self.work)
            self.work.entered[key] = v
            if s1 is None:
                continue
            coef = (s1[0] - s1[1]) - r0
            if coef == 0:
                continue
            if isinstance(v, int) and not isinstance(r0, Decimal):
                q, rem = divmod(r0, coef)
                if rem:
                    continue
                new = v - q
            else:
                new = v - Decimal(r0) / Decimal(coef)
            if new < 0:
                continue
            status = self._status_with(key, new)
            if any(b is True and s is not True for b, s in zip(self.base, status)):
                continue  # breaks a relation that holds now
            fixed = sum(1 for b, s in zip(self.base, status) if b is False and s is True)
            best.append((fixed, key, new))
        if not best:
            return None
        top = max(b[0] for b in best)
        winners = [b for b in best if b[0] == top]
        if len(winners) != 1:
            return None
        return winners[0][1], winners[0][2]
