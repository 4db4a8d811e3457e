"""The `roles` command line: the Typer app and its commands. Each parses its arguments, calls the
library and renders the answer; the shared options are in cli_options.py, reading, writing and
error reporting in cli_io.py.

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
from roles_cli.cli_io import MAX_WARNINGS, load, max_size, read_skills, read_text, reported, warn, write
from roles_cli.cli_options import (
    AmongOption,
    DataOption,
    DimensionOption,
    Format,
    FormatOption,
    MatchedDimensionOption,
    Method,
    MethodOption,
    PairsTopOption,
    RoleArgument,
    RolesArgument,
    SaveOption,
    SomeRolesArgument,
    TopOption,
    data_from_root,
    ranked,
    role_argument,
)
from roles_cli.errors import UsageError
from roles_cli.status import ExitCode

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

    with reported(fmt, save):
        write(list_report(load(data)), fmt, save)


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

    with reported(fmt, save):
        roles = load(data)
        write(show_report(roles.resolve(role), roles.pick_dimensions(dimension)), fmt, save)


@app.command("compare")
def compare_roles(
    role: RolesArgument,
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

    with reported(fmt, save):
        write(compare_report(compare(load(data), role, dimension, method=method.value)), fmt, save)


@app.command("overlap")
def overlap_roles(
    role: SomeRolesArgument = None,
    dimension: DimensionOption = None,
    top: PairsTopOption = None,
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

    with reported(fmt, save):
        shown = ranked(top, fmt)
        result = overlap(load(data), role, dimension, top=shown, method=method.value)
        write(overlap_report(result, top=shown), fmt, save)


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
    dimension: MatchedDimensionOption = None,
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
    among: AmongOption = None,
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
    from roles_cli.report_person import fit_report

    with reported(fmt, save):
        roles = load(data)
        dimensions = dimension or ["skills"]
        if text is not None:
            if skill or skills_file is not None:
                raise UsageError("give skills or --text, not both")
            result = fit_text(roles, read_text(text), dimensions=dimensions, among=among)
            if not result.found:
                warn(f"{text} mentions no item of {result.dimension} in this file")
            write(fit_report(result, top=ranked(top, fmt)), fmt, save)
            return
        have = list(skill or []) + (read_skills(skills_file) if skills_file is not None else [])
        result = fit(roles, have, dimensions=dimensions, among=among)
        where = " or ".join(result.dimensions)
        for unknown in result.unknown[:MAX_WARNINGS]:
            hint = f"; did you mean {unknown.suggestions[0]!r}?" if unknown.suggestions else ""
            warn(f"{unknown.name!r} is not an item of {where} in this file{hint}")
        if len(result.unknown) > MAX_WARNINGS:
            warn(f"... and {len(result.unknown) - MAX_WARNINGS:,} more skills that are not items of {where}")
        write(fit_report(result, top=ranked(top, fmt)), fmt, save)


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

    with reported(fmt, save):
        result = similar(load(data), role, dimension, top=ranked(top, fmt), method=method.value)
        write(similar_report(result), fmt, save)


@app.command("gap")
def gap_roles(
    start: Annotated[str, role_argument("FROM", "The role you have.")],
    target: Annotated[str, role_argument("TO", "The role you want.")],
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
    from roles_cli.report_person import gap_report

    with reported(fmt, save):
        write(gap_report(gap(load(data), start, target, dimension)), fmt, save)


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

    with reported(fmt, save):
        write(search_report(search(load(data), term), term), fmt, save)


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

    path = path if path is not None else data_from_root(ctx, None)
    file, source = (path, str(path)) if path is not None else (bundled_path(), BUNDLED_NAME)
    with reported(fmt, save):
        limit = max_size()
        roles, problems = check_roles(
            read_bytes(file, source, limit=limit), source=source, lint=True, max_bytes=limit
        )
        write(validate_report(source, problems, len(roles) if roles is not None else None), fmt, save)
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


# The pictures, in cli_chart.py: registered last, so that help lists them after the commands above.
app.command("report")(report_command)
app.add_typer(chart_app, name="chart")
