"""Answers -> HTML tables, for a page (report_html.py, and --save FILE.html): the tables people read
in a terminal, with column and row headers, as a document shows them.

Like every renderer it reads the Answer (views.py) and nothing else. Lists are shown whole: a page,
unlike a terminal, has room for every item to learn. Every text is escaped, and control characters
are shown as escapes (render.safe), as in every other format.
"""

from __future__ import annotations

import html

from roles_cli.render import safe
from roles_cli.views import BULLET, HELD_MARK, Answer, Bullets, Cell, Marked, Table, for_people


def escape(text: str) -> str:
    """Text for HTML, between tags or in a double-quoted attribute."""
    return html.escape(safe(text), quote=True)


def html_answer(answer: Answer) -> str:
    """Every table of the answer, then its notes."""
    parts = [html_table(table) for table in answer.tables]
    parts += [f'<p class="note">{escape(note)}</p>' for note in answer.notes]
    return "\n".join(parts)


PAGE_STYLE = """\
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
thead th { background: #f0f0f0; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.section th { background: #fafafa; font-style: italic; }
ul.items { margin: 0; padding-left: 0; list-style: none; }
.mark { color: #666; margin-right: 0.4em; }
.caption, .note { color: #555; }
.hidden { position: absolute; left: -10000px; }"""


def html_page(answer: Answer) -> str:
    """The answer as a page of its own (--save FILE.html): its heading, its tables, its notes."""
    title = answer.heading or next((t.title for t in answer.tables if t.title), None) or "roles"
    heading = f"<h1>{escape(answer.heading)}</h1>\n" if answer.heading else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>\n{PAGE_STYLE}\n</style>\n</head>\n<body>\n"
        f"{heading}{html_answer(answer)}\n</body>\n</html>\n"
    )


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
    for number, row in enumerate(shown.rows):
        if shown.sections and (not number or shown.sections[number] != shown.sections[number - 1]):
            label = escape(shown.sections[number])
            rows.append(f'<tr class="section"><th colspan="{len(row)}" scope="rowgroup">{label}</th></tr>')
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
    below += "".join(f'<p class="note">{escape(line)}</p>' for line in table.footer)
    if not shown.rows:  # a comparison with nothing left to show: its title and what it says
        return f'<div class="table"><p class="caption">{escape(table.title or "")}</p>{below}</div>'
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
        for mark, name in cell.entries():
            shown = escape(name)
            symbol = mark.strip()
            # A bullet says nothing a screen reader should read; an importance does.
            hidden = ' aria-hidden="true"' if symbol == BULLET else ""
            marked = f'<span class="mark"{hidden}>{escape(symbol)}</span>' if symbol else ""
            entries.append(f"<li>{marked}{shown}</li>")
        return f'<ul class="items">{"".join(entries)}</ul>'
    if isinstance(cell, str):
        if cell == HELD_MARK:  # a comparison's mark: said as what it means
            return f'<span aria-label="has it">{escape(cell)}</span>'
        return "<br>".join(escape(line) for line in cell.splitlines())
    return "<br>".join(escape(str(line)) for line in cell)


def _numeric(numeric: bool) -> str:
    return ' class="num"' if numeric else ""


def _hidden(name: str) -> str:
    """A header people see no text in (the dimension's column), named for screen readers."""
    return f'<span class="hidden">{escape(name)}</span>'
