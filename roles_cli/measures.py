"""How alike two roles are in one dimension: the measures, and what each score is made of.

**tfidf** (the default). Each role's items of a dimension become one weighted vector of features:
- the item as a whole (its key: synonyms share one), and
- each word of its name that carries meaning (text.content_words),
as equal terms sharing the item's importance, so that a long task sentence weighs what a short
skill does, and two sentences that never match word for word still meet on their words.
A feature that many roles of the file have says little about likeness, a rare one much: each is
multiplied by its inverse document frequency, idf = 1 + ln((1 + N) / (1 + n)) for N roles, n of
which have it (TF-IDF, smoothed). Two roles' similarity is the cosine of their vectors: 1 for the
same items, 0 for nothing in common, whatever the lengths of their lists. Sentences that never
match word for word (O*NET task statements) still meet on their rare words; skills shared by every
role count for little.

**jaccard**: the importance-weighted Jaccard (Ruzicka) index of the two item sets,
Σ min(wA, wB) / Σ max(wA, wB): the share of their items, by importance, that they have in common.

Both explain themselves: `explain` lists the shared features that make up a score, largest first.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from roles_cli.errors import UsageError
from roles_cli.model import Item, Role, RoleSet

METHODS = ("tfidf", "jaccard")
DEFAULT_METHOD = "tfidf"
SUMMARY = "summary"
"""The name and summary of a role, read as one more text to compare (similar uses it by default)."""
EXPLAINED = 5
"""How many shared items and words explain a score."""

Vector = dict[str, float]
"""Feature -> weight. An item's feature is '=' + its key, a word's '~' + the word."""


class Contribution(NamedTuple):
    """One shared item or word, and how much of a similarity it accounts for."""

    name: str
    item: bool
    """An item both roles have (True), or a word their items share (False)."""
    share: float
    """Its part of the score: the contributions of every shared feature add up to the score."""


def check_method(method: str) -> str:
    if method not in METHODS:
        raise UsageError(f"unknown method {method!r}; use one of: {', '.join(METHODS)}", argument="method")
    return method


def role_items(role: Role, dimension: str) -> tuple[Item, ...]:
    """A role's items in a dimension; for SUMMARY (when the file has no such dimension), its name
    and summary as two items."""
    items = role.dimensions.get(dimension)
    if items is not None or dimension != SUMMARY:
        return items or ()
    return (Item(f"{role.name}. {role.summary}", key=""),)  # words only: each role's are its own


def item_features(item: Item, *, words: bool = True) -> Iterable[tuple[str, float]]:
    """The features one item adds to its role's vector, before IDF: the item as a whole and each of
    its words, as equal terms sharing its importance."""
    stems = item.words.split() if words else []
    if len(stems) == 1 and stems[0] == item.key:  # a one-word item is its own word
        stems = []
    terms = len(stems) + (1 if item.key else 0)
    if not terms:
        return
    share = item.importance / terms
    if item.key:
        yield "=" + item.key, share
    for stem in stems:
        yield "~" + stem, share


def raw_vector(items: Iterable[Item], *, words: bool = True) -> Vector:
    """The features of a role's items, added up (item_features, inlined: it runs for every item of
    every role of a file)."""
    vector: Vector = {}
    get = vector.get
    for item in items:
        key = item.key
        stems = item.words.split() if words else []
        if len(stems) == 1 and stems[0] == key:
            stems = []
        terms = len(stems) + (1 if key else 0)
        if not terms:
            continue
        share = item.importance / terms
        if key:
            feature = "=" + key
            vector[feature] = get(feature, 0.0) + share
        for stem in stems:
            feature = "~" + stem
            vector[feature] = get(feature, 0.0) + share
    return vector


class Measure:
    """One measure over one dimension of a population of roles (normally the whole file)."""

    method: str

    def __init__(self, dimension: str) -> None:
        self.dimension = dimension
        self._names: dict[str, dict[str, str]] = {}
        self._words: dict[str, dict[str, tuple[str, ...]]] = {}

    def shares(self, a: Role, b: Role) -> list[tuple[float, str]]:
        """(part of the score, feature) for every feature `a` and `b` share; the parts add up to
        their similarity."""
        raise NotImplementedError

    def similarity(self, a: Role, b: Role) -> float:
        return sum(share for share, _ in self.shares(a, b))

    def explain(self, a: Role, b: Role, *, top: int = 5) -> list[Contribution]:
        """The shared items and words that make up most of the similarity of `a` and `b`."""
        return self.contributions([a, b], self.shares(a, b), top=top)

    def contributions(
        self, roles: Sequence[Role], shares: list[tuple[float, str]], *, top: int
    ) -> list[Contribution]:
        """`shares` (of features of `roles`) as people read them, largest first: a word of an item
        that is itself shared counts with that item ("Clean" with "Clean up"), and one name is
        listed once."""
        if len(roles) == 1:
            names, words_of = self.names(roles[0]), self.item_words(roles[0])
        else:
            names = {f: name for role in reversed(roles) for f, name in self.names(role).items()}
            words_of = {f: words for role in roles for f, words in self.item_words(role).items()}
        owner = {
            "~" + word: feature
            for _, feature in shares
            if feature[0] == "="
            for word in words_of.get(feature, ())
        }
        owner.update({feature: feature for _, feature in shares if feature[0] == "="})
        merged: dict[str, Contribution] = {}
        for share, feature in shares:
            feature = owner.get(feature, feature)
            name = names.get(feature, feature[1:])
            known = merged.get(name.casefold())
            if known is None:
                merged[name.casefold()] = Contribution(name, feature[0] == "=", share)
            else:
                merged[name.casefold()] = known._replace(
                    share=known.share + share, item=known.item or feature[0] == "="
                )
        best = sorted(merged.values(), key=lambda part: -part.share)
        return [part for part in best if part.share > 0][:top]

    def item_words(self, role: Role) -> dict[str, tuple[str, ...]]:
        """An item's feature -> its words, for the items of `role`."""
        return {
            "=" + item.key: tuple(item.words.split()) for item in role_items(role, self.dimension) if item.key
        }

    def names(self, role: Role) -> dict[str, str]:
        """Feature -> how to show it, for the features of `role` (kept: explaining one role's
        likeness to every other asks for them again and again)."""
        found = self._names.get(role.id)
        if found is None:
            found = self._names[role.id] = surface_names(role_items(role, self.dimension))
        return found


