"""The store's projection and what is derived from it, cached by graph version (any write invalidates).

A caller takes one ``Snapshot`` and answers from it alone, so everything in one answer comes from
the same graph version, even while writes go on.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import networkx as nx

from graph.store import GraphStore

T = TypeVar("T")


class Snapshot:
    """One graph version: its projection and the structures built from it (search index, ...)."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.version: int = graph.graph["version"]
        self._derived: dict[str, Any] = {}
        self._lock = threading.Lock()

    def derived(self, name: str, build: Callable[[nx.MultiDiGraph], T]) -> T:
        """``build(graph)``, computed once for this version."""
        with self._lock:
            if name not in self._derived:
                self._derived[name] = build(self.graph)
                gc.freeze()  # millions of long-lived objects: keep the collector from rescanning them
            return self._derived[name]


class GraphCache:
    """The snapshot of the store's current graph version, rebuilt when the version moves."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None

    def snapshot(self) -> Snapshot:
        """The current version's snapshot (projected on first use after a write)."""
        version = self.store.version()
        with self._lock:
            if self._snapshot is None or self._snapshot.version != version:
                gc.unfreeze()  # let the old version's cycles, if any, be collected
                self._snapshot = None
                self._snapshot = Snapshot(self.store.project())
                gc.freeze()
            return self._snapshot

    def graph(self) -> nx.MultiDiGraph:
        """The current version's projection."""
        return self.snapshot().graph

    def derived(self, name: str, build: Callable[[nx.MultiDiGraph], T]) -> T:
        """``build(graph)`` for the current version."""
        return self.snapshot().derived(name, build)
