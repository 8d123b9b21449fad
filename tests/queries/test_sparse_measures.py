"""The sparse-matrix measures give NetworkX's own numbers (to 1e-9) on varied graphs."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from phakhee.queries.analytics import _sparse as sm
from phakhee.queries.analytics import brokers as b
from phakhee.queries.analytics import centrality as c
from phakhee.queries.analytics import communities as cm

TOL = 1e-9


def _graph(n: int, p: float, seed: int, weighted: bool) -> nx.Graph:
    """A random graph with isolated nodes, several parts and (optionally) uneven weights."""
    g = nx.gnp_random_graph(n, p, seed=seed)
    rng = random.Random(seed)
    g.add_nodes_from(range(n, n + 3))  # alone
    g.add_edge(n + 3, n + 4)  # a part of two
    g = nx.relabel_nodes(g, {v: f"person:{v:03d}" for v in g})
    for u, v in g.edges:
        g[u][v]["weight"] = round(rng.uniform(0.05, 3.0), 6) if weighted else 1.0
    return g


GRAPHS = [
    pytest.param(_graph(40, 0.08, 1, True), id="sparse-weighted"),
    pytest.param(_graph(60, 0.2, 2, True), id="dense-weighted"),
    pytest.param(_graph(50, 0.05, 3, False), id="unweighted"),
    pytest.param(nx.relabel_nodes(nx.karate_club_graph(), str), id="karate"),
]


def _close(got: dict, want: dict) -> None:
    assert got.keys() == want.keys()
    worst = max(abs(got[v] - want[v]) for v in want)
    assert worst < TOL, worst


@pytest.mark.parametrize("g", GRAPHS)
def test_pagerank_is_networkx_pagerank(g: nx.Graph) -> None:
    want = nx.pagerank(g, weight="weight", tol=c.PAGERANK_TOL, max_iter=1000)
    _close(c.scores(g, "pagerank"), want)


@pytest.mark.parametrize("g", GRAPHS)
def test_eigenvector_is_networkx_eigenvector_on_the_largest_part(g: nx.Graph) -> None:
    main = max(nx.connected_components(g), key=len)
    inside = nx.eigenvector_centrality_numpy(g.subgraph(main), weight="weight")
    _close(c.scores(g, "eigenvector"), {v: inside.get(v, 0.0) for v in g})


@pytest.mark.parametrize("g", GRAPHS)
def test_degree_measures_are_networkx_degrees(g: nx.Graph) -> None:
    _close(c.scores(g, "degree"), nx.degree_centrality(g))
    strength = dict(g.degree(weight="weight"))
    top = max(strength.values())
    _close(c.scores(g, "weighted_degree"), {v: s / top for v, s in strength.items()})


@pytest.mark.parametrize("g", GRAPHS)
def test_harmonic_is_networkx_harmonic_from_all_nodes_and_from_sampled_sources(
    g: nx.Graph,
) -> None:
    n = len(g)
    every = nx.harmonic_centrality(g)
    _close(c.scores(g, "harmonic"), {v: h / (n - 1) for v, h in every.items()})
    adj = sm.adjacency(g)
    sources = random.Random(5).sample(sorted(g), 7)
    sums = sm.harmonic_sums(adj, [adj.index[v] for v in sources])
    _close(sm.as_dict(adj, sums), nx.harmonic_centrality(g, sources=sources))


def test_the_largest_part_is_the_first_of_the_largest_in_node_order() -> None:
    g = nx.Graph([("c", "d"), ("a", "b")])
    g.add_node("e")
    adj = sm.adjacency(g)
    assert [adj.nodes[i] for i in sm.largest_component(adj)] == ["c", "d"]
    assert set(max(nx.connected_components(g), key=len)) == {"c", "d"}


def test_a_graph_with_a_self_loop_is_left_to_networkx() -> None:
    g = nx.Graph([("a", "b"), ("b", "c"), ("c", "c")])
    assert not sm.loopless(sm.adjacency(g))
    _close(c.scores(g, "degree"), nx.degree_centrality(g))
    _close(c.scores(g, "pagerank"), nx.pagerank(g, tol=c.PAGERANK_TOL, max_iter=1000))


def test_a_configured_networkx_backend_gets_the_call() -> None:
    g = _graph(20, 0.2, 4, True)
    assert sm.applies(g)
    with nx.config.backend_priority(algos=["networkx"]):
        assert not sm.applies(g)
        _close(c.scores(g, "pagerank"), nx.pagerank(g, tol=c.PAGERANK_TOL, max_iter=1000))


@pytest.mark.parametrize("g", GRAPHS)
def test_betweenness_is_networkx_betweenness(g: nx.Graph) -> None:
    _close(c.scores(g, "betweenness"), nx.betweenness_centrality(g, normalized=True))


@pytest.mark.parametrize("g", GRAPHS)
def test_sampled_betweenness_is_networkx_sampled_betweenness(
    g: nx.Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(c, "EXACT_WORK", 0)
    monkeypatch.setattr(c, "SAMPLE_WORK", 0)  # the fewest sources: MIN_PIVOTS
    want = nx.betweenness_centrality(g, k=c.MIN_PIVOTS, normalized=True, seed=c.SEED)
    _close(c.scores(g, "betweenness"), want)


@pytest.mark.parametrize("g", GRAPHS)
def test_core_numbers_are_networkx_core_numbers(g: nx.Graph) -> None:
    assert cm.core_numbers(g) == nx.core_number(g)


def test_the_sparse_matrix_takes_ten_times_the_search_before_sampling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    g = _graph(60, 0.2, 2, True)
    monkeypatch.setattr(c, "EXACT_WORK", len(g) * g.number_of_edges() // 5)
    assert c.exact(g)  # within 10 x EXACT_WORK
    _close(c.scores(g, "betweenness"), nx.betweenness_centrality(g, normalized=True))
    with nx.config.backend_priority(algos=["networkx"]):  # NetworkX's own search: the plain limit
        assert not c.exact(g)


BRIDGED = nx.Graph(
    [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("e", "f"), ("f", "d"), ("f", "g")]
)


@pytest.mark.parametrize("g", [*GRAPHS, pytest.param(BRIDGED, id="bridged")])
def test_blocks_are_networkx_biconnected_components(g: nx.Graph) -> None:
    adj = sm.adjacency(g)
    got = {frozenset(adj.nodes[i] for i in block.tolist()) for block in sm.blocks(adj)}
    assert got == set(map(frozenset, nx.biconnected_components(g)))


def test_cut_points_and_bridges_of_two_triangles_on_a_path() -> None:
    blocks = b.biconnected(BRIDGED)
    cut = {v for v in BRIDGED if sum(v in x for x in blocks) > 1}
    assert cut == {"c", "d", "f"} == set(nx.articulation_points(BRIDGED))
    assert sorted(tuple(sorted(x)) for x in blocks if len(x) == 2) == [("c", "d"), ("f", "g")]
