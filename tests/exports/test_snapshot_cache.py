"""Thawed snapshots are kept, a few of them, and never outlive a rewrite of what they thawed."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx
import pytest

from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.queries.records import snapshots
from phakhee.queries.records.person_rights import erase_person
from phakhee.queries.records.snapshots import THAWED, create_snapshot, load_snapshot


@pytest.fixture(autouse=True)
def empty() -> Iterator[None]:
    THAWED.clear()
    yield
    THAWED.clear()


@pytest.fixture
def thaws(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The graph versions thawed, one per thaw."""
    seen: list[int] = []
    thaw = snapshots.thaw

    def counted(data: bytes, version: int | None = None) -> nx.MultiDiGraph:
        seen.append(version or 0)
        return thaw(data, version)

    monkeypatch.setattr(snapshots, "thaw", counted)
    return seen


def test_a_snapshot_loaded_again_is_not_thawed_again(
    demo_store: SQLiteStore, thaws: list[int]
) -> None:
    info = create_snapshot(demo_store, demo_store.project())
    first = load_snapshot(demo_store, info.id)[1]
    again = load_snapshot(demo_store, info.id)[1]
    assert again is first and len(thaws) == 1


def test_a_kept_snapshot_is_read_only(demo_store: SQLiteStore) -> None:
    info = create_snapshot(demo_store, demo_store.project())
    graph = load_snapshot(demo_store, info.id)[1]
    with pytest.raises(nx.NetworkXError, match="Frozen graph"):
        graph.add_node("person:intruder")


def test_an_erasure_is_never_answered_from_a_snapshot_thawed_before_it(
    demo_store: SQLiteStore,
) -> None:
    info = create_snapshot(demo_store, demo_store.project())
    person = next(n for n, k in demo_store.project().nodes(data="kind") if k == "person")
    assert person in load_snapshot(demo_store, info.id)[1]
    erase_person(demo_store, person)
    after = load_snapshot(demo_store, info.id)
    assert person not in after[1]
    assert after[0].size == demo_store.get_snapshot(info.id)[0].size


def test_at_most_the_ceiling_of_snapshots_stays_thawed(
    demo_store: SQLiteStore, thaws: list[int]
) -> None:
    ids = [create_snapshot(demo_store, demo_store.project(), str(i)).id for i in range(3)]
    for i in ids:
        load_snapshot(demo_store, i)
    assert len(THAWED) == THAWED.limit == 2
    load_snapshot(demo_store, ids[-1])  # among the two most recent
    assert len(thaws) == 3
    load_snapshot(demo_store, ids[0])  # the oldest went first
    assert len(thaws) == 4


def test_two_stores_never_share_a_thawed_snapshot(demo_store: SQLiteStore) -> None:
    other = SQLiteStore(demo_store.path.with_name("other.db"))
    try:
        other.upsert_nodes(list(demo_store.iter_nodes())[:10])
        mine = create_snapshot(demo_store, demo_store.project())
        theirs = create_snapshot(other, other.project())
        assert mine.id == theirs.id
        assert load_snapshot(other, theirs.id)[1].number_of_nodes() == 10
        assert load_snapshot(demo_store, mine.id)[1].number_of_nodes() > 10
    finally:
        other.close()


def test_an_erasure_forgets_every_thawed_snapshot(demo_store: SQLiteStore) -> None:
    info = create_snapshot(demo_store, demo_store.project())
    person = next(n for n, k in demo_store.project().nodes(data="kind") if k == "person")
    load_snapshot(demo_store, info.id)
    erase_person(demo_store, person)
    assert len(THAWED) == 0
