"""NetworkX's classic networks, written as node-link JSON and loaded through our own loader and projection."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import orjson

from phakhee.graph.store import GraphStore
from phakhee.loaders.load import load_files
from phakhee.queries.cache import GraphVersion


def person(node: object) -> str:
    """The person id a classic network's node becomes."""
    return "person:" + str(node).lower().replace(" ", "-")


def as_people(graph: nx.Graph) -> dict:
    """Node-link JSON: every node a person, every edge a declared acquaintance (``knows``)."""
    nodes = [{"kind": "person", "id": person(v), "name": str(v)} for v in graph]
    edges = [{"kind": "knows", "source": person(a), "target": person(b)} for a, b in graph.edges]
    return {"nodes": nodes, "edges": edges}


def as_attendance(graph: nx.Graph, people: list, when: dt.date) -> dict:
    """Node-link JSON of a two-mode network: ``people`` attend the other nodes, as events on ``when``."""
    mine = set(people)
    nodes = [{"kind": "person", "id": person(v), "name": str(v)} for v in people]
    nodes += [
        {
            "kind": "event",
            "id": "event:" + str(v).lower(),
            "name": str(v),
            "event_type": "meeting",
            "date": when.isoformat(),
        }
        for v in graph
        if v not in mine
    ]
    edges = []
    for a, b in graph.edges:
        p, e = (a, b) if a in mine else (b, a)
        edges.append({"kind": "attended", "source": person(p), "target": "event:" + str(e).lower()})
    return {"nodes": nodes, "edges": edges}


def load(store: GraphStore, doc: dict, tmp_path: Path) -> GraphVersion:
    """Load node-link JSON with our loader; the projection's graph version."""
    path = tmp_path / "classic.json"
    path.write_bytes(orjson.dumps(doc))
    report = load_files(store, [path])
    assert report.quarantined == [], report.quarantined
    return GraphVersion(store.project())
