"""Partnership maps: for a province, a region or a sector, who partners with whom, how, and who carries it."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from phakhee.graph.errors import NotFound
from phakhee.graph.geography import in_area
from phakhee.queries.ask.experts import check_area, home


@dataclass(frozen=True, slots=True)
class Partnership:
    """A team's partnership with a partner: level, since when, budget, and the people who carry it."""

    team: str
    team_name: str
    level: str
    since: str | None
    shared_budget: bool
    budget_thb: float | None
    carriers: list[tuple[str, str]]


@dataclass(slots=True)
class PartnerEntry:
    id: str
    name: str
    name_en: str | None
    sector: str
    province: str | None
    partnerships: list[Partnership] = field(default_factory=list)


@dataclass(slots=True)
class PartnershipMap:
    """The partners in scope, and counts by sector and by level."""

    scope: str
    partners: list[PartnerEntry]
    by_sector: dict[str, int]
    by_level: dict[str, int]


def _entry(g: nx.MultiDiGraph, partner: str) -> PartnerEntry:
    attrs = g.nodes[partner]
    carriers = sorted(
        (s, g.nodes[s].get("name", s))
        for s, _, k in g.in_edges(partner, keys=True)
        if k == "liaises_with"
    )
    entry = PartnerEntry(
        partner, attrs.get("name", partner), attrs.get("name_en"), attrs["sector"], home(g, partner)
    )
    for team, _, k, d in sorted(g.in_edges(partner, keys=True, data=True)):
        if k != "partners_with":
            continue
        members = {s for s, _, mk in g.in_edges(team, keys=True) if mk == "member_of"}
        entry.partnerships.append(
            Partnership(
                team,
                g.nodes[team].get("name", team),
                d["level"],
                d.get("since"),
                bool(d.get("shared_budget")),
                d.get("budget_thb"),
                [c for c in carriers if c[0] in members] or carriers,
            )
        )
    return entry


def partnership_map(
    g: nx.MultiDiGraph,
    *,
    province: str | None = None,
    region: str | None = None,
    sector: str | None = None,
) -> PartnershipMap:
    """Partners located in a province or region, or of a sector (filters combine)."""
    if province is not None and (province not in g or g.nodes[province]["kind"] != "province"):
        raise NotFound("province", province, f"no province {province!r}")
    check_area(region)
    partners = []
    for node, attrs in g.nodes(data=True):
        if attrs["kind"] != "partner" or (sector and attrs["sector"] != sector):
            continue
        place = home(g, node)
        if province and place != province:
            continue
        if region and not in_area(place, region):
            continue
        partners.append(_entry(g, node))
    partners.sort(key=lambda p: (p.province or "", p.sector, p.id))
    by_sector: dict[str, int] = {}
    by_level: dict[str, int] = {}
    for p in partners:
        by_sector[p.sector] = by_sector.get(p.sector, 0) + 1
        for ship in p.partnerships:
            by_level[ship.level] = by_level.get(ship.level, 0) + 1
    scope = ", ".join(x for x in (province, region, sector and f"sector:{sector}") if x) or "all"
    return PartnershipMap(
        scope, partners, dict(sorted(by_sector.items())), dict(sorted(by_level.items()))
    )
