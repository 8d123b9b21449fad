"""Person export and erasure on every backend: the graph and every snapshot, through the store."""

from __future__ import annotations

import io
import zlib

import pytest

from phakhee.graph.errors import NotFound
from phakhee.graph.model import NodeKind, NodeRecord
from phakhee.graph.store import GraphStore
from phakhee.queries.records.exports import FORMATS, export
from phakhee.queries.records.person_rights import erase_person, person_record
from phakhee.queries.records.snapshots import create_snapshot, load_snapshot
from tests.queries.network import build_small_network

PERSON = "person:author"
NAME = "สมชาย ใจดี"
PHONE = "081-777-0000"


@pytest.fixture
def network(store: GraphStore) -> GraphStore:
    build_small_network(store)
    store.upsert_nodes(
        [
            NodeRecord(
                PERSON,
                NodeKind.PERSON,
                {
                    "name": NAME,
                    "phone": PHONE,
                    "consent_basis": "consent",
                    "consent_date": "2024-03-01",
                },
            )
        ]
    )
    return store


def test_person_export_and_erasure_reach_every_snapshot(network: GraphStore) -> None:
    first = create_snapshot(network, network.project(), "before")
    record = person_record(network, PERSON)
    assert record["properties"]["phone"] == PHONE
    assert record["consent"]["consent_date"] == "2024-03-01"
    assert record["snapshots"] == [first.id]
    degree = len(record["ties"])
    assert degree >= 5

    done = erase_person(network, PERSON)
    assert done.snapshots_rewritten == [first.id] and done.ties_removed == degree
    with pytest.raises(NotFound):
        network.get_node(PERSON)
    second = create_snapshot(network, network.project(), "after")
    blobs = [zlib.decompress(network.get_snapshot(s.id)[1]) for s in (first, second)]
    for snapshot in (first, second):
        graph = load_snapshot(network, snapshot.id)[1]
        for fmt in FORMATS:
            out = io.BytesIO()
            export(graph, fmt, out, redact=False)
            blobs.append(out.getvalue())
    for blob in blobs:
        assert NAME.encode() not in blob and PHONE.encode() not in blob
        assert PERSON.encode() not in blob
    kept = load_snapshot(network, first.id)[1]
    assert kept.degree(done.placeholder) == degree
