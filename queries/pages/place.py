"""The dashboard of a province, an area (a region or one of the network's ten zones) or the whole
country: the learning-organisation scorecard with the district coverage beside indicator 1.2, the
gaps to act on (partner sectors, and partner types district by district), the partners by
sector, the brokers, the lessons, the policy outcomes, introductions worth making, and the
network-weaver measures with how they moved since the last snapshot.

Everything comes from the existing queries, limited to the place: a province's own scorecard and
gaps; an area's or the country's provinces' statuses counted per indicator and their gaps
grouped by what is missing. A zone is not a node: its names are the built-in ones
(``graph.thailand.ZONES``), its provinces ``graph.geography.provinces_in``'s. A place's
dashboard is built once per graph version (``dashboard``), so a page is a lookup; the weaver measures of the last snapshot are computed once per graph
version and snapshot, for every place at once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx

from phakhee.graph.errors import InvalidInput, NotFound
from phakhee.graph.geography import ZONE_OF, areas_of, provinces_in
from phakhee.graph.reference import region_id
from phakhee.graph.store import GraphStore, SnapshotInfo
from phakhee.graph.thailand import REGIONS
from phakhee.loaders.resolve import zone as zone_named_by
from phakhee.queries.analytics import brokers as b
from phakhee.queries.analytics import coverage as cv
from phakhee.queries.analytics import gaps as gp
from phakhee.queries.analytics import policies as po
from phakhee.queries.analytics import scorecard as sc
from phakhee.queries.analytics import suggestions as sg
from phakhee.queries.analytics import weaver as wv
from phakhee.queries.analytics.centrality import collaboration, homes
from phakhee.queries.ask.experts import provinces as located_provinces
from phakhee.queries.ask.maps import partnership_map
from phakhee.queries.ask.neighbourhood import LessonEntry, lessons
from phakhee.queries.cache import GraphVersion
from phakhee.queries.collaboration import collaboration_graph
from phakhee.queries.pages.home import ZONE_IDS, Named, Region, named, regions, zone
from phakhee.queries.records.snapshots import load_snapshot

COUNTRY = "country"
"""The id the whole network's dashboard goes by (no node has it)."""
AREAS = ("region", "zone")
"""The kinds of place that group provinces (a region is a node, a zone is not)."""
TOP = 10
"""How many brokers, lessons, introductions and names of a list a dashboard shows."""
PARTNERS_PER_SECTOR = 12
"""How many partners of each sector a dashboard lists by name."""
MAIN_FIGURE: dict[str, str] = {
    "1.2": "team_members",
    "1.3": "core_roles_filled",
    "1.4": "meetings_12m",
    "1.5": "skills_covered",
    "2.1": "latest_mean",
    "3.1": "partnerships",
    "3.2": "joint_events_12m",
    "3.3": "shared_budget_partnerships",
}
"""The figure of each indicator a dashboard shows beside its status."""
STATUSES: tuple[str, ...] = (sc.MET, sc.PARTLY, sc.NOT_MET)


@dataclass(frozen=True, slots=True)
class Row:
    """One indicator of a province: its status, its main figure, and the means of its region and
    of the country for that figure (None where the scorecard compares none)."""

    code: str
    status: str
    figure: str
    value: float | None
    region: float | None
    country: float | None


@dataclass(frozen=True, slots=True)
class Tally:
    """One indicator over an area's or the country's provinces: how many meet it, partly, not."""

    code: str
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class ProvinceCard:
    """A province of an area as its dashboard lists it: how many indicators it meets, partly,
    not (None: the network is not present there)."""

    province: Named
    met: int | None
    partly: int | None
    not_met: int | None
    coverage: cv.Coverage | None = None


@dataclass(frozen=True, slots=True)
class SectorGap:
    """A sector without partners: in a province (``provinces`` empty), or which provinces of an
    area or the country lack it (the first ``TOP``, and how many in all)."""

    sector: str
    provinces: list[Named]
    total: int


@dataclass(frozen=True, slots=True)
class ZoneCard:
    """A zone as the country's dashboard lists it: its names, how many provinces, its coverage."""

    zone: Named
    provinces: int
    coverage: cv.Coverage | None


@dataclass(frozen=True, slots=True)
class Weaving:
    """The weaver measures of the place now, and how they moved since the last snapshot
    (``snapshot`` None: there is none; ``then`` None: the place was not in it)."""

    now: wv.Weave
    top_person: Named | None
    snapshot: SnapshotInfo | None
    then: wv.Weave | None
    changes: list[wv.Change]


