"""The `roles` commands as a user runs them: stdout, stderr and exit codes, checked apart."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import BUNDLED, MINIMAL, ONET, ONET_SMALL, run, write_yaml

COMMANDS = ["list", "show", "compare", "overlap"]


def bundled() -> dict[str, Any]:
    with BUNDLED.open(encoding="utf-8") as file:
        data: dict[str, Any] = yaml.safe_load(file)
    return data


def names(role: dict[str, Any], dimension: str) -> list[str]:
    return [item if isinstance(item, str) else item["name"] for item in role[dimension]]


def column(table: str, header: str) -> str:
    """The text of one column of a boxed table, its wrapped lines joined: what a reader sees there."""
    lines = table.splitlines()
    head = next(line for line in lines if f"│ {header} " in line)
    bars = [i for i, char in enumerate(head) if char == "│"]
    left = next(b for b in bars if head[b + 2 :].startswith(header))
    right = bars[bars.index(left) + 1]
    body = lines[lines.index(head) + 1 :]
    cells = [line[left + 1 : right].strip() for line in body if len(line) > right and line[left] in "│├"]
    return " ".join(cell for cell in cells if cell and not set(cell) <= {"─", "┼"})


def role_data(role_id: str) -> dict[str, Any]:
    return next(r for r in bundled()["roles"] if r["id"] == role_id)


def squash(text: str) -> str:
    """Table text with borders and wrapping removed, to look for words that a cell may have wrapped."""
    return " ".join(re.sub(r"[│┌┐└┘├┤┬┴┼─]", " ", text).split())


# -- list and show --------------------------------------------------------------------------------


def test_list_shows_every_role_with_aliases() -> None:
    result = run("list")
    assert result.exit_code == 0
    assert result.stderr == ""
    roles = bundled()["roles"]
    assert column(result.stdout, "ID").split() == [role["id"] for role in roles]
    assert column(result.stdout, "Name (aliases)") == " ".join(
        f"{role['name']} ({', '.join(role['aliases'])})" for role in roles
    )
    assert column(result.stdout, "Summary") == " ".join(" ".join(role["summary"].split()) for role in roles)


def test_show_lists_every_item_of_every_dimension_and_the_sources() -> None:
    result = run("show", "ai-engineer")
    assert result.exit_code == 0, result.stderr
    text = squash(result.stdout)
    role = role_data("ai-engineer")
    for dimension in bundled()["dimensions"]:
        assert dimension in text
        for name in names(role, dimension):
            assert squash(name) in text
    for source in role["sources"]:
        assert squash(source["title"]) in text


def test_show_only_the_chosen_dimensions_in_any_case() -> None:
    result = run("show", "DS", "--dimension", "Skills", "-d", "GOAL")
    assert result.exit_code == 0, result.stderr
    role = role_data("data-scientist")
    text = squash(result.stdout)
    assert all(squash(n) in text for n in names(role, "skills") + names(role, "goal"))
    assert not any(squash(n) in text for n in names(role, "tasks"))


def test_show_puts_each_items_importance_before_it() -> None:
    result = run("show", "ds", "-d", "skills")
    for item in role_data("data-scientist")["skills"]:
        assert re.search(rf"│ {item['importance']} {re.escape(item['name'])}\s+│", result.stdout), item
    assert "importance: 5 core to 1 marginal" in result.stdout


def test_show_aligns_decimal_importances(tmp_path: Path) -> None:
    result = run("show", "statisticians", "-d", "skills", "--data", ONET_SMALL)
    assert "│ 4.88 Mathematics " in result.stdout
    assert "│ 4.00 Reading Comprehension " in result.stdout


# -- compare --------------------------------------------------------------------------------------


def test_compare_marks_the_shared_items_without_colour() -> None:
    result = run("compare", "ds", "mle", "-d", "skills", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" not in result.stdout
    ds, mle = role_data("data-scientist"), role_data("ml-engineer")
    shared = set(names(ds, "skills")) & set(names(mle, "skills"))
    marked = set(re.findall(r"● ([^│]+?)\s+│", result.stdout))
    assert marked == shared
    assert "● shared by both" in result.stdout


def _weighted_jaccard(a: dict[str, Any], b: dict[str, Any], dimension: str) -> float:
    def weights(role: dict[str, Any]) -> dict[str, float]:
        return {
            (i if isinstance(i, str) else i["name"]).casefold(): (
                3 if isinstance(i, str) else i.get("importance", 3)
            )
            for i in role[dimension]
        }

    wa, wb = weights(a), weights(b)
    keys = wa.keys() | wb.keys()
    return sum(min(wa.get(k, 0), wb.get(k, 0)) for k in keys) / sum(
        max(wa.get(k, 0), wb.get(k, 0)) for k in keys
    )


def test_compare_shows_the_similarity_of_each_dimension() -> None:
    result = run("compare", "ds", "mle")
    ds, mle = role_data("data-scientist"), role_data("ml-engineer")
    for dimension in bundled()["dimensions"]:
        expected = round(100 * _weighted_jaccard(ds, mle, dimension))
        assert re.search(rf"│ {dimension}\s+│.*\n│ {expected}% similar", result.stdout), dimension


def test_compare_three_roles_marks_what_all_three_share() -> None:
    result = run("compare", "ds", "mle", "ai", "-d", "skills", env={"COLUMNS": "200"})
    roles = [role_data(r) for r in ("data-scientist", "ml-engineer", "ai-engineer")]
    shared = set.intersection(*(set(names(r, "skills")) for r in roles))
    assert set(re.findall(r"● ([^│]+?)\s+│", result.stdout)) == shared
    assert "● shared by all 3" in result.stdout


def test_compare_needs_two_different_roles() -> None:
    one = run("compare", "ds")
    assert one.exit_code == 2
    assert one.stdout == ""
    assert "compare needs at least two roles" in one.stderr
    twice = run("compare", "ds", "data-scientist")
    assert twice.exit_code == 2
    assert "data-scientist is named twice" in twice.stderr


# -- overlap --------------------------------------------------------------------------------------


def test_overlap_of_the_bundled_skills_lists_each_region_and_pair() -> None:
    result = run("overlap", "--dimension", "skills")
    assert result.exit_code == 0, result.stderr
    roles = bundled()["roles"]
    sets = {r["id"]: set(names(r, "skills")) for r in roles}
    everyone = set.intersection(*sets.values())
    text = result.stdout
    block = text.split("│ all ")[1].split("├")[0]
    assert set(re.findall(r"· ([^│]+?)\s+│", block)) == everyone
    for role_id, items in sets.items():
        others = set.union(*(s for r, s in sets.items() if r != role_id))
        only = text.split(f"│ {role_id:<15}")[0]  # the row "only / <id>" starts one line above
        assert only
        for item in items - others:
            assert f"· {item}" in text
    assert "skills: similarity" in text
    for a, b in [
        ("data-scientist", "ml-engineer"),
        ("data-scientist", "ai-engineer"),
        ("ml-engineer", "ai-engineer"),
    ]:
        pct = round(100 * _weighted_jaccard(role_data(a), role_data(b), "skills"))
        assert re.search(rf"│ {a}\s+│ {b}\s+│\s+{pct}% │", text), (a, b)


def test_overlap_stays_short_on_the_869_role_file() -> None:
    result = run("overlap", "--data", ONET, "--dimension", "skills", "--top", "5")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) < 40
    assert "skills: most shared items" in result.stdout
    assert "skills: most similar pairs" in result.stdout
    with ONET.open(encoding="utf-8") as file:
        raw = yaml.safe_load(file)["roles"]
    pairs = len(raw) * (len(raw) - 1) // 2
    assert f"skills: showing the 5 most similar of {pairs:,} pairs (--top 5)" in result.stdout
    # the most shared skill of the file, counted here from the YAML
    counts: dict[str, int] = {}
    for role in raw:
        for item in role["skills"]:
            counts[item["name"]] = counts.get(item["name"], 0) + 1
    name, count = max(counts.items(), key=lambda kv: kv[1])
    assert re.search(rf"│ {name}\s+│\s+{count} │", result.stdout)


def test_overlap_of_named_roles_only() -> None:
    result = run("overlap", "statisticians", "database-architects", "--data", ONET_SMALL, "-d", "skills")
    assert result.exit_code == 0, result.stderr
    assert "operations-research-analysts" not in result.stdout
    assert "statisticians" in result.stdout and "database-architects" in result.stdout


# -- naming roles, dimensions and files --------------------------------------------------------


def test_unknown_role_is_an_error_with_a_suggestion_and_no_output() -> None:
    result = run("show", "dss")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "error: unknown role 'dss' — did you mean 'ds' (Data Scientist)?\n"


@pytest.mark.parametrize("command", [["show", "ds"], ["compare", "ds", "mle"], ["overlap"]])
def test_unknown_dimension_is_a_usage_error_naming_the_valid_ones(command: list[str]) -> None:
    result = run(*command, "--dimension", "salary")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "error: unknown dimension 'salary'; this file has: focus, skills, tasks, goal\n"


def test_data_option_after_the_command_and_roles_data_variable(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL)
    by_option = run("compare", "baker", "cook", "--data", path)
    by_env = run("compare", "baker", "cook", env={"ROLES_DATA": str(path)})
    assert by_option.exit_code == by_env.exit_code == 0
    assert "Baker vs Cook" in by_option.stdout
    assert by_option.stdout == by_env.stdout


def test_a_bad_file_names_file_and_line_and_prints_nothing(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL.replace("[Bake bread, Clean up]", "[Bake bread, no]"))
    result = run("list", "--data", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f'{path}:9: baker: tasks: item 2 must be a string, got a boolean (write "no" in quotes)\n'
    )


def test_many_problems_are_capped_with_a_pointer_to_validate(tmp_path: Path) -> None:
    items = ", ".join(str(n) for n in range(30))
    path = write_yaml(tmp_path, MINIMAL.replace("[Bake bread, Clean up]", f"[{items}]"))
    result = run("list", "--data", path)
    lines = result.stderr.splitlines()
    assert result.exit_code == 1
    assert len(lines) == 21
    assert lines[-1] == "... and 10 more problems (roles validate FILE lists them all)"


def test_missing_data_file(tmp_path: Path) -> None:
    result = run("list", "--data", tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'nope.yaml'}: no such file; check the path\n"


# -- help and version ----------------------------------------------------------------------------


def test_no_arguments_prints_help() -> None:
    result = run()
    assert "Usage: roles" in result.stdout + result.stderr
    assert all(command in result.stdout + result.stderr for command in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_every_command_has_help_with_an_example(command: str, flag: str) -> None:
    result = run(command, flag)
    assert result.exit_code == 0
    assert f"Usage: roles {command}" in result.stdout
    assert re.search(rf"Examples?:\n\s+roles {command}\b", result.stdout)


def test_version() -> None:
    from roles_cli import __version__

    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"roles {__version__}\n"


def test_unknown_option_is_a_usage_error() -> None:
    result = run("show", "ds", "--bogus")
    assert result.exit_code == 2
    assert "No such option: --bogus" in result.stderr
    assert result.stdout == ""


# -- rendering ------------------------------------------------------------------------------------


HOSTILE = (
    MINIMAL.replace("Kneading", "'[/]'")
    .replace("Timing", "'C++ [advanced]'")
    .replace("Bake bread", "'[bold red]loud[/] :smile:'")
)


def test_data_is_printed_as_text_never_as_markup(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, HOSTILE)
    result = run("show", "baker", "--data", path)
    assert result.exit_code == 0, result.stderr
    for literal in ("[/]", "C++ [advanced]", "[bold red]loud[/] :smile:"):
        assert literal in result.stdout


@pytest.mark.parametrize(
    "command", [["list"], ["show", "ml-engineer"], ["compare", "ds", "mle", "ai"], ["overlap"]]
)
def test_narrow_terminal_wraps_and_never_cuts_with_an_ellipsis(command: list[str]) -> None:
    wide = run(*command, env={"COLUMNS": "200"})
    narrow = run(*command, env={"COLUMNS": "40"})
    assert narrow.exit_code == 0, narrow.stderr
    assert "…" not in narrow.stdout
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 40
    # Every character of the wide rendering is still there, perhaps on another line.
    assert Counter(squash(narrow.stdout).replace(" ", "")) == Counter(squash(wide.stdout).replace(" ", ""))


def test_readable_at_80_columns() -> None:
    result = run("compare", "ds", "mle", env={"COLUMNS": "80"})
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_whole_table_at_a_pinned_width(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL)
    result = run("compare", "baker", "cook", "--data", path, env={"COLUMNS": "60"})
    assert result.stdout == (
        "Baker vs Cook\n"
        "┌─────────────┬──────────────┬──────────────┐\n"
        "│             │ Baker        │ Cook         │\n"
        "├─────────────┼──────────────┼──────────────┤\n"
        "│ skills      │ ● Ovens      │ ● Ovens      │\n"
        "│ 36% similar │ ● Timing     │ ● Timing     │\n"
        "│             │ · Kneading   │ · Knives     │\n"
        "├─────────────┼──────────────┼──────────────┤\n"
        "│ tasks       │ ● Clean up   │ ● Clean up   │\n"
        "│ 33% similar │ · Bake bread │ · Cook meals │\n"
        "└─────────────┴──────────────┴──────────────┘\n"
        "● shared by both · similarity: importance-weighted Jaccard\n"
    )
