"""District coverage, partner-type gaps and policy outcomes of a hand-built Nan, exactly.

Nan has 15 districts (geothai). Work: the network team in เมืองน่าน (5501), a person in a
subdistrict of it, an event in แม่จริม (5502), a lesson in a subdistrict of นาน้อย (5504), a
temple partnered with the team in ปัว (5505). Not work: a person placed at the province alone, a
school in ท่าวังผา (5506) nobody partners with. So 4 of 15 districts have work.
"""

from __future__ import annotations

import networkx as nx
import pytest

from phakhee.graph.model import node_record, parse_node, parse_tie, tie_record
from phakhee.graph.reference import reference_nodes, reference_ties
from phakhee.graph.store import GraphStore
from phakhee.loaders.vocab import choice
from phakhee.loaders.writer import write_batches
from phakhee.queries.analytics import gaps
from phakhee.queries.analytics.coverage import COUNTRY, coverage
from phakhee.queries.analytics.gaps import PARTNER_TYPES, located
from phakhee.queries.analytics.policies import policies
from phakhee.queries.analytics.scorecard import scorecards
from phakhee.queries.records.snapshot_diff import CoverageChange, diff_snapshots
from phakhee.queries.records.snapshots import create_snapshot

NAN = [f"district:55{i:02d}" for i in range(1, 16)]
NODES = [
    {"kind": "team", "id": "team:nan", "name": "ประชาคมน่าน", "team_type": "provincial_network"},
    {"kind": "person", "id": "person:a", "name": "ก"},
    {"kind": "person", "id": "person:b", "name": "ข"},
    {
        "kind": "event",
        "id": "event:e",
        "name": "เวที",
        "event_type": "forum",
        "date": "2026-01-10",
        "policy": "ธรรมนูญตำบลงานบุญปลอดเหล้า",
        "policy_level": "subdistrict",
        "policy_type": "charter",
        "policy_year": 2569,
    },
    {
        "kind": "lesson",
        "id": "lesson:l",
        "name": "บทเรียน",
        "lesson_type": "best_practice",
        "policy": "กติกาหมู่บ้าน",
        "policy_level": "village",
        "policy_type": "community_rule",
        "policy_year": 2567,
    },
    {"kind": "partner", "id": "partner:temple", "name": "วัดปัว", "sector": "temple"},
    {"kind": "partner", "id": "partner:school", "name": "โรงเรียนท่าวังผา", "partner_type": "school"},
]
TIES = [
    ("located_in", "team:nan", "district:5501", {}),
    ("located_in", "person:a", "subdistrict:550101", {}),
    ("located_in", "person:b", "province:nan", {}),
    ("located_in", "event:e", "district:5502", {}),
    ("located_in", "lesson:l", "subdistrict:550401", {}),
    ("located_in", "partner:temple", "district:5505", {}),
    ("located_in", "partner:school", "district:5506", {}),
    ("member_of", "person:a", "team:nan", {}),
    ("partners_with", "team:nan", "partner:temple", {"level": "policy"}),
]


def _write(store: GraphStore, nodes: list[dict], ties: list[tuple]) -> None:
    records = [
        tie_record(parse_tie({"kind": k, "source": s, "target": t, "props": p}))
        for k, s, t, p in ties
    ]
    batches = [
        ("reference", [*reference_nodes(), *reference_ties()]),
        ("nodes", [node_record(parse_node(n)) for n in nodes]),
        ("ties", records),
    ]
    write_batches(store, batches)


@pytest.fixture
def graph(sqlite_store: GraphStore) -> nx.MultiDiGraph:
    _write(sqlite_store, NODES, TIES)
    return sqlite_store.project()


@pytest.mark.parametrize(
    ("cell", "value"),
    [("วัด/พระสงฆ์", "temple"), ("วัด", "temple"), ("temple", "temple"), ("ภาครัฐ", "government")],
)
def test_the_sector_column_takes_a_type_or_a_sector(cell: str, value: str) -> None:
    assert choice("partner", "sector", cell) == value


