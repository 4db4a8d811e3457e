"""YAML text -> a tree of nodes, refusing what would blow up: a syntax error names its line and column,
and a document whose aliases would expand far beyond its own size is refused before anything expands.

Aliases share one node among several places, so a small file can stand for a huge one ("billion
laughs"). The size the document would have with every alias written out is counted without
expanding anything, so the reader (reader.py) only ever walks a tree of bounded size.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from roles_cli.errors import DataError

if TYPE_CHECKING:
    from yaml.nodes import Node

ALIAS_ALLOWANCE = 100_000
"""Aliases may make a document stand for at most twice its own nodes plus this many."""


def compose(text: str, source: str) -> Node | None:
    """The YAML node tree of a single document, or a DataError with the syntax error's position."""
    import yaml  # deferred: a cached or failed load never needs the parser
    from yaml.reader import ReaderError

    fast = hasattr(yaml, "CSafeLoader")
    loader = yaml.CSafeLoader if fast else yaml.SafeLoader
    try:
        node: Node | None = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as error:
        message = _syntax_message(error)
        mark = error.problem_mark
        if "maximum nesting depth" in message:  # libyaml's own limit
            message = TOO_DEEP
        elif mark is not None and _char_at(text, mark.line, mark.column) == "\t":
            message += "; indent with spaces, not tabs"
        raise DataError.at(source, message, *_mark_position(mark)) from None
    except ReaderError as error:  # a character YAML does not allow
        offset = error.position
        if fast:  # libyaml counts bytes of the UTF-8 text, the Python reader characters
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
        line, column = text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
        message = f"is not valid YAML: the character {_code(error.character)} is not allowed in YAML text"
        raise DataError.at(source, message, line, column) from None
    except yaml.YAMLError as error:
        raise DataError.at(source, f"is not valid YAML: {_one_line(str(error))}") from None
    except RecursionError:  # the pure-Python parser nests one call per level
        raise DataError.at(source, TOO_DEEP) from None
    return node


TOO_DEEP = "is nested too deeply to be a roles file"


def _code(character: object) -> str:
    """A character as U+XXXX, from what a ReaderError carries (a code, a character or a byte)."""
    if isinstance(character, (str, bytes)) and character:
        character = ord(character[:1])
    return f"U+{character:04X}" if isinstance(character, int) else "an unknown character"


def check_expansion(root: Node | None, source: str) -> None:
    """Refuse a document whose aliases would expand it far beyond its own size, or into itself.

    Counts, for every collection, how many nodes it would have with every alias written out: each
    collection once, reusing the counts of shared ones, so the cost is that of the file as written.
    Allowed: twice the nodes the file has, plus ALIAS_ALLOWANCE; anything the reader walks
    afterwards is bounded by that. A message names the line of the innermost value that alone
    expands beyond the bound, and never shows the value.
    """
    if root is None:
        return
    sizes: dict[int, int] = {}  # id of a finished collection -> its expanded size
    finished: list[Node] = []  # collections, innermost first
    open_ids: set[int] = set()  # collections being counted: the path from the root
    written = 0  # nodes as the file writes them (an alias counts as one)
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        children = _children(node)
        if done:
            size = 1 + sum(sizes.get(id(child), 1) for child in children)
            sizes[id(node)] = min(size, _HUGE)
            open_ids.discard(id(node))
            finished.append(node)
            continue
        if id(node) in sizes:
            continue  # already counted through another alias
        if id(node) in open_ids:
            raise DataError.at(
                source,
                "this value contains an alias to itself, which a roles file cannot use",
                node.start_mark.line + 1,
            )
        open_ids.add(id(node))
        stack.append((node, True))
        for child in children:
            written += 1
            if isinstance(child.value, list):
                stack.append((child, False))
    limit = 2 * (written + 1) + ALIAS_ALLOWANCE
    if sizes.get(id(root), 1) <= limit:
        return
    culprit = next(node for node in finished if sizes[id(node)] > limit)
    raise DataError.at(
        source,
        f"aliases would expand this value to more than {limit:,} values, far more than the file itself"
        " holds; refused as an alias bomb",
        culprit.start_mark.line + 1,
    )


_HUGE = 1 << 62
"""Expanded sizes stop counting here, so that numbers stay small."""


def _children(node: Node) -> list[Node]:
    if not isinstance(node.value, list):
        return []
    if node.value and isinstance(node.value[0], tuple):
        return [part for pair in node.value for part in pair]
    return list(node.value)


def _syntax_message(error: Any) -> str:
    problem = error.problem or "invalid YAML"
    message = f"YAML syntax error: {problem}"
    context, mark = error.context, error.context_mark
    if context:
        message += f" ({context}"
        if mark is not None and mark.line != getattr(error.problem_mark, "line", None):
            message += f" that starts on line {mark.line + 1}"
        message += ")"
    return message


def _char_at(text: str, line: int, column: int) -> str:
    """The character at a 0-based line and column ('' past the end)."""
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    return text[start + column : start + column + 1]


