"""Rules on what the prose says, read the way a reviewer reads a real report (W).

* W-PCT: a percentage next to a count ("208 件（17.46%）") is that count over
  a total the report states or the tables give; percentages of a breakdown
  that covers its total add up to 100 %;
* W-CONTRA: figures of the prose that contradict each other (受理 40 件、
  办结 44 件、办结率 100%);
* W-CLAIM: a qualitative claim the tables contradict ("所有申请均已办结"
  while 结转下年度继续办理 > 0; "复议案件均获维持" while some are 纠正 or 尚未审结);
* W-DUP: a word written twice ("资金资金"), reduplicated words excepted.

Numbers are read with :data:`giar_gen.checks.text.NUM` (spaces and
full-width digits as a PDF leaves them).
"""

from __future__ import annotations

import re
from decimal import Decimal

from giar_gen.checks.catalogue import Context, rule
from giar_gen.checks.text import NUM, chinese_number
from giar_gen.model.report import format_number

_SENTENCE_END = "。！？\n"


def _num(text: str) -> int | None:
    return chinese_number(re.sub(r"\s+", "", text))


def _paragraphs(text: str):
    pos = 0
    for para in text.split("\n"):
        yield pos, para
        pos += len(para) + 1


def _value(ctx: Context, table: str, row: str, col: str):
    values = ctx.table(table)
    if values is None or not values.entered:
        return None
    try:
        return values.value(row, col)
    except KeyError:
        return None


def _sum(ctx: Context, table: str, cells) -> int | None:
    vals = [_value(ctx, table, r, c) for r, c in cells]
    return None if any(v is None for v in vals) else sum(vals)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# W-PCT

_COUNT_PCT = re.compile(r"(?P<n>[\d０-９][\d０-９\s]*)\s*件\s*[（(]\s*(?:占比?|约)?\s*(?P<p>\d+(?:\.\d+)?)\s*[%％]")
_BASE = re.compile(r"(?:受理|收到|新收|办结|办理|答复|共收|收办)[^。；;，,]{0,20}?" + NUM + "件")


def _tolerance(p: str) -> Decimal:
    decimals = len(p.split(".", 1)[1]) if "." in p else 0
    return Decimal(1) / (Decimal(10) ** decimals)  # rounding or truncation to the printed digits


def _pct(n: int, base: int) -> Decimal:
    return Decimal(n) * 100 / Decimal(base)


@rule(
    "W-PCT",
    "error",
    "正文中的百分比与件数÷总数不符，或分项百分比之和不是100%",
    source="年报评估常见问题：正文比例计算错误；各项占比应按同一总数计算，合计为100%",
    cells="正文中“X件（P%）”的写法；总数取正文写明的受理/办结数或表三的本年新收、一加二、（七）总计",
    example="""
正文:
  总体情况: |
    办结1191件，其中予以公开208件（18.46%）……     # 208 ÷ 1191 = 17.46% → W-PCT
""",
)
def w_percentages(ctx: Context):
    table_bases = [
        b
        for b in (
            _value(ctx, "applications", "results.total", "total"),
            _value(ctx, "applications", "new_received", "total"),
            _sum(ctx, "applications", (("new_received", "total"), ("carried_over", "total"))),
        )
        if b
    ]
    for f in ctx.texts():
        for start, para in _paragraphs(f.text):
            found = list(_COUNT_PCT.finditer(para))
            if not found:
                continue
            stated = [v for m in _BASE.finditer(para[: found[0].start()]) if (v := _num(m.group("n")))]
            bases = list(dict.fromkeys(stated + table_bases))
            if not bases:
                continue
            items = []
            for m in found:
                n, p = _num(m.group("n")), Decimal(m.group("p"))
                if n is None:
                    continue
                tol = _tolerance(m.group("p"))
                items.append((m, n, p, [b for b in bases if abs(_pct(n, b) - p) <= tol]))
            # the total the paragraph most likely divides by: the one most of its percentages fit
            likely = max(bases, key=lambda b: (sum(1 for *_, fits in items if b in fits), -bases.index(b)))
            for m, n, _p, fits in items:
                if fits:
                    continue
                yield ctx.finding(
                    f"“{m.group(0).strip()}”：{n} ÷ {likely} = {_pct(n, likely):.2f}%，与写的 {m.group('p')}% 不符",
                    location=ctx.text_location(f, start + m.start("p")),
                    field=f.label,
                    expected=f"{_pct(n, likely):.2f}%（以 {likely} 为总数；{'、'.join(str(x) for x in bases)} 均不符）",
                    actual=f"{m.group('p')}%",
                    hint="核对比例所用的总数和件数。",
                )
            if len(items) >= 3 and sum(n for _, n, _, _ in items) in bases:  # a breakdown of a total
                total_p = sum(p for _, _, p, _ in items)
                tol = sum(_tolerance(m.group("p")) for m, *_ in items) / 2  # each rounded to its digits
                if abs(total_p - 100) > tol:
                    m0 = items[0][0]
                    yield ctx.finding(
                        f"各项件数之和等于总数 {sum(n for _, n, _, _ in items)}，但百分比之和为 {total_p}%",
                        location=ctx.text_location(f, start + m0.start("p")),
                        field=f.label,
                        expected="100%",
                        actual=f"{total_p}%",
                    )


