"""The GraphStore protocol: the one interface the rest of phakhee uses to read and write the graph."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

import networkx as nx

from phakhee.graph.audit import Entry
from phakhee.graph.errors import InvalidInput
from phakhee.graph.model import NodeKind, NodeRecord, TieKind, TieRecord

_PROP_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")

TieKey = tuple[str, str, str]
"""A tie's identity: (kind, source id, target id)."""


@dataclass(slots=True)
class WriteResult:
    """What a write did: counts, ties refused for a missing end, and the graph version after it."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[TieKey, str]] = field(default_factory=list)
    version: int = 0

    def __add__(self, other: WriteResult) -> WriteResult:
        return WriteResult(
            self.created + other.created,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
            self.rejected + other.rejected,
            max(self.version, other.version),
        )


def check_where(where: Mapping[str, Any] | None) -> dict[str, Any]:
    """Property filters whose names are plain identifiers (never query text)."""
    where = dict(where or {})
    for key in where:
        if not _PROP_NAME.match(key):
            raise InvalidInput(f"property name {key[:64]!r} is not a plain name")
    return where


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    """A stored snapshot's description: its data (a frozen node-link graph) is fetched apart."""

    id: int
    created_at: str
    """When it was taken (ISO 8601, UTC)."""
    graph_version: int
    note: str
    summary: dict[str, Any]
    """Metrics of the frozen graph (counts by kind, indicators), computed when it was taken."""
    size: int
    """Bytes of stored data."""


@dataclass(frozen=True, slots=True)
class Delta:
    """What changed in the store from graph version ``since`` to ``version``, read in one
    consistent read: every node and tie a write in between touched, with its value now (None:
    it is gone). A node's deletion lists the ties it took with it; a key may be listed although
    its value ended as it began (a write of several records names them all)."""

    since: int
    version: int
    nodes: Mapping[str, NodeRecord | None]
    ties: Mapping[TieKey, TieRecord | None]

    def __len__(self) -> int:
        return len(self.nodes) + len(self.ties)


SnapshotRewrite = Callable[[bytes], bytes | None]
"""Takes a snapshot's data; gives new data to store instead, or None to leave it as it is."""


class Direction(StrEnum):
    OUT = "out"
    IN = "in"
    BOTH = "both"


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A node next to another, with the tie that joins them."""

    tie: TieRecord
    node: NodeRecord


@runtime_checkable
class GraphStore(Protocol):
    """A property graph of NodeRecords and TieRecords with MERGE semantics on their keys.

    Every write is atomic per call (a failed batch leaves nothing behind) and moves the graph
    version forward when it changes anything; a write that changes nothing leaves it as it was.
    """

    url: str
    """Where the data lives, without credentials (shown to users)."""
    batch_size: int
    """Records per write call (one transaction) that loaders should send: measured per backend."""

    def upsert_nodes(self, nodes: Sequence[NodeRecord]) -> WriteResult:
        """Create or update nodes by id; provenance is refreshed only on what changed."""
        ...

    def upsert_ties(self, ties: Sequence[TieRecord]) -> WriteResult:
        """Create or update ties by (kind, source, target); ties with a missing end are rejected."""
        ...

    def get_node(self, node_id: str) -> NodeRecord:
        """One node by id; NotFound when there is none."""
        ...

    def get_nodes(self, ids: Iterable[str]) -> dict[str, NodeRecord]:
        """The nodes that exist among ``ids``, by id."""
        ...

    def get_ties(self, keys: Iterable[TieKey]) -> dict[TieKey, TieRecord]:
        """The ties that exist among ``keys``, by key (kind, source id, target id)."""
        ...

    def find_nodes(
        self,
        kind: NodeKind | None = None,
        where: Mapping[str, Any] | None = None,
        *,
        limit: int = 100,
        after: str | None = None,
    ) -> list[NodeRecord]:
        """Nodes of a kind whose properties equal ``where``, ordered by id, after an id."""
        ...

    def neighbours(
        self,
        node_id: str,
        *,
        tie_kinds: Iterable[TieKind] | None = None,
        direction: Direction = Direction.BOTH,
    ) -> list[Neighbour]:
        """The nodes tied to a node, with the ties; NotFound when the node does not exist."""
        ...

    def delete_node(self, node_id: str) -> WriteResult:
        """Delete a node and every tie it has; NotFound when there is none."""
        ...

    def delete_ties(self, keys: Sequence[TieKey]) -> WriteResult:
        """Delete ties by key; ``updated`` counts the ties removed."""
        ...

    def version(self) -> int:
        """The graph version: it grows with every write that changes something."""
        ...

    def changes_since(self, version: int, limit: int) -> Delta | None:
        """What changed after graph version ``version`` up to the store's version now, from the
        store's change feed (each write records the keys it touched, in its own transaction);
        None when the feed no longer reaches back to ``version`` (it is kept for a while, and
        cut when a person is erased) or more than ``limit`` keys changed: then project again."""
        ...

    def counts(self) -> dict[str, dict[str, int]]:
        """How many nodes and ties of each kind: ``{"nodes": {...}, "ties": {...}}``."""
        ...

    # The audit log (graph.audit): every write above records one entry in its transaction.
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
    ) -> list[Entry]:
        """Entries of the audit log, newest first (or oldest first), each filter narrowing:
        concerning any of ``nodes`` (a node, or a tie at it), by ``user``, at or after ``since``
        (ISO text, UTC), of an upload ``batch``, among ``ids``, with an id above ``newer_than``;
        ``after`` an entry's id to continue from in the order asked. Values included: what
        leaves the service passes ``graph.audit.view``."""
        ...

    def scrub_audit(self, node_id: str, placeholder: str) -> int:
        """Remove a node's values from the audit log (an erasure): each item concerning it keeps
        its field names, loses its values, and names ``placeholder`` instead of the id; then one
        entry records the erasure. How many entries were scrubbed."""
        ...

    def iter_nodes(self, kinds: Iterable[NodeKind] | None = None) -> Iterator[NodeRecord]:
        """Every node (of some kinds), in id order."""
        ...

    def iter_ties(self, kinds: Iterable[TieKind] | None = None) -> Iterator[TieRecord]:
        """Every tie (of some kinds)."""
        ...

    def project(
        self,
        *,
        node_kinds: Iterable[NodeKind] | None = None,
        tie_kinds: Iterable[TieKind] | None = None,
        provenance: bool = False,
    ) -> nx.MultiDiGraph:
        """The graph (or the part of some kinds) as a NetworkX MultiDiGraph with attributes."""
        ...

    # Snapshots: dated frozen copies of the graph, kept in the store so they survive a restart
    # and travel with a backup. Saving or rewriting one does not change the graph version.
    def save_snapshot(
        self, graph_version: int, note: str, summary: Mapping[str, Any], data: bytes
    ) -> SnapshotInfo:
        """Store a snapshot's data (opaque bytes) with its description; the next id is its own."""
        ...

    def list_snapshots(self) -> list[SnapshotInfo]:
        """Every snapshot, oldest first."""
        ...

    def get_snapshot(self, snapshot_id: int) -> tuple[SnapshotInfo, bytes]:
        """A snapshot's description and data; NotFound when there is none."""
        ...

    def delete_snapshot(self, snapshot_id: int) -> None:
        """Delete a snapshot; NotFound when there is none."""
        ...

    def rewrite_snapshots(self, rewrite: SnapshotRewrite) -> list[int]:
        """Pass every snapshot's data through ``rewrite`` in one transaction (erasing a person from
        all of them); the ids of those replaced."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...
