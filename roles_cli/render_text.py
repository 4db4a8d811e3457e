"""Answers -> CSV and Markdown: the text formats other programs and documents read.

CSV is the answer's `records` table, with every machine column and raw values; Markdown is what
people see in a terminal, as GitHub pipe tables. Every text from the data is passed through
clean.safe(), so no control character reaches either raw.

A CSV cell that starts with =, +, -, @, a tab or a carriage return (or their full-width forms) is
a formula to a spreadsheet, which may run it (CSV injection): such a cell gets a ' in front, as
OWASP advises, header cells included. ROLES_CSV_RAW=1 writes them as they are, for scripts.
"""

from __future__ import annotations

import os
import re

from roles_cli.render import safe
from roles_cli.views import Answer, Bullets, Cell, Marked, csv_value, for_people

RAW_ENV = "ROLES_CSV_RAW"
"""Set to 1, CSV cells are written as they are, formulas and all (for scripts, not spreadsheets)."""
FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")
"""What a spreadsheet reads a cell starting with as a formula: OWASP's list, and the full-width forms."""


def to_csv(answer: Answer, *, raw: bool | None = None) -> str:
    """The answer as CSV; cells that would be formulas neutralised, unless `raw` (by default, as
    ROLES_CSV_RAW says)."""
    import csv  # deferred: a run prints one format
    import io

    if raw is None:
        raw = os.environ.get(RAW_ENV, "") not in ("", "0")
    table = answer.records
    machine = [index for index, column in enumerate(table.columns) if column.machine]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_csv_field(table.columns[index].name, raw) for index in machine])
    for row in table.rows:
        writer.writerow([_csv_field(csv_value(row[index]), raw) for index in machine])
    return buffer.getvalue()


def _csv_field(value: str | int | float, raw: bool) -> str | int | float:
    if not isinstance(value, str):
        return value
    text = safe(value)
    return text if raw or text[:1] not in FORMULA_STARTS else "'" + text


# The characters GitHub Markdown would read as formatting, an entity, maths or a cell border.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&$])")


def to_markdown(answer: Answer) -> str:
    parts: list[str] = [f"**{_md(answer.heading)}**\n"] if answer.heading else []
    for table in answer.tables:
        shown = for_people(table)
        if table.title:
            parts.append(f"**{_md(table.title)}**\n")
        if shown.rows:
            parts.append("| " + " | ".join(_md(c.header or "") or " " for c in shown.columns) + " |")
            parts.append("|" + "|".join("---:" if c.numeric else "---" for c in shown.columns) + "|")
        for number, row in enumerate(shown.rows):
            if shown.sections and (not number or shown.sections[number] != shown.sections[number - 1]):
                parts.append(f"| **{_md(shown.sections[number])}** |" + " |" * (len(row) - 1))
            parts.append("| " + " | ".join(_md_cell(cell) for cell in row) + " |")
        if shown.note():
            parts.append("\n" + _md(str(shown.note())))
        if table.caption:
            parts.append("\n" + "<br>".join(_md(line) for line in table.caption.splitlines()))
        if table.footer:
            parts.append("\n" + "<br>".join(_md(line) for line in table.footer))
        parts.append("")
    parts += [_md(note) for note in answer.notes]
    text = "\n".join(parts).rstrip("\n")
    return text + "\n" if text else ""  # nothing to show: not even an empty line


def _md(text: str, *, strip: bool = True) -> str:
    folded = re.sub(r"\s+", " ", safe(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", folded.strip() if strip else folded)


def _md_cell(cell: Cell) -> str:
    if isinstance(cell, Marked):  # highlights become bold
        pieces, last = [], 0
        for start, end in cell.spans:
            found = cell.text[start:end]
            # Emphasis must not start or end with a space, so the spaces stay outside the stars.
            lead, trail = found[: len(found) - len(found.lstrip())], found[len(found.rstrip()) :]
            bold = f"**{_md(found.strip())}**" if found.strip() else ""
            pieces += [_md(cell.text[last:start] + lead, strip=False), bold, _md(trail, strip=False)]
            last = end
        return "".join([*pieces, _md(cell.text[last:], strip=False)]).strip()
    lines = cell.lines() if isinstance(cell, Bullets) else [cell] if isinstance(cell, str) else list(cell)
    return "<br>".join(_md(line) for line in lines if line.strip())
