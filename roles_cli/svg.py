"""A small SVG writer: escaped text and attributes, a document with a title and a viewBox, and the
estimate of how much room a text takes that every chart lays itself out by.

Charts are written as strings, element by element; nothing here knows about roles. Every text and
attribute value goes through `text_content` or `attribute`, so no name from a roles file can close
an element, open a new one or break the XML: `&`, `<`, `>` and quotes are escaped, and characters
XML 1.0 cannot hold at all (most control characters) are shown as visible escapes, as in every
other output of the tool.

**How wide a text is**, without a font at hand (`text_width`): the font size times the sum, over
its characters, of
- 1.05 em for `m M w W @ % # + = < > ~ & ^` and any character outside ASCII (1.25 em for a wide
  East Asian one, 0 for a combining mark),
- 0.8 em for any other capital letter,
- 0.64 em for any other character,
times 1.12 for bold. This bounds the widths of DejaVu Sans, the widest common sans-serif font (its
widest lower-case letter, "m", is 0.97 em, its digits 0.64 em), and so of Liberation Sans, Arial and
Helvetica, which the charts ask for first. A text's box reaches from 0.9 em above its baseline to
0.25 em below it. Laying texts out by these boxes, no two overlap in any of those fonts.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from roles_cli.clean import safe

FONT_FAMILY = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
WIDE = frozenset("mMwW@%#+=<>~&^")
ASCENT = 0.9
"""How far above its baseline a text reaches, in em."""
DESCENT = 0.25
"""How far below its baseline a text reaches, in em."""
BOLD = 1.12


def char_width(char: str) -> float:
    """One character's width in em (see the module's docstring)."""
    if char.isascii():
        return 1.05 if char in WIDE else 0.8 if char.isupper() else 0.64
    if unicodedata.combining(char):
        return 0.0
    return 1.25 if unicodedata.east_asian_width(char) in "WF" else 1.05


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """An upper bound on the width of `text` set in `size` px (see the module's docstring)."""
    return size * sum(char_width(char) for char in shown_text(text)) * (BOLD if bold else 1.0)


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> tuple[str, ...]:
    """`text` in lines no wider than `width` (a word longer than that keeps a line of its own), each
    line but the last ending in the space it was broken at, so that the lines joined are `text`."""
    if text_width(text, size, bold=bold) <= width:
        return (text,)
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if line and text_width(candidate, size, bold=bold) > width:
            lines.append(line + " ")
            line = word
        else:
            line = candidate
    lines.append(line)
    return tuple(lines)


class Box(NamedTuple):
    """An axis-aligned rectangle: what a text or a shape covers."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return not (
            self.right + gap <= other.left
            or other.right + gap <= self.left
            or self.bottom + gap <= other.top
            or other.bottom + gap <= self.top
        )


def text_box(x: float, y: float, text: str, size: float, *, anchor: str = "start", bold: bool = False) -> Box:
    """The box a text written at (x, y) covers, y being its baseline; `anchor` as SVG's text-anchor."""
    width = text_width(text, size, bold=bold)
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return Box(left, y - ASCENT * size, left + width, y + DESCENT * size)


class TextBlock(NamedTuple):
    """A text to draw, in one or more lines: where it goes, how it looks, and the boxes it covers."""

    x: float
    baselines: tuple[float, ...]
    """One per line."""
    lines: tuple[str, ...]
    size: float
    bold: bool = False
    anchor: str = "start"
    fill: str = "#1a1a1a"
    attrs: Mapping[str, str] | None = None
    upright: bool = False
    """Turned a quarter to the left, reading upwards from (x, baseline): a column's label."""

    def boxes(self) -> list[Box]:
        if self.upright:
            (y,) = self.baselines
            width = text_width(self.lines[0], self.size, bold=self.bold)
            return [Box(self.x - ASCENT * self.size, y - width, self.x + DESCENT * self.size, y)]
        return [
            text_box(self.x, y, line, self.size, anchor=self.anchor, bold=self.bold)
            for y, line in zip(self.baselines, self.lines, strict=True)
        ]

    def markup(self, dx: float = 0.0, dy: float = 0.0) -> str:
        """The <text> element, moved by (dx, dy); a line each in a <tspan> when there are several."""
        attrs: dict[str, str | float | None] = {
            **(self.attrs or {}),
            "font-size": self.size,
            "font-weight": "bold" if self.bold else None,
            "text-anchor": self.anchor if self.anchor != "start" else None,
            "fill": self.fill,
        }
        x, first = self.x + dx, self.baselines[0] + dy
        if self.upright:
            attrs["transform"] = f"rotate(-90 {number(x)} {number(first)})"
        if len(self.lines) == 1:
            return text(x, first, self.lines[0], attrs)
        spans = [
            element("tspan", {"x": x, "y": y + dy}, text_content(line))
            for y, line in zip(self.baselines, self.lines, strict=True)
        ]
        return element("text", attrs, *spans)


def bounds(boxes: Iterable[Box]) -> Box:
    """The smallest box around `boxes`."""
    found = list(boxes)
    return Box(
        min(b.left for b in found),
        min(b.top for b in found),
        max(b.right for b in found),
        max(b.bottom for b in found),
    )


# -- escaping ------------------------------------------------------------------------------------------


def shown_text(text: str) -> str:
    """`text` as a chart shows it: what XML 1.0 cannot hold, and what no output of the tool shows raw
    (controls, bidirectional overrides, characters that show nothing, noncharacters), as visible
    escapes (clean.safe, as in every output); tabs and newlines as spaces."""
    return safe(text).replace("\t", " ").replace("\n", " ")


def text_content(text: str) -> str:
    """Text for between tags."""
    return shown_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attribute(value: str) -> str:
    """A value for between double quotes."""
    return text_content(value).replace('"', "&quot;")


def number(value: float) -> str:
    """A coordinate: two decimals at most, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# -- elements ------------------------------------------------------------------------------------------

Attributes = Mapping[str, str | float | int | None]


def attributes(attrs: Attributes) -> str:
    """name="value" pairs; a key's underscores become hyphens (font_size -> font-size), a trailing
    one is dropped (class_ -> class); None leaves the attribute out."""
    parts = []
    for key, value in attrs.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        shown = number(value) if isinstance(value, float | int) else attribute(value)
        parts.append(f' {name}="{shown}"')
    return "".join(parts)


def element(tag: str, attrs: Attributes | None = None, *children: str) -> str:
    """<tag attrs>children</tag>, or <tag attrs/> without children. Children are markup already."""
    opening = tag + attributes(attrs or {})
    if not children:
        return f"<{opening}/>"
    return f"<{opening}>{''.join(children)}</{tag}>"


def text(x: float, y: float, content: str, attrs: Attributes | None = None, *children: str) -> str:
    """A <text> at (x, y) holding `content`, escaped (and then any markup `children`, e.g. a <title>)."""
    return element("text", {"x": x, "y": y, **(attrs or {})}, text_content(content), *children)


def title(content: str) -> str:
    """A <title> child: what a screen reader says, and a browser shows on hover."""
    return element("title", None, text_content(content))


def document(
    body: Iterable[str], *, width: float, height: float, title_text: str, description: str, ident: str
) -> str:
    """A standalone SVG document (also fit to be put inline in HTML): a viewBox from (0, 0) to
    (width, height), a <title> and a <desc> that name what it shows, and `body`.

    `ident` prefixes the ids of the title and description, which must be unique on a page that
    holds several charts.
    """
    head = {
        "xmlns": "http://www.w3.org/2000/svg",
        "viewBox": f"0 0 {number(width)} {number(height)}",
        "width": round(width),
        "height": round(height),
        "role": "img",
        "aria-labelledby": f"{ident}-title {ident}-desc",
        "font-family": FONT_FAMILY,
    }
    opening = "<svg" + "".join(f' {name}="{attribute(str(value))}"' for name, value in head.items()) + ">"
    return "".join(
        [
            opening,
            f'<title id="{attribute(ident)}-title">{text_content(title_text)}</title>',
            f'<desc id="{attribute(ident)}-desc">{text_content(description)}</desc>',
            element("rect", {"width": width, "height": height, "fill": "#ffffff"}),
            *body,
            "</svg>\n",
        ]
    )
