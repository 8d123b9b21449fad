"""The measures exports and snapshots show, each behind one seam until the analytics land.

``CENTRALITY``: degree centrality for now; ``queries/centrality.py`` (another branch) provides
``centrality(snapshot, measure)`` — point ``CENTRALITY`` at it and exports and diffs follow.
``INDICATORS``: a few network-level indicators for now; point it at ``queries/scorecard.py``'s
network totals and snapshot summaries and diffs follow.
"""

from __future__ import annotations

from collections import Counter
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


INDICATORS: Callable[[nx.MultiDiGraph], dict[str, float]] = indicators
"""The indicators snapshots record and diffs compare."""
