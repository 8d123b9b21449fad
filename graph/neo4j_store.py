"""GraphStore on Neo4j: node kinds are labels, tie kinds relationship types, ids are unique keys.

Cypher lives here and nowhere else. Every value is a parameter; labels and relationship types
come only from the model's fixed enums (``NodeKind.label``, ``TieKind.rel_type``), never from input.
Writes run in managed transactions (``execute_write``), one per call, as ``UNWIND`` batches.

The change feed: each write that moves the graph version creates, in its own transaction, one
``PhakheeChange`` node holding the keys it touched (node ids, and tie keys as three parallel
lists; never values) and the version it made. Like the meta and snapshot nodes it has no ``id``
and no label of the model, so no graph read meets it. It keeps the last ``FEED_VERSIONS``
versions, and deleting a person cuts it (an id may spell a name).

The audit log (``graph.audit``): each such write also creates, in the same statement as its
change feed entry, one ``PhakheeAudit`` node (numbered by the meta node ``audit``) with who,
when, from where, the version, and per node or tie the fields before and after; the before
values come back from the write's own ``UNWIND`` statement (``properties(old)``, taken before
it is set), so a batch stays one round trip. ``scrub_audit`` removes an erased person's values.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import networkx as nx
import orjson
from neo4j import Driver, GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    AuthError,
    ClientError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from phakhee.graph import audit
from phakhee.graph.errors import InvalidInput, NotFound, StoreUnavailable
from phakhee.graph.model import NodeKind, NodeRecord, Provenance, TieKind, TieRecord, kind_of
from phakhee.graph.projection import NodeRow, TieRow, fill_projection
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

T = TypeVar("T")
_PROV_KEYS = ("_source", "_row", "_loaded_at")
PROJECTION_RETRY_S = 30.0
"""How long a projection is retried while writes keep moving the graph version."""
_SKIP = ["id", *_PROV_KEYS]
_CHANGE = (
    "WHEN old IS NULL THEN 'created' "
    "WHEN size([k IN keys(old) WHERE NOT k IN $skip]) = size([k IN keys(row.props) WHERE NOT k IN $skip]) "
    "AND all(k IN keys(row.props) WHERE k IN $skip OR old[k] = row.props[k]) THEN 'unchanged' "
    "ELSE 'updated'"
)
"""Whether a stored node or tie ``old`` differs from ``row.props`` in anything but id and
provenance, decided in the server (the stored properties never travel back)."""
_LABEL_KIND = {k.label: k for k in NodeKind}
_INDEXED = {
    NodeKind.PARTNER: ("sector", "name"),
    NodeKind.TEAM: ("team_type", "name"),
    NodeKind.PERSON: ("name",),
    NodeKind.EVENT: ("date",),
    NodeKind.LESSON: ("date",),
}
_META = "MERGE (m:PhakheeMeta {key: 'graph'}) ON CREATE SET m.version = 0 "
_VERSION = "MATCH (m:PhakheeMeta {key: 'graph'}) RETURN m.version AS v"
FEED_VERSIONS = 10_000
"""How many of the latest graph versions the change feed keeps: a reader further behind projects
the whole graph again. Older entries are pruned by the writes of every hundredth version."""
_PRUNE_EVERY = 100
# Snapshots: a PhakheeSnapshot node describes one, its data is split over PhakheeSnapshotPart
# nodes (bounded property sizes); neither carries an ``id``, so graph queries never meet them.
_PART_BYTES = 4 * 2**20
_SNAPSHOT_FIELDS = (
    "s.snapshot_id AS id, s.created_at AS created_at, s.graph_version AS graph_version, "
    "s.note AS note, s.summary AS summary, s.size AS size"
)


# The audit log: one PhakheeAudit node per write (no ``id``, no label of the model, so no graph
# read meets it), numbered by the meta node ``audit``; ``items`` is the JSON of graph.audit's
# items (values included), ``nodes`` the node ids they concern (what a reader filters by).
_AUDIT_CREATE = (
    "MERGE (c:PhakheeMeta {key: 'audit'}) ON CREATE SET c.version = 0 "
    "SET c.version = c.version + 1 "
    "CREATE (:PhakheeAudit {entry: c.version, at: $at, user: $user, via: $via, "
    "address: $address, batch: $batch, version: $version, undoes: $undoes, items: $items, "
    "nodes: $audit_nodes})"
)
_ENTRY_FIELDS = (
    "a.entry AS id, a.at AS at, a.user AS user, a.via AS via, a.address AS address, "
    "a.batch AS batch, a.version AS version, a.undoes AS undoes, a.items AS items"
)


def _audit_params(version: int, items: list[dict[str, Any]]) -> dict[str, Any]:
    """The parameters of ``_AUDIT_CREATE`` for a write's ``items``, stamped now."""
    st = audit.stamp()
    return {
        "at": st.at,
        "user": st.user,
        "via": st.via,
        "address": st.address,
        "batch": st.batch,
        "version": version,
        "undoes": list(st.undoes),
        "items": orjson.dumps(items).decode(),
        "audit_nodes": audit.entry_nodes(items),
    }


