"""Answers -> Rich tables: what a terminal (and a saved SVG or text file) shows.

Each table is laid out by layout.py: in columns when every word of every header and value fits
whole side by side, else as records one after another (stacked). Every cell is wrapped here, to the
width its column was given, so that what is measured is what is drawn. Imported only when a table is
printed: it is the one module that imports Rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from roles_cli.layout import (
    INDENT,
    cell_lines,
    column_needs,
    column_widths,
    line_spans,
    stacked_labels,
    wrap,
)
from roles_cli.render import safe
from roles_cli.views import (
    ASCII_FALLBACKS,
    Answer,
    Bullets,
    Cell,
    Marked,
    PeopleTable,
    Table,
    for_people,
    rewrite,
)

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table as RichTable
    from rich.text import Text

# For a terminal whose encoding has no room for them (Rich draws its borders in ASCII there too).
_ASCII_GLYPHS = str.maketrans(ASCII_FALLBACKS)


def _ascii_only(console: Console) -> bool:
    return not console.encoding.lower().startswith("utf")


def print_tables(answer: Answer, *, console: Console) -> None:
    from rich.text import Text

    if len(answer.tables) == 1 and answer.tables[0].located:
        _print_located(answer.tables[0], console=console)
        return
    ascii_only = _ascii_only(console)
    # Everything in one print: each print call renders and writes on its own.
    parts: list[RenderableType] = []
    if answer.heading:
        parts.append(_paragraph(answer.heading, console.width, ascii_only, style="bold"))
    for table in answer.tables:
        if parts:
            parts.append(Text())
        # Title and caption as lines of their own: a table title would be padded to the table's width.
        if table.title:
            parts.append(_paragraph(table.title, console.width, ascii_only, style="bold"))
        parts += _laid_out(table, width=console.width, ascii_only=ascii_only)
        if table.caption:
            parts.append(_paragraph(table.caption, console.width, ascii_only))
        parts += [_paragraph(line, console.width, ascii_only, style="dim") for line in table.footer]
    if answer.notes:
        parts.append(Text())
        parts += [_paragraph(note, console.width, ascii_only, style="dim") for note in answer.notes]
    if not parts:  # nothing to show (a search that found nothing): not even an empty line
        return
    # Never cropped: a character wider than the narrowest terminal runs past its edge (the terminal
    # wraps it) rather than be lost.
    console.print(*parts, sep="\n", crop=False)


def _laid_out(table: Table, *, width: int, ascii_only: bool) -> list[RenderableType]:
    """A table's rows as columns where every word fits whole, else as stacked records."""
    from rich.text import Text

    view = _safe(for_people(table), ascii_only)
    if not view.rows:
        return []
    needs = [column_needs(view, index, _measure) for index in range(len(view.columns))]
    widths = column_widths(needs, width)
    if widths is not None:
        return [_rich_table(view, widths, lines=table.lines, header=table.header, ascii_only=ascii_only)]
    least = max((need.least for need in needs[1:]), default=1)
    stacked = _stacked(
        _safe(for_people(table, joined=True), ascii_only),
        least,
        header=table.header,
        width=width,
        ascii_only=ascii_only,
    )
    # A record's heading right under the title would read as part of it.
    return [Text(), stacked] if table.title else [stacked]


def _paragraph(text: str, width: int, ascii_only: bool, *, style: str = "") -> Text:
    """Words around the tables (a title, a caption, a note), wrapped as the cells are."""
    from rich.text import Text

    return Text("\n".join(wrap(_printable(text, ascii_only), width, _measure)), style=style)


def _printable(text: str, ascii_only: bool) -> str:
    """Text safe to show (see render.safe), its marks in ASCII where the terminal has only that."""
    shown = safe(text)
    return shown.translate(_ASCII_GLYPHS) if ascii_only else shown


