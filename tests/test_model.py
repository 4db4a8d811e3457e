"""Naming roles and dimensions: ids, aliases and names in any case, and what is suggested otherwise."""

from __future__ import annotations

import pytest

from roles_cli import UnknownDimensionError, UnknownRoleError, load_roles, parse_roles
from roles_cli.model import RoleSet, item_key
from tests.helpers import MINIMAL


@pytest.mark.parametrize(
    "query", ["ml-engineer", "MLE", "machine-learning-engineer", "Machine Learning Engineer"]
)
def test_role_by_id_alias_or_name_in_any_case(query: str) -> None:
    assert load_roles().resolve(query).id == "ml-engineer"


def test_name_lookup_folds_white_space() -> None:
    assert load_roles().resolve("  data   SCIENTIST ").id == "data-scientist"


def test_unknown_role_suggests_the_alias_it_is_close_to() -> None:
    with pytest.raises(UnknownRoleError) as error:
        load_roles().resolve("dss")
    assert str(error.value) == "unknown role 'dss' — did you mean 'ds' (Data Scientist)?"


def test_unknown_role_close_to_a_name_suggests_the_id() -> None:
    with pytest.raises(UnknownRoleError) as error:
        load_roles().resolve("data scientst")
    assert "'data-scientist' (Data Scientist)" in str(error.value)


def test_unknown_role_with_nothing_close() -> None:
    with pytest.raises(UnknownRoleError) as error:
        load_roles().resolve("astronaut")
    assert str(error.value) == "unknown role 'astronaut'"
    assert error.value.suggestions == []


def test_dimension_in_any_case() -> None:
    roles = parse_roles(MINIMAL)
    assert roles.resolve_dimension("SKILLS") == "skills"
    with pytest.raises(UnknownDimensionError) as error:
        roles.resolve_dimension("focus")
    assert str(error.value) == "unknown dimension 'focus'; this file has: skills, tasks"


def test_item_key_case_folds_and_collapses_white_space() -> None:
    assert item_key("  Machine\tLEARNING  ") == item_key("machine learning") == "machine learning"
    assert item_key("Straße") == item_key("STRASSE")
    assert item_key("Caf\u00e9") == item_key("CAFE\u0301")  # one character or two for the accent


def test_a_role_set_takes_any_iterable_of_roles() -> None:
    roles = parse_roles(MINIMAL).roles
    assert RoleSet(list(roles)).roles == roles == RoleSet(iter(roles)).roles
    assert [head.id for head in RoleSet(list(roles)).heads] == ["baker", "cook"]
