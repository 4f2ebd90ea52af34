"""The editor's web application (Flask): pages, the JSON endpoints, the token.

Security model (a local, single-user application):

* it listens on 127.0.0.1 only; requests whose ``Host`` is not that address
  (or ``localhost``) with our port are refused (DNS rebinding);
* every request carries the random token: in the URL the first time (the
  page then sets a ``SameSite=Strict`` cookie and drops it from the address),
  and every POST in the ``X-Giar-Token`` header, which another site cannot
  set (CSRF); anything else gets 403;
* the browser never names a file: the application works on the one file it
  was started on, writes the outputs beside it, and offers downloads by
  format (``docx``, ``pdf``, ``html``) only;
* user text is escaped by Jinja's autoescape; the report preview is shown in
  an ``<iframe sandbox="allow-same-origin">`` from ``srcdoc``: nothing in it
  may run a script, submit a form or navigate (same origin only so that it
  loads the bundled fonts from the editor's cache), under the page's CSP.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask, abort, jsonify, make_response, redirect, render_template, request, send_file

from giar_gen.diagnostics import InputError, os_reason
from giar_gen.editor import live
from giar_gen.editor.storage import Conflict, Document, new_report
from giar_gen.output import OutputError

COOKIE = "giar_edit_token"
HEADER = "X-Giar-Token"
FORMATS = ("docx", "pdf", "html")
#: Agency types and levels offered by the new-report form (those of the model).
KINDS = ("人民政府", "部门", "其他")
LEVELS = ("国务院部门", "省级", "设区的市", "县级", "乡镇", "其他")

_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


class Editor:
    """What the application works on: one file, or a folder to create it in."""

    def __init__(self, path: Path | None, folder: Path):
        import threading

        self.lock = threading.Lock()  # one save, reload or new file at a time (the server is threaded)
        self.folder = folder
        self.doc: Document | None = Document.open(path) if path is not None else None

    def open(self, path: Path) -> None:
        self.doc = Document.open(path)


def create_app(
    path: Path | None, *, folder: Path | None = None, token: str | None = None, port: int | None = None
) -> Flask:
    """The application for ``path`` (``None``: the new-report form, which
    writes into ``folder``). ``port``: the port it will listen on, for the
    ``Host`` check (``None`` in tests: any port of 127.0.0.1/localhost)."""
    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.config["TOKEN"] = token or secrets.token_urlsafe(32)
    app.config["MAX_CONTENT_LENGTH"] = 8 * 1024 * 1024
    editor = Editor(Path(path) if path is not None else None, Path(folder or Path.cwd()))
    app.extensions["giar_editor"] = editor

    @app.before_request
    def _guard():
        host = request.host.rsplit(":", 1)
        if host[0] not in ("127.0.0.1", "localhost") or (port is not None and host[-1] != str(port)):
            abort(403)
        expected = app.config["TOKEN"]
        if request.method == "GET":
            given = request.args.get("token") or request.cookies.get(COOKIE) or ""
        else:
            given = request.headers.get(HEADER, "")
        if not secrets.compare_digest(given.encode(), expected.encode()):
            abort(403)

    @app.after_request
    def _headers(resp):
        resp.headers["Content-Security-Policy"] = _CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers.setdefault("Cache-Control", "no-store")
        return resp

    @app.errorhandler(403)
    def _forbidden(_e):
        return make_response(
            "403 拒绝访问：缺少或错误的访问令牌。请使用 giar-gen edit 启动时显示的完整地址。",
            403,
            {"Content-Type": "text/plain; charset=utf-8"},
        )

    @app.errorhandler(404)
    def _not_found(_e):
        return make_response(
            "404 没有这个页面。请使用 giar-gen edit 启动时显示的地址。",
            404,
            {"Content-Type": "text/plain; charset=utf-8"},
        )

    @app.errorhandler(413)
    def _too_large(_e):
        limit = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return jsonify(ok=False, message=f"上传的文件太大（超过 {limit} MB），没有读入。"), 413

    def _with_cookie(resp):
        resp.set_cookie(COOKIE, app.config["TOKEN"], httponly=True, samesite="Strict", path="/")
        return resp

    @app.get("/")
    def index():
        if "token" in request.args:  # set the cookie and take the token out of the address bar
            return _with_cookie(redirect("/", code=303))
        doc = editor.doc
        if doc is None:
            return render_template(
                "new.html",
                kinds=KINDS,
                levels=LEVELS,
                token=app.config["TOKEN"],
                font_css=live.font_faces(ui=True),
                folder=str(editor.folder),
            )
        return render_template(
            "editor.html",
            doc=doc,
            form=doc.form,
            token=app.config["TOKEN"],
            xlsx=xlsx_reader() is not None,
            font_css=live.font_faces(ui=True),
            name=doc.path.name,
            formats=FORMATS,
        )

    @app.post("/api/new")
    def new():
        if editor.doc is not None:
            return jsonify(ok=False, message="已经打开了一个文件"), 409
        body = request.get_json(silent=True) or {}
        problems = []
        try:
            year = int(str(body.get("year", "")).strip())
            if not 2008 <= year <= 2100:
                raise ValueError
        except ValueError:
            year = 0
            problems.append("报告年度应为 2008 至 2100 之间的整数")
        agency = str(body.get("agency", "")).strip()
        if not agency:
            problems.append("请填写机关名称")
        kind = str(body.get("kind", ""))
        level = str(body.get("level", ""))
        if kind not in KINDS:
            problems.append("请选择机关类型")
        if level and level not in LEVELS:
            problems.append("层级不在可选范围内")
        if problems:
            return jsonify(ok=False, message="；".join(problems)), 422
        try:
            with editor.lock:
                if editor.doc is not None:
                    return jsonify(ok=False, message="已经打开了一个文件"), 409
                path = new_report(editor.folder, year, agency, kind, level)
                editor.open(path)
        except FileExistsError as exc:
            return jsonify(
                ok=False,
                message=f"文件「{exc.args[0]}」已存在，不会覆盖。"
                f"请用 giar-gen edit {exc.args[0]} 打开它，或换一个机关名称。",
            ), 409
        except InputError as exc:
            return jsonify(ok=False, message="；".join(d.message for d in exc.diagnostics)), 422
        return jsonify(ok=True, file=path.name)

    def _doc() -> Document:
        if editor.doc is None:
            abort(404)
        return editor.doc

    @app.post("/api/check")
    def check():
        doc = _doc()
        state = request.get_json(silent=True) or {}
        return jsonify(live.result(doc, doc.check(state), fonts=live.font_faces()))

    @app.post("/api/save")
    def save():
        doc = _doc()
        body = request.get_json(silent=True) or {}
        shape = _shape(doc)
        try:
            with editor.lock:
                checked = doc.save(body.get("state") or {}, str(body.get("base", "")), bool(body.get("overwrite")))
        except Conflict as exc:
            return jsonify(
                ok=False,
                conflict=True,
                disk=exc.disk_text,
                mine=doc.text_for(body.get("state") or {}),
                message="文件在您打开之后已在磁盘上被修改（可能是在别的程序中）。请选择保留哪个版本。",
            ), 409
        if checked.input_error:
            answer = live.result(doc, checked, preview=False)
            answer["message"] = "有无法使用的输入（见标红处），未保存；文件保持原样。"
            return jsonify(answer), 422
        return jsonify(
            ok=True,
            digest=doc.digest,
            state=doc.form.state if doc.form else {"raw": doc.text},
            reload=_shape(doc) != shape,
            message=f"已保存到 {doc.path.name}",
        )

    @app.post("/api/upload-tables")
    def upload_tables():
        """A filled workbook (the bytes of the upload; its name only names it in
        messages) read into the grids: the browser fills the cells, the user saves."""
        doc = _doc()
        reader = xlsx_reader()
        if reader is None:
            return jsonify(ok=False, message="本版本还不能读入 Excel 工作簿（表格导入功能尚未合入）。"), 501
        if doc.form is None or doc.report is None or doc.report.edition is None:
            return jsonify(ok=False, message="这个数据文件没有可填的统计表。"), 409
        from urllib.parse import unquote

        name = unquote(request.headers.get("X-Upload-Name") or "上传的工作簿")[:120]
        try:
            found = reader(request.get_data(), doc.report.edition, name=name)
        except InputError as exc:
            return jsonify(ok=False, message="；".join(d.message for d in exc.diagnostics)), 422
        cells = live.cells_from_tables(doc.form, found.tables)
        notes = [d.to_dict() for d in found.diagnostics]
        return jsonify(
            ok=True,
            cells=cells,
            notes=notes,
            message=f"已从「{name}」读入 {len(cells)} 格（尚未保存）"
            + (f"；{len(notes)} 处需要核对，见下方" if notes else "。"),
        )

    @app.post("/api/reload")
    def reload():
        doc = _doc()
        with editor.lock:
            doc.reload()
        return jsonify(ok=True, digest=doc.digest)

    @app.post("/api/build")
    def build():
        from giar_gen.api import build_file

        doc = _doc()
        try:
            on_disk, _ = doc.disk()
        except OSError:
            on_disk = ""
        if on_disk != doc.digest:
            return jsonify(ok=False, message="文件在磁盘上已被修改，请先保存或重新载入。"), 409
        try:
            res = build_file(doc.path, formats=FORMATS)
        except InputError as exc:
            return jsonify(
                ok=False, message="数据文件有无法使用的输入：" + "；".join(d.message for d in exc.diagnostics)
            ), 422
        except (OutputError, OSError) as exc:
            why = os_reason(exc) if isinstance(exc, OSError) else exc
            return jsonify(ok=False, message=f"无法写入输出文件：{why}"), 500
        if res.refused:
            return jsonify(
                ok=False,
                message=f"校验发现 {res.status and len([d for d in res.diagnostics if d.severity == 'error'])} 个错误，"
                "未生成。请先改正右侧列出的错误。",
            ), 422
        files = [{"format": p.suffix[1:], "name": p.name, "url": f"/download/{p.suffix[1:]}"} for p in res.written]
        return jsonify(ok=True, files=files, message="已生成：" + "、".join(p.name for p in res.written))

    @app.get("/fonts/<role>")
    def font(role: str):
        """The bundled fonts, for machines without Chinese fonts (cached: the
        preview frame is reloaded at every change)."""
        from giar_gen.fonts import bundled_font_files

        files = bundled_font_files()
        if role not in files:
            abort(404)
        path = files[role].path
        resp = send_file(path, mimetype="font/ttf" if path.suffix == ".ttf" else "font/otf")
        resp.headers["Cache-Control"] = "private, max-age=86400"
        return resp

    @app.get("/download/<fmt>")
    def download(fmt: str):
        from giar_gen.api import output_paths

        doc = _doc()
        if fmt not in FORMATS:
            abort(404)
        path = output_paths(doc.path, None, (fmt,))[fmt]
        if not path.is_file():
            abort(404)
        return send_file(path, as_attachment=True, download_name=path.name)

    return app


def _shape(doc: Document) -> tuple:
    """What the form is made from: a save that changes it (another year's
    table edition or layout) reloads the page."""
    rep = doc.report
    if rep is None:
        return ()
    return (rep.edition.id if rep.edition else None, rep.layout.id, tuple(p.key for p in rep.layout.parts))


def xlsx_reader():
    """The workbook reader (issue 15 item 6, ``giar_gen.importer.xlsx``), or
    ``None`` while this version has none: the upload button is then not shown."""
    try:
        from giar_gen.importer.xlsx import read_tables_xlsx
    except ImportError:
        return None
    return read_tables_xlsx


def url(host: str, port: int, token: str) -> str:
    return f"http://{host}:{port}/?token={token}"
