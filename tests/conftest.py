"""Shared test set-up: a pinned, colourless terminal, and a cache of the tests' own.

Constants and helper functions live in tests/helpers.py; this file holds only fixtures.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import BUNDLED, FIXTURES, ONET, ONET_SMALL, WIDTH

SHARED_FILES = (BUNDLED, ONET_SMALL, ONET, FIXTURES / "two-spellings.yaml")


@pytest.fixture(scope="session")
def shared_cache_entries() -> list[tuple[Path, str]]:
    """Each shared file with the name of its entry in the cache."""
    from roles_cli import cache

    return [(path, f"{cache.key(path.read_bytes())}{cache.ENTRY}") for path in SHARED_FILES]


@pytest.fixture(autouse=True)
def shared_files_read_before(
    plain_terminal: None, shared_cache_entries: list[tuple[Path, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shared files in the tests' cache before each test: the first command to read a file warns
    about its items spelled two ways (once, see cli_io.load), and which test that is would otherwise
    depend on the order the tests run in, and on which entries the cache has pruned since. Tests of
    that warning use files of their own."""
    from roles_cli import cache
    from roles_cli.load import read_roles

    folder = cache.directory()
    for path, entry in shared_cache_entries:
        if folder is not None and not (folder / entry).is_file():
            read_roles(path, cache=True)


@pytest.fixture(autouse=True)
def plain_terminal(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Rendering must not depend on the terminal the tests run in, nor results on a cache the
    user's own runs left: the tests share a cache of their own."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
    for name in ("FORCE_COLOR", "ROLES_DATA", "TERM", "ROLES_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)
    yield
