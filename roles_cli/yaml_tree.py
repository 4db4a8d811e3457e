"""YAML text -> a tree of nodes, refusing what would blow up: a syntax error names its line and column,
and a document that is too large, too deep, or whose aliases would expand it far beyond its own
size is refused with one message, before anything is built from it.

The tree is composed here from the parser's events rather than by PyYAML's composer: its nodes
carry what the reader (reader.py) asks of them (a tag, a value, a line and a column) and nothing
else, so that a large file takes a third of the memory, and the checks run as the file is read.

Aliases share one node among several places, so a small file can stand for a huge one ("billion
laughs", or one long text repeated under a thousand aliases). The size the document would have
with every alias written out, in values and in characters, is counted without expanding anything,
so the reader, the cache and every output only ever see a tree of bounded size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from roles_cli.errors import DataError

ALIAS_ALLOWANCE = 100_000
"""Aliases may make a document stand for at most twice its own values plus this many..."""
ALIAS_CHARACTER_ALLOWANCE = 1_000_000
"""... and for at most twice its own characters plus this many,"""
MAX_EXPANDED_CHARACTERS = 64 * 2**20
"""... and never more characters than this: as much as the largest file read (files.py) holds."""
MAX_VALUES = 1_500_000
"""Values (strings, numbers, lists, mappings, aliases) held at once, at most, for a file of up to
files.MAX_BYTES (a larger limit allows proportionally more): each takes memory however few
characters it is written in, so that a 10 MB file of nothing but two-letter items would take
gigabytes. Beyond, the file is refused as soon as the parser gets there. A file read whole holds
all its values at once (the 869-role O*NET file has 116,000); a file read one role at a time
(see below) holds one role's."""
MAX_DEPTH = 1_000
"""Lists and mappings nested deeper than this are refused (libyaml's own limit)."""
TOO_DEEP = "is nested too deeply to be a roles file"


class Node:
    """One YAML value: its tag; its value (a string for a scalar, a list of nodes for a sequence, a
    list of (key, value) pairs for a mapping); the line it starts on (0-based)."""

    __slots__ = ("line", "tag", "value")

    def __init__(self, tag: str, value: Any, line: int) -> None:
        self.tag = tag
        self.value = value
        self.line = line

    @property
    def start_mark(self) -> Node:
        """Where the node starts, spelled as PyYAML's nodes spell it (`.start_mark.line`)."""
        return self

    def __repr__(self) -> str:
        return f"Node({self.tag!r}, line {self.line + 1})"


TAG = "tag:yaml.org,2002:"
STR, SEQ, MAP = TAG + "str", TAG + "seq", TAG + "map"


def compose(text: str, source: str, *, max_values: int | None = None) -> Node | None:
    """The node tree of a single document, or a DataError saying where and why it cannot be one
    (`max_values`: MAX_VALUES unless given)."""
    import yaml  # deferred: a cached or failed load never needs the parser
    from yaml.reader import ReaderError

    fast = hasattr(yaml, "CSafeLoader")
    try:
        parser = (yaml.CSafeLoader if fast else yaml.SafeLoader)(text)  # the Python one reads at once
        try:
            return _Composer(parser, source, len(text), max_values).document()
        finally:
            parser.dispose()
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


_HUGE = 1 << 62
"""Expanded sizes stop counting here, so that numbers stay small."""


