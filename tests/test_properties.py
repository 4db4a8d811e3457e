"""Generated roles files, valid and corrupted, through the CLI (Hypothesis).

Valid ones: every command succeeds, and what it reports holds against the file as YAML itself reads
it. Corrupted ones: every outcome is a success or a message, never a traceback.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import combinations, permutations
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roles_cli import (
    DataError,
    check_roles,
    compare,
    fit,
    load_roles,
    overlap,
    parse_roles,
    search,
    similar,
    similarity,
)
from roles_cli.model import name_key
from tests.helpers import item_key, normalised, run, weighted_jaccard

# Tests never time themselves; the example counts keep the whole module to a few seconds.
VALID = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CORRUPT = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROLE_FIELDS = {"id", "name", "aliases", "summary", "sources"}


# Characters that show nothing of their own, as the README lists them: a name made only of these
# (and white space) is an error. Written out here, not taken from the code.
SHOWS_NOTHING = set("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u2800\u3164\ufeff\uffa0") | {
    chr(c)
    for c in [*range(0x180B, 0x1810), *range(0x200B, 0x2010), *range(0x2028, 0x202F), *range(0x2060, 0x2070)]
    + [*range(0xFE00, 0xFE10), *range(0xFFF0, 0xFFF9), *range(0x1BCA0, 0x1BCA4), *range(0x1D173, 0x1D17B)]
    + [*range(0xE0000, 0xE1000)]
}


def shows_something(text: str) -> bool:
    return any(
        not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf") and char not in SHOWS_NOTHING
        for char in text
    )


# Any text but surrogates (which UTF-8 cannot hold): other scripts, emoji, controls, bidi marks,
# invisible characters; as long as something in it shows.
TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12).filter(shows_something)
IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True)
# What a role's alias may be made of (the README): letters, digits, '-' and '.'.
ALIASES = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9.-]{0,10}", fullmatch=True)
IMPORTANCE = st.one_of(st.integers(1, 5), st.floats(1, 5, allow_nan=False))


# Long texts too: a summary or an item of thousands of characters, spaces and line breaks in it.
LONG_TEXT = st.one_of(
    TEXT,
    st.text(st.characters(exclude_categories=["Cs"]), min_size=200, max_size=6_000).filter(shows_something),
    st.builds(lambda word, count: (word + " ") * count, TEXT, st.integers(100, 1_500)),
)


@st.composite
def roles_files(
    draw: st.DrawFn, *, roles: int = 5, pool: int = 8, texts: st.SearchStrategy[str] = TEXT
) -> dict[str, Any]:
    """A valid roles document as Python data: 1 to `roles` roles over 1-3 dimensions, items from a
    shared pool of up to `pool` items, names and summaries drawn from `texts`."""
    # A dimension is named on command lines as the document spells it; PyYAML writes a NEL or a
    # line or paragraph separator unquoted in a flow sequence, and reads it back as a space.
    dimensions = draw(
        st.lists(
            TEXT.filter(lambda d: d not in ROLE_FIELDS and not set(d) & set("\x85\u2028\u2029")),
            min_size=1,
            max_size=3,
            unique_by=str.casefold,
        )
    )
    items = draw(st.lists(texts, min_size=1, max_size=pool, unique_by=item_key))
    # Ids and aliases name one role each: in any case, and with spaces and hyphens alike (README).
    ids = draw(st.lists(IDS, min_size=1, max_size=roles, unique_by=name_key))
    found = []
    taken = {name_key(role_id) for role_id in ids}
    for role_id in ids:
        role: dict[str, Any] = {"id": role_id, "name": draw(texts), "summary": draw(texts)}
        aliases = [
            a for a in draw(st.lists(ALIASES, max_size=2, unique_by=name_key)) if name_key(a) not in taken
        ]
        taken |= {name_key(a) for a in aliases}
        if aliases:
            role["aliases"] = aliases
        for dimension in dimensions:
            names = draw(st.lists(st.sampled_from(items), min_size=1, max_size=len(items), unique=True))
            role[dimension] = [
                name if draw(st.booleans()) else {"name": name, "importance": draw(IMPORTANCE)}
                for name in names
            ]
        found.append(role)
    return {"version": 1, "dimensions": dimensions, "roles": found}


@contextmanager
def written(data: bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roles.yaml"
        path.write_bytes(data)
        yield path


def dump(document: dict[str, Any]) -> bytes:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False).encode("utf-8")


def ok(*args: str | Path, env: dict[str, str] | None = None, first: bool = False) -> str:
    """The output of a command that must succeed without a word on stderr; but the `first` to read
    a file may warn about items spelled two ways, once (the others find the file in the cache)."""
    result = run(*args, env=env)
    assert result.exit_code == 0, (args, result.stderr, result.exception)
    if first:
        assert result.stderr == "" or re.fullmatch(r"warning: [^\n]* lists them\n", result.stderr)
    elif "--save" in args:  # it says what it saved where
        assert re.fullmatch(r"saved [^\n]*\n", result.stderr), result.stderr
    else:
        assert result.stderr == ""
    return result.stdout


# -- valid files ---------------------------------------------------------------------------------


@VALID
@given(document=roles_files(), width=st.integers(20, 250))
def test_every_command_succeeds_on_a_valid_file(document: dict[str, Any], width: int) -> None:
    data = dump(document)
    as_yaml = normalised(yaml.safe_load(data))  # the file as YAML reads it: what answers must agree with
    ids = [role["id"] for role in as_yaml["roles"]]
    with written(data) as path:
        env = {"COLUMNS": str(width)}
        assert [
            role["id"] for role in json.loads(ok("list", "--data", path, "-f", "json", first=True))
        ] == ids
        ok("list", "--data", path, env=env)
        ok("show", ids[-1], "--data", path, env=env)
        ok("overlap", "--data", path, env=env)
        if len(ids) > 1:
            ok("compare", *ids[:3], "--data", path, env=env)
            pairs = json.loads(
                ok("compare", ids[0], ids[1], "--data", path, "-f", "json", "--method", "jaccard")
            )
            for dimension in pairs["dimensions"]:
                expected = weighted_jaccard(
                    as_yaml["roles"][0][dimension["dimension"]], as_yaml["roles"][1][dimension["dimension"]]
                )
                assert 0 <= dimension["similarity"] <= 1
                assert math.isclose(dimension["similarity"], expected, rel_tol=1e-9)
        dimension = as_yaml["dimensions"][0]
        names = [item["name"] for item in as_yaml["roles"][0][dimension]]
        ok("fit", f"--dimension={dimension}", "--data", path, "--", *names, env=env)
        ok("similar", ids[0], "--data", path, env=env)
        ok("search", "--data", path, "--", names[0], env=env)
        ok("validate", path)
        overlap = json.loads(ok("overlap", "--data", path, "-f", "json"))
    for dimension in overlap["dimensions"]:
        holders: dict[str, list[str]] = {}
        for role in as_yaml["roles"]:
            for item in role[dimension["dimension"]]:
                holders.setdefault(item["key"], []).append(role["id"])
        groups = [
            (group["roles"], [item_key(name) for name in group["items"]]) for group in dimension["groups"]
        ]
        # The groups partition the union of the roles' items: each item in exactly one group...
        listed = [item for _, items in groups for item in items]
        assert sorted(listed) == sorted(holders)
        # ... the group of exactly the roles that have it.
        for group_roles, items in groups:
            assert all(holders[item] == group_roles for item in items)


@settings(VALID, max_examples=10)
@given(document=roles_files(roles=40, pool=60, texts=LONG_TEXT), width=st.integers(20, 250))
def test_every_command_succeeds_on_a_large_file_of_long_texts(document: dict[str, Any], width: int) -> None:
    data = dump(document)
    ids = [role["id"] for role in yaml.safe_load(data)["roles"]]
    dimension = document["dimensions"][0]
    with written(data) as path:
        env = {"COLUMNS": str(width)}
        ok("list", "--data", path, "-f", "json", first=True)  # the first read may warn of spellings
        for fmt in ("table", "markdown", "csv", "json"):
            ok("list", "--data", path, "-f", fmt, env=env)
        ok("show", ids[-1], "--data", path, env=env)
        if len(ids) > 1:
            ok("compare", *ids[:3], "--data", path, env=env)
        ok("overlap", "--data", path, env=env)
        ok("overlap", "--data", path, "-f", "json")
        ok("similar", ids[0], "--data", path, env=env)
        found = run("search", "a", "--data", path, env=env)  # exit 1 and a message when nothing matches
        assert (found.exit_code, found.stderr) in ((0, ""), (1, f"no match for 'a' in {path}\n")), (
            found.stderr
        )
        first = document["roles"][0][dimension][0]
        skill = first if isinstance(first, str) else first["name"]
        ok("fit", f"--dimension={dimension}", "--data", path, "--", skill, env=env)
        ok("validate", path)


@VALID
@given(document=roles_files())
def test_similarity_is_symmetric_within_0_and_1_and_1_for_a_role_itself(document: dict[str, Any]) -> None:
    roles = parse_roles(dump(document))
    for dimension in roles.dimensions:
        for role in roles:
            assert similarity(role.weights(dimension), role.weights(dimension)) == 1.0
        for a, b in combinations(roles, 2):
            ab = similarity(a.weights(dimension), b.weights(dimension))
            ba = similarity(b.weights(dimension), a.weights(dimension))
            assert 0 <= ab <= 1
            assert math.isclose(ab, ba, rel_tol=1e-12)


@VALID
@given(document=roles_files())
def test_fit_of_a_roles_own_items_covers_it_all(document: dict[str, Any]) -> None:
    roles = parse_roles(dump(document))
    for dimension in roles.dimensions:
        for role in roles:
            result = fit(roles, [item.name for item in role.items(dimension)], dimension=dimension)
            own = next(entry for entry in result.ranking if entry.role.id == role.id)
            assert (own.coverage, own.uses) == (1.0, 1.0)
            assert own.missing == ()
            assert all(0 <= entry.score <= 1 for entry in result.ranking)
            assert result.unknown == ()


# -- corrupted files -----------------------------------------------------------------------------

WRONG_VALUES = [
    "",
    "[" * 300 + "]" * 300,  # nested
    "{a: " * 200 + "b" + "}" * 200,
    "[" + ", ".join(["x"] * 3_000) + "]",  # large
    '"' + "long " * 4_000 + '"',
    "&a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b]",
    '!!int ""',
    '!!float "-"',
    '"\u200b\ufeff"',
    '"x$(touch pwned)"',
    "[]",
    "{}",
    "no",
    "3",
    "null",
    "2024-01-01",
    "[[x]]",
    "{name: {importance: 9}}",
    "!!python/object/apply:os.getcwd []",
    "!!binary aGk=",
    "*nowhere",
    "&loop [*loop]",
    '"\\e[2J\\u202e"',
    "[unclosed",
    "'unclosed",
    "- a\n- b",
]


@st.composite
def corrupted(draw: st.DrawFn) -> bytes:
    lines = dump(draw(roles_files())).decode("utf-8").splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["delete a line", "wrong value", "swap lines", "indent"]))
        if how == "delete a line":
            del lines[index]
        elif how == "wrong value":
            head, colon, _ = lines[index].partition(": ")
            lines[index] = f"{head}{colon or ': '}{draw(st.sampled_from(WRONG_VALUES))}\n"
        elif how == "swap lines":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        else:
            lines[index] = draw(st.sampled_from([" ", "\t", ""])) + lines[index].lstrip(" ")
    data = bytearray("".join(lines).encode("utf-8"))
    for _ in range(draw(st.integers(0, 3))):  # and some bytes changed, inserted or removed
        at = draw(st.integers(0, len(data)))
        data[at : at + draw(st.integers(0, 3))] = draw(st.binary(max_size=3))
    return bytes(data)


@CORRUPT
@given(data=corrupted())
def test_a_corrupted_file_gets_an_answer_or_a_message_never_a_traceback(data: bytes) -> None:
    with written(data) as path:
        for command in (["list"], ["overlap", "-f", "json"]):
            result = run(*command, "--data", path)
            assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
            assert result.exit_code in (0, 1), result.stderr
            if result.exit_code == 0:  # perhaps after a warning about items spelled two ways, once
                assert result.stderr == "" or result.stderr.startswith(f"warning: {path}:")
                assert result.stdout
            else:
                assert result.stdout == ""
                lines = result.stderr.splitlines()
                assert lines
                assert all(line.startswith(f"{path}") or line.startswith("... and ") for line in lines), lines


def test_role_ids_can_be_named_in_any_order() -> None:
    """compare is symmetric through the CLI as well: the order of the roles changes no similarity."""
    document = {
        "version": 1,
        "dimensions": ["skills"],
        "roles": [
            {"id": "a", "name": "A", "summary": "S", "skills": ["x", {"name": "y", "importance": 5}]},
            {"id": "b", "name": "B", "summary": "S", "skills": ["y", "z"]},
            {"id": "c", "name": "C", "summary": "S", "skills": ["x", "z", {"name": "w", "importance": 1}]},
        ],
    }
    with written(dump(document)) as path:
        results = {
            order: json.loads(ok("compare", *order, "--data", path, "-f", "json", "-m", "jaccard"))[
                "dimensions"
            ][0]["similarity"]
            for order in permutations("abc")
        }
    # By hand: a~b = min(5,3)/(3+5+3) = 3/11; a~c = 3/(3+5+3+1) = 3/12; b~c = 3/(3+3+3+1) = 3/10.
    mean = (3 / 11 + 3 / 12 + 3 / 10) / 3
    assert all(math.isclose(value, mean, rel_tol=1e-12) for value in results.values())


# -- YAML itself: the tree, the numbers, the aliases ------------------------------------------------

# Nested data of every YAML kind, some of it shared: a list or mapping that appears twice is written
# once with an anchor and then as aliases.
SCALARS = st.one_of(
    st.text(max_size=8),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.sampled_from(["yes", "no", "~", "0x1f", "1:30", "2024-01-01", "-", "", ".inf"]),
)
NESTED = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=30,
)


@st.composite
def shared(draw: st.DrawFn) -> Any:
    """Data in which some lists appear several times (YAML writes them once, then as aliases)."""
    parts = draw(st.lists(st.lists(NESTED, min_size=1, max_size=4), min_size=1, max_size=4))
    picks = draw(st.lists(st.integers(0, len(parts) - 1), min_size=1, max_size=12))
    layers: list[Any] = [parts[i] for i in picks]
    for _ in range(draw(st.integers(0, 2))):  # lists of lists of the same list: sizes multiply
        layers = [layers] * draw(st.integers(1, 5))
    return {"a": layers, "b": draw(NESTED)}


def tree(node: Any) -> Any:
    """A composed node as plain data: (tag, line, value), for PyYAML's nodes and ours alike."""
    value = node.value
    if isinstance(value, list):
        value = [(tree(part[0]), tree(part[1])) if isinstance(part, tuple) else tree(part) for part in value]
    return (node.tag, node.start_mark.line, value)


