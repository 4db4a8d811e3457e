"""Results -> Answers: each command's answer built once, as the immutable tables of views.py.

Every output format renders the Answer (render.py), so all formats give the same answer. The flat
answers (list, fit, similar, search, validate) are one table whose rows are also the JSON; the
nested ones (show, compare, overlap) add one function for their JSON document. Nothing here
imports Rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from roles_cli.views import HELD_MARK, Answer, Column, ItemList, Marked, Table, Value, decimals, percent

if TYPE_CHECKING:
    from roles_cli.analysis import (
        ComparedItem,
        Comparison,
        DimensionComparison,
        DimensionOverlap,
        Match,
        Overlap,
    )
    from roles_cli.errors import Problem
    from roles_cli.measures import Contribution
    from roles_cli.model import Head, Item, Role, RoleSet
    from roles_cli.nearest import Similar

MAX_VENN_ROLES = 6
"""Up to this many roles, overlap lists every group of roles; beyond, only the most shared items."""

RANK = Column("rank", "#", "count", machine=False)
"""A row's place in a ranking: people read it; machines have the order of the rows."""


def list_report(roles: RoleSet, found: Sequence[Head] | None = None, term: str | None = None) -> Answer:
    """Every role of the file, or those `found` by a `term` (their heads: id, name, aliases, summary)."""
    shown = roles.heads if found is None else found
    title = f"{count_of(len(shown), 'role')} in {roles.source}"
    if term is not None:
        title = f"{len(shown):,} of {count_of(len(roles), 'role')} in {roles.source} match {term!r}"
    # Aliases go under the name, so that the summary gets most of the width.
    table = Table(
        (
            Column("id", "ID", "id"),
            Column("name", "Name (aliases)", max_width=28),
            Column("aliases", "Aliases", "names", beneath=True, template="({})"),
            Column("summary", "Summary", grow=True),
        ),
        tuple((head.id, head.name, head.aliases, head.summary) for head in shown),
        title=title,
        counted=("role", "roles"),
    )
    return Answer((table,) if shown else (), table)


def show_report(role: Role, dimensions: Sequence[str]) -> Answer:
    """The role in full, each dimension's items most important first (ties in file order)."""
    about_rows: list[tuple[Value, ...]] = [("Summary", role.summary)]
    if role.aliases:
        about_rows.append(("Aliases", ", ".join(role.aliases)))
    if role.sources:
        about_rows.append(("Sources", tuple(_source_text(s.title, s.url) for s in role.sources)))
    about = Table(
        (Column("field", "Field"), Column("value", "Value")),
        tuple(about_rows),
        title=f"{role.name} ({role.id})",
        header=False,
    )
    # Each item behind its importance, so the core ones stand out down the left edge of the list.
    # Importances that are all alike (none given, as is usual for goals) tell nothing: bullets.
    ranked = {d: sorted(role.items(d), key=lambda item: -item.importance) for d in dimensions}
    items = Table(
        (Column("dimension", "Dimension", "id"), Column("items", "Importance and item", "items", grow=True)),
        tuple((d, ItemList(names_of(ranked[d]), _importances(ranked[d]))) for d in dimensions),
        caption="importance: 5 core to 1 marginal",
        lines=True,
    )
    records = Table(
        (Column("dimension", None), Column("item", None), Column("importance", None, "number")),
        tuple((d, item.name, float(item.importance)) for d in dimensions for item in ranked[d]),
    )

    def document() -> dict[str, Any]:
        return {
            **_role_head(role),
            "dimensions": {
                d: [{"name": i.name, "importance": float(i.importance)} for i in ranked[d]]
                for d in dimensions
            },
            "sources": [{"title": s.title, "url": s.url} for s in role.sources],
        }

    return Answer((about, items), records, document)


