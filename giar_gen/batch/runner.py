"""Batch builds: many data files and folders in one command.

``giar-gen build A.yaml B.yaml 单位/ -j 4``:

* inputs are files and folders (searched recursively for ``*.yaml``/``*.yml``;
  hidden files, layout definitions and giar-gen's own cache are left out);
* files are built in parallel by a process pool (``-j N``, default: the number
  of processors); a file that fails does not stop the others;
* on a terminal a progress bar is shown, otherwise (a pipe, a log, CI) one plain
  line per file;
* the end is a table of every file with its result (已生成 / 有警告 / 出错 / 跳过)
  and the exit status is the worst of the files' (0 when none failed);
* a file is skipped when neither it nor anything else its output depends on has
  changed since it was last built: the hash of the bytes the build read of every
  file it opened (the input, a layout file, last year's data), of giar-gen itself
  (version and package files) and of the build options is kept per input name in
  a small cache file ``.giar-gen-cache.json`` in the output folder, with the hash
  of every file written (see :mod:`giar_gen.batch.cache`). ``--no-cache`` (alias
  ``--rebuild``) builds anyway.

This module only plans, runs and reports; building one file is
:func:`giar_gen.api.build_file`.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from giar_gen.batch import workers as workers_
from giar_gen.batch.cache import CACHE_NAME, CACHE_VERSION, Cache, cache_key  # noqa: F401  (re-exported)

INPUT_SUFFIXES = (".yaml", ".yml")

#: Result kinds, in the order the summary lists them.
BUILT, WARNINGS, ERRORS, SKIPPED = "built", "warnings", "errors", "skipped"
STATUS_LABEL = {BUILT: "已生成", WARNINGS: "有警告", ERRORS: "出错", SKIPPED: "跳过"}

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


# ---------------------------------------------------------------------------
# inputs


@dataclass(frozen=True)
class Input:
    source: Path
    rel: Path  # path below the folder it was found in (the file name for a file given directly)
    problem: str | None = None  # why it cannot be built at all (missing, not a file, …)


_LAYOUT_FILE = re.compile(r"^parts\s*:", re.M)
_REPORT_FILE = re.compile(r"^(报告年度|report_year)\s*:", re.M)


def _is_layout_file(path: Path) -> bool:
    """A custom layout definition lying among the data files (not a report)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    return bool(_LAYOUT_FILE.search(text)) and not _REPORT_FILE.search(text)


def collect_inputs(paths: list[str | Path]) -> list[Input]:
    """The data files named by ``paths`` (files and folders), each once, in order:
    files as given, folder contents sorted by path."""
    out: list[Input] = []
    seen: set[Path] = set()

    def add(inp: Input) -> None:
        key = inp.source.resolve() if inp.problem is None else inp.source
        if key not in seen:
            seen.add(key)
            out.append(inp)

    folders = [Path(raw) for raw in paths if Path(raw).is_dir()]
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            # one folder: its sub-folders are mirrored below -o; several: each under its own name
            base = Path(p.resolve().name) if len(folders) > 1 else Path()
            found = sorted(
                (
                    f
                    for f in p.rglob("*")
                    if f.suffix.lower() in INPUT_SUFFIXES
                    and f.is_file()
                    and not any(part.startswith(".") for part in f.relative_to(p).parts)
                ),
                key=lambda f: f.relative_to(p).as_posix(),
            )
            for f in found:
                if not _is_layout_file(f):
                    add(Input(f, base / f.relative_to(p)))
        elif p.is_file():
            add(Input(p, Path(p.name)))
        elif p.exists():
            add(Input(p, Path(p.name), problem=f"「{p}」不是文件也不是文件夹"))
        else:
            add(Input(p, Path(p.name), problem=f"找不到「{p}」"))
    return out


