"""The store's projection and what is derived from it, cached by graph version (any write invalidates).

A caller takes one ``GraphVersion`` and answers from it alone, so everything in one answer comes from
the same graph version, even while writes go on.

What a graph version keeps, and its ceiling:

- **Structures of the version** (the search index, the collaboration graph, centrality per
  measure, the views' layout, ...): one per name, the names a closed set written in the code
  (a name may carry a choice from a fixed list, as ``centrality:{measure}`` does). Kept for as
  long as the version is current.
- **Answers per request** (names beginning with one of ``ANSWERS``: rankings per measure, kind
  and province, brokers per province, communities per member count, scorecards per day, view
  pages): at most
  ``PHAKHEE_CACHE_ANSWERS`` of them per version (default 32), the least recently used dropped
  first. Each is a sorted list or a page: well under a megabyte on the 1,000-person demo, about
  ten on the 100,000-person one.

How versions succeed each other: a write moves the store's version; the first caller that finds
the store ahead of the built version starts building the new one on a thread of its own (one
build at a time; a write during it is built next, from the newest version): from the last version
and the store's change feed when it reaches back to it (``apply_delta``: the new graph shares
what the writes did not touch), else projected whole. The caller waits for it at
most ``fresh_wait`` seconds, after which the last built version answers (``gv.version`` says
which, so the API can mark the answer stale); a caller that must answer from the version it has
just written (a page's form) waits for its build instead (``wait_for``). The old version goes
once the new one is built and no request holds it: during a build two versions are in memory. Only a first build, with no
earlier version to answer, makes callers wait ``wait`` seconds and then raises Busy.

Stale while refreshing (``GraphVersion.refreshed``): a costly answer (an analysis, a dashboard)
that the version answering does not have yet, but an earlier version of the same lineage had,
answers with that earlier result at once, saying which version it was computed on, while the new
version's is computed on a background thread (``REFRESH_THREADS`` at a time, process-wide); only
a first computation, with no earlier result, waits as before. The earlier results are kept
without their graph (``Results``: the newest result of each name and its version, at most
``RESULTS_PER_ANSWER`` times ``PHAKHEE_CACHE_ANSWERS`` of them), so an old version goes as soon as
no request and no queued refresh holds it. A refresh is never stale inside: a structure built
while another is being built is always of its own version, so what a version keeps is of that
version only. The versions an answer draws on are recorded in ``ANSWER`` (the API's request
state), which the API turns into ``X-Phakhee-Computed-At`` and ``X-Phakhee-Stale``.

Thawed snapshots are kept apart (``queries.records.snapshots.THAWED``, a ``Kept`` too): at most
``PHAKHEE_CACHE_SNAPSHOTS`` graphs per process (default 2, the two sides of a diff), keyed by the
store, the snapshot and its stored bytes, so an erasure, which rewrites a snapshot, is never
answered from the copy thawed before it. A thawed graph takes about 75 times its stored size
(11 MiB on the 1,000-person demo, 94 MiB on the 10,000-person one).

A version is built with the cyclic collector paused and frozen once it serves, and a refreshed
structure once computed (``queries.heap``): the collector's full passes never walk a served
version, and a replaced one, holding no reference cycle, goes by reference counting.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable, Iterator, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import networkx as nx
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from phakhee.graph.errors import Busy
from phakhee.graph.projection import apply_delta
from phakhee.graph.store import Delta, GraphStore
from phakhee.queries.heap import HEAP

if TYPE_CHECKING:
    from phakhee.queries.warm_start import WarmStart

log = logging.getLogger(__name__)

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

ANSWERS = (
    "ranked:",
    "brokers:",
    "communities:",
    "scorecards:",
    "views:html:",
    "views:index:",
    "pages:home:",
    "pages:place:snapshot:",
    "analytics:",
)
"""Families of derived names that hold one answer per set of request parameters (bounded)."""

CARRIED = ("pages:place:snapshot:",)
"""Answers that depend on no graph version (a stored snapshot's measures, named by the snapshot's
id and size): handed on to the next version as they are, not computed again after each write."""

DELTA_LIMIT = 40_000
"""The most keys (nodes and ties) a version is made from the last one by a delta; more, and it is
projected whole. About where reading and applying the delta costs as much as projecting the
10,000-person demo (16,707 nodes, 108,537 ties; 0.7 to 1.1 s on two shared cores): 20,000 keys
took 0.2 s, 41,000 keys 0.7 s (under heavier load 2.0 s, against 1.9 to 3.2 s projected). A
bigger store projects slower and applies the same delta about as fast, so
there the limit errs on the side of projecting."""


class CacheSettings(BaseSettings):
    """``PHAKHEE_CACHE_ANSWERS``: answers kept per graph version; ``PHAKHEE_CACHE_SNAPSHOTS``:
    thawed snapshots kept per process (0: none); the warm start's settings."""

    model_config = SettingsConfigDict(env_prefix="PHAKHEE_CACHE_", env_file=".env", extra="ignore")

    answers: int = Field(32, ge=1)
    snapshots: int = Field(2, ge=0)
    warm: bool = True
    """Whether the served graph version is kept on disk for a warm start (``queries.warm_start``):
    ``PHAKHEE_CACHE_WARM``."""
    dir: Path | None = None
    """Where kept versions go (``PHAKHEE_CACHE_DIR``); unset, beside a SQLite store's file. A
    Neo4j store keeps none."""
    warm_delay_s: float = Field(30.0, ge=0)
    """How long a version answers with no newer one before it is written
    (``PHAKHEE_CACHE_WARM_DELAY_S``): a burst of edits is written once, after the last."""


