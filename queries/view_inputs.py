"""The one seam between the analyses and the views: sizes, groups, brokers, bridges and suggested
introductions for a snapshot, each from the analytics (``queries.centrality``,
``queries.communities``, ``queries.brokers``, ``queries.suggestions``), cached by graph version.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from queries import layout
from queries.brokers import bridges as all_bridges
from queries.brokers import brokers as top_brokers
from queries.cache import Snapshot
from queries.centrality import MEASURES, centrality
from queries.communities import communities
from queries.layout import Position
from queries.selection import Selection, Weave, build_weave
from queries.suggestions import suggestions as top_suggestions

SEED = 7
"""Seed of every layout: the same graph version always gives the same picture."""
BROKERS = 100
"""Brokers a gaps view highlights (those of them it draws): the least constrained people."""
SUGGESTIONS = 1000
"""Suggested introductions a gaps view looks through for pairs it draws."""
__all__ = [
    "MEASURES",
    "ViewInputs",
    "gaps",
    "groups",
    "map_layout",
    "positions",
    "sizes",
    "suggestions",
]


@dataclass(frozen=True, slots=True)
class ViewInputs:
    """What the views encode: size per node, group (community) per node, and the gaps."""

    sizes: dict[str, float]
    groups: dict[str, int]
    brokers: list[str]
    bridges: list[tuple[str, str]]
    suggestions: list[tuple[str, str]]


def weave(snapshot: Snapshot) -> Weave:
    """The snapshot's weave of people, teams and partners (built once per graph version)."""
    return snapshot.derived("views:weave", build_weave)


def sizes(snapshot: Snapshot, measure: str = "degree") -> dict[str, float]:
    """Centrality of every person, team and partner by ``measure`` (one of MEASURES)."""
    return centrality(snapshot, measure)


def groups(snapshot: Snapshot, among: set[str] | None = None) -> dict[str, int]:
    """The Louvain community of every person, team and partner (or of those in ``among``, the
    part a view draws), largest community first."""
    of = communities(snapshot).of
    return of if among is None else {n: of[n] for n in among if n in of}


def gaps(
    snapshot: Snapshot, among: set[str] | None = None
) -> tuple[list[str], list[tuple[str, str]]]:
    """Brokers (the least constrained people) and bridges (ties with no other route between
    their two people), of the whole network or of the part ``among`` a view draws."""
    brokers = [b.id for b in top_brokers(snapshot, limit=BROKERS)]
    bridges = all_bridges(snapshot)
    if among is None:
        return brokers, bridges
    return [b for b in brokers if b in among], [
        e for e in bridges if e[0] in among and e[1] in among
    ]


def suggestions(snapshot: Snapshot, among: set[str], limit: int = 30) -> list[tuple[str, str]]:
    """The best suggested introductions between people of ``among``."""
    found = top_suggestions(snapshot, limit=SUGGESTIONS)
    return [(s.a, s.b) for s in found if s.a in among and s.b in among][:limit]


def view_inputs(snapshot: Snapshot, measure: str = "degree") -> ViewInputs:
    """Everything the views encode, for one graph version."""
    brokers, bridges = gaps(snapshot)
    return ViewInputs(sizes(snapshot, measure), groups(snapshot), brokers, bridges, [])


def _place_attrs(g: nx.MultiDiGraph) -> dict[str, dict]:
    return {n: a for n, a in g.nodes(data=True) if a["kind"] in ("province", "region")}


def map_layout(snapshot: Snapshot) -> dict[str, Position]:
    """Every person, team and partner around its province, and every province and region at its
    place on the map of Thailand: laid out once per graph version (seeded)."""
    centres = snapshot.derived("views:centres", lambda g: layout.place_centres(_place_attrs(g)))
    w = weave(snapshot)
    degree = sizes(snapshot, "degree")

    def build(g: nx.MultiDiGraph) -> dict[str, Position]:
        nodes = {n: g.nodes[n] for n in w.graph}
        out = layout.geographic(nodes, w.home, centres, degree, seed=SEED)
        return centres | out | layout.labels_above(centres, Counter(w.home.values()))

    return snapshot.derived("views:layout:geo", build)


def positions(snapshot: Snapshot, sel: Selection, scores: dict[str, float]) -> dict[str, Position]:
    """Where each node of ``sel`` goes: map views take their nodes from the map layout."""
    centres = snapshot.derived("views:centres", lambda g: layout.place_centres(_place_attrs(g)))
    if sel.layout == "geo":
        if sel.aggregate:  # few nodes: a smaller map, so nodes and labels read at full view
            out = {n: centres[n] for n in sel.nodes if n in centres}
            out |= {
                r: layout.project(*ll) for r, ll in layout.REGION_ANCHORS.items() if r in sel.nodes
            }
            k = layout.AGGREGATE_SCALE
            return {n: (x * k, y * k) for n, (x, y) in out.items()}
        full = map_layout(snapshot)
        return {n: full.get(n, (0.0, 0.0)) for n in sel.nodes}
    center = sel.center or next(iter(sel.nodes), "")
    return layout.radial(sel.nodes, sel.edges, center, scores, centres, seed=SEED)
