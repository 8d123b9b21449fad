"""The policy's table (``tests/policy_table.py``) driven through the web forms: each principal x
action x scope, what the page or form answers, on a real SQLite store through the real app.

The principals sign in as a person does: the sign-in form (its CSRF token, the cookie kept),
or nobody. An administrator's key reaches the pages as it can: in the ``key`` field of the form
that asks for one (the upload form), and as ``Authorization: Bearer`` elsewhere, which every
page route takes as the JSON routes do (no other form has a key field).

An outcome is answered as a status: ``sign_in`` 401 (the page that says a key or signing in is
needed: nobody is sent on to the sign-in page), ``forbidden`` 403 (the page naming the rule),
and ``allowed`` by each form's own answer: a page 200 (reading, the page that says a node was
deleted), or 303 on to the page that shows the change (creating, editing, adding a tie). A
refused form changes nothing in the store. ``read_contacts`` is whether the phone of the node
(of each end of the tie) is on its page, and on its edit form where that opens; ``upload`` is the
upload page's dry run and its confirmed load: the row ``loaded``, or ``refused`` with the
policy's reason in Thai (an upload the policy refuses whole is the form again, saying why in
Thai, 401 or 403).

Where the forms do it their own way:

- the create form places a new node in a province, so the own-region case creates a lesson in
  Phrae (the North, not the coordinator's province); across two provinces, where the API
  creates a tie, the form that adds a tie creates a liaison from the person in Nan to a partner
  in Phrae;
- a tie's fields are edited on the ties page of its source (the acquaintance from Nan to Phrae
  added again with a context), and ended there;
- the ties page adds ties from its own node, so across two provinces it adds a membership of
  the person in Nan in a team of Phrae (the API adds the acquaintance back from Phrae: the ties
  page of the person in Phrae is not the coordinator's to open);
- the download page offers no unredacted export: its form leads to the export route without
  ``redact=false``, which holds no contact for anyone. That cell has no form;
  ``test_the_download_page_offers_only_the_redacted_export`` asserts what the page offers.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.api.settings import get_api_settings
from phakhee.graph.errors import NotFound
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.viz.web.links import node_href
from tests.policy_table import (
    ACCOUNTS,
    BANGKOK,
    CASES,
    LESSONS,
    NAN,
    PHRAE,
    ends,
    phones_of,
    policy_store,
    put,
    scene,
    shown,
)

KEY = "test-policy-forms-admin-key"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
TOKEN = re.compile(r'name="token" value="([^"]+)"')
STATUS = {"sign_in": "401", "forbidden": "403"}
"""What a page answers for the outcomes that refuse."""
ALLOWED = {"read": "200", "create": "303", "edit": "303", "delete": "200", "add_tie": "303"}
"""What each form answers when the policy allows it."""
ALLOWED_AT = {("delete", "tie_across"): "303"}
"""Where a form differs: a tie is ended on the ties page, and on to that page again."""
SIGN_IN_PAGE = "<h1>ต้องใช้รหัสสิทธิ์</h1>"
REFUSED_PAGE = "<h1>ไม่อนุญาต</h1>"
OUTSIDE_TH = "ผู้ประสานงานแก้ไขได้เฉพาะสิ่งที่อยู่ในจังหวัดที่ตนดูแล"
UPLOAD_REFUSED = {
    "anonymous": "รหัสสำหรับแก้ไขข้อมูลไม่ถูกต้อง ระบบยังไม่ได้อ่านไฟล์",
    "viewer": "ผู้ชมอ่านได้อย่างเดียว เปลี่ยนแปลงอะไรไม่ได้",
    "academic": "นักวิชาการสร้างและแก้ไขได้เฉพาะบทเรียนและการประเมิน",
}
"""What the upload form says above itself when it reads nothing for these principals."""
WEB_CASES = [c for c in CASES if c[1] != "export_unredacted"]
"""Every cell but the unredacted export's, which has no form."""


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A store with the places and an account of each role, the app, and a browser-like client
    for each principal: signed in through the sign-in form (cookies kept), or not."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PHAKHEE_API_KEYS", KEY)
        mp.delenv("PHAKHEE_READ_REQUIRES_KEY", raising=False)
        mp.setenv("PHAKHEE_FRESH_WAIT_S", "60")  # each page answers from the case's own setup
        get_api_settings.cache_clear()
        store = policy_store(SQLiteStore(tmp_path_factory.mktemp("forms") / "forms.db"))
        app = create_app(store)
        clients = {who: TestClient(app, follow_redirects=False) for who in (*ACCOUNTS, "anonymous")}
        clients["admin_key"] = TestClient(app, follow_redirects=False)
        with clients["anonymous"]:
            for who, (name, password, _) in ACCOUNTS.items():
                _sign_in(clients[who], name, password)
            yield {
                "store": store,
                "clients": clients,
                "n": itertools.count(),
                "headers": {"admin_key": {"Authorization": f"Bearer {KEY}"}},
            }
        for c in clients.values():
            c.close()
        store.close()
    get_api_settings.cache_clear()


