"""Understand a published report: map what a reader found onto the data format.

A reader (``giar_gen.readers``) gives lines of text and tables. This module
finds in them, the same way for every file format:

* the title, the agency, the report year, the publication date (page
  metadata, else the signature date), the signature and its date, the
  statistical period and the contact details of the opening paragraph;
* the numbered parts ("一、总体情况" …), matched tolerantly to the parts of a
  layout, with their text (sub-headings stay as lines, as in the YAML);
* the three official tables, identified by their printed labels and read
  cell by cell: rows by their labels (tolerant of full- or half-width
  brackets, spaces, quotes, numbering, and typos such as
  "其他法律行政止公开"), columns in their printed order; the 2019 or 2021
  edition by the labels it prints. A blank cell, "/" or "—" is "not filled
  in" (``None``), never 0.

Text in traditional characters is converted with OpenCC (t2s); pinyin
annotations some mirror sites add after characters ("區(qū)") are removed.
Everything that cannot be mapped becomes a :class:`Note` with its original
text, so that nothing is dropped silently: the YAML writer keeps notes in a
marked comment block, and ``giar-gen check`` reports them.

The cell-by-cell reading of the official tables is in
:mod:`giar_gen.importer.tables`. Table labels are never spelled in either
module: they come from ``templates/tables/*.yaml`` through :mod:`giar_gen.model.tables`.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from giar_gen.diagnostics import Diagnostic, InputError, Location
from giar_gen.importer.tables import TableMapper, cell_is_value, expand_rows, identify_table, label_core, unique_labels
from giar_gen.model.layouts import Layout, builtin_layouts, layout_for_year
from giar_gen.model.report import Report, format_date_cn
from giar_gen.readers import Pos, RawCell, RawDocument, ReaderError, TableBlock, TextBlock, read_document
from giar_gen.model.tables import Edition, TableDef, edition_for_year, editions

# ---------------------------------------------------------------------------
# notes: what could not be mapped, or was inferred


@dataclass
class Note:
    """Something the importer could not map, or had to infer.

    ``code`` is stable (``I…``); ``text`` is the original content, kept
    verbatim (after debris removal and t2s); ``pos`` its place in the file.
    """

    code: str
    message: str
    text: str = ""
    pos: Pos = None
    severity: str = "warning"  # "warning" (content not mapped) or "info" (inferred)

    @property
    def unmapped(self) -> bool:
        """True when the note carries report content that is not in the data."""
        return bool(self.text)

    def to_diagnostic(self, file: str) -> Diagnostic:
        line, col = (self.pos or (None, None))
        snippet = self.text if len(self.text) <= 60 else self.text[:58] + "……"
        return Diagnostic(
            code=self.code, severity=self.severity,  # type: ignore[arg-type]
            message=self.message, location=Location(file, line, col),
            actual=snippet or None,
        )


#: Codes of the notes (for the README and for ``giar-gen check``).
NOTE_CODES = {
    "I001": "标题取自网页或文件属性，或未找到标题",
    "I002": "机关名称、类型或层级是推断的",
    "I003": "报告年度是推断的",
    "I004": "未找到发布日期",
    "I005": "统计期限或联系方式中有未能识别的内容",
    "I101": "正文中有未能对应到版式的部分",
    "I102": "网页导航、页脚等不属于报告的内容",
    "I103": "位置异常的文字（如表格之后的文字）",
    "I201": "表格中有未能对应的行",
    "I202": "单元格内容不是可用的数字",
    "I203": "未能识别的表格",
    "I204": "表格标签与官方标签不完全一致（已按官方标签读取）",
    "I205": "表格版本与报告年度不符",
    "I206": "表格缺少行或单元格",
}


# ---------------------------------------------------------------------------
# text normalisation

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = re.compile(
    rf"(?<=[\u3400-\u9fff])[（(]([a-zü]*[{_TONED}][a-zü{_TONED}]*)[）)]"
)
_CJK = re.compile(r"[\u3400-\u9fff]")


def strip_pinyin(text: str) -> str:
    """Remove pinyin annotations after characters: 區(qū) → 區."""
    return _PINYIN.sub("", text)


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def is_traditional(texts: list[str], threshold: float = 0.02) -> bool:
    """True when converting to simplified characters changes more than
    ``threshold`` of the Chinese characters (a simplified text changes ~0)."""
    sample = "\n".join(texts)
    n = len(_CJK.findall(sample))
    if n == 0:
        return False
    converted = _t2s().convert(sample)
    if len(converted) != len(sample):
        changed = sum(1 for a, b in zip(sample.splitlines(), converted.splitlines()) if a != b)
        return changed > threshold * max(1, len(sample.splitlines()))
    changed = sum(1 for a, b in zip(sample, converted) if a != b)
    return changed > threshold * n


def escape_braces(text: str) -> str:
    """Braces in a report's text are text: doubled, so that they are not read
    as figure references (``{申请办理情况.本年新收}``) when the data is built."""
    return re.sub(r"([{}｛｝])", r"\1\1", text)


# ---------------------------------------------------------------------------
# the result of an import


@dataclass
class PartFound:
    heading: str  # as printed, with its number
    title: str  # without the number
    pos: Pos
    lines: list[tuple[str, Pos]] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)
    text_after_table: list[tuple[str, Pos]] = field(default_factory=list)
    layout_key: str | None = None


@dataclass
class Imported:
    """What an import produced: the data (in the YAML input form), where each
    value came from, comments for the YAML writer, and the notes."""

    source: Path
    format: str
    data: dict[str, Any] = field(default_factory=dict)
    positions: dict[tuple, tuple[int, int | None]] = field(default_factory=dict)
    comments: dict[tuple, str] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    mapped: list[str] = field(default_factory=list)  # summary lines: what was mapped
    missing: list[str] = field(default_factory=list)  # required data not found
    source_text: str = ""

    def note(self, code: str, message: str, text: str = "", pos: Pos = None, severity: str = "warning") -> None:
        self.notes.append(Note(code, message, text, pos, severity))

    def at(self, path: tuple, pos: Pos) -> None:
        if pos is not None:
            self.positions[path] = (pos[0], pos[1])


# ---------------------------------------------------------------------------
# patterns for the parts of a page

_PART_HEADING = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]\s*(\S.{0,48})$")
_DATE_LINE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")
_HAN_DATE_LINE = re.compile(r"^([〇○零ＯO一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日?$")
_ANY_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_META_LINE = re.compile(r"(发布时间|发布日期|更新时间|成文日期|时间|日期|来源|浏览次数|浏览量|访问量|点击数|点击率|作者|字号|信息来源|索引号|发文机关)\s*[:：]")
_BREADCRUMB = re.compile(r"[>＞»→]|^(?:网站)?首页$|当前位置|您现在的位置")
_FURNITURE = re.compile(
    r"^(?:扫一扫|打印本页|【?打印】?|关闭窗口|【?关闭】?|分享到|文件下载|附件下载|相关链接|上一篇|下一篇|"
    r"我们期待与您沟通|如果您想让更多人|字体[：:]|【字体|返回顶部|收藏本页|网站地图|"
    r"[\w\-]+\.(?:jpg|jpeg|png|gif|bmp)$)",
    re.I,
)
_TITLE_WORDS = re.compile(r"(?:政府信息公开|政务公开|信息公开).*报告|报告.*(?:政府信息公开|信息公开)")
_HAN_DIGIT = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "Ｏ": 0, "O": 0}
_NUMERALS = "一二三四五六七八九十"


def _han_small(text: str) -> int | None:
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        try:
            return (_HAN_DIGIT[tens] if tens else 1) * 10 + (_HAN_DIGIT[ones] if ones else 0)
        except KeyError:
            return None
    return _HAN_DIGIT.get(text) if len(text) == 1 else None


def numeral_value(text: str) -> int | None:
    """一 → 1, 十二 → 12."""
    return _han_small(text)


def parse_date_line(text: str) -> _dt.date | None:
    """A line that is only a date: ``2020年1月16日``, ``2013年2月15``, ``二〇〇九年一月十五日``."""
    t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    m = _DATE_LINE.match(t)
    try:
        if m:
            return _dt.date(*(int(g) for g in m.groups()))
        h = _HAN_DATE_LINE.match(t)
        if h:
            year = int("".join(str(_HAN_DIGIT[ch]) for ch in h.group(1)))
            month, day = _han_small(h.group(2)), _han_small(h.group(3))
            if month and day:
                return _dt.date(year, month, day)
    except (ValueError, KeyError):
        return None
    return None


def _any_date(text: str) -> _dt.date | None:
    m = _ANY_DATE.search(unicodedata.normalize("NFKC", text))
    if not m:
        return None
    try:
        return _dt.date(*(int(g) for g in m.groups()))
    except ValueError:
        return None


# ---------------------------------------------------------------------------
# importing


def import_file(path: str | Path) -> Imported:
    """Read and import a published report. Raises :class:`InputError` when
    the file cannot be read at all."""
    path = Path(path)
    try:
        raw = read_document(path)
    except ReaderError as exc:
        raise InputError([Diagnostic("I000", "error", str(exc), Location(str(path)))]) from None
    return import_document(raw)


def import_document(raw: RawDocument) -> Imported:
    imp = Imported(source=raw.path, format=raw.format, source_text=raw.source)
    normalise_document(raw, imp)
    _Importer(raw, imp).run()
    finish(imp)
    return imp


def normalise_document(raw: RawDocument, imp: Imported | None = None) -> bool:
    """Pinyin annotations out; traditional characters to simplified (returns
    True when the text was converted)."""
    texts: list[str] = []
    for b in raw.blocks:
        if isinstance(b, TextBlock):
            b.text = strip_pinyin(b.text)
            texts.append(b.text)
        else:
            for row in b.rows:
                for c in row:
                    c.text = strip_pinyin(c.text)
                    texts.append(c.text)
    for k, v in list(raw.meta.items()):
        raw.meta[k] = strip_pinyin(v)
    if not is_traditional(texts + [raw.meta.get("title", "")]):
        return False
    cc = _t2s()
    for b in raw.blocks:
        if isinstance(b, TextBlock):
            b.text = cc.convert(b.text)
        else:
            for row in b.rows:
                for c in row:
                    c.text = cc.convert(c.text)
    for k in ("title", "author"):
        if k in raw.meta:
            raw.meta[k] = cc.convert(raw.meta[k])
    if imp is not None:
        imp.mapped.append("繁体字已转换为简体字（OpenCC t2s）")
    return True


class _Importer:
    def __init__(self, raw: RawDocument, imp: Imported):
        self.raw = raw
        self.imp = imp
        self.blocks = raw.blocks
        self._signature_blocks: list[TextBlock] = []
        self.date_text: str | None = None
        self.ours = raw.meta.get("generator", "").startswith("giar-gen")
        self.part_of: dict[int, int | None] = {}  # id(table) → index of the part it stands in
        self.captions: dict[int, tuple[list, tuple[str, Pos]]] = {}  # id(table) → (its list, caption line)
        self.local_tables: list[tuple[TableBlock, int | None]] = []
        self.part_keys: dict[int, str] = {}

    # -- driver -------------------------------------------------------------
    def run(self) -> None:
        imp = self.imp
        title_idx, title, title_pos = self._find_title()
        first_part = self._part_indices(title_idx + 1 if title_idx is not None else 0)
        start = first_part[0][0] if first_part else len(self.blocks)
        body_from = title_idx + 1 if title_idx is not None else 0

        # before the title: page furniture
        if title_idx is not None:
            chrome = [b for b in self.blocks[:title_idx]]
            self._furniture(chrome, "标题之前的网页内容（导航等）")

        # between the title and part one: page metadata, breadcrumbs, the intro
        page_date: _dt.date | None = None
        intro: list[tuple[str, Pos]] = []
        pre_tables: list[TableBlock] = []
        for b in self.blocks[body_from:start]:
            if isinstance(b, TableBlock):
                pre_tables.append(b)
                continue
            if _is_meta_line(b.text):
                page_date = page_date or _meta_date(b.text)
                imp.note("I102", "网页的发布信息（不属于报告正文）", b.text, b.pos, "info")
            elif _is_breadcrumb(b.text) or _FURNITURE.match(b.text):
                imp.note("I102", "网页导航等内容（不属于报告正文）", b.text, b.pos, "info")
            else:
                intro.append((b.text, b.pos))

        # the parts, up to the signature
        end, signature, sig_date, sig_pos, date_pos = self._find_end(start)
        parts = self._collect_parts(first_part, end)
        tail = self.blocks[end:]
        sig_ids = {id(b) for b in self._signature_blocks}
        self._furniture([b for b in tail if id(b) not in sig_ids], "落款之后的网页内容")

        # tables: found anywhere before the end, identified by their labels
        tables = self._identify_tables(pre_tables + [t for p in parts for t in p.tables])
        year, year_src = self._year(title, intro, parts, sig_date, page_date)
        edition = self._edition(tables, year)
        data = imp.data

        # agency, title
        agency = self._agency(title, signature, intro)
        if year is not None:
            data["报告年度"] = year
            imp.at(("报告年度",), title_pos)
            imp.mapped.append(f"报告年度：{year}（{year_src}）")
            if year_src != "标题":
                imp.comments[("报告年度",)] = f"依据{year_src}推断，请核对"
        else:
            data["报告年度"] = None
            imp.comments[("报告年度",)] = "未能从原文确定：请填写"
            imp.missing.append("报告年度")
            imp.note("I003", "未能确定报告年度", severity="warning")
        if agency:
            name, name_src, name_pos = agency
            kind, level = guess_kind_level(name)
            data["机关"] = {"名称": name, "类型": kind}
            if level:
                data["机关"]["层级"] = level
            imp.at(("机关", "名称"), name_pos)
            imp.at(("机关",), name_pos)
            imp.comments[("机关", "类型")] = "按名称推断，请核对"
            if level:
                imp.comments[("机关", "层级")] = "按名称推断，请核对"
            imp.mapped.append(f"机关：{name}（取自{name_src}；类型“{kind}”、层级“{level or '未定'}”按名称推断）")
            imp.note("I002", f"机关类型“{kind}”、层级“{level or '未定'}”是按名称“{name}”推断的", severity="info",
                     pos=name_pos)
        else:
            data["机关"] = {"名称": None, "类型": "部门"}
            imp.comments[("机关", "名称")] = "未能从原文确定：请填写"
            imp.comments[("机关", "类型")] = "人民政府 / 部门 / 其他，请核对"
            imp.missing.append("机关名称")
            imp.note("I002", "未能确定机关名称", severity="warning")
        if title:
            default = f"{agency[0]}{year}年政府信息公开工作年度报告" if agency and year else None
            if title != default:
                data["标题"] = title
                imp.at(("标题",), title_pos)
            imp.mapped.append(f"标题：{title}")
        else:
            imp.note("I001", "原文没有标题：生成时按“机关名称+年度+政府信息公开工作年度报告”拟定", severity="info")

        # edition of the tables
        if edition is not None and (year is None or edition_for_year(year) is None
                                    or edition_for_year(year).id != edition.id):
            data["表格版本"] = edition.id
            if year is not None and edition_for_year(year) is not None:
                imp.note("I205", f"表格为{edition.name}，与{year}年度应使用的{edition_for_year(year).name}不符",
                         severity="warning", pos=tables[0][1][0].pos if tables else None)

        # dates
        meta_date = _parse_meta_date(self.raw.meta.get("date"))
        publication = meta_date or page_date or sig_date
        if publication is not None:
            data["发布日期"] = publication
            src = "网页/文件属性" if meta_date else ("网页的发布时间" if page_date else "落款日期")
            imp.at(("发布日期",), date_pos if src == "落款日期" else None)
            imp.mapped.append(f"发布日期：{publication.isoformat()}（{src}）")
            if src != "落款日期":
                imp.comments[("发布日期",)] = f"取自{src}"
        else:
            data["发布日期"] = None
            imp.missing.append("发布日期")
            imp.comments[("发布日期",)] = "原文没有发布日期或落款日期：请填写后再生成"
            imp.note("I004", "原文没有发布日期，也没有落款日期", severity="warning")

        self._intro(intro, year)

        if signature and agency and signature != agency[0]:
            data["署名"] = signature
            imp.at(("署名",), sig_pos)
        if sig_date is not None and sig_date != publication:
            data["成文日期"] = sig_date
            imp.at(("成文日期",), date_pos)
        if sig_date is not None and self.date_text and re.sub(r"\s+", "", self.date_text) != format_date_cn(sig_date):
            data["落款日期"] = re.sub(r"\s+", "", self.date_text)  # printed as written: 二〇〇九年一月十五日
            imp.at(("落款日期",), date_pos)
        if signature or sig_date:
            imp.mapped.append(f"落款：{signature or '（无署名）'} {self.date_text or '（无日期）'}")
        else:
            data["落款"] = "否"
            imp.comments[("落款",)] = "原文没有落款"
            imp.note("I103", "原文没有落款（署名和日期）：数据中写明“落款: 否”", severity="info")

        # the parts
        layout = self._layout(parts, year, tables)
        self._parts(parts, layout, tables)

        # the official tables
        for tid, blocks in tables:
            if edition is None:
                continue
            self._map_table(edition.table(tid), blocks)

        # other tables: local tables (附表) in the part they stand in
        self._local_tables(parts, layout)

    # -- title ----------------------------------------------------------------
    def _find_title(self) -> tuple[int | None, str | None, Pos]:
        limit = next((i for i, b in enumerate(self.blocks)
                      if isinstance(b, TextBlock) and _PART_HEADING.match(b.text)), len(self.blocks))
        candidates = [(i, b) for i, b in enumerate(self.blocks[:limit])
                      if isinstance(b, TextBlock) and _looks_like_title(b.text)]
        meta = self.raw.meta.get("title") or ""
        meta_titles = [_clean_title(p) for p in re.split(r"\s*[_|｜]\s*|\s+[-—–]+\s+", meta) if _looks_like_title(p)]
        for want in ("hint", "meta", "any"):
            for i, b in candidates:
                if (want == "hint" and b.hint != "title") or (want == "meta" and _clean_title(b.text) not in meta_titles):
                    continue
                return i, _clean_title(b.text), b.pos
        if meta_titles:
            self.imp.note("I001", "报告正文中没有标题行：标题取自网页/文件的标题", meta_titles[0], None, "info")
            return None, meta_titles[0], None
        return None, None, None

    # -- parts ------------------------------------------------------------------
    def _part_indices(self, start: int) -> list[tuple[int, int, str, str]]:
        """``(block index, number, heading, title)`` of the part headings: lines
        "一、…", "二、…" numbered in sequence."""
        out = []
        expected = 1
        for i in range(start, len(self.blocks)):
            b = self.blocks[i]
            if not isinstance(b, TextBlock):
                continue
            m = _PART_HEADING.match(b.text)
            if not m or "。" in b.text[:-1] or len(b.text) > 50:
                continue
            n = numeral_value(m.group(1))
            if n is None or n < expected:
                continue
            if n > expected and not (n <= expected + 3 and _known_part_title(m.group(2))):
                continue  # a gap in the numbering only before a heading a built-in layout knows
            out.append((i, n, b.text, m.group(2).strip().rstrip("：:")))
            expected = n + 1
        return out

    def _find_end(self, start: int):
        """The signature and its date at the end of the report: ``(index of the
        first block after the report body, signature, date, positions)``."""
        self._signature_blocks = []
        n = len(self.blocks)
        for i in range(n - 1, start - 1, -1):
            b = self.blocks[i]
            if not isinstance(b, TextBlock):
                continue
            d = parse_date_line(b.text)
            if d is None:
                continue
            end = i
            signature, sig_pos = None, None
            prev = self.blocks[i - 1] if i - 1 >= start else None
            if (isinstance(prev, TextBlock) and len(prev.text) <= 40 and not re.search(r"[。；;：:，,]$", prev.text)
                    and not _PART_HEADING.match(prev.text) and "。" not in prev.text):
                signature, sig_pos = prev.text, prev.pos
                end = i - 1
                self._signature_blocks.append(prev)
            self._signature_blocks.append(b)
            self.date_text = b.text
            return end, signature, d, sig_pos, b.pos
        # no date: the report ends where the page furniture starts
        end = n
        while end > start and isinstance(self.blocks[end - 1], TextBlock) and _FURNITURE.match(self.blocks[end - 1].text):
            end -= 1
        return end, None, None, None, None

    def _collect_parts(self, heads, end: int) -> list[PartFound]:
        parts = []
        for k, (i, _n, heading, title) in enumerate(heads):
            if i >= end:
                break
            stop = heads[k + 1][0] if k + 1 < len(heads) else end
            stop = min(stop, end)
            part = PartFound(heading=heading, title=title, pos=self.blocks[i].pos)
            for b in self.blocks[i + 1:stop]:
                if isinstance(b, TableBlock):
                    self.part_of[id(b)] = len(parts)
                    lines = part.text_after_table if part.tables else part.lines
                    if lines and _looks_like_caption(lines[-1][0]):
                        self.captions[id(b)] = (lines, lines[-1])
                    part.tables.append(b)
                elif _FURNITURE.match(b.text) or (_is_breadcrumb(b.text) and len(b.text) < 40):
                    self.imp.note("I102", f"「{heading}」中的网页残留内容（图片文件名、分享提示等）", b.text, b.pos, "info")
                elif part.tables:
                    part.text_after_table.append((b.text, b.pos))
                else:
                    part.lines.append((b.text, b.pos))
            parts.append(part)
        return parts

    def _furniture(self, blocks: list, what: str) -> None:
        lines = []
        pos = None
        for b in blocks:
            if isinstance(b, TextBlock):
                lines.append(b.text)
                pos = pos or b.pos
            else:
                lines.extend(_row_text(r) for r in b.rows)
                pos = pos or b.pos
        if lines:
            self.imp.note("I102", what + "（不属于报告）", "\n".join(lines), pos, "info")

    # -- year, agency, edition --------------------------------------------------
    def _year(self, title, intro, parts, sig_date, page_date) -> tuple[int | None, str]:
        if title:
            y = _year_in_title(title)
            if y:
                return y, "标题"
        intro_text = "\n".join(t for t, _ in intro)
        period = _period(intro_text)
        if period:
            return period[0].year, "统计期限"
        when = sig_date or page_date
        guess = None
        if when is not None:
            guess = when.year - 1 if when.month <= 6 else when.year
        first_text = intro_text + "\n" + "\n".join(t for t, _ in (parts[0].lines if parts else []))
        counts: dict[int, int] = {}
        for m in re.finditer(r"(?<!\d)(20\d\d|19\d\d)\s*年", first_text):
            counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + 1
        if guess is not None:
            plausible = {y: c for y, c in counts.items() if y in (guess, guess + 1, guess - 1)}
            if plausible:
                best = max(plausible.values())
                tops = [y for y, c in plausible.items() if c == best]
                return (guess if guess in tops else min(tops, key=lambda y: first_text.find(str(y)))), "正文所述年度和落款日期"
            return guess, "落款日期"
        if counts:
            return max(counts, key=lambda y: (counts[y], -first_text.find(str(y)))), "正文所述年度"
        return None, ""

    def _agency(self, title, signature, intro) -> tuple[str, str, Pos] | None:
        if self.ours and self.raw.meta.get("author"):
            return self.raw.meta["author"], "文件属性（giar-gen 生成的报告）", None
        if title:
            name = agency_from_title(title)
            if name:
                return name, "标题", None
        if signature:
            name = re.sub(r"[（(]代[）)]$", "", signature).strip()
            name = re.sub(r"(政务公开|政府信息公开|信息公开).*?(办公室|领导小组).*$", "", name) or name
            return name, "落款", None
        contact = _contact_sentence("\n".join(t for t, _ in intro))
        if contact and contact[0]:
            m = re.match(r"^(.+?(?:局|厅|委员会|委|办公室|人民政府|政府|院|署|中心|办事处))", contact[0])
            if m:
                return m.group(1), "引言中的联系单位", None
        return None  # a page's or file's "author" is often a person or a program: not used

    def _identify_tables(self, blocks: list[TableBlock]) -> list[tuple[str, list[TableBlock]]]:
        """Group the tables by the official table they are (by their labels);
        adjacent pieces of one table (a flattened copy) are joined."""
        out: list[tuple[str, list[TableBlock]]] = []
        for tb in blocks:
            tid = identify_table(tb)
            if tid is None:
                self.local_tables.append((tb, self.part_of.get(id(tb))))
                continue
            if out and out[-1][0] == tid:
                out[-1][1].append(tb)
            elif any(t == tid for t, _ in out):
                self.imp.note("I203", "同一张官方表格出现了两次，第二次未读取",
                              "\n".join(_row_text(r) for r in tb.rows), tb.pos)
            else:
                out.append((tid, [tb]))
        return out

    def _edition(self, tables, year) -> Edition | None:
        if not tables:
            return edition_for_year(year) if year else None
        texts = {label_core(c.text) for _, tbs in tables for tb in tbs for r in tb.rows for c in r if c.text}
        scores = {}
        uniq = unique_labels()
        for eid, labels in uniq.items():
            scores[eid] = len(texts & labels)
        best = max(scores.values())
        by_year = edition_for_year(year) if year else None
        if best == 0 or (by_year is not None and scores.get(by_year.id) == best):
            return by_year or editions()[max(editions())]
        return editions()[max(scores, key=lambda e: scores[e])]

    # -- intro -------------------------------------------------------------------
    def _intro(self, intro: list[tuple[str, Pos]], year: int | None) -> None:
        imp = self.imp
        if not intro:
            return
        text = "\n".join(t for t, _ in intro)
        imp.data["引言"] = escape_braces(text)
        imp.at(("引言",), intro[0][1])
        imp.mapped.append(f"引言：{len(intro)} 段")
        period = _period(text)
        if period and year is not None:
            start, end = period
            if (start, end) != (_dt.date(year, 1, 1), _dt.date(year, 12, 31)):
                imp.data["统计期限"] = {"起": start, "止": end}
                imp.at(("统计期限",), intro[0][1])
        contact = _contact_sentence(text)
        if contact:
            office, fields, unknown = contact
            c: dict[str, str] = {}
            if office:
                c["单位"] = office
            c.update(fields)
            if c:
                imp.data["联系方式"] = c
                imp.at(("联系方式",), intro[0][1])
                imp.mapped.append("联系方式：" + "、".join(c))
            for item in unknown:
                imp.note("I005", f"联系方式中未能识别的项「{item}」（原文仍在引言中）", pos=intro[0][1], severity="info")

    # -- layout and parts --------------------------------------------------------
    def _layout(self, parts: list[PartFound], year: int | None, tables) -> Layout:
        by_year = layout_for_year(year) if year else builtin_layouts()["five-part"]
        best, best_n = by_year, -1
        for lay in [by_year] + [l for l in builtin_layouts().values() if l.id != by_year.id]:
            n = sum(1 for v in match_parts(parts, lay).values() if v is not None)
            if n > best_n:
                best, best_n = lay, n
        if best.id != by_year.id:
            self.imp.data["版式"] = best.name
            self.imp.note("I101", f"正文各部分的名称与{year}年度的“{by_year.name}”版式不符，按“{best.name}”版式读取",
                          severity="info")
        return best

    def _parts(self, parts: list[PartFound], layout: Layout, tables) -> None:
        """The part texts. Under the 2019 Regulation the five parts are
        prescribed: a part that matches none is kept as a note (so that a
        check still sees what is missing). Under the 2008 Regulation the
        nine-part structure was only a convention: the report's own parts are
        kept, in a layout based on the built-in one (``版式: {基于: …}``)."""
        imp = self.imp
        mapping = match_parts(parts, layout)
        own_structure = layout.regulation == "2008" and bool(parts)
        keys: dict[int, str] = {}
        entries: list = []
        used = {n for lp in layout.parts for n in lp.names()}
        for i, part in enumerate(parts):
            key = mapping.get(i)
            if key is not None:
                keys[i] = key
                lp = layout.part(key)
                same = lp is not None and label_core(lp.title) == label_core(part.title)
                entries.append(key if same else {"键": key, "标题": part.title})
                if not same and not own_structure:
                    imp.note("I101", f"部分标题「{part.heading}」按版式的「{lp.title}」读取", severity="info", pos=part.pos)
            elif own_structure:
                key = part.title
                n = 2
                while key in used or key in keys.values():
                    key = f"{part.title}（{n}）"
                    n += 1
                keys[i] = key
                entries.append({"键": key, "标题": part.title} if key != part.title else key)
            used.add(keys.get(i, ""))
        base_keys = [lp.key for lp in layout.parts]
        as_base = (all(isinstance(e, str) for e in entries)
                   and entries == [k for k in base_keys if k in entries]
                   and all(lp.key in entries for lp in layout.parts if lp.required))
        if own_structure and not as_base:
            imp.data["版式"] = {"基于": layout.name, "部分": entries}
            imp.comments[("版式",)] = f"原文各部分的名称和顺序（基于“{layout.name}”版式）"
            imp.mapped.append(f"版式：基于“{layout.name}”，按原文的 {len(entries)} 个部分")
        elif layout.id != layout_for_year(imp.data.get("报告年度") or 2019).id:
            imp.data["版式"] = layout.name

        texts: dict[str, str | None] = {}
        first_pos: Pos = None
        for i, part in enumerate(parts):
            key = keys.get(i)
            lines = [t for t, _ in part.lines]
            after = [t for t, _ in part.text_after_table]
            if key is None:
                body = "\n".join([part.heading] + lines + after)
                imp.note("I101", f"未能对应到“{layout.name}”版式的部分「{part.heading}」，原文保留如下", body, part.pos)
                continue
            if after:
                imp.note("I103", f"「{part.heading}」中表格之后的文字已并入该部分正文（生成时排在表格之前）",
                         "\n".join(after), part.text_after_table[0][1], "info")
                lines += after
            if lines:
                texts[key] = escape_braces("\n".join(lines))
            else:
                lp = layout.part(key)
                if lp is None or not (lp.required or lp.table):
                    texts[key] = None  # printed as a heading only, as in the original
            where = part.lines[0][1] if part.lines else (part.text_after_table[0][1] if after else part.pos)
            imp.at(("正文", key), where)
            first_pos = first_pos or part.pos
        self.part_keys = keys
        if texts:
            imp.data["正文"] = texts
            imp.at(("正文",), first_pos)
        imp.mapped.append(f"正文：{len(parts)} 个部分中 {len(keys)} 个对应到版式")

    # -- local tables ---------------------------------------------------------------
    def _local_tables(self, parts: list[PartFound], layout: Layout) -> None:
        """Tables that are none of the official three become 附表 (local
        tables) of the part they stand in, when they are well formed."""
        from giar_gen.model.report import LocalTable, local_table_problems

        imp = self.imp
        home = layout.local_table_part()
        out = []
        for tb, part_index in self.local_tables:
            text = "\n".join(_row_text(r) for r in tb.rows)
            key = self.part_keys.get(part_index) if part_index is not None else None
            if key is None:
                imp.note("I203", "未能识别的表格（不是三张官方表格之一，也不在可对应的部分中），原样保留如下", text, tb.pos)
                continue
            cap = self.captions.get(id(tb))
            caption = cap[1][0] if cap else f"表{len(out) + 1}"
            entry = _local_table_data(tb, caption)
            if home is None or home.key != key:
                entry["部分"] = key
            try:
                problems = local_table_problems(LocalTable.model_validate(entry))
            except ValueError:
                problems = [("无法读取", ())]
            if problems or not entry["表体"]:
                imp.note("I203", "未能识别的表格（行列不整齐，不能作为附表），原样保留如下", text, tb.pos)
                continue
            if cap:
                self._drop_caption_from_text(key, cap[1][0])
            else:
                imp.note("I203", f"表格没有表题：生成时表题为“{caption}”", severity="info", pos=tb.pos)
            imp.at(("附表", len(out)), tb.pos)
            out.append(entry)
        if out:
            imp.data["附表"] = out
            imp.mapped.append(f"附表：{len(out)} 张地方统计表")

    def _drop_caption_from_text(self, key: str, caption: str) -> None:
        texts = self.imp.data.get("正文") or {}
        text = texts.get(key)
        if not text:
            return
        lines = text.split("\n")
        for i in range(len(lines) - 1, -1, -1):
            if lines[i] == caption:
                del lines[i]
                break
        texts[key] = "\n".join(lines) or None

    # -- the official tables -------------------------------------------------------
    def _map_table(self, t: TableDef, blocks: list[TableBlock]) -> None:
        mapper = TableMapper(t, self.imp)
        rows = []
        for tb in blocks:
            rows.extend(expand_rows(tb))
        mapper.map(rows)
        mapper.store()


# ---------------------------------------------------------------------------
# helpers for the driver


def _known_part_title(title: str) -> bool:
    return any(part_score(title, p.names()) >= PART_THRESHOLD
               for lay in builtin_layouts().values() for p in lay.parts)


def _row_text(row: list[RawCell]) -> str:
    return " | ".join(c.text for c in row)


def _looks_like_caption(text: str) -> bool:
    """A short line naming a table just above it ("2013年政府信息公开情况统计表")."""
    t = text.strip()
    return 2 <= len(t) <= 40 and "表" in t and not t.endswith(("。", "；", "：", ":")) and "。" not in t


def _local_table_data(tb: TableBlock, caption: str) -> dict:
    """A table as the data of a 附表: header rows, body rows, merged cells."""
    def cell(c: RawCell):
        text = c.text
        value: Any = text if text else None
        if text and re.fullmatch(r"[1-9]\d{0,14}|0", text):
            value = int(text)
        if c.rowspan > 1 or c.colspan > 1:
            out: dict = {"文字": value}
            if c.rowspan > 1:
                out["跨行"] = c.rowspan
            if c.colspan > 1:
                out["跨列"] = c.colspan
            return out
        return value

    rows = [[cell(c) for c in row] for row in tb.rows if row]
    head = min(tb.head, len(rows))
    header, body = rows[:head], rows[head:]
    entry: dict = {"标题": caption}
    if header:
        entry["表头"] = header
    entry["表体"] = body
    first = [row[0] for row in tb.rows[head:] if row]
    if first and all(cell_is_value(c.text) for c in first):
        entry["行标题列数"] = 0
    return entry


def _is_meta_line(text: str) -> bool:
    return bool(_META_LINE.search(text)) and len(text) <= 160 and not text.endswith("。")


def _is_breadcrumb(text: str) -> bool:
    return bool(_BREADCRUMB.search(text)) and len(text) <= 80 and "。" not in text


def _meta_date(text: str) -> _dt.date | None:
    m = re.search(r"(发布时间|发布日期|时间|日期)\s*[:：]\s*(.+)", text)
    return _any_date(m.group(2) if m else text)


def _parse_meta_date(value: str | None) -> _dt.date | None:
    if not value:
        return None
    return _any_date(value)


def _looks_like_title(text: str) -> bool:
    t = text.strip()
    return (4 <= len(t) <= 90 and bool(_TITLE_WORDS.search(t)) and bool(re.search(r"(?:报告|年报)[）)]?$", t))
            and not _PART_HEADING.match(t) and "。" not in t and not _is_breadcrumb(t) and not _is_meta_line(t))


def _clean_title(text: str) -> str:
    return re.sub(r"\s+", "", text.strip()).strip("《》")


def _year_in_title(title: str) -> int | None:
    t = unicodedata.normalize("NFKC", title)
    m = re.search(r"(?<!\d)((?:19|20)\d\d)\s*年", t)
    if m:
        return int(m.group(1))
    m = re.search(r"(?<!\d)(\d\d)\s*年度", t)
    if m:
        return 2000 + int(m.group(1))
    m = re.search(r"([〇○零一二三四五六七八九]{4})\s*年", t)
    if m:
        return int("".join(str(_HAN_DIGIT[ch]) for ch in m.group(1)))
    return None


def agency_from_title(title: str) -> str | None:
    """The agency a report title names: the text before the year
    ("××局2023年…"), or between the year and "政府信息公开" ("2023年××局政府…")."""
    t = unicodedata.normalize("NFKC", title)
    m = re.match(r"^(.+?)(?:(?:19|20)?\d\d|[〇○零一二三四五六七八九]{4})\s*年", t)
    if m:
        name = m.group(1).strip()
        name = re.sub(r"^关于", "", name)
        if len(name) >= 2 and not re.fullmatch(r"[\d\s]+", name):
            return _fullwidth(name)
    m = re.match(r"^(?:(?:19|20)\d\d)\s*年度?\s*(.+?)(?:政府信息公开|政务公开|信息公开)", t)
    if m and len(m.group(1).strip()) >= 2:
        return _fullwidth(m.group(1).strip())
    return None


def _fullwidth(name: str) -> str:
    """NFKC made the brackets of a name half-width; names print them full-width."""
    return name.replace("(", "（").replace(")", "）")


_UNIT_LEVELS = (
    (("自治区", "省"), "省级"),
    (("自治州", "地区", "盟", "州", "市"), "设区的市"),
    (("自治县", "县", "旗", "区"), "县级"),
    (("街道", "镇", "乡"), "乡镇"),
)


def guess_kind_level(name: str) -> tuple[str, str | None]:
    """The kind and level of an agency, guessed from its name (the importer
    marks them for checking): ``人民政府`` for a government (and 街道办事处),
    else ``部门``; the level from the last administrative unit the name starts with."""
    kind = "人民政府" if re.search(r"(人民政府|街道办事处)$", name) else "部门"
    units = [u for group, _ in _UNIT_LEVELS for u in group]
    prefix_re = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:" + "|".join(sorted(units, key=len, reverse=True)) + ")")
    pos, last = 0, None
    body = re.sub(r"人民政府.*$", "", name) if kind == "人民政府" else name
    while True:
        m = prefix_re.match(body, pos)
        if not m:
            break
        rest = body[m.end():]
        if not rest and kind != "人民政府":
            break
        last, pos = m.group(0), m.end()
    if last is None:
        first = body[:1]
        for group, level in _UNIT_LEVELS:
            if first in group:
                return kind, level
        return kind, None
    for group, level in _UNIT_LEVELS:
        if last.endswith(group):
            return kind, level
    return kind, None


def _period(text: str) -> tuple[_dt.date, _dt.date] | None:
    t = unicodedata.normalize("NFKC", text)
    m = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:起)?\s*(?:至|到|-|—|~)\s*(\d{4})年(\d{1,2})月(\d{1,2})日", t)
    if not m or "统计" not in t[max(0, m.start() - 30):m.start() + 1]:
        return None
    g = [int(x) for x in m.groups()]
    try:
        return _dt.date(g[0], g[1], g[2]), _dt.date(g[3], g[4], g[5])
    except ValueError:
        return None


_CONTACT_FIELDS = (
    (("地址", "通讯地址", "办公地址"), "地址"),
    (("邮编", "邮政编码"), "邮编"),
    (("电话", "联系电话", "咨询电话", "办公电话"), "电话"),
    (("传真",), "传真"),
    (("电子邮箱", "电子信箱", "邮箱", "e-mail", "email"), "电子邮箱"),
    (("网址", "网站"), "网址"),
)


def _contact_sentence(text: str) -> tuple[str | None, dict[str, str], list[str]] | None:
    """``(office, fields, unknown items)`` of "请与××联系（地址：…；电话：…）"."""
    t = text.replace("(", "（").replace(")", "）")
    m = re.search(r"请与([^（\n。]{2,60}?)联系(?:（([^）\n]*)）)?", t)
    if not m:
        return None
    office = m.group(1).strip()
    fields: dict[str, str] = {}
    unknown: list[str] = []
    for item in re.split(r"[；;，,]", m.group(2) or ""):
        item = item.strip()
        if not item:
            continue
        label, sep, value = re.split(r"([:：])", item, maxsplit=1) if re.search(r"[:：]", item) else (item, "", "")
        label_n = label.strip().lower()
        target = next((f for names, f in _CONTACT_FIELDS if label_n in names), None)
        if target and value.strip() and target not in fields:
            fields[target] = value.strip()
        else:
            unknown.append(item)
    return office, fields, unknown


# ---------------------------------------------------------------------------
# parts ↔ layout


def _part_core(text: str) -> str:
    s = label_core(text)
    return re.sub(r"[、，,。:：;；()（）《》“”\"'·\-—]", "", s)


def _lcs(a: str, b: str) -> int:
    if not a or not b:
        return 0
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b):
            cur.append(prev[j] + 1 if ca == cb else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def part_score(heading: str, names: tuple[str, ...]) -> float:
    """How well a printed part heading matches a layout part (its key, title,
    aliases): the share of the layout's name found, in order, in the heading."""
    h = _part_core(heading)
    best = 0.0
    for name in names:
        n = _part_core(name)
        if not n or not h:
            continue
        if h == n:
            return 1.0
        common = _lcs(h, n)
        if common / len(h) < 0.35:
            continue
        best = max(best, common / len(n))
    return best


