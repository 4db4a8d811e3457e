"""A cache of checked roles files, so that a file already read once is not parsed as YAML again.

Used when asked (`load_roles(..., cache=True)`; the command line asks). An entry is keyed by a hash
of the file's bytes (never its modification time), this tool's version and the entry format, so
any change to the file or the tool is a miss; the tool's own files are never read for it.

An entry is untrusted input: it is read only from a directory that belongs to the user and that no
one else can write (opened once, without following a link, and the entry looked up in it), only if
it is a regular file of the user's under a size limit (a link, a FIFO or a device is not opened for
reading, so nothing can make a run wait), and every part of it is checked before anything is built
from it (its index at once, each role's record when the role is first asked for: a hash, then the
type of every value, at any depth, and ids and aliases by the format's rules). Whatever is odd
means "no cache": the file is parsed as if the entry were not there. Writing is atomic and never fails a run;
pruning removes only files the cache itself names, down to a number and a total size, and
half-written ones that a killed run left behind.

Where: $XDG_CACHE_HOME/roles-cli, by default ~/.cache/roles-cli; with no usable home (HOME empty or
relative, and none in the password database) there is no cache. ROLES_NO_CACHE=1 switches it off.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import time
import weakref
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from roles_cli.errors import DataError, RolesError
from roles_cli.model import ALIAS_PATTERN, ID_PATTERN, Dimensions, Head, Item, Role, RoleSet, Source

try:  # hashlib's own import loads OpenSSL: a few ms on every run for a hash this module alone uses
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - every CPython has _blake2; other Pythons have hashlib's
    from hashlib import blake2b

FORMAT = 7
"""Bumped whenever the layout of an entry, or what the reader makes of a file, changes."""
KEEP = 32
"""Entries kept at most: the most recently written."""
MAX_ENTRY_BYTES = 512 * 1024 * 1024
"""An entry larger than this is neither written nor read."""
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
"""The entries kept add up to at most this many bytes."""
STALE_TEMPORARY_SECONDS = 3600
"""A half-written entry older than this was left by a run that was killed: it is removed."""

_ENTRY = re.compile(r"[0-9a-f]{40}\.json\Z")
_TEMPORARY = re.compile(r"\.[0-9a-f]{40}\.json\.[0-9a-f]{12}\.tmp\Z")


def enabled() -> bool:
    return os.environ.get("ROLES_NO_CACHE", "") in ("", "0")


def directory() -> Path | None:
    """Where entries are kept; None when there is no home to keep them in."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, empty or relative: the XDG spec says to ignore it
        home = _home()
        if home is None:
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "roles-cli"


def _home() -> str | None:
    """The user's home: $HOME if it is an absolute path, else the password database's. Never the
    working directory or `/`, where os.path.expanduser would put an empty or relative HOME."""
    home = os.environ.get("HOME", "")
    if os.path.isabs(home):
        return home
    try:
        import pwd

        home = pwd.getpwuid(os.getuid()).pw_dir
    except (ImportError, KeyError, OSError):  # no such database (Windows), or no entry for this user
        return None
    return home if os.path.isabs(home) and home != "/" else None


def key(data: bytes) -> str:
    """The name of the entry for a file's bytes, as read by this version of the tool."""
    from roles_cli import __version__

    digest = blake2b(data, digest_size=20)
    digest.update(f"\0roles-cli {__version__} cache {FORMAT}".encode())
    return digest.hexdigest()


def read(cache_key: str, source: str, fallback: Callable[[], RoleSet]) -> RoleSet | None:
    """The roles stored under `cache_key`, named `source`; None on a miss or an entry not to trust.

    Only the entry's index (see `encode`) is read at once; each role is read and checked when it is
    first asked for, so that showing one role of a large file does not decode all of them. Should a
    role's record then turn out damaged or missing, `fallback` (parsing the file) gives the roles.
    """
    folder = directory()
    if folder is None:
        return None
    path = folder / f"{cache_key}.json"
    fd = _open_entry(folder, path.name)
    if fd is None:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not 0 < info.st_size <= MAX_ENTRY_BYTES or not _mine(info):
            os.close(fd)
            return None
        store = _Store(_File(fd, info.st_size), path, cache_key, source, fallback)
        return RoleSet(store, store.dimensions, source, synonyms=store.synonyms)
    except (OSError, ValueError, RecursionError, _Untrusted):
        return None


