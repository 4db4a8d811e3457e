"""Answers of bounded size to inputs of any size: a huge answer is cut for people (CSV and JSON keep
all of it), and an argument that would take too long is refused with a message.

These tests never time anything: they check what a user sees of the bound (how much is shown, what
the message says), and that machines still get everything.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.helpers import MINIMAL, run, write_yaml


def many_roles(tmp_path: Path, count: int, summary: str = "S.") -> Path:
    lines = ["version: 1", "dimensions: [skills]", "roles:"]
    lines += [f"  - {{id: r{n}, name: R{n}, summary: '{summary}', skills: [x]}}" for n in range(count)]
    return write_yaml(tmp_path, "\n".join(lines) + "\n")


def ok(*args: str | Path, env: dict[str, str] | None = None) -> str:
    result = run(*args, env=env)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return result.stdout


# -- what people are shown of a huge answer ---------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_people_see_a_thousand_rows_and_how_many_more_there_are(tmp_path: Path, fmt: str) -> None:
    path = many_roles(tmp_path, 1_500)
    # By default a list shows 10 and says how to see all; asked for all, people still get 1,000.
    text = ok("list", "--data", path, "-f", fmt, "--top", "0", env={"COLUMNS": "80"})
    shown = [n for n in range(1_500) if f" r{n} " in text]
    assert shown == list(range(1_000))
    assert "... and 500 more rows, not shown here: --format csv or json lists them all" in text


def test_machines_get_every_row(tmp_path: Path) -> None:
    path = many_roles(tmp_path, 1_500)
    rows = list(csv.reader(io.StringIO(ok("list", "--data", path, "-f", "csv"))))
    assert [row[0] for row in rows[1:]] == [f"r{n}" for n in range(1_500)]
    assert len(json.loads(ok("list", "--data", path, "-f", "json"))) == 1_500


def test_a_table_stops_adding_rows_after_two_hundred_thousand_characters(tmp_path: Path) -> None:
    summary = "word " * 800  # 4,000 characters: about 4,005 a row with the id and the name
    path = many_roles(tmp_path, 120, summary.strip())
    text = ok("list", "--data", path, "-f", "markdown", "--top", "0")
    row = len(summary.strip()) + len("r00") + len("R00")
    shown = sum(1 for n in range(120) if f"| r{n} |" in text)
    # Rows are added while the cells so far hold fewer than 200,000 characters.
    assert (shown - 1) * row < 200_000 <= shown * row + 2 * shown
    assert f"... and {120 - shown} more rows, not shown here" in text


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_a_text_of_a_million_characters_shows_its_first_five_thousand(tmp_path: Path, fmt: str) -> None:
    summary = "".join(f"{n:07d} " for n in range(125_000))  # 1,000,000 characters, each word different
    path = write_yaml(tmp_path, MINIMAL.replace("Bakes bread.", summary.strip()))
    text = ok("list", "--data", path, "-f", fmt, env={"COLUMNS": "250"})
    assert "0000624" in text and "0000625" not in text  # 625 words of 8 characters: 5,000
    assert "... (994,999 more characters)" in text
    data = json.loads(ok("list", "--data", path, "-f", "json"))
    assert data[0]["summary"] == summary.strip()


def test_search_highlights_what_is_shown_of_a_clipped_text(tmp_path: Path) -> None:
    summary = "bread " * 2_000  # 12,000 characters, 2,000 matches
    path = write_yaml(tmp_path, MINIMAL.replace("Bakes bread.", summary.strip()))
    text = ok("search", "bread", "--data", path, "-f", "markdown")
    summary_row = next(line for line in text.splitlines() if "| summary |" in line)
    # 5,000 characters show: 833 whole words and "br" of the 834th, each highlight inside them.
    assert summary_row.count("**bread**") == 833
    assert f"**br**... ({len(summary.strip()) - 5_000:,} more characters)" in summary_row
    rows = json.loads(ok("search", "bread", "--data", path, "-f", "json"))
    assert next(row for row in rows if row["field"] == "summary")["text"] == summary.strip()


def test_a_list_in_one_cell_shows_five_hundred_entries(tmp_path: Path) -> None:
    items = ", ".join(f"skill {n}" for n in range(1_200))
    path = write_yaml(
        tmp_path, MINIMAL.replace("[Kneading, {name: Ovens, importance: 5}, Timing]", f"[{items}]")
    )
    text = ok("show", "baker", "--data", path, "-f", "markdown")
    assert "skill 499<br>" in text and "skill 500<br>" not in text
    assert "+ 700 more" in text
    data = json.loads(ok("show", "baker", "--data", path, "-f", "json"))
    assert len(data["dimensions"]["skills"]) == 1_200


@pytest.mark.parametrize("columns", ["99999999999", "1000000", "5000"])
def test_a_huge_terminal_width_is_taken_as_a_thousand_columns(columns: str) -> None:
    text = ok("list", env={"COLUMNS": columns})
    widest = max(len(line) for line in text.splitlines())
    assert 1_000 >= widest > 200  # the summary takes what it is given, up to the bound


# -- arguments that would take too long ----------------------------------------------------------


def test_compare_of_more_than_twenty_roles_is_a_usage_error(tmp_path: Path) -> None:
    path = many_roles(tmp_path, 30)
    for count in (20, 21):
        result = run("compare", *(f"r{n}" for n in range(count)), "--data", path, "-f", "json")
        if count == 20:
            assert result.exit_code == 0
            assert len(json.loads(result.stdout)["roles"]) == 20
        else:
            assert (result.exit_code, result.stdout) == (2, "")
            assert result.stderr == (
                "error: compare takes at most 20 roles side by side, got 21; overlap compares any number\n"
            )


def test_fit_takes_at_most_ten_thousand_skills(tmp_path: Path) -> None:
    skills = tmp_path / "skills.txt"
    skills.write_text("".join(f"skill {n}\n" for n in range(10_001)), encoding="utf-8")
    result = run("fit", "--skills-file", skills, "-f", "json")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "error: fit takes at most 10,000 skills, got 10,001\n"


def test_unknown_skills_are_warned_about_twenty_at_a_time(tmp_path: Path) -> None:
    skills = tmp_path / "skills.txt"
    skills.write_text("Python\n" + "".join(f"made-up skill {n}\n" for n in range(50)), encoding="utf-8")
    result = run("fit", "--skills-file", skills, "-f", "json")
    assert result.exit_code == 0
    warnings = result.stderr.splitlines()
    assert warnings[:2] == [
        "warning: 'made-up skill 0' is not an item of skills in this file",
        "warning: 'made-up skill 1' is not an item of skills in this file",
    ]
    assert warnings[20:] == ["warning: ... and 30 more skills that are not items of skills"]
    assert json.loads(result.stdout)[0]["matched"] == ["Python"]


def test_a_role_lists_at_most_ten_thousand_items_in_a_dimension(tmp_path: Path) -> None:
    for count in (10_000, 10_001):
        items = ", ".join(f"s{n}" for n in range(count))
        path = write_yaml(
            tmp_path, MINIMAL.replace("[Kneading, {name: Ovens, importance: 5}, Timing]", f"[{items}]")
        )
        result = run("validate", path)
        if count == 10_000:
            assert result.exit_code == 0, result.stdout
        else:
            assert result.exit_code == 1
            assert (
                f"{path}:8: baker: skills has 10,001 items; a role lists at most 10,000 in a dimension"
                in result.stdout
            )


def test_similar_explains_the_thousand_most_similar_roles(tmp_path: Path) -> None:
    lines = ["version: 1", "dimensions: [skills]", "roles:"]
    lines += [f"  - {{id: r{n}, name: R{n}, summary: S, skills: [common, own {n}]}}" for n in range(1_002)]
    path = write_yaml(tmp_path, "\n".join(lines) + "\n")
    rows = json.loads(ok("similar", "r0", "-d", "skills", "--data", path, "-f", "json"))
    assert len(rows) == 1_001
    assert all(row["because"] == ["common"] for row in rows[:1_000])
    assert rows[1_000]["because"] == []
