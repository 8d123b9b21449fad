"""The store's projection and what is derived from it, cached by graph version (any write invalidates)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import networkx as nx

from graph.store import GraphStore

T = TypeVar("T")


class GraphCache:
    """One projection per graph version, and named structures built from it (search index, ...)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._version = -1
        self._graph: nx.MultiDiGraph | None = None
        self._derived: dict[str, Any] = {}

    def graph(self) -> nx.MultiDiGraph:
        """The whole graph as of the store's current version."""
        version = self.store.version()
        with self._lock:
            if self._graph is None or version != self._version:
                gc.unfreeze()  # let the old version's cycles, if any, be collected
                self._graph, self._derived = None, {}
                self._graph = self.store.project()
                self._version = self._graph.graph["version"]
                self._derived = {}
                gc.freeze()  # millions of long-lived objects: keep the collector from rescanning them
            return self._graph

    def derived(self, name: str, build: Callable[[nx.MultiDiGraph], T]) -> T:
        """``build(graph)``, computed once per graph version."""
        graph = self.graph()
        with self._lock:
            if name not in self._derived:
                self._derived[name] = build(graph)
                gc.freeze()
            return self._derived[name]
