"""Writing output files safely: to a temporary file first, then renamed into place.

A crash or a full disk never leaves a half-written file under a final name, and
an output path that is the input file itself is refused before anything is
written. :func:`write_all` writes the files of one build all or nothing: every
temporary file first, then the renames; a failure says exactly what was written.

A file that is rewritten keeps its permissions, a symbolic link is written
through (the file it points to is updated, the link stays), and a new file gets
the permissions the umask allows (``0666 & ~umask``), like any other program's.
Temporary files are named ``.giar-<pid>-….tmp``; those of a killed giar-gen are
removed the next time one writes into the same folder.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from pathlib import Path


class OutputError(OSError):
    """An output that was not written; the message (Chinese) names the file,
    the reason and what was written all the same (``written``)."""

    def __init__(self, message: str, written: list[Path] | None = None):
        super().__init__(message)
        self.message = message
        self.written = list(written or [])

    def __str__(self) -> str:
        return self.message


#: Why a file could not be written, in words (errno → Chinese).
_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EFBIG: "文件超过允许的大小（磁盘已满或受 ulimit -f 限制）",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "不允许写入",
    errno.EROFS: "是只读的文件系统",
    errno.ENAMETOOLONG: "文件名太长",
    errno.ENOTDIR: "输出文件夹的位置上是一个文件，不是文件夹",
    errno.EISDIR: "已有同名的文件夹",
    errno.EEXIST: "已有同名的文件",
    errno.ENOENT: "所在的文件夹不存在",
    errno.EIO: "磁盘读写出错",
}


def reason(exc: OSError) -> str:
    """An ``OSError`` in Chinese (the system's own words are English)."""
    if isinstance(exc, OutputError):
        return exc.message
    name = errno.errorcode.get(exc.errno or 0, "")
    return _REASONS.get(exc.errno or 0, f"系统错误 {name or exc.errno}")


def describe(exc: OSError) -> str:
    """One line for the terminal about an output not written (or a file not read)."""
    where = f"「{exc.filename}」：" if getattr(exc, "filename", None) and not isinstance(exc, OutputError) else ""
    return f"giar-gen: {where}{reason(exc)}"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _target(path: Path) -> Path:
    """Where writing ``path`` lands: through a symbolic link to the file it names."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def check_protect(path: Path, protect: tuple[Path, ...], then: str = "") -> None:
    """Refuse an output ``path`` that is one of the input files ``protect`` (through links
    too); ``then`` is added to the message (e.g. what was, or was not, written)."""
    for p in protect:
        try:
            same = path.resolve() == Path(p).resolve()
        except (OSError, RuntimeError):
            same = False
        if same:
            raise OutputError(f"输出文件「{path}」就是输入文件「{p}」，拒绝覆盖。{then}")


def _written_note(written: list[Path]) -> str:
    if not written:
        return "未生成任何文件。"
    return "已写入：" + "、".join(str(p) for p in written) + "；其余未写入。"


def _write_temp(target: Path, data: bytes) -> str:
    """``data`` in a new temporary file beside ``target``; its name is short, so any
    name that fits the file system has a temporary file that fits too."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where the output folder should be
        raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(target.parent)) from None
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(target))
    try:
        mode = target.stat().st_mode & 0o7777  # a file rewritten keeps its permissions
    except OSError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".giar-{os.getpid()}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


_TEMP = re.compile(r"\.giar-(\d+)-\w+\.tmp$")


def _sweep_temps(folder: Path, done: set[Path]) -> None:
    """Remove the temporary files a killed giar-gen left in ``folder`` (their process is gone)."""
    if folder in done:
        return
    done.add(folder)
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        m = _TEMP.match(name)
        if m and int(m.group(1)) != os.getpid() and not _alive(int(m.group(1))):
            _unlink(os.path.join(folder, name))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _unlink(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def write_all(files: dict[Path, bytes], *, protect: tuple[Path, ...] = ()) -> list[Path]:
    """Write every file of ``files`` or none: each is checked against ``protect``,
    written to a temporary file, and only then are all renamed into place.

    Returns the paths written. Raises :class:`OutputError` (``written`` says
    which files were renamed into place before a failure: none unless a rename
    itself fails).
    """
    paths = [Path(p) for p in files]
    for path in paths:
        check_protect(path, protect)
    temps: list[tuple[str, Path, Path]] = []
    swept: set[Path] = set()
    try:
        for path, data in zip(paths, files.values()):
            target = _target(path)
            _sweep_temps(target.parent, swept)
            try:
                temps.append((_write_temp(target, data), target, path))
            except OSError as exc:
                raise OutputError(f"无法写入「{path}」：{reason(exc)}。" + _written_note([])) from None
        written: list[Path] = []
        for i, (tmp, target, path) in enumerate(temps):
            try:
                os.replace(tmp, target)
            except OSError as exc:
                for rest, _t, _p in temps[i:]:
                    _unlink(rest)
                temps = []
                raise OutputError(f"无法写入「{path}」：{reason(exc)}。" + _written_note(written), written) from None
            written.append(path)
        temps = []
        return written
    finally:
        for tmp, _t, _p in temps:
            _unlink(tmp)


def write_atomic(path: Path, data: bytes, *, protect: tuple[Path, ...] = ()) -> None:
    """Write ``data`` to ``path`` atomically; never over a file in ``protect``.
    Raises :class:`OutputError` (a message in Chinese)."""
    write_all({Path(path): data}, protect=protect)
