"""Answers -> what a terminal (and a saved SVG or text file) shows: tables, or stacked records.

Each table is laid out by layout.py: in columns when every word of every header and value fits
whole side by side, else as records one after another (stacked). Every cell is wrapped here, to the
width its column was given, so that what is measured is what is drawn, and every line is drawn here
too, box and all: Rich only styles and writes them (its own tables took seconds for a few thousand
rows). Imported only when a table is printed: it is the one module that imports Rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

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
    bar_width,
    for_people,
    rewrite,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.box import Box
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.style import Style

Bars = Literal["ascii", "blocks"]
"""How a percentage's bar is drawn: '#'s, or eighths of a block."""
Line = list[tuple[str, str]]
"""One line as drawn: runs of text, each with a Rich style ("" for none)."""

HIGHLIGHT = "bold reverse"
"""A search term where it was found."""
CHUNK = 500
"""Lines printed at a time: a long answer starts to show at once and is never all in memory."""

# For a terminal whose encoding has no room for them (borders are drawn in ASCII there too).
_ASCII_GLYPHS = str.maketrans(ASCII_FALLBACKS)


def _ascii_only(console: Console) -> bool:
    return not console.encoding.lower().startswith("utf")


def _ascii_bars(console: Console) -> bool:
    """Bars of '#': as Rich draws its own bars, on a terminal whose encoding is not UTF-8 and on the
    legacy Windows console, whose fonts lack the eighths of a block."""
    return _ascii_only(console) or console.legacy_windows


def print_tables(answer: Answer, *, console: Console) -> None:
    from itertools import islice

    if len(answer.tables) == 1 and answer.tables[0].located:
        _print_located(answer.tables[0], console=console)
        return
    from rich.box import SQUARE

    ascii_only = _ascii_only(console)
    box = SQUARE.substitute(console.options)  # ASCII borders where the terminal has only that
    bars: Bars = "ascii" if _ascii_bars(console) else "blocks"
    lines = _answer_lines(answer, width=console.width, ascii_only=ascii_only, box=box, bars=bars)
    while chunk := list(islice(lines, CHUNK)):
        # Never cropped: a character wider than the narrowest terminal runs past its edge (the
        # terminal wraps it) rather than be lost.
        console.print(_Lines(chunk), crop=False)


class _Lines:
    """Lines already laid out, as Rich writes them: no measuring, no wrapping again."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        styles: dict[str, Style | None] = {"": None}
        for line in self.lines:
            for text, name in line:
                if name not in styles:
                    styles[name] = console.get_style(name)
                yield Segment(text, styles[name])
            yield Segment.line()


def _answer_lines(answer: Answer, *, width: int, ascii_only: bool, box: Box, bars: Bars) -> Iterator[Line]:
    """Every line of the answer as people read it: the tables with the words around them."""
    started = False
    if answer.heading:
        yield from _paragraph(answer.heading, width, ascii_only, style="bold")
        started = True
    for table in answer.tables:
        if started:
            yield []
        started = True
        # Title and caption as lines of their own: a table title would be padded to the table's width.
        if table.title:
            yield from _paragraph(table.title, width, ascii_only, style="bold")
        yield from _laid_out(table, width=width, ascii_only=ascii_only, box=box, bars=bars)
        if table.caption:
            yield from _paragraph(table.caption, width, ascii_only)
        for line in table.footer:
            yield from _paragraph(line, width, ascii_only, style="dim")
    if answer.notes:
        yield []
        for note in answer.notes:
            yield from _paragraph(note, width, ascii_only, style="dim")


def _laid_out(table: Table, *, width: int, ascii_only: bool, box: Box, bars: Bars) -> Iterator[Line]:
    """A table's rows as columns where every word fits whole, else as stacked records; then what
    was left out of a huge answer, if anything."""
    view = _safe(for_people(table, bars=bars, bar_width=bar_width(width)), ascii_only)
    yield from _arranged(table, view, width=width, ascii_only=ascii_only, box=box, bars=bars)
    note = view.note()
    if note:
        yield from _paragraph(note, width, ascii_only, style="dim")


def _arranged(
    table: Table, view: PeopleTable, *, width: int, ascii_only: bool, box: Box, bars: Bars
) -> Iterator[Line]:
    if not view.rows:
        return
    needs = [column_needs(view, index, _measure) for index in range(len(view.columns))]
    widths = column_widths(needs, width)
    least = max((need.least for need in needs[1:]), default=1)
    stacked = _safe(for_people(table, joined=True, bars=bars, bar_width=bar_width(width)), ascii_only)

    def boxed(shown: PeopleTable) -> Iterator[Line]:
        assert widths is not None
        return _boxed(shown, widths, lines=table.lines, header=table.header, ascii_only=ascii_only, box=box)

    def records(shown: PeopleTable) -> Iterator[Line]:
        return _stacked(shown, least, header=table.header, width=width, ascii_only=ascii_only)

    if widths is not None:
        # Columns that keep their words whole but are so narrow that the rows take far more lines
        # than the same rows as records: the records read better. Judged on the first rows, by the
        # lines that say something (not the box's, not the blank ones between records).
        sample = slice(0, SAMPLE)
        tall = sum(
            max(
                len(_wrapped(cell, column, ascii_only=ascii_only))
                for cell, column in zip(row, widths, strict=True)
            )
            for row in view.rows[sample]
        )
        if tall <= TALLER * sum(1 for line in records(_rows(stacked, sample)) if line):
            yield from boxed(view)
            return
    if table.title:  # a record's heading right under the title would read as part of it
        yield []
    yield from records(stacked)
    if table.caption or table.footer:  # else they would read as part of the last record
        yield []


SAMPLE = 30
"""The rows a table's layout is judged on: the first ones of a long table tell enough."""
TALLER = 1.5
"""A table may take this many times the lines of the same rows as records and still be a table:
columns are easier to compare down than records."""


