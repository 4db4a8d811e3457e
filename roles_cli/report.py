"""Results -> Reports: each command's answer as plain data (JSON), flat records (CSV) and table views.

A Report is the one model every output format renders (see render.py), so all formats give the
same answer. Nothing here imports Rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from roles_cli.analysis import Comparison, DimensionOverlap, Fit, Match, Overlap, Similar
    from roles_cli.errors import Problem
    from roles_cli.model import Item, Role, RoleSet

SHARED_MARK = "●"
FIT_MISSING_SHOWN = 5
"""How many items to learn a fit table lists per role (JSON has them all)."""
MAX_VENN_ROLES = 6
"""Up to this many roles, overlap lists every group of roles; beyond, only the most shared items."""

BULLET = "·"


class Bullets(NamedTuple):
    """A list in one cell, one entry per line, each behind a mark (wrapped lines hang under the text)."""

    items: tuple[str, ...]
    marks: tuple[str, ...] = ()
    """One mark per entry (default: BULLET for all); marks are right-aligned to the widest."""
    strong: frozenset[int] = frozenset()
    """Indexes of the entries to emphasise where the output can."""

    @classmethod
    def shared(cls, items: Sequence[str], shared: Sequence[bool]) -> Bullets:
        """SHARED_MARK, emphasised, on the entries that are shared; BULLET on the rest."""
        marks = tuple(SHARED_MARK if is_shared else BULLET for is_shared in shared)
        return cls(tuple(items), marks, frozenset(i for i, is_shared in enumerate(shared) if is_shared))

    def entries(self) -> list[tuple[str, str]]:
        """(mark, text) pairs, marks padded to one width."""
        marks = self.marks or (BULLET,) * len(self.items)
        width = max(map(len, marks), default=0)
        return [(mark.rjust(width), text) for mark, text in zip(marks, self.items, strict=True)]

    def lines(self) -> list[str]:
        return [f"{mark} {text}" for mark, text in self.entries()]


class Marked(NamedTuple):
    """A text with some stretches to highlight (a search term where it was found)."""

    text: str
    spans: tuple[tuple[int, int], ...]


Cell = str | tuple[str, ...] | Bullets | Marked
"""A table cell: one text, several lines of text, a list, or a text with highlights.

Bullets and Marked are named tuples: code that tells cells apart tests for them before `tuple`.
"""
Value = Cell | float | int | None
"""A CSV field."""


class Column(NamedTuple):
    header: str
    numeric: bool = False
    """Right-aligned."""
    key: bool = False
    """An identifier: kept on one line where the width allows."""
    max_width: int | None = None
    """For short fields beside a long one."""
    grow: bool = False
    """Takes the width the other columns leave (a long text such as a summary)."""


class View:
    """One table as plain data."""

    __slots__ = ("caption", "columns", "header", "lines", "rows", "title")

    def __init__(
        self,
        columns: list[Column],
        rows: list[list[Cell]] | None = None,
        *,
        title: str | None = None,
        caption: str | None = None,
        lines: bool = False,
        header: bool = True,
    ) -> None:
        self.columns = columns
        self.rows: list[list[Cell]] = rows if rows is not None else []
        self.title = title
        self.caption = caption
        self.lines = lines
        """A rule between rows, for rows several lines high."""
        self.header = header
        """Show the column headers (a table of labelled fields needs none)."""


class Report:
    """A command's answer in every shape an output format needs.

    Plain classes here and named tuples above rather than dataclasses: they cost a fraction of
    the import time, and every command that prints pays it (see benchmarks/).
    """

    __slots__ = ("data", "header", "notes", "records", "views")

    def __init__(
        self,
        data: Any,
        header: list[str],
        records: list[list[Value]],
        views: list[View],
        notes: list[str] | None = None,
    ) -> None:
        self.data = data
        """JSON-ready: the documented shape of the command's --format json."""
        self.header = header
        self.records = records
        """Flat rows for CSV under `header`."""
        self.views = views
        """Tables for people (Rich, Markdown)."""
        self.notes = notes if notes is not None else []
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
    view.title = f"{_count(len(roles), 'role')} in {roles.source}"
    records: list[list[Value]] = [[role.id, role.name, _joined(role.aliases), role.summary] for role in roles]
    return Report(data, ["id", "name", "aliases", "summary"], records, [view])


