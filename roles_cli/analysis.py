"""What roles share and how alike they are: set logic and similarity, returning plain results.

Items are compared by key (case-folded, white space collapsed; synonyms share one); results name
them with the spelling of the first role, in the order given, that has them. How alike two roles
are is measured as measures.py says: a TF-IDF cosine by default, the weighted Jaccard index on
request (`method="jaccard"`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import NamedTuple

from roles_cli.errors import MissingArgumentError, UsageError
from roles_cli.measures import DEFAULT_METHOD, EXPLAINED, Contribution, Measure, measure, weighted_jaccard
from roles_cli.model import Head, Item, Role, RoleSet, Texts
from roles_cli.pairs import Pair, check_searchable, most_similar_pairs

RoleRef = str | Role
"""A role, or any name of one (id, alias or name, in any case)."""
MAX_COMPARED = 20
"""compare's roles, at most: side by side, and every pair of them measured."""


def similarity(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Importance-weighted Jaccard of two item -> importance mappings (see measures.py)."""
    return weighted_jaccard(a, b)


class ComparedItem(NamedTuple):
    """One row of a comparison: an item, and its importance in each role compared."""

    name: str
    importances: tuple[float | None, ...]
    """One per role, in the order given: the item's importance there, None where the role lacks it."""

    @property
    def holders(self) -> int:
        """How many of the roles have it."""
        return sum(1 for importance in self.importances if importance is not None)


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
    because: tuple[Contribution, ...] = ()
    """The shared items and words that make up most of the similarity (with more than two roles,
    their mean part over the pairs)."""
    rows: tuple[ComparedItem, ...] = ()
    """Every item any of the roles has, once: those all of them have, then those some have (the
    most widely held first), then each role's own, in the order of the roles; the most important
    first within each (by the sum of its importances), ties in the order the roles list them."""


class Comparison(NamedTuple):
    roles: tuple[Role, ...]
    dimensions: tuple[DimensionComparison, ...]
    method: str = DEFAULT_METHOD


def compare(
    roles: RoleSet,
    chosen: Sequence[RoleRef],
    dimensions: Sequence[str] | None = None,
    *,
    method: str = DEFAULT_METHOD,
) -> Comparison:
    """Side by side: per dimension, what all the roles share, what each has alone, how alike they are.

    `chosen` names two or more roles; `dimensions` (any case) defaults to every dimension of the file.
    """
    picked = roles.pick(chosen)
    if len(picked) < 2:
        raise MissingArgumentError(f"compare needs at least two roles, got {len(picked)}", argument="roles")
    if len(picked) > MAX_COMPARED:
        raise UsageError(
            f"compare takes at most {MAX_COMPARED} roles side by side, got {len(picked):,}; overlap"
            " compares any number",
            argument="roles",
        )
    return Comparison(
        picked,
        tuple(
            _compare_dimension(picked, measure(roles, d, method)) for d in roles.pick_dimensions(dimensions)
        ),
        method,
    )


def _compare_dimension(roles: Sequence[Role], scale: Measure) -> DimensionComparison:
    dimension = scale.dimension
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
    pairs = list(combinations(roles, 2))
    totals: dict[str, float] = {}
    for a, b in pairs:
        for share, feature in scale.shares(a, b):
            totals[feature] = totals.get(feature, 0.0) + share / len(pairs)
    mean = sum(scale.similarity(a, b) for a, b in pairs) / len(pairs)
    because = scale.contributions(roles, [(share, f) for f, share in totals.items()], top=EXPLAINED)
    return DimensionComparison(
        dimension, shared, items, unique, mean, tuple(because), _rows(roles, dimension)
    )


def _rows(roles: Sequence[Role], dimension: str) -> tuple[ComparedItem, ...]:
    """The items of a comparison, in the order DimensionComparison.rows gives."""
    weights = [role.weights(dimension) for role in roles]
    names = _names(roles, dimension)  # in the order the roles list them
    rows = [ComparedItem(names[key], tuple(w.get(key) for w in weights)) for key in names]

    def place(row: ComparedItem) -> tuple[int, int, int, float]:
        everyone, alone = row.holders == len(roles), row.holders == 1
        owner = next(i for i, v in enumerate(row.importances) if v is not None) if alone else 0
        return (
            0 if everyone else 2 if alone else 1,
            -row.holders,
            owner,
            -sum(v or 0 for v in row.importances),
        )

    return tuple(sorted(rows, key=place))  # stable: ties stay in the order the roles list them


class Group(NamedTuple):
    """The items that exactly these roles have (one region of a Venn diagram)."""

    roles: tuple[str, ...]
    items: tuple[str, ...]


class SharedItem(NamedTuple):
    name: str
    roles: int
    """How many of the roles have it."""


class DimensionOverlap(NamedTuple):
    dimension: str
    groups: tuple[Group, ...]
    """Every region: the largest sets of roles first, then in the order the roles were given."""
    most_shared: tuple[SharedItem, ...]
    """Items held by more than one role, most widely held first (at most `top`)."""
    pairs: tuple[Pair, ...]
    """The most similar pairs first (at most `top`), ranked with support (see most_similar_pairs)."""
    pair_count: int
    """How many pairs there are in all."""
    shared_count: int = 0
    """How many items more than one role holds, in all."""

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
    method: str = DEFAULT_METHOD,
) -> Overlap:
    """Per dimension: every group of roles with the items they alone share, and the most similar pairs.

    `chosen` defaults to every role of the file, `dimensions` to all of its dimensions; `top` bounds
    the most-shared items and the pairs (all of them when None).
    """
    named = roles.pick(chosen) if chosen else None
    if top != 0:  # before every role is read: a file too large to search is refused at once
        check_searchable(len(roles) if named is None else len(named))
    picked = roles.roles if named is None else named
    return Overlap(
        picked,
        tuple(
            _overlap_dimension(picked, measure(roles, d, method), top)
            for d in roles.pick_dimensions(dimensions)
        ),
    )


