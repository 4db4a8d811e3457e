"""Typed objects for a roles file: items, roles and the set of roles they form."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from types import MappingProxyType
from typing import Any, NamedTuple, Protocol, TypeVar, cast

from roles_cli.errors import UnknownDimensionError, UnknownRoleError, UsageError
from roles_cli.text import content_words

DEFAULT_DIMENSIONS: tuple[str, ...] = ("focus", "skills", "tasks", "goal")
DEFAULT_IMPORTANCE = 3.0
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
ALIAS_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]*\Z")
"""A role's alias is typed on a command line and offered by shell completion, so it is made of
what needs no quoting in any shell: the id's characters, either case, and '.' (O*NET's 15-2051.00)."""
_T = TypeVar("_T")


def item_key(name: str) -> str:
    """The identity of an item: its name case-folded, with runs of white space collapsed.

    "Machine  learning" and "machine learning" are the same item; so are "Café" typed with one
    character for the "é" and with two (NFC normalisation).
    """
    folded = name.casefold()
    if not folded.isascii():
        folded = unicodedata.normalize("NFC", folded)
    return " ".join(folded.split())


def name_key(name: str) -> str:
    """How a role is looked up by an id, alias or name: any case, and spaces and hyphens alike, so
    that "ml engineer", "ML-Engineer" and "ml-engineer" name the same role."""
    return item_key(name.replace("-", " "))


class _ItemFields(NamedTuple):
    name: str
    importance: float
    key: str
    aliases: tuple[str, ...]
    words: str


class Item(_ItemFields):
    """One entry of a dimension: a skill, a task, a goal, ...

    `key` is the item's identity (see item_key), computed once when the item is made; items that
    are synonyms share one (see synonyms.py). `aliases` are its other names. `words` are the words of
    its name that carry meaning, normalised and joined by spaces (see text.py), computed once and
    kept in the cache, for comparing items by their words. A named tuple
    rather than a dataclass: a large file has tens of thousands of items, and a tuple is several
    times cheaper to create.
    """

    __slots__ = ()

    def __new__(
        cls,
        name: str,
        importance: float = DEFAULT_IMPORTANCE,
        key: str | None = None,
        aliases: tuple[str, ...] = (),
        words: str | None = None,
    ) -> Item:
        if key is None:
            key = item_key(name)
            if key == name:  # one string, not two equal ones: a large file has many such items
                key = name
        if words is None:
            words = " ".join(content_words(name))
            if words == key:
                words = key
        return super().__new__(cls, name, importance, key, aliases, words)

    @classmethod
    def _make(cls, fields: Iterable[Any]) -> Item:  # type: ignore[override]  # narrower on purpose
        return cls(*fields)  # through __new__, so that a key left out is computed

    def _replace(self, **changes: Any) -> Item:
        if "name" in changes:  # a new name: a new key and new words, unless given
            changes.setdefault("key", None)
            changes.setdefault("words", None)
        return Item(**{**self._asdict(), **changes})


class Source(NamedTuple):
    title: str
    url: str | None = None


class Dimensions(Mapping[str, tuple[Item, ...]]):
    """A role's items by dimension, in the file's order: read-only and hashable, like the role."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, tuple[Item, ...]] | Iterable[tuple[str, tuple[Item, ...]]] = ()):
        self._items = dict(items)

    def __getitem__(self, dimension: str) -> tuple[Item, ...]:
        return self._items[dimension]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Dimensions):
            return self._items == other._items
        return isinstance(other, Mapping) and self._items == dict(other.items())

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __repr__(self) -> str:
        return f"Dimensions({self._items!r})"


class Role(NamedTuple):
    """A role and its items. Immutable all the way down, and so hashable."""

    id: str
    name: str
    summary: str
    dimensions: Dimensions
    aliases: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    line: int | None = None
    """1-based line of the role in its file, when it came from one."""

    def items(self, dimension: str) -> tuple[Item, ...]:
        return self.dimensions.get(dimension, ())

    def weights(self, dimension: str) -> dict[str, float]:
        """Item key -> importance, for one dimension."""
        return {item.key: item.importance for item in self.items(dimension)}


class Head(NamedTuple):
    """What naming and listing a role need, without its items."""

    id: str
    name: str
    aliases: tuple[str, ...]
    summary: str


