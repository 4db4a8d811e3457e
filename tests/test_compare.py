"""compare as a matrix a person can scan: an item a row, a role a column, the importance in the cell;
what all the roles share first, then what some share, then what each has alone, core items first."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import BUNDLED, MINIMAL, ONET_SMALL, json_output, raw, run, unwrap, write_yaml


def role(path: Path, role_id: str) -> dict[str, Any]:
    return next(r for r in raw(path)["roles"] if r["id"] == role_id)


def expected_rows(roles: list[dict[str, Any]], dimension: str) -> list[tuple[str, str, list[float | None]]]:
    """(group, name, importance per role) for every item, in the order the README promises, from the
    YAML: shared by all, then by some (the most widely held first), then each role's own in the order
    of the roles; within each, the largest sum of importances first, ties in the order the roles
    list the items."""
    weights = [{i["key"]: i["importance"] for i in r[dimension]} for r in roles]
    names: dict[str, str] = {}
    for r in roles:
        for i in r[dimension]:
            names.setdefault(i["key"], i["name"])

    def place(key: str) -> tuple[int, int, int, float]:
        held = [w.get(key) for w in weights]
        holders = sum(v is not None for v in held)
        group = 0 if holders == len(roles) else 2 if holders == 1 else 1
        owner = next(n for n, v in enumerate(held) if v is not None) if group == 2 else 0
        return (group, -holders, owner, -sum(v or 0 for v in held))

    rows = []
    for key in sorted(names, key=place):
        held = [w.get(key) for w in weights]
        holders = sum(v is not None for v in held)
        group = "all" if holders == len(roles) else "unique" if holders == 1 else "some"
        rows.append((group, names[key], held))
    return rows


def matrix(text: str, dimension: str) -> list[tuple[str, str, list[str]]]:
    """(section, item, cells) of one dimension's matrix as printed, one per item row."""
    block = text.split(f"\n{dimension}: ", 1)[1].split("\n\n", 1)[0]
    section, rows = "", []
    for line in block.splitlines():
        if not line.startswith("│") or "─" in line:
            continue
        cells = [cell.strip() for cell in line.strip("│").split("│")]
        if cells[0] == "Item":
            continue
        if not any(cells[1:]):
            section = cells[0]
            continue
        rows.append((section, cells[0], cells[1:]))
    return rows


LABELS = {"all": "shared by both", "some": "shared by some", "unique": "unique"}


@pytest.mark.parametrize("dimension", ["skills", "tasks"])
def test_each_item_is_one_row_with_its_importance_under_each_role_that_has_it(dimension: str) -> None:
    roles = [role(BUNDLED, "data-scientist"), role(BUNDLED, "ml-engineer")]
    text = run("compare", "ds", "mle", "-d", dimension, env={"COLUMNS": "200"}).stdout
    shown = matrix(text, dimension)
    expected = expected_rows(roles, dimension)
    assert {group for group, _, _ in expected} == {"all", "unique"}  # both kinds put to the test
    assert shown == [
        (LABELS[group], name, ["" if v is None else f"{v:g}" for v in held]) for group, name, held in expected
    ]


def test_three_roles_put_what_two_of_them_share_between_what_all_share_and_what_one_has() -> None:
    ids = ["data-scientist", "ml-engineer", "ai-engineer"]
    expected = expected_rows([role(BUNDLED, i) for i in ids], "skills")
    assert [group for group, _, _ in expected].count("some") > 1
    text = run("compare", "ds", "mle", "ai", "-d", "skills", env={"COLUMNS": "200"}).stdout
    labels = {"all": "shared by all 3", "some": "shared by some", "unique": "unique"}
    assert [(section, name) for section, name, _ in matrix(text, "skills")] == [
        (labels[group], name) for group, name, _ in expected
    ]
    assert text.startswith(
        "Data Scientist (data-scientist) vs Machine Learning Engineer (ml-engineer) vs AI Engineer (ai-engineer)\n"
    )


