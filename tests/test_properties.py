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
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import combinations, permutations
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roles_cli import check_roles, compare, fit, load_roles, overlap, parse_roles, similar, similarity
from tests.helpers import item_key, normalised, run, weighted_jaccard

# Tests never time themselves; the example counts keep the whole module to a few seconds.
VALID = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CORRUPT = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROLE_FIELDS = {"id", "name", "aliases", "summary", "sources"}


# Any text but surrogates (which UTF-8 cannot hold): other scripts, emoji, controls, bidi marks.
TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12).filter(
    lambda s: bool(s.strip())
)
IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True)
IMPORTANCE = st.one_of(st.integers(1, 5), st.floats(1, 5, allow_nan=False))


@st.composite
def roles_files(draw: st.DrawFn) -> dict[str, Any]:
    """A valid roles document as Python data: 1-5 roles over 1-3 dimensions, items from a shared pool."""
    dimensions = draw(
        st.lists(TEXT.filter(lambda d: d not in ROLE_FIELDS), min_size=1, max_size=3, unique_by=str.casefold)
    )
    pool = draw(st.lists(TEXT, min_size=1, max_size=8, unique_by=item_key))
    ids = draw(st.lists(IDS, min_size=1, max_size=5, unique=True))
    roles = []
    taken = {role_id.casefold() for role_id in ids}
    for role_id in ids:
        role: dict[str, Any] = {"id": role_id, "name": draw(TEXT), "summary": draw(TEXT)}
        aliases = [
            a for a in draw(st.lists(TEXT, max_size=2, unique_by=str.casefold)) if a.casefold() not in taken
        ]
        taken |= {a.casefold() for a in aliases}
        if aliases:
            role["aliases"] = aliases
        for dimension in dimensions:
            names = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=len(pool), unique=True))
            role[dimension] = [
                name if draw(st.booleans()) else {"name": name, "importance": draw(IMPORTANCE)}
                for name in names
            ]
        roles.append(role)
    return {"version": 1, "dimensions": dimensions, "roles": roles}


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
            assert first.roles == parsed.roles and len(first) == len(parsed)
            assert list(first.heads) == list(parsed.heads)
        finally:
            del os.environ["XDG_CACHE_HOME"]


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
