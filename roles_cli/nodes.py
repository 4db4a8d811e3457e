"""What a YAML node holds, and how a message describes it.

The reader (reader.py) asks these about the nodes it walks: is this a string, a mapping, a number
and which; and, when a node is not what the format wants, how to name what was written ("a date",
"a list with the tag '!!python/object'") and how to fix it (quote it, a close key, a valid id);
and NodeReader reads a node as a shape (a mapping with known keys, a list, a string), keeping each
problem with its line. Nothing here builds an object from a tag: numbers are read with PyYAML's
safe constructor only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from roles_cli.errors import Problem

if TYPE_CHECKING:
    from yaml.nodes import Node

TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (TAG + t for t in ("str", "int", "float", "bool", "null"))
TYPE_NAMES = {
    STR: "a string",
    INT: "a number",
    FLOAT: "a number",
    BOOL: "a boolean",
    NULL: "nothing (an empty value)",
    TAG + "timestamp": "a date",
    TAG + "seq": "a list",
    TAG + "map": "a mapping",
}


def is_scalar(node: Node, tag: str) -> bool:
    return node.tag == tag and isinstance(node.value, str)


def is_mapping(node: Node) -> bool:
    return node.tag == TAG + "map" and isinstance(node.value, list)


def describe(node: Node) -> str:
    described = TYPE_NAMES.get(node.tag)
    if described is not None:
        return described
    if isinstance(node.value, list):
        kind = "a mapping" if node.value and isinstance(node.value[0], tuple) else "a list"
    else:
        kind = "a value"
    return f"{kind} with the tag {quote(_tag_as_written(node.tag))}, which is not allowed in a roles file"


def _tag_as_written(tag: str) -> str:
    """A tag the way YAML files spell it: `!!python/object` rather than the full tag URI."""
    return "!!" + tag.removeprefix(TAG) if tag.startswith(TAG) else tag


def quote_hint(node: Node) -> str:
    if node.tag in (BOOL, INT, FLOAT, TAG + "timestamp") and isinstance(node.value, str):
        return f' (write "{clip(node.value)}" in quotes)'
    return ""


def short(node: Node) -> str:
    """A node's value for a message: a scalar's text, clipped; a collection only by its kind."""
    if isinstance(node.value, str):
        return repr(clip(node.value))
    return describe(node)


def quote(text: str) -> str:
    """A value from the file, quoted and clipped, for a message."""
    return repr(clip(text))


def clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def did_you_mean(key: str, allowed: tuple[str, ...]) -> str:
    close = close_match(key, allowed)
    if close is not None:
        return f"; did you mean {close!r}?"
    return f"; allowed here: {', '.join(allowed)}"


def close_match(key: str, allowed: tuple[str, ...]) -> str | None:
    """The allowed name `key` is most likely a misspelling of, if any."""
    import difflib  # deferred: only a misspelt key needs it

    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    return close[0] if close else None


def slug(text: str) -> str:
    """A valid id made from text, to suggest in place of an invalid one."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "my-role"


def as_number(node: Node) -> float | None:
    """The value of a scalar YAML resolved as a number, as YAML 1.1 reads it (0x10, 1_000, 1:30, .inf).

    An integer too long for Python to convert is infinite as far as a weight goes; NaN is no weight.
    """
    text = node.value
    try:
        if _PLAIN_NUMBER.match(text):  # the common case, kept fast: 3, 4.5
            value = float(text)
        elif node.tag == INT:
            value = float(_constructor().construct_yaml_int(node))
        else:
            value = float(_constructor().construct_yaml_float(node))
    except (ValueError, OverflowError):
        return float("inf") if node.tag == INT else None
    return None if value != value else value


_PLAIN_NUMBER = re.compile(r"[-+]?(0|[1-9][0-9]{0,14})(\.[0-9]*)?\Z")
"""Decimal, without the leading zero that makes YAML 1.1 read an integer as octal."""


@functools.cache
def _constructor() -> Any:
    from yaml.constructor import SafeConstructor  # builds only ints and floats here

    return SafeConstructor()


class NodeReader:
    """Reads nodes as the shapes a format asks for (a mapping with known keys, a list, a string),
    and keeps every problem it meets, each with its line, rather than stopping at the first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def error(self, node: Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        self.problems.append(Problem(self.source, message, line))

    def wrong_type(self, node: Node, what: str, expected: str) -> None:
        self.error(node, f"{what} must be {expected}, got {describe(node)}{quote_hint(node)}")

    def empty(self, node: Node, where: str) -> None:
        self.error(node, f"{where} is empty; remove it or write its name")

    # -- shapes ----------------------------------------------------------------------------

    def mapping(self, node: Node, what: str, allowed: tuple[str, ...]) -> dict[str, Node] | None:
        """Key -> value node; reports duplicate, non-string and unknown keys."""
        if not is_mapping(node):
            self.wrong_type(node, what, "a mapping (key: value lines)")
            return None
        fields: dict[str, Node] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == TAG + "merge":
                self.error(key_node, f"{what}: merge keys ('<<') are not supported; write the keys out")
                continue
            if not is_scalar(key_node, STR):
                self.error(key_node, f"{what}: keys must be names, got {describe(key_node)}")
                continue
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in fields:
                self.error(
                    key_node,
                    f"{what}: {quote(key)} appears twice (lines {first_line[key]} and {line}); keep one",
                )
                continue
            if key not in allowed:
                self.error(key_node, f"{what}: unknown key {quote(key)}{did_you_mean(key, allowed)}")
                continue
            fields[key] = value_node
            first_line[key] = line
        return fields

    def sequence(self, node: Node, what: str, expected: str) -> Sequence[Node] | None:
        if node.tag == TAG + "seq" and isinstance(node.value, list):
            return list(node.value)
        self.wrong_type(node, what, expected)
        return None

    def string(self, node: Node, what: str) -> str | None:
        if is_scalar(node, STR):
            if node.value.strip():
                return str(node.value)
            self.empty(node, what)
            return None
        self.wrong_type(node, what, "a string")
        return None

    def required_string(self, fields: dict[str, Node], key: str, parent: Node, where: str) -> str | None:
        node = fields.get(key)
        if node is None:
            self.error(parent, f"{where}: {key!r} is missing")
            return None
        return self.string(node, f"{where}: {key}")
