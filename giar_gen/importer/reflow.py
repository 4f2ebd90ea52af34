"""Text extracted from a PDF, before it is understood: page chrome out, wrapped lines joined.

A PDF extractor (and OCR) leaves what the page layout put there:

* page numbers and running heads ("— 3 —", "- 3 -", "第 3 页 共 7 页"):
  page chrome, not report text; they are taken out and listed as import
  notes (I102), never silently kept or dropped;
* paragraphs broken into lines at the width of the page: a line that fills
  the measure and does not end a sentence is continued by the next line
  (when no blank line and no heading separates them); such lines are joined,
  so that a figure ("上年结转…\\n申请 2 件") or a sentence reads as printed;
* link-farm spam injected into a paragraph (runs of gambling or "代开发票"
  words, or URLs among them): cut out of the text and noted (I102), since it
  is not the agency's text.
"""

from __future__ import annotations

import re
import statistics
import unicodedata

from giar_gen.importer.result import Imported
from giar_gen.readers import RawDocument, TextBlock

#: a line that is only a page number or a page counter
PAGE_CHROME = re.compile(
    r"^(?:[—–\-－─]+\s*\d{1,3}\s*[—–\-－─]+|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?|"
    r"\d{1,3}\s*/\s*\d{1,3}|[—–\-－─]?\s*\d{1,3}\s*[—–\-－─]?\s*页?)$"
)

_SPAM_WORDS = (
    "博彩",
    "娱乐城",
    "赌场",
    "百家乐",
    "真人荷官",
    "彩票网",
    "六合彩",
    "时时彩",
    "代开发票",
    "代开增值税",
    "办证刻章",
    "棋牌游戏",
    "网上赌",
    "澳门金沙",
    "威尼斯人",
    "葡京",
    "太阳城",
    "提款秒到",
    "老虎机",
)
_SPAM_WORD = re.compile("|".join(_SPAM_WORDS))
_URL = r"(?:https?://|www\.)[\w\-./?%&=#:]+"
#: a run of spam: from the first spam word or URL to the last, with little text between
_SPAM_RUN = re.compile(
    rf"(?:{_URL}|{_SPAM_WORD.pattern})(?:[^。！？\n]{{0,40}}?(?:{_URL}|{_SPAM_WORD.pattern}))+"
    rf"|{_SPAM_WORD.pattern}[^。！？\n]{{0,30}}?{_URL}"
)

_ENDS_SENTENCE = ("。", "！", "？", "；", "：", "”", "」", "…", ".", "!", "?", ";", ":")
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}\s*[.．、](?!\d)|"
    r"[一二三四五六七八九十]是|第[一二三四五六七八九十\d]+[条部章节])"
)


