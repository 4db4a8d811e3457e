"""Finding roles and items: search and list TERM, long answers cut for people, names typed loosely."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from tests.helpers import (
    BUNDLED,
    MINIMAL,
    ONET_SMALL,
    by_importance,
    json_output,
    raw,
    run,
    write_yaml,
)

MORE = re.compile(r"^([\d,]+) more (\w+) — use --top 0 for all$", flags=re.MULTILINE)


def matches_of(path: Path, term: str, dimensions: list[str] | None = None) -> list[tuple[str, str, str]]:
    """(role, field, text) of every name, alias, summary and item containing `term`, from the YAML."""
    data = raw(path)
    folded = term.casefold()
    found = []
    for role in data["roles"]:
        fields = [] if dimensions else [("name", role["name"])]
        if not dimensions:
            fields += [("alias", alias) for alias in role.get("aliases", [])] + [("summary", role["summary"])]
        fields += [(d, item["name"]) for d in dimensions or data["dimensions"] for item in role[d]]
        found += [(role["id"], field, text) for field, text in fields if folded in text.casefold()]
    return found


# -- search ---------------------------------------------------------------------------------------


def test_a_long_search_shows_ten_matches_then_how_many_more() -> None:
    expected = matches_of(ONET_SMALL, "data")
    assert len(expected) > 10  # the test needs a long answer
    result = run("search", "data", "--data", ONET_SMALL, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert MORE.findall(result.stdout) == [(f"{len(expected) - 10:,}", "matches")]
    assert result.stdout.splitlines()[-1].startswith(f"{len(expected) - 10}")  # under the table
    # scripts get every match, unless they ask for fewer
    assert len(json_output("search", "data", "--data", ONET_SMALL)) == len(expected)
    assert len(json_output("search", "data", "--data", ONET_SMALL, "--top", "3")) == 3
    every = run("search", "data", "--data", ONET_SMALL, "--top", "0", env={"COLUMNS": "200"})
    assert not MORE.search(every.stdout)
    fields = "|".join(["name", "alias", "summary", *raw(ONET_SMALL)["dimensions"]])
    assert len(re.findall(rf"│ ({fields}) +│", every.stdout)) == len(expected)  # a row each


def test_search_csv_is_complete_and_markdown_is_cut_like_the_table() -> None:
    expected = matches_of(ONET_SMALL, "data")
    rows = list(csv.DictReader(io.StringIO(run("search", "data", "--data", ONET_SMALL, "-f", "csv").stdout)))
    assert [(r["id"], r["field"], r["text"]) for r in rows] == expected
    markdown = run("search", "data", "--data", ONET_SMALL, "-f", "markdown").stdout
    assert len([line for line in markdown.splitlines() if line.startswith("| ") and "---" not in line]) == 11
    assert f"{len(expected) - 10} more matches — use --top 0 for all" in markdown


def test_search_only_in_a_dimension() -> None:
    expected = matches_of(BUNDLED, "model", ["skills", "goal"])
    found = json_output("search", "model", "-d", "skills,goal")
    assert [(m["id"], m["field"], m["text"]) for m in found] == expected
    assert {m["field"] for m in found} <= {"skills", "goal"}


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv"])
def test_a_search_that_finds_nothing_says_so_and_exits_1_as_grep_does(fmt: str) -> None:
    result = run("search", "zebra", "--format", fmt)
    assert result.exit_code == 1
    assert result.stderr == "no match for 'zebra' in roles.yaml (bundled)\n"
    # nothing for people to read on stdout, an empty answer for scripts
    assert result.stdout == {"table": "", "markdown": "", "json": "[]\n", "csv": "id,field,text\n"}[fmt]


def test_a_search_in_a_dimension_that_finds_nothing_names_the_dimension() -> None:
    result = run("search", "Python", "-d", "goal")
    assert result.exit_code == 1
    assert result.stderr == "no match for 'Python' in the goal of roles.yaml (bundled)\n"


# -- list ---------------------------------------------------------------------------------------------


def test_list_takes_a_term_and_shows_the_roles_that_match_it() -> None:
    roles = raw(BUNDLED)["roles"]
    term = "ENGINEER"
    wanted = [
        r["id"]
        for r in roles
        if any(
            term.casefold() in text.casefold() for text in (r["id"], r["name"], *r["aliases"], r["summary"])
        )
    ]
    assert 0 < len(wanted) < len(roles)
    assert [r["id"] for r in json_output("list", term)] == wanted
    table = run("list", term)
    assert table.stdout.startswith(
        f"{len(wanted)} of {len(roles)} roles in roles.yaml (bundled) match 'ENGINEER'"
    )
    nothing = run("list", "zebra")
    assert (nothing.exit_code, nothing.stdout) == (1, "")
    assert nothing.stderr == "no role in roles.yaml (bundled) matches 'zebra'\n"


def test_an_empty_term_is_a_usage_error_that_says_what_to_give() -> None:
    result = run("list", " ")
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr
        == "error: give a term the roles must contain, e.g. roles list engineer (or no term for every role)\n"
    )


def test_a_long_list_shows_ten_roles_then_how_many_more(tmp_path: Path) -> None:
    roles = "".join(
        f"  - {{id: r{n}, name: Role {n}, summary: S, skills: [x], tasks: [y]}}\n" for n in range(1, 15)
    )
    path = write_yaml(tmp_path, f"version: 1\ndimensions: [skills, tasks]\nroles:\n{roles}")
    result = run("list", "--data", path)
    assert re.findall(r"^│ (r\d+) ", result.stdout, flags=re.MULTILINE) == [f"r{n}" for n in range(1, 11)]
    assert result.stdout.endswith("\n4 more roles — use --top 0 for all\n")
    assert len(json_output("list", "--data", path)) == 14
    one_more = run("list", "--data", path, "--top", "13")
    assert one_more.stdout.endswith("\n1 more role — use --top 0 for all\n")


# -- show -----------------------------------------------------------------------------------------------


def test_show_lists_each_dimension_most_important_first() -> None:
    role = next(r for r in raw(BUNDLED)["roles"] if r["id"] == "ai-engineer")
    assert by_importance(role["skills"]) != role["skills"]  # the file's order is another one
    text = run("show", "ai", "-d", "skills").stdout
    shown = re.findall(r"│ ([1-5]) (\S.*?)\s+│$", text, flags=re.MULTILINE)
    assert shown == [(str(i["importance"]), i["name"]) for i in by_importance(role["skills"])]


# -- naming roles and dimensions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["ml engineer", "ML-Engineer", "machine learning engineer", "Machine-Learning Engineer"]
)
def test_spaces_and_hyphens_are_alike_in_a_role_name(name: str) -> None:
    assert json_output("show", name)["id"] == "ml-engineer"


def test_two_roles_whose_names_differ_only_by_a_hyphen_are_an_error(tmp_path: Path) -> None:
    path = write_yaml(
        tmp_path,
        MINIMAL.replace("aliases: [b]", "aliases: [pastry cook]").replace("id: cook", "id: pastry-cook"),
    )
    result = run("list", "--data", path)
    assert result.exit_code == 1
    assert "pastry-cook: id 'pastry-cook'" in result.stderr
    assert "spaces and hyphens are alike" in result.stderr


def test_dimensions_separated_by_commas_are_several_dimensions() -> None:
    shown = json_output("show", "ds", "-d", "skills,GOAL", "-d", "tasks")
    assert list(shown["dimensions"]) == ["skills", "goal", "tasks"]
    assert json_output("compare", "ds", "mle", "-d", "focus, goal")["dimensions"][1]["dimension"] == "goal"
