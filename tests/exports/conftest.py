"""The demo network the export tests share: built once, as a store and as its projection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.loaders.demo import build_demo

AS_OF = dt.date(2026, 6, 30)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 300-person demo network in a SQLite file (copy it before writing)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = SQLiteStore(path)
    build_demo(store, people=300, seed=11, as_of=AS_OF)
    store.close()
    return path


@pytest.fixture(scope="session")
def demo(demo_db: Path) -> nx.MultiDiGraph:
    store = SQLiteStore(demo_db)
    g = store.project()
    store.close()
    return g


@pytest.fixture
def demo_store(demo_db: Path, tmp_path: Path) -> Iterator[SQLiteStore]:
    """A private copy of the demo store, free to change."""
    src = SQLiteStore(demo_db)
    dst = tmp_path / "copy.db"
    import sqlite3

    with sqlite3.connect(dst) as out:
        src._con().backup(out)
    src.close()
    store = SQLiteStore(dst)
    yield store
    store.close()


def contacts(g: nx.MultiDiGraph) -> set[str]:
    """Every phone number, email and LINE id in the graph."""
    return {
        str(a[f])
        for _, a in g.nodes(data=True)
        for f in ("phone", "email", "line_id", "address")
        if a.get(f)
    }
