"""The official tables, read from their definitions in ``templates/tables/*.yaml``.

Every printed label of an official table is spelled once, in those files. This
module turns a definition into:

* the leaf :class:`Column` and :class:`Row` objects that address a cell
  (``row.id``, ``column.id``), with the labels a reader sees printed;
* the printed grid (:meth:`TableDef.grid`): header and body rows with their
  ``rowspan``/``colspan``, the same for every writer.

Nothing here knows about YAML input, documents or output formats.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from giar_gen.resources import load_data, templates

CellType = Literal["count", "amount", "delta"]

#: Cell types: ``count`` whole numbers ≥ 0, ``amount`` decimal ≥ 0 (万元),
#: ``delta`` whole numbers that may be negative (本年增/减, 2019 edition).
CELL_TYPES: tuple[str, ...] = ("count", "amount", "delta")


class _Leaf:
    """What a leaf column and a leaf row have in common."""

    path: tuple[str, ...]
    sum_of: tuple[str, ...]

    @property
    def is_total(self) -> bool:
        """A pure sum of other cells (总计, （七）总计): computed when not entered."""
        return bool(self.sum_of)

    @property
    def printed(self) -> str:
        """The printed labels from the outermost header inwards, as a reader names the cell."""
        return " / ".join(p for p in self.path if p)


@dataclass(frozen=True)
class Column(_Leaf):
    """A leaf column: one value per row."""

    id: str  # dotted path of ids, e.g. ``direct_suit.upheld``
    key: str  # the Chinese key used in YAML input
    label: str  # the printed label of the leaf
    path: tuple[str, ...]  # printed labels from the top header down to the leaf
    type: CellType = "count"
    unit: str | None = None
    sum_of: tuple[str, ...] = ()  # ids of sibling columns this total adds up
    aliases: tuple[str, ...] = ()
    additive: bool = True  # may the figures of several offices be added up (giar-gen aggregate)?


@dataclass(frozen=True)
class Row(_Leaf):
    """A leaf row: one value per column (table 二: per column of its block)."""

    id: str  # dotted path, e.g. ``results.withheld.state_secret``
    key: str
    label: str
    path: tuple[str, ...]  # printed labels from the outermost row header inwards
    keys: tuple[str, ...]  # YAML keys from the table's mapping down to this row
    ids: tuple[str, ...]
    sum_of: tuple[str, ...] = ()  # ids of the rows this total adds up
    block: int | None = None  # table 二: index of the block the row belongs to
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class GridCell:
    """One printed cell of a table grid.

    ``role`` is ``header`` (column header or block title), ``label`` (row
    header), ``value`` (a data cell; ``ref`` names it) or ``empty``.
    """

    role: Literal["header", "label", "value", "empty"]
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    ref: tuple[str, str] | None = None  # (row id, column id)


@dataclass(frozen=True)
class Grid:
    header: tuple[tuple[GridCell, ...], ...]
    body: tuple[tuple[GridCell, ...], ...]
    width: int  # number of grid columns
    row_header_width: int


@dataclass(frozen=True)
class Block:
    """A block of table 二: a title row, a header row and its rows."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass
class TableDef:
    id: str
    key: str  # top-level YAML key
    part: str  # key of the layout part that prints this table
    kind: Literal["blocks", "grid"]
    columns: tuple[Column, ...]  # all distinct leaf columns
    rows: tuple[Row, ...]  # all leaf rows, in printed order
    edition: str = ""
    corner: str = ""
    row_header: str = ""
    value_columns: int = 0
    blocks: tuple[Block, ...] = ()
    single_row: bool = False  # table 四: one unlabeled data row
    print_size: str = "normal"  # type size class: normal, small (table 三), tiny (table 四)
    col_weights: tuple[float, ...] = ()  # relative printed widths of the grid columns
    _column_tree: list = field(default_factory=list, repr=False)
    _row_tree: list = field(default_factory=list, repr=False)

    # -- addressing ---------------------------------------------------------
    def column(self, col_id: str) -> Column:
        for c in self.columns:
            if c.id == col_id:
                return c
        raise KeyError(col_id)

    def row(self, row_id: str) -> Row:
        for r in self.rows:
            if r.id == row_id:
                return r
        raise KeyError(row_id)

    def columns_of(self, row: Row) -> tuple[Column, ...]:
        """The columns a row has values in (table 二: its block's columns)."""
        if self.kind == "blocks" and row.block is not None:
            return self.blocks[row.block].columns
        return self.columns

    def cells(self) -> Iterator[tuple[Row, Column]]:
        for r in self.rows:
            for c in self.columns_of(r):
                yield r, c

    def describe(self, row_id: str, col_id: str) -> str:
        """The printed position of a cell, e.g. 「…」行「…」列."""
        row = self.row(row_id)
        col = next((c for c in self.columns_of(row) if c.id == col_id), None) or self.column(col_id)
        if self.single_row:
            return f"「{col.printed}」列"
        if self.kind == "blocks":
            return f"「{row.path[0]}」表「{row.label}」行「{col.label}」列"
        return f"「{row.printed}」行「{col.printed}」列"

    # -- printed grid --------------------------------------------------------
    def grid(self) -> Grid:
        if self.kind == "blocks":
            return _blocks_grid(self)
        return _tree_grid(self)


