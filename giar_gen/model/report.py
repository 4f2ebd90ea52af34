"""The data model of a report.

:class:`ReportInput` (pydantic) is what a YAML file holds besides the tables:
agency, year, dates, contact details, the texts of the parts. Its field
titles and descriptions are in Chinese: they become the JSON Schema that
``giar-gen schema`` prints and editors use to autocomplete.

The official tables are held as :class:`TableValues`: the cells the user
entered (``None`` where a cell was left blank: "not filled in" is never 0),
and the totals that are pure sums, computed when not entered.

:class:`Report` ties them together with the resolved table edition and layout.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from giar_gen.model.layouts import Layout
from giar_gen.model.scripts import FIELD_VALUES as SCRIPT_VALUES
from giar_gen.model.tables import Edition, TableDef

Number = int | Decimal

#: Values of ``引言`` that ask for the automatic opening paragraph.
AUTO = ("自动", "auto")

AGENCY_KINDS = ("人民政府", "部门", "其他")
AGENCY_LEVELS = ("国务院部门", "省级", "设区的市", "县级", "乡镇", "其他")

_CN_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*$")
_HAN_DIGITS = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0}
_HAN_DATE = re.compile(
    r"^\s*([〇零○ＯO一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日\s*$"
)


def _han_number(text: str) -> int | None:
    """一 … 三十一 (month and day numbers written in Chinese numerals)."""
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        if len(tens) > 1 or len(ones) > 1:
            return None
        return (_HAN_DIGITS[tens] if tens else 1) * 10 + (_HAN_DIGITS[ones] if ones else 0)
    return _HAN_DIGITS[text] if len(text) == 1 else None


def parse_date(value):
    """Accept ``2022-01-20``, ``2022/1/20``, ``2022年1月20日`` and a date in
    Chinese numerals, ``二〇二二年一月二十日``."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, str):
        groups = None
        m = _CN_DATE.match(value) or re.match(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$", value)
        if m:
            groups = tuple(int(g) for g in m.groups())
        else:
            h = _HAN_DATE.match(value)
            if h:
                year = int("".join(str(_HAN_DIGITS[ch]) for ch in h.group(1)))
                month, day = _han_number(h.group(2)), _han_number(h.group(3))
                if month is not None and day is not None:
                    groups = (year, month, day)
        if groups is not None:
            y, mo, d = groups
            try:
                return _dt.date(y, mo, d)
            except ValueError:
                raise ValueError(f"「{value}」不是一个真实存在的日期") from None
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True)


class Contact(_Model):
    """联系方式：写入报告开头或结尾的联系信息。"""

    office: str | None = Field(
        None, alias="单位", title="单位", description="负责政府信息公开工作的机构，如“××局办公室”"
    )
    address: str | None = Field(None, alias="地址", title="地址")
    postcode: str | None = Field(None, alias="邮编", title="邮政编码")
    phone: str | None = Field(None, alias="电话", title="电话")
    fax: str | None = Field(None, alias="传真", title="传真")
    email: str | None = Field(None, alias="电子邮箱", title="电子邮箱")
    website: str | None = Field(None, alias="网址", title="网址")

    @field_validator("postcode", "phone", "fax", mode="before")
    @classmethod
    def _digits_as_text(cls, v):
        return str(v) if isinstance(v, int) else v


class Agency(_Model):
    """机关：编写报告的行政机关。"""

    name: str = Field(alias="名称", title="机关名称", description="全称，如“××市××区市场监督管理局”", min_length=1)
    kind: Literal["人民政府", "部门", "其他"] = Field(
        alias="类型",
        title="机关类型",
        description="人民政府（各级人民政府本级报告，含乡镇、街道）、部门（县级以上人民政府部门）或其他",
    )
    level: Literal["国务院部门", "省级", "设区的市", "县级", "乡镇", "其他"] | None = Field(
        None,
        alias="层级",
        title="层级",
        description="国务院部门、省级、设区的市（含自治州）、县级、乡镇（含街道）或其他；用于判断能否制定规章等",
    )


