"""The bundled roles file is the product too: its own rules, checked from the YAML itself."""

from __future__ import annotations

import difflib
import itertools
import json
import re
from typing import Any

import pytest

from roles_cli import load_roles
from tests.helpers import BUNDLED, json_output, run, yaml_data
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


# -- what the revision of the bundled roles promises a reader (computed from the YAML) ---------------


def importance(role_id: str, dimension: str, name: str) -> float | None:
    """The importance the YAML gives an item of a role (3 for a plain string), None if it lacks it."""
    for item in ROLES[role_id][dimension]:
        item_name = item if isinstance(item, str) else item["name"]
        if key(item_name) == key(name):
            return 3 if isinstance(item, str) else float(item.get("importance", 3))
    return None


def item_for(alias: str) -> str:
    """The item of the file's top-level synonyms that `alias` is another name of (or the item itself)."""
    for item, others in DATA["synonyms"].items():
        if key(alias) in {key(item), *(key(o) for o in others)}:
            return str(item)
    raise AssertionError(f"{alias!r} is no synonym in the file")


def test_the_ai_engineer_has_llm_output_evaluation_as_core_and_model_evaluation_lower() -> None:
    core = importance("ai-engineer", "skills", "LLM output evaluation")
    classic = importance("ai-engineer", "skills", "Model evaluation")
    assert core == 5 and classic is not None and classic < core
    # Only the AI engineer has it, so a data scientist moving over learns it: it is among the
    # must-haves that `gap` lists, while plain model evaluation carries over.
    assert all(importance(r, "skills", "LLM output evaluation") is None for r in ROLES if r != "ai-engineer")
    (skills,) = json_output("gap", "ds", "ai-engineer", "-d", "skills")["dimensions"]
    to_learn = {entry["name"]: entry["must_have"] for entry in skills["to_learn"]}
    assert to_learn["LLM output evaluation"] is True
    assert "Model evaluation" in skills["transfers"]


def test_the_ai_engineers_focus_claims_no_robotics_and_speech_only_with_a_skill_for_it() -> None:
    focus = " ".join(names(ROLES["ai-engineer"], "focus")).casefold()
    assert "robot" not in focus
    summary = ROLES["ai-engineer"]["summary"].casefold()
    if "speech" in focus or "speech" in summary:
        # some skill of the role, by its name or one of its synonyms, is about speech
        synonyms = DATA["synonyms"]
        spelled = [[n, *synonyms.get(n, [])] for n in names(ROLES["ai-engineer"], "skills")]
        assert any("speech" in s.casefold() for group in spelled for s in group)


def test_nlp_and_deep_learning_are_not_one_roles_alone() -> None:
    # The data scientist applies both, at modest importance; the ML engineer builds language and vision models.
    for name in ("Deep learning", "Natural language processing"):
        ds = importance("data-scientist", "skills", name)
        assert ds is not None and ds <= 3, name
    for name in ("Natural language processing", "Computer vision", "Deep learning"):
        assert importance("ml-engineer", "skills", name) is not None, name


def test_every_pair_of_roles_shares_a_goal_and_the_data_scientist_and_ai_engineer_a_focus() -> None:
    goals = {r: {key(n) for n in names(role, "goal")} for r, role in ROLES.items()}
    assert set.intersection(*goals.values())  # all three aim at something in common
    assert goals["ml-engineer"] & goals["ai-engineer"] - goals["data-scientist"]  # and those two at more
    for a, b in itertools.combinations(ROLES, 2):
        assert goals[a] - goals[b] and goals[b] - goals[a], (a, b)  # each keeps goals of its own
    focus = {r: {key(n) for n in names(role, "focus")} for r, role in ROLES.items()}
    assert focus["data-scientist"] & focus["ai-engineer"]


def test_training_and_evaluating_are_two_tasks_and_the_ai_engineer_evaluates_without_training() -> None:
    for role in ROLES.values():
        for task in names(role, "tasks"):
            words = task.casefold().split()
            assert not ({"train", "training"} & set(words) and {"evaluate", "evaluation"} & set(words)), task
    assert importance("ai-engineer", "tasks", "Evaluate models") is not None
    assert importance("ai-engineer", "tasks", "Train models") is None


def test_skills_and_tasks_agree_within_each_role() -> None:
    # a task that needs a skill comes with it, and a skill that is a kind of work comes with its task
    pairs = [("Tune hyperparameters", "Hyperparameter tuning"), ("Fine-tune models", "Fine-tuning")]
    for role_id in ROLES:
        for task, skill in pairs:
            has_task = importance(role_id, "tasks", task) is not None
            has_skill = importance(role_id, "skills", skill) is not None
            assert has_task == has_skill, (role_id, task, skill)


def test_no_umbrella_item_stands_for_items_listed_beside_it() -> None:
    assert all(importance(r, "skills", "MLOps") is None for r in ROLES)
    assert importance("ml-engineer", "skills", "Experiment tracking") is not None
    assert importance("ml-engineer", "skills", "CI/CD") is not None


def test_every_skill_rating_cites_its_evidence() -> None:
    # Each skill line carries a comment that names a source of the legend at the top of the file, or
    # says that the rating is a judgement.
    text = BUNDLED.read_text(encoding="utf-8")
    header = text.split("\nversion:")[0]
    legend = set(re.findall(r"^#\s+(\[[a-z-]+\])", header, flags=re.MULTILINE))  # one a line...
    legend |= set(re.findall(r"; (\[[a-z-]+\]) ", header))  # ...or several on one line
    assert {"[onet]", "[jobs]", "[celik]"} <= legend
    skill_lines = [line for line in text.splitlines() if re.match(r"\s+- \{name: .*importance: \d", line)]
    counted = sum(len(role["skills"]) + len(role["tasks"]) for role in ROLES.values())
    assert len(skill_lines) == counted  # every skill and task is written on one line of its own
    for line in skill_lines:
        name = re.search(r"name: ([^,]+),", line)
        assert name is not None, line
        if all(name.group(1) not in names(role, "skills") for role in ROLES.values()):
            continue  # a task: its block's comment gives the sources
        comment = line.partition("#")[2]
        assert set(re.findall(r"\[[a-z-]+\]", comment)) & legend or "judgement" in comment, line


SPELLINGS = [
    *["RAG", "LLMs", "LLM", "GenAI", "k8s", "Kubernetes", "Docker", "ML", "DL", "NLP", "CV", "A/B testing"],
    *["PyTorch", "TensorFlow", "LangChain", "LlamaIndex", "stats", "viz", "ETL", "MCP", "evals"],
]


def test_the_usual_other_names_are_synonyms_of_items_the_roles_have() -> None:
    everything = {key(n) for role in ROLES.values() for n in names(role, "skills")}
    for alias in SPELLINGS:
        assert key(item_for(alias)) in everything, alias
    result = run("fit", *SPELLINGS, "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""  # no unknown skill, no warning
    matched = {name for entry in json.loads(result.stdout) for name in entry["matched"]}
    assert matched == {item_for(alias) for alias in SPELLINGS}


def test_the_issues_fit_example_has_no_unknown_skill() -> None:
    typed = ["RAG", "LLMs", "docker", "k8s", "A/B testing", "pytorch"]
    result = run("fit", *typed, "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    ranking = json.loads(result.stdout)
    matched = {name for entry in ranking for name in entry["matched"]}
    assert matched == {item_for(t) for t in typed}
    # Docker and k8s are one skill (containerization): five skills in all
    assert len(matched) == 5