def _overlap_dimension(roles: Sequence[Role], scale: Measure, top: int | None) -> DimensionOverlap:
    dimension = scale.dimension
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
        tuple(most_similar_pairs(roles, scale, top=top)),
        count,
        len(widely_held),
    )


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


# -- search: where a term appears --------------------------------------------------------------------


class Match(NamedTuple):
    role: Role
    field: str
    """"name", "alias", "summary", or the dimension the item is in."""
    text: str
    spans: tuple[tuple[int, int], ...]
    """Where the term is in `text` (start, end), for highlighting."""


def search(roles: RoleSet, term: str, dimensions: Sequence[str] | None = None) -> tuple[Match, ...]:
    """Every name, alias, summary and item that contains `term`, ignoring case; in file order.

    With `dimensions` (any case), only the items of those dimensions.
    """
    if not term.strip():
        raise MissingArgumentError("the search term is empty", argument="term")
    pattern = re.compile(re.escape(term), re.IGNORECASE)
    chosen = roles.pick_dimensions(dimensions)
    matches = []
    candidates = _holding(roles, term, pattern, chosen, heads=not dimensions)
    for role in roles if candidates is None else map(roles.role_at, candidates):
        fields = []
        if not dimensions:
            fields += [("name", role.name), *(("alias", a) for a in role.aliases), ("summary", role.summary)]
        fields += [(d, item.name) for d in chosen for item in role.items(d)]
        for field, text in fields:
            spans = tuple(m.span() for m in pattern.finditer(text))
            if spans:
                matches.append(Match(role, field, text, spans))
    return tuple(matches)


def _holding(
    roles: RoleSet, term: str, pattern: re.Pattern[str], dimensions: Sequence[str], *, heads: bool
) -> list[int] | None:
    """The numbers of the roles that may match, in file order, from the texts a cached file keeps
    (see model.Texts), and with `heads` their names, aliases and summaries; None to look at every
    role (a file parsed in this run, or a term with a newline)."""
    if "\n" in term:
        return None
    texts = [found for d in dimensions if isinstance(found := roles.kept(("texts", d)), Texts)]
    if len(texts) != len(dimensions):
        return None
    try:
        holding = set().union(*(found.holding(term) for found in texts))
    except ValueError:
        return None
    if heads:
        for number, head in enumerate(roles.heads):
            if any(pattern.search(text) for text in (head.name, *head.aliases, head.summary)):
                holding.add(number)
    return sorted(holding)


def find_roles(roles: RoleSet, term: str) -> tuple[Head, ...]:
    """The roles whose id, name, an alias or summary contains `term`, ignoring case, in file order:
    their heads (id, name, aliases, summary), which a large file gives without reading the items."""
    if not term.strip():
        raise MissingArgumentError("the filter term is empty", argument="filter")
    folded = term.casefold()
    return tuple(
        head
        for head in roles.heads
        if any(folded in text.casefold() for text in (head.id, head.name, *head.aliases, head.summary))
    )