@lru_cache
def get_cache_settings() -> CacheSettings:
    """The settings, read once per process."""
    return CacheSettings()


def _acquire(lock: threading.Lock, wait: float | None, what: str) -> None:
    """Take ``lock``, or raise Busy after ``wait`` seconds (None: wait as long as it takes)."""
    if not lock.acquire(timeout=-1 if wait is None else wait):
        raise Busy(what)


_MISSING: Any = object()


class Kept(Generic[K]):
    """Values built once per key, each build under the key's own lock; at most ``limit`` kept
    (the least recently used dropped first), or all of them when ``limit`` is None.

    A key's lock lives only while someone builds or waits for it, so keys that come and go
    leave nothing behind.
    """

    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit
        self._values: OrderedDict[K, Any] = OrderedDict()
        self._building: dict[K, list[Any]] = {}  # key -> [its lock, callers holding or waiting]
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._values)

    def get(self, key: K, build: Callable[[], T], wait: float | None = None, what: str = "") -> T:
        """The value of ``key``, built by ``build()`` if it is not kept (Busy after ``wait``
        seconds of waiting for another caller's build of it)."""
        value = self._lookup(key)
        if value is not _MISSING:
            return value
        with self._lock:
            entry = self._building.setdefault(key, [threading.Lock(), 0])
            entry[1] += 1
        try:
            _acquire(entry[0], wait, what or repr(key))
            try:
                value = self._lookup(key)
                if value is _MISSING:
                    value = build()
                    self._keep(key, value)
                return value
            finally:
                entry[0].release()
        finally:
            with self._lock:
                entry[1] -= 1
                if entry[1] == 0:
                    del self._building[key]

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._values.clear()

    def named(self, prefixes: tuple[str, ...]) -> list[tuple[K, Any]]:
        """The kept values whose keys begin with one of ``prefixes``, least recently used first."""
        with self._lock:
            return [(k, v) for k, v in self._values.items() if str(k).startswith(prefixes)]

    def _lookup(self, key: K) -> Any:
        if self.limit is None:  # nothing to reorder: a dict read needs no lock
            return self._values.get(key, _MISSING)
        with self._lock:
            value = self._values.get(key, _MISSING)
            if value is not _MISSING:
                self._values.move_to_end(key)
            return value

    def _keep(self, key: K, value: Any) -> None:
        with self._lock:
            if self.limit == 0:
                return
            self._values[key] = value
            if self.limit is not None:
                while len(self._values) > self.limit:
                    self._values.popitem(last=False)


