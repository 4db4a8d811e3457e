"""Text from a file, made safe to show: in a terminal and every output format (`safe`), inside XML
such as an SVG or an HTML page (`xml_text`); and whether a text shows anything at all (`blank`).

A roles file may hold any character. None of these may reach an output raw: C0 and C1 controls but
tab and newline, DEL; the bidirectional formatting characters, which reorder what a terminal shows;
characters that show nothing (zero-width space, word joiner, byte-order mark, tag characters, the
Hangul fillers, soft hyphen and the other default-ignorable code points); line and paragraph
separators, which some viewers take for line breaks; lone surrogates, which no encoding holds; and
the noncharacters (U+FFFE, U+FDD0, ...), which XML does not allow. Each is written as a visible
escape instead (\\x1b, \\u200b, \\U000e0041), so that the text stays readable and nothing is lost.

Kept as they are, because scripts and emoji need them and they only join what is around them: the
zero-width joiner and non-joiner after a non-ASCII character (Persian, Indic scripts, emoji such as
👨‍👩‍👧), and the variation selectors (❤️, 1️⃣).

Nothing here imports more than `re`: every run that prints a message uses it.
"""

from __future__ import annotations

import re

_PLANE_ENDS = "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff0-\ufffb\ud800-\udfff\ufdd0-\ufdef"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e00ff"
    f"{_PLANE_ENDS}]"
)
"""Every character `safe` escapes (see the module's notes), and the joiners, which it escapes only
at the start of a text or after an ASCII character (see `kept`). One character class: a text
without any of these is scanned once, at the speed of the regex engine."""


def kept(match: re.Match[str]) -> bool:
    """Whether a character UNSAFE found stays as it is: a joiner after a non-ASCII character."""
    return (
        match.group() in "\u200c\u200d"
        and match.start() > 0
        and not match.string[match.start() - 1].isascii()
    )


def safe(text: str) -> str:
    """Text with every control, bidi, invisible and non-character shown as a visible escape."""
    return UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    if kept(match):
        return match.group()
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


_XML_MARKUP = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
_XML_SPECIAL = re.compile("[&<>\"']")


def xml_text(text: str) -> str:
    """`text` to write into an XML 1.0 document (an SVG, an HTML page) as element text or as an
    attribute value in either quotes: every character escaped as `safe` escapes it, so that only
    characters XML 1.0 allows remain (nor any that the XML spec discourages, nor any that would
    reach a reader raw), then &, <, >, " and ' as entities. For code that writes the markup itself;
    an XML library escapes markup on its own, so give it `safe(text)` instead."""
    return _XML_SPECIAL.sub(lambda match: _XML_MARKUP[match.group()], safe(text))


_VISIBLE = re.compile(
    r"[^\s\x00-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u2028-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    r"\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


def blank(text: str) -> bool:
    """Whether `text` shows nothing: it is empty, or only white space, controls and characters that
    show nothing of their own (zero-width ones, the byte-order mark, tag characters, variation
    selectors, the Hangul fillers, the braille blank)."""
    return _VISIBLE.search(text) is None
