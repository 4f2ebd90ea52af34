"""``python -m giar_gen.cli``."""

import sys

from giar_gen.cli import main

sys.exit(main())
