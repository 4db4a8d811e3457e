"""How wide each column of a people's table is: what a column needs to keep its words whole, and how
a terminal's width is shared among the columns; or, when the words cannot all stay whole side by
side, that the table is shown as records, one after another (the stacked layout).

Pure: it reads cells as views.py formats them, and measures text with the function it is given
(render_table.py passes Rich's, which counts a CJK character or an emoji as two columns).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from roles_cli.views import Bullets, Cell, Marked, PeopleTable

Measure = Callable[[str], int]
"""The columns a text takes in a terminal."""

KEY_WIDTH = 20
"""Identifiers up to this long stay on one line where the width allows."""
LONGEST_WORD = 30
"""A word longer than this (a URL, a run of CJK text) folds rather than widen its column."""
CHROME = 3
"""What each column adds to its text: a space either side and a border."""

_BREAK_AFTER_HYPHEN = re.compile(r"(?<=[^\W\d_]-)(?=[^\W\d_])")
"""Where a word may break: after a hyphen between letters ("data-scientist"), never inside a number
or a date ("15-2051.00", "2023-07-26")."""
_WORD = re.compile(r"\S+")
_NEWLINE = re.compile("\n")


class Needs(NamedTuple):
    """What one column needs, in terminal columns of text (its padding and border excluded)."""

    least: int
    """The narrowest that keeps every word whole (identifiers may break after a hyphen)."""
    comfortable: int
    """The narrowest that also keeps identifiers whole, up to KEY_WIDTH."""
    most: int
    """The widest line: more is of no use."""
    grow: bool = False
    """Takes what the others leave (a long text such as a summary)."""


def words(text: str) -> list[str]:
    """The pieces a line may break between: words, and the parts of a word after a hyphen between
    letters ("data-", "scientist")."""
    pieces = text.split()
    if "-" in text:
        pieces = [part for piece in pieces for part in _BREAK_AFTER_HYPHEN.split(piece)]
    return pieces


def wrap(text: str, width: int, measure: Measure) -> list[str]:
    """`text` in lines of at most `width` (see line_spans)."""
    return [text[start:end] for start, end in line_spans(text, width, measure)]


def line_spans(text: str, width: int, measure: Measure) -> list[tuple[int, int]]:
    """Where each line of `text` starts and ends once it is wrapped to `width`: between words, or
    after a hyphen between letters where the whole word does not fit; a word longer than `width` is
    folded. The spaces a line breaks at belong to no line."""
    spans: list[tuple[int, int]] = []
    paragraph = 0
    for stop in [*(newline.start() for newline in _NEWLINE.finditer(text)), len(text)]:
        start = end = paragraph
        empty = True
        for word in _WORD.finditer(text, paragraph, stop):
            cuts = [word.start() + m.start() for m in _BREAK_AFTER_HYPHEN.finditer(word.group()) if m.start()]
            for piece_start, piece_end in zip([word.start(), *cuts], [*cuts, word.end()], strict=True):
                if empty:
                    start, empty = piece_start, False
                elif measure(text[start:piece_end]) > width:
                    spans.append((start, end))
                    start = piece_start
                end = piece_end
                while end - start > 1 and measure(text[start:end]) > width:  # a word longer than a line
                    cut = start + _fit(text[start:end], width, measure)
                    spans.append((start, cut))
                    start = cut
        spans.append((start, end))
        paragraph = stop + 1
    return spans


def _fit(text: str, width: int, measure: Measure) -> int:
    """How many characters of `text` fit in `width` (at least one)."""
    used = 0
    for index, char in enumerate(text):
        used += measure(char)
        if used > width:
            return max(index, 1)
    return len(text)


def cell_lines(cell: Cell) -> list[str]:
    """A cell's text, one entry a line as people read it."""
    if isinstance(cell, Marked):
        return [cell.text]
    if isinstance(cell, Bullets):
        return cell.lines()
    if isinstance(cell, str):
        return [cell]
    return [str(line) for line in cell]


