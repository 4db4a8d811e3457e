"""Set logic and similarity, checked against values worked out by hand or computed here independently."""

from __future__ import annotations

import itertools
import random

import pytest
import yaml

from roles_cli import compare, load_roles, overlap, parse_roles, similarity
from roles_cli.measures import measure
from roles_cli.pairs import ALL_PAIRS_UP_TO, MAX_PAIRS, most_similar_pairs
from tests.helpers import MINIMAL, ONET_SMALL, normalised, raw, weighted_jaccard

THREE = (
    MINIMAL
    + """\
  - id: chef
    name: Chef
    summary: Runs a kitchen.
    skills: [timing, Knives, Menus]
    tasks: [Plan menus, clean  UP]
"""
)


def test_weighted_jaccard_by_hand() -> None:
    # baker: Kneading 3, Ovens 5, Timing 3; cook: Ovens 2, Timing 3, Knives 3.
    # min: Ovens 2 + Timing 3 = 5; max: Kneading 3 + Ovens 5 + Timing 3 + Knives 3 = 14.
    roles = parse_roles(MINIMAL)
    baker, cook = roles.resolve("baker"), roles.resolve("cook")
    assert similarity(baker.weights("skills"), cook.weights("skills")) == pytest.approx(5 / 14)


def test_equal_weights_give_plain_jaccard() -> None:
    a = {"x": 3.0, "y": 3.0, "z": 3.0}
    b = {"y": 3.0, "z": 3.0, "w": 3.0, "v": 3.0}
    assert similarity(a, b) == pytest.approx(2 / 5)  # |{y, z}| / |{x, y, z, w, v}|


def test_similarity_bounds() -> None:
    assert similarity({"x": 2.0}, {"x": 2.0}) == 1.0
    assert similarity({"x": 2.0}, {"y": 2.0}) == 0.0
    assert similarity({}, {}) == 1.0


def test_compare_two_roles() -> None:
    roles = parse_roles(MINIMAL)
    result = compare(roles, ["baker", "cook"], ["skills", "tasks"], method="jaccard")
    skills, tasks = result.dimensions
    assert [i.name for i in skills.shared] == ["Ovens", "Timing"]
    assert [i.name for i in skills.unique["baker"]] == ["Kneading"]
    assert [i.name for i in skills.unique["cook"]] == ["Knives"]
    # shared items first, then the rest in file order
    assert [i.name for i in skills.items["cook"]] == ["Ovens", "Timing", "Knives"]
    assert skills.similarity == pytest.approx(5 / 14)
    assert [i.name for i in tasks.shared] == ["Clean up"]
    assert tasks.similarity == pytest.approx(1 / 3)


def test_compare_three_roles_uses_the_mean_of_the_pairs() -> None:
    roles = parse_roles(THREE)
    tasks = compare(roles, ["baker", "cook", "chef"], ["tasks"], method="jaccard").dimensions[0]
    # every pair shares "Clean up" and has one item of its own each: 1/3 three times
    assert [i.name for i in tasks.shared] == ["Clean up"]
    assert tasks.similarity == pytest.approx(1 / 3)
    skills = compare(roles, ["baker", "cook", "chef"], ["SKILLS"], method="jaccard").dimensions[0]
    # baker-cook 5/14; baker-chef: Timing 3 / (Kneading 3 + Ovens 5 + Timing 3 + Knives 3 + Menus 3) = 3/17;
    # cook-chef: Timing 3 + Knives 3 / (Ovens 2 + Timing 3 + Knives 3 + Menus 3) = 6/11
    assert skills.similarity == pytest.approx((5 / 14 + 3 / 17 + 6 / 11) / 3)
    assert [i.name for i in skills.shared] == ["Timing"]
    assert [i.name for i in skills.unique["chef"]] == ["Menus"]
    assert skills.unique["cook"] == ()  # Knives is the chef's too


