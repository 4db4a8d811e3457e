"""Shared test set-up: a pinned, colourless terminal, and a cache of the tests' own.

Constants and helper functions live in tests/helpers.py; this file holds only fixtures.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers import WIDTH


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