def compare_report(result: Comparison, *, only_differences: bool = False) -> Answer:
    """One matrix per dimension, an item a row and a role a column, with the item's importance (or a
    mark) where the role has it; `only_differences` leaves out the items every role has."""
    ids = tuple(role.id for role in result.roles)
    records = Table(  # CSV: a row per dimension, as before the matrix
        (
            Column("dimension", None),
            Column("similarity", None, "percent"),
            Column("shared", None, "items"),
            *(Column(i, None, "items") for i in ids),
            *(Column(f"only {i}", None, "items") for i in ids),
            Column("because", None, "names"),
        ),
        tuple(
            (
                d.dimension,
                d.similarity,
                names_of(d.shared),
                *(names_of(d.items[i]) for i in ids),
                *(names_of(d.unique[i]) for i in ids),
                _because(d.because),
            )
            for d in result.dimensions
        ),
    )
    shown = {
        d.dimension: tuple(row for row in d.rows if not (only_differences and row.holders == len(ids)))
        for d in result.dimensions
    }
    tables = tuple(_matrix(d, result.roles, shown[d.dimension]) for d in result.dimensions)
    marked = {bool(table.columns[-1].mark) for table in tables}
    cells = ["importance: 5 core to 1 marginal"] if False in marked else []
    cells += [f"{HELD_MARK}: the role has the item"] if True in marked else []
    legend = " · ".join([*cells, f"similarity: {METHOD_NAMES[result.method]}"])
    legend += " (mean over pairs)" if len(ids) > 2 else ""

    def document() -> dict[str, Any]:
        return {
            "roles": list(ids),
            "dimensions": [
                {
                    "dimension": d.dimension,
                    "shared": list(names_of(d.shared)),
                    "items": {i: list(names_of(items)) for i, items in d.items.items()},
                    "unique": {i: list(names_of(items)) for i, items in d.unique.items()},
                    "similarity": d.similarity,
                    "because": _because_data(d.because),
                    "rows": [
                        {
                            "name": row.name,
                            "group": _group(row.holders, len(ids)),
                            "importance": dict(zip(ids, row.importances, strict=True)),
                        }
                        for row in shown[d.dimension]
                    ],
                }
                for d in result.dimensions
            ],
            "method": result.method,
        }

    heading = " vs ".join(f"{role.name} ({role.id})" for role in result.roles)
    return Answer(tables, records, document, (legend,), heading)


def _matrix(d: DimensionComparison, roles: Sequence[Role], rows: Sequence[ComparedItem]) -> Table:
    importances = [value for row in d.rows for value in row.importances if value is not None]
    plain = len(set(importances)) <= 1  # all alike (none given, as is usual for goals): a mark says it
    labels = {
        "all": "shared by both" if len(roles) == 2 else f"shared by all {len(roles)}",
        "some": "shared by some",
        "unique": "unique",
    }
    because = _because(d.because, BECAUSE_SHOWN)
    return Table(
        (
            Column("group", "", section=True),
            Column("item", "Item", grow=True),
            *(
                Column(
                    role.id,
                    role.id,
                    "number",
                    digits=decimals(importances),
                    mark=HELD_MARK if plain else None,
                )
                for role in roles
            ),
        ),
        tuple((labels[_group(row.holders, len(roles))], row.name, *row.importances) for row in rows),
        title=f"{d.dimension}: {percent(d.similarity)} similar",
        caption=f"most alike in {', '.join(because)}" if because else None,
        footer=() if rows else ("every item is shared by all the roles",),
    )


def _group(holders: int, roles: int) -> str:
    return "all" if holders == roles else "unique" if holders == 1 else "some"