def _rows(view: PeopleTable, rows: slice) -> PeopleTable:
    return view._replace(rows=view.rows[rows], sections=view.sections[rows])


def _paragraph(text: str, width: int, ascii_only: bool, *, style: str = "") -> list[Line]:
    """Words around the tables (a title, a caption, a note), wrapped as the cells are."""
    return [[(line, style)] for line in wrap(_printable(text, ascii_only), width, _measure)]


def _printable(text: str, ascii_only: bool) -> str:
    """Text safe to show (see render.safe), its marks in ASCII where the terminal has only that."""
    shown = safe(text)
    return shown.translate(_ASCII_GLYPHS) if ascii_only else shown


def _measure(text: str) -> int:
    """The columns `text` takes: one a character for ASCII (controls are escaped by then)."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def _width(line: Line) -> int:
    return sum(_measure(text) for text, _ in line)


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


def _boxed(
    view: PeopleTable, widths: list[int], *, lines: bool, header: bool, ascii_only: bool, box: Box
) -> Iterator[Line]:
    """The table in columns of these widths, in a box; a rule between rows (`lines`) and sections."""
    spans = [width + 2 for width in widths]  # a space either side
    yield [(box.get_top(spans), "")]
    if header:
        heads = [
            [[(line, "bold")] for line in wrap(column.header or "", width, _measure)]
            for column, width in zip(view.columns, widths, strict=True)
        ]
        yield from _row(
            heads, view, widths, edges=(box.head_left, box.head_vertical, box.head_right), plain=True
        )
        yield [(box.get_row(spans, "head"), "")]
    edges = (box.mid_left, box.mid_vertical, box.mid_right)
    rule: Line = [(box.get_row(spans, "row"), "")]
    for number, row in enumerate(view.rows):
        section = _section_starting(view, number)
        if number and (lines or section is not None):
            yield rule
        if section is not None:
            label = [[(line, "bold")] for line in wrap(section, widths[0], _measure)]
            yield from _row([label, *([] for _ in widths[1:])], view, widths, edges=edges, plain=True)
        cells = [
            _wrapped(cell, width, ascii_only=ascii_only) for cell, width in zip(row, widths, strict=True)
        ]
        yield from _row(cells, view, widths, edges=edges)
    yield [(box.get_bottom(spans), "")]


def _row(
    cells: list[list[Line]],
    view: PeopleTable,
    widths: list[int],
    *,
    edges: tuple[str, str, str],
    plain: bool = False,
) -> Iterator[Line]:
    """The lines of one row of a box, each cell's lines side by side; `plain`: no column styles."""
    left, between, right = edges
    last = len(widths) - 1
    for index in range(max(1, *(len(lines) for lines in cells))):
        line: Line = [(left, "")]
        for number, (column, width, lines) in enumerate(zip(view.columns, widths, cells, strict=True)):
            text = lines[index] if index < len(lines) else []
            pad = " " * (width - _width(text))
            line.append((" " + pad if column.numeric else " ", ""))
            style = "cyan" if column.key and not plain else ""
            line += [(run, f"{style} {name}".strip()) for run, name in text] if style else text
            line.append(((" " if column.numeric else pad + " ") + (right if number == last else between), ""))
        yield line


