"""Accounts in the store, on both backends: kept beside the graph, never in it."""

from __future__ import annotations

import pytest

from phakhee.graph.accounts import Account, Role, accounts
from phakhee.graph.errors import InvalidInput, NotFound
from phakhee.graph.model import NodeKind, NodeRecord
from phakhee.graph.store import GraphStore

PASSWORD = "correct horse battery"


def test_an_account_round_trips(store: GraphStore) -> None:
    users = accounts(store)
    added = users.add("somchai", "coordinator", PASSWORD, provinces=["nan", "province:phrae"])
    assert added == Account("somchai", Role.COORDINATOR, ("province:nan", "province:phrae"))
    assert users.get("somchai") == added
    users.add("malee", Role.ACADEMIC, PASSWORD, regions=["north"], zones=["อีสานบน", "north-upper"])
    assert [a.name for a in users.list()] == ["malee", "somchai"]
    assert users.get("malee").regions == ("region:north",)
    assert users.get("malee").zones == ("zone:north-upper", "zone:northeast-upper")
    assert accounts(store).list() == users.list()  # kept, not remembered


def test_verify_takes_the_right_password_only(store: GraphStore) -> None:
    users = accounts(store)
    users.add("admin1", "admin", PASSWORD)
    assert users.verify("admin1", PASSWORD) == users.get("admin1")
    assert users.verify("admin1", PASSWORD + "x") is None
    assert users.verify("nobody", PASSWORD) is None
    assert users.verify("NOT A NAME", PASSWORD) is None
    users.set_password("admin1", "a new password")
    assert users.verify("admin1", PASSWORD) is None
    assert users.verify("admin1", "a new password") is not None


def test_removed_accounts_and_their_tokens_are_gone(store: GraphStore) -> None:
    users = accounts(store)
    users.add("viewer1", "viewer", PASSWORD)
    first = users.new_token("viewer1")
    assert users.by_token(first) == users.get("viewer1")
    second = users.new_token("viewer1")
    assert users.by_token(first) is None  # a new token replaces the old
    assert users.by_token(second) is not None
    assert users.by_token("") is None
    assert users.by_token("not a token") is None
    users.remove("viewer1")
    assert users.by_token(second) is None
    assert users.verify("viewer1", PASSWORD) is None
    with pytest.raises(NotFound):
        users.get("viewer1")
    for call in (
        lambda: users.remove("viewer1"),
        lambda: users.set_password("viewer1", PASSWORD),
        lambda: users.new_token("viewer1"),
    ):
        with pytest.raises(NotFound):
            call()


@pytest.mark.parametrize(
    ("name", "role", "password", "places", "field"),
    [
        ("x", "viewer", PASSWORD, {}, "name"),
        ("Somchai", "viewer", PASSWORD, {}, "name"),
        ("a" * 41, "viewer", PASSWORD, {}, "name"),
        ("somchai", "viewer", "too short", {}, "password"),
        ("somchai", "boss", PASSWORD, {}, "role"),
        ("somchai", "coordinator", PASSWORD, {}, "provinces"),
        ("somchai", "coordinator", PASSWORD, {"provinces": ["atlantis"]}, "province"),
        ("somchai", "academic", PASSWORD, {"provinces": ["nan"]}, "regions"),
        ("somchai", "viewer", PASSWORD, {"regions": ["north"]}, "provinces"),
    ],
)
def test_what_breaks_a_rule_is_refused(
    sqlite_store: GraphStore, name: str, role: str, password: str, places: dict, field: str
) -> None:
    users = accounts(sqlite_store)
    with pytest.raises(InvalidInput) as refused:
        users.add(name, role, password, **places)
    assert refused.value.field == field
    assert users.list() == []


def test_a_name_is_taken_once(store: GraphStore) -> None:
    users = accounts(store)
    users.add("somchai", "viewer", PASSWORD)
    with pytest.raises(InvalidInput, match="exists already"):
        users.add("somchai", "admin", PASSWORD)
    assert users.get("somchai").role is Role.VIEWER


def test_a_short_new_password_is_refused(store: GraphStore) -> None:
    users = accounts(store)
    users.add("somchai", "viewer", PASSWORD)
    with pytest.raises(InvalidInput, match="at least 10 characters"):
        users.set_password("somchai", "short")


def test_accounts_are_invisible_to_the_graph(store: GraphStore) -> None:
    store.upsert_nodes([NodeRecord("person:1", NodeKind.PERSON, {"name": "Somsri"})])
    version, counts = store.version(), store.counts()
    nodes = sorted(store.project().nodes)
    users = accounts(store)
    users.add("somchai", "coordinator", PASSWORD, provinces=["nan"])
    users.new_token("somchai")
    users.set_password("somchai", "another password")
    assert store.version() == version
    assert store.counts() == counts
    assert sorted(store.project().nodes) == nodes == ["person:1"]
    assert store.project().number_of_edges() == 0
    assert [n.id for n in store.iter_nodes()] == ["person:1"]
    assert list(store.iter_ties()) == []
    assert [n.id for n in store.find_nodes()] == ["person:1"]
    assert [n.id for n in store.find_nodes(where={"name": "somchai"})] == []
    users.remove("somchai")
    assert store.version() == version


@pytest.mark.parametrize(
    "zone", ["zone:northeast-upper", "northeast-upper", "อีสานบน", "ภาคอีสานบน", "Upper Northeast"]
)
def test_an_academics_zone_is_kept_as_its_id_whatever_name_it_is_given(zone: str) -> None:
    from phakhee.graph.accounts import make_account

    assert make_account("malee", "academic", zones=[zone]).zones == ("zone:northeast-upper",)


def test_a_zone_the_network_does_not_have_is_refused() -> None:
    from phakhee.graph.accounts import make_account

    with pytest.raises(InvalidInput, match="'อีสานกลาง' is not one of the network's zones"):
        make_account("malee", "academic", zones=["อีสานกลาง"])
