"""Everything that can go wrong, as exceptions that carry what a message needs, and the exit codes.

The library raises these; only the CLI turns them into text on stderr and an exit code.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    """Bad data, or a role that is not in the file."""
    USAGE = 2
    """The command line itself is wrong: an unknown option, dimension or format."""
    INTERRUPTED = 130
    """128 + SIGINT, as shells report Ctrl-C."""


class Problem(NamedTuple):
    """One thing wrong (or suspicious) in a roles file, with where it is."""

    source: str
    message: str
    line: int | None = None
    """1-based."""
    column: int | None = None
    """1-based; only where it helps (syntax errors)."""
    warning: bool = False

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        kind = "warning: " if self.warning else ""
        return f"{where}: {kind}{self.message}"


class RolesError(Exception):
    """Base of every error the library raises on purpose."""

    exit_code: ExitCode = ExitCode.ERROR


class DataError(RolesError):
    """A roles file that cannot be used. Carries every problem found, errors first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UnknownRoleError(RolesError):
    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = suggestions
        shown = query if len(query) <= 60 else query[:59] + "…"
        message = f"unknown role {shown!r}"
        if suggestions:
            message += f" — did you mean {_either(suggestions)}?"
        super().__init__(message)


class OutputError(RolesError):
    """A result that could not be written where it was asked to go (--save)."""

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"cannot write {path}: {reason}")


class UsageError(RolesError):
    """A value on the command line that the data rules out (a dimension the file does not have)."""

    exit_code = ExitCode.USAGE


class UnknownDimensionError(UsageError):
    def __init__(self, query: str, valid: tuple[str, ...]) -> None:
        self.query = query
        self.valid = valid
        super().__init__(f"unknown dimension {query!r}; this file has: {', '.join(valid)}")


def _either(options: list[str]) -> str:
    if len(options) == 1:
        return options[0]
    return ", ".join(options[:-1]) + " or " + options[-1]
