"""``nx.community.louvain_communities``' own partition, computed on arrays.

NetworkX's ``louvain_partitions`` copies the graph edge by edge, then at each level shuffles the
nodes with the seeded generator, moves them one at a time to the neighbouring community of best
modularity gain (``_one_level``) and collapses the communities into the next level's nodes
(``_gen_graph``), until a level gains no more than ``threshold``. The same steps run here in the
same order — neighbours in NetworkX's dict order, sums in its order, one ``random.Random(seed)``
across the levels — with the moves compiled (``queries.analytics._kernels.louvain_level``). Only the
modularity that decides when to stop is summed in another order (a difference near 1e-16 against
a threshold of 1e-7). Tested equal to NetworkX's partition.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

from phakhee.queries.analytics import _kernels as kernels
from phakhee.queries.analytics._sparse import Adjacency, rows

FOLLOWS_NETWORKX = "3.6"
"""The NetworkX minor release whose ``louvain_partitions`` this port replays step by step."""


@dataclass(frozen=True, slots=True)
class _Level:
    """One level's graph: neighbours in insertion order (CSR), and its ties in ``G.edges()`` order."""

    indptr: np.ndarray
    indices: np.ndarray
    weights: np.ndarray
    u: np.ndarray
    v: np.ndarray
    w: np.ndarray

    @property
    def n(self) -> int:
        return self.indptr.size - 1


def _added(n: int, u: np.ndarray, v: np.ndarray, w: np.ndarray) -> _Level:
    """The graph ``add_edge`` builds from the ties ``(u, v, w)`` added in this order: each end
    appends the other to its neighbours (a self-loop once)."""
    other = u != v
    rows = np.concatenate([u, v[other]])
    cols = np.concatenate([v, u[other]])
    when = np.concatenate([np.arange(u.size), np.flatnonzero(other)])
    order = np.lexsort((when, rows))
    rows, cols, weights = rows[order], cols[order], np.concatenate([w, w[other]])[order]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    ahead = cols >= rows  # G.edges(): each tie once, from the end that comes first
    return _Level(indptr, cols, weights, rows[ahead], cols[ahead], weights[ahead])


def _first(adj: Adjacency) -> _Level:
    """NetworkX's copy of the graph: ``add_weighted_edges_from(G.edges(data=weight))``."""
    row = rows(adj)
    ahead = adj.indices >= row
    return _added(adj.n, row[ahead], adj.indices[ahead], adj.values[ahead])


def _collapse(level: _Level, node2com: np.ndarray) -> tuple[_Level, np.ndarray]:
    """``_gen_graph``: one node per community (in index order), ties summed in edge order; and
    the new node of each of this level's nodes."""
    names = np.unique(node2com)
    new = np.searchsorted(names, node2com)
    a, b, k = new[level.u], new[level.v], names.size
    keys = np.minimum(a, b) * k + np.maximum(a, b)
    _, first, pair = np.unique(keys, return_index=True, return_inverse=True)
    totals = np.bincount(pair, weights=level.w)  # each pair's weights added in edge order
    order = np.argsort(first)
    at = first[order]
    return _added(k, a[at], b[at], totals[order]), new


def _modularity(
    u: np.ndarray, v: np.ndarray, w: np.ndarray, degrees: np.ndarray, com: np.ndarray, res: float
) -> float:
    """``nx.community.modularity`` of the graph with ties ``(u, v, w)`` (each once) split by ``com``."""
    total = degrees.sum()
    inside = com[u] == com[v]
    within = np.bincount(com[u][inside], weights=w[inside], minlength=com.size)
    spread = np.bincount(com, weights=degrees, minlength=com.size)
    return float((within / (total / 2) - res * spread * spread / total**2).sum())


def modularity(adj: Adjacency, labels: np.ndarray, resolution: float = 1.0) -> float:
    """``nx.community.modularity`` of a loopless graph split by ``labels`` (node labels < n)."""
    if adj.indices.size == 0:
        return 0.0
    row = rows(adj)
    ahead = adj.indices > row
    degrees = kernels.row_sums(adj.indptr, adj.values, adj.indices)
    u, v, w = row[ahead], adj.indices[ahead], adj.values[ahead]
    return _modularity(u, v, w, degrees, labels, resolution)


def _one_level(
    level: _Level, degrees: np.ndarray, m: float, resolution: float, rng: random.Random
) -> tuple[np.ndarray, bool]:
    """``_one_level``: the nodes shuffled as NetworkX shuffles ``list(G.nodes)``, then moved."""
    order = list(range(level.n))
    rng.shuffle(order)
    return kernels.louvain_level(
        level.indptr,
        level.indices,
        level.weights,
        degrees,
        np.asarray(order, dtype=np.int64),
        m,
        resolution,
    )


def louvain(
    adj: Adjacency, seed: int, resolution: float = 1.0, threshold: float = 1e-7
) -> np.ndarray:
    """The community of each node (a label per node, in node order) of a loopless graph."""
    rng = random.Random(seed)
    labels = np.arange(adj.n, dtype=np.int64)
    if adj.indices.size == 0:
        return labels
    level = _first(adj)
    degrees = kernels.row_sums(level.indptr, level.weights, level.indices)
    m = sum(degrees.tolist()) / 2
    mod = _modularity(level.u, level.v, level.w, degrees, labels, resolution)
    node2com, _ = _one_level(level, degrees, m, resolution, rng)
    while True:  # labels: each node's node at this level
        new_mod = _modularity(level.u, level.v, level.w, degrees, node2com, resolution)
        if new_mod - mod <= threshold:
            return node2com[labels]
        mod = new_mod
        level, new = _collapse(level, node2com)
        labels = new[labels]
        degrees = kernels.row_sums(level.indptr, level.weights, level.indices)
        node2com, improved = _one_level(level, degrees, m, resolution, rng)
        if not improved:
            return labels
