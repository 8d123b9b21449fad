"""The policy's table driven through the API: each principal x action x scope, the route's answer.

The principals sign in as the API is used by scripts: an account's personal token (``phakhee
user token``), an administrator's key (PHAKHEE_API_KEYS), or nothing. The scopes are those of
``tests/graph/test_access.py``: a node in Nan (the coordinator's own province, in the
academic's North), one in Bangkok (another province, in another region), a tie across two
provinces (a person in Nan and one in Phrae, both in the North) and the North as a whole (a
lesson placed in the region, and for contacts a person placed there).

Each cell is what the route answers, written out by hand: a status (``200``, ``401`` without
credentials, ``403`` refused), or for what shows contacts ``shown`` / ``withheld`` (``partial``:
one end of the tie only), and for an upload ``loaded`` / ``refused`` (the row refused, with the
policy's reason). Managing users has no route (the CLI does it), so it is not in this table.
Every case acts on nodes of its own, so the cases do not meet.
"""

from __future__ import annotations

import io
import itertools
import json
import zipfile
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.api.settings import get_api_settings
from phakhee.graph.accounts import accounts
from phakhee.graph.model import node_record, parse_node, parse_tie, tie_record
from phakhee.graph.reference import ensure_reference
from phakhee.graph.sqlite_store import SQLiteStore

KEY = "test-policy-admin-key"
NAN, BANGKOK, PHRAE, NORTH = "province:nan", "province:bangkok", "province:phrae", "region:north"
SCOPES = ("own_province", "other_province", "tie_across", "own_region")
OUTSIDE = "A coordinator changes only what is located in their provinces."

