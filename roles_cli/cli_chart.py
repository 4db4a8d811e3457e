"""The pictures' command line: `roles chart venn|upset|heatmap` and `roles report`, each writing one
file (SVG or HTML) or, when standard output is not a terminal, printing it there.

As in cli.py, the library is imported inside the commands, and annotations are evaluated when the
module loads (no `from __future__ import annotations`): Typer reads them.
"""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from roles_cli.cli_io import load, read_skills, read_text, reported, warn
from roles_cli.cli_options import (
    DataOption,
    DimensionOption,
    Format,
    Method,
    MethodOption,
    RolesArgument,
    SomeRolesArgument,
    complete_dimension,
    complete_role,
    role_argument,
)
from roles_cli.errors import UsageError

if TYPE_CHECKING:
    from roles_cli.model import RoleSet

chart_app = typer.Typer(
    name="chart",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _output_option(suffix: str) -> object:
    return typer.Option(
        "--output",
        "-o",
        metavar=f"FILE{suffix}",
        show_default=False,
        help=f"Write to FILE{suffix}, replacing it in one step. Default: standard output, unless it is a"
        " terminal.",
    )


SvgOutputOption = Annotated[Path | None, _output_option(".svg")]
HtmlOutputOption = Annotated[Path | None, _output_option(".html")]
ChartDimensionOption = Annotated[
    str | None,
    typer.Option(
        "--dimension",
        "-d",
        metavar="DIM",
        show_default=False,
        autocompletion=complete_dimension,
        help="The dimension whose items are drawn (any case). Default: skills, else the file's first.",
    ),
]
VennRolesArgument = Annotated[list[str], role_argument("ROLE...", "Two or three roles: id, alias or name.")]


@chart_app.callback()
def _chart() -> None:
    """Pictures of the roles, as SVG: a Venn diagram, an UpSet chart, a heatmap.

    \b
    Examples:
      roles chart venn ds mle aie -d skills --output venn.svg
      roles chart upset --data onet-roles-small.yaml -d skills -o upset.svg
      roles chart heatmap --output heatmap.svg
    """


@chart_app.command("venn")
def venn_chart(
    role: VennRolesArgument,
    dimension: ChartDimensionOption = None,
    output: SvgOutputOption = None,
    data: DataOption = None,
) -> None:
    """A Venn diagram: each item of two or three roles written inside the circles of the roles that list it.

    What all of them share is in the middle, each role's own items in its own
    part; core items (importance 4.5 or more) in bold. Where a part has more
    items than fit, it shows the most important ones and "+N more".

    \b
    Example:
      roles chart venn ds mle aie -d skills --output venn.svg
      roles chart venn ds mle -d tasks > ds-mle-tasks.svg
    """
    from roles_cli.analysis import overlap
    from roles_cli.chart_venn import venn, venn_svg

    if len(role) > 3:
        with reported(Format.table, None):
            raise UsageError(
                f"a Venn diagram shows two or three roles, not {len(role)}; for more, try roles chart upset"
                f" {' '.join(role)}"
            )
    with reported(Format.table, None), _writing(output, ".svg") as emit:
        roles = load(data)
        picked = roles.pick(role)
        if len(picked) < 2:
            raise UsageError("a Venn diagram needs two or three roles, e.g. roles chart venn ds mle")
        result = overlap(roles, picked, [_dimension(roles, dimension)], top=0)
        emit(venn_svg(venn(result)))


@chart_app.command("upset")
def upset_chart(
    role: SomeRolesArgument = None,
    dimension: ChartDimensionOption = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            "-n",
            metavar="N",
            min=0,
            show_default=False,
            help="How many combinations of roles to show, the largest first (0: all). Default: 20.",
        ),
    ] = None,
    output: SvgOutputOption = None,
    data: DataOption = None,
) -> None:
    """An UpSet chart: for four or more roles, how many items each combination of roles shares.

    A dot matrix of the roles (rows) and their combinations (columns), a bar
    above each combination counting the items exactly those roles share,
    largest first, and each role's own count on the left.

    \b
    Example:
      roles chart upset --data onet-roles-small.yaml -d skills -o upset.svg
      roles chart upset ds mle aie -d tasks --top 5 -o tasks.svg
    """
    from roles_cli.analysis import overlap
    from roles_cli.chart_upset import DEFAULT_TOP, MAX_ROLES, upset, upset_svg

    with reported(Format.table, None), _writing(output, ".svg") as emit:
        roles = load(data)
        picked = roles.pick(role) if role else roles.roles
        if len(picked) > MAX_ROLES:
            raise UsageError(
                f"{len(picked):,} roles are too many for an UpSet chart; name at most {MAX_ROLES}"
                " (roles chart heatmap --around ROLE shows a role's neighbourhood)"
            )
        if len(picked) < 2:
            raise UsageError("an UpSet chart needs at least two roles")
        result = overlap(roles, picked, [_dimension(roles, dimension)], top=0)
        shown = DEFAULT_TOP if top is None else top or None
        emit(upset_svg(upset(result, top=shown)))


MAX_GRID = 30
"""The most roles a heatmap shows."""