@dataclass
class Edition:
    id: str
    name: str
    first_year: int
    last_year: int | None
    tables: tuple[TableDef, ...]

    def table(self, table_id: str) -> TableDef:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)

    def table_by_key(self, key: str) -> TableDef | None:
        for t in self.tables:
            if key in (t.key, t.id):
                return t
        return None

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)


# ---------------------------------------------------------------------------
# loading


@cache
def editions() -> dict[str, Edition]:
    """All table editions shipped in ``templates/tables``, by id ("2019", "2021")."""
    out: dict[str, Edition] = {}
    folder = templates() / "tables"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml"):
            data = load_data(entry)
            ed = _edition_from_data(data)
            out[ed.id] = ed
    return out


def edition(edition_id: str) -> Edition:
    return editions()[str(edition_id)]


def edition_for_year(year: int) -> Edition | None:
    """The table edition the State Council format prescribes for a report year."""
    for ed in editions().values():
        if ed.covers(year):
            return ed
    return None


def _edition_from_data(data: dict) -> Edition:
    first, last = data["years"]
    ed = Edition(id=str(data["edition"]), name=data["name"], first_year=first, last_year=last, tables=())
    ed.tables = tuple(_table_from_data(t, ed.id) for t in data["tables"])
    return ed


def _table_from_data(t: dict, edition_id: str) -> TableDef:
    if t["kind"] == "blocks":
        blocks, all_rows, all_cols = [], [], {}
        for bi, b in enumerate(t["blocks"]):
            cols = tuple(_leaf_column(c, (b["title"], c["label"]), c["id"]) for c in b["columns"])
            rows = tuple(
                Row(
                    id=r["id"],
                    key=r["key"],
                    label=r["label"],
                    path=(b["title"], r["label"]),
                    keys=(r["key"],),
                    ids=(r["id"],),
                    block=bi,
                    aliases=tuple(r.get("aliases", ())),
                )
                for r in b["rows"]
            )
            blocks.append(Block(title=b["title"], columns=cols, rows=rows))
            all_rows.extend(rows)
            for c in cols:
                all_cols.setdefault(c.id, c)
        return TableDef(
            id=t["id"],
            key=t["key"],
            part=t["part"],
            kind="blocks",
            edition=edition_id,
            columns=tuple(all_cols.values()),
            rows=tuple(all_rows),
            blocks=tuple(blocks),
            row_header=t.get("row_header", ""),
            value_columns=t.get("value_columns", 3),
            **_print_options(t),
        )
    columns = tuple(_walk_columns(t["columns"], (), ()))
    rows = tuple(_walk_rows(t["rows"], (), (), ()))
    single = len(rows) == 1 and not rows[0].label
    return TableDef(
        id=t["id"],
        key=t["key"],
        part=t["part"],
        kind="grid",
        edition=edition_id,
        columns=columns,
        rows=rows,
        corner=t.get("corner", ""),
        single_row=single,
        _column_tree=t["columns"],
        _row_tree=t["rows"],
        **_print_options(t),
    )


def _print_options(t: dict) -> dict:
    p = t.get("print") or {}
    return {"print_size": p.get("size", "normal"), "col_weights": tuple(p.get("col_weights", ()))}


def _leaf_column(c: dict, path: tuple[str, ...], cid: str, sum_prefix: str = "") -> Column:
    sum_of = tuple(f"{sum_prefix}{s}" for s in c.get("sum_of", ()))
    return Column(
        id=cid,
        key=c["key"],
        label=c["label"],
        path=path,
        type=c.get("type", "count"),
        unit=c.get("unit"),
        sum_of=sum_of,
        aliases=tuple(c.get("aliases", ())),
        additive=bool(c.get("additive", True)),
    )


