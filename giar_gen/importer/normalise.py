"""Text normalisation before mapping: pinyin annotations out, traditional characters to simplified."""

from __future__ import annotations

import re
from functools import cache

from giar_gen.importer.result import Imported
from giar_gen.readers import RawDocument, TextBlock

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
