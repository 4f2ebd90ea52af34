"""Warm renderers for batch builds.

A single report is built fastest with its PDF rendered in a forked child that
imports WeasyPrint while the parent reads the data
(:class:`giar_gen.writers.pdf_child.BackgroundPdf`). In a batch that trick costs more
than it gives: every report would pay WeasyPrint's import and first-use costs
again in a fresh child. So a process that builds many reports (each pool
worker, or the main process at ``-j 1``) renders them itself: it imports
WeasyPrint and warms it up once (:func:`giar_gen.writers.pdf_start.warm_up`),
then renders report after report in-process.

Memory: WeasyPrint's font configuration is released after each document
(``pdf_start.font_configuration``; Pango leaked 0.2 MB per report), and every
few reports the worker collects their reference cycles and gives freed memory
back to the system (:func:`after_report`); what was loaded once before the
first report is frozen out of the collector's way (``gc.freeze``), so that
collection costs only what the reports left behind. The same document
rendered again and again no longer grows the worker (< 0.02 MB per render, was
0.35); each newly built report still leaves about 0.1 MB (cause not found; not
in giar-gen's Python objects). Replacing workers (``max_tasks_per_child``) would bound it,
but on Python 3.11 the pool hangs once the first workers retire.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def formats_of(jobs: Iterable) -> frozenset[str]:
    """The formats any of ``jobs`` writes (what a worker must be ready for)."""
    return frozenset(fmt for job in jobs for fmt in job.formats)


def prepare(formats: Iterable[str]) -> None:
    """Make this process a warm renderer for ``formats``: PDFs rendered in-process,
    WeasyPrint imported and warmed up only if PDFs are wanted."""
    from giar_gen.writers.pdf_child import BackgroundPdf

    BackgroundPdf.enabled = False
    import giar_gen.api  # noqa: F401  (loading, checks and composition: imported once)

    if "pdf" in formats:
        from giar_gen.writers.pdf_start import warm_up

        try:
            warm_up()
        except Exception:  # e.g. WeasyPrint's libraries missing: each report says so itself
            pass
    gc.collect()
    gc.freeze()  # what every report shares: not scanned again by each collection


def _release() -> None:
    """Give the C heap's free memory back to the system (glibc), where available."""
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (AttributeError, OSError):
        pass


#: Reports between two full collections: a collection costs ~30 ms (7 % of a
#: report), the garbage of a few reports a few MB.
COLLECT_EVERY = 8
_reports = 0


def after_report() -> None:
    """Free what the last reports left behind (cycles of layout boxes, Pango
    objects): every :data:`COLLECT_EVERY` reports, a full collection, and the
    freed memory given back to the system."""
    global _reports
    _reports += 1
    if _reports % COLLECT_EVERY == 0:
        gc.collect()
        _release()


def run(build: Callable[[T], R], job: T) -> R:
    """``build(job)``, then :func:`after_report`: how a warm worker runs a job."""
    try:
        return build(job)
    finally:
        after_report()


def init_worker(formats: frozenset[str], parent: int | None = None) -> None:
    """``ProcessPoolExecutor`` initializer of a batch worker (which dies with
    ``parent``, the build's process, when given)."""
    if parent is not None:
        from giar_gen.lifeline import die_with_parent

        die_with_parent(parent)
    prepare(formats)


@contextmanager
def in_process(formats: Iterable[str]) -> Iterator[None]:
    """Render in this process meanwhile (a batch at ``-j 1``); afterwards a single
    build forks its PDF child again."""
    from giar_gen.writers.pdf_child import BackgroundPdf

    before = BackgroundPdf.enabled
    prepare(formats)
    try:
        yield
    finally:
        BackgroundPdf.enabled = before
        gc.unfreeze()


@contextmanager
def serial(jobs: list) -> Iterator[Callable]:
    """How this process runs ``jobs`` one after the other (``-j 1``): several
    reports warm, in-process (:func:`in_process`, :func:`run`); a single report
    as it is (its PDF in a forked child, started ahead)."""
    if len(jobs) < 2:
        yield lambda build, job: build(job)
        return
    with in_process(formats_of(jobs)):
        yield run


__all__ = ["after_report", "formats_of", "in_process", "init_worker", "prepare", "run", "serial"]