PART_THRESHOLD = 0.75


def match_parts(parts: list[PartFound], layout: Layout) -> dict[int, str | None]:
    """Found part index → layout part key, one to one, best matches first. A
    part holding an official table goes to the layout part printing that table."""
    result: dict[int, str | None] = {i: None for i in range(len(parts))}
    taken: set[str] = set()
    for i, p in enumerate(parts):
        for tb in p.tables:
            tid = identify_table(tb)
            lp = next((lp for lp in layout.parts if lp.table == tid), None) if tid else None
            if lp is not None and lp.key not in taken:
                result[i] = lp.key
                taken.add(lp.key)
                break
    pairs = []
    for i, p in enumerate(parts):
        if result[i] is not None:
            continue
        for lp in layout.parts:
            names = (lp.key, lp.title) + tuple(getattr(lp, "aliases", ()))
            s = part_score(p.title, names)
            if s >= PART_THRESHOLD:
                pairs.append((s, -i, i, lp.key))
    for s, _, i, key in sorted(pairs, reverse=True):
        if result[i] is None and key not in taken:
            result[i] = key
            taken.add(key)
    return result


# ---------------------------------------------------------------------------
# a published report as a validated Report (for giar-gen check)


def report_from_published(path: str | Path) -> tuple[Report, list[Note]]:
    """Import a published report (.html/.htm/.txt/.docx) and validate it as a
    :class:`~giar_gen.model.report.Report` whose source map points into the report
    file itself. Raises :class:`InputError` when the file is unreadable or
    lacks what every report needs (agency, year, date)."""
    from giar_gen.source.loader import report_from_data
    from giar_gen.source.yamlsource import SourceMap

    path = Path(path)
    imp = import_file(path)
    if imp.missing:
        raise InputError([Diagnostic(
            "I004" if "发布日期" in imp.missing else "I002", "error",
            "报告中找不到" + "、".join(imp.missing) + "，无法作为报告检查", Location(str(path)),
            hint="请用 giar-gen import 导入为 YAML 文件，补全后再检查。",
        )])
    smap = SourceMap(file=str(path), text=imp.source_text, values=dict(imp.positions))
    report = report_from_data(imp.data, smap, base_dir=path.parent)
    return report, imp.notes


