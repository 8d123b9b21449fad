"""The NetworkX projection of a store: the graph the analytics and views work on.

A store hands its rows over in bulk — ``(id, kind, attributes)`` for nodes and
``(source, kind, target, attributes)`` for ties, attributes already decoded — and they are put
straight into the graph's own dictionaries, the structure ``MultiDiGraph.add_edge`` builds one
call at a time: ``_node[n]`` holds a node's attributes, ``_succ[u][v]`` and ``_pred[v][u]`` are
the same key dictionary, each tie keyed by its kind. No record object, enum or per-edge call
stands between a row and the graph (docs/performance.md, "The projection", has it beside the
per-record path). The layout is NetworkX's (pinned in pyproject.toml); the contract tests
compare this graph with one built through ``add_edges_from``.

A write need not project the store again: ``apply_delta`` makes the next version's graph from the
last one and what the write touched (a ``Delta``), sharing every dictionary it did not touch.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import networkx as nx

from phakhee.graph.graphs import MultiDiGraph
from phakhee.graph.model import NodeRecord, TieRecord
from phakhee.graph.store import Delta

NodeRow = tuple[str, str, dict[str, Any]]
"""A node as a store reads it: id, kind, attributes (a fresh dict the graph may keep)."""
TieRow = tuple[str, str, str, dict[str, Any]]
"""A tie as a store reads it: source, kind, target, attributes (a fresh dict)."""


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic GC while a batch of rows or a graph is built: they hold no cycles, and each
    collection would walk the caller's whole heap (measured: 149k → 178k rows/s; a kept graph
    of the 100,000-person demo loads in 2 s instead of 8)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def fill_projection(
    nodes: Iterable[NodeRow], ties: Iterable[TieRow], *, version: int
) -> nx.MultiDiGraph:
    """A MultiDiGraph: node attributes are ``kind`` and the properties; each edge is keyed by kind.

    Ties whose ends are not both among ``nodes`` are left out, so a projection of some kinds
    holds only the ties between them. The attribute dicts are kept, not copied.
    """
    g = MultiDiGraph(version=version)
    node, succ, pred = g._node, g._succ, g._pred
    for node_id, kind, attrs in nodes:
        attrs["kind"] = kind
        node[node_id] = attrs
        succ[node_id] = {}
        pred[node_id] = {}
    for source, kind, target, attrs in ties:
        out = succ.get(source)
        if out is None or target not in node:
            continue
        attrs["kind"] = kind
        keys = out.get(target)
        if keys is None:
            keys = out[target] = {}
            pred[target][source] = keys
        keys[kind] = attrs
    return g


def build_projection(
    nodes: Iterable[NodeRecord],
    ties: Iterable[TieRecord],
    *,
    version: int,
    provenance: bool = False,
) -> nx.MultiDiGraph:
    """The projection of records (a store that reads records, and the tests' reference)."""
    return fill_projection(
        ((n.id, n.kind.value, _attrs(n, provenance)) for n in nodes),
        ((t.source, t.kind.value, t.target, _attrs(t, provenance)) for t in ties),
        version=version,
    )


def apply_delta(graph: nx.MultiDiGraph, delta: Delta) -> nx.MultiDiGraph:
    """The graph of version ``delta.version``: ``graph`` (of version ``delta.since``) with the
    delta's nodes and ties set to their values now, equal to ``fill_projection`` of the store's
    rows at that version.

    ``graph`` is left as it is (readers of its version go on using it), and is not copied whole:
    the new graph's ``_node``, ``_succ`` and ``_pred`` are new dictionaries holding the same
    per-node dictionaries, and only those of the nodes the delta touches are copied (a changed
    tie's two ends; a deleted node's neighbours, which point back to it). Attribute and key
    dictionaries are replaced, never changed. A deleted node goes with all its ties; a tie whose
    end is not a node is left out, as the projection leaves it out.

    Nodes keep the store's order, by id (a node the delta creates is put in its place), so what
    depends on node order (sampled betweenness, Louvain's seeded shuffle) answers as on a fresh
    projection. The order of a node's neighbours may differ from a fresh projection's (a new tie
    comes last); no store promises one.
    """
    if graph.graph.get("version") != delta.since:
        raise ValueError(
            f"a delta from graph version {delta.since} applied to version {graph.graph.get('version')}"
        )
    g = MultiDiGraph()  # a new instance: none of the old one's cached views
    g.graph = dict(graph.graph, version=delta.version)
    node, succ, pred = dict(graph._node), dict(graph._succ), dict(graph._pred)
    old_succ, old_pred = graph._succ, graph._pred
    own: set[tuple[int, str]] = set()  # (0, u): succ[u] is this graph's own; (1, v): pred[v]
    own_keys: set[tuple[str, str]] = set()  # key dicts (u, v) made for this graph

    def out_of(u: str) -> dict[str, dict[str, Any]]:
        if (0, u) not in own:
            own.add((0, u))
            succ[u] = dict(old_succ[u]) if u in old_succ else {}
        return succ[u]

    def into(v: str) -> dict[str, dict[str, Any]]:
        if (1, v) not in own:
            own.add((1, v))
            pred[v] = dict(old_pred[v]) if v in old_pred else {}
        return pred[v]

    added = False
    for node_id, record in delta.nodes.items():
        if record is None:
            if node_id not in node:
                continue
            for v in succ[node_id]:
                if v != node_id:
                    del into(v)[node_id]
            for u in pred[node_id]:
                if u != node_id:
                    del out_of(u)[node_id]
            del node[node_id], succ[node_id], pred[node_id]
            own.discard((0, node_id))
            own.discard((1, node_id))
            continue
        attrs = _attrs(record, False)
        attrs["kind"] = record.kind.value
        if node_id not in node:
            added = True
            own.update(((0, node_id), (1, node_id)))
            succ[node_id], pred[node_id] = {}, {}
        node[node_id] = attrs

    for (kind, source, target), tie in delta.ties.items():
        if tie is not None:
            kind, source, target = tie.kind.value, tie.source, tie.target
        if source not in node or target not in node:
            continue  # an end is gone (or never was): the tie is not in the graph
        keys = succ[source].get(target)
        if tie is None and (keys is None or kind not in keys):
            continue
        if (source, target) not in own_keys:
            own_keys.add((source, target))
            keys = {} if keys is None else dict(keys)
            out_of(source)[target] = into(target)[source] = keys
        if tie is not None:
            attrs = _attrs(tie, False)
            attrs["kind"] = kind
            keys[kind] = attrs
            continue
        del keys[kind]
        if not keys:  # as remove_edge leaves it: no empty key dictionary
            del out_of(source)[target], into(target)[source]
            own_keys.discard((source, target))

    if added:
        ids = sorted(node)  # nearly sorted already: a few passes over the ids
        if ids != list(node):  # a new node among the old ones: put it in its place
            node = {n: node[n] for n in ids}
            succ = {n: succ[n] for n in ids}
            pred = {n: pred[n] for n in ids}
    g._node, g._succ, g._pred = node, succ, pred
    g._adj = succ  # a DiGraph's _adj is its _succ: has_edge, to_undirected and more read it
    return g


def _attrs(record: NodeRecord | TieRecord, provenance: bool) -> dict[str, Any]:
    attrs = dict(record.props)
    if provenance and (p := record.provenance) is not None:
        attrs |= {"_source": p.source, "_row": p.row, "_loaded_at": p.loaded_at}
    return attrs