def find_previous(source: Path, previous: Path | None) -> Path | None:
    """Last year's data file for ``source``: ``previous`` itself when it is a
    file; in a folder, the file of the same name, or of the same name with the
    year in it one less (``2023-财政局.yaml`` → ``2022-财政局.yaml``)."""
    if previous is None:
        return None
    if previous.is_file():
        return previous
    names = [source.name]
    years = re.sub(r"(?<!\d)(20\d\d|19\d\d)(?!\d)", lambda m: str(int(m.group(1)) - 1), source.stem)
    if years != source.stem:
        names += [years + s for s in INPUT_SUFFIXES]
    for name in names:
        cand = previous / name
        if cand.is_file():
            return cand
    return None


# ---------------------------------------------------------------------------
# jobs and their results


@dataclass
class Job:
    index: int
    source: Path
    display: str
    out_dir: Path | None  # None: beside the source
    formats: tuple[str, ...]
    options: dict  # keyword arguments of build_file besides the formats
    key: str = ""  # cache key
    problem: str | None = None  # a reason to fail without building
    warnings: list[str] = field(default_factory=list)  # planning notes shown with the file


@dataclass
class FileResult:
    index: int
    display: str
    status: str
    warnings: int = 0
    errors: int = 0
    written: list[str] = field(default_factory=list)
    note: str = ""  # one line for the table
    details: str = ""  # formatted diagnostics
    exit_code: int = EXIT_OK
    seconds: float = 0.0
    summary: str = ""  # the checks' one-line count ("共 1 个错误、0 个警告。")
    refused: bool = False  # the checks found errors: nothing written
    inputs: dict[str, str] = field(default_factory=dict)  # files read: name → hash of the bytes read
    outputs: dict[str, str] = field(default_factory=dict)  # files written: name → hash


def run_job(job: Job) -> FileResult:
    """Build one file; never raises (runs in a worker process)."""
    from giar_gen.api import build_file
    from giar_gen.diagnostics import Diagnostic, InputError, format_diagnostics

    start = time.perf_counter()
    res = FileResult(job.index, job.display, ERRORS)
    if job.problem:
        res.errors, res.note, res.exit_code = 1, job.problem, EXIT_INPUT
        res.details = f"{job.display}：{job.problem}"
        return res
    try:
        built = build_file(job.source, job.out_dir, job.formats, **job.options)
    except InputError as exc:
        errs = [d for d in exc.diagnostics if d.severity == "error"]
        res.errors = len(errs) or 1
        res.warnings = sum(1 for d in exc.diagnostics if d.severity == "warning")
        first: Diagnostic | None = errs[0] if errs else (exc.diagnostics[0] if exc.diagnostics else None)
        res.note = _first_line(first.message) if first else "输入有误"
        res.details = format_diagnostics(exc.diagnostics)
        res.exit_code = EXIT_INPUT
    except OSError as exc:  # OutputError: an output not written (full disk, read-only folder, …)
        from giar_gen.output import reason

        res.errors, res.note, res.exit_code = 1, _first_line(reason(exc)), EXIT_INPUT
        res.details = f"{job.display}：{reason(exc)}"
        res.written = [str(p) for p in getattr(exc, "written", [])]
    except Exception as exc:  # a bug: report it for this file and go on with the others
        if os.environ.get("GIAR_GEN_DEBUG"):
            import traceback

            traceback.print_exc()
        res.errors, res.exit_code = 1, EXIT_INTERNAL
        res.note = f"内部错误：{type(exc).__name__}: {exc}"
        res.details = (
            f"{job.display}：giar-gen 内部错误：{type(exc).__name__}: {exc}\n"
            "这是程序的问题，不是数据的问题。设置环境变量 GIAR_GEN_DEBUG=1 可查看详细信息。"
        )
    else:
        from giar_gen.checks import format_findings, summary_line

        diags = built.diagnostics
        active = [d for d in diags if d.acknowledged is None]
        res.errors = sum(1 for d in active if d.severity == "error")
        res.warnings = sum(1 for d in active if d.severity == "warning") + len(job.warnings)
        res.written = [str(p) for p in built.written]
        res.inputs, res.outputs = dict(built.inputs), dict(built.outputs)
        res.summary = summary_line(diags) if diags else ""
        res.refused = built.refused
        status = built.status
        if res.refused or status or res.errors:
            res.status, res.exit_code = ERRORS, max(status, EXIT_FINDINGS)
            first = next((d for d in active if d.severity == "error"), None) or next(iter(active), None)
            reason = _first_line(first.message) if first else "校验未通过"
            res.note = ("未生成：" if res.refused else "已强制生成：") + reason
        else:
            res.status = WARNINGS if res.warnings else BUILT
            res.note = "、".join(Path(p).suffix.lstrip(".") for p in res.written)
        text = "\n".join(job.warnings)
        if diags:
            text = (text + "\n" if text else "") + format_findings(diags)
        res.details = text
    res.seconds = time.perf_counter() - start
    return res


