"""similar and fit through the indexes of index.py: the answers of a brute-force computation over
every role, done here from the roles' items as the README defines the scores; and only the roles
shown are read, the indexes only looked up (never listed)."""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from roles_cli import fit, parse_roles, similar
from roles_cli.index import counts, items, norms, postings, scope, totals
from roles_cli.matching import item_names, phrases
from roles_cli.model import Head, Role, RoleSet
from roles_cli.text import content_words
from tests.helpers import fit_scores, item_key, normalised
from tests.test_properties import VALID, dump, roles_files

TOLERANCE = 1e-9
"""The indexes add the same terms in another order than the brute force: the last bits may differ."""


# -- the brute force: every role against the target, from the items alone -----------------------


def features(role: Role, dimension: str) -> dict[str, float]:
    """The README's TF-IDF features of a role before weighing: each item as a whole ('=' + key) and
    each word of its name that carries meaning ('~' + word), sharing the item's importance; a
    one-word item is its own word. Without such a dimension, "summary" is the role's name and
    summary, words only."""
    if dimension in role.dimensions:
        entries = [(item.key, item.words.split(), float(item.importance)) for item in role.items(dimension)]
    else:
        entries = [("", content_words(f"{role.name}. {role.summary}"), 3.0)]
    vector: dict[str, float] = {}
    for key, words, importance in entries:
        if words == [key]:
            words = []
        terms = (["=" + key] if key else []) + ["~" + word for word in words]
        for term in terms:
            vector[term] = vector.get(term, 0.0) + importance / len(terms)
    return vector


def cosines(roles: Sequence[Role], target: int, dimension: str) -> list[float]:
    """Every role's TF-IDF cosine with role number `target`: idf = 1 + ln((1 + N) / (1 + n))."""
    raw = [features(role, dimension) for role in roles]
    frequency: dict[str, int] = {}
    for vector in raw:
        for feature in vector:
            frequency[feature] = frequency.get(feature, 0) + 1
    weighed = [
        {f: w * (1 + math.log((1 + len(roles)) / (1 + frequency[f]))) for f, w in vector.items()}
        for vector in raw
    ]
    mine = weighed[target]
    found = []
    for theirs in weighed:
        length = math.sqrt(sum(w * w for w in mine.values())) * math.sqrt(sum(w * w for w in theirs.values()))
        if not length:
            found.append(1.0 if not mine and not theirs else 0.0)
        else:
            found.append(sum(w * theirs.get(f, 0.0) for f, w in mine.items()) / length)
    return found


def brute_similar(
    roles: Sequence[Role], target: int, dimensions: Sequence[str]
) -> dict[str, tuple[float, list[float]]]:
    """Other role's id -> (combined similarity, per dimension): each dimension weighted by 1 / the
    spread of its values over the other roles (all alike with fewer than ten others)."""
    others = [n for n in range(len(roles)) if n != target]
    rows = [[cosines(roles, target, d)[n] for n in others] for d in dimensions]
    weights = [1.0] * len(rows)
    if len(others) >= 10:
        spreads = [math.sqrt(sum((v - sum(row) / len(row)) ** 2 for v in row) / len(row)) for row in rows]
        weights = [1 / s if s > 1e-9 else 0.0 for s in spreads]
        if not sum(weights):
            weights = [1.0] * len(rows)
    total = sum(weights)
    return {
        roles[n].id: (
            sum(w / total * row[k] for w, row in zip(weights, rows, strict=True)),
            [row[k] for row in rows],
        )
        for k, n in enumerate(others)
    }


def ranked_as_the_brute_force(
    ranking: Sequence[tuple[str, float]], expected: dict[str, float], order: list[str]
) -> None:
    """(id, score) pairs, best first: the brute force's scores, never a lower one above a higher
    one, and equal scores in file order (`order`)."""
    for role_id, score in ranking:
        assert math.isclose(score, expected[role_id], rel_tol=TOLERANCE, abs_tol=TOLERANCE), role_id
    for (a, score_a), (b, score_b) in zip(ranking, ranking[1:], strict=False):
        assert expected[a] >= expected[b] - TOLERANCE, (a, b)
        if score_a == score_b:
            assert order.index(a) < order.index(b), (a, b)


