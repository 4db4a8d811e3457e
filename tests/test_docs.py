"""The README is part of the product: its examples are real output, and it covers every command."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.helpers import ROOT, command_names, run

README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```console\n\$ (roles [^\n]*)\n(.*?)```", README, flags=re.DOTALL)
COMMANDS = command_names()


def test_the_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 8


@pytest.mark.parametrize(
    ("command", "output"),
    [pytest.param(c, o, marks=[pytest.mark.slow] if "onet-roles.yaml" in c else []) for c, o in EXAMPLES],
    ids=[c for c, _ in EXAMPLES],
)
def test_readme_output_is_what_the_command_prints(
    command: str, output: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The README shows what a terminal shows: the command writes its warnings and errors (stderr)
    # before its answer (stdout).
    monkeypatch.chdir(ROOT)
    result = run(*shlex.split(command)[1:], env={"COLUMNS": "80"})
    assert result.stderr + result.stdout == output


def test_every_command_is_checked() -> None:
    # A command registered without a name used to be checked as "", which every README passes.
    assert "show" in COMMANDS and all(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented_with_an_example(command: str) -> None:
    assert f"### `roles {command}" in README
    shown = any(example.startswith(f"roles {command}") for example, _ in EXAMPLES)
    # A command whose whole output would not help the reader (schema) shows how it is used instead.
    assert shown or re.search(rf"`roles {command} [^`]+`", README)


def test_quick_start_is_two_commands_and_ci_runs_the_test_one() -> None:
    quick = README.split("## Quick start")[1].split("\n## ")[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quick, flags=re.DOTALL)
    assert len(commands) == 2
    install, test = commands
    assert "pip install ." in install and "roles compare" in install
    assert "pip install '.[test]'" in test and "pytest" in test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci


def test_fixture_attribution_travels_with_the_onet_copy() -> None:
    notice = (Path(ROOT) / "tests" / "fixtures" / "onet" / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in notice and "USDOL/ETA" in notice


def test_the_python_api_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    (snippet,) = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    exec(compile(snippet, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("['Python', 'SQL', 'Statistics'")
    # each printed value is the one the comment beside it in the README gives
    comments = re.findall(r"print\(round\(skills.similarity, 2\)\)  # (\S+)", snippet)
    assert printed[1] == comments[0]
    assert printed[2].startswith(re.findall(r"because\[:2\]\]\)  # (\[[^]]*\])", snippet)[0])
