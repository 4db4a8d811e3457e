"""What `import roles_cli` promises a notebook or a server: no process-wide side effects, no files
written unless asked, immutable records, and errors that carry data rather than shell advice."""

from __future__ import annotations

import compileall
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import roles_cli
from roles_cli import Item, MissingArgumentError, UnknownRoleError, UsageError, load_roles
from tests.helpers import ANSWERS, BUNDLED, MINIMAL, ROOT, command_names, raw, write_yaml


def python(code: str, *, env: dict[str, str] | None = None, cwd: Path = ROOT) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("enabled", [True, False])
def test_the_library_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path, enabled: bool) -> None:
    code = (
        "import gc, roles_cli\n"
        f"{'gc.enable()' if enabled else 'gc.disable()'}\n"
        "calls = []\n"
        "for name in ('enable', 'disable', 'freeze', 'unfreeze', 'collect', 'set_threshold'):\n"
        "    setattr(gc, name, lambda *a, name=name: calls.append(name))\n"
        "roles = roles_cli.load_roles()\n"
        "roles_cli.overlap(roles)\n"
        "roles_cli.load_roles(cache=True)\n"
        "roles_cli.similar(roles, 'ds'); roles_cli.fit(roles, ['Python'])\n"
        "print(gc.isenabled(), gc.get_freeze_count(), calls)\n"
    )
    output = python(code, env={"XDG_CACHE_HOME": str(tmp_path)})
    assert output.split() == [str(enabled), "0", "[]"], output


def test_library_errors_carry_data_and_no_command_lines() -> None:
    roles = load_roles()
    with pytest.raises(MissingArgumentError) as too_few:
        roles_cli.compare(roles, ["ds"])
    assert too_few.value.argument == "roles"
    with pytest.raises(MissingArgumentError) as no_skills:
        roles_cli.fit(roles, [" "])
    assert no_skills.value.argument == "skills"
    with pytest.raises(MissingArgumentError) as no_term:
        roles_cli.search(roles, "")
    assert no_term.value.argument == "term"
    with pytest.raises(UnknownRoleError) as unknown:
        roles_cli.similar(roles, "data scientst")
    assert unknown.value.query == "data scientst"
    assert any("data-scientist" in suggestion for suggestion in unknown.value.suggestions)
    for error in (too_few.value, no_skills.value, no_term.value, unknown.value):
        assert "roles " not in str(error), str(error)  # nothing to type at a shell
        assert not hasattr(error, "exit_code")


def test_the_command_line_adds_the_hints(tmp_path: Path) -> None:
    from tests.helpers import run

    one = run("compare", "ds")
    assert one.exit_code == 2
    assert "e.g. roles compare ds mle" in one.stderr
    assert "e.g. roles fit Python" in run("fit", " ").stderr
    assert "e.g. roles search python" in run("search", "").stderr


def test_roles_and_items_are_immutable_and_hashable() -> None:
    roles = load_roles()
    role = roles.resolve("ds")
    with pytest.raises(TypeError):
        role.dimensions["skills"] = ()  # type: ignore[index]
    with pytest.raises(AttributeError):
        role.dimensions.clear()  # type: ignore[attr-defined]
    assert len({role, roles.resolve("data-scientist"), roles.resolve("mle")}) == 2
    assert {role: 1}[load_roles().resolve("ds")] == 1  # equal roles from two loads are one key
    skills = raw(BUNDLED)["roles"][0]["skills"]
    assert [item.key for item in role.items("skills")] == [entry["key"] for entry in skills]


def test_an_items_key_is_a_field_computed_once() -> None:
    item = Item("  Machine   Learning ", 4)
    assert item.key == "machine learning"
    assert "key" in Item._fields  # stored, not recomputed on every access
    assert item._replace(name="Deep learning").key == "deep learning"
    assert item._replace(importance=5).key == "machine learning"
    assert Item._make(["SQL", 3.0]).key == "sql"


def test_bytecode_only_install_runs_every_command(tmp_path: Path) -> None:
    """An install that ships only .pyc files (compileall -b, sources removed) works: nothing reads
    the package's own .py files."""
    package = tmp_path / "roles_cli"
    shutil.copytree(ROOT / "roles_cli", package, ignore=shutil.ignore_patterns("__pycache__"))
    (package / "data").mkdir()
    shutil.copy(BUNDLED, package / "data" / "roles.yaml")
    assert compileall.compile_dir(package, legacy=True, quiet=1)
    for source in package.glob("*.py"):
        source.unlink()
    assert not list(package.glob("*.py")) and list(package.glob("*.pyc"))
    data = write_yaml(tmp_path, MINIMAL)
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "NO_COLOR": "1",
        "COLUMNS": "100",
    }
    commands = [
        ["--version"],
        ["--help"],
        *ANSWERS,
        ["validate"],
        ["schema"],
        ["list", "--data", str(data)],
        ["list", "--data", str(data)],  # a cache hit this time
        ["report", "ds", "mle", "aie"],  # pictures, on stdout when it is no terminal
        ["chart", "venn", "ds", "mle"],
        ["chart", "upset", "ds", "mle", "aie"],
        ["chart", "heatmap"],
    ]
    assert {c[0] for c in commands if not c[0].startswith("-")} == set(command_names())
    for command in commands:
        done = subprocess.run(
            [sys.executable, "-m", "roles_cli", *command],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            check=False,
        )
        assert done.returncode == 0, (command, done.stderr)
        assert done.stdout.strip(), command
        assert "Traceback" not in done.stderr
    imported = python("import roles_cli; print(roles_cli.__file__)", env=env, cwd=tmp_path)
    assert imported.strip().endswith(".pyc")


def test_usage_errors_are_one_family() -> None:
    assert issubclass(MissingArgumentError, UsageError)
