"""A report's metadata: title, agency, year, dates, statistical period, contact details.

Patterns and parsers for the lines around the parts, and the importer's steps that use them
(:class:`MetadataSteps`, mixed into the importer).
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

from giar_gen.importer.result import _row_text, escape_braces
from giar_gen.importer.tables import label_core, unique_labels
from giar_gen.model.tables import Edition, edition_for_year, editions
from giar_gen.readers import Pos, TextBlock

# ---------------------------------------------------------------------------
# patterns for the parts of a page

_PART_HEADING = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]\s*(\S.{0,48})$")
_DATE_LINE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")
_HAN_DATE_LINE = re.compile(
    r"^([〇○零ＯO一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日?$"
)
_ANY_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_META_LINE = re.compile(
    r"(发布时间|发布日期|公开日期|公开时间|更新时间|成文日期|时间|日期|来源|浏览次数|浏览量|访问量|点击数|点击率|作者|字号|信息来源|索引号|发文机关)\s*[:：]"
)
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


def _is_meta_line(text: str) -> bool:
    return bool(_META_LINE.search(text)) and len(text) <= 160 and not text.endswith("。")


def _is_breadcrumb(text: str) -> bool:
    return bool(_BREADCRUMB.search(text)) and len(text) <= 80 and "。" not in text


def _meta_date(text: str) -> _dt.date | None:
    m = re.search(r"(发布时间|发布日期|公开日期|公开时间|时间|日期)\s*[:：]\s*(.+)", text)
    return _any_date(m.group(2) if m else text)


#: a CMS page's publication date, with or without a colon ("公开日期2024-01-17", "发布时间：2024年1月17日")
_PAGE_DATE = re.compile(
    r"(?:发布时间|发布日期|公开日期|公开时间)\s*[:：]?\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})"
)
_SIGNED_DATE = re.compile(r"成文日期\s*[:：]?\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")


def page_dates(texts: list[str]) -> tuple[_dt.date | None, _dt.date | None]:
    """``(publication date, 成文日期)`` a CMS page prints in its metadata lines
    (before or after the title), e.g. "发布机构××局公开日期2024-01-17"."""
    published = signed = None
    for t in texts:
        if len(t) > 160:
            continue
        m = _PAGE_DATE.search(t)
        if m and published is None:
            published = _any_date(m.group(1))
        m = _SIGNED_DATE.search(t)
        if m and signed is None:
            signed = _any_date(m.group(1))
    return published, signed


def _parse_meta_date(value: str | None) -> _dt.date | None:
    if not value:
        return None
    return _any_date(value)


def _looks_like_title(text: str) -> bool:
    t = text.strip()
    return (
        4 <= len(t) <= 90
        and bool(_TITLE_WORDS.search(t))
        and bool(re.search(r"(?:报告|年报)[）)]?$", t))
        and not _PART_HEADING.match(t)
        and "。" not in t
        and not _is_breadcrumb(t)
        and not _is_meta_line(t)
    )


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

#: the four municipalities directly under the central government are of the
#: provincial level, though their names end in 市
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


def guess_kind_level(name: str) -> tuple[str, str | None]:
    """The kind and level of an agency, guessed from its name (the importer
    marks them for checking): ``人民政府`` for a government (and 街道办事处),
    else ``部门``; the level from the last administrative unit the name starts with."""
    kind = (
        "人民政府"
        if re.search(r"(人民政府|街道办事处)$", name)
        else ("其他" if re.search(r"(?:管理委员会|管委会)$", name) else "部门")
    )
    units = [u for group, _ in _UNIT_LEVELS for u in group]
    prefix_re = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:" + "|".join(sorted(units, key=len, reverse=True)) + ")")
    pos, last = 0, None
    body = re.sub(r"人民政府.*$", "", name) if kind == "人民政府" else name
    while True:
        m = prefix_re.match(body, pos)
        if not m:
            break
        rest = body[m.end() :]
        if not rest and kind != "人民政府":
            break
        last, pos = m.group(0), m.end()
    if last is None:
        first = body[:1]
        for group, level in _UNIT_LEVELS:
            if first in group:
                return kind, level
        return kind, None
    if last in _MUNICIPALITIES:
        return kind, "省级"
    for group, level in _UNIT_LEVELS:
        if last.endswith(group):
            return kind, level
    return kind, None


def _period(text: str) -> tuple[_dt.date, _dt.date] | None:
    t = unicodedata.normalize("NFKC", text)
    m = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:起)?\s*(?:至|到|-|—|~)\s*(\d{4})年(\d{1,2})月(\d{1,2})日", t)
    if not m or "统计" not in t[max(0, m.start() - 30) : m.start() + 1]:
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


class MetadataSteps:
    """The importer's steps that find the title, year, agency, edition and intro."""

    def _find_title(self) -> tuple[int | None, str | None, Pos]:
        limit = next(
            (i for i, b in enumerate(self.blocks) if isinstance(b, TextBlock) and _PART_HEADING.match(b.text)),
            len(self.blocks),
        )
        candidates = [
            (i, b) for i, b in enumerate(self.blocks[:limit]) if isinstance(b, TextBlock) and _looks_like_title(b.text)
        ]
        meta = self.raw.meta.get("title") or ""
        meta_titles = [_clean_title(p) for p in re.split(r"\s*[_|｜]\s*|\s+[-—–]+\s+", meta) if _looks_like_title(p)]
        for want in ("hint", "meta", "any"):
            for i, b in candidates:
                if (want == "hint" and b.hint != "title") or (
                    want == "meta" and _clean_title(b.text) not in meta_titles
                ):
                    continue
                return i, _clean_title(b.text), b.pos
        if meta_titles:
            self.imp.note("I001", "报告正文中没有标题行：标题取自网页/文件的标题", meta_titles[0], None, "info")
            return None, meta_titles[0], None
        return None, None, None

    # -- parts ------------------------------------------------------------------

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
                return (
                    guess if guess in tops else min(tops, key=lambda y: first_text.find(str(y)))
                ), "正文所述年度和落款日期"
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
                imp.note(
                    "I005", f"联系方式中未能识别的项「{item}」（原文仍在引言中）", pos=intro[0][1], severity="info"
                )

    # -- layout and parts --------------------------------------------------------
