"""Where giar-gen's own data files are: the ``templates/`` folder.

Installed, it is the package ``giar_gen.templates`` (see pyproject.toml); run
from a source checkout without installing, it is ``templates/`` beside the
package.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


@cache
def templates() -> Traversable:
    try:
        return resources.files("giar_gen.templates")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "templates"