@dataclass(slots=True)
class Dashboard:
    """Everything a place's dashboard shows (``kind``: province, region, zone or country)."""

    id: str
    kind: str
    place: Named
    region: Named | None
    present: bool
    rows: list[Row]
    tallies: list[Tally]
    provinces: list[ProvinceCard]
    sector_gaps: list[SectorGap]
    operational_only: list[Named]
    operational_total: int
    network_team: Named | None
    teams: list[Named]
    team_total: int
    partners: dict[str, list[Named]]
    partner_counts: dict[str, int]
    broker_total: int
    brokers: list[b.Broker]
    lessons: list[LessonEntry]
    lesson_total: int
    suggestions: list[sg.Suggestion]
    weave: wv.Weave
    top_person: Named | None
    regions: list[Region] = field(default_factory=list)
    zone: Named | None = None
    """A province's zone."""
    areas: list[Named] = field(default_factory=list)
    """The other grouping's areas a region's or zone's provinces lie in: a region's zones, a
    zone's regions, in their built-in order."""
    zones: list[ZoneCard] = field(default_factory=list)
    """The country's zones, in the tracker's order."""
    coverage: cv.Coverage | None = None
    """District coverage of the place (``queries.analytics.coverage``)."""
    coverage_row: Row | None = None
    """A province's coverage share beside the means of its region and of the country."""
    uncovered: list[Named] = field(default_factory=list)
    """A province's districts without work, by code (every one: Bangkok has 50)."""
    policies: po.Policies = field(default_factory=po.Policies)
    """The policy outcomes of the place's lessons and events (the first ``TOP`` listed)."""
    type_gaps: dict[str, list[Named]] = field(default_factory=dict)
    """A province's partner types lacking in some district: type -> those districts."""
    types_missing: list[str] = field(default_factory=list)
    """A province's partner types it has no partner of at all."""


def _known(gv: GraphVersion, place: str) -> bool:
    """Whether ``place`` is a province, region or zone with a dashboard."""
    if place.startswith("zone:"):
        return place in ZONE_IDS
    return gv.graph.nodes.get(place, {}).get("kind") in ("province", "region")


def place_id(gv: GraphVersion, kind: str, slug: str) -> str:
    """The place a dashboard's address names (``province``, ``nan`` → ``province:nan``;
    ``zone``, ``northeast-upper`` → ``zone:northeast-upper``); NotFound when there is no such
    province, region or zone."""
    found = f"{kind}:{slug}"
    if kind == "zone":
        known = found in ZONE_IDS
    else:
        known = gv.graph.nodes.get(found, {}).get("kind") == kind
    if not known:
        raise NotFound(kind, found)
    return found


def zone_named(text: str) -> str:
    """The zone a text names by any of its names (``อีสานบน``, ``Upper Northeast``, ``กลาง``:
    ``loaders.resolve.zone``), for an address given a name instead of a slug; NotFound if none."""
    try:
        return zone_named_by(text)
    except InvalidInput:
        raise NotFound("zone", text) from None


def _provinces_of(gv: GraphVersion, place: str) -> list[str]:
    """The provinces of a place, sorted (a province: itself; an area: its provinces in the
    graph; the country: every one)."""
    g = gv.graph
    if place.startswith("province:"):
        return [place]
    if place == COUNTRY:
        return sorted(p for p, d in g.nodes(data=True) if d.get("kind") == "province")
    return sorted(p for p in provinces_in(place) if p in g)


def _people(gv: GraphVersion) -> dict[str, list[str]]:
    """The people of every province (by ``homes``), cached."""

    def build(_: nx.MultiDiGraph) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        where = homes(gv)
        for v in collaboration(gv):
            if v in where:
                found[where[v]].append(v)
        return dict(found)

    return gv.derived("pages:place:people", build)


def _members(gv: GraphVersion, place: str) -> list[str] | None:
    if place == COUNTRY:
        return None
    people = _people(gv)
    return [v for p in _provinces_of(gv, place) for v in people.get(p, ())]


def weave_of(gv: GraphVersion, place: str) -> wv.Weave:
    """The weaver measures of a place's people on the collaboration graph (all people for the
    country)."""
    sectors = gv.derived("pages:place:sectors", wv.sectors_of)
    return wv.weave(collaboration(gv), _members(gv, place), provinces=homes(gv), sectors=sectors)