REFRESH_THREADS = 2
"""How many background refreshes run at once, process-wide (each holds a core while it runs)."""
RESULTS_PER_ANSWER = 4
"""How many earlier results a lineage of versions keeps, per answer a version keeps
(``PHAKHEE_CACHE_ANSWERS``): 128 by default, enough for the 94 dashboards (77 provinces, 6
regions, 10 zones, the country) and the analyses."""

_local = threading.local()
"""Per thread: ``depth``, how many structures it is building now (a refresh inside one is never
stale); ``patient``, whether it waits for other builds as long as they take (a refresh does)."""

ANSWER: ContextVar[MutableMapping[str, Any] | None] = ContextVar("phakhee_answer", default=None)
"""Where an answer being made records the oldest graph version it draws on (``version``) and
when that version was made (``made_at``): the API's request state, set by its guard for each
request; None outside a request (the CLI), where nothing is recorded."""


@contextmanager
def answering(record: MutableMapping[str, Any]) -> Iterator[MutableMapping[str, Any]]:
    """Record in ``record`` the graph versions the answer made inside draws on (see ``ANSWER``)."""
    token = ANSWER.set(record)
    try:
        yield record
    finally:
        ANSWER.reset(token)


def _record(version: int, made_at: dt.datetime) -> None:
    """Note that the answer being made draws on graph ``version`` (the oldest one counts)."""
    record = ANSWER.get()
    if record is None:
        return
    before = record.get("version")
    if before is None or version < before or (version == before and "made_at" not in record):
        record["version"] = version
        record["made_at"] = made_at


def patient() -> None:
    """Let the calling thread wait for what others build as long as it takes, never Busy: for a
    background thread (a refresh, the warm start's writer), which no client waits on."""
    _local.patient = True


def _building(build: Callable[[], T]) -> T:
    """``build()``, counted as a structure being built on this thread."""
    _local.depth = getattr(_local, "depth", 0) + 1
    try:
        return build()
    finally:
        _local.depth -= 1


@dataclass(frozen=True, slots=True)
class Refreshed(Generic[T]):
    """A result and the graph version it was computed on (older than the version asked, while
    that one's is being computed in the background)."""

    value: T
    version: int
    made_at: dt.datetime
    """When that graph version was made (about when its last write was applied)."""


