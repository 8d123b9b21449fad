"""The served graph versions kept out of the cyclic garbage collector's walks.

CPython's cyclic collector walks every container object of the generation it collects, holding
the interpreter lock, so every thread — ``/health`` too — waits while it runs. A graph version of
the 100,000-person demo is tens of millions of objects; a full collection over it and the version
being built took 1.5 to 2.3 s, several times during each rebuild (``bench/cold_start.py``,
docs/performance.md). So the process treats its heap in three steps:

- a version is built with the collector paused (``building``): what it makes holds no cycle
  (``graph.graphs``), and each collection during the build would walk it again;
- once a version serves, or a background refresh has computed a structure, everything alive is
  moved to the permanent generation (``settle``, ``gc.freeze``), which no collection walks: later
  collections walk only what was made since, a request's temporaries;
- a replaced version holds no reference cycle, so reference counting frees it though frozen
  (``tests/queries/test_heap.py`` checks it after every kind of request). What was alive at a
  freeze and becomes cyclic garbage afterwards — a request's temporaries then under way, an
  answer evicted later — is freed by ``sweep`` (unfreeze, one full collection, freeze), which the
  process runs once it has had no request for ``IDLE_S`` seconds and no build runs.

The API tells the heap when requests start and end (``HEAP.request``).
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from phakhee.graph.projection import gc_paused

log = logging.getLogger(__name__)

IDLE_S = 10.0
"""How long the process has had no request and no build before it sweeps."""


class Heap:
    """The process's collector policy: pauses while building, freezes once settled, sweeps when
    idle. One per process (``HEAP``); its sweeper thread starts at the first freeze."""

    def __init__(self, idle_s: float = IDLE_S) -> None:
        self.idle_s = idle_s
        self._lock = threading.Condition(threading.Lock())
        self._requests = 0  # under way
        self._builds = 0  # under way
        self._last = time.monotonic()  # when a request or build last ended
        self._unswept = False  # frozen since the last sweep
        self._sweeper: threading.Thread | None = None
        self.sweeps = 0
        """How many sweeps have run (for the tests and the benches)."""

    @contextmanager
    def building(self) -> Iterator[None]:
        """Build a version (or a kept one's load) with the collector paused; no sweep meanwhile."""
        with self._lock:
            self._builds += 1
        try:
            with gc_paused():
                yield
        finally:
            self._ended("_builds")

    @contextmanager
    def request(self) -> Iterator[None]:
        """Answer a request: no sweep starts while one is under way."""
        with self._lock:
            self._requests += 1
        try:
            yield
        finally:
            self._ended("_requests")

    def settle(self) -> None:
        """Move everything alive to the permanent generation (a version just served, a structure
        just computed): no collection walks it again until the next sweep."""
        gc.freeze()
        with self._lock:
            self._unswept = True
            if self._sweeper is None:
                self._sweeper = threading.Thread(target=self._sweep_when_idle, daemon=True)
                self._sweeper.name = "heap-sweeper"
                self._sweeper.start()
            self._lock.notify_all()

    def sweep(self) -> int:
        """One full collection of everything, frozen objects included, then freeze again; how
        many unreachable objects it found."""
        gc.unfreeze()
        found = gc.collect()
        gc.freeze()
        with self._lock:
            self._unswept = False
            self.sweeps += 1
        return found

    def _ended(self, what: str) -> None:
        with self._lock:
            setattr(self, what, getattr(self, what) - 1)
            self._last = time.monotonic()
            self._lock.notify_all()

    def _idle_for(self) -> float | None:
        """Seconds since the last request or build ended, None while one runs (holding _lock)."""
        if self._requests or self._builds:
            return None
        return time.monotonic() - self._last

    def _sweep_when_idle(self) -> None:
        while True:
            with self._lock:
                while True:
                    idle = self._idle_for()
                    if self._unswept and idle is not None and idle >= self.idle_s:
                        break
                    self._lock.wait(None if not self._unswept else self.idle_s - (idle or 0))
            started = time.perf_counter()
            found = self.sweep()
            log.info("heap swept: %d unreachable in %.2f s", found, time.perf_counter() - started)


HEAP = Heap()
"""The process's heap policy."""
