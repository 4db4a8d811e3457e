"""Answers -> Rich tables: what a terminal (and a saved SVG, HTML or text file) shows.

Imported only when a table is printed: it is the one module that imports Rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

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
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.measure import Measurement
    from rich.table import Table as RichTable

KEY_WIDTH = 20
"""Identifiers up to this long are never folded in a table."""
GROW_WIDTH = 60
"""From this terminal width on, a long text column gets the room the short ones leave."""


# For a terminal whose encoding has no room for them (Rich draws its borders in ASCII there too).
_ASCII_GLYPHS = str.maketrans(ASCII_FALLBACKS)


def _ascii_only(console: Console) -> bool:
    return not console.encoding.lower().startswith("utf")


def _ascii_bars(console: Console) -> bool:
    """Bars of '#': as Rich draws its own bars, on a terminal whose encoding is not UTF-8 and on the
    legacy Windows console, whose fonts lack the eighths of a block."""
    return _ascii_only(console) or console.legacy_windows


def print_tables(answer: Answer, *, console: Console) -> None:
    from rich.text import Text

    if len(answer.tables) == 1 and answer.tables[0].located:
        _print_located(answer.tables[0], console=console)
        return
    # Everything in one print: each print call renders and writes on its own.
    parts: list[RenderableType] = []
    for table in answer.tables:
        if parts:
            parts.append(Text())
        # Title and caption as lines of their own: a table title would be padded to the table's width.
        if table.title:
            parts.append(Text(safe(table.title), style="bold", overflow="fold"))
        bars: Literal["ascii", "blocks"] = "ascii" if _ascii_bars(console) else "blocks"
        shown = for_people(table, bars=bars, bar_width=bar_width(console.width))
        parts.append(_rich_table(shown, lines=table.lines, header=table.header, console=console))
        if shown.note():
            parts.append(Text(safe(str(shown.note())), style="dim", overflow="fold"))
        if table.caption:
            caption = safe(table.caption)
            parts.append(
                Text(caption.translate(_ASCII_GLYPHS) if _ascii_only(console) else caption, overflow="fold")
            )
    if answer.notes:
        parts.append(Text())
        parts += [Text(safe(note), style="dim", overflow="fold") for note in answer.notes]
    # Never cropped: a table whose columns cannot all get their narrowest width runs past the edge
    # (the terminal wraps it) rather than lose text.
    console.print(*parts, sep="\n", crop=False)


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


def _rich_table(view: PeopleTable, *, lines: bool, header: bool, console: Console) -> RichTable:
    from rich import box
    from rich.table import Table as RichTable

    width, ascii_only = console.width, _ascii_only(console)

    # A growing column takes what the others leave, once there is enough to leave: on a narrow
    # terminal every column shrinks alike instead.
    grow = width >= GROW_WIDTH and any(column.grow for column in view.columns)
    table = RichTable(
        box=box.SQUARE,
        expand=grow,
        show_lines=lines,
        show_header=header,
        header_style="bold",
    )
    # An even share of the width for each column's text: what is left of the borders and padding.
    share = (width - len(view.columns) - 1) // len(view.columns) - 2
    # Beside a growing column the others together take at most half the width, so that a long id
    # (an O*NET occupation) folds rather than leave the summary one letter wide.
    fixed = [column for column in view.columns if not column.grow]
    beside = max(1, (width // 2) // len(fixed) - 3) if grow and fixed else None
    for index, column in enumerate(view.columns):
        narrowest = max(
            _narrowest(view, index),
            _widest(view, index, cap=min(KEY_WIDTH, share)) if column.key else 1,
            _widest(view, index, cap=KEY_WIDTH) if column.bar else 1,  # a percentage and its bar on one line
        )
        most = column.max_width
        if beside is not None and not column.grow:
            # ... but not so narrow that a word breaks where the words are not too long to keep
            most = max(narrowest, min(most or beside, beside), min(_longest_word(view, index), KEY_WIDTH + 8))
        table.add_column(
            safe(column.header or ""),
            justify="right" if column.numeric else "left",
            style="cyan" if column.key else None,
            overflow="fold",
            ratio=1 if column.grow and grow else None,
            # Keep identifiers whole where they are short and the terminal wide enough; else fold,
            # but never narrower than a character: a wide (CJK, emoji) one would be dropped.
            min_width=narrowest,
            max_width=most,
        )
    for row in view.rows:
        table.add_row(*(_rich_cell(cell, ascii_only=ascii_only) for cell in row))
    return table


def _longest_word(view: PeopleTable, index: int) -> int:
    return max(
        (len(word) for row in view.rows for line in _cell_lines(row[index]) for word in line.split()),
        default=1,
    )


def _widest(view: PeopleTable, index: int, *, cap: int) -> int:
    widths = [len(line) for row in view.rows for line in _cell_lines(row[index])]
    return min(max(widths, default=1), cap)


def _narrowest(view: PeopleTable, index: int) -> int:
    """The narrowest a column can be without dropping a character: its widest single character."""
    from rich.cells import cell_len

    texts = [
        view.columns[index].header or "",
        *(line for row in view.rows for line in _cell_lines(row[index])),
    ]
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
        shown = rewrite(cell, [safe(char) for char in cell.text])  # escapes move the highlights
        text = Text(shown.text)
        for start, end in shown.spans:
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
