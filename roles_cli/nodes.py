"""What a YAML node holds, and how a message describes it.

The reader (reader.py) asks these about the nodes it walks: is this a string, a mapping, a number
and which; and, when a node is not what the format wants, how to name what was written ("a date",
"a list with the tag '!!python/object'") and how to fix it (quote it, a close key, a valid id).
Nothing here builds an object from a tag: numbers are read with PyYAML's safe constructor only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

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
    import difflib  # deferred: only a misspelt key needs it

    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]!r}?"
    return f"; allowed here: {', '.join(allowed)}"


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
