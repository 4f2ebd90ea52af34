"""Sub-heading markers of the report's prose: "（一）" level 2, "1." level 3, "（1）" level 4.

Shared by the document (which turns a numbered line into a heading) and the checks
(which look for gaps in the numbering), so both read the prose the same way.
"""

from __future__ import annotations

import re

_MARKERS = (
    (2, re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]")),
    (3, re.compile(r"^\d{1,2}(?:[.．、](?!\d))")),
)


def heading_level(line: str) -> tuple[int, str] | None:
    """``(level, marker)`` if ``line`` starts with a heading marker."""
    for level, pattern in _MARKERS:
        m = pattern.match(line)
        if m:
            return level, m.group(0)
    return None
