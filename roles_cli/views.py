"""The view model: each command's answer as immutable tables of raw values, for every renderer.

A command builds its Answer once (report.py); the table (Rich), Markdown, CSV and JSON renderers,
and any later one (charts, an HTML page), all read that same Answer, so every format gives the same
answer. A Table holds raw values (floats, ints, tuples of strings), never text formatted for one
audience: each renderer formats a value by its Column's kind (a share as "25%" for people, the raw
float in CSV and JSON).

Everything here is a named tuple or a tuple: cheap to import and create (every run pays for this
module, see benchmarks/), and never changed once built. Nothing here imports Rich.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal, NamedTuple, cast

# -- marks: the only place they are spelled --------------------------------------------------------

HELD_MARK = "●"
"""Marks, in a comparison, a role that has an item whose importance tells nothing."""
BULLET = "·"
"""Marks any other entry of a list."""
ASCII_FALLBACKS = {HELD_MARK: "*", BULLET: "-", "—": "-", "…": "..."}
"""What a console whose encoding has no room for the marks shows instead."""


BAR_WIDTH = 8
"""A bar for 100%, in characters, where the terminal is wide enough (see bar_width)."""


def bar_width(terminal: int) -> int:
    """How long a bar for 100% is in a terminal `terminal` characters wide: 4 up to 80 columns, one
    more for every 4 more, BAR_WIDTH (8) from 96 on; so that a narrow table keeps its room for words."""
    return max(4, min(BAR_WIDTH, 4 + (terminal - 80) // 4))


# -- raw values ------------------------------------------------------------------------------------


class Marked(NamedTuple):
    """A text with some stretches to highlight (a search term where it was found)."""

    text: str
    spans: tuple[tuple[int, int], ...]
    """(start, end) offsets into `text`."""


class ItemList(NamedTuple):
    """Items in one cell: names, and what people may want to see beside them."""

    names: tuple[str, ...]
    importances: tuple[float, ...] = ()
    """One per name, or () where they tell nothing."""


Value = str | int | float | tuple[str, ...] | ItemList | Marked | None
"""A raw value: what a Column of some kind holds."""

Kind = Literal["text", "id", "names", "items", "marked", "percent", "number", "count"]
"""How a column's values read, and so how each renderer formats them:

text     str, or a tuple of str shown one a line
id       str: an identifier, kept on one line where the width allows
names    tuple of str: a short list, joined with ", " for people (JSON: a list)
items    ItemList or tuple of str: a list shown one entry a line (JSON: a list of names)
marked   Marked: a text with highlights (JSON and CSV: the text)
percent  float in [0, 1]: "25%" for people, the float for machines
number   float: an importance, "5" or "4.88" for people
count    int
"""

NUMERIC_KINDS = frozenset({"percent", "number", "count"})


class Column(NamedTuple):
    """What one column holds, and how each audience sees it."""

    name: str
    """The machine name: the CSV header and, where the JSON is flat, its key."""
    header: str | None
    """The people's header; None for a column only machines read (CSV, JSON)."""
    kind: Kind = "text"
    machine: bool = True
    """False for a column only people read (a rank): not in CSV or JSON."""
    group: str | None = None
    """JSON: the value goes under this key, in an object keyed by `name` (per-dimension values)."""
    # Layout hints, for people's tables only.
    beneath: bool = False
    """Shown under the value of the column before it, in the same cell, rather than in a column."""
    template: str = "{}"
    """Wraps the formatted value for people: "({})", "{} similar". Empty values stay empty."""
    bullets: bool = True
    """items: one mark per entry (importance or BULLET); else the importance after the name."""
    limit: int | None = None
    """items: people see this many, then "+ N more" (machines get them all)."""
    max_width: int | None = None
    """For short fields beside a long one."""
    grow: bool = False
    """Takes the width the other columns leave (a long text such as a summary)."""
    section: bool = False
    """Rows with the same value in a run form a section: people see the value once, as a line above
    its rows, rather than in a column."""
    digits: int | None = None
    """number: shown with this many decimals, so that the column lines up."""
    mark: str | None = None
    """number: people see this mark for any value (an importance that tells nothing)."""
    bar: bool = False
    """percent: in a terminal, a bar beside the percentage (see bar())."""

    @property
    def numeric(self) -> bool:
        """Right-aligned for people."""
        return self.kind in NUMERIC_KINDS

    @property
    def key(self) -> bool:
        """An identifier: kept on one line where the width allows."""
        return self.kind == "id"


