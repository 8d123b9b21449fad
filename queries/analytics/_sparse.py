"""Centrality measures on the graph's sparse adjacency matrix: NetworkX's numbers at C speed.

NetworkX's ``pagerank`` and ``eigenvector_centrality_numpy`` already compute with SciPy, but first
convert the graph to a matrix on every call (2 s for the 100,000-person collaboration graph), and
its ``harmonic_centrality``, ``betweenness_centrality`` and degree measures walk Python
dictionaries. Here the matrix is built once (``Adjacency``, cached per graph version by the
caller) and each measure is the same arithmetic as NetworkX's own code:

- degree: ties per node / (n − 1) (``degree_centrality``);
- weighted degree: row sums of the weights (``G.degree(weight=...)``);
- PageRank: ``_pagerank_scipy``'s power iteration, same start, dangling nodes, damping and stop;
- eigenvector: ``eigenvector_centrality_numpy``'s ARPACK call on the same matrix;
- harmonic: Σ 1/d over breadth-first distances from each source;
- betweenness: Brandes' path counts and dependencies from each source;
- core numbers: Batagelj and Zaversnik's bucket order, as ``core_number``;
- blocks: Hopcroft and Tarjan's depth-first search, as ``biconnected_components``.

The last four are loops over the ties, compiled (``queries.analytics._kernels``).

Each is tested against the NetworkX function to 1e-9. Graphs with self-loops, and any call while
a NetworkX backend is configured (``nx.config.backend_priority``), go to NetworkX instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph
from scipy.sparse.linalg import eigs

from phakhee.queries.analytics import _kernels as kernels


@dataclass(frozen=True, slots=True)
class Adjacency:
    """An undirected graph's nodes in its own order and its weighted adjacency matrix (CSR), and
    the same ties as arrays in the graph's own neighbour order (for the compiled kernels)."""

    nodes: list
    index: dict
    weights: sp.csr_array
    indptr: np.ndarray
    indices: np.ndarray
    values: np.ndarray

    @property
    def n(self) -> int:
        return len(self.nodes)


def adjacency(graph: nx.Graph, weight: str = "weight") -> Adjacency:
    """The matrix of an undirected graph (weight 1 where a tie has none), rows in node order."""
    nodes = list(graph)
    index = {v: i for i, v in enumerate(nodes)}
    at = index.__getitem__
    ties: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for _, near in graph.adjacency():  # the nodes' own order: row by row
        ties.append(len(near))
        cols.extend(map(at, near))
        values.extend([attrs.get(weight, 1) for attrs in near.values()])
    n = len(nodes)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(ties, out=indptr[1:])
    indices = np.asarray(cols, dtype=np.int64)
    data = np.asarray(values, dtype=float)
    matrix = sp.csr_array((data.copy(), indices.copy(), indptr.copy()), shape=(n, n))
    matrix.sort_indices()
    return Adjacency(nodes, index, matrix, indptr, indices, data)


def applies(graph: nx.Graph) -> bool:
    """Whether these formulations may stand in for NetworkX on ``graph`` (``loopless`` says the rest)."""
    return (
        not graph.is_directed()
        and not graph.is_multigraph()
        and not nx.config.backend_priority.algos
    )


def loopless(adj: Adjacency) -> bool:
    """No node tied to itself (NetworkX counts a self-loop twice in a degree)."""
    return not adj.weights.diagonal().any()


def matrix_for(graph: nx.Graph, adj: Adjacency | None = None) -> Adjacency | None:
    """The graph's matrix (``adj``, when already built) if these formulations may stand in for
    NetworkX on it; None when NetworkX must run (``applies``, ``loopless``)."""
    if not applies(graph):
        return None
    adj = adj or adjacency(graph)
    return adj if loopless(adj) else None


def rows(adj: Adjacency) -> np.ndarray:
    """The row (node index) of each tie entry of ``adj.indices``."""
    return np.repeat(np.arange(adj.n, dtype=np.int64), np.diff(adj.indptr))


def as_dict(adj: Adjacency, values: np.ndarray) -> dict:
    """Values in node order, keyed by node."""
    return dict(zip(adj.nodes, values.tolist(), strict=True))