class _Composer:
    """Builds the tree from the parser's events, one at a time, counting as it goes."""

    def __init__(self, parser: Any, source: str, length: int, max_values: int | None = None) -> None:
        from yaml.resolver import Resolver

        self.parser = parser
        self.source = source
        self.length = length
        """The document's length in characters: what its expanded size is measured against."""
        # The tags a plain scalar may resolve to, by its first character (and for any character).
        every: dict[str | None, list[tuple[str, Any]]] = Resolver.yaml_implicit_resolvers
        wildcard = every.get(None, [])
        self.resolvers: dict[str, list[tuple[str, Any]]] = {
            first: found + wildcard for first, found in every.items() if first is not None
        }
        self.wildcard = wildcard
        self.anchors: dict[str, tuple[Node, Any, int, int]] = {}
        """Anchor -> its node, the anchor's mark, and the node's expanded values and characters
        (-1 while the node is not complete)."""
        self.big: list[tuple[Node, int, int]] = []
        """Complete collections that might expand beyond the bound, innermost first, with their sizes."""
        self.count = 0
        """Values as the file writes them (an alias counts as one)."""
        self.max_values = MAX_VALUES if max_values is None else max_values
        from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent

        self.events = AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
        """Imported once: `node` runs for every role of a file read one role at a time."""
        self.depth = 0
        """How deep in the document the next node is (collections composed elsewhere: the stream's)."""

    def error(self, node: Node, message: str) -> DataError:
        return DataError.at(self.source, message, node.line + 1)

    def too_many(self, node: Node) -> DataError:
        return self.error(
            node, f"has more than {self.max_values:,} values; a roles file this large is not supported"
        )

    def document(self) -> Node | None:
        from yaml.composer import ComposerError
        from yaml.events import StreamEndEvent

        get = self.parser.get_event
        get()  # the start of the stream
        event = get()
        if isinstance(event, StreamEndEvent):
            return None
        first = event.start_mark  # the start of the document
        root, values, characters = self.node()
        get()  # the end of the document
        event = get()
        if not isinstance(event, StreamEndEvent):
            raise ComposerError(
                "expected a single document in the stream",
                first,
                "but found another document",
                event.start_mark,
            )
        self.check_expansion(values, characters)
        return root

    def node(self) -> tuple[Node, int, int]:
        """The next node, with its expanded size in values and in characters."""
        AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent = self.events
        get = self.parser.get_event
        resolvers, wildcard, anchors, big = self.resolvers, self.wildcard, self.anchors, self.big
        last_line = -1  # nodes on one line share one int: a flow list holds many
        # One list per collection not yet complete:
        # [node, its value, is a mapping, a key waiting for its value, values, characters, anchor]
        stack: list[list[Any]] = []
        count, max_values = self.count, self.max_values
        while True:
            event = get()
            kind = type(event)
            if kind is ScalarEvent:
                value = event.value
                tag = event.tag
                if tag is None or tag == "!":  # resolved as PyYAML's composer resolves it
                    tag = STR
                    if event.implicit[0]:
                        for candidate, pattern in resolvers.get(value[:1], wildcard):
                            if pattern.match(value):
                                tag = candidate
                                break
                line = event.start_mark.line
                if line != last_line:
                    last_line = line
                node = Node(tag, value, last_line)
                values, characters = 1, len(value)
                if event.anchor is not None:
                    self.define(event, node, values, characters)
            elif kind is AliasEvent:
                found = anchors.get(event.anchor)
                if found is None:
                    from yaml.composer import ComposerError

                    raise ComposerError(None, None, "found undefined alias", event.start_mark)
                node, _, values, characters = found
                if values < 0:  # not complete: the alias is inside the value it names
                    raise self.error(
                        node, "this value contains an alias to itself, which a roles file cannot use"
                    )
            elif kind is SequenceStartEvent or kind is MappingStartEvent:
                mapping = kind is MappingStartEvent
                tag = event.tag
                if tag is None or tag == "!":
                    tag = MAP if mapping else SEQ
                mark = event.start_mark
                if mark.line != last_line:
                    last_line = mark.line
                node = Node(tag, [], last_line)
                count += 1
                if count > max_values:
                    raise self.too_many(node)
                if len(stack) + self.depth >= MAX_DEPTH:
                    raise DataError.at(self.source, TOO_DEEP, mark.line + 1, mark.column + 1)
                if event.anchor is not None:
                    self.define(event, node, -1, -1)
                stack.append([node, node.value, mapping, None, 1, 0, event.anchor])
                continue
            else:  # the end of a sequence or a mapping
                node, _, _, _, values, characters, anchor = stack.pop()
                values, characters = min(values, _HUGE), min(characters, _HUGE)
                if values > ALIAS_ALLOWANCE or characters > ALIAS_CHARACTER_ALLOWANCE:
                    big.append((node, values, characters))
                if anchor is not None:
                    anchors[anchor] = (node, anchors[anchor][1], values, characters)
                if not stack:
                    self.count = count
                    return node, values, characters
                _add(stack[-1], node, values, characters)
                continue
            count += 1
            if count > max_values:
                raise self.too_many(node)
            if not stack:
                self.count = count
                return node, values, characters
            _add(stack[-1], node, values, characters)

    def define(self, event: Any, node: Node, values: int, characters: int) -> None:
        from yaml.composer import ComposerError

        known = self.anchors.get(event.anchor)
        if known is not None:
            raise ComposerError(
                "found duplicate anchor; first occurrence", known[1], "second occurrence", event.start_mark
            )
        self.anchors[event.anchor] = (node, event.start_mark, values, characters)

    def check_expansion(self, values: int, characters: int) -> None:
        """Refuse a document whose aliases would expand it far beyond its own size. Allowed: twice
        the values the file writes plus ALIAS_ALLOWANCE, and twice its characters plus
        ALIAS_CHARACTER_ALLOWANCE (at most MAX_EXPANDED_CHARACTERS). The message names the line of
        the innermost value that alone expands beyond the bound, and never shows the value."""
        value_limit = 2 * self.count + ALIAS_ALLOWANCE
        character_limit = min(2 * self.length + ALIAS_CHARACTER_ALLOWANCE, MAX_EXPANDED_CHARACTERS)
        if values <= value_limit and characters <= character_limit:
            return
        for node, node_values, node_characters in self.big:
            if node_values > value_limit:
                raise self.error(
                    node,
                    f"aliases would expand this value to more than {value_limit:,} values, far more than"
                    " the file itself holds; refused as an alias bomb",
                )
            if node_characters > character_limit:
                raise self.error(
                    node,
                    f"aliases would expand this value to more than {character_limit:,} characters, far"
                    " more than the file itself holds; refused as an alias bomb",
                )
        raise AssertionError("the whole expands beyond the bound, so one of its collections does")


