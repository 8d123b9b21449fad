"""Network-weaver measures: how far a place's weave has grown, from scattered fragments to a core
with its periphery.

Krebs and Holley describe four stages a community's network goes through as weavers connect it:
scattered fragments, a single hub-and-spoke, a multi-hub small world, and a core-periphery
network. ``weave`` measures the collaboration graph (``queries.collaboration``) of a set of
people — a province's, a region's, the whole country's — by the figures those stages differ in,
and ``stage`` names the stage by the explicit thresholds below (checked in this order):

| stage | when |
|---|---|
| ``scattered`` | fewer than ``MIN_TIES`` ties, or the largest connected part holds less than ``FRAGMENTED_BELOW`` of the people |
| ``hub`` | one person dominates: Freeman degree centralization at least ``HUB_CENTRALIZATION`` |
| ``core_periphery`` | a main core of at least ``CORE_K`` (each tied to ``CORE_K`` others of it) holding from ``CORE_MIN`` to ``CORE_MAX`` of the people |
| ``multi_hub`` | anything else: one connected weave with several hubs, no dominant core yet |

The share of ties the best-tied person is in is shown beside centralization but does not
decide the stage: in a network of three, everyone is in two thirds of the ties.

A person's sector is that of the partners they carry (``liaises_with``), the one they carry most
(ties by ``SECTOR_ORDER``); a person who carries none is the network's own (``NETWORK``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

import networkx as nx

MIN_TIES = 1
FRAGMENTED_BELOW = 0.5
HUB_CENTRALIZATION = 0.5
CORE_K = 3
CORE_MIN, CORE_MAX = 0.1, 0.6
STAGES: tuple[str, ...] = ("scattered", "hub", "multi_hub", "core_periphery")
"""The stages, in the order a weave grows through them (Krebs and Holley)."""
NETWORK = "network"
"""The sector of a person who carries no partnership: the civic network itself."""
SECTOR_ORDER: tuple[str, ...] = ("government", "private", "civil_society", "target_group", "other")


@dataclass(frozen=True, slots=True)
class Weave:
    """The weaver measures of one set of people (``weave``) and its stage (``stage``).

    ``ties`` are those among the people; ``outward`` the ties with one end among them and the
    other elsewhere. The cross-province and cross-sector counts are over ``ties + outward``,
    their shares of that (0 when there are none).
    """

    people: int
    ties: int
    outward: int
    components: int
    largest: int
    isolates: int
    centralization: float
    top_person: str | None
    top_share: float
    core_k: int
    core: int
    periphery: int
    cross_province: int
    cross_province_share: float
    cross_sector: int
    cross_sector_share: float
    stage: str


FIGURES: tuple[str, ...] = (
    "people",
    "ties",
    "components",
    "isolates",
    "centralization",
    "top_share",
    "core_k",
    "core",
    "periphery",
    "cross_province",
    "cross_province_share",
    "cross_sector",
    "cross_sector_share",
)
"""The figures of a ``Weave`` that compare between two times (``changes``)."""


def degree_centralization(graph: nx.Graph) -> float:
    """Freeman's degree centralization of ``graph``: how far it is from everyone equally tied
    towards one person tied to all others.

    Parameters
    ----------
    graph : NetworkX graph
        Undirected; self-loops are not counted.

    Returns
    -------
    float
        ``Σ_v (d_max − d(v)) / ((n − 1)(n − 2))``: 1.0 for a star, 0.0 for a cycle, a complete
        graph or no ties; 0.0 for fewer than three nodes, where no graph can be more central
        than another.

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks: conceptual clarification.
       Social Networks 1(3), 215–239.
    """
    n = graph.number_of_nodes()
    if n < 3:
        return 0.0
    degrees = [d - 2 * graph.number_of_edges(v, v) for v, d in graph.degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def sectors_of(g: nx.MultiDiGraph) -> dict[str, str]:
    """Each person's sector: of the partners they carry, the sector they carry most (ties by
    ``SECTOR_ORDER``); people who carry none are left out (their sector is ``NETWORK``)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for s, t, k in g.edges(keys=True):
        if k == "liaises_with" and s.startswith("person:") and t in g:
            counts[s][str(g.nodes[t].get("sector", "other"))] += 1
    rank = {s: i for i, s in enumerate(SECTOR_ORDER)}
    return {p: min(c, key=lambda s: (-c[s], rank.get(s, len(rank)), s)) for p, c in counts.items()}


