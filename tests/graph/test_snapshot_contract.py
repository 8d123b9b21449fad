"""The snapshot part of the GraphStore contract: every backend keeps snapshots the same way."""

from __future__ import annotations

import os

import pytest

from phakhee.graph.errors import NotFound
from phakhee.graph.model import NodeKind, NodeRecord
from phakhee.graph.store import GraphStore

SUMMARY = {"nodes": {"person": 2}, "ties": {}}


def test_a_saved_snapshot_comes_back_byte_for_byte_with_its_description(
    store: GraphStore,
) -> None:
    data = os.urandom(9 * 2**20 + 17)  # more than two Neo4j parts
    info = store.save_snapshot(7, "ไตรมาส 1", SUMMARY, data)
    got, back = store.get_snapshot(info.id)
    assert back == data
    assert got == info
    assert (got.graph_version, got.note, got.summary, got.size) == (
        7,
        "ไตรมาส 1",
        SUMMARY,
        len(data),
    )
    assert got.created_at.endswith("+00:00")


def test_snapshots_are_listed_oldest_first_and_ids_are_never_reused(store: GraphStore) -> None:
    a = store.save_snapshot(1, "a", {}, b"A")
    b = store.save_snapshot(2, "b", {}, b"B")
    assert [s.id for s in store.list_snapshots()] == [a.id, b.id]
    store.delete_snapshot(b.id)
    c = store.save_snapshot(3, "c", {}, b"C")
    assert c.id > b.id
    assert [s.note for s in store.list_snapshots()] == ["a", "c"]


def test_saving_a_snapshot_leaves_the_graph_and_its_version_alone(store: GraphStore) -> None:
    store.upsert_nodes([NodeRecord("person:a", NodeKind.PERSON, {"name": "ก"})])
    version, counts = store.version(), store.counts()
    store.save_snapshot(version, "", {}, b"x")
    assert store.version() == version and store.counts() == counts
    assert [n.id for n in store.find_nodes(limit=10)] == ["person:a"]
    assert [n.id for n in store.iter_nodes()] == ["person:a"]


def test_an_unknown_snapshot_is_not_found(store: GraphStore) -> None:
    with pytest.raises(NotFound):
        store.get_snapshot(999)
    with pytest.raises(NotFound):
        store.delete_snapshot(999)


def test_rewriting_replaces_only_the_snapshots_the_function_changes(store: GraphStore) -> None:
    a = store.save_snapshot(1, "a", {}, b"keep")
    b = store.save_snapshot(2, "b", {}, b"secret here")

    def scrub(data: bytes) -> bytes | None:
        return data.replace(b"secret", b"******") if b"secret" in data else None

    assert store.rewrite_snapshots(scrub) == [b.id]
    assert store.get_snapshot(a.id)[1] == b"keep"
    info, data = store.get_snapshot(b.id)
    assert data == b"****** here" and info.size == len(data)
