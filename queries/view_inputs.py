"""The one seam between the analyses and the views: sizes, groups, brokers, bridges and suggested
introductions for a snapshot.

For now it uses what is cheap and always there (degree centrality, connected components,
label-propagation communities, articulation points, bridges of the weave, and
friends of friends). When the analytics modules
land, only this file changes: ``sizes`` from ``queries.centrality.centrality``, ``groups`` from
``queries.communities.communities(snapshot).of``, brokers and bridges from ``queries.brokers``,
suggestions from ``queries.suggestions``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from graph.errors import InvalidInput
from queries import layout
from queries.cache import Snapshot
from queries.layout import Position
from queries.selection import Selection, Weave, build_weave

SEED = 7
"""Seed of every layout: the same graph version always gives the same picture."""
MEASURES = ("degree",)
"""Centrality measures a view can size its nodes by (until the analytics modules land)."""


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
    """Centrality of every weave node by ``measure`` (one of MEASURES)."""
    if measure not in MEASURES:
        raise InvalidInput(f"measure {measure!r} is not one of: {', '.join(MEASURES)}")
    w = weave(snapshot)
    return snapshot.derived(f"views:size:{measure}", lambda _: nx.degree_centrality(w.graph))


def groups(snapshot: Snapshot, among: set[str] | None = None) -> dict[str, int]:
    """A group number per weave node (or per node of ``among``, the part a view draws), largest
    group first: label-propagation communities (cheap, deterministic) until the analytics'
    communities land."""
    w = weave(snapshot)

    def build(graph: nx.Graph) -> dict[str, int]:
        found = nx.community.label_propagation_communities(graph)
        parts = sorted(found, key=lambda c: (-len(c), min(c)))
        return {n: i for i, part in enumerate(parts) for n in part}

    if among is not None:
        return build(w.graph.subgraph(among))
    return snapshot.derived("views:groups", lambda _: build(w.graph))


def gaps(
    snapshot: Snapshot, among: set[str] | None = None
) -> tuple[list[str], list[tuple[str, str]]]:
    """Brokers (nodes whose removal splits the weave, or the part ``among`` a view draws) and
    bridges (ties whose removal does), leaving out those that only cut off one dangling node
    (someone known through one tie)."""
    w = weave(snapshot)

    def build(graph: nx.Graph) -> tuple[list[str], list[tuple[str, str]]]:
        core = graph.subgraph(n for n, d in graph.degree() if d > 1)
        brokers = sorted(nx.articulation_points(core))
        bridges = sorted(tuple(sorted(e)) for e in nx.bridges(core))
        return brokers, bridges  # type: ignore[return-value]

    if among is not None:
        return build(w.graph.subgraph(among))
    return snapshot.derived("views:gaps", lambda _: build(w.graph))


def suggestions(snapshot: Snapshot, among: set[str], limit: int = 30) -> list[tuple[str, str]]:
    """People among ``among`` who do not know each other but share the most acquaintances."""
    g = weave(snapshot).graph
    people = [n for n in among if n.startswith("person:")]
    shared: dict[tuple[str, str], int] = {}
    for middle in people:
        near = sorted(m for m in g[middle] if m in among and m.startswith("person:"))
        for i, a in enumerate(near[:50]):
            for b in near[i + 1 : 50]:
                if not g.has_edge(a, b):
                    shared[(a, b)] = shared.get((a, b), 0) + 1
    return [p for p, _ in sorted(shared.items(), key=lambda x: (-x[1], x[0]))[:limit]]


def view_inputs(snapshot: Snapshot, measure: str = "degree") -> ViewInputs:
    """Everything the views encode, for one graph version."""
    brokers, bridges = gaps(snapshot)
    return ViewInputs(sizes(snapshot, measure), groups(snapshot), brokers, bridges, [])


def _place_attrs(g: nx.MultiDiGraph) -> dict[str, dict]:
    return {n: a for n, a in g.nodes(data=True) if a["kind"] in ("province", "region")}


def positions(snapshot: Snapshot, sel: Selection, scores: dict[str, float]) -> dict[str, Position]:
    """Where each node of ``sel`` goes. The map of the whole weave is laid out once per graph
    version (seeded) and every map view takes its nodes from it."""
    if sel.layout == "geo":
        centres = snapshot.derived("views:centres", lambda g: layout.place_centres(_place_attrs(g)))
        if sel.aggregate:  # few nodes: a smaller map, so nodes and labels read at full view
            out = {n: centres[n] for n in sel.nodes if n in centres}
            out |= {
                r: layout.project(*ll) for r, ll in layout.REGION_ANCHORS.items() if r in sel.nodes
            }
            k = layout.AGGREGATE_SCALE
            return {n: (x * k, y * k) for n, (x, y) in out.items()}
        w = weave(snapshot)
        degree = sizes(snapshot, "degree")

        def build(g: nx.MultiDiGraph) -> dict[str, Position]:
            nodes = {n: g.nodes[n] for n in w.graph}
            out = layout.geographic(nodes, w.home, centres, degree, seed=SEED)
            return out | layout.labels_above(centres, Counter(w.home.values()))

        full = snapshot.derived("views:layout:geo", build)
        return {n: full[n] if n in full else centres.get(n, (0.0, 0.0)) for n in sel.nodes}
    centres = snapshot.derived("views:centres", lambda g: layout.place_centres(_place_attrs(g)))
    center = sel.center or next(iter(sel.nodes), "")
    return layout.radial(sel.nodes, sel.edges, center, scores, centres, seed=SEED)
