"""The command line's exit codes, and which error ends a run with which: one table, in one place.

The library knows nothing of exit codes; the entry point (__main__.py) and the CLI (cli.py,
cli_io.py) look them up here.
"""

from __future__ import annotations

from enum import IntEnum

from roles_cli.errors import RolesError, UsageError


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    """Bad data, a role that is not in the file, an answer that could not be written."""
    NO_MATCH = 1
    """search or list TERM found nothing: as grep does, so that a script can tell."""
    USAGE = 2
    """The command line itself is wrong: an unknown option, dimension or format."""
    INTERRUPTED = 130
    """128 + SIGINT, as shells report Ctrl-C."""


EXIT_CODES: tuple[tuple[type[RolesError], ExitCode], ...] = (
    (UsageError, ExitCode.USAGE),
    (RolesError, ExitCode.ERROR),
)
"""Error class -> exit code; the first class that matches wins, so subclasses come first."""


def exit_code(error: RolesError) -> ExitCode:
    return next(code for kind, code in EXIT_CODES if isinstance(error, kind))
