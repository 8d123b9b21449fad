"""The centrality that exports and snapshot diffs show: one seam, degree centrality until the analytics land.

``queries/centrality.py`` (another branch) provides ``centrality(snapshot, measure)``; when it is
merged, point ``CENTRALITY`` at it and exports and diffs follow.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx

Measure = Callable[[nx.MultiDiGraph], dict[str, float]]


def degree(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Degree centrality over people, teams and partners (ties to places, topics and skills do not count).

    Each node's count of distinct neighbours among those kinds, divided by (n - 1), as
    ``networkx.degree_centrality`` computes it on the simple undirected graph between them.
    """
    actors = [n for n, k in graph.nodes(data="kind") if k in ("person", "team", "partner")]
    simple = nx.Graph(graph.subgraph(actors))
    return nx.degree_centrality(simple) if simple.number_of_nodes() > 1 else {}


CENTRALITY: Measure = degree
"""The measure exports write and diffs rank movers by."""
