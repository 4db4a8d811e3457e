"""What roles share and how alike they are: set logic and similarity, returning plain results.

Items are compared by key (case-folded, white space collapsed); results name them with the
spelling of the first role, in the order given, that has them.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from typing import NamedTuple

from roles_cli.errors import MissingArgumentError
from roles_cli.model import Item, Role, RoleSet, item_key

RoleRef = str | Role
"""A role, or any name of one (id, alias or name, in any case)."""


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


class DimensionComparison(NamedTuple):
    dimension: str
    shared: tuple[Item, ...]
    """Items every compared role has."""
    items: dict[str, tuple[Item, ...]]
    """Role id -> all its items, shared ones first, each part in file order."""
    unique: dict[str, tuple[Item, ...]]
    """Role id -> the items no other compared role has."""
    similarity: float
    """The similarity of the two roles; with more, the mean over every pair."""


class Comparison(NamedTuple):
    roles: tuple[Role, ...]
    dimensions: tuple[DimensionComparison, ...]


def compare(roles: RoleSet, chosen: Sequence[RoleRef], dimensions: Sequence[str] | None = None) -> Comparison:
    """Side by side: per dimension, what all the roles share, what each has alone, how alike they are.

    `chosen` names two or more roles; `dimensions` (any case) defaults to every dimension of the file.
    """
    picked = roles.pick(chosen)
    if len(picked) < 2:
        raise MissingArgumentError(f"compare needs at least two roles, got {len(picked)}", argument="roles")
    return Comparison(picked, tuple(_compare_dimension(picked, d) for d in roles.pick_dimensions(dimensions)))


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


class Group(NamedTuple):
    """The items that exactly these roles have (one region of a Venn diagram)."""

    roles: tuple[str, ...]
    items: tuple[str, ...]


class SharedItem(NamedTuple):
    name: str
    roles: int
    """How many of the roles have it."""


class Pair(NamedTuple):
    a: str
    b: str
    similarity: float


class DimensionOverlap(NamedTuple):
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


class Overlap(NamedTuple):
    roles: tuple[Role, ...]
    dimensions: tuple[DimensionOverlap, ...]


def overlap(
    roles: RoleSet,
    chosen: Sequence[RoleRef] | None = None,
    dimensions: Sequence[str] | None = None,
    *,
    top: int | None = None,
) -> Overlap:
    """Per dimension: every group of roles with the items they alone share, and the most similar pairs.

    `chosen` defaults to every role of the file, `dimensions` to all of its dimensions; `top` bounds
    the most-shared items and the pairs (all of them when None).
    """
    picked = roles.pick(chosen) if chosen else roles.roles
    return Overlap(
        picked, tuple(_overlap_dimension(picked, d, top) for d in roles.pick_dimensions(dimensions))
    )


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


# -- fit: which roles a person's skills are closest to ----------------------------------------------


class RoleFit(NamedTuple):
    role: Role
    score: float
    """Σ importance of the role's items the person has / Σ importance of all the role's items."""
    matched: tuple[Item, ...]
    missing: tuple[Item, ...]
    """What the person would have to learn: most important first."""


class UnknownItem(NamedTuple):
    """A given skill that no role has, with the closest items of the file."""

    name: str
    suggestions: tuple[str, ...]


class Fit(NamedTuple):
    dimensions: tuple[str, ...]
    """The dimensions the person's items were matched against, as the file spells them."""
    ranking: tuple[RoleFit, ...]
    """Every role, best fit first (ties in file order)."""
    unknown: tuple[UnknownItem, ...]

    @property
    def dimension(self) -> str:
        """The dimensions as one phrase: "skills", "skills and technology"."""
        return _phrase(self.dimensions, "and")


def fit(
    roles: RoleSet,
    skills: Sequence[str],
    *,
    dimension: str = "skills",
    dimensions: Sequence[str] | None = None,
) -> Fit:
    """Rank every role by the importance-weighted share of its items that `skills` covers.

    The role's items are those of `dimensions` (any case) taken together, or of `dimension` alone
    when `dimensions` is not given; an item in two of them counts once, with its highest
    importance. Skills match items by key, like items match each other. A skill that is in none of
    them is reported in `unknown` with suggestions; it does not change any score.
    """
    chosen = roles.pick_dimensions(dimensions) if dimensions else (roles.resolve_dimension(dimension),)
    have = {item_key(skill) for skill in skills if skill.strip()}
    if not have:
        raise MissingArgumentError("no skills given", argument="skills")
    ranking = []
    for role in roles:
        items = _items_of(role, chosen)
        matched = tuple(item for item in items if item.key in have)
        missing = tuple(sorted((item for item in items if item.key not in have), key=lambda i: -i.importance))
        total = sum(item.importance for item in items)
        ranking.append(
            RoleFit(role, sum(i.importance for i in matched) / total if total else 0.0, matched, missing)
        )
    ranking.sort(key=lambda entry: -entry.score)  # stable: ties keep file order
    return Fit(chosen, tuple(ranking), _unknown_items(roles, chosen, skills))