def overlap_report(result: Overlap) -> Answer:
    ids = [role.id for role in result.roles]
    records = Table(
        (
            Column("dimension", None),
            Column("roles", None, "names"),
            Column("role_count", None, "count"),
            Column("items", None, "items"),
        ),
        tuple((d.dimension, g.roles, len(g.roles), g.items) for d in result.dimensions for g in d.groups),
    )
    tables: list[Table] = []
    for d in result.dimensions:
        tables += _overlap_tables(d, len(ids))

    def document() -> dict[str, Any]:
        return {
            "roles": ids,
            "dimensions": [
                {
                    "dimension": d.dimension,
                    "groups": [{"roles": list(g.roles), "items": list(g.items)} for g in d.groups],
                    "most_shared": [{"name": s.name, "roles": s.roles} for s in d.most_shared],
                    "pairs": [
                        {"a": p.a, "b": p.b, "similarity": p.similarity, "shared": p.shared} for p in d.pairs
                    ],
                    "pair_count": d.pair_count,
                }
                for d in result.dimensions
            ],
        }

    return Answer(tuple(tables), records, document)


def _overlap_tables(d: DimensionOverlap, role_count: int) -> list[Table]:
    from roles_cli.pairs import MAX_PAIRS

    tables: list[Table] = []
    if role_count <= MAX_VENN_ROLES:
        groups = Table(
            (
                Column("roles", "Roles", "id"),
                Column("items", "Items", "items"),
                Column("item_count", "#", "count"),
            ),
            tuple((_group_label(g.roles, role_count), g.items, len(g.items)) for g in d.groups),
            title=f"{d.dimension}: who has what",
            lines=True,
        )
        tables.append(groups)
    else:
        everyone = d.shared_by_all
        unique = sum(len(g.items) for g in d.groups if len(g.roles) == 1)
        held = Table(
            (
                Column("name", "Item"),
                Column("roles", "Roles", "count"),
                Column("share", "Share", "percent"),
            ),
            tuple((s.name, s.roles, s.roles / role_count) for s in d.most_shared),
            title=f"{d.dimension}: most shared items",
            caption=f"shared by all {role_count}: {', '.join(everyone) if everyone else 'nothing'}"
            f" · {count_of(unique, 'item')} {'belongs' if unique == 1 else 'belong'} to one role only",
            counted=("item", "items"),
            more=d.shared_count - len(d.most_shared),
        )
        tables.append(held)
    if d.pairs:
        pairs = Table(
            (
                Column("a", "Role", "id"),
                Column("b", "Role", "id"),
                Column("similarity", "Similarity", "percent"),
                Column("shared", "Shared", "count"),
            ),
            tuple((p.a, p.b, p.similarity, p.shared) for p in d.pairs),
            title=f"{d.dimension}: most similar pairs"
            if d.pair_count > len(d.pairs)
            else f"{d.dimension}: similarity",
            caption="ranked by similarity × s/(s+2), s the items a pair shares (Shared)",
            counted=("pair", "pairs"),
            more=d.pair_count - len(d.pairs),
            listed=MAX_PAIRS,
        )
        tables.append(pairs)
    return tables


def _group_label(roles: tuple[str, ...], role_count: int) -> tuple[str, ...]:
    if len(roles) == role_count and role_count > 1:
        return ("all", *roles) if role_count > 2 else ("both", *roles)
    if len(roles) == 1:
        return ("only", roles[0])
    return roles


def similar_report(result: Similar) -> Answer:
    dimensions = result.dimensions
    several = len(dimensions) > 1
    table = Table(
        (
            RANK,
            Column("id", "Role", "id"),
            Column("name", None),
            Column("similarity", "Overall" if several else "Similarity", "percent", bar=True),
            # With several dimensions the per-dimension columns need the room; JSON and CSV keep it.
            Column("shared", None if several else "Shared", "count"),
            # Per dimension only where there are several: with one, it is the similarity again.
            *(Column(d, d if several else None, "percent", group="dimensions") for d in dimensions),
            Column("because", None, "names"),
        ),
        tuple(
            (
                rank,
                e.role.id,
                e.role.name,
                e.similarity,
                e.shared,
                *(e.dimensions[d] for d in dimensions),
                _because(e.because),
            )
            for rank, e in enumerate(result.ranking, 1)
        ),
        title=f"Roles most similar to {result.role.name} ({result.role.id})",
        caption=f"Similarity: {METHOD_NAMES[result.method]}"
        + (
            "; Overall weighs " + ", ".join(f"{d} {w:.0%}" for d, w in result.weights.items())
            if several
            else f" of {dimensions[0]} · Shared: items in common"
        ),
        order=("rank", "id", "similarity", *dimensions, "shared"),
        counted=("role", "roles"),
        more=result.ranked - len(result.ranking),
    )
    notes = tuple(
        f"{e.role.id}: most alike in {', '.join(_because(e.because, BECAUSE_SHOWN))}"
        for e in result.ranking[:BECAUSE_SHOWN]
        if e.because
    )
    return Answer((table,), table, notes=notes)


