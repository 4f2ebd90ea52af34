"""Turn the text of a part into headings and paragraphs.

Each non-empty line is a paragraph. A line that starts with a numbering
marker is a heading: "（一）" level 2, "1." level 3, "（1）" level 4. A short
line is a heading on its own; a line whose first sentence is short
("（一）加强组织机构建设。局领导高度重视……") starts with a run-in heading, the
way the seed reports print them.
"""

from __future__ import annotations

from giar_gen.document.tree import Heading, Paragraph, Run
from giar_gen.model.numbering import heading_level

#: A run-in heading (the first sentence of a numbered paragraph) is at most this long.
MAX_HEADING_CHARS = 40
#: A numbered line with no sentence end is a heading up to this length (seed 001 has a
#: 44-character one); longer, it is a paragraph that happens to be numbered.
MAX_STANDALONE_HEADING_CHARS = 64


def parse_text(text: str | None) -> list[Heading | Paragraph]:
    """Split a part's text into blocks (see the module docstring)."""
    blocks: list[Heading | Paragraph] = []
    if not text:
        return blocks
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        found = heading_level(line)
        if found is None:
            blocks.append(Paragraph((Run(line),)))
            continue
        level, marker = found
        stop = _first_sentence_end(line)
        if stop is None and len(line) <= MAX_STANDALONE_HEADING_CHARS and line[-1] not in "，；、：,;:":
            blocks.append(Heading(level=level, text=line[len(marker) :], number=marker))
        elif stop is not None and stop + 1 <= MAX_HEADING_CHARS and stop + 1 < len(line):
            role = {2: "heading2", 3: "heading3", 4: "heading4"}[level]
            blocks.append(Paragraph((Run(line[: stop + 1], role), Run(line[stop + 1 :]))))
        elif stop is not None and stop + 1 == len(line) and len(line) <= MAX_HEADING_CHARS:
            blocks.append(Heading(level=level, text=line[len(marker) :], number=marker))
        else:
            blocks.append(Paragraph((Run(line),)))
    return blocks


def _first_sentence_end(line: str) -> int | None:
    for i, ch in enumerate(line):
        if ch in "。！？":
            return i
    return None