def degree(adj: Adjacency) -> dict:
    """``nx.degree_centrality``."""
    if adj.n <= 1:
        return dict.fromkeys(adj.nodes, 0.0)
    return as_dict(adj, np.diff(adj.weights.indptr) * (1.0 / (adj.n - 1.0)))


def strength(adj: Adjacency) -> np.ndarray:
    """The sum of each node's tie weights."""
    return np.asarray(adj.weights.sum(axis=1)).ravel()


def pagerank(adj: Adjacency, alpha: float = 0.85, tol: float = 1e-6, max_iter: int = 100) -> dict:
    """``nx.pagerank`` (its SciPy power iteration), uniform start, teleport and dangling weights."""
    n = adj.n
    if n == 0:
        return {}
    out = strength(adj)
    inverse = np.divide(1.0, out, out=np.zeros(n), where=out != 0)
    step = sp.csr_array(sp.diags_array(inverse) @ adj.weights)
    x = np.repeat(1.0 / n, n)
    p = np.repeat(1.0 / n, n)
    dangling = np.where(out == 0)[0]
    for _ in range(max_iter):
        last = x
        x = alpha * (x @ step + sum(x[dangling]) * p) + (1 - alpha) * p
        if np.absolute(x - last).sum() < n * tol:
            return as_dict(adj, x)
    raise nx.PowerIterationFailedConvergence(max_iter)


def eigenvector(adj: Adjacency, members: Sequence[int]) -> dict:
    """``nx.eigenvector_centrality_numpy`` of the subgraph on ``members`` (indices, in order)."""
    sub = adj.weights[members][:, members]
    _, vector = eigs(sub.T, k=1, which="LR", maxiter=50, tol=0)
    largest = vector.flatten().real
    norm = np.sign(largest.sum()) * np.linalg.norm(largest)
    return dict(zip((adj.nodes[i] for i in members), (largest / norm).tolist(), strict=True))


def _source_array(adj: Adjacency, sources: Sequence[int] | None) -> np.ndarray:
    return np.arange(adj.n, dtype=np.int64) if sources is None else np.asarray(sources, np.int64)


def harmonic_sums(adj: Adjacency, sources: Sequence[int] | None = None) -> np.ndarray:
    """For each node, Σ 1/d(s, node) over the sources (all nodes by default), d in hops."""
    return kernels.harmonic_sums(adj.indptr, adj.indices, _source_array(adj, sources))


def dependencies(adj: Adjacency, sources: Sequence[int] | None = None) -> np.ndarray:
    """Brandes' sums of pair dependencies over the sources (all nodes by default), in hops:
    ``betweenness_centrality``'s totals before it rescales them."""
    return kernels.dependencies(adj.indptr, adj.indices, _source_array(adj, sources))


def core_numbers(adj: Adjacency) -> np.ndarray:
    """``nx.core_number`` of every node (loopless graphs)."""
    return kernels.core_numbers(adj.indptr, adj.indices)


def blocks(adj: Adjacency) -> list[np.ndarray]:
    """``nx.biconnected_components``: each block's nodes (indices, ascending; loopless graphs)."""
    block, count = kernels.blocks(adj.indptr, adj.indices)
    tied = block >= 0
    of = block[tied]
    ends = np.concatenate([rows(adj)[tied], adj.indices[tied]])
    pairs = np.unique(np.concatenate([of, of]) * adj.n + ends)
    bounds = np.searchsorted(pairs // adj.n, np.arange(count + 1))
    members = pairs % adj.n
    return [members[lo:hi] for lo, hi in pairwise(bounds.tolist())]


def largest_component(adj: Adjacency) -> list[int]:
    """Indices of the largest connected part's nodes, in the graph's order (the first such part
    in node order when several are as large, as ``max(nx.connected_components(G), key=len)``)."""
    _, labels = csgraph.connected_components(adj.weights, directed=False)
    sizes = np.bincount(labels)
    first_seen = {}
    for i, label in enumerate(labels.tolist()):
        first_seen.setdefault(label, i)
    best = max(range(len(sizes)), key=lambda c: (sizes[c], -first_seen[c]))
    return np.flatnonzero(labels == best).tolist()
