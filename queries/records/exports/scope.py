"""Which part of the graph an export holds: all, a province, a region, a topic, or one node's ego network."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from phakhee.graph.errors import InvalidInput, NotFound

KINDS = ("province", "region", "topic", "ego")
_LOCATED = "located_in"
_PLACES = {"province", "region"}


@dataclass(frozen=True, slots=True)
class Scope:
    """``all``, or ``province=ID``, ``region=ID``, ``topic=ID``, ``ego=ID``."""

    kind: str = "all"
    id: str = ""

    @classmethod
    def parse(cls, text: str | None) -> Scope:
        """A scope from ``kind=id`` (the id with or without its ``kind:`` prefix; provinces and
        regions also by name in Thai or English)."""
        if not text or text == "all":
            return cls()
        kind, sep, ident = text.partition("=")
        kind, ident = kind.strip(), ident.strip()
        if not sep or kind not in KINDS or not ident:
            raise InvalidInput("scope: use province=ID, region=ID, topic=ID or ego=ID")
        if kind in _PLACES and ":" not in ident:
            ident = _place(kind, ident)
        elif kind != "ego" and ":" not in ident:
            ident = f"{kind}:{ident}"
        return cls(kind, ident)

    def __str__(self) -> str:
        return "all" if self.kind == "all" else f"{self.kind}={self.id}"


def _place(kind: str, name: str) -> str:
    """A province or region id from its slug or its name in Thai or English (``น่าน``, ``Nan``)."""
    from phakhee.loaders.resolve import province, region

    try:
        return (province if kind == "province" else region)(name)
    except InvalidInput:
        return f"{kind}:{name}"  # not a known name: NotFound names the id when it is looked up


def located(graph: nx.MultiDiGraph, places: set[str]) -> set[str]:
    """The nodes located in any of ``places`` (a located_in tie to one)."""
    return {
        s
        for place in places
        for s, _, k in graph.in_edges(place, keys=True)
        if k == _LOCATED and s not in places
    }


def _context(graph: nx.MultiDiGraph, core: set[str]) -> set[str]:
    """Core nodes plus their neighbours that have no place of their own (topics, skills, ...)."""
    kinds = graph.nodes
    extra = set()
    for n in core:
        for m in (*graph.successors(n), *graph.predecessors(n)):
            if m in core or m in extra or kinds[m].get("kind") in _PLACES:
                continue
            if not any(k == _LOCATED for _, _, k in graph.out_edges(m, keys=True)):
                extra.add(m)
    return core | extra


def select(graph: nx.MultiDiGraph, scope: Scope) -> set[str] | None:
    """The node ids in scope (None: the whole graph); NotFound for an unknown id."""
    if scope.kind == "all":
        return None
    if scope.id not in graph:
        raise NotFound("node", scope.id, f"no node {scope.id!r} for scope {scope.kind}")
    kind = graph.nodes[scope.id].get("kind")
    if scope.kind in _PLACES and kind != scope.kind:
        raise InvalidInput(f"scope {scope.kind}: {scope.id!r} is a {kind}")
    if scope.kind == "province":
        return _context(graph, {scope.id} | located(graph, {scope.id}))
    if scope.kind == "region":
        provinces = located(graph, {scope.id})
        places = {scope.id} | provinces
        return _context(graph, places | located(graph, places))
    # topic and ego: the node and everything tied to it, either way
    if scope.kind == "topic" and kind != "topic":
        raise InvalidInput(f"scope topic: {scope.id!r} is a {kind}")
    return {scope.id, *graph.successors(scope.id), *graph.predecessors(scope.id)}