def _rows(card: sc.Scorecard) -> list[Row]:
    compared = {c.figure: c for c in card.compared}
    rows = []
    for ind in card.indicators:
        name = MAIN_FIGURE.get(ind.code, "")
        c = compared.get(name)
        rows.append(
            Row(
                ind.code,
                ind.status,
                name,
                ind.figures.get(name),
                c.region if c else None,
                c.country if c else None,
            )
        )
    return rows


def _coverage_row(card: sc.Scorecard) -> Row | None:
    c = next((c for c in card.compared if c.figure == "district_coverage"), None)
    if c is None:
        return None
    return Row("coverage", "", c.figure, c.province, c.region, c.country)


def _all_brokers(gv: GraphVersion) -> list[b.Broker]:
    return gv.derived("pages:place:brokers", lambda _: b.brokers(gv, limit=None, sample=3))


def _partners(gv: GraphVersion, place: str) -> tuple[dict[str, list[Named]], dict[str, int]]:
    g = gv.graph
    if place == COUNTRY:
        found = partnership_map(g)
    elif place.startswith(("region:", "zone:")):
        found = partnership_map(g, region=place)
    else:
        found = partnership_map(g, province=place)
    grouped: dict[str, list[Named]] = defaultdict(list)
    for p in sorted(found.partners, key=lambda p: (p.name, p.id)):
        grouped[p.sector].append(Named(p.id, p.name, p.name_en))
    counts = {s: len(v) for s, v in grouped.items()}
    return {s: v[:PARTNERS_PER_SECTOR] for s, v in sorted(grouped.items())}, counts


def _build(gv: GraphVersion, place: str) -> Dashboard:
    g = gv.graph
    kind = "country" if place == COUNTRY else place.partition(":")[0]
    provinces = _provinces_of(gv, place)
    inside = set(provinces)
    cards = sc.all_scorecards(gv)
    found = gp.all_gaps(gv)
    region = home_zone = None
    if place == COUNTRY:
        here = Named(COUNTRY, "", None)
    elif kind == "zone":
        here = zone(place)
    else:
        here = named(g, place)
    if kind == "province":
        region = named(g, region_id(str(g.nodes[place]["region"])))
        home_zone = zone(ZONE_OF[place]) if place in ZONE_OF else None
    rows = _rows(cards[place]) if place in cards else []
    tallies = (
        [
            Tally(
                code,
                dict.fromkeys(STATUSES, 0)
                | Counter(
                    next(i.status for i in cards[p].indicators if i.code == code)
                    for p in provinces
                    if p in cards
                ),
            )
            for code in MAIN_FIGURE
        ]
        if kind != "province"
        else []
    )
    reach = cv.coverage_of(gv)
    listed = (
        [
            ProvinceCard(
                named(g, p),
                *((cards[p].met, cards[p].partly, cards[p].not_met) if p in cards else (None,) * 3),
                reach.get(p),
            )
            for p in sorted(provinces, key=lambda p: str(g.nodes[p].get("name", p)))
        ]
        if kind != "province"
        else []
    )

    missing: dict[str, list[str]] = defaultdict(list)
    for gap in found.missing_sectors:
        if gap.province in inside:
            for s in gap.missing:
                missing[s].append(gap.province)
    sector_gaps = [
        SectorGap(
            s,
            [] if kind == "province" else [named(g, p) for p in sorted(missing[s])[:TOP]],
            len(missing[s]),
        )
        for s in gp.SECTORS
        if missing.get(s)
    ]
    operational = [named(g, x.province) for x in found.operational_only if x.province in inside]

    placed = gp.located_in(gv)
    teams = sorted(
        (named(g, t) for t, p in placed.items() if t.startswith("team:") and p in inside),
        key=lambda n: (n.name, n.id),
    )
    team = cards[place].team if place in cards else None
    where = homes(gv)
    mine = [x for x in _all_brokers(gv) if place == COUNTRY or where.get(x.id) in inside]
    partners, partner_counts = _partners(gv, place)
    if place == COUNTRY:
        taught = lessons(g, limit=len(g))
    else:
        taught = [x for p in provinces for x in lessons(g, province=p, limit=len(g))]
        taught.sort(key=lambda e: (e.date or "", e.id), reverse=True)
    if kind == "province":
        introductions = sg.suggestions(gv, limit=TOP, province=place)
    else:
        introductions = [
            s
            for s in sg.suggestions(gv, limit=TOP * 20)
            if place == COUNTRY or s.a_province in inside or s.b_province in inside
        ][:TOP]
    weave = weave_of(gv, place)
    top = named(g, weave.top_person) if weave.top_person else None
    here_reach = reach.get(place)
    type_gap = next((x for x in found.missing_partner_types if x.province == place), None)
    outcomes = po.place_policies(gv, place)
    outcomes.items = outcomes.items[:TOP]
    return Dashboard(
        id=place,
        kind=kind,
        place=here,
        region=region,
        present=place in cards if kind == "province" else any(p in cards for p in provinces),
        rows=rows,
        tallies=tallies,
        provinces=listed,
        sector_gaps=sector_gaps,
        operational_only=operational[:TOP],
        operational_total=len(operational),
        network_team=named(g, team) if team else None,
        teams=teams[: TOP * 3],
        team_total=len(teams),
        partners=partners,
        partner_counts=partner_counts,
        broker_total=len(mine),
        brokers=mine[:TOP],
        lessons=taught[:TOP],
        lesson_total=len(taught),
        suggestions=introductions,
        weave=weave,
        top_person=top,
        regions=regions(gv) if place == COUNTRY else [],
        zone=home_zone,
        areas=_areas(gv, place, provinces) if kind in AREAS else [],
        zones=[ZoneCard(zone(z), len(provinces_in(z)), reach.get(z)) for z in ZONE_IDS]
        if place == COUNTRY
        else [],
        coverage=here_reach,
        coverage_row=_coverage_row(cards[place]) if place in cards else None,
        uncovered=[district(d) for d in here_reach.without]
        if here_reach and kind == "province"
        else [],
        policies=outcomes,
        type_gaps={t: [district(d) for d in ds] for t, ds in type_gap.missing_in.items()}
        if type_gap
        else {},
        types_missing=type_gap.missing if type_gap else [],
    )


