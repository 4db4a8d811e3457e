"""Answers -> what a user reads: Rich tables, JSON, CSV or Markdown; and where it goes.

The writers know nothing of roles, only of Answers (views.py), so every format shows the same
answer. This module picks the writer and the stream; render_table.py draws the Rich tables (Rich
is imported only when a table is printed) and render_text.py writes CSV and Markdown.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from roles_cli.clean import UNSAFE, kept
from roles_cli.clean import safe as safe  # where every writer took it from before clean.py
from roles_cli.files import AtomicFile

if TYPE_CHECKING:
    from rich.console import Console

    from roles_cli.views import Answer

MIN_WIDTH = 20
"""Tables are laid out for at least this many columns, however narrow the terminal says it is..."""
MAX_WIDTH = 1_000
"""... and at most this many, however wide (COLUMNS=99999999999 would take all the memory there is)."""


def write_lines(stream: IO[str], lines: Sequence[str]) -> None:
    """Messages, one a line, safe to show: a newline inside one (from a key or a path) is shown as
    \\n, so that each message stays on its line."""
    for line in lines:
        stream.write(safe(line).replace("\n", "\\n") + "\n")
    stream.flush()


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


SAVE_FORMATS = {
    ".svg": "table",
    ".html": "html",
    ".txt": "table",
    ".md": "markdown",
    ".csv": "csv",
    ".json": "json",
}
"""What --save writes for each file name ending: the tables as shown (an image, a page, text,
Markdown), or the answer for machines."""


def saved_format(path: Path) -> str | None:
    """The format --save writes to `path`, by its ending; None for an ending it does not write."""
    return SAVE_FORMATS.get(path.suffix.casefold())


def for_people(fmt: str) -> bool:
    """Whether a format is read by people (its long tables are cut) or by machines (complete)."""
    return fmt in ("table", "markdown", "html")


MORE = "{count} more {unit} — use --top 0 for all"
"""The line under a table that was cut."""
MORE_THAN_LISTED = "{count} more {unit} — use --top 0 for the best {listed:,}"
"""The line under a table that was cut, of more rows than any --top lists."""
NOT_LISTED = "{count} more {unit} — only the best {listed:,} are listed"
"""The line under such a table when every row was asked for (--top 0)."""


def cut(answer: Answer, limit: int | None, *, people: bool) -> Answer:
    """The answer with each long table (one whose rows are `counted`) cut to its first `limit` rows
    (None: all of them). People also read, under each table, how many rows it leaves out; for
    machines, the flat `records` are cut alike, and JSON documents were cut by the analysis."""
    if not people:
        records = answer.records
        if limit is None or records.counted is None or len(records.rows) <= limit:
            return answer
        return answer._replace(records=records._replace(rows=records.rows[:limit]))
    tables = []
    for table in answer.tables:
        if table.counted is not None:
            shown = table.rows if limit is None else table.rows[:limit]
            more = table.more + len(table.rows) - len(shown)
            if more:
                beyond = table.listed is not None and len(table.rows) + table.more > table.listed
                line = (NOT_LISTED if limit is None else MORE_THAN_LISTED) if beyond else MORE
                note = line.format(count=f"{more:,}", unit=table.counted[more != 1], listed=table.listed)
                table = table._replace(rows=shown, footer=(*table.footer, note))
        tables.append(table)
    return answer._replace(tables=tuple(tables))


def write(
    report: Answer,
    fmt: str,
    *,
    stream: IO[str] | None = None,
    limit: int | None = None,
    terminal: int | None = None,
) -> None:
    """Print an answer to stdout (or `stream`) as a table, or as "json", "csv" or "markdown", its
    long tables cut to `limit` rows (see cut). `terminal`: the width of the terminal a table is for,
    when `stream` leads there through a pager."""
    report = cut(report, limit, people=for_people(fmt))
    out = stream if stream is not None else sys.stdout
    if fmt == "table":
        print_tables(report, console=make_console(out, terminal=terminal))
    else:
        LineByLine(out).write(as_text(report, fmt))
    out.flush()


def as_text(report: Answer, fmt: str) -> str:
    """The answer as JSON, CSV, Markdown or an HTML page."""
    # Deferred, like every writer's own imports: a run prints one format.
    from roles_cli.render_text import to_csv, to_markdown

    if fmt == "json":
        return to_json(report.json())
    if fmt == "html":
        from roles_cli.render_html import html_page

        return html_page(report)
    return to_csv(report) if fmt == "csv" else to_markdown(report)


def save(report: Answer, target: AtomicFile, *, limit: int | None, width: int) -> None:
    """Write the answer to `target` in the format its name ends with (see SAVE_FORMATS); tables as
    a terminal `width` columns wide shows them."""
    fmt = saved_format(target.path) or "table"
    report = cut(report, limit, people=for_people(fmt))
    if fmt != "table":
        target.commit(as_text(report, fmt))
        return
    import io

    console = make_console(io.StringIO(), record=True, terminal=width, colour=False)
    print_tables(report, console=console)
    target.commit(export(console, target.path))


class LineByLine:
    """A text stream written one line at a time.

    When the reader goes away (`roles list | head -1`), every write after that fails and the CLI
    stops quietly with exit 1. One big write to a pipe can instead come back short without an
    error, and the rest of the output would be dropped unnoticed, with exit 0.
    """

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        for line in text.splitlines(keepends=True):
            self.stream.write(line)
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding: the stream's own
        return getattr(self.stream, name)


def export(console: Console, path: Path) -> str:
    """What `console` recorded, as the file type `path` names: an SVG image, or plain text."""
    if path.suffix.casefold() == ".svg":
        # Rich escapes the title's markup, not its characters: a file name may hold any of them.
        return console.export_svg(title=f"roles · {safe(path.stem)}", clear=False)
    return console.export_text(clear=False)


def to_json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # JSON keeps the data exact: the unsafe characters become \u escapes that a parser turns back
    # (beyond U+FFFF, as the pair of surrogates JSON spells them with). A lone surrogate is no
    # character at all, and parsers such as jq refuse its escape, so it is written as the visible
    # text \udXXX, as in every other format.
    return UNSAFE.sub(_json_escape, text) + "\n"


def _json_escape(match: re.Match[str]) -> str:
    if kept(match):
        return match.group()
    code = ord(match.group())
    if 0xD800 <= code <= 0xDFFF:
        return f"\\\\u{code:04x}"
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 | code >> 10:04x}\\u{0xDC00 | code & 0x3FF:04x}"
    return f"\\u{code:04x}"


def make_console(
    stream: IO[str] | None = None, *, record: bool = False, terminal: int | None = None, colour: bool = True
) -> Console:
    """A console for tables on `stream`; with `terminal`, as for a terminal that wide (a pager's, or
    the one a saved file is laid out for: without `colour`, its styles are only recorded)."""
    # Deferred: only table output pays for importing Rich.
    from rich.console import Console

    file = cast("IO[str]", LineByLine(stream if stream is not None else sys.stdout))
    console = Console(
        file=file,
        record=record,
        markup=False,
        emoji=False,
        highlight=False,
        force_terminal=True if terminal is not None and colour else None,
        width=terminal,
    )
    if terminal is not None and colour:
        # Rich would end the run (exit 1, stdout pointed at devnull) when the reader goes away; a
        # reader who quits the pager has seen enough, and the command line says so (cli_terminal).
        setattr(console, "on_broken_pipe", _broken_pipe)  # noqa: B010 - an instance's, not the class's
    if console.width < MIN_WIDTH:  # COLUMNS=0, or a terminal too narrow to hold a table at all
        console.width = MIN_WIDTH
    elif console.width > MAX_WIDTH:
        console.width = MAX_WIDTH
    return console


def _broken_pipe() -> None:
    raise BrokenPipeError


def print_tables(answer: Answer, *, console: Console) -> None:
    """The answer's tables, as people read them, on `console`."""
    from roles_cli.render_table import print_tables  # deferred: it imports Rich

    print_tables(answer, console=console)
