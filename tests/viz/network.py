"""The small query network plus a hostile node: names that would run script if printed raw."""

from __future__ import annotations

from graph.store import GraphStore
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
