"""What the commands read and write: roles through the cache, skills files and texts, answers in the
chosen format, and warnings and errors on stderr, with command-line hints and an exit code.

The library is imported inside the functions that use it, so that `roles --help` does not pay for it.
"""

import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from roles_cli.cli_options import Format
from roles_cli.errors import DataError, MissingArgumentError, RolesError, TooLargeError, UsageError
from roles_cli.status import exit_code

if TYPE_CHECKING:
    from roles_cli.model import RoleSet
    from roles_cli.views import Answer

MAX_PROBLEMS_SHOWN = 20
MAX_WARNINGS = 20
"""Warnings of one kind printed one by one (unknown skills); the rest are counted."""
ROLES_FILE = "a roles file"


def load(path: str | Path | None) -> "RoleSet":
    from roles_cli.load import load_roles

    return load_roles(path, cache=True, max_bytes=max_size())


MAX_SIZE = "ROLES_MAX_SIZE"
"""The environment variable that sets the largest roles file read, in MiB (default 64)."""


def max_size() -> int:
    """The largest roles file to read, in bytes: $ROLES_MAX_SIZE MiB, else the library's default."""
    from roles_cli.files import MAX_BYTES

    value = os.environ.get(MAX_SIZE, "").strip()
    if not value:
        return MAX_BYTES
    if not value.isdecimal() or not 0 < int(value) <= 1 << 20:
        raise UsageError(
            f"{MAX_SIZE}={value!r}: give the largest roles file to read in MiB, e.g. {MAX_SIZE}=512"
        )
    return int(value) * 2**20


def write(report: "Answer", fmt: Format, save: Path | None) -> None:
    from roles_cli.render import write as render

    render(report, fmt.value, save=save)


_COMMENT = re.compile(r"(?:^|\s)#.*")
"""A comment in a skills file: '#' at the start or after a space, so that "C#" stays a skill."""


MAX_TEXT_BYTES = 16 * 1024 * 1024
"""The largest text `fit --text` or `--skills-file` reads: a CV is kilobytes, a book a megabyte or two."""


def read_text(path: Path, *, what: str = "a text") -> str:
    """A text from a file or ('-') standard input, bounded and decoded, or a DataError saying why."""
    from roles_cli.files import decode, read_bytes, read_stream

    if str(path) != "-":
        return decode(read_bytes(path, str(path), what=what, limit=MAX_TEXT_BYTES, kind="a text"), str(path))
    stdin = getattr(sys.stdin, "buffer", None)
    if stdin is None or sys.stdin.closed:
        raise UsageError("standard input is closed; give a file instead of '-'")
    return decode(read_stream(stdin, "<stdin>", limit=MAX_TEXT_BYTES, kind="a text"), "<stdin>")


def read_skills(path: Path) -> list[str]:
    """Skills from a file, one a line; '-' reads stdin."""
    text = read_text(path, what="a file of skills, one a line")
    lines = (_COMMENT.sub("", line).strip() for line in text.splitlines())
    return [line for line in lines if line]


@contextmanager
def reported(fmt: Format, save: Path | None) -> Iterator[None]:
    """Check the options that need no data, then map library errors to stderr and an exit code."""
    try:
        if save is not None:
            if fmt is not Format.table:
                raise UsageError("--save writes a table; leave out --format or use --format table")
            from roles_cli.render import SAVE_FORMATS

            if save.suffix.casefold() not in SAVE_FORMATS:
                raise UsageError(f"--save {save}: use a file ending in {', '.join(SAVE_FORMATS)}")
        yield
    except RolesError as error:
        _print_error(error)
        raise typer.Exit(exit_code(error)) from None


HINTS = {
    "roles": "compare needs at least two roles, e.g. roles compare ds mle",
    "skills": "give at least one skill, e.g. roles fit Python SQL Statistics",
    "term": "give a term to search for, e.g. roles search python",
}
"""What to say, in the command line's terms, when the library says an argument is missing."""


def _print_error(error: RolesError) -> None:
    if isinstance(error, TooLargeError) and error.kind == ROLES_FILE:
        lines = [f"{error.problems[0]}; to read it anyway, set {MAX_SIZE} to its size in MiB or more"]
    elif isinstance(error, DataError):
        lines = [str(problem) for problem in error.problems]
        if len(lines) > MAX_PROBLEMS_SHOWN:
            more = len(lines) - MAX_PROBLEMS_SHOWN
            lines = [
                *lines[:MAX_PROBLEMS_SHOWN],
                f"... and {more} more problems (roles validate FILE lists them all)",
            ]
    else:
        lines = [f"error: {error}"]
        if isinstance(error, MissingArgumentError) and error.argument in HINTS:
            lines = [f"error: {HINTS[error.argument]}"]
    _stderr(lines)


def warn(message: str) -> None:
    _stderr([f"warning: {message}"])


def _stderr(lines: Sequence[str]) -> None:
    """Messages on stderr, if it can take them: a warning that cannot be written (stderr closed,
    or on a full disk) must not cost the answer on stdout, nor an error its exit code."""
    from roles_cli.render import write_lines

    try:
        write_lines(sys.stderr, lines)
    except (OSError, ValueError, AttributeError):
        _silence_stderr()


def _silence_stderr() -> None:
    """Point stderr at devnull, so that what is left in its buffer cannot fail again at exit."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stderr.fileno())
    except (OSError, ValueError, AttributeError):
        pass
