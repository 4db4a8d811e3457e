"""CSV, Markdown, --save, validate's report, completion and the Python API: what each promises."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import (
    ANSWERS,
    BUNDLED,
    MINIMAL,
    ONET,
    ONET_SMALL,
    ROOT,
    by_importance,
    complete,
    raw,
    run,
    write_yaml,
)

COMMANDS = ANSWERS


# -- CSV ------------------------------------------------------------------------------------------


def read_csv(*args: str | Path) -> list[dict[str, str]]:
    result = run(*args, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_csv_list_has_a_header_and_a_row_per_role() -> None:
    rows = read_csv("list")
    data = raw(BUNDLED)
    assert [row["id"] for row in rows] == [r["id"] for r in data["roles"]]
    assert rows[1]["aliases"] == "mle; machine-learning-engineer"


def test_csv_show_is_one_row_per_item() -> None:
    rows = read_csv("show", "ds", "-d", "skills")
    skills = raw(BUNDLED)["roles"][0]["skills"]
    assert [(r["dimension"], r["item"], float(r["importance"])) for r in rows] == [
        ("skills", i["name"], i["importance"]) for i in by_importance(skills)
    ]


def test_csv_fit_lists_are_joined_with_semicolons() -> None:
    rows = read_csv("fit", "Python", "SQL")
    assert rows[0]["id"] == "data-scientist"
    assert rows[0]["matched"] == "Python; SQL"
    # the importance of Python and SQL over that of all the data scientist's skills, from the YAML
    skills = raw(BUNDLED)["roles"][0]["skills"]
    have = sum(i["importance"] for i in skills if i["name"] in ("Python", "SQL"))
    assert float(rows[0]["coverage"]) == pytest.approx(have / sum(i["importance"] for i in skills))


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_gives_csv_that_the_csv_module_reads(command: list[str | Path]) -> None:
    rows = read_csv(*command)
    assert rows and all(None not in row for row in rows)  # no row longer than the header


# -- Markdown -----------------------------------------------------------------------------------


def cells(line: str) -> list[str]:
    """The cells of a Markdown table row: split on the pipes that are not escaped."""
    return re.split(r"(?<!\\)\|", line.strip())[1:-1]


def table_blocks(markdown: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            if not blocks or blocks[-1] is None:
                blocks.append([])
            blocks[-1].append(line)
        elif blocks and blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


@pytest.mark.parametrize("command", COMMANDS)
def test_markdown_tables_have_the_same_number_of_columns_on_every_row(command: list[str | Path]) -> None:
    result = run(*command, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    blocks = table_blocks(result.stdout)
    assert blocks
    for block in blocks:
        width = len(cells(block[0]))
        assert re.fullmatch(r"\|(---:?\|)+", block[1])
        assert all(len(cells(line)) == width for line in block), block


def test_markdown_escapes_pipes_stars_and_underscores(tmp_path: Path) -> None:
    text = (
        MINIMAL.replace("Kneading", "'a|b'").replace("Timing", "'PC*Miler'").replace("Knives", "snake_case")
    )
    result = run("show", "baker", "--data", write_yaml(tmp_path, text), "--format", "markdown")
    assert r"a\|b" in result.stdout
    assert r"PC\*Miler" in result.stdout
    for block in table_blocks(result.stdout):
        assert len({len(cells(line)) for line in block}) == 1


@pytest.mark.slow
def test_markdown_on_onet_items_with_special_characters() -> None:
    result = run("show", "heavy-and-tractor-trailer-truck-drivers", "--data", ONET, "--format", "markdown")
    assert result.exit_code == 0
    assert r"ALK Technologies PC\*Miler" in result.stdout
    search = run("search", "C#", "--data", ONET, "--format", "markdown")
    assert r"C\#" in search.stdout
    for block in table_blocks(result.stdout) + table_blocks(search.stdout):
        assert len({len(cells(line)) for line in block}) == 1


def test_search_highlights_the_match_in_markdown() -> None:
    result = run("search", "PYTHON", "--format", "markdown")
    assert "| data-scientist | skills | **Python** |" in result.stdout


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
@pytest.mark.parametrize("command", COMMANDS)
def test_no_escape_codes_outside_tables_even_when_colour_is_forced(
    command: list[str | Path], fmt: str
) -> None:
    result = run(*command, "--format", fmt, env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout


def test_tables_do_use_colour_when_forced() -> None:
    result = run("search", "python", env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[" in result.stdout  # the highlight; so the test above can fail


# -- --save -------------------------------------------------------------------------------------


def test_save_svg_is_an_image_of_the_table(tmp_path: Path) -> None:
    target = tmp_path / "ds-vs-mle.svg"
    result = run("compare", "ds", "mle", "-d", "goal", "--save", target)
    assert result.exit_code == 0, result.stderr
    root = ElementTree.parse(target).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    svg_text = "".join(root.itertext()).replace("\xa0", " ")
    assert "Better-informed" in svg_text and "Machine Learning Engineer" in svg_text
    assert result.stdout.startswith("Data Scientist (data-scientist) vs Machine Learning")  # still printed


def test_save_txt_is_what_was_printed_and_says_so_on_stderr(tmp_path: Path) -> None:
    target = tmp_path / "ds.txt"
    printed = run("show", "ds", "-d", "goal", "--save", target)
    assert target.read_text(encoding="utf-8") == printed.stdout
    assert printed.stderr == f"saved the 2 tables as text to {target}\n"


class _Tables(HTMLParser):
    """The tables of an HTML page: for each, its header cells and its rows of data cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, list[Any]]] = []
        self.cell: list[str] | None = None
        self.row: list[str] = []
        self.where = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append({"head": [], "rows": []})
        elif tag in ("thead", "tbody"):
            self.where = tag
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag in ("br", "li") and self.cell is not None:  # a line of its own
            self.cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.tables:
            key = "head" if self.where == "thead" else "rows"
            self.tables[-1][key].append(self.row)

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def test_save_html_is_a_page_with_a_real_table(tmp_path: Path) -> None:
    target = tmp_path / "list.HTML"
    result = run("list", "--save", target)
    assert result.exit_code == 0 and result.stderr == f"saved the table as an HTML page to {target}\n"
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "┌" not in page and "<pre" not in page
    parser = _Tables()
    parser.feed(page)
    (table,) = parser.tables
    assert table["head"] == [["ID", "Name (aliases)", "Summary"]]
    roles = raw(BUNDLED)["roles"]
    assert table["rows"] == [  # one cell per value, whole, however wide a terminal is
        [r["id"], " ".join([r["name"], f"({', '.join(r['aliases'])})"]), " ".join(r["summary"].split())]
        for r in roles
    ]