@VALID
@given(document=roles_files(roles=14, pool=8), data=st.data())
def test_similar_ranks_as_scoring_every_role_does(document: dict[str, Any], data: st.DataObject) -> None:
    roles = parse_roles(dump(document))
    every = roles.roles
    order = [role.id for role in every]
    target = data.draw(st.integers(0, len(every) - 1))
    for dimensions in (None, [roles.dimensions[0]]):
        result = similar(roles, every[target].id, dimensions)
        chosen = result.dimensions
        expected = brute_similar(every, target, chosen)
        assert sorted(e.role.id for e in result.ranking) == sorted(expected)
        assert result.ranked == len(every) - 1
        ranked_as_the_brute_force(
            [(e.role.id, e.similarity) for e in result.ranking], {k: v[0] for k, v in expected.items()}, order
        )
        for entry in result.ranking:
            for value, wanted in zip(entry.dimensions.values(), expected[entry.role.id][1], strict=True):
                assert math.isclose(value, wanted, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
            mine = every[target]
            assert entry.shared == sum(
                1
                for d in chosen
                for item in entry.role.items(d)
                if item.key in {i.key for i in mine.items(d)}
            )
        top = data.draw(st.integers(0, len(every) + 1))
        assert similar(roles, every[target].id, dimensions, top=top).ranking == result.ranking[:top]


@VALID
@given(document=roles_files(roles=12, pool=8), data=st.data())
def test_fit_ranks_as_scoring_every_role_does(document: dict[str, Any], data: st.DataObject) -> None:
    data_file = dump(document)
    roles = parse_roles(data_file)
    as_yaml = normalised(yaml.safe_load(data_file))  # as YAML reads it (a NEL in a name is a space)
    dimension = as_yaml["dimensions"][0]
    pool = list({item["key"]: item["name"] for role in as_yaml["roles"] for item in role[dimension]}.values())
    skills = data.draw(st.lists(st.sampled_from(pool), min_size=1, unique=True))
    result = fit(roles, [*skills, "\u2603 no such skill \u2603"], dimension=dimension)
    have = {item_key(skill) for skill in skills}
    expected = fit_scores(as_yaml["roles"], dimension, have)
    order = [role["id"] for role in as_yaml["roles"]]
    assert len(result.ranking) == len(order)
    assert sorted(e.role.id for e in result.ranking) == sorted(order)
    ranked_as_the_brute_force(
        [(e.role.id, e.score) for e in result.ranking], {k: v["score"] for k, v in expected.items()}, order
    )
    by_id = {role["id"]: role for role in as_yaml["roles"]}
    for entry in result.ranking:
        wanted = expected[entry.role.id]
        assert math.isclose(entry.coverage, wanted["coverage"], rel_tol=TOLERANCE, abs_tol=TOLERANCE)
        assert math.isclose(entry.uses, wanted["uses"], rel_tol=TOLERANCE, abs_tol=TOLERANCE)
        listed = by_id[entry.role.id][dimension]
        assert [i.name for i in entry.matched] == [i["name"] for i in listed if i["key"] in have]
        missing = sorted((i for i in listed if i["key"] not in have), key=lambda i: -i["importance"])
        assert [i.name for i in entry.missing] == [i["name"] for i in missing]
    assert [u.name for u in result.unknown] == ["\u2603 no such skill \u2603"]
    top = data.draw(st.integers(0, len(order) + 1))
    assert result.ranking[:top] == tuple(result.ranking)[:top]
    among = data.draw(st.lists(st.sampled_from(order), unique=True))
    some = fit(roles, skills, dimension=dimension, among=among).ranking
    assert [e.role.id for e in some] == [e.role.id for e in result.ranking if not among or e.role.id in among]


# -- what is read: the roles shown, and the indexes a key at a time --------------------------------


class LookUpOnly:
    """An index that can only be looked up in, as a store read a part at a time gives it."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def get(self, key: str, default: Any = None) -> Any:
        return self.inner.get(key, default)


class Store:
    """The roles of `parsed`, handed out one at a time (counted), with the indexes kept beside."""

    def __init__(self, parsed: RoleSet, kept: dict[Hashable, Any]) -> None:
        self.parsed, self.kept = parsed, kept
        self.read: list[int] = []

    def count(self) -> int:
        return len(self.parsed)

    def heads(self) -> Sequence[Head]:
        return self.parsed.heads

    def role(self, index: int) -> Role:
        self.read.append(index)
        return self.parsed.roles[index]

    def roles(self) -> Sequence[Role]:
        raise AssertionError("every role read")

    def find(self, key: str) -> int | None:
        return self.parsed.find(key)

    def stored(self, key: Hashable) -> Any | None:
        return self.kept.get(key)


def kept_indexes(parsed: RoleSet, dimensions: Sequence[str]) -> dict[Hashable, Any]:
    kept: dict[Hashable, Any] = {}
    for d in (*parsed.dimensions, "summary"):
        kept["postings", d], kept["norms", d] = LookUpOnly(postings(parsed, d)), norms(parsed, d)
    where = scope(dimensions)
    kept["items", where] = LookUpOnly(items(parsed, dimensions))
    kept["phrases", where] = LookUpOnly(phrases(parsed, dimensions))
    kept["counts", where], kept["totals", where] = counts(parsed, dimensions), totals(parsed, dimensions)
    kept["item names", where] = item_names(parsed, dimensions)  # read whole: for suggestions only
    return kept


ROLES = "version: 1\ndimensions: [skills, tasks]\nroles:\n" + "".join(
    f"  - {{id: r{n}, name: Role {n}, summary: Does {n % 7}., skills: [common, s{n % 5}, t{n % 11}],"
    f" tasks: [Task {n % 3}, Plan {n % 4}]}}\n"
    for n in range(60)
)


def test_similar_reads_the_target_and_the_roles_it_shows() -> None:
    parsed = parse_roles(ROLES)
    store = Store(parsed, kept_indexes(parsed, ["skills"]))
    result = similar(RoleSet(store, parsed.dimensions), "r7", top=3)
    assert result == similar(parsed, "r7", top=3)
    shown = {parsed.roles.index(e.role) for e in result.ranking}
    assert set(store.read) == {7, *shown}
    assert result.ranked == 59


def test_fit_reads_the_roles_it_shows_and_suggests_from_the_names() -> None:
    parsed = parse_roles(ROLES)
    store = Store(parsed, kept_indexes(parsed, ["skills"]))
    roles = RoleSet(store, parsed.dimensions)
    result = fit(roles, ["S3", "commn"])
    assert [u.suggestions for u in result.unknown] == [("common",)]
    assert len(result.ranking) == 60 and store.read == []
    first = result.ranking[:4]
    assert first == fit(parsed, ["S3", "commn"]).ranking[:4]
    assert sorted(store.read) == sorted(parsed.roles.index(e.role) for e in first)
