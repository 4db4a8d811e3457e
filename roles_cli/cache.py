"""A cache of checked roles files, so that a file already read once is not parsed as YAML again,
and a large one is not even read whole: a command reads only the roles, and the parts of the
indexes, that it asks for.

Used when asked (`load_roles(..., cache=True)`; the command line asks). An entry is keyed by a hash
of the file's bytes, this tool's version and the entry format, so any change to the file or the
tool is a miss; the tool's own files are never read for it. So that a large file need not be read
and hashed on every run, a second, small file (a *stamp*, one per path) remembers which entry the
file's bytes had when its size, times, inode and device were last seen: while all of these are
unchanged, the file is not read at all. A stamp is trusted only for a file last changed clearly
before the stamp was written (two seconds: the coarsest file-system clock in common use), so an
edit made within the same clock tick as the stamp cannot go unseen (git's "racily clean" rule).

An entry is untrusted input: it is read only from a directory that belongs to the user and that no
one else can write (opened once, without following a link, and the entry looked up in it), only if
it is a regular file of the user's under a size limit (a link, a FIFO or a device is not opened for
reading, so nothing can make a run wait), and every part of it is checked before anything is built
from it (a hash of each part read, then the type of every value, at any depth, and ids and aliases
by the format's rules). Whatever is odd means "no cache": the file is parsed as if the entry were
not there. Writing is atomic and never fails a run; pruning removes only files the cache itself
names, down to a number and a total size, and half-written ones that a killed run left behind.

Where: $XDG_CACHE_HOME/roles-cli, by default ~/.cache/roles-cli; with no usable home (HOME empty or
relative, and none in the password database) there is no cache. ROLES_NO_CACHE=1 switches it off.
"""

from __future__ import annotations

import binascii
import contextlib
import json
import math
import operator
import os
import re
import stat
import struct
import sys
import time
import weakref
from array import array
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from roles_cli.errors import DataError, RolesError
from roles_cli.model import (
    ALIAS_PATTERN,
    ID_PATTERN,
    Dimensions,
    Head,
    Item,
    Role,
    RoleSet,
    Source,
    Texts,
    name_key,
)

try:  # hashlib's own import loads OpenSSL: a few ms on every run for a hash this module alone uses
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - every CPython has _blake2; other Pythons have hashlib's
    from hashlib import blake2b

FORMAT = 9
"""Bumped whenever the layout of an entry, or what the reader makes of a file, changes."""
KEEP = 32
"""Entries kept at most: the most recently written (and four times as many stamps)."""
MAX_ENTRY_BYTES = 512 * 1024 * 1024
"""An entry (or indexes file) larger than this is neither written nor read, unless the roles files
read may be large enough to need more (see entry_limit)."""
ENTRY_GROWTH = 8
"""An entry is a few times the size of its file (O*NET's, of long task statements: about 4)."""
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
"""The entries kept add up to at most this many bytes, the newest one aside."""
STALE_TEMPORARY_SECONDS = 3600
"""A half-written entry older than this was left by a run that was killed: it is removed."""
RACY_NANOSECONDS = 2_000_000_000
"""A stamp vouches only for a file last changed at least this long before the stamp was written."""
MAX_STAMP_BYTES = 64 * 1024

ENTRY = ".entry"
INDEXES = ".indexes"
STAMP = ".stamp"
_OWN = re.compile(r"[0-9a-f]{40}(\.json|\.entry|\.indexes|\.stamp)\Z")  # .json: formats up to 7
_TEMPORARY = re.compile(r"\.[0-9a-f]{40}(\.json|\.entry|\.indexes|\.stamp)\.[0-9a-f]{12}\.tmp\Z")
FEATURES = "features"
"""The section of each role's document frequencies (see _features)."""
COUNTED_UP_TO = 5_000
"""Files of up to this many roles keep each role's features from counting the document frequencies
to writing the role's own (a few megabytes; a larger file works them out again)."""
PRIMED = 64
"""Roles read one at a time whose features' frequencies are taken from their own records (beyond,
the frequency tables are read a bucket at a time)."""
INDEX_KINDS = ("postings", "norms", "items", "counts", "totals", "phrases", "item names")
"""What index.py builds for similar and fit: kept in a second file, written when first needed."""
_OFFSETS = struct.Struct("<2Q")
"""A record's first and last byte + 1, as a section's directory holds them (see `encode`)."""


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
    digest = blake2b(data, digest_size=20)
    digest.update(_version())
    return digest.hexdigest()


def _version() -> bytes:
    from roles_cli import __version__

    return f"\0roles-cli {__version__} cache {FORMAT}".encode()


# -- stamps: which entry a file's bytes had, while the file is unchanged --------------------------