def width(text: str) -> int:
    """Display width: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def drop_page_chrome(raw: RawDocument, imp: Imported) -> set[int]:
    """Page numbers and page counters out, each noted (I102); returns their line numbers."""
    kept = []
    lines: set[int] = set()
    for b in raw.blocks:
        if isinstance(b, TextBlock) and PAGE_CHROME.match(b.text.strip()) and not b.text.strip().isdigit():
            imp.note("I102", "页码等版面内容（不属于报告正文），已去除", b.text, b.pos, "info")
            if b.pos:
                lines.add(b.pos[0])
            continue
        kept.append(b)
    raw.blocks = kept
    return lines


def cut_spam(raw: RawDocument, imp: Imported) -> None:
    """Injected link-farm text cut out of the paragraphs, each cut noted (I102)."""
    for b in raw.blocks:
        if not isinstance(b, TextBlock) or not _SPAM_WORD.search(b.text):
            continue
        found = list(_SPAM_RUN.finditer(b.text))
        if not found:
            continue
        for m in reversed(found):
            imp.note(
                "I102",
                "段落中夹带的与报告无关的链接或广告文字（疑似被植入的垃圾信息），已去除",
                m.group(0),
                b.pos,
                "warning",
            )
            b.text = (b.text[: m.start()] + b.text[m.end() :]).strip()
    raw.blocks = [b for b in raw.blocks if not (isinstance(b, TextBlock) and not b.text)]


def is_hard_wrapped(raw: RawDocument) -> bool:
    """True when the text lines are broken at a page width: most long lines
    end mid-sentence and have about the same width."""
    lines = [b.text for b in raw.blocks if isinstance(b, TextBlock) and width(b.text) >= 30]
    if len(lines) < 8:
        return False
    open_ended = [t for t in lines if not t.endswith(_ENDS_SENTENCE)]
    if len(open_ended) < 0.5 * len(lines):
        return False
    widths = [width(t) for t in open_ended]
    measure = statistics.median(widths)
    near = sum(1 for w in widths if abs(w - measure) <= 0.15 * measure)
    return near >= 0.6 * len(widths)


def join_wrapped_lines(raw: RawDocument, imp: Imported, skipped: set[int] = frozenset()) -> int:
    """Join the lines of paragraphs broken at the page width; returns how many joins."""
    if not is_hard_wrapped(raw):
        return 0
    widths = [
        width(b.text)
        for b in raw.blocks
        if isinstance(b, TextBlock) and width(b.text) >= 30 and not b.text.endswith(_ENDS_SENTENCE)
    ]
    measure = statistics.median(widths)
    out: list = []
    joins = 0
    last: dict[int, tuple[int, str]] = {}  # id(block) → (line number, text) of its last joined line
    for b in raw.blocks:
        prev = out[-1] if out else None
        if isinstance(b, TextBlock) and isinstance(prev, TextBlock) and prev.pos and b.pos:
            line, tail = last.get(id(prev), (prev.pos[0], prev.text))
            nxt = line + 1
            while nxt in skipped:  # a page number removed between the two lines
                nxt += 1
            if (
                b.pos[0] == nxt
                and width(tail) >= 0.85 * measure
                and not prev.text.endswith(_ENDS_SENTENCE)
                and not _HEADING_START.match(b.text)
                and not PAGE_CHROME.match(b.text)
            ):
                glue = " " if prev.text[-1:].isascii() and prev.text[-1:].isalnum() and b.text[:1].isascii() else ""
                prev.text = prev.text + glue + b.text
                last[id(prev)] = (b.pos[0], b.text)
                joins += 1
                continue
        out.append(b)
    raw.blocks = out
    if joins:
        imp.mapped.append(f"按页面宽度断开的 {joins} 处行尾已接回所在段落（PDF 提取的文字）")
    return joins


def prepare_layout_text(raw: RawDocument, imp: Imported) -> None:
    """Every step of this module in order: spam out; for extracted text (a
    text file or a PDF), page chrome out and wrapped lines joined; a title
    broken over two lines joined."""
    cut_spam(raw, imp)
    if raw.format in ("text", "pdf"):
        skipped = drop_page_chrome(raw, imp)
        imp.extracted = join_wrapped_lines(raw, imp, skipped) > 0
    join_split_title(raw)


_TITLE_END = re.compile(r"^(?:工作)?(?:年度)?报告$|^年度报告$")
_TITLE_START = re.compile(r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?$")


def join_split_title(raw: RawDocument) -> None:
    """ "2024 年上海市科委政府信息公开工作" + "年度报告" on the next line: one title."""
    for i, b in enumerate(raw.blocks[:12]):
        if not isinstance(b, TextBlock) or i + 1 >= len(raw.blocks):
            continue
        nxt = raw.blocks[i + 1]
        if not isinstance(nxt, TextBlock) or "。" in b.text or len(b.text) > 60:
            continue
        if _TITLE_START.search(re.sub(r"\s+", "", b.text)) and _TITLE_END.match(re.sub(r"\s+", "", nxt.text)):
            b.text = b.text + nxt.text
            if nxt.hint == "title":
                b.hint = "title"
            del raw.blocks[i + 1]
            return
