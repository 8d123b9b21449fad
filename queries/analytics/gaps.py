"""Holes in the weave, each as a list a coordinator can act on, with the evidence.

Where things are: a team is in the province it is located in, else in the province most of its
members are in; a partner is in the provinces it is located in and of the teams it partners with;
a person, lesson or event where it is located (a district or subdistrict is in its province).
Only provinces where the network is present (a team or a person located there) are judged: an
empty province has no network to have gaps.

| gap | reported when |
|---|---|
| missing sector | a province has no partner of a sector: government, private, civil society, target group (indicator 3.1) |
| missing partner type | a province, or a district of it, has no partner of one of the network's twelve types (อบต./เทศบาล, วัด/พระสงฆ์, …) |
| operational only | a province has partnerships, and none is at policy level (indicators 3.1-3.2) |
| skill gap | a team with members lacks one of the six skills of indicator 1.5, or its members hold it only at beginner level |
| topic without lesson | a topic someone works on (person, team, partner, event) has no lesson about it |
| unshared lesson | a lesson was never presented at an event outside its province, nor authored or heard by anyone from another province |
| silent pair | two regions, or two provinces of one region, never share a team, an event or a lesson |
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

from phakhee.graph.geography import district_of, districts_of, province_of
from phakhee.graph.model import PARTNER_TYPE_SECTOR, SKILLS, PartnerType, Sector
from phakhee.graph.reference import region_id
from phakhee.queries.cache import GraphVersion

SECTORS: tuple[str, ...] = tuple(s.value for s in Sector if s is not Sector.OTHER)
SKILL_IDS: tuple[str, ...] = tuple(f"skill:{slug}" for slug, _, _ in SKILLS)
PARTNER_TYPES: tuple[str, ...] = tuple(t.value for t in PartnerType)


class Ties:
    """The graph's ties grouped by kind, and the province of each node: read once, shared by the finders."""

    def __init__(self, g: nx.MultiDiGraph, where: dict[str, str] | None = None) -> None:
        self.by_kind: dict[str, list[tuple[str, str, dict]]] = defaultdict(list)
        for s, t, k, d in g.edges(keys=True, data=True):
            self.by_kind[k].append((s, t, d))
        self.where = where if where is not None else _places(self.by_kind)


_PLACES = ("province:", "district:", "subdistrict:")


def _places(by_kind: dict[str, list[tuple[str, str, dict]]]) -> dict[str, str]:
    placed = by_kind["located_in"]
    province: dict[str, str | None] = {}  # a place's province, each place read once
    where = {}
    for s, t, _ in placed:
        if t.startswith(_PLACES) and not s.startswith(_PLACES):
            p = province[t] if t in province else province.setdefault(t, province_of(t))
            if p is not None:
                where[s] = p
    has_place = {s for s, _, _ in placed}  # a regional team is in its region, not a province
    members: dict[str, Counter] = defaultdict(Counter)
    for s, t, _ in by_kind["member_of"]:
        if s in where:
            members[t][where[s]] += 1
    for team, count in members.items():
        if team not in has_place:
            best = max(count.values())
            where[team] = min(p for p, n in count.items() if n == best)
    return where


def located(g: nx.MultiDiGraph) -> dict[str, str]:
    """The province of every node located in one, or in one of its districts or subdistricts; a
    team without a place takes its members' most common one."""
    by_kind: dict[str, list[tuple[str, str, dict]]] = defaultdict(list)
    for s, t, k in g.edges(keys=True):
        if k in ("located_in", "member_of"):
            by_kind[k].append((s, t, {}))
    return _places(by_kind)


def located_in(gv: GraphVersion) -> dict[str, str]:
    """``located`` for this graph version, cached."""
    return gv.derived("located", located)


def present_provinces(where: dict[str, str]) -> list[str]:
    """Provinces with a team or a person in them, sorted."""
    return sorted({p for v, p in where.items() if v.startswith(("person:", "team:"))})


def _name(g: nx.MultiDiGraph, node: str) -> str:
    return g.nodes[node].get("name", node) if node in g else node


def _region(g: nx.MultiDiGraph, province: str) -> str:
    return g.nodes[province].get("region", "") if province in g else ""


@dataclass(frozen=True, slots=True)
class SectorGap:
    """A province without partners of some sectors; which sectors it has, with counts."""

    province: str
    province_name: str
    region: str
    missing: list[str]
    present: dict[str, int]


