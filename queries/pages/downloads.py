"""The download page: the places and topics an export's scope may name, for its choices."""

from __future__ import annotations

from dataclasses import dataclass, field

from phakhee.graph.model import NodeKind
from phakhee.queries.cache import GraphVersion
from phakhee.queries.pages.home import ZONE_IDS, Named, Region, named, regions, zone


@dataclass(frozen=True, slots=True)
class Choices:
    """What the download page offers as scopes: the regions with their provinces, the topics,
    and the network's zones (an area as a region is), in their tracker's order."""

    regions: list[Region]
    topics: list[Named]
    zones: list[Named] = field(default_factory=list)


def _choices(gv: GraphVersion) -> Choices:
    g = gv.graph
    topics = [named(g, n) for n, kind in g.nodes(data="kind") if kind == NodeKind.TOPIC]
    ordered = sorted(topics, key=lambda t: (t.name, t.id))
    return Choices(regions(gv), ordered, [zone(z) for z in ZONE_IDS])


def choices(gv: GraphVersion) -> Choices:
    """The scopes the download page offers on graph version ``gv`` (built once per version)."""
    return gv.derived("pages.download.choices", lambda _: _choices(gv))