def test_save_html_of_a_comparison_has_a_row_per_item_and_a_cell_per_role(tmp_path: Path) -> None:
    target = tmp_path / "cmp.html"
    assert run("compare", "ds", "mle", "-d", "skills", "--save", target).exit_code == 0
    parser = _Tables()
    parser.feed(target.read_text(encoding="utf-8"))
    (table,) = parser.tables
    assert table["head"] == [["Item", "data-scientist", "ml-engineer"]]
    ds, mle = (
        next(r for r in raw(BUNDLED)["roles"] if r["id"] == i) for i in ("data-scientist", "ml-engineer")
    )
    importance = [{i["name"]: i["importance"] for i in role["skills"]} for role in (ds, mle)]
    items = [row for row in table["rows"] if len(row) == 3]  # the others name a group
    assert {row[0] for row in items} == set(importance[0]) | set(importance[1])
    for name, *cells in items:
        assert cells == [str(weights[name]) if name in weights else "" for weights in importance]


@pytest.mark.parametrize(("suffix", "fmt"), [(".md", "markdown"), (".csv", "csv"), (".json", "json")])
def test_save_md_csv_and_json_hold_what_that_format_prints(tmp_path: Path, suffix: str, fmt: str) -> None:
    target = tmp_path / f"search{suffix}"
    result = run("search", "data", "--data", ONET_SMALL, "--save", target)
    assert result.exit_code == 0
    assert result.stdout.startswith("69 matches") or "┌" in result.stdout  # the table was printed
    assert target.read_text(encoding="utf-8") == run("search", "data", "--data", ONET_SMALL, "-f", fmt).stdout


def test_a_saved_json_or_csv_is_complete_where_the_printed_table_is_cut(tmp_path: Path) -> None:
    target = tmp_path / "ranking.json"
    result = run("similar", "statisticians", "--data", ONET_SMALL, "--top", "0", "--save", target)
    assert result.exit_code == 0
    printed = run("fit", "Python", "--data", ONET_SMALL, "--save", tmp_path / "fit.json")
    assert "more roles — use --top 0 for all" not in printed.stdout  # 8 roles: nothing cut
    big = tmp_path / "big.yaml"
    big.write_text(
        "version: 1\ndimensions: [skills]\nroles:\n"
        + "".join(f"  - {{id: r{n}, name: R{n}, summary: S, skills: [x{n % 3}]}}\n" for n in range(25)),
        encoding="utf-8",
    )
    listed = run("list", "--data", big, "--save", tmp_path / "all.json")
    assert "15 more roles — use --top 0 for all" in listed.stdout
    assert len(json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))) == 25
    ranked = run("similar", "r1", "--data", big, "--save", tmp_path / "similar.csv")
    assert "14 more roles — use --top 0 for all" in ranked.stdout
    assert len((tmp_path / "similar.csv").read_text(encoding="utf-8").splitlines()) == 1 + 24


def test_save_refuses_other_extensions(tmp_path: Path) -> None:
    wrong = run("list", "--save", tmp_path / "x.pdf")
    assert wrong.exit_code == 2 and wrong.stdout == ""
    assert wrong.stderr == (
        f"error: --save {tmp_path / 'x.pdf'}: use a file name ending in .svg, .html, .txt, .md, .csv, .json\n"
    )
    assert not list(tmp_path.iterdir())
    # any format prints, whatever the file saves
    json_too = run("list", "--format", "json", "--save", tmp_path / "x.svg")
    assert json_too.exit_code == 0 and json.loads(json_too.stdout)
    assert (tmp_path / "x.svg").read_text(encoding="utf-8").startswith("<svg")


