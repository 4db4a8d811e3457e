"""A person against the roles: which roles their skills fit, what a text (a job ad, a CV, a course
outline) mentions, and the way from one role to another.

Words a person types match items by any of the item's names (its name, its aliases, the file's
synonyms), compared as text.py normalises words: "machine-learning", "Machine Learning" and
"machine learning" are one; "ML" is the same only where the file says so.

**The fit score.** How well a person with the items K fits a role with the items I:
- coverage R = Σ importance of I's items in K / Σ importance of all of I: how much of the role they have;
- use P = |K ∩ I| / |K|: how much of what they named the role uses;
- R is shrunk toward the mean coverage C over every role of the file, by how short the role's list
  is: R' = (n·R + m·C) / (n + m), n the role's items, m the median number of items a role of the
  file has. A role of one item that happens to be yours has R = 1 but R' close to C: one item is
  little evidence. A role as long as most keeps about its own R.
- the score is the harmonic mean (F-measure) of P and R': 2·P·R' / (P + R'), high only when the
  role uses what you have and you have much of what it asks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple, overload

from roles_cli import index
from roles_cli.errors import MissingArgumentError, UsageError
from roles_cli.model import Item, Role, RoleSet, item_key
from roles_cli.text import Found, PhraseFinder, tokens

MAX_SKILLS = 10_000
"""fit's skills, at most: a person's skills are tens; each costs a look-up, an unknown one more."""
MAX_SUGGESTED = 20
"""Unknown skills that get suggestions (the closest items of the file): the first this many."""
MUST_HAVE = 4
"""Items of this importance or more are a role's must-haves."""
CASE_SENSITIVE_UP_TO = 2
"""A name of one word this short ("R", "C", "Go") is found in a text only as the file writes it:
an "r" or a "go" in a sentence is not the language."""


class Lexicon:
    """Every name of every item of some dimensions -> the item's key, and each key's name."""

    def __init__(self, roles: RoleSet, dimensions: Sequence[str]) -> None:
        self.names: dict[str, str] = {}
        """Key -> the item's name, as the first role that has it spells it."""
        self.phrases: dict[tuple[str, ...], str] = {}
        """A name's words -> the item's key."""
        self.written: dict[str, str] = {}
        """Each name as written -> the key (for the short names found by case)."""
        for role in roles:
            for item in index.items_of(role, dimensions):
                self.names.setdefault(item.key, item.name)
                for name in (item.name, *item.aliases):
                    self._add(name, item.key)
        pending = dict(roles.synonyms)
        while pending:  # a file's synonyms may name an item by another synonym: follow the chain
            done = [name for name in pending if self.key(name) is not None]
            if not done:
                break
            for name in done:
                key = self.key(name)
                assert key is not None
                for alias in pending.pop(name):
                    self._add(alias, key)

    def _add(self, name: str, key: str) -> None:
        self.phrases.setdefault(_phrase_key(name), key)
        self.written.setdefault(name.strip(), key)

    def key(self, name: str) -> str | None:
        """The key of the item `name` names, or None: an item spelled exactly so first, then any
        name with the same words ("machine-learning" for "Machine learning")."""
        exact = item_key(name)
        return exact if exact in self.names else self.phrases.get(_phrase_key(name))

    def finder(self) -> PhraseFinder:
        return PhraseFinder((words, key) for words, key in self.phrases.items() if words[0][:1] != "\0")

    def find(self, text: str) -> list[Found]:
        """Every mention of an item in `text`, in order, on word boundaries."""
        found = []
        for mention in self.finder().find(text):
            words = tokens(mention.text)
            if len(words) == 1 and len(mention.text) <= CASE_SENSITIVE_UP_TO:
                if self.written.get(mention.text) != mention.value:
                    continue  # "r" in a sentence, where the file has the language "R"
            found.append(mention)
        return found


def _phrase_key(name: str) -> tuple[str, ...]:
    """A name's words; for a name without any (":", "--"), the name itself, marked."""
    return tuple(tokens(name)) or ("\0" + item_key(name),)


def lexicon(roles: RoleSet, dimensions: Sequence[str]) -> Lexicon:
    return roles.derived(("lexicon", tuple(dimensions)), lambda: Lexicon(roles, dimensions))


