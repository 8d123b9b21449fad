"""Brokers and fragility: the people the weave hangs on, ties with no second route, structural holes.

A broker is a person without whom the network of who works with whom splits (``RULE``; ``RULE_TH``
in Thai): a cut point of the collaboration graph, ranked by how many people would lose contact
with the rest, then by Burt's constraint (``broker_ids``). The API, the weave report and the
gaps view all take their brokers from ``broker_ids``.

Burt's constraint and effective size are computed for every node at once with sparse matrices
(SciPy), and equal NetworkX's ``constraint`` and ``effective_size`` (which work pair by pair in
pure Python) to 1e-9. With ``M = A + Aᵀ`` (mutual weights), ``P = M / rowsum(M)`` (each tie's share
of a node's ties), ``Q = M / rowmax(M)`` and ``S`` the pattern of ``M`` (who is tied to whom):

- constraint(u) = Σ_{v ∈ N(u)} (P_uv + (P·P)_uv)²
- effective size(u) = deg(u) − Σ_{w ∈ N(u)} P_uw (S·Q)_uw

The products are taken only where ``S`` has a tie, a block of rows at a time, so memory stays near
the size of the graph. Isolated nodes have neither (NaN), as in NetworkX (which, on a directed
graph, also counts a node without out-ties as isolated). Self-loops are ignored.

Articulation points and bridges come from the biconnected components (``sparse_measures.blocks``,
NetworkX's ``biconnected_components`` compiled): a person in two blocks or more is a cut point, a
block of two people is a bridge.

NetworkX 3.6's own all-nodes shortcut for ``effective_size`` (taken when ``nodes`` is None and
SciPy is installed) divides by the wrong node's largest weight on weighted graphs and builds a
dense n x n matrix; the reference here is its pair-by-pair definition (``nodes=list(G)``).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp

from phakhee.queries.analytics import _sparse as sm
from phakhee.queries.analytics.centrality import collaboration, collaboration_matrix, homes
from phakhee.queries.analytics.gaps import located_in
from phakhee.queries.ask.experts import check_province
from phakhee.queries.cache import GraphVersion

ROWS_PER_BLOCK = 4096


def _matrices(
    graph: nx.Graph, weight: str | None, adj: sm.Adjacency | None
) -> tuple[sp.csr_array, sp.csr_array]:
    """Mutual weights M (self-loops dropped) and the tie pattern S, in the order of ``graph``."""
    if adj is not None and sm.loopless(adj):
        # Undirected: A is symmetric and M = 2A, which P and Q scale away exactly.
        m = adj.weights
    else:
        a = nx.to_scipy_sparse_array(graph, weight=weight, format="csr", dtype=float)
        m = sp.csr_array(a + a.T)
        m.setdiag(0)
        m.eliminate_zeros()
    s = m.copy()
    s.data = np.ones_like(s.data)
    return m, s


def _scaled_rows(m: sp.csr_array, by: np.ndarray) -> sp.csr_array:
    """Each row of ``m`` divided by ``by`` (rows where ``by`` is 0 stay 0)."""
    with np.errstate(divide="ignore"):
        inverse = np.where(by > 0, 1 / np.where(by > 0, by, 1), 0.0)
    return sp.csr_array(sp.diags_array(inverse) @ m)


def structural_holes(
    graph: nx.Graph, weight: str | None = "weight", adj: sm.Adjacency | None = None
) -> tuple[dict, dict]:
    """Burt's constraint and effective size of every node, as NetworkX defines them (``adj``:
    the graph's matrix by ``weight``, when already built)."""
    nodes = list(graph)
    if not nodes:
        return {}, {}
    m, s = _matrices(graph, weight, adj)
    total = np.asarray(m.sum(axis=1)).ravel()
    top = m.max(axis=1).toarray().ravel()
    p, q = _scaled_rows(m, total), _scaled_rows(m, top)
    constraint = np.empty(len(nodes))
    redundancy = np.empty(len(nodes))
    for start in range(0, len(nodes), ROWS_PER_BLOCK):
        rows = slice(start, min(len(nodes), start + ROWS_PER_BLOCK))
        p_b, s_b = p[rows], s[rows]
        local = p_b + (p_b @ p).multiply(s_b)  # p_uv + Σ_w p_uw p_wv, on ties only
        constraint[rows] = np.asarray(local.power(2).sum(axis=1)).ravel()
        redundancy[rows] = np.asarray(p_b.multiply(s_b @ q).sum(axis=1)).ravel()
    effective = np.diff(s.indptr) - redundancy
    isolated = total == 0
    if graph.is_directed():  # as NetworkX: a node without out-ties counts as isolated
        isolated |= np.diff(nx.to_scipy_sparse_array(graph, format="csr").indptr) == 0
    constraint[isolated] = math.nan
    effective[isolated] = math.nan
    return (
        dict(zip(nodes, constraint.tolist(), strict=True)),
        dict(zip(nodes, effective.tolist(), strict=True)),
    )


