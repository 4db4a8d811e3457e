"""Typed objects for a roles file: items, roles and the set of roles they form."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field

from roles_cli.errors import UnknownDimensionError, UnknownRoleError

DEFAULT_DIMENSIONS: tuple[str, ...] = ("focus", "skills", "tasks", "goal")
DEFAULT_IMPORTANCE = 3


def item_key(name: str) -> str:
    """The identity of an item: its name case-folded, with runs of white space collapsed.

    "Machine  learning" and "machine learning" are the same item.
    """
    return " ".join(name.casefold().split())


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of a dimension: a skill, a task, a goal, ..."""

    name: str
    importance: float = DEFAULT_IMPORTANCE

    @property
    def key(self) -> str:
        return item_key(self.name)


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    name: str
    summary: str
    dimensions: dict[str, tuple[Item, ...]]
    aliases: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    line: int | None = None
    """1-based line of the role in its file, when it came from one."""

    def items(self, dimension: str) -> tuple[Item, ...]:
        return self.dimensions.get(dimension, ())

    def weights(self, dimension: str) -> dict[str, float]:
        """Item key -> importance, for one dimension."""
        return {item.key: item.importance for item in self.items(dimension)}

    @property
    def label(self) -> str:
        """How a role is named in messages: its id, with its name."""
        return f"{self.id} ({self.name})"


@dataclass(frozen=True)
class RoleSet:
    """Every role of one file, in file order, and the dimensions they are described by."""

    roles: tuple[Role, ...]
    dimensions: tuple[str, ...] = DEFAULT_DIMENSIONS
    source: str = "<roles>"
    """Where the roles came from, as messages name it."""
    _names: dict[str, tuple[str, Role]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Every way of naming a role, folded: ids and aliases first so that they win over a
        # display name that happens to equal another role's alias.
        # Each maps to the role and to the spelling a suggestion shows (a name suggests the id).
        names: dict[str, tuple[str, Role]] = {}
        for role in self.roles:
            for name in (role.id, *role.aliases):
                names.setdefault(name.casefold(), (name, role))
        for role in self.roles:
            names.setdefault(item_key(role.name), (role.id, role))
        object.__setattr__(self, "_names", names)

    def __len__(self) -> int:
        return len(self.roles)

    def __iter__(self) -> Iterator[Role]:
        return iter(self.roles)

    def resolve(self, query: str) -> Role:
        """The role named by an id, an alias or a name, in any case.

        Raises UnknownRoleError with up to three close matches.
        """
        found = self._names.get(query.casefold()) or self._names.get(item_key(query))
        if found is not None:
            return found[1]
        close = difflib.get_close_matches(item_key(query), list(self._names), n=3, cutoff=0.6)
        suggestions = [f"{shown!r} ({role.name})" for shown, role in (self._names[n] for n in close)]
        raise UnknownRoleError(query, list(dict.fromkeys(suggestions)))

    def resolve_dimension(self, query: str) -> str:
        """The file's spelling of a dimension named in any case; UnknownDimensionError if none."""
        for dimension in self.dimensions:
            if dimension.casefold() == query.strip().casefold():
                return dimension
        raise UnknownDimensionError(query, self.dimensions)
