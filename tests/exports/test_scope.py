"""Scope text from users (CLI option, query parameter): parsed or refused, never a crash."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phakhee.graph.errors import InvalidInput
from phakhee.queries.records.exports.scope import Scope


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        (None, Scope()),
        ("all", Scope()),
        ("province=nan", Scope("province", "province:nan")),
        ("province=น่าน", Scope("province", "province:nan")),
        ("province=Chiang Mai", Scope("province", "province:chiang-mai")),
        ("region=ภาคเหนือ", Scope("region", "region:north")),
        ("region=region:north", Scope("region", "region:north")),
        ("topic=youth", Scope("topic", "topic:youth")),
        ("ego=person:000001", Scope("ego", "person:000001")),
    ],
)
def test_scopes_parse_with_or_without_the_kind_prefix(text: str | None, scope: Scope) -> None:
    assert Scope.parse(text) == scope


@pytest.mark.parametrize("text", ["province", "planet=mars", "province=", "=nan", "ego"])
def test_malformed_scopes_are_invalid_input(text: str) -> None:
    with pytest.raises(InvalidInput):
        Scope.parse(text)


@given(st.text(max_size=60))
def test_any_text_is_a_scope_or_invalid_input(text: str) -> None:
    try:
        scope = Scope.parse(text)
    except InvalidInput:
        return
    assert scope.kind in ("all", "province", "region", "topic", "ego")
    assert str(Scope.parse(str(scope))) == str(scope)