def _add(top: list[Any], node: Node, values: int, characters: int) -> None:
    """Put a complete node into the collection being composed."""
    if top[2]:  # a mapping: a key, then its value
        if top[3] is None:
            top[3] = node
        else:
            top[1].append((top[3], node))
            top[3] = None
    else:
        top[1].append(node)
    top[4] += values
    top[5] += characters


def _code(character: object) -> str:
    """A character as U+XXXX, from what a ReaderError carries (a code, a character or a byte)."""
    if isinstance(character, (str, bytes)) and character:
        character = ord(character[:1])
    return f"U+{character:04X}" if isinstance(character, int) else "an unknown character"


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
# Even slim, a node tree takes many times the size of its file in memory, most of it in the roles.
# When a document is an ordinary roles file (a mapping whose last key is `roles`, no anchors or
# aliases), its roles are composed one at a time as the reader asks for them, by the same composer,
# and each role's nodes are freed once it is read: memory then grows with the roles made, not with
# the tree. The bounds hold as they do for a whole document, the count of values for what is held at
# once: each role's (with no alias, nothing expands). Anything else (an alias, a key after
# `roles`, a second document, a syntax error) stops the stream, and the whole document is composed
# by `compose`, so the answer and every message are the same either way.


class Unstreamable(Exception):
    """The document cannot be read one role at a time: compose it whole instead."""


class StreamedRoles:
    """The role nodes of the top-level `roles:` sequence, composed one at a time as they are read."""

    def __init__(self, composer: _Composer) -> None:
        self._composer = composer
        self.done = False
        """Whether every role, and the end of the document after them, has been read."""
        self.progress: Callable[[int], None] | None = None
        """Told the line (0-based) each role starts on, as it is read."""

    def finish(self) -> None:
        """Read what the reader did not (it may stop at a problem): the document must still end well."""
        if not self.done:
            for _ in self:
                pass

    def __bool__(self) -> bool:
        from yaml.events import SequenceEndEvent

        try:
            return not self._composer.parser.check_event(SequenceEndEvent)
        except Exception:  # a syntax error: the whole document will say what
            raise Unstreamable from None

    def __iter__(self) -> Iterator[Node]:
        from yaml.events import DocumentEndEvent, MappingEndEvent, SequenceEndEvent, StreamEndEvent

        composer = self._composer
        parser = composer.parser
        try:
            while not parser.check_event(SequenceEndEvent):
                composer.count = 0  # the values held at once: one role's
                node, _, _ = composer.node()
                if composer.anchors:  # an alias may follow: the whole document, checked as a whole
                    raise Unstreamable
                if self.progress is not None:
                    self.progress(node.line)
                yield node
            parser.get_event()
            for end in (MappingEndEvent, DocumentEndEvent, StreamEndEvent):  # nothing after the roles
                if not parser.check_event(end):
                    raise Unstreamable
                parser.get_event()
            self.done = True
            parser.dispose()
        except (Unstreamable, DataError):
            raise
        except Exception:  # a syntax error, or anything odd: the whole document will say what
            raise Unstreamable from None


def compose_streaming(text: str, source: str, *, max_values: int | None = None) -> tuple[Node, StreamedRoles]:
    """The document's top-level mapping, its `roles:` value a sequence node whose `value` is the
    StreamedRoles also returned (call its `finish` once the reader is done); raises Unstreamable for
    a document this cannot read (see above), DataError for one beyond the bounds."""
    import yaml
    from yaml.events import DocumentStartEvent, MappingEndEvent, MappingStartEvent, SequenceStartEvent

    try:
        parser: Any = (yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader)(text)
    except yaml.YAMLError:
        raise Unstreamable from None
    composer = _Composer(parser, source, len(text), max_values)
    try:
        parser.get_event()  # the start of the stream
        if not parser.check_event(DocumentStartEvent):
            raise Unstreamable  # empty
        parser.get_event()
        if not parser.check_event(MappingStartEvent):
            raise Unstreamable
        event = parser.get_event()
        if event.anchor is not None or event.tag not in (None, "!"):
            raise Unstreamable
        top = Node(MAP, [], event.start_mark.line)
        composer.count += 1
        composer.depth = 1
        while not parser.check_event(MappingEndEvent):
            key, _, _ = composer.node()
            if key.tag == STR and key.value == "roles" and parser.check_event(SequenceStartEvent):
                event = parser.get_event()
                if event.anchor is not None or event.tag not in (None, "!") or composer.anchors:
                    raise Unstreamable
                composer.count += 1
                composer.depth = 2
                stream = StreamedRoles(composer)
                top.value.append((key, Node(SEQ, stream, event.start_mark.line)))
                return top, stream  # the rest is read through the roles
            value, _, _ = composer.node()
            if composer.anchors:
                raise Unstreamable
            top.value.append((key, value))
        raise Unstreamable  # no roles at all: nothing to gain
    except DataError:
        parser.dispose()
        raise
    except Exception:  # Unstreamable, a syntax error, anything odd: the whole document will say what
        parser.dispose()
        raise Unstreamable from None
