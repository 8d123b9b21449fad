"""The node a user names, wherever one is named: CLI arguments and options, API paths and
parameters, view routes, report and export scopes.

One code path, the loaders' ``Resolver``, over the names of a graph version: a node is named by
its id (in any case), its id without the kind (``nan`` for ``province:nan``), its name, English
name or an alias, compared as search compares them; a province by its Thai or English name
with or without จังหวัด / จ. / "Province" (``น่าน``, ``จังหวัดน่าน``, ``Nan Province``), a region
or a skill by any of its names. A name of more than one node is refused naming each
(``Ambiguous``, with ``candidates``); a name of none is ``NotFound``, with the near misses it may
have meant as ``suggestions`` ("did you mean …": offered, never taken).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from phakhee.graph.errors import InvalidInput
from phakhee.graph.model import NodeKind
from phakhee.loaders.resolve import Names, NamesChange, Resolver, area, followed_names
from phakhee.queries.cache import GraphVersion

EVERY_KIND = frozenset(NodeKind)


class GraphNames:
    """A graph's nodes as a name source: every kind's names indexed on first use, then kept."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self._names: dict[NodeKind, Names] = {}

    def names(self, kind: NodeKind) -> Names:
        if not self._names:  # every kind in one pass over the graph, whole before it is seen
            self._names = self._index()
        return self._names[kind]

    def _index(self) -> dict[NodeKind, Names]:
        index = {kind: Names(titles=kind is NodeKind.PERSON) for kind in NodeKind}
        for node, attrs in self.graph.nodes(data=True):
            names = index.get(attrs.get("kind"))  # type: ignore[call-overload]
            if names is not None:
                names.add(node, _names_of(node, attrs))
        return index

    def has(self, node_id: str) -> bool:
        return node_id in self.graph


def _names_of(node: str, attrs: Mapping[str, Any]) -> list[str | None]:
    """What a node is named by: its name (shown), English name, aliases, id, id without kind."""
    return [
        attrs.get("name"),
        attrs.get("name_en"),
        *attrs.get("aliases", ()),
        node,
        node.partition(":")[2],
    ]


FOLLOW_SHARE = 0.2
"""A delta touching more than this share of the graph's nodes indexes the names again (on first
use) instead of following them."""


def follow_names(previous: GraphNames, gv: GraphVersion) -> GraphNames:
    """The names of ``gv``'s graph, made from the previous version's by its delta: the index
    ``GraphNames(gv.graph)`` makes, ``previous`` left as it was.

    A node is named by its own attributes only (name, English name, aliases, id): no tie
    changes a name, so only the delta's nodes are looked at, each as it was in the previous
    graph and as it is now; a kind none of whose names changed shares the previous index. Names
    not indexed yet, a large delta or none are left to be indexed whole on first use.
    """
    graph, delta = gv.graph, gv.delta
    if (
        not previous._names
        or delta is None
        or len(delta.nodes) > FOLLOW_SHARE * max(1, graph.number_of_nodes())
    ):
        return GraphNames(graph)
    changed: dict[str, dict[str, NamesChange]] = {}
    before, after = previous.graph.nodes, graph.nodes
    for node in delta.nodes:
        old, new = before.get(node, {}), after.get(node, {})
        old_names, new_names = _names_of(node, old), _names_of(node, new)
        old_kind, new_kind = old.get("kind"), new.get("kind")
        if old_kind == new_kind:
            if old_names != new_names and old_kind in previous._names:
                changed.setdefault(old_kind, {})[node] = (old_names, new_names)
            continue
        # created or deleted (a kind of None: no node), or, were an id to change kind, both
        if old_kind in previous._names:
            changed.setdefault(old_kind, {})[node] = (old_names, [])
        if new_kind in previous._names:
            changed.setdefault(new_kind, {})[node] = ([], new_names)
    out = GraphNames(graph)
    out._names = {
        kind: followed_names(names, changed[kind]) if kind in changed else names
        for kind, names in previous._names.items()
    }
    return out


def graph_resolver(graph: nx.MultiDiGraph) -> Resolver:
    """A resolver over ``graph``'s names (for a graph without a version to keep it by)."""
    return Resolver(source=GraphNames(graph))


def follow(previous: Resolver, gv: GraphVersion) -> Resolver:
    """The resolver of ``gv``, its names made from the previous version's (``follow_names``)."""
    source = previous.source
    if not isinstance(source, GraphNames):
        return graph_resolver(gv.graph)
    return Resolver(source=follow_names(source, gv))


def resolver(gv: GraphVersion) -> Resolver:
    """The graph version's resolver: made once per graph version, its names followed from the
    previous version's by its delta when there is one, else indexed whole on first use."""
    return gv.followed("resolver", graph_resolver, follow)


def node(gv: GraphVersion, text: str, kinds: Iterable[str]) -> str:
    """The id of the one node of ``kinds`` that ``text`` names; ``Ambiguous`` or ``NotFound``
    otherwise."""
    return resolver(gv).resolve(text, {NodeKind(k) for k in kinds})


def optional(gv: GraphVersion, text: str | None, kinds: Iterable[str]) -> str | None:
    """``node`` for a text that may be absent: None for none."""
    return None if text is None or text == "" else node(gv, text, kinds)


def optional_area(gv: GraphVersion, text: str | None) -> str | None:
    """The region or zone a place filter names (``region=``, ``--region``): a region by any of
    its names, or one of the network's ten zones in Thai or English (``อีสานบน``, ``Upper
    Northeast``, ``zone:northeast-upper``; ``loaders.resolve.area``); None for none. A text
    that is neither is looked for among the graph's regions (``NotFound`` with near misses).
    Filter with ``graph.geography.in_area``."""
    if text is None or text == "":
        return None
    try:
        return area(text)
    except InvalidInput:
        return node(gv, text, {"region"})