class Period(_Model):
    """统计期限。"""

    start: _dt.date = Field(alias="起", title="起始日期")
    end: _dt.date = Field(alias="止", title="截止日期")

    _dates = field_validator("start", "end", mode="before")(classmethod(lambda cls, v: parse_date(v)))


class Acknowledgement(_Model):
    """对某条校验结果的确认：说明理由后，该结果仍会列出，但标为“已确认”，不再阻止生成。"""

    rule: str = Field(alias="规则", title="规则代码", description="如 T3-R1；见 giar-gen rules")
    reason: str = Field(alias="理由", title="理由", min_length=1)
    where: str | None = Field(None, alias="位置", title="位置", description="可选：只确认与此文字匹配的单元格或字段")


class TableCell(_Model):
    """附表中的一个单元格，需要合并时使用。"""

    text: str | int | Decimal | None = Field(None, alias="文字", title="文字")
    rowspan: int = Field(1, alias="跨行", title="跨行", description="向下合并的行数（含本行）", ge=1, le=100)
    colspan: int = Field(1, alias="跨列", title="跨列", description="向右合并的列数（含本列）", ge=1, le=100)

    @field_validator("text", mode="before")
    @classmethod
    def _number(cls, v):
        return _cell_value(v)


def _cell_value(v):
    if isinstance(v, bool):
        raise PydanticCustomError(
            "cell_value", "单元格应填写文字或数字，不能填是/否值（{value}）", {"value": "true" if v else "false"}
        )
    if isinstance(v, list):
        raise PydanticCustomError("cell_value", "单元格应填写文字或数字，实际是一组数据（方括号）", {})
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            raise PydanticCustomError("cell_value", "单元格中的数不能是无穷大或“非数”（{value}）", {"value": v})
        return Decimal(repr(v))
    return v


# Checked cell by cell before the union is tried, so that a wrong value is
# reported once, at its own cell, instead of once per member of the union.
CellInput = Annotated[TableCell | str | int | Decimal | None, BeforeValidator(_cell_value)]


class LocalTable(_Model):
    """附表：2019年以前没有全国统一表格，地方统计表可放在“附表”部分。"""

    caption: str = Field(
        alias="标题", title="表题", description="印在表格上方，如“2013年政府信息公开情况统计表”", min_length=1
    )
    header: list[list[CellInput]] = Field(
        default_factory=list,
        alias="表头",
        title="表头",
        description="表头各行，每行一个列表；合并单元格写作 {文字: …, 跨列: 2} 或 {文字: …, 跨行: 2}",
    )
    body: list[list[CellInput]] = Field(
        alias="表体",
        title="表体",
        min_length=1,
        description="数据各行，每行一个列表；每行左起「行标题列数」格是行标题",
    )
    row_header_columns: int = Field(1, alias="行标题列数", title="行标题列数", ge=0, le=20)
    part: str | None = Field(
        None, alias="部分", title="所在部分", description="放在哪一部分之后；不填则放在版式的“附表”部分"
    )