class Texts:
    """The names of one dimension's items, each once, in one text (a newline between them), and the
    roles (by number) that have each: name i's are holders[firsts[i]:firsts[i + 1]]. A whole file is
    searched in one scan of the text."""

    __slots__ = ("count", "firsts", "holders", "text")

    def __init__(self, text: str, firsts: Sequence[int], holders: Sequence[int], count: int) -> None:
        self.text, self.firsts, self.holders, self.count = text, firsts, holders, count

    def holding(self, term: str) -> set[int]:
        """The numbers of the roles with an item whose name contains `term` (without a newline: a
        match cannot then run from one name into the next), ignoring case as search does.
        ValueError for holders that are not the numbers of roles."""
        found: set[int] = set()
        for line in self._lines(term):
            if not 0 <= line < len(self.firsts) - 1:
                raise ValueError("more names than holders")
            start, end = self.firsts[line], self.firsts[line + 1]
            if not 0 <= start <= end <= len(self.holders):
                raise ValueError("holders out of place")
            numbers = self.holders[start:end]
            if numbers and not (min(numbers) >= 0 and max(numbers) < self.count):
                raise ValueError("not the numbers of roles")
            found.update(numbers)
        return found

    def _lines(self, term: str) -> Iterator[int]:
        """The numbers of the names that contain `term`, ignoring case, each once, in order. Where
        term and text are ASCII, ignoring case is lowering both (which keeps every offset), and a
        plain substring search finds them; elsewhere the expression search uses."""
        text = self.text
        find: Callable[[int], int]
        if term.isascii() and text.isascii():
            text, term = text.lower(), term.lower()
            find = partial(text.find, term)
        else:
            pattern = re.compile(re.escape(term), re.IGNORECASE)

            def find(start: int) -> int:
                match = pattern.search(text, start)
                return -1 if match is None else match.start()

        line = counted = 0
        at = find(0)
        while at >= 0:
            line += text.count("\n", counted, at)
            yield line
            end = text.find("\n", at)  # on to the next name: each is given once
            if end < 0:
                return
            line, counted = line + 1, end + 1
            at = find(counted)


class RoleStore(Protocol):
    """Where the roles of a RoleSet come from when they are read one at a time (the cache)."""

    def count(self) -> int: ...

    def heads(self) -> Sequence[Head]: ...

    def role(self, index: int) -> Role: ...

    def roles(self) -> Sequence[Role]:
        """Every role, in file order (read at once: cheaper than one at a time)."""

    def find(self, key: str) -> int | None:
        """The number of the role named by `key` (see name_key and RoleSet.name_index), or None."""

    def stored(self, key: Hashable) -> Any | None:
        """An index kept with the roles (see RoleSet.derived), or None."""