@VALID
@given(data=shared(), flow=st.booleans())
def test_the_tree_is_the_one_pyyaml_composes(data: Any, flow: bool) -> None:
    from roles_cli.yaml_tree import compose

    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    assert tree(compose(text, "f.yaml")) == tree(yaml.compose(text, Loader=yaml.SafeLoader))


def expanded(node: Any, memo: dict[int, tuple[int, int]]) -> tuple[int, int]:
    """Values and characters of a PyYAML node tree with every alias written out (memo: shared
    nodes are counted once per place they appear, but computed once)."""
    if id(node) not in memo:
        if isinstance(node.value, str):
            memo[id(node)] = (1, len(node.value))
        else:
            parts = (
                [p for pair in node.value for p in pair] if isinstance(node, yaml.MappingNode) else node.value
            )
            sizes = [expanded(part, memo) for part in parts]
            memo[id(node)] = (1 + sum(v for v, _ in sizes), sum(c for _, c in sizes))
    return memo[id(node)]


@settings(VALID, max_examples=80)
@given(data=shared())
def test_aliases_are_refused_exactly_when_they_expand_beyond_the_bound(data: Any) -> None:
    from roles_cli import yaml_tree

    text = yaml.safe_dump(data, allow_unicode=True)
    written = sum(
        1
        for event in yaml.parse(text, Loader=yaml.SafeLoader)
        if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent))
    )
    values, characters = expanded(yaml.compose(text, Loader=yaml.SafeLoader), {})
    # Small allowances, so that small documents fall on either side of the bound (the README's rule:
    # twice what the file writes, plus an allowance).
    allowance, character_allowance = 20, 100
    refused = values > 2 * written + allowance or characters > 2 * len(text) + character_allowance
    saved = yaml_tree.ALIAS_ALLOWANCE, yaml_tree.ALIAS_CHARACTER_ALLOWANCE
    yaml_tree.ALIAS_ALLOWANCE, yaml_tree.ALIAS_CHARACTER_ALLOWANCE = allowance, character_allowance
    try:
        yaml_tree.compose(text, "f.yaml")
    except DataError as error:
        assert refused, error
        assert "refused as an alias bomb" in str(error)
    else:
        assert not refused
    finally:
        yaml_tree.ALIAS_ALLOWANCE, yaml_tree.ALIAS_CHARACTER_ALLOWANCE = saved