def _section_starting(view: PeopleTable, row: int) -> str | None:
    """The name of the section that starts at `row`, if one does."""
    if not view.sections or (row and view.sections[row] == view.sections[row - 1]):
        return None
    return view.sections[row]


def _stacked(view: PeopleTable, least: int, *, header: bool, width: int, ascii_only: bool) -> Iterator[Line]:
    """A table too wide for the terminal, as records one after another: the first column (with a
    rank, the first two) as each record's heading, then every other value beside or under its
    column's header; `least` is how wide a value must be to keep its words whole."""
    columns = view.columns
    lead = 2 if len(columns) > 2 and columns[0].numeric else 1  # a rank goes with what it ranks
    fields = range(lead, len(columns))
    labels = {i: columns[i].header or "" if header else "" for i in fields}
    place = stacked_labels([label for label in labels.values() if label], least, width, _measure)
    for number, row in enumerate(view.rows):
        if number:
            yield []
        section = _section_starting(view, number)
        if section is not None:
            yield from _paragraph(f"— {section} —", width, ascii_only, style="bold")
            yield []
        heading = " ".join(
            f"{line}." if lead == 2 and i == 0 else line
            for i in range(lead)
            for line in cell_lines(row[i])
            if line
        )
        yield from ([(line, "bold")] for line in wrap(heading, width, _measure))
        for i in fields:
            if not any(cell_lines(row[i])):  # nothing to say: no label either
                continue
            label = labels[i]
            if place.width and label:
                values = _wrapped(row[i], place.value, ascii_only=ascii_only)
                names = wrap(label, place.width, _measure)
                for n in range(max(len(names), len(values))):
                    name = names[n] if n < len(names) else ""
                    value = values[n] if n < len(values) else []
                    gap = " " * (place.width - _measure(name) + 2) if value else ""
                    yield [(" " * INDENT + name + gap, ""), *value]
                continue
            # Under its label, a value sits further in, unless that would break its words.
            indent = 2 * INDENT if label and least <= width - 2 * INDENT else INDENT
            if label:
                yield from ([(" " * INDENT + name, "")] for name in wrap(label, width - INDENT, _measure))
            for value in _wrapped(row[i], width - indent, ascii_only=ascii_only):
                yield [(" " * indent, ""), *value]


def _wrapped(cell: Cell, width: int, *, ascii_only: bool) -> list[Line]:
    """A cell's text wrapped to `width`, a line each: a list's entries hang under their first word,
    not under their mark; a search term keeps its highlight."""
    if isinstance(cell, Marked):
        lines = []
        for start, end in line_spans(cell.text, width, _measure):
            line: Line = []
            at = start
            for first, last in cell.spans:  # the highlights on this line, where they fall
                first, last = max(first, start), min(last, end)
                if first < last:
                    line += [(cell.text[at:first], ""), (cell.text[first:last], HIGHLIGHT)]
                    at = last
            lines.append([run for run in [*line, (cell.text[at:end], "")] if run[0]])
        return lines
    if isinstance(cell, Bullets):
        entries: list[Line] = []
        for mark, name in cell.entries():
            shown = _printable(mark, ascii_only)
            indent = _measure(shown) + 1
            for number, piece in enumerate(_fitted(name, max(1, width - indent))):
                entries.append([(f"{shown} {piece}" if number == 0 else " " * indent + piece, "")])
        return entries
    return [[(line, "")] for text in cell_lines(cell) for line in _fitted(text, width)]


def _fitted(text: str, width: int) -> list[str]:
    """`text` wrapped to `width`; most texts fit as they are, and are not looked at again."""
    if "\n" not in text and _measure(text) <= width:
        return [text]
    return wrap(text, width, _measure)


def _safe(view: PeopleTable, ascii_only: bool) -> PeopleTable:
    """The table with every text from the data made safe to show (see _printable), before it is
    measured: an escape is wider than the character it stands for."""

    def shown(text: str) -> str:
        return _printable(text, ascii_only)

    def cell(value: Cell) -> Cell:
        if isinstance(value, str):
            return shown(value)
        if isinstance(value, Marked):
            if shown(value.text) == value.text:  # nearly always: nothing to escape
                return value
            return rewrite(value, [shown(char) for char in value.text])  # escapes move the highlights
        if isinstance(value, Bullets):
            return value._replace(items=tuple(shown(item) for item in value.items))
        return tuple(shown(line) for line in value)

    columns = tuple(column._replace(header=shown(column.header or "")) for column in view.columns)
    rows = tuple(tuple(cell(value) for value in row) for row in view.rows)
    return PeopleTable(columns, rows, tuple(shown(section) for section in view.sections), view.hidden)
