"""``giar-gen check``: the rule catalogue and its runner.

Import :func:`run_checks` to check a loaded report, :data:`RULES` for the
catalogue (code → :class:`Rule`), :func:`format_findings` /
:func:`findings_json` for output. The rules live in the modules of this
package, one small registered function each (see :mod:`.catalogue`).
"""

from __future__ import annotations

from giar_gen.checks import (  # noqa: F401  (register the rules)
    acks,
    crossyear,
    dates,
    outline,
    parts,
    prose,
    source,
    tables,
    text,
)
from giar_gen.checks.catalogue import GROUPS, RULES, CellRef, Context, Equation, Finding, Rule, rule, rules_in_order
from giar_gen.checks.output import explain_rule, findings_json, format_findings, format_rule_list, summary_line
from giar_gen.checks.runner import CheckResult, run_checks

__all__ = [
    "GROUPS",
    "RULES",
    "CellRef",
    "CheckResult",
    "Context",
    "Equation",
    "Finding",
    "Rule",
    "explain_rule",
    "findings_json",
    "format_findings",
    "format_rule_list",
    "rule",
    "rules_in_order",
    "run_checks",
    "summary_line",
]
