"""Answers about a person, as the immutable tables of views.py: which roles their skills fit
(fit, from skills or from a text) and the way from one role to another (gap)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from roles_cli.matching import MUST_HAVE
from roles_cli.report import RANK, count_of, names_of
from roles_cli.views import Answer, Column, ItemList, Table

if TYPE_CHECKING:
    from roles_cli.matching import Fit, Gap

FIT_MISSING_SHOWN = 5
"""How many items to learn a fit table lists per role (CSV and JSON have them all)."""


def fit_report(result: Fit, *, top: int | None) -> Answer:
    shown = result.ranking[:top] if top else result.ranking
    table = Table(
        (
            RANK,
            Column("id", "Role", "id"),
            Column("name", None),
            Column("score", "Fit", "percent", bar=True),
            Column("matched", "You have", "items", grow=True),
            Column(
                "missing",
                "To learn (most important first)",
                "items",
                bullets=False,
                limit=FIT_MISSING_SHOWN,
                grow=True,
            ),
            Column("coverage", "Covers", "percent"),
            Column("uses", "Uses", "percent"),
            Column("must_have", None, "names"),
            Column("nice_to_have", None, "names"),
        ),
        tuple(
            (
                rank,
                e.role.id,
                e.role.name,
                e.score,
                names_of(e.matched),
                ItemList(names_of(e.missing), tuple(float(i.importance) for i in e.missing)),
                e.coverage,
                e.uses,
                names_of(e.must_have),
                names_of(e.nice_to_have),
            )
            for rank, e in enumerate(shown, 1)
        ),
        title=f"Roles ranked by how well your {result.dimension} fit them",
        caption="Covers: the share of the role's items you have, by importance · Uses: the share of"
        " yours it uses · Fit: both at once, short lists weighing less (see the README)",
        lines=True,
        order=("rank", "id", "score", "coverage", "uses", "matched", "missing"),
    )
    tables = [table]
    if result.found:
        tables.insert(0, _found_table(result))
    notes = (
        (f"showing the best {len(shown)} of {len(result.ranking)} roles (--top)",)
        if len(shown) < len(result.ranking)
        else ()
    )
    document = None
    if result.found:

        def document() -> dict[str, Any]:
            return {
                "found": [
                    {"item": m.value, "text": m.text, "start": m.span.start, "end": m.span.end}
                    for m in result.found
                ],
                "ranking": table.records(),
            }

    return Answer(tuple(tables), table, document, notes)


def _found_table(result: Fit) -> Table:
    counts: dict[str, int] = {}
    for mention in result.found:
        counts[mention.value] = counts.get(mention.value, 0) + 1
    return Table(
        (Column("item", "Found", "id"), Column("mentions", "Times", "count")),
        tuple(counts.items()),
        title=f"{count_of(len(counts), 'item')} of {result.dimension} found in the text",
    )


def gap_report(result: Gap) -> Answer:
    start, target = result.start, result.target
    table = Table(
        (
            Column("dimension", "", "id"),
            Column("coverage", "Covered", "percent", beneath=True, template="{} covered"),
            Column("transfers", "Carries over", "items"),
            Column("to_learn", f"To learn for {target.id} (most important first)", "items", bullets=False),
            Column("must_have", None, "names"),
            Column("left_behind", f"Only {start.id} does", "items"),
        ),
        tuple(
            (
                d.dimension,
                d.coverage,
                names_of(d.transfers),
                ItemList(names_of(d.to_learn), tuple(float(i.importance) for i in d.to_learn)),
                names_of(d.must_have),
                names_of(d.left_behind),
            )
            for d in result.dimensions
        ),
        title=f"From {start.name} ({start.id}) to {target.name} ({target.id})",
        caption=f"Covered: the share of {target.id}'s items, by importance, that {start.id} already has;"
        f" must-haves (importance {MUST_HAVE} or more) come first in what to learn",
        lines=True,
    )

    def document() -> dict[str, Any]:
        return {
            "from": start.id,
            "to": target.id,
            "dimensions": [
                {
                    "dimension": d.dimension,
                    "coverage": d.coverage,
                    "transfers": list(names_of(d.transfers)),
                    "to_learn": [
                        {
                            "name": i.name,
                            "importance": float(i.importance),
                            "must_have": i.importance >= MUST_HAVE,
                        }
                        for i in d.to_learn
                    ],
                    "left_behind": list(names_of(d.left_behind)),
                }
                for d in result.dimensions
            ],
        }

    return Answer((table,), table, document)
