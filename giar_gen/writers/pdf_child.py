"""The PDF rendered in a forked child, started before the data is read.

A single report is built fastest with WeasyPrint's import (a quarter of a
second) and first-use costs paid on the second core while this process parses
the command line, reads and checks the data and writes the other formats. This
module imports nothing but the standard library, so that the child can be
forked as early as the command line knows it is wanted (``prestart``); the
child imports the PDF writer and WeasyPrint itself.

A batch does not use it (:mod:`giar_gen.batch.workers` keeps warm renderers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from giar_gen.document.tree import Document


class BackgroundPdf:
    """Render one PDF in a forked process, so that WeasyPrint's import (about half a
    second) and its layout run on a second core while this process reads the data
    and writes the DOCX and HTML. POSIX only (``available()``).

    >>> job = BackgroundPdf()          # forks; the child imports WeasyPrint now
    >>> ...                            # load and compose the report meanwhile
    >>> data = job.render(doc, **kw)   # hands the document over, waits for the bytes
    """

    _started: BackgroundPdf | None = None
    #: False in a process that renders many reports itself (a batch worker, see
    #: :mod:`giar_gen.batch.workers`): a child per report would pay the import each time.
    enabled = True

    @classmethod
    def prestart(cls) -> None:
        """Fork the child as early as possible (the command line does this before it
        imports the rest of giar-gen); ``take()`` hands it to the next build."""
        if cls._started is None and cls.available():
            cls._started = cls._start()

    @classmethod
    def take(cls) -> BackgroundPdf | None:
        """The pre-started child, or a new one; None where fork is unavailable."""
        job, cls._started = cls._started, None
        if job is None and cls.available():
            job = cls._start()
        return job

    @classmethod
    def _start(cls) -> BackgroundPdf | None:
        try:
            return cls()
        except OSError:  # no process to spare (a full process table, a sandbox): the build renders itself
            return None

    @classmethod
    def discard(cls) -> None:
        """Stop a pre-started child that no build took (the build refused its options)."""
        job, cls._started = cls._started, None
        if job is not None:
            job.close()

    @classmethod
    def available(cls) -> bool:
        import multiprocessing
        import os

        # only in the main process: a worker of a batch build is parallel already
        return (
            cls.enabled
            and hasattr(os, "fork")
            and "fork" in multiprocessing.get_all_start_methods()
            and multiprocessing.parent_process() is None
            and not os.environ.get("GIAR_GEN_SERIAL")
        )

    def __init__(self) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        self._conn, child = ctx.Pipe()
        # The child also gets our end of the pipe (fork copies it) and must close it,
        # or closing ours would never reach it as end-of-file.
        self._proc = ctx.Process(target=_background_pdf, args=(child, self._conn), daemon=True)
        try:
            self._proc.start()
        except BaseException:
            self._conn.close()
            raise
        finally:
            child.close()
        self._sending = None  # the thread that sends the document (start)
        self._received = False  # the PDF came back (result)

    def render(self, doc: Document, **options) -> bytes:
        """The PDF of ``doc`` (``render_pdf``'s options): :meth:`start`, then :meth:`result`."""
        self.start(doc, **options)
        return self.result()

    def start(self, doc: Document, **options) -> None:
        """Hand ``doc`` over and return at once: this process writes the other
        formats while the child renders. The document is pickled here (a snapshot)
        and sent from a thread: a long report would fill the pipe while the child is
        still warming up, and block this process until it reads."""
        import pickle
        import threading

        from giar_gen.fonts.sources import resolve_font_sources

        # the fonts are resolved here, where fontconfig was asked already (the
        # coverage check): the child does not run fc-list again
        options.setdefault("font_sources", resolve_font_sources(system_fonts=options.get("system_fonts", True)))
        message = pickle.dumps((doc, options), protocol=pickle.HIGHEST_PROTOCOL)
        self._sending = threading.Thread(target=self._send, args=(message,), daemon=True)
        self._sending.start()

    def _send(self, message: bytes) -> None:
        try:
            self._conn.send_bytes(message)
        except (OSError, ValueError):  # the child is gone: result() says so
            pass

    def result(self) -> bytes:
        """Wait for the PDF (after :meth:`start`); the child has ended when this returns."""
        try:
            self._sending.join()
            status, payload = self._conn.recv()
            self._received = True
        except (EOFError, OSError) as exc:
            raise RuntimeError(f"PDF 子进程意外退出（{exc}）") from None
        finally:
            self.close()
        if status == "oserror":  # e.g. a full disk while writing the font subsets
            raise OSError(*payload)
        if status != "ok":
            raise RuntimeError(f"PDF 子进程出错：{payload}")
        return payload

    def close(self) -> None:
        """End the child. Once its PDF has been received, it is ending by itself;
        before that (the build refused, skipped or was interrupted), its work is
        not wanted: it is stopped at once (SIGTERM, on which it removes its
        temporary files and exits), not left to finish an import or a render."""
        if not self._received and self._proc.is_alive():
            self._proc.terminate()
        if self._sending is not None:
            self._sending.join()  # the send fails once the child is gone
        self._conn.close()
        self._proc.join(timeout=30)
        if self._proc.is_alive():
            self._proc.kill()
            self._proc.join()


def _background_pdf(conn, parent_end) -> None:
    import os
    import signal
    import sys
    import traceback

    from giar_gen.lifeline import die_with_parent, scratch_dir

    die_with_parent()  # never outlive a killed build
    # Ctrl-C in the terminal reaches the whole process group: the build handles it
    # and stops this process (SIGTERM), which then exits quietly, its files removed.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    parent_end.close()
    # This process imports WeasyPrint, renders one document and exits: the garbage
    # collector's full passes over WeasyPrint's objects (35–80 ms, measured) would
    # free nothing that matters (the peak of a 44-page report is 3 MB higher without).
    import gc

    gc.disable()

    def reply(message) -> None:
        try:
            conn.send(message)
        except OSError:  # the build is gone or no longer waiting
            pass

    try:
        with scratch_dir():  # every temporary file in one folder, swept if this process is killed
            try:
                import giar_gen.writers.pdf  # noqa: F401  (the writer, imported before it is needed)
                from giar_gen.writers.pdf_start import warm_up

                warm_up(ready=conn.poll)  # the slow import and first-use costs, while the parent reads the data
                import pickle

                doc, options = pickle.loads(conn.recv_bytes())
            except (EOFError, OSError):
                return
            try:
                from giar_gen.writers.pdf import render_pdf

                reply(("ok", render_pdf(doc, **options)))
            except SystemExit:
                raise
            except OSError as exc:  # the parent says it in Chinese
                reply(("oserror", (exc.errno, exc.strerror or "")))
            except BaseException as exc:  # reported to the parent, which raises (no traceback unless debugging)
                detail = traceback.format_exc() if os.environ.get("GIAR_GEN_DEBUG") else f"{type(exc).__name__}: {exc}"
                reply(("error", detail))
    finally:
        conn.close()


__all__ = ["BackgroundPdf"]