def column_needs(view: PeopleTable, index: int, measure: Measure) -> Needs:
    column = view.columns[index]
    least = max((min(measure(piece), LONGEST_WORD) for piece in words(column.header or "")), default=1)
    most = measure(column.header or "")  # on one line where there is room
    key = 0  # the widest identifier short enough to keep whole
    # A section's name goes on a line of its own in the first column.
    cells: list[Cell] = list(dict.fromkeys(view.sections)) if index == 0 else []
    for cell in [*cells, *(row[index] for row in view.rows)]:
        if isinstance(cell, Bullets):
            indent = max((len(mark) for mark in cell.marks), default=1) + 1
            texts: Sequence[str] = cell.items
        else:
            indent, texts = 0, cell_lines(cell)
        for text in texts:
            pieces = words(text)
            if pieces:
                least = max(least, indent + max(min(measure(piece), LONGEST_WORD) for piece in pieces))
            full = indent + measure(text)
            most = max(most, full)
            if column.key and full <= KEY_WIDTH:
                key = max(key, full)
    if column.bar:  # a percentage and its bar on one line
        least = max(least, min(most, KEY_WIDTH))
    most = max(least, min(most, column.max_width) if column.max_width else most)
    return Needs(least, max(least, min(key, most)), most, column.grow)


def table_width(widths: Sequence[int]) -> int:
    """The width of a boxed table whose columns' texts are `widths` wide."""
    return sum(widths) + CHROME * len(widths) + 1


def column_widths(needs: Sequence[Needs], width: int) -> list[int] | None:
    """Each column's width in a table at most `width` wide, every word whole; None when that cannot
    be done side by side (the table is then best shown stacked).

    Each column first gets what it needs at the least (with identifiers whole, where they fit), then
    what is left goes where it helps. A growing column (a long text) gets all it can use where the
    others can still keep their words whole: a text wraps into many more lines than a header or an
    identifier that breaks after a hyphen. Where it could use more than that, the others first get
    up to half of the width, so that a long identifier folds rather than leave a summary one word
    wide, and the growing columns the rest. Without a growing column, every column gets a share in
    proportion to what it could still use.
    """
    available = width - CHROME * len(needs) - 1
    widths = [need.comfortable for need in needs]
    if sum(widths) > available:
        widths = [need.least for need in needs]
        if sum(widths) > available:
            return None
    most = [need.most for need in needs]
    growing = [i for i, need in enumerate(needs) if need.grow]
    others = [i for i, need in enumerate(needs) if not need.grow]
    if growing and sum(most[i] - widths[i] for i in growing) > available - sum(widths):
        half = available // 2 - sum(widths[i] for i in others)
        _share(widths, others, most, min(half, available - sum(widths)))
    _share(widths, growing, most, available - sum(widths))
    _share(widths, range(len(needs)), most, available - sum(widths))
    return widths


def _share(widths: list[int], indexes: Sequence[int], most: Sequence[int], extra: int) -> None:
    """Give up to `extra` columns to the columns at `indexes`, in proportion to what each could still
    use, and none beyond its `most`."""
    wants = {i: most[i] - widths[i] for i in indexes if most[i] > widths[i]}
    total = sum(wants.values())
    if extra <= 0 or not total:
        return
    if extra >= total:
        for i, want in wants.items():
            widths[i] += want
        return
    given = 0
    for i, want in wants.items():
        share = extra * want // total
        widths[i] += share
        given += share
    for i in sorted(wants, key=lambda i: most[i] - widths[i], reverse=True):  # what rounding left
        if given == extra:
            break
        if widths[i] < most[i]:
            widths[i] += 1
            given += 1


class Labels(NamedTuple):
    """How a stacked record places its labels: beside the values, or each on a line of its own."""

    width: int
    """The labels' column, beside the values; 0: each label on a line of its own, its value below."""
    value: int
    """The width left for a value."""


INDENT = 2
"""A stacked record's fields sit this far in from its heading."""


def stacked_labels(labels: Sequence[str], values: int, width: int, measure: Measure) -> Labels:
    """Labels beside their values where the values keep `values` columns (their longest word) and at
    least half of the line, and no word of a label breaks; else each label on a line of its own,
    its value under it."""
    longest_word = max((measure(piece) for label in labels for piece in words(label)), default=0)
    widest = max((measure(label) for label in labels), default=0)
    beside = max(longest_word, min(widest, width - INDENT - 2 - max(values, width // 2)))
    left = width - INDENT - beside - 2
    if left >= values and beside <= width // 2:
        return Labels(beside, left)
    return Labels(0, width - 2 * INDENT)
