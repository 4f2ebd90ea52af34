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
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "templates" / "report.html.j2").is_file():
        # a source checkout uses its own templates, even where an editable install
        # of another checkout maps the package ``giar_gen.templates`` elsewhere
        return checkout / "templates"
    try:
        return resources.files("giar_gen.templates")
    except ModuleNotFoundError:
        return checkout / "templates"
