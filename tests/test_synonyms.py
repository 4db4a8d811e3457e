"""Synonyms in the format: an item's `aliases`, and a file's top-level `synonyms`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from roles_cli import load_roles
from tests.helpers import json_output, run, write_yaml

SYNONYMS = """\
version: 1
dimensions: [skills]
synonyms:
  Containerization: [Docker, containers]
roles:
  - id: ai
    name: AI engineer
    summary: Builds on models.
    skills:
      - {name: Retrieval-augmented generation, importance: 5, aliases: [RAG]}
      - Docker
      - Prompting
  - id: mle
    name: ML engineer
    summary: Trains models.
    skills:
      - RAG
      - {name: Containerization, importance: 4}
      - Training
"""


def test_items_match_across_roles_by_any_name(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, SYNONYMS)
    (skills,) = json_output("compare", "ai", "mle", "--data", path, "--method", "jaccard")["dimensions"]
    # By hand: RAG (5 vs 3) and Docker = Containerization (3 vs 4) are shared; Prompting and Training
    # are not: Σmin = 3 + 3 = 6, Σmax = 5 + 4 + 3 + 3 = 15.
    assert skills["shared"] == ["Retrieval-augmented generation", "Docker"]  # the first role's spelling
    assert skills["unique"] == {"ai": ["Prompting"], "mle": ["Training"]}
    assert skills["similarity"] == 6 / 15


def test_aliases_survive_the_cache_and_show_in_json(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, SYNONYMS)
    fresh = load_roles(path)
    assert load_roles(path, cache=True).roles == load_roles(path, cache=True).roles == fresh.roles
    assert dict(load_roles(path, cache=True).synonyms) == {"Containerization": ("Docker", "containers")}
    shown = json_output("show", "ai", "--data", path)["dimensions"]["skills"]
    assert shown[0]["name"] == "Retrieval-augmented generation"


def test_an_alias_that_points_two_ways_is_an_error_on_its_line(tmp_path: Path) -> None:
    text = SYNONYMS.replace("- Prompting", "- {name: Markup languages, aliases: [containers]}")
    path = write_yaml(tmp_path, text)
    result = run("validate", path)
    assert result.exit_code == 1
    line = text.splitlines().index("      - {name: Markup languages, aliases: [containers]}") + 1
    assert f"{path}:{line}: 'containers' is declared another name of 'Markup languages' here" in result.stdout
    assert "and of 'Containerization' on line 4" in result.stdout


def test_two_synonyms_in_one_role_are_one_item_listed_twice(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, SYNONYMS.replace("- Prompting", "- Containerization"))
    result = run("list", "--data", path)
    assert result.exit_code == 1
    assert "ai: skills: 'Docker' and 'Containerization' are synonyms" in result.stderr


def test_chains_of_synonyms_are_one_group(tmp_path: Path) -> None:
    text = SYNONYMS.replace(
        "  Containerization: [Docker, containers]\n", "  Containerization: [Docker]\n  Docker: [containers]\n"
    )
    text = text.replace("- {name: Containerization, importance: 4}", "- {name: containers, importance: 4}")
    (skills,) = json_output("compare", "ai", "mle", "--data", write_yaml(tmp_path, text))["dimensions"]
    assert "Docker" in skills["shared"]


def test_a_synonyms_mapping_of_the_wrong_shape_is_a_message(tmp_path: Path) -> None:
    path = write_yaml(
        tmp_path, SYNONYMS.replace("  Containerization: [Docker, containers]", "  Containerization: Docker")
    )
    result = run("list", "--data", path)
    assert result.exit_code == 1
    assert f"{path}:4: synonyms: Containerization: aliases must be a list" in result.stderr


def test_the_schema_knows_the_new_fields(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads(run("schema").stdout))
    assert list(validator.iter_errors(yaml.safe_load(SYNONYMS))) == []
    wrong = yaml.safe_load(SYNONYMS)
    wrong["synonyms"]["Containerization"] = "Docker"
    wrong["roles"][0]["skills"][0]["aliases"] = "RAG"
    assert len(list(validator.iter_errors(wrong))) == 2
