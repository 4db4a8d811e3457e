"""The installed `roles` command, run as a user runs it: a separate process, outside the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def installed_roles() -> str:
    beside = Path(sys.executable).parent / "roles"
    found = str(beside) if beside.exists() else shutil.which("roles")
    assert found, "the `roles` command is not installed: run python -m pip install '.[test]' first"
    return found


def test_installed_command_compares_from_another_directory(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    env.pop("ROLES_DATA", None)
    done = subprocess.run(
        [installed_roles(), "compare", "ds", "mle"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.startswith(
        "Data Scientist (data-scientist) vs Machine Learning Engineer (ml-engineer)\n"
    )
    assert "│ Python " in done.stdout


def test_python_dash_m_runs_the_same_command(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "roles_cli", "show", "nope"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("error: unknown role 'nope'")
