"""One vocabulary across commands: --top, repeatable --dimension, validate's formats, --data anywhere."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import (
    BUNDLED,
    MINIMAL,
    ONET,
    ONET_SMALL,
    complete,
    json_output,
    raw,
    run,
    write_yaml,
)
from tests.test_analysis import REFUSALS, _generated

# -- --top: 10 for people, everything for machines, 0 for all ---------------------------------------------

SMALL_PAIRS = 8 * 7 // 2  # ONET_SMALL has 8 roles


def shared_by_several(path: Path, dimension: str) -> int:
    holders: dict[str, int] = {}
    for role in raw(path)["roles"]:
        for item in role[dimension]:
            holders[item["key"]] = holders.get(item["key"], 0) + 1
    return sum(1 for count in holders.values() if count > 1)


def test_overlap_json_gives_every_pair_and_shared_item_unless_top_is_given() -> None:
    result = json_output("overlap", "--data", ONET_SMALL, "-d", "skills")
    (skills,) = result["dimensions"]
    assert skills["pair_count"] == SMALL_PAIRS
    assert len(skills["pairs"]) == SMALL_PAIRS > 10
    assert len(skills["most_shared"]) == shared_by_several(ONET_SMALL, "skills")
    ids = [role["id"] for role in raw(ONET_SMALL)["roles"]]
    assert {(p["a"], p["b"]) for p in skills["pairs"]} == set(itertools.combinations(ids, 2))


def test_overlap_json_top_3_gives_3_pairs() -> None:
    (skills,) = json_output("overlap", "--data", ONET_SMALL, "-d", "skills", "--top", "3")["dimensions"]
    assert len(skills["pairs"]) == 3 and len(skills["most_shared"]) == 3
    assert skills["pair_count"] == SMALL_PAIRS


def pair_rows(stdout: str) -> list[str]:
    section = stdout.split("skills: most similar pairs")[-1].split("skills: similarity")[-1]
    return [line for line in section.splitlines() if re.search(r"\d+%\s*│\s*\d+\s*│$", line)]


def test_overlap_table_shows_10_pairs_by_default_and_all_with_top_0() -> None:
    default = run("overlap", "--data", ONET_SMALL, "-d", "skills", env={"COLUMNS": "200"})
    assert len(pair_rows(default.stdout)) == 10
    # right under the pairs, how many more there are and how to see them
    assert default.stdout.endswith(f"\n{SMALL_PAIRS - 10} more pairs — use --top 0 for all\n")
    everything = run("overlap", "--data", ONET_SMALL, "-d", "skills", "--top", "0", env={"COLUMNS": "200"})
    assert len(pair_rows(everything.stdout)) == SMALL_PAIRS
    assert "more pairs" not in everything.stdout


def test_overlap_markdown_is_cut_like_the_table() -> None:
    result = run("overlap", "--data", ONET_SMALL, "-d", "skills", "--format", "markdown")
    section = result.stdout.split("most similar pairs")[1]
    assert len([line for line in section.splitlines() if line.startswith("| ") and "%" in line]) == 10


def test_fit_and_similar_give_every_role_to_machines_and_10_to_people() -> None:
    count = len(raw(ONET)["roles"])
    assert len(json_output("fit", "Python", "--data", ONET)) == count
    assert len(json_output("similar", "statisticians", "--data", ONET)) == count - 1
    rows = list(
        csv.DictReader(io.StringIO(run("similar", "statisticians", "--data", ONET, "-f", "csv").stdout))
    )
    assert len(rows) == count - 1
    assert len(json_output("fit", "Python", "--data", ONET, "--top", "3")) == 3
    assert len(json_output("similar", "statisticians", "--data", ONET, "--top", "0")) == count - 1
    table = run("similar", "statisticians", "--data", ONET, env={"COLUMNS": "200"}).stdout
    ranks = [line.split("│")[1].strip() for line in table.splitlines() if re.match(r"│\s*\d+\s*│", line)]
    assert ranks == [str(n) for n in range(1, 11)]


def test_overlap_of_more_pairs_than_are_listed_says_how_many_the_best_are(tmp_path: Path) -> None:
    """12,720 pairs: --top 0 lists the best 10,000 (MAX_PAIRS), and the line under the table says so."""
    path = tmp_path / "many.yaml"
    path.write_text(_generated(160, 1), encoding="utf-8")
    pairs = 160 * 159 // 2
    default = run("overlap", "--data", path, "-d", "skills")
    assert default.stdout.endswith(f"\n{pairs - 10:,} more pairs — use --top 0 for the best 10,000\n")
    every = run("overlap", "--data", path, "-d", "skills", "--top", "0", "-f", "markdown")
    assert f"{pairs - 10_000:,} more pairs — only the best 10,000 are listed" in every.stdout
    assert len(json_output("overlap", "--data", path, "-d", "skills")["dimensions"][0]["pairs"]) == 10_000


@pytest.mark.parametrize("command", ["overlap", "fit", "similar"])
def test_help_says_the_top_default_per_format(command: str) -> None:
    text = " ".join(run(command, "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "Default: 10 in a table or Markdown, all in JSON or CSV." in text
    assert "(0: all)" in text


# -- --dimension, repeatable in fit ----------------------------------------------------------------------


def test_fit_with_two_dimensions_scores_their_items_together(tmp_path: Path) -> None:
    data = write_yaml(tmp_path, MINIMAL)
    have = ["Ovens", "Clean up"]
    ranking = json_output("fit", *have, "-d", "skills", "-d", "TASKS", "--data", data)
    expected: dict[str, float] = {}
    for role in raw(data)["roles"]:
        items = role["skills"] + role["tasks"]
        total = sum(i["importance"] for i in items)
        expected[role["id"]] = sum(i["importance"] for i in items if i["name"] in have) / total
    assert {entry["id"]: entry["coverage"] for entry in ranking} == pytest.approx(expected)
    assert ranking[0]["matched"] == ["Ovens", "Clean up"]
    assert "Bake bread" in ranking[0]["missing"]  # a task to learn, beside the skills


def test_fit_counts_an_item_in_two_dimensions_once_at_its_highest_importance(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "tasks: [Bake bread, Clean up]", "tasks: [Bake bread, {name: ovens, importance: 1}]"
    )
    data = write_yaml(tmp_path, text)
    baker = json_output("fit", "Kneading", "-d", "skills", "-d", "tasks", "--data", data)
    score = {entry["id"]: entry for entry in baker}["baker"]
    # skills: Kneading 3, Ovens 5, Timing 3; tasks: Bake bread 3, ovens (again) -> 3 / (3 + 5 + 3 + 3)
    assert score["coverage"] == pytest.approx(3 / 14)
    assert score["missing"].count("Ovens") == 1 and "ovens" not in score["missing"]


def test_fit_warns_about_items_of_none_of_the_dimensions(tmp_path: Path) -> None:
    result = run("fit", "Ovns", "-d", "skills", "-d", "tasks", "--data", write_yaml(tmp_path, MINIMAL))
    assert result.exit_code == 0
    assert (
        "warning: 'Ovns' is not an item of skills or tasks in this file; did you mean 'Ovens'?"
        in result.stderr
    )
    assert "how well your skills and tasks fit them" in result.stdout


def test_fit_python_api_keeps_dimension_and_takes_dimensions(tmp_path: Path) -> None:
    import roles_cli

    roles = roles_cli.load_roles(write_yaml(tmp_path, MINIMAL))
    one = roles_cli.fit(roles, ["Clean up"], dimension="tasks")
    assert one.dimension == "tasks" and one.ranking[0].coverage == pytest.approx(3 / 6)
    two = roles_cli.fit(roles, ["Clean up"], dimensions=["skills", "tasks"])
    assert two.dimensions == ("skills", "tasks")
    assert {e.role.id: e.coverage for e in two.ranking} == pytest.approx({"baker": 3 / 17, "cook": 3 / 14})


# -- validate through the renderers ------------------------------------------------------------------------

BROKEN = MINIMAL.replace("[Bake bread, Clean up]", "[Bake bread, no]")


def test_validate_csv_is_one_row_per_problem_and_still_exits_1(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, BROKEN)
    result = run("validate", path, "--format", "csv")
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows == [
        {
            "file": str(path),
            "line": "9",
            "column": "",
            "severity": "error",
            "message": 'baker: tasks: item 2 must be a string, got a boolean (write "no" in quotes)',
        }
    ]


def test_validate_markdown_is_a_table_with_the_verdict(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, BROKEN)
    result = run("validate", path, "--format", "markdown")
    assert "| Line | Severity | Message |" in result.stdout
    assert "| 9 | error | baker: tasks: item 2 must be a string" in result.stdout
    assert result.stdout.rstrip().endswith("invalid (1 error)")


def test_validate_save_writes_what_it_prints(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, BROKEN)
    printed = run("validate", path, "--save", tmp_path / "report.txt")
    assert printed.exit_code == 1
    assert printed.stdout == (
        f'{path}:9: baker: tasks: item 2 must be a string, got a boolean (write "no" in quotes)\n'
        f"{path}: invalid (1 error)\n"
    )
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == printed.stdout
    assert run("validate", path, "--save", tmp_path / "report.svg").exit_code == 1
    root = ElementTree.parse(tmp_path / "report.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "must be a string" in "".join(root.itertext()).replace("\xa0", " ")


def test_validate_lines_are_never_wrapped(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, BROKEN)
    lines = run("validate", path, env={"COLUMNS": "30"}).stdout.splitlines()
    assert lines[0].startswith(f"{path}:9: ") and lines[0].endswith('(write "no" in quotes)')


# -- --data before the command ---------------------------------------------------------------------------


def ids_listed(result: Any) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return [row["id"] for row in csv.DictReader(io.StringIO(result.stdout))]


SMALL_IDS = [role["id"] for role in raw(ONET_SMALL)["roles"]]
BUNDLED_IDS = [role["id"] for role in raw(BUNDLED)["roles"]]


def test_data_before_the_command_is_the_same_as_after() -> None:
    before = run("--data", ONET_SMALL, "list", "-f", "csv")
    after = run("list", "--data", ONET_SMALL, "-f", "csv")
    assert before.stdout == after.stdout
    assert ids_listed(before) == SMALL_IDS


def test_the_commands_own_data_wins_and_both_win_over_roles_data(tmp_path: Path) -> None:
    assert ids_listed(run("--data", ONET_SMALL, "list", "--data", BUNDLED, "-f", "csv")) == BUNDLED_IDS
    env = {"ROLES_DATA": str(BUNDLED)}
    assert ids_listed(run("--data", ONET_SMALL, "list", "-f", "csv", env=env)) == SMALL_IDS
    assert ids_listed(run("list", "--data", ONET_SMALL, "-f", "csv", env=env)) == SMALL_IDS
    assert ids_listed(run("list", "-f", "csv", env={"ROLES_DATA": str(ONET_SMALL)})) == SMALL_IDS


def test_data_before_validate_checks_that_file(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, BROKEN)
    result = run("--data", path, "validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == f"{path}: invalid (1 error)"


def test_completion_reads_the_data_given_before_the_command() -> None:
    offered = complete(f"roles --data {ONET_SMALL} show data")
    assert offered == ["database-architects", "data-warehousing-specialists"]


@pytest.mark.parametrize(("limit", "value", "message"), REFUSALS)
def test_overlap_of_roles_too_many_or_too_alike_stops_with_a_message_unless_named(
    limit: str, value: int, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roles_cli import pairs

    monkeypatch.setattr(pairs, limit, value)
    path = tmp_path / "wide.yaml"
    path.write_text(_generated(160, 1), encoding="utf-8")
    for fmt in ("table", "json"):
        result = run("overlap", "--data", path, "-f", fmt)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: {message}\n")
    named = run("overlap", "r1", "r2", "r3", "--data", path, "-f", "json")
    assert named.exit_code == 0
    pairs_named = json.loads(named.stdout)["dimensions"][0]["pairs"]
    assert sorted(sorted((p["a"], p["b"])) for p in pairs_named) == [["r1", "r2"], ["r1", "r3"], ["r2", "r3"]]
