"""Reader for Word files (ours and other people's), via python-docx's XML tree.

The body is read in order: each paragraph is a line of text (a line break
inside a paragraph starts a new line), each table a :class:`TableBlock`.
Merged cells are read from the Word markup itself, because python-docx's
``row.cells`` repeats a merged cell once per grid column:

* ``w:gridSpan`` is the cell's column span;
* ``w:vMerge w:val="restart"`` starts a vertical merge, a bare ``w:vMerge``
  continues the cell above in the same grid column (its rowspan grows and the
  continuation is not a cell of its own);
* ``w:gridBefore`` (cells missing at the start of a row) shifts the grid.

Content controls (``w:sdt``) are looked into; deleted revisions, field codes
and text boxes' duplicates are not read. The paragraph style gives a hint:
"Title" is a title, "Heading n" a heading. The core properties give the
title, author and, for files giar-gen wrote, the publication date.
"""

from __future__ import annotations

import io
from pathlib import Path

from giar_gen.limits import MAX_DOCX_BYTES, MAX_DOCX_INFLATED, read_limited
from giar_gen.readers import RawCell, RawDocument, ReaderError, TableBlock, TextBlock

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _q(tag: str) -> str:
    return W + tag


def _val(el, tag: str) -> str | None:
    if el is None:
        return None
    child = el.find(_q(tag))
    if child is None:
        return None
    return child.get(_q("val"), "")


def paragraph_lines(p) -> list[str]:
    """The lines of a ``w:p``: its text, split at explicit line breaks."""
    lines = [""]
    for el in p.iter():
        tag = el.tag
        if tag == _q("t"):
            lines[-1] += el.text or ""
        elif tag == _q("tab"):
            lines[-1] += " "
        elif tag in (_q("br"), _q("cr")):
            if el.get(_q("type")) in (None, "textWrapping"):
                lines.append("")
        elif tag == _q("noBreakHyphen"):
            lines[-1] += "-"
    return [line.replace("\xa0", " ").strip() for line in lines]


def _iter_body(parent):
    """Paragraphs and tables of a body or cell in order, through content controls."""
    for el in parent:
        if el.tag in (_q("p"), _q("tbl")):
            yield el
        elif el.tag == _q("sdt"):
            content = el.find(_q("sdtContent"))
            if content is not None:
                yield from _iter_body(content)
        elif el.tag in (_q("customXml"), _q("smartTag")):
            yield from _iter_body(el)


def _cell_text(tc) -> str:
    parts = []
    for el in _iter_body(tc):
        if el.tag == _q("p"):
            parts.append("".join(paragraph_lines(el)))
        else:
            parts.append(" ".join(c.text for row in _table_rows(el) for c in row if c.text))
    return "".join(parts).strip()


#: Widest span a cell may claim (Word allows 63 grid columns).
_MAX_SPAN = 64


def _count(text: str | None, default: int) -> int:
    """A span or a count of grid columns as Word writes it; a damaged value
    ("abc", "-5x", a billion) is read as ``default`` or capped, never raises."""
    try:
        n = int((text or "").strip())
    except ValueError:
        return default
    return min(max(n, default), _MAX_SPAN)


def _table_rows(tbl) -> list[list[RawCell]]:
    """Rows of physical cells with their spans, from ``gridSpan`` and ``vMerge``."""
    rows: list[list[RawCell]] = []
    open_cells: dict[int, RawCell] = {}  # grid column → the cell a vMerge continues
    for tr in tbl.findall(_q("tr")):
        row: list[RawCell] = []
        trpr = tr.find(_q("trPr"))
        col = _count(_val(trpr, "gridBefore"), 0)
        header = trpr is not None and trpr.find(_q("tblHeader")) is not None
        for tc in tr.findall(_q("tc")):
            tcpr = tc.find(_q("tcPr"))
            span = _count(_val(tcpr, "gridSpan"), 1)
            vmerge = _val(tcpr, "vMerge")
            if vmerge is not None and vmerge != "restart" and col in open_cells:
                open_cells[col].rowspan += 1
            else:
                cell = RawCell(_cell_text(tc), colspan=span, header=header)
                row.append(cell)
                if vmerge == "restart":
                    open_cells[col] = cell
                else:
                    open_cells.pop(col, None)
            col += span
        rows.append(row)
    return rows


