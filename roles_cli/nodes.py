"""What a YAML node holds, and how a message describes it.

The reader (reader.py) asks these about the nodes it walks: is this a string, a mapping, a number
and which; and, when a node is not what the format wants, how to name what was written ("a date",
"a list with the tag '!!python/object'") and how to fix it (quote it, a close key, a valid id);
and NodeReader reads a node as a shape (a mapping with known keys, a list, a string), keeping each
problem with its line. Nothing here builds an object from a tag: numbers are read with PyYAML's
safe constructor only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from roles_cli.clean import blank
from roles_cli.errors import DataError, Problem

if TYPE_CHECKING:
    from roles_cli.yaml_tree import Node

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
    """A valid id made from text, to suggest in place of an invalid one: "Café Owner" -> "cafe-owner"."""
    import unicodedata  # deferred: only an invalid id or alias needs it

    letters = "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    )
    return re.sub(r"[^a-z0-9]+", "-", letters).strip("-") or "my-role"


def as_number(node: Node) -> float | None:
    """The value of a scalar tagged as a number, as YAML 1.1 reads it (0x10, 0o17, 017, 0b11, 1_000,
    1:30, .inf), or None where it is not one ("", "-", "0x", "1:", .nan).

    Written here rather than left to PyYAML's constructor, which fails on some of these with an
    IndexError and takes time that grows with the square of the text on others (1:1:1:...). The
    value is a float: an integer too long for one is infinite, which is as far as a weight goes.
    """
    text = node.value
    if _PLAIN_NUMBER.match(text) and not (node.tag == INT and "." in text):  # the common case: 3, 4.5
        return float(text)
    text = text.replace("_", "")
    sign = -1.0 if text[:1] == "-" else 1.0
    if text[:1] in ("-", "+"):
        text = text[1:]
    if node.tag == INT:
        value = _integer(text)
    else:
        lowered = text.lower()
        value = (
            _INFINITY
            if lowered == ".inf"
            else _sexagesimal(lowered, float)
            if ":" in lowered
            else _float(lowered)
        )
    if value is None or value != value:  # NaN is no weight
        return None
    return sign * value


_PLAIN_NUMBER = re.compile(r"[-+]?(0|[1-9][0-9]{0,14})(\.[0-9]*)?\Z")
"""Decimal, without the leading zero that makes YAML 1.1 read an integer as octal."""
_INFINITY = float("inf")
_BASES = {"0b": 2, "0x": 16, "0o": 8}


def _integer(text: str) -> float | None:
    """An unsigned YAML 1.1 integer, as PyYAML's constructor reads it: 0, 0b.., 0x.., 0o.., 0..
    (octal), sexagesimal (1:30), or decimal."""
    if text == "0":
        return 0.0
    base = _BASES.get(text[:2])
    if base is not None:
        text = text[2:]
    elif text[:1] == "0":
        base = 8
    elif ":" in text:
        return _sexagesimal(text, int)
    try:  # bases that are powers of two have no limit on digits, and take linear time
        return float(int(text, base or 10))
    except OverflowError:
        return _INFINITY
    except ValueError:  # not a number; or, in base 10, more digits than Python converts
        return _INFINITY if base is None and text.isdecimal() else None


MAX_PROBLEMS = 1_000
"""A file is read until this many problems are found: enough to fix, not a flood."""


class NodeReader:
    """Reads nodes as the shapes a format asks for (a mapping with known keys, a list, a string),
    and keeps every problem it meets, each with its line, rather than stopping at the first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def error(self, node: Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        self.problem(message, line)

    def problem(self, message: str, line: int | None) -> None:
        self.problems.append(Problem(self.source, message, line))
        if len(self.problems) >= MAX_PROBLEMS:
            stop = f"stopped after {MAX_PROBLEMS:,} problems; fix these, then check the file again"
            raise DataError([*self.problems, Problem(self.source, stop, line)])

    def wrong_type(self, node: Node, what: str, expected: str) -> None:
        self.error(node, f"{what} must be {expected}, got {describe(node)}{quote_hint(node)}")

    def empty(self, node: Node, where: str) -> None:
        """A string that is empty, or shows nothing: only spaces, or characters that show nothing."""
        hidden = (
            next((char for char in node.value if not char.isspace()), None) if is_scalar(node, STR) else None
        )
        if hidden is None:
            self.error(node, f"{where} is empty; remove it or write its name")
        else:
            self.error(
                node,
                f"{where} shows nothing: it holds only invisible characters such as U+{ord(hidden):04X};"
                " remove it or write its name",
            )

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
            if not blank(node.value):
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


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _sexagesimal(text: str, kind: type[int] | type[float]) -> float | None:
    """1:30 is 90: each part counts 60 times the next. Summed in floats, so that a thousand parts
    cost a thousand steps, not the arithmetic of a number with a thousand digits."""
    value = 0.0
    for part in text.split(":"):
        try:
            number = float(kind(part))
        except OverflowError:
            number = _INFINITY
        except ValueError:
            return None
        value = value * 60 + number
    return value
