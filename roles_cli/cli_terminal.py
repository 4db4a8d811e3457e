"""What the command line does only for a person at a terminal: long tables through a pager, as git
and gh do, and a line on stderr while slow work runs. Neither ever happens when the output goes to
a file or a pipe, so that scripts see exactly what they always saw.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

DEFAULT_PAGER = "less -FRX"
"""-F: quit at once when the answer fits on one screen; -R: keep the colours; -X: leave the answer
on the screen after quitting."""
_SHELL = set("|&;<>()$`*?[]#~{}")
"""A pager command with one of these is run by the shell; else directly, so that a missing one is
known at once and the answer printed without it."""


def pager_command(*, enabled: bool = True) -> list[str] | None:
    """The pager to show a table through, as arguments; None when there is to be none: not asked
    for, stdout not a terminal, ROLES_PAGER (or else PAGER) set to nothing or to `cat`."""
    if not enabled or not _is_terminal(sys.stdout):
        return None
    command = os.environ.get("ROLES_PAGER", os.environ.get("PAGER", DEFAULT_PAGER)).strip()
    if not command or command == "cat":
        return None
    if _SHELL & set(command):
        return ["/bin/sh", "-c", command] if os.name != "nt" else None
    import shlex  # deferred: only a terminal needs it

    try:
        return shlex.split(command)
    except ValueError:  # an unbalanced quote: the shell will say what is wrong
        return ["/bin/sh", "-c", command]


class Paging:
    """Where a table goes through the pager: `stream` (None when the pager could not be started),
    and, once the pager is done, whether it `shown` the table (a shell that could not find the
    pager says so, with exit code 126 or 127: the table is then printed as usual)."""

    def __init__(self, stream: IO[str] | None) -> None:
        self.stream = stream
        self.shown = stream is not None


@contextmanager
def paged(command: list[str]) -> Iterator[Paging]:
    """The way into the pager `command`. The pager is waited for; a reader who quits it before the
    end has seen enough, so that is no error; a pager that cannot be run is a warning (see Paging)."""
    from roles_cli.cli_io import warn

    name = " ".join(command[2:] if command[:2] == ["/bin/sh", "-c"] else command)
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # what git sets: a `less` named by PAGER behaves as the default one
    env.setdefault("LV", "-c")
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            env=env,
            text=True,
            encoding=getattr(sys.stdout, "encoding", None) or "utf-8",
            errors="backslashreplace",
        )
    except OSError as error:
        warn(f"cannot run the pager {name!r} ({error.strerror or error}); set PAGER or ROLES_PAGER")
        yield Paging(None)
        return
    assert process.stdin is not None
    paging = Paging(process.stdin)
    try:
        yield paging
        process.stdin.close()
    except BrokenPipeError:
        pass
    finally:
        # Ctrl-C while the pager shows the answer is the pager's to handle: wait for it to quit.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            try:
                process.stdin.close()
            except BrokenPipeError:
                pass
            if process.wait() in (126, 127):  # the shell could not run it (and has said why)
                warn(f"cannot run the pager {name!r}; set PAGER or ROLES_PAGER")
                paging.shown = False
        finally:
            signal.signal(signal.SIGINT, previous)


def terminal_width() -> int:
    """The width of the terminal on stdout (COLUMNS wins, as for every table)."""
    import shutil

    return shutil.get_terminal_size().columns


def _is_terminal(stream: IO[str] | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # closed
        return False


# -- a line on stderr while slow work runs -------------------------------------------------------------

DELAY = 0.5
"""Work shorter than this shows nothing: a line that flashes by is noise."""
FRAMES = "|/-\\"


class Progress:
    """A spinner and a few words on stderr, after DELAY, until cleared; only when stderr is a
    terminal. One for the whole run: the command says what it is doing as it goes."""

    def __init__(self, stream: IO[str] | None = None, *, delay: float = DELAY) -> None:
        self.stream = stream
        self.delay = delay
        self.message = ""
        self.shown = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def say(self, message: str) -> None:
        """Show `message` from now on (after DELAY, if nothing is shown yet)."""
        stream = self.stream if self.stream is not None else sys.stderr
        if not _is_terminal(stream):
            return
        with self._lock:
            self.message = message
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._spin, args=(stream,), daemon=True)
            self._thread.start()

    def clear(self) -> None:
        """Stop, and leave the line as it was: before the answer or a message is written."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stop.set()
        thread.join()
        with self._lock:
            if self.shown:
                stream = self.stream if self.stream is not None else sys.stderr
                stream.write("\r\x1b[K")
                stream.flush()
                self.shown = False

    def _spin(self, stream: IO[str]) -> None:
        if self._stop.wait(self.delay):
            return
        frame = 0
        while True:
            with self._lock:
                stream.write(f"\r\x1b[K{FRAMES[frame % len(FRAMES)]} {self.message}...")
                stream.flush()
                self.shown = True
            frame += 1
            if self._stop.wait(0.1):
                return


progress = Progress()
"""The run's progress line."""