def load_any(path: str | Path) -> tuple[Report, list[Note]]:
    """A data file (YAML) or a published report (.html/.htm/.txt/.docx) as a
    validated Report, with the import notes of a published one."""
    from giar_gen.readers import SUFFIXES

    path = Path(path)
    if path.suffix.lower() in SUFFIXES:
        return report_from_published(path)
    from giar_gen.source.loader import load_report

    return load_report(path), []


def notes_as_findings(notes: list[Note], file: str) -> list:
    """The import notes ``giar-gen check`` reports for a published report: the
    warnings (content that could not be read as data, labels read tolerantly,
    unusable cells, missing rows), as findings with their place in the file."""
    from giar_gen.checks import Finding

    out = []
    for n in notes:
        if n.severity != "warning":
            continue
        d = n.to_diagnostic(file)
        out.append(Finding(
            code=d.code, severity="warning", message=d.message, location=d.location, actual=d.actual,
            title=NOTE_CODES.get(n.code, ""), source="giar-gen import：读取已发布的报告",
        ))
    return out


def finish(imp: Imported) -> None:
    """After mapping: write ``引言: 自动`` when the intro is exactly what
    giar-gen would generate from the data (our own reports)."""
    intro = imp.data.get("引言")
    if not intro or imp.missing:
        return
    from giar_gen.document.intro import auto_intro
    from giar_gen.source.loader import report_from_data
    from giar_gen.source.yamlsource import SourceMap

    try:
        report = report_from_data(imp.data, SourceMap(file=str(imp.source), text=""), base_dir=imp.source.parent)
    except InputError:
        return
    lines = [line.strip() for line in intro.splitlines() if line.strip()]
    if auto_intro(report) == lines:
        imp.data["引言"] = "自动"
        imp.comments[("引言",)] = "与按数据自动生成的引言一致"


def summary_lines(imp: Imported) -> list[str]:
    """What ``giar-gen import`` prints: what was mapped, inferred, not mapped, missing."""
    out = [f"已对应：{line}" for line in imp.mapped]
    infos = [n for n in imp.notes if not n.text and n.severity == "info"]
    out += [f"说明：{n.message}" for n in infos]
    warnings = [n for n in imp.notes if not n.text and n.severity != "info"]
    out += [f"注意：{n.message}" for n in warnings]
    kept = [n for n in imp.notes if n.text]
    if kept:
        by_code: dict[str, int] = {}
        for n in kept:
            by_code[n.code] = by_code.get(n.code, 0) + 1
        detail = "；".join(f"{NOTE_CODES.get(c, c)} {k} 处" for c, k in sorted(by_code.items()))
        out.append(f"未对应：{len(kept)} 处，原文保留在数据文件末尾的注释中（{detail}）")
    else:
        out.append("未对应：无")
    if imp.missing:
        out.append("缺少：" + "、".join(imp.missing) + "（请在数据文件中填写）")
    return out