def test_overlap_groups_are_the_regions_of_a_venn_diagram() -> None:
    roles = parse_roles(THREE)
    skills = overlap(roles, dimensions=["skills"]).dimensions[0]
    regions = {group.roles: set(group.items) for group in skills.groups}
    assert regions == {
        ("baker", "cook", "chef"): {"Timing"},
        ("baker", "cook"): {"Ovens"},
        ("cook", "chef"): {"Knives"},
        ("baker",): {"Kneading"},
        ("chef",): {"Menus"},
    }
    assert [g.roles for g in skills.groups][:3] == [
        ("baker", "cook", "chef"),
        ("baker", "cook"),
        ("cook", "chef"),
    ]
    assert skills.shared_by_all == ("Timing",)
    assert [(s.name, s.roles) for s in skills.most_shared] == [("Timing", 3), ("Ovens", 2), ("Knives", 2)]


def test_overlap_pairs_most_similar_first() -> None:
    roles = parse_roles(THREE)
    skills = overlap(roles, dimensions=["skills"], method="jaccard").dimensions[0]
    assert [(p.a, p.b) for p in skills.pairs] == [("cook", "chef"), ("baker", "cook"), ("baker", "chef")]
    assert [p.similarity for p in skills.pairs] == pytest.approx([6 / 11, 5 / 14, 3 / 17])
    assert [p.shared for p in skills.pairs] == [2, 2, 1]
    assert skills.pair_count == 3
    top = overlap(roles, dimensions=["skills"], top=1, method="jaccard").dimensions[0]
    assert [(p.a, p.b) for p in top.pairs] == [("cook", "chef")]
    assert top.pair_count == 3


def _brute_force_pairs(dimension: str) -> list[tuple[float, str, str, int]]:
    """Every pair of the raw YAML scored by the tests' own weighted Jaccard, and the items it
    shares, without the library."""
    roles = raw(ONET_SMALL)["roles"]
    return [
        (
            weighted_jaccard(a[dimension], b[dimension]),
            a["id"],
            b["id"],
            len({i["key"] for i in a[dimension]} & {i["key"] for i in b[dimension]}),
        )
        for a, b in itertools.combinations(roles, 2)
    ]


@pytest.mark.parametrize("dimension", ["skills", "tasks", "technology"])
def test_pairs_on_onet_match_a_brute_force_count(dimension: str) -> None:
    roles = load_roles(ONET_SMALL)
    expected = _brute_force_pairs(dimension)
    jaccard = measure(roles, dimension, "jaccard")
    found = most_similar_pairs(roles.roles, jaccard)
    assert len(found) == len(expected) == 28
    exact = {(a, b): (value, shared) for value, a, b, shared in expected}
    for pair in found:
        assert pair.similarity == pytest.approx(exact[pair.a, pair.b][0])
        assert pair.shared == exact[pair.a, pair.b][1]
    # Ranked by similarity shrunk by support: s / (s + 2), s the items shared.
    ranks = [v * s / (s + 2) for v, _, _, s in expected]
    assert [p.similarity * p.shared / (p.shared + 2) for p in found] == pytest.approx(
        sorted(ranks, reverse=True)
    )
    top5 = most_similar_pairs(roles.roles, jaccard, top=5)
    assert [p.similarity * p.shared / (p.shared + 2) for p in top5] == pytest.approx(
        sorted(ranks, reverse=True)[:5]
    )