# (principal, action, own province, another province, a tie across two, own region)
# fmt: off
TABLE = [
    ("anonymous", "read", "200", "200", "200", "200"),
    ("anonymous", "read_contacts", "withheld", "withheld", "withheld", "withheld"),
    ("anonymous", "create", "401", "401", "401", "401"),
    ("anonymous", "edit", "401", "401", "401", "401"),
    ("anonymous", "delete", "401", "401", "401", "401"),
    ("anonymous", "add_tie", "401", "401", "401", "401"),
    ("anonymous", "upload", "401", "401", "401", "401"),
    ("anonymous", "export_unredacted", "401", "401", "401", "401"),
    ("viewer", "read", "200", "200", "200", "200"),
    ("viewer", "read_contacts", "withheld", "withheld", "withheld", "withheld"),
    ("viewer", "create", "403", "403", "403", "403"),
    ("viewer", "edit", "403", "403", "403", "403"),
    ("viewer", "delete", "403", "403", "403", "403"),
    ("viewer", "add_tie", "403", "403", "403", "403"),
    ("viewer", "upload", "403", "403", "403", "403"),
    ("viewer", "export_unredacted", "403", "403", "403", "403"),
    ("coordinator", "read", "200", "200", "200", "200"),
    ("coordinator", "read_contacts", "shown", "withheld", "partial", "withheld"),
    ("coordinator", "create", "200", "403", "200", "403"),
    ("coordinator", "edit", "200", "403", "200", "403"),
    ("coordinator", "delete", "200", "403", "200", "403"),
    ("coordinator", "add_tie", "200", "403", "200", "403"),
    ("coordinator", "upload", "loaded", "refused", "loaded", "refused"),
    ("coordinator", "export_unredacted", "shown", "withheld", "partial", "withheld"),
    ("academic", "read", "200", "200", "200", "200"),
    ("academic", "read_contacts", "shown", "withheld", "shown", "shown"),
    ("academic", "create", "403", "403", "403", "200"),
    ("academic", "edit", "403", "403", "403", "200"),
    ("academic", "delete", "403", "403", "403", "403"),
    ("academic", "add_tie", "403", "403", "403", "200"),
    ("academic", "upload", "403", "403", "403", "403"),
    ("academic", "export_unredacted", "shown", "withheld", "shown", "shown"),
    ("admin", "read", "200", "200", "200", "200"),
    ("admin", "read_contacts", "shown", "shown", "shown", "shown"),
    ("admin", "create", "200", "200", "200", "200"),
    ("admin", "edit", "200", "200", "200", "200"),
    ("admin", "delete", "200", "200", "200", "200"),
    ("admin", "add_tie", "200", "200", "200", "200"),
    ("admin", "upload", "loaded", "loaded", "loaded", "loaded"),
    ("admin", "export_unredacted", "shown", "shown", "shown", "shown"),
    ("admin_key", "read", "200", "200", "200", "200"),
    ("admin_key", "read_contacts", "shown", "shown", "shown", "shown"),
    ("admin_key", "create", "200", "200", "200", "200"),
    ("admin_key", "edit", "200", "200", "200", "200"),
    ("admin_key", "delete", "200", "200", "200", "200"),
    ("admin_key", "add_tie", "200", "200", "200", "200"),
    ("admin_key", "upload", "loaded", "loaded", "loaded", "loaded"),
    ("admin_key", "export_unredacted", "shown", "shown", "shown", "shown"),
]
# fmt: on
CASES = [
    (who, action, scope, cell)
    for who, action, *cells in TABLE
    for scope, cell in zip(SCOPES, cells, strict=True)
]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A store with the places, an account of each role with its personal token, the app."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PHAKHEE_API_KEYS", KEY)
        mp.delenv("PHAKHEE_READ_REQUIRES_KEY", raising=False)
        get_api_settings.cache_clear()
        store = SQLiteStore(tmp_path_factory.mktemp("policy") / "policy.db")
        ensure_reference(store)
        users = accounts(store)
        users.add("viewer1", "viewer", "a-long-password-v")
        users.add("nan1", "coordinator", "a-long-password-c", provinces=["nan"])
        users.add("north1", "academic", "a-long-password-a", regions=["north"])
        users.add("root1", "admin", "a-long-password-r")
        names = {"viewer": "viewer1", "coordinator": "nan1", "academic": "north1", "admin": "root1"}
        headers = {who: _bearer(users.new_token(n)) for who, n in names.items()}
        headers |= {"anonymous": {}, "admin_key": _bearer(KEY)}
        with TestClient(create_app(store)) as client:
            yield {"store": store, "client": client, "headers": headers, "n": itertools.count()}
        store.close()
    get_api_settings.cache_clear()


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _put(store: SQLiteStore, node: dict[str, Any], place: str | None = None) -> str:
    """Put ``node`` in the store (located at ``place``) as the test's own setup; its id."""
    store.upsert_nodes([node_record(parse_node(node))])
    if place:
        _tie(store, "located_in", node["id"], place)
    return node["id"]


def _tie(store: SQLiteStore, kind: str, source: str, target: str) -> None:
    store.upsert_ties([tie_record(parse_tie({"kind": kind, "source": source, "target": target}))])


def _person(store: SQLiteStore, slug: str, place: str) -> str:
    contacts = {"phone": _phone(slug), "email": f"{slug}@example.org", "line_id": f"line({slug})"}
    return _put(store, {"kind": "person", "id": f"person:{slug}", "name": slug, **contacts}, place)


def _phone(slug: str) -> str:
    """A phone number no other's contains (``tel(p3)`` is not inside ``tel(p30)``)."""
    return f"tel({slug})"


def _scene(api: dict[str, Any], scope: str, *, lesson: bool = False) -> dict[str, str]:
    """The nodes a case acts on, new for each case: ``node`` (and, across two provinces, ``a``
    and ``b`` with a ``knows`` tie from a to b), and where a new one would be placed."""
    store, n = api["store"], next(api["n"])
    if scope == "tie_across":
        a, b = _person(store, f"a{n}", NAN), _person(store, f"b{n}", PHRAE)
        _tie(store, "knows", a, b)
        return {"node": a, "a": a, "b": b, "place": NAN, "n": str(n)}
    place = {"own_province": NAN, "other_province": BANGKOK, "own_region": NORTH}[scope]
    if lesson and scope == "own_region":
        node = {
            "kind": "lesson",
            "id": f"lesson:l{n}",
            "name": f"l{n}",
            "lesson_type": "best_practice",
        }
        return {"node": _put(store, node, place), "place": place, "n": str(n), "kind": "lesson"}
    return {"node": _person(store, f"p{n}", place), "place": place, "n": str(n), "kind": "person"}