class TfIdf(Measure):
    method = "tfidf"

    def __init__(
        self,
        frequency: Mapping[str, int],
        count: int,
        dimension: str,
        *,
        raw: dict[str, tuple[Role, Vector]] | None = None,
    ) -> None:
        """The measure over a population of `count` roles, `frequency` saying how many of them have
        each feature (document_frequency); a role's vector is weighed when first asked for (from
        `raw`, its features before weighing, when they were counted in the same run)."""
        super().__init__(dimension)
        self._raw = raw if raw is not None else {}
        self.frequency = frequency
        self.count = count
        self.unseen = 1.0 + math.log(1 + count)
        """The weight of a feature no role of the population has: rarer than any."""
        self.idf: dict[str, float] = {}
        self._vectors: dict[str, tuple[Role, Vector, float]] = {}

    def weight(self, feature: str) -> float:
        """The feature's inverse document frequency, 1 + ln((1 + N) / (1 + n))."""
        found = self.idf.get(feature)
        if found is None:
            n = self.frequency.get(feature, 0)
            found = self.idf[feature] = 1.0 + math.log((1 + self.count) / (1 + n)) if n else self.unseen
        return found

    def vector(self, role: Role) -> tuple[Vector, float]:
        """The role's weighted vector and its length (kept: pairs ask for each role again and again)."""
        found = self._vectors.get(role.id)
        if found is None or (found[0] is not role and found[0] != role):
            counted = self._raw.pop(role.id, None)
            raw = (
                counted[1] if counted and counted[0] is role else raw_vector(role_items(role, self.dimension))
            )
            idf = self.idf
            for feature in [f for f in raw if f not in idf]:
                self.weight(feature)
            vector = {f: w * idf[f] for f, w in raw.items()}
            found = self._vectors[role.id] = (role, vector, math.sqrt(sum(w * w for w in vector.values())))
        return found[1], found[2]

    def shares(self, a: Role, b: Role) -> list[tuple[float, str]]:
        (va, na), (vb, nb) = self.vector(a), self.vector(b)
        if not na or not nb:
            return []
        norm = na * nb
        return [(w * vb[f] / norm, f) for f, w in va.items() if f in vb]

    def similarity(self, a: Role, b: Role) -> float:
        (va, na), (vb, nb) = self.vector(a), self.vector(b)
        if not na or not nb:
            return 1.0 if na == nb else 0.0  # two empty lists are alike
        if len(vb) < len(va):
            va, vb = vb, va
        return min(1.0, sum(w * vb[f] for f, w in va.items() if f in vb) / (na * nb))  # not 1 + 2e-16


