"""``python -m giar_gen.cli``."""

from giar_gen.cli import run

run()
