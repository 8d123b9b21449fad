"""A district or subdistrict as coordinators write it, resolved within the row's province:
every one of geothai's by its Thai name, the short and long words, codes and postal codes, and
ambiguity refused with the candidates named."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phakhee.graph import geography as geo
from phakhee.graph.errors import Ambiguous, InvalidInput
from phakhee.graph.store import GraphStore
from phakhee.loaders.resolve import area, district, subdistrict
from tests.loaders.test_thai_words import _load

PLACES = list(geo.every_place())
DISTRICTS = [p for p in PLACES if p.level == "district"]
SUBDISTRICTS = [p for p in PLACES if p.level == "subdistrict"]


def test_every_district_resolves_from_its_thai_name_within_its_province() -> None:
    assert len(DISTRICTS) == 928
    assert [d.id for d in DISTRICTS if district(d.name_th, d.province) != d.id] == []


def test_every_subdistrict_resolves_from_its_thai_name_within_its_province() -> None:
    """Within its province alone when no other subdistrict there has its name; with its district
    when one does (285 subdistricts share 135 names with another of their province), and then
    without it the name is refused naming each."""
    names = Counter((s.province, geo.place_key(s.name_th)) for s in SUBDISTRICTS)
    shared = [s for s in SUBDISTRICTS if names[(s.province, geo.place_key(s.name_th))] > 1]
    assert (len(SUBDISTRICTS), len(shared)) == (7436, 285)
    wrong = [
        s.id
        for s in SUBDISTRICTS
        if subdistrict(s.name_th, s.province, s.parent if s in shared else None) != s.id
    ]
    assert wrong == []
    refused = 0
    for s in shared:
        with pytest.raises(Ambiguous) as e:
            subdistrict(s.name_th, s.province)
        assert s.id in {i for i, _ in e.value.candidates}
        refused += 1
    assert refused == 285


@pytest.mark.parametrize(
    "text",
    [
        "อ.เมืองน่าน",
        "อ. เมืองน่าน",
        "อำเภอเมืองน่าน",
        "เมืองน่าน",
        "Mueang Nan",
        "mueang nan",
        "Amphoe Mueang Nan",
        "Mueang Nan District",
        "อ.เมือง",
        "5501",
        "๕๕๐๑",
    ],
)
def test_the_ways_of_writing_mueang_nan_are_one_district(text: str) -> None:
    assert district(text, "province:nan") == "district:5501"


def test_a_code_alone_needs_no_province_and_a_name_does() -> None:
    assert district("5501", None) == "district:5501"
    assert subdistrict("550101", None) == "subdistrict:550101"
    assert subdistrict("ในเวียง", None, "district:5501") == "subdistrict:550101"
    with pytest.raises(InvalidInput) as e:
        district("เมืองน่าน", None)
    assert str(e.value) == (
        "district 'เมืองน่าน' needs the row's province (จังหวัด): "
        "a district is looked for within its province"
    )


def test_bangkok_writes_khet_and_khwaeng() -> None:
    assert district("เขตพระนคร", "province:bangkok") == "district:1001"
    assert district("พระนคร", "province:bangkok") == "district:1001"
    assert district("Khet Phra Nakhon", "province:bangkok") == "district:1001"
    assert subdistrict("แขวงพระบรมมหาราชวัง", "province:bangkok") == "subdistrict:100101"


def test_a_postal_code_shared_by_two_subdistricts_is_refused_naming_both() -> None:
    with pytest.raises(Ambiguous) as e:
        subdistrict("10800", "province:bangkok")
    assert str(e.value) == (
        "'10800' names more than one subdistrict of กรุงเทพมหานคร (province:bangkok): "
        "'บางซื่อ' (subdistrict:102901) and 'วงศ์สว่าง' (subdistrict:102902); "
        "use the id (or the DOPA code)"
    )
    assert e.value.candidates == [
        ("subdistrict:102901", "บางซื่อ"),
        ("subdistrict:102902", "วงศ์สว่าง"),
    ]
    assert district("10800", "province:bangkok") == "district:1029"  # both in เขตบางซื่อ


def test_an_english_name_two_districts_share_is_refused_naming_both() -> None:
    with pytest.raises(Ambiguous) as e:
        district("Bang Sai", "province:phra-nakhon-si-ayutthaya")
    assert e.value.candidates == [("district:1404", "บางไทร"), ("district:1413", "บางซ้าย")]


def test_a_place_of_another_province_is_not_found_in_this_one() -> None:
    with pytest.raises(InvalidInput) as e:
        district("เมืองแพร่", "province:nan")
    assert str(e.value) == "district 'เมืองแพร่' is not a district of น่าน (province:nan)"
    with pytest.raises(InvalidInput) as e:
        subdistrict("ในเวียง", "province:nan", "district:5502")
    assert str(e.value) == ("subdistrict 'ในเวียง' is not in the district 'แม่จริม' (district:5502)")


WORDS = st.sampled_from(["", "อ.", "อ. ", "อำเภอ", "อำเภอ ", "  "])


@settings(max_examples=300, deadline=None)
@given(
    place=st.sampled_from(DISTRICTS),
    word=WORDS,
    english=st.booleans(),
    tail=st.sampled_from(["", " ", "  ", " District"]),
)
def test_a_district_written_any_such_way_is_itself(
    place: geo.Place, word: str, english: bool, tail: str
) -> None:
    """Its Thai name after อ./อำเภอ (Bangkok's already holds เขต), or its English one, with
    spaces around: itself, or refused naming it among the districts sharing the name."""
    if english:
        written = place.name_en + tail
    else:
        written = ("" if place.province == "province:bangkok" else word) + place.name_th
    try:
        assert district(written, place.province) == place.id
    except Ambiguous as e:
        assert english and place.id in {i for i, _ in e.candidates}


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=30))
def test_any_text_resolves_or_is_refused_as_invalid_input(text: str) -> None:
    for find in (district, subdistrict):
        try:
            found = find(text, "province:nan")
        except InvalidInput:
            continue
        assert geo.province_of(found) == "province:nan"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("อีสานบน", "zone:northeast-upper"),
        ("ภาคอีสานบน", "zone:northeast-upper"),
        ("Upper Northeast", "zone:northeast-upper"),
        ("northeast-upper", "zone:northeast-upper"),
        ("zone:northeast-upper", "zone:northeast-upper"),
        ("เหนือล่าง", "zone:north-lower"),
        ("กรุงเทพฯ", "zone:bangkok"),
        ("อีสาน", "region:northeast"),
        ("ภาคกลาง", "region:central"),
        ("โซนกลาง", "zone:central"),
        ("Central zone", "zone:central"),
        ("east", "region:east"),
    ],
)
def test_a_filter_names_a_region_or_a_zone(text: str, found: str) -> None:
    assert area(text) == found


def test_the_template_places_a_row_in_its_finest_place(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    report = _load(
        sqlite_store,
        tmp_path / "rows",
        {
            "people": [
                ["name", "จังหวัด", "อำเภอ", "ตำบล"],
                ["ก", "น่าน", "อ.เมืองน่าน", ""],
                ["ข", "Nan", "Mueang Nan", "ต.ในเวียง"],
                ["ค", "กทม", "", "10800"],
                ["ง", "", "5501", ""],
                ["จ", "น่าน", "อ.ไม่มี", ""],
                ["ฉ", "น่าน", "", ""],
            ],
        },
    )
    assert [(q.row, q.column, q.error) for q in report.quarantined] == [
        (
            4,
            "subdistrict",
            "subdistrict: '10800' names more than one subdistrict of กรุงเทพมหานคร "
            "(province:bangkok): 'บางซื่อ' (subdistrict:102901) and 'วงศ์สว่าง' "
            "(subdistrict:102902); use the id (or the DOPA code)",
        ),
        (6, "district", "district 'อ.ไม่มี' is not a district of น่าน (province:nan)"),
    ]
    placed = {
        t.source: t.target
        for t in sqlite_store.iter_ties()
        if t.kind == "located_in" and not t.source.startswith("province:")
    }
    assert placed == {
        "person:ก": "district:5501",
        "person:ข": "subdistrict:550101",
        "person:ง": "district:5501",
        "person:ฉ": "province:nan",
        "subdistrict:550101": "district:5501",
        "district:5501": "province:nan",
    }
    stored = sqlite_store.get_nodes(["district:5501", "subdistrict:550101"])
    assert stored["district:5501"].props == {
        "name": "เมืองน่าน",
        "name_en": "Mueang Nan",
        "code": "5501",
    }
    assert stored["subdistrict:550101"].provenance.source == "built-in"
