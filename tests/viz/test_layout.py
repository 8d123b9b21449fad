"""Server-side layout: provinces on the map, members around them, seeded and linear."""

from __future__ import annotations

import time

from phakhee.graph.thailand import PROVINCES
from phakhee.queries.drawing import layout


def _places() -> dict[str, dict]:
    return {
        f"province:{p.slug}": {"kind": "province", "lat": p.lat, "lon": p.lon, "region": p.region}
        for p in PROVINCES
    }


def test_provinces_sit_where_the_map_puts_them() -> None:
    c = layout.place_centres(_places())
    chiang_rai, bangkok, yala = c["province:chiang-rai"], c["province:bangkok"], c["province:yala"]
    assert chiang_rai[1] < bangkok[1] < yala[1]  # north above south (y grows downward)
    assert c["province:ubon-ratchathani"][0] > bangkok[0]  # east to the right
    assert "region:northeast" in c


def test_members_circle_their_province_and_same_seed_same_picture() -> None:
    centres = layout.place_centres(_places())
    nodes = {f"person:{i}": {"kind": "person"} for i in range(50)}
    nodes["team:nan"] = {"kind": "team"}
    home = dict.fromkeys(nodes, "province:nan")
    a = layout.geographic(nodes, home, centres, {}, seed=7)
    assert a == layout.geographic(nodes, home, centres, {}, seed=7)
    assert a != layout.geographic(nodes, home, centres, {}, seed=8)
    cx, cy = centres["province:nan"]
    # the team comes first: nearest the province's centre
    dist = {n: ((x - cx) ** 2 + (y - cy) ** 2) ** 0.5 for n, (x, y) in a.items()}
    assert dist["team:nan"] == min(dist.values())
    assert max(dist.values()) < layout.SPACING * 8
    assert len({(round(x), round(y)) for x, y in a.values()}) == len(nodes)  # no two on one spot


def test_nodes_placed_nowhere_go_to_one_spot_at_sea() -> None:
    pos = layout.geographic({"person:x": {"kind": "person"}}, {"person:x": None}, {}, {})
    assert pos["person:x"] == layout.spiral(layout.project(9.0, 103.2), ["person:x"])["person:x"]


def test_map_layout_of_a_hundred_thousand_nodes_takes_about_a_second() -> None:
    centres = layout.place_centres(_places())
    provinces = sorted(centres)
    nodes = {f"person:{i}": {"kind": "person"} for i in range(100_000)}
    home = {n: provinces[i % len(provinces)] for i, n in enumerate(nodes)}
    t = time.perf_counter()
    pos = layout.geographic(nodes, home, centres, {})
    assert len(pos) == 100_000
    assert time.perf_counter() - t < 5


def test_radial_puts_other_provinces_in_their_direction() -> None:
    centres = layout.place_centres(_places())
    nodes = {
        "province:nan": {"kind": "province"},
        "province:yala": {"kind": "province"},
        "province:ubon-ratchathani": {"kind": "province"},
        "team:nan": {"kind": "team"},
    }
    edges = [("team:nan", "province:nan", 1.0)]
    pos = layout.radial(nodes, edges, "province:nan", {}, centres)
    assert pos["province:nan"] == (0.0, 0.0)
    assert pos["province:yala"][1] > 0  # south of Nan: below
    assert pos["province:ubon-ratchathani"][0] > 0  # east of Nan: right