def phrases(roles: RoleSet, dimensions: Sequence[str]) -> Mapping[str, str]:
    """A name's words (as _phrase_key gives them, joined by spaces) -> the key of the item it names:
    the Lexicon's phrases, as an index of their own (read only through `.get`, see index.py)."""
    return roles.derived(
        ("phrases", index.scope(dimensions)),
        lambda: {" ".join(words): key for words, key in lexicon(roles, dimensions).phrases.items()},
    )


def item_names(roles: RoleSet, dimensions: Sequence[str]) -> Mapping[str, str]:
    """Every item key of `dimensions` -> the item's name (the Lexicon's names), as an index of its
    own; read whole, and only to suggest names for a skill the file does not know."""
    return roles.derived(("item names", index.scope(dimensions)), lambda: lexicon(roles, dimensions).names)


def _key(name: str, roles: RoleSet, dimensions: Sequence[str]) -> str | None:
    """Lexicon.key, from the indexes: the key of an item spelled exactly so, else of any name with
    the same words (the phrases are looked at only then)."""
    exact = item_key(name)
    if index.items(roles, dimensions).get(exact) is not None:
        return exact
    return phrases(roles, dimensions).get(" ".join(_phrase_key(name)))


# -- fit --------------------------------------------------------------------------------------------


class RoleFit(NamedTuple):
    role: Role
    score: float
    """The F-measure of `uses` and the shrunk coverage (see the module's notes): 0 to 1."""
    matched: tuple[Item, ...]
    missing: tuple[Item, ...]
    """What the person would have to learn: most important first."""
    coverage: float = 0.0
    """Σ importance of the role's items the person has / Σ importance of all its items."""
    uses: float = 0.0
    """The share of the person's items (those the file knows) that the role has."""

    @property
    def must_have(self) -> tuple[Item, ...]:
        """The missing items of importance MUST_HAVE or more."""
        return tuple(item for item in self.missing if item.importance >= MUST_HAVE)

    @property
    def nice_to_have(self) -> tuple[Item, ...]:
        return tuple(item for item in self.missing if item.importance < MUST_HAVE)


class UnknownItem(NamedTuple):
    """A given skill that no role has, with the closest items of the file."""

    name: str
    suggestions: tuple[str, ...]


class Fit(NamedTuple):
    dimensions: tuple[str, ...]
    """The dimensions the person's items were matched against, as the file spells them."""
    ranking: Sequence[RoleFit]
    """Every role (or those asked for), best fit first (ties in file order): a Ranking, whose
    entries are made (each reading its role) when first asked for."""
    unknown: tuple[UnknownItem, ...]
    found: tuple[Found, ...] = ()
    """With a text: every mention of an item in it, in order: the item's name (`value`), the text
    as written there, and where (character offsets)."""

    @property
    def dimension(self) -> str:
        """The dimensions as one phrase: "skills", "skills and technology"."""
        return phrase(self.dimensions, "and")


def fit(
    roles: RoleSet,
    skills: Sequence[str],
    *,
    dimension: str = "skills",
    dimensions: Sequence[str] | None = None,
    among: Sequence[str | Role] | None = None,
) -> Fit:
    """Rank the roles by how well `skills` fit them (see the module's notes for the score).

    The role's items are those of `dimensions` (any case) taken together, or of `dimension` alone
    when `dimensions` is not given; an item in two of them counts once, with its highest importance.
    A skill matches an item by any of its names. A skill the file does not know is reported in
    `unknown` with suggestions; it changes no score. `among` limits the ranking to those roles (the
    score's prior still comes from the whole file).
    """
    chosen = roles.pick_dimensions(dimensions) if dimensions else (roles.resolve_dimension(dimension),)
    named = [skill for skill in dict.fromkeys(skills) if skill.strip()]
    if not named:
        raise MissingArgumentError("no skills given", argument="skills")
    if len(named) > MAX_SKILLS:
        raise UsageError(f"fit takes at most {MAX_SKILLS:,} skills, got {len(named):,}", argument="skills")
    keys = [_key(skill, roles, chosen) for skill in named]
    have = list(dict.fromkeys(key for key in keys if key is not None))
    strangers = [skill for skill, key in zip(named, keys, strict=True) if key is None]
    known = item_names(roles, chosen) if strangers else {}  # every name: only suggestions need them
    unknown = tuple(
        UnknownItem(skill, tuple(_closest(item_key(skill), known)) if number < MAX_SUGGESTED else ())
        for number, skill in enumerate(strangers)
    )
    return Fit(chosen, _ranking(roles, chosen, have, among), unknown)