class RoleSet:
    """Every role of one file, in file order, and the dimensions they are described by.

    The roles are given, or come one at a time from a store (the cache reads only the roles asked
    for, and finds a role by its name without reading the others); `roles` and iterating give every
    role either way.
    """

    __slots__ = (
        "_count",
        "_derived",
        "_fetched",
        "_heads",
        "_names",
        "_roles",
        "_store",
        "dimensions",
        "source",
        "synonyms",
    )

    def __init__(
        self,
        roles: Iterable[Role] | RoleStore,
        dimensions: tuple[str, ...] = DEFAULT_DIMENSIONS,
        source: str = "<roles>",
        *,
        synonyms: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.dimensions = dimensions
        self.synonyms: Mapping[str, tuple[str, ...]] = MappingProxyType(dict(synonyms or {}))
        """The file's own synonyms, for every role: an item's name -> its other names."""
        self.source = source
        """Where the roles came from, as messages name it."""
        self._heads: Sequence[Head] | None
        if isinstance(roles, Iterable):  # roles given (a tuple, or any other iterable of them)
            given = tuple(roles)
            self._roles: tuple[Role, ...] | None = given
            self._store: RoleStore | None = None
            self._heads = tuple(Head(r.id, r.name, r.aliases, r.summary) for r in given)
            self._count = len(given)
        else:
            self._roles, self._store, self._heads, self._count = None, roles, None, roles.count()
        self._fetched: dict[int, Role] = {}
        self._names: dict[str, tuple[str, int]] | None = None
        self._derived: dict[Hashable, Any] = {}

    @property
    def roles(self) -> tuple[Role, ...]:
        """Every role, in file order."""
        if self._roles is None:
            assert self._store is not None
            fetched = self._fetched  # the roles handed out already stay the same objects
            self._roles = tuple(fetched.get(i, role) for i, role in enumerate(self._store.roles()))
        return self._roles

    @property
    def heads(self) -> Sequence[Head]:
        """Every role's id, name, aliases and summary, in file order, without reading its items."""
        if self._heads is None:
            assert self._store is not None
            self._heads = self._store.heads()
        return self._heads

    def _role(self, index: int) -> Role:
        if self._roles is not None:
            return self._roles[index]
        found = self._fetched.get(index)
        if found is None:
            assert self._store is not None
            found = self._fetched[index] = self._store.role(index)
        return found

    def _named(self) -> dict[str, tuple[str, int]]:
        """Every way of naming a role, folded (see name_key), with the spelling a suggestion shows (a
        name suggests the id) and the role's number: ids and aliases first, so that they win over a
        display name that happens to equal another role's alias."""
        if self._names is None:
            names: dict[str, tuple[str, int]] = {}
            for index, head in enumerate(self.heads):
                for name in (head.id, *head.aliases):
                    names.setdefault(name_key(name), (name, index))
            for index, head in enumerate(self.heads):
                names.setdefault(name_key(head.name), (head.id, index))
            self._names = names
        return self._names

    def name_index(self) -> dict[str, int]:
        """name_key of every id, alias and name -> the number of the role it names."""
        return {name: index for name, (_, index) in self._named().items()}

    def find(self, key: str) -> int | None:
        """The number of the role that `key` (a name_key) names, or None."""
        if self._store is not None and self._names is None:
            return self._store.find(key)
        found = self._named().get(key)
        return None if found is None else found[1]

    def role_at(self, index: int) -> Role:
        """Role number `index`, in file order (read on its own from a store)."""
        return self._role(index)

    def kept(self, key: Hashable) -> Any | None:
        """An index already at hand: built before, or held by the store; None rather than build it
        (for answers that have a cheaper way without it)."""
        if key not in self._derived:
            kept = self._store.stored(key) if self._store is not None else None
            if kept is None:
                return None
            self._derived[key] = kept
        return self._derived[key]

    def derived(self, key: Hashable, build: Callable[[], _T]) -> _T:
        """An index computed from the roles (a measure's weights, a lexicon), built on first use and
        kept with them: the roles never change, so neither does it. A store may hold it already."""
        if key not in self._derived:
            kept = self._store.stored(key) if self._store is not None else None
            self._derived[key] = kept if kept is not None else build()
        return cast(_T, self._derived[key])

    def __repr__(self) -> str:
        return f"RoleSet({len(self)} roles from {self.source!r}, dimensions={self.dimensions!r})"

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Role]:
        return iter(self.roles)

    def resolve(self, query: str) -> Role:
        """The role named by an id, an alias or a name, in any case, spaces and hyphens alike.

        Raises UnknownRoleError with up to three close matches.
        """
        index = self.find(name_key(query))
        if index is not None:
            return self._role(index)
        import difflib  # deferred: only a failed lookup needs it

        names = self._named()
        close = difflib.get_close_matches(name_key(query), list(names), n=3, cutoff=0.6)
        suggestions = [f"{shown!r} ({self.heads[index].name})" for shown, index in (names[n] for n in close)]
        raise UnknownRoleError(query, list(dict.fromkeys(suggestions)))

    def pick(self, chosen: Sequence[str | Role]) -> tuple[Role, ...]:
        """The roles named (or given), each once; UnknownRoleError for a name the file lacks."""
        picked: dict[str, Role] = {}
        for ref in [chosen] if isinstance(chosen, str) else chosen:  # one name, not its letters
            role = ref if isinstance(ref, Role) else self.resolve(ref)
            if role.id in picked:
                raise UsageError(f"{role.id} is named twice; name each role once", argument="roles")
            picked[role.id] = role
        return tuple(picked.values())

    def pick_dimensions(self, queries: Sequence[str] | None) -> tuple[str, ...]:
        """The file's spelling of each dimension named (any case); all of them when none is.

        "skills,goal" names two, unless the file has a dimension spelled so.
        """
        if not queries:
            return self.dimensions
        if isinstance(queries, str):  # one dimension, not its letters
            queries = [queries]
        return tuple(dict.fromkeys(d for query in queries for d in self._named_dimensions(query)))

    def _named_dimensions(self, query: str) -> tuple[str, ...]:
        try:
            return (self.resolve_dimension(query),)
        except UnknownDimensionError:
            parts = [part for part in query.split(",") if part.strip()]
            if len(parts) < 2:
                raise
            return tuple(self.resolve_dimension(part) for part in parts)

    def resolve_dimension(self, query: str) -> str:
        """The file's spelling of a dimension named in any case; UnknownDimensionError if none."""
        wanted = query.strip().casefold()
        for dimension in self.dimensions:
            if dimension.strip().casefold() == wanted:
                return dimension
        raise UnknownDimensionError(query, self.dimensions)
