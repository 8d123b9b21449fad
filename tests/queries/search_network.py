"""A hand-built network for search: names that sound or look alike, a misspelt office, short words.

Built as a NetworkX graph directly (search reads only the nodes' kind and text), with the
built-in geography and skills, so a query's expected first result is plain to see.
"""

from __future__ import annotations

import networkx as nx

from phakhee.graph.reference import reference_nodes

NODES: list[dict] = [
    # People: สมชาย and its sound-alike สมชัย share a surname; สมศักดิ์, สมพร, สมหญิง share
    # only the first syllable; two surnames end in สุข (happiness), the last token of สาธารณะสุข.
    {"id": "person:somchai", "kind": "person", "name": "สมชาย ใจดี", "name_en": "Somchai Jaidee"},
    {"id": "person:somchai-2", "kind": "person", "name": "สมชัย ใจดี"},
    {"id": "person:somsak", "kind": "person", "name": "สมศักดิ์ รักไทย", "name_en": "Somsak Rakthai"},
    {"id": "person:somphon", "kind": "person", "name": "สมพร ศรีสุข", "name_en": "Somphon Sisuk"},
    {"id": "person:somying", "kind": "person", "name": "สมหญิง มีสุข", "name_en": "Somying Misuk"},
    {
        "id": "person:natthaphon",
        "kind": "person",
        "name": "ณัฐพล แก้วมณี",
        "name_en": "Natthaphon Kaeomani",
    },
    {"id": "person:prasoet", "kind": "person", "name": "ประเสริฐ บุญมา", "name_en": "Prasoet Bunma"},
    {
        "id": "person:wichai",
        "kind": "person",
        "name": "วิชัย ทองดี",
        "name_en": "Wichai Thongdi",
        "tags": ["volunteer", "อสม."],
        "description": "ประสานงานโรงพยาบาลส่งเสริมสุขภาพตำบล",
    },
    {"id": "person:john", "kind": "person", "name": "John Smith"},
    # Partners: two provincial public health offices; a temple.
    {
        "id": "partner:pho-nan",
        "kind": "partner",
        "name": "สำนักงานสาธารณสุขจังหวัดน่าน",
        "name_en": "Nan Provincial Public Health Office",
    },
    {
        "id": "partner:pho-ubon",
        "kind": "partner",
        "name": "สำนักงานสาธารณสุขจังหวัดอุบลราชธานี",
        "name_en": "Ubon Ratchathani Provincial Public Health Office",
    },
    {"id": "partner:temple", "kind": "partner", "name": "วัดภูมินทร์", "name_en": "Wat Phumin"},
    # Topics, teams, an event and a lesson.
    {
        "id": "topic:youth",
        "kind": "topic",
        "name": "เยาวชน",
        "name_en": "Youth",
        "aliases": ["เด็กและเยาวชน"],
    },
    {
        "id": "topic:lent",
        "kind": "topic",
        "name": "งดเหล้าเข้าพรรษา",
        "name_en": "Buddhist Lent abstinence",
    },
    {
        "id": "topic:law",
        "kind": "topic",
        "name": "การบังคับใช้กฎหมายควบคุมเครื่องดื่มแอลกอฮอล์",
        "name_en": "Alcohol control law enforcement",
    },
    {
        "id": "topic:media",
        "kind": "topic",
        "name": "การสื่อสาร",
        "name_en": "Communication and media",
        "aliases": ["สื่อรณรงค์", "media"],
    },
    {
        "id": "team:nan",
        "kind": "team",
        "name": "ประชาคมงดเหล้าจังหวัดน่าน",
        "name_en": "Nan Alcohol-Free Civic Network",
    },
    {
        "id": "team:youth",
        "kind": "team",
        "name": "ทีมข้ามสายงานประเด็นเยาวชน",
        "name_en": "Youth cross-function team",
    },
    {
        "id": "event:forum",
        "kind": "event",
        "name": "เวทีนโยบายสาธารณะ จังหวัดน่าน",
        "name_en": "Nan public policy forum",
    },
    {
        "id": "lesson:youth-nan",
        "kind": "lesson",
        "name": "ถอดบทเรียนเยาวชนน่าน",
        "name_en": "Youth in Nan: lessons learned",
    },
]


def search_graph() -> nx.MultiDiGraph:
    """The hand-built nodes with the built-in regions, provinces and skills (no ties)."""
    graph = nx.MultiDiGraph()
    for record in reference_nodes():
        graph.add_node(record.id, kind=record.kind.value, **record.props)
    for node in NODES:
        graph.add_node(node["id"], **{k: v for k, v in node.items() if k != "id"})
    return graph
