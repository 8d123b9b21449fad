"""NetworkX's graph classes, less the reference cycles their cached views make.

NetworkX caches a graph's views on the graph itself (``functools.cached_property``): the edge and
degree views hold the graph back (``view._graph``), so a graph that has once been asked for its
edges or degrees is a reference cycle, and when it is dropped only the cyclic garbage collector
frees it. The server keeps its graph versions out of that collector's walks (``queries.heap``:
a full collection over a 100,000-person version holds every thread for one to two seconds), so a
replaced version must go by reference counting alone: these classes build those views afresh on
each access (a view is a few attribute sets) and keep the ones that hold no graph (nodes,
adjacency) cached. Everything else is NetworkX's; ``copy``, ``subgraph`` and the graph views
make graphs of the same class, so what is derived from these stays free of those cycles too.
"""

from __future__ import annotations

from functools import cached_property
from typing import TypeVar

import networkx as nx

HOLDING_THE_GRAPH = ("edges", "out_edges", "in_edges", "degree", "out_degree", "in_degree")
"""The cached views that point back to their graph (NetworkX 3.6, pinned)."""

G = TypeVar("G", bound=nx.Graph)


def _views_made_afresh(cls: type[G]) -> type[G]:
    """``cls`` with its cached views that hold the graph turned into properties making a view
    per access."""
    for name in HOLDING_THE_GRAPH:
        made = getattr(cls, name, None)
        if isinstance(made, cached_property):
            setattr(cls, name, property(made.func, doc=made.__doc__))
    return cls


@_views_made_afresh
class Graph(nx.Graph):
    """``nx.Graph`` whose edge and degree views are not kept on the graph."""


@_views_made_afresh
class MultiGraph(nx.MultiGraph):
    """``nx.MultiGraph`` (an undirected view of a ``MultiDiGraph``) likewise."""


@_views_made_afresh
class MultiDiGraph(nx.MultiDiGraph):
    """``nx.MultiDiGraph`` whose edge and degree views are not kept on the graph."""

    def to_undirected_class(self) -> type[MultiGraph]:
        return MultiGraph
