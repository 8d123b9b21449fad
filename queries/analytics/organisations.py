"""The organisation-level graph: teams and partners, joined through people and partnerships.

Every team and every partner is a node (tied or not). The weight of a tie is the sum of:

| joined by | weight |
|---|---|
| a partnership (``partners_with``) between a team and a partner | 1.0, 1.5 at policy level |
| each person who belongs to or carries both (``member_of`` a team, ``liaises_with`` a partner) | 1.0 |

So two teams that share three members weigh 3.0, and a team whose member carries a partnership
with a partner is tied to that partner even without a formal partnership.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx

from phakhee.graph.graphs import Graph

PARTNERSHIP_WEIGHT = {"policy": 1.5, "operational": 1.0}
PERSON_WEIGHT = 1.0


def organisation_graph(g: nx.MultiDiGraph) -> nx.Graph:
    """Teams and partners, with weighted ties through shared people and partnerships."""
    weights: dict[tuple[str, str], float] = defaultdict(float)
    orgs_of: dict[str, set[str]] = defaultdict(set)
    for s, t, k, d in g.edges(keys=True, data=True):
        if k == "partners_with":
            pair = (s, t) if s < t else (t, s)
            weights[pair] += PARTNERSHIP_WEIGHT.get(d.get("level", "operational"), 1.0)
        elif k in ("member_of", "liaises_with") and s.startswith("person:"):
            orgs_of[s].add(t)
    for orgs in orgs_of.values():
        for a, b in combinations(sorted(orgs), 2):
            weights[(a, b)] += PERSON_WEIGHT
    org = Graph()
    org.add_nodes_from(n for n, k in g.nodes(data="kind") if k in ("team", "partner"))
    org.add_weighted_edges_from((a, b, w) for (a, b), w in weights.items())
    return org
