"""The package's shape: stages in folders, small modules, the rules configured for CI."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "giar_gen"
MAX_LINES = 600


def test_no_module_over_600_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_stage_folder_says_what_enters_and_leaves():
    for init in PACKAGE.glob("*/__init__.py"):
        doc = init.read_text(encoding="utf-8").lstrip()
        assert doc.startswith('"""'), f"{init} has no docstring"


def test_layers_contract_names_every_stage():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["type"] == "layers")
    named = {name.strip(" ()") for line in layers["layers"] for name in line.split("|")}
    stages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert stages | modules <= named | {"__main__"}
    assert any(c["type"] == "acyclic_siblings" for c in contracts)


def test_every_format_has_a_writer():
    from giar_gen.writers import FORMATS, WRITERS

    assert set(FORMATS) == set(WRITERS)


def test_every_package_is_installed():
    """pyproject's package list names every package folder (a missing one is absent from a
    plain ``pip install .`` although the tests, run from the source tree, still pass)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in PACKAGE.rglob("__init__.py")}
    assert found <= listed