class ReportInput(_Model):
    """政府信息公开工作年度报告的数据（表格以外的部分）。"""

    report_year: int = Field(
        alias="报告年度", title="报告年度", description="报告所统计的年度，如 2021", ge=2008, le=2100
    )
    agency: Agency = Field(alias="机关", title="机关")
    title: str | None = Field(
        None, alias="标题", title="标题", description="不填则为“××（机关名称）××年政府信息公开工作年度报告”"
    )
    edition: Literal["2019", "2021"] | None = Field(
        None,
        alias="表格版本",
        title="表格版本",
        description="统计表格的版本：2019（国办公开办函〔2019〕60号，用于2019、2020年度）或 2021（国办公开办函〔2021〕30号，用于2021年度起）；不填则按报告年度确定",
    )
    layout: str | dict | None = Field(
        None,
        alias="版式",
        title="版式",
        description="五部分（2019年条例，2019年度起）、九部分（2008年条例，2018年度及以前）、自定义版式文件的路径（相对于本文件），"
        "或在此直接写版式（如「基于: 九部分」加「部分」「改标题」「删去」）；不填则按报告年度确定",
    )
    script: Literal[SCRIPT_VALUES] | None = Field(  # type: ignore[valid-type]
        None,
        alias="文字",
        title="文字",
        description="简体（默认），或繁体（经 OpenCC 转换）：繁体、繁体-台湾、繁体-台湾用语、繁体-香港；"
        "命令行 --script 优先",
    )
    publication_date: _dt.date = Field(alias="发布日期", title="发布日期", description="如 2022-01-20 或 2022年1月20日")
    period: Period | None = Field(
        None, alias="统计期限", title="统计期限", description="不填则为报告年度的1月1日至12月31日"
    )
    intro: str | None = Field(
        None,
        alias="引言",
        title="引言",
        description="报告开头的说明段落；填“自动”则按版式生成，或直接填写文字；不填则没有引言",
    )
    contact: Contact | None = Field(None, alias="联系方式", title="联系方式")
    signature: str | None = Field(None, alias="署名", title="署名", description="落款的机关名称；不填则用机关名称")
    signature_date: _dt.date | None = Field(
        None, alias="成文日期", title="成文日期", description="落款日期；不填则用发布日期"
    )
    printed_date: str | None = Field(
        None,
        alias="落款日期",
        title="落款日期（印刷写法）",
        description="落款日期照原样印出的写法，如“二〇〇九年一月十五日”；须与成文日期为同一天。不填则按 GB/T 9704 印作“2009年1月15日”",
    )
    signature_block: Annotated[bool, WithJsonSchema({"anyOf": [{"type": "boolean"}, {"enum": ["是", "否"]}]})] = Field(
        True, alias="落款", title="是否印落款", description="填 否 则不印署名和日期（仅用于重现没有落款的原文）"
    )
    parts: dict[str, str | None] = Field(
        default_factory=dict,
        alias="正文",
        title="正文",
        description="各部分的文字，键为部分名称（如“总体情况”）；每行一段，以“（一）”“1.”开头的行是小标题；"
        "写出键而不填文字，则只印该部分的标题",
    )
    local_tables: list[LocalTable] = Field(
        default_factory=list,
        alias="附表",
        title="附表",
        description="地方统计表（表题、表头、表体），印在版式的“附表”部分或「部分」指定的部分",
    )
    acknowledged: list[Acknowledgement] = Field(
        default_factory=list,
        alias="已确认",
        title="已确认的校验结果",
        description="经核实无误、需保留的校验结果及其理由",
    )

    @field_validator("layout", mode="before")
    @classmethod
    def _layout_kind(cls, v):
        if v is None or isinstance(v, (str, dict)):
            return v
        raise PydanticCustomError(
            "layout_kind",
            "应填写内置版式的名称（五部分、九部分）、版式文件的路径，或下一级缩进的若干“键: 值”，实际为「{value}」",
            {"value": v},
        )

    @field_validator("edition", mode="before")
    @classmethod
    def _edition_as_text(cls, v):
        return str(v) if isinstance(v, int) else v

    @field_validator("publication_date", "signature_date", mode="before")
    @classmethod
    def _dates(cls, v):
        return parse_date(v)

    @field_validator("signature_block", mode="before")
    @classmethod
    def _yes_no(cls, v):
        return {"是": True, "否": False}.get(v.strip(), v) if isinstance(v, str) else v

    @field_validator("printed_date", mode="before")
    @classmethod
    def _printed_date_text(cls, v):
        if isinstance(v, (_dt.date, _dt.datetime)):
            raise ValueError('「落款日期」是照原样印出的文字，请加引号，如 "二〇〇九年一月十五日"')
        return v

    @field_validator("printed_date")
    @classmethod
    def _printed_date(cls, v, info: ValidationInfo):
        if v is None:
            return v
        meant = parse_date(v)
        if not isinstance(meant, _dt.date):
            raise ValueError(f"「{v}」不是可识别的日期写法（如 2009年1月15日 或 二〇〇九年一月十五日）")
        given = info.data.get("signature_date")
        if given is not None and meant != given:
            raise ValueError(f"「{v}」与「成文日期」{format_date_cn(given)}不是同一天")
        return v

    @field_validator("parts", mode="before")
    @classmethod
    def _parts_text(cls, v):
        if isinstance(v, dict):
            return {k: (str(t) if isinstance(t, (int, float)) else t) for k, t in v.items()}
        return v


