"""``giar-gen edit``: a local web editor for the report data file.

The office staff who draft the report fill in forms made from the table
definitions and the layout; the YAML file stays the record. See
:mod:`giar_gen.editor.app` for the security model, :mod:`.storage` for how the
file is saved, :mod:`.live` for the live checks.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def run(path: Path | None, *, open_browser: bool = True, port: int = 0, out=None) -> int:
    """Serve the editor for ``path`` (or the new-report form) until interrupted."""
    import logging
    import os
    import secrets
    import threading
    import webbrowser

    from werkzeug.serving import make_server

    from giar_gen.diagnostics import format_diagnostic
    from giar_gen.editor.app import create_app, url
    from giar_gen.source.loader import not_a_data_file

    wrong = not_a_data_file(path) if path is not None else None
    if wrong is not None:  # the editor saves into the file: never into a page, a workbook, a .doc
        print(format_diagnostic(wrong), file=sys.stderr)
        return 2
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no request log (the first one shows the token)
    os.environ.setdefault("GIAR_GEN_SERIAL", "1")  # no fork for the PDF from a threaded server
    host = "127.0.0.1"
    port = port or free_port(host)
    token = secrets.token_urlsafe(32)
    app = create_app(path, folder=Path.cwd(), token=token, port=port)
    try:  # werkzeug would say it in English and exit: try the port first
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind((host, port))
    except OSError as exc:
        import errno

        why = {errno.EADDRINUSE: "端口已被占用", errno.EACCES: "没有权限使用这个端口"}.get(exc.errno, "端口不可用")
        print(
            f"giar-gen: 无法在 {host}:{port} 上启动编辑器（{why}）；请换一个端口（--port），或不给 --port 自动选择",
            file=sys.stderr,
        )
        return 2
    server = make_server(host, port, app, threaded=True)
    address = url(host, port, token)
    out = out or sys.stdout
    print(f"编辑器已启动：{address}", file=out, flush=True)
    print("（只在本机可访问；关闭本窗口或按 Ctrl+C 结束）", file=out, flush=True)
    if open_browser:
        threading.Timer(0.3, lambda: webbrowser.open(address)).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