def write(cache_key: str, roles: RoleSet) -> None:
    """Store `roles` under `cache_key`; does nothing if the cache directory cannot be used."""
    entry = encode(cache_key, roles)
    if len(entry) > MAX_ENTRY_BYTES:
        return
    from roles_cli.files import AtomicFile  # deferred: only a cache miss writes

    folder = directory()
    if folder is None:
        return
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
        if not _owned_and_private(folder):
            return
        target = AtomicFile(folder / f"{cache_key}.json", private=True)
        try:
            target.commit(entry)
        finally:
            target.discard()
        prune(folder)
    except (OSError, RolesError):
        pass  # a read-only home, a full disk or a foreign directory must not stop the answer


# An entry is three parts, each one line of JSON:
#   header   {"key": the entry's name, "index": hash of the index line, "length": the index line's
#             bytes, "size": the bytes of the records after it}
#   index    {"dimensions", "synonyms", "roles": [[id, name, aliases, summary, start, end, hash]],
#             "frequency": {dimension: [start, end, hash]}}
#   records  each role as a compact list (see _role), then each dimension's document frequencies
#            (feature -> roles that have it, which TF-IDF weighs by); start and end count from the
#            first byte after the index line.


def encode(cache_key: str, roles: RoleSet) -> bytes:
    """The entry for `roles`: what `write` stores."""
    from roles_cli.measures import frequencies

    records = bytearray()
    heads = []
    for role in roles:
        start = len(records)
        records += _dump(_role(role))
        heads.append([role.id, role.name, list(role.aliases), role.summary, *_span(records, start)])
    frequency = {}
    for dimension in roles.dimensions:  # not the summaries: only `similar`, which reads every role, uses them
        start = len(records)
        records += _dump(frequencies(roles, dimension))
        frequency[dimension] = _span(records, start)
    index = _dump(
        {
            "dimensions": list(roles.dimensions),
            "synonyms": {name: list(aliases) for name, aliases in roles.synonyms.items()},
            "roles": heads,
            "frequency": frequency,
        }
    )
    header = json.dumps(
        {"key": cache_key, "index": _digest(index), "length": len(index), "size": len(records)}
    ).encode()
    return header + b"\n" + index + b"\n" + bytes(records)


def _dump(value: Any) -> bytes:
    # surrogatepass: a lone surrogate the pure-Python YAML parser let through is kept, not fatal.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def _span(records: bytearray, start: int) -> list[Any]:
    return [start, len(records), _digest(bytes(records[start:]))]


class _File:
    """An open entry, read a part at a time: a part the file no longer holds (cut short since it was
    opened) reads short, which the digests then refuse, rather than failing the process as memory
    mapped past the end of a file would."""

    def __init__(self, fd: int, size: int) -> None:
        self.fd = fd
        self.size = size
        self.data: bytes | None = None
        if not hasattr(os, "pread"):  # no positional reads here: the whole entry, once
            with os.fdopen(os.dup(fd), "rb") as file:
                self.data = file.read(MAX_ENTRY_BYTES + 1)
        self._closed = weakref.finalize(self, os.close, fd)

    def read(self, offset: int, length: int) -> bytes:
        if not 0 <= offset <= self.size or not 0 <= length <= self.size - offset:
            raise _Untrusted
        if self.data is not None:
            return self.data[offset : offset + length]
        part = os.pread(self.fd, length, offset)
        while 0 < len(part) < length:  # a large part may come in pieces
            more = os.pread(self.fd, length - len(part), offset + len(part))
            if not more:
                break
            part += more
        return part