def _generated(roles: int, seed: int) -> str:
    """A file with more pairs than ALL_PAIRS_UP_TO: skewed item popularity (a few items everywhere,
    most rare), lists of different lengths, and some roles repeated, so that ties occur."""
    rng = random.Random(seed)
    lines = ["version: 1", "dimensions: [skills]", "roles:"]
    lists: list[list[str]] = []
    for number in range(roles):
        if lists and rng.random() < 0.05:
            chosen = rng.choice(lists)  # a twin: the same items as an earlier role
        else:
            size = rng.randint(1, 12)
            chosen = sorted({f"skill {int(rng.paretovariate(1.1) * 2) % 400}" for _ in range(size)})
        lists.append(chosen)
        items = ", ".join(f"{{name: {name}, importance: {1 + sum(map(ord, name)) % 5}}}" for name in chosen)
        lines += [f"  - id: r{number}", f"    name: R {number}", "    summary: x", f"    skills: [{items}]"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("weighed_after", [None, 0])
@pytest.mark.parametrize("method", ["tfidf", "jaccard"])
@pytest.mark.parametrize(("seed", "top"), [(1, 1), (2, 10), (3, 40)])
def test_best_pairs_of_a_large_file_are_those_of_scoring_every_pair(
    method: str, seed: int, top: int, weighed_after: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beyond ALL_PAIRS_UP_TO pairs most pairs are never scored (pairs.py prunes them); the answer
    must be the one that ranking every pair that shares an item gives, whether the search goes by
    the items alone or (weighed_after 0) also by the weights of the features from the start."""
    from roles_cli import pairs

    if weighed_after is not None:
        monkeypatch.setattr(pairs, "WEIGHED_AFTER", weighed_after)
    text = _generated(160, seed)  # 12,720 pairs
    roles = parse_roles(text)
    data = normalised(yaml.safe_load(text))["roles"]
    assert len(data) * (len(data) - 1) // 2 > ALL_PAIRS_UP_TO
    scale = measure(roles, "skills", method)
    ranked = []
    for (i, a), (j, b) in itertools.combinations(enumerate(data), 2):
        shared = len({x["key"] for x in a["skills"]} & {x["key"] for x in b["skills"]})
        if shared:
            value = scale.similarity(roles.roles[i], roles.roles[j])
            ranked.append((-value * shared / (shared + 2), -value, i, j, shared))
    expected = [(data[i]["id"], data[j]["id"], shared) for _, _, i, j, shared in sorted(ranked)[:top]]
    found = most_similar_pairs(roles.roles, scale, top=top)
    assert [(p.a, p.b, p.shared) for p in found] == expected


@pytest.mark.parametrize("method", ["tfidf", "jaccard"])
def test_the_weights_of_features_spare_scoring_most_pairs_of_roles_that_share_much(
    method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Roles of 15 skills each, from a few everywhere and many rare, every pair sharing some: the
    search by the weights of the features scores far fewer pairs than the items alone would, and
    finds the same best pairs as scoring every pair."""
    from roles_cli import pairs

    rng = random.Random(5)
    lines = ["version: 1", "dimensions: [skills]", "roles:"]
    lists: list[set[int]] = []
    for number in range(300):
        chosen: set[int] = set()
        while len(chosen) < 15:
            chosen.add(int(rng.paretovariate(1.2) * 3) % 3000)
        lists.append(chosen)
        items = ", ".join(f"{{name: skill {i}, importance: {rng.randint(1, 5)}}}" for i in sorted(chosen))
        lines.append(f"  - {{id: r{number}, name: R{number}, summary: S, skills: [{items}]}}")
    roles = parse_roles("\n".join(lines) + "\n")
    scale = measure(roles, "skills", method)
    ranked = []
    for (i, a), (j, b) in itertools.combinations(enumerate(roles.roles), 2):
        shared = len(lists[i] & lists[j])
        value = scale.similarity(a, b)
        ranked.append((-value * shared / (shared + 2), -value, i, j))
    expected = [(f"r{i}", f"r{j}") for _, _, i, j in sorted(ranked)[:10]]

    scored = _counting_scores(monkeypatch)
    found = {}
    for weighed_after in (10**12, 0):  # the items alone; the weights too, from the start
        monkeypatch.setattr(pairs, "WEIGHED_AFTER", weighed_after)
        scored.clear()
        best = most_similar_pairs(roles.roles, scale, top=10)
        assert [(p.a, p.b) for p in best] == expected
        found[weighed_after] = len(scored)
    assert found[0] * 3 < found[10**12], found


def _counting_scores(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one each time the search for pairs scores a pair."""
    from roles_cli import pairs

    scored: list[int] = []
    entry = pairs._entry

    def counted(*args: object) -> object:
        scored.append(1)
        return entry(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pairs, "_entry", counted)
    return scored


def _sharing(roles: int, *, own: bool = False) -> str:
    """Roles that all share one skill (and, with `own`, each have one skill of its own)."""
    lines = ["version: 1", "dimensions: [skills]", "roles:"]
    for n in range(roles):
        skills = f"[common, own {n}]" if own else "[common]"
        lines.append(f"  - {{id: r{n}, name: R{n}, summary: S, skills: {skills}}}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("roles", [5_000, pytest.param(10_000, marks=pytest.mark.slow)])
def test_roles_that_all_share_one_skill_take_memory_in_the_roles_not_their_pairs(roles: int) -> None:
    import tracemalloc

    loaded = parse_roles(_sharing(roles))
    scale = measure(loaded, "skills", "jaccard")
    tracemalloc.start()
    try:
        best = most_similar_pairs(loaded.roles, scale, top=10)
        listed = most_similar_pairs(loaded.roles, scale)  # as many as may be listed
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Every pair shares the one skill, with similarity 1: a tie, which goes in file order.
    assert [(p.a, p.b, p.similarity, p.shared) for p in best] == [
        ("r0", f"r{n}", 1.0, 1) for n in range(1, 11)
    ]
    pairs_in_order = ((f"r{i}", f"r{j}") for i in range(roles) for j in range(i + 1, roles))
    assert [(p.a, p.b) for p in listed] == list(itertools.islice(pairs_in_order, MAX_PAIRS))
    # An entry for each of the 12.5 (or 50) million pairs would take gigabytes.
    assert peak < 40_000_000


@pytest.mark.parametrize("weighed_after", [None, 0])
@pytest.mark.parametrize("method", ["tfidf", "jaccard"])
@pytest.mark.parametrize("top", [1, 10, 300])
def test_pairs_that_all_tie_are_found_as_scoring_every_pair_finds_them(
    method: str, top: int, weighed_after: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each role has the shared skill and one of its own: every pair ties, at a low similarity, and
    the best are the first in file order."""
    from roles_cli import pairs

    if weighed_after is not None:
        monkeypatch.setattr(pairs, "WEIGHED_AFTER", weighed_after)
    text = _sharing(200, own=True)  # 19,900 pairs
    roles = parse_roles(text)
    scale = measure(roles, "skills", method)
    ranked = sorted(
        (-(v := scale.similarity(a, b)) / 3, -v, i, j)
        for (i, a), (j, b) in itertools.combinations(enumerate(roles.roles), 2)
    )
    expected = [(f"r{i}", f"r{j}") for _, _, i, j in ranked[:top]]
    assert [(p.a, p.b) for p in most_similar_pairs(roles.roles, scale, top=top)] == expected


REFUSALS = [
    (
        "MAX_PAIR_WORK",
        500,
        "the 160 roles share items in skills too widely to find their most similar pairs in reasonable"
        " time (more than 500 pairs to compare); compare fewer roles",
    ),
    (
        "MAX_SEARCHED",
        100,
        "the 160 roles make 12,720 pairs, too many to search for the most similar in reasonable time;"
        " compare at most 100 roles",
    ),
]
"""(limit of pairs.py, a value of it, what _generated(160, 1) is refused with under it)."""


@pytest.mark.parametrize(("limit", "value", "message"), REFUSALS)
def test_pairs_too_many_to_rank_in_reasonable_time_are_a_message(
    limit: str, value: int, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Too much work is a message; too many roles are one before any pair is scored."""
    from roles_cli import pairs
    from roles_cli.errors import UsageError

    monkeypatch.setattr(pairs, limit, value)
    scored = _counting_scores(monkeypatch)
    roles = parse_roles(_generated(160, 1))
    with pytest.raises(UsageError) as refused:
        most_similar_pairs(roles.roles, measure(roles, "skills", "tfidf"), top=10)
    assert (str(refused.value), refused.value.argument) == (message, "roles")
    assert (scored == []) == (limit == "MAX_SEARCHED")
    monkeypatch.setattr(pairs, limit, value * 10_000)
    assert len(most_similar_pairs(roles.roles, measure(roles, "skills", "tfidf"), top=10)) == 10
