"""Fuzzing in CI (issue 11): a few hundred derandomised cases of hostile data files,
published reports and command lines, each answered with exit 0, 1 or 2, in Chinese,
located, and with nothing written on exit 2. ``scripts/fuzz.py`` runs thousands."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fuzz_harness import case, inputs_text, run_case, verdict
from hypothesis import HealthCheck, given, settings


@settings(max_examples=200, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(c=case())
def test_every_answer_is_located_chinese_and_safe(c, capsys):
    with tempfile.TemporaryDirectory() as tmp:
        rc, text, written = run_case(c, Path(tmp), capsys)
    problems = verdict(rc, text, written, inputs_text(c))
    assert not problems, (c.argv, problems, text[:2000])
