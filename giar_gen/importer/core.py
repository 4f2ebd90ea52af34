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
from pathlib import Path

from giar_gen.diagnostics import Diagnostic, InputError, Location
from giar_gen.importer.metadata import (
    _FURNITURE,
    MetadataSteps,
    _is_breadcrumb,
    _is_meta_line,
    _meta_date,
    _parse_meta_date,
    guess_kind_level,
    page_dates,
)
from giar_gen.importer.normalise import normalise_document
from giar_gen.importer.parts import PartSteps
from giar_gen.importer.reflow import prepare_layout_text
from giar_gen.importer.result import Imported, Note, _row_text
from giar_gen.importer.sidebyside import import_sides
from giar_gen.importer.summary import finish
from giar_gen.importer.tablefill import (
    drop_table_debris,
    gather_pieces,
    printed_outline,
    recover_missing,
    recover_unheaded_part,
    text_rows_to_tables,
)
from giar_gen.importer.tables import (
    TableMapper,
    expand_rows,
    identify_table,
)
from giar_gen.model.report import Report, format_date_cn, parse_date
from giar_gen.model.tables import TableDef, edition_for_year
from giar_gen.readers import (
    Pos,
    RawDocument,
    ReaderError,
    TableBlock,
    TextBlock,
    read_document,
)

# ---------------------------------------------------------------------------
# importing


def import_file(path: str | Path) -> Imported:
    """Read and import a published report. Raises :class:`InputError` when
    the file cannot be read at all. Of a document that prints two reports
    side by side (:func:`import_all`), the later one."""
    return import_all(path)[-1]


def import_all(path: str | Path) -> list[Imported]:
    """Every report a published file holds: one, or two printed side by side
    (a comparison of two years, see :mod:`giar_gen.importer.sidebyside`),
    earlier year first. Raises :class:`InputError` when the file cannot be read."""
    path = Path(path)
    try:
        raw = read_document(path)
    except ReaderError as exc:
        raise InputError([Diagnostic("I000", "error", str(exc), Location(str(path)))]) from None
    return import_sides(raw, import_document) or [import_document(raw)]


def import_document(raw: RawDocument) -> Imported:
    imp = Imported(source=raw.path, format=raw.format, source_text=raw.source)
    normalise_document(raw, imp)
    prepare_layout_text(raw, imp)
    _Importer(raw, imp).run()
    finish(imp)
    return imp


def _under_title(text: str, title: str | None):
    """A line of the title block under the title: the agency the title starts
    with (``""``), or the date in brackets (the date); ``None`` for other text."""
    t = re.sub(r"\s+", "", text)
    m = re.fullmatch(r"[（(](\d{4}年\d{1,2}月\d{1,2}日)[)）]", t)
    if m:
        day = parse_date(m.group(1))
        return day if isinstance(day, _dt.date) else None
    if title and 2 <= len(t) <= 30 and re.sub(r"\s+", "", title).startswith(t):
        return ""
    return None


class _Importer(MetadataSteps, PartSteps):
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

        # before the title: page furniture, and the page's 公开日期/发布时间/成文日期 lines
        head_texts = [
            b.text if isinstance(b, TextBlock) else "".join(c.text for row in b.rows for c in row)
            for b in self.blocks[:start]
        ]
        page_date, page_signed = page_dates(head_texts)
        if title_idx is not None:
            chrome = [b for b in self.blocks[:title_idx]]
            self._furniture(chrome, "标题之前的网页内容（导航等）")

        # between the title and part one: page metadata, breadcrumbs, the intro
        intro: list[tuple[str, Pos]] = []
        pre_tables: list[TableBlock] = []
        title_date = None  # "（2026年1月23日）" printed under the title, with the agency
        for b in self.blocks[body_from:start]:
            if isinstance(b, TableBlock):
                pre_tables.append(b)
                continue
            under = None if intro or pre_tables else _under_title(b.text, title)
            if under is not None:
                title_date = title_date or (under or None)
                imp.note("I102", "标题下的机关名称、日期（不属于引言）", b.text, b.pos, "info")
            elif _is_meta_line(b.text):
                page_date = page_date or _meta_date(b.text)
                imp.note("I102", "网页的发布信息（不属于报告正文）", b.text, b.pos, "info")
            elif _is_breadcrumb(b.text) or _FURNITURE.match(b.text):
                imp.note("I102", "网页导航等内容（不属于报告正文）", b.text, b.pos, "info")
            else:
                intro.append((b.text, b.pos))

        # the parts, up to the signature
        end, signature, sig_date, sig_pos, date_pos = self._find_end(start)
        parts = self._collect_parts(first_part, end)
        text_rows_to_tables(parts, self.part_of)
        tail = self.blocks[end:]
        sig_ids = {id(b) for b in self._signature_blocks}
        self._furniture([b for b in tail if id(b) not in sig_ids], "落款之后的网页内容")

        # tables: found anywhere before the end, identified by their labels
        tables = self._identify_tables(pre_tables + [t for p in parts for t in p.tables])
        gather_pieces(tables, parts, self.part_of, self.local_tables)
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
            imp.note(
                "I002",
                f"机关类型“{kind}”、层级“{level or '未定'}”是按名称“{name}”推断的",
                severity="info",
                pos=name_pos,
            )
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
        if edition is not None and (
            year is None or edition_for_year(year) is None or edition_for_year(year).id != edition.id
        ):
            data["表格版本"] = edition.id
            if year is not None and edition_for_year(year) is not None:
                imp.note(
                    "I205",
                    f"表格为{edition.name}，与{year}年度应使用的{edition_for_year(year).name}不符",
                    severity="warning",
                    pos=tables[0][1][0].pos if tables else None,
                )

        # dates
        meta_date = _parse_meta_date(self.raw.meta.get("date"))
        if sig_date is None and page_signed is not None:
            sig_date = page_signed
            imp.mapped.append(f"成文日期：{page_signed.isoformat()}（网页的成文日期）")
        if sig_date is None and title_date is not None:
            sig_date = title_date
            imp.mapped.append(f"成文日期：{title_date.isoformat()}（标题下的日期）")
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
        heads_part = {first_part[k][0]: p for k, p in enumerate(parts)}
        recovered = recover_unheaded_part(parts, layout, imp)
        drop_table_debris(parts, layout, imp)
        self._parts(parts, layout, tables)
        imp.outline = printed_outline(
            getattr(self, "outline_heads", []),
            self.blocks,
            heads_part,
            recovered,
            {id(parts[i]): k for i, k in self.part_keys.items()},
            getattr(self, "outline_restarts", False),
        )
        table_parts = {
            lp.table: i for i, key in self.part_keys.items() if (lp := layout.part(key)) is not None and lp.table
        }
        tables = recover_missing(tables, table_parts, self.local_tables)

        # the official tables
        for tid, blocks in tables:
            if edition is None:
                continue
            self._map_table(edition.table(tid), blocks)

        # other tables: local tables (附表) in the part they stand in
        self._local_tables(parts, layout)

    # -- title ----------------------------------------------------------------

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
                self.imp.note(
                    "I203", "同一张官方表格出现了两次，第二次未读取", "\n".join(_row_text(r) for r in tb.rows), tb.pos
                )
            else:
                out.append((tid, [tb]))
        return out

    def _map_table(self, t: TableDef, blocks: list[TableBlock]) -> None:
        mapper = TableMapper(t, self.imp)
        rows = []
        for tb in blocks:
            rows.extend(expand_rows(tb))
        mapper.map(rows)
        mapper.store()