def fit_text(
    roles: RoleSet,
    text: str,
    *,
    dimensions: Sequence[str] = ("skills",),
    among: Sequence[str | Role] | None = None,
) -> Fit:
    """Rank the roles by the items `text` mentions (a job ad, a CV, a course outline): every item's
    name, alias or synonym, found on word boundaries whatever its case (but for names of one or two
    letters, found only as written), as `fit` would rank them had they been typed."""
    chosen = roles.pick_dimensions(dimensions)
    words = lexicon(roles, chosen)
    found = words.find(text)
    ranking = _ranking(roles, chosen, list(dict.fromkeys(mention.value for mention in found)), among)
    named = tuple(mention._replace(value=words.names[mention.value]) for mention in found)
    return Fit(chosen, ranking, (), named)


def _ranking(
    roles: RoleSet, dimensions: Sequence[str], have: Sequence[str], among: Sequence[str | Role] | None
) -> Ranking:
    """The roles ranked by the fit of the items `have` (keys, each once), from the indexes of items:
    only the roles that have one of them are scored; any other scores 0."""
    found = index.items(roles, dimensions)
    totals = index.totals(roles, dimensions)
    covered: dict[int, float] = {}
    matches: dict[int, int] = {}
    for key in have:
        entry = found.get(key)
        if entry is not None:
            for number, importance in zip(*entry, strict=True):
                covered[number] = covered.get(number, 0.0) + importance
                matches[number] = matches.get(number, 0) + 1
    counts = index.counts(roles, dimensions)
    # Summed in the order of `have`, not of the role's items: a role whose every item is had covers
    # exactly 1, and no sum in another order makes any role cover more.
    coverage = {
        n: (1.0 if matches[n] == counts[n] else min(1.0, covered[n] / totals[n])) if totals[n] else 0.0
        for n in sorted(covered)
    }
    mean = sum(coverage.values()) / len(roles)  # in file order, as over every role: the rest are 0
    typical = _median(list(counts))
    scores: dict[int, tuple[float, float, float]] = {}
    for number, part in coverage.items():
        length = counts[number]
        uses = matches[number] / len(have)
        shrunk = (length * part + typical * mean) / (length + typical) if length else 0.0
        scores[number] = (2 * uses * shrunk / (uses + shrunk) if uses + shrunk else 0.0, part, uses)
    wanted = sorted({index.number_of(roles, role) for role in roles.pick(among)}) if among else None
    scored = [n for n, (score, _, _) in scores.items() if score > 0 and (wanted is None or n in wanted)]
    scored.sort(key=lambda n: -scores[n][0])  # stable: ties keep file order
    return Ranking(roles, dimensions, have, scored, scores, wanted)


