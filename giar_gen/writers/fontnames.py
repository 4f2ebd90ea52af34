"""CSS ``font-family`` lists by role (interim: replaced by giar_gen.fonts)."""

from __future__ import annotations

_ROLES = {
    "title": ("方正小标宋简体", "方正小标宋_GBK", "华文中宋", "STZhongsong", "Noto Serif CJK SC", "serif"),
    "body": ("仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "serif"),
    "heading1": ("黑体", "SimHei", "STHeiti", "Noto Sans CJK SC", "sans-serif"),
    "heading2": ("楷体_GB2312", "楷体", "KaiTi", "STKaiti", "LXGW WenKai", "serif"),
    "page_number": ("宋体", "SimSun", "STSong", "Noto Serif CJK SC", "serif"),
    "table": ("仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "serif"),
}


def css_families() -> dict[str, str]:
    def q(name: str) -> str:
        return name if name in ("serif", "sans-serif") else f'"{name}"'

    return {role: ", ".join(q(n) for n in names) for role, names in _ROLES.items()}