class Results:
    """The newest result of each refreshed name across a lineage of graph versions, with the
    version it was computed on; at most ``limit`` names, the least recently used dropped first.

    Holds the results only, never a version or its graph: an old graph goes as soon as no
    request holds it, while its results keep answering."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._kept: OrderedDict[str, Refreshed[Any]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, name: str) -> Refreshed[Any] | None:
        with self._lock:
            found = self._kept.get(name)
            if found is not None:
                self._kept.move_to_end(name)
            return found

    def offer(self, name: str, result: Refreshed[Any]) -> None:
        """Keep ``result`` unless a result of a newer version is kept."""
        with self._lock:
            before = self._kept.get(name)
            if before is None or before.version <= result.version:
                self._kept[name] = result
            self._kept.move_to_end(name)
            while len(self._kept) > self.limit:
                self._kept.popitem(last=False)


class _Refresher:
    """The background refreshes of the process: a queue of (version, name, build), run
    ``REFRESH_THREADS`` at a time on daemon threads started as needed. A refresh of a version
    that a newer one has replaced is dropped unrun (``forget_replaced``), so the queue keeps no
    old graph alive."""

    def __init__(self, threads: int) -> None:
        self.threads = threads
        self._queue: deque[tuple[GraphVersion, str, Callable[[nx.MultiDiGraph], Any]]] = deque()
        self._queued: set[tuple[int, str]] = set()  # (id of the version, name): queued or running
        self._running = 0
        self._idle = threading.Condition(threading.Lock())

    def submit(self, gv: GraphVersion, name: str, build: Callable[[nx.MultiDiGraph], Any]) -> None:
        """Compute ``name`` on ``gv`` in the background, unless it is queued or running already."""
        with self._idle:
            key = (id(gv), name)
            if key in self._queued or gv.replaced:
                return
            self._queued.add(key)
            self._queue.append((gv, name, build))
            if self._running < self.threads:
                self._running += 1
                threading.Thread(target=self._work, name="graph-refresh", daemon=True).start()

    def forget_replaced(self) -> None:
        """Drop the queued refreshes of versions a newer one has replaced."""
        with self._idle:
            for gv, name, _ in [job for job in self._queue if job[0].replaced]:
                self._queued.discard((id(gv), name))
            self._queue = deque(job for job in self._queue if not job[0].replaced)
            self._idle.notify_all()

    def settled(self, timeout: float | None = None) -> bool:
        """Wait until no refresh is queued or running (at most ``timeout`` seconds); whether none is."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._queued, timeout)

    def _work(self) -> None:
        patient()
        while True:
            with self._idle:
                if not self._queue:
                    self._running -= 1
                    self._idle.notify_all()
                    return
                gv, name, build = self._queue.popleft()
            try:
                if not gv.replaced:
                    gv._refresh(name, build)
                    HEAP.settle()
            except Exception:  # the earlier result keeps answering; the next reader tries again
                log.exception("refreshing %r for graph version %s failed", name, gv.version)
            finally:
                with self._idle:
                    self._queued.discard((id(gv), name))
                    self._idle.notify_all()
            del gv, build  # hold no version while waiting for the next job


REFRESHER = _Refresher(REFRESH_THREADS)
"""The process's background refreshes (``GraphVersion.refreshed``)."""


