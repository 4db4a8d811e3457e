"""The `roles` command line: parse arguments, call the library, render, map errors to exit codes.

The library is imported inside the commands that use it, not at the top: building the command line
is then all that `roles --help` and shell completion pay for (see benchmarks/). For the same
reason annotations here are evaluated when the module loads (no `from __future__ import
annotations`): Typer would otherwise evaluate every one of them as a string on every run.
"""

import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from roles_cli import __version__
from roles_cli.errors import DataError, MissingArgumentError, RolesError, UsageError
from roles_cli.status import ExitCode, exit_code

if TYPE_CHECKING:
    from roles_cli.model import RoleSet
    from roles_cli.views import Answer

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


# -- shell completion: names from the data file in use ----------------------------------------------


def _completion_roles(ctx: typer.Context) -> "RoleSet | None":
    path = ctx.params.get("data") or ctx.find_root().params.get("data") or os.environ.get("ROLES_DATA")
    try:
        return _load(path)
    except (RolesError, OSError):
        return None  # a completion must never fail loudly


def complete_role(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    roles = _completion_roles(ctx)
    if roles is None:
        return []
    folded = incomplete.casefold()
    return [
        (name, role.name)
        for role in roles
        for name in (role.id, *role.aliases)
        if name.casefold().startswith(folded)
    ]


def complete_dimension(ctx: typer.Context, incomplete: str) -> list[str]:
    roles = _completion_roles(ctx)
    dimensions = roles.dimensions if roles is not None else ()
    return [d for d in dimensions if d.casefold().startswith(incomplete.casefold())]


# -- options every command shares ---------------------------------------------------------------------


def _data_from_root(ctx: typer.Context, value: Path | None) -> Path | None:
    """A command's own --data, else the one given before the command (or ROLES_DATA)."""
    if value is not None:
        return value
    root = ctx.find_root().params.get("data")  # as the command line spelled it: Typer converts later
    return Path(root) if root is not None else None


DATA_HELP = (
    "Roles file to read; also accepted before the command (roles --data FILE list). Default: $ROLES_DATA,"
    " else the bundled data scientist / ML engineer / AI engineer file."
)
# No envvar here: ROLES_DATA is read by the root's --data, so that a --data on the command line,
# before the command or after it, always wins over the environment.
DataOption = Annotated[
    Path | None,
    typer.Option("--data", metavar="PATH", show_default=False, callback=_data_from_root, help=DATA_HELP),
]
DimensionOption = Annotated[
    list[str] | None,
    typer.Option(
        "--dimension",
        "-d",
        metavar="DIM",
        show_default=False,
        autocompletion=complete_dimension,
        help="Only this dimension (any case); repeat for several. Default: every dimension of the file.",
    ),
]
FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", case_sensitive=False, help="Output format."),
]


class Method(str, Enum):
    tfidf = "tfidf"
    jaccard = "jaccard"


MethodOption = Annotated[
    Method,
    typer.Option(
        "--method",
        "-m",
        case_sensitive=False,
        help="How similarity is measured: tfidf (items and their words, rare ones counting more)"
        " or jaccard (the importance-weighted share of items in common). See the README.",
    ),
]
SaveOption = Annotated[
    Path | None,
    typer.Option(
        "--save",
        metavar="FILE",
        show_default=False,
        help="Also write the table to FILE: .svg, .html or .txt (table format only).",
    ),
]
TOP_DEFAULTS = f"Default: {DEFAULT_TOP} in a table or Markdown, all in JSON or CSV."
TopOption = Annotated[
    int | None,
    typer.Option(
        "--top",
        "-n",
        metavar="N",
        min=0,
        show_default=False,
        help=f"How many roles to show (0: all). {TOP_DEFAULTS}",
    ),
]
RoleArgument = Annotated[
    str,
    typer.Argument(
        metavar="ROLE",
        autocompletion=complete_role,
        help="Role id, alias or name, any case.",
        show_default=False,
    ),
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
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar="ROLES_DATA",
            metavar="PATH",
            show_default=False,
            help="Roles file every command reads (a command's own --data wins). Default: the bundled file.",
        ),
    ] = None,
) -> None:
    """Compare job roles side by side: focus, skills, tasks and goals.

    \b
    Examples:
      roles list
      roles compare ds mle
      roles show ai-engineer --dimension skills
      roles overlap --dimension skills
      roles fit Python SQL Statistics "Data visualization"
      roles similar statisticians --data onet-roles.yaml
      roles --data onet-roles.yaml search excel
    """


