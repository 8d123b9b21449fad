"""The embedded default store: one SQLite file, WAL, one transaction per batch.

Personal data removed is removed from the disk too (PDPA): deleted rows are zeroed in place
(``secure_delete``), and every write that removes or overwrites personal data — deleting a node,
ties or a snapshot, rewriting snapshots (an erasure), updating people (a changed or cleared
contact field among them; every field of a person is theirs) — copies the write-ahead log into
the database and truncates it before it returns (``PRAGMA wal_checkpoint(TRUNCATE)``), so
neither the log nor the database's old pages keep what was removed, even while other processes
hold the store open. A load that only adds people writes as before.

The change feed: each write that moves the graph version records, in its own transaction, the
keys it touched in ``changes`` (one row per version: node ids and tie keys as JSON arrays, never
values), so ``changes_since`` can tell a reader what to patch. It keeps the last
``FEED_VERSIONS`` versions, and deleting a person cuts it (an id may spell a name).

The audit log (``graph.audit``): each write that changes something also records, in the same
transaction, one row in ``audit`` — who, when, from where (``audit.stamp``), the version it
made, and per node or tie the fields before and after, read in the write (``_node_props``,
``_tie_props``, ``RETURNING``) — and the node ids it concerns in ``audit_nodes``. It is kept
whole (undo needs the values a change replaced, personal ones included, so removed personal
data lives on there) until a person is erased: ``scrub_audit`` then removes their values.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx
import orjson

from phakhee.graph import audit
from phakhee.graph.errors import NotFound, StoreUnavailable
from phakhee.graph.model import NodeKind, NodeRecord, Provenance, TieKind, TieRecord
from phakhee.graph.projection import build_projection, fill_projection, gc_paused
from phakhee.graph.store import (
    Delta,
    Direction,
    Neighbour,
    SnapshotInfo,
    SnapshotRewrite,
    TieKey,
    WriteResult,
    check_where,
)

_CHANGES = """
CREATE TABLE IF NOT EXISTS changes (
    version INTEGER PRIMARY KEY,  -- the graph version the write made (one row per version)
    nodes TEXT NOT NULL,  -- JSON array of the node ids it touched
    ties TEXT NOT NULL,  -- JSON array of the [kind, source, target] of the ties it touched
    size INTEGER NOT NULL  -- how many keys: a reader with a smaller limit stops at once
)"""
_AUDIT = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: an undo names the entry it undid
    at TEXT NOT NULL,  -- when (ISO 8601, UTC)
    user TEXT,  -- the account's name (NULL for a key, the CLI or the system)
    via TEXT NOT NULL,  -- web, api, cli, upload or system
    address TEXT,
    batch TEXT,  -- an upload's id
    version INTEGER NOT NULL,  -- the graph version the write made
    undoes TEXT NOT NULL,  -- JSON array of the entries it undid
    items TEXT NOT NULL  -- JSON array of graph.audit.item maps, values included
);
CREATE INDEX IF NOT EXISTS audit_user ON audit (user, id);
CREATE INDEX IF NOT EXISTS audit_batch ON audit (batch, id);
CREATE TABLE IF NOT EXISTS audit_nodes (
    node TEXT NOT NULL,  -- a node an entry's item concerns (a tie: both ends)
    entry INTEGER NOT NULL,
    PRIMARY KEY (node, entry)
) WITHOUT ROWID;
"""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    UNIQUE (source, loaded_at)
);
CREATE TABLE IF NOT EXISTS nodes (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    props TEXT NOT NULL,
    src INTEGER,
    row INTEGER
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nodes_kind ON nodes (kind, id);
CREATE TABLE IF NOT EXISTS ties (
    source_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    target_id TEXT NOT NULL,
    props TEXT NOT NULL,
    src INTEGER,
    row INTEGER,
    PRIMARY KEY (source_id, kind, target_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ties_target ON ties (target_id, kind);
CREATE VIEW IF NOT EXISTS node_rows AS
    SELECT n.id, n.kind, n.props, s.source, n.row, s.loaded_at
    FROM nodes n LEFT JOIN sources s ON s.id = n.src;
CREATE VIEW IF NOT EXISTS tie_rows AS
    SELECT t.source_id, t.kind, t.target_id, t.props, s.source, t.row, s.loaded_at
    FROM ties t LEFT JOIN sources s ON s.id = t.src;
CREATE TABLE IF NOT EXISTS snapshots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- ids are never reused: a deleted one stays gone
    created_at TEXT NOT NULL,
    graph_version INTEGER NOT NULL,
    note TEXT NOT NULL,
    summary TEXT NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('version', 0);
INSERT OR IGNORE INTO meta VALUES ('schema', 2);
"""
_SCHEMA += _CHANGES + ";" + _AUDIT
# Schema 1 kept (source, row, loaded_at) on every row; schema 2 keeps each distinct (source,
# loaded_at) once in `sources`, which makes rows about a quarter smaller and writes faster.
_MIGRATE_1_TO_2 = """
INSERT OR IGNORE INTO sources (source, loaded_at)
    SELECT source, coalesce(loaded_at, '') FROM nodes_v1 WHERE source IS NOT NULL
    UNION SELECT source, coalesce(loaded_at, '') FROM ties_v1 WHERE source IS NOT NULL;
INSERT INTO nodes SELECT n.id, n.kind, n.props, s.id, n.row FROM nodes_v1 n
    LEFT JOIN sources s ON s.source = n.source AND s.loaded_at = coalesce(n.loaded_at, '');
INSERT INTO ties SELECT t.source_id, t.kind, t.target_id, t.props, s.id, t.row FROM ties_v1 t
    LEFT JOIN sources s ON s.source = t.source AND s.loaded_at = coalesce(t.loaded_at, '');
DROP TABLE nodes_v1;
DROP TABLE ties_v1;
UPDATE meta SET value = 2 WHERE key = 'schema';
"""
_CHUNK = 30_000  # ids per IN (...) query, under SQLite's 32,766 parameter limit
_WAL_FRAMES = 1000  # pages in the write-ahead log before it must start over (SQLite's default)
_WAL_BOUND = _WAL_FRAMES * 32768  # bytes of log past which a writer waits for the checkpointer
_SCRUB_WAIT = 60  # seconds a write that removed personal data waits to truncate the log
FEED_VERSIONS = 10_000
"""How many of the latest graph versions the change feed keeps: a reader further behind projects
the whole graph again. Older entries are pruned by the writes of every hundredth version."""
_PRUNE_EVERY = 100


def _statements(script: str) -> list[str]:
    """The statements of a script of ours (no semicolons inside literals)."""
    return [st for st in script.split(";") if st.strip()]


def _dumps(props: Mapping[str, Any]) -> str:
    """Canonical JSON (sorted keys), so equal properties are equal text."""
    return orjson.dumps(props, option=orjson.OPT_SORT_KEYS).decode() if props else "{}"


def _items(
    old: Mapping[Any, dict[str, Any]], rows: Iterable[tuple[Any, str]]
) -> list[dict[str, Any]]:
    """The audit items of a write of ``rows`` (key, properties as stored JSON) over the
    properties ``old`` held before it: one per key whose properties changed."""
    out = []
    for key, text in rows:
        before = old.get(key)
        it = audit.item(key, before, orjson.loads(text))
        if it is not None:
            out.append(it)
    return out


def _entry(row: tuple[Any, ...]) -> audit.Entry:
    id_, at, user, via, address, batch, version, undoes, items = row
    return audit.Entry(
        id_,
        at,
        user,
        via,
        address,
        batch,
        version,
        tuple(orjson.loads(undoes)),
        orjson.loads(items),
    )


_ENTRY_COLS = "id, at, user, via, address, batch, version, undoes, items"


class _Sources:
    """Provenance as (source id, row) inside one write; a batch mostly shares one source."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self._con = con
        self._ids: dict[tuple[str, str], int] = {}
        self._last: Provenance | None = None
        self._cols: tuple[int | None, int | None] = (None, None)

    def __call__(self, p: Provenance | None) -> tuple[int | None, int | None]:
        if p is not self._last:
            self._last, self._cols = (
                p,
                ((self._id(p.source, p.loaded_at), p.row) if p else (None, None)),
            )
        return self._cols

    def _id(self, source: str, loaded_at: str) -> int:
        key = (source, loaded_at)
        if key not in self._ids:
            self._con.execute(
                "INSERT OR IGNORE INTO sources (source, loaded_at) VALUES (?, ?)", key
            )
            self._ids[key] = self._con.execute(
                "SELECT id FROM sources WHERE source = ? AND loaded_at = ?", key
            ).fetchone()[0]
        return self._ids[key]


def _node(row: sqlite3.Row | tuple[Any, ...]) -> NodeRecord:
    id_, kind, props, source, r, loaded_at = row
    prov = Provenance(source, r, loaded_at) if source is not None else None
    return NodeRecord(id_, NodeKind(kind), orjson.loads(props), prov)


def _tie(row: sqlite3.Row | tuple[Any, ...]) -> TieRecord:
    s, kind, t, props, source, r, loaded_at = row
    prov = Provenance(source, r, loaded_at) if source is not None else None
    return TieRecord(TieKind(kind), s, t, orjson.loads(props), prov)


_SNAPSHOT_COLS = "id, created_at, graph_version, note, summary, length(data)"


def _snapshot(row: tuple[Any, ...]) -> SnapshotInfo:
    id_, created, version, note, summary, size = row
    return SnapshotInfo(id_, created, version, note, orjson.loads(summary), size)


def _truncate(con: sqlite3.Connection, wait: float = 0) -> bool:
    """Copy the whole write-ahead log into the database and truncate it to nothing; False when
    it stayed busy for ``wait`` seconds.

    Readers of older versions and a writer are waited for by the connection's busy handler; a
    checkpoint another connection is running (a checkpointer's) answers busy at once, so that
    is waited for here.
    """
    deadline = time.monotonic() + wait
    while True:
        try:
            busy, _, _ = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.OperationalError:  # "database is locked"
            busy = 1
        if busy == 0:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.01)


class _Checkpointer:
    """Copies the WAL into the database on a thread of its own, so no commit waits for it
    (unless the log outgrows its bound: ``hold_back``).

    SQLite's documented alternative to auto-checkpoints (wal.html, "Application-Initiated
    Checkpoints"); measured with bench/demo_build.py: 178k → 208k rows/s.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._wal = Path(f"{path}-wal")
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._passed = threading.Condition()
        self._passes = 0  # checkpoints tried since the thread began (done, or found busy)
        self._largest = 0  # the log's largest size a writer has waited at
        self.truncate = threading.Event()
        """A truncation a write could not finish (readers held the log): retried here."""

    def poke(self) -> None:
        """A commit landed: checkpoint soon (a thread lost to a fork, or stopped by ``close``,
        is started again)."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._stop = threading.Event()
                self._thread = threading.Thread(
                    target=self._run, args=(self._stop,), name="phakhee-checkpoint", daemon=True
                )
                self._thread.start()
        self._wake.set()

    def hold_back(self, timeout: float = 5) -> None:
        """A commit landed: when the log has grown past ``_WAL_BOUND`` and past any size a
        writer waited at before (the thread fell behind a steady load, on a busy machine),
        wait for it to try one more checkpoint, at most ``timeout`` seconds, so the log stays
        bounded; otherwise return at once (a stat of the log's file)."""
        try:
            size = self._wal.stat().st_size
        except OSError:
            return
        if size <= _WAL_BOUND or size <= self._largest:
            return
        self._largest = size
        with self._passed:
            seen = self._passes
            self._passed.wait_for(lambda: self._passes > seen, timeout)

    def _passed_once(self) -> None:
        with self._passed:
            self._passes += 1
            self._passed.notify_all()

    def _run(self, stop: threading.Event) -> None:
        # A RESTART waits up to a second for the writer under way and for readers of the old log
        # (holding back new writers meanwhile); without the wait, a steady load never restarts it.
        con = sqlite3.connect(self._path, timeout=1, isolation_level=None, check_same_thread=False)
        try:
            while True:
                self._wake.wait(1 if self.truncate.is_set() else None)  # retried each second
                self._wake.clear()
                if stop.is_set():
                    return
                if self.truncate.is_set():
                    if _truncate(con):
                        self.truncate.clear()
                    continue
                try:
                    _, frames, _ = con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                    if frames > _WAL_FRAMES:  # writers kept ahead of it: have the log start over
                        con.execute("PRAGMA wal_checkpoint(RESTART)")
                except sqlite3.Error:
                    pass  # busy or gone: the next commit pokes again, and closing checkpoints
                self._passed_once()
        finally:
            con.close()

    def stop(self) -> None:
        """End the thread once the checkpoint under way is done."""
        with self._lock:
            thread, self._thread = self._thread, None
            self._stop.set()
        self._wake.set()
        if thread is not None:
            thread.join()


class SQLiteStore:
    """GraphStore on a single SQLite file: no server, nothing to install."""

    batch_size = 50_000  # measured with bench/demo_build.py: larger batches gained nothing

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # Ids known to exist as of graph version _known_version: spares a lookup per tie end.
        self._known: set[str] = set()
        self._known_version = -1
        self._checkpointer = _Checkpointer(self.path)
        self._create_or_migrate()

    def _create_or_migrate(self) -> None:
        """Create the schema, or bring a file written by an older phakhee up to date."""
        con = self._con()
        con.execute("BEGIN IMMEDIATE")
        try:
            old = con.execute(
                "SELECT 1 FROM pragma_table_info('nodes') WHERE name = 'loaded_at'"
            ).fetchone()
            if old:
                con.execute("DROP INDEX nodes_kind")
                con.execute("DROP INDEX ties_target")
                con.execute("ALTER TABLE nodes RENAME TO nodes_v1")
                con.execute("ALTER TABLE ties RENAME TO ties_v1")
            for statement in _statements(_SCHEMA + (_MIGRATE_1_TO_2 if old else "")):
                con.execute(statement)
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    # connections -------------------------------------------------------------
    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                con = sqlite3.connect(
                    self.path, timeout=60, isolation_level=None, check_same_thread=False
                )
                con.execute("PRAGMA page_size=32768")  # measured: fewer, larger pages load faster
                con.execute("PRAGMA journal_mode=WAL")
                con.execute("PRAGMA synchronous=NORMAL")
                con.execute("PRAGMA cache_size=-65536")
                con.execute("PRAGMA wal_autocheckpoint=0")  # the _Checkpointer does it
                # Deleted rows are zeroed on disk, not just unlinked: an erased person's data
                # must not linger in free pages (PDPA). Debian builds default to this; others don't.
                con.execute("PRAGMA secure_delete=ON")
            except (sqlite3.Error, OSError) as e:
                raise StoreUnavailable(
                    f"cannot open the SQLite store at {self.path}: {e}", url=self.url
                ) from None
            self._local.con = con
            with self._lock:
                self._connections.append(con)
        return con

    def _removes_personal(self) -> None:
        """The write under way removes or overwrites personal data."""
        self._local.personal = True

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction: all of it lands or none of it does. When it removed or
        overwrote personal data, the log is copied into the database and truncated before this
        returns."""
        con = self._con()
        self._local.personal = False
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
        if self._local.personal:
            self._scrub_log(con)
        self._checkpointer.poke()
        self._checkpointer.hold_back()

    def _scrub_log(self, con: sqlite3.Connection) -> None:
        """Truncate the write-ahead log now, waiting about a minute for readers of older
        versions and checkpoints under way to finish; if they outlast it, the checkpointer's
        thread keeps trying each second, and closing the store tries once more."""
        if not _truncate(con, _SCRUB_WAIT):
            self._checkpointer.truncate.set()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for several reads."""
        con = self._con()
        if con.in_transaction:
            yield con
            return
        con.execute("BEGIN")
        try:
            yield con
        finally:
            con.execute("COMMIT")

    def _bump_version(
        self,
        con: sqlite3.Connection,
        changed: bool,
        nodes: Iterable[str] = (),
        ties: Iterable[TieKey] = (),
    ) -> int:
        """Move the graph version on when ``changed``, and record in the change feed the keys the
        write touched (in the write's transaction: a reader sees both or neither)."""
        if not changed:
            return self._version(con)
        con.execute("UPDATE meta SET value = value + 1 WHERE key = 'version'")
        version = self._version(con)
        node_keys = list(nodes)
        tie_keys = [(str(k), s, t) for k, s, t in ties]
        entry = (
            version,
            orjson.dumps(node_keys),  # bytes, kept as they are: JSON either way
            orjson.dumps(tie_keys),
            len(node_keys) + len(tie_keys),
        )
        try:
            con.execute("INSERT INTO changes VALUES (?, ?, ?, ?)", entry)
        except sqlite3.OperationalError:  # a file from before the feed copied in (a restore)
            con.execute(_CHANGES)
            con.execute("INSERT INTO changes VALUES (?, ?, ?, ?)", entry)
        if version % _PRUNE_EVERY == 0:
            con.execute("DELETE FROM changes WHERE version <= ?", (version - FEED_VERSIONS,))
        return version

    def _node_props(self, con: sqlite3.Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The stored properties of those of ``ids`` that exist, read in the write's transaction
        (the audit log's before-values)."""
        ids = list(ids)
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for id_, props in con.execute(
                f"SELECT id, props FROM nodes WHERE id IN ({marks})", chunk
            ):
                out[id_] = orjson.loads(props)
        return out

    def _tie_props(
        self, con: sqlite3.Connection, keys: Iterable[TieKey]
    ) -> dict[TieKey, dict[str, Any]]:
        """The stored properties of those of the ties ``keys`` that exist, by (kind, source,
        target), read in the write's transaction."""
        keys = [(str(k), s, t) for k, s, t in dict.fromkeys(keys)]
        out: dict[TieKey, dict[str, Any]] = {}
        for i in range(0, len(keys), _CHUNK // 3):
            chunk = keys[i : i + _CHUNK // 3]
            rows = ",".join(["(?, ?, ?)"] * len(chunk))
            params = [v for k, s, t in chunk for v in (s, k, t)]
            for s, k, t, props in con.execute(
                f"WITH k(s, kind, t) AS (VALUES {rows}) SELECT r.source_id, r.kind,"
                " r.target_id, r.props FROM k JOIN ties r"
                " ON r.source_id = k.s AND r.kind = k.kind AND r.target_id = k.t",
                params,
            ):
                out[(k, s, t)] = orjson.loads(props)
        return out

    def _log(self, con: sqlite3.Connection, version: int, items: list[dict[str, Any]]) -> int:
        """Record a write's entry in the audit log, in the write's transaction, stamped by
        ``graph.audit.stamp`` (who, when, from where); its id, or 0 when nothing changed."""
        if not items:
            return 0
        st = audit.stamp()
        row = (st.at, st.user, st.via, st.address, st.batch, version)
        row += (orjson.dumps(list(st.undoes)), orjson.dumps(items))
        insert = (
            "INSERT INTO audit (at, user, via, address, batch, version, undoes, items)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        )
        try:
            entry = con.execute(insert, row).lastrowid
        except sqlite3.OperationalError:  # a file from before the log copied in (a restore)
            for statement in _statements(_AUDIT):
                con.execute(statement)
            entry = con.execute(insert, row).lastrowid
        assert entry is not None
        con.executemany(
            "INSERT OR IGNORE INTO audit_nodes VALUES (?, ?)",
            [(n, entry) for n in audit.entry_nodes(items)],
        )
        return entry

    def _cut_feed(self, con: sqlite3.Connection) -> None:
        """Drop the change feed up to the version now: a person's data was erased, and their id
        may be among its keys. Readers of older versions project again."""
        con.execute("DELETE FROM changes WHERE version <= ?", (self._version(con),))

    @staticmethod
    def _version(con: sqlite3.Connection) -> int:
        return con.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0]

    def _remember(self, before: int, after: int, add: Iterable[str] = (), drop: str = "") -> None:
        """Update the known ids after a commit that took the graph from ``before`` to ``after``."""
        with self._lock:
            if self._known_version != before:  # another writer came between: start afresh
                self._known = set()
            self._known.update(add)
            self._known.discard(drop)
            self._known_version = after

    def close(self) -> None:
        if self._checkpointer.truncate.is_set() and _truncate(self._con()):
            self._checkpointer.truncate.clear()
        self._checkpointer.stop()
        with self._lock:
            for con in self._connections:
                con.close()
            self._connections.clear()
        self._local = threading.local()

    # writes ------------------------------------------------------------------
    @gc_paused()
    def upsert_nodes(self, nodes: Sequence[NodeRecord]) -> WriteResult:
        latest = {n.id: n for n in nodes}  # the last of duplicate ids wins
        with self._write() as con:
            prov = _Sources(con)
            # a kind is a StrEnum, bound as its text
            rows = [(n.id, n.kind, _dumps(n.props), *prov(n.provenance)) for n in latest.values()]
            start = self._version(con)
            old = self._node_props(con, latest)
            before = con.total_changes
            con.executemany("INSERT OR IGNORE INTO nodes VALUES (?, ?, ?, ?, ?)", rows)
            created = con.total_changes - before
            updated = 0
            if created < len(rows):
                before = con.total_changes
                con.executemany(
                    "UPDATE nodes SET props = ?2, src = ?3, row = ?4 WHERE id = ?1 AND props IS NOT ?2",
                    [(r[0], *r[2:]) for r in rows],
                )
                updated = con.total_changes - before
                if updated and any(n.kind is NodeKind.PERSON for n in latest.values()):
                    self._removes_personal()  # every field of a person is theirs (PDPA)
            # Which of the rows changed is not known here: when only some did, the whole batch
            # is recorded (a Delta may name a key whose value ended as it began).
            version = self._bump_version(con, bool(created or updated), latest)
            self._log(con, version, _items(old, ((r[0], r[2]) for r in rows)))
        self._remember(start, version, latest)
        unchanged = len(nodes) - created - updated
        return WriteResult(created, updated, unchanged, [], version)

    @gc_paused()
    def upsert_ties(self, ties: Sequence[TieRecord]) -> WriteResult:
        latest = {t.key: t for t in ties}
        rejected: list[tuple[TieKey, str]] = []
        with self._write() as con:
            start = self._version(con)
            with self._lock:
                known = self._known if self._known_version == start else set()
                ends = {t.source for t in latest.values()} | {t.target for t in latest.values()}
                unknown = ends - known
            found = self._existing(con, unknown)
            absent = unknown - found
            if absent:
                for key, t in list(latest.items()):
                    missing = [e for e in (t.source, t.target) if e in absent]
                    if missing:
                        rejected.append((key, f"{' and '.join(missing)} does not exist"))
                        del latest[key]
            prov = _Sources(con)
            rows = [
                (t.source, t.kind, t.target, _dumps(t.props), *prov(t.provenance))
                for t in latest.values()
            ]
            old = self._tie_props(con, latest)
            before = con.total_changes
            con.executemany("INSERT OR IGNORE INTO ties VALUES (?, ?, ?, ?, ?, ?)", rows)
            created = con.total_changes - before
            updated = 0
            if created < len(rows):
                before = con.total_changes
                con.executemany(
                    "UPDATE ties SET props = ?4, src = ?5, row = ?6"
                    " WHERE source_id = ?1 AND kind = ?2 AND target_id = ?3 AND props IS NOT ?4",
                    rows,
                )
                updated = con.total_changes - before
            version = self._bump_version(con, bool(created or updated), (), latest)
            self._log(con, version, _items(old, (((r[1], r[0], r[2]), r[3]) for r in rows)))
        self._remember(start, version, found)
        unchanged = len(ties) - created - updated - len(rejected)
        return WriteResult(created, updated, unchanged, rejected, version)

    def _existing(self, con: sqlite3.Connection, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0] for r in con.execute(f"SELECT id FROM nodes WHERE id IN ({marks})", chunk)
            )
        return found

    def delete_node(self, node_id: str) -> WriteResult:
        with self._write() as con:
            deleted = con.execute(
                "DELETE FROM nodes WHERE id = ? RETURNING kind, props", (node_id,)
            ).fetchall()
            if not deleted:
                raise NotFound("node", node_id)
            self._removes_personal()
            start = self._version(con)
            gone = con.execute(
                "DELETE FROM ties WHERE source_id = ?1 OR target_id = ?1"
                " RETURNING kind, source_id, target_id, props",
                (node_id,),
            ).fetchall()
            ties = [(k, s, t) for k, s, t, _ in gone]
            version = self._bump_version(con, True, [node_id], ties)
            self._log(
                con,
                version,
                [audit.item(node_id, orjson.loads(deleted[0][1]), None)]
                + [audit.item((k, s, t), orjson.loads(p), None) for k, s, t, p in gone],
            )
            if deleted[0][0] == NodeKind.PERSON:
                self._cut_feed(con)  # an erasure, or as good as one
        self._remember(start, version, drop=node_id)
        return WriteResult(updated=1 + len(ties), version=version)

    def delete_ties(self, keys: Sequence[TieKey]) -> WriteResult:
        with self._write() as con:
            start = self._version(con)
            old = self._tie_props(con, keys)
            before = con.total_changes
            con.executemany(
                "DELETE FROM ties WHERE kind = ? AND source_id = ? AND target_id = ?",
                [(str(k), s, t) for k, s, t in keys],
            )
            removed = con.total_changes - before
            if removed:
                self._removes_personal()
            # every key asked for is recorded: one not there before is still not there
            version = self._bump_version(con, removed > 0, (), dict.fromkeys(keys))
            self._log(con, version, [audit.item(k, p, None) for k, p in old.items()])
        self._remember(start, version)
        return WriteResult(updated=removed, unchanged=len(keys) - removed, version=version)

    # reads -------------------------------------------------------------------
    def changes_since(self, version: int, limit: int) -> Delta | None:
        """The keys the feed recorded after ``version``, with their rows now, in one read.

        The feed reaches back to ``version`` when it holds an entry for every version after it
        (one per version: a gap means pruned, cut by an erasure, or a file from before the feed).
        """
        with self._read() as con:
            now = self._version(con)
            if version == now:
                return Delta(version, now, {}, {})
            if version > now or version < 0:
                return None  # wiped or replaced: this version was another graph
            try:
                entries, biggest = con.execute(
                    "SELECT count(*), max(size) FROM changes WHERE version > ? AND version <= ?",
                    (version, now),
                ).fetchone()
            except sqlite3.OperationalError:  # a file from before the feed copied in
                return None
            if entries != now - version or biggest > limit:
                return None
            node_ids: dict[str, None] = {}
            tie_keys: dict[TieKey, None] = {}
            for nodes, ties in con.execute(
                "SELECT nodes, ties FROM changes WHERE version > ? AND version <= ?"
                " ORDER BY version",
                (version, now),
            ):
                node_ids.update(dict.fromkeys(orjson.loads(nodes)))
                tie_keys.update(dict.fromkeys(tuple(k) for k in orjson.loads(ties)))
                if len(node_ids) + len(tie_keys) > limit:
                    return None
            found_nodes = self.get_nodes(node_ids)
            found_ties = self.get_ties(tie_keys)
        return Delta(
            version,
            now,
            {i: found_nodes.get(i) for i in node_ids},
            {k: found_ties.get(k) for k in tie_keys},
        )

    def version(self) -> int:
        return self._con().execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0]

    def get_node(self, node_id: str) -> NodeRecord:
        row = self._con().execute("SELECT * FROM node_rows WHERE id = ?", (node_id,)).fetchone()
        if row is None:
            raise NotFound("node", node_id)
        return _node(row)

    def get_nodes(self, ids: Iterable[str]) -> dict[str, NodeRecord]:
        ids = list(dict.fromkeys(ids))
        out: dict[str, NodeRecord] = {}
        with self._read() as con:
            for i in range(0, len(ids), _CHUNK):
                chunk = ids[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                for row in con.execute(f"SELECT * FROM node_rows WHERE id IN ({marks})", chunk):
                    out[row[0]] = _node(row)
        return out

    def get_ties(self, keys: Iterable[TieKey]) -> dict[TieKey, TieRecord]:
        keys = [(str(k), s, t) for k, s, t in dict.fromkeys(keys)]
        out: dict[TieKey, TieRecord] = {}
        with self._read() as con:
            for i in range(0, len(keys), _CHUNK // 3):
                chunk = keys[i : i + _CHUNK // 3]
                rows = ",".join(["(?, ?, ?)"] * len(chunk))
                params = [v for k, s, t in chunk for v in (s, k, t)]
                for row in con.execute(
                    f"WITH k(s, kind, t) AS (VALUES {rows}) SELECT r.* FROM k JOIN tie_rows r"
                    " ON r.source_id = k.s AND r.kind = k.kind AND r.target_id = k.t",
                    params,
                ):
                    tie = _tie(row)
                    out[tie.key] = tie
        return out

    def find_nodes(
        self,
        kind: NodeKind | None = None,
        where: Mapping[str, Any] | None = None,
        *,
        limit: int = 100,
        after: str | None = None,
    ) -> list[NodeRecord]:
        clauses, params = [], []
        if kind is not None:
            clauses.append("kind = ?")
            params.append(NodeKind(kind).value)
        if after is not None:
            clauses.append("id > ?")
            params.append(after)
        for key, value in check_where(where).items():
            clauses.append("json_extract(props, ?) = ?")
            params += [f"$.{key}", value]
        sql = "SELECT * FROM node_rows"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY id LIMIT ?"
        return [_node(r) for r in self._con().execute(sql, [*params, limit])]

    def neighbours(
        self,
        node_id: str,
        *,
        tie_kinds: Iterable[TieKind] | None = None,
        direction: Direction = Direction.BOTH,
    ) -> list[Neighbour]:
        kinds = [TieKind(k).value for k in tie_kinds] if tie_kinds is not None else None
        kind_sql = f" AND t.kind IN ({','.join('?' * len(kinds))})" if kinds is not None else ""
        out: list[Neighbour] = []
        with self._read() as con:
            if con.execute("SELECT 1 FROM nodes WHERE id = ?", (node_id,)).fetchone() is None:
                raise NotFound("node", node_id)
            sides = {
                Direction.OUT: [("source_id", "target_id")],
                Direction.IN: [("target_id", "source_id")],
            }
            sides[Direction.BOTH] = sides[Direction.OUT] + sides[Direction.IN]
            for here, there in sides[Direction(direction)]:
                sql = (
                    "SELECT t.source_id, t.kind, t.target_id, t.props, t.source, t.row, t.loaded_at,"
                    " n.* FROM tie_rows t JOIN node_rows n ON n.id = t."
                    + there
                    + " WHERE t."
                    + here
                    + " = ?"
                    + kind_sql
                    + " ORDER BY t.kind, n.id"
                )
                for row in con.execute(sql, [node_id, *(kinds or [])]):
                    out.append(Neighbour(_tie(row[:7]), _node(row[7:])))
        return out

    def counts(self) -> dict[str, dict[str, int]]:
        with self._read() as con:
            nodes = dict(
                con.execute("SELECT kind, count(*) FROM nodes GROUP BY kind ORDER BY kind")
            )
            ties = dict(con.execute("SELECT kind, count(*) FROM ties GROUP BY kind ORDER BY kind"))
        return {"nodes": nodes, "ties": ties}

    def iter_nodes(self, kinds: Iterable[NodeKind] | None = None) -> Iterator[NodeRecord]:
        sql, params = "SELECT * FROM node_rows", []
        if kinds is not None:
            params = [NodeKind(k).value for k in kinds]
            sql += f" WHERE kind IN ({','.join('?' * len(params))})"
        for row in self._con().execute(sql + " ORDER BY id", params):
            yield _node(row)

    def iter_ties(self, kinds: Iterable[TieKind] | None = None) -> Iterator[TieRecord]:
        sql, params = "SELECT * FROM tie_rows", []
        if kinds is not None:
            params = [TieKind(k).value for k in kinds]
            sql += f" WHERE kind IN ({','.join('?' * len(params))})"
        for row in self._con().execute(sql, params):
            yield _tie(row)

    def project(
        self,
        *,
        node_kinds: Iterable[NodeKind] | None = None,
        tie_kinds: Iterable[TieKind] | None = None,
        provenance: bool = False,
    ) -> nx.MultiDiGraph:
        if provenance:  # the rare projection with provenance goes through the records
            with self._read():
                return build_projection(
                    self.iter_nodes(node_kinds),
                    self.iter_ties(tie_kinds),
                    version=self.version(),
                    provenance=True,
                )
        nodes_sql, node_params = "SELECT id, kind, props FROM nodes", []
        if node_kinds is not None:
            node_params = [NodeKind(k).value for k in node_kinds]
            nodes_sql += f" WHERE kind IN ({','.join('?' * len(node_params))})"
        ties_sql, tie_params = "SELECT source_id, kind, target_id, props FROM ties", []
        if tie_kinds is not None:
            tie_params = [TieKind(k).value for k in tie_kinds]
            ties_sql += f" WHERE kind IN ({','.join('?' * len(tie_params))})"
        loads = orjson.loads
        with self._read() as con:
            version = self.version()
            nodes = [
                (i, k, loads(p)) for i, k, p in con.execute(nodes_sql + " ORDER BY id", node_params)
            ]
            ties = [(s, k, t, loads(p)) for s, k, t, p in con.execute(ties_sql, tie_params)]
        return fill_projection(nodes, ties, version=version)

    # the audit log -----------------------------------------------------------
    def audit_entries(
        self,
        *,
        nodes: Iterable[str] | None = None,
        user: str | None = None,
        since: str | None = None,
        batch: str | None = None,
        ids: Iterable[int] | None = None,
        newer_than: int | None = None,
        after: int | None = None,
        limit: int = 100,
        oldest_first: bool = False,
    ) -> list[audit.Entry]:
        """Entries of the audit log, newest first (or oldest first), each filter narrowing:
        concerning any of ``nodes``, by ``user``, at or after ``since`` (ISO text), of an upload
        ``batch``, among ``ids``, with an id above ``newer_than``; ``after`` an entry's id to
        continue from in the order asked."""
        clauses: list[str] = []
        params: list[Any] = []
        if nodes is not None:  # one parameter however many: a JSON array
            clauses.append(
                "id IN (SELECT entry FROM audit_nodes WHERE node IN"
                " (SELECT value FROM json_each(?)))"
            )
            params.append(orjson.dumps(list(nodes)).decode())
        for sql, value in (
            ("user = ?", user),
            ("at >= ?", since),
            ("batch = ?", batch),
            ("id > ?", newer_than),
        ):
            if value is not None:
                clauses.append(sql)
                params.append(value)
        if ids is not None:
            clauses.append("id IN (SELECT value FROM json_each(?))")
            params.append(orjson.dumps(list(ids)).decode())
        if after is not None:
            clauses.append("id > ?" if oldest_first else "id < ?")
            params.append(after)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        order = "ASC" if oldest_first else "DESC"
        sql = f"SELECT {_ENTRY_COLS} FROM audit{where} ORDER BY id {order} LIMIT ?"
        try:
            return [_entry(r) for r in self._con().execute(sql, [*params, limit])]
        except sqlite3.OperationalError:  # a file from before the log copied in
            return []

    def scrub_audit(self, node_id: str, placeholder: str) -> int:
        """Remove a node's values from the audit log (an erasure): every item concerning it
        keeps its field names and loses its values, the id becomes ``placeholder``; then an
        entry records the erasure itself. The number of entries scrubbed."""
        with self._write() as con:
            rows = con.execute(
                f"SELECT {_ENTRY_COLS} FROM audit WHERE id IN"
                " (SELECT entry FROM audit_nodes WHERE node = ?)",
                (node_id,),
            ).fetchall()
            for row in rows:
                entry = _entry(row)
                items = audit.scrub(entry.items, node_id, placeholder)
                con.execute(
                    "UPDATE audit SET items = ? WHERE id = ?", (orjson.dumps(items), entry.id)
                )
            con.execute(
                "UPDATE OR REPLACE audit_nodes SET node = ? WHERE node = ?", (placeholder, node_id)
            )
            self._removes_personal()
            self._log(con, self._version(con), [audit.erased_item(placeholder)])
        return len(rows)

    # snapshots ---------------------------------------------------------------
    def save_snapshot(
        self, graph_version: int, note: str, summary: Mapping[str, Any], data: bytes
    ) -> SnapshotInfo:
        created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._write() as con:
            cur = con.execute(
                "INSERT INTO snapshots (created_at, graph_version, note, summary, data)"
                " VALUES (?, ?, ?, ?, ?)",
                (created, graph_version, note, _dumps(summary), data),
            )
            snapshot_id = cur.lastrowid
        assert snapshot_id is not None
        return SnapshotInfo(snapshot_id, created, graph_version, note, dict(summary), len(data))

    def list_snapshots(self) -> list[SnapshotInfo]:
        rows = self._con().execute(f"SELECT {_SNAPSHOT_COLS} FROM snapshots ORDER BY id")
        return [_snapshot(r) for r in rows]

    def get_snapshot(self, snapshot_id: int) -> tuple[SnapshotInfo, bytes]:
        row = (
            self._con()
            .execute(f"SELECT {_SNAPSHOT_COLS}, data FROM snapshots WHERE id = ?", (snapshot_id,))
            .fetchone()
        )
        if row is None:
            raise NotFound("snapshot", snapshot_id)
        return _snapshot(row[:6]), bytes(row[6])

    def delete_snapshot(self, snapshot_id: int) -> None:
        with self._write() as con:
            if con.execute("DELETE FROM snapshots WHERE id = ?", (snapshot_id,)).rowcount == 0:
                raise NotFound("snapshot", snapshot_id)
            self._removes_personal()

    def rewrite_snapshots(self, rewrite: SnapshotRewrite) -> list[int]:
        changed = []
        with self._write() as con:
            ids = [r[0] for r in con.execute("SELECT id FROM snapshots ORDER BY id")]
            for snapshot_id in ids:  # one at a time: each may be tens of megabytes
                (data,) = con.execute(
                    "SELECT data FROM snapshots WHERE id = ?", (snapshot_id,)
                ).fetchone()
                new = rewrite(bytes(data))
                if new is not None and new != data:
                    con.execute("UPDATE snapshots SET data = ? WHERE id = ?", (new, snapshot_id))
                    changed.append(snapshot_id)
                    self._removes_personal()
        return changed
