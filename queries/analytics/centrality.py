"""Centrality of people, teams and partners: who holds the weave together, by six measures.

People are scored on the collaboration graph (``queries.collaboration``), teams and partners on
the organisation graph (``queries.analytics.organisations``); each graph is scored on its own, so a
person's score compares with other people's, a team's with other teams' and partners'.

Every measure is normalised to lie in [0, 1] whatever the size of the network, so numbers compare
across provinces and between a small test network and the whole country:

| measure | normalised by |
|---|---|
| degree | n - 1 (NetworkX ``degree_centrality``) |
| weighted_degree | the sum of tie weights, divided by the largest such sum (1.0 for the most active) |
| betweenness | the number of pairs, (n - 1)(n - 2) / 2 (NetworkX ``normalized=True``); hops, not weights |
| harmonic | n - 1; hops, not weights |
| eigenvector | unit Euclidean norm (NetworkX ``eigenvector_centrality_numpy``), tie weights; on the largest connected part, 0 elsewhere |
| pagerank | sums to 1 (NetworkX ``pagerank``, damping 0.85), tie weights |

Every measure runs on the graph's sparse matrix (``queries.analytics._sparse``) with NetworkX's own
arithmetic, unless the graph is directed or has self-loops or a NetworkX backend is configured.

Betweenness and harmonic closeness need a shortest-path search from every node, which costs about
0.6 µs per tie per source in NetworkX itself (measured on the demo networks, 2 cores): exact while
``n * m`` (nodes times ties) stays within ``EXACT_WORK`` (about 2.5 s), above it estimated from
``SAMPLE_WORK / m`` seeded random sources (Brandes & Pich 2007; between ``MIN_PIVOTS`` and
``MAX_PIVOTS``), which keeps the cost near ``SAMPLE_WORK`` tie visits. On the sparse matrix both
limits are ``SPARSE_SPEEDUP`` times larger, for about the same time. The error of the estimate,
measured on the demo networks, is in docs/analytics.md and docs/performance.md.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from phakhee.graph.errors import InvalidInput
from phakhee.queries.analytics import _sparse as sm
from phakhee.queries.analytics.organisations import organisation_graph
from phakhee.queries.ask.experts import check_province, provinces
from phakhee.queries.cache import GraphVersion
from phakhee.queries.collaboration import collaboration_graph

MEASURES: tuple[str, ...] = (
    "degree",
    "weighted_degree",
    "betweenness",
    "harmonic",
    "eigenvector",
    "pagerank",
)
DESCRIPTIONS: dict[str, str] = {
    "degree": "how many others one works with directly",
    "weighted_degree": "how much one works with others: ties weighted by how much and how lately they share",
    "betweenness": "who sits on the most shortest paths between others (a bridge between groups)",
    "harmonic": "how close one is to everybody else (reaches the whole network in few steps)",
    "eigenvector": "who is tied to others who are themselves well tied",
    "pagerank": "where a random walk along the ties ends up most often (influence through strong ties)",
}
KINDS: tuple[str, ...] = ("person", "team", "partner")
EXACT_WORK = 4_000_000
"""Largest nodes x ties for exact betweenness and harmonic closeness."""
SAMPLE_WORK = 4_000_000
"""Sources x ties for the estimate above ``EXACT_WORK``."""
MIN_PIVOTS, MAX_PIVOTS = 16, 512
SPARSE_SPEEDUP = 10
"""How much further both limits above stretch on the sparse matrix, whose compiled search visits
a tie per source in 0.008–0.021 µs against NetworkX's 0.57 (bench/weave_report.py on the 10,000
and 100,000-person demos): ten times keeps the 10,000-person report well under its 5 s."""
PAGERANK_TOL = 1e-10
"""Convergence of PageRank's power iteration (NetworkX: L1 change below n x tol)."""
SEED = 42


def _speedup(graph: nx.Graph) -> int:
    """SPARSE_SPEEDUP where the sparse matrix computes the searches, else 1."""
    sparse = sm.applies(graph) and nx.number_of_selfloops(graph) == 0
    return SPARSE_SPEEDUP if sparse else 1


def exact(graph: nx.Graph) -> bool:
    """Whether betweenness and harmonic closeness are computed exactly on this graph."""
    return _sources(len(graph), graph.number_of_edges(), _speedup(graph)) is None


def exact_for(gv: GraphVersion, measure: str) -> bool:
    """Whether ``measure`` is exact for this graph version's people (not sampled), cached."""
    if measure not in ("betweenness", "harmonic"):
        return True
    return gv.derived("centrality:exact", lambda _: exact(collaboration(gv)))