# -- commands ---------------------------------------------------------------------------------------


@app.command("list")
def list_roles(data: DataOption = None, fmt: FormatOption = Format.table, save: SaveOption = None) -> None:
    """Every role in the file: id, name, aliases and summary.

    \b
    Example:
      roles list
      roles list --data my-roles.yaml --format csv
    """
    from roles_cli.report import list_report

    with _reported(fmt, save):
        _write(list_report(_load(data)), fmt, save)


@app.command()
def show(
    role: RoleArgument,
    dimension: DimensionOption = None,
    data: DataOption = None,
    fmt: FormatOption = Format.table,
    save: SaveOption = None,
) -> None:
    """One role in full: summary, every item of every dimension with its importance, sources.

    \b
    Example:
      roles show ai-engineer
      roles show ds --dimension skills --dimension tasks
    """
    from roles_cli.report import show_report

    with _reported(fmt, save):
        roles = _load(data)
        _write(show_report(roles.resolve(role), roles.pick_dimensions(dimension)), fmt, save)


@app.command("compare")
def compare_roles(
    role: Annotated[
        list[str],
        typer.Argument(
            metavar="ROLE...",
            autocompletion=complete_role,
            help="Two or more roles: id, alias or name.",
            show_default=False,
        ),
    ],
    dimension: DimensionOption = None,
    method: MethodOption = Method.tfidf,
    data: DataOption = None,
    fmt: FormatOption = Format.table,
    save: SaveOption = None,
) -> None:
    """Roles side by side, one column each; ● marks items every compared role has.

    Each dimension also shows how similar the roles are (the mean over pairs for
    more than two roles), and the shared items and words that count most.

    \b
    Example:
      roles compare ds mle
      roles compare ds mle ai --dimension skills
      roles compare ds mle --save ds-vs-mle.svg
    """
    from roles_cli.analysis import compare
    from roles_cli.report import compare_report

    with _reported(fmt, save):
        _write(compare_report(compare(_load(data), role, dimension, method=method.value)), fmt, save)


@app.command("overlap")
def overlap_roles(
    role: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ROLE...",
            autocompletion=complete_role,
            help="Roles to include (default: every role in the file).",
            show_default=False,
        ),
    ] = None,
    dimension: DimensionOption = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            "-n",
            metavar="N",
            min=0,
            show_default=False,
            help=f"How many pairs and most shared items to show per dimension (0: all). {TOP_DEFAULTS}",
        ),
    ] = None,
    method: MethodOption = Method.tfidf,
    data: DataOption = None,
    fmt: FormatOption = Format.table,
    save: SaveOption = None,
) -> None:
    """What roles share: the items each group of roles has in common, what is unique, the most similar pairs.

    With up to six roles every group is listed (the regions of a Venn diagram);
    with more, the most widely shared items instead. --top bounds the most shared
    items and the pairs: 10 by default in a table or Markdown, every one in
    JSON or CSV.

    \b
    Example:
      roles overlap
      roles overlap --dimension skills
      roles overlap ds mle --dimension tasks
      roles overlap --data onet-roles.yaml --dimension skills --top 5
    """
    from roles_cli.analysis import overlap
    from roles_cli.report import overlap_report

    with _reported(fmt, save):
        shown = _ranked(top, fmt)
        result = overlap(_load(data), role, dimension, top=shown, method=method.value)
        _write(overlap_report(result, top=shown), fmt, save)


