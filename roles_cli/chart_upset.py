"""An UpSet chart of several roles' items in one dimension, as SVG (A. Lex, N. Gehlenborg,
H. Strobelt, R. Vuillemot and H. Pfister, "UpSet: Visualization of Intersecting Sets", IEEE TVCG,
2014): what a Venn diagram shows, for more roles than circles can.

One row per role, one column per combination of roles: the dots of a column mark the roles of
its combination, and the bar above it counts the items exactly those roles share (overlap's groups,
analysis.py), largest first. The bars left of the roles' names count each role's items.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from roles_cli import svg
from roles_cli.errors import UsageError
from roles_cli.palette import BAR, FAINT, INK, MUTED, STRIPE

if TYPE_CHECKING:
    from roles_cli.analysis import Overlap
    from roles_cli.model import Role

MAX_ROLES = 30
"""More rows than this are no longer a chart one can read."""
DEFAULT_TOP = 20
"""How many combinations are shown when not told."""
ROW = 26.0
DOT = 7.0
NAME = 13.0
COUNT = 11.0
TITLE = 18.0
NOTE = 13.0
BARS = 170.0
"""The height of the tallest combination's bar."""
SET_BARS = 110.0
"""The length of the longest role's bar."""
MARGIN = 24.0
Attrs = dict[str, str | float | None]


class Combination(NamedTuple):
    roles: tuple[str, ...]
    items: tuple[str, ...]


class UpSet(NamedTuple):
    dimension: str
    roles: tuple[Role, ...]
    sizes: tuple[int, ...]
    """How many items each role has, in the order of `roles`."""
    combinations: tuple[Combination, ...]
    """The largest first; the first `top`."""
    total: int
    """How many combinations hold an item."""


def upset(result: Overlap, *, top: int | None = DEFAULT_TOP) -> UpSet:
    """The UpSet chart of an overlap in one dimension: its `top` largest combinations (all: None)."""
    if len(result.roles) > MAX_ROLES:
        raise UsageError(
            f"an UpSet chart shows at most {MAX_ROLES} roles, not {len(result.roles):,}", argument="roles"
        )
    (dimension,) = result.dimensions
    order = {role.id: n for n, role in enumerate(result.roles)}
    ranked = sorted(
        dimension.groups,
        key=lambda g: (-len(g.items), len(g.roles), [order[r] for r in g.roles]),
    )
    shown = ranked[:top] if top is not None else ranked
    sizes = tuple(len(role.items(dimension.dimension)) for role in result.roles)
    return UpSet(
        dimension.dimension,
        result.roles,
        sizes,
        tuple(Combination(g.roles, g.items) for g in shown),
        len(ranked),
    )


