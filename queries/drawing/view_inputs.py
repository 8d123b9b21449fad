"""The one seam between the analyses and the views: sizes, groups, brokers, bridges and suggested
introductions for a graph version.

Brokers and bridges are the analytics' own at every size (``queries.analytics.brokers``: the
people and ties without whom the weave splits, one depth-first search over the collaboration
graph), so the gaps view, the weave report and ``/analytics/brokers`` name the same people; on
100,000 people the first gaps view of a graph version builds the collaboration graph for it
(about 5 s, then 1.3 s for the cut points). Sizes, groups and suggested introductions are the
analytics of the whole network (``queries.analytics.centrality``, ``queries.analytics.communities``,
``queries.analytics.suggestions``) up to ``WHOLE_NETWORK_UP_TO`` people, cached by graph version;
above it they are computed on the weave and on the part a view draws: on the 100,000-person demo
the whole report takes tens of seconds from a fresh graph version (docs/performance.md) — too
long to wait for a first page.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from phakhee.queries.analytics.brokers import bridges as all_bridges
from phakhee.queries.analytics.brokers import broker_ids
from phakhee.queries.analytics.centrality import centrality, check_measure, matrix, scores
from phakhee.queries.analytics.communities import communities
from phakhee.queries.analytics.suggestions import suggestions as top_suggestions
from phakhee.queries.cache import GraphVersion
from phakhee.queries.drawing import layout
from phakhee.queries.drawing.layout import Position
from phakhee.queries.drawing.selection import Selection, Weave, build_weave

SEED = 7
"""Seed of every layout: the same graph version always gives the same picture."""
WHOLE_NETWORK_UP_TO = 30_000
"""People up to which views show the analytics of the whole network (10,000 people: seconds)."""
BROKERS = 100
"""Brokers a gaps view marks, at most: of those it draws, the ones who cut off the most people."""
BROKER_LEGEND = (
    "ตัวเชื่อม · broker: ถ้าขาดเขา เครือข่ายจะแยกออกจากกัน · without them the weave splits"
    f" (a cut point; at most {BROKERS}, those who cut off the most people)"
)
"""The legend of the brokers a gaps view marks: ``brokers.RULE`` and the view's limit."""
SUGGESTIONS = 1000
"""Suggested introductions a gaps view looks through for pairs it draws."""


def weave(gv: GraphVersion) -> Weave:
    """The graph version's weave of people, teams and partners (built once per graph version)."""
    return gv.derived("views:weave", build_weave)


def whole_network(gv: GraphVersion) -> bool:
    """Whether the views take the whole network's analytics (small enough) or their own."""
    people = gv.derived(
        "views:people", lambda g: sum(1 for _, k in g.nodes(data="kind") if k == "person")
    )
    return people <= WHOLE_NETWORK_UP_TO


def sizes(gv: GraphVersion, measure: str = "degree") -> dict[str, float]:
    """Centrality of every person, team and partner by ``measure`` (one of MEASURES): the
    analytics' own, or above the size limit the same measure over the weave."""
    if whole_network(gv):
        return centrality(gv, measure)
    check_measure(measure)
    w = weave(gv)
    adj = gv.derived("views:weave:matrix", lambda _: matrix(w.graph))
    return gv.derived(f"views:size:{measure}", lambda _: scores(w.graph, measure, adj))


def _local_groups(graph: nx.Graph) -> dict[str, int]:
    found = nx.community.label_propagation_communities(graph)
    parts = sorted(found, key=lambda c: (-len(c), min(c)))
    return {n: i for i, part in enumerate(parts) for n in part}


def groups(gv: GraphVersion, among: set[str] | None = None) -> dict[str, int]:
    """A community per person, team and partner (or per node of ``among``, the part a view
    draws): the analytics' Louvain communities, or above the size limit label propagation."""
    if whole_network(gv):
        of = communities(gv).of
        return of if among is None else {n: of[n] for n in among if n in of}
    w = weave(gv)
    if among is not None:
        return _local_groups(w.graph.subgraph(among))
    return gv.derived("views:groups", lambda _: _local_groups(w.graph))


