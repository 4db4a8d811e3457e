"""fit, fit from a text, and gap: a person's words against the roles, checked by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from roles_cli import fit, fit_text, gap, load_roles, parse_roles
from tests.helpers import FIXTURES, json_output

FILE = """\
version: 1
dimensions: [skills]
synonyms:
  Machine learning: [ML]
roles:
  - id: short
    name: Spreadsheet clerk
    summary: One skill.
    skills: [Excel]
  - id: long
    name: Data analyst
    summary: Many skills.
    skills:
      - {name: Python, importance: 5}
      - {name: SQL, importance: 4}
      - Excel
      - Tableau
      - {name: Statistics, importance: 5}
  - id: other
    name: Welder
    summary: Other skills.
    skills: [Welding, Blueprints, {name: Safety, importance: 4}]
  - id: ml
    name: ML engineer
    summary: Models.
    skills: [{name: Machine learning, importance: 5}, {name: R, importance: 2}, Java]
"""


def test_a_role_with_one_item_does_not_win_by_having_few() -> None:
    roles = parse_roles(FILE)
    result = fit(roles, ["Python", "SQL", "Excel", "Tableau"])
    scores = {entry.role.id: entry for entry in result.ranking}
    # By hand. Coverage: short 1, long (5+4+3+3)/20 = 0.75, other 0, ml 0; mean C = 1.75/4.
    # Median list length m = median(1, 5, 3, 3) = 3. Use: short 1/4, long 4/4.
    mean = 1.75 / 4
    short = (1 * 1 + 3 * mean) / (1 + 3)
    long = (5 * 0.75 + 3 * mean) / (5 + 3)
    assert scores["short"].score == pytest.approx(2 * 0.25 * short / (0.25 + short))
    assert scores["long"].score == pytest.approx(2 * 1 * long / (1 + long))
    assert [entry.role.id for entry in result.ranking][:2] == ["long", "short"]
    assert (scores["long"].coverage, scores["long"].uses) == (0.75, 1.0)
    assert [item.name for item in scores["long"].must_have] == ["Statistics"]
    assert scores["other"].score == 0.0


def test_words_as_people_write_them_match() -> None:
    roles = parse_roles(FILE)
    for typed in ("machine-learning", "MACHINE LEARNING", "ML", "machine learnings"):
        result = fit(roles, [typed])
        assert result.unknown == (), typed
        assert [item.name for item in result.ranking[0].matched] == ["Machine learning"], typed
    typo = fit(roles, ["Pyhton"]).unknown
    assert [(u.name, u.suggestions[:1]) for u in typo] == [("Pyhton", ("Python",))]


def test_the_ranking_can_be_limited_to_some_roles() -> None:
    roles = parse_roles(FILE)
    whole = {e.role.id: e.score for e in fit(roles, ["Excel"]).ranking}
    some = fit(roles, ["Excel"], among=["short", "other"]).ranking
    assert [e.role.id for e in some] == ["short", "other"]
    assert {e.role.id: e.score for e in some} == {k: whole[k] for k in ("short", "other")}  # same prior


def test_a_text_is_read_for_every_name_on_word_boundaries() -> None:
    roles = parse_roles(FILE)
    ad = "We use Java (not JavaScript), R and ML; r&d and every r or javascripts are not skills. SQL!"
    result = fit_text(roles, ad)
    found = [(m.text, m.value, ad[m.span.start : m.span.end]) for m in result.found]
    assert found == [
        ("Java", "Java", "Java"),
        ("R", "R", "R"),
        ("ML", "Machine learning", "ML"),
        ("SQL", "SQL", "SQL"),
    ]
    assert result.ranking[0].role.id == "ml"


def test_a_megabyte_of_text_is_read_once() -> None:
    roles = load_roles()
    text = "We build RAG pipelines with Python and SQL. " * 25_000
    result = fit_text(roles, text)
    # RAG (a synonym in the bundled file), Python and SQL, each time, in order
    assert [m.value for m in result.found[:3]] == ["Retrieval-augmented generation", "Python", "SQL"]
    assert len(result.found) == 3 * 25_000
    starts = [m.span.start for m in result.found]
    assert starts == sorted(starts)


def test_gap_lists_what_transfers_and_what_to_learn() -> None:
    roles = parse_roles(FILE)
    (skills,) = gap(roles, "short", "long").dimensions
    assert [i.name for i in skills.transfers] == ["Excel"]
    assert [i.name for i in skills.to_learn] == ["Python", "Statistics", "SQL", "Tableau"]
    assert [i.name for i in skills.must_have] == ["Python", "Statistics", "SQL"]
    assert skills.left_behind == ()
    assert skills.coverage == pytest.approx(3 / 20)


def test_a_text_finds_names_whatever_their_number() -> None:
    roles = load_roles()
    found = fit_text(roles, "Manage a vector database; embedding; large language model APIs").found
    # The bundled AI engineer lists "Vector databases" and "Embeddings": singular in the text.
    assert [m.value for m in found][:2] == ["Vector databases", "Embeddings"]
    assert [m.text for m in found][:2] == ["vector database", "embedding"]


@pytest.mark.parametrize("ad", sorted((FIXTURES / "ads").glob("*.txt")), ids=lambda path: path.stem)
def test_each_job_ad_ranks_its_own_role_first(ad: Path) -> None:
    role = {"ds": "data-scientist", "mle": "ml-engineer", "aie": "ai-engineer"}[ad.stem.split("-")[0]]
    result = json_output("fit", "--text", ad)
    assert result["ranking"][0]["id"] == role
    # every mention points at what the ad says there
    text = ad.read_text(encoding="utf-8")
    assert all(text[m["start"] : m["end"]] == m["text"] for m in result["found"])
    assert len(result["found"]) >= 4