def _entry(r: Mapping[str, Any]) -> audit.Entry:
    return audit.Entry(
        r["id"],
        r["at"],
        r["user"],
        r["via"],
        r["address"],
        r["batch"],
        r["version"],
        tuple(r["undoes"] or ()),
        orjson.loads(r["items"]),
    )


def _changed(
    batch: Mapping[Any, NodeRecord | TieRecord],
    keys: Iterable[Any],
    old: Mapping[Any, dict[str, Any]],
) -> list[dict[str, Any]]:
    """The audit items of the records of ``batch`` written at ``keys`` (created, or updated
    from ``old``)."""
    out = []
    for key in keys:
        it = audit.item(key, old.get(key), batch[key].props)
        if it is not None:
            out.append(it)
    return out


def _snapshot(r: Mapping[str, Any]) -> SnapshotInfo:
    return SnapshotInfo(
        r["id"],
        r["created_at"],
        r["graph_version"],
        r["note"],
        orjson.loads(r["summary"]),
        r["size"],
    )


def _put_parts(tx: ManagedTransaction, snapshot_id: int, data: bytes) -> None:
    parts = [
        {"seq": i, "data": data[start : start + _PART_BYTES]}
        for i, start in enumerate(range(0, max(len(data), 1), _PART_BYTES))
    ]
    for part in parts:  # one statement per part: a batch of them would be one huge message
        tx.run(
            "CREATE (:PhakheeSnapshotPart {snapshot_id: $id, seq: $seq, data: $data})",
            id=snapshot_id,
            **part,
        ).consume()


def _get_parts(tx: ManagedTransaction, snapshot_id: int) -> bytes:
    return b"".join(
        bytes(r["data"])
        for r in tx.run(
            "MATCH (p:PhakheeSnapshotPart {snapshot_id: $id}) RETURN p.data AS data ORDER BY p.seq",
            id=snapshot_id,
        )
    )


def _props_out(
    props: Mapping[str, Any], prov: Provenance | None, node_id: str | None
) -> dict[str, Any]:
    out = dict(props)
    if node_id is not None:
        out["id"] = node_id
    if prov is not None:
        out.update(_source=prov.source, _row=prov.row, _loaded_at=prov.loaded_at)
    return out


def _split(stored: Mapping[str, Any]) -> tuple[dict[str, Any], Provenance | None]:
    props = {k: v for k, v in stored.items() if k != "id" and k not in _PROV_KEYS}
    prov = None
    if stored.get("_source") is not None:
        prov = Provenance(stored["_source"], stored.get("_row"), stored.get("_loaded_at", ""))
    return props, prov


def _attrs(stored: dict[str, Any], provenance: bool = False) -> dict[str, Any]:
    """A stored node's or tie's properties as projection attributes: without id, and with its
    provenance (``_source``, ``_row``, ``_loaded_at``, as stored) only when asked for."""
    stored.pop("id", None)
    if provenance and "_source" in stored:
        stored.setdefault("_row", None)  # Neo4j keeps no null: an absent row was None
        stored.setdefault("_loaded_at", "")
    else:
        for key in _PROV_KEYS:
            stored.pop(key, None)
    return stored


def _node(stored: Mapping[str, Any]) -> NodeRecord:
    props, prov = _split(stored)
    return NodeRecord(stored["id"], kind_of(stored["id"]), props, prov)


def _tie(kind: str, source: str, target: str, stored: Mapping[str, Any]) -> TieRecord:
    props, prov = _split(stored)
    return TieRecord(TieKind(kind.lower()), source, target, props, prov)


def _kind_or_none(node_id: str) -> NodeKind | None:
    try:
        return kind_of(node_id)
    except InvalidInput:
        return None


def _read_nodes(tx: ManagedTransaction, ids: Iterable[str]) -> dict[str, NodeRecord]:
    """The nodes that exist among ``ids``, read in ``tx``."""
    by_kind: dict[NodeKind, list[str]] = defaultdict(list)
    for i in dict.fromkeys(ids):
        if (kind := _kind_or_none(i)) is not None:
            by_kind[kind].append(i)
    out = {}
    for kind, batch in by_kind.items():
        for r in tx.run(
            f"UNWIND $ids AS id MATCH (n:{kind.label} {{id: id}}) RETURN properties(n) AS p",
            ids=batch,
        ):
            out[r["p"]["id"]] = _node(r["p"])
    return out


def _read_ties(tx: ManagedTransaction, keys: Iterable[TieKey]) -> dict[TieKey, TieRecord]:
    """The ties that exist among ``keys``, read in ``tx``."""
    groups: dict[tuple[TieKind, NodeKind, NodeKind], list[dict[str, str]]] = defaultdict(list)
    for kind, s, t in dict.fromkeys(keys):
        ends = _kind_or_none(s), _kind_or_none(t)
        if None not in ends and kind in TieKind._value2member_map_:
            groups[(TieKind(kind), ends[0], ends[1])].append({"s": s, "t": t})  # type: ignore[index]
    out: dict[TieKey, TieRecord] = {}
    for (kind, src, dst), rows in groups.items():
        for r in tx.run(
            f"UNWIND $rows AS row MATCH (a:{src.label} {{id: row.s}})"
            f"-[r:{kind.rel_type}]->(b:{dst.label} {{id: row.t}}) "
            "RETURN row.s AS s, row.t AS t, properties(r) AS p",
            rows=rows,
        ):
            tie = _tie(kind.rel_type, r["s"], r["t"], r["p"])
            out[tie.key] = tie
    return out


