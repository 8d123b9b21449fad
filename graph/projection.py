"""The NetworkX projection of a store: the graph the analytics and views work on."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from phakhee.graph.model import NodeRecord, TieRecord


def build_projection(
    nodes: Iterable[NodeRecord],
    ties: Iterable[TieRecord],
    *,
    version: int,
    provenance: bool = False,
) -> nx.MultiDiGraph:
    """A MultiDiGraph: node attributes are ``kind`` and the properties; each edge is keyed by kind.

    Ties whose ends are not both among ``nodes`` are left out, so a projection of some kinds
    holds only the ties between them.
    """
    g = nx.MultiDiGraph(version=version)
    for n in nodes:
        attrs = {**n.props, "kind": n.kind.value}
        if provenance and n.provenance is not None:
            attrs |= _provenance_attrs(n)
        g.add_node(n.id, **attrs)
    has = g._node  # membership test without the view's overhead
    edges = []
    for t in ties:
        if t.source in has and t.target in has:
            attrs = {**t.props, "kind": t.kind.value}
            if provenance and t.provenance is not None:
                attrs |= _provenance_attrs(t)
            edges.append((t.source, t.target, t.kind.value, attrs))
    g.add_edges_from(edges)
    return g


def _provenance_attrs(record: NodeRecord | TieRecord) -> dict[str, object]:
    p = record.provenance
    assert p is not None
    return {"_source": p.source, "_row": p.row, "_loaded_at": p.loaded_at}
