# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Compiled loops of the sparse-matrix analytics: NetworkX's algorithms, step for step, on CSR arrays.

Each function takes a graph as CSR arrays (``indptr``, ``indices``; int64) and does what the named
NetworkX function does, in the same order and with the same arithmetic, so the Python wrappers in
``queries.analytics._sparse`` and ``queries.analytics._louvain`` give NetworkX's own answers.
"""

from libc.math cimport pow
from libc.stdint cimport int64_t

import numpy as np


def louvain_level(
    const int64_t[::1] indptr,
    const int64_t[::1] indices,
    const double[::1] weights,
    const double[::1] degrees,
    const int64_t[::1] order,
    double m,
    double resolution,
):
    """One level of ``networkx.algorithms.community.louvain._one_level`` (undirected): every node,
    in ``order``, moves to the neighbouring community of best modularity gain until none moves.
    Neighbours are visited in the adjacency's order (NetworkX's dict order). Returns each node's
    community (a node's own index names its first community) and whether any node moved."""
    cdef Py_ssize_t n = indptr.shape[0] - 1
    node2com_a = np.arange(n, dtype=np.int64)
    stot_a = np.array(degrees, dtype=np.float64)
    slot_a = np.full(n, -1, dtype=np.int64)
    coms_a = np.empty(n, dtype=np.int64)
    acc_a = np.empty(n, dtype=np.float64)
    cdef int64_t[::1] node2com = node2com_a
    cdef double[::1] stot = stot_a
    cdef int64_t[::1] slot = slot_a
    cdef int64_t[::1] coms = coms_a
    cdef double[::1] acc = acc_a
    cdef double two_m2 = 2 * pow(m, 2)
    cdef double degree, remove_cost, gain, best_mod
    cdef int64_t u, v, c, best_com, found, k, j, step
    cdef int64_t moves = 1
    cdef bint improvement = False
    while moves > 0:
        moves = 0
        for step in range(n):
            u = order[step]
            best_mod = 0
            best_com = node2com[u]
            found = 0
            for j in range(indptr[u], indptr[u + 1]):
                v = indices[j]
                if v == u:
                    continue
                c = node2com[v]
                if slot[c] < 0:
                    slot[c] = found
                    coms[found] = c
                    acc[found] = 0.0
                    found += 1
                acc[slot[c]] += weights[j]
            if slot[best_com] < 0:  # NetworkX reads its defaultdict here, which adds the key
                slot[best_com] = found
                coms[found] = best_com
                acc[found] = 0.0
                found += 1
            degree = degrees[u]
            stot[best_com] -= degree
            remove_cost = -acc[slot[best_com]] / m + resolution * (stot[best_com] * degree) / two_m2
            for k in range(found):
                c = coms[k]
                gain = remove_cost + acc[k] / m - resolution * (stot[c] * degree) / two_m2
                if gain > best_mod:
                    best_mod = gain
                    best_com = c
            stot[best_com] += degree
            for k in range(found):
                slot[coms[k]] = -1
            if best_com != node2com[u]:
                improvement = True
                moves += 1
                node2com[u] = best_com
    return node2com_a, bool(improvement)


def row_sums(const int64_t[::1] indptr, const double[::1] weights, const int64_t[::1] indices):
    """Each row's weights summed left to right, a self-loop counted twice (``G.degree(weight=)``)."""
    cdef Py_ssize_t n = indptr.shape[0] - 1
    out_a = np.zeros(n, dtype=np.float64)
    cdef double[::1] out = out_a
    cdef double s, loop
    cdef int64_t u, j
    for u in range(n):
        s = 0.0
        loop = 0.0
        for j in range(indptr[u], indptr[u + 1]):
            s += weights[j]
            if indices[j] == u:
                loop = weights[j]
        out[u] = s + loop
    return out_a


cdef class _Search:
    """Breadth first from one source after another, the scratch arrays reused: each reached
    node's distance in hops, the order reached and (with ``paths``) its number of shortest paths."""

    cdef const int64_t[::1] indptr
    cdef const int64_t[::1] indices
    cdef int64_t[::1] dist  # -1 where not reached
    cdef int64_t[::1] queue
    cdef double[::1] sigma
    cdef bint paths
    cdef int64_t reached

    def __cinit__(self, const int64_t[::1] indptr, const int64_t[::1] indices, bint paths):
        n = indptr.shape[0] - 1
        self.indptr = indptr
        self.indices = indices
        self.dist = np.full(n, -1, dtype=np.int64)
        self.queue = np.empty(n, dtype=np.int64)
        self.sigma = np.zeros(n, dtype=np.float64)
        self.paths = paths
        self.reached = 0

    cdef void run(self, int64_t s) noexcept:
        cdef const int64_t[::1] indptr = self.indptr
        cdef const int64_t[::1] indices = self.indices
        cdef int64_t[::1] dist = self.dist
        cdef int64_t[::1] queue = self.queue
        cdef double[::1] sigma = self.sigma
        cdef int64_t v, w, j, head = 0, tail = 1
        sigma[s] = 1.0
        dist[s] = 0
        queue[0] = s
        while head < tail:
            v = queue[head]
            head += 1
            for j in range(indptr[v], indptr[v + 1]):
                w = indices[j]
                if dist[w] < 0:
                    dist[w] = dist[v] + 1
                    queue[tail] = w
                    tail += 1
                if self.paths and dist[w] == dist[v] + 1:
                    sigma[w] += sigma[v]
        self.reached = tail

    cdef void reset(self) noexcept:
        """Back to nothing reached, touching only what the last search reached."""
        cdef int64_t at, w
        for at in range(self.reached):
            w = self.queue[at]
            self.dist[w] = -1
            self.sigma[w] = 0.0
        self.reached = 0


def dependencies(
    const int64_t[::1] indptr, const int64_t[::1] indices, const int64_t[::1] sources
):
    """Brandes' sums of pair dependencies over ``sources``, in hops
    (``betweenness_centrality``'s ``_single_source_shortest_path_basic`` + ``_accumulate_basic``)."""
    cdef Py_ssize_t n = indptr.shape[0] - 1
    cdef _Search search = _Search(indptr, indices, True)
    total_a = np.zeros(n, dtype=np.float64)
    delta_a = np.zeros(n, dtype=np.float64)
    cdef double[::1] total = total_a
    cdef double[::1] delta = delta_a
    cdef int64_t[::1] dist = search.dist
    cdef int64_t[::1] queue = search.queue
    cdef double[::1] sigma = search.sigma
    cdef int64_t s, v, w, j, at, i
    cdef double coeff
    for i in range(sources.shape[0]):
        s = sources[i]
        search.run(s)
        for at in range(search.reached - 1, -1, -1):
            w = queue[at]
            coeff = (1 + delta[w]) / sigma[w]
            for j in range(indptr[w], indptr[w + 1]):
                v = indices[j]
                if dist[v] == dist[w] - 1:
                    delta[v] += sigma[v] * coeff
            if w != s:
                total[w] += delta[w]
        for at in range(search.reached):
            delta[queue[at]] = 0.0
        search.reset()
    return total_a


def harmonic_sums(
    const int64_t[::1] indptr, const int64_t[::1] indices, const int64_t[::1] sources
):
    """For each node, Σ 1/d(s, node) over ``sources``, d in hops (breadth first from each)."""
    cdef _Search search = _Search(indptr, indices, False)
    sums_a = np.zeros(indptr.shape[0] - 1, dtype=np.float64)
    cdef double[::1] sums = sums_a
    cdef int64_t[::1] dist = search.dist
    cdef int64_t[::1] queue = search.queue
    cdef int64_t at, i
    for i in range(sources.shape[0]):
        search.run(sources[i])
        for at in range(1, search.reached):
            sums[queue[at]] += 1.0 / dist[queue[at]]
        search.reset()
    return sums_a


def core_numbers(const int64_t[::1] indptr, const int64_t[::1] indices):
    """``nx.core_number`` (Batagelj and Zaversnik's bucket order) of a loopless graph."""
    cdef Py_ssize_t n = indptr.shape[0] - 1
    core_a = np.diff(np.asarray(indptr)).astype(np.int64)
    cdef int64_t[::1] core = core_a
    cdef int64_t top = core_a.max() if n else 0
    bins_a = np.zeros(top + 2, dtype=np.int64)
    order_a = np.empty(n, dtype=np.int64)
    pos_a = np.empty(n, dtype=np.int64)
    cdef int64_t[::1] bins = bins_a
    cdef int64_t[::1] order = order_a
    cdef int64_t[::1] pos = pos_a
    cdef int64_t v, u, w, j, d, start, i, pu, pw
    for v in range(n):
        bins[core[v] + 1] += 1
    for d in range(top + 1):
        bins[d + 1] += bins[d]  # bins[d]: where nodes of degree d start in ``order``
    for v in range(n):
        pos[v] = bins[core[v]]
        order[pos[v]] = v
        bins[core[v]] += 1
    for d in range(top, 0, -1):
        bins[d] = bins[d - 1]
    bins[0] = 0
    for i in range(n):
        v = order[i]
        for j in range(indptr[v], indptr[v + 1]):
            u = indices[j]
            if core[u] > core[v]:
                pu = pos[u]
                start = bins[core[u]]
                w = order[start]
                if u != w:
                    pos[u], pos[w] = start, pu
                    order[start], order[pu] = u, w
                bins[core[u]] += 1
                core[u] -= 1
    return core_a


def blocks(const int64_t[::1] indptr, const int64_t[::1] indices):
    """Biconnected components (``nx.biconnected_components``): each tie's block, by Hopcroft and
    Tarjan's depth-first search with a stack of ties. Returns, for every CSR entry, the block of
    its tie (-1 for none: a self-loop) and the number of blocks."""
    cdef Py_ssize_t n = indptr.shape[0] - 1
    cdef Py_ssize_t nnz = indices.shape[0]
    block_a = np.full(nnz, -1, dtype=np.int64)
    disc_a = np.full(n, -1, dtype=np.int64)
    low_a = np.zeros(n, dtype=np.int64)
    parent_a = np.full(n, -1, dtype=np.int64)
    next_a = np.empty(n, dtype=np.int64)
    edges_a = np.empty(nnz, dtype=np.int64)
    froms_a = np.empty(nnz, dtype=np.int64)
    stack_a = np.empty(n, dtype=np.int64)
    cdef int64_t[::1] block = block_a
    cdef int64_t[::1] disc = disc_a
    cdef int64_t[::1] low = low_a
    cdef int64_t[::1] parent = parent_a
    cdef int64_t[::1] nxt = next_a
    cdef int64_t[::1] edges = edges_a  # the CSR entries of ties seen, not yet in a block
    cdef int64_t[::1] froms = froms_a  # and the rows they are on
    cdef int64_t[::1] stack = stack_a  # the depth-first path
    cdef int64_t root, v, w, j, e, top, sp, time = 0, found = 0
    for root in range(n):
        if disc[root] >= 0:
            continue
        disc[root] = low[root] = time
        time += 1
        nxt[root] = indptr[root]
        stack[0] = root
        sp, top = 1, 0
        while sp:
            v = stack[sp - 1]
            if nxt[v] < indptr[v + 1]:
                j = nxt[v]
                nxt[v] += 1
                w = indices[j]
                if w == v or w == parent[v]:
                    continue
                if disc[w] < 0:
                    parent[w] = v
                    disc[w] = low[w] = time
                    time += 1
                    nxt[w] = indptr[w]
                    edges[top] = j
                    froms[top] = v
                    top += 1
                    stack[sp] = w
                    sp += 1
                elif disc[w] < disc[v]:  # a tie back to an ancestor
                    edges[top] = j
                    froms[top] = v
                    top += 1
                    if disc[w] < low[v]:
                        low[v] = disc[w]
            else:
                sp -= 1
                if sp == 0:
                    break
                w = v
                v = stack[sp - 1]
                if low[w] < low[v]:
                    low[v] = low[w]
                if low[w] >= disc[v]:  # v cuts w's side off: the ties down to (v, w) are a block
                    while True:
                        top -= 1
                        e = edges[top]
                        block[e] = found
                        if froms[top] == v and indices[e] == w:
                            break
                    found += 1
    return block_a, found