def _areas(gv: GraphVersion, place: str, provinces: list[str]) -> list[Named]:
    """A region's zones or a zone's regions: the areas of the other grouping its provinces lie in."""
    touched = {a for p in provinces for a in areas_of(p)}
    if place.startswith("region:"):
        return [zone(z) for z in ZONE_IDS if z in touched]
    g = gv.graph
    ordered = (region_id(r.slug) for r in REGIONS)
    return [named(g, r) for r in ordered if r in touched and r in g]


def district(node: str) -> Named:
    """A district as a page lists it: geothai's names (it need not be a node of the graph)."""
    return Named(node, *cv.place_names(node))


def dashboard(gv: GraphVersion, place: str) -> Dashboard:
    """The dashboard of ``place`` (a province's, region's or zone's id, or ``COUNTRY``) on graph
    version ``gv``, built once per version (a place is one of the graph's 77 provinces, 6
    regions, 10 zones or the country, so at most 94 are kept); after a write, the last
    version's answers (marked stale) while this version's is built in the background."""
    if place != COUNTRY and not _known(gv, place):
        raise NotFound("place", place)
    return gv.refreshed(f"pages:place:{place}", lambda _: _build(gv, place)).value


def _snapshot_weaves(
    gv: GraphVersion, store: GraphStore, info: SnapshotInfo
) -> dict[str, wv.Weave]:
    """The weaver measures of every place in a snapshot (its own provinces and people), cached
    per graph version and snapshot."""

    def build(_: nx.MultiDiGraph) -> dict[str, wv.Weave]:
        _, then = load_snapshot(store, info.id)
        collab = collaboration_graph(then)
        where = located_provinces(then)
        sectors = wv.sectors_of(then)
        people: dict[str, list[str]] = defaultdict(list)
        for v in collab:
            if v in where:
                people[where[v]].append(v)
                region = then.nodes[where[v]].get("region")
                if region:
                    people[region_id(str(region))].append(v)
                if where[v] in ZONE_OF:
                    people[ZONE_OF[where[v]]].append(v)
        out = {
            p: wv.weave(collab, members, provinces=where, sectors=sectors)
            for p, members in people.items()
        }
        out[COUNTRY] = wv.weave(collab, provinces=where, sectors=sectors)
        return out

    return gv.derived(f"pages:place:snapshot:{info.id}:{info.size}", build)


def weaving(gv: GraphVersion, store: GraphStore, board: Dashboard) -> Weaving:
    """The dashboard's weaver measures beside those of the store's latest snapshot."""
    snapshots = store.list_snapshots()
    if not snapshots:
        return Weaving(board.weave, board.top_person, None, None, [])
    info = snapshots[-1]
    then = _snapshot_weaves(gv, store, info).get(board.id)
    moved = wv.changes(board.weave, then) if then is not None else []
    return Weaving(board.weave, board.top_person, info, then, moved)
