"""Results -> what a user reads: Rich tables, JSON, CSV or Markdown.

Each command's result becomes one Report: the plain data (for JSON), flat records (for CSV) and
table views (for Rich and Markdown). The writers below know nothing of roles, only of Reports,
so every format shows the same answer.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from roles_cli.analysis import Comparison, DimensionOverlap, Overlap
from roles_cli.model import Item, Role, RoleSet

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.measure import Measurement
    from rich.table import Table

FORMATS = ("table", "json", "csv", "markdown")
SHARED_MARK = "●"
KEY_WIDTH = 20
"""Identifiers up to this long are never folded in a table."""
GROW_WIDTH = 60
"""From this terminal width on, a long text column gets the room the short ones leave."""
MAX_VENN_ROLES = 6
"""Up to this many roles, overlap lists every group of roles; beyond, only the most shared items."""

BULLET = "·"


@dataclass(frozen=True, slots=True)
class Bullets:
    """A list in one cell, one entry per line, each behind a mark (wrapped lines hang under the text)."""

    items: tuple[str, ...]
    marked: frozenset[int] = frozenset()
    """Indexes of the entries that get SHARED_MARK instead of BULLET."""

    def lines(self) -> list[str]:
        return [f"{SHARED_MARK if i in self.marked else BULLET} {text}" for i, text in enumerate(self.items)]


Cell = str | tuple[str, ...] | Bullets
"""A table cell: one text, several lines of text, or a list."""


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    numeric: bool = False
    """Right-aligned."""
    key: bool = False
    """An identifier: kept on one line where the width allows."""
    max_width: int | None = None
    """For short fields beside a long one."""
    grow: bool = False
    """Takes the width the other columns leave (a long text such as a summary)."""


@dataclass
class View:
    """One table as plain data."""

    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    title: str | None = None
    caption: str | None = None
    lines: bool = False
    """A rule between rows, for rows several lines high."""
    breaks: set[int] = field(default_factory=set)
    """Indexes of the rows a rule follows (sections), when not every row has one."""


@dataclass
class Report:
    data: Any
    """JSON-ready: the documented shape of the command's --format json."""
    header: list[str]
    records: list[list[Cell | float | int | None]]
    """Flat rows for CSV under `header`."""
    views: list[View]
    """Tables for people (Rich, Markdown)."""
    notes: list[str] = field(default_factory=list)
    """Lines printed after the tables, e.g. what --top left out."""


# -- results -> reports -----------------------------------------------------------------------


def list_report(roles: RoleSet) -> Report:
    data = [_role_head(role) for role in roles]
    # Aliases go under the name, so that the summary gets most of the width.
    view = View(
        [Column("ID", key=True), Column("Name (aliases)", max_width=28), Column("Summary", grow=True)]
    )
    view.rows = [
        [role.id, (role.name, f"({', '.join(role.aliases)})") if role.aliases else role.name, role.summary]
        for role in roles
    ]
    view.title = f"{len(roles)} roles in {roles.source}"
    records: list[list[Cell | float | int | None]] = [
        [role.id, role.name, _joined(role.aliases), role.summary] for role in roles
    ]
    return Report(data, ["id", "name", "aliases", "summary"], records, [view])


def show_report(role: Role, dimensions: Sequence[str]) -> Report:
    data = {
        **_role_head(role),
        "dimensions": {d: [_item_data(item) for item in role.items(d)] for d in dimensions},
        "sources": [{"title": s.title, "url": s.url} for s in role.sources],
    }
    about = View([Column("Field"), Column("Value")], title=f"{role.name} ({role.id})")
    about.rows = [["Summary", role.summary]]
    if role.aliases:
        about.rows.append(["Aliases", ", ".join(role.aliases)])
    if role.sources:
        about.rows.append(["Sources", tuple(_source_text(s.title, s.url) for s in role.sources)])
    items = View([Column("Dimension", key=True), Column("Item"), Column("Importance", numeric=True)])
    records: list[list[Cell | float | int | None]] = []
    for dimension in dimensions:
        for index, item in enumerate(role.items(dimension)):
            items.rows.append([dimension if index == 0 else "", item.name, number(item.importance)])
            records.append([dimension, item.name, item.importance])
        items.breaks.add(len(items.rows) - 1)
    return Report(data, ["dimension", "item", "importance"], records, [about, items])