def holes(gv: GraphVersion) -> tuple[dict[str, float], dict[str, float]]:
    """Constraint and effective size of every person on the collaboration graph, cached."""
    return gv.derived(
        "structural_holes",
        lambda _: structural_holes(collaboration(gv), adj=collaboration_matrix(gv)),
    )


def blocks(gv: GraphVersion) -> list[set[str]]:
    """The biconnected components of the collaboration graph (no person's leaving splits one), cached."""
    return gv.derived("blocks", lambda _: biconnected(collaboration(gv), collaboration_matrix(gv)))


def biconnected(graph: nx.Graph, adj: sm.Adjacency | None = None) -> list[set[str]]:
    """``nx.biconnected_components`` of ``graph``, on the sparse matrix where it applies."""
    if (adj := sm.matrix_for(graph, adj)) is not None:
        return [{adj.nodes[i] for i in block.tolist()} for block in sm.blocks(adj)]
    return [set(x) for x in nx.biconnected_components(graph)]


def bridges(gv: GraphVersion) -> list[tuple[str, str]]:
    """Ties between two people with no other route between them (each pair sorted, then the list).

    A bridge is a biconnected component of two people: read off the same pass as the cut people.
    """
    return sorted((min(x), max(x)) for x in blocks(gv) if len(x) == 2)


@dataclass(frozen=True, slots=True)
class Group:
    """People who would lose contact with the rest: how many, where, and a few names."""

    size: int
    provinces: dict[str, int]
    sample: list[str]


def _block_cut_pieces(blocks: list[set[str]]) -> dict[str, list[set[str]]]:
    """For each articulation point, the people of each piece but the largest once it is gone."""
    seen = Counter(v for b in blocks for v in b)
    points = {v for v, n in seen.items() if n > 1}  # in two blocks or more: articulation points
    tree: dict[Any, set[Any]] = defaultdict(set)
    for i, b in enumerate(blocks):
        for v in b & points:
            tree[("b", i)].add(("p", v))
            tree[("p", v)].add(("b", i))
    own = {("b", i): [v for v in b if v not in points] for i, b in enumerate(blocks)}

    def members(start: Any, banned: Any) -> set[str]:
        found: set[str] = set()
        stack, seen = [start], {start, banned}
        while stack:
            x = stack.pop()
            if x[0] == "p":
                found.add(x[1])
            else:
                found.update(own[x])
            for y in tree[x]:
                if y not in seen:
                    seen.add(y)
                    stack.append(y)
        return found

    # Subtree sizes from one root per tree of the block-cut forest, to find each piece's size.
    size_of: dict[Any, int] = {x: (len(own[x]) if x[0] == "b" else 1) for x in tree}
    parent: dict[Any, Any] = {}
    total: dict[Any, int] = {}
    subtree: dict[Any, int] = {}
    for root in tree:
        if root in parent:
            continue
        parent[root] = None
        order, stack = [], [root]
        while stack:
            x = stack.pop()
            order.append(x)
            for y in tree[x]:
                if y not in parent:
                    parent[y] = x
                    stack.append(y)
        for x in reversed(order):
            subtree[x] = size_of[x] + sum(subtree[y] for y in tree[x] if parent.get(y) == x)
        for x in order:
            total[x] = subtree[root]
    pieces: dict[str, list[set[str]]] = {}
    for v in points:
        x = ("p", v)
        sides = [(subtree[y], y) for y in tree[x] if parent.get(y) == x]
        if parent[x] is not None:
            sides.append((total[x] - subtree[x], parent[x]))
        sides.sort(key=lambda s: (-s[0], s[1]))  # equal pieces: by block, not by set order
        pieces[v] = [members(y, x) for _, y in sides[1:]]
    return pieces


