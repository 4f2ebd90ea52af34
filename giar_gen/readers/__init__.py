"""Readers: what a published report contains, before it is understood.

A reader turns a file (copied web text, a saved web page, a Word file, a PDF) into a
:class:`RawDocument`: a flat list of text lines (:class:`TextBlock`) and tables
(:class:`TableBlock`, cells with their row and column spans), each with its
position in the file, plus whatever metadata the file carries (page title,
author, dates). Readers do not interpret anything: finding the title, the
parts and the official tables is the importer's job (``giar_gen.importer.core``),
so all three formats are understood by the same code.

Positions are ``(line, column)``, 1-based: lines of the text file or of the
HTML source; for DOCX the "line" is the number of the paragraph or table in
the body (the n-th block), and there is no column; for PDF the "line" is a
line of the extracted text (one per paragraph and one per table row).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from giar_gen.diagnostics import os_reason
from giar_gen.limits import MAX_REPORT_CHARS, MAX_TABLE_CELLS, LimitError

Pos = tuple[int, int | None] | None

#: File name suffixes each reader accepts.
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
DOCX_SUFFIXES = (".docx",)
PDF_SUFFIXES = (".pdf",)
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES + PDF_SUFFIXES


@dataclass
class TextBlock:
    """One line of running text. ``hint`` is what the file's markup says the
    line is (a title, a heading, an ordinary paragraph), when it says so."""

    text: str
    pos: Pos = None
    hint: Literal["title", "heading", "para"] = "para"
    #: where a PDF prints it (0 when the reader cannot say): see :data:`COLUMNS`
    column: int = 0
    page: int = 0
    end_page: int = 0  # the page of its last line, when a paragraph runs over a page break


@dataclass
class RawCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    pos: Pos = None
    header: bool = False  # a <th> or a cell of a repeated header row


@dataclass
class TableBlock:
    """A table as printed: rows of physical cells. ``spans`` is False when the
    source cannot say which cells were merged (tables flattened to text)."""

    rows: list[list[RawCell]]
    pos: Pos = None
    spans: bool = True
    head: int = 0  # leading rows the markup marks as the header (<thead>, repeated header rows)
    column: int = 0  # see :data:`COLUMNS`
    page: int = 0


Block = TextBlock | TableBlock

#: ``column`` of a block: 0 across the page (or a page in one column, or a
#: format without pages), 1 the left and 2 the right column of a page printed
#: in two columns. A comparison that prints two reports side by side is told
#: apart by the importer from these (``giar_gen.importer.sidebyside``).
COLUMNS = {0: "通栏", 1: "左栏", 2: "右栏"}


@dataclass
class RawDocument:
    path: Path
    format: Literal["text", "html", "docx", "pdf"]
    blocks: list[Block] = field(default_factory=list)
    #: ``title`` (page or document title), ``author``, ``date`` (publication
    #: date as written in the metadata), ``generator`` (``giar-gen`` for our own files)
    meta: dict[str, str] = field(default_factory=dict)
    #: the text the positions count lines in ("\n" ends a line): the decoded
    #: file for text and HTML; for DOCX one line per body block (its text)
    source: str = ""


class ReaderError(Exception):
    """A file that cannot be read at all (message in Chinese)."""


def read_document(path: str | Path) -> RawDocument:
    """Read ``path`` with the reader its suffix names."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix in HTML_SUFFIXES:
            from giar_gen.readers.html import read_html

            return _with_text(read_html(path))
        if suffix in DOCX_SUFFIXES:
            from giar_gen.readers.docx import read_docx

            return _with_text(read_docx(path))
        if suffix in TEXT_SUFFIXES:
            from giar_gen.readers.text import read_text

            return _with_text(read_text(path))
        if suffix in PDF_SUFFIXES:
            from .pdf import read_pdf

            return _with_text(read_pdf(path))
    except OSError as exc:
        raise ReaderError(f"无法读取文件「{path}」：{os_reason(exc)}") from None
    except LimitError as exc:
        raise ReaderError(str(exc)) from None
    raise ReaderError(
        f"不认识的文件类型「{path.suffix or path.name}」：可导入网页（.html/.htm）、"
        "从网页复制的文字（.txt）、Word 文件（.docx）或带文字的 PDF 文件（.pdf）"
    )


def _with_text(doc: RawDocument) -> RawDocument:
    """A document with no text at all cannot be imported: say so rather than
    write an empty data file. Nor can one with more text or table cells than
    any report has (:data:`giar_gen.limits.MAX_REPORT_CHARS`, :data:`MAX_TABLE_CELLS`)."""
    chars = cells = 0
    for block in doc.blocks:
        if isinstance(block, TextBlock):
            chars += len(block.text)
        else:
            cells += sum(len(row) for row in block.rows)
            chars += sum(len(c.text) for row in block.rows for c in row)
    if chars > MAX_REPORT_CHARS or cells > MAX_TABLE_CELLS:
        raise ReaderError(
            f"「{doc.path.name}」中有 {chars} 个字、{cells} 个表格单元格，超过一份报告的上限"
            f"（{MAX_REPORT_CHARS} 个字、{MAX_TABLE_CELLS} 格），未读取"
        )
    for block in doc.blocks:
        if isinstance(block, TextBlock) and block.text.strip():
            return doc
        if isinstance(block, TableBlock) and any(c.text.strip() for row in block.rows for c in row):
            return doc
    hint = "（网页的正文可能由脚本加载：请在浏览器中打开后复制文字，存为 .txt 再导入）" if doc.format == "html" else ""
    raise ReaderError(f"「{doc.path.name}」中没有找到任何文字{hint}")


#: Characters that do not occur in text: C0 controls other than tab, line
#: breaks and form feed, and U+FFFD, which decoding puts for undecodable bytes.
_BINARY = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def _refuse_binary(text: str) -> str:
    sample = text[:100_000]
    if "\x00" in sample or len(_BINARY.findall(sample)) > max(8, len(sample) // 100):
        raise ReaderError(
            "文件内容不是文字：含有大量二进制数据（可能是别的格式的文件改了扩展名，"
            "如 .doc 或 .pdf；请另存为 .docx、网页或纯文本再导入）"
        )
    return text


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Text of a file whose encoding is not known for sure: a BOM, the
    declared charset, UTF-8, then GB 18030 (a superset of GBK and GB 2312,
    the encodings of most older Chinese government pages)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _refuse_binary(data[3:].decode("utf-8", errors="replace"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _refuse_binary(data.decode("utf-16", errors="replace"))
    candidates = []
    if declared:
        candidates.append(declared)
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            return _refuse_binary(data.decode(_codec(enc)))
        except (LookupError, UnicodeDecodeError):
            continue
    return _refuse_binary(data.decode("utf-8", errors="replace"))


def _codec(name: str) -> str:
    name = name.strip().lower()
    if name in ("gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936"):
        return "gb18030"
    return name
