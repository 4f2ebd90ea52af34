"""Rules on the wording of the narrative text (W).

They run on the text with figure references filled in, and point back at
the user's own characters in the YAML file.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass

from giar_gen.checks.catalogue import Context, rule
from giar_gen.model.numbering import heading_level
from giar_gen.model.references import text_location
from giar_gen.model.report import format_number
from giar_gen.source.fix import punct_fixes

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(s: str) -> int | None:
    """``17`` / ``１７`` / ``十七`` / ``一百零五`` → int; ``None`` if it is not a number."""
    s = unicodedata.normalize("NFKC", s).replace(" ", "")
    if s.isdigit():
        return int(s)
    total, digit = 0, None
    for ch in s:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


#: a number in the prose: digits (full-width too, and with the spaces a PDF
#: leaves around and inside them: "申请 36 件", "3 6 件") or Chinese numerals
NUM = r"\s*(?P<n>[\d０-９](?:[\d０-９]|\s(?=[\d０-９]))*|[零〇一二两三四五六七八九十百千]+)\s*"
_CLAUSE = r"[^。；;，,！？\n]"


# ---------------------------------------------------------------------------
# W-YEAR


#: phrases in which a year is the report year itself
_YEAR_PHRASES = (
    re.compile(
        r"现(?:对|将|就)[^。；;！？\n]{0,30}?(?<!\d)(?P<y>\d{4})\s*年度?[^。]{0,24}?(?:总结|报告|汇报|公布)如下"
    ),
    re.compile(r"(?:现(?:向社会)?公布|现予公布|特此公布)[^。]{0,30}?(?<!\d)(?P<y>\d{4})\s*年度?[^。]{0,24}?年度报告"),
    re.compile(r"本年度?[（(](?P<y>\d{4})\s*年?[）)]"),
)
_PERIOD = re.compile(
    r"统计(?:期限|时限|时间|区间)[^。]{0,6}?(?<!\d)(?P<y1>\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"[^。\d]{0,6}?(?P<y2>\d{4})\s*年"
)
_OPENING = re.compile(r"^(?P<y>\d{4})\s*年度?\s*[，,、]")
_FUTURE = re.compile(r"将|计划|拟|力争|下一步|展望|明年")


@rule(
    "W-YEAR",
    "error",
    "正文中指本报告年度的年份写错了",
    source="年报评估常见问题：沿用上年文字未改年份（如某区人社局2012年报告写“现对我局2011年度政府信息公开工作总结如下”）",
    cells="引言、正文（“现对…年度工作总结如下”、统计期限、各部分首句的年份）",
    example="""
报告年度: 2012
正文:
  概述: |
    ……现对我局2011年度政府信息公开工作总结如下：     # → W-YEAR
