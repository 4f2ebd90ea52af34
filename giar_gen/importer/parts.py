"""The numbered parts of a report: headings found, matched to a layout, their text and local tables.

Includes the importer's steps for parts (:class:`PartSteps`, mixed into the importer).
"""

from __future__ import annotations

import re
from typing import Any

from giar_gen.importer.metadata import (
    _FURNITURE,
    _PART_HEADING,
    _is_breadcrumb,
    numeral_value,
    parse_date_line,
)
from giar_gen.importer.result import PartFound, _row_text, escape_braces
from giar_gen.importer.tables import cell_is_value, identify_table, label_core
from giar_gen.model.layouts import Layout, builtin_layouts, layout_for_year
from giar_gen.readers import Pos, RawCell, TableBlock, TextBlock


def _known_part_title(title: str) -> bool:
    return any(part_score(title, p.names()) >= PART_THRESHOLD for lay in builtin_layouts().values() for p in lay.parts)


def _is_table_label(title: str) -> bool:
    """A heading that is a row label of an official table ("一、本年新收…"), not a part."""
    from giar_gen.importer.tables import _table_labels

    core = label_core(title)
    return any(core in labels for labels in _table_labels().values())


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
    for _s, _, i, key in sorted(pairs, reverse=True):
        if result[i] is None and key not in taken:
            result[i] = key
            taken.add(key)
    return result


class PartSteps:
    """The importer's steps that find the parts, match them to a layout and fill them."""

    def _part_indices(self, start: int) -> list[tuple[int, int, str, str]]:
        """``(block index, number, heading, title)`` of the part headings: lines
        "一、…", "二、…" numbered in sequence. When the numbering restarts
        (a report numbering the sub-topics of 总体情况 as parts, then starting
        again at "一、" for the tables), the headings that name a part are the
        parts; every numbered heading is kept in ``self.outline`` for the
        outline check."""
        out = []
        candidates = []
        expected = 1
        for i in range(start, len(self.blocks)):
            b = self.blocks[i]
            if not isinstance(b, TextBlock):
                continue
            m = _PART_HEADING.match(b.text)
            if not m or "。" in b.text[:-1] or len(b.text) > 50:
                continue
            n = numeral_value(m.group(1))
            if n is None:
                continue
            title = m.group(2).strip().rstrip("：:")
            if not _is_table_label(title):
                candidates.append((i, n, b.text, title))
            if n < expected:
                continue
            if n > expected and not (n <= expected + 3 and _known_part_title(m.group(2))):
                continue  # a gap in the numbering only before a heading a built-in layout knows
            out.append((i, n, b.text, title))
            expected = n + 1
        accepted = {c[0] for c in out}
        skipped_known = [c for c in candidates if c[0] not in accepted and _known_part_title(c[3])]
        if skipped_known:
            out = [c for c in candidates if _known_part_title(c[3])]
            self.outline_restarts = True
        self.outline_heads = candidates if skipped_known else list(out)
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
            if (
                isinstance(prev, TextBlock)
                and len(prev.text) <= 40
                and not re.search(r"[。；;：:，,]$", prev.text)
                and not _PART_HEADING.match(prev.text)
                and "。" not in prev.text
            ):
                signature, sig_pos = prev.text, prev.pos
                end = i - 1
                self._signature_blocks.append(prev)
            self._signature_blocks.append(b)
            self.date_text = b.text
            return end, signature, d, sig_pos, b.pos
        # no date: the report ends where the page furniture starts
        end = n
        while (
            end > start and isinstance(self.blocks[end - 1], TextBlock) and _FURNITURE.match(self.blocks[end - 1].text)
        ):
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
            for b in self.blocks[i + 1 : stop]:
                if isinstance(b, TableBlock):
                    self.part_of[id(b)] = len(parts)
                    lines = part.text_after_table if part.tables else part.lines
                    if lines and _looks_like_caption(lines[-1][0]):
                        self.captions[id(b)] = (lines, lines[-1])
                    part.tables.append(b)
                elif _FURNITURE.match(b.text) or (_is_breadcrumb(b.text) and len(b.text) < 40):
                    self.imp.note(
                        "I102", f"「{heading}」中的网页残留内容（图片文件名、分享提示等）", b.text, b.pos, "info"
                    )
                elif part.tables:
                    part.text_after_table.append((b.text, b.pos))
                else:
                    part.lines.append((b.text, b.pos))
            parts.append(part)
        return parts

    def _layout(self, parts: list[PartFound], year: int | None, tables) -> Layout:
        by_year = layout_for_year(year) if year else builtin_layouts()["five-part"]
        best, best_n = by_year, -1
        for lay in [by_year] + [other for other in builtin_layouts().values() if other.id != by_year.id]:
            n = sum(1 for v in match_parts(parts, lay).values() if v is not None)
            if n > best_n:
                best, best_n = lay, n
        if best.id != by_year.id:
            self.imp.data["版式"] = best.name
            self.imp.note(
                "I101",
                f"正文各部分的名称与{year}年度的“{by_year.name}”版式不符，按“{best.name}”版式读取",
                severity="info",
            )
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
                    imp.note(
                        "I101", f"部分标题「{part.heading}」按版式的「{lp.title}」读取", severity="info", pos=part.pos
                    )
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
        as_base = (
            all(isinstance(e, str) for e in entries)
            and entries == [k for k in base_keys if k in entries]
            and all(lp.key in entries for lp in layout.parts if lp.required)
        )
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
                imp.note(
                    "I103",
                    f"「{part.heading}」中表格之后的文字已并入该部分正文（生成时排在表格之前）",
                    "\n".join(after),
                    part.text_after_table[0][1],
                    "info",
                )
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
                imp.note(
                    "I203", "未能识别的表格（不是三张官方表格之一，也不在可对应的部分中），原样保留如下", text, tb.pos
                )
                continue
            body = [c.text for row in tb.rows[1:] for c in row]
            if body and all(re.fullmatch(r"[-—–/\s]*", t) for t in body):
                imp.note(
                    "I203",
                    "没有内容的表格（只有表头，各格为空或“-”，常见于 OCR 结果），不作为附表",
                    text,
                    tb.pos,
                    "info",
                )
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
