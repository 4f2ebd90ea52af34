"""Helpers for the rule tests: the clean 2023 example, edited copies of it,
and a 2019-edition (2020) report built from it."""

from __future__ import annotations

import re
from pathlib import Path

from giar_gen.checks import run_checks
from giar_gen.source.loader import load_report_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "2023-示例区市场监督管理局.yaml"


def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def edit(text: str, *pairs: tuple[str, str]) -> str:
    """Replace each ``old`` (which must occur) by ``new``, once."""
    for old, new in pairs:
        assert old in text, f"not in text: {old!r}"
        text = text.replace(old, new, 1)
    return text


def report(text: str, file: str = "t.yaml"):
    return load_report_text(text, file)


def check(text: str, previous: str | None = None, file: str = "t.yaml"):
    prev = load_report_text(previous, "last.yaml") if previous is not None else None
    return run_checks(report(text, file), prev)


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


def of(result, code: str) -> list:
    return [f for f in result.findings if f.code == code]


def at_year(text: str, year: int) -> str:
    """The example moved to another report year: year field, publication date
    and every mention of the report year in the text."""
    text = re.sub(r"(?m)^报告年度: \d{4}", f"报告年度: {year}", text)
    text = re.sub(r"(?m)^发布日期: \d{4}-", f"发布日期: {year + 1}-", text)
    return text.replace("2023年", f"{year}年")


PROACTIVE_2019 = """主动公开情况:
  规章: [0, 0, 0]
  规范性文件: [3, 3, 17]
  行政许可: [120, -8, 2846]
  其他对外管理服务事项: [30, 2, 410]
  行政处罚: [85, 0, 312]
  行政强制: [12, 1, 27]
  行政事业性收费: [4, 0]
  政府集中采购: [6, 35.2]
"""


def example_2019_edition(year: int = 2020) -> str:
    """The example as a report of ``year`` (2019 or 2020) with 2019-edition tables."""
    text = at_year(example_text(), year)
    start = text.index("主动公开情况:")
    end = text.index("申请办理情况:")
    text = text[:start] + PROACTIVE_2019 + text[end:]
    text = re.sub(r"    其他处理:\n(?:      .*\n)+", "    其他处理: [4, 1, 0, 0, 0, 0]\n", text)
    text = text.replace("，现行有效行政规范性文件17件", "")
    text = text.replace("全年制发行政规范性文件3件，废止1件", "全年制发规范性文件3件")
    text = text.replace("依据《政府信息公开信息处理费管理办法》，本年度我局未收取信息处理费。\n", "")
    return text