NUMBER_TEXT = st.text(st.sampled_from("0123456789abcdefxoABX_:+-.eE n"), max_size=14)


@settings(VALID, max_examples=400)
@given(
    text=NUMBER_TEXT | st.sampled_from([".inf", "-.Inf", ".nan", "+.NaN", "0o17", "1:30:00"]),
    kind=st.sampled_from(["int", "float"]),
)
def test_a_number_is_read_as_pyyaml_reads_it_and_anything_else_is_no_number(text: str, kind: str) -> None:
    from yaml.constructor import SafeConstructor
    from yaml.nodes import ScalarNode

    from roles_cli.nodes import as_number
    from roles_cli.yaml_tree import Node

    tag = f"tag:yaml.org,2002:{kind}"
    node = ScalarNode(tag, text)
    try:
        value = float(getattr(SafeConstructor(), f"construct_yaml_{kind}")(node))
        expected = None if value != value else value
    except (ValueError, IndexError, OverflowError):  # PyYAML fails on "", "-", "0x", "1:" and such
        expected = None
    got = as_number(Node(tag, text, 0))
    if expected is None or got is None:
        assert got == expected
    else:
        assert got == expected or math.isclose(got, expected, rel_tol=1e-12)


# -- the cache: what it gives back is what was read, and a forged entry is never a crash -----------