def upset_svg(chart: UpSet, *, ident: str = "upset") -> str:
    count = len(chart.combinations)
    biggest = max((len(c.items) for c in chart.combinations), default=0)
    column = max(ROW, svg.text_width(f"{biggest:,}", COUNT) + 8)
    name_width = max(svg.text_width(role.name, NAME) for role in chart.roles)
    largest = max(chart.sizes, default=0)
    size_width = svg.text_width(f"{largest:,}", COUNT)
    # x: the set bars end at 0, the names follow, then the matrix; y: the matrix starts at 0.
    names_right = 12 + name_width
    matrix_left = names_right + 12
    texts: list[svg.TextBlock] = []
    shapes: list[tuple[str, Attrs, str]] = []
    width_right = matrix_left + count * column
    for n, (role, size) in enumerate(zip(chart.roles, chart.sizes, strict=True)):
        middle = n * ROW + ROW / 2
        if n % 2 == 0:
            shapes.append(
                (
                    "rect",
                    {
                        "x": -SET_BARS,
                        "y": n * ROW,
                        "width": width_right + SET_BARS,
                        "height": ROW,
                        "fill": STRIPE,
                    },
                    "",
                )
            )
        length = SET_BARS * size / largest if largest else 0.0
        bar: Attrs = {"class": "set", "data-role": role.id, "data-count": size}
        bar |= {"x": -length, "y": middle - 7, "width": length, "height": 14, "fill": BAR}
        shapes.append(("rect", bar, svg.title(f"{role.name}: {size} items")))
        texts.append(
            svg.TextBlock(
                -length - 4, (middle + 0.35 * COUNT,), (f"{size:,}",), COUNT, anchor="end", fill=MUTED
            )
        )
        attrs = {"class": "role-name", "data-role": role.id}
        texts.append(
            svg.TextBlock(names_right, (middle + 0.35 * NAME,), (role.name,), NAME, anchor="end", attrs=attrs)
        )
    for k, combination in enumerate(chart.combinations):
        x = matrix_left + k * column + column / 2
        rows = [n for n, role in enumerate(chart.roles) if role.id in combination.roles]
        for n in range(len(chart.roles)):  # the others' dots first: the line runs over them
            if n not in rows:
                shapes.append(
                    (
                        "circle",
                        {"class": "dot", "cx": x, "cy": n * ROW + ROW / 2, "r": DOT, "fill": FAINT},
                        "",
                    )
                )
        if len(rows) > 1:
            line: Attrs = {"x1": x, "y1": rows[0] * ROW + ROW / 2, "x2": x, "y2": rows[-1] * ROW + ROW / 2}
            shapes.append(("line", {**line, "stroke": INK, "stroke-width": 3}, ""))
        for n in rows:
            dot: Attrs = {"class": "dot in", "data-role": chart.roles[n].id}
            dot |= {"cx": x, "cy": n * ROW + ROW / 2, "r": DOT, "fill": INK}
            shapes.append(("circle", dot, ""))
        height = BARS * len(combination.items) / biggest if biggest else 0.0
        bar = {"class": "combination", "data-roles": " ".join(combination.roles)}
        bar |= {"data-count": len(combination.items)}
        bar |= {
            "x": x - column / 2 + 3,
            "y": -12 - height,
            "width": column - 6,
            "height": height,
            "fill": BAR,
        }
        names = ", ".join(combination.items)
        tip = f"{' and '.join(combination.roles)}: {len(combination.items)} items only they share: {names}"
        shapes.append(("rect", bar, svg.title(tip)))
        texts.append(
            svg.TextBlock(
                x,
                (-12 - height - 4 - svg.DESCENT * COUNT,),
                (f"{len(combination.items):,}",),
                COUNT,
                anchor="middle",
            )
        )

    # Around the chart: what the bars mean, what was left out, the title.
    middle = -12 - BARS / 2
    lines = ("Items only these roles share", "(the roles dotted below)")
    texts.append(
        svg.TextBlock(names_right, (middle, middle + NOTE * 1.3), lines, NOTE, anchor="end", fill=MUTED)
    )
    bottom = len(chart.roles) * ROW
    texts.append(
        svg.TextBlock(-SET_BARS, (bottom + 8 + svg.ASCENT * NOTE,), ("Items per role",), NOTE, fill=MUTED)
    )
    notes = []
    if count < chart.total:
        notes.append(f"The {count} largest of {chart.total} combinations; roles overlap lists them all.")
    y = bottom + 8 + svg.ASCENT * NOTE + NOTE * 1.6
    for note in notes:
        texts.append(svg.TextBlock(-SET_BARS - size_width - 4, (y,), (note,), NOTE, fill=MUTED))
        y += NOTE * 1.35
    left = -SET_BARS - size_width - 4
    title = f"What {len(chart.roles)} roles share in {chart.dimension}"
    top = min(b.top for t in texts for b in t.boxes())
    texts.append(
        svg.TextBlock(left, (min(top, -12 - BARS) - 16 - svg.DESCENT * NOTE,), (title,), TITLE, True)
    )

    area = svg.bounds(
        [b for t in texts for b in t.boxes()] + [svg.Box(left, -12 - BARS, width_right, bottom)]
    )
    dx, dy = MARGIN - area.left, MARGIN - area.top
    body = [svg.element(tag, _moved(attrs, dx, dy), tip) for tag, attrs, tip in shapes]
    body += [t.markup(dx, dy) for t in texts]
    description = "; ".join(f"{' and '.join(c.roles)}: {len(c.items)}" for c in chart.combinations)
    return svg.document(
        body,
        width=area.right - area.left + 2 * MARGIN,
        height=area.bottom - area.top + 2 * MARGIN,
        title_text=title,
        description=f"UpSet chart: items only these roles share. {description}",
        ident=ident,
    )


def _moved(attrs: Attrs, dx: float, dy: float) -> Attrs:
    """A shape's attributes with its coordinates moved by (dx, dy)."""
    moved = dict(attrs)
    for name, shift in (
        ("x", dx),
        ("x1", dx),
        ("x2", dx),
        ("cx", dx),
        ("y", dy),
        ("y1", dy),
        ("y2", dy),
        ("cy", dy),
    ):
        value = moved.get(name)
        if isinstance(value, float | int):
            moved[name] = value + shift
    return moved
