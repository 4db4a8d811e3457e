"""The command line's vocabulary: the output formats, the options and arguments the commands share,
their shell completion, and what --top means in each format.

Each command in cli.py spells out its parameters (Typer reads them from its signature) with the
Annotated types below, so that one option reads, completes and explains itself the same way in
every command. Annotations are evaluated when the module loads (no `from __future__ import
annotations`), as in cli.py: Typer reads the callbacks' signatures too.
"""

import os
import re
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from roles_cli.model import RoleSet

DEFAULT_TOP = 10


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def ranked(top: int | None, fmt: Format | str, save: Path | None = None) -> int | None:
    """How many rows of a long answer to give (None: all): people get the first few, scripts all,
    unless --top says (`top`: as given, None if not). With `save`, what the printed answer in
    `fmt` and the saved one both need."""
    if top is not None:
        return top or None
    people = Format(fmt) in (Format.table, Format.markdown)
    if save is not None:
        from roles_cli.render import for_people, saved_format

        people = people and for_people(saved_format(save) or "table")
    return DEFAULT_TOP if people else None


# -- shell completion: names from the data file in use ----------------------------------------------
#
# What completion prints, a shell puts on the command line as it is (bash), or reads as part of a
# script (zsh's completion is `eval`ed): it must be plain words. Role ids and aliases are (the file
# format allows nothing else, and the cache checks it again); a dimension's name may be anything, so
# one that needs quoting is offered quoted to bash and not at all to the other shells. The roles'
# names, which zsh and fish show beside them, are cleaned of everything but letters, digits, spaces
# and a little punctuation. Whatever goes wrong, completion offers nothing rather than fail loudly.

_SHELL_WORD = re.compile(r"\w[\w.,+-]*\Z")
"""A word no shell reads as anything but itself: it starts with a letter or digit (not '-', '~')."""
_HELP_NOISE = re.compile(r"[^\w .,;:&/+'-]+")


def _completion_roles(ctx: typer.Context) -> "RoleSet | None":
    from roles_cli.load import load_roles

    path = ctx.params.get("data") or ctx.find_root().params.get("data") or os.environ.get("ROLES_DATA")
    try:
        return load_roles(path, cache=True)
    except Exception:  # a completion must never fail loudly: a traceback would land in the shell
        return None


def _shell_words(names: Iterable[str]) -> list[str]:
    """The names a shell can take as they are; for bash, the others quoted too."""
    bash = os.environ.get("_ROLES_COMPLETE", "").endswith("bash")
    words = []
    for name in names:
        if _SHELL_WORD.match(name):
            words.append(name)
        elif bash and name.isprintable():
            import shlex

            words.append(shlex.quote(name))
    return words


def _help(text: str) -> str:
    """A role's name as completion shows it: nothing a shell or a terminal would act on."""
    return " ".join(_HELP_NOISE.sub(" ", text).split())[:60]


def complete_role(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    roles = _completion_roles(ctx)
    if roles is None:
        return []
    folded = incomplete.casefold()
    return [
        (name, _help(role.name))
        for role in roles.heads
        for name in (role.id, *role.aliases)
        if name.casefold().startswith(folded) and _SHELL_WORD.match(name)
    ]


def complete_dimension(ctx: typer.Context, incomplete: str) -> list[str]:
    roles = _completion_roles(ctx)
    dimensions = roles.dimensions if roles is not None else ()
    return _shell_words(d for d in dimensions if d.casefold().startswith(incomplete.casefold()))


# -- options and arguments the commands share -----------------------------------------------------------


def data_from_root(ctx: typer.Context, value: Path | None) -> Path | None:
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
    typer.Option("--data", metavar="PATH", show_default=False, callback=data_from_root, help=DATA_HELP),
]
FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="Output format. In CSV, a cell a spreadsheet would run as a formula (one that starts with"
        " =, +, -, @ or a tab) gets a ' in front; ROLES_CSV_RAW=1 writes it as it is.",
    ),
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
NoPagerOption = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Print a table straight to the terminal, not through $PAGER (less -FRX by default; ROLES_PAGER="
        " with no value does the same for every command).",
    ),
]
SaveOption = Annotated[
    Path | None,
    typer.Option(
        "--save",
        metavar="FILE",
        show_default=False,
        help="Also write the answer to FILE, as its name ends: .svg (an image of the table), .html (a web"
        " page), .txt or .md (the table as text or Markdown), .csv or .json (complete, as for scripts).",
    ),
]


def _dimension_option(help: str) -> Any:
    return typer.Option(
        "--dimension",
        "-d",
        metavar="DIM",
        show_default=False,
        autocompletion=complete_dimension,
        help=help,
    )


DimensionOption = Annotated[
    list[str] | None,
    _dimension_option(
        "Only this dimension (any case); repeat for several, or separate them with commas (-d"
        " skills,goal). Default: every dimension of the file."
    ),
]
MatchedDimensionOption = Annotated[
    list[str] | None,
    _dimension_option(
        "The dimension your items are matched against (any case); repeat for several, whose"
        " items then count together. Default: skills."
    ),
]
"""fit's --dimension: where the skills given are looked for."""
SearchedDimensionOption = Annotated[
    list[str] | None,
    _dimension_option(
        "Only the items of this dimension (any case); repeat for several. Default: names, aliases,"
        " summaries and every dimension."
    ),
]
"""search's --dimension."""


def _top_option(what: str) -> Any:
    defaults = f"Default: {DEFAULT_TOP} in a table or Markdown, all in JSON or CSV."
    return typer.Option(
        "--top", "-n", metavar="N", min=0, show_default=False, help=f"How many {what} (0: all). {defaults}"
    )


TopOption = Annotated[int | None, _top_option("roles to show")]
ListTopOption = Annotated[int | None, _top_option("roles to list")]
"""list's --top."""
MatchesTopOption = Annotated[int | None, _top_option("matches to show")]
"""search's --top."""
PairsTopOption = Annotated[int | None, _top_option("pairs and most shared items to show per dimension")]
"""overlap's --top."""


def role_argument(metavar: str, help: str) -> Any:
    """A role on the command line, completed from the data file in use."""
    return typer.Argument(metavar=metavar, autocompletion=complete_role, help=help, show_default=False)


RoleArgument = Annotated[str, role_argument("ROLE", "Role id, alias or name, any case.")]
RolesArgument = Annotated[list[str], role_argument("ROLE...", "Two or more roles: id, alias or name.")]
"""compare's roles."""
SomeRolesArgument = Annotated[
    list[str] | None, role_argument("ROLE...", "Roles to include (default: every role in the file).")
]
"""overlap's roles."""
AmongOption = Annotated[
    list[str] | None,
    typer.Option(
        "--role",
        "-r",
        metavar="ROLE",
        show_default=False,
        autocompletion=complete_role,
        help="Rank only this role; repeat for several.",
    ),
]
"""fit's --role: the roles to rank."""
