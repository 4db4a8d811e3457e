"""How alike every pair of some roles is, and an order that puts alike roles side by side.

A pair's similarity is the mean, over the dimensions chosen, of the measure compare shows for each
(measures.py): the same number whichever of the two comes first. (similar's Overall instead
weighs the dimensions by how well they tell one role's neighbours apart, which depends on the
role.) `around` picks a neighbourhood: a role and the roles most like it by that same mean (with
TF-IDF, from the file's postings, as similar ranks: no other role is read but those shown).

The order is the leaf order of an average-linkage clustering (seriation): the two most alike
groups of roles are joined, again and again, each join turned so that the two roles that meet at
the seam are as alike as can be.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import NamedTuple

from roles_cli import index
from roles_cli.errors import UsageError
from roles_cli.measures import DEFAULT_METHOD, Measure, measure
from roles_cli.model import Role, RoleSet

DEFAULT_AROUND = 10
"""How many neighbours `around` takes when not told."""


class SimilarityMatrix(NamedTuple):
    roles: tuple[Role, ...]
    """In the order that puts alike roles together."""
    values: tuple[tuple[float, ...], ...]
    """values[i][j]: the similarity of roles i and j; 1 on the diagonal."""
    dimensions: tuple[str, ...]
    method: str = DEFAULT_METHOD
    around: Role | None = None
    """The role whose neighbourhood this is, if it is one."""
    population: int = 0
    """How many roles the file has."""


def similarity_matrix(
    roles: RoleSet,
    chosen: Sequence[str | Role] | None = None,
    dimensions: Sequence[str] | None = None,
    *,
    method: str = DEFAULT_METHOD,
    around: str | Role | None = None,
    top: int | None = None,
    limit: int | None = None,
) -> SimilarityMatrix:
    """The similarity of every pair of `chosen` (default: every role of the file), or of `around`
    and its `top` most similar roles (default DEFAULT_AROUND), over `dimensions` (default: all).

    `limit` bounds the number of roles (a UsageError beyond it): a grid of a thousand roles has a
    million cells and shows none of them.
    """
    picked_dimensions = roles.pick_dimensions(dimensions)
    scales = [measure(roles, d, method) for d in picked_dimensions]
    centre = None
    if around is not None:
        if chosen:
            raise UsageError(
                "name the roles, or one role to take the neighbourhood of, not both", argument="around"
            )
        count = DEFAULT_AROUND if top is None else top
        if limit is not None and count + 1 > limit:
            raise UsageError(
                f"a role and its {count} most similar roles are {count + 1} roles; a grid holds at most"
                f" {limit}: ask for {limit - 1} at most",
                argument="top",
            )
        centre = roles.pick([around])[0]
        number = index.number_of(roles, centre)
        values = _around(roles, scales, number, centre)
        others = [other for other in range(len(roles)) if other != number]
        order = heapq.nsmallest(count, others, key=lambda other: -values[other])  # ties: file order
        picked = (centre, *index.fetch(roles, order))
    else:
        picked = roles.pick(chosen) if chosen else roles.roles
    if len(picked) < 2:
        raise UsageError("a grid of similarities needs at least two roles", argument="roles")
    if limit is not None and len(picked) > limit:
        raise UsageError(f"{len(picked)} roles are too many for one grid; at most {limit}", argument="roles")
    grid = [[1.0 if i == j else 0.0 for j in range(len(picked))] for i in range(len(picked))]
    for i, a in enumerate(picked):
        for j in range(i + 1, len(picked)):
            grid[i][j] = grid[j][i] = _mean(scales, a, picked[j])
    order = seriate(grid)
    return SimilarityMatrix(
        tuple(picked[i] for i in order),
        tuple(tuple(grid[i][j] for j in order) for i in order),
        picked_dimensions,
        method,
        centre,
        len(roles),
    )


def _around(roles: RoleSet, scales: Sequence[Measure], number: int, centre: Role) -> list[float]:
    """Every role's mean similarity to `centre` (role `number`), in file order. TF-IDF's from the
    file's postings (see index.py): the same cosines, no other role read; else role by role."""
    if all(scale.method == "tfidf" for scale in scales):
        rows = [
            index.similarities(roles, index.own_postings(roles, number, centre, s.dimension), s.dimension)
            for s in scales
        ]
        return [sum(column) / len(scales) for column in zip(*rows, strict=True)]
    return [_mean(scales, centre, other) for other in roles]


def _mean(scales: Sequence[Measure], a: Role, b: Role) -> float:
    return sum(scale.similarity(a, b) for scale in scales) / len(scales)


def seriate(values: Sequence[Sequence[float]]) -> list[int]:
    """An order of the rows of a similarity matrix that puts alike ones next to each other (see the
    module's docstring). Deterministic: ties go to the lower index; the first row keeps to the
    first half."""
    groups = [[i] for i in range(len(values))]
    while len(groups) > 1:
        best = (-1.0, 0, 1)
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                linkage = sum(values[i][j] for i in groups[a] for j in groups[b])
                linkage /= len(groups[a]) * len(groups[b])
                if linkage > best[0]:
                    best = (linkage, a, b)
        _, a, b = best
        first, second = groups[a], groups[b]
        joins = [
            (first, second),
            (first, second[::-1]),
            (first[::-1], second),
            (first[::-1], second[::-1]),
        ]
        left, right = max(joins, key=lambda join: values[join[0][-1]][join[1][0]])  # first of equals
        groups[a] = left + right
        del groups[b]
    order = groups[0] if groups else []
    if order and order.index(0) > (len(order) - 1) / 2:
        order.reverse()
    return order