# 下一年度的打算（“2013年，我局将……”）不会被提示
""",
    needs=("报告年度",),
)
def w_year(ctx: Context):
    year = ctx.report.year
    for f in ctx.texts():
        text = f.text
        hits: list[tuple[int, int]] = []  # (offset of the year, the year)
        for pat in _YEAR_PHRASES:
            for m in pat.finditer(text):
                hits.append((m.start("y"), int(m.group("y"))))
        for m in _PERIOD.finditer(text):
            hits.append((m.start("y1"), int(m.group("y1"))))
            hits.append((m.start("y2"), int(m.group("y2"))))
        first = True
        for line_start, line in _lines(text):
            if not line.strip():
                continue
            if first:
                m = _OPENING.match(line.lstrip())
                if m:
                    sentence = re.split(r"[。！？]", line)[0]
                    if not _FUTURE.search(sentence):
                        hits.append((line_start + (len(line) - len(line.lstrip())) + m.start("y"), int(m.group("y"))))
            first = False
        for offset, y in sorted(set(hits)):
            if y != year:
                yield ctx.finding(
                    f"「{y}年」指的是本报告的年度，应为「{year}年」",
                    location=ctx.text_location(f, offset),
                    field=f.label,
                    expected=f"{year}年",
                    actual=f"{y}年",
                    hint="常见于沿用上一年度报告的文字。",
                )


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


# ---------------------------------------------------------------------------
# W-NUM


@dataclass(frozen=True)
class ProseFigure:
    """A figure the prose states with a known phrase, and the table cells it
    must equal: ``(table id, row id or "prefix.*", column id)``, summed."""

    name: str
    pattern: re.Pattern
    cells: tuple[tuple[str, str, str], ...]
    zero: bool = False  # the phrase says "none" (未收到…申请)
    #: another meaning the wording may have (受理/收到/收办 = 本年新收, or 一 + 二):
    #: a figure matching either meaning is right
    also: tuple[tuple[str, str, str], ...] = ()
    also_name: str = ""


def _p(s: str) -> re.Pattern:
    return re.compile(s.replace("NUM", NUM).replace("CL", _CLAUSE))


_NOT_REVIEW = r"(?!\s*(?:提起|行政复议|行政诉讼|复议|诉讼))"
#: "未发生…被行政复议纠错": the outcome is denied, not the case
_NOT_OUTCOME = r"(?![^。；;，,]{0,6}?(?:纠错|纠正|败诉|撤销|确认违法|维持))"

_NEW = (("applications", "new_received", "total"),)
_NEW_AND_CARRIED = (("applications", "new_received", "total"), ("applications", "carried_over", "total"))
_ORGS = ("commercial", "research", "public_interest", "legal_service", "other")

PROSE_FIGURES: tuple[ProseFigure, ...] = (
    # "新收" is the table's own word for 一 only: no second meaning
    ProseFigure(
        "本年新收政府信息公开申请", _p(r"新收CL{0,30}?申请(?:案件|数量)?(?:共|总计|合计|总数)?(?:为|达)?NUM件"), _NEW
    ),
    ProseFigure(
        "本年新收政府信息公开申请",
        _p(r"(?:收到|受理|接到|接收|共收|收办)CL{0,30}?申请(?:案件|数量)?(?:共|总计|合计|总数)?(?:为|达)?NUM件"),
        _NEW,
        also=_NEW_AND_CARRIED,
        also_name="本年新收与上年结转之和",
    ),
    ProseFigure(
        "本年新收政府信息公开申请", _p(r"(?:未|没有)(?:收到|接到|受理)CL{0,30}?申请" + _NOT_REVIEW), _NEW, zero=True
    ),
    ProseFigure(
        "自然人的申请",
        _p(r"(?<![^，,；;：:其中\s])自然人(?:提出的?)?申请(?:共)?NUM件"),
        (("applications", "new_received", "natural_person"),),
        also=(("applications", "new_received", "natural_person"), ("applications", "carried_over", "natural_person")),
        also_name="自然人一列本年新收与上年结转之和",
    ),
    ProseFigure(
        "法人或其他组织的申请",
        _p(r"法人(?:或|和|及)其他组织(?:提出的?)?申请(?:共)?NUM件"),
        tuple(("applications", "new_received", c) for c in _ORGS),
        also=tuple(("applications", r, c) for r in ("new_received", "carried_over") for c in _ORGS),
        also_name="法人或其他组织各列本年新收与上年结转之和",
    ),
    ProseFigure(
        "上年结转申请",
        _p(r"上年度?结转(?:的)?(?:政府信息公开)?(?:申请)?NUM件"),
        (("applications", "carried_over", "total"),),
    ),
    ProseFigure(
        "结转下年度继续办理",
        _p(r"结转(?:至|到)?下一?年度?(?:继续办理)?(?:的)?(?:申请)?NUM件"),
        (("applications", "carried_forward", "total"),),
    ),
    ProseFigure(
        "办结申请",
        _p(r"(?:办结|共办理|已办理)(?:完成|完毕)?(?:政府信息公开)?(?:申请)?NUM件"),
        (("applications", "results.total", "total"),),
    ),
    ProseFigure(
        "予以公开和部分公开",
        _p(r"予以公开(?:和|及|、|与)部分公开(?:共)?NUM件"),
        (("applications", "results.disclosed", "total"), ("applications", "results.partly_disclosed", "total")),
    ),
    ProseFigure(
        "予以公开", _p(r"(?:(?<!不)予以公开|同意公开)(?:答复)?NUM件"), (("applications", "results.disclosed", "total"),)
    ),
    ProseFigure(
        "部分公开",
        _p(r"(?<![及和、与])部分公开(?:答复)?NUM件"),
        (("applications", "results.partly_disclosed", "total"),),
    ),
    ProseFigure("不予公开", _p(r"不予公开(?:答复|的)?NUM件"), (("applications", "results.withheld.*", "total"),)),
    ProseFigure("无法提供", _p(r"无法提供(?:答复|的)?NUM件"), (("applications", "results.unable.*", "total"),)),
    ProseFigure("不予处理", _p(r"不予处理(?:答复|的)?NUM件"), (("applications", "results.not_processed.*", "total"),)),
    ProseFigure("其他处理", _p(r"其他处理(?:答复|的)?NUM件"), (("applications", "results.other_handling.*", "total"),)),
    ProseFigure(
        "本年制发规范性文件",
        _p(r"制发(?:行政)?规范性文件(?:共)?NUM件"),
        (("proactive", "normative_documents", "issued"),),
    ),
    ProseFigure(
        "本年废止规范性文件",
        _p(r"废止(?:行政)?规范性文件(?:共)?NUM件"),
        (("proactive", "normative_documents", "repealed"),),
    ),
    ProseFigure(
        "本年废止规范性文件",
        _p(r"制发(?:行政)?规范性文件\d+件[，,、]\s*废止NUM件"),
        (("proactive", "normative_documents", "repealed"),),
    ),
    ProseFigure(
        "现行有效规范性文件",
        _p(r"现行有效(?:的)?(?:行政)?规范性文件(?:共)?(?:为)?NUM件"),
        (("proactive", "normative_documents", "in_force"),),
    ),
    ProseFigure("行政许可处理决定", _p(r"行政许可(?:决定)?(?:共)?NUM件"), (("proactive", "licensing", "decisions"),)),
    ProseFigure(
        "行政处罚处理决定", _p(r"行政处罚(?:决定|案件)?(?:共)?NUM件"), (("proactive", "penalties", "decisions"),)
    ),
    ProseFigure(
        "行政强制处理决定", _p(r"行政强制(?:决定|措施)?(?:共)?NUM件"), (("proactive", "enforcement", "decisions"),)
    ),
    ProseFigure(
        "政府信息公开行政复议", _p(r"行政复议(?:案件|申请)?(?:共)?NUM件"), (("reviews", "counts", "review.total"),)
    ),
    ProseFigure(
        "政府信息公开行政复议",
        _p(r"(?:未|没有)(?:发生|收到|出现)CL{0,24}?行政复议" + _NOT_OUTCOME),
        (("reviews", "counts", "review.total"),),
        zero=True,
    ),
    ProseFigure(
        "政府信息公开行政诉讼",
        _p(r"行政诉讼(?:案件)?(?:共)?NUM件"),
        (("reviews", "counts", "direct_suit.total"), ("reviews", "counts", "suit_after_review.total")),
    ),
    ProseFigure(
        "政府信息公开行政诉讼",
        _p(r"(?:未|没有)(?:发生|收到|出现)CL{0,24}?行政诉讼" + _NOT_OUTCOME),
        (("reviews", "counts", "direct_suit.total"), ("reviews", "counts", "suit_after_review.total")),
        zero=True,
    ),
)

#: a count of review or suit cases by their filing, not by the outcomes 表四 counts: a difference
#: of scope is possible, so a mismatch is a warning
_FILED = re.compile(r"备案|立案|新收|新增|新发生|被提起|收到|受理")

#: words just before a phrase that mean it is not about this year's figure
_OTHER_PERIOD = re.compile(r"上年|去年|上一年|前年|同比|较|比|截至|累计|历年|\d{4}\s*年")


def _table_sum(ctx: Context, cells):
    """``(total, cells)`` of the table cells a figure sums; ``(None, blank cells)``
    when a cell it needs is not filled in; ``(None, [])`` when the table or
    the cell does not exist (another edition) or the table is empty."""
    total, refs, blanks = 0, [], []
    for table_id, row_spec, col_id in cells:
        values = ctx.table(table_id)
        if values is None or not values.entered:
            return None, []
        t = values.table
        if row_spec.endswith(".*"):
            rows = [r.id for r in t.rows if r.id.startswith(row_spec[:-1])]
        else:
            rows = [row_spec]
        existing = {(r.id, c.id) for r, c in t.cells()}
        for row_id in rows:
            if (row_id, col_id) not in existing:
                return None, []  # this edition has no such cell
            v = values.value(row_id, col_id)
            ref = ctx.cell(values, row_id, col_id)
            if v is None:
                blanks.append(ref)
                continue
            total += v
            refs.append(ref)
    if not refs and not blanks:
        return None, []
    if blanks:
        return None, blanks
    return total, refs


@rule(
    "W-NUM",
    "error",
    "正文中写的数字与表格不一致",
    source="年报评估常见问题：正文数字与表格不一致（如某市2019年报正文“予以公开及部分公开258件”与表格不符）",
    cells="正文中“收到…申请X件”“上年结转X件”“办结X件”“现行有效…X件”“行政复议X件”等，及对应的表格单元格",
    example="""