class _Store:
    """A checked entry's index, and its roles read on demand (a RoleStore)."""

    def __init__(
        self, file: _File, path: Path, cache_key: str, source: str, fallback: Callable[[], RoleSet]
    ) -> None:
        self.file, self.path, self.source, self.fallback = file, path, source, fallback
        start = file.read(0, min(file.size, 4096))
        end = start.find(b"\n")
        if end < 0:
            raise _Untrusted
        header = json.loads(start[:end])
        if type(header) is not dict or header.keys() != {"key", "index", "length", "size"}:
            raise _Untrusted
        length, size = header["length"], header["size"]
        if type(length) is not int or type(size) is not int or end + 1 + length + 1 + size != file.size:
            raise _Untrusted  # cut short, or grown
        index = file.read(end + 1, length)
        if header != {"key": cache_key, "index": _digest(index), "length": len(index), "size": size}:
            raise _Untrusted  # another file's, or damaged
        self.records = end + 1 + length + 1
        entry = json.loads(index.decode("utf-8", "surrogatepass"))
        if type(entry) is not dict or entry.keys() != {"dimensions", "synonyms", "roles", "frequency"}:
            raise _Untrusted
        self.dimensions = tuple(_strings(entry["dimensions"]))
        if not self.dimensions or len(set(self.dimensions)) != len(self.dimensions):
            raise _Untrusted
        if type(entry["synonyms"]) is not dict or type(entry["roles"]) is not list:
            raise _Untrusted
        self.synonyms = {name: tuple(_strings(aliases)) for name, aliases in entry["synonyms"].items()}
        self.spans = []
        self._heads = []
        for fields in entry["roles"]:
            if type(fields) is not list or len(fields) != 7:
                raise _Untrusted
            role_id, name, aliases, summary, *span = fields
            if not (type(role_id) is type(name) is type(summary) is str) or not ID_PATTERN.match(role_id):
                raise _Untrusted
            self._heads.append(Head(role_id, name, tuple(_aliases(aliases)), summary))
            self.spans.append(self._checked_span(span))
        if len({head.id for head in self._heads}) != len(self._heads):
            raise _Untrusted
        if type(entry["frequency"]) is not dict:
            raise _Untrusted
        self.frequency = {d: self._checked_span(span) for d, span in entry["frequency"].items()}
        self.parsed: RoleSet | None = None

    def _checked_span(self, span: Any) -> tuple[int, int, str]:
        if type(span) is not list or len(span) != 3:
            raise _Untrusted
        start, end, digest = span
        if not (type(start) is type(end) is int and type(digest) is str and 0 <= start <= end):
            raise _Untrusted
        return start, end, digest

    def _part(self, span: tuple[int, int, str]) -> Any:
        start, end, digest = span
        part = self.file.read(self.records + start, end - start)
        if len(part) != end - start or _digest(part) != digest:
            raise _Untrusted
        return json.loads(part.decode("utf-8", "surrogatepass"))

    def heads(self) -> list[Head]:
        return self._heads

    def role(self, index: int) -> Role:
        if self.parsed is None:
            try:
                role = _role_from(self._part(self.spans[index]), self.dimensions)
                if Head(role.id, role.name, role.aliases, role.summary) == self._heads[index]:
                    return role
            except (OSError, ValueError, RecursionError, _Untrusted):
                pass
            self.parsed = self._parse()
        return self.parsed.roles[index]

    def _parse(self) -> RoleSet:
        """The file itself, parsed, for a record damaged since the entry was opened."""
        parsed = self.fallback()
        if list(parsed.heads) != self._heads:  # an index that no parse of this file writes
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            raise DataError.at(
                self.source, "its entry in the cache was damaged while in use; run the command again"
            )
        return parsed

    def stored(self, key: Hashable) -> Any | None:
        if type(key) is not tuple or len(key) != 2 or key[0] != "frequency" or key[1] not in self.frequency:
            return None
        try:
            counts = self._part(self.frequency[key[1]])
        except (OSError, ValueError, RecursionError, _Untrusted):
            return None
        roles = len(self._heads)
        if type(counts) is not dict or any(
            type(n) is not int or not 1 <= n <= roles for n in counts.values()
        ):
            return None
        return counts


