"""The bundled roles file is the product too: its own rules, checked from the YAML itself."""

from __future__ import annotations

import difflib
import itertools
from typing import Any

import pytest

from roles_cli import load_roles
from tests.helpers import BUNDLED, yaml_data
from tests.helpers import item_key as key

DATA: dict[str, Any] = yaml_data(BUNDLED)
ROLES = {role["id"]: role for role in DATA["roles"]}
# Skills: up to 32 a role (the revision of the bundled roles set that limit); tasks: enough for the
# work the roles share to be worded once and the rest in the role's own words.
RANGES = {"focus": (3, 6), "skills": (12, 32), "tasks": (8, 18), "goal": (2, 4)}


def names(role: dict[str, Any], dimension: str) -> list[str]:
    return [item if isinstance(item, str) else item["name"] for item in role[dimension]]


def skill_sets() -> dict[str, set[str]]:
    return {role_id: {key(n) for n in names(role, "skills")} for role_id, role in ROLES.items()}


def test_the_three_roles_and_their_aliases() -> None:
    assert {role_id: role["aliases"] for role_id, role in ROLES.items()} == {
        "data-scientist": ["ds"],
        "ml-engineer": ["mle", "machine-learning-engineer"],
        "ai-engineer": ["aie", "ai"],
    }
    assert DATA["version"] == 1
    assert DATA["dimensions"] == ["focus", "skills", "tasks", "goal"]


def test_the_tool_loads_it() -> None:
    assert [role.id for role in load_roles()] == list(ROLES)


@pytest.mark.parametrize("role_id", ["data-scientist", "ml-engineer", "ai-engineer"])
def test_dimension_sizes(role_id: str) -> None:
    for dimension, (low, high) in RANGES.items():
        assert low <= len(ROLES[role_id][dimension]) <= high, dimension


@pytest.mark.parametrize("role_id", ["data-scientist", "ml-engineer", "ai-engineer"])
def test_skills_are_short_atomic_and_weighted(role_id: str) -> None:
    skills = ROLES[role_id]["skills"]
    for skill in skills:
        assert isinstance(skill, dict) and 1 <= skill["importance"] <= 5, skill
        assert len(skill["name"].split()) <= 4 and not skill["name"].endswith("."), skill["name"]
    weights = {skill["importance"] for skill in skills}
    assert 5 in weights and min(weights) <= 3  # core skills told apart from useful ones


def test_at_least_four_skills_shared_by_all_three() -> None:
    assert len(set.intersection(*skill_sets().values())) >= 4


@pytest.mark.parametrize("role_id", ["data-scientist", "ml-engineer", "ai-engineer"])
def test_at_least_three_skills_unique_to_each_role(role_id: str) -> None:
    sets = skill_sets()
    others = set.union(*(s for other, s in sets.items() if other != role_id))
    assert len(sets[role_id] - others) >= 3


def test_one_vocabulary_no_near_duplicate_spellings_across_roles() -> None:
    for dimension in RANGES:
        spellings = {key(n) for role in ROLES.values() for n in names(role, dimension)}
        for a, b in itertools.combinations(sorted(spellings), 2):
            assert difflib.SequenceMatcher(None, a, b).ratio() < 0.9, (dimension, a, b)


def test_identical_items_are_spelled_identically() -> None:
    for dimension in RANGES:
        spelled: dict[str, str] = {}
        for role in ROLES.values():
            for name in names(role, dimension):
                assert spelled.setdefault(key(name), name) == name


def test_every_role_cites_sources_including_the_article_that_started_it() -> None:
    for role in ROLES.values():
        titles = [source["title"] for source in role["sources"]]
        assert len(titles) >= 2
        article = [t for t in titles if "Mustafa Celik" in t]
        assert article and "2023-07-26" in article[0]
        for source in role["sources"]:
            assert source.get("url", "https://").startswith("https://")


def test_the_articles_facts_are_there() -> None:
    ds, mle, ai = (ROLES[r] for r in ("data-scientist", "ml-engineer", "ai-engineer"))
    assert {"python", "r", "statistics", "data wrangling", "data visualization", "machine learning"} <= {
        key(n) for n in names(ds, "skills")
    }
    assert {"python", "java", "c++", "deep learning", "software engineering", "model deployment"} <= {
        key(n) for n in names(mle, "skills")
    }
    assert {"llm apis", "prompt engineering", "retrieval-augmented generation", "vector databases"} <= {
        key(n) for n in names(ai, "skills")
    }
