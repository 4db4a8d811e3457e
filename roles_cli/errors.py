"""Everything that can go wrong, as exceptions that carry what went wrong and where.

The library raises these with data (the file and line, the name asked for, the suggestions), not
exit codes and not command lines to type: those are the command line's (status.py, cli_io.py).
"""

from __future__ import annotations

from typing import NamedTuple


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


class DataError(RolesError):
    """A roles file that cannot be used. Carries every problem found, errors first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def at(cls, source: str, message: str, line: int | None = None, column: int | None = None) -> DataError:
        """The error of one problem, in `source` at `line` and `column`."""
        return cls([Problem(source, message, line, column)])


class TooLargeError(DataError):
    """A file larger than the most that is read of its kind; `limit` is that many bytes."""

    def __init__(self, source: str, limit: int, kind: str) -> None:
        self.limit = limit
        self.kind = kind
        super().__init__([Problem(source, f"is larger than {_size(limit)}, the most {kind} may have")])


def _size(limit: int) -> str:
    return f"{limit / 2**20:g} MiB" if limit >= 2**20 else f"{limit:,} bytes"


class UnknownRoleError(RolesError):
    """A name that is no role's id, alias or name; `suggestions` are the closest ones, as
    "'id' (Name)"."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = suggestions
        shown = query if len(query) <= 60 else query[:59] + "…"
        message = f"unknown role {shown!r}"
        if suggestions:
            message += f" — did you mean {_either(suggestions)}?"
        super().__init__(message)


class OutputError(RolesError):
    """An answer that could not be written where it was asked to go."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot write {path}: {reason}")


class UsageError(RolesError):
    """A request that cannot be answered as given: too few roles, no skills, an empty term.

    `argument` names the parameter at fault ("roles", "skills", "term", "dimensions", ...), so that
    a caller can say how to put it right in its own terms.
    """

    def __init__(self, message: str, *, argument: str | None = None) -> None:
        self.argument = argument
        super().__init__(message)


class MissingArgumentError(UsageError):
    """Less was given than the request needs: fewer than two roles to compare, no skills, an
    empty search term. `argument` names what to give more of."""

    def __init__(self, message: str, *, argument: str) -> None:
        super().__init__(message, argument=argument)


class UnknownDimensionError(UsageError):
    def __init__(self, query: str, valid: tuple[str, ...]) -> None:
        self.query = query
        self.valid = valid
        super().__init__(
            f"unknown dimension {query!r}; this file has: {', '.join(valid)}", argument="dimensions"
        )


def _either(options: list[str]) -> str:
    if len(options) == 1:
        return options[0]
    return ", ".join(options[:-1]) + " or " + options[-1]
