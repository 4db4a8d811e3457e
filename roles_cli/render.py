"""Reports -> what a user reads: Rich tables, JSON, CSV or Markdown.

The writers know nothing of roles, only of Reports (report.py), so every format shows the same
answer. Rich is imported only when a table is printed.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from roles_cli.files import AtomicFile
from roles_cli.report import Bullets, Cell, Marked, Report, Value, View

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.measure import Measurement
    from rich.table import Table

KEY_WIDTH = 20
"""Identifiers up to this long are never folded in a table."""
MIN_WIDTH = 20
"""Tables are laid out for at least this many columns, however narrow the terminal says it is."""
GROW_WIDTH = 60
"""From this terminal width on, a long text column gets the room the short ones leave."""


# C0 and C1 controls (but tab and newline), DEL, the bidirectional formatting characters, and lone
# surrogates (which the pure-Python YAML parser lets through and no output encoding can hold):
# none may reach a terminal raw, whatever the data says.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def safe(text: str) -> str:
    """Text with every control and bidi-override character shown as a visible escape."""
    return _UNSAFE.sub(_escape, text)


def write_lines(stream: IO[str], lines: Sequence[str]) -> None:
    """Messages, one a line, safe to show: a newline inside one (from a key or a path) is shown as
    \\n, so that each message stays on its line."""
    for line in lines:
        stream.write(safe(line).replace("\n", "\\n") + "\n")
    stream.flush()


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


SAVE_FORMATS = (".svg", ".html", ".txt")


def write(report: Report, fmt: str, *, stream: IO[str] | None = None, save: Path | None = None) -> None:
    """Print a report to stdout (or `stream`) as a table, or as "json", "csv" or "markdown".

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
        text = (
            to_json(report.data) if fmt == "json" else to_csv(report) if fmt == "csv" else to_markdown(report)
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
        return console.export_svg(title=f"roles · {path.stem}", clear=False)
    if suffix == ".html":
        return console.export_html(inline_styles=True, clear=False)
    return console.export_text(clear=False)


def to_json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # JSON keeps the data exact: the unsafe characters become \u escapes that a parser turns back.
    # A lone surrogate is no character at all, and parsers such as jq refuse its escape, so it is
    # written as the visible text \udXXX, as in every other format.
    return _UNSAFE.sub(_json_escape, text) + "\n"


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\\\u{code:04x}" if 0xD800 <= code <= 0xDFFF else f"\\u{code:04x}"


def to_csv(report: Report) -> str:
    import csv  # deferred, like every writer's own imports: a run prints one format
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(report.header)
    for record in report.records:
        writer.writerow([_csv_value(value) for value in record])
    return buffer.getvalue()


def _csv_value(value: Value) -> str | float | int:
    if value is None:
        return ""
    if isinstance(value, Marked):
        return safe(value.text)
    if isinstance(value, Bullets):
        return safe("; ".join(value.items))
    if isinstance(value, str):
        return safe(value)
    if isinstance(value, tuple):
        return safe("; ".join(str(line) for line in value))  # str(): mypy keeps the named tuples here
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 3, not 3.0, as people write an importance
    return value


# The characters GitHub Markdown would read as formatting, an entity, maths or a cell border.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&$])")


def to_markdown(report: Report) -> str:
    parts: list[str] = []
    for view in report.views:
        if view.title:
            parts.append(f"**{_md(view.title)}**\n")
        parts.append("| " + " | ".join(_md(c.header) or " " for c in view.columns) + " |")
        parts.append("|" + "|".join("---:" if c.numeric else "---" for c in view.columns) + "|")
        for row in view.rows:
            parts.append("| " + " | ".join(_md_cell(cell) for cell in row) + " |")
        if view.caption:
            parts.append(f"\n{_md(view.caption)}")
        parts.append("")
    parts += [_md(note) for note in report.notes]
    return "\n".join(parts).rstrip("\n") + "\n"


def _md(text: str, *, strip: bool = True) -> str:
    folded = re.sub(r"\s+", " ", safe(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", folded.strip() if strip else folded)


def _md_cell(cell: Cell) -> str:
    if isinstance(cell, Marked):  # highlights become bold
        pieces, last = [], 0
        for start, end in cell.spans:
            found = cell.text[start:end]
            # Emphasis must not start or end with a space, so the spaces stay outside the stars.
            lead, trail = found[: len(found) - len(found.lstrip())], found[len(found.rstrip()) :]
            bold = f"**{_md(found.strip())}**" if found.strip() else ""
            pieces += [_md(cell.text[last:start] + lead, strip=False), bold, _md(trail, strip=False)]
            last = end
        return "".join([*pieces, _md(cell.text[last:], strip=False)]).strip()
    return "<br>".join(_md(line) for line in _cell_lines(cell) if line.strip())


def make_console(stream: IO[str] | None = None, *, record: bool = False) -> Console:
    # Deferred: only table output pays for importing Rich.
    from rich.console import Console

    file = cast("IO[str]", LineByLine(stream if stream is not None else sys.stdout))
    console = Console(file=file, record=record, markup=False, emoji=False, highlight=False)
    if console.width < MIN_WIDTH:  # COLUMNS=0, or a terminal too narrow to hold a table at all
        console.width = MIN_WIDTH
    return console


# For a terminal whose encoding has no room for them (Rich draws its borders in ASCII there too).
_ASCII_GLYPHS = str.maketrans({"●": "*", "·": "-", "—": "-", "…": "..."})


def _ascii_only(console: Console) -> bool:
    return not console.encoding.lower().startswith("utf")


def print_tables(report: Report, *, console: Console) -> None:
    from rich.text import Text

    # Everything in one print: each print call renders and writes on its own.
    parts: list[RenderableType] = []
    for view in report.views:
        if parts:
            parts.append(Text())
        # Title and caption as lines of their own: a table title would be padded to the table's width.
        if view.title:
            parts.append(Text(safe(view.title), style="bold", overflow="fold"))
        parts.append(_rich_table(view, width=console.width, ascii_only=_ascii_only(console)))
        if view.caption:
            caption = safe(view.caption)
            parts.append(
                Text(caption.translate(_ASCII_GLYPHS) if _ascii_only(console) else caption, overflow="fold")
            )
    if report.notes:
        parts.append(Text())
        parts += [Text(safe(note), style="dim", overflow="fold") for note in report.notes]
    # Never cropped: a table whose columns cannot all get their narrowest width runs past the edge
    # (the terminal wraps it) rather than lose text.
    console.print(*parts, sep="\n", crop=False)


def _rich_table(view: View, *, width: int, ascii_only: bool = False) -> Table:
    from rich import box
    from rich.table import Table

    # A growing column takes what the others leave, once there is enough to leave: on a narrow
    # terminal every column shrinks alike instead.
    grow = width >= GROW_WIDTH and any(column.grow for column in view.columns)
    table = Table(
        box=box.SQUARE,
        expand=grow,
        show_lines=view.lines,
        show_header=view.header,
        header_style="bold",
    )
    # An even share of the width for each column's text: what is left of the borders and padding.
    share = (width - len(view.columns) - 1) // len(view.columns) - 2
    for index, column in enumerate(view.columns):
        table.add_column(
            safe(column.header),
            justify="right" if column.numeric else "left",
            style="cyan" if column.key else None,
            overflow="fold",
            ratio=1 if column.grow and grow else None,
            # Keep identifiers whole where they are short and the terminal wide enough; else fold,
            # but never narrower than a character: a wide (CJK, emoji) one would be dropped.
            min_width=max(
                _narrowest(view, index),
                _widest(view, index, cap=min(KEY_WIDTH, share)) if column.key else 1,
            ),
            max_width=column.max_width,
        )
    for row in view.rows:
        table.add_row(*(_rich_cell(cell, ascii_only=ascii_only) for cell in row))
    return table


def _widest(view: View, index: int, *, cap: int) -> int:
    widths = [len(line) for row in view.rows for line in _cell_lines(row[index])]
    return min(max(widths, default=1), cap)


def _safe_spans(cell: Marked) -> list[tuple[int, int]]:
    """The spans of a Marked text, moved to where they are once safe() has escaped characters."""
    shift = [0]
    for char in cell.text:
        shift.append(shift[-1] + len(safe(char)) - 1)
    return [(start + shift[start], end + shift[end]) for start, end in cell.spans]


def _narrowest(view: View, index: int) -> int:
    """The narrowest a column can be without dropping a character: its widest single character."""
    from rich.cells import cell_len

    texts = [view.columns[index].header, *(line for row in view.rows for line in _cell_lines(row[index]))]
    return max((cell_len(char) for text in texts for char in set(safe(text))), default=1)


def _cell_lines(cell: Cell) -> list[str]:
    if isinstance(cell, Marked):
        return [cell.text]
    if isinstance(cell, Bullets):
        return cell.lines()
    if isinstance(cell, str):
        return [cell]
    return [str(line) for line in cell]


def _rich_cell(cell: Cell, *, ascii_only: bool = False) -> RenderableType:
    from rich.text import Text

    if isinstance(cell, str):
        return Text(safe(cell))
    if isinstance(cell, Marked):
        text = Text(safe(cell.text))
        for start, end in _safe_spans(cell):
            text.stylize("bold reverse", start, end)
        return text
    if isinstance(cell, Bullets):
        return _bullet_list(cell, ascii_only=ascii_only)
    return Text("\n".join(safe(line) for line in cell))


def _bullet_list(cell: Bullets, *, ascii_only: bool = False) -> RenderableType:
    """A list whose long entries wrap under their own first word, not under the mark.

    A renderable of its own rather than a grid table in the cell: a table per cell made comparing
    two roles twice as slow to print.
    """
    from rich.cells import cell_len
    from rich.measure import Measurement
    from rich.segment import Segment
    from rich.text import Text

    entries = [
        (
            mark.translate(_ASCII_GLYPHS) if ascii_only else mark,
            Text(safe(name), style="bold" if index in cell.strong else ""),
        )
        for index, (mark, name) in enumerate(cell.entries())
    ]
    indent = len(entries[0][0]) + 1 if entries else 0

    # The widest single character: in a column narrower than the mark, its space and that character,
    # the text would get no width at all and Rich would drop it; the list is then folded plainly.
    widest = max((cell_len(char) for _, text in entries for char in set(text.plain)), default=1)
    # Rich measures a cell several times while it lays out a table; the answer is computed once.
    measured = Measurement(
        indent + max((cell_len(word) for _, text in entries for word in text.plain.split()), default=0),
        indent + max((cell_len(text.plain) for _, text in entries), default=0),
    )

    class BulletList:
        def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
            return measured

        def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
            if options.max_width < indent + widest:
                yield Text("\n".join(f"{mark} {text.plain}" for mark, text in entries), overflow="fold")
                return
            # Segments, not Text: each Text yielded would be measured and wrapped all over again.
            width = options.max_width - indent
            for mark, text in entries:
                style = console.get_style(text.style)
                if cell_len(text.plain) <= width:  # most entries fit: no need to wrap them
                    yield Segment(f"{mark} {text.plain}", style)
                    yield Segment.line()
                    continue
                for number, line in enumerate(text.wrap(console, width, overflow="fold")):
                    yield Segment(f"{mark} " if number == 0 else " " * indent, style)
                    yield from Segment.apply_style(line.render(console), style)  # render() omits it
                    yield Segment.line()

    return BulletList()
