"""The similarity measures, checked against values worked out by hand."""

from __future__ import annotations

import math

import pytest

from roles_cli import load_roles, parse_roles, similar
from roles_cli.measures import measure
from roles_cli.text import content_words, stem, tokens

SMALL = """\
version: 1
dimensions: [skills, tasks]
roles:
  - id: a
    name: A
    summary: First.
    skills: [{name: Python, importance: 5}, {name: SQL, importance: 2}, {name: Spark, importance: 2}]
    tasks: [Analyze sales data]
  - id: b
    name: B
    summary: Second.
    skills: [{name: Python, importance: 2}, {name: Java, importance: 2}]
    tasks: [Analyzing the data of customers]
  - id: c
    name: C
    summary: Third.
    skills: [SQL, Java]
    tasks: [Bake bread]
"""


def test_tfidf_cosine_by_hand() -> None:
    roles = parse_roles(SMALL)
    a, b, c = roles.roles
    # Three roles. Python, SQL and Java are each in two: idf 1 + ln(4/3); Spark in one: 1 + ln(4/2).
    common, rare = 1 + math.log(4 / 3), 1 + math.log(2)
    # a = (Python 5, SQL 2, Spark 2) and b = (Python 2, Java 2), each weight times its idf: the
    # README's worked example, 59%.
    dot = 5 * common * 2 * common
    norm_a = math.sqrt((5 * common) ** 2 + (2 * common) ** 2 + (2 * rare) ** 2)
    norm_b = math.sqrt((2 * common) ** 2 + (2 * common) ** 2)
    skills = measure(roles, "skills")
    assert skills.similarity(a, b) == pytest.approx(dot / (norm_a * norm_b))
    assert skills.similarity(b, a) == pytest.approx(dot / (norm_a * norm_b))
    assert skills.similarity(a, a) == pytest.approx(1.0)
    assert round(skills.similarity(a, b), 2) == 0.59
    # The parts of a score add up to it, largest first, named as written.
    (python,) = skills.explain(a, b)
    assert (python.name, python.item) == ("Python", True)
    assert python.share == pytest.approx(dot / (norm_a * norm_b))


def test_sentences_meet_on_their_words() -> None:
    roles = parse_roles(SMALL)
    a, b, c = roles.roles
    # "Analyze sales data" -> analyz, sale, data; "Analyzing the data of customers" -> analyz, data,
    # customer. Each sentence shares its weight 3 among four equal terms: itself as a whole (in one
    # role: idf 1 + ln 2) and its three words; analyz and data are in two roles (idf 1 + ln(4/3)),
    # sale and customer in one. The 3/4 of every term cancels out of the cosine.
    assert content_words("Analyze sales data") == ["analyz", "sale", "data"]
    assert content_words("Analyzing the data of customers") == ["analyz", "data", "customer"]
    one, two = 1 + math.log(2), 1 + math.log(4 / 3)
    tasks = measure(roles, "tasks")
    assert tasks.similarity(a, b) == pytest.approx(2 * two**2 / (2 * one**2 + 2 * two**2))
    assert tasks.similarity(a, c) == 0.0
    assert {part.name for part in tasks.explain(b, a)} == {"Analyzing", "data"}


def test_jaccard_is_still_there() -> None:
    roles = parse_roles(SMALL)
    a, b, _ = roles.roles
    # Σ min / Σ max: Python min(5, 2) = 2; max: Python 5 + SQL 2 + Spark 2 + Java 2 = 11.
    assert measure(roles, "skills", "jaccard").similarity(a, b) == pytest.approx(2 / 11)


def test_words_are_normalised_alike() -> None:
    for family in (["models", "modeling", "modeled", "model"], ["analyzes", "analyzed", "analyze"]):
        assert len({stem(word) for word in family}) == 1, family
    assert tokens("C# and C++, not C") == ["c#", "and", "c++", "not", "c"]
    assert tokens("JavaScript") != tokens("Java")
    assert content_words("the role of data in it") == ["role", "data"]


def test_on_the_bundled_file_the_ml_engineer_is_closest_to_both_others() -> None:
    roles = load_roles()
    assert similar(roles, "ds").ranking[0].role.id == "ml-engineer"
    assert similar(roles, "ai").ranking[0].role.id == "ml-engineer"
    assert similar(roles, "ds", method="jaccard").ranking[0].role.id == "ml-engineer"


def test_similar_weighs_dimensions_by_how_well_they_tell_roles_apart() -> None:
    # Eleven roles: the same skills for all (no spread: that dimension says nothing), and tasks that
    # single out one role as the target's twin. With plain means the shared skills would tie them.
    roles_yaml = ["version: 1", "dimensions: [skills, tasks]", "roles:"]
    for n in range(11):
        task = "Forecast demand" if n in (0, 5) else f"Task number{n} alone"
        roles_yaml += [
            f"  - id: r{n}",
            f"    name: Role {n}",
            "    summary: A role.",
            "    skills: [Python, SQL]",
            f"    tasks: [{task}]",
        ]
    roles = parse_roles("\n".join(roles_yaml) + "\n")
    result = similar(roles, "r0", ["skills", "tasks"])
    assert result.ranking[0].role.id == "r5"
    weights = result.weights
    assert weights["tasks"] > 0.99 and sum(weights.values()) == pytest.approx(1.0)
    assert result.ranking[0].similarity == pytest.approx(weights["skills"] * 1.0 + weights["tasks"] * 1.0)
