"""The places below the province and the network's zones agree with geothai and the network's own
list; a district or subdistrict is only ever located in the place it is in."""

from __future__ import annotations

import csv
from pathlib import Path

import geothai
import pytest
from geothai._areas import is_district
from geothai._normalize import normalize

from phakhee.graph import geography as geo
from phakhee.graph.errors import InvalidInput
from phakhee.graph.model import NodeKind, parse_node, parse_tie
from phakhee.graph.thailand import PROVINCES, ZONES

ZONES_CSV = Path(__file__).parent / "data" / "zones.csv"


def test_the_77_provinces_agree_with_geothai_by_thai_name_english_name_and_code() -> None:
    ours = {p.name_th: p for p in PROVINCES}
    theirs = {p.name_th: p for p in geothai.provinces()}
    assert sorted(ours) == sorted(theirs)
    assert len({geo.province_code(f"province:{p.slug}") for p in PROVINCES}) == 77
    assert geo.province_code("province:nan") == "55"
    assert geo.province_code("province:bangkok") == "10"
    differ = {
        p.slug: theirs[p.name_th].name_en
        for p in PROVINCES
        if p.name_en != theirs[p.name_th].name_en
    }
    assert differ == {"phangnga": "Phang-nga"}
    assert "Phang-nga" in next(p for p in PROVINCES if p.slug == "phangnga").aliases


def test_the_zones_of_all_77_provinces_match_the_networks_list() -> None:
    with ZONES_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    by_th = {p.name_th: f"province:{p.slug}" for p in PROVINCES}
    assert {by_th[r["province_th"]]: f"zone:{r['zone']}" for r in rows} == geo.ZONE_OF
    assert len(geo.ZONE_OF) == 77
    assert {z.slug: z.short_th for z in ZONES} == {r["zone"]: r["zone_th"] for r in rows}
    assert [len(z.provinces) for z in ZONES] == [1, 8, 10, 11, 9, 8, 8, 8, 7, 7]
    assert set(geo.ZONES_BY_ID) == set(geo.ZONE_OF.values())  # each zone by the id it is named by
    assert geo.ZONES_BY_ID["zone:northeast-upper"].short_th == "อีสานบน"


def test_places_know_their_province_district_and_areas() -> None:
    assert len(geo.districts_of("province:nan")) == 15
    assert geo.districts_of("province:nan")[0] == "district:5501"
    assert geo.subdistricts_of("district:5501")[:2] == ["subdistrict:550101", "subdistrict:550102"]
    assert geo.province_of("subdistrict:550101") == "province:nan"
    assert geo.province_of("district:5501") == "province:nan"
    assert geo.province_of("province:nan") == "province:nan"
    assert geo.province_of("region:north") is None
    assert geo.province_of("district:9999") is None
    assert geo.district_of("subdistrict:550101") == "district:5501"
    assert geo.parent_of("subdistrict:550101") == "district:5501"
    assert geo.parent_of("district:5501") == "province:nan"
    assert geo.parent_of("province:nan") == "region:north"
    assert geo.areas_of("province:nan") == ("region:north", "zone:north-upper")
    assert geo.in_area("subdistrict:550101", "zone:north-upper")
    assert geo.in_area("subdistrict:550101", "region:north")
    assert not geo.in_area("subdistrict:550101", "zone:north-lower")
    assert geo.in_area("region:north", "region:north")
    assert not geo.in_area(None, "region:north")
    assert geo.provinces_in("zone:northeast-upper") == {
        f"province:{s}" for s in next(z for z in ZONES if z.slug == "northeast-upper").provinces
    }
    assert len(geo.provinces_in("region:northeast")) == 20
    assert geo.provinces_in("zone:nowhere") == frozenset()


def test_geothai_counts_and_the_private_rules_we_lean_on() -> None:
    """geothai's matching rules, read through two names that are not its API (pinned in
    pyproject.toml): a change shows here first."""
    places = list(geo.every_place())
    assert sum(p.level == "district" for p in places) == 928
    assert sum(p.level == "subdistrict" for p in places) == 7436
    assert normalize("อ. เกาะพะงัน") == "เกาะพะงัน"
    assert normalize("อำเภอเมืองน่าน") == "เมืองน่าน"
    nan = geothai.district("5501")
    assert nan is not None and is_district(nan, "เมือง") and is_district(nan, "mueangnan")


def test_place_nodes_need_a_dopa_code_geothai_knows() -> None:
    node = parse_node({"kind": "district", "id": "district:5501", "name": "เมืองน่าน"})
    assert node.id == "district:5501"
    with pytest.raises(InvalidInput, match="is no district"):
        parse_node({"kind": "district", "id": "district:9999", "name": "ไม่มี"})
    with pytest.raises(InvalidInput, match="is no district"):
        parse_node({"kind": "subdistrict", "id": "subdistrict:5501", "name": "สั้นไป"})
    assert NodeKind.DISTRICT.label == "District" and NodeKind.SUBDISTRICT.label == "Subdistrict"


@pytest.mark.parametrize(
    ("source", "target", "refused"),
    [
        ("subdistrict:550101", "district:5501", False),
        ("district:5501", "province:nan", False),
        ("person:a", "subdistrict:550101", False),
        ("team:a", "district:5501", False),
        ("subdistrict:550101", "province:nan", True),
        ("district:5501", "province:phrae", True),
        ("province:nan", "district:5501", True),
    ],
)
def test_a_place_is_located_only_in_the_place_it_is_in(
    source: str, target: str, refused: bool
) -> None:
    tie = {"kind": "located_in", "source": source, "target": target}
    if refused:
        with pytest.raises(InvalidInput, match="located_in target"):
            parse_tie(tie)
    else:
        assert parse_tie(tie).target == target


def test_a_write_naming_a_subdistrict_brings_it_and_its_district() -> None:
    from phakhee.graph.model import TieKind, TieRecord

    ties = [
        TieRecord(TieKind.LOCATED_IN, "person:a", "subdistrict:550101"),
        TieRecord(TieKind.LOCATED_IN, "person:b", "district:5501"),
    ]
    made: set[str] = set()
    nodes, place_ties = geo.places_named(ties, made)
    assert [(n.id, n.props) for n in nodes] == [
        (
            "subdistrict:550101",
            {"name": "ในเวียง", "name_en": "Nai Wiang", "code": "550101", "postal_codes": ["55000"]},
        ),
        ("district:5501", {"name": "เมืองน่าน", "name_en": "Mueang Nan", "code": "5501"}),
    ]
    assert [t.key for t in place_ties] == [
        ("located_in", "subdistrict:550101", "district:5501"),
        ("located_in", "district:5501", "province:nan"),
    ]
    assert geo.places_named(ties, made) == ([], [])
