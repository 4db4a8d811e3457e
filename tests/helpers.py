"""What the tests share: where the data is, a way to run the CLI, and the data read independently."""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import textwrap
import unicodedata
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner, Result

from roles_cli import check_roles
from roles_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "roles.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ONET = FIXTURES / "onet" / "onet-roles.yaml"
ONET_SMALL = FIXTURES / "onet" / "onet-roles-small.yaml"
WIDTH = 100


def run(*args: str | Path, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    """Invoke `roles ARGS` in process (with `input` on its stdin); stdout and stderr are kept apart."""
    return CliRunner().invoke(app, [str(a) for a in args], env=env, input=input)


# -- reading a rendering as a person does ------------------------------------------------------------

BORDERS = re.compile(r"[│┌┐└┘├┤┬┴┼─]")
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_]-) (?=[^\W\d_])")
"""Where a line broke after a hyphen between letters, once the lines are joined with spaces."""


def unwrap(lines: list[str]) -> str:
    """Wrapped lines read as one text: joined with spaces, but a word broken after its hyphen
    ("data-" / "scientist") joined back whole."""
    return _HYPHEN_BREAK.sub("", " ".join(" ".join(lines).split()))


def squash(text: str) -> str:
    """A rendering with its borders and wrapping undone, to look for words a cell may have wrapped."""
    return unwrap(BORDERS.sub(" ", text).splitlines())


def characters(rendering: str) -> Counter[str]:
    """What a reader sees of a rendering, wherever it wrapped: every character but borders and spaces."""
    return Counter(re.sub(r"[\s│┌┐└┘├┤┬┴┼─]", "", rendering))


def lead_headers(rendering: str) -> Counter[str]:
    """The characters of the headers that a stacked record shows as its heading rather than as a
    label: each table's first column (and the one after a rank, '#')."""
    lines = rendering.splitlines()
    shown: list[str] = []
    for top, head in zip(lines, lines[1:], strict=False):
        if top.startswith("┌"):
            cells = [cell.strip() for cell in head.split("│")[1:-1]]
            shown += cells[:2] if cells[:1] == ["#"] else cells[:1]
    return characters("".join(shown))


def keeps_every_character(narrow: str, wide: str) -> bool:
    """Whether a narrow rendering shows every character a wide one does, wherever it wrapped or
    stacked: a stacked record may leave out only the headers its heading stands for."""
    return not (characters(wide) - characters(narrow) - lead_headers(wide))


def column(table: str, header: str) -> str:
    """The text of one column of a boxed table, its wrapped lines joined: what a reader sees there."""
    lines = table.splitlines()
    head = next(line for line in lines if f"│ {header} " in line)
    bars = [i for i, char in enumerate(head) if char == "│"]
    left = next(b for b in bars if head[b + 2 :].startswith(header))
    right = bars[bars.index(left) + 1]
    body = lines[lines.index(head) + 1 :]
    cells = [line[left + 1 : right].strip() for line in body if len(line) > right and line[left] in "│├"]
    return unwrap([cell for cell in cells if cell and not set(cell) <= {"─", "┼"}])