def top_brokers(gv: GraphVersion, province: str | None = None) -> list[str]:
    """The brokers a gaps view draws first (at most ``BROKERS``, most people cut off first), of
    the whole network or of one province."""
    return broker_ids(gv, province=province)[:BROKERS]


def gaps(
    gv: GraphVersion, among: set[str] | None = None
) -> tuple[list[str], list[tuple[str, str]]]:
    """Brokers and bridges of the whole network, or of the part ``among`` a view draws, at every
    size: the analytics' brokers (``brokers.broker_ids``: at most ``BROKERS``, of those drawn, most
    people cut off first) and bridges."""
    brokers = broker_ids(gv, among=among)[:BROKERS]
    bridges = all_bridges(gv)
    if among is not None:
        bridges = [e for e in bridges if e[0] in among and e[1] in among]
    return brokers, bridges


def _friends_of_friends(g: nx.Graph, among: set[str], limit: int) -> list[tuple[str, str]]:
    shared: Counter[tuple[str, str]] = Counter()
    for middle in (n for n in among if n.startswith("person:")):
        near = sorted(m for m in g[middle] if m in among and m.startswith("person:"))
        for i, a in enumerate(near[:50]):
            for b in near[i + 1 : 50]:
                if not g.has_edge(a, b):
                    shared[(a, b)] += 1
    return [p for p, _ in sorted(shared.items(), key=lambda x: (-x[1], x[0]))[:limit]]


def suggestions(gv: GraphVersion, among: set[str], limit: int = 30) -> list[tuple[str, str]]:
    """Suggested introductions between people of ``among``: the analytics' best, or above the
    size limit the pairs sharing the most acquaintances."""
    if not whole_network(gv):
        return _friends_of_friends(weave(gv).graph, among, limit)
    pairs = gv.derived(
        "views:suggested-pairs",
        lambda _: [(s.a, s.b) for s in top_suggestions(gv, limit=SUGGESTIONS)],
    )
    return [(a, b) for a, b in pairs if a in among and b in among][:limit]


def _place_attrs(g: nx.MultiDiGraph) -> dict[str, dict]:
    return {n: a for n, a in g.nodes(data=True) if a["kind"] in ("province", "region")}


def map_layout(gv: GraphVersion) -> dict[str, Position]:
    """Every person, team and partner around its province, and every province and region at its
    place on the map of Thailand: laid out once per graph version (seeded)."""
    centres = gv.derived("views:centres", lambda g: layout.place_centres(_place_attrs(g)))
    w = weave(gv)
    degree = sizes(gv, "degree")

    def build(g: nx.MultiDiGraph) -> dict[str, Position]:
        nodes = {n: g.nodes[n] for n in w.graph}
        out = layout.geographic(nodes, w.home, centres, degree, seed=SEED)
        return centres | out | layout.labels_above(centres, Counter(w.home.values()))

    return gv.derived("views:layout:geo", build)


def positions(gv: GraphVersion, sel: Selection, scores: dict[str, float]) -> dict[str, Position]:
    """Where each node of ``sel`` goes: map views take their nodes from the map layout."""
    centres = gv.derived("views:centres", lambda g: layout.place_centres(_place_attrs(g)))
    if sel.layout == "geo":
        if sel.aggregate:  # few nodes: a smaller map, so nodes and labels read at full view
            out = {n: centres[n] for n in sel.nodes if n in centres}
            out |= {
                r: layout.project(*ll) for r, ll in layout.REGION_ANCHORS.items() if r in sel.nodes
            }
            k = layout.AGGREGATE_SCALE
            return {n: (x * k, y * k) for n, (x, y) in out.items()}
        full = map_layout(gv)
        return {n: full.get(n, (0.0, 0.0)) for n in sel.nodes}
    center = sel.center or next(iter(sel.nodes), "")
    return layout.radial(sel.nodes, sel.edges, center, scores, centres, seed=SEED)