正文:
  总体情况: |
    全年共受理政府信息公开申请17件……      # 表三 本年新收 总计为 95 → W-NUM
# 改写为“全年共受理政府信息公开申请{申请办理情况.本年新收}件”，数字就从表格自动填入
""",
)
def w_numbers(ctx: Context):
    year = ctx.report.year
    for f in ctx.texts():
        text = f.text
        seen: set[int] = set()
        for fig in PROSE_FIGURES:
            for m in fig.pattern.finditer(text):
                sentence_start = max(text.rfind(c, 0, m.start()) for c in "。；;！？\n") + 1
                clause_start = max(text.rfind(c, 0, m.start()) for c in "。；;！？，,\n") + 1
                before = text[max(clause_start, m.start() - 10) : m.start()]
                if _OTHER_PERIOD.search(before) and not fig.name.startswith("上年"):
                    continue
                years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})\s*年", text[sentence_start : m.end()])]
                if any(y != year for y in years):
                    continue
                if fig.zero:
                    stated, offset = 0, m.start()
                elif m.group("n") == "一":
                    continue  # "办结一件申请、解决一个问题": 一件 = each one, not a count
                else:
                    stated, offset = chinese_number(m.group("n")), m.start("n")
                if stated is None or offset in seen:
                    continue
                expected, refs = _table_sum(ctx, fig.cells)
                if expected is None:
                    if refs:  # a cell it sums is blank: say so, never skip silently
                        seen.add(offset)
                        names = "、".join(c.label for c in refs[:3]) + ("等" if len(refs) > 3 else "")
                        yield ctx.not_assessable(
                            f"“{m.group(0).strip()}”无法与表格核对：{fig.name}所需的{names}未填写",
                            location=ctx.text_location(f, offset),
                            field=f.label,
                            cells=refs,
                            hint="表格填写完整后再核对。",
                        )
                    continue
                seen.add(offset)
                if stated == expected:
                    continue
                other = None
                if fig.also:
                    other, other_refs = _table_sum(ctx, fig.also)
                    if other is not None and stated == other:
                        continue  # the other meaning of the wording (受理 = 一 + 二)
                said = m.group(0).strip()
                meaning = f"（{fig.also_name}为 {format_number(other)}）" if other is not None else ""
                scope = _FILED.search(text[sentence_start : m.start()]) if fig.cells[0][0] == "reviews" else None
                if scope:
                    meaning += (
                        f"；原文计的是“{scope.group(0)}”的案件，表四按复议、诉讼的结果统计（含上年未结、"
                        "本年尚未审结的），口径可能不同，请核对"
                    )
                found = ctx.finding(
                    f"“{said}”与表格中的{fig.name}（{format_number(expected)}）不一致{meaning}",
                    location=ctx.text_location(f, offset),
                    field=f.label,
                    cells=refs,
                    expected=format_number(expected) + (f" 或 {format_number(other)}" if other is not None else ""),
                    actual=stated,
                    hint="可用引用代替手写数字，如 {申请办理情况.本年新收}，生成时自动从表格填入。",
                )
                yield dataclasses.replace(found, severity="warning") if scope else found


# ---------------------------------------------------------------------------
# W-SEQ, W-HEAD: numbering


_SEQ = re.compile(r"(?:^|(?<=[：:，,；;。！？\s（(、“]))([一二三四五六七八九十]{1,3})是")


@rule(
    "W-SEQ",
    "warning",
    "“一是……二是……”的序号有跳号或重复",
    source="公文序号应连续（GB/T 9704—2012 层次序数）",
    cells="引言、正文",
    example="""