def _sources(n: int, m: int, speedup: int) -> int | None:
    """How many sampled sources for n nodes and m ties; None when the search is exact."""
    if n * m <= EXACT_WORK * speedup:
        return None
    return min(n, max(MIN_PIVOTS, min(MAX_PIVOTS, SAMPLE_WORK * speedup // max(1, m))))


def _pivots(graph: nx.Graph, adj: sm.Adjacency | None = None) -> list | None:
    """The seeded sampled sources of harmonic closeness (``adj``: the sparse path's matrix,
    which also counts the ties)."""
    if adj is None:
        nodes, m, speedup = graph, graph.number_of_edges(), _speedup(graph)
    else:
        nodes, m, speedup = adj.nodes, adj.weights.nnz // 2, SPARSE_SPEEDUP
    k = _sources(len(nodes), m, speedup)
    return None if k is None else random.Random(SEED).sample(sorted(nodes), k)


def _weighted_degree(graph: nx.Graph) -> dict:
    strength = dict(graph.degree(weight="weight"))
    top = max(strength.values(), default=0) or 1.0
    return {v: s / top for v, s in strength.items()}


def _betweenness(graph: nx.Graph) -> dict:
    k = _sources(len(graph), graph.number_of_edges(), _speedup(graph))
    if k is None:
        return nx.betweenness_centrality(graph, normalized=True)
    # NetworkX scales the sampled sums by n / k: an estimate on the same scale as exact.
    return nx.betweenness_centrality(graph, k=k, normalized=True, seed=SEED)


def _networkx_only() -> Any:
    """Harmonic closeness stays with NetworkX: nx-rustworkx 0.2.1 fails inside it (its check of
    the inner ``shortest_path_length`` call takes the wrong arguments)."""
    return nx.config.backend_priority(algos=[])


def _harmonic(graph: nx.Graph) -> dict:
    n = graph.number_of_nodes()
    if n <= 1:
        return dict.fromkeys(graph, 0.0)
    pivots = _pivots(graph)
    if pivots is None:
        with _networkx_only():
            found = nx.harmonic_centrality(graph)
        return {v: h / (n - 1) for v, h in found.items()}
    # Each sampled source u adds 1/d(u, v); the mean over sources estimates the mean over all.
    with _networkx_only():
        sums = nx.harmonic_centrality(graph, sources=pivots)
    return {v: h / len(pivots) * n / (n - 1) for v, h in sums.items()}


def _eigenvector(graph: nx.Graph) -> dict:
    # Undefined across components (NetworkX refuses): the largest component carries the scores,
    # as the leading eigenvector of the whole graph does when that component leads; others get 0.
    if graph.number_of_edges() == 0:
        return dict.fromkeys(graph, 0.0)
    main = max(nx.connected_components(graph), key=len)
    if len(main) <= 2:  # ARPACK needs three nodes; one tie: both ends alike
        found = dict.fromkeys(main, len(main) ** -0.5)
    else:
        found = nx.eigenvector_centrality_numpy(graph.subgraph(main), weight="weight")
    return {v: found.get(v, 0.0) for v in graph}


def _pagerank(graph: nx.Graph) -> dict:
    if graph.number_of_nodes() == 0:
        return {}
    return nx.pagerank(graph, weight="weight", tol=PAGERANK_TOL, max_iter=1000)


_COMPUTE: dict[str, Callable[[nx.Graph], dict]] = {
    "degree": lambda g: nx.degree_centrality(g) if len(g) > 1 else dict.fromkeys(g, 0.0),
    "weighted_degree": _weighted_degree,
    "betweenness": _betweenness,
    "harmonic": _harmonic,
    "eigenvector": _eigenvector,
    "pagerank": _pagerank,
}


def _sparse_harmonic(graph: nx.Graph, adj: sm.Adjacency) -> dict:
    n = adj.n
    if n <= 1:
        return dict.fromkeys(adj.nodes, 0.0)
    pivots = _pivots(graph, adj)
    if pivots is None:
        return sm.as_dict(adj, sm.harmonic_sums(adj) / (n - 1))
    sums = sm.harmonic_sums(adj, [adj.index[v] for v in pivots])
    return sm.as_dict(adj, sums / len(pivots) * n / (n - 1))


def _sparse_eigenvector(graph: nx.Graph, adj: sm.Adjacency) -> dict:
    if adj.weights.nnz == 0:
        return dict.fromkeys(adj.nodes, 0.0)
    main = sm.largest_component(adj)
    if len(main) <= 2:
        found = dict.fromkeys((adj.nodes[i] for i in main), len(main) ** -0.5)
    else:
        found = sm.eigenvector(adj, main)
    return {v: found.get(v, 0.0) for v in adj.nodes}


def _sparse_weighted_degree(_: nx.Graph, adj: sm.Adjacency) -> dict:
    strength = sm.strength(adj)
    top = (strength.max() if adj.n else 0) or 1.0
    return sm.as_dict(adj, strength / top)


def _sparse_betweenness(graph: nx.Graph, adj: sm.Adjacency) -> dict:
    """NetworkX's ``betweenness_centrality(normalized=True)``, sampled as ``_betweenness`` does:
    the same sources (NetworkX draws ``k`` of ``list(G)`` with ``seed``) and the same rescaling."""
    n = adj.n
    k = _sources(n, adj.weights.nnz // 2, SPARSE_SPEEDUP)
    k = None if k == n else k
    chosen = None if k is None else random.Random(SEED).sample(adj.nodes, k)
    totals = sm.dependencies(adj, None if chosen is None else [adj.index[v] for v in chosen])
    if n - 1 < 2:
        return sm.as_dict(adj, totals)
    if chosen is None:
        return sm.as_dict(adj, totals * (1 / ((n - 1) * (n - 2))))
    scale = np.full(n, 1 / (k * (n - 2)))
    scale[[adj.index[v] for v in chosen]] = 1 / ((k - 1) * (n - 2)) if k > 1 else math.nan
    return sm.as_dict(adj, totals * scale)


_SPARSE: dict[str, Callable[[nx.Graph, sm.Adjacency], dict]] = {
    "degree": lambda _, adj: sm.degree(adj),
    "betweenness": _sparse_betweenness,
    "weighted_degree": _sparse_weighted_degree,
    "harmonic": _sparse_harmonic,
    "eigenvector": _sparse_eigenvector,
    "pagerank": lambda _, adj: sm.pagerank(adj, tol=PAGERANK_TOL, max_iter=1000),
}


def matrix(graph: nx.Graph) -> sm.Adjacency:
    """``graph``'s sparse adjacency, to build once and pass to ``scores`` for every measure."""
    return sm.adjacency(graph)


def scores(graph: nx.Graph, measure: str, adj: sm.Adjacency | None = None) -> dict[str, float]:
    """``measure`` for every node of one graph, normalised as the module says (``adj``: the
    graph's matrix, when already built; ``queries.analytics._sparse`` says when it is used)."""
    if measure in _SPARSE and (adj := sm.matrix_for(graph, adj)) is not None:
        return _SPARSE[measure](graph, adj)
    return {v: float(s) for v, s in _COMPUTE[check_measure(measure)](graph).items()}


def check_measure(measure: str) -> str:
    """``measure`` if it is known, else InvalidInput naming the known ones."""
    if measure not in MEASURES:
        raise InvalidInput(f"measure {measure[:40]!r} is not one of: " + ", ".join(MEASURES))
    return measure


def collaboration(gv: GraphVersion) -> nx.Graph:
    """The graph version's collaboration graph (people), cached."""
    return gv.derived("collaboration", collaboration_graph)


def collaboration_matrix(gv: GraphVersion) -> sm.Adjacency:
    """The graph version's collaboration graph as a sparse matrix, cached."""
    return gv.derived("collaboration:matrix", lambda _: sm.adjacency(collaboration(gv)))


def organisations(gv: GraphVersion) -> nx.Graph:
    """The graph version's organisation graph (teams and partners), cached."""
    return gv.derived("organisations", organisation_graph)


def homes(gv: GraphVersion) -> dict[str, str]:
    """The province each node is located in, for every node located in one, cached."""
    return gv.derived("homes", provinces)


def centrality(gv: GraphVersion, measure: str) -> dict[str, float]:
    """Scores of ``measure`` for people (collaboration graph), teams and partners (organisation graph)."""
    check_measure(measure)

    def build(_: nx.MultiDiGraph) -> dict[str, float]:
        people = scores(collaboration(gv), measure, collaboration_matrix(gv))
        return people | scores(organisations(gv), measure)

    return gv.derived(f"centrality:{measure}", build)


@dataclass(frozen=True, slots=True)
class Ranked:
    """A node and its score on one measure."""

    id: str
    name: str
    kind: str
    province: str | None
    score: float


def ranked(
    gv: GraphVersion,
    measure: str,
    kind: str | None = None,
    province: str | None = None,
    limit: int = 20,
) -> list[Ranked]:
    """The ``limit`` highest scores of ``measure``, of one kind and/or one province, best first."""
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"kind {kind[:40]!r} is not one of: " + ", ".join(KINDS))
    g = gv.graph
    check_province(g, province)
    where = homes(gv)

    def build(_: nx.MultiDiGraph) -> list[tuple[str, float]]:
        rows = [
            (v, s)
            for v, s in centrality(gv, measure).items()
            if (kind is None or v.startswith(f"{kind}:"))
            and (province is None or where.get(v) == province)
        ]
        return sorted(rows, key=lambda r: (-r[1], r[0]))

    rows = gv.derived(f"ranked:{measure}:{kind}:{province}", build)  # a read is a slice
    return [
        Ranked(v, g.nodes[v].get("name", v), g.nodes[v]["kind"], where.get(v), s)
        for v, s in rows[:limit]
    ]
