"""The Jinja2 environment for giar-gen's own templates (``templates/``).

Only our templates are compiled. User text reaches them as data, escaped by
autoescape; it is never compiled as a template.
"""

from __future__ import annotations

from functools import cache

import jinja2

from giar_gen.resources import templates


def read_template_file(name: str) -> str:
    return (templates() / name).read_text(encoding="utf-8")


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(read_template_file),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


@cache
def css_environment() -> jinja2.Environment:
    """For the stylesheets: no HTML escaping (font names are ours, quoted by us)."""
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(read_template_file),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
    )
