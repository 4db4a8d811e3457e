"""The `roles` command line: the Typer app and its commands. Each parses its arguments, calls the
library and renders the answer; the commands about a person (fit, gap) are in cli_person.py, the
shared options in cli_options.py, reading, writing and error reporting in cli_io.py.

The library is imported inside the commands that use it, not at the top: building the command line
is then all that `roles --help` and shell completion pay for (see benchmarks/). For the same
reason annotations here are evaluated when the module loads (no `from __future__ import
annotations`): Typer would otherwise evaluate every one of them as a string on every run.
"""

import sys
from pathlib import Path
from typing import Annotated

import typer

from roles_cli import __version__
from roles_cli.cli_chart import chart_app, report_command
from roles_cli.cli_io import load, max_size, nothing_found, reported, write
from roles_cli.cli_options import (
    DataOption,
    DimensionOption,
    Format,
    FormatOption,
    ListTopOption,
    MatchesTopOption,
    Method,
    MethodOption,
    NoPagerOption,
    PairsTopOption,
    RoleArgument,
    RolesArgument,
    SaveOption,
    SearchedDimensionOption,
    SomeRolesArgument,
    TopOption,
    data_from_root,
    ranked,
)
from roles_cli.cli_person import fit_roles, gap_roles
from roles_cli.cli_terminal import progress
from roles_cli.status import ExitCode

