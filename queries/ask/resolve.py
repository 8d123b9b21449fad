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

from collections.abc import Iterable

import networkx as nx

from phakhee.graph.model import NodeKind
from phakhee.loaders.resolve import Names, Resolver
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
                slug = node.partition(":")[2]
                names.add(
                    node,
                    [
                        attrs.get("name"),
                        attrs.get("name_en"),
                        *attrs.get("aliases", ()),
                        node,
                        slug,
                    ],
                )
        return index

    def has(self, node_id: str) -> bool:
        return node_id in self.graph


def graph_resolver(graph: nx.MultiDiGraph) -> Resolver:
    """A resolver over ``graph``'s names (for a graph without a version to keep it by)."""
    return Resolver(source=GraphNames(graph))


def resolver(gv: GraphVersion) -> Resolver:
    """The graph version's resolver, built once per version."""
    return gv.derived("resolver", graph_resolver)


def node(gv: GraphVersion, text: str, kinds: Iterable[str]) -> str:
    """The id of the one node of ``kinds`` that ``text`` names; ``Ambiguous`` or ``NotFound``
    otherwise."""
    return resolver(gv).resolve(text, {NodeKind(k) for k in kinds})


def optional(gv: GraphVersion, text: str | None, kinds: Iterable[str]) -> str | None:
    """``node`` for a text that may be absent: None for none."""
    return None if text is None or text == "" else node(gv, text, kinds)