@VALID
@given(document=roles_files(), method=st.sampled_from(["tfidf", "jaccard"]))
def test_roles_read_on_demand_from_the_cache_answer_as_a_full_parse_does(
    document: dict[str, Any], method: str
) -> None:
    """The cache hands out each role when it is first asked for, and the document frequencies it
    stored: every answer must be the one a fresh parse of the file gives."""
    with written(dump(document)) as path, tempfile.TemporaryDirectory() as home:
        os.environ["XDG_CACHE_HOME"] = home
        try:
            parsed = load_roles(path)
            load_roles(path, cache=True)  # writes the entry
            ids = [role["id"] for role in document["roles"]]
            first = load_roles(path, cache=True)  # a named role first, then everything
            assert first.resolve(ids[-1]) == parsed.resolve(ids[-1])
            if len(ids) > 1:
                cached = load_roles(path, cache=True)
                assert compare(cached, ids[:2], method=method) == compare(parsed, ids[:2], method=method)
            assert similar(first, ids[0], method=method) == similar(parsed, ids[0], method=method)
            assert overlap(first, method=method) == overlap(parsed, method=method)
            skills = [
                item if isinstance(item, str) else item["name"]
                for item in document["roles"][0][document["dimensions"][0]]
            ]
            dimension = [document["dimensions"][0]]
            assert fit(first, skills, dimensions=dimension) == fit(parsed, skills, dimensions=dimension)
            again = load_roles(path, cache=True)  # the indexes similar and fit kept, read back
            assert similar(again, ids[0], method=method) == similar(parsed, ids[0], method=method)
            assert fit(again, skills, dimensions=dimension) == fit(parsed, skills, dimensions=dimension)
            cached = load_roles(path, cache=True)  # search: from the texts the entry keeps
            for term in {skills[0][1:3].strip() or "a", skills[0].upper(), "e"}:
                for where in (None, dimension):
                    assert search(cached, term, where) == search(parsed, term, where), (term, where)
            assert first.roles == parsed.roles and len(first) == len(parsed)
            assert list(first.heads) == list(parsed.heads)
        finally:
            del os.environ["XDG_CACHE_HOME"]


