"""The README's two set-up commands (issue 13.11) work on a Debian 12 / Ubuntu 24
system Python, which refuses `pip install .` (externally managed): giar-gen goes
into a virtual environment made by setup.sh, and .ci/run takes the same path."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
CI = (REPO / ".ci" / "run").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    block = re.search(r"<!-- section: setup -->.*?```bash\n(.*?)```", README, re.S).group(1)
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_readme_commands_install_into_a_virtual_environment():
    first, second = readme_commands()
    assert first.startswith("./setup.sh && .venv/bin/giar-gen build ")
    assert second == "bash .ci/run"
    assert "pip install" not in first  # the system Python is never asked to install
    assert "./setup.sh --test" in CI and 'PATH="$PWD/.venv/bin:$PATH"' in CI
    assert not re.search(r"^\s*python3 -m pip install", CI, re.M)
    for tool in ("poppler-utils", "libreoffice", "libpango"):  # CI still installs the system tools
        assert tool in CI


def _externally_managed_python() -> str:
    """Debian's own python3 (it carries the EXTERNALLY-MANAGED marker) when there
    is one, else this interpreter."""
    for candidate in ("/usr/bin/python3", sys.executable):
        if not Path(candidate).exists():
            continue
        out = subprocess.run(
            [candidate, "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"], capture_output=True, text=True
        )
        if out.returncode == 0 and (Path(out.stdout.strip()) / "EXTERNALLY-MANAGED").exists():
            return candidate
    return sys.executable


def test_first_readme_command_on_a_system_python(tmp_path):
    python = _externally_managed_python()
    marked = (Path(sysconfig.get_path("stdlib")) / "EXTERNALLY-MANAGED").exists() or python != sys.executable
    copy = tmp_path / "giar-gen"
    shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(".git", ".venv", "out", "__pycache__", ".pytest_cache"))
    if marked:  # what the README used to say fails there
        refused = subprocess.run(
            [python, "-m", "pip", "install", "--dry-run", "."], cwd=copy, capture_output=True, text=True
        )
        assert refused.returncode != 0 and "externally-managed-environment" in refused.stdout + refused.stderr
    env = dict(os.environ, PYTHON=python)
    env.pop("VIRTUAL_ENV", None)
    first = readme_commands()[0]  # exactly as written, with PYTHON naming the system Python
    done = subprocess.run(["sh", "-c", first], cwd=copy, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert {".docx", ".html", ".pdf"} <= {p.suffix for p in (copy / "out").iterdir()}
    assert (copy / ".venv" / "bin" / "giar-gen").exists()