正文:
  存在的主要问题及改进情况: |
    主要表现为：一是……；二是……；四是……。     # 缺“三是” → W-SEQ
""",
)
def w_sequence(ctx: Context):
    for f in ctx.texts():
        last = 0
        for line_start, line in _lines(f.text):
            if heading_level(line.strip()):
                last = 0
            for m in _SEQ.finditer(line):
                n = chinese_number(m.group(1))
                if n is None:
                    continue
                if n == 1 or n == last + 1:
                    last = n
                    continue
                what = (
                    f"重复了「{m.group(1)}是」"
                    if n == last
                    else (
                        f"「{m.group(1)}是」前面缺少「{_cn(last + 1)}是」"
                        if n > last
                        else f"「{m.group(1)}是」接在「{_cn(last)}是」之后"
                    )
                )
                yield ctx.finding(
                    f"序号{what}",
                    location=ctx.text_location(f, line_start + m.start(1)),
                    field=f.label,
                    expected=f"{_cn(last + 1)}是",
                    actual=f"{m.group(1)}是",
                )
                last = n


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _marker_number(marker: str) -> int | None:
    inner = re.sub(r"[（()）.．、\s]", "", marker)
    return chinese_number(inner)


@rule(
    "W-HEAD",
    "warning",
    "小标题序号（一）（二）、1. 2.、（1）（2）有跳号或重复",
    source="公文层次序数应连续（GB/T 9704—2012）；seed 001 第五部分（一）之后直接是（三）",
    cells="正文各部分的小标题",
    example="""