@app.command("fit")
def fit_roles(
    skill: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SKILL...", help="Skills you have (quote names with spaces).", show_default=False
        ),
    ] = None,
    skills_file: Annotated[
        Path | None,
        typer.Option(
            "--skills-file",
            metavar="FILE",
            show_default=False,
            help="Read skills from FILE, one a line ('-' for stdin; blank lines and # comments are skipped).",
        ),
    ] = None,
    dimension: Annotated[
        list[str] | None,
        typer.Option(
            "--dimension",
            "-d",
            metavar="DIM",
            show_default=False,
            autocompletion=complete_dimension,
            help="The dimension your items are matched against (any case); repeat for several, whose"
            " items then count together. Default: skills.",
        ),
    ] = None,
    text: Annotated[
        Path | None,
        typer.Option(
            "--text",
            metavar="FILE",
            show_default=False,
            help="Read a job ad, a CV or a course outline from FILE ('-' for stdin) and use every item it"
            " mentions.",
        ),
    ] = None,
    among: Annotated[
        list[str] | None,
        typer.Option(
            "--role",
            "-r",
            metavar="ROLE",
            show_default=False,
            autocompletion=complete_role,
            help="Rank only this role; repeat for several.",
        ),
    ] = None,
    top: TopOption = None,
    data: DataOption = None,
    fmt: FormatOption = Format.table,
    save: SaveOption = None,
) -> None:
    """Which roles your skills fit best, and what each would have you learn.

    Skills match an item by any of its names ("ML", "machine-learning"). Fit
    weighs two things: how much of the role you cover (Covers, by importance)
    and how much of what you named the role uses (Uses); a role with only a few
    items counts as less certain. "To learn" lists what you lack, most
    important first. With --text, the items a text mentions are your skills.

    \b
    Example:
      roles fit Python SQL Statistics "Data visualization"
      roles fit --skills-file my-skills.txt --format json
      roles fit --text job-ad.txt
      roles fit Python Excel --dimension technology --data onet-roles.yaml
      roles fit Python Excel -d skills -d technology --data onet-roles.yaml
    """
    from roles_cli.matching import fit, fit_text
    from roles_cli.report import fit_report

    with _reported(fmt, save):
        roles = _load(data)
        dimensions = dimension or ["skills"]
        if text is not None:
            if skill or skills_file is not None:
                raise UsageError("give skills or --text, not both")
            result = fit_text(roles, _read_text(text), dimensions=dimensions, among=among)
            if not result.found:
                _warn(f"{text} mentions no item of {result.dimension} in this file")
            _write(fit_report(result, top=_ranked(top, fmt)), fmt, save)
            return
        have = list(skill or []) + (_read_skills(skills_file) if skills_file is not None else [])
        result = fit(roles, have, dimensions=dimensions, among=among)
        for unknown in result.unknown:
            hint = f"; did you mean {unknown.suggestions[0]!r}?" if unknown.suggestions else ""
            where = " or ".join(result.dimensions)
            _warn(f"{unknown.name!r} is not an item of {where} in this file{hint}")
        _write(fit_report(result, top=_ranked(top, fmt)), fmt, save)


@app.command("similar")
def similar_roles(
    role: RoleArgument,
    dimension: DimensionOption = None,
    top: TopOption = None,
    method: MethodOption = Method.tfidf,
    data: DataOption = None,
    fmt: FormatOption = Format.table,
    save: SaveOption = None,
) -> None:
    """The roles most like ROLE: similarity per dimension and overall, and why.

    With every dimension (the default) and the tfidf method, the roles' names and
    summaries count as one more ("summary"). Overall is a weighted mean: each
    dimension counts by how well it tells roles apart. On the O*NET file this is
    "related occupations".

    \b
    Example:
      roles similar ds
      roles similar statisticians --data onet-roles.yaml --dimension skills --top 5
    """
    from roles_cli.analysis import similar
    from roles_cli.report import similar_report

    with _reported(fmt, save):
        result = similar(_load(data), role, dimension, top=_ranked(top, fmt), method=method.value)
        _write(similar_report(result), fmt, save)


@app.command("gap")
def gap_roles(
    start: Annotated[
        str,
        typer.Argument(
            metavar="FROM", autocompletion=complete_role, help="The role you have.", show_default=False
        ),
    ],
    target: Annotated[
        str,
        typer.Argument(
            metavar="TO", autocompletion=complete_role, help="The role you want.", show_default=False
        ),
    ],
    dimension: DimensionOption = None,
    data: DataOption = None,
    fmt: FormatOption = Format.table,
    save: SaveOption = None,
) -> None:
    """The way from one role to another: what carries over, what to learn, what is left behind.

    What to learn comes most important first, must-haves (importance 4 or 5)
    at the top.

    \b
    Example:
      roles gap ds ai-engineer
      roles gap ds mle --dimension skills --format json
    """
    from roles_cli.matching import gap
    from roles_cli.report import gap_report

    with _reported(fmt, save):
        _write(gap_report(gap(_load(data), start, target, dimension)), fmt, save)