def partners_by_province(ties: Ties) -> dict[str, set[str]]:
    """The partners of each province: those in partnership with a team placed there (what the
    scorecard's 3.1 and the snapshot indicators count; a partner only located there is not)."""
    found: dict[str, set[str]] = defaultdict(set)
    where = ties.where
    for team, partner, _ in ties.by_kind["partners_with"]:
        if team in where:
            found[where[team]].add(partner)
    return found


def sectors_by_province(g: nx.MultiDiGraph, ties: Ties) -> dict[str, dict[str, set[str]]]:
    """For each province, its partners (``partners_by_province``) grouped by sector."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for province, partners in partners_by_province(ties).items():
        for partner in partners:
            found[province][str(g.nodes[partner].get("sector", ""))].add(partner)
    return found


def missing_sectors(g: nx.MultiDiGraph, ties: Ties | None = None) -> list[SectorGap]:
    """Provinces lacking a partner of a sector, most sectors missing first."""
    ties = ties or Ties(g)
    where = ties.where
    partners = sectors_by_province(g, ties)
    gaps = []
    for p in present_provinces(where):
        count = {sector: len(found) for sector, found in partners.get(p, {}).items()}
        missing = [s for s in SECTORS if not count.get(s)]
        if missing:
            present = {s: count[s] for s in SECTORS if count.get(s)}
            gaps.append(SectorGap(p, _name(g, p), _region(g, p), missing, present))
    gaps.sort(key=lambda x: (-len(x.missing), x.province))
    return gaps


@dataclass(frozen=True, slots=True)
class PartnerTypeGap:
    """A province without partners of some of the twelve types, and, type by type, its districts
    without one (``missing_in``: type -> district ids, by code; of ``districts`` in all)."""

    province: str
    province_name: str
    region: str
    missing: list[str]
    present: dict[str, int]
    districts: int
    missing_in: dict[str, list[str]]


def _partner_districts(ties: Ties) -> dict[str, str]:
    """The district each partner is located in (directly or through a subdistrict)."""
    found: dict[str, str] = {}
    for s, t, _ in ties.by_kind["located_in"]:
        if s.startswith("partner:") and t.startswith(("district:", "subdistrict:")):
            district = district_of(t)
            if district is not None:
                found[s] = district
    return found


def missing_partner_types(g: nx.MultiDiGraph, ties: Ties | None = None) -> list[PartnerTypeGap]:
    """Provinces (where the network is) lacking a partner of one of the twelve types, with the
    districts lacking each type, most types missing first.

    A province's partners are those of ``partners_by_province`` (in partnership with a team
    placed there), as for sectors; a district's are those of them located in it. A type is
    missing in a district when none of them there has it, so a province whose partners are all
    placed at the province alone lacks every type in every district.

    Parameters
    ----------
    g : the projection.
    ties : its ties grouped (``Ties``), when already read.

    Returns
    -------
    One ``PartnerTypeGap`` per province missing a type anywhere, in a district or the whole
    province, sorted by types missing in the province (most first), then by id.
    """
    ties = ties or Ties(g)
    partners = partners_by_province(ties)
    district_of_partner = _partner_districts(ties)
    gaps = []
    for p in present_provinces(ties.where):
        count: Counter[str] = Counter()
        held: dict[str, set[str]] = defaultdict(set)  # district -> types held there
        for partner in partners.get(p, ()):
            ptype = g.nodes[partner].get("partner_type")
            if ptype:
                count[ptype] += 1
                if partner in district_of_partner:
                    held[district_of_partner[partner]].add(ptype)
        districts = districts_of(p)
        missing_in = {t: [d for d in districts if t not in held.get(d, ())] for t in PARTNER_TYPES}
        missing_in = {t: ds for t, ds in missing_in.items() if ds}
        missing = [t for t in PARTNER_TYPES if not count.get(t)]
        if missing or missing_in:
            present = {t: count[t] for t in PARTNER_TYPES if count.get(t)}
            gaps.append(
                PartnerTypeGap(
                    p, _name(g, p), _region(g, p), missing, present, len(districts), missing_in
                )
            )
    gaps.sort(key=lambda x: (-len(x.missing), x.province))
    return gaps


def type_sector(partner_type: str) -> str:
    """The sector a partner type falls under (``graph.model.PARTNER_TYPE_SECTOR``)."""
    return PARTNER_TYPE_SECTOR[PartnerType(partner_type)].value


@dataclass(frozen=True, slots=True)
class LevelGap:
    """A province whose partnerships are all operational: how many, with which partners."""

    province: str
    province_name: str
    region: str
    partnerships: int
    partners: list[str]


def operational_only(g: nx.MultiDiGraph, ties: Ties | None = None) -> list[LevelGap]:
    """Provinces with partnerships, none at policy level, most partnerships first."""
    ties = ties or Ties(g)
    where = ties.where
    levels: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for team, partner, d in ties.by_kind["partners_with"]:
        if team in where:
            levels[where[team]].append((partner, d.get("level", "operational")))
    gaps = [
        LevelGap(p, _name(g, p), _region(g, p), len(ties), sorted({x for x, _ in ties}))
        for p, ties in levels.items()
        if all(level != "policy" for _, level in ties)
    ]
    gaps.sort(key=lambda x: (-x.partnerships, x.province))
    return gaps


@dataclass(frozen=True, slots=True)
class SkillGap:
    """A team missing skills of indicator 1.5, or holding them at beginner level only."""

    team: str
    team_name: str
    province: str | None
    members: int
    missing: list[str]
    beginner_only: list[str]


def skill_gaps(g: nx.MultiDiGraph, ties: Ties | None = None) -> list[SkillGap]:
    """Teams with members that lack a skill or hold it only at beginner level, most gaps first."""
    ties = ties or Ties(g)
    where = ties.where
    levels: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for person, skill, d in ties.by_kind["has_skill"]:
        levels[person][skill].add(d.get("level", "beginner"))
    members: dict[str, set[str]] = defaultdict(set)
    for person, team, _ in ties.by_kind["member_of"]:
        members[team].add(person)
    gaps = []
    for team in sorted(members):
        held: dict[str, set[str]] = defaultdict(set)
        for person in members[team]:
            for skill, lv in levels.get(person, {}).items():
                held[skill] |= lv
        missing = [s for s in SKILL_IDS if s not in held]
        beginner = [s for s in SKILL_IDS if held.get(s) == {"beginner"}]
        if missing or beginner:
            gaps.append(
                SkillGap(
                    team,
                    _name(g, team),
                    where.get(team),
                    len(members[team]),
                    missing,
                    beginner,
                )
            )
    gaps.sort(key=lambda x: (-len(x.missing) - len(x.beginner_only), x.team))
    return gaps


@dataclass(frozen=True, slots=True)
class TopicGap:
    """A topic worked on with no lesson captured: who works on it."""

    topic: str
    topic_name: str
    people: int
    teams: int
    partners: int
    events: int


def topics_without_lessons(g: nx.MultiDiGraph, ties: Ties | None = None) -> list[TopicGap]:
    """Topics someone works on, or an event is about, with no lesson about them; most work first."""
    ties = ties or Ties(g)
    work: dict[str, Counter] = defaultdict(Counter)
    for s, t, _ in ties.by_kind["works_on"]:
        work[t][g.nodes[s]["kind"]] += 1
    with_lesson = set()
    for s, t, _ in ties.by_kind["about"]:
        if s.startswith("lesson:"):
            with_lesson.add(t)
        else:
            work[t]["event"] += 1
    gaps = [
        TopicGap(t, _name(g, t), c["person"], c["team"], c["partner"], c["event"])
        for t, c in work.items()
        if t not in with_lesson
    ]
    gaps.sort(key=lambda x: (-(x.people + x.teams + x.partners + x.events), x.topic))
    return gaps


@dataclass(frozen=True, slots=True)
class UnsharedLesson:
    """A lesson that never left its province."""

    lesson: str
    lesson_name: str
    province: str
    date: str | None
    authors: list[str]


def unshared_lessons(g: nx.MultiDiGraph, ties: Ties | None = None) -> list[UnsharedLesson]:
    """Lessons never shared beyond their province, by province then newest first."""
    ties = ties or Ties(g)
    where = ties.where
    authors: dict[str, list[str]] = defaultdict(list)
    for s, t, _ in ties.by_kind["authored"]:
        authors[t].append(s)
    heard: dict[str, set[str]] = defaultdict(set)  # event -> provinces of its place and attendees
    for s, t, _ in ties.by_kind["attended"]:
        if s in where:
            heard[t].add(where[s])
    for e, p in where.items():
        if e.startswith("event:"):
            heard[e].add(p)
    reached: dict[str, set[str]] = defaultdict(set)
    for lesson, event, _ in ties.by_kind["presented_at"]:
        reached[lesson] |= heard.get(event, set())
    found = []
    for lesson, home in where.items():
        if not lesson.startswith("lesson:"):
            continue
        places = reached[lesson] | {where[a] for a in authors.get(lesson, ()) if a in where}
        if places <= {home}:
            found.append(
                UnsharedLesson(
                    lesson,
                    _name(g, lesson),
                    home,
                    g.nodes[lesson].get("date"),
                    sorted(authors.get(lesson, ())),
                )
            )
    found.sort(key=lambda x: x.lesson)
    found.sort(key=lambda x: x.date or "", reverse=True)  # newest first, undated last
    found.sort(key=lambda x: x.province)
    return found


def exchanges(g: nx.MultiDiGraph, ties: Ties | None = None) -> set[tuple[str, str]]:
    """Pairs of provinces (sorted) that share a team, an event or a lesson through their people."""
    ties = ties or Ties(g)
    where = ties.where
    involved: dict[str, set[str]] = defaultdict(set)
    for k in ("member_of", "attended", "authored"):
        for s, t, _ in ties.by_kind[k]:
            if s in where:
                involved[t].add(where[s])
    for lesson, event, _ in ties.by_kind["presented_at"]:
        involved[event] |= involved.get(lesson, set()) | (
            {where[lesson]} if lesson in where else set()
        )
    for node, provinces in involved.items():
        if node in where:
            provinces.add(where[node])
    pairs: set[tuple[str, str]] = set()
    for provinces in involved.values():
        pairs.update(combinations(sorted(provinces), 2))
    return pairs


@dataclass(frozen=True, slots=True)
class SilentPair:
    """Two regions, or two provinces of one region, that never exchange."""

    scope: str
    a: str
    a_name: str
    b: str
    b_name: str
    region: str | None = None
    evidence: str = field(default="no shared team, event or lesson")


def silent_pairs(g: nx.MultiDiGraph, ties: Ties | None = None) -> list[SilentPair]:
    """Regions that never exchange, then provinces (where the network is) within a region that never do."""
    ties = ties or Ties(g)
    where = ties.where
    pairs = exchanges(g, ties)
    present = present_provinces(where)
    region_of = {p: _region(g, p) for p in present}
    regions_talking = {
        tuple(sorted((region_of[a], region_of[b])))
        for a, b in pairs
        if a in region_of and b in region_of
    }
    found = []
    regions = sorted(set(region_of.values()))
    for a, b in combinations(regions, 2):
        if (a, b) not in regions_talking:
            ra, rb = region_id(a), region_id(b)
            found.append(SilentPair("region", ra, _name(g, ra), rb, _name(g, rb)))
    for a, b in combinations(present, 2):
        if region_of[a] == region_of[b] and (a, b) not in pairs:
            found.append(
                SilentPair("province", a, _name(g, a), b, _name(g, b), region_id(region_of[a]))
            )
    return found


@dataclass(slots=True)
class Gaps:
    """Every gap finder's list."""

    missing_sectors: list[SectorGap]
    operational_only: list[LevelGap]
    skill_gaps: list[SkillGap]
    topics_without_lessons: list[TopicGap]
    unshared_lessons: list[UnsharedLesson]
    silent_pairs: list[SilentPair]
    missing_partner_types: list[PartnerTypeGap] = field(default_factory=list)


def gaps(g: nx.MultiDiGraph, where: dict[str, str] | None = None) -> Gaps:
    """All the gaps of the graph (``where``: its ``located``, when already known)."""
    ties = Ties(g, where)
    return Gaps(
        missing_sectors(g, ties),
        operational_only(g, ties),
        skill_gaps(g, ties),
        topics_without_lessons(g, ties),
        unshared_lessons(g, ties),
        silent_pairs(g, ties),
        missing_partner_types(g, ties),
    )


def all_gaps(gv: GraphVersion) -> Gaps:
    """All the gaps of this graph version, cached."""
    return gv.derived("gaps", lambda g: gaps(g, located_in(gv)))


def in_province(items: Iterable, province: str) -> list:
    """The items of one province (by their ``province`` field, or either end of a silent pair)."""
    out = []
    for x in items:
        if getattr(x, "province", None) == province or province in (
            getattr(x, "a", None),
            getattr(x, "b", None),
        ):
            out.append(x)
    return out
