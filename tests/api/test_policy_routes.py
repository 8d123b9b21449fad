"""The policy's table (``tests/policy_table.py``) driven through the API: each principal x action
x scope, the route's answer.

The principals sign in as the API is used by scripts: an account's personal token (``phakhee
user token``), an administrator's key (PHAKHEE_API_KEYS), or nothing. An outcome is answered as
a status: ``allowed`` 200, ``sign_in`` 401 (without credentials), ``forbidden`` 403; contacts
are ``shown`` / ``withheld`` / ``partial`` in the node's JSON or the unredacted export, and an
upload's row ``loaded`` / ``refused`` (with the policy's reason) in ``POST /load``'s report.
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
from phakhee.graph.sqlite_store import SQLiteStore
from tests.policy_table import (
    ACCOUNTS,
    CASES,
    LESSONS,
    OUTSIDE,
    PHRAE,
    ends,
    phone,
    phones_of,
    policy_store,
    put,
    scene,
    shown,
)

KEY = "test-policy-admin-key"
STATUS = {"allowed": "200", "sign_in": "401", "forbidden": "403"}
"""What a route answers for each outcome the table says by status."""


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A store with the places, an account of each role with its personal token, the app."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PHAKHEE_API_KEYS", KEY)
        mp.delenv("PHAKHEE_READ_REQUIRES_KEY", raising=False)
        get_api_settings.cache_clear()
        store = policy_store(SQLiteStore(tmp_path_factory.mktemp("policy") / "policy.db"))
        users = accounts(store)
        headers = {who: _bearer(users.new_token(a[0])) for who, a in ACCOUNTS.items()}
        headers |= {"anonymous": {}, "admin_key": _bearer(KEY)}
        with TestClient(create_app(store)) as client:
            yield {"store": store, "client": client, "headers": headers, "n": itertools.count()}
        store.close()
    get_api_settings.cache_clear()


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _scene(api: dict[str, Any], scope: str, *, lesson: bool = False) -> dict[str, str]:
    return scene(api["store"], api["n"], scope, lesson=lesson)


def _status(r: Any) -> str:
    if r.status_code >= 400:
        assert r.headers["content-type"] == "application/problem+json", r.text
    if r.status_code == 403:
        assert r.json()["rule"] and r.json()["detail"], r.text
    return str(r.status_code)


def _read(api, h, s):
    return _status(api["client"].get(f"/nodes/{quote(s['node'])}", headers=h))


def _read_contacts(api, h, s):
    texts = [api["client"].get(f"/nodes/{quote(e)}", headers=h).text for e in ends(s)]
    return shown(phones_of(s), "".join(texts))


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
    return put(api["store"], node, PHRAE)


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
        topic = put(store, {"kind": "topic", "id": f"topic:t{s['n']}", "name": f"t{s['n']}"})
        body = {"kind": "about", "source": s["node"], "target": topic}
    else:
        team = {"kind": "team", "id": f"team:t{s['n']}", "name": f"t{s['n']}"}
        team["team_type"] = "provincial_network"
        body = {"kind": "member_of", "source": s["node"], "target": put(store, team, s["place"])}
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
    return shown(phones_of(s), text)


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


@pytest.mark.parametrize(("who", "action", "scope", "expected"), CASES)
def test_the_route_answers_as_the_policy_says(
    api: dict[str, Any], who: str, action: str, scope: str, expected: str
) -> None:
    case = _scene(api, scope, lesson=action in LESSONS)
    assert ACTIONS[action](api, api["headers"][who], case) == STATUS.get(expected, expected)


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
        "phone": phone(f"p{nan['n']}"),
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
