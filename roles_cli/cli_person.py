"""The commands about a person: which roles their skills fit (fit) and the way from one role to
another (gap). Registered on the app in cli.py, in the order `roles --help` lists them.

As in cli.py, the library is imported inside the commands, and annotations are evaluated when the
module loads (no `from __future__ import annotations`).
"""

from pathlib import Path
from typing import Annotated

import typer

from roles_cli.cli_io import MAX_WARNINGS, load, read_skills, read_text, reported, warn, write
from roles_cli.cli_options import (
    AmongOption,
    DataOption,
    DimensionOption,
    Format,
    FormatOption,
    MatchedDimensionOption,
    NoPagerOption,
    SaveOption,
    TopOption,
    ranked,
    role_argument,
)
from roles_cli.errors import UsageError


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
    no_pager: NoPagerOption = False,
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
            write(fit_report(result, top=ranked(top, fmt, save)), fmt, save, top=top, pager=not no_pager)
            return
        have = list(skill or []) + (read_skills(skills_file) if skills_file is not None else [])
        result = fit(roles, have, dimensions=dimensions, among=among)
        where = " or ".join(result.dimensions)
        for unknown in result.unknown[:MAX_WARNINGS]:
            hint = f"; did you mean {unknown.suggestions[0]!r}?" if unknown.suggestions else ""
            warn(f"{unknown.name!r} is not an item of {where} in this file{hint}")
        if len(result.unknown) > MAX_WARNINGS:
            warn(f"... and {len(result.unknown) - MAX_WARNINGS:,} more skills that are not items of {where}")
        write(fit_report(result, top=ranked(top, fmt, save)), fmt, save, top=top, pager=not no_pager)


def gap_roles(
    start: Annotated[str, role_argument("FROM", "The role you have.")],
    target: Annotated[str, role_argument("TO", "The role you want.")],
    dimension: DimensionOption = None,
    data: DataOption = None,
    fmt: FormatOption = Format.table,
    save: SaveOption = None,
    no_pager: NoPagerOption = False,
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
        write(gap_report(gap(load(data), start, target, dimension)), fmt, save, pager=not no_pager)
