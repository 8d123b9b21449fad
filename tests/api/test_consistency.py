"""Reads during writes: every answer shows the data of the graph version its ETag names."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.graph.model import NodeKind, NodeRecord
from phakhee.graph.store import GraphStore
from tests.queries.network import build_small_network


@pytest.fixture
def client(store: GraphStore) -> Iterator[TestClient]:
    build_small_network(store)
    with TestClient(create_app(store)) as c:
        yield c


def test_a_write_during_reads_never_shows_a_half_updated_answer(
    client: TestClient, store: GraphStore
) -> None:
    names: dict[int, str] = {store.version(): "เยาวชน"}
    done = threading.Event()

    def writer() -> None:
        for i in range(40):
            name = f"เยาวชน รุ่น {i}"
            result = store.upsert_nodes(
                [NodeRecord("topic:youth", NodeKind.TOPIC, {"name": name, "name_en": "Youth"})]
            )
            names[result.version] = name
            time.sleep(0.05)  # let reads interleave
        done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    seen = []
    while not done.is_set() or len(seen) < 10:
        one = client.get("/nodes/topic:youth")
        listed = client.get("/nodes", params={"q": "youth", "kind": "topic"})
        assert (one.status_code, listed.status_code) == (200, 200), (one.text, listed.text)
        for r, name in (
            (one, one.json()["node"]["props"]["name"]),
            (listed, listed.json()["items"][0]["props"]["name"]),
        ):
            version = int(r.headers["etag"].removeprefix('W/"v').removesuffix('"'))
            seen.append((version, name))
    thread.join()
    assert len({v for v, _ in seen}) > 1  # the reads really did overlap the writes
    assert [(v, name) for v, name in seen if names.get(v) != name] == []
