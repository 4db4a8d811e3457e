"""How alike two roles are, dimension by dimension: a TF-IDF cosine over items and their words.

Each role's items of a dimension become one weighted vector of features:
- the item itself (its key: synonyms share one), weighted by its importance;
- each word of its name that carries meaning (text.content_words), sharing the item's importance
  equally among its words, so that a long task sentence weighs what a short skill does.
A feature that many roles of the file have says little about likeness, a rare one much: each is
multiplied by its inverse document frequency, idf = 1 + ln((1 + N) / (1 + n)) for N roles, n of which
have it (Salton and Buckley's TF-IDF, smoothed). Two roles' similarity is the cosine of their vectors:
1 for the same items, 0 for nothing in common, whatever the lengths of their lists.

Sentences that never match word for word (O*NET task statements) still meet on their rare words;
skills shared by every role count for little. Every score can be explained: `explain` lists the
shared items and words that contribute most to it.

The plain importance-weighted Jaccard (Ruzicka) index stays available as the "jaccard" method.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from roles_cli.model import Item, Role

METHODS = ("tfidf", "jaccard")

Vector = dict[str, float]
"""Feature -> weight. Item features are '=' + key, word features '~' + word."""


def item_features(item: Item) -> Iterable[tuple[str, float]]:
    """The features one item adds to its role's vector, before IDF."""
    yield "=" + item.key, item.importance
    words = item.words.split()
    if len(words) > 1 or (words and words[0] != item.key):  # a one-word item is its own word
        share = item.importance / len(words)
        for word in words:
            yield "~" + word, share


def raw_vector(items: Iterable[Item]) -> Vector:
    vector: Vector = {}
    for item in items:
        for feature, weight in item_features(item):
            vector[feature] = vector.get(feature, 0.0) + weight
    return vector


class Space:
    """The TF-IDF vectors of some roles' items in one dimension, weighted by the document frequency
    of each feature among `population` (normally every role of the file)."""

    def __init__(self, population: Sequence[Role], dimension: str) -> None:
        self.dimension = dimension
        self.raw = {role.id: raw_vector(role.items(dimension)) for role in population}
        frequency: dict[str, int] = {}
        for vector in self.raw.values():
            for feature in vector:
                frequency[feature] = frequency.get(feature, 0) + 1
        count = len(population)
        self.idf = {f: 1.0 + math.log((1 + count) / (1 + n)) for f, n in frequency.items()}
        self._vectors: dict[str, tuple[Vector, float]] = {}

    def vector(self, role: Role) -> tuple[Vector, float]:
        """The role's weighted vector and its length."""
        cached = self._vectors.get(role.id)
        if cached is None:
            raw = self.raw.get(role.id)
            if raw is None:  # a role from elsewhere: weigh its features as the population's
                raw = raw_vector(role.items(self.dimension))
            top = 1.0 + math.log(1 + len(self.raw))  # a feature no role here has is rarest
            vector = {f: w * self.idf.get(f, top) for f, w in raw.items()}
            cached = vector, math.sqrt(sum(w * w for w in vector.values()))
            self._vectors[role.id] = cached
        return cached

    def similarity(self, a: Role, b: Role) -> float:
        (va, na), (vb, nb) = self.vector(a), self.vector(b)
        if not na or not nb:
            return 1.0 if na == nb else 0.0
        if len(vb) < len(va):
            va, vb = vb, va
        return sum(w * vb[f] for f, w in va.items() if f in vb) / (na * nb)

    def explain(self, a: Role, b: Role, *, top: int = 5) -> list[Contribution]:
        """The shared features that add most to the similarity of `a` and `b`, largest first."""
        (va, na), (vb, nb) = self.vector(a), self.vector(b)
        if not na or not nb:
            return []
        names = _surface_names([a, b], self.dimension)
        shares = [
            Contribution(names.get(f, f[1:]), f[0] == "=", w * vb[f] / (na * nb))
            for f, w in va.items()
            if f in vb
        ]
        shares.sort(key=lambda c: -c.share)
        return shares[:top]


class Contribution(NamedTuple):
    """One shared item or word and how much of a similarity it accounts for."""

    name: str
    item: bool
    """An item (True) or a word that items share (False)."""
    share: float
    """Its part of the cosine: the contributions of all shared features add up to the similarity."""


def _surface_names(roles: Sequence[Role], dimension: str) -> dict[str, str]:
    """Feature -> how to show it: an item's name, or a word as first written."""
    from roles_cli.text import _WORD, fold, stem

    names: dict[str, str] = {}
    for role in roles:
        for item in role.items(dimension):
            names.setdefault("=" + item.key, item.name)
            for word in _WORD.findall(fold(item.name)):
                names.setdefault("~" + stem(word), word)
    return names


def weighted_jaccard(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Importance-weighted Jaccard: Σ min(wA, wB) / Σ max(wA, wB) over the union of items.

    With every weight equal this is plain Jaccard, |A ∩ B| / |A ∪ B|. Two empty sets are
    identical (1.0).
    """
    shared = sum(min(w, b[key]) for key, w in a.items() if key in b)
    union = sum(a.values()) + sum(b.values()) - shared  # max(x, y) = x + y - min(x, y)
    return shared / union if union else 1.0
