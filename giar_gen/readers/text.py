"""Reader for text copied from a web page (the seed reports are exactly that).

Such text has lost its markup and carries debris from the copy:

* tables are flattened to one line per row, cells separated by ``|``, with
  runs of ``|||`` where merged cells were;
* stray ``?`` characters where the page had non-breaking spaces or characters
  the copy could not encode (``?0``, ``0?``, a line of ``???``).

Each non-empty line becomes a :class:`TextBlock`; consecutive lines with
``|`` become one :class:`TableBlock` whose cells have no spans. Blank lines
between two table lines do not split the table.

Markdown, as OCR tools and PDF extractors write it, is read too: a row
``| a | b |  |`` has its outer pipes as delimiters (the empty cell inside
stays a blank cell), the ``|---|---|`` separator line is dropped, and a
``## 标题`` line is a heading (``#`` a title) without its hashes.
"""

from __future__ import annotations

import re
from pathlib import Path

from giar_gen.limits import MAX_REPORT_BYTES, MAX_ROW_CELLS, read_limited
from giar_gen.readers import RawCell, RawDocument, TableBlock, TextBlock, decode_bytes

PIPES = "|｜"

# A "?" is copy debris when it stands next to a space, a digit, a cell
# separator or another "?", or at the start of a line; a "?" after a letter
# or a Chinese character (a real question, a URL query) is kept.
_QMARK_RUN = re.compile(r"\?{2,}")
_QMARK_DEBRIS = re.compile(r"(?:^|(?<=[\s\d|｜]))\?|\?(?=\d)")


def clean_line(line: str) -> str:
    """Remove the copy debris from one line (the replacement character and stray ``?``)."""
    line = line.replace("\ufffd", "")
    line = _QMARK_RUN.sub("", line)
    return _QMARK_DEBRIS.sub("", line)


def split_row(line: str, line_no: int) -> list[RawCell]:
    """The cells of a flattened table row, each with its column in the line."""
    cells: list[RawCell] = []
    start = 0
    for i, ch in enumerate(line + "|"):
        if ch in PIPES or i == len(line):
            chunk = line[start:i]
            stripped = chunk.strip()
            col = start + (len(chunk) - len(chunk.lstrip())) + 1
            cells.append(RawCell(stripped, pos=(line_no, col)))
            start = i + 1
    # a trailing separator ends the row; it does not open an empty cell
    if line.rstrip().endswith(tuple(PIPES)) and cells and not cells[-1].text:
        cells.pop()
    return cells


_MD_SEPARATOR = re.compile(r"^\s*[|｜]?\s*:?-{2,}:?\s*(?:[|｜]\s*:?-{2,}:?\s*)*[|｜]?\s*$")
_MD_HEADING = re.compile(r"^\s*(#{1,6})\s+(.*\S)\s*#*\s*$")


def read_text(path: Path) -> RawDocument:
    text = decode_bytes(read_limited(path, MAX_REPORT_BYTES, "报告文件"))
    return parse_text(text, path)


def parse_text(text: str, path: Path) -> RawDocument:
    doc = RawDocument(path=path, format="text", source=text)
    table: TableBlock | None = None
    for n, raw in enumerate(text.split("\n"), start=1):  # lines as "\n" ends them (positions)
        raw = raw.rstrip("\r")
        line = clean_line(raw)
        if not line.strip():
            continue
        if _MD_SEPARATOR.match(line) and any(p in line for p in PIPES):
            continue  # markdown's |---|---| under a header row
        if any(p in line for p in PIPES) and sum(line.count(p) for p in PIPES) <= MAX_ROW_CELLS:
            lead = len(line) - len(line.lstrip())
            if line[lead : lead + 1] in PIPES:  # markdown: the outer pipes are delimiters
                row = split_row(line[lead + 1 :], n)
                for c in row:
                    if c.pos is not None:
                        c.pos = (n, (c.pos[1] or 0) + lead + 1)
            else:
                row = split_row(line, n)
            if table is None:
                table = TableBlock(rows=[], pos=(n, 1), spans=False)
                doc.blocks.append(table)
            table.rows.append(row)
            continue
        table = None
        stripped = line.strip()
        col = len(line) - len(line.lstrip()) + 1
        m = _MD_HEADING.match(line)
        if m:
            hint = "title" if len(m.group(1)) == 1 else "heading"
            doc.blocks.append(
                TextBlock(m.group(2).strip(), pos=(n, col + line.lstrip().index(m.group(2)[0])), hint=hint)
            )
            continue
        doc.blocks.append(TextBlock(stripped, pos=(n, col)))
    return doc
