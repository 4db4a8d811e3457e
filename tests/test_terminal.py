"""What happens only at a terminal: long tables go through the user's pager, slow work shows a line
on stderr; and neither ever reaches a file or a pipe."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from roles_cli.cli_terminal import Progress
from tests.helpers import ROOT, on_a_terminal

pty = pytest.importorskip("pty")

SGR = re.compile("\x1b\\[[0-9;]*m")
# A pager that writes what it is given, and the LESS it was started with, to the file it is named.
PAGER = """\
import os, sys
text = sys.stdin.read()
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write(os.environ.get("LESS", "") + "\\n" + text)
"""
# A pager that reads one line and quits, as a reader who has seen enough.
IMPATIENT = "import sys; sys.stdin.readline()"


def pager(tmp_path: Path, script: str = PAGER) -> tuple[str, Path]:
    path = tmp_path / "pager.py"
    path.write_text(script, encoding="utf-8")
    out = tmp_path / "paged.txt"
    return f"{sys.executable} {path} {out}", out


def test_a_table_on_a_terminal_goes_through_the_pager_laid_out_for_the_terminal(tmp_path: Path) -> None:
    command, out = pager(tmp_path)
    shown, errors, code = on_a_terminal("list", env={"PAGER": command}, columns=60)
    assert (code, errors, shown) == (0, "", "")  # all of it went to the pager
    less, paged = out.read_text(encoding="utf-8").split("\n", 1)
    assert less == "FRX"  # as git does: a `less` named by PAGER quits on a short answer, keeps colours
    assert "\x1b[" in paged  # a terminal's colours, for the terminal the pager writes to
    lines = SGR.sub("", paged).splitlines()
    assert lines[0] == "3 roles in roles.yaml (bundled)"
    assert max(map(len, lines)) == 60  # laid out for the terminal, not for a pipe


def test_roles_pager_wins_over_pager(tmp_path: Path) -> None:
    command, out = pager(tmp_path)
    _, errors, code = on_a_terminal("show", "ds", env={"PAGER": "no-such-pager", "ROLES_PAGER": command})
    assert (code, errors) == (0, "")
    assert "Data Scientist (data-scientist)" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--no-pager"], {}),
        ([], {"ROLES_PAGER": ""}),
        ([], {"ROLES_PAGER": "cat"}),
        (["--format", "json"], {}),
    ],
    ids=["--no-pager", "ROLES_PAGER=", "ROLES_PAGER=cat", "json"],
)
def test_no_pager_when_asked_or_for_json(tmp_path: Path, args: list[str], env: dict[str, str]) -> None:
    command, out = pager(tmp_path)
    shown, errors, code = on_a_terminal("list", *args, env={"PAGER": command, **env})
    assert (code, errors) == (0, "")
    assert "data-scientist" in shown
    assert not out.exists()


def test_never_a_pager_when_stdout_is_not_a_terminal(tmp_path: Path) -> None:
    command, out = pager(tmp_path)
    env = {**os.environ, "PAGER": command, "ROLES_PAGER": command}
    done = subprocess.run(
        [sys.executable, "-m", "roles_cli", "list"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.startswith("3 roles in")
    assert not out.exists()


def test_a_pager_that_cannot_be_run_is_a_warning_and_the_table_still_prints(tmp_path: Path) -> None:
    shown, errors, code = on_a_terminal("list", env={"PAGER": str(tmp_path / "no-such-pager")})
    assert code == 0
    assert errors.startswith("warning: cannot run the pager")
    assert "set PAGER or ROLES_PAGER" in errors
    assert "data-scientist" in shown


def test_quitting_the_pager_early_is_no_error(tmp_path: Path) -> None:
    command, _ = pager(tmp_path, IMPATIENT)
    shown, errors, code = on_a_terminal(
        "list", "--data", "tests/fixtures/onet/onet-roles.yaml", "--top", "0", env={"PAGER": command}
    )
    assert (code, errors) == (0, "")


# -- the progress line ----------------------------------------------------------------------------------


class Terminal(io.StringIO):
    """A stderr that says it is a terminal, and tells when something is written to it."""

    def __init__(self, tty: bool = True) -> None:
        super().__init__()
        self.tty = tty
        self.written = threading.Event()

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        self.written.set()
        return super().write(text)


def test_slow_work_shows_what_it_is_doing_and_clears_the_line_after() -> None:
    stderr = Terminal()
    progress = Progress(stderr, delay=0)
    progress.say("reading onet-roles.yaml")
    assert stderr.written.wait(timeout=30)
    progress.clear()
    shown = stderr.getvalue()
    assert "reading onet-roles.yaml..." in shown
    assert shown.endswith("\r\x1b[K")  # the line is left empty for what comes next


def test_reading_a_large_file_says_how_far_it_has_got(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The progress line says the share of the file read, rising, while a file is parsed (what it
    says, in order; when the line shows it is up to the clock, tested above)."""
    from roles_cli import cli_io

    said: list[str] = []
    line = Progress(Terminal(), delay=3600)
    monkeypatch.setattr(line, "say", said.append)
    monkeypatch.setattr(cli_io, "progress", line)
    monkeypatch.setenv("ROLES_NO_CACHE", "1")
    path = tmp_path / "large.yaml"
    path.write_text(
        "version: 1\ndimensions: [skills]\nroles:\n"
        + "".join(f"  - {{id: r{n}, name: R {n}, summary: s, skills: [s{n}]}}\n" for n in range(300))
    )
    cli_io.load(path)
    reading = [m for m in said if m.startswith("reading")]
    shares = [int(m.removeprefix(f"reading {path}: ").removesuffix("%")) for m in reading[1:]]
    assert reading[0] == f"reading {path}"
    assert shares == list(range(1, shares[-1] + 1)) and shares[-1] == 99  # each percent once
    assert said[len(reading) :] == [f"checking {path} for items spelled two ways"]


def test_no_progress_line_unless_stderr_is_a_terminal() -> None:
    stderr = Terminal(tty=False)
    progress = Progress(stderr, delay=0)
    progress.say("reading onet-roles.yaml")
    progress.clear()
    assert stderr.getvalue() == ""


def test_quick_work_shows_nothing() -> None:
    stderr = Terminal()
    progress = Progress(stderr, delay=3600)  # never reached: the work is done before
    progress.say("reading roles.yaml")
    progress.clear()
    assert stderr.getvalue() == ""


def test_a_pager_the_shell_cannot_find_is_a_warning_and_the_table_still_prints() -> None:
    # A pager with shell syntax is run by the shell, which can only say afterwards that it failed.
    shown, errors, code = on_a_terminal("list", env={"PAGER": "no-such-pager-at-all -$LESS"})
    assert code == 0
    assert "warning: cannot run the pager 'no-such-pager-at-all -$LESS'; set PAGER or ROLES_PAGER" in errors
    assert "data-scientist" in shown
