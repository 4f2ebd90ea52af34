"""Live checking: a form state → findings placed on the form, totals, preview.

Each finding of the rule catalogue (or each input error of the loader) is
given the ids of the form elements it is about: ``cell:表id|行id|列id``,
``field:agency``, ``part:总体情况``. A finding names its cells (``cell_refs``,
the suspect cell); an input error names the printed position of a cell; any
other is placed by its line and column in the checked text.
"""

from __future__ import annotations

from typing import Any

import yaml

from giar_gen.diagnostics import Diagnostic
from giar_gen.editor import forms
from giar_gen.editor.storage import Checked, Document
from giar_gen.model.report import format_number
from giar_gen.source.fullwidth import normalise
from giar_gen.source.table_input import canon
from giar_gen.source.yamlsource import compose


def font_faces(ui: bool = False) -> str:
    """``@font-face`` rules for the bundled fonts, served by the editor: the
    preview (and, with ``ui``, the editor's own "GiarGen Hei") renders in Chinese
    on a machine without Chinese fonts; installed fonts are used first."""
    from giar_gen.fonts import bundled_font_files

    rules, seen = [], set()
    for role, font in bundled_font_files().items():
        if font.family in seen or ui and role != "heading1":
            continue
        seen.add(font.family)
        fmt = "truetype" if font.path.suffix == ".ttf" else "opentype"
        rules.append(
            f'@font-face {{ font-family: "{font.family}"; src: local("{font.family}"), '
            f'url("/fonts/{role}") format("{fmt}"); font-display: swap; }}'
        )
    return "\n".join(rules)


def result(doc: Document, checked: Checked, preview: bool = True, fonts: str = "") -> dict:
    """The JSON answer to a check: findings with their targets, the computed
    totals (the server's sums are the truth), the preview HTML."""
    where = _Placer(doc, checked)
    findings = [_finding(d, where) for d in checked.diagnostics]
    out: dict[str, Any] = {
        "ok": not checked.input_error,
        "findings": findings,
        "errors": sum(1 for d in checked.diagnostics if d.severity == "error" and not d.acknowledged),
        "warnings": sum(1 for d in checked.diagnostics if d.severity == "warning" and not d.acknowledged),
        "computed": _computed(doc, checked),
        "preview": None,
    }
    if preview and checked.report is not None:
        out["preview"] = preview_html(checked, fonts)
    return out


def preview_html(checked: Checked, fonts: str = "") -> str | None:
    from giar_gen.document.compose import compose as compose_document
    from giar_gen.writers.html import render_html

    assert checked.report is not None
    try:
        return render_html(compose_document(checked.report), extra_css=fonts).decode("utf-8")
    except Exception:
        return None


def _computed(doc: Document, checked: Checked) -> dict[str, str]:
    out: dict[str, str] = {}
    if doc.form is None or checked.report is None:
        return out
    for tf in doc.form.tables:
        values = checked.report.tables.get(tf.table.id)
        if values is None or values.table.id != tf.table.id:
            continue
        for cid in tf.computed:
            _, rid, col = cid.split("|")
            v = values.value(rid, col)
            out[cid] = "" if v is None else format_number(v)
    return out


def cells_from_tables(form: forms.Form, tables: dict) -> dict[str, str]:
    """The grid cells (``表id|行id|列id`` → text) of tables read elsewhere (a
    workbook): the cells the form lets the user type in, blank as ""."""
    out = {}
    for tid, values in tables.items():
        for (rid, col), v in values.entered.items():
            cid = f"{tid}|{rid}|{col}"
            if cid in form.state["cells"]:
                out[cid] = "" if v is None else format_number(v)
    return out


def _finding(d: Diagnostic, where: _Placer) -> dict:
    out = d.to_dict()
    out.pop("cell_refs", None)
    out.pop("suspect", None)
    targets: list[str] = []
    suspect = None
    for ref in getattr(d, "cell_refs", ()) or ():
        cid = where.cell(ref.table, ref.row, ref.column)
        if cid and ref.year is None:
            targets.append(cid)
    ref = getattr(d, "suspect", None)
    if ref is not None:
        suspect = where.cell(ref.table, ref.row, ref.column)
        if suspect and suspect not in targets:
            targets.insert(0, suspect)
    for label in d.cells:
        cid = where.label(label)
        if cid and cid not in targets:
            targets.append(cid)
    if not targets and d.location is not None and d.location.line:
        found = where.at(d.location.line, d.location.column or 1)
        if found:
            targets.append(found)
    out["targets"] = targets
    out["suspect"] = suspect
    out["labels"] = [r.text() for r in getattr(d, "cell_refs", ()) or ()] or list(d.cells)
    if getattr(d, "suspect", None) is not None:
        out["suspect_label"] = d.suspect.label
    return out


class _Placer:
    """Find the form element a finding is about."""

    def __init__(self, doc: Document, checked: Checked):
        self.doc = doc
        self.form = doc.form
        self.checked = checked
        self._root: yaml.Node | None | bool = False
        self._paths: dict[tuple, str] | None = None

    def cell(self, table: str, row: str, column: str) -> str | None:
        if self.form is None:
            return None
        for tf in self.form.tables:
            if canon(table) in (canon(tf.table.key), canon(tf.table.id)):
                return "cell:" + forms.cell_id(tf.table, row, column)
        return None

    def label(self, label: str) -> str | None:
        if self.form is None:
            return None
        cid = self.form.labels.get(label)
        return "cell:" + cid if cid else None

    def at(self, line: int, column: int) -> str | None:
        """The element whose value in the checked text holds ``line:column``."""
        if self.form is None:
            return None
        if self._root is False:
            try:
                self._root = compose(normalise(self.checked.text).text, "<编辑器>")
            except Exception:
                self._root = None
        path = _path_at(self._root, line - 1, column - 1) if self._root else ()
        return self._match(path)

    def _match(self, path: tuple) -> str | None:
        if not path:
            return None
        keys = [canon(p) for p in path]
        for spec in self.form.fields:
            want = [{canon(n) for n in step} for step in spec.path]
            if len(keys) >= len(want) and all(k in w for k, w in zip(keys, want)):
                return "field:" + spec.id
        if keys[0] in {canon(n) for n in forms.PARTS_KEY} and len(keys) > 1:
            for part in self.form.parts:
                if keys[1] in {canon(n) for n in part.path[1]}:
                    return "part:" + part.key
        if self._paths is None:
            self._paths = {}
            reports = [r for r in (self.doc.report, self.checked.report) if r is not None]
            for rep in reports:
                for tid, values in rep.tables.items():
                    for (rid, col), p in values.paths.items():
                        self._paths[tuple(canon(x) for x in p)] = f"cell:{tid}|{rid}|{col}"
        for n in range(len(keys), 0, -1):
            hit = self._paths.get(tuple(keys[:n]))
            if hit:
                return hit
        return None


def _path_at(node: yaml.Node, line: int, column: int) -> tuple:
    """Keys and indexes from the root to the deepest value at (0-based) ``line:column``."""
    path: list = []
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        items = node.value if isinstance(node, yaml.MappingNode) else [(i, v) for i, v in enumerate(node.value)]
        nxt = None
        for key, value in items:
            start = key.start_mark if isinstance(key, yaml.Node) else value.start_mark
            if _before((start.line, start.column), (line, column)) and _before(
                (line, column), (value.end_mark.line, value.end_mark.column)
            ):
                nxt = (key.value if isinstance(key, yaml.Node) else key, value)
        if nxt is None:
            break
        path.append(nxt[0])
        node = nxt[1]
    return tuple(path)


def _before(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a <= b