def _status(r: Any) -> str:
    if r.status_code >= 400:
        assert r.headers["content-type"] == "application/problem+json", r.text
    if r.status_code == 403:
        assert r.json()["rule"] and r.json()["detail"], r.text
    return str(r.status_code)


def _shown(phones: list[str], text: str) -> str:
    seen = [p in text for p in phones]
    return "shown" if all(seen) else "partial" if any(seen) else "withheld"


def _read(api, h, s):
    return _status(api["client"].get(f"/nodes/{quote(s['node'])}", headers=h))


def _read_contacts(api, h, s):
    ends = [s["a"], s["b"]] if "a" in s else [s["node"]]
    texts = [api["client"].get(f"/nodes/{quote(e)}", headers=h).text for e in ends]
    return _shown([_phone(e.partition(":")[2]) for e in ends], "".join(texts))


def _new_node(s):
    if s.get("kind") == "lesson":
        return f"lesson:new{s['n']}", {
            "kind": "lesson",
            "name": "new",
            "lesson_type": "best_practice",
        }
    return f"person:new{s['n']}", {"kind": "person", "name": "new"}


def _create(api, h, s):
    c = api["client"]
    if "a" in s:  # a new tie between the two
        body = {"kind": "liaises_with", "source": s["a"], "target": _partner(api, s)}
        return _status(c.put("/ties", json=body, headers=h))
    node, body = _new_node(s)
    r = c.put(f"/nodes/{quote(node)}", params={"located_in": s["place"]}, json=body, headers=h)
    return _status(r)


def _partner(api, s) -> str:
    """A partner in Phrae, for a tie from a person in Nan to another province."""
    node = {"kind": "partner", "id": f"partner:x{s['n']}", "name": "x", "sector": "government"}
    return _put(api["store"], node, PHRAE)


def _edit(api, h, s):
    c = api["client"]
    if "a" in s:
        body = {"kind": "knows", "source": s["a"], "target": s["b"], "props": {"context": "x"}}
        return _status(c.put("/ties", json=body, headers=h))
    kind = s["kind"]
    body = {"kind": kind, "name": "renamed"} | (
        {"lesson_type": "best_practice"} if kind == "lesson" else {}
    )
    return _status(c.put(f"/nodes/{quote(s['node'])}", json=body, headers=h))


def _delete(api, h, s):
    c = api["client"]
    if "a" in s:
        body = {"kind": "knows", "source": s["a"], "target": s["b"]}
        return _status(c.request("DELETE", "/ties", json=body, headers=h))
    return _status(c.delete(f"/nodes/{quote(s['node'])}", headers=h))


def _add_tie(api, h, s):
    store, c = api["store"], api["client"]
    if "a" in s:
        body = {"kind": "knows", "source": s["b"], "target": s["a"]}
    elif s["kind"] == "lesson":
        topic = _put(store, {"kind": "topic", "id": f"topic:t{s['n']}", "name": f"t{s['n']}"})
        body = {"kind": "about", "source": s["node"], "target": topic}
    else:
        team = {"kind": "team", "id": f"team:t{s['n']}", "name": f"t{s['n']}"}
        team["team_type"] = "provincial_network"
        body = {"kind": "member_of", "source": s["node"], "target": _put(store, team, s["place"])}
    return _status(c.put("/ties", json=body, headers=h))


def _upload(api, h, s):
    if "a" in s:
        name, text = "acquaintances.csv", f"person,knows\n{s['b']},{s['a']}\n"
    elif s.get("kind") == "lesson":  # the lesson placed in the North, renamed
        name, text = "lessons.csv", f"id,name,lesson_type\n{s['node']},up,best_practice\n"
    else:
        province = s["place"].partition(":")[2]
        name, text = "people.csv", f"id,name,province\nperson:up{s['n']},up,{province}\n"
    files = {"file": (name, text.encode(), "text/csv")}
    r = api["client"].post("/load", files=files, headers=h)
    if r.status_code != 200:
        return _status(r)
    body = r.json()
    if body["refused"]:
        assert {q["error"] for q in body["refused"]} == {OUTSIDE}, body["refused"]
        return "refused"
    assert sum(body["created"].values()) + sum(body["updated"].values()) >= 1, body
    return "loaded"


