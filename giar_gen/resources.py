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


def load_data(entry: Traversable):
    """A YAML file of giar-gen's own (table editions, layouts), parsed.

    With libyaml's parser where PyYAML has it (the Python one takes about 30 ms
    for the files every build reads, a tenth of a report's PDF); both give the
    same data (tested). A user's data file is read by
    :mod:`giar_gen.source.yamlsource` instead, which locates every error.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(entry.read_text(encoding="utf-8"), Loader=loader)
