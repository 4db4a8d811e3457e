"""What roles share and how alike they are: set logic and similarity, returning plain results.

Items are compared by key (case-folded, white space collapsed); results name them with the
spelling of the first role, in the order given, that has them.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from roles_cli.model import Item, Role


def similarity(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Importance-weighted Jaccard: Σ min(wA, wB) / Σ max(wA, wB) over the union of items.

    With every weight equal this is plain Jaccard, |A ∩ B| / |A ∪ B|. Two empty sets are
    identical (1.0).
    """
    shared = sum(min(w, b[key]) for key, w in a.items() if key in b)
    union = sum(a.values()) + sum(b.values()) - shared  # max(x, y) = x + y - min(x, y)
    return shared / union if union else 1.0


def role_similarity(a: Role, b: Role, dimension: str) -> float:
    return similarity(a.weights(dimension), b.weights(dimension))


@dataclass(frozen=True, slots=True)
class DimensionComparison:
    dimension: str
    shared: tuple[Item, ...]
    """Items every compared role has."""
    items: dict[str, tuple[Item, ...]]
    """Role id -> all its items, shared ones first, each part in file order."""
    unique: dict[str, tuple[Item, ...]]
    """Role id -> the items no other compared role has."""
    similarity: float
    """The similarity of the two roles; with more, the mean over every pair."""

    def is_shared(self, item: Item) -> bool:
        return item.key in {shared.key for shared in self.shared}


@dataclass(frozen=True, slots=True)
class Comparison:
    roles: tuple[Role, ...]
    dimensions: tuple[DimensionComparison, ...]


def compare(roles: Sequence[Role], dimensions: Sequence[str]) -> Comparison:
    """Side by side: per dimension, what all the roles share, what each has alone, how alike they are."""
    return Comparison(tuple(roles), tuple(_compare_dimension(roles, d) for d in dimensions))


def _compare_dimension(roles: Sequence[Role], dimension: str) -> DimensionComparison:
    holders = _holders(roles, dimension)
    everyone = len(roles)
    shared_keys = {key for key, owners in holders.items() if len(owners) == everyone}
    shared = tuple(item for item in roles[0].items(dimension) if item.key in shared_keys)
    items = {
        role.id: tuple(sorted(role.items(dimension), key=lambda item: item.key not in shared_keys))
        for role in roles
    }
    unique = {
        role.id: tuple(item for item in role.items(dimension) if holders[item.key] == [role.id])
        for role in roles
    }
    pairs = [role_similarity(a, b, dimension) for a, b in combinations(roles, 2)]
    return DimensionComparison(dimension, shared, items, unique, sum(pairs) / len(pairs) if pairs else 1.0)


@dataclass(frozen=True, slots=True)
class Group:
    """The items that exactly these roles have (one region of a Venn diagram)."""

    roles: tuple[str, ...]
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SharedItem:
    name: str
    roles: int
    """How many of the roles have it."""


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    b: str
    similarity: float


@dataclass(frozen=True, slots=True)
class DimensionOverlap:
    dimension: str
    groups: tuple[Group, ...]
    """Every region: the largest sets of roles first, then in the order the roles were given."""
    most_shared: tuple[SharedItem, ...]
    """Items held by more than one role, most widely held first (at most `top`)."""
    pairs: tuple[Pair, ...]
    """The most similar pairs first (at most `top`)."""
    pair_count: int
    """How many pairs there are in all."""

    @property
    def shared_by_all(self) -> tuple[str, ...]:
        for group in self.groups[:1]:
            if len(group.roles) == self.role_count:
                return group.items
        return ()

    @property
    def role_count(self) -> int:
        return len({role for group in self.groups for role in group.roles})


@dataclass(frozen=True, slots=True)
class Overlap:
    roles: tuple[Role, ...]
    dimensions: tuple[DimensionOverlap, ...]


def overlap(roles: Sequence[Role], dimensions: Sequence[str], *, top: int | None = None) -> Overlap:
    """Per dimension: every group of roles with the items they alone share, and the most similar pairs.

    `top` bounds the most-shared items and the pairs (all of them when None).
    """
    return Overlap(tuple(roles), tuple(_overlap_dimension(roles, d, top) for d in dimensions))


def _overlap_dimension(roles: Sequence[Role], dimension: str, top: int | None) -> DimensionOverlap:
    holders = _holders(roles, dimension)
    names = _names(roles, dimension)
    by_group: dict[tuple[str, ...], list[str]] = {}
    for key, owners in holders.items():
        by_group.setdefault(tuple(owners), []).append(names[key])
    order = {role.id: index for index, role in enumerate(roles)}
    groups = sorted(
        (Group(owners, tuple(items)) for owners, items in by_group.items()),
        key=lambda g: (-len(g.roles), [order[r] for r in g.roles]),
    )
    widely_held = sorted(
        (SharedItem(names[key], len(owners)) for key, owners in holders.items() if len(owners) > 1),
        key=lambda item: -item.roles,
    )
    count = len(roles) * (len(roles) - 1) // 2
    return DimensionOverlap(
        dimension,
        tuple(groups),
        tuple(widely_held[:top] if top is not None else widely_held),
        tuple(most_similar_pairs(roles, dimension, top=top)),
        count,
    )


def most_similar_pairs(roles: Sequence[Role], dimension: str, *, top: int | None = None) -> list[Pair]:
    """Pairs of roles, most similar first (ties in file order); the first `top`, or all.

    Only pairs that share an item are scored one by one, through an index from item to roles, so
    that a file of many roles with few items in common costs far less than every pair.
    """
    weights = [role.weights(dimension) for role in roles]
    totals = [sum(w.values()) for w in weights]
    postings: dict[str, list[tuple[int, float]]] = {}
    for index, role_weights in enumerate(weights):
        for key, weight in role_weights.items():
            postings.setdefault(key, []).append((index, weight))
    shared: dict[tuple[int, int], float] = {}
    for entries in postings.values():
        for (i, wi), (j, wj) in combinations(entries, 2):
            shared[i, j] = shared.get((i, j), 0.0) + (wi if wi < wj else wj)

    def score(i: int, j: int) -> float:
        common = shared.get((i, j), 0.0)
        union = totals[i] + totals[j] - common
        return common / union if union else 1.0

    scored: Iterable[tuple[float, int, int]]
    if top is not None and len(shared) >= top:
        scored = ((score(i, j), i, j) for i, j in shared)  # unshared pairs score 0 and cannot make the cut
    else:
        scored = ((score(i, j), i, j) for i, j in combinations(range(len(roles)), 2))
    ranked = heapq.nsmallest(top, scored, key=_rank) if top is not None else sorted(scored, key=_rank)
    return [Pair(roles[i].id, roles[j].id, value) for value, i, j in ranked]


def _rank(entry: tuple[float, int, int]) -> tuple[float, int, int]:
    value, i, j = entry
    return -value, i, j


def _holders(roles: Sequence[Role], dimension: str) -> dict[str, list[str]]:
    """Item key -> ids of the roles that have it, in the order given."""
    holders: dict[str, list[str]] = {}
    for role in roles:
        for item in role.items(dimension):
            holders.setdefault(item.key, []).append(role.id)
    return holders


def _names(roles: Sequence[Role], dimension: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for role in roles:
        for item in role.items(dimension):
            names.setdefault(item.key, item.name)
    return names