def _items_of(role: Role, dimensions: Sequence[str]) -> tuple[Item, ...]:
    """The role's items of every dimension given, each once (with its highest importance)."""
    if len(dimensions) == 1:
        return role.items(dimensions[0])
    found: dict[str, Item] = {}
    for dimension in dimensions:
        for item in role.items(dimension):
            kept = found.get(item.key)
            if kept is None or item.importance > kept.importance:
                found[item.key] = item if kept is None else kept._replace(importance=item.importance)
    return tuple(found.values())


def _unknown_items(
    roles: RoleSet, dimensions: Sequence[str], skills: Sequence[str]
) -> tuple[UnknownItem, ...]:
    known: dict[str, str] = {}
    for dimension in dimensions:
        for key, name in _names(roles.roles, dimension).items():
            known.setdefault(key, name)
    unknown = []
    for skill in dict.fromkeys(s for s in skills if s.strip()):
        key = item_key(skill)
        if key not in known:
            unknown.append(UnknownItem(skill, tuple(known[k] for k in _closest(key, known))))
    return tuple(unknown)


def _phrase(words: Sequence[str], joiner: str) -> str:
    """ "a", "a and b", "a, b and c"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {joiner} {words[-1]}"


def _closest(key: str, known: Mapping[str, str]) -> list[str]:
    """Up to three keys of `known` that `key` most likely meant: a misspelling of one ("pytorh"),
    or the word inside longer names ("excel" in "microsoft excel", the shortest first)."""
    import difflib  # deferred: only an unknown skill needs it

    word = re.compile(rf"(?<!\w){re.escape(key)}(?!\w)")
    containing = sorted((k for k in known if word.search(k)), key=len)[:3]
    return containing or difflib.get_close_matches(key, list(known), n=3, cutoff=0.75)


# -- similar: the roles most like one role ------------------------------------------------------------


class SimilarRole(NamedTuple):
    role: Role
    similarity: float
    """The mean of the per-dimension similarities."""
    dimensions: dict[str, float]
    shared: int
    """How many items, over the dimensions, the two roles have in common."""


class Similar(NamedTuple):
    role: Role
    dimensions: tuple[str, ...]
    ranking: tuple[SimilarRole, ...]
    """The most similar first (ties in file order); at most `top`."""


def similar(
    roles: RoleSet, role: RoleRef, dimensions: Sequence[str] | None = None, *, top: int | None = None
) -> Similar:
    """Every other role ranked by similarity to `role`: the mean over `dimensions` (default: all)."""
    target = roles.pick([role])[0]
    chosen = roles.pick_dimensions(dimensions)
    weights = {d: target.weights(d) for d in chosen}
    scored = []
    for other in roles:
        if other is target:
            continue
        per_dimension = {d: similarity(weights[d], other.weights(d)) for d in chosen}
        shared = sum(1 for d in chosen for item in other.items(d) if item.key in weights[d])
        scored.append(SimilarRole(other, sum(per_dimension.values()) / len(chosen), per_dimension, shared))
    scored.sort(key=lambda entry: -entry.similarity)
    return Similar(target, chosen, tuple(scored[:top] if top is not None else scored))


# -- search: where a term appears --------------------------------------------------------------------


class Match(NamedTuple):
    role: Role
    field: str
    """"name", "alias", "summary", or the dimension the item is in."""
    text: str
    spans: tuple[tuple[int, int], ...]
    """Where the term is in `text` (start, end), for highlighting."""


def search(roles: RoleSet, term: str) -> tuple[Match, ...]:
    """Every name, alias, summary and item that contains `term`, ignoring case; in file order."""
    if not term.strip():
        raise MissingArgumentError("the search term is empty", argument="term")
    pattern = re.compile(re.escape(term), re.IGNORECASE)
    matches = []
    for role in roles:
        fields = [("name", role.name), *(("alias", a) for a in role.aliases), ("summary", role.summary)]
        fields += [(d, item.name) for d in roles.dimensions for item in role.items(d)]
        for field, text in fields:
            spans = tuple(m.span() for m in pattern.finditer(text))
            if spans:
                matches.append(Match(role, field, text, spans))
    return tuple(matches)