class GraphVersion:
    """One graph version: its projection and the structures built from it (search index, ...).

    Each structure is built once, under its own lock: a long build (an analysis of the whole
    network) holds up only the requests that need that same structure, and those for at most
    ``wait`` seconds. Answers per request (``ANSWERS``) are kept up to ``answers`` of them
    (default: the ``PHAKHEE_CACHE_ANSWERS`` setting).
    """

    def __init__(
        self,
        graph: nx.MultiDiGraph,
        wait: float | None = None,
        answers: int | None = None,
        *,
        previous: GraphVersion | None = None,
        delta: Delta | None = None,
    ) -> None:
        self.graph = graph
        self.version: int = graph.graph["version"]
        self.wait = wait
        self.previous = previous
        """The version this one was made from by applying ``delta`` (None: projected whole);
        let go once this version answers, so versions do not chain in memory."""
        self.delta = delta
        self.made_at = dt.datetime.now()
        """When this version was made (its data are those of the store at about this time)."""
        self.replaced = False
        """Whether a newer version answers instead (its queued refreshes are dropped)."""
        limit = answers or get_cache_settings().answers
        self.results: Results = (
            previous.results if previous is not None else Results(RESULTS_PER_ANSWER * limit)
        )
        """The newest result of each refreshed name of this lineage of versions (shared with the
        previous version, handed on by ``GraphCache`` to a version projected whole)."""
        self._structures: Kept[str] = Kept()
        self._answers: Kept[str] = Kept(limit)

    def _kept(self, name: str) -> Kept[str]:
        return self._answers if name.startswith(ANSWERS) else self._structures

    def _patience(self) -> float | None:
        return None if getattr(_local, "patient", False) else self.wait

    def derived(self, name: str, build: Callable[[nx.MultiDiGraph], T]) -> T:
        """``build(graph)``, computed once for this version (an answer: while it stays among
        the most recently used)."""
        what = f"{name!r} for graph version {self.version}"
        return self._kept(name).get(
            name, lambda: _building(lambda: build(self.graph)), self._patience(), what
        )

    def refreshed(self, name: str, build: Callable[[nx.MultiDiGraph], T]) -> Refreshed[T]:
        """``build(graph)`` for this version, as ``derived`` computes it, or stale while it is
        refreshed: when this version has no result yet but an earlier version of its lineage had
        one, that result at once (with the version it was computed on, recorded in ``ANSWER``),
        and this version's computed on a background thread; the next reader after it finds this
        version's. A first computation (no earlier result) waits as ``derived`` does (Busy after
        ``wait`` seconds).

        Stale only at the top of an answer: inside the build of another structure, the result is
        always this version's (what a version keeps is of that version alone). For costly answers
        whose parts all come from ``build`` (an analysis with its parameters in ``name``, a
        dashboard); a cheap structure follows or is derived."""
        own = self._kept(name)._lookup(name)
        if own is _MISSING and getattr(_local, "depth", 0) == 0:
            earlier = self.results.get(name)
            if earlier is not None and earlier.version < self.version:
                REFRESHER.submit(self, name, build)
                _record(earlier.version, earlier.made_at)
                return earlier
            if earlier is not None and earlier.version == self.version:  # dropped from _answers
                own = earlier.value
        if own is _MISSING:
            own = self.derived(name, build)
        result = Refreshed(own, self.version, self.made_at)
        self.results.offer(name, result)
        _record(self.version, self.made_at)
        return result

    def _refresh(self, name: str, build: Callable[[nx.MultiDiGraph], Any]) -> None:
        """Compute ``name`` for this version and offer it as the lineage's newest result (the
        background half of ``refreshed``)."""
        self.results.offer(name, Refreshed(self.derived(name, build), self.version, self.made_at))

    def followable(self, name: str) -> bool:
        """Whether ``followed`` would make ``name`` from the previous version's (this version was
        made by a delta from a version that has it), so a caller may prepare it only then."""
        previous = self.previous
        return (
            previous is not None
            and self.delta is not None
            and previous._structures._lookup(name) is not _MISSING
        )

    def followed(
        self,
        name: str,
        build: Callable[[nx.MultiDiGraph], T],
        follow: Callable[[T, GraphVersion], T],
    ) -> T:
        """The structure ``name``, made once for this version: from the previous version's by
        ``follow(its structure, self)`` when this version was made by a delta and the previous one
        has it built (exact and cheap: the search index follows a renamed person), else
        ``build(graph)``. ``follow`` must not change the previous structure: readers of the
        previous version may still use it."""
        previous = self.previous
        if previous is not None and self.delta is not None:
            before = previous._structures._lookup(name)
            if before is not _MISSING:
                what = f"{name!r} for graph version {self.version}"
                return self._structures.get(
                    name, lambda: _building(lambda: follow(before, self)), self._patience(), what
                )
        return self.derived(name, build)

    def answers(self, prefixes: tuple[str, ...]) -> list[tuple[str, Any]]:
        """The answers of this version kept now whose names begin with one of ``prefixes``."""
        return self._answers.named(prefixes)

    def keep(self, name: str, value: Any) -> None:
        """Keep ``value`` as this version's answer ``name`` (one computed on this very graph
        before, as a warm start loads it), the lineage's newest result of it too."""
        self._answers._keep(name, value)
        self.results.offer(name, Refreshed(value, self.version, self.made_at))

    def kept(self) -> tuple[int, int]:
        """How many structures and answers are kept."""
        return len(self._structures), len(self._answers)


