"""Tables at any width: words stay whole, columns that cannot hold them give way to stacked records.

A reader of a table should never meet half a word ("Pyth" / "on", "Si/mi/la/ri/ty"): at every width
each word of every header and value is on one line, but for a word longer than the line itself (and
a word may break after a hyphen between letters, "data-" / "scientist", as print does).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from roles_cli.layout import Needs, column_widths, table_width, wrap
from tests.helpers import BORDERS, MINIMAL, ONET, ONET_SMALL, json_output, raw, run, write_yaml

WIDTHS = [20, 40, 80, 120, 200]
_PIECES = re.compile(r"(?<=[^\W\d_]-)(?=[^\W\d_])")


def pieces(text: str) -> set[str]:
    """The words of a text and the parts of a word after a hyphen between letters, punctuation
    around them left out: the pieces a rendering may put on different lines."""
    found = set()
    for word in BORDERS.sub(" ", text).split():
        for piece in _PIECES.split(word):
            piece = piece.strip(".,;:()[]'\"")
            if any(char.isalnum() for char in piece):  # marks and dashes are no words
                found.add(piece)
    return found


def broken_words(narrow: str, wide: str, width: int) -> set[str]:
    """What a narrow rendering shows that is no word of a wide one: the halves of broken words. A
    word too long to fit (longer than the width less an indent and a mark, or than 30 columns)
    may be folded."""
    words = pieces(wide)
    too_long = [word for word in words if len(word) > min(30, width - 6)]
    return {piece for piece in pieces(narrow) - words if not any(piece in word for word in too_long)}


def rendered(*args: str | Path, width: int) -> str:
    result = run(*args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    assert max(map(len, result.stdout.splitlines()), default=0) <= width
    return result.stdout


COMMANDS = {
    None: [
        ["list"],
        ["show", "ds"],
        ["compare", "ds", "mle", "ai"],
        ["overlap"],
        ["fit", "Python", "SQL", "Statistics"],
        ["similar", "ai"],
        ["gap", "ds", "ai"],
        ["search", "data"],
    ],
    ONET_SMALL: [
        ["list"],
        ["show", "statisticians"],
        ["compare", "statisticians", "database-architects"],
        ["overlap", "-d", "skills"],
        ["fit", "Python", "Excel", "-d", "technology"],
        ["similar", "statisticians"],
        ["gap", "statisticians", "database-architects", "-d", "skills"],
        ["search", "data"],
    ],
    ONET: [
        ["list"],
        ["compare", "statisticians", "economists", "-d", "skills"],
        ["overlap", "-d", "skills"],
        ["fit", "Python", "Excel", "-d", "technology"],
        ["similar", "statisticians"],
        ["search", "statistic"],
    ],
}
CASES = [
    pytest.param(
        [*command, *(["--data", path] if path else [])],
        id=f"{path.name if path else 'bundled'} {' '.join(command)}",
        marks=[pytest.mark.slow] if path == ONET else [],
    )
    for path, commands in COMMANDS.items()
    for command in commands
]


@pytest.mark.parametrize("command", CASES)
def test_every_word_stays_whole_at_every_width(command: list[str]) -> None:
    wide = rendered(*command, width=1000)
    for width in WIDTHS:
        assert broken_words(rendered(*command, width=width), wide, width) == set(), width


@pytest.mark.parametrize("width", WIDTHS)
def test_every_word_of_every_summary_of_the_small_onet_file_is_whole(width: int) -> None:
    shown = pieces(rendered("list", "--data", ONET_SMALL, width=width))
    for role in raw(ONET_SMALL)["roles"]:
        for text in (role["id"], role["name"], role["summary"]):
            assert pieces(text) <= shown, (width, role["id"])


def test_list_of_the_eight_onet_roles_fits_in_150_lines_at_80_columns() -> None:
    # The long O*NET ids once left the summary one letter wide: 2,532 lines.
    assert len(rendered("list", "--data", ONET_SMALL, width=80).splitlines()) < 150


def test_narrow_terminals_stack_records_instead_of_breaking_numbers_and_headers() -> None:
    text = rendered("similar", "ai", "--method", "jaccard", width=40)
    assert "┌" not in text  # no table: eight columns cannot keep their words whole in 40
    ranking = json_output("similar", "ai", "--method", "jaccard")
    for rank, entry in enumerate(ranking, 1):
        assert f"\n{rank}. {entry['id']}\n" in text
        # each value beside its label, whole: "Overall  24%", never "24" / "%"
        assert re.search(rf"\n  Overall +{round(entry['similarity'] * 100)}%( \S+)?\n", text)  # and its bar
        for dimension in entry["dimensions"]:
            assert re.search(rf"\n  {dimension} +\d+%\n", text)


def test_a_stacked_record_at_a_pinned_width(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL)
    text = rendered("list", "--data", path, width=30)
    assert text[text.index("\n\nbaker\n") :] == (
        "\n\n"
        "baker\n"
        "  Name         Baker (b)\n"
        "  (aliases)\n"
        "  Summary      Bakes bread.\n"
        "\n"
        "cook\n"
        "  Name         Cook\n"
        "  (aliases)\n"
        "  Summary      Cooks meals.\n"
    )


def test_the_same_table_wide_enough_is_a_table(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL)
    text = rendered("list", "--data", path, width=44)
    assert text[text.index("┌") :].splitlines() == [
        "┌───────┬────────────────┬──────────────┐",
        "│ ID    │ Name (aliases) │ Summary      │",
        "├───────┼────────────────┼──────────────┤",
        "│ baker │ Baker          │ Bakes bread. │",
        "│       │ (b)            │              │",
        "│ cook  │ Cook           │ Cooks meals. │",
        "└───────┴────────────────┴──────────────┘",
    ]


# -- the layout itself -------------------------------------------------------------------------------


def test_wrap_breaks_between_words_then_after_hyphens_between_letters() -> None:
    assert wrap("machine learning engineer", 16, len) == ["machine learning", "engineer"]
    assert wrap("computer-and-information-research-scientists", 12, len) == [
        "computer-",
        "and-",
        "information-",
        "research-",
        "scientists",
    ]
    assert wrap("data-scientist", 20, len) == ["data-scientist"]  # whole where it fits
    assert wrap("15-2051.00 2023-07-26", 10, len) == ["15-2051.00", "2023-07-26"]  # numbers never break
    assert wrap("Containerization", 5, len) == ["Conta", "ineri", "zatio", "n"]  # too long: folded


def test_every_column_gets_at_least_its_longest_word_or_the_table_is_stacked() -> None:
    needs = [Needs(5, 5, 5), Needs(10, 10, 60, grow=True)]
    widths = column_widths(needs, 40)
    assert widths is not None and table_width(widths) <= 40
    assert widths[0] == 5 and widths[1] >= 10
    assert column_widths(needs, table_width([5, 10])) == [5, 10]
    assert column_widths(needs, table_width([5, 10]) - 1) is None


def test_beside_a_growing_column_the_others_take_at_most_half() -> None:
    widths = column_widths([Needs(12, 12, 44), Needs(12, 12, 44), Needs(20, 20, 400, grow=True)], 80)
    assert widths is not None and table_width(widths) == 80
    assert widths[0] + widths[1] <= (80 - 10) // 2
    assert widths[2] >= widths[0] + widths[1]


def test_identifiers_stay_whole_where_there_is_room_and_break_after_a_hyphen_where_not() -> None:
    needs = [Needs(least=9, comfortable=14, most=14), Needs(10, 10, 10)]
    assert column_widths(needs, table_width([14, 10])) == [14, 10]
    assert column_widths(needs, table_width([14, 10]) - 2) == [9 + 3, 10]


def test_columns_too_narrow_to_read_well_give_way_to_records(tmp_path: Path) -> None:
    summary = " ".join(["word"] * 60)
    path = write_yaml(tmp_path, MINIMAL.replace("Bakes bread.", summary).replace("Cooks meals.", summary))
    # At 30 columns every word fits whole in three columns, but the summary's would hold one word a
    # line: more than twice the lines of the same roles one after another.
    assert column_widths([Needs(5, 5, 5), Needs(9, 9, 14), Needs(4, 4, 300, grow=True)], 30) is not None
    narrow = rendered("list", "--data", path, width=30)
    assert "┌" not in narrow
    assert "\nbaker\n  Name         Baker (b)\n  (aliases)\n  Summary      word word word\n" in narrow
    assert "┌" in rendered("list", "--data", path, width=120)