def compare_report(result: Comparison) -> Report:
    ids = [role.id for role in result.roles]
    data = {
        "roles": ids,
        "dimensions": [
            {
                "dimension": d.dimension,
                "shared": _names(d.shared),
                "items": {role_id: _names(items) for role_id, items in d.items.items()},
                "unique": {role_id: _names(items) for role_id, items in d.unique.items()},
                "similarity": d.similarity,
            }
            for d in result.dimensions
        ],
    }
    both = "both" if len(ids) == 2 else f"all {len(ids)}"
    view = View([Column("", key=True), *(Column(role.name) for role in result.roles)], lines=True)
    view.title = " vs ".join(role.name for role in result.roles)
    view.caption = f"{SHARED_MARK} shared by {both} · similarity: importance-weighted Jaccard" + (
        " (mean over pairs)" if len(ids) > 2 else ""
    )
    for d in result.dimensions:
        cells: list[Cell] = [(d.dimension, f"{percent(d.similarity)} similar")]
        for role_id in ids:
            entries = d.items[role_id]
            shared = frozenset(i for i, item in enumerate(entries) if d.is_shared(item))
            cells.append(Bullets(tuple(_names(entries)), shared))
        view.rows.append(cells)
    header = ["dimension", "similarity", "shared", *ids, *(f"only {role_id}" for role_id in ids)]
    records: list[list[Cell | float | int | None]] = [
        [
            d.dimension,
            d.similarity,
            _joined(_names(d.shared)),
            *(_joined(_names(d.items[role_id])) for role_id in ids),
            *(_joined(_names(d.unique[role_id])) for role_id in ids),
        ]
        for d in result.dimensions
    ]
    return Report(data, header, records, [view])


def overlap_report(result: Overlap, *, top: int) -> Report:
    ids = [role.id for role in result.roles]
    data = {
        "roles": ids,
        "dimensions": [
            {
                "dimension": d.dimension,
                "groups": [{"roles": list(g.roles), "items": list(g.items)} for g in d.groups],
                "most_shared": [{"name": s.name, "roles": s.roles} for s in d.most_shared],
                "pairs": [{"a": p.a, "b": p.b, "similarity": p.similarity} for p in d.pairs],
                "pair_count": d.pair_count,
            }
            for d in result.dimensions
        ],
    }
    records: list[list[Cell | float | int | None]] = [
        [d.dimension, _joined(g.roles), len(g.roles), _joined(g.items)]
        for d in result.dimensions
        for g in d.groups
    ]
    views: list[View] = []
    notes: list[str] = []
    for d in result.dimensions:
        views += _overlap_views(d, len(ids), top, notes)
    return Report(data, ["dimension", "roles", "role_count", "items"], records, views, notes)


def _overlap_views(d: DimensionOverlap, role_count: int, top: int, notes: list[str]) -> list[View]:
    views: list[View] = []
    if role_count <= MAX_VENN_ROLES:
        groups = View([Column("Roles", key=True), Column("Items"), Column("#", numeric=True)], lines=True)
        groups.title = f"{d.dimension}: who has what"
        for group in d.groups:
            groups.rows.append(
                [_group_label(group.roles, role_count), Bullets(group.items), str(len(group.items))]
            )
        views.append(groups)
    else:
        everyone = d.shared_by_all
        unique = sum(len(g.items) for g in d.groups if len(g.roles) == 1)
        held = View([Column("Item"), Column("Roles", numeric=True), Column("Share", numeric=True)])
        held.title = f"{d.dimension}: most shared items"
        held.caption = (
            f"shared by all {role_count}: {', '.join(everyone) if everyone else 'nothing'}"
            f" · {unique:,} items belong to one role only"
        )
        held.rows = [[s.name, str(s.roles), percent(s.roles / role_count)] for s in d.most_shared]
        views.append(held)
    pairs = View([Column("Role", key=True), Column("Role", key=True), Column("Similarity", numeric=True)])
    pairs.title = (
        f"{d.dimension}: most similar pairs" if d.pair_count > len(d.pairs) else f"{d.dimension}: similarity"
    )
    pairs.rows = [[p.a, p.b, percent(p.similarity)] for p in d.pairs]
    if d.pair_count > len(d.pairs):
        notes.append(
            f"{d.dimension}: showing the {len(d.pairs)} most similar of {d.pair_count:,} pairs (--top {top})"
        )
    if d.pairs:
        views.append(pairs)
    return views


def _group_label(roles: tuple[str, ...], role_count: int) -> Cell:
    if len(roles) == role_count and role_count > 1:
        return ("all", *roles) if role_count > 2 else ("both", *roles)
    if len(roles) == 1:
        return ("only", roles[0])
    return roles


# -- small pieces ------------------------------------------------------------------------------


def _role_head(role: Role) -> dict[str, Any]:
    return {"id": role.id, "name": role.name, "aliases": list(role.aliases), "summary": role.summary}


def _item_data(item: Item) -> dict[str, Any]:
    return {"name": item.name, "importance": item.importance}


def _names(items: Sequence[Item]) -> list[str]:
    return [item.name for item in items]


def _joined(values: Sequence[str]) -> str:
    return "; ".join(values)


def _source_text(title: str, url: str | None) -> str:
    return f"{title} <{url}>" if url else title


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


# -- reports -> output ----------------------------------------------------------------------------

