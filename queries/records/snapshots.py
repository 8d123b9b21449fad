"""Snapshots: the whole graph frozen as node-link JSON with its date, version, note and summary
metrics (counts, the indicators, the district coverage).

Writes to the store: ``create_snapshot``, ``snapshot_now`` and ``remove_snapshot``; the rest reads.
"""

from __future__ import annotations

import io
import zlib
from collections import Counter
from typing import Any

import networkx as nx
import orjson

from phakhee.graph.store import GraphStore, SnapshotInfo
from phakhee.queries.analytics.coverage import COUNTRY, coverage
from phakhee.queries.cache import Kept, get_cache_settings
from phakhee.queries.records.exports import export
from phakhee.queries.records.measures import INDICATORS

_LEVEL = 6  # zlib: about a tenth of the JSON's size, at a few seconds for the 100,000-person demo

THAWED: Kept[tuple[str, int, int, int]] = Kept(get_cache_settings().snapshots)
"""Thawed snapshots, by (store url, snapshot id, stored size, CRC-32 of the stored bytes): the
most recently used ``PHAKHEE_CACHE_SNAPSHOTS`` of them (``queries.cache`` says what they cost).
Rewriting a snapshot (an erasure) changes its bytes, so its old thawed graph is never answered."""


def coverage_indicators(graph: nx.MultiDiGraph) -> dict[str, float]:
    """The district coverage a snapshot records: districts with work in the country, their
    share of all, and how many provinces have work in every district."""
    reach = coverage(graph)
    whole = reach[COUNTRY]
    return {
        "districts_with_work": whole.with_work,
        "district_coverage": round(whole.share, 4),
        "provinces_fully_covered": sum(
            1
            for p, c in reach.items()
            if p.startswith("province:") and c.districts and not c.without
        ),
    }


def recorded_indicators(graph: nx.MultiDiGraph) -> dict[str, float]:
    """The indicators a snapshot records and a diff compares: ``measures.INDICATORS`` and the
    district coverage (``coverage_indicators``)."""
    return INDICATORS(graph) | coverage_indicators(graph)


def summary(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Counts of nodes and ties by kind, and the indicators (``recorded_indicators``)."""
    return {
        "nodes": dict(sorted(Counter(k for _, k in graph.nodes(data="kind")).items())),
        "ties": dict(sorted(Counter(k for *_, k in graph.edges(keys=True)).items())),
        "indicators": recorded_indicators(graph),
    }


def pack(document: bytes) -> bytes:
    """A snapshot's node-link JSON as the store keeps it."""
    return zlib.compress(document, _LEVEL)


def unpack(data: bytes) -> bytes:
    """The node-link JSON of a snapshot's stored data."""
    return zlib.decompress(data)


def freeze(graph: nx.MultiDiGraph) -> bytes:
    """The graph as compressed node-link JSON, unredacted (snapshots stay inside the store)."""
    buf = io.BytesIO()
    export(graph, "json", buf, redact=False)
    return pack(buf.getvalue())


def thaw(data: bytes, version: int | None = None) -> nx.MultiDiGraph:
    """The graph a snapshot froze, as a projection like ``GraphStore.project`` gives."""
    doc = orjson.loads(unpack(data))
    g = nx.node_link_graph(doc, directed=True, multigraph=True, edges="edges")
    meta = g.graph
    g.graph = {"version": version if version is not None else meta.get("graph_version", 0)}
    return g


def create_snapshot(store: GraphStore, graph: nx.MultiDiGraph, note: str = "") -> SnapshotInfo:
    """Freeze ``graph`` (the store's projection) into the store with a note and its summary."""
    return store.save_snapshot(graph.graph["version"], note, summary(graph), freeze(graph))


def snapshot_now(store: GraphStore, graph: nx.MultiDiGraph, note: str = "") -> SnapshotInfo:
    """Freeze the store as it is now: ``graph`` (the graph version answering) when it is of the
    store's version, else a fresh projection — the version answering may lag a write by a
    moment, and a snapshot taken right after a write must hold it. Writes to the store."""
    if graph.graph["version"] < store.version():
        graph = store.project()
    return create_snapshot(store, graph, note)


def load_snapshot(store: GraphStore, snapshot_id: int) -> tuple[SnapshotInfo, nx.MultiDiGraph]:
    """A stored snapshot's description and its graph, read-only (kept thawed in ``THAWED``, so
    callers share it); NotFound when there is none."""
    info, data = store.get_snapshot(snapshot_id)
    key = (store.url, info.id, info.size, zlib.crc32(data))
    return info, THAWED.get(key, lambda: nx.freeze(thaw(data, info.graph_version)))


def remove_snapshot(store: GraphStore, snapshot_id: int) -> None:
    """Delete a snapshot (its id is never given to another)."""
    store.delete_snapshot(snapshot_id)
