"""P-PLACEHOLDER: whatever giar-gen itself wrote as a placeholder blocks ``build``.

The marks come from :mod:`giar_gen.source.skeleton`, where the skeleton and
``init --from`` take them from, so a new mark cannot slip past the rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from giar_gen.api import check_file
from giar_gen.cli import main
from giar_gen.source.skeleton import (
    AGENCY_PLACEHOLDER,
    DRAFT_OPEN,
    PHONE_PLACEHOLDER,
    PLACEHOLDER,
    POSTCODE_PLACEHOLDER,
    draft_mark,
    skeleton_yaml,
)

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "2023-示例区市场监督管理局.yaml"

#: what an office writes over the skeleton's marks
FILLED = {
    AGENCY_PLACEHOLDER: "示例市示例区统计局",
    "××局办公室": "示例区统计局办公室",
    "××市××路××号": "示例市示例路8号",
    f'"{POSTCODE_PLACEHOLDER}"': '"510000"',
    PHONE_PLACEHOLDER: "020-12345678",
}


def _placeholder_findings(path: Path) -> list:
    return [f for f in check_file(path).findings if f.code == "P-PLACEHOLDER"]


@pytest.mark.parametrize("year", [2024, 2020, 2015])
def test_untouched_skeleton_is_refused(tmp_path, year):
    path = tmp_path / "new.yaml"
    assert main(["init", str(path), "--year", str(year)]) == 0
    found = _placeholder_findings(path)
    assert found and all(f.severity == "error" for f in found)
    actual = " ".join(f.message for f in found)
    for mark in (PLACEHOLDER, "××", POSTCODE_PLACEHOLDER, PHONE_PLACEHOLDER):
        assert f"「{mark}」" in actual, mark
    fields = {f.field for f in found}
    assert {"机关 → 名称", "联系方式 → 邮编", "联系方式 → 电话"} <= fields
    assert main(["build", str(path), "-o", str(tmp_path / "out"), "-f", "html"]) == 1
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("year", [2024, 2015])
def test_skeleton_builds_once_filled_in(tmp_path, year):
    text = skeleton_yaml(year)
    for old, new in FILLED.items():
        assert old in text, old
        text = text.replace(old, new)
    text = re.sub(
        re.escape(PLACEHOLDER) + r"(\S+?)。", r"本年度\1：全年工作平稳有序，依据有关规定未收取信息处理费。", text
    )
    path = tmp_path / "filled.yaml"
    path.write_text(text, encoding="utf-8")
    assert _placeholder_findings(path) == []
    assert main(["build", str(path), "-o", str(tmp_path / "out"), "-f", "html"]) == 0


def test_skeleton_comments_use_the_report_year():
    text = skeleton_yaml(2024)
    years = {int(y) for y in re.findall(r"(20\d\d)-\d\d-\d\d", text)}
    assert years == {2025}, years  # the examples of dates are the year after the report year


def test_draft_mark_blocks_build_and_can_be_acknowledged(tmp_path):
    data = EXAMPLE.read_text(encoding="utf-8")
    marked = data.replace("  总体情况: |\n", "  总体情况: |\n    " + draft_mark(2022, 2023) + "\n", 1)
    assert marked != data
    path = tmp_path / "draft.yaml"
    path.write_text(marked, encoding="utf-8")
    found = _placeholder_findings(path)
    assert [f.field for f in found] == ["正文 → 总体情况"]
    assert found[0].severity == "error" and "草稿" in found[0].message
    assert main(["build", str(path), "-o", str(tmp_path / "out"), "-f", "html"]) == 1
    acked = marked + "\n已确认:\n  - 规则: P-PLACEHOLDER\n    理由: 内部审阅稿，保留标记\n"
    path.write_text(acked, encoding="utf-8")
    assert main(["build", str(path), "-o", str(tmp_path / "out"), "-f", "html"]) == 0


def test_init_from_marks_every_carried_text(tmp_path):
    out = tmp_path / "2024.yaml"
    assert main(["init", str(out), "--from", str(EXAMPLE)]) == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    found = _placeholder_findings(out)
    assert {f.field for f in found} == {f"正文 → {k}" for k in data["正文"]} | {"引言"}
    assert all(DRAFT_OPEN in v for v in [data["引言"], *data["正文"].values()])
    assert all(f.severity == "error" for f in found)


def test_real_names_are_not_placeholders(tmp_path):
    """A real postcode or a phone number with zeros is not a placeholder."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    assert _placeholder_findings(EXAMPLE) == []
    text = EXAMPLE.read_text(encoding="utf-8").replace(data["联系方式"]["电话"], "0000-00000001")
    path = tmp_path / "phone.yaml"
    path.write_text(text, encoding="utf-8")
    assert _placeholder_findings(path) == []
