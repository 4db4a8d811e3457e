"""A roles file -> a RoleSet: read the bytes (files.py), compose the YAML (yaml_tree.py), walk it
along the format (reader.py), optionally keep the answer in the cache (cache.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from roles_cli.errors import DataError, Problem
from roles_cli.files import MAX_BYTES, decode, read_bytes, read_file, stat_file
from roles_cli.model import RoleSet

if TYPE_CHECKING:
    from roles_cli.lint import Occurrence

BUNDLED_NAME = "roles.yaml (bundled)"
MAX_WARNINGS = 1_000
"""Warnings listed at most; the rest are counted."""


def bundled_path() -> Path:
    """The roles file that ships with the tool."""
    here = Path(__file__).resolve().parent
    installed = here / "data" / "roles.yaml"  # where the wheel puts it
    return installed if installed.is_file() else here.parent / "data" / "roles.yaml"


Progress = Callable[[str, float], None]
"""Told, as a long read goes, what is being done ("reading", "checking" or "caching") and how much
of it is done (0 to 1; "checking" and "caching" are told once, at 0)."""


def load_roles(
    path: str | os.PathLike[str] | None = None,
    *,
    cache: bool = False,
    max_bytes: int = MAX_BYTES,
    progress: Progress | None = None,
) -> RoleSet:
    """Read and check a roles file (default: the bundled one), of at most `max_bytes` (TooLargeError).

    With `cache`, a file read before comes from the user's cache, and a new one is stored there
    (see cache.py; ROLES_NO_CACHE=1 switches it off); without, nothing is written anywhere. Raises
    DataError listing every problem found; messages name the file as `path` was given. `progress`,
    if given, hears how a file being parsed is getting on (see Progress).
    """
    return read_roles(path, cache=cache, max_bytes=max_bytes, progress=progress)[0]


def read_roles(
    path: str | os.PathLike[str] | None = None,
    *,
    cache: bool = False,
    lint: bool = False,
    max_bytes: int = MAX_BYTES,
    progress: Progress | None = None,
) -> tuple[RoleSet, list[Problem]]:
    """load_roles, and with `lint` the warnings about the file (see lint.py) when it was read now
    rather than taken from the cache: a file's warnings are given once, not on every run."""
    file, source = (Path(path), os.fspath(path)) if path is not None else (bundled_path(), BUNDLED_NAME)

    def parse(data: bytes) -> tuple[RoleSet, list[Problem]]:
        return _parse(data, source=source, lint=lint, max_bytes=max_bytes, progress=progress)

    if not cache:
        return parse(read_bytes(file, source, limit=max_bytes))
    from roles_cli import cache as roles_cache  # deferred: only the command line caches by default

    if not roles_cache.enabled():
        return parse(read_bytes(file, source, limit=max_bytes))

    def reparse() -> RoleSet:  # for a cache entry found damaged while in use
        return parse_roles(read_bytes(file, source, limit=max_bytes), source=source, max_bytes=max_bytes)

    limit = roles_cache.entry_limit(max_bytes)
    known = roles_cache.recall(file, stat_file(file, source, limit=max_bytes))
    cached = roles_cache.read(known, source, reparse, limit=limit) if known is not None else None
    if cached is not None:  # the file is as it was when its entry was made: not even read
        return cached, []
    data, info = read_file(file, source, limit=max_bytes)
    cache_key = roles_cache.key(data)
    cached = roles_cache.read(
        cache_key, source, lambda: parse_roles(data, source=source, max_bytes=max_bytes), limit=limit
    )
    if cached is None:
        roles, problems = parse(data)
        if progress is not None:
            progress("caching", 0.0)
        roles_cache.write(cache_key, roles, limit=limit)
    else:
        roles, problems = cached, []
    roles_cache.remember(file, info, cache_key)
    return roles, problems


def parse_roles(data: str | bytes, *, source: str = "<string>", max_bytes: int = MAX_BYTES) -> RoleSet:
    """Check a roles document given as text or bytes; raises DataError listing every problem.
    `max_bytes`: the largest file allowed, which bounds how many values it may hold at once."""
    return _parse(data, source=source, max_bytes=max_bytes)[0]


def _parse(
    data: str | bytes,
    *,
    source: str,
    lint: bool = False,
    max_bytes: int = MAX_BYTES,
    progress: Progress | None = None,
) -> tuple[RoleSet, list[Problem]]:
    roles, problems = check_roles(data, source=source, lint=lint, max_bytes=max_bytes, progress=progress)
    if roles is None:
        raise DataError(problems)
    return roles, problems


def check_roles(
    data: str | bytes,
    *,
    source: str = "<string>",
    lint: bool = False,
    max_bytes: int = MAX_BYTES,
    progress: Progress | None = None,
) -> tuple[RoleSet | None, list[Problem]]:
    """The roles in a document, or None when it has errors, and every problem found.

    With `lint`, also warnings about items spelled two ways (see lint.py). `max_bytes` as for
    parse_roles; `progress` as for load_roles.
    """
    from roles_cli.reader import read_document
    from roles_cli.yaml_tree import MAX_VALUES, Unstreamable, compose, compose_streaming

    values = MAX_VALUES * max(1, max_bytes // MAX_BYTES)  # a larger file may hold more
    try:
        text = decode(data, source) if isinstance(data, bytes) else data
        try:  # one role at a time, which an ordinary file allows (see yaml_tree.py)
            top, stream = compose_streaming(text, source, max_values=values)
            if progress is not None:
                lines = max(1, text.count("\n"))
                stream.progress = lambda line: progress("reading", line / lines)
            roles, problems, occurrences = read_document(top, source, lint=lint)
            stream.finish()
        except Unstreamable:
            root = compose(text, source, max_values=values)
            roles, problems, occurrences = read_document(root, source, lint=lint)
    except DataError as error:
        return None, error.problems
    if lint:
        if progress is not None:
            progress("checking", 0.0)
        warnings = _spelling_warnings(source, occurrences)
        if len(warnings) > MAX_WARNINGS:
            more = len(warnings) - MAX_WARNINGS
            last = warnings[MAX_WARNINGS - 1].line
            note = f"{more:,} more warnings like these are not listed; fix these, then check the file again"
            warnings = [*warnings[:MAX_WARNINGS], Problem(source, note, last, warning=True)]
        problems += warnings
    problems = sorted(problems, key=lambda p: (p.warning, p.line or 0))
    if any(not p.warning for p in problems):
        return None, problems
    return roles, problems


def _spelling_warnings(source: str, occurrences: list[Occurrence]) -> list[Problem]:
    from roles_cli.lint import near_duplicates  # deferred: only validate lints

    return [
        Problem(
            source,
            f"{second.dimension}: {second.name!r} ({second.role}) looks like {first.name!r} ({first.role}, "
            f"line {first.line}); spell them one way so that they count as one item",
            second.line,
            warning=True,
        )
        for first, second in near_duplicates(occurrences)
    ]