def _mark_position(mark: Any) -> tuple[int | None, int | None]:
    if mark is None:
        return None, None
    return mark.line + 1, mark.column + 1


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- one role at a time ----------------------------------------------------------------------------
#
# A node tree takes about fifty times the size of its file in memory, most of it in the roles. When
# a document is an ordinary roles file (a mapping whose last key is `roles`, no anchors or aliases),
# its roles are composed one at a time as the reader asks for them, and each role's nodes are freed
# once it is read: memory then grows with the roles made, not with the tree. Anything else (an
# alias, a key after `roles`, a second document, a syntax error) stops the stream, and the whole
# document is composed and checked as `compose` and `check_expansion` do, so the answer and every
# message are the same either way.


MAP, SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


class Unstreamable(Exception):
    """The document cannot be read one role at a time: compose it whole instead."""


class StreamedRoles:
    """The role nodes of the top-level `roles:` sequence, composed one at a time as they are read."""

    def __init__(self, composer: Any) -> None:
        self._composer = composer
        self.done = False
        """Whether every role, and the end of the document after them, has been read."""

    def finish(self) -> None:
        """Read what the reader did not (it may stop at a problem): the document must still end well."""
        if not self.done:
            for _ in self:
                pass

    def __bool__(self) -> bool:
        from yaml.events import SequenceEndEvent

        try:
            return not self._composer.check_event(SequenceEndEvent)
        except Exception:  # a syntax error: the whole document will say what
            raise Unstreamable from None

    def __iter__(self) -> Iterator[Node]:
        from yaml.events import DocumentEndEvent, MappingEndEvent, SequenceEndEvent, StreamEndEvent

        composer = self._composer
        try:
            while not composer.check_event(SequenceEndEvent):
                yield composer.next_node(None, None)
            composer.get_event()
            for end in (MappingEndEvent, DocumentEndEvent, StreamEndEvent):  # nothing after the roles
                if not composer.check_event(end):
                    raise Unstreamable
                composer.get_event()
            self.done = True
        except Unstreamable:
            raise
        except Exception:  # a syntax error, or anything odd: the whole document will say what
            raise Unstreamable from None


def compose_streaming(text: str) -> tuple[Node, StreamedRoles]:
    """The document's top-level mapping, its `roles:` value a sequence node whose `value` is the
    StreamedRoles also returned (call its `finish` once the reader is done); raises Unstreamable for
    a document this cannot read (see above)."""
    import yaml
    from yaml.composer import Composer
    from yaml.events import (
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        SequenceStartEvent,
        StreamStartEvent,
    )
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode
    from yaml.resolver import Resolver

    parser = getattr(getattr(yaml, "_yaml", None), "CParser", None)
    if parser is None:
        raise Unstreamable  # the pure-Python parser: no gain to be had

    class _Composer(parser, Composer, Resolver):  # type: ignore[misc, valid-type]
        """Python's composer over libyaml's events."""

        def __init__(self, source: str) -> None:
            parser.__init__(self, source)  # type: ignore[misc]
            Composer.__init__(self)
            Resolver.__init__(self)

        def next_node(self, parent: Node | None, index: Any) -> Node | None:
            """The next node; Unstreamable once any anchor has been seen (an alias needs one)."""
            node = self.compose_node(parent, index)
            if self.anchors:
                raise Unstreamable
            return node

        def tag(self, kind: type[Node], event: Any) -> str:
            """A collection's tag, as the composer resolves it."""
            if event.tag not in (None, "!"):
                return str(event.tag)
            return str(self.resolve(kind, None, event.implicit))  # type: ignore[no-untyped-call]

    composer = _Composer(text)
    try:
        for start in (StreamStartEvent, DocumentStartEvent):
            if not composer.check_event(start):
                raise Unstreamable
            composer.get_event()
        if not composer.check_event(MappingStartEvent):
            raise Unstreamable
        event = composer.get_event()
        if event.anchor is not None:
            raise Unstreamable
        top = MappingNode(
            composer.tag(MappingNode, event), [], event.start_mark, None, flow_style=event.flow_style
        )
        if top.tag != MAP:
            raise Unstreamable
        while not composer.check_event(MappingEndEvent):
            key = composer.next_node(top, None)
            if (
                isinstance(key, ScalarNode)
                and key.value == "roles"
                and key.tag == "tag:yaml.org,2002:str"
                and composer.check_event(SequenceStartEvent)
            ):
                event = composer.get_event()
                if event.anchor is not None:
                    raise Unstreamable
                stream = StreamedRoles(composer)
                roles = SequenceNode(composer.tag(SequenceNode, event), stream, event.start_mark, None)
                if roles.tag != SEQ:
                    raise Unstreamable
                top.value.append((key, roles))
                return top, stream  # the rest is read through the roles
            top.value.append((key, composer.next_node(top, key)))
        raise Unstreamable  # no roles at all: nothing to gain
    except Unstreamable:
        raise
    except Exception:
        raise Unstreamable from None
