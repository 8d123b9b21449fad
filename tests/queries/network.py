"""A small hand-built network where the right answers are obvious (used by query and API tests)."""

from __future__ import annotations

import datetime as dt

from phakhee.graph.model import node_record, parse_node, parse_tie, tie_record
from phakhee.graph.reference import ensure_reference
from phakhee.graph.store import GraphStore

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


def build_small_network(store: GraphStore) -> None:
    """Write the network into a store (with the built-in geography)."""
    write_network(store, NODES, TIES)


def write_network(store: GraphStore, nodes: list[dict], ties: list[tuple]) -> None:
    """Write hand-built nodes and (kind, source, target, props) ties, with the built-in geography."""
    ensure_reference(store)
    store.upsert_nodes([node_record(parse_node(n)) for n in nodes])
    result = store.upsert_ties(
        [
            tie_record(parse_tie({"kind": k, "source": s, "target": t, "props": p}))
            for k, s, t, p in ties
        ]
    )
    assert result.rejected == []
