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


SAVE_FORMATS = (".svg", ".html", ".txt")


def write(report: Answer, fmt: str, *, stream: IO[str] | None = None, save: Path | None = None) -> None:
    """Print an answer to stdout (or `stream`) as a table, or as "json", "csv" or "markdown".

    With `save` (table format only), the printed tables are also written to that file as SVG, HTML or
    plain text, by its extension. The file is opened before anything is printed, so a path that
    cannot be written is an OutputError with nothing on stdout.
    """
    out = stream if stream is not None else sys.stdout
    if fmt == "table":
        target = AtomicFile(save) if save is not None else None
        try:
            console = make_console(out, record=target is not None)
            print_tables(report, console=console)
            if target is not None:
                target.commit(export(console, target.path))
        finally:
            if target is not None:
                target.discard()
    else:
        # Deferred, like every writer's own imports: a run prints one format.
        from roles_cli.render_text import to_csv, to_markdown

        text = (
            to_json(report.json())
            if fmt == "json"
            else to_csv(report)
            if fmt == "csv"
            else to_markdown(report)
        )
        LineByLine(out).write(text)
    out.flush()


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
    """What `console` recorded, as the file type `path` names: SVG, HTML or plain text."""
    suffix = path.suffix.casefold()
    if suffix == ".svg":
        # Rich escapes the title's markup, not its characters: a file name may hold any of them.
        return console.export_svg(title=f"roles · {safe(path.stem)}", clear=False)
    if suffix == ".html":
        return console.export_html(inline_styles=True, clear=False)
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


def make_console(stream: IO[str] | None = None, *, record: bool = False) -> Console:
    # Deferred: only table output pays for importing Rich.
    from rich.console import Console

    file = cast("IO[str]", LineByLine(stream if stream is not None else sys.stdout))
    console = Console(file=file, record=record, markup=False, emoji=False, highlight=False)
    if console.width < MIN_WIDTH:  # COLUMNS=0, or a terminal too narrow to hold a table at all
        console.width = MIN_WIDTH
    elif console.width > MAX_WIDTH:
        console.width = MAX_WIDTH
    return console


def print_tables(answer: Answer, *, console: Console) -> None:
    """The answer's tables, as people read them, on `console`."""
    from roles_cli.render_table import print_tables  # deferred: it imports Rich

    print_tables(answer, console=console)
