"""One answer, several views: CSV, JSON, tables and Markdown show the same values, by column kind.

Expected values come from the YAML read with PyYAML (tests/helpers.raw) or are written out by hand.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from tests.helpers import BUNDLED, MINIMAL, ONET_SMALL, json_output, raw, run, weighted_jaccard, write_yaml

HEADERS = [
    (["list"], "id,name,aliases,summary"),
    (["show", "ds"], "dimension,item,importance"),
    (
        ["compare", "ds", "mle"],
        "dimension,similarity,shared,data-scientist,ml-engineer,only data-scientist,only ml-engineer,because",
    ),
    (["overlap"], "dimension,roles,role_count,items"),
    (["fit", "Python"], "id,name,score,matched,missing,coverage,uses,must_have,nice_to_have"),
    (["similar", "ds"], "id,name,similarity,shared,focus,skills,tasks,goal,summary,because"),
    (["search", "python"], "id,field,text"),
    (["validate"], "file,line,column,severity,message"),
]


def csv_rows(*args: str | Path) -> list[dict[str, str]]:
    result = run(*args, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def table_rows(text: str) -> list[list[str]]:
    """The cells of each one-line row of a box-drawn table (rows that wrap are left out)."""
    return [[cell.strip() for cell in line.split("│")[1:-1]] for line in text.splitlines() if "│" in line]


def shown(value: float) -> str:
    """A share as the tables print it, for the values these tests meet (none near 0% or 100%)."""
    return f"{round(value * 100)}%"


@pytest.mark.parametrize(("command", "header"), HEADERS, ids=[" ".join(c) for c, _ in HEADERS])
def test_csv_headers_are_the_documented_machine_names(command: list[str], header: str) -> None:
    result = run(*command, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == header


def test_similar_csv_json_and_table_give_the_same_values() -> None:
    data = raw(ONET_SMALL)
    roles = {role["id"]: role for role in data["roles"]}
    dims = ["skills", "technology"]
    target = roles["statisticians"]
    expected = {
        other: [weighted_jaccard(target[d], roles[other][d]) for d in dims]
        for other in roles
        if other != "statisticians"
    }
    args: list[str | Path] = [
        "similar",
        "statisticians",
        "--data",
        ONET_SMALL,
        "-d",
        "skills",
        "-d",
        "technology",
        "--method",
        "jaccard",
    ]
    rows = csv_rows(*args)
    assert len(rows) == len(expected) == 7  # every role: CSV is not cut at --top's table default
    for row in rows:
        per_dimension = expected[row["id"]]
        assert [float(row[d]) for d in dims] == pytest.approx(per_dimension)
        assert float(row["similarity"]) == pytest.approx(sum(per_dimension) / 2)
    records = json_output(*args)
    assert [r["id"] for r in records] == [r["id"] for r in rows]
    assert [r["dimensions"]["technology"] for r in records] == pytest.approx(
        [float(r["technology"]) for r in rows]
    )
    # The table shows the same rows, in the same order, each share as a percentage (Overall's
    # with its bar beside it).
    table = run(*args, env={"COLUMNS": "200"})
    body = [cells for cells in table_rows(table.stdout) if cells[0].isdigit()]
    # (With several dimensions the table leaves the shared count to JSON and CSV.)
    assert [(cells[1], cells[2].split()[0], cells[3], cells[4]) for cells in body] == [
        (
            row["id"],
            shown(float(row["similarity"])),
            shown(float(row["skills"])),
            shown(float(row["technology"])),
        )
        for row in rows
    ]


def test_fit_csv_has_every_item_to_learn_that_the_table_shortens() -> None:
    skills = raw(BUNDLED)["roles"][0]["skills"]
    missing = sorted(
        (i for i in skills if i["name"] not in ("Python", "SQL")), key=lambda i: -i["importance"]
    )
    rows = csv_rows("fit", "Python", "SQL")
    assert rows[0]["missing"] == "; ".join(i["name"] for i in missing)
    table = run("fit", "Python", "SQL", env={"COLUMNS": "200"}).stdout
    first_role = table.split("├")[1]  # the header, then the first role's rows
    assert f"{missing[0]['name']} ({missing[0]['importance']:g})" in first_role
    assert f"+ {len(missing) - 5} more" in first_role


def test_list_aliases_are_a_list_in_json_joined_in_csv_and_under_the_name_in_a_table() -> None:
    expected = [role.get("aliases", []) for role in raw(BUNDLED)["roles"]]
    assert [role["aliases"] for role in json_output("list")] == expected
    assert [row["aliases"] for row in csv_rows("list")] == ["; ".join(a) for a in expected]
    table = run("list", env={"COLUMNS": "200"}).stdout
    assert f"({', '.join(expected[2])})" in table


def test_compare_marks_shared_items_and_csv_lists_them(tmp_path: Path) -> None:
    data = write_yaml(tmp_path, MINIMAL)
    row = csv_rows("compare", "baker", "cook", "-d", "skills", "--data", data)[0]
    assert row["shared"] == "Ovens; Timing"
    assert row["only baker"] == "Kneading" and row["only cook"] == "Knives"
    assert row["baker"] == "Ovens; Timing; Kneading"  # shared first
    table = run("compare", "baker", "cook", "-d", "skills", "--data", data).stdout
    assert "● Ovens" in table and "· Kneading" in table and "· Knives" in table


# -- highlights: escapes and folded white space move them ----------------------------------------------

HIGHLIGHTED = """\
version: 1
dimensions: [skills]
roles:
  - id: baker
    name: Baker
    summary: "Bakes \\e[2J bread   and\\n\\n  cakes, cakes."
    skills: [Ovens]
"""


def test_a_highlight_covers_the_term_after_escapes_and_folded_spaces(tmp_path: Path) -> None:
    data = write_yaml(tmp_path, HIGHLIGHTED)
    result = run(
        "search", "CAKES", "--data", data, env={"FORCE_COLOR": "1", "NO_COLOR": "", "COLUMNS": "120"}
    )
    assert result.exit_code == 0, result.stderr
    assert re.findall(r"\x1b\[1;7m(.*?)\x1b\[0m", result.stdout) == ["cakes", "cakes"]
    assert "Bakes \\x1b[2J bread and " in result.stdout
    markdown = run("search", "CAKES", "--data", data, "--format", "markdown").stdout
    assert "| baker | summary | Bakes \\\\x1b\\[2J bread and **cakes**, **cakes**. |" in markdown
    # Machines get the text as the file has it.
    assert (
        csv_rows("search", "cakes", "--data", data)[0]["text"]
        == "Bakes \\x1b[2J bread   and\n\n  cakes, cakes."
    )


def test_an_ascii_console_gets_the_ascii_marks(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "ascii", "COLUMNS": "100", "NO_COLOR": "1"}
    code = "from roles_cli.__main__ import main; main()"
    args = ["compare", "baker", "cook", "-d", "skills", "--data", str(write_yaml(tmp_path, MINIMAL))]
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, check=True)
    text = done.stdout.decode("ascii")
    assert "* Ovens" in text and "- Kneading" in text
    assert "* shared by both - similarity" in text


# -- the view model itself ------------------------------------------------------------------------------


def test_answers_are_immutable() -> None:
    from roles_cli import load_roles
    from roles_cli.report import list_report

    answer = list_report(load_roles())
    table = answer.tables[0]
    assert isinstance(table.rows, tuple) and all(isinstance(row, tuple) for row in table.rows)
    with pytest.raises(AttributeError):
        table.title = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        table.rows[0][0] = "changed"  # type: ignore[index]