def stage(w: Weave) -> str:
    """The stage of a weave by the module's thresholds: ``scattered``, ``hub``,
    ``core_periphery`` or ``multi_hub`` (checked in that order).

    Parameters
    ----------
    w : Weave
        The measures ``weave`` gives (its own ``stage`` is not read).

    Returns
    -------
    str
        One of ``STAGES``.

    References
    ----------
    .. [1] Krebs, V. and Holley, J. (2006). Building Smart Communities through Network Weaving.
       Appalachian Center for Economic Networks.
    """
    if w.ties < MIN_TIES or w.largest < FRAGMENTED_BELOW * w.people:
        return "scattered"
    if w.centralization >= HUB_CENTRALIZATION:
        return "hub"
    if w.core_k >= CORE_K and CORE_MIN * w.people <= w.core <= CORE_MAX * w.people:
        return "core_periphery"
    return "multi_hub"


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def weave(
    graph: nx.Graph,
    nodes: Collection | None = None,
    *,
    provinces: Mapping | None = None,
    sectors: Mapping | None = None,
) -> Weave:
    """The network-weaver measures of the people ``nodes`` on ``graph``, and their stage.

    Parameters
    ----------
    graph : NetworkX graph
        Undirected: the collaboration graph of people (``queries.collaboration``).
    nodes : collection of nodes or None, optional (default=None)
        The people measured (a province's); None for every node. The structural figures are
        those of the subgraph they induce; ties leading out of it count only as ``outward``.
    provinces : mapping or None, optional (default=None)
        Each node's province; a tie is across provinces when its ends have two different ones
        (a tie with an end of unknown province is not counted across).
    sectors : mapping or None, optional (default=None)
        Each node's sector (``sectors_of``); a node missing from it is of ``NETWORK``.

    Returns
    -------
    Weave
        Counts of people, ties, connected components (isolates included) and isolates; the
        size of the largest component; Freeman degree centralization (``degree_centralization``,
        0–1) and the share of the ties the best-tied person is in (0–1); the main k-core (its k,
        ``nx.core_number``'s largest, and how many people are in it; 0 and nobody when there
        are no ties) and the rest (periphery); ties across provinces and across sectors, counts
        and shares (0–1); the stage (``stage``).

    Notes
    -----
    The main core is the k-core with the largest k: everyone in it is tied to at least k others
    in it. Borgatti and Everett [2]_ define a core-periphery structure as a dense core and a
    periphery tied to the core more than to itself; the main k-core is a simple, deterministic
    stand-in for their fitted core, and ``stage`` asks that it hold a part of the people, not
    all or almost none.

    References
    ----------
    .. [1] Krebs, V. and Holley, J. (2006). Building Smart Communities through Network Weaving.
       Appalachian Center for Economic Networks.
    .. [2] Borgatti, S. P. and Everett, M. G. (1999). Models of core/periphery structures.
       Social Networks 21(4), 375–395.
    .. [3] Freeman, L. C. (1978). Centrality in social networks: conceptual clarification.
       Social Networks 1(3), 215–239.
    """
    members = set(graph) if nodes is None else {v for v in nodes if v in graph}
    sub = graph.subgraph(members)
    parts = list(nx.connected_components(sub))
    degrees = dict(sub.degree())
    ties = sub.number_of_edges()
    top = min(members, key=lambda v: (-degrees[v], str(v))) if members else None
    numbers = nx.core_number(sub) if ties else {}
    k = max(numbers.values(), default=0)
    core = sum(1 for x in numbers.values() if x == k) if k else 0
    provinces = provinces or {}
    sectors = sectors or {}
    outward = cross_p = cross_s = 0
    for u in members:
        for v in graph[u]:
            inside = v in members
            if inside and not (str(u) < str(v)):
                continue  # an inside tie once, from its smaller end
            outward += not inside
            pu, pv = provinces.get(u), provinces.get(v)
            cross_p += pu is not None and pv is not None and pu != pv
            cross_s += sectors.get(u, NETWORK) != sectors.get(v, NETWORK)
    every = ties + outward
    found = Weave(
        people=len(members),
        ties=ties,
        outward=outward,
        components=len(parts),
        largest=max(map(len, parts), default=0),
        isolates=sum(1 for d in degrees.values() if d == 0),
        centralization=round(degree_centralization(sub), 4),
        top_person=top if ties else None,
        top_share=round(_share(degrees[top], ties), 4) if ties else 0.0,
        core_k=k,
        core=core,
        periphery=len(members) - core,
        cross_province=cross_p,
        cross_province_share=round(_share(cross_p, every), 4),
        cross_sector=cross_s,
        cross_sector_share=round(_share(cross_s, every), 4),
        stage="",
    )
    return replace(found, stage=stage(found))


@dataclass(frozen=True, slots=True)
class Change:
    """One figure now and at an earlier time, and by how much it moved (now − then)."""

    figure: str
    now: float
    then: float
    by: float


def changes(now: Weave, then: Weave) -> list[Change]:
    """How each of the ``FIGURES`` moved from ``then`` to ``now``, in that order (shares and
    centralization rounded to four places)."""
    out = []
    for f in FIGURES:
        a, b = getattr(now, f), getattr(then, f)
        out.append(Change(f, a, b, round(a - b, 4)))
    return out
