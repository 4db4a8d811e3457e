"""Answers -> HTML tables, for a page (report_html.py): the tables people read in a terminal, with
column and row headers, as a document shows them.

Like every renderer it reads the Answer (views.py) and nothing else. Lists are shown whole: a page,
unlike a terminal, has room for every item to learn. Every text is escaped, and control characters
are shown as escapes (render.safe), as in every other format.
"""

from __future__ import annotations

import html

from roles_cli.render import safe
from roles_cli.views import BULLET, SHARED_MARK, Answer, Bullets, Cell, Marked, Table, for_people


def escape(text: str) -> str:
    """Text for HTML, between tags or in a double-quoted attribute."""
    return html.escape(safe(text), quote=True)


def html_answer(answer: Answer) -> str:
    """Every table of the answer, then its notes."""
    parts = [html_table(table) for table in answer.tables]
    parts += [f'<p class="note">{escape(note)}</p>' for note in answer.notes]
    return "\n".join(parts)


def html_table(table: Table) -> str:
    whole = table._replace(columns=tuple(column._replace(limit=None) for column in table.columns))
    shown = for_people(whole)
    rows = []
    header = ""
    if table.header:
        cells = "".join(
            f'<th scope="col"{_numeric(c.numeric)}>{escape(c.header) if c.header else _hidden(c.name)}</th>'
            for c in shown.columns
        )
        header = f"<thead><tr>{cells}</tr></thead>"
    for row in shown.rows:
        line = []
        for n, (column, cell) in enumerate(zip(shown.columns, row, strict=True)):
            tag = "th" if n == 0 else "td"
            scope = ' scope="row"' if n == 0 else ""
            line.append(f"<{tag}{scope}{_numeric(column.numeric)}>{html_cell(cell)}</{tag}>")
        rows.append(f"<tr>{''.join(line)}</tr>")
    caption = f"<caption>{escape(table.title)}</caption>" if table.title else ""
    below = ""
    if table.caption:
        below = (
            '<p class="caption">' + "<br>".join(escape(line) for line in table.caption.splitlines()) + "</p>"
        )
    return f'<div class="table"><table>{caption}{header}<tbody>{"".join(rows)}</tbody></table>{below}</div>'


def html_cell(cell: Cell) -> str:
    if isinstance(cell, Marked):
        pieces, last = [], 0
        for start, end in cell.spans:
            pieces += [escape(cell.text[last:start]), f"<mark>{escape(cell.text[start:end])}</mark>"]
            last = end
        return "".join([*pieces, escape(cell.text[last:])])
    if isinstance(cell, Bullets):
        entries = []
        for index, (mark, name) in enumerate(cell.entries()):
            shown = f"<strong>{escape(name)}</strong>" if index in cell.strong else escape(name)
            symbol = mark.strip()
            # A symbol (shared, or a bullet) says nothing a screen reader should read: <strong> says
            # "shared"; an importance does.
            hidden = ' aria-hidden="true"' if symbol in (SHARED_MARK, BULLET) else ""
            marked = f'<span class="mark"{hidden}>{escape(symbol)}</span>' if symbol else ""
            entries.append(f"<li>{marked}{shown}</li>")
        return f'<ul class="items">{"".join(entries)}</ul>'
    if isinstance(cell, str):
        return "<br>".join(escape(line) for line in cell.splitlines())
    return "<br>".join(escape(str(line)) for line in cell)


def _numeric(numeric: bool) -> str:
    return ' class="num"' if numeric else ""


def _hidden(name: str) -> str:
    """A header people see no text in (the dimension's column), named for screen readers."""
    return f'<span class="hidden">{escape(name)}</span>'
