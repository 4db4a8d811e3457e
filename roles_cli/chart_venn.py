"""A Venn diagram of two or three roles' items in one dimension, as SVG.

The regions are overlap's groups (analysis.py): each item is written, as one <text>, inside the
circles of exactly the roles that list it, those shared by all in the middle; the most important
first, core ones in bold; "+N more" where a region cannot hold them all. venn_layout.py places
them; this module builds the model from the answer and writes the picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from roles_cli import svg
from roles_cli.errors import UsageError
from roles_cli.palette import FILL_OPACITY, INK, MUTED, ROLE_STYLES
from roles_cli.svg import wrap
from roles_cli.venn_layout import (
    MAX_BESIDE,
    Circle,
    Label,
    Metrics,
    Region,
    RegionLayout,
    circles_for,
    fit_list,
    label,
    place_region,
)

if TYPE_CHECKING:
    from roles_cli.analysis import Overlap
    from roles_cli.model import Role

CORE = 4.5
"""Items of this importance or more (a 5, or O*NET's 4.5 and up) are a role's core: in bold."""
RADII = (150.0, 175.0, 200.0, 230.0, 260.0, 300.0, 340.0)
"""The circle sizes tried, smallest first: the first that holds every name is drawn."""
RATIOS = {2: (1.1, 1.0, 1.25, 0.85), 3: (1.1, 1.0, 1.2, 0.9)}
"""How far apart the centres are, in radii, by the number of circles; tried in this order at each size."""
METRICS = Metrics()
MARGIN = 24.0
TITLE = 18.0
SUBTITLE = 13.0
NAME = 15.0
LEGEND = 13.0


class VennItem(NamedTuple):
    name: str
    importance: float
    """The highest importance any of its roles gives it."""

    @property
    def core(self) -> bool:
        return self.importance >= CORE


class VennRegion(NamedTuple):
    roles: tuple[str, ...]
    """The roles whose circles hold it, and no others."""
    items: tuple[VennItem, ...]
    """Most important first."""


class Venn(NamedTuple):
    dimension: str
    roles: tuple[Role, ...]
    regions: tuple[VennRegion, ...]
    """The regions that hold an item."""

    def total(self, role: str) -> int:
        return sum(len(region.items) for region in self.regions if role in region.roles)

    def only(self, role: str) -> int:
        return sum(len(region.items) for region in self.regions if region.roles == (role,))


def venn(result: Overlap) -> Venn:
    """The Venn diagram of an overlap of two or three roles in one dimension."""
    count = len(result.roles)
    if not 2 <= count <= 3:
        raise UsageError(
            f"a Venn diagram shows two or three roles, not {count}; an UpSet chart shows more",
            argument="roles",
        )
    (dimension,) = result.dimensions
    # The importance of each item by the name overlap gives it: the spelling of the first role, in
    # the order given, that has it (analysis.py), so the roles are read in that order here too.
    spelled: dict[str, str] = {}
    importance: dict[str, float] = {}
    for role in result.roles:
        for item in role.items(dimension.dimension):
            name = spelled.setdefault(item.key, item.name)
            importance[name] = max(importance.get(name, 0.0), float(item.importance))
    regions = []
    for group in dimension.groups:
        order = {name: n for n, name in enumerate(group.items)}
        items = sorted(group.items, key=lambda name: (-importance[name], order[name]))
        regions.append(VennRegion(group.roles, tuple(VennItem(name, importance[name]) for name in items)))
    return Venn(dimension.dimension, result.roles, tuple(regions))


# -- layout ------------------------------------------------------------------------------------------


class Layout(NamedTuple):
    circles: tuple[Circle, ...]
    regions: tuple[tuple[VennRegion, RegionLayout], ...]

    @property
    def hidden(self) -> int:
        return sum(layout.hidden for _, layout in self.regions)


def layout(model: Venn, metrics: Metrics = METRICS) -> Layout:
    """The smallest circles that hold every name in plain lists, one name a row; else the smallest
    that hold them all with names side by side; else the largest, with "+N more"."""
    ids = [role.id for role in model.roles]
    for beside in (1, MAX_BESIDE):
        for r in RADII:
            for ratio in RATIOS[len(ids)]:
                placed = _place_all(model, ids, circles_for(len(ids), r, ratio), metrics, beside=beside)
                if placed is not None:
                    return placed
    fallback: Layout | None = None
    for ratio in RATIOS[len(ids)]:
        placed = _place_all(model, ids, circles_for(len(ids), RADII[-1], ratio), metrics, beside=None)
        if placed is not None and (fallback is None or placed.hidden < fallback.hidden):
            fallback = placed
    assert fallback is not None, "the largest circles hold at least '+N more' in every region"
    return fallback


def _place_all(
    model: Venn, ids: Sequence[str], circles: tuple[Circle, ...], metrics: Metrics, *, beside: int | None
) -> Layout | None:
    """Every region's names, up to `beside` side by side, or None as soon as a region cannot hold
    all of its own; with `beside` None, as many as fit and "+N more" (None if not even that fits)."""
    done = []
    for region_model in model.regions:
        members = frozenset(ids.index(role) for role in region_model.roles)
        region = Region(circles, members)
        room = region.width_at(region.anchor[1], metrics.line) * 0.95
        labels = [
            label(item.name, room, metrics, bold=item.core, item=n)
            for n, item in enumerate(region_model.items)
        ]
        if beside is not None:
            placed = fit_list(region, labels, metrics, beside=beside)
            if placed is None:
                return None
            done.append((region_model, RegionLayout(placed, 0)))
            continue
        result = place_region(region, labels, partial(_more, width=room, metrics=metrics), metrics)
        if result is None:
            return None
        done.append((region_model, result))
    return Layout(circles, tuple(done))


def _more(hidden: int, *, width: float, metrics: Metrics) -> Label:
    return label(f"+{hidden} more", width, metrics)


# -- drawing -----------------------------------------------------------------------------------------


def venn_svg(model: Venn, *, ident: str = "venn", metrics: Metrics = METRICS) -> str:
    """The diagram as a standalone SVG document."""
    placed = layout(model, metrics)
    circles = placed.circles
    names = [role.name for role in model.roles]
    texts: list[svg.TextBlock] = []

    # The roles' names, outside the circles: above the upper ones, below the lower one.
    top = min(c.y - c.r for c in circles)
    bottom = max(c.y + c.r for c in circles)
    middle = (circles[0].x + circles[1].x) / 2
    for n, (role, c) in enumerate(zip(model.roles, circles, strict=True)):
        lines = wrap(role.name, 1.6 * c.r, NAME, bold=True)
        wide = max(svg.text_width(line, NAME, bold=True) for line in lines)
        height = NAME * 1.2 * (len(lines) - 1)
        x = c.x
        if n < 2:  # the two upper names side by side, pushed apart where they would meet
            x = min(c.x, middle - 12 - wide / 2) if n == 0 else max(c.x, middle + 12 + wide / 2)
            first = top - 12 - svg.DESCENT * NAME - height
        else:
            first = c.y + c.r + 12 + svg.ASCENT * NAME
        baselines = tuple(first + k * NAME * 1.2 for k in range(len(lines)))
        attrs = {"class": "role-name", "data-role": role.id}
        texts.append(svg.TextBlock(x, baselines, lines, NAME, True, "middle", INK, attrs))
    for region, result in placed.regions:
        roles = " ".join(region.roles)
        for spot in result.placed:
            if spot.label.item < 0:
                attrs = {"class": "more", "data-roles": roles}
                fill = MUTED
            else:
                attrs = {"class": "item", "data-roles": roles}
                fill = INK
            texts.append(
                svg.TextBlock(
                    spot.x,
                    spot.baselines,
                    spot.label.lines,
                    metrics.size,
                    spot.label.bold,
                    "middle",
                    fill,
                    attrs,
                )
            )

    # Title and explanation above, legend below, from the left edge of what is drawn.
    boxes = [box for t in texts for box in t.boxes()]
    left = min([c.x - c.r for c in circles] + [b.left for b in boxes])
    right = max([c.x + c.r for c in circles] + [b.right for b in boxes])
    width = max(right - left, 600.0)
    heading_top = min([top] + [b.top for b in boxes]) - 16
    count = len(model.roles)
    everyone = next((len(r.items) for r in model.regions if len(r.roles) == count), 0)
    title_lines = wrap(f"What {_joined(names)} share in {model.dimension}", width, TITLE, bold=True)
    all_of_them = "all three" if count == 3 else "both"
    shared_part = "the middle" if count == 3 else "the overlap"
    subtitle = "Each item sits in the circles of the roles that list it; " + (
        f"{shared_part} holds the {everyone} {all_of_them} share."
        if everyone
        else f"no item is shared by {all_of_them}."
    )
    subtitle_lines = wrap(subtitle, width, SUBTITLE)
    heading: list[tuple[str, float, bool]] = [(line, TITLE, True) for line in title_lines]
    heading += [(line, SUBTITLE, False) for line in subtitle_lines]
    y = heading_top
    above: list[svg.TextBlock] = []
    for line, size, bold in reversed(heading):  # upwards from the top of the picture
        above.append(
            svg.TextBlock(left, (y - svg.DESCENT * size,), (line,), size, bold, fill=INK if bold else MUTED)
        )
        y -= size * 1.35
    texts[:0] = reversed(above)  # in reading order, first
    legend_y = max([bottom] + [b.bottom for b in boxes]) + 28
    legend_rows: list[tuple[int | None, str]] = []
    for n, role in enumerate(model.roles):
        legend_rows.append(
            (n, f"{role.name} ({role.id}): {model.total(role.id)} in all, {model.only(role.id)} only here")
        )
    if any(item.core for region in model.regions for item in region.items):
        legend_rows.append((None, f"Bold: core to at least one of the roles (importance {CORE:g} or more)."))
    if placed.hidden:
        legend_rows.append(
            (None, "+N more: the rest of a region's items, left out for room; roles overlap lists them all.")
        )
    swatches = []
    for swatch, line in legend_rows:
        baseline = legend_y + svg.ASCENT * LEGEND
        for k, piece in enumerate(wrap(line, width - 26, LEGEND)):
            texts.append(svg.TextBlock(left + 26, (baseline + k * LEGEND * 1.3,), (piece,), LEGEND, fill=INK))
        if swatch is not None:
            swatches.append((swatch, left + 10, baseline - 0.3 * LEGEND))
        legend_y += LEGEND * 1.3 * len(wrap(line, width - 26, LEGEND)) + 6

    # Everything moved so that the picture starts MARGIN from the top left.
    boxes = [box for t in texts for box in t.boxes()]
    min_x = min([c.x - c.r for c in circles] + [b.left for b in boxes])
    min_y = min([c.y - c.r for c in circles] + [b.top for b in boxes])
    max_x = max([c.x + c.r for c in circles] + [b.right for b in boxes])
    max_y = max([c.y + c.r for c in circles] + [b.bottom for b in boxes])
    dx, dy = MARGIN - min_x, MARGIN - min_y

    body = []
    for n, (role, c) in enumerate(zip(model.roles, circles, strict=True)):
        style = ROLE_STYLES[n]
        body.append(
            svg.element(
                "circle",
                {
                    "class": "role",
                    "data-role": role.id,
                    "cx": c.x + dx,
                    "cy": c.y + dy,
                    "r": c.r,
                    "fill": style.colour,
                    "fill-opacity": FILL_OPACITY,
                    "stroke": style.colour,
                    "stroke-width": 2.5,
                    "stroke-dasharray": style.dash,
                },
                svg.title(f"{role.name}: {model.total(role.id)} items in {model.dimension}"),
            )
        )
    for which, x, y in swatches:
        style = ROLE_STYLES[which]
        body.append(
            svg.element(
                "circle",
                {
                    "class": "swatch",
                    "cx": x + dx,
                    "cy": y + dy,
                    "r": 7,
                    "fill": style.colour,
                    "fill-opacity": FILL_OPACITY * 2,
                    "stroke": style.colour,
                    "stroke-width": 2,
                    "stroke-dasharray": "3 2" if style.dash else None,
                },
            )
        )
    for t in texts:
        body.append(t.markup(dx, dy))
    description = "; ".join(
        f"{' and '.join(region.roles)}: {', '.join(item.name for item in region.items)}"
        for region in model.regions
    )
    return svg.document(
        body,
        width=max_x - min_x + 2 * MARGIN,
        height=max_y - min_y + 2 * MARGIN,
        title_text=title_lines and " ".join(line.strip() for line in title_lines) or "Venn diagram",
        description=f"Venn diagram of {model.dimension}. {description}",
        ident=ident,
    )


def _joined(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


__all__ = ["Label", "Venn", "VennItem", "VennRegion", "layout", "venn", "venn_svg"]
