"""Shared fixtures: the 2021-edition example and its three outputs, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2023-示例区市场监督管理局.yaml"


@pytest.fixture(scope="session")
def example_yaml() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def built_example(tmp_path_factory) -> dict[str, Path]:
    """The example built to DOCX, PDF and HTML: {"docx": path, "pdf": path, "html": path}."""
    from giar_gen.api import build_file

    out = tmp_path_factory.mktemp("example-build")
    result = build_file(EXAMPLE, out)
    return {p.suffix[1:]: p for p in result.written}
