"""Valid data that is dangerous to print, and terminals of every size and kind.

Whatever a roles file says, no control character or bidirectional override reaches the output raw,
markup and emoji codes print literally, other scripts print intact; and every command renders at
any width from 20 to 250 columns, in colour or not, without dropping a character.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import BUNDLED, keeps_every_character, on_a_terminal, run

HOSTILE = Path(__file__).resolve().parent / "hostile"
DANGEROUS = HOSTILE / "dangerous-text.yaml"
FORMATS = ["table", "json", "csv", "markdown"]
DANGEROUS_COMMANDS = [
    ["list"],
    ["show", "escapes"],
    ["show", "invisible"],
    ["show", "scripts"],
    ["compare", "markup", "escapes", "invisible", "scripts"],
    ["overlap"],
    ["search", "i"],
]

# Written out here rather than taken from the code: C0 controls but newline, DEL, C1 controls; the
# bidirectional formatting characters (embeddings, overrides, isolates, marks); characters that
# show nothing (zero-width space, word joiner, byte-order mark, soft hyphen, tag characters, the
# Hangul filler); the line and paragraph separators; and the noncharacters U+FFFE and U+FFFF.
RAW_FORBIDDEN = (
    {chr(c) for c in [*range(0x00, 0x0A), *range(0x0B, 0x20), *range(0x7F, 0xA0)]}
    | set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
    | set("\u200b\u2060\ufeff\u00ad\u3164\u2028\u2029\ufffe\uffff")
    | {chr(c) for c in range(0xE0000, 0xE0080)}
)
# Scripts and emoji, with the joiners (Persian's zero-width non-joiner, the family's zero-width
# joiners) and the variation selector (the red heart) that belong to them.
INTACT = [
    "漢字の読み書き",
    "تحليل البيانات",
    "مهندس بيانات",
    "😀 Emoji handling",
    "数据科学家",
    "می\u200cخواهم",
    "👨\u200d👩\u200d👧 family",
    "❤\ufe0f love",
]


def output(*args: str | Path, env: dict[str, str] | None = None) -> str:
    result = run(*args, env=env)
    assert result.exit_code == 0, result.stderr
    # --save says what it saved where, and nothing else is said
    assert result.stderr == "" or ("--save" in args and re.fullmatch(r"saved [^\n]*\n", result.stderr))
    return result.stdout


# -- dangerous text ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", [*DANGEROUS_COMMANDS, ["similar", "invisible"]], ids=" ".join)
def test_no_control_or_bidi_character_reaches_any_output_raw(command: list[str], fmt: str) -> None:
    text = output(*command, "--data", DANGEROUS, "--format", fmt, env={"COLUMNS": "250"})
    assert not RAW_FORBIDDEN & set(text)


def test_every_output_format_shows_escapes_as_visible_text() -> None:
    table = output("show", "escapes", "--data", DANGEROUS, env={"COLUMNS": "250"})
    assert "Clear\\x1b[2J\\x1b[HScreen (escapes)" in table
    assert "Title \\x1b]0;pwned\\x07 set, bell \\x07, back\\x08space, C1 CSI \\x9b31m red, DEL \\x7f" in table
    assert "\\u202eevil.exe" in table and "x\\u2066isolate\\u2069y" in table

    rows = list(csv.reader(io.StringIO(output("show", "escapes", "--data", DANGEROUS, "-f", "csv"))))
    assert rows[1:] == [
        ["skills", "\\x1b[31mRed\\x1b[0m", "3"],
        ["skills", "漢字の読み書き", "3"],
        ["skills", "\\u202eevil.exe", "3"],
        ["skills", "x\\u2066isolate\\u2069y", "3"],
    ]

    markdown = output("list", "--data", DANGEROUS, "-f", "markdown")
    assert "| escapes | Clear\\\\x1b\\[2J\\\\x1b\\[HScreen<br>(bell.07) |" in markdown


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_invisible_characters_inside_text_are_shown_as_escapes(fmt: str) -> None:
    text = output("show", "invisible", "--data", DANGEROUS, "-f", fmt, env={"COLUMNS": "250"})
    text += output("list", "--data", DANGEROUS, "-f", fmt, env={"COLUMNS": "250"})
    backslash = "\\\\" if fmt == "markdown" else "\\"  # Markdown escapes the backslash itself
    for shown in [
        "Zero{}u200bwidth{}u2060joined",
        "Soft{}xadhyphen",
        "BOM{}ufeff inside",
        "tag {}U000e0041{}U000e0042 text",
        "line{}u2028separator",
        "non{}ufffecharacter",
        "filler {}u3164 here",
        "Py{}u200bthon",
        "Go{}U000e0020",
    ]:
        assert shown.format(*[backslash] * shown.count("{}")) in text, shown


def test_json_keeps_invisible_characters_as_escapes_that_read_back_exactly() -> None:
    text = output("show", "invisible", "--data", DANGEROUS, "-f", "json")
    data: dict[str, Any] = json.loads(text)
    assert data["name"] == "Zero\u200bwidth\u2060joined"
    assert "tag \U000e0041\U000e0042 text" in data["summary"]
    assert "non\ufffecharacter" in data["summary"]
    assert [item["name"] for item in data["dimensions"]["skills"]][:3] == [
        "Py\u200bthon",
        "\u2060Rust",
        "Go\U000e0020",
    ]


def test_json_escapes_them_and_keeps_the_data_exact() -> None:
    text = output("show", "escapes", "--data", DANGEROUS, "-f", "json")
    assert "\\u001b[2J" in text and "\\u202e" in text and "\\u009b" in text
    data: dict[str, Any] = json.loads(text)
    assert data["name"] == "Clear\x1b[2J\x1b[HScreen"
    assert (
        data["summary"] == "Title \x1b]0;pwned\x07 set, bell \x07, back\bspace, C1 CSI \x9b31m red, DEL \x7f"
    )
    assert [item["name"] for item in data["dimensions"]["skills"]] == [
        "\x1b[31mRed\x1b[0m",
        "漢字の読み書き",
        "\u202eevil.exe",
        "x\u2066isolate\u2069y",
    ]


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_markup_and_emoji_codes_print_literally(fmt: str) -> None:
    text = output("list", "--data", DANGEROUS, "-f", fmt, env={"COLUMNS": "250"})
    text += output("show", "markup", "--data", DANGEROUS, "-f", fmt, env={"COLUMNS": "250"})
    for literal in [
        "[bold red]Loud[/] [link=https://example.com]click[/link]",
        ":smile:",
        "[red]Python[/red]",
    ]:
        assert literal in text
    assert "[/] closes nothing; :thumbs_up: stays a code; [b]x[/b]" in text
    assert "👍" not in text and "😄" not in text


def test_markdown_escapes_markup_so_that_it_stays_text() -> None:
    text = output("show", "markup", "--data", DANGEROUS, "-f", "markdown")
    assert "\\[bold red\\]Loud\\[/\\] \\[link=https://example.com\\]click\\[/link\\]" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_other_scripts_and_emoji_print_intact(fmt: str) -> None:
    text = output("show", "scripts", "--data", DANGEROUS, "-f", fmt, env={"COLUMNS": "250"})
    text += output("list", "--data", DANGEROUS, "-f", fmt, env={"COLUMNS": "250"})
    for phrase in INTACT:
        assert phrase in text, phrase
    # The one override written raw in the file is escaped like the others.
    assert ("raw \\\\u202eoverride" if fmt == "markdown" else "raw \\u202eoverride") in text


@pytest.mark.parametrize(
    "args",
    [
        ["show", "x\x1b[2J\u202e"],
        ["compare", "ds", "mle", "-d", "\x1b]0;title\x07"],
        ["list", "--\x1b[2J"],
        ["list", "-f", "\x9b2J"],
        ["\x1b[2J"],
    ],
    ids=["role", "dimension", "option", "format", "command"],
)
def test_what_the_command_line_says_is_escaped_in_errors_too(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code in (1, 2)
    assert result.stdout == ""
    assert not RAW_FORBIDDEN & set(result.stderr)
    assert "\\x1b" in result.stderr or "\\x9b" in result.stderr


# -- widths and terminals ------------------------------------------------------------------------

WIDTHS = [20, 21, 22, 23, 24, 25, 27, 30, 33, 36, 40, 45, 50, 59, 60, 61, 72, 80, 100, 132, 160, 200, 250]
BUNDLED_COMMANDS = [["list"], ["show", "ml-engineer"], ["compare", "ds", "mle", "ai"], ["overlap"]]
SGR = re.compile("\x1b\\[[0-9;]*m")


@pytest.mark.parametrize("command", BUNDLED_COMMANDS, ids=" ".join)
def test_every_width_from_20_to_250_keeps_every_character(command: list[str]) -> None:
    wide = output(*command, env={"COLUMNS": "250"})
    for width in WIDTHS:
        text = output(*command, env={"COLUMNS": str(width)})
        assert "…" not in text, width
        assert max(len(line) for line in text.splitlines()) <= width, width
        assert keeps_every_character(text, wide), width
        # Nothing cut at the right edge either: every line of a table ends with its border.
        for line in text.splitlines():
            if line[:1] in ("┌", "│", "├", "└"):
                assert line[-1] in ("┐", "│", "┤", "┘"), (width, line)


@pytest.mark.parametrize("command", DANGEROUS_COMMANDS, ids=" ".join)
def test_wide_characters_are_never_dropped_in_a_narrow_column(command: list[str]) -> None:
    # A CJK character or an emoji takes two columns: a column one wide would lose it.
    # (Lines may then run a column past the narrowest terminals; the text is all there.)
    wide = output(*command, "--data", DANGEROUS, env={"COLUMNS": "250"})
    for width in WIDTHS:
        text = output(*command, "--data", DANGEROUS, env={"COLUMNS": str(width)})
        assert "…" not in text, width
        assert keeps_every_character(text, wide), width


@pytest.mark.parametrize(
    "terminal",
    [
        {"TERM": "dumb"},
        {"FORCE_COLOR": "1"},
        {"FORCE_COLOR": "1", "TERM": "xterm-256color", "COLORTERM": "truecolor"},
        {"FORCE_COLOR": "1", "TERM": "dumb"},
        {"NO_COLOR": "1", "FORCE_COLOR": "1"},
    ],
    ids=lambda env: " ".join(f"{k}={v}" for k, v in env.items()),
)
@pytest.mark.parametrize(
    "command", [*BUNDLED_COMMANDS, ["compare", "markup", "escapes", "--data", str(DANGEROUS)]]
)
def test_colour_or_none_the_text_is_the_same(
    command: list[str], terminal: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = output(*command, env={"COLUMNS": "80"})  # the tests' default: NO_COLOR, not a terminal
    monkeypatch.delenv("NO_COLOR")
    text = output(*command, env={"COLUMNS": "80", **terminal})
    # Styles only: SGR sequences, and nothing else that starts with ESC.
    assert "\x1b" not in SGR.sub("", text)
    assert SGR.sub("", text) == plain


def test_a_real_terminal_20_columns_wide(tmp_path: Path) -> None:
    pytest.importorskip("pty")
    shown, errors, code = on_a_terminal(
        "compare", "ds", "mle", "ai", "-d", "goal", "--no-pager", env={}, columns=20, cwd=tmp_path
    )
    assert code == 0
    assert errors == ""
    text = SGR.sub("", shown)
    assert "\x1b" not in text
    assert max(len(line) for line in text.splitlines()) <= 20
    wide = output("compare", "ds", "mle", "ai", "-d", "goal", env={"COLUMNS": "250"})
    assert keeps_every_character(text, wide)


# -- the file is only read ------------------------------------------------------------------------


def test_no_command_writes_to_the_file_it_reads(tmp_path: Path) -> None:
    path = tmp_path / "roles.yaml"
    path.write_bytes(BUNDLED.read_bytes())
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # a time no write could leave behind
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    for command in BUNDLED_COMMANDS:
        for fmt in FORMATS:
            output(*command, "--data", path, "--format", fmt)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roles.yaml"]


# -- shell completion ---------------------------------------------------------------------------------

COMPLETION_FILE = """\
version: 1
dimensions: [skills, "skills and tools", "x$(touch pwned)", "s`id`", "s\\u200bx", "s\\ttab"]
roles:
  - id: baker
    name: "Baker \\e]0;title\\a $(touch pwned) `id` \\u202e (bread)"
    aliases: [b.1, bread-maker]
    summary: Bakes bread.
    skills: [a]
    "skills and tools": [a]
    "x$(touch pwned)": [a]
    "s`id`": [a]
    "s\\u200bx": [a]
    "s\\ttab": [a]
