"""Queries on a small hand-built network where the right answers are obvious."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from phakhee.graph.errors import NotFound
from phakhee.graph.model import NodeKind, node_record, parse_node, parse_tie, tie_record
from phakhee.graph.store import GraphStore
from phakhee.queries.ask.experts import Evidence, ExpertIndex, experts
from phakhee.queries.ask.introductions import introductions
from phakhee.queries.ask.maps import partnership_map
from phakhee.queries.ask.neighbourhood import ego, lessons
from phakhee.queries.ask.resolve import graph_resolver
from phakhee.queries.ask.search import SearchIndex, search
from phakhee.queries.collaboration import collaboration_graph
from tests.queries.network import AS_OF, build_small_network


@pytest.fixture
def graph(store: GraphStore) -> nx.MultiDiGraph:
    build_small_network(store)
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
        Evidence(
            "authored lesson", "lesson:l1", "ถอดบทเรียนเยาวชนน่าน", "2026-05-31", 2.9158, "lesson"
        ),
        Evidence("authored lesson", "lesson:l2", "คลิปเยาวชนน่าน", "2026-05-01", 2.834, "lesson"),
    ]
    assert ranked[1].evidence == [
        Evidence("attended event", "event:old", "เวทีเยาวชน 2564", "2021-06-30", 0.1768, "event")
    ]
    assert ranked[0].province == "province:nan"


def test_each_item_of_evidence_says_its_kind_and_the_role_or_level_as_data() -> None:
    g = nx.MultiDiGraph()
    for node in ("topic:t", "team:x", "person:a", "skill:s"):
        g.add_node(node, kind=node.partition(":")[0], name=node)
    g.add_edge("team:x", "topic:t", key="works_on", role="lead")
    g.add_edge("person:a", "team:x", key="member_of", role="chair", since="2024-01-01")
    g.add_edge("person:a", "topic:t", key="works_on")
    g.add_edge("person:a", "skill:s", key="has_skill", level="advanced")
    (expert,) = experts(g, "topic:t", as_of=AS_OF)
    assert expert.evidence == [
        Evidence(
            "member of team working on it (chair)",
            "team:x",
            "team:x",
            "2024-01-01",
            1.95,
            "member",
            role="chair",
        ),
        Evidence("works on topic", "topic:t", "topic:t", None, 0.75, "works_on"),
    ]
    (expert,) = experts(g, skill="skill:s", as_of=AS_OF)
    assert expert.evidence == [
        Evidence("skill (advanced)", "skill:s", "skill:s", None, 3.0, "skill", level="advanced")
    ]


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


def test_with_neither_topic_nor_skill_people_rank_by_all_their_evidence(
    graph: nx.MultiDiGraph,
) -> None:
    overall = experts(graph, as_of=AS_OF)
    assert [(e.id, e.score) for e in overall] == [
        ("person:author", 5.7498),
        ("person:attendee", 0.1768),
    ]


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
    with pytest.raises(
        NotFound
    ) as refused:  # where a node is named, the slip is offered, not taken
        graph_resolver(graph).resolve("สมชาย ใจดิ", {NodeKind.PERSON})
    assert [s[0] for s in refused.value.suggestions] == ["person:author"]


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


def _event_of(store: GraphStore, event: str, attendees: int) -> list[str]:
    people = [f"person:{event}-{i:03d}" for i in range(attendees)]
    store.upsert_nodes(
        [
            node_record(
                parse_node(
                    {
                        "kind": "event",
                        "id": f"event:{event}",
                        "name": event,
                        "event_type": "forum",
                        "date": "2026-06-01",
                    }
                )
            )
        ]
    )
    store.upsert_nodes(
        [node_record(parse_node({"kind": "person", "id": p, "name": p})) for p in people]
    )
    store.upsert_ties(
        [
            tie_record(parse_tie({"kind": "attended", "source": p, "target": f"event:{event}"}))
            for p in people
        ]
    )
    return people


def test_a_meeting_joins_its_attendees_and_an_assembly_does_not(store: GraphStore) -> None:
    meeting = _event_of(store, "meeting", 100)
    assembly = _event_of(store, "assembly", 101)
    collab = collaboration_graph(store.project(), AS_OF)
    assert collab.number_of_edges() == 100 * 99 // 2
    assert collab.has_edge(meeting[0], meeting[99])
    assert collab[meeting[0]][meeting[99]]["weight"] == 0.291857  # 0.3 × 2^(−29 ÷ 730.5 days)
    assert [collab.degree(p) for p in assembly] == [0] * 101