正文:
  存在的主要问题及改进情况: |
    （一）进一步丰富政府信息公开内容
    ……
    （三）建立健全长效工作机制        # 缺（二） → W-HEAD
""",
)
def w_headings(ctx: Context):
    for f in ctx.texts():
        counters: dict[int, int] = {}
        for line_start, line in _lines(f.text):
            stripped = line.strip()
            found = heading_level(stripped)
            if not found:
                continue
            level, marker = found
            n = _marker_number(marker)
            if n is None:
                continue
            for deeper in [lv for lv in counters if lv > level]:
                del counters[deeper]
            last = counters.get(level, 0)
            counters[level] = n
            if n == last + 1:
                continue
            expected = _format_marker(marker, last + 1)
            what = (
                f"小标题「{marker}」重复"
                if n == last
                else (f"小标题「{marker}」前缺少「{expected}」" if n > last else f"小标题「{marker}」的序号倒退了")
            )
            offset = line_start + (len(line) - len(line.lstrip()))
            yield ctx.finding(
                what, location=ctx.text_location(f, offset), field=f.label, expected=expected, actual=marker
            )


def _format_marker(marker: str, n: int) -> str:
    inner = re.sub(r"[（()）.．、\s]", "", marker)
    number = str(n) if inner.isdigit() else _cn(n)
    return re.sub(re.escape(inner), number, marker, count=1)


# ---------------------------------------------------------------------------
# W-PUNCT


def excerpt(text: str, i: int, before: int = 4, after: int = 5) -> str:
    """About ``before`` characters before ``i`` and ``after`` from it, widened
    so that no number or Latin word is cut in half (「2012年,我局在区」, not 「012年,…」)."""
    start, end = max(0, i - before), min(len(text), i + after)

    def word(ch: str) -> bool:
        return ch.isascii() and ch.isalnum()

    while 0 < start < len(text) and word(text[start - 1]) and word(text[start]):
        start -= 1
    while 0 < end < len(text) and word(text[end]) and word(text[end - 1]):
        end += 1
    return text[start:end]


@rule(
    "W-PUNCT",
    "warning",
    "中文之间用了半角标点（, ( ) : ; ? ! 和句末的 .）",
    source="GB/T 15834—2011《标点符号用法》：中文用全角标点；常见于从网页粘贴的文字",
    cells="引言、正文",
    example="""
正文:
  总体情况: |
    2012年,我局在区委(区政府)的领导下……     # → W-PUNCT
# giar-gen fix 数据文件.yaml 可一次改为全角，注释和格式不变
""",
)
def w_punctuation(ctx: Context):
    for f in ctx.texts():
        fixes = punct_fixes(f.original)
        if not fixes:
            continue
        first = fixes[0][0]
        sample = excerpt(f.original, first).replace("\n", " ")
        loc = text_location(ctx.report.source, f.path, f.original, first)  # offsets of the original text
        yield ctx.finding(
            f"有 {len(fixes)} 处半角标点夹在中文之间（如「{sample}」）",
            location=loc,
            field=f.label,
            expected="全角标点（，（）：；？！。）",
            actual=f"{len(fixes)} 处半角",
            hint="运行 giar-gen fix 数据文件.yaml 自动改为全角（只改文字，保留注释和格式）。",
        )