def show_report(role: Role, dimensions: Sequence[str]) -> Report:
    data = {
        **_role_head(role),
        "dimensions": {d: [_item_data(item) for item in role.items(d)] for d in dimensions},
        "sources": [{"title": s.title, "url": s.url} for s in role.sources],
    }
    about = View([Column("Field"), Column("Value")], title=f"{role.name} ({role.id})", header=False)
    about.rows = [["Summary", role.summary]]
    if role.aliases:
        about.rows.append(["Aliases", ", ".join(role.aliases)])
    if role.sources:
        about.rows.append(["Sources", tuple(_source_text(s.title, s.url) for s in role.sources)])
    # Each item behind its importance, so the core ones stand out down the left edge of the list.
    items = View([Column("Dimension", key=True), Column("Importance and item", grow=True)], lines=True)
    items.caption = "importance: 5 core to 1 marginal"
    records: list[list[Value]] = []
    for dimension in dimensions:
        entries = role.items(dimension)
        # Importances that are all alike (none given, as is usual for goals) tell nothing: bullets.
        marks = _importances(entries) if len({item.importance for item in entries}) > 1 else ()
        items.rows.append([dimension, Bullets(tuple(_names(entries)), marks)])
        records += [[dimension, item.name, item.importance] for item in entries]
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
        shared = {item.key for item in d.shared}
        for role_id in ids:
            entries = d.items[role_id]
            cells.append(Bullets.shared(_names(entries), [item.key in shared for item in entries]))
        view.rows.append(cells)
    header = ["dimension", "similarity", "shared", *ids, *(f"only {role_id}" for role_id in ids)]
    records: list[list[Value]] = [
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
    records: list[list[Value]] = [
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


def fit_report(result: Fit, *, top: int | None) -> Report:
    shown = result.ranking[:top] if top else result.ranking
    data = [
        {
            "id": entry.role.id,
            "name": entry.role.name,
            "score": entry.score,
            "matched": _names(entry.matched),
            "missing": _names(entry.missing),
        }
        for entry in shown
    ]
    view = View(
        [
            Column("#", numeric=True),
            Column("Role", key=True),
            Column("Fit", numeric=True),
            Column("You have"),
            Column("To learn (most important first)", grow=True),
        ],
        lines=True,
    )
    view.title = f"Roles ranked by how much of their {result.dimension} you have"
    view.caption = "Fit: the importance-weighted share of the role's items that you named"
    for rank, entry in enumerate(shown, 1):
        missing = entry.missing[:FIT_MISSING_SHOWN]
        more = len(entry.missing) - len(missing)
        to_learn = tuple(_with_importance(i) for i in missing) + ((f"+ {more} more",) if more else ())
        view.rows.append(
            [str(rank), entry.role.id, percent(entry.score), Bullets(tuple(_names(entry.matched))), to_learn]
        )
    records: list[list[Value]] = [
        [e.role.id, e.role.name, e.score, _joined(_names(e.matched)), _joined(_names(e.missing))]
        for e in shown
    ]
    notes = (
        [f"showing the best {len(shown)} of {len(result.ranking)} roles (--top)"]
        if len(shown) < len(result.ranking)
        else []
    )
    return Report(data, ["id", "name", "score", "matched", "missing"], records, [view], notes)


def similar_report(result: Similar) -> Report:
    dimensions = result.dimensions
    data = [
        {
            "id": entry.role.id,
            "name": entry.role.name,
            "similarity": entry.similarity,
            "shared": entry.shared,
            "dimensions": entry.dimensions,
        }
        for entry in result.ranking
    ]
    several = len(dimensions) > 1
    view = View(
        [
            Column("#", numeric=True),
            Column("Role", key=True),
            Column("Similarity", numeric=True),
            *(Column(d, numeric=True) for d in dimensions if several),
            Column("Shared", numeric=True),
        ]
    )
    view.title = f"Roles most similar to {result.role.name} ({result.role.id})"
    view.caption = (
        "Similarity: importance-weighted Jaccard"
        + (f", the mean over {', '.join(dimensions)}" if several else f" of {dimensions[0]}")
        + " · Shared: items in common"
    )
    for rank, entry in enumerate(result.ranking, 1):
        per_dimension = [percent(entry.dimensions[d]) for d in dimensions] if several else []
        view.rows.append(
            [
                str(rank),
                entry.role.id,
                percent(entry.similarity),
                *per_dimension,
                str(entry.shared),
            ]
        )
    header = ["id", "name", "similarity", "shared", *dimensions]
    records: list[list[Value]] = [
        [e.role.id, e.role.name, e.similarity, e.shared, *(e.dimensions[d] for d in dimensions)]
        for e in result.ranking
    ]
    return Report(data, header, records, [view])


def search_report(matches: Sequence[Match], term: str) -> Report:
    data = [{"id": m.role.id, "field": m.field, "text": m.text} for m in matches]
    view = View([Column("Role", key=True), Column("Field", key=True), Column("Text", grow=True)])
    roles = len({m.role.id for m in matches})
    view.title = (
        f"{_count(len(matches), 'match', 'matches')} for {term!r} in {_count(roles, 'role')}"
        if matches
        else f"No match for {term!r}"
    )
    view.rows = [
        [m.role.id, m.field, Marked(" ".join(m.text.split()) if m.field == "summary" else m.text, _spans(m))]
        for m in matches
    ]
    records: list[list[Value]] = [[m.role.id, m.field, m.text] for m in matches]
    return Report(data, ["id", "field", "text"], records, [view] if matches else [])


def _spans(match: Match) -> tuple[tuple[int, int], ...]:
    """The spans of `match`, moved to a text whose runs of white space became single spaces."""
    if match.field != "summary":
        return match.spans
    # Count, for each position, the characters the folding removed before it.
    kept = []
    removed = 0
    previous_space = True
    for char in match.text:
        space = char.isspace()
        kept.append(removed)
        if space and previous_space:
            removed += 1
        previous_space = space
    kept.append(removed)
    return tuple((start - kept[start], end - kept[end]) for start, end in match.spans)


def validate_report(source: str, problems: Sequence[Problem], role_count: int | None) -> Report:
    data = {
        "file": source,
        "valid": role_count is not None,
        "roles": role_count,
        "problems": [
            {
                "line": p.line,
                "column": p.column,
                "severity": "warning" if p.warning else "error",
                "message": p.message,
            }
            for p in problems
        ],
    }
    view = View([Column("Line", numeric=True), Column("Severity"), Column("Message", grow=True)])
    view.title = f"{source}: {validation_summary(problems, role_count)}"
    view.rows = [[str(p.line or ""), "warning" if p.warning else "error", p.message] for p in problems]
    records: list[list[Value]] = [
        [source, p.line, p.column, "warning" if p.warning else "error", p.message] for p in problems
    ]
    return Report(data, ["file", "line", "column", "severity", "message"], records, [view])


def validation_summary(problems: Sequence[Problem], role_count: int | None) -> str:
    errors = sum(1 for p in problems if not p.warning)
    warnings = len(problems) - errors
    verdict = f"valid, {role_count} roles" if role_count is not None else "invalid"
    counts = [f"{errors} error{'s' * (errors != 1)}"] if errors else []
    counts += [f"{warnings} warning{'s' * (warnings != 1)}"] if warnings else []
    return verdict + (f" ({', '.join(counts)})" if counts else "")


# -- small pieces ------------------------------------------------------------------------------


def _role_head(role: Role) -> dict[str, Any]:
    return {"id": role.id, "name": role.name, "aliases": list(role.aliases), "summary": role.summary}


def _item_data(item: Item) -> dict[str, Any]:
    return {"name": item.name, "importance": float(item.importance)}


def _names(items: Sequence[Item]) -> list[str]:
    return [item.name for item in items]


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number:,} {one if number == 1 else many or one + 's'}"


def _joined(values: Sequence[str]) -> str:
    return "; ".join(values)


def _importances(items: Sequence[Item]) -> tuple[str, ...]:
    """Importances to print in a column: whole numbers as such, else all with two decimals."""
    if all(float(item.importance).is_integer() for item in items):
        return tuple(f"{item.importance:.0f}" for item in items)
    return tuple(f"{item.importance:.2f}" for item in items)


def _with_importance(item: Item) -> str:
    return f"{item.name} ({number(item.importance)})"


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