class GraphCache:
    """The store's graph version, rebuilt in the background when the store's version moves.

    ``wait``: how long a caller waits for a projection or structure another caller is building
    before it gets Busy, when no earlier version can answer (None: as long as it takes).
    ``fresh_wait``: how long a caller waits for the build of a newer version before the last
    built one answers instead (None: as long as it takes, as the CLI does; 0: never waits).
    ``prepare(gv)``: what a version builds before it answers, when an older one answers
    meanwhile (the API's search index: the first searches after a write find it built); the
    first version answers as soon as it is projected.

    One build runs at a time, on its own thread: when the store has moved on again by the time
    it ends, the next build starts at once from the newest version. A build that fails (the
    store unreachable, memory exhausted) leaves the last built version answering; the next
    caller that finds the store ahead starts another. Callers never hold a lock while a build
    runs, and a caller that finds the version it needs built takes no lock at all.
    """

    def __init__(
        self,
        store: GraphStore,
        wait: float | None = None,
        fresh_wait: float | None = None,
        prepare: Callable[[GraphVersion], object] | None = None,
        warm: WarmStart | None = None,
    ) -> None:
        self.store = store
        self.wait = wait
        self.fresh_wait = fresh_wait
        self.prepare = prepare
        self.warm = warm
        """Where the first version is loaded from when it is the store's, and each version built
        is handed to be kept (``queries.warm_start``); None: always projected, never kept."""
        self._current: GraphVersion | None = None
        self._changed = threading.Condition(threading.Lock())  # held only to read or set state
        self._built = 0  # how many versions have been built
        self._building = False
        self._failure: Exception | None = None  # how the last build ended, if it failed
        self._draining = False  # no build starts while the app stops

    @property
    def served(self) -> int | None:
        """The version of the graph built last (the one answering), or None before the first."""
        current = self._current
        return None if current is None else current.version

    @property
    def preparing(self) -> bool:
        """Whether a build of a newer version is under way."""
        return self._building

    def current(self, version: int | None = None) -> GraphVersion:
        """The graph version of the store's ``version`` (read when not given: a caller that has
        just read it saves reading it again), or, while that one is being built for longer than
        ``fresh_wait`` seconds, the last one built (``gv.version`` says which, and ``ANSWER``
        records it)."""
        gv = self._version(version)
        _record(gv.version, gv.made_at)
        return gv

    def _version(self, version: int | None) -> GraphVersion:
        version = self.store.version() if version is None else version
        current = self._current
        if current is not None and current.version > version:  # built since the caller read it
            version = self.store.version()  # (or the store started again from empty)
        if current is not None and current.version == version:
            return current
        patience = self.wait if current is None else self.fresh_wait
        deadline = None if patience is None else time.monotonic() + patience
        with self._changed:
            built_before = self._built
            started = False  # whether this caller started a build
            while True:
                current = self._current
                if current is not None and (
                    current.version == version
                    or (self._built > built_before and current.version > version)  # moved on
                ):
                    return current
                if not self._building:  # none runs: none started yet, or one ended short of it
                    if (started and self._failure is not None) or self._draining:
                        if current is not None:
                            return current  # the build failed: the last version keeps answering
                        if self._failure is not None:
                            raise self._failure
                        raise Busy(f"the projection of graph version {version} (stopping)")
                    self._start()
                    started = True
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    if current is not None:
                        return current
                    raise Busy(f"the projection of graph version {version}")
                self._changed.wait(left)

    def wait_for(self, version: int, timeout: float | None = None) -> bool:
        """Wait until a graph version of at least ``version`` is built (at most ``timeout``
        seconds; None: as long as it takes), starting its build when none runs and the store has
        reached it; whether one is. For a caller that has just written ``version`` and must
        answer from it (a page's form), where ``current`` would answer with the last version
        after ``fresh_wait``. Woken by the builds alone, never by polling: a build that fails,
        or a drain, ends the wait (False; the last version keeps answering), and a version the
        store has not reached is waited for only as other callers' builds bring it. Records
        nothing in ``ANSWER``."""
        deadline = None if timeout is None else time.monotonic() + timeout
        started = False  # whether this caller started a build
        while True:
            current = self._current
            if current is not None and current.version >= version:
                return True
            reached = self.store.version() >= version  # read without the lock: it may take long
            with self._changed:
                current = self._current
                if current is not None and current.version >= version:
                    return True
                if not self._building:
                    if (started and self._failure is not None) or self._draining:
                        return False
                    if reached:
                        self._start()
                        started = True
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._changed.wait(left)

    def drain(self, timeout: float | None = 60.0) -> bool:
        """Wait for a running build to end (at most ``timeout`` seconds), starting none
        meanwhile, so the store can close under no reader; whether none runs. Builds start again
        afterwards (an app given its store may be started again)."""
        with self._changed:
            self._draining = True
        try:
            return self.settled(timeout)
        finally:
            with self._changed:
                self._draining = False

    def settled(self, timeout: float | None = None) -> bool:
        """Wait until no build runs and no refresh (``GraphVersion.refreshed``, of any cache of
        the process) is queued or running (at most ``timeout`` seconds); whether none is."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._changed:
            if not self._changed.wait_for(lambda: not self._building, timeout):
                return False
        return REFRESHER.settled(
            None if deadline is None else max(0.0, deadline - time.monotonic())
        )

    def graph(self) -> nx.MultiDiGraph:
        """The current version's projection."""
        return self.current().graph

    def derived(self, name: str, build: Callable[[nx.MultiDiGraph], T]) -> T:
        """``build(graph)`` for the current version."""
        return self.current().derived(name, build)

    def _start(self) -> None:
        """Start the build thread (called holding ``_changed``)."""
        self._building = True
        self._failure = None
        threading.Thread(target=self._build, name="graph-version-build", daemon=True).start()

    def _next(self, current: GraphVersion | None) -> GraphVersion:
        """The store's version now: ``current`` with the store's changes since it applied
        (``apply_delta``), when the store's change feed has them and they are at most
        ``DELTA_LIMIT`` keys, else the warm start's kept version when it is the store's (a first
        build), else projected whole. The warm start is told of it (to keep it, later)."""
        built = None
        if current is not None:
            delta = self.store.changes_since(current.version, DELTA_LIMIT)
            if delta is not None and delta.since == current.version:
                graph = apply_delta(current.graph, delta)
                built = GraphVersion(graph, self.wait, previous=current, delta=delta)
        elif self.warm is not None:
            built = self.warm.load(self.wait)
        if built is None:
            built = GraphVersion(self.store.project(), self.wait)
        if self.warm is not None:
            self.warm.built(built)
        return built

    def _build(self) -> None:
        """Build versions until one matches the store's when it is built, or a build fails."""
        while True:
            try:
                before = self._current
                with HEAP.building():
                    built = self._next(before)
                    if before is not None:
                        built.results = before.results  # earlier results answer while refreshed
                        for name, value in before._answers.named(CARRIED):
                            built._answers._keep(name, value)
                        if self.prepare is not None:
                            self.prepare(built)  # its structures may follow the previous version's
                with self._changed:
                    self._current = built  # the old version goes once no request holds it
                    self._built += 1
                    self._changed.notify_all()
                built.previous = None  # versions do not chain in memory
                if before is not None:
                    before.replaced = True
                    REFRESHER.forget_replaced()  # nor do queued refreshes hold it
                del before
                HEAP.settle()  # the version served is out of the collector's walks
                if not self._draining and self.store.version() != built.version:
                    continue  # the store moved on during the build: build its newest version
            except Exception as e:  # MemoryError too: the last version keeps answering
                log.exception("building the graph version failed; the last one keeps answering")
                with self._changed:
                    self._failure = e
                    self._building = False
                    self._changed.notify_all()
                return
            with self._changed:
                self._building = False
                self._changed.notify_all()
            return
