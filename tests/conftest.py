"""Shared test set-up: a pinned, colourless terminal and a way to run the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from roles_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "roles.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ONET = FIXTURES / "onet" / "onet-roles.yaml"
ONET_SMALL = FIXTURES / "onet" / "onet-roles-small.yaml"
WIDTH = 100


@pytest.fixture(autouse=True)
def plain_terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Rendering must not depend on the terminal the tests run in."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    for name in ("FORCE_COLOR", "ROLES_DATA", "TERM"):
        monkeypatch.delenv(name, raising=False)
    yield


def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    """Invoke `roles ARGS` in process; stdout and stderr are kept apart."""
    return CliRunner().invoke(app, [str(a) for a in args], env=env)


def write_yaml(tmp_path: Path, text: str, name: str = "roles.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """\
version: 1
dimensions: [skills, tasks]
roles:
  - id: baker
    name: Baker
    aliases: [b]
    summary: Bakes bread.
    skills: [Kneading, {name: Ovens, importance: 5}, Timing]
    tasks: [Bake bread, Clean up]
  - id: cook
    name: Cook
    summary: Cooks meals.
    skills: [{name: Ovens, importance: 2}, Timing, Knives]
    tasks: [Cook meals, Clean up]
"""
