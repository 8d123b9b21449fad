"""The collaboration graph: people joined by the work they share, weighted by how much and how lately.

Two people are joined when they declare they know each other, share a team, attended the same
event, co-authored a lesson, or carry the same partnership. The weight of their tie is the sum,
over everything they share, of:

| shared | weight |
|---|---|
| ``knows`` (either way) | 1.0 |
| a lesson, co-authored | 0.8 × recency of the lesson |
| a team | 2 / (team size), at most 0.5: small working groups count more than big forums |
| a partnership they both carry | 0.4 |
| an event of at most 100 attendees | 0.3 × recency of the event |

Recency halves every two years (``recency``). An event of more than
``EVENT_PAIRS_UP_TO`` attendees is a forum or an assembly, not a meeting of people who worked
together: it joins no pairs (its n people would make n(n-1)/2 ties — one national assembly of
3,000 would add 4.5 million — and everyone at it would look central and one introduction apart).
It still counts everywhere else: attendance, expertise, scorecards, exchanges between regions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import combinations

import networkx as nx

from phakhee.graph.graphs import Graph

HALF_LIFE_YEARS = 2.0
EVENT_PAIRS_UP_TO = 100
REASON_ORDER = {"knows": 0, "co-authored": 1, "team": 2, "partnership": 3, "event": 4}


def recency(when: str | None, as_of: dt.date) -> float:
    """The share of its weight an item keeps at its age (1.0 today, 0.5 after two years)."""
    if not when:
        return 0.5
    age = max(0.0, (as_of - dt.date.fromisoformat(when[:10])).days / 365.25)
    return 0.5 ** (age / HALF_LIFE_YEARS)


def _members(g: nx.MultiDiGraph, tie: str, of_kind: str) -> dict[str, list[str]]:
    """For each node of a kind, the people tied to it by ``tie`` (people -> node)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for s, t, k in g.edges(keys=True):
        if k == tie and s.startswith("person:") and t.startswith(f"{of_kind}:"):
            groups[t].append(s)
    return groups


def collaboration_graph(g: nx.MultiDiGraph, as_of: dt.date | None = None) -> nx.Graph:
    """People (every person, tied or not) and weighted ties between those who work together."""
    as_of = as_of or dt.date.today()
    weights: dict[tuple[str, str], float] = defaultdict(float)

    def share(people: list[str], w: float) -> None:
        for a, b in combinations(sorted(set(people)), 2):
            weights[(a, b)] += w

    for s, t, k in g.edges(keys=True):
        if k == "knows":
            weights[(s, t) if s < t else (t, s)] += 1.0
    for people in _members(g, "member_of", "team").values():
        share(people, min(0.5, 2 / max(2, len(people))))
    for event, people in _members(g, "attended", "event").items():
        if len(set(people)) <= EVENT_PAIRS_UP_TO:
            share(people, 0.3 * recency(g.nodes[event].get("date"), as_of))
    for lesson, people in _members(g, "authored", "lesson").items():
        share(people, 0.8 * recency(g.nodes[lesson].get("date"), as_of))
    for people in _members(g, "liaises_with", "partner").values():
        share(people, 0.4)
    people = Graph()
    people.add_nodes_from(n for n, k in g.nodes(data="kind") if k == "person")
    people.add_weighted_edges_from((a, b, round(w, 6)) for (a, b), w in weights.items())
    return people


def shared(g: nx.MultiDiGraph, a: str, b: str) -> list[tuple[str, str, str]]:
    """What two people share, strongest first: (what, node id, its name)."""
    found: list[tuple[str, str, str]] = []
    for x, y in ((a, b), (b, a)):
        for _, t, k, d in g.out_edges(x, keys=True, data=True):
            if k == "knows" and t == y:
                found.append(("knows", y, d.get("context") or g.nodes[y].get("name", y)))
    contexts = {
        "member_of": "team",
        "attended": "event",
        "authored": "co-authored",
        "liaises_with": "partnership",
    }
    for tie, what in contexts.items():
        mine = {t for _, t, k in g.out_edges(a, keys=True) if k == tie}
        theirs = {t for _, t, k in g.out_edges(b, keys=True) if k == tie}
        for node in sorted(mine & theirs):
            found.append((what, node, g.nodes[node].get("name", node)))
    found.sort(key=lambda r: REASON_ORDER[r[0]])
    return found
