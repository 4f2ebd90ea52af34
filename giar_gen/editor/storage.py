"""The one file the editor works on: load it, check a changed version, save it.

:class:`Document` holds the text of the file as loaded (and its SHA-256), the
report made from it and its form. Every change the browser sends is applied to
that text by :mod:`~giar_gen.editor.yamlpatch`, and the result is loaded with
the same loader as ``giar-gen build``: a version the loader rejects is never
written. Saving refuses to overwrite a file that changed on disk since it was
loaded, unless the user, having seen both versions, says so.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from giar_gen.diagnostics import Diagnostic, InputError, Location
from giar_gen.editor import forms
from giar_gen.editor.yamlpatch import Edit, apply_edits
from giar_gen.model.report import Report
from giar_gen.output import write_atomic
from giar_gen.source.fullwidth import normalise
from giar_gen.source.loader import load_report_text
from giar_gen.source.yamlsource import decode_utf8, load_yaml


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Checked:
    """One version of the file, loaded and checked."""

    text: str
    report: Report | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)  # input errors, or the findings
    input_error: bool = False  # the loader rejected the text: it may not be saved


class Conflict(Exception):
    """The file changed on disk since it was loaded."""

    def __init__(self, disk_text: str, disk_digest: str):
        self.disk_text = disk_text
        self.disk_digest = disk_digest
        super().__init__("文件在磁盘上已被修改")


@dataclass
class Document:
    path: Path
    text: str = ""
    digest: str = ""
    data: dict | None = None
    report: Report | None = None
    form: forms.Form | None = None
    problems: list[Diagnostic] = field(default_factory=list)  # why the file as loaded has no form
    bom: bool = False  # the file starts with a UTF-8 byte order mark (kept when saved)

    @classmethod
    def open(cls, path: Path) -> Document:
        doc = cls(path=Path(path))
        doc.reload()
        return doc

    def reload(self) -> None:
        """(Re)read the file from disk and rebuild the form."""
        raw = self.path.read_bytes()
        self.digest = digest(raw)
        self.bom = raw.startswith(b"\xef\xbb\xbf")
        self.problems = []
        self.report = self.form = self.data = None
        try:
            self.text = decode_utf8(raw, self.path.name)
        except InputError as exc:
            self.text = raw.decode("utf-8", errors="replace")
            self.problems = exc.diagnostics
            return
        checked = self.check_text(self.text)
        if checked.input_error:
            self.problems = checked.diagnostics
            return
        self.report = checked.report
        self.data, _ = load_yaml(self.text, self.path.name)
        self.form = forms.build_form(self.report, self.data)

    # -- versions -------------------------------------------------------------
    def text_for(self, state: dict) -> str:
        """The text of the file as the form ``state`` says (``{"raw": text}``:
        the text itself, for a file the form cannot show)."""
        if "raw" in state or self.form is None:
            return str(state.get("raw", self.text))
        assert self.report is not None and self.data is not None
        changes: list[Edit] = forms.edits(self.form, state, forms.table_keys(self.report, self.data))
        if not changes:
            return self.text
        # full-width syntax (行政处罚：298) is read as half-width by the loader, and
        # written so once the file is saved with changes (each was warned about)
        return apply_edits(normalise(self.text).text, changes)

    def check_text(self, text: str) -> Checked:
        """Load ``text`` as ``giar-gen build`` would, and run the rule catalogue."""
        from giar_gen.checks import run_checks
        from giar_gen.model.references import check_references

        try:
            report = load_report_text(text, self.path.name, base_dir=self.path.parent)
            check_references(report)
        except InputError as exc:
            return Checked(text, None, exc.diagnostics, input_error=True)
        except RecursionError:
            return Checked(
                text,
                None,
                [Diagnostic("Y001", "error", "YAML 格式错误：嵌套过深", Location(self.path.name))],
                input_error=True,
            )
        return Checked(text, report, list(run_checks(report).findings))

    def check(self, state: dict) -> Checked:
        try:
            text = self.text_for(state)
        except InputError as exc:  # the edited text does not parse (a bug, or raw text)
            return Checked(self.text, None, exc.diagnostics, input_error=True)
        except ValueError as exc:
            return Checked(
                self.text,
                None,
                [Diagnostic("Y001", "error", f"无法写入：{exc}", Location(self.path.name))],
                input_error=True,
            )
        return self.check_text(text)

    # -- saving ---------------------------------------------------------------
    def disk(self) -> tuple[str, str]:
        """The digest and text of the file on disk now."""
        raw = self.path.read_bytes()
        return digest(raw), raw.decode("utf-8", errors="replace")

    def save(self, state: dict, base_digest: str, overwrite: bool = False) -> Checked:
        """Write the version ``state`` describes. Returns it checked; nothing is
        written if the loader rejects it. Raises :class:`Conflict` if the file
        on disk is not the one the user started from (``base_digest``) and
        ``overwrite`` is not given."""
        checked = self.check(state)
        if checked.input_error:
            return checked
        on_disk, disk_text = self.disk() if self.path.exists() else ("", "")
        if not overwrite and (on_disk != self.digest or base_digest != self.digest):
            raise Conflict(disk_text, on_disk)
        if checked.text != disk_text or overwrite:
            write_atomic(self.path, (b"\xef\xbb\xbf" if self.bom else b"") + checked.text.encode("utf-8"))
        self.reload()
        return checked


# ---------------------------------------------------------------------------
# a new report


def new_file_name(year: int, agency: str) -> str:
    """``<year>-<agency>.yaml``: the agency name without anything a file name cannot hold."""
    name = re.sub(r"[\x00-\x1f/\\:*?\"<>|\s]+", "", agency).strip(".")[:60] or "报告"
    return f"{year}-{name}.yaml"


def new_report(folder: Path, year: int, agency: str, kind: str, level: str) -> Path:
    """Write the ``giar-gen init`` skeleton for ``year`` with the agency filled
    in, as ``<year>-<agency>.yaml`` in ``folder``. Raises ``FileExistsError``."""
    from giar_gen.source.skeleton import skeleton_yaml

    text = skeleton_yaml(year)
    edits = [
        Edit((("机关",), ("名称",)), agency.strip()),
        Edit((("机关",), ("类型",)), kind),
        Edit((("机关",), ("层级",)), level or None),
    ]
    text = apply_edits(text, edits)
    path = folder / new_file_name(year, agency)
    if path.exists():
        raise FileExistsError(path.name)
    write_atomic(path, text.encode("utf-8"))
    return path