@dataclass
class TableValues:
    """The cells of one official table.

    ``entered`` holds what the user wrote, by ``(row id, column id)``; a cell
    the user wrote as blank is present with ``None``; a cell not mentioned is
    absent. :meth:`value` adds the computed totals.
    """

    table: TableDef
    entered: dict[tuple[str, str], Number | None] = field(default_factory=dict)
    paths: dict[tuple[str, str], tuple] = field(default_factory=dict)  # YAML path of each entered cell

    def is_filled(self, row_id: str, col_id: str) -> bool:
        return self.entered.get((row_id, col_id)) is not None

    def computed(self, row_id: str, col_id: str) -> Number | None:
        """The total a sum cell should hold, from its parts; ``None`` if a part is blank."""
        row, col = self.table.row(row_id), self.table.column(col_id)
        if col.is_total:
            parts = [self.value(row_id, c) for c in col.sum_of]
        elif row.is_total:
            parts = [self.value(r, col_id) for r in row.sum_of]
        else:
            return None
        if any(p is None for p in parts):
            return None
        return sum(parts)  # type: ignore[arg-type]

    def value(self, row_id: str, col_id: str) -> Number | None:
        """The printed value: as entered, else the computed total, else ``None``."""
        v = self.entered.get((row_id, col_id))
        if v is not None:
            return v
        row, col = self.table.row(row_id), self.table.column(col_id)
        if col.is_total or row.is_total:
            return self.computed(row_id, col_id)
        return None

    def as_dict(self) -> dict[str, dict[str, Number | None]]:
        out: dict[str, dict[str, Number | None]] = {}
        for row, col in self.table.cells():
            out.setdefault(row.id, {})[col.id] = self.value(row.id, col.id)
        return out


@dataclass
class Report:
    """A validated report: input data, table edition, layout and tables."""

    data: ReportInput
    layout: Layout
    edition: Edition | None
    tables: dict[str, TableValues]
    path: Path | None = None
    source: object | None = None  # yamlsource.SourceMap
    #: what a published report does not say (``发布日期``, ``机关``, ``报告年度``) → why;
    #: the data holds a stand-in, and the rules that need it say "无法判断"
    unknown: dict[str, str] = field(default_factory=dict)
    #: cells an import could not place: ``(table key, row id)``, row ``"*"`` for a whole table
    uncertain: set[tuple[str, str]] = field(default_factory=set)
    #: the top-level headings as printed (imported reports only), for the outline check
    outline: list[dict] | None = None
    #: which report of a file that prints two side by side ("2023年报告（左栏）"); "" otherwise
    part: str = ""

    @property
    def year(self) -> int:
        return self.data.report_year

    @property
    def title(self) -> str:
        return self.data.title or f"{self.data.agency.name}{self.year}年政府信息公开工作年度报告"

    @property
    def signature(self) -> str:
        return self.data.signature or self.data.agency.name

    @property
    def signature_date(self) -> _dt.date:
        if self.data.signature_date is not None:
            return self.data.signature_date
        if self.data.printed_date is not None:
            return parse_date(self.data.printed_date)
        return self.data.publication_date

    @property
    def signature_date_text(self) -> str:
        """The date as printed under the signature: the office's own written
        form (``落款日期``) when given, else the GB/T 9704 form."""
        return self.data.printed_date or format_date_cn(self.signature_date)

    @property
    def period(self) -> tuple[_dt.date, _dt.date]:
        if self.data.period:
            return self.data.period.start, self.data.period.end
        return _dt.date(self.year, 1, 1), _dt.date(self.year, 12, 31)

    def table(self, table_id: str) -> TableValues | None:
        return self.tables.get(table_id)

    def part_entry(self, key: str) -> tuple[bool, str | None]:
        """``(given, text)`` of a layout part: whether the ``正文`` mapping names
        it (by its key, title or an alias) and its text."""
        part = self.layout.part(key)
        for k, text in self.data.parts.items():
            if k == key or (part is not None and self.layout.part(k) is part):
                return True, text
        return False, None

    def part_text(self, key: str) -> str | None:
        return self.part_entry(key)[1]

    def local_tables_of(self, key: str) -> list[LocalTable]:
        """The local tables printed in a part (their own ``部分``, else the layout's 附表 part)."""
        part = self.layout.part(key)
        home = self.layout.local_table_part()
        out = []
        for t in self.data.local_tables:
            target = self.layout.part(t.part) if t.part else home
            if target is not None and target is part:
                out.append(t)
        return out