@app.command("search")
def search_roles(
    term: Annotated[
        str, typer.Argument(metavar="TERM", help="Text to look for, any case.", show_default=False)
    ],
    data: DataOption = None,
    fmt: FormatOption = Format.table,
    save: SaveOption = None,
) -> None:
    """Every name, alias, summary and item that contains TERM (any case).

    \b
    Example:
      roles search python
      roles search "machine learning" --format json
      roles search excel --data onet-roles.yaml
    """
    from roles_cli.analysis import search
    from roles_cli.report import search_report

    with _reported(fmt, save):
        _write(search_report(search(_load(data), term), term), fmt, save)


@app.command("validate")
def validate(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="[PATH]",
            show_default=False,
            help="Roles file to check (default: roles --data PATH, else $ROLES_DATA, else the bundled file).",
        ),
    ] = None,
    fmt: FormatOption = Format.table,
    save: SaveOption = None,
) -> None:
    """Check a roles file and report every problem, as FILE:LINE: message in a table.

    Also warns about items spelled two ways ("Data visualization" and "Data
    visualisation"), which the tool would count as different items. Exits 0 when
    the file is valid (warnings allowed), 1 when it is not.

    \b
    Example:
      roles validate my-roles.yaml
      roles validate --format json
      roles --data my-roles.yaml validate --format csv
    """
    from roles_cli.files import read_bytes
    from roles_cli.load import BUNDLED_NAME, bundled_path, check_roles
    from roles_cli.report import validate_report

    path = path if path is not None else _data_from_root(ctx, None)
    file, source = (path, str(path)) if path is not None else (bundled_path(), BUNDLED_NAME)
    with _reported(fmt, save):
        roles, problems = check_roles(read_bytes(file, source), source=source, lint=True)
        _write(validate_report(source, problems, len(roles) if roles is not None else None), fmt, save)
        if roles is None:
            raise typer.Exit(ExitCode.ERROR)


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of the roles file format.

    Save it and point your editor's YAML language server at it to get checks
    and completion while you write a roles file.

    \b
    Example:
      roles schema > roles.schema.json
    """
    from roles_cli.render import to_json
    from roles_cli.schema import json_schema

    sys.stdout.write(to_json(json_schema()))


# -- glue ---------------------------------------------------------------------------------------


def _ranked(top: int | None, fmt: Format) -> int | None:
    """How many ranked roles to show: people get the first few, scripts all (unless told)."""
    if top is None:
        return DEFAULT_TOP if fmt in (Format.table, Format.markdown) else None
    return top or None


def _load(path: str | Path | None) -> "RoleSet":
    from roles_cli.load import load_roles

    return load_roles(path, cache=True)


def _write(report: "Answer", fmt: Format, save: Path | None) -> None:
    from roles_cli.render import write

    write(report, fmt.value, save=save)


_COMMENT = re.compile(r"(?:^|\s)#.*")
"""A comment in a skills file: '#' at the start or after a space, so that "C#" stays a skill."""


MAX_TEXT_BYTES = 16 * 1024 * 1024
"""The largest text `fit --text` reads: a CV is kilobytes, a book a megabyte or two."""


def _read_text(path: Path, *, what: str = "a text") -> str:
    """A text from a file or ('-') standard input, bounded and decoded, or a DataError saying why."""
    from roles_cli.files import decode, read_bytes, read_stream

    if str(path) != "-":
        return decode(read_bytes(path, str(path), what=what, limit=MAX_TEXT_BYTES, kind="a text"), str(path))
    stdin = getattr(sys.stdin, "buffer", None)
    if stdin is None or sys.stdin.closed:
        raise UsageError("standard input is closed; give a file instead of '-'")
    return decode(read_stream(stdin, "<stdin>", limit=MAX_TEXT_BYTES, kind="a text"), "<stdin>")


def _read_skills(path: Path) -> list[str]:
    """Skills from a file, one a line; '-' reads stdin."""
    text = _read_text(path, what="a file of skills, one a line")
    lines = (_COMMENT.sub("", line).strip() for line in text.splitlines())
    return [line for line in lines if line]


@contextmanager
def _reported(fmt: Format, save: Path | None) -> Iterator[None]:
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
        if isinstance(error, MissingArgumentError) and error.argument in HINTS:
            lines = [f"error: {HINTS[error.argument]}"]
    _stderr(lines)


def _warn(message: str) -> None:
    _stderr([f"warning: {message}"])


def _stderr(lines: Sequence[str]) -> None:
    from roles_cli.render import write_lines

    write_lines(sys.stderr, lines)
