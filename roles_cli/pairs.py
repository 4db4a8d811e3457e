"""The most alike pairs of roles in one dimension, without scoring every pair of a large file.

A pair is ranked by its similarity shrunk by its support: similarity × s / (s + SUPPORT), s the items
the two share, so that two roles that each list one item, the same one, do not top the list (they
score 1 × 1/3) above roles that agree on many (0.7 × 10/12). Ties go in file order.

Up to ALL_PAIRS_UP_TO pairs, every pair is scored. Beyond, only pairs that share an item are ranked,
and with a `top`, most of them are never scored. The search keeps the best `top` pairs found so far;
a similarity is at most 1, so a pair can only join them if s / (s + SUPPORT) reaches the worst of
their ranks, which asks for at least `need` shared items. Two sets that share `need` items share
one among the |A| - need + 1 rarest items of each (the prefix filter of similarity joins: Chaudhuri,
Ganti and Kaushik, ICDE 2006), so each role is looked up, and indexed, by its rarest items only.
A first guess at the best pairs (each role with another holder of its rarest item) sets the bar
before the search starts, and it rises as better pairs turn up. A role whose best conceivable pair
(every item shared, similarity 1, with the first role that could be its partner) would not beat the
worst pair kept is skipped without looking at any partner: where many pairs tie, as in a file whose
roles all share one item and nothing else, the first pairs in file order win and the rest cost
nothing.

Where roles share many items (a few are everywhere, and each role's rarest are still common), the
rarest items leave too many partners to score. Once the search has looked at WEIGHED_AFTER pairs, a
second index takes over wherever it is cheaper: the weights of the features (see _Weighed). A pair
is kept only with a similarity of at least (its rank needed) × (n + SUPPORT) / n, n the fewer items
of the two, and the features that most roles have add little to a TF-IDF cosine: each role is
indexed by its rarest features, a partner met only through those, and weighed exactly before it is
scored. On 10,000 generated roles of 15 skills each, this finds the 10 best pairs looking at 1.2
million index entries where the rarest items alone would leave 14 million pairs to score.

The answer is exactly the one scoring every pair would give; only the work differs. It is bounded
all the same: at most MAX_PAIRS pairs are listed, more than MAX_SEARCHED roles are refused at once,
and so is a file whose roles share items so widely that more than MAX_PAIR_WORK candidate pairs (or
index entries) would have to be looked at: a message (a UsageError: compare fewer roles) rather
than keep a user waiting.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from typing import NamedTuple

from roles_cli.errors import UsageError
from roles_cli.measures import Jaccard, Measure, TfIdf
from roles_cli.model import Role

ALL_PAIRS_UP_TO = 10_000
"""Up to this many pairs, every pair is listed; beyond, only pairs that share an item."""
MAX_PAIRS = 10_000
"""The most pairs listed, whatever `top` asks for: the best ones."""
MAX_SEARCHED = 20_000
"""The most roles whose most similar pairs are searched for (200 million pairs): beyond, the work
the search cannot avoid (each role's features weighed and indexed) is already too much."""
MAX_PAIR_WORK = 3_000_000
"""Candidate pairs (or index entries) looked at, at most, before the search gives up: about ten
seconds' work, and a few hundred megabytes."""
WEIGHED_AFTER = 20_000
"""The pairs looked at after which the second index is built (a pass over every role's features)."""
SUPPORT = 2
"""Pairs are ranked by similarity × s / (s + SUPPORT), s the items they share."""
_SLACK = 1e-9
"""Bounds are sums of floats added in another order than the score: prune only clearly below."""


class Pair(NamedTuple):
    a: str
    b: str
    similarity: float
    shared: int = 0
    """How many items the two roles have in common."""


_Entry = tuple[float, float, int, int, int]
"""A scored pair: (-rank, -similarity, i, j, items shared) with i < j; the smallest is the best."""


def most_similar_pairs(roles: Sequence[Role], scale: Measure, *, top: int | None = None) -> list[Pair]:
    """Pairs of roles, the most alike first; the first `top`, or all; never more than MAX_PAIRS
    (see the module's notes). UsageError when finding them would take too long."""
    if top == 0:
        return []
    top = MAX_PAIRS if top is None else min(top, MAX_PAIRS)
    check_searchable(len(roles))
    every = len(roles) * (len(roles) - 1) // 2 <= ALL_PAIRS_UP_TO
    if every or top is None:
        entries = _scored(roles, scale, top, every)
    else:
        entries = _Best(top).pruned(roles, scale)
    return [Pair(roles[i].id, roles[j].id, -value, support) for _, value, i, j, support in entries]


def check_searchable(count: int) -> None:
    """UsageError if `count` roles are more than the search for their most similar pairs takes."""
    if count > MAX_SEARCHED:
        raise UsageError(
            f"the {count:,} roles make {count * (count - 1) // 2:,} pairs, too many to search for the"
            f" most similar in reasonable time; compare at most {MAX_SEARCHED:,} roles",
            argument="roles",
        )


def _entry(scale: Measure, roles: Sequence[Role], i: int, j: int, support: int) -> _Entry:
    value = min(1.0, scale.similarity(roles[i], roles[j]))  # at most 1 for the bounds, also in floats
    return (-value * support / (support + SUPPORT), -value, i, j, support)


def _scored(roles: Sequence[Role], scale: Measure, top: int | None, every: bool) -> list[_Entry]:
    """Every pair (`every`), or every pair that shares an item, scored; the best `top` kept."""
    postings: dict[str, list[int]] = {}
    for index, role in enumerate(roles):
        for item in role.items(scale.dimension):
            postings.setdefault(item.key, []).append(index)
    # One role at a time, with the roles after it: memory grows with the roles and `top`, never with
    # the number of pairs (unless every pair is asked for).
    best = _Best(top) if top is not None else None
    every_pair: list[_Entry] = []
    for i, role in enumerate(roles):
        shared: dict[int, int] = {}
        for item in role.items(scale.dimension):
            for j in postings[item.key]:
                if j > i:
                    shared[j] = shared.get(j, 0) + 1
        for j in range(i + 1, len(roles)) if every else sorted(shared):
            entry = _entry(scale, roles, i, j, shared.get(j, 0))
            if best is None:
                every_pair.append(entry)
            else:
                best.offer(entry)
    return sorted(every_pair) if best is None else best.ranked()


class _Best:
    """The best `top` entries so far, in a heap with the worst of them on top."""

    def __init__(self, top: int) -> None:
        self.top = top
        self.heap: list[_Reversed] = []
        self.kept: set[tuple[int, int]] = set()

    def threshold(self) -> float:
        """The rank a pair must reach to be kept (0 until `top` pairs are)."""
        return -self.heap[0].entry[0] if len(self.heap) == self.top else 0.0

    def offer(self, entry: _Entry) -> bool:
        """Keep `entry` if it is among the best so far; whether it was."""
        pair = entry[2], entry[3]
        if pair in self.kept:
            return False
        if len(self.heap) < self.top:
            heapq.heappush(self.heap, _Reversed(entry))
        elif entry < self.heap[0].entry:
            dropped = heapq.heapreplace(self.heap, _Reversed(entry)).entry
            self.kept.discard((dropped[2], dropped[3]))
        else:
            return False
        self.kept.add(pair)
        return True

    def ranked(self) -> list[_Entry]:
        return sorted(kept.entry for kept in self.heap)

    def pruned(self, roles: Sequence[Role], scale: Measure) -> list[_Entry]:
        """The best pairs that share an item, most never scored (see the module's notes)."""
        keys = [frozenset(item.key for item in role.items(scale.dimension)) for role in roles]
        frequency: dict[str, int] = {}
        for found in keys:
            for key in found:
                frequency[key] = frequency.get(key, 0) + 1
        self._seed(roles, scale, keys, frequency)
        weighed: _Weighed | None = None  # built when the first index alone proves slow
        by_items: dict[str, list[int]] = {}
        need = self.support_needed()
        work = 0
        for j, found in enumerate(keys):
            items = len(found)
            tie = self.tie(items)
            prefix = sorted(found, key=lambda key: (frequency[key], key))[: max(0, items - need + 1)]
            postings = [by_items[key] for key in prefix if key in by_items]
            if tie is not None:  # only partners up to the worst pair's first role can still win
                postings = [posting[: bisect_right(posting, tie)] for posting in postings]
            through_items = sum(map(len, postings))
            if weighed is None and work + through_items > WEIGHED_AFTER:
                weighed = _Weighed(roles, scale, keys)
                for i in range(j):
                    weighed.add(i, self.similarity_needed(len(keys[i])))
            weighed_postings = (
                [] if weighed is None else weighed.postings(j, tie, self.similarity_needed(items))
            )
            through_weights = sum(map(len, weighed_postings))
            by_weight = weighed is not None and through_weights < through_items
            work += through_weights if by_weight else through_items
            if work > MAX_PAIR_WORK:
                raise UsageError(
                    f"the {len(roles):,} roles share items in {scale.dimension} too widely to find their"
                    f" most similar pairs in reasonable time (more than {MAX_PAIR_WORK:,} pairs to"
                    " compare); compare fewer roles",
                    argument="roles",
                )
            if weighed is not None and by_weight:
                candidates = weighed.candidates(j, weighed_postings, items, self.similarity_needed)
            else:
                candidates = sorted({i for posting in postings for i in posting})
            for i in candidates:
                if tie is not None and self.beyond_reach(j, items, i):
                    break  # and so is every later partner, further behind in the tie
                support = len(keys[i] & found)
                if support >= need and self.offer(_entry(scale, roles, i, j, support)):
                    need = self.support_needed()
            for key in prefix:
                by_items.setdefault(key, []).append(j)
            if weighed is not None:
                weighed.add(j, self.similarity_needed(items))
        return self.ranked()

    def similarity_needed(self, items: int) -> float:
        """The least similarity with which a pair of roles, one of them with `items` items, can still
        be kept: its rank is at most similarity × s / (s + SUPPORT), s at most `items`."""
        if not items:
            return math.inf
        return (self.threshold() - _SLACK) * (items + SUPPORT) / items - _SLACK

    def tie(self, items: int) -> int | None:
        """With the worst pair kept at the best rank and similarity a role of `items` items can
        reach, ties go in file order: the index of that pair's first role, beyond which no partner
        can win; -1 if the role cannot reach that rank at all; None if its pairs may rank higher."""
        if len(self.heap) < self.top:
            return None
        worst = self.heap[0].entry
        best = -items / (items + SUPPORT)
        if best > worst[0]:
            return -1
        return worst[2] if best == worst[0] and worst[1] == -1.0 else None

    def beyond_reach(self, j: int, items: int, first: int) -> bool:
        """Whether no pair of role `j` (with `items` items) and a role from `first` on can beat the
        worst pair kept: even sharing every item, with a similarity of 1, and the earliest partner
        (ties go in file order)."""
        if len(self.heap) < self.top:
            return False
        best = items / (items + SUPPORT)
        return (-best, -1.0, first, j) >= self.heap[0].entry[:4]

    def support_needed(self) -> int:
        """The fewest shared items with which a pair can still be kept: its rank is at most
        s / (s + SUPPORT), its similarity being at most 1."""
        t = self.threshold() - _SLACK
        if t <= 0:
            return 1
        if t >= 1:
            return 1 << 62
        return max(1, math.ceil(SUPPORT * t / (1 - t) - _SLACK))

    def _seed(
        self, roles: Sequence[Role], scale: Measure, keys: list[frozenset[str]], frequency: dict[str, int]
    ) -> None:
        """A first `top` from a cheap guess, so that pruning starts at once: each role with the next
        role (in file order) that holds its rarest shared item. Roles sharing a rare item are alike
        more often than not."""
        holders: dict[str, list[int]] = {}
        for index, found in enumerate(keys):
            for key in found:
                holders.setdefault(key, []).append(index)
        for i, found in enumerate(keys):
            shared = [key for key in found if frequency[key] > 1]
            if shared:
                owners = holders[min(shared, key=lambda key: (frequency[key], key))]  # in file order
                j = owners[(bisect_left(owners, i) + 1) % len(owners)]
                a, b = min(i, j), max(i, j)
                self.offer(_entry(scale, roles, a, b, len(keys[a] & keys[b])))


def _shares(scale: Measure, role: Role) -> dict[str, float]:
    """A role's features, each with its largest possible part of a similarity: for TF-IDF its weight
    in the role's vector of length 1 (a cosine adds up their products), for Jaccard its share of the
    role's importance (what the two share is at most that share of the larger of them)."""
    if isinstance(scale, TfIdf):
        vector, length = scale.vector(role)
        return {feature: weight / length for feature, weight in vector.items()} if length else {}
    assert isinstance(scale, Jaccard), scale
    weights = scale.weights(role)
    total = sum(weights.values())
    return {feature: weight / total for feature, weight in weights.items()} if total else {}


class _Weighed:
    """The second index of the search, by the weights of the roles' features (All-Pairs: Bayardo, Ma
    and Srikant, WWW 2007), for files where many roles share many items.

    Features go in one order for every role, the most widely held first. A role is indexed by its
    rarest features only: those left out, the most widely held, could not on their own make a pair
    alike enough. So two roles alike enough share an indexed feature of the earlier one, and the
    later one finds it through its own features, gone through from the rarest: once the features it
    has not gone through could not make a pair alike enough (the earlier role's indexed features being
    rarer than its other ones), it looks no further. A role met is then weighed exactly, at the cost
    of looking up its features, and scored only if alike enough."""

    def __init__(self, roles: Sequence[Role], scale: Measure, keys: list[frozenset[str]]) -> None:
        self.cosine = isinstance(scale, TfIdf)
        self.items = [len(found) for found in keys]
        self.shares = [_shares(scale, role) for role in roles]
        frequency: dict[str, int] = {}
        self.ceiling: dict[str, float] = {}
        """A feature's largest part in any role: what it can add to a pair, at most."""
        for weights in self.shares:
            for feature, weight in weights.items():
                frequency[feature] = frequency.get(feature, 0) + 1
                if weight > self.ceiling.get(feature, 0.0):
                    self.ceiling[feature] = weight
        self.ordered = [sorted(weights, key=lambda f: (-frequency[f], f)) for weights in self.shares]
        """Each role's features, the most widely held first (ties by name)."""
        self.index: dict[str, list[int]] = {}

    def bounds(self, j: int) -> list[float]:
        """For each position k of role `j`'s features in `ordered`, the most its features up to k can
        add to its similarity with any role."""
        bounds: list[float] = []
        squares = linear = 0.0
        weights, ceiling = self.shares[j], self.ceiling
        for feature in self.ordered[j]:
            weight = weights[feature]
            if self.cosine:
                squares += weight * weight
                linear += weight * ceiling[feature]
                bounds.append(min(math.sqrt(squares), linear))
            else:
                linear += weight
                bounds.append(linear)
        return bounds

    def postings(self, j: int, tie: int | None, least: float) -> list[list[int]]:
        """The index entries role `j` goes through to meet the roles that may be alike enough to it
        (`least`: the least similarity any pair of it can be kept with)."""
        index, ordered = self.index, self.ordered[j]
        found = []
        for k, bound in reversed(list(enumerate(self.bounds(j)))):
            if bound < least:
                break
            posting = index.get(ordered[k])
            if posting:
                found.append(posting if tie is None else posting[: bisect_right(posting, tie)])
        return found

    def candidates(
        self, j: int, postings: list[list[int]], items: int, needed: Callable[[int], float]
    ) -> list[int]:
        """The roles met through `postings` that are alike enough to role `j` (`needed`: the similarity
        needed by a pair whose fewer items are so many), in file order."""
        weights, shares, counts = self.shares[j], self.shares, self.items
        least = needed(items)
        kept = []
        for i in sorted({i for posting in postings for i in posting}):
            small, large = (shares[i], weights) if len(shares[i]) < len(weights) else (weights, shares[i])
            if self.cosine:
                share = sum(w * large[f] for f, w in small.items() if f in large)
            else:  # at least the Jaccard index: what they share over the larger
                share = sum(min(w, large[f]) for f, w in small.items() if f in large)
            if share >= least and (counts[i] >= items or share >= needed(counts[i])):
                kept.append(i)
        return kept

    def add(self, j: int, enough: float) -> None:
        """Index role `j` by its rarest features, leaving out the most widely held while all they could
        add to a pair stays below `enough`."""
        ordered = self.ordered[j]
        start = next((k for k, bound in enumerate(self.bounds(j)) if bound >= enough), len(ordered))
        for feature in ordered[start:]:
            self.index.setdefault(feature, []).append(j)


class _Reversed:
    """A heap entry ordered backwards, so that a min-heap keeps the `top` smallest (best) entries
    with the worst of them on top, ready to be replaced."""

    __slots__ = ("entry",)

    def __init__(self, entry: _Entry) -> None:
        self.entry = entry

    def __lt__(self, other: _Reversed) -> bool:
        return self.entry > other.entry