def _first_line(s: str, limit: int = 48) -> str:
    line = s.strip().splitlines()[0] if s.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


# ---------------------------------------------------------------------------
# progress


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * max(width - _width(s), 0)


def _fit(s: str, width: int) -> str:
    """``s`` cut to ``width`` columns from the left ("…/单位/0001-财政局.yaml"):
    the end of a path is the part that tells files apart."""
    if _width(s) <= width:
        return s
    out = ""
    for ch in reversed(s):
        if _width(ch + out) > width - 1:
            break
        out = ch + out
    return "…" + out


def interactive(stream: TextIO) -> bool:
    """A progress bar only on a terminal, and never in CI logs."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return tty and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


class Progress:
    """A bar redrawn in place on a terminal; one line per file otherwise."""

    BAR = 28

    def __init__(self, total: int, stream: TextIO, bar: bool):
        self.total, self.stream, self.bar = total, stream, bar
        self.done = 0
        self.started = time.perf_counter()

    def update(self, r: FileResult) -> None:
        self.done += 1
        label = STATUS_LABEL[r.status]
        if self.bar:
            filled = self.BAR * self.done // max(self.total, 1)
            elapsed = time.perf_counter() - self.started
            line = (
                f"\r[{'#' * filled}{'.' * (self.BAR - filled)}] {self.done}/{self.total} "
                f"{elapsed:.0f}s  {label} {_fit(r.display, 36)}\x1b[K"
            )
            self.stream.write(line)
        else:
            n = len(str(self.total))
            self.stream.write(
                f"[{self.done:>{n}}/{self.total}] {label} {r.display}"
                + (f"：{r.note}" if r.status in (ERRORS, WARNINGS) and r.note else "")
                + "\n"
            )
        self.stream.flush()

    def finish(self) -> None:
        if self.bar and self.done:
            self.stream.write("\n")
            self.stream.flush()


# ---------------------------------------------------------------------------
# the whole run


@dataclass
class BatchReport:
    results: list[FileResult]
    seconds: float
    jobs: int

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def exit_code(self) -> int:
        return max((r.exit_code for r in self.results), default=EXIT_OK)


def plan(
    inputs: list[Input], out_dir: Path | None, formats: tuple[str, ...], options: dict, previous: Path | None = None
) -> list[Job]:
    """One job per input, with its output folder; outputs that would overwrite
    each other (same name from two folders) make the later job fail."""
    jobs: list[Job] = []
    claimed: dict[Path, str] = {}
    for i, inp in enumerate(inputs):
        folder = (out_dir / inp.rel.parent) if out_dir is not None else None
        display = str(inp.source)
        job = Job(i, inp.source, display, folder, formats, dict(options), problem=inp.problem)
        if inp.problem is None:
            target = ((folder or inp.source.parent) / inp.source.stem).resolve()
            if target in claimed:
                job.problem = f"输出文件会与「{claimed[target]}」的重名，未生成（请分开输出目录或改名）"
            else:
                claimed[target] = display
        if previous is not None and job.problem is None:
            prev = find_previous(inp.source, previous)
            if prev is None:
                job.warnings.append(f"{display}：在「{previous}」中没有找到上一年度的数据文件，未生成与上年度的对比")
            elif prev.resolve() != inp.source.resolve():
                job.options["previous"] = prev
        jobs.append(job)
    return jobs


def run(jobs: list[Job], *, workers: int, use_cache: bool = True, progress: Progress | None = None) -> BatchReport:
    """Run ``jobs`` with ``workers`` processes, skipping the unchanged ones unless
    ``use_cache`` is false (what is built is recorded in the cache either way)."""
    start = time.perf_counter()
    results: dict[int, FileResult] = {}
    caches: dict[Path, Cache] = {}
    todo: list[Job] = []

    def cache_for(job: Job) -> Cache:
        folder = (job.out_dir or job.source.parent).resolve()
        if folder not in caches:
            caches[folder] = Cache(folder)
        return caches[folder]

    def done(r: FileResult) -> None:
        results[r.index] = r
        if progress is not None:
            progress.update(r)

    for job in jobs:
        if job.problem is None:
            try:
                job.key = cache_key(job.source, job.formats, job.options, tuple(job.warnings))
            except OSError as exc:
                job.problem = f"无法读取：{exc.strerror or exc}"
        if use_cache and job.problem is None:
            entry = cache_for(job).fresh(job.source, job.key)
            if entry is not None:
                n = len(entry.get("outputs", {}))
                done(
                    FileResult(
                        job.index,
                        job.display,
                        SKIPPED,
                        warnings=int(entry.get("warnings", 0)),
                        written=list(entry.get("outputs", {})),
                        note=f"未改动，{n} 个输出文件已是最新",
                    )
                )
                continue
        todo.append(job)

    workers = max(1, min(workers, len(todo)))
    finished: list[tuple[Job, FileResult]] = []
    if workers == 1:
        with workers_.serial(todo) as run_one:  # several reports: warm, in this process
            for job in todo:
                r = run_one(run_job, job)
                finished.append((job, r))
                done(r)
    else:
        # warm workers (batch.workers) that die with this process (a kill -9 of the
        # build leaves none running)
        with cf.ProcessPoolExecutor(
            max_workers=workers, initializer=workers_.init_worker, initargs=(workers_.formats_of(todo), os.getpid())
        ) as pool:
            futures = {pool.submit(workers_.run, run_job, job): job for job in todo}
            try:
                for fut in cf.as_completed(futures):
                    job = futures[fut]
                    try:
                        r = fut.result()
                    except Exception as exc:  # the worker process died (out of memory, killed)
                        r = FileResult(
                            job.index,
                            job.display,
                            ERRORS,
                            errors=1,
                            exit_code=EXIT_INTERNAL,
                            note=f"进程异常退出：{type(exc).__name__}",
                            details=f"{job.display}：生成进程异常退出：{exc}",
                        )
                    finished.append((job, r))
                    done(r)
            except KeyboardInterrupt:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    for job, r in finished:
        if job.problem is not None:
            continue
        cache = cache_for(job)
        if r.status in (BUILT, WARNINGS):
            cache.record(job.source, job.key, r)
        else:
            cache.forget(job.source)
    for cache in caches.values():  # recorded even with --no-cache: the next run may skip
        cache.save()
    if progress is not None:
        progress.finish()
    return BatchReport([results[i] for i in sorted(results)], time.perf_counter() - start, workers)


# ---------------------------------------------------------------------------
# the summary


def summary_table(report: BatchReport) -> str:
    """Every file with its result, then one line of totals."""
    head = ("文件", "结果", "警告", "错误", "说明")
    rows = [(r.display, STATUS_LABEL[r.status], str(r.warnings), str(r.errors), r.note) for r in report.results]
    w0 = min(max([_width(head[0])] + [_width(r[0]) for r in rows]), 60)
    widths = (w0, 6, 4, 4)
    lines = ["  ".join(_pad(h, w) for h, w in zip(head[:4], widths)) + "  " + head[4]]
    lines.append("-" * (sum(widths) + 2 * 4 + 24))
    for r in rows:
        cells = [_pad(_fit(r[0], w0), w0), _pad(r[1], 6), _pad(r[2].rjust(4), 4), _pad(r[3].rjust(4), 4)]
        lines.append("  ".join(cells) + "  " + r[4])
    built, warned, errors, skipped = (report.count(s) for s in (BUILT, WARNINGS, ERRORS, SKIPPED))
    total = len(report.results)
    lines.append("")
    lines.append(
        f"共 {total} 个文件：已生成 {built}，有警告 {warned}，出错 {errors}，跳过（未改动）{skipped}。"
        f"用时 {report.seconds:.1f} 秒（{report.jobs} 个进程）。"
    )
    if errors:
        lines.append(
            f"有 {errors} 个文件出错，未生成报告：见上方的出错信息，改正后重新运行同一命令（未改动的文件会自动跳过）。"
        )
    return "\n".join(lines)


def print_details(report: BatchReport, stream: TextIO) -> None:
    """The diagnostics of the files that failed or had warnings, file by file."""
    for r in report.results:
        if r.details and r.status in (ERRORS, WARNINGS):
            stream.write(f"\n== {r.display}（{STATUS_LABEL[r.status]}）\n{r.details}\n")


def default_jobs() -> int:
    return os.cpu_count() or 1


def build_many(
    paths: list[str],
    *,
    out_dir: str | None,
    formats: tuple[str, ...],
    options: dict,
    previous: str | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    out: TextIO | None = None,
    err: TextIO | None = None,
    bar: bool | None = None,
) -> int:
    """``giar-gen build`` for any number of inputs; returns the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    inputs = collect_inputs(paths)
    if not inputs:
        err.write("giar-gen: 没有找到要生成的数据文件（*.yaml）\n")
        return EXIT_INPUT
    prev_path = Path(previous) if previous else None
    if prev_path is not None:
        if not prev_path.exists():
            err.write(f"giar-gen: 找不到上一年度的数据「{previous}」\n")
            return EXIT_INPUT
        if prev_path.is_file() and len(inputs) > 1:
            err.write(
                "giar-gen: 生成多个文件时，--previous 应是存放上一年度数据文件的文件夹"
                "（按文件名对应，如 2023-财政局.yaml ↔ 2022-财政局.yaml）\n"
            )
            return EXIT_INPUT
    jobs_list = plan(inputs, Path(out_dir) if out_dir else None, formats, options, prev_path)
    if len(paths) == 1 and Path(paths[0]).is_file():  # one file: no table, no progress
        report = run(jobs_list, workers=1, use_cache=use_cache)
        _print_single(report.results[0], out, err)
        return report.exit_code
    show_bar = interactive(err) if bar is None else bar
    progress = Progress(len(jobs_list), err, show_bar)
    report = run(jobs_list, workers=jobs or default_jobs(), use_cache=use_cache, progress=progress)
    print_details(report, err)
    out.write("\n" + summary_table(report) + "\n")
    out.flush()
    return report.exit_code


def _size(path: Path) -> str:
    try:
        n = path.stat().st_size
    except OSError:
        return "?"
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _print_single(r: FileResult, out: TextIO, err: TextIO) -> None:
    """One file: its findings and written files, no table."""
    if r.details:
        err.write(r.details + "\n")
    if r.summary:
        err.write(f"{r.display}：{r.summary}\n")
    if r.refused:
        err.write(
            f"{r.display}：校验发现错误（或 --strict 时的警告），未生成报告。请改正；"
            "核实无误的可在“已确认”中说明理由，或加 --force 强制生成。\n"
        )
    elif r.status == ERRORS and not r.written and "未生成任何文件" not in r.details:
        err.write(f"{r.display}：{'输入有误，' if r.exit_code == EXIT_INPUT else ''}未生成任何文件。\n")
    if r.status == SKIPPED:
        out.write(f"{r.display} 未改动，上次生成的文件仍是最新的，已跳过（加 --rebuild 强制重新生成）：\n")
        for p in r.written:
            out.write(f"  {p}\n")
    else:
        for p in r.written:
            out.write(f"已生成 {p}（{_size(Path(p))}）\n")