def test_a_type_typed_as_the_sector_is_the_type_under_its_sector(graph: nx.MultiDiGraph) -> None:
    assert (
        graph.nodes["partner:temple"]["sector"],
        graph.nodes["partner:temple"]["partner_type"],
    ) == (
        "civil_society",
        "temple",
    )
    assert graph.nodes["partner:school"]["sector"] == "government"


def test_nan_has_work_in_4_of_its_15_districts(graph: nx.MultiDiGraph) -> None:
    nan = coverage(graph)["province:nan"]
    assert (nan.with_work, nan.districts, nan.share) == (4, 15, 4 / 15)
    assert nan.without == tuple(
        d
        for d in NAN
        if d not in {"district:5501", "district:5502", "district:5504", "district:5505"}
    )


def test_zones_regions_and_the_country_add_up_their_districts(graph: nx.MultiDiGraph) -> None:
    found = coverage(graph)
    assert (found["zone:north-upper"].with_work, found["zone:north-upper"].districts) == (4, 103)
    assert (found["region:north"].with_work, found["region:north"].districts) == (4, 112)
    assert (found[COUNTRY].with_work, found[COUNTRY].districts) == (4, 928)
    assert found["province:phrae"].with_work == 0 and len(found["province:phrae"].without) == 8


def test_the_scorecard_shows_coverage_beside_1_2(graph: nx.MultiDiGraph) -> None:
    card = scorecards(graph)["province:nan"]
    figures = next(i for i in card.indicators if i.code == "1.2").figures
    assert figures == {
        "team_members": 1,
        "teams": 1,
        "districts": 15,
        "districts_with_work": 4,
        "district_coverage": 0.2667,
    }
    assert next(c for c in card.compared if c.figure == "district_coverage").province == 0.2667
    # 3.1 counts sectors as before: the temple is civil society
    assert next(i for i in card.indicators if i.code == "3.1").figures["sectors"] == 1


def test_partner_types_missing_in_the_province_and_district_by_district(
    graph: nx.MultiDiGraph,
) -> None:
    (gap,) = gaps.missing_partner_types(graph)
    assert gap.province == "province:nan" and gap.districts == 15
    assert gap.present == {"temple": 1}  # the school partners with nobody: not Nan's partner
    assert gap.missing == [t for t in PARTNER_TYPES if t != "temple"]
    assert gap.missing_in["temple"] == [d for d in NAN if d != "district:5505"]
    assert {t: len(ds) for t, ds in gap.missing_in.items()} == {
        t: 14 if t == "temple" else 15 for t in PARTNER_TYPES
    }


def test_policies_are_counted_by_province_newest_first(graph: nx.MultiDiGraph) -> None:
    nan = policies(graph, located(graph))["province:nan"]
    assert (nan.total, nan.by_level, nan.by_type) == (
        2,
        {"subdistrict": 1, "village": 1},
        {"charter": 1, "community_rule": 1},
    )
    assert [(x.source, x.year) for x in nan.items] == [("event:e", 2569), ("lesson:l", 2567)]


def test_a_snapshot_diff_shows_districts_gained_and_lost(sqlite_store: GraphStore) -> None:
    _write(sqlite_store, NODES, TIES)
    before = create_snapshot(sqlite_store, sqlite_store.project(), "before")
    sqlite_store.delete_node("event:e")  # แม่จริม loses its only work
    _write(
        sqlite_store,
        [{"kind": "person", "id": "person:c", "name": "ค"}],
        [
            ("located_in", "person:c", "subdistrict:550301", {}),
            ("located_in", "person:b", "district:5507", {}),
        ],
    )
    after = create_snapshot(sqlite_store, sqlite_store.project(), "after")
    d = diff_snapshots(sqlite_store, before.id, after.id)
    assert d.coverage == [
        CoverageChange(
            "province:nan", 0.2667, 0.3333, ["district:5503", "district:5507"], ["district:5502"]
        )
    ]
    changed = {
        i.name: (i.before, i.after)
        for i in d.indicators
        if i.name.startswith(("district", "provinces_fully"))
    }
    assert changed == {
        "districts_with_work": (4, 5),
        "district_coverage": (round(4 / 928, 4), round(5 / 928, 4)),
        "provinces_fully_covered": (0, 0),
    }
