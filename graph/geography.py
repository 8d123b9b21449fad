"""Thailand below the province, from geothai, and the network's zones above it.

Places: province → district (อำเภอ; เขต in Bangkok) → subdistrict (ตำบล; แขวง in Bangkok). A
district's id is ``district:`` and its 4-digit DOPA code (``district:5501``, อำเภอเมืองน่าน), a
subdistrict's ``subdistrict:`` and its 6-digit code (``subdistrict:550101``, ตำบลในเวียง); the
built-in provinces keep their slugs (``province:nan``) and are matched to geothai's by Thai name
(``PROVINCE_CODES``). A subdistrict is ``located_in`` its district, a district its province,
and a node's ``located_in`` points to the finest place known: read a node's province through
``province_of``, never by the prefix of its tie's target.

Districts and subdistricts are not built in: the one a write names is made then, with every
place above it (``place_records``, ``with_places``), so a graph holds the few hundred places the
network works in, not all 8,364 (``docs/places.md`` has both costs measured).

Zones: the network's ten zones (``graph.thailand.ZONES``), a second grouping of the provinces
beside the six regions, named by ``zone:<slug>`` (``zone:northeast-upper``). They are not nodes:
an *area* is a region or a zone id, and ``provinces_in`` / ``in_area`` say what it holds.

geothai's ``match`` is its public way to read a hand-written subdistrict; districts are matched
by the same rules through its ``_areas.is_district`` and ``_normalize.normalize``, which are
not its API: the pin in ``pyproject.toml`` (below its next minor release) holds them, and
``tests/graph/test_geography.py`` checks their behaviour.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Literal

import geothai
from geothai._areas import is_district
from geothai._normalize import normalize

from phakhee.graph.model import NodeKind, NodeRecord, TieKind, TieRecord
from phakhee.graph.reference import BUILT_IN
from phakhee.graph.thailand import PROVINCES, REGIONS, ZONES, ZoneInfo

DISTRICT, SUBDISTRICT = "district", "subdistrict"
Level = Literal["district", "subdistrict"]


def district_id(code: str) -> str:
    return f"district:{code}"


def subdistrict_id(code: str) -> str:
    return f"subdistrict:{code}"


def zone_id(slug: str) -> str:
    return f"zone:{slug}"


ZONES_BY_ID: dict[str, ZoneInfo] = {zone_id(z.slug): z for z in ZONES}
"""The network's zones by id (``zone:north-upper``), in its tracker's order."""


@cache
def _province_codes() -> dict[str, str]:
    by_th = {p.name_th: p.code for p in geothai.provinces()}
    return {f"province:{p.slug}": by_th[p.name_th] for p in PROVINCES}


def province_code(province: str) -> str | None:
    """The 2-digit DOPA code of a built-in province id (``province:nan`` → ``55``), or None."""
    return _province_codes().get(province)


@cache
def _province_of_code() -> dict[str, str]:
    return {code: pid for pid, code in _province_codes().items()}


@dataclass(frozen=True, slots=True)
class Place:
    """A district or subdistrict as geothai has it: its id, level, code, names, the place it is
    in (``parent``: a province or district id), its province, and (a subdistrict's) postal codes."""

    id: str
    level: Level
    code: str
    name_th: str
    name_en: str
    parent: str
    province: str
    postal_codes: tuple[str, ...] = ()


_CODE = re.compile(r"^(district|subdistrict):([0-9]{4}|[0-9]{6})$")


def place(place_id: str) -> Place | None:
    """The district or subdistrict ``place_id`` names, or None (any other id, an unknown code)."""
    m = _CODE.match(place_id)
    if m is None:
        return None
    level, code = m.group(1), m.group(2)
    if level == DISTRICT and len(code) == 4:
        d = geothai.district(code)
        return _district(d) if d is not None else None
    if level == SUBDISTRICT and len(code) == 6:
        s = geothai.subdistrict(code)
        return _subdistrict(s) if s is not None else None
    return None


def _district(d: geothai.types.District) -> Place:
    province = _province_of_code()[d.province_code]
    return Place(district_id(d.code), DISTRICT, d.code, d.name_th, d.name_en, province, province)


def _subdistrict(s: geothai.types.Subdistrict) -> Place:
    return Place(
        subdistrict_id(s.code),
        SUBDISTRICT,
        s.code,
        s.name_th,
        s.name_en,
        district_id(s.district_code),
        _province_of_code()[s.province_code],
        s.postal_codes,
    )


def province_of(place_id: str) -> str | None:
    """The province a place is in: a built-in province id itself, a district's or subdistrict's
    province; None for anything else (a region, a zone, a person)."""
    if place_id.startswith("province:"):
        return place_id if place_id in _province_codes() else None
    found = place(place_id)
    return found.province if found is not None else None


def district_of(place_id: str) -> str | None:
    """The district a place is or is in (a district's own id, a subdistrict's district), or None."""
    found = place(place_id)
    if found is None:
        return None
    return found.id if found.level == DISTRICT else found.parent


def parent_of(place_id: str) -> str | None:
    """The place ``place_id`` is located in: a subdistrict's district, a district's province, a
    province's region; None for anything else."""
    if place_id.startswith("province:"):
        return _REGION_OF.get(place_id)
    found = place(place_id)
    return found.parent if found is not None else None


_REGION_OF = {f"province:{p.slug}": f"region:{p.region}" for p in PROVINCES}


def districts_of(province: str) -> list[str]:
    """The ids of a province's districts, by code (Nan: 15); empty for an unknown province."""
    code = province_code(province)
    return [district_id(d.code) for d in geothai.districts(code)] if code else []


def subdistricts_of(district: str) -> list[str]:
    """The ids of a district's subdistricts, by code; empty for an unknown district."""
    found = place(district)
    if found is None or found.level != DISTRICT:
        return []
    return [subdistrict_id(s.code) for s in geothai.subdistricts(found.code)]


def every_place() -> Iterator[Place]:
    """Every district and subdistrict of geothai, each district before its subdistricts."""
    for p in geothai.provinces():
        for d in geothai.districts(p.code):
            yield _district(d)
            for s in geothai.subdistricts(d.code):
                yield _subdistrict(s)


# Finding a place by what a row or a user types, within a province ------------------------------

_WORDS_EN = re.compile(
    r"^(?:amphoe|amphur|khet|tambon|tambol|khwaeng)\s+|\s+(?:sub-?district|district)$", re.I
)
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_DIGITS = re.compile(r"^[0-9]+$")


def place_key(text: str) -> str:
    """A typed place name as geothai compares names: without อ./อำเภอ/เขต/ต./ตำบล/แขวง (or
    Amphoe/Khet/Tambon/Khwaeng, "District"), spaces, dots, apostrophes, hyphens and case."""
    return normalize(_WORDS_EN.sub("", text.strip()))


def _digits(text: str) -> str | None:
    """The code or postal code a text is, when it is digits alone (Thai digits read)."""
    t = re.sub(r"\s+", "", text).translate(_THAI_DIGITS)
    return t if _DIGITS.match(t) else None


def find_districts(text: str, province: str) -> list[Place]:
    """The districts of ``province`` that ``text`` names: by Thai or English name, with or
    without อ./อำเภอ/เขต (and "เมือง"/"Mueang" alone for the capital district, as geothai
    reads it), by 4-digit DOPA code, or by a postal code (the districts whose subdistricts use
    it). One is the answer; more are the candidates; none, none."""
    code = province_code(province)
    if code is None:
        return []
    districts = geothai.districts(code)
    if (digits := _digits(text)) is not None:
        if len(digits) == 4:
            return [_district(d) for d in districts if d.code == digits]
        if len(digits) == 5:
            used = {s.district_code for s in geothai.by_postal_code(digits)}
            return [_district(d) for d in districts if d.code in used]
        return []
    key = place_key(text)
    return [_district(d) for d in districts if key and is_district(d, key)]


def find_subdistricts(text: str, province: str, district: str | None = None) -> list[Place]:
    """The subdistricts of ``province`` (and of ``district`` when given) that ``text`` names: by
    Thai or English name with or without ต./ตำบล/แขวง (geothai's ``match``), by 6-digit DOPA
    code, or by postal code."""
    code = province_code(province)
    if code is None:
        return []
    if (digits := _digits(text)) is not None:
        if len(digits) == 6:
            found = [s for s in [geothai.subdistrict(digits)] if s is not None]
        elif len(digits) == 5:
            found = geothai.by_postal_code(digits)
        else:
            found = []
    else:
        key = place_key(text)
        found = [a.subdistrict for a in geothai.match(key, province=_name_of(code))] if key else []
    in_district = district.removeprefix("district:") if district else None
    return [
        _subdistrict(s)
        for s in found
        if s.province_code == code and (in_district is None or s.district_code == in_district)
    ]


@cache
def _name_of(code: str) -> str:
    p = geothai.province(code)
    assert p is not None
    return p.name_th


# Zones and areas --------------------------------------------------------------------------------

ZONE_OF: dict[str, str] = {
    f"province:{slug}": zone_id(z.slug) for z in ZONES for slug in z.provinces
}
"""Each province id's zone id."""

_AREAS: dict[str, frozenset[str]] = {
    **{
        f"region:{r.slug}": frozenset(f"province:{p.slug}" for p in PROVINCES if p.region == r.slug)
        for r in REGIONS
    },
    **{zone_id(z.slug): frozenset(f"province:{s}" for s in z.provinces) for z in ZONES},
}


def zone_of(place_id: str) -> str | None:
    """The zone id of a province, district or subdistrict; None for anything else."""
    province = province_of(place_id)
    return ZONE_OF.get(province) if province else None


def provinces_in(area: str) -> frozenset[str]:
    """The province ids of a region or zone id; a province, district or subdistrict id's own
    province; empty for anything else."""
    if area in _AREAS:
        return _AREAS[area]
    province = province_of(area)
    return frozenset({province}) if province else frozenset()


def in_area(place_id: str | None, area: str) -> bool:
    """Whether a place (a province, district or subdistrict id; a region for a region) lies in
    the area (a region, zone or province id): what every place filter asks."""
    if place_id is None:
        return False
    if place_id == area:
        return True
    province = province_of(place_id)
    return province is not None and province in provinces_in(area)


def areas_of(province: str) -> tuple[str, ...]:
    """The region and zone ids a province lies in (``province:nan`` → region:north, zone:north-upper)."""
    return tuple(a for a in (_REGION_OF.get(province), ZONE_OF.get(province)) if a)


def place_chain(place_id: str) -> list[Place]:
    """A district or subdistrict and every district above it (a subdistrict, then its district);
    empty for anything else."""
    out: list[Place] = []
    found = place(place_id)
    while found is not None:
        out.append(found)
        found = place(found.parent)
    return out


# Writing the places a write names --------------------------------------------------------------

_KINDS = {DISTRICT: NodeKind.DISTRICT, SUBDISTRICT: NodeKind.SUBDISTRICT}


def place_records(place_id: str) -> tuple[list[NodeRecord], list[TieRecord]]:
    """The nodes of a district or subdistrict and of the district above it, and their
    ``located_in`` ties (subdistrict → district → province), as geothai has them (provenance
    ``built-in``); nothing for any other id."""
    nodes, ties = [], []
    for p in place_chain(place_id):
        props: dict[str, object] = {"name": p.name_th, "name_en": p.name_en, "code": p.code}
        if p.postal_codes:
            props["postal_codes"] = list(p.postal_codes)
        nodes.append(NodeRecord(p.id, _KINDS[p.level], props, BUILT_IN))
        ties.append(TieRecord(TieKind.LOCATED_IN, p.id, p.parent, {}, BUILT_IN))
    return nodes, ties


def places_named(
    ties: Iterable[TieRecord], made: set[str] | None = None
) -> tuple[list[NodeRecord], list[TieRecord]]:
    """The place records (``place_records``) of every district and subdistrict the ties name,
    each once; ``made`` (the ids already written, which it joins) are left out. Writes call it
    so a tie to a place never finds its end missing."""
    made = set() if made is None else made
    nodes: list[NodeRecord] = []
    out: list[TieRecord] = []
    for t in ties:
        for end in (t.source, t.target):
            if end in made or not end.startswith(("district:", "subdistrict:")):
                continue
            more_nodes, more_ties = place_records(end)
            for n in more_nodes:
                if n.id not in made:
                    made.add(n.id)
                    nodes.append(n)
            out += more_ties
            made.add(end)
    return nodes, _unique(out)


def _unique(ties: list[TieRecord]) -> list[TieRecord]:
    return list({t.key: t for t in ties}.values())