def _measure(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _print_located(table: Table, *, console: Console) -> None:
    """Problems as FILE:LINE:COLUMN: message, one a line and never wrapped, then the caption: the
    form compilers print, which editors jump from and grep can search."""
    from rich.cells import cell_len
    from rich.text import Text

    field = {column.name: index for index, column in enumerate(table.columns)}
    lines = []
    for row in table.rows:
        where = str(row[field["file"]])
        for part in ("line", "column"):
            if row[field[part]] is None:
                break
            where += f":{row[field[part]]}"
        kind = "" if row[field["severity"]] == "error" else f"{row[field['severity']]}: "
        lines.append(f"{where}: {kind}{row[field['message']]}")
    if table.caption:
        lines.append(table.caption)
    # A newline inside a message (from a key or a path) is shown as \n, so each stays on its line.
    text = Text("\n".join(safe(line).replace("\n", "\\n") for line in lines))
    # Wide enough for the longest line, so that a saved SVG or HTML page does not cut it off either.
    console.width = max(console.width, *(cell_len(line) for line in text.plain.splitlines()))
    console.print(text, soft_wrap=True, crop=False)


def _rich_table(
    view: PeopleTable, widths: list[int], *, lines: bool, header: bool, ascii_only: bool
) -> RichTable:
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    table = RichTable(box=box.SQUARE, show_lines=lines, show_header=header, header_style="bold")
    for column, width in zip(view.columns, widths, strict=True):
        table.add_column(
            Text("\n".join(wrap(column.header or "", width, _measure))),
            justify="right" if column.numeric else "left",
            style="cyan" if column.key else None,
            overflow="fold",
            width=width,
        )
    newline = Text("\n")
    for number, row in enumerate(view.rows):
        section = _section_starting(view, number)
        if section is not None:
            if number:
                table.add_section()
            label = newline.join(Text(line, style="bold") for line in wrap(section, widths[0], _measure))
            table.add_row(label, *([""] * (len(widths) - 1)))
        table.add_row(
            *(
                newline.join(_wrapped(cell, width, ascii_only=ascii_only))
                for cell, width in zip(row, widths, strict=True)
            )
        )
    return table


def _section_starting(view: PeopleTable, row: int) -> str | None:
    """The name of the section that starts at `row`, if one does."""
    if not view.sections or (row and view.sections[row] == view.sections[row - 1]):
        return None
    return view.sections[row]


def _stacked(view: PeopleTable, least: int, *, header: bool, width: int, ascii_only: bool) -> Text:
    """A table too wide for the terminal, as records one after another: the first column (with a
    rank, the first two) as each record's heading, then every other value beside or under its
    column's header; `least` is how wide a value must be to keep its words whole."""
    from rich.text import Text

    columns = view.columns
    lead = 2 if len(columns) > 2 and columns[0].numeric else 1  # a rank goes with what it ranks
    fields = range(lead, len(columns))
    labels = {i: columns[i].header or "" if header else "" for i in fields}
    place = stacked_labels([label for label in labels.values() if label], least, width, _measure)
    lines: list[Text] = []
    for number, row in enumerate(view.rows):
        if number:
            lines.append(Text())
        section = _section_starting(view, number)
        if section is not None:
            rule = _printable(f"— {section} —", ascii_only)
            lines += [Text(line, style="bold") for line in wrap(rule, width, _measure)] + [Text()]
        heading = " ".join(
            f"{line}." if lead == 2 and i == 0 else line
            for i in range(lead)
            for line in cell_lines(row[i])
            if line
        )
        lines += [Text(line, style="bold") for line in wrap(heading, width, _measure)]
        for i in fields:
            if not any(cell_lines(row[i])):  # nothing to say: no label either
                continue
            label = labels[i]
            if place.width and label:
                values = _wrapped(row[i], place.value, ascii_only=ascii_only)
                names = wrap(label, place.width, _measure)
                for n in range(max(len(names), len(values))):
                    name = names[n] if n < len(names) else ""
                    line = Text(" " * INDENT + name + " " * (place.width - _measure(name) + 2))
                    if n < len(values):
                        line.append_text(values[n])
                    line.rstrip()
                    lines.append(line)
                continue
            # Under its label, a value sits further in, unless that would break its words.
            indent = 2 * INDENT if label and least <= width - 2 * INDENT else INDENT
            values = _wrapped(row[i], width - indent, ascii_only=ascii_only)
            if label:
                lines += [Text(" " * INDENT + name) for name in wrap(label, width - INDENT, _measure)]
            lines += [Text(" " * indent) + value for value in values]
    return Text("\n").join(lines)


def _wrapped(cell: Cell, width: int, *, ascii_only: bool) -> list[Text]:
    """A cell's text wrapped to `width`, a Text a line: a list's entries hang under their first word,
    not under their mark; a search term keeps its highlight."""
    from rich.text import Text

    if isinstance(cell, Marked):
        text = Text(cell.text)
        for start, end in cell.spans:
            text.stylize("bold reverse", start, end)
        return [text[start:end] for start, end in line_spans(cell.text, width, _measure)]
    if isinstance(cell, Bullets):
        lines = []
        for mark, name in cell.entries():
            shown = _printable(mark, ascii_only)
            indent = _measure(shown) + 1
            for number, line in enumerate(wrap(name, max(1, width - indent), _measure)):
                lines.append(Text(f"{shown} " if number == 0 else " " * indent) + Text(line))
        return lines
    return [Text(line) for text in cell_lines(cell) for line in wrap(text, width, _measure)]


def _safe(view: PeopleTable, ascii_only: bool) -> PeopleTable:
    """The table with every text from the data made safe to show (see _printable), before it is
    measured: an escape is wider than the character it stands for."""

    def shown(text: str) -> str:
        return _printable(text, ascii_only)

    def cell(value: Cell) -> Cell:
        if isinstance(value, str):
            return shown(value)
        if isinstance(value, Marked):
            return rewrite(value, [shown(char) for char in value.text])  # escapes move the highlights
        if isinstance(value, Bullets):
            return value._replace(items=tuple(shown(item) for item in value.items))
        return tuple(shown(line) for line in value)

    columns = tuple(column._replace(header=shown(column.header or "")) for column in view.columns)
    rows = tuple(tuple(cell(value) for value in row) for row in view.rows)
    return PeopleTable(columns, rows, tuple(shown(section) for section in view.sections))