def _csrf(client: TestClient, path: str = "/upload") -> str:
    found = CSRF.search(client.get(path).text)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def _sign_in(client: TestClient, name: str, password: str) -> None:
    form = {"username": name, "password": password, "csrf": _csrf(client, "/login"), "next": "/"}
    assert client.post("/login", data=form).status_code == 303


class _Form(HTMLParser):
    """The fields of the page's form sent to ``action``, as a browser sends it: each input's
    value, each textarea's text, each select's selected option."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.fields = action, False, {}
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        elif self.inside and tag == "input" and a.get("name"):
            self.fields[a["name"]] = a.get("value") or ""
        elif self.inside and tag == "select":
            self.select = a.get("name")
            self.fields.setdefault(self.select, "")
        elif self.inside and tag == "option" and self.select and "selected" in a:
            self.fields[self.select] = a.get("value") or ""
        elif self.inside and tag == "textarea":
            self.textarea = a.get("name")
            self.fields[self.textarea] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.fields[self.textarea] += data


def form_of(html: str, action: str) -> dict[str, str]:
    """The fields the form of ``html`` sent to ``action`` holds."""
    parser = _Form(action)
    parser.feed(html)
    assert "csrf" in parser.fields, f"no form sent to {action}"
    return parser.fields


def _status(r: Any) -> str:
    """The status of a page answer; a refusal must be the page that says why."""
    if r.status_code == 401:
        assert SIGN_IN_PAGE in r.text, r.text
    if r.status_code == 403:
        assert REFUSED_PAGE in r.text, r.text
    if r.status_code == 303:
        assert r.headers["location"].startswith("/"), r.headers
    return str(r.status_code)


class Case:
    """One cell's principal, client and scene."""

    def __init__(self, web: dict[str, Any], who: str, s: dict[str, str]) -> None:
        self.store, self.s, self.who = web["store"], s, who
        self.client: TestClient = web["clients"][who]
        self.headers: dict[str, str] = web["headers"].get(who, {})
        self.before = self.store.version()

    def put(self, node: dict[str, Any], place: str | None = None) -> str:
        """Put ``node`` at ``place`` as the case's own setup (not the form's change)."""
        found = put(self.store, node, place)
        self.before = self.store.version()
        return found

    def get(self, path: str) -> Any:
        return self.client.get(path, headers=self.headers)

    def post(self, path: str, fields: dict[str, str], **kw: Any) -> Any:
        sent = {"csrf": _csrf(self.client), **fields}
        return self.client.post(path, data=sent, headers=self.headers, **kw)

    def href(self, key: str = "node") -> str:
        return node_href(self.s[key])


def _read(c: Case) -> str:
    return _status(c.get(c.href()))


def _read_contacts(c: Case) -> str:
    pages = []
    for end, phone in zip(ends(c.s), phones_of(c.s), strict=True):
        page = c.get(node_href(end))
        assert page.status_code == 200
        form = c.get(node_href(end) + "/edit")
        if form.status_code == 200:  # the form shows the contacts the page shows
            assert (phone in form.text) == (phone in page.text)
        pages.append(page.text)
    return shown(phones_of(c.s), "".join(pages))


def _partner(c: Case) -> str:
    node = {"kind": "partner", "id": f"partner:x{c.s['n']}", "name": f"x{c.s['n']}"}
    return c.put(node | {"sector": "government"}, PHRAE)


def _team(c: Case, place: str) -> str:
    team = {"kind": "team", "id": f"team:t{c.s['n']}", "name": f"t{c.s['n']}"}
    return c.put(team | {"team_type": "provincial_network"}, place)


def _tie_form(c: Case, tie: str, other: str, **fields: str) -> Any:
    sent = {"tie": tie, f"{tie}-other": other} | {f"{tie}-{k}": v for k, v in fields.items()}
    return c.post(c.href() + "/ties", sent)


