"""Ego networks and lessons: a node with its neighbourhood, and the lessons the network has captured."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from phakhee.graph.errors import InvalidInput, NotFound
from phakhee.queries.ask.experts import home


@dataclass(slots=True)
class Ego:
    """A node's neighbourhood: node ids with their attributes, and the ties among them."""

    center: str
    nodes: dict[str, dict]
    ties: list[tuple[str, str, str, dict]]


def ego(g: nx.MultiDiGraph, node: str, *, depth: int = 1, tie_kinds: set[str] | None = None) -> Ego:
    """A person, team or partner (any node) with everything within ``depth`` (1 or 2) ties."""
    if node not in g:
        raise NotFound("node", node, f"no node {node!r}")
    if depth not in (1, 2):
        raise InvalidInput("depth must be 1 or 2")
    view = (
        g
        if tie_kinds is None
        else g.edge_subgraph((s, t, k) for s, t, k in g.edges(keys=True) if k in tie_kinds)
    )
    if node not in view:
        return Ego(node, {node: dict(g.nodes[node])}, [])
    near = nx.ego_graph(view.to_undirected(as_view=True), node, radius=depth)
    ties = [(s, t, k, dict(d)) for s, t, k, d in view.subgraph(near).edges(keys=True, data=True)]
    return Ego(node, {n: dict(g.nodes[n]) for n in near}, sorted(ties, key=lambda e: e[:3]))


@dataclass(frozen=True, slots=True)
class LessonEntry:
    id: str
    name: str
    name_en: str | None
    lesson_type: str
    date: str | None
    province: str | None
    topics: list[str]
    authors: list[tuple[str, str]]


def lessons(
    g: nx.MultiDiGraph,
    *,
    topic: str | None = None,
    province: str | None = None,
    lesson_type: str | None = None,
    author: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 50,
) -> list[LessonEntry]:
    """Lessons by topic, province, type, author and date range, newest first."""
    out = []
    for node, attrs in g.nodes(data=True):
        if attrs["kind"] != "lesson" or (lesson_type and attrs["lesson_type"] != lesson_type):
            continue
        date = attrs.get("date")
        if (since and (not date or date < since.isoformat())) or (
            until and (not date or date > until.isoformat())
        ):
            continue
        topics = sorted(t for _, t, k in g.out_edges(node, keys=True) if k == "about")
        place = home(g, node) or next(  # its province, through its district or subdistrict
            (t for _, t, k in g.out_edges(node, keys=True) if k == "located_in"), None
        )
        authors = sorted(
            (s, g.nodes[s].get("name", s))
            for s, _, k in g.in_edges(node, keys=True)
            if k == "authored"
        )
        if (topic and topic not in topics) or (province and place != province):
            continue
        if author and author not in {a for a, _ in authors}:
            continue
        out.append(
            LessonEntry(
                node,
                attrs.get("name", node),
                attrs.get("name_en"),
                attrs["lesson_type"],
                date,
                place,
                topics,
                authors,
            )
        )
    out.sort(key=lambda entry: (entry.date or "", entry.id), reverse=True)
    return out[:limit]
