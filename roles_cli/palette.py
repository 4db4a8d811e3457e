"""The charts' colours: told apart by readers with colour-vision deficiencies and in greyscale print.

- Roles (the Venn diagram's circles) take colours from Okabe and Ito's palette (M. Okabe and K. Ito,
  "Color Universal Design (CUD): How to make figures and presentations that are friendly to
  colorblind people", 2008), chosen for distinct lightness, and each circle's outline also has its
  own dash pattern, so that the circles differ without colour at all.
- Values (the heatmap) run along viridis (S. van der Walt and N. Smith, for matplotlib, 2015),
  whose lightness rises steadily from dark purple to yellow: a higher value is lighter in colour and
  in greyscale alike. The stops below are viridis at 0, 0.1, ..., 1.
- Text on a colour is black or white, whichever contrasts more (WCAG 2 relative luminance).
"""

from __future__ import annotations

from typing import NamedTuple

INK = "#1a1a1a"
"""Text and lines."""
MUTED = "#595959"
"""Secondary text: 7:1 against white."""
FAINT = "#d9d9d9"
"""Absent marks (an UpSet dot of a role not in the combination), grid lines."""
STRIPE = "#f2f2f2"
"""Every other row of a grid."""


class RoleStyle(NamedTuple):
    colour: str
    dash: str | None
    """The outline's stroke-dasharray; None for a solid line."""


ROLE_STYLES = (
    RoleStyle("#0072B2", None),  # blue
    RoleStyle("#E69F00", "10 5"),  # orange
    RoleStyle("#009E73", "3 4"),  # bluish green
)
"""The circles of a Venn diagram, in the order the roles were given."""
FILL_OPACITY = 0.18
"""Light enough that three overlapping fills keep black text at a contrast above 7:1."""
BAR = "#0072B2"
"""UpSet bars: Okabe and Ito's blue."""

VIRIDIS = (
    "#440154",
    "#482475",
    "#414487",
    "#355f8d",
    "#2a788e",
    "#21918c",
    "#22a884",
    "#44bf70",
    "#7ad151",
    "#bddf26",
    "#fde725",
)


def rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def hex_colour(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{round(min(255.0, max(0.0, c))):02x}" for c in (red, green, blue))


def viridis(value: float) -> str:
    """The colour of `value` in [0, 1] (clamped), between the two nearest stops."""
    position = min(1.0, max(0.0, value)) * (len(VIRIDIS) - 1)
    low = min(int(position), len(VIRIDIS) - 2)
    part = position - low
    a, b = rgb(VIRIDIS[low]), rgb(VIRIDIS[low + 1])
    return hex_colour(*(x + (y - x) * part for x, y in zip(a, b, strict=True)))


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance: 0 for black, 1 for white."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio, from 1 (none) to 21 (black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(background: str) -> str:
    """Black or white, whichever reads better on `background`."""
    return "#000000" if contrast("#000000", background) >= contrast("#ffffff", background) else "#ffffff"
