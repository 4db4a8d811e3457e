"""Indexes of a whole file for the answers that rank every role (similar, fit), so that they read
the roles they show and no other.

Each index is built from every role through RoleSet.derived, which asks the roles' store first: a
store that keeps an index hands it back instead of it being built again. The indexes are plain
dicts whose values are array.array objects, or arrays of one number per role (in file order), and
a dict is read only through `.get`, never iterated, so that a mapping read a part at a time can
stand in for it. Keys, with D a dimension (or measures.SUMMARY) and S a scope (see `scope`):

  ("postings", D)  TF-IDF feature -> (array('l') of the numbers of the roles that have it, ascending;
                   array('d') of its weight in each one's TF-IDF vector / the length of that vector).
                   Features and weights are measures.TfIdf's: '=' + an item's key and '~' + a word.
  ("norms", D)     array('d'): the length of each role's TF-IDF vector (0.0 for no features).
  ("items", S)     item key -> (array('l') of the numbers of the roles that have it, ascending;
                   array('d') of its importance in each).
  ("counts", S)    array('l'): how many items each role has.
  ("totals", S)    array('d'): the sum of the importances of each role's items.

matching.py builds two more through RoleSet.derived: ("phrases", S), a name's words -> the key of
the item it names (read through `.get`, and only for a skill not spelled as an item is), and
("item names", S), every item key -> its name (read whole, and only to suggest names for a skill
the file does not know). Nothing here reads a file: the roles come from the RoleSet.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections.abc import Mapping, Sequence

from roles_cli.errors import UnknownRoleError
from roles_cli.measures import raw_vector, role_items
from roles_cli.model import Item, Role, RoleSet, name_key

Postings = Mapping[str, tuple["array[int]", "array[float]"]]
"""A key -> the numbers of the roles that have it (ascending) and a value for each."""
Own = dict[str, tuple[float, "array[int]", "array[float]"]]
"""One role's features -> its own weight, and the feature's postings (see own_postings)."""
Scope = str | tuple[str, ...]
"""The dimensions an index of items is over: one dimension's name, or a tuple of several."""
ALL_AT_ONCE = 10
"""`fetch` reads every role at once (cheaper than one at a time) for more than 1/this of them."""


def scope(dimensions: Sequence[str]) -> Scope:
    """How the indexes of items name `dimensions`: the name of one, a tuple of several."""
    return dimensions[0] if len(dimensions) == 1 else tuple(dimensions)


# -- TF-IDF: similar --------------------------------------------------------------------------------


def postings(roles: RoleSet, dimension: str) -> Postings:
    """TF-IDF feature -> (role numbers, normalised weights) in `dimension` (see the module's notes)."""
    return roles.derived(("postings", dimension), lambda: _tfidf(roles, dimension)[0])


def norms(roles: RoleSet, dimension: str) -> Sequence[float]:
    """The length of each role's TF-IDF vector in `dimension`, in file order."""
    return roles.derived(("norms", dimension), lambda: _tfidf(roles, dimension)[1])


def _tfidf(roles: RoleSet, dimension: str) -> tuple[dict[str, tuple[array[int], array[float]]], array[float]]:
    """The postings and norms of `dimension`, from every role; each is also left for its own key
    (one pass gives both)."""
    vectors = [raw_vector(role_items(role, dimension)) for role in roles]
    count = len(vectors)
    frequency: dict[str, int] = {}
    get = frequency.get
    for vector in vectors:
        for feature in vector:
            frequency[feature] = get(feature, 0) + 1
    # As TfIdf.weight and TfIdf.vector work them out, term for term, so that the weights are the same.
    idf = {feature: 1.0 + math.log((1 + count) / (1 + n)) for feature, n in frequency.items()}
    found: dict[str, tuple[array[int], array[float]]] = {}
    lengths = array("d", bytes(8 * count))
    for number, vector in enumerate(vectors):
        weighted = {feature: w * idf[feature] for feature, w in vector.items()}
        norm = lengths[number] = math.sqrt(sum(w * w for w in weighted.values()))
        for feature, w in weighted.items():
            entry = found.get(feature)
            if entry is None:
                entry = found[feature] = (array("l"), array("d"))
            entry[0].append(number)
            entry[1].append(w / norm)
    roles.derived(("postings", dimension), lambda: found)
    roles.derived(("norms", dimension), lambda: lengths)
    return found, lengths


