"""A cache of checked roles files, so that a file already read once is not parsed as YAML again.

An entry is keyed by a hash of the file's bytes (never its modification time) together with this
tool's version, so any change to the file or the tool is a miss. Entries are JSON, which cannot run
code when read, written atomically; an entry that does not read back as expected is ignored (and
rewritten by the next load). When the directory cannot be written, caching is skipped without a word.

Where: $XDG_CACHE_HOME/roles-cli, by default ~/.cache/roles-cli. ROLES_NO_CACHE=1 switches it off.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from roles_cli.model import Item, Role, RoleSet, Source, bulk_allocation

try:  # hashlib's own import loads OpenSSL: a few ms on every run for a hash this module alone uses
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - every CPython has _blake2; other Pythons have hashlib's
    from hashlib import blake2b

FORMAT = 1
"""Bumped whenever the layout of an entry changes; the key includes it."""


def enabled() -> bool:
    return os.environ.get("ROLES_NO_CACHE", "") in ("", "0")


def directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, empty or relative: the XDG spec says to ignore it
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "roles-cli"


def key(data: bytes) -> str:
    """The entry for a file's bytes, as read by this very code: the tool's version, and the size
    and time of the modules that turn a file into roles, so that an edited checkout is a miss too."""
    from roles_cli import __version__

    digest = blake2b(data, digest_size=20)
    digest.update(f"\0roles-cli {__version__} cache {FORMAT}".encode())
    for module in _READERS:
        info = os.stat(Path(__file__).with_name(module))
        digest.update(f"\0{module} {info.st_size} {info.st_mtime_ns}".encode())
    return digest.hexdigest()


_READERS = ("load.py", "model.py", "cache.py")
KEEP = 32
"""Entries kept: the most recently written; older ones are removed when a new one is written."""


def read(cache_key: str, source: str) -> RoleSet | None:
    """The roles stored under `cache_key`, named `source`; None on a miss or an unreadable entry.

    An entry is a header line (the key and a hash of the rest) and the roles as JSON; a body whose
    hash does not match, cut short or changed in any way, is a miss. What passes was written by
    `write` from checked roles, so it is not checked item by item again.
    """
    try:
        header, body = (directory() / f"{cache_key}.json").read_bytes().split(b"\n", 1)
        if json.loads(header) != {"key": cache_key, "body": _digest(body)}:
            return None
        with bulk_allocation():
            return _roles(json.loads(body.decode("utf-8", "surrogatepass")), source)
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


def write(cache_key: str, roles: RoleSet) -> None:
    """Store `roles` under `cache_key`; does nothing if the cache directory cannot be written."""
    entry = {"dimensions": list(roles.dimensions), "roles": [_role(r) for r in roles]}
    # surrogatepass: a lone surrogate the pure-Python YAML parser let through is kept, not fatal.
    body = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    header = json.dumps({"key": cache_key, "body": _digest(body)}).encode()
    import tempfile  # deferred: only a cache miss writes

    try:
        folder = directory()
        folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{cache_key}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(header + b"\n" + body)
            os.replace(temporary, folder / f"{cache_key}.json")
            _prune(folder)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only home or a full disk must not stop the answer


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.json"), key=lambda path: path.stat().st_mtime_ns, reverse=True)
    for stale in entries[KEEP:]:
        stale.unlink(missing_ok=True)


# Roles as compact lists: [id, name, summary, aliases, [[title, url]], line, [[[name, importance]]]]


def _role(role: Role) -> list[Any]:
    return [
        role.id,
        role.name,
        role.summary,
        list(role.aliases),
        [[s.title, s.url] for s in role.sources],
        role.line,
        [[[i.name, i.importance] for i in items] for items in role.dimensions.values()],
    ]


def _roles(entry: dict[str, Any], source: str) -> RoleSet:
    dimensions = tuple(entry["dimensions"])
    make = Item._make
    roles = [
        Role(
            role_id,
            name,
            summary,
            {d: tuple(map(make, entries)) for d, entries in zip(dimensions, items, strict=True)},
            tuple(aliases),
            tuple(Source(title, url) for title, url in sources),
            line,
        )
        for role_id, name, summary, aliases, sources, line, items in entry["roles"]
    ]
    return RoleSet(tuple(roles), dimensions, source)


def _digest(body: bytes) -> str:
    return blake2b(body, digest_size=20).hexdigest()