# ---------------------------------------------------------------------------
# a published report as a validated Report (for giar-gen check)


def report_from_published(path: str | Path) -> tuple[Report, list[Note]]:
    """Import a published report (.html/.htm/.txt/.docx/.pdf) and validate it as a
    :class:`~giar_gen.model.report.Report` whose source map points into the report
    file itself. Raises :class:`InputError` when the file is unreadable or
    lacks what every report needs (agency, year, date). Of a document that
    prints two reports side by side, the later one."""
    return published_reports(path)[-1]


def published_reports(path: str | Path) -> list[tuple[Report, list[Note]]]:
    """Every report of a published file (see :func:`import_all`) as in
    :func:`report_from_published`, earlier year first; ``report.part`` names
    each of a document that holds two."""
    from giar_gen.source.loader import report_from_data
    from giar_gen.source.yamlsource import SourceMap

    path = Path(path)
    out = []
    for imp in import_all(path):
        data, unknown = with_stand_ins(imp)
        smap = SourceMap(file=str(path), text=imp.source_text, values=dict(imp.positions))
        report = report_from_data(data, smap, base_dir=path.parent)
        report.unknown = unknown
        report.uncertain = set(imp.uncertain)
        report.outline = list(imp.outline)
        report.part = imp.part
        out.append((report, imp.notes))
    return out


#: what stands in for a fact a published report does not say (never shown as
#: the report's: the rules needing it report "无法判断")
AGENCY_UNKNOWN = "（未写明的机关）"


def with_stand_ins(imp: Imported) -> tuple[dict, dict[str, str]]:
    """The imported data with stand-ins for a missing publication date, agency
    or report year, and what is unknown → why. Missing metadata never stops a
    check: only the rules that need it say "无法判断"."""
    data = dict(imp.data)
    unknown: dict[str, str] = {}
    if data.get("报告年度") is None:
        edition_id = data.get("表格版本")
        year = next(
            (
                y
                for y in range(2019, 2100)
                if edition_id and (e := edition_for_year(y)) is not None and e.id == str(edition_id)
            ),
            2021,
        )
        data["报告年度"] = year
        data.pop("表格版本", None)
        unknown["报告年度"] = "标题和正文中都没有写明报告年度"
    agency = dict(data.get("机关") or {})
    if not agency.get("名称"):
        agency = {"名称": AGENCY_UNKNOWN, "类型": "其他"}
        unknown["机关"] = "标题、落款和正文中都没有写明机关名称"
    data["机关"] = agency
    if data.get("发布日期") is None:
        data["发布日期"] = _dt.date(data["报告年度"] + 1, 1, 1)
        unknown["发布日期"] = "原文没有发布日期，也没有落款日期"
    return data, unknown


def load_any(path: str | Path) -> tuple[Report, list[Note]]:
    """A data file (YAML) or a published report (.html/.htm/.txt/.docx/.pdf) as a
    validated Report, with the import notes of a published one."""
    from giar_gen.readers import SUFFIXES

    path = Path(path)
    if path.suffix.lower() in SUFFIXES:
        return report_from_published(path)
    from giar_gen.source.loader import load_report

    return load_report(path), []
