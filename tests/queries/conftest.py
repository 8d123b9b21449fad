"""Fixtures for the query tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.sqlite_store import SQLiteStore
from graph.store import GraphStore


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[GraphStore]:
    """An empty SQLite store: analytics read the projection, the same from every backend."""
    s = SQLiteStore(tmp_path / "graph.db")
    yield s
    s.close()
