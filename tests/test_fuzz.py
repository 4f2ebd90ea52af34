"""Fuzzing in CI (issue 11): a few hundred derandomised cases of hostile data files,
published reports and command lines, each answered with exit 0, 1 or 2, in Chinese,
located, and with nothing written on exit 2. ``scripts/fuzz.py`` runs thousands."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fuzz_harness import case, inputs_text, run_case, verdict
from hypothesis import HealthCheck, given, settings


@settings(max_examples=200, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(c=case())
def test_every_answer_is_located_chinese_and_safe(c, capsys):
    with tempfile.TemporaryDirectory() as tmp:
        rc, text, written = run_case(c, Path(tmp), capsys)
    problems = verdict(rc, text, written, inputs_text(c))
    assert not problems, (c.argv, problems, text[:2000])


def test_verdict_tells_bad_answers():
    """The judge itself: each kind of bad answer is caught; the user's own text is not held against us."""
    ok = "/d/a.yaml:3:5: 错误 [Y003] 机关 → 类型：「机关类型」只能填写 部门、其他，实际为「yes」"
    assert verdict(2, ok, []) == []
    assert verdict(3, "giar-gen 内部错误：ValueError", [])
    assert verdict(2, "/d/a.yaml:3:5: 错误 [Y003] Input should be a valid boolean", [])
    assert verdict(2, "/d/a.yaml:3:5: 错误 [Y003] 正文 → datetime.date(2023, 1, 1)：键", [], "2023-01-01: 文字")
    assert verdict(2, "/d/a.yaml: 错误 [Y003] 应填写数字", [])
    assert verdict(2, ok, ["r.html"])
    users = "/d/a.yaml:15:1: 错误 [Y002] None  层级：未知的字段「None  层级」"
    assert verdict(2, users, [], "None  层级: 省级") == []
