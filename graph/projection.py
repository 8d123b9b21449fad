"""The NetworkX projection of a store: the graph the analytics and views work on.

A store hands its rows over in bulk — ``(id, kind, attributes)`` for nodes and
``(source, kind, target, attributes)`` for ties, attributes already decoded — and they are put
straight into the graph's own dictionaries, the structure ``MultiDiGraph.add_edge`` builds one
call at a time: ``_node[n]`` holds a node's attributes, ``_succ[u][v]`` and ``_pred[v][u]`` are
the same key dictionary, each tie keyed by its kind. No record object, enum or per-edge call
stands between a row and the graph (docs/performance.md, "The projection", has it beside the
per-record path). The layout is NetworkX's (pinned in pyproject.toml); the contract tests
compare this graph with one built through ``add_edges_from``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from phakhee.graph.model import NodeRecord, TieRecord

NodeRow = tuple[str, str, dict[str, Any]]
"""A node as a store reads it: id, kind, attributes (a fresh dict the graph may keep)."""
TieRow = tuple[str, str, str, dict[str, Any]]
"""A tie as a store reads it: source, kind, target, attributes (a fresh dict)."""


def fill_projection(
    nodes: Iterable[NodeRow], ties: Iterable[TieRow], *, version: int
) -> nx.MultiDiGraph:
    """A MultiDiGraph: node attributes are ``kind`` and the properties; each edge is keyed by kind.

    Ties whose ends are not both among ``nodes`` are left out, so a projection of some kinds
    holds only the ties between them. The attribute dicts are kept, not copied.
    """
    g = nx.MultiDiGraph(version=version)
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


def _attrs(record: NodeRecord | TieRecord, provenance: bool) -> dict[str, Any]:
    attrs = dict(record.props)
    if provenance and (p := record.provenance) is not None:
        attrs |= {"_source": p.source, "_row": p.row, "_loaded_at": p.loaded_at}
    return attrs
