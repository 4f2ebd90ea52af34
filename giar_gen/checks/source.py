"""Rules about how the data file is written (not about the report's content)."""

from __future__ import annotations

from giar_gen.checks.catalogue import Context, rule


@rule(
    "S-FULLWIDTH",
    "warning",
    "数据文件中用全角符号代替了 YAML 的冒号、逗号或空格（已按半角读取）",
    source="YAML 格式：键后的冒号、方括号中的逗号、缩进须用半角字符；中文输入法默认输入全角",
    cells="数据文件中出现全角符号的位置（正文文字中的全角标点不在此列）",
    example="""
行政处罚：298          # 全角冒号，按「行政处罚: 298」读取 → S-FULLWIDTH
规章: [0，0，0]        # 全角逗号，按「[0, 0, 0]」读取 → S-FULLWIDTH
""",
)
def s_fullwidth(ctx: Context):
    smap = ctx.report.source
    for note in getattr(smap, "notes", ()) if smap is not None else ():
        yield ctx.finding(note.message, location=note.location, hint=note.hint)
