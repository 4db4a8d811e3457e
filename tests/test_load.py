"""Loading and checking roles files: every rule of the format, with the line each message names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roles_cli import DataError, Item, check_roles, load_roles, parse_roles
from roles_cli.errors import TooLargeError
from roles_cli.model import DEFAULT_DIMENSIONS
from tests.helpers import (
    BUNDLED,
    MINIMAL,
    ONET,
    ONET_SMALL,
    ROLE,
    one_problem,
    problems,
    run,
    write_yaml,
    yaml_data,
)

# -- what a valid file gives ---------------------------------------------------------------------


def test_minimal_file_loads_into_typed_roles() -> None:
    roles = parse_roles(MINIMAL)
    assert [r.id for r in roles] == ["baker", "cook"]
    assert roles.dimensions == ("skills", "tasks")
    baker = roles.resolve("baker")
    assert baker.aliases == ("b",)
    assert baker.summary == "Bakes bread."
    assert baker.items("skills") == (Item("Kneading", 3), Item("Ovens", 5), Item("Timing", 3))
    assert baker.line == 4


def test_dimensions_default_to_focus_skills_tasks_goal() -> None:
    text = ROLE.replace("dimensions: [skills]\n", "").replace(
        "    skills: [x]\n", "    focus: [f]\n    skills: [x]\n    tasks: [t]\n    goal: [g]\n"
    )
    assert parse_roles(text).dimensions == DEFAULT_DIMENSIONS == ("focus", "skills", "tasks", "goal")


def test_sources_are_read_with_optional_url() -> None:
    text = ROLE + "    sources:\n      - {title: Book}\n      - {title: Site, url: 'https://x.org'}\n"
    role = parse_roles(text).resolve("a")
    assert [(s.title, s.url) for s in role.sources] == [("Book", None), ("Site", "https://x.org")]


@pytest.mark.parametrize(
    ("written", "value"), [("0x3", 3), ("0b101", 5), ("04", 4), ("+2", 2), ("1_0.0e-1", 1.0), ("4.", 4)]
)
def test_importance_is_read_as_yaml_1_1_reads_numbers(written: str, value: float) -> None:
    role = parse_roles(ROLE.replace("[x]", f"[{{name: x, importance: {written}}}]")).resolve("a")
    assert role.items("skills")[0].importance == value


def test_float_importance_is_kept() -> None:
    role = parse_roles(ROLE.replace("[x]", "[{name: x, importance: 4.88}]")).resolve("a")
    assert role.items("skills")[0].importance == 4.88


def test_byte_order_mark_and_crlf_line_endings_load() -> None:
    data = b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode()
    assert [r.id for r in parse_roles(data)] == ["baker", "cook"]


def test_bundled_file_is_found_and_named_in_messages() -> None:
    # Installed from a wheel the bundled file is a copy inside the package, so it is compared by
    # what it holds, not by where it is.
    roles = load_roles()
    assert roles.source == "roles.yaml (bundled)"
    assert [r.id for r in roles] == [r["id"] for r in yaml_data(BUNDLED)["roles"]]
    assert roles.roles == load_roles(BUNDLED).roles
    assert run("list").stdout.startswith("3 roles in roles.yaml (bundled)\n")


@pytest.mark.parametrize(
    ("path", "count"), [pytest.param(ONET, 869, marks=pytest.mark.slow), (ONET_SMALL, 8)]
)
def test_onet_files_load_with_their_own_dimensions(path: Path, count: int) -> None:
    roles = load_roles(path)
    assert len(roles) == count
    assert roles.dimensions == ("skills", "tasks", "technology")
    first = yaml_data(path)["roles"][0]
    role = roles.resolve(first["id"])
    assert role.aliases == tuple(first["aliases"])
    assert [(i.name, i.importance) for i in role.items("skills")] == [
        (s["name"], s["importance"]) for s in first["skills"]
    ]
    assert [i.name for i in role.items("technology")] == first["technology"]


# -- the document -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n# and another\n"])
def test_empty_file(text: str) -> None:
    assert one_problem(text).startswith("f.yaml: is empty; a roles file starts with 'version: 1'")


@pytest.mark.parametrize(("text", "kind"), [("- a\n- b\n", "a list"), ("just text\n", "a string")])
def test_top_level_must_be_a_mapping(text: str, kind: str) -> None:
    assert one_problem(text) == f"f.yaml:1: the top level must be a mapping (key: value lines), got {kind}"


def test_version_is_required() -> None:
    text = ROLE.replace("version: 1\n", "")
    assert one_problem(text) == "f.yaml:1: 'version: 1' is missing; add it as the first line"


@pytest.mark.parametrize("version", ["2", "'2'", "1.0"])
def test_only_version_1_is_supported(version: str) -> None:
    message = one_problem(ROLE.replace("version: 1", f"version: {version}"))
    assert message.startswith("f.yaml:1: version ")
    assert message.endswith("is not supported; this tool reads version 1")


def test_a_version_that_is_not_a_value_says_what_it_got() -> None:
    assert (
        one_problem(ROLE.replace("version: 1", "version: [1]")) == "f.yaml:1: version must be 1, got a list"
    )


def test_roles_is_required() -> None:
    assert one_problem("version: 1\n") == "f.yaml:1: 'roles' is missing; add a list of roles under 'roles:'"


def test_roles_must_not_be_empty() -> None:
    assert one_problem("version: 1\nroles: []\n") == "f.yaml:2: 'roles' is empty; add at least one role"


def test_roles_must_be_a_list() -> None:
    message = one_problem("version: 1\nroles:\n  a: 1\n")
    assert message == "f.yaml:3: roles must be a list of roles, got a mapping"


def test_a_role_must_be_a_mapping() -> None:
    message = one_problem(ROLE + "  - just-an-id\n")
    assert message == "f.yaml:8: roles: entry 2 must be a mapping (key: value lines), got a string"


# -- keys ----------------------------------------------------------------------------------------


def test_unknown_top_level_key_suggests_the_close_one() -> None:
    message = problems(ROLE.replace("dimensions:", "dimension:"))[0]
    assert message == "f.yaml:2: the top level: unknown key 'dimension'; did you mean 'dimensions'?"


def test_unknown_role_key_suggests_the_close_one() -> None:
    message = one_problem(ROLE + "    skils: [y]\n")
    assert message == "f.yaml:8: a: unknown key 'skils'; did you mean 'skills'?"


def test_unknown_key_without_a_close_one_lists_the_allowed_keys() -> None:
    message = one_problem(ROLE + "    wage: 100\n")
    assert (
        message
        == "f.yaml:8: a: unknown key 'wage'; allowed here: id, name, aliases, summary, sources, skills"
    )


def test_duplicate_mapping_key_names_both_lines() -> None:
    message = one_problem(ROLE + "    name: B\n")
    assert message == "f.yaml:8: a: 'name' appears twice (lines 5 and 8); keep one"


def test_keys_must_be_names() -> None:
    assert one_problem(ROLE + "    3: x\n") == "f.yaml:8: a: keys must be names, got a number"


# -- a role's fields -----------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["id", "name", "summary"])
def test_required_fields(field: str) -> None:
    if field == "id":
        text = ROLE.replace("  - id: a\n    name: A", "  - name: A")
    else:
        text = "".join(line for line in ROLE.splitlines(True) if not line.strip().startswith(f"{field}:"))
    found = problems(text)
    assert any(f"'{field}' is missing" in p and p.startswith("f.yaml:4:") for p in found), found


@pytest.mark.parametrize("role_id", ["Data-Scientist", "data scientist", "-x", "ds_1", "é"])
def test_invalid_ids(role_id: str) -> None:
    message = one_problem(ROLE.replace("id: a", f"id: '{role_id}'"))
    assert message.startswith(f"f.yaml:4: id {role_id!r} is not valid: use lowercase letters, digits and '-'")


def test_duplicate_ids() -> None:
    second = ROLE.split("roles:\n")[1]
    message = one_problem(ROLE + second)
    assert message == "f.yaml:8: a: id 'a' is already the id of the role on line 4"


def test_alias_may_not_be_another_roles_id_in_any_case() -> None:
    second = (
        ROLE.split("roles:\n")[1].replace("id: a", "id: b").replace("name: A", "name: B\n    aliases: [A]")
    )
    message = one_problem(ROLE + second)
    assert message == "f.yaml:10: b: alias 'A' is already the id of the role on line 4"


def test_alias_may_not_repeat_another_alias() -> None:
    first = ROLE.replace("name: A", "name: A\n    aliases: [x1]")
    second = first.split("roles:\n")[1].replace("id: a", "id: b")
    message = one_problem(first + second)
    assert message == "f.yaml:11: b: alias 'x1' is already an alias of a (line 6)"


def test_clashes_are_reported_for_roles_with_other_errors_too() -> None:
    # The first role lacks its summary; the clashes with it are still found, each on its own line.
    first = ROLE.replace("    summary: S.\n", "")
    second = ROLE.split("roles:\n")[1].replace("name: A", "name: B\n    aliases: [c1]")
    third = (
        ROLE.split("roles:\n")[1].replace("id: a", "id: c").replace("name: A", "name: C\n    aliases: [A]")
    )
    assert problems(first + second + third) == [
        "f.yaml:4: a: 'summary' is missing",
        "f.yaml:7: a: id 'a' is already the id of the role on line 4",
        "f.yaml:14: c: alias 'A' is already the id of the role on line 4",
    ]


def test_alias_may_not_repeat_the_roles_own_id() -> None:
    message = one_problem(ROLE.replace("name: A", "name: A\n    aliases: [a]"))
    assert message == "f.yaml:6: a: alias 'a' repeats its own id"


def test_a_lone_alias_must_be_written_as_a_list() -> None:
    message = one_problem(ROLE.replace("name: A", "name: A\n    aliases: ay"))
    assert message == "f.yaml:6: a: aliases must be a list; write aliases: [ay]"


def test_missing_dimension_names_what_every_role_needs() -> None:
    text = ROLE.replace("dimensions: [skills]", "dimensions: [skills, tasks]")
    assert one_problem(text) == "f.yaml:4: a: 'tasks' is missing; every role needs skills, tasks"


def test_empty_dimension() -> None:
    assert one_problem(ROLE.replace("[x]", "[]")) == "f.yaml:7: a: skills is empty; list at least one item"


def test_dimension_must_be_a_list() -> None:
    assert (
        one_problem(ROLE.replace("[x]", "x")) == "f.yaml:7: a: skills must be a list of items, got a string"
    )


def test_empty_summary() -> None:
    assert (
        one_problem(ROLE.replace("S.", "''")) == "f.yaml:6: a: summary is empty; remove it or write its name"
    )


def test_source_needs_a_title() -> None:
    message = one_problem(ROLE + "    sources:\n      - {url: 'https://x.org'}\n")
    assert message == "f.yaml:9: a: source 1: 'title' is missing"


# -- items ---------------------------------------------------------------------------------------


def test_duplicate_item_after_case_folding_and_white_space() -> None:
    message = one_problem(ROLE.replace("[x]", "[Data  Science, y, data science]"))
    assert message == "f.yaml:7: a: skills: 'data science' is listed twice (items 1 and 3)"


@pytest.mark.parametrize(
    ("value", "got"),
    [
        ("no", 'a boolean (write "no" in quotes)'),
        ("yes", 'a boolean (write "yes" in quotes)'),
        ("on", 'a boolean (write "on" in quotes)'),
        ("Off", 'a boolean (write "Off" in quotes)'),
        ("42", 'a number (write "42" in quotes)'),
        ("3.5", 'a number (write "3.5" in quotes)'),
        ("null", "nothing (an empty value)"),
        ("2023-07-26", 'a date (write "2023-07-26" in quotes)'),
    ],
)
def test_item_must_be_a_string(value: str, got: str) -> None:
    message = one_problem(ROLE.replace("[x]", f"\n      - x\n      - {value}"))
    assert message == f"f.yaml:9: a: skills: item 2 must be a string, got {got}"


def test_nested_list_item() -> None:
    message = one_problem(ROLE.replace("[x]", "[x, [y, z]]"))
    assert (
        message == "f.yaml:7: a: skills: item 2 must be a string or {name: ..., importance: 1-5}, got a list"
    )


def test_empty_item() -> None:
    message = one_problem(ROLE.replace("[x]", "[x, '  ']"))
    assert message == "f.yaml:7: a: skills: item 2 is empty; remove it or write its name"


@pytest.mark.parametrize("importance", ["0", "5.5", "-1", "6"])
def test_importance_from_1_to_5(importance: str) -> None:
    message = one_problem(ROLE.replace("[x]", f"[{{name: x, importance: {importance}}}]"))
    assert message == f"f.yaml:7: a: skills: item 1: importance must be from 1 to 5, got '{importance}'"


@pytest.mark.parametrize(
    ("importance", "got"),
    [
        ("high", "a string"),
        ("true", "a boolean"),
        (".nan", "'.nan', which is not a number"),
        # Tagged as numbers with nothing of one in them (PyYAML's constructor raised IndexError).
        ('!!int ""', "'', which is not a number"),
        ('!!int "_"', "'_', which is not a number"),
        ('!!int "-"', "'-', which is not a number"),
        ('!!int "+"', "'+', which is not a number"),
        ('!!float ""', "'', which is not a number"),
        ('!!int "0b"', "'0b', which is not a number"),
        ('!!int "1:"', "'1:', which is not a number"),
    ],
)
def test_importance_must_be_a_number(importance: str, got: str) -> None:
    message = one_problem(ROLE.replace("[x]", f"[{{name: x, importance: {importance}}}]"))
    assert message == f"f.yaml:7: a: skills: item 1: importance must be a number from 1 to 5, got {got}"


def test_item_mapping_needs_a_name_and_knows_only_its_keys() -> None:
    found = problems(ROLE.replace("[x]", "[{importance: 2, weight: 3}]"))
    assert found == [
        "f.yaml:7: a: skills: item 1: unknown key 'weight'; allowed here: name, importance, aliases",
        "f.yaml:7: a: skills: item 1: 'name' is missing",
    ]


def test_an_item_without_importance_has_importance_3(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, ROLE.replace("[x]", "[{name: x}, {name: y, importance: 5}, z]"))
    result = run("show", "a", "--data", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["dimensions"]["skills"] == [  # most important first
        {"name": "y", "importance": 5},
        {"name": "x", "importance": 3},
        {"name": "z", "importance": 3},
    ]


# -- custom dimensions ---------------------------------------------------------------------------


def test_an_empty_list_of_dimensions_is_an_error_on_its_line(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, ROLE.replace("dimensions: [skills]", "dimensions: []"))
    result = run("list", "--data", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        f"{path}:2: 'dimensions' is empty; list at least one, or leave it out for the default"
    )


def test_declared_dimensions_may_not_shadow_role_fields_or_repeat() -> None:
    found = problems(ROLE.replace("[skills]", "[skills, name, Skills]"))
    assert "f.yaml:2: dimensions: 'name' is a role field; choose another name" in found
    assert "f.yaml:2: dimensions: 'Skills' is listed twice" in found


# -- syntax, encoding, reading -------------------------------------------------------------------


def test_yaml_syntax_error_gives_line_and_column() -> None:
    message = one_problem("version: 1\nroles:\n  - id: a\n   name: [unclosed\n")
    assert message.startswith("f.yaml:4:")
    assert "YAML syntax error" in message


def test_tabs_get_a_hint() -> None:
    message = one_problem("version: 1\nroles:\n\t- id: a\n")
    assert message.startswith("f.yaml:3:1: YAML syntax error:")
    assert message.endswith("indent with spaces, not tabs")


def test_every_problem_is_reported_in_line_order() -> None:
    text = ROLE.replace("id: a", "id: A").replace("[x]", "[x, x, 7]") + "    extra: 1\n"
    found = problems(text)
    lines = [int(p.split(":")[1]) for p in found]
    assert len(found) == 4
    assert lines == sorted(lines)


def test_non_utf8_text_names_the_byte_and_its_place() -> None:
    data = ROLE.replace("S.", "Caf\xe9.").encode("latin-1")
    roles, found = check_roles(data, source="f.yaml")
    assert roles is None
    assert str(found[0]) == (
        "f.yaml:6:17: is not valid UTF-8: byte 0xe9 cannot be decoded "
        "(save the file as UTF-8; it may be in Latin-1 or Windows-1252)"
    )


def test_python_object_tags_are_refused_and_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = ROLE.replace("S.", f"!!python/object/apply:os.system ['touch {marker}']")
    message = one_problem(text)
    assert message.startswith("f.yaml:6: a: summary must be a string, got a list with the tag")
    assert not marker.exists()


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(DataError) as missing:
        load_roles(tmp_path / "nope.yaml")
    assert str(missing.value) == f"{tmp_path / 'nope.yaml'}: no such file; check the path"
    with pytest.raises(DataError) as directory:
        load_roles(tmp_path)
    assert str(directory.value) == f"{tmp_path}: is a directory; give the path of a roles YAML file"


# -- bounds: a file is refused before it costs more than it is worth -----------------------------


def test_a_file_of_more_values_than_allowed_is_refused_where_it_passes_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from roles_cli import yaml_tree

    monkeypatch.setattr(yaml_tree, "MAX_VALUES", 40)
    items = "\n".join(f"      - item {n}" for n in range(40))
    text = ROLE.replace("    skills: [x]\n", f"    skills:\n{items}\n")
    # Read one role at a time, the values held at once are the role's: its mapping, id, a, name,
    # A, summary, S., skills and its list (9). Item k is value 10 + k, on line 8 + k: the 41st
    # value is item 31, on line 39.
    assert one_problem(text) == "f.yaml:39: has more than 40 values; a roles file this large is not supported"
    # An anchor makes the file read whole: then every value counts. Before the items, 17: the top
    # mapping; version, 1, dimensions, its list and the one dimension in it, roles and its list;
    # then the role's 9. Item k is value 18 + k: the 41st value is item 23, on line 31.
    anchored = text.replace("dimensions: [skills]", "dimensions: &d [skills]")
    assert (
        one_problem(anchored)
        == "f.yaml:31: has more than 40 values; a roles file this large is not supported"
    )


def test_a_larger_file_allowed_may_hold_more_values(monkeypatch: pytest.MonkeyPatch) -> None:
    from roles_cli import yaml_tree
    from roles_cli.files import MAX_BYTES

    monkeypatch.setattr(yaml_tree, "MAX_VALUES", 40)
    items = ", ".join(f"item {n}" for n in range(60))
    text = ROLE.replace("[x]", f"[{items}]")
    assert problems(text) == ["f.yaml:7: has more than 40 values; a roles file this large is not supported"]
    roles, found = check_roles(text, source="f.yaml", max_bytes=2 * MAX_BYTES)  # room for 80
    assert (found, len(roles.roles[0].items("skills")) if roles else None) == ([], 60)


@pytest.mark.slow
def test_the_limit_on_values_is_one_and_a_half_million() -> None:
    # 9 values of the role before its items (see above): 1,499,991 items make 1,500,000 values.
    under = ROLE.replace("[x]", "[" + ",".join(["x"] * 1_499_991) + "]")
    # Read, and so refused for what it holds, not for its size.
    assert problems(under) == [
        "f.yaml:7: a: skills has 1,499,991 items; a role lists at most 10,000 in a dimension"
    ]
    over = ROLE.replace("[x]", "[" + ",".join(["x"] * 1_499_992) + "]")
    assert (
        one_problem(over)
        == "f.yaml:7: has more than 1,500,000 values; a roles file this large is not supported"
    )


def test_an_anchor_defined_twice_is_a_syntax_error_with_both_lines() -> None:
    text = ROLE.replace("S.", "&s S.").replace("[x]", "[&s x, *s]")
    assert one_problem(text) == (
        "f.yaml:7:14: YAML syntax error: second occurrence (found duplicate anchor; first occurrence"
        " that starts on line 6)"
    )


def test_reading_stops_after_a_thousand_problems() -> None:
    text = ROLE.replace("[x]", "[" + ", ".join(str(n) for n in range(1, 1_500)) + "]")
    found = problems(text)
    assert len(found) == 1_001
    assert found[0] == 'f.yaml:7: a: skills: item 1 must be a string, got a number (write "1" in quotes)'
    assert (
        found[999] == 'f.yaml:7: a: skills: item 1000 must be a string, got a number (write "1000" in quotes)'
    )
    assert found[-1] == "f.yaml:7: stopped after 1,000 problems; fix these, then check the file again"


def test_validate_lists_a_thousand_warnings_and_counts_the_rest() -> None:
    items = ", ".join(f"'item {n}', 'item-{n}'" for n in range(1_200))
    roles, found = check_roles(ROLE.replace("[x]", f"[{items}]"), source="f.yaml", lint=True)
    assert roles is not None
    assert len(found) == 1_001 and all(p.warning for p in found)
    assert str(found[0]) == (
        "f.yaml:7: warning: skills: 'item-0' (a) looks like 'item 0' (a, line 7); spell them one way so"
        " that they count as one item"
    )
    assert str(found[-1]) == (
        "f.yaml:7: warning: 200 more warnings like these are not listed; fix these, then check the file again"
    )


def test_the_size_limit_is_the_users_to_raise(tmp_path: Path) -> None:
    """A roles file over the limit is refused with the way to raise it; ROLES_MAX_SIZE (MiB) does."""
    roles = "\n".join(
        f"  - {{id: r{n}, name: R {n}, summary: {'x' * 80}, skills: [a], tasks: [b]}}" for n in range(12_000)
    )
    path = write_yaml(tmp_path, "version: 1\ndimensions: [skills, tasks]\nroles:\n" + roles + "\n")
    size = path.stat().st_size
    assert 2**20 < size < 2 * 2**20
    refused = run(
        "list", "--format", "json", "--data", path, env={"ROLES_MAX_SIZE": "1", "ROLES_NO_CACHE": "1"}
    )
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"{path}: is larger than 1 MiB, the most a roles file may have; to read it anyway,"
        " set ROLES_MAX_SIZE to its size in MiB or more\n"
    )
    read = run("list", "--format", "json", "--data", path, env={"ROLES_MAX_SIZE": "2", "ROLES_NO_CACHE": "1"})
    assert read.exit_code == 0 and len(json.loads(read.stdout)) == 12_000
    for wrong in ("lots", "0", "-5", "1.5"):
        result = run("list", "--data", path, env={"ROLES_MAX_SIZE": wrong})
        assert result.exit_code == 2, wrong
        assert result.stderr == (
            f"error: ROLES_MAX_SIZE={wrong!r}: give the largest roles file to read in MiB, e.g. ROLES_MAX_SIZE=512\n"
        )
    with pytest.raises(TooLargeError) as error:
        load_roles(path, max_bytes=2**20)
    assert error.value.limit == 2**20
    assert len(load_roles(path, max_bytes=2 * 2**20)) == 12_000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A late syntax error is the file's one problem, whatever comes before it.
        (
            "version: 1\nroles: !foo\n  - {id: a, name: A, summary: s, skills: [x], tasks: [y]}\nextra: [open\n",
            ["YAML syntax error"],
        ),
        (
            "version: 1\nroles:\n  - {id: a, name: A, summary: s, skills: [x], tasks: [y]}\n---\nversion: 1\n",
            ["found another document"],
        ),
        # A key after the roles is read, however the roles were given.
        (
            "version: 1\nroles: null\nroles:\n  - {id: a}\nextra: 1\n",
            ["must be", "appears twice", "unknown key 'extra'"],
        ),
    ],
)
def test_what_follows_the_roles_is_read_too(text: str, expected: list[str]) -> None:
    roles, problems = check_roles(text)
    assert roles is None
    messages = [problem.message for problem in problems]
    assert len(messages) == len(expected), messages
    for message, start in zip(messages, expected, strict=True):
        assert start in message, messages


def test_a_file_being_parsed_tells_how_far_it_has_got(tmp_path: Path) -> None:
    """`progress` hears the share of the file read as the roles go by (rising, under 1), then that
    the spellings are checked and the cache written."""
    from roles_cli.load import read_roles

    text = "version: 1\ndimensions: [skills]\nroles:\n" + "".join(
        f"  - {{id: r{n}, name: R {n}, summary: s, skills: [a{n}]}}\n" for n in range(50)
    )
    told: list[tuple[str, float]] = []
    read_roles(write_yaml(tmp_path, text), lint=True, progress=lambda what, share: told.append((what, share)))
    shares = [share for what, share in told if what == "reading"]
    assert len(shares) == 50  # one per role
    assert shares == sorted(shares) and 0 < shares[0] < shares[-1] < 1
    assert shares[-1] == pytest.approx(52 / text.count("\n"))  # the last role starts on line 53
    assert [what for what, _ in told if what != "reading"] == ["checking"]