app = typer.Typer(
    name="roles",
    help="Compare job roles: what each focuses on, which skills and tasks they share, what is unique.",
    epilog="Run 'roles COMMAND --help' for a command's options and examples, and 'roles schema' for the"
    " format of a roles file. Exit codes: 0 ok, 1 bad data, unknown role or nothing found, 2 usage error.",
    no_args_is_help=True,
    # Plain help and plain usage errors: Rich-styled ones cost start-up time and nothing is gained.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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


@app.command("list", short_help="Every role in the file, or those that match TERM.")
def list_roles(
    term: Annotated[
        str | None,
        typer.Argument(
            metavar="[TERM]",
            help="Only the roles whose id, name, an alias or summary contains TERM (any case).",
            show_default=False,
        ),
    ] = None,
    top: ListTopOption = None,
    data: DataOption = None,
    fmt: FormatOption = Format.table,
    save: SaveOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """Every role in the file, or those that match TERM: id, name, aliases and summary.

    Exits 1 when no role matches TERM, as grep does.

    \b
    Example:
      roles list
      roles list engineer
      roles list --data my-roles.yaml --format csv
    """
    from roles_cli.analysis import find_roles
    from roles_cli.report import list_report

    with reported(fmt, save):
        roles = load(data)
        found = find_roles(roles, term) if term is not None else None
        write(list_report(roles, found, term), fmt, save, top=top, pager=not no_pager)
        if found == ():
            nothing_found(f"no role in {roles.source} matches {term!r}")


@app.command(short_help="One role in full, its most important items first.")
def show(
    role: RoleArgument,
    dimension: DimensionOption = None,
    data: DataOption = None,
    fmt: FormatOption = Format.table,
    save: SaveOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """One role in full: summary, every item of every dimension with its importance, sources.

    \b
    Example:
      roles show ai-engineer
      roles show ds --dimension skills --dimension tasks
    """
    from roles_cli.report import show_report

    with reported(fmt, save):
        roles = load(data)
        write(
            show_report(roles.resolve(role), roles.pick_dimensions(dimension)), fmt, save, pager=not no_pager
        )


@app.command("compare", short_help="Roles side by side: each item's importance in each role.")
def compare_roles(
    role: RolesArgument,
    dimension: DimensionOption = None,
    only_differences: Annotated[
        bool,
        typer.Option(
            "--only-differences", help="Leave out the items every role has: show only what sets them apart."
        ),
    ] = False,
    method: MethodOption = Method.tfidf,
    data: DataOption = None,
    fmt: FormatOption = Format.table,
    save: SaveOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """Roles side by side: an item a row, a role a column, its importance in the cell.

    Per dimension, the items all the roles share come first, then those some of
    them share, then each role's own, the most important first; then how similar
    the roles are (the mean over pairs for more than two) and the shared items
    and words that count most.

    \b
    Example:
      roles compare ds mle
      roles compare ds mle ai --dimension skills --only-differences
      roles compare ds mle --save ds-vs-mle.svg
    """
    from roles_cli.analysis import compare
    from roles_cli.report import compare_report

    with reported(fmt, save):
        result = compare(load(data), role, dimension, method=method.value)
        write(compare_report(result, only_differences=only_differences), fmt, save, pager=not no_pager)


@app.command("overlap", short_help="What roles share, what is unique, the most similar pairs.")
def overlap_roles(
    role: SomeRolesArgument = None,
    dimension: DimensionOption = None,
    top: PairsTopOption = None,
    method: MethodOption = Method.tfidf,
    data: DataOption = None,
    fmt: FormatOption = Format.table,
    save: SaveOption = None,
    no_pager: NoPagerOption = False,
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

    with reported(fmt, save):
        shown = ranked(top, fmt, save)
        roles = load(data)
        progress.say(f"finding what {len(roles) if not role else len(role)} roles share")
        result = overlap(roles, role, dimension, top=shown, method=method.value)
        write(overlap_report(result), fmt, save, top=top, pager=not no_pager)


app.command("fit", short_help="Which roles your skills fit best, and what to learn.")(fit_roles)


@app.command("similar", short_help="The roles most like ROLE, and what makes them so.")
def similar_roles(
    role: RoleArgument,
    dimension: DimensionOption = None,
    top: TopOption = None,
    method: MethodOption = Method.tfidf,
    data: DataOption = None,
    fmt: FormatOption = Format.table,
    save: SaveOption = None,
    no_pager: NoPagerOption = False,
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
    from roles_cli.nearest import similar
    from roles_cli.report import similar_report

    with reported(fmt, save):
        roles = load(data)
        progress.say(f"ranking {len(roles) - 1:,} roles")
        result = similar(roles, role, dimension, top=ranked(top, fmt, save), method=method.value)
        write(similar_report(result), fmt, save, top=top, pager=not no_pager)


app.command("gap", short_help="From one role to another: what carries over, what to learn.")(gap_roles)


@app.command("search", short_help="Every name, alias, summary and item that contains TERM.")
def search_roles(
    term: Annotated[
        str, typer.Argument(metavar="TERM", help="Text to look for, any case.", show_default=False)
    ],
    dimension: SearchedDimensionOption = None,
    top: MatchesTopOption = None,
    data: DataOption = None,
    fmt: FormatOption = Format.table,
    save: SaveOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """Every name, alias, summary and item that contains TERM (any case).

    With --dimension, only the items of that dimension. Exits 1 when nothing
    matches, as grep does (JSON is then [], CSV its header).

    \b
    Example:
      roles search python
      roles search "machine learning" --format json
      roles search excel --data onet-roles.yaml --dimension technology --top 20
    """
    from roles_cli.analysis import search
    from roles_cli.report import search_report

    with reported(fmt, save):
        roles = load(data)
        matches = search(roles, term, dimension)
        write(search_report(matches, term), fmt, save, top=top, pager=not no_pager)
        if not matches:
            where = f"the {' and '.join(roles.pick_dimensions(dimension))} of " if dimension else ""
            nothing_found(f"no match for {term!r} in {where}{roles.source}")


@app.command("validate", short_help="Check a roles file: every problem, as FILE:LINE: message.")
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
    no_pager: NoPagerOption = False,
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

    path = path if path is not None else data_from_root(ctx, None)
    file, source = (path, str(path)) if path is not None else (bundled_path(), BUNDLED_NAME)
    with reported(fmt, save):
        limit = max_size()
        roles, problems = check_roles(
            read_bytes(file, source, limit=limit), source=source, lint=True, max_bytes=limit
        )
        write(
            validate_report(source, problems, len(roles) if roles is not None else None),
            fmt,
            save,
            pager=not no_pager,
        )
        if roles is None:
            raise typer.Exit(ExitCode.ERROR)


@app.command("schema", short_help="Print the JSON Schema of the roles file format.")
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


# The pictures, in cli_chart.py: registered last, so that help lists them after the commands above.
app.command("report", short_help="One HTML page comparing roles, with pictures and your fit.")(report_command)
app.add_typer(chart_app, name="chart", short_help="Pictures of the roles as SVG: Venn, UpSet, heatmap.")
