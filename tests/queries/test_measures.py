"""The network-level indicators a snapshot records."""

from __future__ import annotations

from phakhee.graph.store import GraphStore
from phakhee.queries.records.measures import indicators
from tests.queries.network import write_network

PEOPLE = [{"kind": "person", "id": f"person:{x}", "name": x.upper()} for x in "acxy"]


def test_only_ties_between_two_placed_people_of_different_provinces_cross(
    sqlite_store: GraphStore,
) -> None:
    write_network(
        sqlite_store,
        PEOPLE,
        [
            ("located_in", "person:a", "province:nan", {}),
            ("located_in", "person:c", "province:phrae", {}),
            ("knows", "person:a", "person:c", {}),  # Nan - Phrae: crosses
            ("knows", "person:a", "person:x", {}),  # x has no province
            ("knows", "person:x", "person:y", {}),  # neither has one
        ],
    )
    assert indicators(sqlite_store.project())["cross_province_person_ties"] == 1