def document_frequency(
    roles: Iterable[Role], dimension: str, *, keep: dict[str, tuple[Role, Vector]] | None = None
) -> dict[str, int]:
    """Feature -> how many of `roles` have it, in `dimension` (what TF-IDF's weights are made of);
    each role's features are left in `keep`, if given."""
    frequency: dict[str, int] = {}
    get = frequency.get
    for role in roles:
        vector = raw_vector(role_items(role, dimension))
        if keep is not None:
            keep[role.id] = (role, vector)
        for feature in vector:
            frequency[feature] = get(feature, 0) + 1
    return frequency


class Jaccard(Measure):
    method = "jaccard"

    def __init__(self, dimension: str) -> None:
        super().__init__(dimension)
        self._weights: dict[Role, dict[str, float]] = {}

    def weights(self, role: Role) -> dict[str, float]:
        """Item feature -> importance (kept: pairs ask for each role again and again)."""
        found = self._weights.get(role)
        if found is None:
            found = self._weights[role] = raw_vector(role_items(role, self.dimension), words=False)
        return found

    def shares(self, a: Role, b: Role) -> list[tuple[float, str]]:
        wa, wb = self.weights(a), self.weights(b)
        common = [(min(w, wb[f]), f) for f, w in wa.items() if f in wb]
        union = sum(wa.values()) + sum(wb.values()) - sum(share for share, _ in common)
        return [(share / union, f) for share, f in common] if union else []

    def similarity(self, a: Role, b: Role) -> float:
        return weighted_jaccard(self.weights(a), self.weights(b))


def measure(roles: RoleSet, dimension: str, method: str = DEFAULT_METHOD) -> Measure:
    """The measure `method` over `dimension`, its weights drawn from every role of the file; built
    once per file and kept (a cached file keeps the document frequencies it needs)."""
    if check_method(method) == "jaccard":
        return roles.derived(("measure", method, dimension), lambda: Jaccard(dimension))
    return roles.derived(("measure", method, dimension), lambda: _tfidf(roles, dimension))


def _tfidf(roles: RoleSet, dimension: str) -> TfIdf:
    raw: dict[str, tuple[Role, Vector]] = {}  # features counted on the way: not counted twice
    return TfIdf(frequencies(roles, dimension, keep=raw), len(roles), dimension, raw=raw)


def frequencies(
    roles: RoleSet, dimension: str, *, keep: dict[str, tuple[Role, Vector]] | None = None
) -> Mapping[str, int]:
    """The document frequencies of a file's dimension (see document_frequency): counted once per
    file, and kept in the cache with it."""
    return roles.derived(("frequency", dimension), lambda: document_frequency(roles, dimension, keep=keep))


def surface_names(items: Iterable[Item]) -> dict[str, str]:
    """Feature -> how to show it: an item's name, or a word as first written in these items."""
    from roles_cli.text import words_as_written

    names: dict[str, str] = {}
    for item in items:
        names.setdefault("=" + item.key, item.name)
        for stem, written in words_as_written(item.name):
            names.setdefault("~" + stem, written)
    return names


def weighted_jaccard(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Importance-weighted Jaccard: Σ min(wA, wB) / Σ max(wA, wB) over the union of items.

    With every weight equal this is plain Jaccard, |A ∩ B| / |A ∪ B|. Two empty sets are
    identical (1.0).
    """
    shared = sum(min(w, b[key]) for key, w in a.items() if key in b)
    union = sum(a.values()) + sum(b.values()) - shared  # max(x, y) = x + y - min(x, y)
    return shared / union if union else 1.0
