"""The health and stats routes, through the real app on a real store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.graph.reference import ensure_reference
from phakhee.graph.store import GraphStore


@pytest.fixture
def client(store: GraphStore) -> Iterator[TestClient]:
    ensure_reference(store)
    with TestClient(create_app(store)) as c:
        yield c


def test_health_names_the_store_and_the_version(client: TestClient, store: GraphStore) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json() == {
        "status": "ok",
        "store": store.url,
        "version": 2,
        "served": None,  # nothing asked of the graph yet
        "preparing": False,
    }


def test_stats_counts_the_built_in_geography(client: TestClient) -> None:
    r = client.get("/stats")
    assert r.json() == {
        "version": 2,
        "nodes": {"province": 77, "region": 6, "skill": 6},
        "ties": {"located_in": 77},
    }


def test_unknown_paths_are_404(client: TestClient) -> None:
    assert client.get("/nowhere").status_code == 404
