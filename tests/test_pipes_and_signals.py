"""The CLI as a real process at the end of a pipe, and interrupted: it stops quietly.

A reader that goes away (`roles list | head -1`) ends the command with exit 1 and nothing on
stderr; Ctrl-C ends it with exit 130 and nothing on stderr, wherever it lands. No traceback and no
"Exception ignored" either way.
"""

from __future__ import annotations

import errno
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pipes and signals as on a POSIX system")

TIMEOUT = 120
"""Seconds before a process that should have ended is taken to hang; never a measure of speed."""


def roles_command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "roles_cli", *(str(a) for a in args)]


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ROLES_DATA", "FORCE_COLOR")}
    return {**env, "NO_COLOR": "1", "COLUMNS": "80"}


def big_file(path: Path, count: int) -> Path:
    """A valid roles file of `count` roles whose `list` output is far beyond a pipe's buffer."""
    lines = ["version: 1", "dimensions: [skills]", "roles:"]
    for n in range(count):
        lines += [
            f"  - id: role-{n}",
            f"    name: Role number {n}",
            f"    summary: The summary of role {n}, long enough to wrap in a table of eighty columns.",
            f"    skills: [cooking {n % 7}, baking {n % 11}, serving {n % 13}]",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def start(*args: str | Path, cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        roles_command(*args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(),
        cwd=cwd,
        # As from a terminal: Ctrl-C is not ignored (a shell's background job, which these tests
        # may be, passes SIGINT on ignored, and Python then installs no handler).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def open_for_writing(fifo: Path, process: subprocess.Popen[bytes]) -> int:
    """The FIFO's write end, once the process has opened it to read (and not before)."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:
            return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as error:  # ENXIO: no reader yet
            if error.errno != errno.ENXIO or process.poll() is not None or time.monotonic() > deadline:
                raise
        time.sleep(0.01)


def stderr_and_code(process: subprocess.Popen[bytes]) -> tuple[bytes, int]:
    assert process.stderr is not None
    errors = process.stderr.read()
    process.stderr.close()
    return errors, process.wait(timeout=TIMEOUT)


# -- the reader goes away --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_head_1_on_a_big_listing_is_quiet(fmt: str, tmp_path: Path) -> None:
    path = big_file(tmp_path / "big.yaml", 1500)
    # --top 0: all 1,500 roles, more than a pipe holds (people's formats show ten by default)
    process = start("list", "--data", path, "--format", fmt, "--top", "0", cwd=tmp_path)
    assert process.stdout is not None
    first = process.stdout.readline()
    process.stdout.close()  # what `head -1` does after its line
    errors, code = stderr_and_code(process)
    assert first.strip()
    assert errors == b""
    assert code == 1


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_a_reader_gone_before_the_first_byte_is_quiet(fmt: str, tmp_path: Path) -> None:
    process = start("compare", "ds", "mle", "--format", fmt, cwd=tmp_path)
    assert process.stdout is not None
    process.stdout.close()
    errors, code = stderr_and_code(process)
    assert errors == b""
    assert code == 1


@pytest.mark.skipif(not (shutil.which("sh") and shutil.which("head")), reason="needs sh and head")
def test_a_shell_pipe_into_head_c_20(tmp_path: Path) -> None:
    command = shlex.join(roles_command("compare", "ds", "mle")) + " | head -c 20"
    done = subprocess.run(
        ["sh", "-c", command], capture_output=True, env=environment(), cwd=tmp_path, timeout=TIMEOUT
    )
    assert done.stdout == b"Data Scientist (data"
    assert done.stderr == b""


# -- Ctrl-C --------------------------------------------------------------------------------------


def test_ctrl_c_while_standard_input_is_read_exits_130_quietly(tmp_path: Path) -> None:
    process = subprocess.Popen(
        roles_command("fit", "--skills-file", "-"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(),
        cwd=tmp_path,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdin is not None
    process.stdin.write(b"Python\nSQL\n")
    process.stdin.flush()
    time.sleep(1)  # not a measure of anything: time for the interpreter to start and wait on stdin
    process.send_signal(signal.SIGINT)  # it is waiting for the rest of its skills
    output, errors = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 130
    assert output == b""
    assert errors == b""


def test_a_fifo_as_the_roles_file_is_refused_at_once_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "roles.yaml"
    os.mkfifo(fifo)  # nobody will ever write to it
    cases: list[list[str | Path]] = [
        ["list", "--data", fifo],
        ["validate", fifo],
        ["fit", "--text", fifo],
        ["fit", "--skills-file", fifo],
    ]
    for args in cases:
        done = subprocess.run(
            roles_command(*args), capture_output=True, env=environment(), cwd=tmp_path, timeout=TIMEOUT
        )
        what = (
            "a roles YAML file"
            if "fit" not in args
            else "a text"
            if "--text" in args
            else "a file of skills, one a line"
        )
        assert (done.returncode, done.stdout) == (1, b""), args
        assert (
            done.stderr.decode()
            == f"{fifo}: is a named pipe (FIFO), not a regular file; give the path of {what}\n"
        )


def test_ctrl_c_while_the_output_is_printed_exits_130_quietly(tmp_path: Path) -> None:
    path = big_file(tmp_path / "big.yaml", 1500)
    process = start("list", "--data", path, "--top", "0", cwd=tmp_path)
    assert process.stdout is not None
    assert process.stdout.read(1)  # printing has begun, and cannot end while this pipe is not read
    process.send_signal(signal.SIGINT)
    process.stdout.read()
    process.stdout.close()
    errors, code = stderr_and_code(process)
    assert code == 130
    assert errors == b""


@pytest.mark.parametrize("where", ["typer.main.get_command", "roles_cli.load.read_roles"])
def test_ctrl_c_anywhere_in_the_entry_point_ends_the_same_way(
    where: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Ctrl-C as it lands: before the command line is even parsed, or inside a command.
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    from roles_cli.__main__ import main

    monkeypatch.setattr(where, interrupted)
    monkeypatch.setattr(sys, "argv", ["roles", "list"])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 130
    assert capsys.readouterr() == ("", "")


# -- kill and hang-up --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_kill_while_a_table_is_saved_leaves_no_hidden_file_behind(name: str, tmp_path: Path) -> None:
    path = big_file(tmp_path / "big.yaml", 1500)
    saved = tmp_path / "out.txt"
    process = start("list", "--data", path, "--top", "0", "--save", saved, cwd=tmp_path)
    assert process.stdout is not None
    assert process.stdout.read(1)  # printing has begun, and cannot end while this pipe is not read
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.txt.")]  # being written
    process.send_signal(getattr(signal, name))
    process.stdout.read()
    process.stdout.close()
    errors, code = stderr_and_code(process)
    assert code == 128 + getattr(signal, name)
    assert errors == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.yaml"]  # neither half a file nor a hidden one