def _export_unredacted(api, h, s):
    r = api["client"].get("/export/csv", params={"redact": "false"}, headers=h)
    if r.status_code != 200:
        return _status(r)
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        text = "".join(z.read(n).decode("utf-8") for n in z.namelist())
    ends = [s["a"], s["b"]] if "a" in s else [s["node"]]
    return _shown([_phone(e.partition(":")[2]) for e in ends], text)


ACTIONS = {
    "read": _read,
    "read_contacts": _read_contacts,
    "create": _create,
    "edit": _edit,
    "delete": _delete,
    "add_tie": _add_tie,
    "upload": _upload,
    "export_unredacted": _export_unredacted,
}
LESSONS = {"create", "edit", "delete", "add_tie", "upload"}
"""The actions whose own-region scope is a lesson placed in the North (a person placed there
for the others)."""


@pytest.mark.parametrize(("who", "action", "scope", "expected"), CASES)
def test_the_route_answers_as_the_policy_says(
    api: dict[str, Any], who: str, action: str, scope: str, expected: str
) -> None:
    scene = _scene(api, scope, lesson=action in LESSONS)
    assert ACTIONS[action](api, api["headers"][who], scene) == expected


def test_a_refusal_names_its_rule_and_reason(api: dict[str, Any]) -> None:
    scene = _scene(api, "other_province")
    r = api["client"].delete(
        f"/nodes/{quote(scene['node'])}", headers=api["headers"]["coordinator"]
    )
    assert r.status_code == 403
    assert r.json() == {
        "type": "about:blank",
        "title": "Forbidden",
        "status": 403,
        "detail": OUTSIDE,
        "rule": "coordinator.outside_provinces",
    }
    assert api["store"].get_node(scene["node"]).props["name"] == f"p{scene['n']}"


def test_a_token_nobody_holds_is_no_one(api: dict[str, Any]) -> None:
    scene = _scene(api, "own_province")
    r = api["client"].delete(f"/nodes/{quote(scene['node'])}", headers=_bearer("not-a-token"))
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"


def test_a_coordinators_export_holds_contacts_of_their_province_only(api: dict[str, Any]) -> None:
    nan, bangkok = _scene(api, "own_province"), _scene(api, "other_province")
    r = api["client"].get(
        "/export/json", params={"redact": "false"}, headers=api["headers"]["coordinator"]
    )
    nodes = {n["id"]: n for n in json.loads(r.content)["nodes"]}
    assert {k: nodes[nan["node"]].get(k) for k in ("phone", "line_id")} == {
        "phone": _phone(f"p{nan['n']}"),
        "line_id": f"line(p{nan['n']})",
    }
    assert {k: nodes[bangkok["node"]].get(k) for k in ("phone", "line_id")} == {
        "phone": None,
        "line_id": None,
    }


def test_closed_reads_refuse_anonymous_and_take_a_token(
    api: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = _scene(api, "own_province")
    monkeypatch.setenv("PHAKHEE_READ_REQUIRES_KEY", "true")
    get_api_settings.cache_clear()
    try:
        c, url = api["client"], f"/nodes/{quote(scene['node'])}"
        assert c.get(url).status_code == 401
        assert c.get(url, headers=api["headers"]["viewer"]).status_code == 200
        assert c.get(url, headers=api["headers"]["admin_key"]).status_code == 200
        hidden = {"store": None, "version": None, "served": None, "preparing": None}
        assert c.get("/health").json() == {"status": "ok", **hidden}
        shown = c.get("/health", headers=api["headers"]["viewer"]).json()
        assert shown["store"] == api["store"].url
    finally:
        monkeypatch.delenv("PHAKHEE_READ_REQUIRES_KEY")
        get_api_settings.cache_clear()
