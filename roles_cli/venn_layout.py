"""Where a Venn diagram's circles go and where each item's name is written: plain geometry.

Two or three circles of one radius. Every region (the part of the plane inside exactly some of
the circles) gets its items as a centred list, most important first, one name a row (two or more
side by side where a region is wide and short), each name wrapped at its spaces when it is longer
than a circle is wide. A name's box (svg.text_box) lies inside every circle of its region and
outside every other, PAD away from each edge, so no name crosses an edge, and names of one region
never share a row band, so no two overlap. What does not fit is counted in a last row,
"+N more".

The search is exact about containment: for a horizontal band (a row of text) it computes the
x-intervals where a box spanning the band lies inside the circles it must be in and outside the
others (a box lies inside a circle when its four corners do; it misses one when its nearest point
does), and a row is put only into such an interval.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

from roles_cli.svg import ASCENT, text_width, wrap

PAD = 5.0
"""The least room between a name and a circle's edge."""


class Circle(NamedTuple):
    x: float
    y: float
    r: float


class Metrics(NamedTuple):
    """The sizes a list of names is set in, in px."""

    size: float = 13.0
    line: float = 15.0
    """From one line of a wrapped name to the next (a line's box is 1.15 em)."""
    gap: float = 5.0
    """Between two names one above the other (more than between the lines of one name)."""
    beside: float = 18.0
    """Between two names side by side."""


class Label(NamedTuple):
    lines: tuple[str, ...]
    """The name as written, in lines; joined, they are the name."""
    width: float
    """The widest line's estimated width."""
    bold: bool = False
    item: int = -1
    """Which item it names, by its place in the region's list; -1 for "+N more"."""


class Placed(NamedTuple):
    label: Label
    x: float
    """The centre of every line."""
    baselines: tuple[float, ...]
    """One per line."""


class RegionLayout(NamedTuple):
    placed: tuple[Placed, ...]
    hidden: int
    """Items not shown; when more than 0, the last label placed is "+N more"."""


def label(text: str, width: float, metrics: Metrics, *, bold: bool = False, item: int = -1) -> Label:
    lines = wrap(text, width, metrics.size, bold=bold)
    return Label(lines, max(text_width(line, metrics.size, bold=bold) for line in lines), bold, item)


def circles_for(count: int, r: float, ratio: float) -> tuple[Circle, ...]:
    """Two circles side by side, or three in a triangle (two above, one below), their centres
    `ratio` × r apart, the whole centred on (0, 0)."""
    d = ratio * r
    if count == 2:
        return (Circle(-d / 2, 0.0, r), Circle(d / 2, 0.0, r))
    height = d * math.sqrt(3) / 2
    return (
        Circle(-d / 2, -height / 3, r),
        Circle(d / 2, -height / 3, r),
        Circle(0.0, 2 * height / 3, r),
    )


class Region:
    """The part of the plane inside the circles `members` and outside the others."""

    def __init__(self, circles: Sequence[Circle], members: frozenset[int], pad: float = PAD) -> None:
        self.circles = tuple(circles)
        self.members = members
        self.pad = pad
        inside = [circles[i] for i in members]
        self.top = max(c.y - c.r for c in inside) + pad
        self.bottom = min(c.y + c.r for c in inside) - pad
        self._free: dict[tuple[float, float], tuple[tuple[float, float], ...]] = {}
        self.area = 0.0
        self.anchor = self._anchor()

    def contains(self, x: float, y: float) -> float:
        """How far (x, y) is inside the region, from its nearest edge; negative outside."""
        depth = math.inf
        for i, c in enumerate(self.circles):
            distance = math.hypot(x - c.x, y - c.y)
            depth = min(depth, c.r - distance if i in self.members else distance - c.r)
        return depth

    def width_at(self, y: float, height: float) -> float:
        """The widest room for a row of `height` centred on `y`."""
        return max((b - a for a, b in self.free(y - height / 2, y + height / 2)), default=0.0)

    def _anchor(self) -> tuple[float, float]:
        """The point deepest inside the region, on a grid: where its list is centred. Sets `area`,
        the region's area (PAD in from its edges) as the grid counts it."""
        inside = [self.circles[i] for i in self.members]
        left = max(c.x - c.r for c in inside)
        right = min(c.x + c.r for c in inside)
        step = min(c.r for c in inside) / 16
        middle = ((left + right) / 2, (self.top + self.bottom) / 2)
        best = (-math.inf, 0.0, *middle)
        count = 0
        y = self.top + step / 2
        while y < self.bottom:
            x = left + step / 2
            while x < right:
                depth = self.contains(x, y)
                # Of points about as deep, the one nearest the middle: a symmetric region gets its
                # list on its axis, wherever the grid falls.
                rank = (round(depth / step * 4), -math.hypot(x - middle[0], y - middle[1]), x, y)
                if rank > best:
                    best = rank
                count += depth > self.pad
                x += step
            y += step
        self.area = count * step * step
        return best[2], best[3]

    def free(self, top: float, bottom: float) -> tuple[tuple[float, float], ...]:
        """The x-intervals where a box from `top` to `bottom` lies in the region, PAD from its edges."""
        key = (round(top, 2), round(bottom, 2))
        found = self._free.get(key)
        if found is None:
            found = self._free[key] = self._intervals(top, bottom)
        return found

    def _intervals(self, top: float, bottom: float) -> tuple[tuple[float, float], ...]:
        low, high = -math.inf, math.inf
        for i in self.members:  # inside: both ends of every vertical segment of the box
            c = self.circles[i]
            r = c.r - self.pad
            dy = max(abs(top - c.y), abs(bottom - c.y))
            if dy >= r:
                return ()
            half = math.sqrt(r * r - dy * dy)
            low, high = max(low, c.x - half), min(high, c.x + half)
        intervals = [(low, high)] if low < high else []
        for i, c in enumerate(self.circles):  # outside: the segment's point nearest the centre
            if i in self.members:
                continue
            r = c.r + self.pad
            dy = abs(min(max(c.y, top), bottom) - c.y)
            if dy >= r:
                continue
            half = math.sqrt(r * r - dy * dy)
            blocked = (c.x - half, c.x + half)
            intervals = [
                piece
                for a, b in intervals
                for piece in ((a, min(b, blocked[0])), (max(a, blocked[1]), b))
                if piece[1] > piece[0]
            ]
        return tuple(intervals)


