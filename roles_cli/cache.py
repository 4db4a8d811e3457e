"""A cache of checked roles files, so that a file already read once is not parsed as YAML again.

Used when asked (`load_roles(..., cache=True)`; the command line asks). An entry is keyed by a hash
of the file's bytes (never its modification time), this tool's version and the entry format, so
any change to the file or the tool is a miss; the tool's own files are never read for it.

An entry is untrusted input: it is read only from a directory that belongs to the user and that no
one else can write (opened once, without following a link, and the entry looked up in it), only if
it is a regular file of the user's under a size limit (a link, a FIFO or a device is not opened for
reading, so nothing can make a run wait), and it is checked in full (a hash of its body, then the
type of every value, at any depth) before anything is built from it. Whatever is odd means "no
cache": the file is parsed as if the entry were not there. Writing is atomic and never fails a run;
pruning removes only files the cache itself names, down to a number and a total size, and
half-written ones that a killed run left behind.

Where: $XDG_CACHE_HOME/roles-cli, by default ~/.cache/roles-cli; with no usable home (HOME empty or
relative, and none in the password database) there is no cache. ROLES_NO_CACHE=1 switches it off.
"""

from __future__ import annotations

import json
import os
import re
import stat
import time
from pathlib import Path
from typing import Any

from roles_cli.errors import RolesError
from roles_cli.model import ALIAS_PATTERN, ID_PATTERN, Dimensions, Item, Role, RoleSet, Source

try:  # hashlib's own import loads OpenSSL: a few ms on every run for a hash this module alone uses
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - every CPython has _blake2; other Pythons have hashlib's
    from hashlib import blake2b

FORMAT = 5
"""Bumped whenever the layout of an entry, or what the reader makes of a file, changes."""
KEEP = 32
"""Entries kept at most: the most recently written."""
MAX_ENTRY_BYTES = 128 * 1024 * 1024
"""An entry larger than this is neither written nor read."""
MAX_TOTAL_BYTES = 256 * 1024 * 1024
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


def read(cache_key: str, source: str) -> RoleSet | None:
    """The roles stored under `cache_key`, named `source`; None on a miss or an entry not to trust.

    An entry is a header line (the key and a hash of the rest) and the roles as JSON.
    """
    folder = directory()
    fd = _open_entry(folder, f"{cache_key}.json") if folder is not None else None
    if fd is None:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES or not _mine(info):
            return None
        with os.fdopen(fd, "rb", closefd=False) as file:
            raw = file.read(MAX_ENTRY_BYTES + 1)
        header, body = raw.split(b"\n", 1)
        if json.loads(header) != {"key": cache_key, "body": _digest(body)}:
            return None
        return _roles(json.loads(body.decode("utf-8", "surrogatepass")), source)
    except (OSError, ValueError, RecursionError, _Untrusted):
        return None
    finally:
        os.close(fd)


def write(cache_key: str, roles: RoleSet) -> None:
    """Store `roles` under `cache_key`; does nothing if the cache directory cannot be used."""
    entry = {
        "dimensions": list(roles.dimensions),
        "synonyms": {name: list(aliases) for name, aliases in roles.synonyms.items()},
        "roles": [_role(r) for r in roles],
    }
    # surrogatepass: a lone surrogate the pure-Python YAML parser let through is kept, not fatal.
    body = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    header = json.dumps({"key": cache_key, "body": _digest(body)}).encode()
    if len(header) + 1 + len(body) > MAX_ENTRY_BYTES:
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
            target.commit(header + b"\n" + body)
        finally:
            target.discard()
        prune(folder)
    except (OSError, RolesError):
        pass  # a read-only home, a full disk or a foreign directory must not stop the answer


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


def _roles(entry: Any, source: str) -> RoleSet:
    """The RoleSet an entry holds, every value's type checked on the way."""
    if type(entry) is not dict or entry.keys() != {"dimensions", "synonyms", "roles"}:
        raise _Untrusted
    dimensions = tuple(_strings(entry["dimensions"]))
    if not dimensions or len(set(dimensions)) != len(dimensions) or type(entry["roles"]) is not list:
        raise _Untrusted
    if type(entry["synonyms"]) is not dict:
        raise _Untrusted
    synonyms = {name: tuple(_strings(aliases)) for name, aliases in entry["synonyms"].items()}
    roles = tuple(_role_from(fields, dimensions) for fields in entry["roles"])
    return RoleSet(roles, dimensions, source, synonyms=synonyms)


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
            item_key, aliases, words = name, (), name
        elif len(fields) == 5:
            name, importance, item_key, aliases, words = fields
        else:
            raise _Untrusted
        if type(name) is not str or type(item_key) is not str or type(importance) not in (int, float):
            raise _Untrusted
        if type(words) is not str or not 1 <= importance <= 5:
            raise _Untrusted
        aliases = tuple(_strings(aliases)) if aliases else ()
        items.append(_new_item(Item, (name, importance, item_key, aliases, words)))
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
