"""Stale while refreshing: after a write, a costly answer the new graph version does not have
yet answers at once from the last version that had it, saying so (its version and the store's),
while the new version's is computed in the background; then the fresh one answers. Only a first
computation, with no earlier result, waits (and is Busy after the wait). The earlier result is
kept without its graph."""

from __future__ import annotations

import contextlib
import gc
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.api.settings import get_api_settings
from phakhee.graph.errors import Busy
from phakhee.graph.model import NodeRecord
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.graph.store import GraphStore
from phakhee.queries.cache import GraphCache
from tests.queries.network import build_small_network

BROKER = "person:broker"


def _rename(store: GraphStore, node: str, name: str) -> int:
    """Rename a node in the store; the store's new version."""
    old = store.get_node(node)
    return store.upsert_nodes([NodeRecord(node, old.kind, old.props | {"name": name})]).version


class Gate:
    """A build that counts the graph's people, holding on until released."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self, graph: nx.MultiDiGraph) -> str:
        self.started.set()
        assert self.release.wait(10)
        return str(graph.nodes[BROKER]["name"])


@pytest.fixture
def cache(store: GraphStore) -> Iterator[GraphCache]:
    """The small network in each store; a caller waits 0.2 s for another's build."""
    build_small_network(store)
    cache = GraphCache(store, wait=0.2)
    with contextlib.suppress(Busy):  # a first projection from Neo4j takes longer than the wait
        cache.current()
    assert cache.settled(60)
    yield cache
    assert cache.settled(10)
    cache.drain()


def _name(graph: nx.MultiDiGraph) -> str:
    return str(graph.nodes[BROKER]["name"])


def test_after_a_write_the_earlier_result_answers_then_the_new_one(cache: GraphCache) -> None:
    first = cache.current()
    was = first.refreshed("analytics:test", _name)
    assert (was.value, was.version) == ("อนันต์ เชื่อมภาค", first.version)
    v1 = _rename(cache.store, BROKER, "อนันต์ ใหม่")
    now = cache.current()
    assert now.version == v1 > first.version
    gate = Gate()
    stale = now.refreshed("analytics:test", gate)  # at once: the earlier result
    assert (stale.value, stale.version, stale.made_at) == (
        "อนันต์ เชื่อมภาค",
        first.version,
        first.made_at,
    )
    assert gate.started.wait(10)  # the new version's, in the background
    again = now.refreshed("analytics:test", gate)  # still refreshing: never Busy
    assert (again.value, again.version) == ("อนันต์ เชื่อมภาค", first.version)
    gate.release.set()
    assert cache.settled(10)
    fresh = now.refreshed("analytics:test", _name)
    assert (fresh.value, fresh.version) == ("อนันต์ ใหม่", v1)


def test_a_first_computation_waits_and_is_busy_after_the_wait(cache: GraphCache) -> None:
    gv = cache.current()
    gate = Gate()
    worker = threading.Thread(target=gv.refreshed, args=("analytics:first", gate))
    worker.start()
    assert gate.started.wait(10)
    with pytest.raises(Busy):
        gv.refreshed("analytics:first", gate)
    gate.release.set()
    worker.join(10)
    assert gv.refreshed("analytics:first", gate).value == "อนันต์ เชื่อมภาค"


def test_a_refresh_inside_a_build_is_of_its_own_version(cache: GraphCache) -> None:
    cache.current().refreshed("analytics:inner", _name)
    _rename(cache.store, BROKER, "อนันต์ ใหม่")
    now = cache.current()
    outer = now.derived("analytics:outer", lambda _: now.refreshed("analytics:inner", _name).value)
    assert outer == "อนันต์ ใหม่"


def test_the_earlier_result_keeps_no_old_graph_alive(cache: GraphCache) -> None:
    first = cache.current()
    first.refreshed("analytics:test", _name)
    graph = weakref.ref(first.graph)
    _rename(cache.store, BROKER, "อนันต์ ใหม่")
    now = cache.current()
    assert now.refreshed("analytics:test", _name).version == first.version
    assert cache.settled(10)
    del first
    gc.collect()
    assert graph() is None
    assert now.refreshed("analytics:test", _name).value == "อนันต์ ใหม่"


# Over HTTP: the headers, the ETag, the page's line.


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, SQLiteStore]]:
    get_api_settings.cache_clear()
    store = SQLiteStore(Path(tmp_path_factory.mktemp("stale")) / "g.db")
    build_small_network(store)
    with TestClient(create_app(store)) as client:
        assert client.get("/search?q=น่าน").status_code == 200  # the word lists loaded, once
        yield client, store
        assert client.app.state.cache.settled(10)  # type: ignore[attr-defined]
    store.close()


def _served(client: TestClient, version: int) -> None:
    """Wait until ``version`` is the graph version answering (made by a delta, with its search
    index): what answers stale below is the analysis alone."""
    cache: GraphCache = client.app.state.cache  # type: ignore[attr-defined]
    cache.current()
    assert cache.settled(10) and cache.served == version


def _centrality(r: Any) -> tuple[int, list[tuple[str, str]], str, str, str | None]:
    return (
        r.status_code,
        [(i["id"], i["name"]) for i in r.json()["items"]][:2],
        r.headers["etag"],
        r.headers["x-phakhee-computed-at"],
        r.headers.get("x-phakhee-stale"),
    )


CENTRALITY = "/analytics/centrality?measure=betweenness&kind=person&limit=2"


def test_an_analysis_across_a_write_answers_stale_then_fresh(
    served: tuple[TestClient, SQLiteStore],
) -> None:
    client, store = served
    v0 = store.version()
    top = [(BROKER, "อนันต์ เชื่อมภาค"), ("person:attendee", "มาลี ศรีสุข")]
    assert _centrality(client.get(CENTRALITY)) == (200, top, f'W/"v{v0}"', str(v0), None)
    v1 = _rename(store, BROKER, "อนันต์ ใหม่")
    _served(client, v1)
    stale = client.get(CENTRALITY)
    assert _centrality(stale) == (200, top, f'W/"v{v0}"', str(v0), str(v1))
    assert client.app.state.cache.settled(10)  # type: ignore[attr-defined]
    renamed = [(BROKER, "อนันต์ ใหม่"), top[1]]
    fresh = client.get(CENTRALITY)
    assert _centrality(fresh) == (200, renamed, f'W/"v{v1}"', str(v1), None)


def test_a_dashboard_across_a_write_says_when_its_data_were_taken(
    served: tuple[TestClient, SQLiteStore],
) -> None:
    client, store = served
    v0 = store.version()
    assert client.get("/provinces/nan").status_code == 200
    v1 = _rename(store, "person:author", "สมชาย ใหม่")
    _served(client, v1)
    stale = client.get("/provinces/nan")
    assert (stale.status_code, stale.headers["x-phakhee-computed-at"]) == (200, str(v0))
    assert stale.headers["x-phakhee-stale"] == str(v1) and "etag" not in stale.headers
    assert "คำนวณจากข้อมูลเมื่อ" in stale.text and f"(ฉบับที่ {v0}) กำลังปรับปรุง" in stale.text
    assert client.app.state.cache.settled(10)  # type: ignore[attr-defined]
    fresh = client.get("/provinces/nan")
    assert (fresh.headers["x-phakhee-computed-at"], "x-phakhee-stale" in fresh.headers) == (
        str(v1),
        False,
    )
    assert "คำนวณจากข้อมูลเมื่อ" not in fresh.text
