"""Which part of the graph an export holds: all, a province, a region or one of the network's
zones, a topic, or one node's ego network.

A place scope holds the nodes whose province (through their district or subdistrict, the finest
place they are located in: ``queries.ask.experts.provinces``) lies in it, its places (the
province, a region's or zone's provinces, their districts and subdistricts), and a region's nodes
located in the region itself."""

from __future__ import annotations

import re
from dataclasses import dataclass

import networkx as nx

from phakhee.graph.errors import InvalidInput
from phakhee.graph.geography import provinces_in
from phakhee.graph.model import NodeKind
from phakhee.queries.ask.experts import provinces

KINDS = ("province", "region", "topic", "ego")
_KINDS = {"province": {"province"}, "region": {"region"}, "topic": {"topic"}, "ego": set(NodeKind)}
"""The kinds of node each scope may name."""
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_LOCATED = "located_in"
_PLACES = {"province", "region"}


@dataclass(frozen=True, slots=True)
class Scope:
    """``all``, or ``province=ID``, ``region=ID`` (a region's or a zone's id), ``topic=ID``,
    ``ego=ID``."""

    kind: str = "all"
    id: str = ""

    @classmethod
    def parse(cls, text: str | None) -> Scope:
        """A scope from ``kind=id`` or ``kind=name``: an id with or without its ``kind:`` prefix,
        a province, region or zone by any of its names (kept as its id: ``region=อีสานบน`` is
        ``region=zone:northeast-upper``), a topic or an ego network's
        node by its name too (kept as given, resolved against the graph by ``select``)."""
        if not text or text == "all":
            return cls()
        kind, sep, ident = text.partition("=")
        kind, ident = kind.strip(), ident.strip()
        if not sep or kind not in KINDS or not ident:
            raise InvalidInput("scope: use province=ID, region=ID, topic=ID or ego=ID")
        if kind in _PLACES and ":" not in ident:
            ident = _place(kind, ident)
        elif kind == "topic" and _SLUG.fullmatch(ident):
            ident = f"{kind}:{ident}"
        return cls(kind, ident)

    def __str__(self) -> str:
        return "all" if self.kind == "all" else f"{self.kind}={self.id}"


def _place(kind: str, name: str) -> str:
    """A province id, or a region's or zone's, from its slug or its name in Thai or English
    (``น่าน``, ``Nan``, ``อีสานบน``)."""
    from phakhee.loaders.resolve import area, province

    try:
        return (province if kind == "province" else area)(name)
    except InvalidInput:
        return name  # not a known name: select refuses it, with the near misses it offers


def located(graph: nx.MultiDiGraph, area: str) -> set[str]:
    """The nodes of a province, region or zone: its places in the graph (the area, its provinces,
    their districts and subdistricts) and every node whose province lies in it or located in
    the region itself."""
    inside = provinces_in(area)
    found = {p for p in (area, *inside) if p in graph}
    found |= {n for n, p in provinces(graph).items() if p in inside}
    if area.startswith("region:") and area in graph:
        found |= {s for s, _, k in graph.in_edges(area, keys=True) if k == _LOCATED}
    return found


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


def resolved(graph: nx.MultiDiGraph, scope: Scope) -> Scope:
    """The scope with its node as an id: named as ``queries.ask.resolve`` reads names (NotFound,
    with near misses, for none; Ambiguous for more than one). What an export's metadata records."""
    if scope.kind == "all":
        return scope
    node = scope.id
    if scope.kind == "region" and node.startswith("zone:") and provinces_in(node):
        return scope  # a zone is an area, not a node
    if node not in graph or graph.nodes[node].get("kind") not in _KINDS[scope.kind]:
        from phakhee.queries.ask.resolve import graph_resolver

        node = graph_resolver(graph).resolve(node, _KINDS[scope.kind])
    return Scope(scope.kind, node)


def select(graph: nx.MultiDiGraph, scope: Scope) -> set[str] | None:
    """The node ids in scope (None: the whole graph); the scope's node as ``resolved`` finds it."""
    if scope.kind == "all":
        return None
    node = resolved(graph, scope).id
    if scope.kind in _PLACES:
        return _context(graph, located(graph, node))
    # topic and ego: the node and everything tied to it, either way
    return {node, *graph.successors(node), *graph.predecessors(node)}
