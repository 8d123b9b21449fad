"""The per-version cache: built once, each structure under its own lock, waits bounded."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.api.settings import get_api_settings
from phakhee.graph.errors import Busy
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.queries.cache import GraphCache
from tests.queries.network import build_small_network


class SlowBuild:
    """A build that holds on until released, counting how often it ran."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.runs = 0

    def __call__(self, graph: nx.MultiDiGraph) -> int:
        self.runs += 1
        self.started.set()
        assert self.release.wait(10)
        return graph.number_of_nodes()


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[GraphCache]:
    store = SQLiteStore(tmp_path / "g.db")
    build_small_network(store)
    yield GraphCache(store, wait=0.2)
    store.close()


@pytest.fixture
def slow(cache: GraphCache) -> Iterator[SlowBuild]:
    """A build of 'slow' under way in another thread."""
    build = SlowBuild()
    worker = threading.Thread(target=cache.derived, args=("slow", build))
    worker.start()
    assert build.started.wait(10)
    yield build
    build.release.set()
    worker.join(10)


def test_a_long_build_does_not_hold_up_other_structures(cache: GraphCache, slow: SlowBuild) -> None:
    assert cache.derived("nodes", nx.number_of_nodes) == cache.graph().number_of_nodes()


def test_waiting_for_a_build_under_way_ends_in_busy_then_answers_once_built(
    cache: GraphCache, slow: SlowBuild
) -> None:
    with pytest.raises(Busy) as busy:
        cache.derived("slow", slow)
    assert str(busy.value) == (
        f"'slow' for graph version {cache.current().version} is still being computed"
        " by another request; retry in a few seconds"
    )
    slow.release.set()
    version = cache.current().version
    other = threading.Thread(target=cache.derived, args=("slow", slow))
    other.start()
    other.join(10)
    assert cache.derived("slow", slow) == cache.graph().number_of_nodes()
    assert slow.runs == 1
    assert cache.current().version == version


def test_the_api_answers_busy_as_503_with_retry_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHAKHEE_WAIT_S", "0.2")
    get_api_settings.cache_clear()
    store = SQLiteStore(tmp_path / "g.db")
    build_small_network(store)
    build = SlowBuild()
    with TestClient(create_app(store)) as client:
        cache: GraphCache = client.app.state.cache  # type: ignore[attr-defined]
        worker = threading.Thread(target=cache.derived, args=("search", build))
        worker.start()
        assert build.started.wait(10)
        busy = client.get("/search", params={"q": "เยาวชน"})
        build.release.set()
        worker.join(10)
    get_api_settings.cache_clear()
    store.close()
    assert busy.status_code == 503
    assert busy.headers["retry-after"] == "5"
    assert busy.headers["content-type"] == "application/problem+json"
    assert busy.json()["detail"].startswith("'search' for graph version")
