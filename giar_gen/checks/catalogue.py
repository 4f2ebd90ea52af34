"""The rule catalogue: one :class:`Rule` record per rule, registered by :func:`rule`.

A rule is a small function that takes a :class:`Context` and yields either
:class:`Finding` objects (built with :meth:`Context.finding`) or, for the
arithmetic of one table, :class:`Equation` objects: the runner evaluates the
equations, reports those that do not hold and, using every equation of the
table together, names the cell most likely wrong.

Adding a rule::

    @rule("T2-XYZ", "warning", "一行说明", source="依据", cells="涉及的单元格",
          example="例子")
    def my_rule(ctx):
        ...
        yield ctx.finding("……", path=(...))

Codes are stable and grouped by prefix: ``T2``/``T3``/``T4`` the tables 二、三、四,
``X`` cross-year (needs ``--previous``), ``P`` parts, layout and edition,
``D`` dates, ``W`` wording of the text, ``A`` the acknowledgements themselves.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from giar_gen.diagnostics import Diagnostic, Location
from giar_gen.model.references import TextField, text_location
from giar_gen.model.report import Number, Report, TableValues, format_number

Severity = Literal["error", "warning", "info"]

#: what a finding is: a problem found, or a rule that could not be applied
#: ("无法判断": the report does not say what the rule needs, e.g. no 发布日期)
STATUS_FOUND, STATUS_NOT_ASSESSABLE = "finding", "not_assessable"
#: where a finding comes from: the report itself, or the import's uncertainty
#: (a cell the reader could not place is not the agency's error)
ORIGIN_REPORT, ORIGIN_IMPORT = "report", "import"

#: what a rule may need that a published report does not always say (see :attr:`Rule.needs`)
NEEDS = {"发布日期": "发布日期", "机关": "机关名称和类型", "报告年度": "报告年度"}

GROUPS: dict[str, str] = {
    "T2": "表二 主动公开政府信息情况",
    "T3": "表三 收到和处理政府信息公开申请情况",
    "T4": "表四 政府信息公开行政复议、行政诉讼情况",
    "X": "跨年度（需要 --previous 上一年度数据文件）",
    "P": "组成部分、版式与表格版本",
    "D": "日期",
    "W": "正文文字",
    "A": "已确认条目",
    "S": "数据文件的写法",
}


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str  # one line, Chinese
    source: str  # what the rule rests on
    cells: str  # the cells or fields it involves
    example: str  # shown by ``giar-gen rules CODE``
    func: Callable[[Context], Iterable]
    needs_previous: bool = False
    after: bool = False  # runs after the others and sees their findings (ctx.findings)
    #: facts the rule cannot do without (keys of :data:`NEEDS`): when the report
    #: does not say one, the rule reports "无法判断" with the reason instead of running
    needs: tuple[str, ...] = ()

    @property
    def group(self) -> str:
        return self.code.split("-", 1)[0]


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    severity: Severity,
    title: str,
    *,
    source: str,
    cells: str,
    example: str,
    needs_previous: bool = False,
    after: bool = False,
    needs: tuple[str, ...] = (),
):
    """Register the decorated function as rule ``code``."""

    def register(func):
        if code in RULES:
            raise ValueError(f"duplicate rule code {code}")
        if code.split("-", 1)[0] not in GROUPS:
            raise ValueError(f"unknown rule group in {code}")
        if any(n not in NEEDS for n in needs):
            raise ValueError(f"unknown need in {code}: {needs}")
        RULES[code] = Rule(
            code, severity, title, source, cells, example.strip("\n"), func, needs_previous, after, tuple(needs)
        )
        return func

    return register


# ---------------------------------------------------------------------------
# findings


@dataclass
class CellRef:
    """A table cell named in a finding, with its printed position and value."""

    table: str  # table key as in YAML (申请办理情况)
    row: str
    column: str
    label: str  # printed position: 「…」行「…」列
    value: Number | None
    location: Location | None = None
    computed: bool = False
    year: int | None = None  # set when the cell is from another year's report

    def text(self) -> str:
        v = "未填写" if self.value is None else format_number(self.value)
        extra = "（自动计算）" if self.computed else ""
        where = ""
        if self.location is not None and self.location.line:
            where = f"（{self.location}）" if self.year is not None else f"（第 {self.location.line} 行）"
        year = f"{self.year}年度 " if self.year is not None else ""
        return f"{year}{self.table}{self.label} = {v}{extra}{where}"

    def to_dict(self) -> dict:
        loc = self.location
        return {
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "label": self.label,
            "value": None if self.value is None else (self.value if isinstance(self.value, int) else str(self.value)),
            "computed": self.computed,
            "year": self.year,
            "file": loc.file if loc else None,
            "line": loc.line if loc else None,
            "column_number": loc.column if loc else None,
        }


@dataclass
class Finding(Diagnostic):
    """A diagnostic produced by a rule: adds the rule's title and source, the
    cells involved (with values) and the cell most likely wrong."""

    title: str = ""
    source: str = ""
    cell_refs: list[CellRef] = field(default_factory=list)
    suspect: CellRef | None = None
    status: str = STATUS_FOUND  # or STATUS_NOT_ASSESSABLE ("无法判断")
    origin: str = ORIGIN_REPORT  # or ORIGIN_IMPORT (the import's uncertainty, not the report)

    def to_dict(self) -> dict:
        d = super().to_dict()
        d.update(
            {
                "status": self.status,
                "origin": self.origin,
                "rule": self.code,
                "title": self.title,
                "source": self.source,
                "cell_refs": [c.to_dict() for c in self.cell_refs],
                "suspect": self.suspect.to_dict() if self.suspect else None,
            }
        )
        return d

    @property
    def blocking(self) -> bool:
        return self.acknowledged is None


@dataclass
class Equation:
    """``Σ lhs = Σ rhs`` over cells ``(row id, column id)`` of one table.

    ``lhs_name``/``rhs_name`` describe each side for the message; the right
    side is what the left side should equal ("应为"), the left side what was
    found ("实际").
    """

    table: str  # table id
    lhs: tuple[tuple[str, str], ...]
    rhs: tuple[tuple[str, str], ...]
    subject: str  # e.g. 「自然人」列
    lhs_name: str
    rhs_name: str
    rule: Rule | None = None

    def sides(self, values: TableValues) -> tuple[Number, Number] | None:
        vals = [values.value(r, c) for r, c in self.lhs + self.rhs]
        if any(v is None for v in vals):
            return None
        n = len(self.lhs)
        return sum(vals[:n]), sum(vals[n:])  # type: ignore[arg-type]

    def holds(self, values: TableValues) -> bool | None:
        s = self.sides(values)
        return None if s is None else s[0] == s[1]


# ---------------------------------------------------------------------------
# context given to rules


@dataclass
class Context:
    report: Report
    previous: Report | None = None
    rule: Rule | None = None
    findings: list[Finding] = field(default_factory=list)  # for rules with after=True
    _fields: list[TextField] | None = None

    # -- tables ---------------------------------------------------------------
    def table(self, table_id: str, report: Report | None = None) -> TableValues | None:
        rep = report or self.report
        if rep.edition is None:
            return None
        return rep.tables.get(table_id)

    def cell(self, values: TableValues, row_id: str, col_id: str, report: Report | None = None) -> CellRef:
        rep = report or self.report
        t = values.table
        entered = values.entered.get((row_id, col_id))
        v = values.value(row_id, col_id)
        return CellRef(
            table=t.key,
            row=row_id,
            column=col_id,
            label=t.describe(row_id, col_id),
            value=v,
            location=self.cell_location(values, row_id, col_id, rep),
            computed=entered is None and v is not None,
            year=rep.year if rep is not self.report else None,
        )

    def cell_location(
        self, values: TableValues, row_id: str, col_id: str, report: Report | None = None
    ) -> Location | None:
        rep = report or self.report
        smap = rep.source
        if smap is None:
            return None
        path = values.paths.get((row_id, col_id))
        if path is None:  # a computed cell: point at its row if the file has it
            path = next((p for (r, _), p in values.paths.items() if r == row_id), None)
            if path is not None and isinstance(path[-1], int):
                path = path[:-1]
        if path is None:
            return None
        return smap.location(path)

    def table_path(self, values: TableValues, report: Report | None = None) -> tuple:
        rep = report or self.report
        if values.paths:
            return next(iter(values.paths.values()))[:1]
        smap = rep.source
        for k in (values.table.key, values.table.id):
            if smap is not None and (k,) in smap.values:
                return (k,)
        return ()

    # -- text -----------------------------------------------------------------
    def texts(self) -> list[TextField]:
        """The intro and part texts, references filled in."""
        if self._fields is None:
            from giar_gen.model.references import narrative_fields

            self._fields, _ = narrative_fields(self.report)
        return self._fields

    def text_location(self, f: TextField, offset_in_filled: int) -> Location:
        off = f.substituted.original_offset(offset_in_filled)
        return text_location(self.report.source, f.path, f.original, off)

    def location(self, path: tuple, key: bool = False, report: Report | None = None) -> Location | None:
        rep = report or self.report
        return rep.source.location(path, key=key) if rep.source is not None else None

    def field_location(self, *names) -> tuple[tuple, Location | None]:
        """Path and location of a top-level field given as (alias, name) pairs."""
        from giar_gen.model.references import yaml_path

        p = yaml_path(self.report, *names)
        return p, self.location(p)

    def unknown(self, *needs: str) -> str | None:
        """Why the report does not say one of ``needs`` (keys of :data:`NEEDS`), or ``None``."""
        for n in needs:
            if n in self.report.unknown:
                return self.report.unknown[n]
        return None

    # -- findings -------------------------------------------------------------
    def not_assessable(self, reason: str, **kw) -> Finding:
        """A "无法判断" result of the current rule: it could not be applied, and why."""
        f = self.finding(reason, **kw)
        return dataclasses.replace(
            f,
            severity="info",
            status=STATUS_NOT_ASSESSABLE,
            origin=ORIGIN_IMPORT if self.report.unknown else ORIGIN_REPORT,
        )

    def finding(
        self,
        message: str,
        *,
        location: Location | None = None,
        path: tuple | None = None,
        field: str = "",
        cells: Iterable[CellRef] = (),
        expected=None,
        actual=None,
        hint: str | None = None,
        suspect: CellRef | None = None,
    ) -> Finding:
        assert self.rule is not None
        if location is None and path is not None:
            location = self.location(path)
        if location is None:
            location = self.location(())
        if not field and path:
            field = " → ".join(str(p) for p in path if not isinstance(p, int))
        cells = list(cells)
        return Finding(
            code=self.rule.code,
            severity=self.rule.severity,
            message=message,
            location=location,
            field=field,
            cells=[c.text() for c in cells],
            expected=None if expected is None else str(expected),
            actual=None if actual is None else str(actual),
            hint=hint,
            title=self.rule.title,
            source=self.rule.source,
            cell_refs=cells,
            suspect=suspect,
        )


def with_suspect(f: Finding, suspect: CellRef | None) -> Finding:
    return dataclasses.replace(f, suspect=suspect)


def rules_in_order() -> Iterator[Rule]:
    """Rules by group (in :data:`GROUPS` order), then by code."""
    order = {g: i for i, g in enumerate(GROUPS)}
    yield from sorted(RULES.values(), key=lambda r: (order[r.group], r.code))