def test_save_failure_leaves_no_half_file(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dir" / "x.svg"
    result = run("list", "--save", missing)
    assert result.exit_code == 1
    assert "cannot write" in result.stderr
    assert not missing.parent.exists()


def test_save_replaces_an_existing_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "t.txt"
    target.write_text("old " * 10_000, encoding="utf-8")
    run("list", "--save", target)
    assert "old" not in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["t.txt"]  # no temporary file left


# -- validate ------------------------------------------------------------------------------------


def test_validate_reports_every_problem_with_its_line(tmp_path: Path) -> None:
    text = MINIMAL.replace("[Bake bread, Clean up]", "[Bake bread, no, 7]").replace("id: cook", "id: Cook")
    result = run("validate", write_yaml(tmp_path, text))
    path = tmp_path / "roles.yaml"
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f'{path}:9: baker: tasks: item 2 must be a string, got a boolean (write "no" in quotes)',
        f'{path}:9: baker: tasks: item 3 must be a string, got a number (write "7" in quotes)',
        f"{path}:10: id 'Cook' is not valid: use lowercase letters, digits and '-' (e.g. 'cook')",
        f"{path}: invalid (3 errors)",
    ]


def test_validate_warns_about_items_spelled_two_ways_and_still_passes(tmp_path: Path) -> None:
    text = MINIMAL.replace("Knives", "Time-keeping").replace("Kneading", "'Timekeeping'")
    result = run("validate", write_yaml(tmp_path, text))
    path = tmp_path / "roles.yaml"
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines() == [
        f"{path}:13: warning: skills: 'Time-keeping' (cook) looks like 'Timekeeping' (baker, line 8);"
        " spell them one way so that they count as one item",
        f"{path}: valid, 2 roles (1 warning)",
    ]


@pytest.mark.parametrize(
    ("a", "b"),
    [("Data visualization", "Data visualisation"), ("Colour theory", "Color theory"), ("Model", "Models")],
)
def test_close_spellings_are_flagged(a: str, b: str, tmp_path: Path) -> None:
    text = MINIMAL.replace("Kneading", f"'{a}'").replace("Knives", f"'{b}'")
    result = run("validate", write_yaml(tmp_path, text))
    assert result.exit_code == 0, result.stdout
    assert f"{b!r} (cook) looks like {a!r} (baker, line 8)" in result.stdout


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("C", "C#"),
        ("C++", "C"),
        ("Python 2", "Python 3"),
        ("ML", "Machine learning"),
        # Items of symbols or emoji alone have nothing to spell: none is a misspelling of another.
        ("!!!", "???"),
        ("😀", "😃"),
        ("→", "-"),
        ("+", "*"),
    ],
)
def test_different_things_are_not_flagged(a: str, b: str, tmp_path: Path) -> None:
    text = MINIMAL.replace("Kneading", f"'{a}'").replace("Knives", f"'{b}'")
    result = run("validate", write_yaml(tmp_path, text))
    # valid, and no warning: not a file that failed before it could be compared
    assert result.exit_code == 0, result.stdout
    assert result.stdout == f"{tmp_path / 'roles.yaml'}: valid, 2 roles\n"


@pytest.mark.slow
def test_validate_onet_finds_the_real_near_duplicates() -> None:
    result = run("validate", ONET)
    assert result.exit_code == 0
    assert (
        "'Structure query language SQL'" in result.stdout
        and "'Structured query language SQL'" in result.stdout
    )
    assert result.stdout.splitlines()[-1].startswith(f"{ONET}: valid, 869 roles (")


def test_validate_a_missing_file() -> None:
    result = run("validate", "nope.yaml")
    assert result.exit_code == 1
    assert result.stderr == "nope.yaml: no such file; check the path\n"


# -- completion ---------------------------------------------------------------------------------


def test_completion_offers_role_ids_and_aliases() -> None:
    assert complete("roles show d") == ["data-scientist", "ds"]
    assert complete("roles compare ds m") == ["ml-engineer", "mle", "machine-learning-engineer"]


def test_completion_reads_the_data_file_in_use() -> None:
    assert complete(f"roles show --data {ONET_SMALL} data") == [
        "database-architects",
        "data-warehousing-specialists",
    ]
    assert complete("roles show ds -d t", env={"ROLES_DATA": str(ONET_SMALL)}) == ["tasks", "technology"]


def test_completion_offers_formats() -> None:
    assert complete("roles list --format m") == ["markdown"]


# -- the Python API --------------------------------------------------------------------------------


def test_importing_the_package_loads_neither_rich_nor_typer() -> None:
    code = "import sys, roles_cli; roles_cli.compare(roles_cli.load_roles(), ['ds', 'mle']); print(sorted(sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    modules: list[Any] = eval(done.stdout)  # a printed list of names
    assert not [m for m in modules if m.split(".")[0] in ("rich", "typer", "click")]


def test_the_api_examples_in_the_docstring_run() -> None:
    import doctest

    import roles_cli

    failed, attempted = doctest.testmod(roles_cli)
    assert attempted > 0  # the package docstring holds examples: they were found, and run
    assert failed == 0
