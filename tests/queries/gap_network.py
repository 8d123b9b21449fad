"""A hand-built network with obvious gaps: Nan is complete, Phrae lacks much, Ubon has only a person.

- Nan: a team with a partner of every sector, one at policy level; members A and B hold coaching
  (advanced) and facilitation (beginner only) and nothing else; lesson L1 (presented at an
  exchange in Ubon, attended by A and by U from Ubon) and lesson L2 (never left Nan).
- Phrae: a team with one civil-society partner at operational level; member C holds all six skills.
- Ubon: person U only. Law is worked on by C; no lesson is about it.
"""

from __future__ import annotations

from phakhee.graph.store import GraphStore
from tests.queries.network import write_network

NODES = [
    {"kind": "team", "id": "team:nan", "name": "Nan network", "team_type": "provincial_network"},
    {
        "kind": "team",
        "id": "team:phrae",
        "name": "Phrae network",
        "team_type": "provincial_network",
    },
    {"kind": "person", "id": "person:a", "name": "A"},
    {"kind": "person", "id": "person:b", "name": "B"},
    {"kind": "person", "id": "person:c", "name": "C"},
    {"kind": "person", "id": "person:u", "name": "U"},
    {"kind": "partner", "id": "partner:nan-gov", "name": "Nan PHO", "sector": "government"},
    {"kind": "partner", "id": "partner:nan-shop", "name": "Nan shop", "sector": "private"},
    {"kind": "partner", "id": "partner:nan-temple", "name": "Temple", "sector": "civil_society"},
    {"kind": "partner", "id": "partner:nan-youth", "name": "Youth club", "sector": "target_group"},
    {"kind": "partner", "id": "partner:phrae-ngo", "name": "Phrae NGO", "sector": "civil_society"},
    {"kind": "topic", "id": "topic:youth", "name": "Youth"},
    {"kind": "topic", "id": "topic:law", "name": "Law"},
    {"kind": "lesson", "id": "lesson:l1", "name": "L1", "lesson_type": "best_practice"},
    {
        "kind": "lesson",
        "id": "lesson:l2",
        "name": "L2",
        "lesson_type": "media",
        "date": "2026-01-01",
    },
    {
        "kind": "event",
        "id": "event:ex",
        "name": "Exchange",
        "event_type": "exchange",
        "date": "2026-03-01",
    },
]
_NAN, _PHRAE, _UBON = "province:nan", "province:phrae", "province:ubon-ratchathani"
TIES = [
    ("located_in", "team:nan", _NAN, {}),
    ("located_in", "team:phrae", _PHRAE, {}),
    ("located_in", "person:a", _NAN, {}),
    ("located_in", "person:b", _NAN, {}),
    ("located_in", "person:c", _PHRAE, {}),
    ("located_in", "person:u", _UBON, {}),
    ("located_in", "lesson:l1", _NAN, {}),
    ("located_in", "lesson:l2", _NAN, {}),
    ("located_in", "event:ex", _UBON, {}),
    ("member_of", "person:a", "team:nan", {"role": "coordinator"}),
    ("member_of", "person:b", "team:nan", {}),
    ("member_of", "person:c", "team:phrae", {"role": "chair"}),
    ("partners_with", "team:nan", "partner:nan-gov", {"level": "policy"}),
    ("partners_with", "team:nan", "partner:nan-shop", {"level": "operational"}),
    ("partners_with", "team:nan", "partner:nan-temple", {"level": "operational"}),
    ("partners_with", "team:nan", "partner:nan-youth", {"level": "operational"}),
    ("partners_with", "team:phrae", "partner:phrae-ngo", {"level": "operational"}),
    ("has_skill", "person:a", "skill:coaching", {"level": "advanced"}),
    ("has_skill", "person:a", "skill:facilitation", {"level": "beginner"}),
    ("has_skill", "person:b", "skill:facilitation", {"level": "beginner"}),
    *[
        ("has_skill", "person:c", f"skill:{s}", {"level": "advanced"})
        for s in ("coaching", "facilitation", "km", "team-management", "communication")
    ],
    ("has_skill", "person:c", "skill:network-weaving", {"level": "advanced"}),
    ("works_on", "person:c", "topic:law", {}),
    ("works_on", "team:phrae", "topic:law", {}),
    ("about", "lesson:l1", "topic:youth", {}),
    ("about", "lesson:l2", "topic:youth", {}),
    ("authored", "person:a", "lesson:l1", {}),
    ("authored", "person:a", "lesson:l2", {}),
    ("presented_at", "lesson:l1", "event:ex", {}),
    ("attended", "person:a", "event:ex", {}),
    ("attended", "person:u", "event:ex", {}),
]


def build_gap_network(store: GraphStore) -> None:
    """Write the network into a store (with the built-in geography and skills)."""
    write_network(store, NODES, TIES)