def _create(c: Case) -> str:
    if "a" in c.s:  # a new tie across two provinces: a liaison from Nan to Phrae
        partner = _partner(c)
        r = _tie_form(c, "liaises_with", partner)
        made = c.store.neighbours(c.s["a"], tie_kinds=["liaises_with"])
        assert ([nb.node.id for nb in made] == [partner]) == (r.status_code == 303)
        return _status(r)
    kind = c.s["kind"]
    province = {"own_province": NAN, "other_province": BANGKOK}.get(_scope(c), PHRAE)
    fields = {"name": f"new{c.s['n']}", "province": province}
    if kind == "lesson":
        fields["lesson_type"] = "best_practice"
    r = c.post(f"/new/{kind}", fields)
    if r.status_code == 303:
        assert r.headers["location"] == node_href(f"{kind}:new{c.s['n']}")
        made = c.store.neighbours(f"{kind}:new{c.s['n']}")
        assert [nb.node.id for nb in made] == [province]
    return _status(r)


def _scope(c: Case) -> str:
    place = c.s["place"]
    return {NAN: "own_province", BANGKOK: "other_province"}.get(place, "own_region")


def _edit(c: Case) -> str:
    if "a" in c.s:
        r = _tie_form(c, "knows", c.s["b"], context="x")
        key = ("knows", c.s["a"], c.s["b"])
        context = c.store.get_ties([key])[key].props.get("context")
        assert (context == "x") == (r.status_code == 303)
        return _status(r)
    path = c.href() + "/edit"
    form = c.get(path)
    fields = form_of(form.text, path) if form.status_code == 200 else {"name": "x"}
    r = c.post(path, fields | {"name": "renamed"})
    name = c.store.get_node(c.s["node"]).props["name"]
    assert name == ("renamed" if r.status_code == 303 else c.s["node"].partition(":")[2])
    if r.status_code == 303:  # nothing else on the form was lost
        assert c.store.get_node(c.s["node"]).props.get("phone") == _stored_phone(c)
    return _status(r)


def _stored_phone(c: Case) -> str | None:
    return None if c.s["kind"] == "lesson" else phones_of(c.s)[0]


def _delete(c: Case) -> str:
    if "a" in c.s:
        tie = {"kind": "knows", "source": c.s["a"], "target": c.s["b"]}
        r = c.post(c.href() + "/ties/end", tie)
        key = ("knows", c.s["a"], c.s["b"])
        assert (c.store.get_ties([key]) == {}) == (r.status_code == 303)
        return _status(r)
    path = c.href() + "/delete"
    confirm = c.get(path)
    if confirm.status_code == 200:
        form_of(confirm.text, path)
    r = c.post(path, {})
    assert (_name(c, c.s["node"]) is None) == (r.status_code == 200)
    return _status(r)


def _add_tie(c: Case) -> str:
    if c.s["kind"] == "lesson":  # the lesson in the North is about a new topic
        topic = c.put({"kind": "topic", "id": f"topic:t{c.s['n']}", "name": f"t{c.s['n']}"})
        r = _tie_form(c, "about", topic)
        made = [nb.node.id for nb in c.store.neighbours(c.s["node"], tie_kinds=["about"])]
        assert (made == [topic]) == (r.status_code == 303)
        return _status(r)
    place = PHRAE if "a" in c.s else c.s["place"]
    team = _team(c, place)
    r = _tie_form(c, "member_of", team)
    made = [nb.node.id for nb in c.store.neighbours(c.s["node"], tie_kinds=["member_of"])]
    assert (made == [team]) == (r.status_code == 303)
    return _status(r)


def _upload(c: Case) -> str:
    s = c.s
    if "a" in s:
        name, text, made = "acquaintances.csv", f"person,knows\n{s['b']},{s['a']}\n", None
    elif s["kind"] == "lesson":  # the lesson placed in the North, renamed
        name, text = "lessons.csv", f"id,name,lesson_type\n{s['node']},up,best_practice\n"
        made = s["node"]
    else:
        province = s["place"].partition(":")[2]
        name, text = "people.csv", f"id,name,province\nperson:up{s['n']},up,{province}\n"
        made = f"person:up{s['n']}"
    key = KEY if c.who == "admin_key" else ""
    files = {"file": (name, text.encode(), "text/csv")}
    checked = c.client.post("/upload", data={"csrf": _csrf(c.client), "key": key}, files=files)
    if checked.status_code != 200:  # the form again, saying why it read nothing
        assert UPLOAD_REFUSED[c.who] in checked.text
        return str(checked.status_code)
    token = TOKEN.search(checked.text)
    assert token, checked.text
    data = {"csrf": _csrf(c.client), "token": token.group(1), "key": key}
    loaded = c.client.post("/upload/confirm", data=data)
    assert loaded.status_code == 200
    refused = OUTSIDE_TH in checked.text
    assert (OUTSIDE_TH in loaded.text) == refused
    if made is None:
        back = ("knows", s["b"], s["a"])
        assert (c.store.get_ties([back]) == {}) == refused
    else:
        assert (_name(c, made) == "up") != refused
    return "refused" if refused else "loaded"


