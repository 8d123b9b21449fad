"""The store's projection and what is derived from it, cached by graph version (any write invalidates).

A caller takes one ``GraphVersion`` and answers from it alone, so everything in one answer comes from
the same graph version, even while writes go on.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import networkx as nx

from phakhee.graph.errors import Busy
from phakhee.graph.store import GraphStore

T = TypeVar("T")


def _acquire(lock: threading.Lock, wait: float | None, what: str) -> None:
    """Take ``lock``, or raise Busy after ``wait`` seconds (None: wait as long as it takes)."""
    if not lock.acquire(timeout=-1 if wait is None else wait):
        raise Busy(what)


class GraphVersion:
    """One graph version: its projection and the structures built from it (search index, ...).

    Each structure is built once, under its own lock: a long build (an analysis of the whole
    network) holds up only the requests that need that same structure, and those for at most
    ``wait`` seconds.
    """

    def __init__(self, graph: nx.MultiDiGraph, wait: float | None = None) -> None:
        self.graph = graph
        self.version: int = graph.graph["version"]
        self.wait = wait
        self._derived: dict[str, Any] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def derived(self, name: str, build: Callable[[nx.MultiDiGraph], T]) -> T:
        """``build(graph)``, computed once for this version."""
        if name in self._derived:
            return self._derived[name]
        with self._lock:
            lock = self._locks.setdefault(name, threading.Lock())
        _acquire(lock, self.wait, f"{name!r} for graph version {self.version}")
        try:
            if name not in self._derived:
                self._derived[name] = build(self.graph)
                gc.freeze()  # millions of long-lived objects: keep the collector from rescanning them
            return self._derived[name]
        finally:
            lock.release()


class GraphCache:
    """The store's current graph version, rebuilt when the version moves.

    ``wait``: how long a caller waits for a projection or structure another caller is building
    before it gets Busy (None: as long as it takes, as the CLI does).
    """

    def __init__(self, store: GraphStore, wait: float | None = None) -> None:
        self.store = store
        self.wait = wait
        self._lock = threading.Lock()
        self._current: GraphVersion | None = None

    def current(self) -> GraphVersion:
        """The current graph version (projected on first use after a write)."""
        version = self.store.version()
        current = self._current
        if current is not None and current.version == version:
            return current
        _acquire(self._lock, self.wait, f"the projection of graph version {version}")
        try:
            if self._current is None or self._current.version != version:
                gc.unfreeze()  # let the old version's cycles, if any, be collected
                self._current = None
                self._current = GraphVersion(self.store.project(), self.wait)
                gc.freeze()
            return self._current
        finally:
            self._lock.release()

    def graph(self) -> nx.MultiDiGraph:
        """The current version's projection."""
        return self.current().graph

    def derived(self, name: str, build: Callable[[nx.MultiDiGraph], T]) -> T:
        """``build(graph)`` for the current version."""
        return self.current().derived(name, build)