def _walk_columns(nodes: list, path: tuple[str, ...], ids: tuple[str, ...]) -> Iterator[Column]:
    for n in nodes:
        p = path + (n["label"],)
        i = ids + ((n["id"],) if "id" in n else ())
        if "children" in n:
            yield from _walk_columns(n["children"], p, i)
        else:
            prefix = ".".join(ids) + "." if ids else ""
            yield _leaf_column(n, p, ".".join(i), prefix)


def _walk_rows(nodes: list, path, keys, ids) -> Iterator[Row]:
    for n in nodes:
        p, k, i = path + (n["label"],), keys + (n["key"],), ids + (n["id"],)
        if "children" in n:
            yield from _walk_rows(n["children"], p, k, i)
        else:
            sum_of: tuple[str, ...] = ()
            if n.get("sum_of_siblings"):
                siblings = [s for s in nodes if s is not n]
                sum_of = tuple(r.id for r in _walk_rows(siblings, path, keys, ids))
            yield Row(
                id=".".join(i),
                key=n["key"],
                label=n["label"],
                path=p,
                keys=k,
                ids=i,
                sum_of=sum_of,
                aliases=tuple(n.get("aliases", ())),
            )


# ---------------------------------------------------------------------------
# printed grids


def _depth(nodes: list) -> int:
    return max((1 + _depth(n["children"]) if "children" in n else 1) for n in nodes)


def _leaves(node: dict) -> int:
    return sum(_leaves(c) for c in node["children"]) if "children" in node else 1


def _tree_grid(t: TableDef) -> Grid:
    col_depth = _depth(t._column_tree)
    row_depth = 0 if t.single_row else _depth(t._row_tree)
    header: list[list[GridCell]] = [[] for _ in range(col_depth)]
    if row_depth:
        header[0].append(GridCell("header", t.corner, rowspan=col_depth, colspan=row_depth))

    def place_columns(nodes: list, level: int) -> None:
        for n in nodes:
            if "children" in n:
                header[level].append(GridCell("header", n["label"], colspan=_leaves(n)))
                place_columns(n["children"], level + 1)
            else:
                header[level].append(GridCell("header", n["label"], rowspan=col_depth - level))

    place_columns(t._column_tree, 0)

    body: list[list[GridCell]] = []
    leaf_rows = iter(t.rows)

    def place_rows(nodes: list, level: int, pending: list[GridCell]) -> None:
        for n in nodes:
            if "children" in n:
                cell = GridCell("label", n["label"], rowspan=_leaves(n))
                place_rows(n["children"], level + 1, pending + [cell])
                pending = []
            else:
                row = next(leaf_rows)
                cells = list(pending)
                if row_depth:
                    cells.append(GridCell("label", n["label"], colspan=row_depth - level))
                cells.extend(GridCell("value", ref=(row.id, c.id)) for c in t.columns)
                body.append(cells)
                pending = []

    place_rows(t._row_tree, 0, [])
    return Grid(
        header=tuple(tuple(r) for r in header),
        body=tuple(tuple(r) for r in body),
        width=row_depth + len(t.columns),
        row_header_width=row_depth,
    )


def _blocks_grid(t: TableDef) -> Grid:
    width = 1 + t.value_columns
    body: list[tuple[GridCell, ...]] = []
    for b in t.blocks:
        body.append((GridCell("header", b.title, colspan=width),))
        spans = _spread(len(b.columns), t.value_columns)
        head = [GridCell("header", t.row_header)]
        head += [GridCell("header", c.label, colspan=s) for c, s in zip(b.columns, spans)]
        if sum(spans) < t.value_columns:
            head.append(GridCell("empty", colspan=t.value_columns - sum(spans)))
        body.append(tuple(head))
        for r in b.rows:
            cells = [GridCell("label", r.label)]
            cells += [GridCell("value", ref=(r.id, c.id), colspan=s) for c, s in zip(b.columns, spans)]
            if sum(spans) < t.value_columns:
                cells.append(GridCell("empty", colspan=t.value_columns - sum(spans)))
            body.append(tuple(cells))
    return Grid(header=(), body=tuple(body), width=width, row_header_width=1)


def _spread(n: int, width: int) -> list[int]:
    """Column spans of a block with ``n`` value columns in a ``width``-wide table.

    One column spans the whole width (as printed in the 2021 format); two
    columns take one grid column each and leave an empty cell (2019 format).
    """
    if n == 1:
        return [width]
    return [1] * n