def write_yaml(tmp_path: Path, text: str, name: str = "roles.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def command_names() -> list[str]:
    """Every command the app registers, and every group of commands, named as a user types them, so
    that a new one is covered too."""
    named = []
    for command in app.registered_commands:
        assert command.callback is not None, command
        named.append(command.name or command.callback.__name__.replace("_", "-"))
    for group in app.registered_groups:  # `roles chart ...`: help lists it with the commands
        assert isinstance(group.name, str), group
        named.append(group.name)
    return named


# One answer of each command that renders an answer (they all take --format), on the bundled file.
ANSWERS: list[list[str]] = [
    ["list"],
    ["show", "ds"],
    ["compare", "ds", "mle"],
    ["overlap", "-d", "skills"],
    ["fit", "Python", "SQL"],
    ["similar", "ai"],
    ["search", "data"],
    ["gap", "ds", "ai"],
]


def complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    """What bash completion offers for the last word of `words`, from the installed entry point."""
    parts = words.split(" ")
    environment = {**os.environ, "_ROLES_COMPLETE": "complete_bash", "COMP_WORDS": words}
    environment["COMP_CWORD"] = str(len(parts) - 1)
    environment.pop("ROLES_DATA", None)  # only the file the test names
    environment.update(env or {})
    done = subprocess.run(
        [sys.executable, "-c", "from roles_cli.__main__ import main; main()"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    return done.stdout.split()


def on_a_terminal(
    *args: str, env: dict[str, str], columns: int = 60, cwd: Path = ROOT
) -> tuple[str, str, int]:
    """Run `roles ARGS` with stdout on a terminal `columns` wide (a pseudo-terminal; POSIX only):
    (what the terminal shows, stderr, exit code)."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("COLUMNS", "LINES", "NO_COLOR", "PAGER", "ROLES_PAGER", "ROLES_DATA")
    }
    environment.update({"TERM": "xterm-256color", **env})
    process = subprocess.Popen(
        [sys.executable, "-m", "roles_cli", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=environment,
        cwd=cwd,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is gone once the process has exited
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    _, errors = process.communicate(timeout=60)
    shown = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    return shown, errors.decode("utf-8"), process.returncode


def problems(text: str) -> list[str]:
    """Every message for a document, as the CLI prints them (`FILE:LINE: message`)."""
    roles, found = check_roles(textwrap.dedent(text), source="f.yaml")
    assert roles is None, "expected the document to be rejected"
    return [str(p) for p in found]


def one_problem(text: str) -> str:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


ROLE = """\
version: 1
dimensions: [skills]
roles:
  - id: a
    name: A
    summary: S.
    skills: [x]
"""


MINIMAL = """\
version: 1
dimensions: [skills, tasks]
roles:
  - id: baker
    name: Baker
    aliases: [b]
    summary: Bakes bread.
    skills: [Kneading, {name: Ovens, importance: 5}, Timing]
    tasks: [Bake bread, Clean up]
  - id: cook
    name: Cook
    summary: Cooks meals.
    skills: [{name: Ovens, importance: 2}, Timing, Knives]
    tasks: [Cook meals, Clean up]
"""


# -- the data as the tests see it: read with PyYAML alone, never through the code under test ---------

DEFAULT_DIMENSIONS = ["focus", "skills", "tasks", "goal"]
"""The README: a file that declares no dimensions has these."""

# libyaml's parser where PyYAML was built with it (the wheels are): the 3 MB O*NET file takes a
# fraction of a second with it and several seconds without. Bound now, so that a test that hides
# CSafeLoader from the code under test does not hide it from the tests' own reading.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def yaml_data(path: Path) -> Any:
    """The file as PyYAML reads it, parsed once per test run. Shared: never change what it returns."""
    with path.open("rb") as file:
        return yaml.load(file, Loader=_LOADER)


def item_key(name: str) -> str:
    """The README's rule for when two items are the same: equal after case-folding, Unicode
    normalisation (NFC) and collapsing white space."""
    return " ".join(unicodedata.normalize("NFC", name.casefold()).split())


def item_record(item: str | dict[str, Any]) -> dict[str, Any]:
    """An item as the README defines it: a string, or {name, importance} with importance 3 by default."""
    if isinstance(item, str):
        return {"name": item, "importance": 3, "key": item_key(item)}
    return {"name": item["name"], "importance": item.get("importance", 3), "key": item_key(item["name"])}


def normalised(document: dict[str, Any]) -> dict[str, Any]:
    """A roles document (as YAML reads it) with its dimensions spelled out and every item made
    {name, importance, key}. Builds new lists and mappings; `document` is left as it was."""
    dimensions = list(document.get("dimensions", DEFAULT_DIMENSIONS))
    roles = [
        {**role, **{dimension: [item_record(item) for item in role[dimension]] for dimension in dimensions}}
        for role in document["roles"]
    ]
    return {**document, "dimensions": dimensions, "roles": roles}


@functools.cache
def raw(path: Path) -> dict[str, Any]:
    """The file's data as plain YAML, with every item made {name, importance, key}. Parsed once per
    test run and shared: never change what it returns."""
    return normalised(yaml_data(path))


def by_importance(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items (as `item_record` makes them) most important first, ties in the file's order."""
    return sorted(items, key=lambda item: -item["importance"])


def weighted_jaccard(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> float:
    """The README's similarity of two lists of items (as `item_record` makes them), in exact
    fractions: the sum of the smaller importance of each item over the sum of the larger one, over
    every item either list has, an item missing from a list counting 0 there."""
    wa = {i["key"]: Fraction(str(i["importance"])) for i in a}
    wb = {i["key"]: Fraction(str(i["importance"])) for i in b}
    keys = wa.keys() | wb.keys()
    low = sum((min(wa.get(k, Fraction(0)), wb.get(k, Fraction(0))) for k in keys), Fraction(0))
    high = sum((max(wa.get(k, Fraction(0)), wb.get(k, Fraction(0))) for k in keys), Fraction(0))
    return float(low / high)


def json_output(*args: str | Path) -> Any:
    """Run a command with --format json; its stdout must be exactly one JSON document."""
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def fit_scores(roles: list[dict[str, Any]], dimension: str, have: set[str]) -> dict[str, dict[str, float]]:
    """The README's fit, from the YAML alone: for each role, coverage (the importance of its items
    the person has over that of all), uses (the share of the person's items it has), and the score,
    the F-measure of uses and the coverage shrunk toward the mean by list length:
    (n * coverage + m * mean) / (n + m), n the role's items, m the median over roles."""
    coverage = {
        r["id"]: sum(i["importance"] for i in r[dimension] if i["key"] in have)
        / sum(i["importance"] for i in r[dimension])
        for r in roles
    }
    mean = sum(coverage.values()) / len(coverage)
    lengths = sorted(len(r[dimension]) for r in roles)
    middle = len(lengths) // 2
    median = lengths[middle] if len(lengths) % 2 else (lengths[middle - 1] + lengths[middle]) / 2
    out = {}
    for r in roles:
        n = len(r[dimension])
        uses = len({i["key"] for i in r[dimension]} & have) / len(have)
        shrunk = (n * coverage[r["id"]] + median * mean) / (n + median)
        score = 2 * uses * shrunk / (uses + shrunk) if uses + shrunk else 0.0
        out[r["id"]] = {"coverage": coverage[r["id"]], "uses": uses, "score": score}
    return out
