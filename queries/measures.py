"""The centrality that exports and snapshot diffs show: one seam, degree centrality until the analytics land.

``queries/centrality.py`` (another branch) provides ``centrality(snapshot, measure)``; when it is
merged, point ``CENTRALITY`` at it and exports and diffs follow.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx

Measure = Callable[[nx.MultiDiGraph], dict[str, float]]


ACTORS = frozenset({"person", "team", "partner"})


def degree(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Degree centrality over people, teams and partners (ties to places, topics and skills do not count).

    Each actor's count of distinct actor neighbours (either direction, any tie kind) divided by
    (n - 1), n the number of actors: ``networkx.degree_centrality`` of the simple undirected graph
    between them, counted here without building that graph (1.1 million ties: seconds, not tens).
    """
    actors = {n for n, k in graph.nodes(data="kind") if k in ACTORS}
    if len(actors) < 2:
        return {}
    scale = 1.0 / (len(actors) - 1)
    succ, pred = graph.succ, graph.pred
    out = {}
    for n in actors:
        near = {m for m in succ[n] if m in actors}
        near.update(m for m in pred[n] if m in actors)
        near.discard(n)
        out[n] = len(near) * scale
    return out


CENTRALITY: Measure = degree
"""The measure exports write and diffs rank movers by."""
