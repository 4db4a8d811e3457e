"""The documented JSON of every command, checked against values computed here from the YAML alone."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import (
    BUNDLED,
    ONET,
    ONET_SMALL,
    by_importance,
    fit_scores,
    item_key,
    json_output,
    raw,
    run,
    weighted_jaccard,
    yaml_data,
)

DATA = raw(BUNDLED)
ROLES = {role["id"]: role for role in DATA["roles"]}


def names(items: list[dict[str, Any]]) -> list[str]:
    return [item["name"] for item in items]


def test_list() -> None:
    assert json_output("list") == [
        {"id": r["id"], "name": r["name"], "aliases": r["aliases"], "summary": r["summary"]}
        for r in DATA["roles"]
    ]


def test_show() -> None:
    role = ROLES["ai-engineer"]
    shown = json_output("show", "aie")
    assert {k: shown[k] for k in ("id", "name", "aliases", "summary")} == {
        k: role[k] for k in ("id", "name", "aliases", "summary")
    }
    assert shown["dimensions"] == {
        d: [{"name": i["name"], "importance": i["importance"]} for i in by_importance(role[d])]
        for d in DATA["dimensions"]
    }
    assert shown["sources"] == [{"title": s["title"], "url": s.get("url")} for s in role["sources"]]


@pytest.mark.parametrize(
    "ids", [["data-scientist", "ml-engineer"], ["data-scientist", "ml-engineer", "ai-engineer"]]
)
def test_compare(ids: list[str]) -> None:
    result = json_output("compare", *ids, "--method", "jaccard")
    assert result["roles"] == ids
    assert [d["dimension"] for d in result["dimensions"]] == DATA["dimensions"]
    for entry in result["dimensions"]:
        d = entry["dimension"]
        keys = {r: {i["key"] for i in ROLES[r][d]} for r in ids}
        everyone = set.intersection(*keys.values())
        assert entry["shared"] == [i["name"] for i in ROLES[ids[0]][d] if i["key"] in everyone]
        for r in ids:
            assert sorted(entry["items"][r]) == sorted(names(ROLES[r][d]))
            others = set.union(*(keys[o] for o in ids if o != r))
            assert entry["unique"][r] == [i["name"] for i in ROLES[r][d] if i["key"] not in others]
        pairs = [weighted_jaccard(ROLES[a][d], ROLES[b][d]) for a, b in itertools.combinations(ids, 2)]
        assert entry["similarity"] == pytest.approx(sum(pairs) / len(pairs))


def test_overlap_groups_partition_the_items_and_pairs_are_scored() -> None:
    result = json_output("overlap", "--method", "jaccard")
    assert result["roles"] == list(ROLES)
    for entry in result["dimensions"]:
        d = entry["dimension"]
        holders: dict[str, set[str]] = {}
        for role_id, role in ROLES.items():
            for item in role[d]:
                holders.setdefault(item["key"], set()).add(role_id)
        seen = [item_key(n) for g in entry["groups"] for n in g["items"]]
        assert sorted(seen) == sorted(holders)  # every item exactly once
        for group in entry["groups"]:
            for name in group["items"]:
                assert set(group["roles"]) == holders[item_key(name)]
        assert entry["pair_count"] == 3
        expected = {
            (a, b): weighted_jaccard(ROLES[a][d], ROLES[b][d]) for a, b in itertools.combinations(ROLES, 2)
        }
        assert {(p["a"], p["b"]): p["similarity"] for p in entry["pairs"]} == pytest.approx(expected)
        shared = {
            (a, b): len({i["key"] for i in ROLES[a][d]} & {i["key"] for i in ROLES[b][d]})
            for a, b in itertools.combinations(ROLES, 2)
        }
        assert {(p["a"], p["b"]): p["shared"] for p in entry["pairs"]} == shared
        # ranked by similarity shrunk by support, s / (s + 2)
        ranks = [p["similarity"] * p["shared"] / (p["shared"] + 2) for p in entry["pairs"]]
        assert ranks == sorted(ranks, reverse=True)


def expected_fit(have: list[str]) -> list[tuple[str, Any, list[str], list[str]]]:
    """The README's fit of the bundled roles, from the YAML: (id, score, matched, missing) each, best
    first (see helpers.fit_scores for the score)."""
    keys = {item_key(h) for h in have}
    scores = fit_scores(DATA["roles"], "skills", keys)
    expected = []
    for role in DATA["roles"]:
        skills = role["skills"]
        score = scores[role["id"]]["score"]
        missing = sorted((i for i in skills if i["key"] not in keys), key=lambda i: -i["importance"])
        matched = [i["name"] for i in skills if i["key"] in keys]
        expected.append((role["id"], score, matched, names(missing)))
    expected.sort(key=lambda e: -e[1])
    return [(i, pytest.approx(score), m, x) for i, score, m, x in expected]


def fitted(result: list[dict[str, Any]]) -> list[tuple[str, float, list[str], list[str]]]:
    return [(e["id"], e["score"], e["matched"], e["missing"]) for e in result]


def test_fit_scores_by_hand() -> None:
    have = ["python", "SQL", "Statistics", "Data  visualization"]
    result = json_output("fit", *have)
    assert fitted(result) == expected_fit(have)
    # by hand for the data scientist: the four are core skills of it (5 each), over the importance of
    # all its skills, and it has all four of them
    assert result[0]["id"] == "data-scientist"
    skills = ROLES["data-scientist"]["skills"]
    assert [i["importance"] for i in skills if i["key"] in {item_key(h) for h in have}] == [5, 5, 5, 5]
    assert result[0]["coverage"] == pytest.approx(20 / sum(i["importance"] for i in skills))
    assert result[0]["uses"] == 1.0


def test_fit_of_a_roles_own_skills_is_complete() -> None:
    result = json_output("fit", *names(ROLES["ml-engineer"]["skills"]))
    assert result[0]["id"] == "ml-engineer"
    assert (result[0]["coverage"], result[0]["uses"]) == (1.0, 1.0)
    assert result[0]["missing"] == []


def test_fit_warns_about_unknown_skills_and_still_ranks(tmp_path: Path) -> None:
    result = run("fit", "Pyton", "SQL", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == "warning: 'Pyton' is not an item of skills in this file; did you mean 'Python'?\n"
    assert len(json.loads(result.stdout)) == 3


def test_fit_reads_a_skills_file(tmp_path: Path) -> None:
    skills = tmp_path / "skills.txt"
    skills.write_text("# what I know\nPython\n\nSQL  # daily\n", encoding="utf-8")
    from_file = json_output("fit", "--skills-file", skills)
    assert fitted(from_file) == expected_fit(["Python", "SQL"])
    assert from_file == json_output("fit", "Python", "SQL")


def test_fit_reads_skills_from_standard_input() -> None:
    result = run(
        "fit", "--skills-file", "-", "--format", "json", input="# what I know\nPython\n\nSQL  # daily\n"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert fitted(json.loads(result.stdout)) == expected_fit(["Python", "SQL"])


def test_fit_adds_the_skills_of_a_file_to_those_named() -> None:
    result = run("fit", "Statistics", "--skills-file", "-", "--format", "json", input="Python\nSQL\n")
    assert result.exit_code == 0, result.stderr
    assert fitted(json.loads(result.stdout)) == expected_fit(["Statistics", "Python", "SQL"])


def test_fit_on_another_dimension_of_onet() -> None:
    data = raw(ONET_SMALL)
    result = json_output(
        "fit", "Python", "Microsoft Excel", "--dimension", "technology", "--data", ONET_SMALL
    )
    keys = {"python", "microsoft excel"}
    coverage = {
        r["id"]: sum(i["importance"] for i in r["technology"] if i["key"] in keys)
        / sum(i["importance"] for i in r["technology"])
        for r in data["roles"]
    }
    assert {e["id"]: e["coverage"] for e in result} == pytest.approx(coverage)
    expected = fit_scores(data["roles"], "technology", keys)
    assert {e["id"]: e["score"] for e in result} == pytest.approx(
        {k: v["score"] for k, v in expected.items()}
    )


def test_similar() -> None:
    result = json_output("similar", "ds", "--method", "jaccard")
    expected = []
    for other in ("ml-engineer", "ai-engineer"):
        per = {d: weighted_jaccard(ROLES["data-scientist"][d], ROLES[other][d]) for d in DATA["dimensions"]}
        shared = sum(
            len({i["key"] for i in ROLES["data-scientist"][d]} & {i["key"] for i in ROLES[other][d]})
            for d in DATA["dimensions"]
        )
        expected.append((other, sum(per.values()) / len(per), shared, per))
    expected.sort(key=lambda e: -e[1])
    assert [(e["id"], e["similarity"], e["shared"], e["dimensions"]) for e in result] == [
        (i, pytest.approx(s), n, pytest.approx(p)) for i, s, n, p in expected
    ]


@pytest.mark.slow
def test_similar_on_onet_is_related_occupations() -> None:
    data = raw(ONET)
    target = next(r for r in data["roles"] if r["id"] == "statisticians")
    scores = sorted(
        (
            (-weighted_jaccard(target["skills"], r["skills"]), index, r["id"])
            for index, r in enumerate(data["roles"])
            if r["id"] != "statisticians"
        )
    )
    result = json_output(
        "similar", "statisticians", "--data", ONET, "-d", "skills", "--top", "5", "--method", "jaccard"
    )
    assert [(e["id"], e["similarity"]) for e in result] == [(i, pytest.approx(-s)) for s, _, i in scores[:5]]


def test_search() -> None:
    term = "model"
    expected = []
    for role in DATA["roles"]:
        fields = [
            ("name", role["name"]),
            *(("alias", a) for a in role["aliases"]),
            ("summary", role["summary"]),
        ]
        fields += [(d, i["name"]) for d in DATA["dimensions"] for i in role[d]]
        expected += [{"id": role["id"], "field": f, "text": t} for f, t in fields if term in t.casefold()]
    assert json_output("search", "MODEL") == expected
    assert len(expected) > 10


def test_validate() -> None:
    result = json_output("validate")
    assert result == {"file": "roles.yaml (bundled)", "valid": True, "roles": 3, "problems": []}


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["show", "ds"],
        ["compare", "ds", "mle", "ai"],
        ["overlap"],
        ["fit", "Python"],
        ["similar", "ds"],
        ["search", "data"],
        ["validate"],
        ["overlap", "--data", ONET_SMALL],
        ["similar", "statisticians", "--data", ONET_SMALL],
    ],
)
def test_jq_reads_every_json_output(command: list[str | Path]) -> None:
    jq = pytest.importorskip("jq")  # the jq library itself, installed with the test extra
    result = run(*command, "--format", "json", env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert jq.compile("type").input_text(result.stdout).first() in ("array", "object")


def schema_validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    result = run("schema")
    assert result.exit_code == 0, result.stderr
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize(
    "path", [BUNDLED, ONET_SMALL, pytest.param(ONET, marks=pytest.mark.slow)], ids=lambda path: path.name
)
def test_the_schema_accepts_the_files_the_tool_reads(path: Path) -> None:
    assert list(schema_validator().iter_errors(yaml_data(path))) == []


def test_the_schema_refuses_what_the_tool_refuses() -> None:
    validator = schema_validator()
    bad = [
        {"roles": []},
        {"version": 2, "roles": [{"id": "a", "name": "A", "summary": "S", "focus": ["x"]}]},
        {"version": 1, "dimensions": ["skills"], "roles": [{"id": "Bad Id", "name": "A", "summary": "S"}]},
        {
            "version": 1,
            "dimensions": ["skills"],
            "roles": [{"id": "a", "name": "A", "summary": "S", "skills": [{"name": "x", "importance": 7}]}],
        },
        {"version": 1, "roles": [{"id": "a", "name": "A", "summary": "S", "skills": ["x"]}]},  # default four
        {
            "version": 1,
            "dimensions": ["skills"],
            "roles": [{"id": "a", "name": "A", "aliases": ["x$(touch f)"], "summary": "S", "skills": ["x"]}],
        },
    ]
    for document in bad:
        assert list(validator.iter_errors(document)), document