def search_report(matches: Sequence[Match], term: str) -> Answer:
    roles = len({m.role.id for m in matches})
    table = Table(
        (
            Column("id", "Role", "id"),
            Column("field", "Field", "id"),
            Column("text", "Text", "marked", grow=True),
        ),
        tuple((m.role.id, m.field, Marked(m.text, m.spans)) for m in matches),
        title=f"{count_of(len(matches), 'match', 'matches')} for {term!r} in {count_of(roles, 'role')}"
        if matches
        else f"No match for {term!r}",
        counted=("match", "matches"),
    )
    return Answer((table,) if matches else (), table)


def validate_report(source: str, problems: Sequence[Problem], role_count: int | None) -> Answer:
    table = Table(
        (
            Column("file", None),
            Column("line", "Line", "count"),
            Column("column", None, "count"),
            Column("severity", "Severity"),
            Column("message", "Message", grow=True),
        ),
        tuple((source, p.line, p.column, "warning" if p.warning else "error", p.message) for p in problems),
        caption=f"{source}: {validation_summary(problems, role_count)}",
        located=True,
    )

    def document() -> dict[str, Any]:
        problems = [{k: v for k, v in record.items() if k != "file"} for record in table.records()]
        return {"file": source, "valid": role_count is not None, "roles": role_count, "problems": problems}

    return Answer((table,), table, document)


def validation_summary(problems: Sequence[Problem], role_count: int | None) -> str:
    errors = sum(1 for p in problems if not p.warning)
    warnings = len(problems) - errors
    verdict = f"valid, {count_of(role_count, 'role')}" if role_count is not None else "invalid"
    counts = [f"{errors} error{'s' * (errors != 1)}"] if errors else []
    counts += [f"{warnings} warning{'s' * (warnings != 1)}"] if warnings else []
    return verdict + (f" ({', '.join(counts)})" if counts else "")


# -- small pieces ------------------------------------------------------------------------------

METHOD_NAMES = {
    "tfidf": "TF-IDF cosine of items and words",
    "jaccard": "importance-weighted Jaccard",
}
BECAUSE_SHOWN = 3
"""How many contributions a ranking row names (JSON and CSV have them all)."""


def _because(parts: Sequence[Contribution], limit: int | None = None) -> tuple[str, ...]:
    return tuple(part.name for part in parts[:limit])


def _because_data(parts: Sequence[Contribution]) -> list[dict[str, Any]]:
    return [{"name": p.name, "item": p.item, "share": p.share} for p in parts]


def _role_head(role: Role) -> dict[str, Any]:
    return {"id": role.id, "name": role.name, "aliases": list(role.aliases), "summary": role.summary}


def names_of(items: Sequence[Item]) -> tuple[str, ...]:
    return tuple(item.name for item in items)


def _importances(items: Sequence[Item]) -> tuple[float, ...]:
    """The items' importances, or () when they are all alike and so tell nothing."""
    if len({item.importance for item in items}) > 1:
        return tuple(float(item.importance) for item in items)
    return ()


def count_of(number: int, one: str, many: str | None = None) -> str:
    return f"{number:,} {one if number == 1 else many or one + 's'}"


def _source_text(title: str, url: str | None) -> str:
    return f"{title} <{url}>" if url else title
