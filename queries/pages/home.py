"""The home page: the network in numbers, what happened lately, the provinces by region."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from phakhee.graph.geography import ZONES_BY_ID
from phakhee.graph.model import NodeKind
from phakhee.graph.reference import region_id
from phakhee.queries.ask.experts import home as home_of
from phakhee.queries.cache import GraphVersion

RECENT = 8
"""How many of the latest events the home page lists."""


@dataclass(frozen=True, slots=True)
class Named:
    """A node as a page lists it: its id and its names."""

    id: str
    name: str
    name_en: str | None


@dataclass(frozen=True, slots=True)
class Region:
    """A region and its provinces, by Thai name."""

    region: Named
    provinces: list[Named]


@dataclass(frozen=True, slots=True)
class Event:
    """An event, its date and where it was held."""

    event: Named
    date: str | None
    province: Named | None


@dataclass(frozen=True, slots=True)
class Home:
    """Everything the home page shows."""

    counts: list[tuple[str, int]]
    ties: int
    regions: list[Region]
    recent: list[Event]


def named(g, node: str) -> Named:
    """The node ``node`` of graph ``g`` as a page lists it."""
    d = g.nodes[node]
    return Named(node, str(d.get("name") or node), d.get("name_en"))


ZONE_IDS: tuple[str, ...] = tuple(ZONES_BY_ID)
"""The network's zones, in its tracker's order."""


def zone(zone: str) -> Named:
    """One of the network's zones as a page names it (a zone is not a node): its id, the name
    its tracker stores (อีสานบน; the pages say โซน before it) and its English name."""
    z = ZONES_BY_ID[zone]
    return Named(zone, z.short_th, z.name_en)


def _province_of(g, node: str) -> Named | None:
    """The province a node is in, through its district or subdistrict (``experts.home``)."""
    province = home_of(g, node)
    return named(g, province) if province in g else None


def regions(gv: GraphVersion) -> list[Region]:
    """Every region with its provinces (each region's ``region`` field), sorted by Thai name."""
    g = gv.graph
    by_region: dict[str, list[Named]] = {}
    for node, d in g.nodes(data=True):
        if d.get("kind") == NodeKind.PROVINCE:
            by_region.setdefault(region_id(str(d.get("region"))), []).append(named(g, node))
    out = []
    for rid in sorted(by_region, key=lambda r: str(g.nodes[r].get("name", r)) if r in g else r):
        if rid in g:
            out.append(Region(named(g, rid), sorted(by_region[rid], key=lambda n: n.name)))
    return out


def home(gv: GraphVersion, as_of: dt.date | None = None) -> Home:
    """The home page's facts on graph version ``gv``, computed once for the version and the day:
    the latest events are those held on or before ``as_of`` (default today)."""
    today = (as_of or dt.date.today()).isoformat()
    return gv.derived(f"pages:home:{today}", lambda _: _home(gv, today))


def _home(gv: GraphVersion, today: str) -> Home:
    g = gv.graph
    counts = Counter(d.get("kind") for _, d in g.nodes(data=True))
    events = [
        (str(d.get("date") or ""), n)
        for n, d in g.nodes(data=True)
        if d.get("kind") == NodeKind.EVENT and str(d.get("date") or "") <= today
    ]
    events.sort(reverse=True)
    recent = [Event(named(g, n), date or None, _province_of(g, n)) for date, n in events[:RECENT]]
    return Home(
        counts=[(k.value, counts.get(k.value, 0)) for k in NodeKind],
        ties=g.number_of_edges(),
        regions=regions(gv),
        recent=recent,
    )