RULE = (
    "A broker is a person without whom the network of who works with whom splits: a cut point "
    "(articulation point) of the collaboration graph. Brokers are ranked by how many people would "
    "lose contact with the largest remaining part if they left, most first; among equals, the "
    "least constrained first (Burt's constraint)."
)
"""The rule that makes a person a broker, in English: the API, the report and the views use it."""
RULE_TH = (
    "ตัวเชื่อม คือคนที่ถ้าขาดไป เครือข่ายของคนที่ทำงานร่วมกันจะแยกออกจากกัน"
    " (จุดตัดของกราฟความร่วมมือ) เรียงตามจำนวนคนที่จะขาดการติดต่อกับส่วนที่ใหญ่ที่สุดที่เหลืออยู่"
    " มากที่สุดก่อน ถ้าเท่ากัน คนที่ค่าข้อจำกัดเชิงโครงสร้าง (constraint ของ Burt) ต่ำกว่าก่อน"
)
"""The same rule in Thai."""


@dataclass(frozen=True, slots=True)
class Broker:
    """A person without whom the weave splits (``RULE``): how many people would lose contact with
    the rest, in which groups; their ties, and Burt's constraint and effective size beside."""

    id: str
    name: str
    province: str | None
    cut_off: int
    groups: list[Group]
    degree: int
    provinces_reached: int
    constraint: float
    effective_size: float


def _pieces(gv: GraphVersion) -> dict[str, list[set[str]]]:
    return gv.derived("block_cut_pieces", lambda _: _block_cut_pieces(blocks(gv)))


def broker_ids(
    gv: GraphVersion, province: str | None = None, among: Collection[str] | None = None
) -> list[str]:
    """The brokers of the weave by ``RULE``: the people without whom it splits, those whose
    leaving cuts off the most people first.

    A person is a broker when they are a cut point (articulation point) of the collaboration
    graph: removing them leaves their connected part in two pieces or more. How many people they
    cut off is everyone in those pieces but the largest. This is the one rule of the API
    (``/analytics/brokers``), the weave report and the gaps view: each takes its brokers from
    here (``brokers`` adds who is cut off, and the measures beside).

    Parameters
    ----------
    gv : GraphVersion
        The graph version; its collaboration graph (``queries.collaboration``) is the network.
    province : str or None, optional (default=None)
        Only brokers located in this province (its id); the order is still the network's.
    among : collection of str or None, optional (default=None)
        Only brokers among these nodes (the part a view draws).

    Returns
    -------
    list of str
        Every broker's id, most people cut off first, then the least constrained, then by id
        (the order is cached per graph version; a call filters it).

    Raises
    ------
    NotFound
        If ``province`` is not a province of the graph.

    Notes
    -----
    Cut points come from the biconnected components, found in one depth-first search over the
    ties (Hopcroft and Tarjan [1]_; ``nx.articulation_points`` on the same graph names the same
    people): a person in two components or more is a cut point. A network where everyone has a
    second route names nobody. Every cut point has two ties or more, so has a constraint. Burt's
    constraint [2]_ orders only the brokers who cut off as many people (on the 30,000-person demo,
    302 of its 322 cut off a team of 11 each); it does not choose: a low constraint says a
    person's contacts are not tied to each other, which holds for many people of a sparse network
    whether or not the network hangs on them.

    References
    ----------
    .. [1] Hopcroft, J. and Tarjan, R. (1973). Algorithm 447: efficient algorithms for graph
       manipulation. Communications of the ACM 16(6), 372–378.
    .. [2] Burt, R. S. (1992). Structural Holes: The Social Structure of Competition. Harvard
       University Press.
    """
    check_province(gv.graph, province)
    pieces = _pieces(gv)

    def rank(_: nx.MultiDiGraph) -> list[str]:
        constraint = holes(gv)[0] if pieces else {}
        return sorted(pieces, key=lambda v: (-sum(map(len, pieces[v])), constraint[v], v))

    ranked = gv.derived("cut_order", rank)
    where = homes(gv) if province is not None else {}
    return [
        v
        for v in ranked
        if (province is None or where.get(v) == province) and (among is None or v in among)
    ]