# C0 and C1 controls (but tab and newline), DEL, and the bidirectional formatting characters:
# none may reach a terminal raw, whatever the data says.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Text with every control and bidi-override character shown as a visible escape."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def write(report: Report, fmt: str, *, stream: IO[str] | None = None) -> None:
    """Print a report to stdout (or `stream`) in one of FORMATS."""
    out = stream if stream is not None else sys.stdout
    if fmt == "table":
        print_tables(report, console=make_console(out))
    else:
        text = (
            to_json(report.data) if fmt == "json" else to_csv(report) if fmt == "csv" else to_markdown(report)
        )
        # Line by line, then flushed: when the reader goes away (`| head -1`) every write after that
        # fails, and the CLI stops quietly. One big write to a pipe can instead come back short
        # without an error, and the rest of the output is dropped unnoticed.
        for line in text.splitlines(keepends=True):
            out.write(line)
    out.flush()


def to_json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # JSON keeps the data exact; the unsafe characters become \u escapes that a parser turns back.
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def to_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(report.header)
    for record in report.records:
        writer.writerow([_csv_value(value) for value in record])
    return buffer.getvalue()


def _csv_value(value: Cell | float | int | None) -> str | float | int:
    if value is None:
        return ""
    if isinstance(value, Bullets):
        return safe(_joined(value.items))
    if isinstance(value, tuple):
        return safe(_joined(value))
    if isinstance(value, str):
        return safe(value)
    return value


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


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


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(safe(text).split()))


def _md_cell(cell: Cell) -> str:
    return "<br>".join(_md(line) for line in _cell_lines(cell) if line.strip())


def make_console(stream: IO[str] | None = None, *, stderr: bool = False) -> Console:
    # Deferred: only table output pays for importing Rich.
    from rich.console import Console

    return Console(file=stream, stderr=stderr, markup=False, emoji=False, highlight=False)


def print_tables(report: Report, *, console: Console) -> None:
    from rich.text import Text

    for index, view in enumerate(report.views):
        if index:
            console.print()
        # Title and caption as lines of their own: a table title would be padded to the table's width.
        if view.title:
            console.print(Text(safe(view.title), style="bold"), overflow="fold")
        # Never cropped: a table whose columns cannot all get their narrowest width runs past the
        # edge (the terminal wraps it) rather than lose text.
        console.print(_rich_table(view, width=console.width), crop=False)
        if view.caption:
            console.print(Text(safe(view.caption)), overflow="fold")
    if report.notes:
        console.print()
        for note in report.notes:
            console.print(safe(note), style="dim", overflow="fold")


def _rich_table(view: View, *, width: int) -> Table:
    from rich import box
    from rich.table import Table

    # A growing column takes what the others leave, once there is enough to leave: on a narrow
    # terminal every column shrinks alike instead.
    grow = width >= GROW_WIDTH and any(column.grow for column in view.columns)
    table = Table(
        box=box.SQUARE,
        expand=grow,
        show_lines=view.lines,
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
    for index, row in enumerate(view.rows):
        table.add_row(*(_rich_cell(cell) for cell in row), end_section=index in view.breaks)
    return table


def _widest(view: View, index: int, *, cap: int) -> int:
    widths = [len(line) for row in view.rows for line in _cell_lines(row[index])]
    return min(max(widths, default=1), cap)


def _narrowest(view: View, index: int) -> int:
    """The narrowest a column can be without dropping a character: its widest single character."""
    from rich.cells import cell_len

    texts = [view.columns[index].header, *(line for row in view.rows for line in _cell_lines(row[index]))]
    return max((cell_len(char) for text in texts for char in set(safe(text))), default=1)


def _cell_lines(cell: Cell) -> list[str]:
    if isinstance(cell, Bullets):
        return cell.lines()
    return list(cell) if isinstance(cell, tuple) else [cell]


def _rich_cell(cell: Cell) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    if isinstance(cell, str):
        return Text(safe(cell))
    if isinstance(cell, tuple):
        return Text("\n".join(safe(line) for line in cell))
    # A grid of mark and text, so that a long item wraps under its own first word.
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for index, text in enumerate(cell.items):
        shared = index in cell.marked
        style = "bold" if shared else ""
        grid.add_row(Text(SHARED_MARK if shared else BULLET, style=style), Text(safe(text), style=style))
    plain = Text("\n".join(safe(line) for line in cell.lines()), overflow="fold")
    widest = max((_char_width(char) for text in cell.items for char in set(safe(text))), default=1)
    return _Fitted(grid, plain, room=2 + widest)


def _char_width(char: str) -> int:
    from rich.cells import cell_len

    return cell_len(char)


class _Fitted:
    """A grid where it has room to show every character, else the same lines as plain text.

    In a column narrower than the mark, its space and one character, the grid would leave its text
    column no width at all, and Rich would drop the text.
    """

    def __init__(self, grid: RenderableType, plain: RenderableType, *, room: int) -> None:
        self.grid, self.plain, self.room = grid, plain, room

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.grid if options.max_width >= self.room else self.plain

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        return Measurement.get(console, options, self.grid)
