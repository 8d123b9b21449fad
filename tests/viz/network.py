"""The small query network plus a hostile node: names that would run script if printed raw."""

from __future__ import annotations

from phakhee.graph.store import GraphStore
from tests.queries.network import build_small_network, write_network

XSS = "<img src=x onerror=alert(1)>"
XSS_ID = "person:xss"
HOSTILE = [
    {
        "kind": "person",
        "id": XSS_ID,
        "name": XSS,
        "name_en": '</script><script>alert(2)</script> <a href="javascript:alert(3)">x</a>',
        "position": "\"'><svg onload=alert(4)>",
    },
    {
        "kind": "team",
        "id": 'team:<svg>"x',
        "name": "<script>alert(5)</script>",
        "team_type": "working_group",
    },
]
HOSTILE_TIES = [
    ("located_in", XSS_ID, "province:nan", {}),
    ("knows", XSS_ID, "person:author", {}),
    ("member_of", XSS_ID, 'team:<svg>"x', {}),
    ("located_in", 'team:<svg>"x', "province:nan", {}),
]


def build_view_network(store: GraphStore) -> None:
    """The small network, with a person and a team whose names are markup."""
    build_small_network(store)
    write_network(store, HOSTILE, HOSTILE_TIES)


NEWCOMER = "person:newcomer"
LOST_TIE = ("knows", "person:broker", "person:ubon")


def take_diff_snapshots(store: GraphStore) -> tuple[int, int]:
    """Two snapshots of the view network with a change between: a newcomer in Nan who knows the
    author (a node and two ties added) and the broker's tie to Ubon lost."""
    from phakhee.queries.records.snapshots import create_snapshot

    a = create_snapshot(store, store.project(), "before")
    write_network(
        store,
        [{"kind": "person", "id": NEWCOMER, "name": "ผู้มาใหม่ น่าน", "phone": "081-000-9999"}],
        [("located_in", NEWCOMER, "province:nan", {}), ("knows", NEWCOMER, "person:author", {})],
    )
    store.delete_ties([LOST_TIE])
    b = create_snapshot(store, store.project(), "after")
    return a.id, b.id