def _name(c: Case, node: str) -> str | None:
    """The stored name of ``node``, None when it is not there."""
    try:
        return str(c.store.get_node(node).props["name"])
    except NotFound:
        return None


ACTIONS = {
    "read": _read,
    "read_contacts": _read_contacts,
    "create": _create,
    "edit": _edit,
    "delete": _delete,
    "add_tie": _add_tie,
    "upload": _upload,
}


def _expected(action: str, scope: str, cell: str) -> str:
    if cell == "allowed":
        return ALLOWED_AT.get((action, scope), ALLOWED[action])
    return STATUS.get(cell, cell)


@pytest.mark.parametrize(("who", "action", "scope", "expected"), WEB_CASES)
def test_the_form_answers_as_the_policy_says(
    web: dict[str, Any], who: str, action: str, scope: str, expected: str
) -> None:
    case = Case(web, who, scene(web["store"], web["n"], scope, lesson=action in LESSONS))
    assert ACTIONS[action](case) == _expected(action, scope, expected)
    if expected in ("sign_in", "forbidden", "refused") or action.startswith("read"):
        assert web["store"].version() == case.before


@pytest.mark.parametrize("who", [*ACCOUNTS, "anonymous", "admin_key"])
def test_the_download_page_offers_only_the_redacted_export(web: dict[str, Any], who: str) -> None:
    case = Case(web, who, scene(web["store"], web["n"], "own_province"))
    offered = case.get("/download")
    assert offered.status_code == 200 and "redact" not in offered.text
    chosen = case.get("/download?format=csv&scope=all")
    assert (chosen.status_code, chosen.headers["location"]) == (303, "/export/csv")
    file = case.get(chosen.headers["location"])
    assert file.status_code == 200
    with zipfile.ZipFile(io.BytesIO(file.content)) as z:
        text = "".join(z.read(n).decode("utf-8") for n in z.namelist())
    assert case.s["node"] in text
    assert shown(phones_of(case.s), text) == "withheld"


CONTACTS = ("tel(p{n})", "p{n}@example.org", "line(p{n})")


def test_a_page_shown_with_contacts_is_never_served_to_another(web: dict[str, Any]) -> None:
    s = scene(web["store"], web["n"], "own_province")
    values = [v.format(n=s["n"]) for v in CONTACTS]
    path = node_href(s["node"])
    coordinator = web["clients"]["coordinator"]
    for encoding in ("gzip", "identity"):
        seen = coordinator.get(path, headers={"Accept-Encoding": encoding})
        assert [v in seen.text for v in values] == [True, True, True]
        assert seen.headers["cache-control"] == "no-cache, private"
        assert seen.headers["vary"] == "Accept-Encoding, Cookie, Authorization"
        assert "etag" not in seen.headers
        for who in ("anonymous", "viewer"):
            after = web["clients"][who].get(path, headers={"Accept-Encoding": encoding})
            assert after.status_code == 200 and s["node"].partition(":")[2] in after.text
            assert [v in after.text for v in values] == [False, False, False]
            assert [v.encode() in after.content for v in values] == [False, False, False]


def test_a_refused_form_names_the_rule_in_thai_and_changes_nothing(web: dict[str, Any]) -> None:
    case = Case(web, "coordinator", scene(web["store"], web["n"], "other_province"))
    for path in (case.href() + "/edit", case.href() + "/delete"):
        refused = case.post(path, {"name": "renamed"})
        assert refused.status_code == 403
        assert REFUSED_PAGE in refused.text and OUTSIDE_TH in refused.text
    assert web["store"].version() == case.before
    assert web["store"].get_node(case.s["node"]).props["name"] == f"p{case.s['n']}"