class Neo4jStore:
    """GraphStore on a Neo4j server (bolt://, neo4j://, neo4j+s:// for Aura and clusters)."""

    batch_size = 10_000  # measured with bench/demo_build.py (docs/neo4j.md)

    def __init__(
        self,
        uri: str,
        user: str = "neo4j",
        password: str | None = None,
        *,
        database: str | None = None,
        retry_seconds: float = 2.0,
        timeout_s: float = 3.0,
    ) -> None:
        self.url = uri
        self.database = database
        auth = (user, password) if password is not None else None
        try:
            self._driver: Driver = GraphDatabase.driver(
                uri,
                auth=auth,
                connection_timeout=timeout_s,
                connection_acquisition_timeout=timeout_s,
                max_transaction_retry_time=retry_seconds,
                notifications_min_severity="OFF",  # hints like "type does not exist yet" are noise here
            )
            self._driver.verify_connectivity()
        except AuthError as e:
            raise StoreUnavailable(
                f"Neo4j at {uri} refused the credentials for user {user!r}: {e.message}", url=uri
            ) from None
        except (DriverError, Neo4jError, ValueError, OSError) as e:
            raise StoreUnavailable(f"cannot reach Neo4j at {uri}: {e}", url=uri) from None
        with self._errors():
            self._driver.execute_query(_META, database_=database)
            for statement in self._schema():
                self._driver.execute_query(statement, database_=database)

    @staticmethod
    def _schema() -> Iterator[str]:
        """Constraints and indexes, idempotent: created on first connect, no-ops after."""
        yield "CREATE CONSTRAINT phakhee_meta_key IF NOT EXISTS FOR (m:PhakheeMeta) REQUIRE m.key IS UNIQUE"
        yield "CREATE CONSTRAINT phakhee_snapshot_id IF NOT EXISTS FOR (s:PhakheeSnapshot) REQUIRE s.snapshot_id IS UNIQUE"
        yield "CREATE INDEX phakhee_snapshot_part IF NOT EXISTS FOR (p:PhakheeSnapshotPart) ON (p.snapshot_id)"
        yield "CREATE CONSTRAINT phakhee_change_version IF NOT EXISTS FOR (c:PhakheeChange) REQUIRE c.version IS UNIQUE"
        yield "CREATE CONSTRAINT phakhee_audit_entry IF NOT EXISTS FOR (a:PhakheeAudit) REQUIRE a.entry IS UNIQUE"
        yield "CREATE INDEX phakhee_audit_user IF NOT EXISTS FOR (a:PhakheeAudit) ON (a.user)"
        for kind in NodeKind:
            yield f"CREATE CONSTRAINT {kind.value}_id IF NOT EXISTS FOR (n:{kind.label}) REQUIRE n.id IS UNIQUE"
        for kind, props in _INDEXED.items():
            for prop in props:
                yield f"CREATE INDEX {kind.value}_{prop} IF NOT EXISTS FOR (n:{kind.label}) ON (n.{prop})"

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except (ServiceUnavailable, SessionExpired) as e:
            raise StoreUnavailable(f"lost Neo4j at {self.url}: {e}", url=self.url) from None
        except ClientError as e:
            raise InvalidInput(f"Neo4j refused the request: {e.message}") from None
        except (Neo4jError, DriverError) as e:
            raise StoreUnavailable(f"Neo4j at {self.url} failed: {e}", url=self.url) from None

    def _write(self, fn: Callable[[ManagedTransaction], T]) -> T:
        with self._errors(), self._driver.session(database=self.database) as session:
            return session.execute_write(fn)

    def _read(self, fn: Callable[[ManagedTransaction], T]) -> T:
        with self._errors(), self._driver.session(database=self.database) as session:
            return session.execute_read(fn)

    def _bump_version(
        self,
        tx: ManagedTransaction,
        changed: bool,
        nodes: Iterable[str] = (),
        ties: Iterable[TieKey] = (),
        items: list[dict[str, Any]] | None = None,
    ) -> int:
        """Move the graph version on when ``changed``, and record in the change feed the keys the
        write touched and in the audit log its ``items`` (in the write's transaction, in one
        statement: a reader sees all or none). The meta node's write lock orders writers, so
        each version has one entry."""
        query = (
            _META + ("SET m.version = m.version + 1 " if changed else "") + "RETURN m.version AS v"
        )
        version: int = tx.run(query).single(strict=True)["v"]
        if not changed:
            return version
        node_keys = list(dict.fromkeys(nodes))
        tie_keys = [(str(k), s, t) for k, s, t in dict.fromkeys(ties)]
        tx.run(
            "CREATE (:PhakheeChange {version: $version, nodes: $nodes, tie_kinds: $kinds, "
            "tie_sources: $sources, tie_targets: $targets, size: $size}) "
            + (f"WITH 1 AS one {_AUDIT_CREATE}" if items else ""),
            _audit_params(version, items or []),
            version=version,
            nodes=node_keys,
            kinds=[k for k, _, _ in tie_keys],
            sources=[s for _, s, _ in tie_keys],
            targets=[t for _, _, t in tie_keys],
            size=len(node_keys) + len(tie_keys),
        ).consume()
        if version % _PRUNE_EVERY == 0:
            self._drop_feed(tx, version - FEED_VERSIONS)
        return version

    @staticmethod
    def _log(tx: ManagedTransaction, version: int, items: list[dict[str, Any]]) -> None:
        """Record an audit entry that moves no version (an erasure's record)."""
        tx.run(_AUDIT_CREATE, _audit_params(version, items)).consume()

    @staticmethod
    def _drop_feed(tx: ManagedTransaction, upto: int) -> None:
        """Delete the change feed's entries of versions up to ``upto``."""
        tx.run("MATCH (c:PhakheeChange) WHERE c.version <= $upto DELETE c", upto=upto).consume()

    def close(self) -> None:
        self._driver.close()

    # writes ------------------------------------------------------------------
    def upsert_nodes(self, nodes: Sequence[NodeRecord]) -> WriteResult:
        by_kind: dict[NodeKind, dict[str, NodeRecord]] = defaultdict(dict)
        for n in nodes:
            by_kind[n.kind][n.id] = n  # the last of duplicate ids wins

        def work(tx: ManagedTransaction) -> WriteResult:
            done: Counter[str] = Counter()
            touched: list[str] = []  # exactly the ids created or updated
            old: dict[str, dict[str, Any]] = {}  # the updated ones' properties before
            items: list[dict[str, Any]] = []
            for kind, batch in by_kind.items():
                rows = [
                    {"id": n.id, "props": _props_out(n.props, n.provenance, n.id)}
                    for n in batch.values()
                ]
                for r in tx.run(
                    f"UNWIND $rows AS row OPTIONAL MATCH (old:{kind.label} {{id: row.id}}) "
                    f"WITH row, CASE {_CHANGE} END AS what, properties(old) AS was "
                    f"CALL (row, what) {{ WITH * WHERE what <> 'unchanged' "
                    f"MERGE (n:{kind.label} {{id: row.id}}) SET n = row.props }} "
                    "RETURN what, count(*) AS n, "
                    "collect(CASE WHEN what <> 'unchanged' THEN row.id END) AS ids, "
                    "collect(CASE WHEN what = 'updated' THEN [row.id, was] END) AS was",
                    rows=rows,
                    skip=_SKIP,
                ):
                    done[r["what"]] += r["n"]
                    touched += r["ids"]
                    old.update((i, _split(p)[0]) for i, p in r["was"])
                    items.extend(_changed(batch, r["ids"], old))
            version = self._bump_version(
                tx, bool(done["created"] or done["updated"]), touched, (), items
            )
            return WriteResult(done["created"], done["updated"], done["unchanged"], [], version)

        return self._write(work)

    def upsert_ties(self, ties: Sequence[TieRecord]) -> WriteResult:
        groups: dict[tuple[TieKind, NodeKind, NodeKind], dict[TieKey, TieRecord]] = defaultdict(
            dict
        )
        rejected: list[tuple[TieKey, str]] = []
        for t in ties:
            ends = _kind_or_none(t.source), _kind_or_none(t.target)
            if None in ends:
                rejected.append((t.key, "an end is not a node id"))
                continue
            groups[(t.kind, ends[0], ends[1])][t.key] = t  # type: ignore[index]

        def work(tx: ManagedTransaction) -> WriteResult:
            done: Counter[str] = Counter()
            touched: list[TieKey] = []  # exactly the ties created or updated
            old: dict[TieKey, dict[str, Any]] = {}  # the updated ones' properties before
            items: list[dict[str, Any]] = []
            missing = list(rejected)
            for (kind, src, dst), batch in groups.items():
                rows = [
                    {"s": t.source, "t": t.target, "props": _props_out(t.props, t.provenance, None)}
                    for t in batch.values()
                ]
                for r in tx.run(
                    f"UNWIND $rows AS row OPTIONAL MATCH (a:{src.label} {{id: row.s}}) "
                    f"OPTIONAL MATCH (b:{dst.label} {{id: row.t}}) "
                    f"OPTIONAL MATCH (a)-[old:{kind.rel_type}]->(b) "
                    "WITH row, a, b, CASE WHEN a IS NULL OR b IS NULL THEN 'missing' "
                    f"{_CHANGE} END AS what, properties(old) AS was "
                    f"CALL (row, a, b, what) {{ WITH * WHERE what IN ['created', 'updated'] "
                    f"MERGE (a)-[r:{kind.rel_type}]->(b) SET r = row.props }} "
                    "RETURN what, count(*) AS n, "
                    "collect(CASE WHEN what = 'missing' THEN [row.s, a IS NULL, row.t, b IS NULL] END)"
                    " AS gone, "
                    "collect(CASE WHEN what IN ['created', 'updated'] THEN [row.s, row.t] END)"
                    " AS changed, "
                    "collect(CASE WHEN what = 'updated' THEN [row.s, row.t, was] END) AS was",
                    rows=rows,
                    skip=_SKIP,
                ):
                    done[r["what"]] += r["n"]
                    keys = [(kind.value, source, target) for source, target in r["changed"]]
                    touched.extend(keys)
                    old.update(((kind.value, s, t), _split(p)[0]) for s, t, p in r["was"])
                    items.extend(_changed(batch, keys, old))
                    for source, no_source, target, no_target in r["gone"]:
                        ends = [e for e, no in ((source, no_source), (target, no_target)) if no]
                        key = (kind.value, source, target)
                        missing.append((key, f"{' and '.join(ends)} does not exist"))
            version = self._bump_version(
                tx, bool(done["created"] or done["updated"]), (), touched, items
            )
            return WriteResult(
                done["created"], done["updated"], done["unchanged"], missing, version
            )

        return self._write(work)

    def delete_node(self, node_id: str) -> WriteResult:
        kind = _kind_or_none(node_id)
        if kind is None:
            raise NotFound("node", node_id)

        def work(tx: ManagedTransaction) -> WriteResult:
            r = tx.run(
                f"MATCH (n:{kind.label} {{id: $id}}) OPTIONAL MATCH (n)-[r]-() "
                "WITH n, properties(n) AS was, collect(DISTINCT CASE WHEN r IS NOT NULL "
                "THEN [type(r), startNode(r).id, endNode(r).id, properties(r)] END) AS ties "
                "DETACH DELETE n RETURN was, ties",
                id=node_id,
            ).single()
            if r is None:
                raise NotFound("node", node_id)
            gone = [((TieKind(t.lower()).value, s, e), p) for t, s, e, p in r["ties"]]
            ties = [key for key, _ in gone]
            items = [audit.item(node_id, _split(r["was"])[0], None)]
            items += [audit.item(key, _split(p)[0], None) for key, p in gone]
            version = self._bump_version(tx, True, [node_id], ties, items)
            if kind is NodeKind.PERSON:
                self._drop_feed(tx, version)  # an erasure, or as good as one
            return WriteResult(updated=1 + len(ties), version=version)

        return self._write(work)

    def delete_ties(self, keys: Sequence[TieKey]) -> WriteResult:
        groups: dict[tuple[TieKind, NodeKind, NodeKind], list[dict[str, str]]] = defaultdict(list)
        for kind, s, t in keys:
            ends = _kind_or_none(s), _kind_or_none(t)
            if None not in ends:
                groups[(TieKind(kind), ends[0], ends[1])].append({"s": s, "t": t})  # type: ignore[index]

        def work(tx: ManagedTransaction) -> WriteResult:
            removed: list[TieKey] = []
            items: list[dict[str, Any]] = []
            for (kind, src, dst), rows in groups.items():
                gone = tx.run(
                    f"UNWIND $rows AS row MATCH (:{src.label} {{id: row.s}})-[r:{kind.rel_type}]->"
                    f"(:{dst.label} {{id: row.t}}) WITH row, r, properties(r) AS was DELETE r "
                    "RETURN collect([row.s, row.t, was]) AS gone",
                    rows=rows,
                ).single(strict=True)["gone"]
                removed += [(kind.value, s, t) for s, t, _ in gone]
                items += [audit.item((kind.value, s, t), _split(p)[0], None) for s, t, p in gone]
            version = self._bump_version(tx, bool(removed), (), removed, items)
            return WriteResult(
                updated=len(removed), unchanged=len(keys) - len(removed), version=version
            )

        return self._write(work)

    def wipe(self) -> None:
        """Delete every node, tie and the version (tests and restores start from empty)."""
        with self._errors(), self._driver.session(database=self.database) as session:
            # Ties first, in bounded transactions: a province can hold 100,000 of them.
            for query in (
                "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS",
                "MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS",
            ):
                session.run(query).consume()
            session.run(_META).consume()

    # reads -------------------------------------------------------------------
    def changes_since(self, version: int, limit: int) -> Delta | None:
        """The keys the feed recorded after ``version``, with their values now, read in one
        transaction whose version did not move while it read (as ``project`` does).

        The feed reaches back to ``version`` when it holds an entry for every version after it
        (one per version: a gap means pruned, cut by an erasure, or a graph from before the feed).
        """

        def work(tx: ManagedTransaction) -> tuple[int, int, Delta | None]:
            now = tx.run(_VERSION).single(strict=True)["v"]
            if version == now:
                return now, now, Delta(version, now, {}, {})
            if version > now or version < 0:
                return now, now, None  # wiped or replaced: this version was another graph
            span = "MATCH (c:PhakheeChange) WHERE c.version > $since AND c.version <= $now "
            r = tx.run(
                span + "RETURN count(c) AS n, max(c.size) AS biggest", since=version, now=now
            ).single(strict=True)
            if r["n"] != now - version or r["biggest"] > limit:
                return now, now, None
            node_ids: dict[str, None] = {}
            tie_keys: dict[TieKey, None] = {}
            for r in tx.run(
                span + "RETURN coalesce(c.nodes, []) AS nodes, coalesce(c.tie_kinds, []) AS k, "
                "coalesce(c.tie_sources, []) AS s, coalesce(c.tie_targets, []) AS t "
                "ORDER BY c.version",
                since=version,
                now=now,
            ):
                node_ids.update(dict.fromkeys(r["nodes"]))
                tie_keys.update(dict.fromkeys(zip(r["k"], r["s"], r["t"], strict=True)))
                if len(node_ids) + len(tie_keys) > limit:
                    return now, now, None
            nodes = _read_nodes(tx, node_ids)
            ties = _read_ties(tx, tie_keys)
            after = tx.run(_VERSION).single(strict=True)["v"]
            delta = Delta(
                version,
                now,
                {i: nodes.get(i) for i in node_ids},
                {k: ties.get(k) for k in tie_keys},
            )
            return now, after, delta

        return self._steady(work)

    def _steady(self, work: Callable[[ManagedTransaction], tuple[int, int, T]]) -> T:
        """Run a read that returns the graph version before and after it with what it read, until
        they are equal.

        Neo4j reads at READ COMMITTED: a write may land between the queries of one transaction.
        The version is bumped in the same transaction as the data, so equal versions before and
        after mean all that was read is of that version. Under a stream of writes an attempt is
        retried after a growing pause (a gap between writes comes), for up to
        PROJECTION_RETRY_S.
        """
        deadline = time.monotonic() + PROJECTION_RETRY_S
        for attempt in itertools.count():
            before, after, got = self._read(work)
            if before == after:
                return got
            if time.monotonic() > deadline:
                raise StoreUnavailable(
                    f"the graph at {self.url} kept changing while it was read; try again",
                    url=self.url,
                )
            time.sleep(min(0.5, 0.01 * 2**attempt) * random.random())
        raise AssertionError("unreachable")

    def version(self) -> int:
        return self._read(lambda tx: tx.run(_VERSION).single(strict=True)["v"])

    def get_node(self, node_id: str) -> NodeRecord:
        found = self.get_nodes([node_id])
        if node_id not in found:
            raise NotFound("node", node_id)
        return found[node_id]

    def get_nodes(self, ids: Iterable[str]) -> dict[str, NodeRecord]:
        ids = list(ids)
        return self._read(lambda tx: _read_nodes(tx, ids))

    def get_ties(self, keys: Iterable[TieKey]) -> dict[TieKey, TieRecord]:
        keys = list(keys)
        return self._read(lambda tx: _read_ties(tx, keys))

    def find_nodes(
        self,
        kind: NodeKind | None = None,
        where: Mapping[str, Any] | None = None,
        *,
        limit: int = 100,
        after: str | None = None,
    ) -> list[NodeRecord]:
        where = check_where(where)
        pattern = f"(n:{NodeKind(kind).label})" if kind is not None else "(n)"
        query = (
            f"MATCH {pattern} WHERE n.id IS NOT NULL AND ($after IS NULL OR n.id > $after) "
            "AND all(k IN keys($where) WHERE n[k] = $where[k]) "
            "RETURN properties(n) AS p ORDER BY n.id LIMIT $limit"
        )
        return self._read(
            lambda tx: [_node(r["p"]) for r in tx.run(query, after=after, where=where, limit=limit)]
        )

    def neighbours(
        self,
        node_id: str,
        *,
        tie_kinds: Iterable[TieKind] | None = None,
        direction: Direction = Direction.BOTH,
    ) -> list[Neighbour]:
        kind = _kind_or_none(node_id)
        if kind is None:
            raise NotFound("node", node_id)
        types = [TieKind(k).rel_type for k in tie_kinds] if tie_kinds is not None else None
        arrows = {
            Direction.OUT: ["(n)-[r]->(m)"],
            Direction.IN: ["(n)<-[r]-(m)"],
            Direction.BOTH: ["(n)-[r]->(m)", "(n)<-[r]-(m)"],
        }[Direction(direction)]

        def work(tx: ManagedTransaction) -> list[Neighbour]:
            if tx.run(f"MATCH (n:{kind.label} {{id: $id}}) RETURN 1", id=node_id).single() is None:
                raise NotFound("node", node_id)
            out = []
            for arrow in arrows:
                for r in tx.run(
                    f"MATCH {arrow} WHERE n.id = $id AND n:{kind.label} AND m.id IS NOT NULL "
                    "AND ($types IS NULL OR type(r) IN $types) "
                    "RETURN type(r) AS type, startNode(r).id AS s, endNode(r).id AS t, "
                    "properties(r) AS rp, properties(m) AS mp ORDER BY type(r), m.id",
                    id=node_id,
                    types=types,
                ):
                    out.append(Neighbour(_tie(r["type"], r["s"], r["t"], r["rp"]), _node(r["mp"])))
            return out

        return self._read(work)

    def counts(self) -> dict[str, dict[str, int]]:
        def work(tx: ManagedTransaction) -> dict[str, dict[str, int]]:
            nodes: dict[str, int] = {}
            for kind in NodeKind:
                n = tx.run(f"MATCH (n:{kind.label}) RETURN count(n) AS n").single(strict=True)["n"]
                if n:
                    nodes[kind.value] = n
            ties: dict[str, int] = {}
            for kind in TieKind:
                n = tx.run(f"MATCH ()-[r:{kind.rel_type}]->() RETURN count(r) AS n").single(
                    strict=True
                )["n"]
                if n:
                    ties[kind.value] = n
            return {"nodes": dict(sorted(nodes.items())), "ties": dict(sorted(ties.items()))}

        return self._read(work)

    @staticmethod
    def _nodes_query(kinds: Iterable[NodeKind] | None) -> str:
        labels = [NodeKind(k).label for k in (kinds if kinds is not None else NodeKind)]
        where = " OR ".join(f"n:{label}" for label in labels) or "false"
        return f"MATCH (n) WHERE ({where}) RETURN properties(n) AS p ORDER BY n.id"

    @staticmethod
    def _ties_query(kinds: Iterable[TieKind] | None) -> str:
        types = "|".join(TieKind(k).rel_type for k in (kinds if kinds is not None else TieKind))
        if not types:
            return "MATCH (n) WHERE false RETURN null AS type, null AS s, null AS t, null AS p"
        return (
            f"MATCH (a)-[r:{types}]->(b) "
            "RETURN type(r) AS type, a.id AS s, b.id AS t, properties(r) AS p"
        )

    def iter_nodes(self, kinds: Iterable[NodeKind] | None = None) -> Iterator[NodeRecord]:
        query = self._nodes_query(kinds)
        yield from self._read(lambda tx: [_node(r["p"]) for r in tx.run(query)])

    def iter_ties(self, kinds: Iterable[TieKind] | None = None) -> Iterator[TieRecord]:
        query = self._ties_query(kinds)
        yield from self._read(
            lambda tx: [_tie(r["type"], r["s"], r["t"], r["p"]) for r in tx.run(query)]
        )

    def project(
        self,
        *,
        node_kinds: Iterable[NodeKind] | None = None,
        tie_kinds: Iterable[TieKind] | None = None,
        provenance: bool = False,
    ) -> nx.MultiDiGraph:
        node_kinds = [NodeKind(k) for k in (node_kinds if node_kinds is not None else NodeKind)]
        tie_kinds = [TieKind(k) for k in (tie_kinds if tie_kinds is not None else TieKind)]
        nodes_query = " UNION ALL ".join(
            f"MATCH (n:{kind.label}) RETURN '{kind.value}' AS kind, "
            "collect([n.id, properties(n)]) AS rows"
            for kind in node_kinds
        )
        ties_query = " UNION ALL ".join(
            f"MATCH (a)-[r:{kind.rel_type}]->(b) RETURN '{kind.value}' AS kind, "
            "collect([a.id, b.id, properties(r)]) AS rows"
            for kind in tie_kinds
        )

        def work(
            tx: ManagedTransaction,
        ) -> tuple[int, int, tuple[int, list[NodeRow], list[TieRow]]]:
            before = tx.run(_VERSION).single(strict=True)["v"]
            nodes: list[NodeRow] = []
            for r in tx.run(nodes_query) if nodes_query else ():
                nodes += [(node_id, r["kind"], _attrs(p, provenance)) for node_id, p in r["rows"]]
            ties: list[TieRow] = []
            for r in tx.run(ties_query) if ties_query else ():
                ties += [(s, r["kind"], t, _attrs(p, provenance)) for s, t, p in r["rows"]]
            after = tx.run(_VERSION).single(strict=True)["v"]
            nodes.sort(key=lambda row: row[0])  # by id, as the embedded store orders them
            return before, after, (before, nodes, ties)

        # Each kind comes back as one list in one record (all kinds in one statement: four round
        # trips an attempt), which the driver decodes in one go instead of a Python record per
        # row; an attempt a write came through is read again (``_steady``).
        version, nodes, ties = self._steady(work)
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
        """Entries of the audit log, as ``SQLiteStore.audit_entries`` answers them."""
        order = "ASC" if oldest_first else "DESC"
        query = (
            "MATCH (a:PhakheeAudit) WHERE ($nodes IS NULL OR any(n IN a.nodes WHERE n IN $nodes)) "
            "AND ($user IS NULL OR a.user = $user) AND ($since IS NULL OR a.at >= $since) "
            "AND ($batch IS NULL OR a.batch = $batch) AND ($ids IS NULL OR a.entry IN $ids) "
            "AND ($newer IS NULL OR a.entry > $newer) "
            f"AND ($after IS NULL OR a.entry {'>' if oldest_first else '<'} $after) "
            f"RETURN {_ENTRY_FIELDS} ORDER BY a.entry {order} LIMIT $limit"
        )
        params = {
            "nodes": list(nodes) if nodes is not None else None,
            "user": user,
            "since": since,
            "batch": batch,
            "ids": list(ids) if ids is not None else None,
            "newer": newer_than,
            "after": after,
            "limit": limit,
        }
        return self._read(lambda tx: [_entry(r) for r in tx.run(query, params)])

    def scrub_audit(self, node_id: str, placeholder: str) -> int:
        """Remove a node's values from the audit log, as ``SQLiteStore.scrub_audit`` does."""

        def work(tx: ManagedTransaction) -> int:
            rows = []
            for r in tx.run(
                f"MATCH (a:PhakheeAudit) WHERE $id IN a.nodes RETURN {_ENTRY_FIELDS}", id=node_id
            ):
                items = audit.scrub(_entry(r).items, node_id, placeholder)
                rows.append(
                    {
                        "entry": r["id"],
                        "items": orjson.dumps(items).decode(),
                        "nodes": audit.entry_nodes(items),
                    }
                )
            tx.run(
                "UNWIND $rows AS row MATCH (a:PhakheeAudit {entry: row.entry}) "
                "SET a.items = row.items, a.nodes = row.nodes",
                rows=rows,
            ).consume()
            version = tx.run(_VERSION).single(strict=True)["v"]
            self._log(tx, version, [audit.erased_item(placeholder)])
            return len(rows)

        return self._write(work)

    # snapshots ---------------------------------------------------------------
    def save_snapshot(
        self, graph_version: int, note: str, summary: Mapping[str, Any], data: bytes
    ) -> SnapshotInfo:
        created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        text = orjson.dumps(summary, option=orjson.OPT_SORT_KEYS).decode()

        def work(tx: ManagedTransaction) -> int:
            snapshot_id = tx.run(
                "MERGE (c:PhakheeMeta {key: 'snapshots'}) ON CREATE SET c.version = 0 "
                "SET c.version = c.version + 1 RETURN c.version AS id"
            ).single(strict=True)["id"]
            tx.run(
                "CREATE (:PhakheeSnapshot {snapshot_id: $id, created_at: $created, "
                "graph_version: $version, note: $note, summary: $summary, size: $size})",
                id=snapshot_id,
                created=created,
                version=graph_version,
                note=note,
                summary=text,
                size=len(data),
            ).consume()
            _put_parts(tx, snapshot_id, data)
            return snapshot_id

        snapshot_id = self._write(work)
        return SnapshotInfo(snapshot_id, created, graph_version, note, dict(summary), len(data))

    def list_snapshots(self) -> list[SnapshotInfo]:
        query = f"MATCH (s:PhakheeSnapshot) RETURN {_SNAPSHOT_FIELDS} ORDER BY s.snapshot_id"
        return self._read(lambda tx: [_snapshot(r) for r in tx.run(query)])

    def get_snapshot(self, snapshot_id: int) -> tuple[SnapshotInfo, bytes]:
        def work(tx: ManagedTransaction) -> tuple[SnapshotInfo, bytes]:
            r = tx.run(
                f"MATCH (s:PhakheeSnapshot {{snapshot_id: $id}}) RETURN {_SNAPSHOT_FIELDS}",
                id=snapshot_id,
            ).single()
            if r is None:
                raise NotFound("snapshot", snapshot_id)
            return _snapshot(r), _get_parts(tx, snapshot_id)

        return self._read(work)

    def delete_snapshot(self, snapshot_id: int) -> None:
        def work(tx: ManagedTransaction) -> None:
            found = tx.run(
                "MATCH (s:PhakheeSnapshot {snapshot_id: $id}) DELETE s RETURN count(s) AS n",
                id=snapshot_id,
            ).single(strict=True)["n"]
            if not found:
                raise NotFound("snapshot", snapshot_id)
            tx.run(
                "MATCH (p:PhakheeSnapshotPart {snapshot_id: $id}) DELETE p", id=snapshot_id
            ).consume()

        self._write(work)

    def rewrite_snapshots(self, rewrite: SnapshotRewrite) -> list[int]:
        def work(tx: ManagedTransaction) -> list[int]:
            changed = []
            ids = [
                r["id"]
                for r in tx.run(
                    "MATCH (s:PhakheeSnapshot) RETURN s.snapshot_id AS id ORDER BY s.snapshot_id"
                )
            ]
            for snapshot_id in ids:
                data = _get_parts(tx, snapshot_id)
                new = rewrite(data)
                if new is None or new == data:
                    continue
                tx.run(
                    "MATCH (p:PhakheeSnapshotPart {snapshot_id: $id}) DELETE p", id=snapshot_id
                ).consume()
                _put_parts(tx, snapshot_id, new)
                tx.run(
                    "MATCH (s:PhakheeSnapshot {snapshot_id: $id}) SET s.size = $size",
                    id=snapshot_id,
                    size=len(new),
                ).consume()
                changed.append(snapshot_id)
            return changed

        return self._write(work)
