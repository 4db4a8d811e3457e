"""Files that are wrong, or built to do harm, given to the CLI: a clear message every time.

The corpus is tests/hostile/: one file per case, and cases.yaml with what each must print.
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import run

HOSTILE = Path(__file__).resolve().parent / "hostile"
with (HOSTILE / "cases.yaml").open(encoding="utf-8") as _file:
    CASES: dict[str, list[str]] = yaml.safe_load(_file)
VALID = ["bom.yaml", "crlf.yaml", "anchors.yaml", "dangerous-text.yaml"]
COMMANDS = [["list"], ["show", "baker"], ["compare", "baker", "cook"], ["overlap"]]


def expected(case: str, path: Path) -> str:
    return "".join(line.replace("FILE", str(path), 1) + "\n" for line in CASES[case])


def snapshot(path: Path) -> tuple[bytes, int] | None:
    return (path.read_bytes(), path.stat().st_mtime_ns) if path.is_file() else None


def test_every_file_of_the_corpus_is_a_case_or_a_valid_file() -> None:
    files = {p.name for p in HOSTILE.iterdir()} - {"cases.yaml", ".gitattributes"}
    assert files == (set(CASES) - {"missing.yaml"}) | set(VALID)
    assert not (HOSTILE / "missing.yaml").exists()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_file_gets_its_message_and_nothing_else(
    case: str, command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # were anything run, it would write here
    path = HOSTILE / case
    before = snapshot(path)
    result = run(*command, "--data", path)
    assert (result.exit_code, result.stdout) == (1, "")
    assert isinstance(result.exception, SystemExit)  # not a crash that CliRunner caught
    assert result.stderr == expected(case, path)
    assert snapshot(path) == before
    assert list(tmp_path.iterdir()) == []


def test_tags_that_would_run_commands_run_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = (HOSTILE / "python-tags.yaml").read_text(encoding="utf-8")
    assert "pwned.txt" in text  # what the tags would create, with an unsafe loader
    result = run("show", "baker", "--data", HOSTILE / "python-tags.yaml")
    assert result.exit_code == 1
    assert not (tmp_path / "pwned.txt").exists()


def test_the_alias_bomb_is_refused_without_expanding_it() -> None:
    path = HOSTILE / "alias-bomb.yaml"
    tracemalloc.start()
    try:
        result = run("list", "--data", path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.exit_code == 1
    # 387,420,489 strings, were they built, would take gigabytes; the file's nodes take kilobytes.
    assert peak < 5_000_000
    assert "lol" not in result.stderr
    assert len(result.stderr) < 200


def test_a_huge_value_is_clipped_in_its_message() -> None:
    result = run("list", "--data", HOSTILE / "importance-out-of-range.yaml")
    assert max(len(line) for line in result.stderr.splitlines()) < 200


# -- with the pure-Python YAML parser (no libyaml) --------------------------------------------


@pytest.mark.parametrize("case", list(CASES))
def test_the_pure_python_parser_gives_the_same_answers(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    path = HOSTILE / case
    result = run("list", "--data", path)
    assert (result.exit_code, result.stdout) == (1, "")
    assert isinstance(result.exception, SystemExit)
    if any("YAML syntax error" in line for line in CASES[case]):
        # The two parsers word syntax errors differently, but agree on where they are.
        got, want = result.stderr, expected(case, path)
        assert got.split(" error: ")[0] == want.split(" error: ")[0]
    else:
        assert result.stderr == expected(case, path)


def test_deep_nesting_without_libyaml_is_a_message_not_a_recursion_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    for opening, closing in [("[", "]"), ("{a: ", "}")]:
        path = tmp_path / "deep.yaml"
        path.write_text("version: 1\nroles: " + opening * 50_000 + closing * 50_000 + "\n", encoding="utf-8")
        result = run("list", "--data", path)
        assert result.exit_code == 1
        # The mapping at the top and 999 levels are allowed; the 1,000th opening is where it stops.
        column = len("roles: ") + 999 * len(opening) + 1
        assert result.stderr == f"{path}:2:{column}: is nested too deeply to be a roles file\n"


# -- valid files in unusual forms --------------------------------------------------------------

BAKER = {"id": "baker", "name": "Baker", "aliases": [], "summary": "Bakes bread."}


def json_of(*args: str | Path) -> Any:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


@pytest.mark.parametrize("case", ["bom.yaml", "crlf.yaml"])
def test_a_byte_order_mark_and_crlf_line_endings_load(case: str) -> None:
    data = (HOSTILE / case).read_bytes()
    if case == "bom.yaml":
        assert data.startswith(b"\xef\xbb\xbf")
    else:
        assert data.count(b"\r\n") == data.count(b"\n") == 7
    assert json_of("list", "--data", HOSTILE / case) == [BAKER]
    shown = json_of("show", "baker", "--data", HOSTILE / case)
    assert shown["summary"] == "Bakes bread."  # no stray \r
    assert shown["dimensions"] == {
        "skills": [{"name": "Kneading", "importance": 3}, {"name": "Ovens", "importance": 3}]
    }


def test_aliases_used_as_meant_are_allowed() -> None:
    compared = json_of("compare", "baker", "pastry-chef", "-d", "skills", "--data", HOSTILE / "anchors.yaml")
    skills = compared["dimensions"][0]
    assert skills["shared"] == ["Kneading", "Ovens", "Timing"]
    assert skills["similarity"] == 1.0


def test_a_file_of_many_aliases_that_stays_small_loads(tmp_path: Path) -> None:
    # 40 roles that share one list of 30 skills: 1,200 items written as 40 aliases.
    skills = ", ".join(f"skill {n}" for n in range(30))
    roles = "".join(
        f"  - id: r{n}\n    name: R{n}\n    summary: S.\n    skills: {'*s' if n else f'&s [{skills}]'}\n"
        for n in range(40)
    )
    path = tmp_path / "shared.yaml"
    path.write_text(f"version: 1\ndimensions: [skills]\nroles:\n{roles}", encoding="utf-8")
    overlap = json_of("overlap", "--data", path, "--top", "1")
    assert overlap["dimensions"][0]["groups"] == [
        {"roles": [f"r{n}" for n in range(40)], "items": [f"skill {n}" for n in range(30)]}
    ]


# -- where the path itself is hostile -----------------------------------------------------------


def test_a_path_with_control_and_bidi_characters_is_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / "roles\x1b[2J\u202e.yaml"
    result = run("list", "--data", path)
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path}/roles\\x1b[2J\\u202e.yaml: no such file; check the path\n"
