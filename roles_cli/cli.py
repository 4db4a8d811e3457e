"""The `roles` command line: parse arguments, call the library, render, map errors to exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from roles_cli import __version__
from roles_cli.analysis import compare, overlap
from roles_cli.errors import DataError, ExitCode, RolesError, UsageError
from roles_cli.load import load_roles
from roles_cli.model import Role, RoleSet
from roles_cli.render import compare_report, list_report, overlap_report, show_report, write

MAX_PROBLEMS_SHOWN = 20
DEFAULT_TOP = 10

app = typer.Typer(
    name="roles",
    help="Compare job roles: what each focuses on, which skills and tasks they share, what is unique.",
    epilog="Exit codes: 0 ok, 1 bad data or unknown role, 2 usage error. Docs: see the README.",
    no_args_is_help=True,
    # Plain help and plain usage errors: Rich-styled ones cost start-up time and nothing is gained.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="ROLES_DATA",
        metavar="PATH",
        show_default=False,
        help="Roles file to read (default: the bundled data scientist / ML engineer / AI engineer file).",
    ),
]
DimensionOption = Annotated[
    list[str] | None,
    typer.Option(
        "--dimension",
        "-d",
        metavar="DIM",
        show_default=False,
        help="Only this dimension (any case); repeat for several. Default: every dimension of the file.",
    ),
]
FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", case_sensitive=False, help="Output format."),
]


def _version(value: bool) -> None:
    if value:
        print(f"roles {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Compare job roles side by side: focus, skills, tasks and goals.

    \b
    Examples:
      roles list
      roles compare ds mle
      roles show ai-engineer --dimension skills
      roles overlap --dimension skills
      roles compare statisticians database-architects --data onet-roles.yaml
    """


@app.command("list")
def list_roles(data: DataOption = None, fmt: FormatOption = Format.table) -> None:
    """Every role in the file: id, name, aliases and summary.

    \b
    Example:
      roles list
      roles list --data my-roles.yaml
    """
    with _reported():
        write(list_report(_load(data)), fmt.value)


@app.command()
def show(
    role: Annotated[
        str, typer.Argument(metavar="ROLE", help="Role id, alias or name, any case.", show_default=False)
    ],
    dimension: DimensionOption = None,
    data: DataOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """One role in full: summary, every item of every dimension with its importance, sources.

    \b
    Example:
      roles show ai-engineer
      roles show ds --dimension skills --dimension tasks
    """
    with _reported():
        roles = _load(data)
        write(show_report(roles.resolve(role), _dimensions(roles, dimension)), fmt.value)


@app.command("compare")
def compare_roles(
    role: Annotated[
        list[str],
        typer.Argument(metavar="ROLE", help="Two or more roles: id, alias or name.", show_default=False),
    ],
    dimension: DimensionOption = None,
    data: DataOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Roles side by side, one column each; ● marks items every compared role has.

    Each dimension also shows how similar the roles are: the importance-weighted
    Jaccard index of their items (the mean over pairs for more than two roles).

    \b
    Example:
      roles compare ds mle
      roles compare ds mle ai --dimension skills
    """
    with _reported():
        roles = _load(data)
        chosen = _resolve(roles, role)
        if len(chosen) < 2:
            raise UsageError("compare needs at least two roles, e.g. roles compare ds mle")
        write(compare_report(compare(chosen, _dimensions(roles, dimension))), fmt.value)


@app.command("overlap")
def overlap_roles(
    role: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ROLE", help="Roles to include (default: every role in the file).", show_default=False
        ),
    ] = None,
    dimension: DimensionOption = None,
    top: Annotated[
        int,
        typer.Option("--top", "-n", min=1, help="How many most shared items and most similar pairs to show."),
    ] = DEFAULT_TOP,
    data: DataOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """What roles share: the items each group of roles has in common, what is unique, the most similar pairs.

    With up to six roles every group is listed (the regions of a Venn diagram);
    with more, the most widely shared items instead.

    \b
    Example:
      roles overlap
      roles overlap --dimension skills
      roles overlap ds mle --dimension tasks
      roles overlap --data onet-roles.yaml --dimension skills --top 5
    """
    with _reported():
        roles = _load(data)
        chosen = _resolve(roles, role) if role else roles.roles
        result = overlap(chosen, _dimensions(roles, dimension), top=top)
        write(overlap_report(result, top=top), fmt.value)


# -- glue ---------------------------------------------------------------------------------------


def _load(path: Path | None) -> RoleSet:
    return load_roles(path)


def _resolve(roles: RoleSet, queries: Sequence[str]) -> tuple[Role, ...]:
    chosen = roles.resolve_all(queries)
    seen: set[str] = set()
    for query, role in zip(queries, chosen, strict=True):
        if role.id in seen:
            raise UsageError(f"{role.id} is named twice ({query!r}); name each role once")
        seen.add(role.id)
    return chosen


def _dimensions(roles: RoleSet, queries: Sequence[str] | None) -> tuple[str, ...]:
    if not queries:
        return roles.dimensions
    return tuple(dict.fromkeys(roles.resolve_dimension(query) for query in queries))


@contextmanager
def _reported() -> Iterator[None]:
    """Library errors -> a short message on stderr and the exit code that goes with it."""
    try:
        yield
    except RolesError as error:
        _print_error(error)
        raise typer.Exit(error.exit_code) from None


def _print_error(error: RolesError) -> None:
    if isinstance(error, DataError):
        lines = [str(problem) for problem in error.problems]
        if len(lines) > MAX_PROBLEMS_SHOWN:
            more = len(lines) - MAX_PROBLEMS_SHOWN
            lines = [
                *lines[:MAX_PROBLEMS_SHOWN],
                f"... and {more} more problems (roles validate FILE lists them all)",
            ]
    else:
        lines = [f"error: {error}"]
    from roles_cli.render import safe

    # One line per problem, whatever the file names: a newline in a key or a path is shown as \n.
    sys.stderr.write("".join(safe(line).replace("\n", "\\n") + "\n" for line in lines))


def main() -> None:
    """Console-script entry point: the app, plus what no command can catch itself."""
    try:
        app(prog_name="roles")
    except KeyboardInterrupt:
        # Ctrl-C before a command runs. Within one, Typer already exits 130 without a word; say
        # nothing here either, so that Ctrl-C always ends the same way (the terminal shows ^C).
        sys.exit(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (`roles list | head -1`): stop quietly, as the Python docs advise,
        # pointing stdout at devnull so the interpreter's final flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(ExitCode.ERROR)
