"""similar: every other role ranked by how alike it is to one role, the most alike explained.

With the tfidf method (the default), the similarities come from the file's TF-IDF postings (see
index.py): the target's own features are looked up, and no other role is read but those shown, to
explain their likeness and count what they share. The jaccard method compares the target with
every role.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

from roles_cli import index
from roles_cli.measures import DEFAULT_METHOD, EXPLAINED, SUMMARY, Contribution, Measure, measure
from roles_cli.model import Role, RoleSet

RoleRef = str | Role
"""A role, or any name of one (id, alias or name, in any case)."""
MAX_EXPLAINED = 1_000
"""similar explains the likeness of this many roles at most, the most similar: beyond, `because` is
empty (on a file of 100,000 roles, explaining every one took seconds and no one reads them)."""


class SimilarRole(NamedTuple):
    role: Role
    similarity: float
    """The per-dimension similarities combined (see `similar`)."""
    dimensions: Mapping[str, float]
    shared: int
    """How many items, over the dimensions, the two roles have in common."""
    because: tuple[Contribution, ...] = ()
    """The shared items and words that make up most of the similarity, over every dimension."""


class Similar(NamedTuple):
    role: Role
    dimensions: tuple[str, ...]
    ranking: tuple[SimilarRole, ...]
    """The most similar first (ties in file order); at most `top`."""
    method: str = DEFAULT_METHOD
    weights: Mapping[str, float] = MappingProxyType({})
    """How much each dimension counts in the combined similarity (they add up to 1)."""
    ranked: int = 0
    """How many roles were ranked (every other role of the file); `ranking` holds the first `top`."""


MIN_ROLES_TO_WEIGH = 10
"""With fewer other roles, every dimension counts alike: a spread measured on a handful means little."""


def similar(
    roles: RoleSet,
    role: RoleRef,
    dimensions: Sequence[str] | None = None,
    *,
    top: int | None = None,
    method: str = DEFAULT_METHOD,
) -> Similar:
    """Every other role ranked by similarity to `role` (one of `roles`), over `dimensions` (default:
    all of the file's, and with the tfidf method the roles' names and summaries as one more,
    "summary").

    The dimensions are combined in a weighted mean, each weighted by 1 / the spread (standard
    deviation) of its similarities between `role` and every other role: a dimension in which every
    role looks alike (skills every occupation lists) counts for less than one that tells roles
    apart. With fewer than MIN_ROLES_TO_WEIGH other roles, the mean is plain.

    With tfidf, the similarities come from the file's postings (see index.py): only the roles
    ranked in the first `top` are read, to explain them.
    """
    number = index.number_of(roles, roles.pick([role])[0])
    target = roles.role_at(number)
    chosen = roles.pick_dimensions(dimensions)
    if dimensions is None and method == "tfidf" and SUMMARY not in chosen:
        chosen = (*chosen, SUMMARY)
    scorer = (
        _TfIdfScores(roles, number, target, chosen)
        if method == "tfidf"
        else _Scores(roles, target, chosen, method)
    )
    values = [row[:number] + row[number + 1 :] for row in scorer.rows]  # every role but the target
    weights = _weights(values)
    others = len(roles) - 1
    combined = [
        sum(w * row[place] for w, row in zip(weights, values, strict=True)) for place in range(others)
    ]
    shown = others if top is None else min(top, others)
    order = heapq.nsmallest(shown, range(others), key=lambda place: -combined[place])  # ties: file order
    keys = {d: {item.key for item in target.items(d)} for d in chosen}
    ranking = []
    numbers = [place + (place >= number) for place in order]  # the place among the others: the number
    for rank, (place, other_number, other) in enumerate(
        zip(order, numbers, index.fetch(roles, numbers), strict=True)
    ):
        because: tuple[Contribution, ...] = ()
        if rank < MAX_EXPLAINED:  # explained only where shown
            weighted = [
                [(w * share, f) for share, f in scorer.shares(other_number, other, d)]
                for w, d in zip(weights, chosen, strict=True)
            ]
            because = _because(target, scorer.scales, weighted)
        ranking.append(
            SimilarRole(
                other,
                combined[place],
                MappingProxyType({d: values[n][place] for n, d in enumerate(chosen)}),
                sum(1 for d in chosen for item in other.items(d) if item.key in keys[d]),
                because,
            )
        )
    return Similar(
        target,
        chosen,
        tuple(ranking),
        method,
        MappingProxyType(dict(zip(chosen, weights, strict=True))),
        others,
    )


class _Scores:
    """Every role's similarity to a target, per dimension, by a measure that compares two roles."""

    def __init__(self, roles: RoleSet, target: Role, dimensions: Sequence[str], method: str) -> None:
        self.target = target
        self.scales = [measure(roles, d, method) for d in dimensions]
        self.rows = [[scale.similarity(target, other) for other in roles] for scale in self.scales]
        self._by_dimension = dict(zip(dimensions, self.scales, strict=True))

    def shares(self, number: int, other: Role, dimension: str) -> list[tuple[float, str]]:
        """(part of the similarity, feature) for every feature the target and `other` share."""
        return self._by_dimension[dimension].shares(self.target, other)


class _TfIdfScores:
    """Every role's TF-IDF similarity to role `number`, per dimension, from the postings of the
    target's own features (see index.py): no other role is read."""

    def __init__(self, roles: RoleSet, number: int, target: Role, dimensions: Sequence[str]) -> None:
        self.scales = [Measure(d) for d in dimensions]  # to name the parts of a score
        self.own = {d: index.own_postings(roles, number, target, d) for d in dimensions}
        self.rows = [index.similarities(roles, self.own[d], d) for d in dimensions]

    def shares(self, number: int, other: Role, dimension: str) -> list[tuple[float, str]]:
        """(part of the similarity, feature) for every feature the target and role `number` share."""
        return index.shares(self.own[dimension], number)


def _weights(values: list[list[float]]) -> list[float]:
    """Each dimension's weight: 1 / the spread of its values, adding up to 1. A dimension whose
    values do not vary at all tells no role apart and counts for nothing."""
    count = len(values)
    if not values or len(values[0]) < MIN_ROLES_TO_WEIGH:
        return [1 / count] * count
    inverse = []
    for row in values:
        mean = sum(row) / len(row)
        spread = math.sqrt(sum((v - mean) ** 2 for v in row) / len(row))
        inverse.append(1 / spread if spread > 1e-9 else 0.0)
    total = sum(inverse)
    return [w / total for w in inverse] if total else [1 / count] * count


def _because(
    target: Role, scales: list[Measure], weighted: list[list[tuple[float, str]]]
) -> tuple[Contribution, ...]:
    """The largest parts of a combined score, from each dimension's weighted shares; the same name
    in several dimensions is one part."""
    parts: dict[str, Contribution] = {}
    for scale, shares in zip(scales, weighted, strict=True):
        for found in scale.contributions([target], shares, top=EXPLAINED):
            key = found.name.casefold()
            known = parts.get(key)
            parts[key] = found if known is None else known._replace(share=known.share + found.share)
    return tuple(sorted(parts.values(), key=lambda c: -c.share)[:EXPLAINED])