def _style_names(document) -> dict[str, str]:
    names = {}
    for style in document.styles:
        try:
            names[style.style_id] = style.name or ""
        except (AttributeError, ValueError):
            continue
    return names


def _block_lines(doc: RawDocument) -> str:
    """One line per body block (paragraph text, or a table's cells joined by
    " | "), so that "line" n of a position is the n-th block."""
    lines: dict[int, list[str]] = {}
    for b in doc.blocks:
        n = b.pos[0] if b.pos else 0
        if isinstance(b, TableBlock):
            lines.setdefault(n, []).append(" | ".join(c.text for row in b.rows for c in row))
        else:
            lines.setdefault(n, []).append(b.text)
    last = max(lines, default=0)
    return "\n".join(" ".join(lines.get(i, [])) for i in range(1, last + 1))


def _application(document) -> str:
    """The program that wrote the file (``docProps/app.xml``), if it says."""
    import re

    for part in document.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            m = re.search(rb"<Application>([^<]*)</Application>", part.blob)
            return m.group(1).decode("utf-8", "replace").strip() if m else ""
    return ""


def _refuse_bomb(data: bytes, path: Path) -> None:
    """Refuse a .docx whose parts would inflate beyond :data:`MAX_DOCX_INFLATED`,
    judged from the sizes its zip directory declares, before inflating anything
    (the zip module never inflates a part beyond its declared size)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            total = sum(max(i.file_size, 0) for i in z.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ReaderError(
            f"「{path}」不是可读取的 Word（.docx）文件（文件已损坏，或不是 .docx 格式；"
            "旧版 .doc 文件请在 Word/WPS 中另存为 .docx）"
        ) from None
    if total > MAX_DOCX_INFLATED:
        raise ReaderError(
            f"「{path}」解压后有 {total // (1024 * 1024)} MB，超过上限 "
            f"{MAX_DOCX_INFLATED // (1024 * 1024)} MB，未读取（可能是“压缩炸弹”）"
        )


def read_docx(path: Path) -> RawDocument:
    from docx import Document as open_docx
    from docx.opc.exceptions import PackageNotFoundError

    damaged = (
        f"「{path}」不是可读取的 Word（.docx）文件（文件已损坏，或不是 .docx 格式；"
        "旧版 .doc 文件请在 Word/WPS 中另存为 .docx）"
    )
    data = read_limited(path, MAX_DOCX_BYTES, "报告文件")  # a missing file is an OSError, told as such by the caller
    _refuse_bomb(data, path)
    try:
        document = open_docx(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError):
        raise ReaderError(damaged) from None
    except Exception as exc:  # zipfile.BadZipFile, lxml errors: a damaged file
        if isinstance(exc, OSError):
            raise
        raise ReaderError(damaged) from None
    styles = _style_names(document)
    doc = RawDocument(path=path, format="docx")
    for n, el in enumerate(_iter_body(document.element.body), start=1):
        if el.tag == _q("tbl"):
            rows = _table_rows(el)
            head = 0
            for row in rows:
                for c in row:
                    c.pos = (n, None)
            while head < len(rows) and rows[head] and all(c.header for c in rows[head]):
                head += 1
            doc.blocks.append(TableBlock(rows=rows, pos=(n, None), spans=True, head=head))
            continue
        ppr = el.find(_q("pPr"))
        style = (styles.get(_val(ppr, "pStyle") or "", "") or "").lower()
        hint = "title" if style == "title" else ("heading" if style.startswith("heading") else "para")
        lines = paragraph_lines(el)
        if hint == "title":
            lines = ["".join(lines)]  # a title broken over lines for typesetting is one title
        for line in lines:
            if line:
                doc.blocks.append(TextBlock(line, pos=(n, None), hint=hint))  # type: ignore[arg-type]
    doc.source = _block_lines(doc)
    cp = document.core_properties
    if cp.title:
        doc.meta["title"] = cp.title.strip()
    if cp.author:
        doc.meta["author"] = cp.author.strip()
    ours = (cp.comments or "").strip() == "giar-gen" or _application(document) == "giar-gen"
    if ours:
        doc.meta["generator"] = "giar-gen"
    if cp.created is not None:
        # giar-gen stamps the publication date; other files carry the day they were made
        doc.meta["date" if ours else "created"] = cp.created.date().isoformat()
    return doc
