"""Louvain on the compiled kernel gives NetworkX's own partition and modularity."""

from __future__ import annotations

import datetime as dt
import re

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phakhee.graph.store import GraphStore
from phakhee.loaders.demo import build_demo
from phakhee.queries.analytics import _louvain as fast
from phakhee.queries.analytics import _sparse as sm
from phakhee.queries.analytics import communities as cm
from phakhee.queries.collaboration import collaboration_graph
from tests.queries.test_sparse_measures import GRAPHS, _graph

CLASSIC = [
    pytest.param(nx.florentine_families_graph(), id="florentine"),
    pytest.param(nx.les_miserables_graph(), id="les-miserables"),
    pytest.param(nx.davis_southern_women_graph(), id="davis"),
    pytest.param(_graph(300, 0.01, 7, True), id="sparse-300"),
    pytest.param(_graph(200, 0.1, 8, True), id="dense-200"),
]


def _partition(g: nx.Graph, seed: int) -> set[frozenset]:
    labels = fast.louvain(sm.adjacency(g), seed)
    nodes = list(g)
    return {
        frozenset(nodes[i] for i, x in enumerate(labels.tolist()) if x == label)
        for label in set(labels.tolist())
    }


def _networkx(g: nx.Graph, seed: int) -> set[frozenset]:
    return set(map(frozenset, nx.community.louvain_communities(g, weight="weight", seed=seed)))


def test_installed_networkx_is_the_version_the_louvain_port_follows() -> None:
    installed = re.match(r"\d+\.\d+", nx.__version__).group()
    assert installed == fast.FOLLOWS_NETWORKX, (
        f"NetworkX {nx.__version__} is installed; queries/analytics/_louvain.py replays NetworkX "
        f"{fast.FOLLOWS_NETWORKX}'s louvain_partitions step by step. Re-check the port (and the "
        f"kernel's louvain_level) against NetworkX {installed}'s louvain.py, then raise the "
        "networkx bound in pyproject.toml and FOLLOWS_NETWORKX together, and re-lock "
        "(docs/dependencies.md)."
    )


@pytest.mark.parametrize("g", GRAPHS + CLASSIC)
@pytest.mark.parametrize("seed", [cm.SEED, 0, 7])
def test_the_partition_is_networkx_louvain_partition(g: nx.Graph, seed: int) -> None:
    assert _partition(g, seed) == _networkx(g, seed)


@pytest.mark.parametrize("g", GRAPHS + CLASSIC)
def test_the_modularity_is_networkx_modularity(g: nx.Graph) -> None:
    groups, q = cm.louvain(g)
    assert q == pytest.approx(nx.community.modularity(g, groups, weight="weight"), abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    edges=st.lists(
        st.tuples(st.integers(0, 40), st.integers(0, 40), st.sampled_from([0.3, 1.0, 2.5])),
        max_size=150,
    ),
    alone=st.integers(0, 3),
    seed=st.integers(0, 2**16),
)
def test_any_loopless_graph_gets_networkx_partition(
    edges: list[tuple[int, int, float]], alone: int, seed: int
) -> None:
    g = nx.Graph()
    g.add_nodes_from(range(41, 41 + alone))
    g.add_weighted_edges_from((u, v, w) for u, v, w in edges if u != v)
    assert _partition(g, seed) == _networkx(g, seed)


def test_a_graph_without_ties_is_one_community_per_node() -> None:
    g = nx.empty_graph(["a", "b", "c"])
    assert cm.louvain(g) == ([{"a"}, {"b"}, {"c"}], 0.0)
    assert cm.louvain(nx.Graph()) == ([], 0.0)


def test_a_self_loop_or_a_backend_goes_to_networkx() -> None:
    g = _graph(30, 0.2, 9, True)
    want = sorted(map(sorted, _networkx(g, cm.SEED)))
    with nx.config.backend_priority(algos=["networkx"]):
        assert sorted(map(sorted, cm.louvain(g)[0])) == want
    g.add_edge("person:000", "person:000", weight=1.0)
    assert sorted(map(sorted, cm.louvain(g)[0])) == sorted(map(sorted, _networkx(g, cm.SEED)))


def test_the_demo_network_gets_networkx_partition(sqlite_store: GraphStore) -> None:
    build_demo(sqlite_store, people=500, seed=3, as_of=dt.date(2026, 6, 1))
    collab = collaboration_graph(sqlite_store.project(), as_of=dt.date(2026, 6, 1))
    assert collab.number_of_edges() > 1000
    assert _partition(collab, cm.SEED) == _networkx(collab, cm.SEED)