# ---------------------------------------------------------------------------
# W-CONTRA

_ACCEPTED = re.compile(r"(?:受理|收到|新收|共收|收办)[^。；;，,]{0,20}?申请(?:案件)?" + NUM + "件")
_CLOSED = re.compile(r"办结(?:政府信息公开)?(?:申请)?" + NUM + "件")
_CARRIED = re.compile(r"上年度?结转(?:的)?(?:政府信息公开)?(?:申请)?" + NUM + "件")
_RATE = re.compile(r"(?:办结率|答复率|按期办结率|按时办结率)(?:为|达|达到)?\s*(?P<p>\d+(?:\.\d+)?)\s*[%％]")


@rule(
    "W-CONTRA",
    "error",
    "正文中的数字互相矛盾（如受理40件、办结44件、办结率100%）",
    source="正文前后数字应一致：办结率 = 办结数 ÷ 受理数（可含上年结转）；办结数不超过受理数与上年结转之和",
    cells="正文同一段中的“受理/收到…申请X件”“上年结转X件”“办结X件”“办结率P%”",
    example="""
正文:
  总体情况: |
    全年受理政府信息公开申请40件，办结44件，办结率100%。     # 44 ÷ 40 ≠ 100% → W-CONTRA
""",
)
def w_contradictions(ctx: Context):
    for f in ctx.texts():
        for start, para in _paragraphs(f.text):
            acc = [(m, _num(m.group("n"))) for m in _ACCEPTED.finditer(para)]
            closed = [(m, _num(m.group("n"))) for m in _CLOSED.finditer(para)]
            if len(acc) != 1 or len(closed) != 1 or acc[0][1] is None or closed[0][1] is None:
                continue
            a, b = acc[0][1], closed[0][1]
            carried = [v for m in _CARRIED.finditer(para) if (v := _num(m.group("n"))) is not None]
            c = carried[0] if len(carried) == 1 else 0
            m_b = closed[0][0]
            if a and b > a + c:
                yield ctx.finding(
                    f"办结 {b} 件多于受理 {a} 件" + (f"与上年结转 {c} 件之和" if c else "") + "，前后矛盾",
                    location=ctx.text_location(f, start + m_b.start("n")),
                    field=f.label,
                    expected=f"不超过 {a + c}",
                    actual=str(b),
                )
            for m in _RATE.finditer(para):
                p = Decimal(m.group("p"))
                tol = _tolerance(m.group("p"))
                bases = [x for x in {a, a + c} if x]
                if bases and not any(abs(_pct(b, x) - p) <= tol for x in bases):
                    yield ctx.finding(
                        f"办结率 {m.group('p')}% 与受理 {a} 件、办结 {b} 件不符（{b} ÷ {bases[0]} = {_pct(b, bases[0]):.2f}%）",
                        location=ctx.text_location(f, start + m.start("p")),
                        field=f.label,
                        expected=f"{_pct(b, bases[0]):.2f}%",
                        actual=f"{m.group('p')}%",
                    )


# ---------------------------------------------------------------------------
# W-CLAIM

