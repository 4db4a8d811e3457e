"""Bars beside the percentages of similar and fit: plain characters, so they survive NO_COLOR, a
pager and a file; '#' where the terminal cannot show blocks; never in JSON, CSV or Markdown."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers import ROOT, json_output, run

EIGHTHS = " ▏▎▍▌▋▊▉"


def bar_length(terminal: int) -> int:
    """The README: a bar for 100% is 4 characters up to 80 columns, one more for every 4 more
    columns, and 8 from 96 columns on."""
    return max(4, min(8, 4 + (terminal - 80) // 4))


def cells(table: str, column: int) -> list[str]:
    """The given column of each numbered row of a table."""
    return [
        line.split("│")[column].strip()
        for line in table.splitlines()
        if line[:1] == "│" and line.split("│")[1].strip().isdigit()
    ]


def eighths(bar: str) -> int:
    return sum(8 if char == "█" else EIGHTHS.index(char) for char in bar)


@pytest.mark.parametrize("columns", [80, 92, 120])
@pytest.mark.parametrize(
    ("args", "column", "field"),
    [(["similar", "ds"], 3, "similarity"), (["fit", "Python", "SQL"], 3, "score")],
)
def test_each_percentage_has_a_bar_as_long_as_its_share(
    args: list[str], column: int, field: str, columns: int
) -> None:
    values = [row[field] for row in json_output(*args)]
    shown = cells(run(*args, env={"COLUMNS": str(columns)}).stdout, column)
    assert len(shown) == len(values)
    for cell, value in zip(shown, values, strict=True):
        percentage, _, bar = cell.partition(" ")
        assert percentage == f"{round(value * 100)}%"
        assert eighths(bar) == round(value * bar_length(columns) * 8), cell


def test_bars_are_characters_not_colours() -> None:
    plain = run("similar", "ds", env={"NO_COLOR": "1"}).stdout  # as the tests always run
    assert "█" in plain and "\x1b" not in plain


def test_an_ascii_terminal_gets_bars_of_hashes() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "COLUMNS": "120", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "roles_cli", "similar", "ds"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        check=True,
        timeout=120,
    )
    text = done.stdout.decode("ascii")  # nothing but ASCII
    values = [row["similarity"] for row in json_output("similar", "ds")]
    rows = [
        line.split("|")[3].strip()
        for line in text.splitlines()
        if line[:1] == "|" and line.split("|")[1].strip().isdigit()
    ]
    assert [row.partition(" ")[2] for row in rows] == ["#" * round(value * 8) for value in values]


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_no_bars_where_programs_or_documents_read(fmt: str) -> None:
    for args in (["similar", "ds"], ["fit", "Python", "SQL"]):
        text = run(*args, "--format", fmt).stdout
        assert not set(text) & set("█" + EIGHTHS.strip()), (args, fmt)
    markdown = run("similar", "ds", "--format", "markdown").stdout
    first = next(line for line in markdown.splitlines() if line.startswith("| 1 |"))
    assert first.split(" | ")[2] == f"{round(json_output('similar', 'ds')[0]['similarity'] * 100)}%"


def test_the_legacy_windows_console_gets_hashes_too() -> None:
    """Its fonts have no eighths of a block, whatever its encoding says: Rich draws its own bars there
    in ASCII, and so do these."""
    import io

    from rich.console import Console

    from roles_cli import load_roles, similar
    from roles_cli.render import print_tables
    from roles_cli.report import similar_report

    out = io.StringIO()
    console = Console(file=out, legacy_windows=True, width=120, markup=False, emoji=False, highlight=False)
    print_tables(similar_report(similar(load_roles(), "ds")), console=console)
    values = [row["similarity"] for row in json_output("similar", "ds")]
    assert [cell.partition(" ")[2] for cell in cells(out.getvalue(), 3)] == [
        "#" * round(v * 8) for v in values
    ]
