"""Messages for people who write their own roles file, and for people who read `roles --help`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from roles_cli import check_roles
from tests.helpers import FIXTURES, ROLE, one_problem, problems, run, write_yaml

TWO_SPELLINGS = (FIXTURES / "two-spellings.yaml").read_text(encoding="utf-8")


def test_spelling_warnings_appear_once_when_another_command_first_reads_the_file(tmp_path: Path) -> None:
    # A file of its own, so that no other test has put it in the cache.
    path = write_yaml(tmp_path, TWO_SPELLINGS + "# a copy\n", "mine.yaml")
    every = run("validate", path)
    warned = [line for line in every.stdout.splitlines() if ": warning: " in line]
    assert len(warned) > 1
    first = run("list", "--data", path)
    assert first.exit_code == 0 and first.stdout
    # one line, briefly: the first of them, how many more, and where to see them all
    line, count = warned[0].replace(": warning: ", ": ", 1), len(warned) - 1
    assert first.stderr == (
        f"warning: {line.split(';')[0]}, and {count} more items spelled two ways; roles validate {path} lists them\n"
    )
    again = run("show", "analyst", "--data", path)
    assert (again.exit_code, again.stderr) == (0, "")


def test_a_file_without_such_items_reads_quietly(tmp_path: Path) -> None:
    path = write_yaml(
        tmp_path,
        TWO_SPELLINGS.replace("visualisation", "visualization")
        .replace("Time series", "Time-series")
        .replace("Spreadsheet]", "Spreadsheets]"),
        "fixed.yaml",
    )
    assert "warning" not in run("validate", path).stdout
    result = run("list", "--data", path)
    assert (result.exit_code, result.stderr) == (0, "")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('version: "1"\n', "version is the text '1'; write the number, without quotes: 'version: 1'"),
        ("version: 1\n", "no role has focus, tasks or goal:"),
    ],
)
def test_people_writing_their_first_file_are_told_how_to_fix_it(
    tmp_path: Path, text: str, message: str
) -> None:
    body = "roles:\n  - {id: a, name: A, summary: S, skills: [Python]}\n"
    if text.startswith('version: "1"'):
        body = "dimensions: [skills]\n" + body
    path = write_yaml(tmp_path, text + body)
    result = run("list", "--data", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert re.match(rf"{re.escape(str(path))}:\d+: {re.escape(message)}", line)


# -- the slips of a first file, as the library reports them ---------------------------------------------


@pytest.mark.parametrize("version", ["'1'", '"1"', '" 1"'])
def test_a_quoted_version_says_to_write_the_number(version: str) -> None:
    assert one_problem(ROLE.replace("version: 1", f"version: {version}")) == (
        f"f.yaml:1: version is the text {repr(version.strip(chr(34) + chr(39)))}; write the number, without"
        " quotes: 'version: 1'"
    )


SKILLS_ONLY = """\
version: 1
roles:
  - id: analyst
    name: Analyst
    summary: Looks at numbers.
    skills: [Python, SQL]
    technology: [Excel]
  - id: clerk
    name: Clerk
    summary: Files things.
    skills: [Excel]
"""


def test_a_file_of_skills_alone_gets_one_hint_to_declare_its_dimensions() -> None:
    assert problems(SKILLS_ONLY) == [
        "f.yaml:3: no role has focus, tasks or goal: a file without 'dimensions:' needs focus, skills, tasks,"
        " goal in every role; declare the ones this file uses instead: add 'dimensions: [skills, technology]'"
        " after 'version: 1'",
        # read with the dimensions the roles use: what one of them lacks, not what all of them lack
        "f.yaml:8: clerk: 'technology' is missing; every role needs skills, technology",
    ]
    # and the advice works
    declared = SKILLS_ONLY.replace("version: 1\n", "version: 1\ndimensions: [skills, technology]\n")
    roles, found = check_roles(declared.replace("skills: [Excel]", "skills: [Excel]\n    technology: [Word]"))
    assert roles is not None and found == []


def test_a_dimension_misspelt_in_every_role_is_still_pointed_out_role_by_role() -> None:
    four = ROLE.replace("dimensions: [skills]\n", "").replace(
        "skills: [x]", "focus: [f]\n    skils: [x]\n    tasks: [t]\n    goal: [g]"
    )
    assert problems(four) == [
        "f.yaml:3: a: 'skills' is missing; every role needs focus, skills, tasks, goal",
        "f.yaml:7: a: unknown key 'skils'; did you mean 'skills'?",
    ]


@pytest.mark.parametrize(("written", "shown"), [("Python: 5", "Python: 5"), ("{R: 4.5}", "R: 4.5")])
def test_an_item_written_name_colon_importance_says_how_to_write_it(written: str, shown: str) -> None:
    name, importance = shown.split(": ")
    assert one_problem(ROLE.replace("[x]", f"\n      - {written}")) == (
        f"f.yaml:8: a: skills: item 1: write {{name: {name}, importance: {importance}}} for an item with an"
        f" importance, not '{shown}'"
    )


# -- roles --help ---------------------------------------------------------------------------------------


def test_the_command_summaries_are_whole_at_80_columns() -> None:
    result = run("--help", env={"COLUMNS": "80"})
    commands = result.stdout.split("Commands:")[1]
    assert "..." not in commands
    assert max(map(len, result.stdout.splitlines())) <= 80


def test_the_epilog_points_where_an_installed_tool_can_reach() -> None:
    text = run("--help", env={"COLUMNS": "80"}).stdout
    epilog = " ".join(text.split("Commands:")[1].split("\n\n", 1)[1].split())
    assert "README" not in epilog
    assert "roles COMMAND --help" in epilog and "roles schema" in epilog
    assert "Exit codes: 0 ok, 1 bad data, unknown role or nothing found, 2 usage error" in epilog