def _stamp_name(file: Path) -> str:
    where = os.path.abspath(file).encode("utf-8", "surrogateescape")
    return blake2b(b"stamp\0" + where + _version(), digest_size=20).hexdigest() + STAMP


def _seen(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


def recall(file: Path, info: os.stat_result) -> str | None:
    """The key of the entry for `file` as `info` (its os.stat) describes it, if a stamp vouches for
    it (see the module's notes); else None, and the file must be read to know."""
    folder = directory()
    if folder is None:
        return None
    fd = _open_entry(folder, _stamp_name(file))
    if fd is None:
        return None
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_STAMP_BYTES or not _mine(found):
            return None
        stamp = json.loads(os.read(fd, MAX_STAMP_BYTES))
    except (OSError, ValueError, RecursionError):
        return None
    finally:
        os.close(fd)
    if type(stamp) is not dict or stamp.keys() != {"seen", "written", "key"}:
        return None
    written, cache_key = stamp["written"], stamp["key"]
    if stamp["seen"] != _seen(info) or type(written) is not int or type(cache_key) is not str:
        return None
    if max(info.st_mtime_ns, info.st_ctime_ns) > written - RACY_NANOSECONDS:
        return None  # changed too close to the stamp: another change in the same tick would not show
    return cache_key if re.fullmatch(r"[0-9a-f]{40}", cache_key) else None


def remember(file: Path, info: os.stat_result, cache_key: str) -> None:
    """Leave a stamp: `file`, as `info` describes it (the os.fstat of what was read), has the entry
    `cache_key`. Only a stamp that a later run could trust is written."""
    written = time.time_ns()
    if max(info.st_mtime_ns, info.st_ctime_ns) > written - RACY_NANOSECONDS:
        return
    stamp = {"seen": _seen(info), "written": written, "key": cache_key}
    _store(_stamp_name(file), [json.dumps(stamp).encode()])


# -- entries --------------------------------------------------------------------------------------


def entry_limit(max_bytes: int) -> int:
    """The largest entry (or indexes file) written or read where roles files of up to `max_bytes`
    are read (load_roles' max_bytes, the command line's ROLES_MAX_SIZE)."""
    return max(MAX_ENTRY_BYTES, ENTRY_GROWTH * max_bytes)


def read(
    cache_key: str, source: str, fallback: Callable[[], RoleSet], *, limit: int = MAX_ENTRY_BYTES
) -> RoleSet | None:
    """The roles stored under `cache_key`, named `source`; None on a miss or an entry not to trust.

    Only the entry's header is read at once; each role, and each part of an index, is read and
    checked when it is first asked for, so that showing one role of a large file reads little more
    than that role. Should a part then turn out damaged or missing, `fallback` (parsing the file)
    gives the roles. An entry over `limit` bytes (see entry_limit) is not read.
    """
    required = ("heads", "roles", "names", FEATURES)
    store = _open(cache_key, f"{cache_key}{ENTRY}", source, fallback, required, limit)
    return None if store is None else RoleSet(store, store.dimensions, source, synonyms=store.synonyms)


def _open(
    name: str, file: str, source: str, fallback: Callable[[], RoleSet], required: tuple[str, ...], limit: int
) -> _Store | None:
    """The cache's `file`, opened and checked to be the one written as `name` with the sections
    `required`; None if there is none to trust (see read)."""
    folder = directory()
    if folder is None:
        return None
    path = folder / file
    fd = _open_entry(folder, path.name)
    if fd is None:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not 0 < info.st_size <= limit or not _mine(info):
            os.close(fd)
            return None
        return _Store(_File(fd, info.st_size), path, name, source, fallback, required, limit)
    except (OSError, ValueError, RecursionError, _Untrusted):
        return None


def write(cache_key: str, roles: RoleSet, *, limit: int = MAX_ENTRY_BYTES) -> None:
    """Store `roles` under `cache_key`, unless the entry would be over `limit` bytes (see
    entry_limit); does nothing if the cache directory cannot be used."""
    entry = encode(cache_key, roles)
    if sum(map(len, entry)) <= limit:
        _store(f"{cache_key}{ENTRY}", entry)


def _store(name: str, content: Sequence[bytes | bytearray]) -> None:
    """Put a file of the cache's in place, atomically; nothing if the cache cannot be written."""
    from roles_cli.files import AtomicFile  # deferred: only a cache miss writes

    folder = directory()
    if folder is None:
        return
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
        if not _owned_and_private(folder):
            return
        target = AtomicFile(folder / name, private=True)
        try:
            target.commit(content)
        finally:
            target.discard()
        prune(folder)
    except (OSError, RolesError):
        pass  # a read-only home, a full disk or a foreign directory must not stop the answer


# An entry is a header line, a contents line, then a body of sections (offsets count from the
# body's first byte):
#   header    {"key": the entry's name, "contents": [the contents line's bytes, its hash],
#              "size": the body's bytes}
#   contents  {"dimensions", "synonyms", "count": the roles, "sections": {name: [start, records]}}
#   section   a directory of records + 1 offsets, 8 bytes each (little-endian), where record r lies
#             from offset r to offset r + 1; then the records. A record is the hash (40 hex digits)
#             of the section's name, the record's number and its JSON text, then that text.
# Sections: "heads" (one record: every role's [id, name, aliases, summary]), "roles" (record i is
# role i, see _role), and tables: "names" (name_key -> role number: every id, alias and name) and
# "frequency/DIMENSION" (feature -> how many roles have it, which TF-IDF weighs by); and one record
# per dimension, "texts/DIMENSION", for search (see _texts: one text, the holders packed); and
# FEATURES, record i the frequencies of role i's features (see _features). A table's record r holds,
# as one JSON object, the keys whose bucket (see _bucket) is r.


def encode(cache_key: str, roles: RoleSet) -> list[bytes | bytearray]:
    """The entry for `roles`, in parts to be written one after the other: what `write` stores."""
    from roles_cli.measures import frequencies

    entry = _Writer()
    entry.section("heads", [[[h.id, h.name, list(h.aliases), h.summary] for h in roles.heads]], 1)
    entry.section("roles", map(_role, roles), len(roles))
    entry.table("names", roles.name_index())
    # Each role's features as counted for the tables, kept for its own record where the file is small
    # enough to hold them all at once (a large one's are worked out again, a role at a time).
    counted: list[dict[str, tuple[Role, dict[str, float]]]] = [{} for _ in roles.dimensions]
    keep = len(roles) <= COUNTED_UP_TO
    tables = [
        frequencies(roles, d, keep=c if keep else None)
        for d, c in zip(roles.dimensions, counted, strict=True)
    ]
    for dimension, table in zip(roles.dimensions, tables, strict=True):  # not the summaries: only
        entry.table(f"frequency/{dimension}", table)  # `similar`, which reads every role, uses them
    entry.section(
        FEATURES, (_features(role, roles.dimensions, tables, counted) for role in roles), len(roles)
    )
    for dimension in roles.dimensions:
        entry.section(f"texts/{dimension}", [_texts(roles, dimension)], 1)
    return entry.parts(cache_key, roles)


def encode_indexes(cache_key: str, roles: RoleSet) -> list[bytes | bytearray]:
    """The indexes that `similar` and `fit` rank every role by (see index.py), each dimension's, as
    a second file beside the entry (`cache_key` + INDEXES), in the entry's layout."""
    from roles_cli import index, matching

    indexes = _Writer()
    for kind, dimension in _index_keys(roles.dimensions):
        name = f"{kind}/{dimension}"
        if kind == "postings":
            indexes.table(name, _Packed(index.postings(roles, dimension)), per=1)
        elif kind == "items":
            indexes.table(name, _Packed(index.items(roles, [dimension])), per=1)
        elif kind == "phrases":
            indexes.table(name, matching.phrases(roles, [dimension]))
        elif kind == "item names":  # read whole, in file order (suggestions keep it on ties)
            indexes.section(name, [list(matching.item_names(roles, [dimension]).items())], 1)
        elif kind == "norms":
            indexes.section(name, [index.norms(roles, dimension)], 1)
        elif kind == "counts":
            indexes.section(name, [index.counts(roles, [dimension])], 1)
        else:
            indexes.section(name, [index.totals(roles, [dimension])], 1)
    return indexes.parts(f"{cache_key}{INDEXES}", roles)


class _Packed(Mapping[str, list[str]]):
    """Postings as the indexes file keeps them: each entry's role numbers (8-byte signed integers)
    and values (8-byte floats), little-endian, in base 64: read back in C, where numbers written
    as JSON text would each be parsed in turn (a common word's posting holds every role)."""

    def __init__(self, postings: Mapping[str, tuple[array[int], array[float]]]) -> None:
        self.postings = postings

    def __getitem__(self, key: str) -> list[str]:
        numbers, values = self.postings[key]
        return [_pack(array("q", numbers)), _pack(array("d", values))]

    def __iter__(self) -> Iterator[str]:
        return iter(self.postings)

    def __len__(self) -> int:
        return len(self.postings)


def _pack(numbers: array[Any]) -> str:
    if sys.byteorder == "big":  # pragma: no cover - the file is little-endian everywhere
        numbers = array(numbers.typecode, numbers)
        numbers.byteswap()
    return binascii.b2a_base64(numbers.tobytes(), newline=False).decode("ascii")


def _unpack(text: Any, typecode: str) -> array[Any]:
    if type(text) is not str:
        raise _Untrusted
    try:
        data = binascii.a2b_base64(text)
    except (binascii.Error, ValueError):
        raise _Untrusted from None
    if len(data) % 8:
        raise _Untrusted
    numbers = array(typecode)
    numbers.frombytes(data)
    if sys.byteorder == "big":  # pragma: no cover
        numbers.byteswap()
    return numbers


def _index_keys(dimensions: Sequence[str]) -> list[tuple[str, str]]:
    """The indexes of similar and fit that are kept (see index.py): the TF-IDF postings and norms of
    every dimension and of the summaries, the items, counts and totals of every dimension."""
    from roles_cli.measures import SUMMARY

    summary = () if SUMMARY in dimensions else (SUMMARY,)
    tfidf = [(kind, d) for d in (*dimensions, *summary) for kind in ("postings", "norms")]
    items = ("items", "counts", "totals", "phrases", "item names")
    return tfidf + [(kind, d) for d in dimensions for kind in items]


class _Writer:
    """An entry being written: its sections, one after the other (see the layout above)."""

    def __init__(self) -> None:
        self.body = bytearray()
        self.sections: dict[str, list[int]] = {}

    def section(self, name: str, records: Iterable[Any], count: int) -> None:
        """The records, one at a time (a large file's are not all held twice), behind a directory
        filled in once their sizes are known."""
        body = self.body
        self.sections[name] = [len(body), count]
        directory = len(body)
        body.extend(bytes(8 * (count + 1)))
        offsets = [len(body)]
        for number, record in enumerate(records):
            text = _dump(record)
            body.extend(_record_digest(name, number, text).encode())
            body.extend(text)
            offsets.append(len(body))
        if len(offsets) != count + 1:
            raise ValueError(f"{name}: {len(offsets) - 1} records, not {count}")
        struct.pack_into(f"<{count + 1}Q", body, directory, *offsets)

    def table(self, name: str, table: Mapping[str, Any], per: int = 8) -> None:
        """A table: its keys and values in buckets of about `per` keys (at least one bucket)."""
        buckets: list[dict[str, Any]] = [{} for _ in range(max(1, len(table) // per))]
        for key, value in table.items():
            buckets[_bucket(key, len(buckets))][key] = value
        self.section(name, buckets, len(buckets))

    def parts(self, cache_key: str, roles: RoleSet) -> list[bytes | bytearray]:
        contents = _dump(
            {
                "dimensions": list(roles.dimensions),
                "synonyms": {name: list(aliases) for name, aliases in roles.synonyms.items()},
                "count": len(roles),
                "sections": self.sections,
            }
        )
        header = {"key": cache_key, "contents": [len(contents), _digest(contents)], "size": len(self.body)}
        return [json.dumps(header).encode() + b"\n" + contents + b"\n", self.body]


def _features(
    role: Role,
    dimensions: Sequence[str],
    tables: Sequence[Mapping[str, int]],
    counted: Sequence[dict[str, tuple[Role, dict[str, float]]]],
) -> list[list[int]]:
    """For each dimension, the document frequencies of the role's features, in the order
    measures.raw_vector gives them: what weighing this role's TF-IDF vector asks for (its features
    taken from `counted` when they were left there as the tables were counted)."""
    from roles_cli.measures import raw_vector, role_items

    found = []
    for dimension, table, kept in zip(dimensions, tables, counted, strict=True):
        was = kept.pop(role.id, None)
        vector = was[1] if was is not None and was[0] is role else raw_vector(role_items(role, dimension))
        found.append([table[feature] for feature in vector])
    return found


def _texts(roles: RoleSet, dimension: str) -> list[Any]:
    """The names of a dimension's items, each once, joined by newlines, and the roles (numbers,
    ascending) that have each, all in one array: name i's from firsts[i] to firsts[i + 1] (see
    model.Texts). What search scans instead of every role; packed as _Packed's postings are."""
    holders: dict[str, list[int]] = {}
    for number, role in enumerate(roles):
        for item in role.items(dimension):
            holders.setdefault(item.name, []).append(number)
    firsts, flat = array("q", [0]), array("q")
    for numbers in holders.values():
        flat.extend(numbers)
        firsts.append(len(flat))
    # A newline inside a name becomes a NUL (which no YAML text holds): a search term has no newline,
    # so whatever it matches in the name it matches still, and the names stay one a line.
    return ["\n".join(name.replace("\n", "\0") for name in holders), _pack(firsts), _pack(flat)]


def _bucket(name: str, buckets: int) -> int:
    digest = blake2b(name.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little") % buckets


def _dump(value: Any) -> bytes:
    # surrogatepass: a lone surrogate the pure-Python YAML parser let through is kept, not fatal;
    # an index's arrays of numbers are written as lists.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=list)
    return text.encode("utf-8", "surrogatepass")


def _record_digest(section: str, number: int, text: bytes) -> str:
    digest = blake2b(f"{section}\0{number}\0".encode(), digest_size=20)
    digest.update(text)
    return digest.hexdigest()


class _File:
    """An open entry, read a part at a time: a part the file no longer holds (cut short since it was
    opened) reads short, which the hashes then refuse, rather than failing the process as memory
    mapped past the end of a file would."""

    def __init__(self, fd: int, size: int) -> None:
        self.fd = fd
        self.size = size
        self.data: bytes | None = None
        if not hasattr(os, "pread"):  # no positional reads here: the whole entry, once
            with os.fdopen(os.dup(fd), "rb") as file:
                self.data = file.read(size + 1)
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
        if len(part) != length:
            raise _Untrusted
        return part


class _Store:
    """A checked entry's contents, its roles and indexes read on demand (a RoleStore)."""

    def __init__(
        self,
        file: _File,
        path: Path,
        name: str,
        source: str,
        fallback: Callable[[], RoleSet],
        required: tuple[str, ...],
        limit: int,
    ) -> None:
        self.file, self.path, self.name, self.source, self.fallback = file, path, name, source, fallback
        self.limit = limit
        start = file.read(0, min(file.size, 4096))
        end = start.find(b"\n")
        if end < 0:
            raise _Untrusted
        header = json.loads(start[:end])
        if type(header) is not dict or header.keys() != {"key", "contents", "size"}:
            raise _Untrusted
        length, digest = _pair(header["contents"])
        size = header["size"]
        if type(length) is not int or type(size) is not int or end + 1 + length + 1 + size != file.size:
            raise _Untrusted  # cut short, or grown
        contents = file.read(end + 1, length)
        if header["key"] != name or _digest(contents) != digest:
            raise _Untrusted  # another file's, or damaged
        self.body = end + 1 + length + 1
        entry = json.loads(contents.decode("utf-8", "surrogatepass"))
        if type(entry) is not dict or entry.keys() != {"dimensions", "synonyms", "count", "sections"}:
            raise _Untrusted
        self.dimensions = tuple(_strings(entry["dimensions"]))
        if not self.dimensions or len(set(self.dimensions)) != len(self.dimensions):
            raise _Untrusted
        if type(entry["synonyms"]) is not dict or type(entry["sections"]) is not dict:
            raise _Untrusted
        self.synonyms = {name: tuple(_strings(aliases)) for name, aliases in entry["synonyms"].items()}
        count = entry["count"]
        if type(count) is not int or count < 0:
            raise _Untrusted
        self.size: int = count
        self.sections = {name: _pair(where) for name, where in entry["sections"].items()}
        if any(section not in self.sections for section in required):
            raise _Untrusted
        if required and (
            self.sections["roles"][1] != self.size
            or self.sections[FEATURES][1] != self.size
            or self.sections["heads"][1] != 1
        ):
            raise _Untrusted
        self.indexes: _Store | dict[Hashable, Any] | None = None
        """The indexes of similar and fit: a second file's, or built in this run (see _indexes)."""
        self.parsed: RoleSet | None = None
        self._heads: list[Head] | None = None
        self._buckets: dict[tuple[str, int], dict[str, Any]] = {}
        self.read: list[tuple[int, Role]] = []
        """The roles read one at a time so far, with their numbers (see _Frequencies)."""
        self._features: dict[int, Any] = {}

    # -- reading parts

    def _record(self, section: str, number: int) -> Any:
        """Record `number` of `section`, checked against its hash, as JSON values."""
        start, records = self.sections[section]
        if type(start) is not int or type(records) is not int or not 0 <= number < records:
            raise _Untrusted
        first, last = _OFFSETS.unpack(self.file.read(self.body + start + 8 * number, 16))
        if not first + 40 <= last:
            raise _Untrusted
        record = self.file.read(self.body + first, last - first)
        text = record[40:]
        if record[:40].decode("ascii", "replace") != _record_digest(section, number, text):
            raise _Untrusted
        return json.loads(text.decode("utf-8", "surrogatepass"))

    def _records(self, section: str) -> Iterator[Any]:
        """Every record of `section`, in order, read in one piece."""
        start, records = self.sections[section]
        if type(start) is not int or type(records) is not int or records < 0:
            raise _Untrusted
        directory = self.file.read(self.body + start, 8 * (records + 1))
        offsets = struct.unpack(f"<{records + 1}Q", directory)
        if any(b < a + 40 for a, b in zip(offsets, offsets[1:], strict=False)):
            raise _Untrusted
        first = offsets[0]
        data = self.file.read(self.body + first, offsets[-1] - first)
        for number in range(records):
            record = data[offsets[number] - first : offsets[number + 1] - first]
            text = record[40:]
            if record[:40].decode("ascii", "replace") != _record_digest(section, number, text):
                raise _Untrusted
            yield json.loads(text.decode("utf-8", "surrogatepass"))

    def _role_features(self, number: int) -> list[Any]:
        """Role `number`'s record of FEATURES: a list for each dimension (checked by the caller)."""
        found = self._features.get(number)
        if found is None:
            found = self._record(FEATURES, number)
            if type(found) is not list or len(found) != len(self.dimensions):
                raise _Untrusted
            self._features[number] = found
        return found

    def _look_up(self, section: str, name: str) -> Any | None:
        """The value of `name` in the table `section`, or None if it has none."""
        start, buckets = self.sections[section]
        if type(buckets) is not int or buckets < 1:
            raise _Untrusted
        number = _bucket(name, buckets)
        found = self._buckets.get((section, number))
        if found is None:
            found = self._record(section, number)
            if type(found) is not dict or any(_bucket(n, buckets) != number for n in found):
                raise _Untrusted
            self._buckets[section, number] = found
        value = found.get(name)
        if value is None and name in found:
            raise _Untrusted  # a null is no table's value
        return value

    # -- the RoleStore protocol

    def count(self) -> int:
        return self.size

    def heads(self) -> Sequence[Head]:
        if self._heads is None:
            try:
                self._heads = _heads_from(self._record("heads", 0), self.size)
            except (OSError, ValueError, RecursionError, _Untrusted):
                return self._parse().heads
        return self._heads

    def role(self, index: int) -> Role:
        if self.parsed is None:
            try:
                role = _role_from(self._record("roles", index), self.dimensions)
                self.read.append((index, role))
                return role
            except (OSError, ValueError, RecursionError, _Untrusted):
                self._parse()
        assert self.parsed is not None
        return self.parsed.roles[index]

    def roles(self) -> Sequence[Role]:
        if self.parsed is None:
            try:
                return tuple(_role_from(fields, self.dimensions) for fields in self._records("roles"))
            except (OSError, ValueError, RecursionError, _Untrusted):
                self._parse()
        assert self.parsed is not None
        return self.parsed.roles

    def find(self, key: str) -> int | None:
        if self.parsed is None:
            try:
                index = self._look_up("names", key)
                if index is None:
                    return None
                if type(index) is not int:
                    raise _Untrusted
                role = _role_from(self._record("roles", index), self.dimensions)
                if key in {name_key(name) for name in (role.id, role.name, *role.aliases)}:
                    return index
                raise _Untrusted  # a table that points at another role
            except (OSError, ValueError, RecursionError, _Untrusted):
                self._parse()
        assert self.parsed is not None
        return self.parsed.find(key)

    def stored(self, key: Hashable) -> Any | None:
        if type(key) is not tuple or len(key) != 2 or type(key[1]) is not str:
            return None  # an index over several dimensions at once is built, not kept
        kind, dimension = key
        section = f"{kind}/{dimension}"
        if kind in INDEX_KINDS and self.parsed is None and "roles" in self.sections:
            indexes = self._indexes()
            return indexes.stored(key) if isinstance(indexes, _Store) else indexes.get(key)
        if section not in self.sections or self.parsed is not None:
            return None
        if kind == "frequency":
            return _frequencies(self, dimension)
        if kind in ("postings", "items"):
            return _postings(self, kind, dimension)
        if kind == "phrases":
            return _phrases(self, dimension)
        try:
            record = self._record(section, 0)
            if kind == "texts":
                return _texts_from(record, self.size)
            if kind in ("norms", "counts", "totals"):
                return _per_role(record, self.size, "l" if kind == "counts" else "d")
            if kind == "item names":
                return _item_names(record)
        except (OSError, ValueError, RecursionError, _Untrusted):
            pass
        return None

    def _indexes(self) -> _Store | dict[Hashable, Any]:
        """The indexes of similar and fit (see encode_indexes): from the file beside the entry, or,
        the first time a command asks for one, every one of them built from the roles and kept
        there for the next run."""
        name = f"{self.name}{INDEXES}"
        if self.indexes is None:
            self.indexes = _open(name, name, self.source, self._parse, (), self.limit)
        if self.indexes is None:
            roles = RoleSet(self.roles(), self.dimensions, self.source, synonyms=self.synonyms)
            parts = encode_indexes(self.name, roles)
            if sum(map(len, parts)) <= self.limit:
                _store(name, parts)
            self.indexes = {key: roles.kept(key) for key in _index_keys(self.dimensions)}
        return self.indexes

    def _parse(self) -> RoleSet:
        """The file itself, parsed, for a part found damaged since the entry was opened (the entry is
        removed: the next run writes it again)."""
        if self.parsed is None:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            parsed = self.fallback()
            try:
                stored = self._heads or _heads_from(self._record("heads", 0), self.size)
            except (OSError, ValueError, RecursionError, _Untrusted, KeyError):
                stored = None  # damaged, or a file of indexes, which has no heads
            if stored is not None and list(parsed.heads) != stored:  # no parse of this file writes it
                raise DataError.at(
                    self.source, "its entry in the cache was damaged while in use; run the command again"
                )
            self.parsed = parsed
        return self.parsed


class _Table(Mapping[str, Any]):
    """A table of the entry (see encode), read a bucket at a time: `check` turns each value read into
    what the table gives (or raises _Untrusted); should a bucket be damaged, or a value fail its
    check, the whole table is built again from the roles by `rebuild` (a parse of the file)."""

    def __init__(
        self,
        store: _Store,
        section: str,
        check: Callable[[Any], Any],
        rebuild: Callable[[RoleSet], Mapping[str, Any]],
    ) -> None:
        self.store, self.section, self.check, self.rebuild = store, section, check, rebuild
        self.rebuilt: Mapping[str, Any] | None = None

    def get(self, name: str, default: Any = None) -> Any:
        if self.rebuilt is None:
            try:
                found = self.store._look_up(self.section, name)
                return default if found is None else self.check(found)
            except (OSError, ValueError, RecursionError, _Untrusted):
                self.rebuilt = self.rebuild(self.store._parse())
        return self.rebuilt.get(name, default)

    def __getitem__(self, name: str) -> Any:
        found = self.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def __iter__(self) -> Iterator[str]:  # every bucket: only a whole-file answer asks
        if self.rebuilt is None:
            for number in range(self.store.sections[self.section][1]):
                try:
                    yield from list(self.store._record(self.section, number))
                except (OSError, ValueError, RecursionError, _Untrusted):
                    break
            return
        yield from self.rebuilt

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _frequencies(store: _Store, dimension: str) -> _Table:
    """A dimension's document frequencies: feature -> how many of the roles have it."""
    from roles_cli.measures import document_frequency

    def check(count: Any) -> int:
        if type(count) is not int or not 1 <= count <= store.size:
            raise _Untrusted
        return count

    return _Frequencies(
        store, f"frequency/{dimension}", check, lambda roles: document_frequency(roles.roles, dimension)
    )


class _Frequencies(_Table):
    """A dimension's document frequencies, looked up first among those kept with each role read so
    far (see _features): TF-IDF asks for the features of the roles it weighs, so compare and overlap
    of a few roles read no bucket of the table at all."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.dimension = self.section.partition("/")[2]
        self.known: dict[str, int] = {}
        self.primed = 0
        """How many of the store's roles read so far have had their frequencies taken."""

    def get(self, name: str, default: Any = None) -> Any:
        if self.rebuilt is None:
            found = self.known.get(name)
            if found is None and self._prime():
                found = self.known.get(name)
            if found is not None:
                return found
        return super().get(name, default)

    def _prime(self) -> bool:
        """Take the frequencies kept with the roles read since last asked; whether there were any."""
        from roles_cli.measures import raw_vector, role_items

        read = self.store.read
        if self.primed == len(read) or len(read) > PRIMED:
            return False
        try:
            column = self.store.dimensions.index(self.dimension)
            for number, role in read[self.primed :]:
                counts = self.store._role_features(number)[column]
                features = raw_vector(role_items(role, self.dimension))
                if type(counts) is not list or len(counts) != len(features):
                    raise _Untrusted
                self.known.update(zip(features, map(self.check, counts), strict=True))
        except (OSError, ValueError, RecursionError, _Untrusted):
            self.rebuilt = self.rebuild(self.store._parse())
        self.primed = len(read)
        return True


def _postings(store: _Store, kind: str, dimension: str) -> _Table:
    """A dimension's TF-IDF postings (feature -> roles, normalised weights) or items (key -> roles,
    importances), as index.py builds them, each entry checked as it is read."""
    from roles_cli import index

    def check(value: Any) -> tuple[array[int], array[float]]:
        """The entry as arrays (see _Packed), if it is one: role numbers ascending, each a role's;
        values between 0 and `high`. Checked in C, a posting at a time."""
        if type(value) is not list or len(value) != 2:
            raise _Untrusted
        numbers, values = value
        found, weights = _unpack(numbers, "q"), _unpack(values, "d")
        if len(found) != len(weights):
            raise _Untrusted
        if found and not (0 <= min(found) and max(found) < store.size):
            raise _Untrusted
        if not all(map(operator.lt, found, found[1:])):
            raise _Untrusted
        if weights and not (all(map(math.isfinite, weights)) and 0 <= min(weights) and max(weights) <= high):
            raise _Untrusted
        return found, weights

    high = 1 + 1e-9 if kind == "postings" else 5  # a share of a unit vector, or an importance
    if kind == "postings":
        return _Table(store, f"postings/{dimension}", check, lambda roles: index.postings(roles, dimension))
    return _Table(store, f"items/{dimension}", check, lambda roles: index.items(roles, [dimension]))


def _phrases(store: _Store, dimension: str) -> _Table:
    """fit's phrases (see matching.py): a name's words -> the key of the item it names."""
    from roles_cli import matching

    def check(value: Any) -> str:
        if type(value) is not str:
            raise _Untrusted
        return value

    return _Table(store, f"phrases/{dimension}", check, lambda roles: matching.phrases(roles, [dimension]))


def _item_names(pairs: Any) -> dict[str, str]:
    """fit's item names (see matching.py), item key -> name, in file order."""
    if type(pairs) is not list or any(type(pair) is not list or len(pair) != 2 for pair in pairs):
        raise _Untrusted
    names = dict(pairs)
    if any(type(key) is not str or type(name) is not str for key, name in names.items()):
        raise _Untrusted
    return names


def _per_role(values: Any, count: int, typecode: str) -> array[Any]:
    """One number per role (index.py's norms, counts and totals), none negative."""
    kinds = (int,) if typecode == "l" else (int, float)
    if type(values) is not list or len(values) != count:
        raise _Untrusted
    if any(type(v) not in kinds or not v >= 0 for v in values):
        raise _Untrusted
    return array(typecode, values)


def _texts_from(fields: Any, count: int) -> Texts:
    """A dimension's texts (see _texts), checked: a text, and as many holders' places as it has
    names, from 0 to the last holder (each place and holder is checked when used: see Texts)."""
    if type(fields) is not list or len(fields) != 3 or type(fields[0]) is not str:
        raise _Untrusted
    text = fields[0]
    firsts, holders = _unpack(fields[1], "q"), _unpack(fields[2], "q")
    names = text.count("\n") + 1 if text else 0
    if len(firsts) != names + 1 or firsts[0] != 0 or firsts[-1] != len(holders):
        raise _Untrusted
    return Texts(text, firsts, holders, count)


def _pair(value: Any) -> tuple[Any, Any]:
    if type(value) is not list or len(value) != 2:
        raise _Untrusted
    return value[0], value[1]


def _heads_from(records: Any, count: int) -> list[Head]:
    if type(records) is not list or len(records) != count:
        raise _Untrusted
    heads = []
    for fields in records:
        if type(fields) is not list or len(fields) != 4:
            raise _Untrusted
        role_id, name, aliases, summary = fields
        if not (type(role_id) is type(name) is type(summary) is str) or not ID_PATTERN.match(role_id):
            raise _Untrusted
        heads.append(Head(role_id, name, tuple(_aliases(aliases)), summary))
    if len({head.id for head in heads}) != len(heads):
        raise _Untrusted
    return heads


def prune(folder: Path) -> None:
    """Remove the oldest entries beyond KEEP or MAX_TOTAL_BYTES, the oldest stamps beyond 4 × KEEP,
    entries of an older format, and stale half-written files; never a file whose name the cache
    does not give its own files."""
    kept: dict[str, list[tuple[int, int, str]]] = {ENTRY: [], INDEXES: [], STAMP: [], ".json": []}
    now = time.time()
    for found in os.scandir(folder):
        info = found.stat(follow_symlinks=False)
        if not stat.S_ISREG(info.st_mode):
            continue
        own = _OWN.match(found.name)
        if own:
            kept[own.group(1)].append((info.st_mtime_ns, info.st_size, found.path))
        elif _TEMPORARY.match(found.name) and now - info.st_mtime > STALE_TEMPORARY_SECONDS:
            os.unlink(found.path)
    for kind, most in ((ENTRY, KEEP), (INDEXES, KEEP), (STAMP, 4 * KEEP), (".json", 0)):
        total = 0
        for number, (_, size, path) in enumerate(sorted(kept[kind], reverse=True)):
            total += size
            if number >= most or (number and total > MAX_TOTAL_BYTES):  # the newest stays
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
