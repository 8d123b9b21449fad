"""District coverage: how much of a province the network's work reaches, as the network counts it.

A province's coverage is the number of its districts (อำเภอ; เขต in Bangkok) with work, divided
by all its districts (geothai's: Nan has 15, whether or not the graph holds them). A district has
work when a team, a person, an event or a lesson is located in it or in one of its subdistricts,
or a partner located there is in partnership with a team (a partnership is where its partner
is). A zone's, a region's or the country's coverage adds up its provinces' districts.

Work placed only at the province (``located_in`` the province itself) reaches no district: the
province has a network, and a coverage of nothing until someone says in which district it works.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import networkx as nx

from phakhee.graph.geography import ZONE_OF, district_of, districts_of, place, provinces_in
from phakhee.graph.thailand import PROVINCES
from phakhee.queries.cache import GraphVersion

WORK_KINDS: frozenset[str] = frozenset({"team", "person", "event", "lesson"})
"""The kinds whose place is work (a partner's is work only through a partnership)."""
COUNTRY = "country"
"""The id the whole country's coverage goes by."""


@dataclass(frozen=True, slots=True)
class Coverage:
    """How many of a place's districts have work, of how many, and which have none (by code).

    ``share`` is ``with_work / districts`` (0 for a place without districts).
    """

    place: str
    districts: int
    with_work: int
    without: tuple[str, ...]

    @property
    def share(self) -> float:
        return self.with_work / self.districts if self.districts else 0.0

    def as_dict(self) -> dict[str, object]:
        """Plain data for JSON, exports' metadata and reports."""
        return {
            "place": self.place,
            "districts": self.districts,
            "with_work": self.with_work,
            "share": round(self.share, 4),
            "without": list(self.without),
        }


@cache
def _all_districts() -> dict[str, tuple[str, ...]]:
    """Every built-in province's districts (ids, by code)."""
    return {f"province:{p.slug}": tuple(districts_of(f"province:{p.slug}")) for p in PROVINCES}


def district_name(district: str) -> str:
    """A district's Thai name as geothai has it (the id itself when unknown)."""
    return place_names(district)[0]


_PROVINCE_NAMES = {f"province:{p.slug}": (p.name_th, p.name_en) for p in PROVINCES}


def place_names(place_id: str) -> tuple[str, str | None]:
    """The Thai and English names of a built-in province or of a district or subdistrict (as
    geothai has them); the id itself and None when unknown."""
    if place_id in _PROVINCE_NAMES:
        return _PROVINCE_NAMES[place_id]
    found = place(place_id)
    return (found.name_th, found.name_en) if found is not None else (place_id, None)


def worked_districts(g: nx.MultiDiGraph) -> set[str]:
    """The districts with work in graph ``g`` (see the module's rules).

    Parameters
    ----------
    g : the projection (a ``MultiDiGraph`` whose edge keys are tie kinds).

    Returns
    -------
    The ids of the districts (``district:5501``) with work.
    """
    partnered = {t for _, t, k in g.edges(keys=True) if k == "partners_with"}
    kinds = g.nodes
    seen: dict[str, str | None] = {}
    found: set[str] = set()
    for s, t, k in g.edges(keys=True):
        if k != "located_in" or not t.startswith(("district:", "subdistrict:")):
            continue
        kind = kinds[s].get("kind")
        if kind in WORK_KINDS or (kind == "partner" and s in partnered):
            district = seen[t] if t in seen else seen.setdefault(t, district_of(t))
            if district is not None:
                found.add(district)
    return found


def coverage(g: nx.MultiDiGraph, worked: set[str] | None = None) -> dict[str, Coverage]:
    """The district coverage of every province, zone, region and of the country.

    Parameters
    ----------
    g : the projection.
    worked : the districts with work, when already known (``worked_districts``).

    Returns
    -------
    ``{place id: Coverage}`` for the 77 provinces (``province:nan``), the six regions
    (``region:north``), the ten zones (``zone:north-upper``) and ``COUNTRY``; a province's
    ``without`` lists its districts without work by code, an area's every province's.
    """
    worked = worked_districts(g) if worked is None else worked
    out: dict[str, Coverage] = {}
    for province, districts in _all_districts().items():
        with_work = sum(1 for d in districts if d in worked)
        without = tuple(d for d in districts if d not in worked)
        out[province] = Coverage(province, len(districts), with_work, without)
    areas: dict[str, list[Coverage]] = defaultdict(list)
    for area in (*_regions(), *_zones()):
        areas[area] = [out[p] for p in sorted(provinces_in(area))]
    areas[COUNTRY] = [out[p] for p in sorted(_all_districts())]
    for area, parts in areas.items():
        out[area] = Coverage(
            area,
            sum(c.districts for c in parts),
            sum(c.with_work for c in parts),
            tuple(d for c in parts for d in c.without),
        )
    return out


def _regions() -> list[str]:
    return sorted({f"region:{p.region}" for p in PROVINCES})


def _zones() -> list[str]:
    return sorted(set(ZONE_OF.values()))


def coverage_of(gv: GraphVersion) -> dict[str, Coverage]:
    """``coverage`` of this graph version, cached."""
    return gv.derived("coverage", coverage)


def place_coverage(gv: GraphVersion, place_id: str) -> Coverage | None:
    """The coverage of a province, region, zone or ``COUNTRY`` on this graph version (None for
    any other id)."""
    return coverage_of(gv).get(place_id)
