"""Fixtures shared by every test: the stores (SQLite always, Neo4j when a server can be had)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.graph.store import GraphStore

BACKENDS = ["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Neo4j: $NEO4J_URI if set, else a throw-away server built with Maven and started here."""
    if uri := os.environ.get("NEO4J_URI"):
        yield uri
        return
    from tests.neo4j_launcher import Neo4jServer, require_server

    require_server()
    server = Neo4jServer()
    uri = server.start(tmp_path_factory.mktemp("neo4j-data"))
    try:
        yield uri
    finally:
        server.stop()


def _neo4j_store(uri: str) -> GraphStore:
    from phakhee.graph.neo4j_store import Neo4jStore

    store = Neo4jStore(
        uri,
        os.environ.get("NEO4J_USER", "neo4j"),
        os.environ.get("NEO4J_PASSWORD"),
        database=os.environ.get("NEO4J_DATABASE"),
    )
    store.wipe()
    return store


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of each backend."""
    if request.param == "sqlite":
        s: GraphStore = SQLiteStore(tmp_path / "graph.db")
    else:
        s = _neo4j_store(request.getfixturevalue("neo4j_uri"))
    yield s
    s.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[GraphStore]:
    """An empty SQLite store, for what reads only the projection (the same from every backend)."""
    s = SQLiteStore(tmp_path / "graph.db")
    yield s
    s.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Debian Chromium for the whole run (Playwright runs one at a time)."""
    from tests.browser import CHROMIUM, NO_BROWSER

    if NO_BROWSER:
        pytest.skip("needs Debian's chromium: apt-get install -y chromium fonts-thai-tlwg")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()