@VALID
@given(document=roles_files())
def test_a_cache_hit_gives_back_exactly_the_roles_read(document: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as home, written(dump(document)) as path:
        os.environ["XDG_CACHE_HOME"] = home  # restored by the autouse fixture after the test
        fresh = load_roles(path, cache=True)
        cached = load_roles(path, cache=True)
        assert len(os.listdir(Path(home, "roles-cli"))) == 1
    assert cached.roles == fresh.roles
    assert (cached.dimensions, dict(cached.synonyms)) == (fresh.dimensions, dict(fresh.synonyms))


REPLACEMENTS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10**20),
    st.floats(),
    st.text(max_size=5),
    st.just([]),
    st.just({}),
    st.just([[[[[]]]]]),
    st.just({"a": [1, {"b": None}]}),
)


def leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value, as the keys and indexes that lead to it."""
    places = [path]
    if isinstance(value, list):
        for index, part in enumerate(value):
            places += leaves(part, (*path, index))
    elif isinstance(value, dict):
        for key, part in value.items():
            places += leaves(part, (*path, key))
    return places


@settings(VALID, max_examples=25)
@given(document=roles_files(), data=st.data())
def test_an_entry_forged_with_any_value_anywhere_is_never_a_traceback(
    document: dict[str, Any], data: Any
) -> None:
    from tests.test_cache import decode_entry, encode_entry

    with tempfile.TemporaryDirectory() as home, written(dump(document)) as path:
        os.environ["XDG_CACHE_HOME"] = home
        expected = ok("list", "--data", path, "-f", "json", first=True)  # writes the entry
        (entry,) = Path(home, "roles-cli").iterdir()
        forged = decode_entry(entry)  # every hash will match: only the checks of the values remain
        # Anywhere but in the shape the test's own encoder walks (the lists of heads and records,
        # and the tables it puts in buckets).
        places = [p for p in leaves(forged) if p[:1] in (("dimensions",), ("synonyms",), ("texts",))]
        places += [
            p
            for p in leaves(forged)
            if p[:1] in (("heads",), ("roles",), ("frequency",), ("features",)) and len(p) > 2
        ]
        places += [p for p in leaves(forged) if p[:1] == ("names",) and len(p) > 1]
        place = data.draw(st.sampled_from([p for p in places if p[1:]]))
        target = forged
        for step in place[:-1]:
            target = target[step]
        target[place[-1]] = data.draw(REPLACEMENTS)
        encode_entry(entry, forged)
        ids = [role["id"] for role in json.loads(expected)]
        dimension = document["dimensions"][0]
        for command in (
            ["list", "-f", "json"],
            ["show", ids[0]],
            ["fit", f"--dimension={dimension}", "--data", str(path), "--", "x"],
            ["similar", ids[0], "-f", "csv"],
            ["compare", ids[0], ids[-1], "-f", "json"],
            ["search", "e"],
        ):
            result = run(*command) if "--" in command else run(*command, "--data", path)
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                command,
                result.exception,
            )
            # An answer, from the file or from a well-formed forgery (a cache only its user can
            # write); or a message: for an index that disagrees with its own records, which no run
            # of the tool writes, or for a dimension the forgery renamed.
            assert result.exit_code in (0, 1, 2), (command, result.stderr)
            if result.exit_code:
                assert result.stdout == "" and result.stderr.count("\n") == 1, (command, result.stderr)


# -- search: any term, in any text, highlighted in every format ------------------------------------

SEARCHED = st.text(st.sampled_from("ab \n\t漢ßİ\u200b\u3000x"), min_size=1, max_size=40).filter(
    shows_something
)


@settings(VALID, max_examples=60)
@given(text=SEARCHED, data=st.data(), width=st.integers(20, 120))
def test_search_finds_and_shows_any_term_in_any_text(text: str, data: Any, width: int) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    term = data.draw(st.one_of(st.just(text[start : start + data.draw(st.integers(1, 6))]), SEARCHED))
    if not term.strip():  # an empty term is a usage error, tested elsewhere
        term += "a"
    document = {
        "version": 1,
        "dimensions": ["skills"],
        "roles": [{"id": "r", "name": "Role", "summary": text, "skills": [text, "other"]}],
    }
    with written(dump(document)) as path:
        ok("list", "--data", path, "-f", "json", first=True)  # the first read may warn of spellings
        found = run("search", term, "--data", path, "-f", "json")
        rows = json.loads(found.stdout)
        if term in text:  # found as written, whatever the case rules do beyond that
            assert {"id": "r", "field": "summary", "text": text} in rows
            assert {"id": "r", "field": "skills", "text": text} in rows
        if not rows:  # nothing found: a message and grep's exit 1, in every format
            assert found.exit_code == 1 and found.stderr.startswith("no match for "), found.stderr
            return
        assert found.exit_code == 0 and found.stderr == ""
        for fmt in ("table", "markdown", "csv"):
            ok("search", term, "--data", path, "-f", fmt, env={"COLUMNS": str(width)})
        ok("search", term, "--data", path, "--save", path.with_suffix(".svg"), env={"COLUMNS": str(width)})


@VALID
@given(document=roles_files())
def test_a_file_reads_the_same_whatever_the_order_of_its_top_level_keys(document: dict[str, Any]) -> None:
    """An ordinary file (roles last) is read one role at a time; one with its roles first is composed
    whole. Both must give the same roles, and the same problems when an item is broken."""
    roles_last = dump(document)
    roles_first = dump({"roles": document["roles"], **{k: v for k, v in document.items() if k != "roles"}})
    assert roles_first.startswith(b"roles:") and not roles_last.startswith(b"roles:")
    unplaced = [
        [role._replace(line=None) for role in parse_roles(text).roles] for text in (roles_last, roles_first)
    ]
    assert unplaced[0] == unplaced[1]  # all but the lines they are on
    broken = json.loads(json.dumps(document))
    broken["roles"][-1][document["dimensions"][0]].append({"name": "x", "importance": 9})
    last_problems = check_roles(dump(broken))[1]
    first_problems = check_roles(
        dump({"roles": broken["roles"], "version": 1, "dimensions": document["dimensions"]})
    )[1]
    assert [p.message for p in last_problems] == [p.message for p in first_problems]
    assert len(last_problems) == 1 and "importance" in last_problems[0].message


@settings(VALID, max_examples=60)
@given(
    document=roles_files(roles=24, pool=14),
    method=st.sampled_from(["tfidf", "jaccard"]),
    top=st.integers(1, 30),
    weighed_after=st.sampled_from([0, 40, 10**9]),
)
def test_the_pruned_search_for_pairs_finds_what_scoring_every_pair_finds(
    document: dict[str, Any], method: str, top: int, weighed_after: int
) -> None:
    """pairs.py prunes only beyond ALL_PAIRS_UP_TO pairs; with that bound at 0 every file is pruned,
    by the items alone, by the weights of the features from the start, or from part way. The best
    pairs must be those of ranking every pair that shares an item, ties in file order."""
    from roles_cli import pairs
    from roles_cli.measures import measure

    roles = parse_roles(dump(document))
    dimension = document["dimensions"][0]
    scale = measure(roles, dimension, method)
    ranked = []
    for (i, a), (j, b) in combinations(enumerate(roles.roles), 2):
        shared = len({x.key for x in a.dimensions[dimension]} & {x.key for x in b.dimensions[dimension]})
        if shared:
            value = scale.similarity(a, b)
            ranked.append((-value * shared / (shared + 2), -value, i, j))
    expected = [(roles.roles[i].id, roles.roles[j].id) for _, _, i, j in sorted(ranked)[:top]]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pairs, "ALL_PAIRS_UP_TO", 0)
        patch.setattr(pairs, "WEIGHED_AFTER", weighed_after)
        found = pairs.most_similar_pairs(roles.roles, scale, top=top)
    assert [(p.a, p.b) for p in found] == expected
