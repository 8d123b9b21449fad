"""Snapshots: the whole graph frozen as node-link JSON with its date, version, note and summary metrics."""

from __future__ import annotations

import io
import zlib
from collections import Counter
from collections.abc import Mapping
from typing import Any

import networkx as nx
import orjson

from graph.store import GraphStore, SnapshotInfo
from queries.exports import export

_LEVEL = 6  # zlib: about a tenth of the JSON's size, at a few seconds for the 100,000-person demo


def indicators(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Network-level indicators a snapshot records (a stand-in until queries/scorecard.py lands).

    Provinces with a provincial team, with a government / private / civil-society partner
    (indicator 3), ties between people of different provinces (cross-province exchange,
    outcome 1), lessons (knowledge assets) and events held.
    """
    kinds = graph.nodes
    province: dict[str, str] = {}
    for s, t, k in graph.edges(keys=True):
        if k == "located_in" and kinds[t].get("kind") == "province":
            province[s] = t
    with_team = {province[n] for n, k in kinds(data="kind") if k == "team" and n in province}
    with_sector: dict[str, set[str]] = {}
    cross = 0
    for s, t, k in graph.edges(keys=True):
        if k == "partners_with" and s in province:
            with_sector.setdefault(str(kinds[t].get("sector")), set()).add(province[s])
        elif (
            k != "located_in"
            and province.get(s, t) != province.get(t, s)  # both placed, in different provinces
            and kinds[s].get("kind") == kinds[t].get("kind") == "person"
        ):
            cross += 1
    count = Counter(k for _, k in kinds(data="kind"))
    return {
        "provinces_with_team": len(with_team),
        "provinces_with_government_partner": len(with_sector.get("government", ())),
        "provinces_with_private_partner": len(with_sector.get("private", ())),
        "provinces_with_civil_society_partner": len(with_sector.get("civil_society", ())),
        "cross_province_person_ties": cross,
        "lessons": count["lesson"],
        "events": count["event"],
    }


def summary(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Counts of nodes and ties by kind, and the indicators."""
    return {
        "nodes": dict(sorted(Counter(k for _, k in graph.nodes(data="kind")).items())),
        "ties": dict(sorted(Counter(k for *_, k in graph.edges(keys=True)).items())),
        "indicators": indicators(graph),
    }


def freeze(graph: nx.MultiDiGraph) -> bytes:
    """The graph as compressed node-link JSON, unredacted (snapshots stay inside the store)."""
    buf = io.BytesIO()
    export(graph, "json", buf, redact=False)
    return zlib.compress(buf.getvalue(), _LEVEL)


def thaw(data: bytes, version: int | None = None) -> nx.MultiDiGraph:
    """The graph a snapshot froze, as a projection like ``GraphStore.project`` gives."""
    doc = orjson.loads(zlib.decompress(data))
    g = nx.node_link_graph(doc, directed=True, multigraph=True, edges="edges")
    meta = g.graph
    g.graph = {"version": version if version is not None else meta.get("graph_version", 0)}
    return g


def create_snapshot(store: GraphStore, graph: nx.MultiDiGraph, note: str = "") -> SnapshotInfo:
    """Freeze ``graph`` (the store's projection) into the store with a note and its summary."""
    return store.save_snapshot(graph.graph["version"], note, summary(graph), freeze(graph))


def load_snapshot(store: GraphStore, snapshot_id: int) -> tuple[SnapshotInfo, nx.MultiDiGraph]:
    """A stored snapshot's description and its graph; NotFound when there is none."""
    info, data = store.get_snapshot(snapshot_id)
    return info, thaw(data, info.graph_version)


def describe(info: SnapshotInfo) -> Mapping[str, Any]:
    """A snapshot's description as plain data (for JSON answers)."""
    return {
        "id": info.id,
        "created_at": info.created_at,
        "graph_version": info.graph_version,
        "note": info.note,
        "summary": info.summary,
        "size": info.size,
    }