def place_region(
    region: Region,
    labels: Sequence[Label],
    more: Callable[[int], Label],
    metrics: Metrics,
) -> RegionLayout | None:
    """Every label in the region if they fit; else as many as fit, the first ones, then `more(N)`
    for the N left out. None when not even "+N more" fits."""
    placed = fit_list(region, labels, metrics)
    if placed is not None:
        return RegionLayout(placed, 0)
    best: RegionLayout | None = None
    low, high = 0, len(labels) - 1
    while low <= high:  # the most that fit beside "+N more"
        middle = (low + high) // 2
        hidden = len(labels) - middle
        placed = fit_list(region, [*labels[:middle], more(hidden)], metrics)
        if placed is not None:
            best = RegionLayout(placed, hidden)
            low = middle + 1
        else:
            high = middle - 1
    return best


MAX_BESIDE = 4
FILL = 0.75
"""Names covering more than this share of a region's area are not tried: they never fit."""


def fit_list(
    region: Region, labels: Sequence[Label], metrics: Metrics, *, beside: int = MAX_BESIDE
) -> tuple[Placed, ...] | None:
    """The labels as a centred list, one a row; else, where that does not fit, as many side by side
    as a row holds (up to `beside`); None if they do not fit at all."""
    if not labels:
        return ()
    if sum(item.width * len(item.lines) * metrics.line for item in labels) > FILL * region.area:
        return None
    room = region.bottom - region.top
    step = metrics.line / 2
    for most in range(1, min(beside, len(labels)) + 1):
        rows = -(-len(labels) // most)
        height = max(len(item.lines) for item in labels) * metrics.line
        total = rows * (height + metrics.gap) - metrics.gap  # about: rows may hold fewer
        if most == 1 and total > room:
            continue
        ideal = min(max(region.anchor[1] - total / 2, region.top), region.bottom - min(total, room))
        tried = 0
        while tried * step <= room:
            for start in (ideal + tried * step, ideal - tried * step) if tried else (ideal,):
                if region.top <= start <= region.bottom:
                    placed = _flow(region, labels, start, most, metrics)
                    if placed is not None:
                        return placed
            tried += 1
    return None


def _flow(
    region: Region, labels: Sequence[Label], start: float, beside: int, metrics: Metrics
) -> tuple[Placed, ...] | None:
    """The labels in rows from `start` down, each row holding as many (up to `beside`) as fit
    side by side, centred as near the region's anchor as the row's room allows."""
    placed: list[Placed] = []
    top = start
    centre = region.anchor[0]
    index = 0
    while index < len(labels):
        for count in range(min(beside, len(labels) - index), 0, -1):
            row = labels[index : index + count]
            height = max(len(item.lines) for item in row) * metrics.line
            if top + height > region.bottom:
                continue
            width = sum(item.width for item in row) + metrics.beside * (count - 1)
            spots = [
                min(max(centre, a + width / 2), b - width / 2)
                for a, b in region.free(top, top + height)
                if b - a >= width
            ]
            if spots:
                break
        else:
            return None
        x = min(spots, key=lambda spot: abs(spot - centre)) - width / 2
        for item in row:
            first = top + ASCENT * metrics.size
            baselines = tuple(first + n * metrics.line for n in range(len(item.lines)))
            placed.append(Placed(item, x + item.width / 2, baselines))
            x += item.width + metrics.beside
        index += count
        top += height + metrics.gap
    return tuple(placed)
