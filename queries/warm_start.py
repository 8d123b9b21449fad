"""A warm start: the served graph version kept on disk, loaded when a server starts again.

What is kept: the projection (``graph.warm_files``: columns, not pickled NetworkX), the search
index (its tables as lists of words and integer positions) and the analyses' answers the version
had computed (``analytics:``, as JSON), the things a restarted server otherwise spends its first
minutes on. The file carries a stamp: the store's address, the graph version, the counts of
nodes and ties by kind, and the last write the audit log recorded (its number, time and
version). A file is loaded only when its stamp is the store's now: a store written by another
process has moved its version, and one wiped and written again to the same version number has
another last write; either is projected afresh. A file that is not whole, or of another format,
is ignored with a log line.

When: ``GraphCache`` hands every version it builds to ``WarmStart.built``. The warm start's own
thread (never a request's: it waits for what others build as long as it takes, never Busy) then
at once shreds a file of an older version (it holds data the store may no longer hold: a changed
phone number, an erased person), and, once the version has answered for ``delay`` seconds with
no newer one built, writes it, and again when it has computed more analyses since. It builds the
search index itself if no request has. A version the store has moved past by then is not
written; a file whose version the store left while it was being written is shredded at once. While
idle the thread looks at the store's version every ``POLL_S`` seconds and shreds a file another
process's write has left behind. ``forget(store)`` shreds a store's files: a person's erasure
calls it.

Settings (``PHAKHEE_CACHE_``): ``WARM`` (on by default), ``DIR`` (where the files go instead of
beside the store), ``WARM_DELAY_S``.

Writes files (through ``graph.warm_files``); reads the store.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from phakhee.graph import warm_files
from phakhee.graph.errors import PhakheeError
from phakhee.graph.projection import gc_paused
from phakhee.graph.store import GraphStore
from phakhee.queries.ask.search import FIELDS, SearchIndex, index_of
from phakhee.queries.cache import GraphVersion, get_cache_settings, patient

log = logging.getLogger(__name__)

FORMAT = 2
"""The layout of what is kept: a file of another layout is not loaded."""
POLL_S = 2.0
"""How often the writing thread, idle, looks whether the store has moved past the kept file."""
KEPT_ANSWERS = ("analytics:",)
"""The answers kept with a version: the analyses (pydantic models, kept as JSON)."""


def folder(store: GraphStore) -> Path | None:
    """Where ``store``'s file is kept (beside a SQLite file, or under ``PHAKHEE_CACHE_DIR``), or
    None (a Neo4j store keeps none)."""
    return warm_files.folder_for(store, get_cache_settings().dir)


def forget(store: GraphStore) -> None:
    """Shred every kept file of ``store`` (an erasure: the person must leave every file)."""
    where = folder(store)
    if where is not None:
        warm_files.shred_all(where)


def stamp(store: GraphStore, version: int) -> dict[str, Any] | None:
    """What says a file is of ``store`` at graph ``version``, read from the store now; None when
    the store is no longer at that version."""
    counts = store.counts()
    last = store.audit_entries(limit=1)
    if store.version() != version:
        return None
    return {
        "format": FORMAT,
        "store": store.url,
        "version": version,
        "counts": counts,
        "last_write": [last[0].id, last[0].at, last[0].version] if last else None,
    }


# the search index's tables ---------------------------------------------------------------------


def index_columns(index: SearchIndex, node_position: Mapping[str, int]) -> dict[str, Any]:
    """The search index as columns: its keys as (node position, field number), their values
    (JSON), the word counts, and each table of sets by the positions of its items."""
    keys = list(index.values)
    field_no = {f: i for i, f in enumerate(FIELDS)}
    columns: dict[str, warm_files.Column] = {
        "search.key_node": warm_files.ints([node_position[n] for n, _ in keys]),
        "search.key_field": warm_files.ints([field_no[f] for _, f in keys]),
        "search.values": warm_files.json_column([index.values[k] for k in keys]),
    }
    key_at = {k: i for i, k in enumerate(keys)}
    put_counter, put_table = warm_files.put_counter, warm_files.put_table
    put_counter(columns, "search.spelled", index.spelled)
    put_counter(columns, "search.named", index.named)
    spelled = {w: i for i, w in enumerate(index.spelled)}
    named = {w: i for i, w in enumerate(index.named)}
    put_table(columns, "search.by_unit", index.by_unit, key_at)
    put_table(columns, "search.by_gram", index.by_gram, key_at)
    put_table(columns, "search.by_slip", index.by_slip, spelled)
    put_table(columns, "search.by_loose", index.by_loose, spelled)
    put_table(columns, "search.by_sound", index.by_sound, named)
    return columns


def index_from(columns: Mapping[str, warm_files.Column], gv: GraphVersion) -> SearchIndex:
    """The search index ``index_columns`` wrote, over the version's graph: equal to the index
    ``SearchIndex(gv.graph)`` builds."""
    ids = list(gv.graph._node)
    nodes = warm_files.int_list(columns["search.key_node"])
    fields = warm_files.int_list(columns["search.key_field"])
    keys = [(ids[n], FIELDS[f]) for n, f in zip(nodes, fields, strict=True)]
    values = warm_files.from_json(columns["search.values"])
    index = object.__new__(SearchIndex)
    index.graph = gv.graph
    index.values = {k: tuple(v) for k, v in zip(keys, values, strict=True)}
    get_counter, get_table = warm_files.get_counter, warm_files.get_table
    index.spelled = get_counter(columns, "search.spelled")
    index.named = get_counter(columns, "search.named")
    spelled, named = list(index.spelled), list(index.named)
    index.by_unit = get_table(columns, "search.by_unit", keys)
    index.by_gram = get_table(columns, "search.by_gram", keys)
    index.by_slip = get_table(columns, "search.by_slip", spelled)
    index.by_loose = get_table(columns, "search.by_loose", spelled)
    index.by_sound = get_table(columns, "search.by_sound", named)
    return index


# the analyses' answers ------------------------------------------------------------------------


def answers_column(gv: GraphVersion) -> warm_files.Column:
    """The version's kept analyses as JSON: each one's name, model (module and name) and value."""
    kept = []
    for name, value in gv.answers(KEPT_ANSWERS):
        if isinstance(value, BaseModel):
            model = type(value)
            kept.append([name, model.__module__, model.__qualname__, value.model_dump(mode="json")])
    return warm_files.json_column(kept)


def answers_from(column: warm_files.Column) -> list[tuple[str, BaseModel]]:
    """The answers ``answers_column`` wrote, each validated by its model: a model of this
    service already imported (``phakhee.``), never one imported because a file names it."""
    found = []
    for name, module, qualname, value in warm_files.from_json(column):
        model = (
            getattr(sys.modules.get(module), qualname, None)
            if module.startswith("phakhee.")
            else None
        )
        if isinstance(model, type) and issubclass(model, BaseModel):
            found.append((name, model.model_validate(value)))
        else:
            log.info("the warm-start answer %r is of an unknown model; it is computed again", name)
    return found


# loading and saving ----------------------------------------------------------------------------


def save(store: GraphStore, gv: GraphVersion, where: Path) -> Path | None:
    """Write ``gv`` (its projection, search index, built here if missing, and analyses) to
    ``where``; the file, or None when the store has moved past the version (nothing is kept)."""
    index = index_of(gv)
    found = stamp(store, gv.version)
    if found is None:
        return None
    with gc_paused():
        position = {n: i for i, n in enumerate(gv.graph._node)}
        columns = warm_files.projection_columns(gv.graph) | index_columns(index, position)
        columns["answers"] = answers_column(gv)
        columns["made_at"] = warm_files.json_column(gv.made_at.isoformat())
    path = warm_files.publish(warm_files.write(where, found, columns))
    if store.version() != gv.version:  # left while it was written (an erasure, perhaps)
        warm_files.shred(path)
        return None
    return path


def load(store: GraphStore, where: Path, wait: float | None = None) -> GraphVersion | None:
    """The graph version kept in ``where`` with its search index and analyses, when its stamp is
    the store's now; else None (no file, another version or store, a file not whole or of
    another format: said in the log)."""
    path = where / warm_files.FILE
    try:
        kept = warm_files.read_stamp(path)
        if kept is None:
            return None
        if kept.get("format") != FORMAT:
            raise ValueError(f"{path} is of another format ({kept.get('format')!r})")
        now = stamp(store, store.version())
        if kept != now:
            log.info("the warm-start file %s is not of the store now; projecting it", path)
            return None
        found, columns = warm_files.read(path)
        if found != kept:
            raise ValueError(f"{path} changed while it was read")
        with gc_paused():
            gv = GraphVersion(warm_files.projection_from(columns), wait)
            index = index_from(columns, gv)
            answers = answers_from(columns["answers"])
        gv.made_at = dt.datetime.fromisoformat(warm_files.from_json(columns["made_at"]))
    except (ValueError, KeyError, IndexError, TypeError) as e:
        log.warning("the warm-start file is ignored, the store projected: %s", e)
        return None
    gv.derived("search", lambda _: index)
    for name, value in answers:
        gv.keep(name, value)
    return gv


class WarmStart:
    """The warm-start file of one store: loaded once at start, written after versions settle.

    ``built(gv)`` is called on the cache's build thread and only records the version; the
    writing thread starts with ``start()`` (the app's startup) and stops with ``close()``, so an
    app never started writes nothing.
    """

    def __init__(self, store: GraphStore, where: Path, delay: float | None = None) -> None:
        self.store = store
        self.where = where
        self.delay = get_cache_settings().warm_delay_s if delay is None else delay
        self.saved: tuple[int, frozenset[str]] | None = None
        """The version last written or loaded, and the answers it held (None: none yet)."""
        self._pending: GraphVersion | None = None
        self._changed = threading.Condition(threading.Lock())
        self._thread: threading.Thread | None = None
        self._stop = False

    @classmethod
    def of(cls, store: GraphStore) -> WarmStart | None:
        """The store's warm start, when the settings keep one (``PHAKHEE_CACHE_WARM``) and it
        has a folder (a SQLite store)."""
        where = folder(store)
        if where is None or not get_cache_settings().warm:
            return None
        return cls(store, where)

    def load(self, wait: float | None = None) -> GraphVersion | None:
        """The kept version when it is the store's now (see ``load``), else None."""
        try:
            gv = load(self.store, self.where, wait)
        except Exception:  # a start never fails for its warm file: the store is projected
            log.exception("loading the warm-start file failed; projecting the store")
            return None
        if gv is not None:
            self.saved = _held(gv)
        return gv

    def built(self, gv: GraphVersion) -> None:
        """A version was built: the writing thread shreds an older file and writes this one."""
        with self._changed:
            self._pending = gv
            self._changed.notify_all()

    def start(self) -> None:
        """Start the writing thread (once)."""
        with self._changed:
            if self._thread is None:
                self._stop = False
                self._thread = threading.Thread(target=self._run, name="warm-start", daemon=True)
                self._thread.start()

    def close(self, timeout: float = 60) -> None:
        """Stop the writing thread (a write under way ends first, at most ``timeout`` seconds)."""
        with self._changed:
            self._stop = True
            self._changed.notify_all()
            thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)

    def _settled(self) -> GraphVersion | None:
        """The next version to write, once it has answered ``delay`` seconds with no newer one
        built and holds what the file does not (an older file shredded at once meanwhile);
        None: stop. While there is none, a file the store has left behind is shredded."""
        while True:
            with self._changed:
                if self._stop:
                    return None
                gv = self._pending
            if gv is None or not self._news(gv):
                self._shred_behind_store()
                with self._changed:
                    if not self._stop and self._pending is gv:
                        self._changed.wait(POLL_S)
                continue
            self._shred_older(gv.version)  # at once: it may hold what the store no longer does
            with self._changed:
                settled = time.monotonic() + self.delay
                while not self._stop and self._pending is gv and time.monotonic() < settled:
                    self._changed.wait(settled - time.monotonic())
                if self._stop:
                    return None
                if self._pending is gv:
                    return gv

    def _news(self, gv: GraphVersion) -> bool:
        """Whether ``gv`` holds what the kept file does not (another version, more analyses)."""
        saved = self.saved
        if saved is None or saved[0] != gv.version:
            return True
        return not _held(gv)[1] <= saved[1]

    def _shred_behind_store(self) -> None:
        try:
            version = self.store.version()
        except PhakheeError:  # unreachable for now: looked at again later
            return
        self._shred_older(version)

    def _shred_older(self, version: int) -> None:
        path = self.where / warm_files.FILE
        try:
            kept = warm_files.read_stamp(path)
        except ValueError:  # not one this service reads: it may hold personal data all the same
            warm_files.shred(path)
            return
        if kept is not None and kept.get("version") != version:
            warm_files.shred(path)
            self.saved = None

    def _run(self) -> None:
        patient()  # builds what it writes without a request's wait: never Busy
        while (gv := self._settled()) is not None:
            held = _held(gv)
            try:
                started = time.perf_counter()
                if save(self.store, gv, self.where) is not None:
                    log.info(
                        "graph version %d kept for a warm start in %.1f s",
                        gv.version,
                        time.perf_counter() - started,
                    )
            except Exception:  # the service goes on without a warm file
                log.exception("writing the warm-start file failed")
            self.saved = held
            del gv


def _held(gv: GraphVersion) -> tuple[int, frozenset[str]]:
    return gv.version, frozenset(name for name, _ in gv.answers(KEPT_ANSWERS))
