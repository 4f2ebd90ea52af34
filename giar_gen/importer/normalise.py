"""Text normalisation before mapping: pinyin annotations out, traditional characters to simplified."""

from __future__ import annotations

import re
from functools import cache

from giar_gen.importer.result import Imported
from giar_gen.readers import RawDocument, TextBlock

# ---------------------------------------------------------------------------
# text normalisation

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = re.compile(rf"(?<=[\u3400-\u9fff])[（(]([a-zü]*[{_TONED}][a-zü{_TONED}]*)[）)]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def strip_pinyin(text: str) -> str:
    """Remove pinyin annotations after characters: 區(qū) → 區."""
    return _PINYIN.sub("", text)


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _tw2s():
    import opencc

    return opencc.OpenCC("tw2s")


#: words in which 著 means “writing” or “notable” and stays 著 in simplified text
#: although OpenCC's tw2s gives 着 (土着, 论着, 专着 …); its own phrases
#: (显著, 著作, 著名 …) it gets right
ZHU_KEPT = ("土著", "卓著", "彰著", "论著", "原著", "专著", "编著", "遗著", "译著", "拙著")
#: … unless the word is the end of a verb followed by the particle 着 (讨论着)
_VERB_BEFORE = {"论著": "讨议评争辩谈", "编著": "改汇"}


#: words that follow the particle 着 and that tw2s reads as 著作 (发挥著作用)
_ZHAO_BEFORE = ("作用",)


def _kept_zhu(text: str, i: int) -> bool:
    for word in ZHU_KEPT:
        start = i - word.index("著")
        if start >= 0 and text[start : start + len(word)] == word:
            return not (start > 0 and text[start - 1] in _VERB_BEFORE.get(word, ""))
    return False


def to_simplified(text: str) -> str:
    """``text`` in simplified characters (OpenCC t2s), with one trap of t2s
    mended: a traditional text that writes 著 for 着 (著力, 隨著, 存在著, the
    Taiwan and Hong Kong convention) gets 着, as tw2s decides word by word,
    except in the words of :data:`ZHU_KEPT` (显著, 著作, 土著 …)."""
    simplified = _t2s().convert(text)
    if "著" not in simplified:
        return simplified
    tw = _tw2s().convert(text)
    if len(tw) != len(simplified):
        return simplified
    out = list(simplified)
    for i, ch in enumerate(simplified):
        if ch != "著":
            continue
        if (tw[i] == "着" and not _kept_zhu(simplified, i)) or simplified.startswith(_ZHAO_BEFORE, i + 1):
            out[i] = "着"
    return "".join(out)


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
    for b in raw.blocks:
        if isinstance(b, TextBlock):
            b.text = to_simplified(b.text)
        else:
            for row in b.rows:
                for c in row:
                    c.text = to_simplified(c.text)
    for k in ("title", "author"):
        if k in raw.meta:
            raw.meta[k] = to_simplified(raw.meta[k])
    if imp is not None:
        imp.mapped.append("繁体字已转换为简体字（OpenCC t2s）")
    return True