def prune(folder: Path) -> None:
    """Remove the oldest entries beyond KEEP or MAX_TOTAL_BYTES, and stale half-written ones;
    never a file whose name the cache does not give its own files."""
    entries = []
    now = time.time()
    for found in os.scandir(folder):
        info = found.stat(follow_symlinks=False)
        if not stat.S_ISREG(info.st_mode):
            continue
        if _ENTRY.match(found.name):
            entries.append((info.st_mtime_ns, info.st_size, found.path))
        elif _TEMPORARY.match(found.name) and now - info.st_mtime > STALE_TEMPORARY_SECONDS:
            os.unlink(found.path)
    total = 0
    for number, (_, size, path) in enumerate(sorted(entries, reverse=True)):
        total += size
        if number >= KEEP or total > MAX_TOTAL_BYTES:
            os.unlink(path)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _owned_and_private(folder: Path) -> bool:
    """Whether `folder` is a real directory of this user that nobody else may write to: anyone who
    can write to the cache could otherwise choose the answers."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return _private_directory(info)


def _open_entry(folder: Path, name: str) -> int | None:
    """A descriptor of the entry `name`, opened for reading if `folder` is a private directory of
    this user (see _owned_and_private); else None.

    The entry is looked up in the directory that was checked, not by a path whose directory could
    be swapped for another in between; never through a link; and without waiting on a FIFO that
    nobody writes to (what the descriptor is, is for the caller to check).
    """
    flags = os.O_RDONLY | _NOFOLLOW | _NONBLOCK
    if os.open not in os.supports_dir_fd:  # pragma: no cover - Windows: the path is checked instead
        if not _owned_and_private(folder):
            return None
        try:
            return os.open(folder / name, flags)
        except OSError:
            return None
    try:
        folder_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW)
    except OSError:
        return None
    try:
        if not _private_directory(os.fstat(folder_fd)):
            return None
        return os.open(name, flags, dir_fd=folder_fd)
    except OSError:
        return None
    finally:
        os.close(folder_fd)


def _private_directory(info: os.stat_result) -> bool:
    return stat.S_ISDIR(info.st_mode) and _mine(info) and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _mine(info: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()


# Roles as compact lists:
# [id, name, summary, aliases, [[title, url]], line, [[ITEM]]], one list of items per dimension, and
# ITEM either [name, importance, key, aliases, words], or [name, importance] for the many items whose
# key and words are the name itself and that have no aliases (half the memory to read back).


def _role(role: Role) -> list[Any]:
    return [
        role.id,
        role.name,
        role.summary,
        list(role.aliases),
        [[s.title, s.url] for s in role.sources],
        role.line,
        [[_item(item) for item in items] for items in role.dimensions.values()],
    ]


def _item(item: Item) -> list[Any]:
    if item.key == item.name and item.words == item.name and not item.aliases:
        return [item.name, item.importance]
    return [*item[:3], list(item.aliases), item.words]


class _Untrusted(Exception):
    """An entry that is not exactly what `write` writes."""


def _role_from(fields: Any, dimensions: tuple[str, ...]) -> Role:
    if type(fields) is not list or len(fields) != 7:
        raise _Untrusted
    role_id, name, summary, aliases, sources, line, items = fields
    if not (type(role_id) is type(name) is type(summary) is str) or not ID_PATTERN.match(role_id):
        raise _Untrusted
    if not (line is None or type(line) is int) or type(sources) is not list or type(items) is not list:
        raise _Untrusted
    if len(items) != len(dimensions):
        raise _Untrusted
    return Role(
        role_id,
        name,
        summary,
        Dimensions(zip(dimensions, map(_items, items), strict=True)),
        tuple(_aliases(aliases)),
        tuple(_source(source) for source in sources),
        line,
    )


_new_item = tuple.__new__  # the key is in the entry: Item.__new__ would compute it again


def _items(entries: Any) -> tuple[Item, ...]:
    if type(entries) is not list:
        raise _Untrusted
    items = []
    for fields in entries:
        if type(fields) is not list:
            raise _Untrusted
        if len(fields) == 2:  # the short form: the key and words are the name (see _item)
            name, importance = fields
            item_key, aliases, words = name, [], name  # no aliases: an empty list, as _strings wants
        elif len(fields) == 5:
            name, importance, item_key, aliases, words = fields
        else:
            raise _Untrusted
        if type(name) is not str or type(item_key) is not str or type(importance) not in (int, float):
            raise _Untrusted
        if type(words) is not str or not 1 <= importance <= 5:
            raise _Untrusted
        items.append(_new_item(Item, (name, importance, item_key, tuple(_strings(aliases)), words)))
    return tuple(items)


def _source(fields: Any) -> Source:
    if type(fields) is not list or len(fields) != 2:
        raise _Untrusted
    title, url = fields
    if type(title) is not str or not (url is None or type(url) is str):
        raise _Untrusted
    return Source(title, url)


def _aliases(values: Any) -> list[str]:
    """A role's aliases, which shell completion prints: only what the format allows."""
    aliases = _strings(values)
    if not all(map(ALIAS_PATTERN.match, aliases)):
        raise _Untrusted
    return aliases


def _strings(values: Any) -> list[str]:
    if type(values) is not list or any(type(value) is not str for value in values):
        raise _Untrusted
    return values


def _digest(body: bytes) -> str:
    return blake2b(body, digest_size=20).hexdigest()