class Table(NamedTuple):
    """One table of raw values, with the words people read around it."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]
    """One value per column, in column order."""
    title: str | None = None
    caption: str | None = None
    lines: bool = False
    """A rule between rows, for rows several lines high."""
    header: bool = True
    """Show the column headers (a table of labelled fields needs none)."""
    order: tuple[str, ...] = ()
    """The people's column order, by name, where it differs from the machines' (the CSV's)."""
    located: bool = False
    """A table of problems in a file (columns file, line, column, severity, message): in a
    terminal, one FILE:LINE:COLUMN: message line each, the form editors and grep read."""
    counted: tuple[str, str] | None = None
    """What a row is, one and many ("role", "roles"): a long table of these is cut for people, and
    a line under it says how many more there are (see render.cut)."""
    more: int = 0
    """Rows left out before the table was built (an analysis that kept the best `--top`)."""
    listed: int | None = None
    """The most rows any `--top` lists (the best of them), where there is such a bound."""
    footer: tuple[str, ...] = ()
    """Lines for people under the table and its caption."""

    def records(self) -> list[dict[str, Any]]:
        """The rows as JSON-ready objects, keyed by machine name (lists for tuples)."""
        machine = [(index, column) for index, column in enumerate(self.columns) if column.machine]
        out = []
        for row in self.rows:
            record: dict[str, Any] = {}
            for index, column in machine:
                value = json_value(row[index])
                if column.group is None:
                    record[column.name] = value
                else:
                    record.setdefault(column.group, {})[column.name] = value
            out.append(record)
        return out


class Answer(NamedTuple):
    """A command's whole answer, as every output format needs it."""

    tables: tuple[Table, ...]
    """What people read: a terminal table, Markdown, a saved SVG or HTML page."""
    records: Table
    """The one flat table CSV writes (often tables[0] itself)."""
    document: Callable[[], Any] | None = None
    """The JSON document, where it nests; None: `records` as a list of objects."""
    notes: tuple[str, ...] = ()
    """Lines for people after all the tables (what a ranking's first roles have most in common)."""
    heading: str | None = None
    """A line for people before all the tables (what is compared with what)."""

    def json(self) -> Any:
        return self.document() if self.document is not None else self.records.records()


def json_value(value: Value) -> Any:
    if isinstance(value, Marked):
        return value.text
    if isinstance(value, ItemList):
        return list(value.names)
    if isinstance(value, tuple):
        return list(value)
    return value


def csv_value(value: Value) -> str | int | float:
    """A value as a CSV field, before escaping: lists joined with "; ", 3 rather than 3.0."""
    if value is None:
        return ""
    if isinstance(value, Marked):
        return value.text
    if isinstance(value, ItemList):
        return "; ".join(value.names)
    if isinstance(value, tuple):
        return "; ".join(cast("tuple[str, ...]", value))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# -- what people read --------------------------------------------------------------------------------


class Bullets(NamedTuple):
    """A list in one cell, one entry per line, each behind a mark (wrapped lines hang under the text)."""

    items: tuple[str, ...]
    marks: tuple[str, ...] = ()
    """One mark per entry (default: BULLET for all); marks are right-aligned to the widest."""

    def entries(self) -> list[tuple[str, str]]:
        """(mark, text) pairs, marks padded to one width."""
        marks = self.marks or (BULLET,) * len(self.items)
        width = max(map(len, marks), default=0)
        return [(mark.rjust(width), text) for mark, text in zip(marks, self.items, strict=True)]

    def lines(self) -> list[str]:
        return [f"{mark} {text}" for mark, text in self.entries()]


Cell = str | tuple[str, ...] | Bullets | Marked
"""A formatted cell: one text, several lines of text, a list, or a text with highlights.

Bullets and Marked are named tuples: code that tells cells apart tests for them before `tuple`.
"""


class PeopleTable(NamedTuple):
    """A Table as people see it: the visible columns in their order, every value formatted."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    sections: tuple[str, ...] = ()
    """One per row, where a column is a `section`: the section the row belongs to."""
    hidden: int = 0
    """Rows left out (see MAX_ROWS_SHOWN): a renderer says how many, and where to find them."""

    def note(self) -> str | None:
        """What to say under the table about the rows left out, if any."""
        if not self.hidden:
            return None
        rows = "row" if self.hidden == 1 else "rows"
        return f"... and {self.hidden:,} more {rows}, not shown here: --format csv or json lists them all"


# -- bounds: what people are shown of a huge answer --------------------------------------------------
# People read a few screens; a terminal table, an SVG or a page of tens of thousands of rows, or of a
# ten-megabyte summary, takes minutes and gigabytes to lay out and helps nobody. Machines (CSV, JSON)
# get everything.

MAX_ROWS_SHOWN = 1_000
"""A table shows people at most this many rows..."""
MAX_TABLE_CHARACTERS = 200_000
"""... and stops adding rows once its cells hold this many characters (the first row always shows)."""
MAX_CELL_CHARACTERS = 5_000
"""A text shows at most this many characters, then says how many more there are."""
MAX_CELL_ENTRIES = 500
"""A list in one cell shows at most this many entries, then "+ N more"."""


def clip(text: str) -> str:
    """`text`, or its first MAX_CELL_CHARACTERS characters and how many more there are."""
    if len(text) <= MAX_CELL_CHARACTERS:
        return text
    return f"{text[:MAX_CELL_CHARACTERS]}... ({len(text) - MAX_CELL_CHARACTERS:,} more characters)"


def _clip_marked(marked: Marked) -> Marked:
    if len(marked.text) <= MAX_CELL_CHARACTERS:
        return marked
    spans = tuple(
        (start, min(end, MAX_CELL_CHARACTERS)) for start, end in marked.spans if start < MAX_CELL_CHARACTERS
    )
    return Marked(clip(marked.text), spans)


def _size(cell: Cell) -> int:
    if isinstance(cell, Marked):
        return len(cell.text)
    if isinstance(cell, Bullets):
        return sum(map(len, cell.items))
    return len(cell) if isinstance(cell, str) else sum(map(len, cell))


def for_people(
    table: Table,
    *,
    joined: bool = False,
    bars: Literal["blocks", "ascii"] | None = None,
    bar_width: int = BAR_WIDTH,
) -> PeopleTable:
    """The columns people see (each with the ones shown beneath it) and their formatted cells, at
    most MAX_ROWS_SHOWN rows and about MAX_TABLE_CHARACTERS characters of them; `joined` puts the
    values shown beneath a column on one line with its own (a stacked record).

    `bars`: draw the bars of columns that have them ("blocks", or "ascii" for a terminal that can
    show nothing else), `bar_width` characters for 100%; each cell is then a text, the percentage
    padded to one width before its bar.
    """
    total = len(table.rows)
    if bars is not None:
        columns = tuple(
            column._replace(kind="text", template="{}") if column.bar and column.kind == "percent" else column
            for column in table.columns
        )
        barred = tuple(
            tuple(
                f"{percent(value):>4} {bar(value, width=bar_width, ascii=bars == 'ascii')}"
                if column.bar and column.kind == "percent" and isinstance(value, float | int)
                else value
                for column, value in zip(table.columns, row, strict=True)
            )
            for row in table.rows[:MAX_ROWS_SHOWN]  # the others are not shown
        )
        table = table._replace(columns=columns, rows=barred)
    groups: list[list[int]] = []
    for i, column in enumerate(table.columns):
        if column.header is None or column.section:
            continue
        if column.beneath and groups:
            groups[-1].append(i)
        else:
            groups.append([i])
    if table.order:
        place = {name: n for n, name in enumerate(table.order)}
        groups.sort(key=lambda group: place.get(table.columns[group[0]].name, len(place)))
    columns = tuple(table.columns[group[0]] for group in groups)
    rows: list[tuple[Cell, ...]] = []
    room = MAX_TABLE_CHARACTERS
    for row in table.rows:
        if len(rows) == MAX_ROWS_SHOWN or room <= 0:
            break
        cells = tuple(_cell(table, row, group, joined) for group in groups)
        room -= sum(map(_size, cells))
        rows.append(cells)
    section = next((i for i, column in enumerate(table.columns) if column.section), None)
    sections = () if section is None else tuple(str(row[section]) for row in table.rows[: len(rows)])
    return PeopleTable(columns, tuple(rows), sections, total - len(rows))


def _cell(table: Table, row: tuple[Value, ...], group: list[int], joined: bool) -> Cell:
    first = format_value(table.columns[group[0]], row[group[0]])
    if len(group) == 1:
        return first
    lines = list(_lines(first))
    for i in group[1:]:
        lines += _lines(format_value(table.columns[i], row[i]))
    return " ".join(lines) if joined else tuple(lines)


def _lines(cell: Cell) -> tuple[str, ...]:
    if isinstance(cell, Marked):
        return (cell.text,)
    if isinstance(cell, Bullets):
        return tuple(cell.lines())
    if isinstance(cell, str):
        return (cell,) if cell else ()
    return cell


def format_value(column: Column, value: Value) -> Cell:
    """One value as people read it, by its column's kind."""
    if value is None:
        return ""
    kind = column.kind
    cell: Cell
    if kind == "percent" and isinstance(value, float | int):
        cell = percent(value)
    elif kind == "number" and isinstance(value, float | int):
        cell = column.mark or (number(value) if column.digits is None else f"{value:.{column.digits}f}")
    elif kind == "count" and isinstance(value, int):
        cell = str(value)
    elif kind == "marked" and isinstance(value, Marked):
        return fold_spaces(_clip_marked(value))
    elif kind == "items" and isinstance(value, ItemList | tuple):
        return _items(
            column, value if isinstance(value, ItemList) else ItemList(cast("tuple[str, ...]", value))
        )
    elif kind == "names" and isinstance(value, tuple):
        cell = clip(", ".join(cast("tuple[str, ...]", value[:MAX_CELL_ENTRIES])))
        if len(value) > MAX_CELL_ENTRIES:
            cell += f", + {len(value) - MAX_CELL_ENTRIES:,} more"
    elif isinstance(value, tuple) and not isinstance(value, ItemList | Marked):
        lines = tuple(column.template.format(clip(line)) for line in value[:MAX_CELL_ENTRIES])
        return lines + (
            (f"+ {len(value) - MAX_CELL_ENTRIES:,} more",) if len(value) > MAX_CELL_ENTRIES else ()
        )
    else:
        cell = clip(str(value))
    return column.template.format(cell) if cell else ""


def _items(column: Column, items: ItemList) -> Cell:
    names = items.names
    importances = items.importances
    more = 0
    limit = min(column.limit, MAX_CELL_ENTRIES) if column.limit is not None else MAX_CELL_ENTRIES
    if len(names) > limit:
        more = len(names) - limit
        names, importances = names[:limit], importances[:limit]
    names = tuple(map(clip, names))
    if not column.bullets:
        lines = tuple(
            f"{name} ({number(importance)})" for name, importance in zip(names, importances, strict=True)
        ) or tuple(names)
        return lines + ((f"+ {more} more",) if more else ())
    marks = _importance_marks(importances) if importances else (BULLET,) * len(names)
    if more:
        names, marks = (*names, f"+ {more} more"), (*marks, "")
    return Bullets(names, marks)


def _importance_marks(importances: Sequence[float]) -> tuple[str, ...]:
    """Importances to print in a column: whole numbers as such, else all with two decimals."""
    digits = decimals(importances)
    return tuple(f"{value:.{digits}f}" for value in importances)


def decimals(importances: Iterable[float]) -> int:
    """How many decimals a column of importances needs to line up: none for whole numbers, else two."""
    return 0 if all(float(value).is_integer() for value in importances) else 2


def number(value: float) -> str:
    """An importance as people write it: 5, 4.88."""
    return f"{value:g}"


def percent(value: float) -> str:
    """A share as a whole percentage that never rounds a partial match to 0% or 100%."""
    shown = round(value * 100)
    if shown == 100 and value < 1:
        return ">99%"
    if shown == 0 and value > 0:
        return "<1%"
    return f"{shown}%"


BLOCKS = " ▏▎▍▌▋▊▉"
"""Left eighths of a character cell, from none to seven: a bar ends to an eighth of a character."""
FULL = "█"


def bar(value: float, *, width: int = BAR_WIDTH, ascii: bool = False) -> str:
    """A share in [0, 1] as a bar of plain characters, `width` long for 1: full blocks and a last
    eighth of one; in ASCII, a '#' per whole character (rounded)."""
    share = min(1.0, max(0.0, value))
    if ascii:
        return "#" * round(share * width)
    full, part = divmod(round(share * width * 8), 8)
    return FULL * full + (BLOCKS[part] if part else "")


# -- highlights: the one place their spans move --------------------------------------------------------


def rewrite(marked: Marked, pieces: Sequence[str]) -> Marked:
    """`marked` with each character replaced by its piece (perhaps "" or several characters); the
    highlights move with the text they cover."""
    starts = [0]
    for piece in pieces:
        starts.append(starts[-1] + len(piece))
    return Marked("".join(pieces), tuple((starts[start], starts[end]) for start, end in marked.spans))


def fold_spaces(marked: Marked) -> Marked:
    """Runs of white space as single spaces, none at either end: a cell is one paragraph."""
    text = marked.text
    if " ".join(text.split()) == text:
        return marked
    last = len(text.rstrip())
    pieces = []
    previous_space = True
    for position, char in enumerate(text):
        space = char.isspace()
        pieces.append("" if space and (previous_space or position >= last) else " " if space else char)
        previous_space = space
    return rewrite(marked, pieces)
