"""Where a node is, as the policy (``graph.access``) and the privacy gate ask it: the one way
from a node's ``located_in`` ties to a ``Target`` and to the gate's ``places``.

A node is where its ``located_in`` ties lead: a province, a region, or a district or
subdistrict, which counts as its province (and brings that province's region and zone). A place
is where it is itself: a province is in itself, a district or subdistrict in its province, a
region in itself. A node with no ``located_in`` tie (a topic, a skill, a node just created) is
nowhere, which no coordinator or academic changes. Reads only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import networkx as nx

from phakhee.graph.access import Action, Principal, Target, decide
from phakhee.graph.errors import NotFound
from phakhee.graph.geography import province_of, zone_of
from phakhee.graph.model import NodeKind, NodeRecord, TieKind, TieRecord, kind_of
from phakhee.graph.store import Direction, GraphStore
from phakhee.queries.cache import GraphVersion

_LOCATED = TieKind.LOCATED_IN
Key = tuple[str, str, str]
_PLACES = frozenset({NodeKind.PROVINCE, NodeKind.DISTRICT, NodeKind.SUBDISTRICT, NodeKind.REGION})


def where(node_id: str, located: Iterable[str]) -> frozenset[str]:
    """The places of ``node_id`` located at ``located`` (its ``located_in`` targets): province,
    region and zone ids, a district or subdistrict as its province; a place itself among them."""
    found: set[str] = set()
    own = [node_id] if kind_of(node_id) in _PLACES else []
    for place in [*own, *located]:
        if place.startswith("region:"):
            found.add(place)
        elif (province := province_of(place)) is not None:
            found.add(province)
            if (zone := zone_of(province)) is not None:
                found.add(zone)
    return frozenset(found)


def places_of(store: GraphStore, node_id: str) -> frozenset[str]:
    """``where`` ``node_id`` is by the store's ``located_in`` ties; NotFound for no node."""
    located = store.neighbours(node_id, tie_kinds=[_LOCATED], direction=Direction.OUT)
    return where(node_id, (nb.node.id for nb in located if nb.tie.source == node_id))


def target_of(store: GraphStore, node_id: str) -> Target:
    """The policy's target for the node ``node_id`` as it is in the store: its kind and places.
    A node not (yet) there is nowhere: ``exists`` tells a creation from an edit."""
    try:
        return Target.at(places_of(store, node_id), kind_of(node_id))
    except NotFound:
        return Target.at(where(node_id, ()), kind_of(node_id))


def tie_target_of(store: GraphStore, kind: str, source: str, target: str) -> Target:
    """The policy's target for a tie of ``kind`` from ``source`` to ``target``: either end's
    places — but a ``located_in`` tie places its source, so it is the source node as it is and
    as it will be (every one of those places the caller's): nobody claims another's node."""
    if kind == _LOCATED:
        try:
            now = places_of(store, source)
        except NotFound:
            now = frozenset()
        return Target.at(now | where(source, [target]), kind_of(source))
    return Target.tie(target_of(store, source), target_of(store, target))


def exists(store: GraphStore, node_id: str) -> bool:
    """Whether the store holds ``node_id`` (a write to it is an edit, else a creation)."""
    try:
        store.get_node(node_id)
    except NotFound:
        return False
    return True


def _graph_places(g: nx.MultiDiGraph) -> dict[str, frozenset[str]]:
    located: dict[str, list[str]] = {}
    for s, t, k in g.edges(keys=True):
        if k == _LOCATED:
            located.setdefault(s, []).append(t)
    out = {}
    for n, kind in g.nodes(data="kind"):
        if n in located or kind in _PLACES:
            out[n] = where(n, located.get(n, ()))
    return out


def graph_places(gv: GraphVersion) -> dict[str, frozenset[str]]:
    """``where`` every node of the graph version is (nodes located nowhere left out), computed
    once per version: the gate's ``places`` for pages, views and exports."""
    return gv.derived("policy-places", _graph_places)


def places_in(g: nx.MultiDiGraph, node_id: str) -> frozenset[str]:
    """``where`` ``node_id`` is on the graph ``g`` (one node: no whole-graph pass)."""
    located = [t for _, t, k in g.out_edges(node_id, keys=True) if k == _LOCATED]
    return where(node_id, located)


def graph_target_of(g: nx.MultiDiGraph, node_id: str) -> Target:
    """``target_of`` on a graph (a page or view answering from a graph version)."""
    return Target.at(places_in(g, node_id), g.nodes[node_id].get("kind"))


def upload_screen(
    principal: Principal, stored: Mapping[str, frozenset[str]]
) -> Callable[[dict[str, NodeRecord], dict[Key, TieRecord]], dict[str | Key, str]]:
    """The loader's ``screen`` for an upload by ``principal``: each node and tie it may not
    upload (``Action.UPLOAD``), with the policy's reason. A node is where the graph has it
    (``stored``: ``graph_places``) and where the load puts it, both; a tie where either end is
    (a ``located_in`` tie: where its node is then)."""

    def screen(nodes: dict[str, NodeRecord], ties: dict[Key, TieRecord]) -> dict[str | Key, str]:
        located: dict[str, list[str]] = {}
        for t in ties.values():
            if t.kind is _LOCATED:
                located.setdefault(t.source, []).append(t.target)

        def at(node_id: str) -> Target:
            places = stored.get(node_id, frozenset()) | where(node_id, located.get(node_id, ()))
            return Target.at(places, kind_of(node_id))

        refused: dict[str | Key, str] = {}
        for node_id in nodes:
            if not (d := decide(principal, Action.UPLOAD, at(node_id))):
                refused[node_id] = d.reason
        for key, t in ties.items():
            target = at(t.source) if t.kind is _LOCATED else Target.tie(at(t.source), at(t.target))
            if not (d := decide(principal, Action.UPLOAD, target)):
                refused[key] = d.reason
        return refused

    return screen
