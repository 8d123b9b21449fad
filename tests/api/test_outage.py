"""A Neo4j outage is answered as an outage: 503 with Retry-After in seconds, exit status 5 for a
load, and everything back once the server is."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from phakhee.graph.neo4j_store import Neo4jStore
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.queries.records.exports import export
from tests.neo4j_launcher import Neo4jServer, require_server
from tests.queries.network import build_small_network
from tests.served import environment, phakhee, served

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

ROUTES = [
    "/stats",
    "/nodes?kind=person",
    "/nodes/person:broker",
    "/search?q=youth",
    "/analytics/centrality",
    "/scorecards",
    "/views/weave",
    "/snapshots",
    "/export/json",
]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Neo4jServer]:
    """A server of this test's own, since the test kills it."""
    require_server()
    s = Neo4jServer()
    s.start(tmp_path / "data")
    yield s
    s.stop()


@pytest.fixture
def network_file(tmp_path: Path) -> Path:
    """The small network as node-link JSON, the file the load reads."""
    source = SQLiteStore(tmp_path / "source.db")
    build_small_network(source)
    out = tmp_path / "network.json"
    graph = source.project()
    with out.open("wb") as f:
        export(graph, "json", f, redact=False)
    source.close()
    return out


def _load(url: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        phakhee("load", str(path)),
        env=environment(url),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_with_neo4j_down_every_route_is_503_and_a_load_exits_5(
    server: Neo4jServer, network_file: Path
) -> None:
    assert _load(server.uri, network_file).returncode == 0
    store = Neo4jStore(server.uri)
    counts = store.counts()
    store.close()
    with served(server.uri) as s:
        for route in ROUTES:
            assert s.client.get(route).status_code == 200, route
        server.kill()
        started = time.perf_counter()
        health = s.client.get("/health")
        assert (health.status_code, health.json()["status"]) == (503, "unavailable")
        assert time.perf_counter() - started < 5
        for route in ROUTES:
            started = time.perf_counter()
            r = s.client.get(route)
            assert (r.status_code, r.headers.get("retry-after")) == (503, "5"), route
            assert r.headers["content-type"] == "application/problem+json"
            assert time.perf_counter() - started < 10, route
        upload = s.client.post(
            "/load",
            headers=s.write,
            files={"file": ("network.json", network_file.read_bytes(), "application/json")},
        )
        assert (upload.status_code, upload.headers.get("retry-after")) == (503, "5")
        down = _load(server.uri, network_file)
        assert down.returncode == 5, down.stderr
        assert down.stderr.count("\n") <= 2 and "Traceback" not in down.stderr

        server.start(server.data_dir, server.port)  # type: ignore[arg-type]
        deadline = time.monotonic() + 30
        while s.client.get("/health").status_code != 200:
            assert time.monotonic() < deadline, "the API did not come back with Neo4j"
            time.sleep(0.5)
        for route in ROUTES:
            assert s.client.get(route).status_code == 200, route
    again = _load(server.uri, network_file)
    assert again.returncode == 0, again.stderr
    store = Neo4jStore(server.uri)
    assert store.counts() == counts
    store.close()