class Ranking(Sequence[RoleFit]):
    """Roles ranked by fit, best first, ties in file order: those that score above 0 (`scored`,
    ranked), then the others (`wanted`, or every role) in file order. A role's RoleFit is made,
    reading the role, when it is first asked for: showing the first ten reads ten roles."""

    def __init__(
        self,
        roles: RoleSet,
        dimensions: Sequence[str],
        have: Iterable[str],
        scored: list[int],
        scores: Mapping[int, tuple[float, float, float]],
        wanted: Sequence[int] | None,
    ) -> None:
        self._roles, self._dimensions, self._have = roles, tuple(dimensions), frozenset(have)
        self._scored, self._scores, self._wanted = scored, scores, wanted
        self._rest: list[int] | None = None
        self._made: dict[int, RoleFit] = {}

    def __len__(self) -> int:
        return len(self._roles) if self._wanted is None else len(self._wanted)

    @overload
    def __getitem__(self, at: int) -> RoleFit: ...

    @overload
    def __getitem__(self, at: slice) -> tuple[RoleFit, ...]: ...

    def __getitem__(self, at: int | slice) -> RoleFit | tuple[RoleFit, ...]:
        if isinstance(at, slice):
            return tuple(self._fits(range(len(self))[at]))
        return self._fits([range(len(self))[at]])[0]

    def __iter__(self) -> Iterator[RoleFit]:
        return iter(self._fits(range(len(self))))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Ranking, tuple)):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Ranking({tuple(self)!r})"

    def _fits(self, places: Sequence[int]) -> list[RoleFit]:
        """The RoleFits at these places, the roles not yet read read together."""
        numbers = [self._number(place) for place in places]
        unread = list(dict.fromkeys(n for n in numbers if n not in self._made))
        for number, role in zip(unread, index.fetch(self._roles, unread), strict=True):
            self._made[number] = self._fit(number, role)
        return [self._made[number] for number in numbers]

    def _number(self, place: int) -> int:
        if place < len(self._scored):
            return self._scored[place]
        if self._rest is None:
            ahead = set(self._scored)
            every = range(len(self._roles)) if self._wanted is None else self._wanted
            self._rest = [n for n in every if n not in ahead]
        return self._rest[place - len(self._scored)]

    def _fit(self, number: int, role: Role) -> RoleFit:
        items = index.items_of(role, self._dimensions)
        have = self._have
        matched = tuple(item for item in items if item.key in have)
        missing = tuple(sorted((item for item in items if item.key not in have), key=lambda i: -i.importance))
        score, coverage, uses = self._scores.get(number, (0.0, 0.0, 0.0))
        return RoleFit(role, score, matched, missing, coverage, uses)


def _median(values: list[int]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _coverage(items: Sequence[Item], have: set[str]) -> float:
    total = sum(item.importance for item in items)
    return sum(item.importance for item in items if item.key in have) / total if total else 0.0


def phrase(words: Sequence[str], joiner: str) -> str:
    """ "a", "a and b", "a, b and c"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {joiner} {words[-1]}"


def _closest(key: str, known: Mapping[str, str]) -> list[str]:
    """Up to three names of `known` (key -> name) that `key` most likely meant: a misspelling of
    one ("pytorh"), or the word inside longer names ("excel" in "microsoft excel", shortest first)."""
    import difflib  # deferred: only an unknown skill needs it

    word = re.compile(rf"(?<!\w){re.escape(key)}(?!\w)")
    containing = sorted((k for k in known if word.search(k)), key=len)[:3]
    close = containing or difflib.get_close_matches(key, list(known), n=3, cutoff=0.75)
    return [known[k] for k in close]


# -- gap: from one role to another -------------------------------------------------------------------


class DimensionGap(NamedTuple):
    dimension: str
    transfers: tuple[Item, ...]
    """What the target role asks that the starting role already has (the target's items)."""
    to_learn: tuple[Item, ...]
    """What the target asks that the start lacks: must-haves first, then by importance."""
    left_behind: tuple[Item, ...]
    """What the start does that the target does not."""
    coverage: float
    """Σ importance of `transfers` / Σ importance of all the target's items."""

    @property
    def must_have(self) -> tuple[Item, ...]:
        return tuple(item for item in self.to_learn if item.importance >= MUST_HAVE)


class Gap(NamedTuple):
    start: Role
    target: Role
    dimensions: tuple[DimensionGap, ...]


def gap(
    roles: RoleSet, start: str | Role, target: str | Role, dimensions: Sequence[str] | None = None
) -> Gap:
    """The way from `start` to `target`: per dimension, what carries over, what to learn (the most
    important first) and what is left behind. Items match by key, so synonyms count."""
    a, b = roles.pick([start, target])
    parts = []
    for dimension in roles.pick_dimensions(dimensions):
        have = {item.key for item in a.items(dimension)}
        wanted = b.items(dimension)
        wanted_keys = {item.key for item in wanted}
        transfers = tuple(item for item in wanted if item.key in have)
        to_learn = tuple(
            sorted((item for item in wanted if item.key not in have), key=lambda i: -i.importance)
        )
        left = tuple(item for item in a.items(dimension) if item.key not in wanted_keys)
        parts.append(DimensionGap(dimension, transfers, to_learn, left, _coverage(wanted, have)))
    return Gap(a, b, tuple(parts))