_ALL_DONE = re.compile(
    r"(?:所有|全部)(?:的)?(?:政府信息公开|依申请公开)?申请(?:件)?(?:均|都|全部)?(?:已|已经)?(?:按要求|按时|依法|按期|在法定期限内)?"
    r"(?:办理完成|办理完毕|办结|答复完毕|全部办结|处理完毕)"
    r"|申请(?:件)?(?:均|全部)(?:已|已经)?(?:按时|按期|依法)?(?:办结|办理完毕|办理完成)"
)
_ALL_UPHELD = re.compile(r"(?:行政)?复议(?:案件)?(?:结果)?(?:均|全部|都)(?:获|被|予以|已)?维持")
_NO_CORRECTION = re.compile(
    r"(?:未|没有|无)(?:发生|出现)?[^。；;，,]{0,16}?(?:被(?:行政)?复议(?:机关)?纠错|复议纠错|被纠错)"
)


@rule(
    "W-CLAIM",
    "error",
    "正文的定性说法与表格矛盾（如“所有申请均已办结”而表三有结转下年度的申请）",
    source="年报评估常见问题：正文表述与统计表不符",
    cells="正文中的“所有申请均已办结”“复议案件均获维持”“未发生被复议纠错”；表三 四、结转下年度继续办理；表四 行政复议",
    example="""
正文:
  总体情况: |
    所有申请均已按要求办理完成。     # 表三 结转下年度继续办理 总计为 8 → W-CLAIM
""",
)
def w_claims(ctx: Context):
    forward = _value(ctx, "applications", "carried_forward", "total")
    upheld = _value(ctx, "reviews", "counts", "review.upheld")
    corrected = _value(ctx, "reviews", "counts", "review.corrected")
    other = _value(ctx, "reviews", "counts", "review.other")
    pending = _value(ctx, "reviews", "counts", "review.pending")
    for f in ctx.texts():
        for pattern, bad, what in (
            (_ALL_DONE, forward, lambda: f"表三「四、结转下年度继续办理」为 {format_number(forward)} 件"),
            (
                _ALL_UPHELD,
                None if upheld is None else sum(v or 0 for v in (corrected, other, pending)),
                lambda: (
                    f"表四行政复议结果纠正 {format_number(corrected)} 件、其他结果 {format_number(other)} 件、"
                    f"尚未审结 {format_number(pending)} 件"
                ),
            ),
            (_NO_CORRECTION, corrected, lambda: f"表四行政复议结果纠正为 {format_number(corrected)} 件"),
        ):
            if not bad:
                continue
            for m in pattern.finditer(f.text):
                yield ctx.finding(
                    f"“{m.group(0)}”与表格不符：{what()}",
                    location=ctx.text_location(f, m.start()),
                    field=f.label,
                    expected="与表格一致的说法",
                    actual=m.group(0),
                    hint="核对表格，或改写为与表格一致的说法（如写明结转下年度继续办理的件数）。",
                )


# ---------------------------------------------------------------------------
# W-DUP

#: words written twice on purpose (ABAB reduplication): never flagged
REDUPLICATED = frozenset(
    {
        "研究研究",
        "讨论讨论",
        "学习学习",
        "商量商量",
        "了解了解",
        "检查检查",
        "看看看看",
        "一个一个",
        "一件一件",
        "一步一步",
        "一项一项",
        "一天一天",
        "一年一年",
        "一批一批",
        "一次一次",
        "一条一条",
        "一点一点",
        "一户一户",
        "一村一村",
        "一人一人",
        "一家一家",
        "一份一份",
        "一类一类",
        "一层一层",
        "一级一级",
        "一环一环",
        "一对一对",
        "谢谢谢谢",
        "哈哈哈哈",
        "整改整改",
        "走访走访",
    }
)
_DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,6})\1")


@rule(
    "W-DUP",
    "warning",
    "正文中同一个词连写了两遍（如“资金资金”）",
    source="文字差错：重复字词（GB/T 9704—2012 公文应文字准确）；“研究研究”“一步一步”等有意的重叠词除外",
    cells="引言、正文",
    example="""
正文:
  总体情况: |
    公开2023年科技计划资金资金分配结果……     # → W-DUP
""",
)
def w_doubled(ctx: Context):
    for f in ctx.texts():
        for m in _DOUBLED.finditer(f.text):
            word = m.group(1)
            if m.group(0) in REDUPLICATED or len(set(word)) == 1:
                continue
            yield ctx.finding(
                f"「{word}」连写了两遍：「{m.group(0)}」",
                location=ctx.text_location(f, m.start() + len(word)),
                field=f.label,
                expected=word,
                actual=m.group(0),
                hint="删去重复的字词。",
            )
