"""Where each node of a view goes: computed on the server, seeded, so the browser only draws.

The map layout puts each province at its real centroid on the map of Thailand and its people,
teams and partners around it on a sunflower spiral (teams in the middle, then partners, then
people, the most central first): linear in the number of nodes.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping

from phakhee.graph.reference import region_id

PX_PER_DEGREE = 600.0
"""Map scale: pixels per degree of latitude or longitude."""
SPACING = 42.0
"""Distance between neighbours on a province's spiral on the map, in pixels."""
AGGREGATE_SCALE = 0.15
"""The country view (provinces and regions only) is drawn on a map this much smaller."""
RADIAL_SPACING = 90.0
"""Distance between neighbours on the spiral of a radial view (few nodes, large labels)."""
_GOLDEN = math.pi * (3 - math.sqrt(5))
_ORDER = {"province": 0, "region": 0, "team": 1, "partner": 2, "person": 3}
_CENTRE = (13.0, 100.9)  # lat, lon near the middle of the map
_ELSEWHERE = (9.0, 103.2)  # in the Gulf of Thailand: nodes placed nowhere on land
Position = tuple[float, float]


def project(lat: float, lon: float) -> Position:
    """Screen position of a latitude and longitude (y grows southward, as on a page)."""
    return ((lon - _CENTRE[1]) * PX_PER_DEGREE, (_CENTRE[0] - lat) * PX_PER_DEGREE)


def place_centres(places: Mapping[str, dict]) -> dict[str, Position]:
    """Screen centre of each province (its centroid) and each region (the mean of its provinces)."""
    out = {p: project(a["lat"], a["lon"]) for p, a in places.items() if a["kind"] == "province"}
    by_region: dict[str, list[Position]] = defaultdict(list)
    for p, a in places.items():
        if a["kind"] == "province":
            by_region[region_id(a["region"])].append(out[p])
    for r, pts in by_region.items():
        out[r] = (sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts))
    return out


def spiral(
    centre: Position,
    members: list[str],
    *,
    start: int = 0,
    seed: int = 7,
    spacing: float = SPACING,
    offset: float = 0.0,
) -> dict[str, Position]:
    """``members`` on a sunflower spiral around ``centre``, in order, from ring ``start``,
    ``offset`` pixels out from the centre."""
    cx, cy = centre
    turn = (seed * 0.618) % (2 * math.pi)
    out = {}
    for i, node in enumerate(members, start=start):
        r = offset + spacing * math.sqrt(i + 0.5)
        a = i * _GOLDEN + turn
        out[node] = (cx + r * math.cos(a), cy + r * math.sin(a))
    return out


def geographic(
    nodes: Mapping[str, dict],
    home: Mapping[str, str | None],
    centres: Mapping[str, Position],
    scores: Mapping[str, float],
    *,
    seed: int = 7,
) -> dict[str, Position]:
    """Each place node at its centre; every other node on a spiral around the place it is in."""
    groups: dict[str, list[str]] = defaultdict(list)
    out: dict[str, Position] = {}
    for n, a in nodes.items():
        if a["kind"] in ("province", "region") and n in centres:
            out[n] = centres[n]
        else:
            groups[home.get(n) or ""].append(n)
    for place, members in groups.items():
        members.sort(key=lambda n: (_ORDER.get(nodes[n]["kind"], 4), -scores.get(n, 0.0), n))
        centre = centres.get(place) or project(*_ELSEWHERE)
        out |= spiral(centre, members, start=1 if place in out else 0, seed=seed)
    return out


def labels_above(
    centres: Mapping[str, Position], members: Mapping[str | None, int]
) -> dict[str, Position]:
    """Where each place's name goes on a map view: just above the spiral of its members."""
    return {
        p: (x, y - SPACING * math.sqrt(members.get(p, 0) + 1) - 60) for p, (x, y) in centres.items()
    }


def radial(
    nodes: Mapping[str, dict],
    edges: list[tuple[str, str, float]],
    center: str,
    scores: Mapping[str, float],
    centres: Mapping[str, Position],
    *,
    seed: int = 7,
) -> dict[str, Position]:
    """``center`` in the middle, the rest on a spiral around it (nearest in ties first, then teams,
    partners, people, the most central first), and other places (provinces) on a ring outside,
    each in its real direction from the centre on the map."""
    places = [n for n in nodes if n != center and nodes[n]["kind"] in ("province", "region")]
    hops = _hops(center, edges, set(places))
    inner = [n for n in nodes if n != center and n not in places]
    inner.sort(
        key=lambda n: (hops.get(n, 99), _ORDER.get(nodes[n]["kind"], 4), -scores.get(n, 0.0), n)
    )
    step = RADIAL_SPACING if len(inner) <= 200 else SPACING
    out = {center: (0.0, 0.0)} | spiral(
        (0.0, 0.0), inner, start=1, seed=seed, spacing=step, offset=1.5 * step
    )
    ring = step * math.sqrt(len(inner) + 1) + 4.5 * step
    here = centres.get(center, (0.0, 0.0))
    for i, p in enumerate(sorted(places)):
        there = centres.get(p)
        a = (
            math.atan2(there[1] - here[1], there[0] - here[0])
            if there and there != here
            else i * _GOLDEN
        )
        out[p] = (ring * math.cos(a), ring * math.sin(a))
    return _spread_ring(out, places, ring)


def _hops(center: str, edges: list[tuple[str, str, float]], skip: set[str]) -> dict[str, int]:
    """Ties from ``center`` to each node, not passing through ``skip``."""
    near: dict[str, list[str]] = defaultdict(list)
    for a, b, _ in edges:
        if a not in skip and b not in skip:
            near[a].append(b)
            near[b].append(a)
    out, frontier = {center: 0}, [center]
    while frontier:
        nxt = []
        for n in frontier:
            for m in near[n]:
                if m not in out:
                    out[m] = out[n] + 1
                    nxt.append(m)
        frontier = nxt
    return out


def _spread_ring(out: dict[str, Position], places: list[str], ring: float) -> dict[str, Position]:
    """Nudge places on the ring apart so their labels do not sit on each other."""
    if not places:
        return out
    angles = sorted((math.atan2(out[p][1], out[p][0]), p) for p in places)
    gap = min(2 * math.pi / len(angles), 90 / ring)
    fixed = []
    for a, p in angles:
        if fixed and a - fixed[-1][0] < gap:
            a = fixed[-1][0] + gap
        fixed.append((a, p))
    for a, p in fixed:
        out[p] = (ring * math.cos(a), ring * math.sin(a))
    return out


REGION_ANCHORS: dict[str, tuple[float, float]] = {
    "region:north": (20.9, 98.0),
    "region:northeast": (18.9, 105.6),
    "region:central": (15.6, 97.4),
    "region:west": (12.4, 97.6),
    "region:east": (11.6, 103.6),
    "region:south": (7.6, 97.2),
}
"""Where a region's summary node sits on the country view: off the coast or border beside it, so it
covers none of its provinces (lat, lon)."""
