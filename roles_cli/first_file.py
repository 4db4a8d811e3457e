"""What a first roles file gets told: the slips people make before they have read the format (a
file of skills alone, without `dimensions:`; an importance written `- Python: 5`), each said once
and with how to fix it, rather than as the several problems the rules would find in it.

The reader (reader.py) asks these as it walks the file; they report through it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from roles_cli.model import DEFAULT_DIMENSIONS
from roles_cli.nodes import FLOAT, INT, STR, NodeReader, clip, close_match, is_mapping, is_scalar
from roles_cli.yaml_tree import StreamedRoles, Unstreamable

if TYPE_CHECKING:
    from roles_cli.yaml_tree import Node


def undeclared_dimensions(
    reader: NodeReader,
    roles_node: Node,
    role_nodes: Sequence[Node] | StreamedRoles,
    role_keys: tuple[str, ...],
) -> tuple[Iterable[Node], tuple[str, ...]]:
    """The roles to read, and the dimensions to read them with, when the file declares none:
    the default ones, unless no role has some of them. Such a file was written with dimensions
    of its own in mind (a file of skills alone): one problem says how to declare them, rather
    than one for each role and each dimension it lacks; the roles are read with the ones they
    use. Roles read one at a time (a large file) are looked at all at once instead where the
    first of them lacks default dimensions."""
    if isinstance(role_nodes, StreamedRoles):
        streamed = iter(role_nodes)
        first = next(streamed, None)
        if first is None:
            return (), DEFAULT_DIMENSIONS
        has = {key.value for key, _ in first.value if is_scalar(key, STR)} if is_mapping(first) else set()
        if len(set(DEFAULT_DIMENSIONS) - has) >= 2:
            raise Unstreamable
        return itertools.chain([first], streamed), DEFAULT_DIMENSIONS
    used: dict[str, None] = {}
    for node in role_nodes:
        if is_mapping(node):
            used.update((key.value, None) for key, _ in node.value if is_scalar(key, STR))
    keys = [key for key in used if key not in role_keys]  # the others: dimensions
    missing = [d for d in DEFAULT_DIMENSIONS if d not in used]
    # One dimension missing, or a key spelled like a missing one ('skils'): a slip, which the
    # messages about each role point out better.
    if not used or len(missing) < 2 or any(close_match(key, tuple(missing)) for key in keys):
        return role_nodes, DEFAULT_DIMENSIONS
    lacking = ", ".join(missing[:-1]) + " or " + missing[-1] if len(missing) > 1 else missing[0]
    example = ", ".join(keys) if keys else "skills"
    reader.error(
        roles_node,
        f"no role has {lacking}: a file without 'dimensions:' needs {', '.join(DEFAULT_DIMENSIONS)} in"
        f" every role; declare the ones this file uses instead: add 'dimensions: [{example}]' after"
        " 'version: 1'",
    )
    return role_nodes, tuple(keys) or DEFAULT_DIMENSIONS


def name_and_importance(reader: NodeReader, node: Node, where: str, keys: tuple[str, ...]) -> bool:
    """Whether an item is written `- Python: 5`, the way a person might give an importance
    (said, with how to write it, rather than that 'Python' is no key of an item)."""
    key, value = node.value[0]
    if not is_scalar(key, STR) or key.value in keys or not (is_scalar(value, INT) or is_scalar(value, FLOAT)):
        return False
    name = clip(key.value)
    reader.error(
        node,
        f"{where}: write {{name: {name}, importance: {value.value}}} for an item with an importance,"
        f" not '{name}: {value.value}'",
    )
    return True
