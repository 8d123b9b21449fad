"""The heap policy (``queries.heap``): a replaced graph version goes by reference counting alone,
with the collector paused and everything frozen, after every kind of request has been answered
on it; what was frozen and became cyclic garbage goes at the sweep; the sweep waits for the
process to be idle."""

from __future__ import annotations

import datetime as dt
import gc
import threading
import time
import weakref
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.api.settings import get_api_settings
from phakhee.graph.graphs import Graph, MultiDiGraph
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.loaders.demo import build_demo
from phakhee.queries.cache import GraphCache, GraphVersion
from phakhee.queries.heap import HEAP, Heap

PERSON = "person:000042"
ASKED = [
    f"/search?q={quote('เยาวชน')}",
    f"/experts?topic={quote('เยาวชน')}&limit=5",
    f"/who-knows?topic={quote('เยาวชน')}",
    f"/nodes/{PERSON}",
    f"/nodes/{PERSON}/neighbours?depth=2",
    "/people/000042",
    "/provinces/nan",
    "/regions/north",
    "/zones/isan-upper",
    "/country",
    "/",
]
"""Asked besides every GET route that takes no path parameter."""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, SQLiteStore]]:
    get_api_settings.cache_clear()
    store = SQLiteStore(Path(tmp_path_factory.mktemp("heap")) / "g.db")
    build_demo(store, people=300, seed=7, as_of=dt.date(2026, 6, 30))
    with TestClient(create_app(store)) as client:
        yield client, store
        assert client.app.state.cache.settled(30)  # type: ignore[attr-defined]
    store.close()


@pytest.fixture
def collector_off() -> Iterator[None]:
    """No automatic collection and no sweep while the test runs (the sweeper would free a cycle
    the test looks for)."""
    was, idle = gc.isenabled(), HEAP.idle_s
    gc.disable()
    HEAP.idle_s = 3600
    try:
        yield
    finally:
        HEAP.idle_s = idle
        if was:
            gc.enable()


def _every_route(client: TestClient) -> list[str]:
    schema = client.get("/openapi.json").json()
    plain = [p for p, ops in schema["paths"].items() if "get" in ops and "{" not in p]
    return plain + ASKED


def _answer_everything(client: TestClient) -> None:
    cache: GraphCache = client.app.state.cache  # type: ignore[attr-defined]
    for _ in range(2):  # the second round meets the results the first one started
        for url in _every_route(client):
            assert client.get(url).status_code < 500, url
        assert cache.settled(60)


def _graphs_of(gv: GraphVersion) -> list[weakref.ref[Any]]:
    """Weak references to the version and every graph it holds, at any depth of what it keeps."""
    found: list[weakref.ref[Any]] = [weakref.ref(gv)]
    seen: set[int] = set()
    stack: list[Any] = [gv]
    while stack:
        value = stack.pop()
        if id(value) in seen or isinstance(value, str | bytes | int | float):
            continue
        seen.add(id(value))
        if isinstance(value, nx.Graph):
            found.append(weakref.ref(value))  # not walked inside: its attributes hold no graph
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list | tuple | set | frozenset):
            stack.extend(value)
        elif hasattr(value, "__dict__"):
            stack.extend(vars(value).values())
    return found


@pytest.mark.parametrize("write", ["rename", "delete"])
def test_a_replaced_version_goes_by_reference_counting(
    demo: tuple[TestClient, SQLiteStore], collector_off: None, write: str
) -> None:
    client, store = demo
    cache: GraphCache = client.app.state.cache  # type: ignore[attr-defined]
    _answer_everything(client)
    held = _graphs_of(cache.current())
    assert len(held) > 3  # the version, its projection, graphs among its answers
    if write == "rename":
        node = store.get_node(PERSON)
        store.upsert_nodes([replace(node, props={**node.props, "name": "ชื่อ ใหม่"})])
    else:
        store.delete_node("person:000043")  # the change feed is cut: projected whole
    _answer_everything(client)
    assert cache.served == store.version()
    alive = [type(r()).__name__ for r in held if r() is not None]
    assert alive == []


def test_the_versions_graphs_make_their_edge_views_afresh() -> None:
    g = MultiDiGraph()
    g.add_edge("a", "b", key="knows")
    assert list(g.edges(keys=True)) == [("a", "b", "knows")]
    assert dict(g.degree) == {"a": 1, "b": 1}
    assert not {"edges", "degree", "in_edges", "out_edges"} & set(vars(g))
    assert type(g.subgraph(["a"])) is MultiDiGraph
    assert type(g.to_undirected(as_view=True)).__name__ == "MultiGraph"
    assert type(g.to_undirected(as_view=True)) is not nx.MultiGraph
    h = Graph([("a", "b")])
    assert sorted(h.edges) == [("a", "b")] and h.degree("a") == 1 and "edges" not in vars(h)


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_frozen_cyclic_garbage_goes_at_the_sweep(collector_off: None) -> None:
    heap = Heap(idle_s=3600)
    cycle = _Cycle()
    gone = weakref.ref(cycle)
    heap.settle()
    del cycle
    gc.collect()
    assert gone() is not None  # frozen: no collection walks it
    heap.sweep()
    assert gone() is None and heap.sweeps == 1


def test_the_sweep_waits_for_the_process_to_be_idle() -> None:
    heap = Heap(idle_s=0.3)
    asked = threading.Event()

    def ask() -> None:
        with heap.request():
            asked.set()
            time.sleep(1.0)

    asker = threading.Thread(target=ask)
    asker.start()
    asked.wait()
    heap.settle()
    time.sleep(0.8)
    assert heap.sweeps == 0  # a request is under way
    asker.join()
    deadline = time.monotonic() + 10
    while heap.sweeps == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert heap.sweeps == 1
    heap.settle()
    with heap.building():
        time.sleep(0.6)
        assert heap.sweeps == 1  # a build is under way
