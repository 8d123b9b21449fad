"""The download page: the places and topics an export's scope may name, for its choices."""

from __future__ import annotations

from dataclasses import dataclass

from phakhee.graph.model import NodeKind
from phakhee.queries.cache import GraphVersion
from phakhee.queries.pages.home import Named, Region, named, regions


@dataclass(frozen=True, slots=True)
class Choices:
    """What the download page offers as scopes: the regions with their provinces, and the topics."""

    regions: list[Region]
    topics: list[Named]


def _choices(gv: GraphVersion) -> Choices:
    g = gv.graph
    topics = [named(g, n) for n, kind in g.nodes(data="kind") if kind == NodeKind.TOPIC]
    return Choices(regions(gv), sorted(topics, key=lambda t: (t.name, t.id)))


def choices(gv: GraphVersion) -> Choices:
    """The scopes the download page offers on graph version ``gv`` (built once per version)."""
    return gv.derived("pages.download.choices", lambda _: _choices(gv))