def format_number(v: Number | None) -> str:
    """How a cell value is printed: whole numbers plainly, amounts without
    exponent or trailing zeros; a blank cell prints empty."""
    if v is None:
        return ""
    if isinstance(v, Decimal):
        s = format(v.normalize(), "f")
        return s
    return str(v)


def format_date_cn(d: _dt.date) -> str:
    """``2022年1月20日``: Arabic numerals, full year, no leading zeros (GB/T 9704)."""
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True)
class PlacedCell:
    """A cell of a local table with its place in the grid."""

    text: str
    rowspan: int
    colspan: int
    column: int  # index of the grid column it starts in


def _cell_parts(c) -> tuple[str, int, int]:
    if isinstance(c, TableCell):
        return format_cell(c.text), c.rowspan, c.colspan
    return format_cell(c), 1, 1


def format_cell(v) -> str:
    """How a local table cell is printed: numbers as :func:`format_number`, text as written."""
    if v is None:
        return ""
    if isinstance(v, (int, Decimal)) and not isinstance(v, bool):
        return format_number(v)
    return str(v).strip()


def local_table_width(t: LocalTable) -> int:
    first = t.header[0] if t.header else t.body[0]
    return sum(_cell_parts(c)[2] for c in first)


def place_local_table(
    t: LocalTable,
) -> tuple[int, list[list[PlacedCell]], list[list[PlacedCell]], list[tuple[str, tuple]]]:
    """``(width, header rows, body rows, problems)``: every cell with its grid
    column, and the rows whose cells do not fill the width (with their YAML path)."""
    width = local_table_width(t)
    problems: list[tuple[str, tuple]] = []
    out: list[list[list[PlacedCell]]] = []
    for section, label, rows in (("表头", "表头", t.header), ("表体", "表体", t.body)):
        occupied: set[tuple[int, int]] = set()
        placed_rows: list[list[PlacedCell]] = []
        for ri, row in enumerate(rows):
            col = 0
            placed: list[PlacedCell] = []
            for ci, c in enumerate(row):
                text, rs, cs = _cell_parts(c)
                while (ri, col) in occupied:
                    col += 1
                if col + cs > width:
                    problems.append((f"{label}第{ri + 1}行第{ci + 1}格超出了表格宽度（{width}列）", (section, ri, ci)))
                if ri + rs > len(rows):
                    problems.append(
                        (f"{label}第{ri + 1}行第{ci + 1}格向下合并{rs}行，超出了{label}的行数", (section, ri, ci))
                    )
                for dr in range(rs):
                    for dc in range(cs):
                        occupied.add((ri + dr, col + dc))
                placed.append(PlacedCell(text, rs, cs, col))
                col += cs
            filled = sum(1 for (r, _c) in occupied if r == ri)
            if filled != width:
                problems.append((f"{label}第{ri + 1}行共{filled}格，应为{width}格", (section, ri)))
            placed_rows.append(placed)
        out.append(placed_rows)
    return width, out[0], out[1], problems


def local_table_problems(t: LocalTable) -> list[tuple[str, tuple]]:
    return place_local_table(t)[3]
