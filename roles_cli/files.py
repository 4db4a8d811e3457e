"""Bytes in and text out: reading a file with a bound on its size, decoding it, and replacing a file
in one step. Every failure is a DataError or an OutputError that names the file and says what to do.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from roles_cli.errors import DataError, OutputError, TooLargeError

MAX_BYTES = 64 * 1024 * 1024
"""The largest roles file read unless asked for more (load_roles(max_bytes=...), ROLES_MAX_SIZE):
twenty times the 869-role O*NET file. Beyond it the answer is a message, not an exhausted memory; a
device that never ends (/dev/zero) is not read at all."""


def read_bytes(
    file: Path,
    source: str,
    *,
    what: str = "a roles YAML file",
    limit: int = MAX_BYTES,
    kind: str = "a roles file",
) -> bytes:
    """The bytes of `file`, at most `limit`, or a DataError that names `source` and says what went
    wrong (`what` is what to give instead of a directory, `kind` what is too large).

    Only a regular file is read. A FIFO, a socket or a device is refused at once, never waited on
    (a FIFO nobody writes to would block the run, or a shell's completion, for ever): it is opened
    without waiting, and what was opened is checked before a byte is read.
    """
    return read_file(file, source, what=what, limit=limit, kind=kind)[0]


def read_file(
    file: Path,
    source: str,
    *,
    what: str = "a roles YAML file",
    limit: int = MAX_BYTES,
    kind: str = "a roles file",
) -> tuple[bytes, os.stat_result]:
    """read_bytes, and the os.fstat of the file that was read (taken before reading it)."""
    with _reading(source, what):
        info = os.stat(file)
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegular(info)
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):  # swapped for another kind of file in between
                raise _NotRegular(info)
            if info.st_size > limit:
                data = None
            else:
                with os.fdopen(fd, "rb", closefd=False) as stream:
                    data = stream.read(info.st_size + 1)  # a buffer of the file's size, not the limit's
                    if len(data) > info.st_size:  # it has grown since
                        data += stream.read(limit + 1 - len(data))
        finally:
            os.close(fd)
    if data is None or len(data) > limit:
        raise TooLargeError(source, limit, kind)
    return data, info


def stat_file(
    file: Path,
    source: str,
    *,
    what: str = "a roles YAML file",
    limit: int = MAX_BYTES,
    kind: str = "a roles file",
) -> os.stat_result:
    """The os.stat of `file` if read_bytes would read it (a regular file of at most `limit` bytes),
    without reading it; else the DataError read_bytes would raise."""
    with _reading(source, what):
        info = os.stat(file)
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegular(info)
    if info.st_size > limit:
        raise TooLargeError(source, limit, kind)
    return info


@contextlib.contextmanager
def _reading(source: str, what: str) -> Iterator[None]:
    """Failures to find, open or read a file, as DataErrors that name `source` and say what to do."""
    try:
        yield
    except _NotRegular as not_regular:
        if stat.S_ISDIR(not_regular.mode):
            raise DataError.at(source, f"is a directory; give the path of {what}") from None
        raise DataError.at(
            source, f"is {_file_kind(not_regular.mode)}, not a regular file; give the path of {what}"
        ) from None
    except FileNotFoundError:
        raise DataError.at(source, "no such file; check the path") from None
    except IsADirectoryError:  # pragma: no cover - os.stat says so first
        raise DataError.at(source, f"is a directory; give the path of {what}") from None
    except PermissionError:
        raise DataError.at(source, "cannot be read: permission denied") from None
    except OSError as error:
        raise DataError.at(source, f"cannot be read: {error.strerror or error}") from None


class _NotRegular(Exception):
    def __init__(self, info: os.stat_result) -> None:
        self.mode = info.st_mode


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"  # pragma: no cover - a door, a whiteout: not on the systems this runs on


def read_stream(stream: BinaryIO, source: str, *, limit: int, kind: str) -> bytes:
    """Up to `limit` bytes of an open stream (standard input), or a DataError naming `source`."""
    try:
        data = _read_at_most(stream, limit + 1)
    except OSError as error:
        raise DataError.at(source, f"cannot be read: {error.strerror or error}") from None
    if data is None or len(data) > limit:
        raise TooLargeError(source, limit, kind)
    return data


def _read_at_most(stream: BinaryIO, limit: int) -> bytes | None:
    """Up to `limit` bytes; None for a regular file known to be larger, which is not read.

    A regular file is measured, then read whole. A pipe or a device (a FIFO, /dev/zero) is read in
    steps, waiting for data at most a fifth of a second at a time: a Ctrl-C that lands just before
    a read would otherwise be noticed only when that read returns, which on a pipe nobody writes
    to again is never.
    """
    try:
        fd = stream.fileno()
    except (OSError, ValueError):  # a stream in memory (io.UnsupportedOperation is an OSError)
        return stream.read(limit)
    info = os.fstat(fd)
    if stat.S_ISREG(info.st_mode):
        return stream.read() if info.st_size <= limit else None
    if os.name == "nt":  # pragma: no cover - select() waits only for sockets there
        return stream.read(limit)
    import select

    chunks: list[bytes] = []
    size = 0
    while size < limit:
        select.select([fd], [], [], 0.2)
        chunk = os.read(fd, min(1024 * 1024, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def decode(data: bytes, source: str) -> str:
    """UTF-8 text (a byte-order mark is allowed), or a DataError saying where it is not."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError.at(source, "is UTF-16 text; save it as UTF-8")
    nul = data.find(b"\0")
    if nul >= 0:
        line, column = _position(data, nul)
        raise DataError.at(source, "is a binary file, not YAML text (a NUL byte)", line, column)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _position(data, error.start)
        byte = data[error.start]
        raise DataError.at(
            source,
            f"is not valid UTF-8: byte 0x{byte:02x} cannot be decoded "
            "(save the file as UTF-8; it may be in Latin-1 or Windows-1252)",
            line,
            column,
        ) from None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


class AtomicFile:
    """A file replaced in one step: a reader sees the old file or the new one, never half of one.

    The temporary file beside it is created at once, so that a path that cannot be written fails
    before any work is done; `commit` fills it and puts it in place, `discard` removes what is left.
    The new file gets the mode of the file it replaces, or else the one any new file gets (the
    umask applies). Failures are OutputErrors.

    A file someone asked for (an answer saved with --save) is written where a link to it points,
    and only if it may be written: a read-only file is not replaced behind its owner's back, and a
    FIFO, a device or a folder is not a file to replace. A `private` file, the tool's own (the
    cache's), is readable by its owner alone, and a link in its place is replaced, never followed.
    """

    def __init__(self, path: Path, *, private: bool = False) -> None:
        self.private = private
        try:
            if not private:
                path = _target(path)
            elif path.is_dir():
                raise IsADirectoryError(path)
            self.path = path
            self.temporary: Path | None = _create_beside(path, 0o600 if private else 0o666)
        except _Refused as refused:
            raise OutputError(path, refused.reason) from None
        except OSError as error:
            raise OutputError(path, _reason(error, path)) from None

    def commit(self, content: str | bytes | Sequence[bytes | bytearray]) -> None:
        """Write `content` (text, bytes, or parts of bytes written one after the other) and put the
        file in place."""
        assert self.temporary is not None, "committed twice"
        if isinstance(content, str):
            parts: Sequence[bytes | bytearray] = [content.encode("utf-8")]
        else:
            parts = [content] if isinstance(content, bytes) else content
        try:
            with self.temporary.open("wb") as file:
                for part in parts:
                    file.write(part)
            if not self.private:
                try:  # keep the mode of the file replaced, so that a shared file stays shared
                    self.temporary.chmod(self.path.stat().st_mode & 0o777)
                except FileNotFoundError:
                    pass
            os.replace(self.temporary, self.path)
        except OSError as error:
            raise OutputError(self.path, _reason(error, self.path)) from None
        self.temporary = None

    def discard(self) -> None:
        if self.temporary is not None:
            self.temporary.unlink(missing_ok=True)
            self.temporary = None


def _target(path: Path) -> Path:
    """The file to write for `path`: where a link points (through every link), if it may be written."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target  # a new file (or a link to one yet to be written)
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(target)
    if not stat.S_ISREG(info.st_mode):
        raise _Refused(f"it is {_file_kind(info.st_mode)}, not a regular file; give the name of a file")
    if not os.access(target, os.W_OK) or not info.st_mode & 0o222:  # root may write anything: ask the mode
        raise _Refused("it is read-only; make it writable first, or give another file name")
    return target


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason


def _create_beside(path: Path, mode: int) -> Path:
    """A new empty file in `path`'s folder, named after it. os.open applies the umask to `mode`,
    as for any new file, without the process-wide os.umask() dance that reading it takes."""
    for _ in range(100):
        temporary = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
        try:
            os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))
        except FileExistsError:
            continue
        return temporary
    raise FileExistsError(path)  # pragma: no cover - 100 random names all taken


def _reason(error: OSError, path: Path) -> str:
    if path.is_dir():
        return "it is a directory; give a file name ending in .svg, .html or .txt"
    if not path.parent.is_dir():
        return f"there is no folder {path.parent}"
    return error.strerror or str(error)