"""


def completion(shell: str, words: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    """What `roles` prints for `shell` to complete the last word of `words`: the raw protocol."""
    environment = {k: v for k, v in os.environ.items() if k != "ROLES_DATA"}
    environment["_ROLES_COMPLETE"] = f"complete_{shell}"
    if shell == "bash":
        environment.update(COMP_WORDS=words, COMP_CWORD=str(len(words.split(" ")) - 1))
    else:
        environment.update(_TYPER_COMPLETE_ARGS=words, _TYPER_COMPLETE_FISH_ACTION="get-args")
    environment.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "roles_cli"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )
    assert done.stderr == ""
    return done.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_never_prints_a_control_character(shell: str, tmp_path: Path) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text(COMPLETION_FILE, encoding="utf-8")
    text = completion(shell, f"roles show --data {path} b", tmp_path)
    text += completion(shell, f"roles show baker --data {path} -d ", tmp_path)
    assert "baker" in text and "b.1" in text
    assert not (RAW_FORBIDDEN | {"\t"}) & set(text.replace("\tBaker", " Baker"))  # fish: value TAB help
    assert "$(" not in text.replace("'x$(touch pwned)'", "") and "`" not in text.replace("'s`id`'", "")


def test_bash_gets_names_that_need_quotes_quoted_and_running_them_runs_nothing(tmp_path: Path) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text(COMPLETION_FILE, encoding="utf-8")
    offered = completion("bash", f"roles show baker --data {path} -d ", tmp_path).splitlines()
    assert offered == ["skills", "'skills and tools'", "'x$(touch pwned)'", "'s`id`'"]
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("needs bash to run the completed words")
    for word in offered:  # as the completed command line would pass it
        done = subprocess.run(
            [bash, "-c", f"printf '%s' {word}"], capture_output=True, text=True, cwd=tmp_path
        )
        assert done.stdout in ("skills", "skills and tools", "x$(touch pwned)", "s`id`")
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_other_shells_get_only_names_that_need_no_quotes(shell: str, tmp_path: Path) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text(COMPLETION_FILE, encoding="utf-8")
    text = completion(shell, f"roles show baker --data {path} -d ", tmp_path)
    assert "skills" in text
    assert "tools" not in text and "pwned" not in text and "id" not in text


@pytest.mark.skipif(os.name != "posix", reason="FIFOs")
def test_completion_with_roles_data_on_a_fifo_answers_at_once_with_nothing(tmp_path: Path) -> None:
    fifo = tmp_path / "roles.yaml"
    os.mkfifo(fifo)  # nobody writes to it: reading it would freeze the shell
    assert completion("bash", "roles show b", tmp_path, env={"ROLES_DATA": str(fifo)}).strip() == ""


# -- CSV for a spreadsheet -----------------------------------------------------------------------------

FORMULAS = """\
version: 1
dimensions: ["=HYPERLINK(\\"http://evil\\")", skills]
roles:
  - id: a
    name: "=cmd|' /C calc'!A0"
    aliases: [x]
    summary: "+1+1"
    "=HYPERLINK(\\"http://evil\\")": ["-2+3", "@SUM(1)"]
    skills: ["\\tTab", "\\rReturn", "＝1+1", "safe = text", "-"]
  - {id: b, name: B, summary: S, "=HYPERLINK(\\"http://evil\\")": [z], skills: [safe = text]}
"""
# OWASP: a cell starting with =, +, -, @, tab or carriage return is a formula to a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


@pytest.mark.parametrize(
    "command",
    [["list"], ["show", "a"], ["similar", "a"], ["overlap"], ["search", "a"], ["compare", "a", "b"]],
)
def test_no_csv_cell_starts_a_formula(command: list[str], tmp_path: Path) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text(FORMULAS, encoding="utf-8")
    rows = list(csv.reader(io.StringIO(output(*command, "--data", path, "-f", "csv"))))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    neutralised = [cell for cell in cells if cell.startswith("'")]
    assert neutralised  # each of these commands has at least one such cell: the test can tell


def test_csv_neutralises_with_a_quote_and_keeps_the_rest_as_written(tmp_path: Path) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text(FORMULAS, encoding="utf-8")
    rows = list(csv.reader(io.StringIO(output("show", "a", "--data", path, "-f", "csv"))))
    assert rows == [
        ["dimension", "item", "importance"],
        ['\'=HYPERLINK("http://evil")', "'-2+3", "3"],
        ['\'=HYPERLINK("http://evil")', "'@SUM(1)", "3"],
        ["skills", "'\tTab", "3"],
        ["skills", "\\x0dReturn", "3"],  # a carriage return is shown as an escape in every format
        ["skills", "'＝1+1", "3"],
        ["skills", "safe = text", "3"],
        ["skills", "'-", "3"],
    ]
    header = next(csv.reader(io.StringIO(output("similar", "a", "--data", path, "-f", "csv"))))
    assert '\'=HYPERLINK("http://evil")' in header


def test_roles_csv_raw_gives_scripts_the_text_as_written(tmp_path: Path) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text(FORMULAS, encoding="utf-8")
    rows = list(
        csv.reader(io.StringIO(output("list", "--data", path, "-f", "csv", env={"ROLES_CSV_RAW": "1"})))
    )
    assert rows[1] == ["a", "=cmd|' /C calc'!A0", "x", "+1+1"]
    text = output("show", "a", "--data", path, "-f", "csv", env={"ROLES_CSV_RAW": "1"})
    assert "\x1b" not in text and "\\x0dReturn" in text  # raw is about formulas: controls stay escaped


def test_the_help_says_how_csv_cells_are_neutralised() -> None:
    text = output("list", "--help", env={"COLUMNS": "200"})
    assert "gets a ' in front; ROLES_CSV_RAW=1 writes it as it is" in " ".join(text.split())


# -- XML: a saved SVG, and the text the XML writers use -------------------------------------------------


def test_a_saved_svg_is_valid_xml_whatever_the_names_and_the_file_name(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ElementTree

    path = tmp_path / "roles.yaml"
    path.write_text(
        'version: 1\ndimensions: [skills]\nroles:\n  - id: a\n    name: "non\\uFFFEchar <b>&amp; \\e[2J \\x85"\n'
        '    summary: "x\\uFFFFy \\uFDD0"\n    skills: ["\\U0010FFFE", "\\u2028line", "\\U000E0041tag"]\n',
        encoding="utf-8",
    )
    for name in ["plain.svg", "ctrl\x01<&\ufffe.svg"]:
        saved = tmp_path / name
        output("show", "a", "--data", path, "--save", saved)
        ElementTree.parse(saved)  # raises on any character XML 1.0 does not allow


# XML 1.0's Char production, written out here: what a document may hold at all.
def xml_allowed(char: str) -> bool:
    code = ord(char)
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000


@settings(max_examples=300, deadline=None)
@given(text=st.text())
def test_xml_text_is_always_well_formed_xml_and_reads_back_as_the_safe_text(text: str) -> None:
    import xml.etree.ElementTree as ElementTree

    from roles_cli.clean import safe, xml_text

    written = xml_text(text)
    assert all(xml_allowed(char) for char in written)
    element = ElementTree.fromstring(f"<a title='{written}' alt=\"{written}\">{written}</a>")
    assert (element.text or "") == safe(text)
    assert element.get("title") == element.get("alt")
    assert not (RAW_FORBIDDEN - {"\t"}) & set(written)  # a tab is text in XML


PICTURES = [
    ["chart", "venn", "markup", "escapes", "scripts"],
    ["chart", "venn", "escapes", "invisible"],
    ["chart", "upset"],
    ["chart", "heatmap"],
    ["report", "markup", "escapes", "scripts"],
    ["report", "escapes", "invisible"],
]


@pytest.mark.parametrize("command", PICTURES, ids=" ".join)
def test_pictures_show_dangerous_text_as_visible_escapes(command: list[str]) -> None:
    import xml.etree.ElementTree as ET

    text = output(*command, "--data", DANGEROUS)
    assert not RAW_FORBIDDEN - {"\n"} & set(text)
    if command[0] == "chart":
        ET.fromstring(text)  # still well-formed XML
    assert "Clear\\x1b[2J\\x1b[HScreen" in text  # a role's name, shown as escapes
    if command[-1] != "heatmap":  # which shows no items
        assert "漢字の読み書き" in text and "\\x1b[31mRed\\x1b[0m" in text
    if "invisible" in command or command[1:] == ["upset"]:  # a noncharacter, which XML cannot hold
        assert "non\\ufffeitem" in text
