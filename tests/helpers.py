"""What the tests share: where the data is, a way to run the CLI, and the data read independently."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner, Result

from roles_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "roles.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ONET = FIXTURES / "onet" / "onet-roles.yaml"
ONET_SMALL = FIXTURES / "onet" / "onet-roles-small.yaml"
WIDTH = 100


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


# -- the data as the tests see it: read with PyYAML alone, never through the code under test ---------


def raw(path: Path) -> dict[str, Any]:
    """The file's data as plain YAML, with every item made {name, importance, key}."""
    with path.open(encoding="utf-8") as file:
        data: dict[str, Any] = yaml.safe_load(file)
    dimensions = data.get("dimensions", ["focus", "skills", "tasks", "goal"])
    for role in data["roles"]:
        for dimension in dimensions:
            role[dimension] = [
                {
                    "name": item if isinstance(item, str) else item["name"],
                    "importance": 3 if isinstance(item, str) else item.get("importance", 3),
                    "key": " ".join((item if isinstance(item, str) else item["name"]).casefold().split()),
                }
                for item in role[dimension]
            ]
    data["dimensions"] = dimensions
    return data


def weighted_jaccard(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> float:
    wa = {i["key"]: i["importance"] for i in a}
    wb = {i["key"]: i["importance"] for i in b}
    keys = wa.keys() | wb.keys()
    low = sum(min(wa.get(k, 0), wb.get(k, 0)) for k in keys)
    high = sum(max(wa.get(k, 0), wb.get(k, 0)) for k in keys)
    return float(low / high)


def json_output(*args: str | Path) -> Any:
    """Run a command with --format json; its stdout must be exactly one JSON document."""
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)