def test_where_importances_tell_nothing_a_mark_says_which_roles_have_the_item() -> None:
    text = run("compare", "ds", "ai", "-d", "goal", env={"COLUMNS": "200"}).stdout
    expected = expected_rows([role(BUNDLED, "data-scientist"), role(BUNDLED, "ai-engineer")], "goal")
    assert {v for _, _, held in expected for v in held} - {None} == {3}  # no importances given
    assert [cells for _, _, cells in matrix(text, "goal")] == [
        ["" if v is None else "●" for v in held] for _, _, held in expected
    ]
    assert "●: the role has the item" in text


def test_decimal_importances_line_up() -> None:
    text = run(
        "compare",
        "statisticians",
        "database-architects",
        "-d",
        "skills",
        "--data",
        ONET_SMALL,
        env={"COLUMNS": "200"},
    ).stdout
    values = [cell for _, _, cells in matrix(text, "skills") for cell in cells if cell]
    assert values and all(re.fullmatch(r"\d\.\d\d", value) for value in values)


def test_only_differences_leaves_out_what_every_role_has() -> None:
    roles = [role(BUNDLED, "data-scientist"), role(BUNDLED, "ml-engineer")]
    expected = [(LABELS[g], name) for g, name, _ in expected_rows(roles, "skills") if g != "all"]
    text = run("compare", "ds", "mle", "-d", "skills", "--only-differences", env={"COLUMNS": "200"}).stdout
    assert [(section, name) for section, name, _ in matrix(text, "skills")] == expected
    compared = json_output("compare", "ds", "mle", "-d", "skills", "--only-differences")
    (skills,) = compared["dimensions"]
    assert [row["name"] for row in skills["rows"]] == [name for _, name in expected]
    assert skills["shared"]  # the documented fields keep what they always held


def test_json_keeps_its_fields_and_adds_the_rows() -> None:
    roles = [role(BUNDLED, "data-scientist"), role(BUNDLED, "ml-engineer")]
    (skills,) = json_output("compare", "ds", "mle", "-d", "skills")["dimensions"]
    assert {"dimension", "shared", "items", "unique", "similarity", "because", "rows"} <= set(skills)
    assert skills["rows"] == [
        {
            "name": name,
            "group": group,
            "importance": dict(zip(["data-scientist", "ml-engineer"], held, strict=True)),
        }
        for group, name, held in expected_rows(roles, "skills")
    ]


def test_nothing_left_to_show_says_so(tmp_path: Path) -> None:
    same = MINIMAL.replace("[{name: Ovens, importance: 2}, Timing, Knives]", "[Kneading, Ovens, Timing]")
    path = write_yaml(tmp_path, same.replace("{name: Ovens, importance: 5}", "Ovens"))
    text = run("compare", "baker", "cook", "-d", "skills", "--only-differences", "--data", path).stdout
    assert re.search(
        r"\nskills: 100% similar\n(most alike in .*\n)?every item is shared by all the roles\n", text
    )
    assert "┌" not in text


def test_a_narrow_terminal_stacks_the_matrix_one_item_after_another() -> None:
    text = run("compare", "ds", "mle", "-d", "goal", env={"COLUMNS": "30"}).stdout
    assert "┌" not in text  # no room for three columns whose words stay whole
    assert max(map(len, text.splitlines())) <= 30
    group, first, held = expected_rows(
        [role(BUNDLED, "data-scientist"), role(BUNDLED, "ml-engineer")], "goal"
    )[0]
    assert f"— {LABELS[group]} —\n\n{first}\n" in text
    record = text.split(f"\n{first}\n", 1)[1].split("\n\n", 1)[0]  # its lines, up to the next item
    holders = [i for i, v in zip(["data-scientist", "ml-engineer"], held, strict=True) if v]
    assert record.count("●") == len(holders)
    assert all(i in unwrap(record.replace("●", "").splitlines()) for i in holders)
