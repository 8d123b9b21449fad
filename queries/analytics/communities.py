"""Communities of people who work together (Louvain, seeded), how they cut across places, and the periphery.

People are grouped by Louvain on the weighted collaboration graph (``nx.community.louvain_communities``,
``seed=SEED``, so the same graph always gives the same groups; its own partition computed on the
graph's matrix by ``queries.analytics._louvain`` unless a NetworkX backend is configured); a team or a partner belongs to the
community most of its members or carriers belong to (ties to the smallest number). Communities are
numbered by size, largest first. People alone (no tie) are each their own community.

Core and periphery: a person's core number is the largest k such that they belong to a group in
which everyone has at least k ties inside the group (k-core); people with core number at most
``PERIPHERY_CORE`` hang on by one tie or none.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx

from phakhee.queries.analytics import _louvain as fast
from phakhee.queries.analytics import _sparse as sm
from phakhee.queries.analytics.centrality import collaboration, collaboration_matrix, homes
from phakhee.queries.ask.experts import check_province
from phakhee.queries.cache import GraphVersion

SEED = 42
PERIPHERY_CORE = 1


@dataclass(frozen=True, slots=True)
class Community:
    """One community: its size, where its people are, and its best-tied members."""

    id: int
    size: int
    teams: int
    partners: int
    provinces: dict[str, int]
    regions: dict[str, int]
    main_province_share: float
    members: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Communities:
    """Which community each person, team and partner is in; modularity; one summary per community."""

    of: dict[str, int]
    modularity: float
    communities: list[Community]


def louvain(collab: nx.Graph, adj: sm.Adjacency | None = None) -> tuple[list[set[str]], float]:
    """Louvain communities of the collaboration graph, largest first (then by smallest member),
    and their modularity (``adj``: the graph's matrix, when already built)."""
    if (adj := sm.matrix_for(collab, adj)) is not None:
        labels = fast.louvain(adj, SEED)
        parts: dict[int, set[str]] = defaultdict(set)
        for v, label in zip(adj.nodes, labels.tolist(), strict=True):
            parts[label].add(v)
        return _ranked(list(parts.values())), fast.modularity(adj, labels)
    found = nx.community.louvain_communities(collab, weight="weight", seed=SEED)
    q = nx.community.modularity(collab, found, weight="weight") if collab.size() else 0.0
    return _ranked(found), q


def _ranked(found: list[set[str]]) -> list[set[str]]:
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))


def _communities(
    g: nx.MultiDiGraph,
    collab: nx.Graph,
    found: tuple[list[set[str]], float],
    where: dict[str, str],
    top: int,
) -> Communities:
    groups, q = found
    of = {v: i for i, c in enumerate(groups) for v in c}
    people_of: dict[str, list[str]] = defaultdict(list)
    for s, t, k in g.edges(keys=True):
        if k in ("member_of", "liaises_with") and s in of:
            people_of[t].append(s)
    orgs: dict[int, Counter] = defaultdict(Counter)
    for node in sorted(n for n, k in g.nodes(data="kind") if k in ("team", "partner")):
        votes = Counter(of[p] for p in people_of.get(node, ()))
        if votes:
            best = max(votes.values())
            of[node] = min(c for c, n in votes.items() if n == best)
            orgs[of[node]][g.nodes[node]["kind"]] += 1
    region = {p: d.get("region", "?") for p, d in g.nodes(data=True) if d.get("kind") == "province"}
    strength = dict(collab.degree(weight="weight"))
    summaries = []
    for i, c in enumerate(groups):
        provinces = Counter(where.get(v, "?") for v in c)
        regions = Counter(region.get(where.get(v, ""), "?") for v in c)
        members = heapq.nsmallest(top, c, key=lambda v: (-strength[v], v))
        summaries.append(
            Community(
                i,
                len(c),
                orgs[i]["team"],
                orgs[i]["partner"],
                dict(provinces.most_common()),
                dict(regions.most_common()),
                provinces.most_common(1)[0][1] / len(c),
                members,
            )
        )
    return Communities(of, q, summaries)


def communities(gv: GraphVersion, top: int = 5) -> Communities:
    """The graph version's communities (``top`` best-tied members of each), cached; Louvain runs once
    per graph version whatever ``top``."""
    collab = collaboration(gv)
    found = gv.derived("louvain", lambda _: louvain(collab, collaboration_matrix(gv)))
    return gv.derived(
        f"communities:{top}",
        lambda g: _communities(g, collab, found, homes(gv), top),
    )


@dataclass(frozen=True, slots=True)
class Peripheral:
    """A person on the edge of the weave: few ties, or none."""

    id: str
    name: str
    province: str | None
    core: int
    ties: int


@dataclass(slots=True)
class CorePeriphery:
    """Core numbers of every person, the innermost core, and the peripheral people."""

    core_number: dict[str, int]
    max_core: int
    core: list[str]
    peripheral: list[Peripheral]


def core_numbers(graph: nx.Graph, adj: sm.Adjacency | None = None) -> dict[str, int]:
    """``nx.core_number`` of every node, on the sparse matrix where it applies (``adj``: the
    graph's matrix, when already built)."""
    if (adj := sm.matrix_for(graph, adj)) is not None:
        return dict(zip(adj.nodes, sm.core_numbers(adj).tolist(), strict=True))
    return nx.core_number(graph)


def core_periphery(gv: GraphVersion, province: str | None = None) -> CorePeriphery:
    """k-cores of the collaboration graph; peripheral people (of one province, if given)."""
    g, collab, where = gv.graph, collaboration(gv), homes(gv)
    check_province(g, province)
    numbers = gv.derived("core_number", lambda _: core_numbers(collab, collaboration_matrix(gv)))
    top = max(numbers.values(), default=0)
    peripheral = [
        Peripheral(v, g.nodes[v].get("name", v), where.get(v), k, collab.degree(v))
        for v, k in sorted(numbers.items())
        if k <= PERIPHERY_CORE and (province is None or where.get(v) == province)
    ]
    core = sorted(v for v, k in numbers.items() if k == top)
    return CorePeriphery(numbers, top, core, peripheral)
