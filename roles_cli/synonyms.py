"""Synonyms: other names of an item ("RAG" for "Retrieval-augmented generation"), declared on an item
(`aliases: [RAG]`) or once for the whole file (a top-level `synonyms:` mapping), and what they make of
the items' identities.

Every declaration says "this name and that one are the same item". The names so linked form a group,
and every item in a group gets one identity: the key of the group's first-declared name. Items then
match across roles, and a person's words match items, by any name of the group. A name declared as
an alias of two different items points two ways, and is reported rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from roles_cli.model import item_key


class Declaration(NamedTuple):
    """`alias` is another name of the item called `name`, as written on `line`."""

    name: str
    alias: str
    line: int | None


class Conflict(NamedTuple):
    """An alias declared for two items that are not otherwise the same."""

    first: Declaration
    second: Declaration


def canonical_keys(declarations: Iterable[Declaration]) -> tuple[dict[str, str], list[Conflict]]:
    """Each key that belongs to a group of synonyms -> the group's key; and the conflicts found.

    The later of two declarations that conflict is left out, so the answer stays well defined.
    """
    parent: dict[str, str] = {}
    order: dict[str, int] = {}  # key -> when it was first declared as an item's name
    declared: dict[str, Declaration] = {}  # alias key -> the declaration that first named it

    def root(key: str) -> str:
        while parent.get(key, key) != key:
            parent[key] = parent.get(parent[key], parent[key])  # halve the path
            key = parent[key]
        return key

    conflicts = []
    for number, declaration in enumerate(declarations):
        head, alias = item_key(declaration.name), item_key(declaration.alias)
        order.setdefault(head, number)
        if head == alias:
            continue
        earlier = declared.get(alias)
        if earlier is not None and root(item_key(earlier.name)) != root(head):
            conflicts.append(Conflict(earlier, declaration))
            continue
        declared.setdefault(alias, declaration)
        a, b = root(head), root(alias)
        if a != b:
            # The group is named after its first-declared name.
            first, second = sorted((a, b), key=lambda key: order.get(key, len(order) + number))
            parent[second] = first
            parent.setdefault(first, first)
    return {key: root(key) for key in parent if root(key) != key}, conflicts
