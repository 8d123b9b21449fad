"""Each gap finder on a hand-built network where the right answer is obvious."""

from __future__ import annotations

import networkx as nx
import pytest

from phakhee.graph.store import GraphStore
from phakhee.queries.analytics import gaps
from phakhee.queries.analytics.scorecard import scorecards
from phakhee.queries.records.measures import indicators
from tests.queries.gap_network import build_gap_network
from tests.queries.network import write_network


@pytest.fixture
def graph(sqlite_store: GraphStore) -> nx.MultiDiGraph:
    build_gap_network(sqlite_store)
    return sqlite_store.project()


def test_a_province_without_a_government_partner_is_reported_one_with_one_is_not(
    graph: nx.MultiDiGraph,
) -> None:
    found = gaps.missing_sectors(graph)
    assert [(g.province, g.missing, g.present) for g in found] == [
        (
            "province:ubon-ratchathani",
            ["government", "private", "civil_society", "target_group"],
            {},
        ),
        ("province:phrae", ["government", "private", "target_group"], {"civil_society": 1}),
    ]
    assert "province:nan" not in {g.province for g in found}


def test_a_province_with_only_operational_partnerships_is_reported(
    graph: nx.MultiDiGraph,
) -> None:
    found = gaps.operational_only(graph)
    assert [(g.province, g.partnerships, g.partners) for g in found] == [
        ("province:phrae", 1, ["partner:phrae-ngo"])
    ]


def test_a_team_lacking_skills_or_holding_them_at_beginner_level_is_reported(
    graph: nx.MultiDiGraph,
) -> None:
    found = gaps.skill_gaps(graph)
    assert [(g.team, g.members, g.missing, g.beginner_only) for g in found] == [
        (
            "team:nan",
            2,
            ["skill:km", "skill:team-management", "skill:communication", "skill:network-weaving"],
            ["skill:facilitation"],
        )
    ]
    assert found[0].province == "province:nan"


def test_a_topic_worked_on_with_no_lesson_is_reported(graph: nx.MultiDiGraph) -> None:
    found = gaps.topics_without_lessons(graph)
    assert [(g.topic, g.people, g.teams) for g in found] == [("topic:law", 1, 1)]


def test_a_lesson_never_shared_beyond_its_province_is_reported(graph: nx.MultiDiGraph) -> None:
    found = gaps.unshared_lessons(graph)
    assert [(g.lesson, g.province, g.authors) for g in found] == [
        ("lesson:l2", "province:nan", ["person:a"])
    ]


def test_provinces_of_a_region_that_never_exchange_are_reported(graph: nx.MultiDiGraph) -> None:
    # Nan and Ubon met at the exchange (so north and north-east talk); Nan and Phrae never did.
    assert gaps.exchanges(graph) == {("province:nan", "province:ubon-ratchathani")}
    found = gaps.silent_pairs(graph)
    assert [(g.scope, g.a, g.b, g.region) for g in found] == [
        ("province", "province:nan", "province:phrae", "region:north")
    ]


def test_regions_that_never_exchange_are_reported(sqlite_store: GraphStore) -> None:
    build_gap_network(sqlite_store)
    # Without A at the exchange in Ubon and without L1 presented there, Nan never met Ubon.
    sqlite_store.delete_ties(
        [("attended", "person:a", "event:ex"), ("presented_at", "lesson:l1", "event:ex")]
    )
    graph = sqlite_store.project()
    found = gaps.silent_pairs(graph)
    assert [(g.scope, g.a, g.b) for g in found] == [
        ("region", "region:north", "region:northeast"),
        ("province", "province:nan", "province:phrae"),
    ]


def test_a_partner_only_located_in_a_province_is_not_its_partner(
    sqlite_store: GraphStore,
) -> None:
    """The gap, the scorecard's 3.1 and the snapshot indicators count the same partners: those
    in partnership with a team of the province."""
    build_gap_network(sqlite_store)
    write_network(
        sqlite_store,
        [
            {
                "kind": "partner",
                "id": "partner:phrae-pho",
                "name": "Phrae PHO",
                "sector": "government",
            }
        ],
        [("located_in", "partner:phrae-pho", "province:phrae", {})],
    )
    g = sqlite_store.project()
    phrae = next(x for x in gaps.missing_sectors(g) if x.province == "province:phrae")
    assert phrae.missing == ["government", "private", "target_group"]
    card = scorecards(g)["province:phrae"]
    assert next(i for i in card.indicators if i.code == "3.1").figures["sector_government"] == 0
    assert indicators(g)["provinces_with_government_partner"] == 1  # Nan's, not Phrae's