def own_postings(roles: RoleSet, number: int, role: Role, dimension: str) -> Own:
    """The postings of the features of role `number` (`role`, as read) in `dimension`, in the order
    of its items, each with the role's own weight in them."""
    found = postings(roles, dimension)
    own: Own = {}
    for feature in raw_vector(role_items(role, dimension)):
        entry = found.get(feature)
        weight = None if entry is None else _at(entry, number)
        if entry is None or weight is None:
            raise ValueError(f"the index of {dimension!r} does not hold role {number}'s {feature!r}")
        own[feature] = (weight, *entry)
    return own


def similarities(roles: RoleSet, own: Own, dimension: str) -> list[float]:
    """Every role's TF-IDF cosine, in file order, with the role whose postings are `own` (see
    own_postings): the sum, over its features, of its weight times the other role's. Two roles
    without features are alike (1.0)."""
    if not own:
        return [0.0 if length else 1.0 for length in norms(roles, dimension)]
    scores = [0.0] * len(roles)
    for weight, numbers, values in own.values():
        for other, value in zip(numbers, values, strict=True):
            scores[other] += weight * value
    return [score if score < 1.0 else 1.0 for score in scores]  # not 1 + 2e-16


def shares(own: Own, other: int) -> list[tuple[float, str]]:
    """(part of the similarity, feature) for every feature of `own` (see own_postings) that role
    `other` has: the parts add up to their similarity."""
    parts = []
    for feature, (weight, numbers, values) in own.items():
        theirs = _at((numbers, values), other)
        if theirs is not None:
            parts.append((weight * theirs, feature))
    return parts


def _at(entry: tuple[array[int], array[float]], number: int) -> float | None:
    """The value of role `number` in a posting, or None if the role is not in it."""
    numbers, values = entry
    at = bisect_left(numbers, number)
    return values[at] if at < len(numbers) and numbers[at] == number else None


# -- items and importances: fit ---------------------------------------------------------------------


def items_of(role: Role, dimensions: Sequence[str]) -> tuple[Item, ...]:
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


def items(roles: RoleSet, dimensions: Sequence[str]) -> Postings:
    """Item key -> (role numbers, the item's importance in each), over `dimensions` (see items_of)."""
    return roles.derived(("items", scope(dimensions)), lambda: _items(roles, dimensions)[0])


def counts(roles: RoleSet, dimensions: Sequence[str]) -> Sequence[int]:
    """How many items each role has in `dimensions` (see items_of), in file order."""
    return roles.derived(("counts", scope(dimensions)), lambda: _items(roles, dimensions)[1])


def totals(roles: RoleSet, dimensions: Sequence[str]) -> Sequence[float]:
    """The sum of the importances of each role's items in `dimensions`, in file order."""
    return roles.derived(("totals", scope(dimensions)), lambda: _items(roles, dimensions)[2])


def _items(
    roles: RoleSet, dimensions: Sequence[str]
) -> tuple[dict[str, tuple[array[int], array[float]]], array[int], array[float]]:
    """The three indexes of items, from every role; each is also left for its own key."""
    found: dict[str, tuple[array[int], array[float]]] = {}
    lengths, sums = array("l"), array("d")
    for number, role in enumerate(roles):
        listed = items_of(role, dimensions)
        for item in listed:
            entry = found.get(item.key)
            if entry is None:
                entry = found[item.key] = (array("l"), array("d"))
            entry[0].append(number)
            entry[1].append(item.importance)
        lengths.append(len(listed))
        sums.append(sum(item.importance for item in listed))
    where = scope(dimensions)
    roles.derived(("items", where), lambda: found)
    roles.derived(("counts", where), lambda: lengths)
    roles.derived(("totals", where), lambda: sums)
    return found, lengths, sums


# -- roles by number --------------------------------------------------------------------------------


def number_of(roles: RoleSet, role: Role) -> int:
    """The number of `role` in `roles` (found by its id); UnknownRoleError if it is not one of them."""
    found = roles.find(name_key(role.id))
    if found is None:
        raise UnknownRoleError(role.id, [])
    return found


def fetch(roles: RoleSet, numbers: Sequence[int]) -> list[Role]:
    """The roles of these numbers: each read on its own, or, for more than a tenth of the file,
    every role read at once."""
    if len(numbers) * ALL_AT_ONCE > len(roles):
        every = roles.roles
        return [every[number] for number in numbers]
    return [roles.role_at(number) for number in numbers]