@chart_app.command("heatmap")
def heatmap_chart(
    role: SomeRolesArgument = None,
    dimension: DimensionOption = None,
    around: Annotated[
        str | None,
        typer.Option(
            "--around",
            metavar="ROLE",
            show_default=False,
            autocompletion=complete_role,
            help="Show ROLE and the roles most like it (see --top), for a file with many roles.",
        ),
    ] = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            "-n",
            metavar="N",
            min=1,
            max=MAX_GRID - 1,
            show_default=False,
            help="With --around: how many of the most similar roles to show. Default: 10.",
        ),
    ] = None,
    method: MethodOption = Method.tfidf,
    output: SvgOutputOption = None,
    data: DataOption = None,
) -> None:
    """A heatmap: how alike every pair of roles is, alike roles side by side.

    Each cell holds the similarity of its row's and its column's roles (the
    mean over the dimensions; see the README), coloured from dark to light.
    Default: every role of the file, up to 30; --around ROLE --top N picks a
    role's neighbourhood in a larger file.

    \b
    Example:
      roles chart heatmap --output heatmap.svg
      roles chart heatmap --data onet-roles.yaml --around statisticians --top 10 -o stats.svg
    """
    from roles_cli.chart_heatmap import heatmap_svg
    from roles_cli.matrix import similarity_matrix

    with reported(Format.table, None):
        if top is not None and around is None:
            raise UsageError("--top goes with --around ROLE: the number of roles around it to show")
    with reported(Format.table, None), _writing(output, ".svg") as emit:
        roles = load(data)
        if around is None and not role and len(roles) > MAX_GRID:
            raise UsageError(
                f"{len(roles):,} roles are too many for one heatmap; name up to {MAX_GRID}, or show one"
                " role's neighbourhood: roles chart heatmap --around ROLE --top 10"
            )
        grid = similarity_matrix(
            roles, role, dimension, method=method.value, around=around, top=top, limit=MAX_GRID
        )
        emit(heatmap_svg(grid))


def report_command(
    role: RolesArgument,
    dimension: DimensionOption = None,
    skills: Annotated[
        list[str] | None,
        typer.Option(
            "--skills",
            "-s",
            metavar="SKILL",
            show_default=False,
            help="A skill you have; repeat, or separate several with commas. Adds how well you fit each"
            " role and what to learn.",
        ),
    ] = None,
    skills_file: Annotated[
        Path | None,
        typer.Option(
            "--skills-file",
            metavar="FILE",
            show_default=False,
            help="Read your skills from FILE, one a line ('-' for stdin).",
        ),
    ] = None,
    text: Annotated[
        Path | None,
        typer.Option(
            "--text",
            metavar="FILE",
            show_default=False,
            help="Take your skills from a CV or a job ad: every item FILE mentions ('-' for stdin).",
        ),
    ] = None,
    method: MethodOption = Method.tfidf,
    output: HtmlOutputOption = None,
    data: DataOption = None,
) -> None:
    """One HTML page comparing roles: summaries, side by side, pictures, your fit, sources.

    Self-contained (styles and pictures inside, no script, nothing fetched),
    printable on A4 or Letter. With two or three roles it draws Venn diagrams,
    with more UpSet charts; with three or more, a heatmap. With --skills,
    --skills-file or --text, it adds how well you fit each role and what to learn.

    \b
    Example:
      roles report ds mle aie --output report.html
      roles report ds mle aie --skills Python,SQL,Statistics -o report.html
      roles report ds aie --text my-cv.txt -o report.html
    """
    from roles_cli.matching import fit, fit_text
    from roles_cli.report_html import report_page

    with reported(Format.table, None), _writing(output, ".html") as emit:
        roles = load(data)
        picked = roles.pick(role)
        if len(picked) < 2:
            raise UsageError("a report compares at least two roles, e.g. roles report ds mle")
        fitted = None
        have = [s.strip() for value in skills or [] for s in value.split(",") if s.strip()]
        if skills_file is not None:
            have += read_skills(skills_file)
        matched = ["skills"] if "skills" in roles.dimensions else list(roles.dimensions)
        if text is not None:
            if have:
                raise UsageError("give skills or --text, not both")
            fitted = fit_text(roles, read_text(text), dimensions=matched, among=list(picked))
            if not fitted.found:
                warn(f"{text} mentions no item of {fitted.dimension} in this file")
        elif have:
            fitted = fit(roles, have, dimensions=matched, among=list(picked))
            for unknown in fitted.unknown:
                hint = f"; did you mean {unknown.suggestions[0]!r}?" if unknown.suggestions else ""
                warn(
                    f"{unknown.name!r} is not an item of {' or '.join(fitted.dimensions)} in this file{hint}"
                )
        emit(report_page(roles, picked, dimension, method=method.value, fitted=fitted))


# -- helpers ---------------------------------------------------------------------------------------


def _dimension(roles: "RoleSet", query: str | None) -> str:
    """The dimension named, else skills where the file has it, else its first."""
    if query is not None:
        return roles.resolve_dimension(query)
    return "skills" if "skills" in roles.dimensions else roles.dimensions[0]


@contextmanager
def _writing(output: Path | None, suffix: str) -> Iterator[Callable[[str], None]]:
    """Where the picture goes: a file, opened before any work (so that a path that cannot be
    written fails at once) and replaced in one step, or standard output, which must not be a
    terminal. Yields the function that writes the picture."""
    from roles_cli.files import AtomicFile

    if output is None:
        if sys.stdout.isatty():
            raise UsageError(
                f"this writes an {suffix[1:].upper()} file, not text to read here: give --output FILE{suffix}"
                f" or redirect the output (> picture{suffix})"
            )
        yield _print
        return
    if output.suffix.casefold() != suffix:
        raise UsageError(f"--output {output}: use a file name ending in {suffix}")
    target = AtomicFile(output)
    try:
        yield target.commit
    finally:
        target.discard()


def _print(content: str) -> None:
    from roles_cli.render import LineByLine

    LineByLine(sys.stdout).write(content)
    sys.stdout.flush()
