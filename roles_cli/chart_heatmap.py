"""A heatmap of how alike every pair of some roles is, as SVG: one row and one column per role, in
the order that puts alike roles together (matrix.py), each cell coloured by its value along viridis
and holding the value as a percentage.

The colour scale runs from 0 to the largest value off the diagonal (rounded up to a tenth), so
that the cells differ even where every value is small; the scale under the grid says where it ends.
The diagonal, a role with itself, is grey and empty.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from roles_cli import svg
from roles_cli.palette import FAINT, INK, MUTED, text_on, viridis
from roles_cli.views import percent

if TYPE_CHECKING:
    from roles_cli.matrix import SimilarityMatrix

CELL = 48.0
VALUE = 12.0
NAME = 13.0
TITLE = 18.0
SUBTITLE = 13.0
MARGIN = 24.0
STEPS = 10
"""Boxes in the colour scale under the grid."""
METHOD_NAMES = {"tfidf": "TF-IDF cosine", "jaccard": "weighted Jaccard"}


def scale_top(grid: SimilarityMatrix) -> float:
    """Where the colour scale ends: the largest value off the diagonal, rounded up to a tenth."""
    values = [v for i, row in enumerate(grid.values) for j, v in enumerate(row) if i != j]
    return max(0.1, math.ceil(round(max(values, default=0.0) * 10, 6)) / 10)


def heatmap_svg(grid: SimilarityMatrix, *, ident: str = "heatmap") -> str:
    count = len(grid.roles)
    top = scale_top(grid)
    texts: list[svg.TextBlock] = []
    name_width = max(svg.text_width(role.name, NAME, bold=True) for role in grid.roles)

    # The grid's top left corner is (0, 0); names go left of it and above it.
    for n, role in enumerate(grid.roles):
        bold = role == grid.around
        middle = n * CELL + CELL / 2 + 0.35 * NAME
        row_name = {"class": "row-name", "data-role": role.id}
        texts.append(svg.TextBlock(-8, (middle,), (role.name,), NAME, bold, "end", INK, row_name))
        column_name = {"class": "column-name", "data-role": role.id}
        texts.append(
            svg.TextBlock(middle, (-8.0,), (role.name,), NAME, bold, "start", INK, column_name, upright=True)
        )
    cells: list[tuple[float, float, dict[str, str | float | None], str]] = []
    for i, row in enumerate(grid.roles):
        for j, column in enumerate(grid.roles):
            value = grid.values[i][j]
            x, y = j * CELL, i * CELL
            attrs: dict[str, str | float | None] = {
                "class": "cell",
                "data-roles": f"{row.id} {column.id}",
                "data-value": f"{value:.4f}",
            }
            if i == j:
                cells.append((x, y, {**attrs, "fill": FAINT}, ""))
                continue
            colour = viridis(value / top)
            tip = svg.title(f"{row.name} and {column.name}: {percent(value)}")
            cells.append((x, y, {**attrs, "fill": colour}, tip))
            texts.append(
                svg.TextBlock(
                    x + CELL / 2,
                    (y + CELL / 2 + 0.35 * VALUE,),
                    (percent(value),),
                    VALUE,
                    anchor="middle",
                    fill=text_on(colour),
                    attrs={"class": "value"},
                )
            )

    # The colour scale and what the grid shows, under it.
    side = count * CELL
    scale_y = side + 20
    step = max(side, 240.0) / STEPS
    below = scale_y + 14 + 4 + svg.ASCENT * VALUE
    texts.append(svg.TextBlock(0, (below,), ("0%",), VALUE, fill=MUTED))
    texts.append(svg.TextBlock(step * STEPS, (below,), (percent(top),), VALUE, anchor="end", fill=MUTED))
    dimensions = ", ".join(grid.dimensions)
    mean = f"the mean over {dimensions}" if len(grid.dimensions) > 1 else f"in {dimensions}"
    notes = [
        f"Each cell: how alike its row's and its column's roles are ({METHOD_NAMES.get(grid.method, grid.method)}, {mean}).",
        "Alike roles sit next to each other; the lighter the cell, the more alike.",
    ]
    if grid.around is not None:
        notes.append(
            f"{grid.around.name} (in bold) and the {count - 1} roles most like it, of {grid.population:,} in the file."
        )
    width = max(side + name_width + 8, 600.0)
    y = below + 28
    for note in notes:
        for line in (line.rstrip() for line in svg.wrap(note, width, SUBTITLE)):
            texts.append(svg.TextBlock(-name_width - 8, (y,), (line,), SUBTITLE, fill=MUTED))
            y += SUBTITLE * 1.35

    # The title above the column names.
    column_top = min(b.top for t in texts for b in t.boxes())
    title = (
        f"How alike the roles are in {dimensions}" if len(grid.dimensions) == 1 else "How alike the roles are"
    )
    y = column_top - 14 - svg.DESCENT * TITLE
    texts.append(svg.TextBlock(-name_width - 8, (y,), (title,), TITLE, True))

    area = svg.bounds(
        [b for t in texts for b in t.boxes()] + [svg.Box(0, 0, max(side, step * STEPS), scale_y + 14)]
    )
    dx, dy = MARGIN - area.left, MARGIN - area.top
    shapes = [
        svg.element(
            "rect",
            {"x": x + dx, "y": y + dy, "width": CELL, "height": CELL, **attrs, "stroke": "#ffffff"},
            tip,
        )
        for x, y, attrs, tip in cells
    ]
    shapes += [
        svg.element(
            "rect",
            {
                "x": k * step + dx,
                "y": scale_y + dy,
                "width": step,
                "height": 14,
                "fill": viridis((k + 0.5) / STEPS),
            },
        )
        for k in range(STEPS)
    ]
    description = "; ".join(
        f"{a.name} and {b.name}: {percent(grid.values[i][j])}"
        for i, a in enumerate(grid.roles)
        for j, b in enumerate(grid.roles)
        if i < j
    )
    return svg.document(
        [*shapes, *(t.markup(dx, dy) for t in texts)],
        width=area.right - area.left + 2 * MARGIN,
        height=area.bottom - area.top + 2 * MARGIN,
        title_text=title,
        description=f"Similarity of every pair of roles. {description}",
        ident=ident,
    )
