"""A small hand-built network for naming nodes every way a user does: ids, Thai names, English
names, aliases, upper case; two people who share a name and two topics that share an alias (for
ambiguity); a name one slip from another (for "did you mean …")."""

from __future__ import annotations

from phakhee.graph.store import GraphStore
from tests.queries.network import write_network

NODES = [
    {
        "kind": "topic",
        "id": "topic:youth",
        "name": "เยาวชน",
        "name_en": "Youth",
        "aliases": ["วัยรุ่น"],
    },
    {
        "kind": "topic",
        "id": "topic:lent",
        "name": "งดเหล้า เข้าพรรษา",
        "name_en": "Buddhist Lent abstinence",
        "aliases": ["งดเหล้า"],
    },
    {"kind": "topic", "id": "topic:merit", "name": "งานบุญปลอดเหล้า", "aliases": ["งดเหล้า"]},
    {
        "kind": "person",
        "id": "person:malee",
        "name": "มาลี ศรีสุข",
        "name_en": "Malee Srisuk",
        "aliases": ["พี่มาลี"],
    },
    {
        "kind": "person",
        "id": "person:anan",
        "name": "อนันต์ เชื่อมภาค",
        "name_en": "Anan Chueamphak",
        "aliases": ["พี่นันต์"],
    },
    {"kind": "person", "id": "person:somsri-nan", "name": "สมศรี มั่นคง"},
    {"kind": "person", "id": "person:สมพร-ศรีสวัสดิ์วงศ์ใหญ่", "name": "สมพร ศรีสวัสดิ์วงศ์ใหญ่"},
    {"kind": "person", "id": "person:somsri-phrae", "name": "สมศรี มั่นคง"},
    {
        "kind": "team",
        "id": "team:nan-network",
        "name": "ประชาคมงดเหล้าจังหวัดน่าน",
        "name_en": "Nan Abstinence Network",
        "aliases": ["ประชาคมน่าน"],
        "team_type": "provincial_network",
    },
    {
        "kind": "partner",
        "id": "partner:nan-health",
        "name": "สำนักงานสาธารณสุขจังหวัดน่าน",
        "name_en": "Nan Provincial Health Office",
        "aliases": ["สสจ.น่าน"],
        "sector": "government",
    },
    {
        "kind": "lesson",
        "id": "lesson:youth-nan",
        "name": "ถอดบทเรียนเยาวชนน่าน",
        "lesson_type": "best_practice",
        "date": "2026-05-31",
    },
]
TIES = [
    ("located_in", "person:malee", "province:nan", {}),
    ("located_in", "person:somsri-nan", "province:nan", {}),
    ("located_in", "person:anan", "province:chiang-mai", {}),
    ("located_in", "person:somsri-phrae", "province:phrae", {}),
    ("located_in", "person:สมพร-ศรีสวัสดิ์วงศ์ใหญ่", "province:nan", {}),
    ("works_on", "person:สมพร-ศรีสวัสดิ์วงศ์ใหญ่", "topic:youth", {}),
    ("located_in", "team:nan-network", "province:nan", {}),
    ("located_in", "partner:nan-health", "province:nan", {}),
    ("located_in", "lesson:youth-nan", "province:nan", {}),
    ("member_of", "person:malee", "team:nan-network", {"role": "coordinator"}),
    ("member_of", "person:somsri-nan", "team:nan-network", {"role": "chair"}),
    ("works_on", "person:malee", "topic:youth", {}),
    ("works_on", "person:anan", "topic:youth", {}),
    ("works_on", "person:somsri-phrae", "topic:youth", {}),
    ("authored", "person:malee", "lesson:youth-nan", {}),
    ("about", "lesson:youth-nan", "topic:youth", {}),
    ("knows", "person:malee", "person:anan", {}),  # no context recorded
    ("knows", "person:anan", "person:somsri-phrae", {"context": "เวทีภาคเหนือ"}),
    ("liaises_with", "person:malee", "partner:nan-health", {}),
    ("partners_with", "team:nan-network", "partner:nan-health", {"level": "policy"}),
]


def build_named_network(store: GraphStore) -> None:
    """Write the network into a store (with the built-in geography)."""
    write_network(store, NODES, TIES)


SPELLINGS: dict[str, tuple[str, list[str]]] = {
    "province": (
        "province:nan",
        ["province:nan", "nan", "Nan", "NAN", "น่าน", "จังหวัดน่าน", "จ.น่าน", "Nan Province"],
    ),
    "region": ("region:north", ["region:north", "north", "North", "ภาคเหนือ", "เหนือ", "NORTH"]),
    "topic": ("topic:youth", ["topic:youth", "เยาวชน", "Youth", "วัยรุ่น", "YOUTH", "TOPIC:YOUTH"]),
    "person": (
        "person:malee",
        ["person:malee", "มาลี ศรีสุข", "Malee Srisuk", "พี่มาลี", "MALEE SRISUK", "PERSON:MALEE"],
    ),
    "team": (
        "team:nan-network",
        [
            "team:nan-network",
            "ประชาคมงดเหล้าจังหวัดน่าน",
            "Nan Abstinence Network",
            "ประชาคมน่าน",
            "NAN ABSTINENCE NETWORK",
        ],
    ),
}
"""For each kind of node a command or route takes: the node, and every way of naming it."""

AMBIGUOUS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "person": (
        "สมศรี มั่นคง",
        [("person:somsri-nan", "สมศรี มั่นคง"), ("person:somsri-phrae", "สมศรี มั่นคง")],
    ),
    "topic": ("งดเหล้า", [("topic:lent", "งดเหล้า เข้าพรรษา"), ("topic:merit", "งานบุญปลอดเหล้า")]),
}
"""A name of two nodes of one kind, and the candidates (id, name) it is refused with."""

MISSPELT: dict[str, tuple[str, tuple[str, str]]] = {
    "province": ("Nann", ("province:nan", "น่าน")),
    "region": ("ภาคเหนอ", ("region:north", "ภาคเหนือ")),
    "topic": ("เยาวชม", ("topic:youth", "เยาวชน")),
    "person": ("มาลี ศรีสุก", ("person:malee", "มาลี ศรีสุข")),
    "team": ("ประชาคมน่าม", ("team:nan-network", "ประชาคมงดเหล้าจังหวัดน่าน")),
}
"""A name one slip from a node's, and the suggestion (id, name) it is refused with."""
