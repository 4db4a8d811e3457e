"""What a YAML node holds, and how a message describes it.

The reader (reader.py) asks these about the nodes it walks: is this a string, a mapping, a number
and which; and, when a node is not what the format wants, how to name what was written ("a date",
"a list with the tag '!!python/object'") and how to fix it (quote it, a close key, a valid id).
Nothing here builds an object from a tag: numbers are read with PyYAML's safe constructor only.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

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
    import difflib  # deferred: only a misspelt key needs it

    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]!r}?"
    return f"; allowed here: {', '.join(allowed)}"


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
