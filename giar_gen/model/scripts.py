"""The scripts a report can be printed in: 简体 and the 繁體 variants (names, aliases, OpenCC setting).

The data file's ``文字`` and ``--script`` name one of these; the conversion itself is
:mod:`giar_gen.writers.script`.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Script(NamedTuple):
    id: str  # hans, s2t, s2tw, s2twp, s2hk
    name: str  # Chinese name shown to users
    lang: str  # BCP 47 tag for html lang / document language
    opencc: str | None  # OpenCC configuration, None for no conversion
    suffix: str  # added to output file names ("" for simplified)


SCRIPTS: dict[str, Script] = {
    "hans": Script("hans", "简体", "zh-CN", None, ""),
    "hant": Script("hant", "繁体", "zh-Hant", "s2tw", ".zh-Hant"),
    "s2t": Script("s2t", "繁体-OpenCC标准字形", "zh-Hant", "s2t", ".zh-Hant"),
    "s2tw": Script("s2tw", "繁体-台湾", "zh-TW", "s2tw", ".zh-TW"),
    "s2twp": Script("s2twp", "繁体-台湾用语", "zh-TW", "s2twp", ".zh-TW"),
    "s2hk": Script("s2hk", "繁体-香港", "zh-HK", "s2hk", ".zh-HK"),
}

#: Every spelling accepted on the command line and in ``文字``, mapped to a script id.
ALIASES: dict[str, str] = {
    "hans": "hans",
    "简体": "hans",
    "簡體": "hans",
    "zh-cn": "hans",
    "zh-hans": "hans",
    "hant": "hant",
    "繁体": "hant",
    "繁體": "hant",
    "zh-hant": "hant",
    "s2t": "s2t",
    "s2tw": "s2tw",
    "繁体-台湾": "s2tw",
    "繁體-台灣": "s2tw",
    "zh-tw": "s2tw",
    "hant-tw": "s2tw",
    "s2twp": "s2twp",
    "繁体-台湾用语": "s2twp",
    "繁體-台灣用語": "s2twp",
    "s2hk": "s2hk",
    "繁体-香港": "s2hk",
    "繁體-香港": "s2hk",
    "zh-hk": "s2hk",
    "hant-hk": "s2hk",
}

#: The values the data file's ``文字`` field accepts (for the JSON Schema and messages).
FIELD_VALUES: tuple[str, ...] = (
    "简体",
    "繁体",
    "繁体-台湾",
    "繁体-台湾用语",
    "繁体-香港",
    "hans",
    "hant",
    "s2t",
    "s2tw",
    "s2twp",
    "s2hk",
)


def _canon(name: str) -> str:
    s = name.strip().lower().replace("（", "-").replace("(", "-").replace("）", "").replace(")", "")
    return re.sub(r"[\s_]+", "", s).replace("--", "-")


def resolve(name: str | None) -> Script:
    """The script for a name (any spelling in :data:`ALIASES`); ``None`` is simplified.

    Raises ``ValueError`` with a Chinese message for an unknown name.
    """
    if name is None or name == "":
        return SCRIPTS["hans"]
    sid = ALIASES.get(_canon(name))
    if sid is None:
        raise ValueError(f"未知的文字「{name}」，可用：{'、'.join(FIELD_VALUES)}")
    return SCRIPTS[sid]
