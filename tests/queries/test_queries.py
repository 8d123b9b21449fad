"""Queries on a small hand-built network where the right answers are obvious."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from graph.errors import NotFound
from graph.model import node_record, parse_node, parse_tie, tie_record
from graph.reference import ensure_reference
from graph.store import GraphStore
from queries.collaboration import collaboration_graph
from queries.experts import Evidence, ExpertIndex, experts
from queries.introductions import introductions
from queries.maps import partnership_map
from queries.neighbourhood import ego, lessons
from queries.search import SearchIndex, find_one, search

AS_OF = dt.date(2026, 6, 30)
NODES = [
    {"kind": "topic", "id": "topic:youth", "name": "เยาวชน", "name_en": "Youth"},
    {
        "kind": "topic",
        "id": "topic:lent",
        "name": "งดเหล้า เข้าพรรษา",
        "name_en": "Buddhist Lent abstinence",
    },
    {"kind": "person", "id": "person:author", "name": "สมชาย ใจดี"},
    {"kind": "person", "id": "person:attendee", "name": "มาลี ศรีสุข"},
    {
        "kind": "person",
        "id": "person:broker",
        "name": "อนันต์ เชื่อมภาค",
        "position": "regional-academic",
    },
    {"kind": "person", "id": "person:ubon", "name": "บุญมี อุบลดี"},
    {"kind": "person", "id": "person:far", "name": "ทองดี ไกลบ้าน"},
    {
        "kind": "team",
        "id": "team:nan",
        "name": "ประชาคมงดเหล้าจังหวัดน่าน",
        "team_type": "provincial_network",
    },
    {
        "kind": "partner",
        "id": "partner:pho-ubon",
        "name": "สำนักงานสาธารณสุขจังหวัดอุบลราชธานี",
        "sector": "government",
    },
    {"kind": "partner", "id": "partner:temple-nan", "name": "วัดภูมินทร์", "sector": "civil_society"},
    {
        "kind": "lesson",
        "id": "lesson:l1",
        "name": "ถอดบทเรียนเยาวชนน่าน",
        "lesson_type": "best_practice",
        "date": "2026-05-31",
    },
    {
        "kind": "lesson",
        "id": "lesson:l2",
        "name": "คลิปเยาวชนน่าน",
        "lesson_type": "media",
        "date": "2026-05-01",
    },
    {
        "kind": "event",
        "id": "event:old",
        "name": "เวทีเยาวชน 2564",
        "event_type": "forum",
        "date": "2021-06-30",
    },
]
TIES = [
    ("authored", "person:author", "lesson:l1", {}),
    ("authored", "person:author", "lesson:l2", {}),
    ("about", "lesson:l1", "topic:youth", {}),
    ("about", "lesson:l2", "topic:youth", {}),
    ("about", "event:old", "topic:youth", {}),
    ("attended", "person:attendee", "event:old", {}),
    ("located_in", "person:author", "province:nan", {}),
    ("located_in", "person:attendee", "province:nan", {}),
    ("located_in", "person:broker", "province:nan", {}),
    ("located_in", "person:ubon", "province:ubon-ratchathani", {}),
    ("located_in", "person:far", "province:ubon-ratchathani", {}),
    ("located_in", "lesson:l1", "province:nan", {}),
    ("located_in", "lesson:l2", "province:nan", {}),
    ("located_in", "partner:pho-ubon", "province:ubon-ratchathani", {}),
    ("located_in", "partner:temple-nan", "province:nan", {}),
    ("member_of", "person:author", "team:nan", {"role": "coordinator"}),
    ("member_of", "person:broker", "team:nan", {"role": "academic"}),
    ("knows", "person:broker", "person:ubon", {"context": "เวทีข้ามภาค"}),
    ("knows", "person:attendee", "person:far", {}),
    ("liaises_with", "person:ubon", "partner:pho-ubon", {}),
    ("liaises_with", "person:author", "partner:temple-nan", {}),
    (
        "partners_with",
        "team:nan",
        "partner:temple-nan",
        {"level": "policy", "since": "2023-01-01", "shared_budget": True, "budget_thb": 20000},
    ),
]


@pytest.fixture
def graph(store: GraphStore) -> nx.MultiDiGraph:
    ensure_reference(store)
    store.upsert_nodes([node_record(parse_node(n)) for n in NODES])
    result = store.upsert_ties(
        [
            tie_record(parse_tie({"kind": k, "source": s, "target": t, "props": p}))
            for k, s, t, p in TIES
        ]
    )
    assert result.rejected == []
    return store.project()


def test_two_recent_lessons_outrank_one_old_event_with_exact_evidence(
    graph: nx.MultiDiGraph,
) -> None:
    ranked = experts(graph, "topic:youth", as_of=AS_OF)
    assert [(e.id, e.score) for e in ranked] == [
        ("person:author", 5.7498),
        ("person:attendee", 0.1768),
    ]
    assert ranked[0].evidence == [
        Evidence("authored lesson", "lesson:l1", "ถอดบทเรียนเยาวชนน่าน", "2026-05-31", 2.9158),
        Evidence("authored lesson", "lesson:l2", "คลิปเยาวชนน่าน", "2026-05-01", 2.834),
    ]
    assert ranked[1].evidence == [
        Evidence("attended event", "event:old", "เวทีเยาวชน 2564", "2021-06-30", 0.1768)
    ]
    assert ranked[0].province == "province:nan"


def test_the_expert_index_gives_the_same_answers(graph: nx.MultiDiGraph) -> None:
    index = ExpertIndex(graph, AS_OF)
    for topic in ("topic:youth", "topic:lent"):
        for province in (None, "province:nan"):
            assert experts(graph, topic, province=province, index=index) == experts(
                graph, topic, province=province, as_of=AS_OF
            )


def test_experts_filter_by_province_and_region(graph: nx.MultiDiGraph) -> None:
    assert experts(graph, "topic:youth", province="province:ubon-ratchathani", as_of=AS_OF) == []
    assert [e.id for e in experts(graph, "topic:youth", region="region:north", as_of=AS_OF)] == [
        "person:author",
        "person:attendee",
    ]
    with pytest.raises(NotFound):
        experts(graph, "topic:nothing", as_of=AS_OF)


def test_thai_without_spaces_finds_the_topic_written_with_spaces(graph: nx.MultiDiGraph) -> None:
    index = SearchIndex(graph)
    (hit, *_) = search(index, "งดเหล้าเข้าพรรษา")
    assert (hit.id, hit.field, hit.how) == ("topic:lent", "name", "exact")


def test_english_and_translated_queries_find_the_same_topic(graph: nx.MultiDiGraph) -> None:
    index = SearchIndex(graph)
    assert search(index, "Buddhist Lent abstinence")[0].id == "topic:lent"
    assert search(index, "buddhist lent", kinds=["topic"])[0].id == "topic:lent"
    assert search(index, "youth")[0].id == "topic:youth"
    assert search(index, "เยาวชน", kinds=["topic"])[0].field == "name"


def test_a_one_letter_typo_still_finds_the_person(graph: nx.MultiDiGraph) -> None:
    index = SearchIndex(graph)
    (hit, *_) = search(index, "สมชาย ใจดิ", kinds=["person"])
    assert (hit.id, hit.how) == ("person:author", "fuzzy")
    assert find_one(index, "สมชาย ใจดิ", {"person"}) == "person:author"


def test_introductions_between_regions_go_through_the_broker(graph: nx.MultiDiGraph) -> None:
    collab = collaboration_graph(graph, AS_OF)
    (chain,) = introductions(graph, collab, "person:author", "person:ubon")
    assert chain.people == ["person:author", "person:broker", "person:ubon"]
    assert [h.reasons for h in chain.hops] == [
        ["team: ประชาคมงดเหล้าจังหวัดน่าน"],
        ["knows: เวทีข้ามภาค"],
    ]


def test_introductions_to_a_partner_end_with_the_person_who_carries_it(
    graph: nx.MultiDiGraph,
) -> None:
    collab = collaboration_graph(graph, AS_OF)
    (chain,) = introductions(graph, collab, "person:author", "partner:pho-ubon")
    assert chain.people == ["person:author", "person:broker", "person:ubon"]
    assert chain.hops[-1].reasons == ["carries the partnership with สำนักงานสาธารณสุขจังหวัดอุบลราชธานี"]
    assert introductions(graph, collab, "person:author", "person:far") == []


def test_partnership_map_of_a_province(graph: nx.MultiDiGraph) -> None:
    m = partnership_map(graph, province="province:nan")
    assert [p.id for p in m.partners] == ["partner:temple-nan"]
    (ship,) = m.partners[0].partnerships
    assert (ship.team, ship.level, ship.since, ship.shared_budget, ship.budget_thb) == (
        "team:nan",
        "policy",
        "2023-01-01",
        True,
        20000.0,
    )
    assert ship.carriers == [("person:author", "สมชาย ใจดี")]
    assert (m.by_sector, m.by_level) == ({"civil_society": 1}, {"policy": 1})
    assert [p.id for p in partnership_map(graph, sector="government").partners] == [
        "partner:pho-ubon"
    ]
    assert [p.id for p in partnership_map(graph, region="region:northeast").partners] == [
        "partner:pho-ubon"
    ]


def test_ego_network_by_depth_and_tie_kind(graph: nx.MultiDiGraph) -> None:
    near = ego(graph, "person:broker", tie_kinds={"knows", "member_of"})
    assert sorted(near.nodes) == ["person:broker", "person:ubon", "team:nan"]
    far = ego(graph, "person:broker", depth=2, tie_kinds={"knows", "member_of"})
    assert sorted(far.nodes) == ["person:author", "person:broker", "person:ubon", "team:nan"]


def test_lessons_newest_first_and_filtered(graph: nx.MultiDiGraph) -> None:
    assert [x.id for x in lessons(graph, topic="topic:youth")] == ["lesson:l1", "lesson:l2"]
    assert [x.id for x in lessons(graph, lesson_type="media")] == ["lesson:l2"]
    assert [x.id for x in lessons(graph, since=dt.date(2026, 5, 15))] == ["lesson:l1"]
    assert lessons(graph, author="person:author")[0].authors == [("person:author", "สมชาย ใจดี")]
