"""The policy's table of outcomes, one for every way in: the API (``tests/api/test_policy_routes``)
and the web forms (``tests/web/test_policy_forms``) drive the same table, each mapping an
outcome to what it answers.

The principals: nobody signed in, a viewer, a coordinator of Nan, an academic of the North, an
administrator, and an administrator's key. The scopes are those of ``tests/graph/test_access.py``:
a node in Nan (the coordinator's own province, in the academic's North), one in Bangkok (another
province, in another region), a tie across two provinces (a person in Nan and one in Phrae,
both in the North) and the North as a whole (a lesson placed in the region, and for contacts a
person placed there).

Each cell is an outcome, written out by hand: ``allowed``, ``forbidden`` (the policy refuses
this principal) or ``sign_in`` (nobody is signed in, and the policy wants someone); for what
shows contacts ``shown`` / ``withheld`` (``partial``: one end of the tie only); for an upload
``loaded`` / ``refused`` (the row refused, with the policy's reason). Managing users has no route
or form (the CLI does it), so it is not in this table.

The scene builders here give each case nodes of its own, so the cases do not meet.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from phakhee.graph.accounts import accounts
from phakhee.graph.model import node_record, parse_node, parse_tie, tie_record
from phakhee.graph.reference import ensure_reference
from phakhee.graph.store import GraphStore

NAN, BANGKOK, PHRAE, NORTH = "province:nan", "province:bangkok", "province:phrae", "region:north"
SCOPES = ("own_province", "other_province", "tie_across", "own_region")
OUTSIDE = "A coordinator changes only what is located in their provinces."

# (principal, action, own province, another province, a tie across two, own region)
# fmt: off
TABLE = [
    ("anonymous", "read", "allowed", "allowed", "allowed", "allowed"),
    ("anonymous", "read_contacts", "withheld", "withheld", "withheld", "withheld"),
    ("anonymous", "create", "sign_in", "sign_in", "sign_in", "sign_in"),
    ("anonymous", "edit", "sign_in", "sign_in", "sign_in", "sign_in"),
    ("anonymous", "delete", "sign_in", "sign_in", "sign_in", "sign_in"),
    ("anonymous", "add_tie", "sign_in", "sign_in", "sign_in", "sign_in"),
    ("anonymous", "upload", "sign_in", "sign_in", "sign_in", "sign_in"),
    ("anonymous", "export_unredacted", "sign_in", "sign_in", "sign_in", "sign_in"),
    ("viewer", "read", "allowed", "allowed", "allowed", "allowed"),
    ("viewer", "read_contacts", "withheld", "withheld", "withheld", "withheld"),
    ("viewer", "create", "forbidden", "forbidden", "forbidden", "forbidden"),
    ("viewer", "edit", "forbidden", "forbidden", "forbidden", "forbidden"),
    ("viewer", "delete", "forbidden", "forbidden", "forbidden", "forbidden"),
    ("viewer", "add_tie", "forbidden", "forbidden", "forbidden", "forbidden"),
    ("viewer", "upload", "forbidden", "forbidden", "forbidden", "forbidden"),
    ("viewer", "export_unredacted", "forbidden", "forbidden", "forbidden", "forbidden"),
    ("coordinator", "read", "allowed", "allowed", "allowed", "allowed"),
    ("coordinator", "read_contacts", "shown", "withheld", "partial", "withheld"),
    ("coordinator", "create", "allowed", "forbidden", "allowed", "forbidden"),
    ("coordinator", "edit", "allowed", "forbidden", "allowed", "forbidden"),
    ("coordinator", "delete", "allowed", "forbidden", "allowed", "forbidden"),
    ("coordinator", "add_tie", "allowed", "forbidden", "allowed", "forbidden"),
    ("coordinator", "upload", "loaded", "refused", "loaded", "refused"),
    ("coordinator", "export_unredacted", "shown", "withheld", "partial", "withheld"),
    ("academic", "read", "allowed", "allowed", "allowed", "allowed"),
    ("academic", "read_contacts", "shown", "withheld", "shown", "shown"),
    ("academic", "create", "forbidden", "forbidden", "forbidden", "allowed"),
    ("academic", "edit", "forbidden", "forbidden", "forbidden", "allowed"),
    ("academic", "delete", "forbidden", "forbidden", "forbidden", "forbidden"),
    ("academic", "add_tie", "forbidden", "forbidden", "forbidden", "allowed"),
    ("academic", "upload", "forbidden", "forbidden", "forbidden", "forbidden"),
    ("academic", "export_unredacted", "shown", "withheld", "shown", "shown"),
    ("admin", "read", "allowed", "allowed", "allowed", "allowed"),
    ("admin", "read_contacts", "shown", "shown", "shown", "shown"),
    ("admin", "create", "allowed", "allowed", "allowed", "allowed"),
    ("admin", "edit", "allowed", "allowed", "allowed", "allowed"),
    ("admin", "delete", "allowed", "allowed", "allowed", "allowed"),
    ("admin", "add_tie", "allowed", "allowed", "allowed", "allowed"),
    ("admin", "upload", "loaded", "loaded", "loaded", "loaded"),
    ("admin", "export_unredacted", "shown", "shown", "shown", "shown"),
    ("admin_key", "read", "allowed", "allowed", "allowed", "allowed"),
    ("admin_key", "read_contacts", "shown", "shown", "shown", "shown"),
    ("admin_key", "create", "allowed", "allowed", "allowed", "allowed"),
    ("admin_key", "edit", "allowed", "allowed", "allowed", "allowed"),
    ("admin_key", "delete", "allowed", "allowed", "allowed", "allowed"),
    ("admin_key", "add_tie", "allowed", "allowed", "allowed", "allowed"),
    ("admin_key", "upload", "loaded", "loaded", "loaded", "loaded"),
    ("admin_key", "export_unredacted", "shown", "shown", "shown", "shown"),
]
# fmt: on
CASES = [
    (who, action, scope, cell)
    for who, action, *cells in TABLE
    for scope, cell in zip(SCOPES, cells, strict=True)
]
"""Every cell: (principal, action, scope, outcome)."""
LESSONS = {"create", "edit", "delete", "add_tie", "upload"}
"""The actions whose own-region scope is a lesson placed in the North (a person placed there
for the others)."""
ACCOUNTS = {
    "viewer": ("viewer1", "a-long-password-v", {}),
    "coordinator": ("nan1", "a-long-password-c", {"provinces": ["nan"]}),
    "academic": ("north1", "a-long-password-a", {"regions": ["north"]}),
    "admin": ("root1", "a-long-password-r", {}),
}
"""Each signed-in principal's account: its name, password and places."""


