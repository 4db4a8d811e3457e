"""The `roles` commands as a user runs them: stdout, stderr and exit codes, checked apart."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import (
    BUNDLED,
    MINIMAL,
    ONET,
    ONET_SMALL,
    by_importance,
    column,
    command_names,
    item_key,
    json_output,
    keeps_every_character,
    raw,
    run,
    squash,
    weighted_jaccard,
    write_yaml,
)

COMMANDS = command_names()


def bundled() -> dict[str, Any]:
    return raw(BUNDLED)


def names(role: dict[str, Any], dimension: str) -> list[str]:
    return [item["name"] for item in role[dimension]]


def keys(role: dict[str, Any], dimension: str) -> set[str]:
    return {item["key"] for item in role[dimension]}


def role_data(role_id: str) -> dict[str, Any]:
    return next(r for r in bundled()["roles"] if r["id"] == role_id)


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
    role = role_data("ai-engineer")
    shown = json_output("show", "ai-engineer")
    assert shown["dimensions"] == {
        dimension: [
            {"name": i["name"], "importance": i["importance"]} for i in by_importance(role[dimension])
        ]
        for dimension in bundled()["dimensions"]
    }
    assert [source["title"] for source in shown["sources"]] == [s["title"] for s in role["sources"]]
    # and the table a person reads has room for all of it
    result = run("show", "ai-engineer")
    assert result.exit_code == 0, result.stderr
    text = squash(result.stdout)
    for dimension in bundled()["dimensions"]:
        assert dimension in text
        for name in names(role, dimension):
            assert squash(name) in text
    for source in role["sources"]:
        assert squash(source["title"]) in text


def test_show_only_the_chosen_dimensions_in_any_case() -> None:
    role = role_data("data-scientist")
    shown = json_output("show", "DS", "--dimension", "Skills", "-d", "GOAL")
    assert list(shown["dimensions"]) == ["skills", "goal"]
    for dimension in ("skills", "goal"):
        assert [i["name"] for i in shown["dimensions"][dimension]] == [
            i["name"] for i in by_importance(role[dimension])
        ]
    # the table has a row for each chosen dimension and none for the others
    result = run("show", "DS", "--dimension", "Skills", "-d", "GOAL")
    assert result.exit_code == 0, result.stderr
    rows = set(re.findall(r"^│ (\w+) +│", result.stdout, flags=re.MULTILINE)) & set(bundled()["dimensions"])
    assert rows == {"skills", "goal"}


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


def test_compare_shows_the_similarity_of_each_dimension() -> None:
    ds, mle = role_data("data-scientist"), role_data("ml-engineer")
    expected = {d: weighted_jaccard(ds[d], mle[d]) for d in bundled()["dimensions"]}
    compared = json_output("compare", "ds", "mle", "--method", "jaccard")
    assert {d["dimension"]: d["similarity"] for d in compared["dimensions"]} == pytest.approx(expected)
    # the table shows each as a whole percentage, in the title of the dimension's matrix
    result = run("compare", "ds", "mle", "--method", "jaccard")
    for dimension, value in expected.items():
        assert value in (0, 1) or 0 < round(100 * value) < 100, (dimension, value)  # not >99% nor <1%
        assert f"\n{dimension}: {round(100 * value)}% similar\n" in result.stdout


def test_compare_needs_two_different_roles() -> None:
    one = run("compare", "ds")
    assert one.exit_code == 2
    assert one.stdout == ""
    assert "compare needs at least two roles" in one.stderr
    twice = run("compare", "ds", "data-scientist")
    assert twice.exit_code == 2
    assert "data-scientist is named twice" in twice.stderr


def rounding_file(tmp_path: Path) -> Path:
    """Two roles whose similarity is 249/250 in one dimension and 1/250 in the other.

    near: a has y0..y49 at 5 (250); b has y0..y48 at 5 and y49 at 4: 49 * 5 + 4 = 249 of 250.
    far: both have y0 at 1; b also has y1..y49 at 5 and z at 4: 1 of 1 + 49 * 5 + 4 = 250.
    """

    def items(*entries: tuple[str, int]) -> str:
        return "[" + ", ".join(f"{{name: {name}, importance: {weight}}}" for name, weight in entries) + "]"

    fives = [(f"y{n}", 5) for n in range(50)]
    return write_yaml(
        tmp_path,
        "version: 1\n"
        "dimensions: [near, far]\n"
        "roles:\n"
        f"  - {{id: a, name: A, summary: S., near: {items(*fives)}, far: {items(('y0', 1))}}}\n"
        f"  - {{id: b, name: B, summary: S., near: {items(*fives[:49], ('y49', 4))},"
        f" far: {items(('y0', 1), *fives[1:], ('z', 4))}}}\n",
    )


def test_a_near_match_is_never_shown_as_100_nor_a_slight_one_as_0_percent(tmp_path: Path) -> None:
    path = rounding_file(tmp_path)
    compared = json_output("compare", "a", "b", "--data", path, "--method", "jaccard")
    assert {d["dimension"]: d["similarity"] for d in compared["dimensions"]} == pytest.approx(
        {"near": 249 / 250, "far": 1 / 250}
    )
    # Rounded to whole percentages these would read 100% and 0%, which would say "the same" and
    # "nothing shared".
    table = run("compare", "a", "b", "--data", path, "--method", "jaccard")
    assert table.exit_code == 0, table.stderr
    assert "\nnear: >99% similar\n" in table.stdout
    assert "\nfar: <1% similar\n" in table.stdout
    assert "100%" not in table.stdout and " 0%" not in table.stdout
    pairs = run("overlap", "--data", path, "--method", "jaccard")
    assert pairs.exit_code == 0, pairs.stderr
    assert re.search(r"│ a\s+│ b\s+│\s+>99% │", pairs.stdout)
    assert re.search(r"│ a\s+│ b\s+│\s+<1% │", pairs.stdout)


# -- overlap --------------------------------------------------------------------------------------


def test_overlap_of_the_bundled_skills_lists_each_region_and_pair() -> None:
    roles = bundled()["roles"]
    sets = {r["id"]: keys(r, "skills") for r in roles}
    everyone = set.intersection(*sets.values())
    pairs = {
        (a["id"], b["id"]): weighted_jaccard(a["skills"], b["skills"])
        for a, b in itertools.combinations(roles, 2)
    }
    (skills,) = json_output("overlap", "--dimension", "skills", "--method", "jaccard")["dimensions"]
    regions = {tuple(g["roles"]): {item_key(name) for name in g["items"]} for g in skills["groups"]}
    assert regions[tuple(sets)] == everyone
    for role_id, items in sets.items():
        others = set.union(*(s for r, s in sets.items() if r != role_id))
        assert items - others  # every bundled role has skills of its own
        assert regions[(role_id,)] == items - others
    assert {(p["a"], p["b"]): p["similarity"] for p in skills["pairs"]} == pytest.approx(pairs)

    # The table: the "all" region's items, each role's own items, and each pair as a percentage.
    result = run("overlap", "--dimension", "skills", "--method", "jaccard")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    block = text.split("│ all ")[1].split("├")[0]
    assert {item_key(name) for name in re.findall(r"· ([^│]+?)\s+│", block)} == everyone
    for role_id, items in sets.items():
        others = set.union(*(s for r, s in sets.items() if r != role_id))
        for item in roles[list(sets).index(role_id)]["skills"]:
            if item["key"] in items - others:
                assert f"· {item['name']} " in text
    assert "skills: similarity" in text
    for (a, b), value in pairs.items():
        assert re.search(rf"│ {a}\s+│ {b}\s+│\s+{round(100 * value)}% │\s+\d+ │", text), (a, b)


@pytest.mark.slow
def test_overlap_stays_short_on_the_869_role_file() -> None:
    result = run("overlap", "--data", ONET, "--dimension", "skills", "--top", "5")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) < 40
    assert "skills: most shared items" in result.stdout
    assert "skills: most similar pairs" in result.stdout
    roles = raw(ONET)["roles"]
    pairs = len(roles) * (len(roles) - 1) // 2
    # the most shared skill of the file, counted here from the YAML
    counts = Counter(item["key"] for role in roles for item in role["skills"])
    # under each table, how many more it has: the items held by several roles, then the pairs
    held = sum(1 for n in counts.values() if n > 1)
    shared_table, pairs_table = result.stdout.split("skills: most similar pairs")
    assert shared_table.endswith(f"\n{held - 5:,} more items — use --top 0 for all\n\n")
    assert pairs_table.endswith(f"\n{pairs - 5:,} more pairs — use --top 0 for the best 10,000\n")
    spelled = {item["key"]: item["name"] for role in roles for item in role["skills"]}
    (top_key, count), (_, runner_up) = counts.most_common(2)
    assert count > runner_up  # one skill is the most shared: the test is not decided by a tie
    assert re.search(rf"│ {spelled[top_key]}\s+│\s+{count} │", result.stdout)
    (skills,) = json_output("overlap", "--data", ONET, "--dimension", "skills", "--top", "5")["dimensions"]
    assert skills["pair_count"] == pairs
    assert len(skills["pairs"]) == 5
    assert skills["most_shared"][0] == {"name": spelled[top_key], "roles": count}


def test_overlap_of_named_roles_only() -> None:
    named = ["statisticians", "database-architects"]
    result = json_output("overlap", *named, "--data", ONET_SMALL, "-d", "skills")
    assert result["roles"] == named
    (skills,) = result["dimensions"]
    assert {role for group in skills["groups"] for role in group["roles"]} == set(named)
    assert [(p["a"], p["b"]) for p in skills["pairs"]] == [tuple(named)]
    table = run("overlap", *named, "--data", ONET_SMALL, "-d", "skills")
    assert table.exit_code == 0, table.stderr
    assert "operations-research-analysts" not in table.stdout
    assert "statisticians" in table.stdout and "database-architects" in table.stdout


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
    assert "Baker (baker) vs Cook (cook)" in by_option.stdout
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


def test_the_commands_under_test_are_the_apps_commands() -> None:
    # The help tests below are parametrized over COMMANDS; were it short they would pass unrun.
    documented = {"list", "show", "compare", "overlap", "fit", "similar", "search", "validate", "schema"}
    assert set(COMMANDS) >= documented


def test_no_arguments_prints_help() -> None:
    result = run()
    text = result.stdout + result.stderr
    assert "Usage: roles" in text
    listed = re.findall(r"^  ([a-z-]+)  +\S", text.split("\nCommands:\n")[1], flags=re.MULTILINE)
    assert listed == COMMANDS


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


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["fit"], "error: give at least one skill, e.g. roles fit Python SQL Statistics\n"),
        (
            ["fit", "--format", "json"],
            "error: give at least one skill, e.g. roles fit Python SQL Statistics\n",
        ),
        (["search", ""], "error: give a term to search for, e.g. roles search python\n"),
        (
            ["search", "  ", "--format", "json"],
            "error: give a term to search for, e.g. roles search python\n",
        ),
    ],
    ids=["fit", "fit json", "search empty", "search blank json"],
)
def test_nothing_to_fit_or_search_for_is_a_usage_error(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message


def test_an_empty_skills_file_is_nothing_to_fit(tmp_path: Path) -> None:
    empty = tmp_path / "skills.txt"
    empty.write_text("# nothing yet\n\n", encoding="utf-8")
    for source in (["--skills-file", str(empty)], ["--skills-file", "-"]):
        result = run("fit", *source, input="")
        assert result.exit_code == 2, source
        assert result.stdout == ""
        assert result.stderr.startswith("error: give at least one skill")


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
    assert keeps_every_character(narrow.stdout, wide.stdout)


def test_readable_at_80_columns() -> None:
    result = run("compare", "ds", "mle", env={"COLUMNS": "80"})
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_whole_table_at_a_pinned_width(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL)
    result = run("compare", "baker", "cook", "--data", path, "--method", "jaccard", env={"COLUMNS": "60"})
    assert result.stdout == (
        "Baker (baker) vs Cook (cook)\n"
        "\n"
        "skills: 36% similar\n"
        "┌────────────────┬───────┬──────┐\n"
        "│ Item           │ baker │ cook │\n"
        "├────────────────┼───────┼──────┤\n"
        "│ shared by both │       │      │\n"
        "│ Ovens          │     5 │    2 │\n"
        "│ Timing         │     3 │    3 │\n"
        "├────────────────┼───────┼──────┤\n"
        "│ unique         │       │      │\n"
        "│ Kneading       │     3 │      │\n"
        "│ Knives         │       │    3 │\n"
        "└────────────────┴───────┴──────┘\n"
        "most alike in Timing, Ovens\n"
        "\n"
        "tasks: 33% similar\n"
        "┌────────────────┬───────┬──────┐\n"
        "│ Item           │ baker │ cook │\n"
        "├────────────────┼───────┼──────┤\n"
        "│ shared by both │       │      │\n"
        "│ Clean up       │     ● │    ● │\n"
        "├────────────────┼───────┼──────┤\n"
        "│ unique         │       │      │\n"
        "│ Bake bread     │     ● │      │\n"
        "│ Cook meals     │       │    ● │\n"
        "└────────────────┴───────┴──────┘\n"
        "most alike in Clean up\n"
        "\n"
        "importance: 5 core to 1 marginal · ●: the role has the item\n"
        "· similarity: importance-weighted Jaccard\n"
    )
