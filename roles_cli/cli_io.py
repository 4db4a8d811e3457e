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

from roles_cli.cli_options import Format, ranked
from roles_cli.cli_terminal import paged, pager_command, progress, terminal_width
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
    """The roles of the file at `path` (the bundled file if None), through the cache. The first time
    a file is read, what `roles validate` would warn about it is said once, briefly."""
    from roles_cli.load import BUNDLED_NAME, read_roles

    source = str(path) if path is not None else BUNDLED_NAME
    progress.say(f"reading {source}")
    shown = [0]

    def told(what: str, share: float) -> None:  # a file being parsed: how far it has got
        if what == "reading":
            percent = int(share * 100)
            if percent != shown[0]:
                shown[0] = percent
                progress.say(f"reading {source}: {percent}%")
        elif what == "checking":
            progress.say(f"checking {source} for items spelled two ways")
        else:
            progress.say("keeping what was read in the cache, for the next run")

    roles, warnings = read_roles(path, cache=True, lint=True, max_bytes=max_size(), progress=told)
    if warnings:
        first = warnings[0]
        where = f"{source}:{first.line}" if first.line is not None else source
        more = f", and {len(warnings) - 1} more items spelled two ways" if len(warnings) > 1 else ""
        command = f"roles validate {path}" if path is not None else "roles validate"
        warn(f"{where}: {first.message.split(';')[0]}{more}; {command} lists them")
    return roles


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


def write(
    report: "Answer", fmt: Format, save: Path | None, *, top: int | None = None, pager: bool = True
) -> None:
    """The answer in `fmt` on stdout, its long tables cut as --top says (`top`: as given, None if
    not); a table for a terminal through the pager, unless `pager` is False. With `save`, the
    answer also in that file, in the format its name ends with, and a line on stderr that says so.
    The file is made before anything is printed, so a path that cannot be written is an error with
    nothing on stdout; it is put in place once the answer is printed."""
    from roles_cli.files import AtomicFile
    from roles_cli.render import make_console
    from roles_cli.render import save as save_as
    from roles_cli.render import write as render

    progress.clear()
    target = AtomicFile(save) if save is not None else None
    try:
        command = pager_command(enabled=pager) if fmt is Format.table else None
        shown = False
        if command is not None:
            with paged(command) as paging:
                if paging.stream is not None:
                    render(
                        report,
                        fmt.value,
                        stream=paging.stream,
                        limit=ranked(top, fmt),
                        terminal=terminal_width(),
                    )
            shown = paging.shown  # or the reader quit the pager: done either way
        if not shown:
            render(report, fmt.value, limit=ranked(top, fmt))
        if target is not None:
            save_as(report, target, limit=ranked(top, _saved(target.path)), width=make_console().width)
            _stderr([f"saved {_what(report, target.path)} to {target.path}"])
    finally:
        if target is not None:
            target.discard()


def _saved(path: Path) -> str:
    from roles_cli.render import saved_format

    fmt = saved_format(path) or "table"
    return "table" if fmt == "html" else fmt


def _what(report: "Answer", path: Path) -> str:
    """What --save wrote, as the line that confirms it says it."""
    from roles_cli.render import saved_format

    fmt = saved_format(path)
    if fmt in ("json", "csv"):
        return f"the answer as {fmt.upper()}"
    tables = "the table" if len(report.tables) == 1 else f"the {len(report.tables)} tables"
    kind = {".svg": "an SVG image", ".html": "an HTML page", ".txt": "text", ".md": "Markdown"}
    return f"{tables} as {kind.get(path.suffix.casefold(), 'text')}"


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
            from roles_cli.render import SAVE_FORMATS

            if save.suffix.casefold() not in SAVE_FORMATS:
                raise UsageError(f"--save {save}: use a file name ending in {', '.join(SAVE_FORMATS)}")
        yield
    except RolesError as error:
        _print_error(error)
        raise typer.Exit(exit_code(error)) from None
    finally:
        progress.clear()


HINTS = {
    "roles": "compare needs at least two roles, e.g. roles compare ds mle",
    "skills": "give at least one skill, e.g. roles fit Python SQL Statistics",
    "term": "give a term to search for, e.g. roles search python",
    "filter": "give a term the roles must contain, e.g. roles list engineer (or no term for every role)",
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


def nothing_found(message: str) -> None:
    """End a search that found nothing: say so on stderr and exit 1, as grep does."""
    from roles_cli.status import ExitCode

    _stderr([message])
    raise typer.Exit(ExitCode.NO_MATCH)


def warn(message: str) -> None:
    _stderr([f"warning: {message}"])


def _stderr(lines: Sequence[str]) -> None:
    """Messages on stderr, if it can take them: a warning that cannot be written (stderr closed,
    or on a full disk) must not cost the answer on stdout, nor an error its exit code."""
    from roles_cli.render import write_lines

    progress.clear()
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