def policy_store(store: GraphStore) -> GraphStore:
    """``store`` with the places and an account of each role of ``ACCOUNTS``."""
    ensure_reference(store)
    users = accounts(store)
    for role, (name, password, places) in ACCOUNTS.items():
        users.add(name, role, password, **places)
    return store


def put(store: GraphStore, node: dict[str, Any], place: str | None = None) -> str:
    """Put ``node`` in the store (located at ``place``) as the test's own setup; its id."""
    store.upsert_nodes([node_record(parse_node(node))])
    if place:
        tie(store, "located_in", node["id"], place)
    return node["id"]


def tie(store: GraphStore, kind: str, source: str, target: str) -> None:
    store.upsert_ties([tie_record(parse_tie({"kind": kind, "source": source, "target": target}))])


def phone(slug: str) -> str:
    """A phone number no other's contains (``tel(p3)`` is not inside ``tel(p30)``)."""
    return f"tel({slug})"


def person(store: GraphStore, slug: str, place: str) -> str:
    contacts = {"phone": phone(slug), "email": f"{slug}@example.org", "line_id": f"line({slug})"}
    return put(store, {"kind": "person", "id": f"person:{slug}", "name": slug, **contacts}, place)


def scene(
    store: GraphStore, n: Iterator[int], scope: str, *, lesson: bool = False
) -> dict[str, str]:
    """The nodes a case acts on, new for each case (``n`` counts them): ``node`` (and, across two
    provinces, ``a`` and ``b`` with a ``knows`` tie from a to b), and where a new one would be
    placed."""
    i = next(n)
    if scope == "tie_across":
        a, b = person(store, f"a{i}", NAN), person(store, f"b{i}", PHRAE)
        tie(store, "knows", a, b)
        return {"node": a, "a": a, "b": b, "place": NAN, "n": str(i), "kind": "person"}
    place = {"own_province": NAN, "other_province": BANGKOK, "own_region": NORTH}[scope]
    if lesson and scope == "own_region":
        node = {"kind": "lesson", "id": f"lesson:l{i}", "name": f"l{i}"}
        node["lesson_type"] = "best_practice"
        return {"node": put(store, node, place), "place": place, "n": str(i), "kind": "lesson"}
    return {"node": person(store, f"p{i}", place), "place": place, "n": str(i), "kind": "person"}


def ends(s: dict[str, str]) -> list[str]:
    """The nodes whose contacts a case looks for: the tie's two ends, or the node."""
    return [s["a"], s["b"]] if "a" in s else [s["node"]]


def shown(phones: list[str], text: str) -> str:
    """``shown`` when ``text`` holds every one of ``phones``, ``partial`` some, else ``withheld``."""
    seen = [p in text for p in phones]
    return "shown" if all(seen) else "partial" if any(seen) else "withheld"


def phones_of(s: dict[str, str]) -> list[str]:
    """The phones of the nodes a case looks for (``ends``)."""
    return [phone(e.partition(":")[2]) for e in ends(s)]