def brokers(
    gv: GraphVersion,
    limit: int | None = 20,
    province: str | None = None,
    *,
    sample: int = 5,
) -> list[Broker]:
    """The first ``limit`` of ``broker_ids`` (None: all), each with the groups they would cut
    off (``sample`` names of each, at most), their ties and the provinces these reach, and
    Burt's constraint and effective size (``structural_holes``)."""
    g, collab, where = gv.graph, collaboration(gv), homes(gv)
    chosen = broker_ids(gv, province)[:limit]
    pieces = _pieces(gv)
    constraint, effective = holes(gv) if chosen else ({}, {})
    out = []
    for v in chosen:
        groups = [
            Group(
                len(p),
                dict(Counter(where.get(u, "?") for u in p).most_common(3)),
                [g.nodes[u].get("name", u) for u in heapq.nsmallest(sample, p)],
            )
            for p in pieces[v]
        ]
        out.append(
            Broker(
                v,
                g.nodes[v].get("name", v),
                where.get(v),
                sum(x.size for x in groups),
                groups,
                collab.degree(v),
                len({where[u] for u in collab[v] if u in where}),
                constraint[v],
                effective[v],
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class SingleCarrier:
    """A team keeps its partnership with a partner through one member only."""

    team: str
    team_name: str
    partner: str
    partner_name: str
    person: str
    person_name: str


def single_carriers(g: nx.MultiDiGraph) -> list[SingleCarrier]:
    """People whose leaving disconnects a team from a partner: the only member carrying the tie."""
    members: dict[str, set[str]] = defaultdict(set)
    carriers: dict[str, set[str]] = defaultdict(set)
    for s, t, k in g.edges(keys=True):
        if k == "member_of":
            members[t].add(s)
        elif k == "liaises_with":
            carriers[t].add(s)
    found = []
    for team, partner, k in sorted(g.edges(keys=True)):
        if k != "partners_with":
            continue
        through = members[team] & carriers[partner]
        if len(through) == 1:
            (person,) = through
            found.append(
                SingleCarrier(
                    team,
                    g.nodes[team].get("name", team),
                    partner,
                    g.nodes[partner].get("name", partner),
                    person,
                    g.nodes[person].get("name", person),
                )
            )
    return found


def carried_by_one(gv: GraphVersion, province: str | None = None) -> list[SingleCarrier]:
    """``single_carriers`` of this graph version, cached (of one province's teams, if given:
    a team is where ``gaps.located`` puts it)."""
    found = gv.derived("single_carriers", single_carriers)
    if province is None:
        return found
    where = located_in(gv)
    return [c for c in found if where.get(c.team) == province]
