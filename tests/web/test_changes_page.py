"""The audit log's page, ``/changes`` in a browser, over the real app and a real SQLite store:
each change with who, when, how and every field before and after; the filters; a personal
field named and its value never sent (byte for byte); the address a change came from for an
administrator only; the undo form refused without its CSRF token, refused with the reason and
the JSON route's status, and restoring the exact value when allowed, a whole upload from its one
button; the read policy as the JSON route's; the menu's links. A script at the same address
keeps the JSON."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.api.settings import get_api_settings
from phakhee.graph.accounts import accounts
from phakhee.graph.audit import Author, acting_as
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.loaders import edits
from phakhee.viz.web import catalogue
from tests.queries.network import build_small_network

KEY = "test-key-changes-page"
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
PERSON = "person:author"
PLANTED = {"phone": "089-417-2236", "email": "planted.log@example.org", "line_id": "planted-417"}
ADDRESS = "203.0.113.77"
PASSWORDS = {
    "nan1": "a-long-password-1",
    "ubon1": "a-long-password-2",
    "admin1": "a-long-pass-3",
    "viewer1": "a-long-password-v",
}
REFUSED_OUTSIDE = "ผู้ประสานงานแก้ไขได้เฉพาะสิ่งที่อยู่ในจังหวัดที่ตนดูแล"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """The small network; a coordinator of Nan, one of Ubon, an administrator, a viewer; then two
    changes by the coordinator of Nan from the web: the author's position, and their contacts."""
    monkeypatch.setenv("PHAKHEE_API_KEYS", KEY)
    monkeypatch.delenv("PHAKHEE_READ_REQUIRES_KEY", raising=False)
    get_api_settings.cache_clear()
    store = SQLiteStore(tmp_path / "graph.db")
    build_small_network(store)
    users = accounts(store)
    users.add("nan1", "coordinator", PASSWORDS["nan1"], provinces=["nan"])
    users.add("ubon1", "coordinator", PASSWORDS["ubon1"], provinces=["ubon-ratchathani"])
    users.add("admin1", "admin", PASSWORDS["admin1"])
    users.add("viewer1", "viewer", PASSWORDS["viewer1"])
    before = dict(store.get_node(PERSON).props)
    with acting_as(Author("nan1", "web", ADDRESS)):
        edits.put_node(store, PERSON, {**before, "kind": "person", "position": "ประธาน"})
        edits.put_node(store, PERSON, {**before, "kind": "person", "position": "ประธาน", **PLANTED})
    position, contacts = (e.id for e in store.audit_entries(user="nan1", limit=2)[::-1])
    yield {"store": store, "before": before, "position": position, "contacts": contacts}
    store.close()
    get_api_settings.cache_clear()


@pytest.fixture
def client(site: dict[str, Any]) -> Iterator[TestClient]:
    with TestClient(create_app(site["store"])) as c:
        yield c


def sign_in(client: TestClient, name: str) -> None:
    token = CSRF.search(client.get("/login", headers=HTML).text).group(1)
    form = {"username": name, "password": PASSWORDS[name], "csrf": token, "next": "/changes"}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303


def csrf_of(client: TestClient, path: str = "/changes") -> str:
    return CSRF.search(client.get(path, headers=HTML).text).group(1)


def section(html: str, change: int) -> str:
    """The page's section of one change."""
    found = re.search(
        rf'<section class="change" aria-labelledby="change-{change}">.*?</section>', html, re.S
    )
    assert found, f"change {change} is not on the page"
    return found.group(0)


def cells(html: str) -> list[list[str]]:
    """Each row of the section's field tables, its cells' text."""
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    strip = lambda cell: re.sub(r"<[^>]+>", "", cell).strip()  # noqa: E731
    return [[strip(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in rows]


def test_a_browser_gets_the_page_and_a_script_the_json_as_before(
    client: TestClient, site: dict[str, Any]
) -> None:
    page = client.get("/changes?user=nan1", headers=HTML)
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "<h1>บันทึกการเปลี่ยนแปลง</h1>" in page.text
    assert page.headers["vary"] == "Accept-Encoding, Cookie, Authorization, Accept"
    data = client.get("/changes?user=nan1")
    assert data.headers["content-type"] == "application/json"
    assert [c["id"] for c in data.json()["items"]] == [site["contacts"], site["position"]]
    assert data.json()["next_cursor"] is None
    ids = re.findall(r'<section class="change" aria-labelledby="change-(\d+)">', page.text)
    assert ids == [str(site["contacts"]), str(site["position"])]
    assert client.post("/changes", headers=HTML).status_code == 405  # as the schema says


def test_each_change_says_who_when_how_and_each_field_before_and_after(
    client: TestClient, site: dict[str, Any]
) -> None:
    html = client.get("/changes?user=nan1", headers=HTML).text
    edit = section(html, site["position"])
    (entry,) = site["store"].audit_entries(ids=[site["position"]])
    assert f'<h3 id="change-{entry.id}">การเปลี่ยนแปลงที่ {entry.id}</h3>' in edit
    assert '<dd class="change-who">nan1</dd>' in edit
    assert '<dd class="change-via">หน้าเว็บ</dd>' in edit
    when = f"{catalogue.date(entry.at, 'th')} {entry.at[11:16]} UTC"
    assert f'<time datetime="{entry.at}">{when}</time>' in edit
    assert '<caption><a href="/people/author">สมชาย ใจดี</a> — แก้ไข</caption>' in edit
    assert cells(edit) == [
        ["ช่องข้อมูล", "ก่อนแก้ไข", "หลังแก้ไข"],
        ["ตำแหน่ง position", "—", "ประธาน"],
    ]
    store = site["store"]
    with acting_as(Author(None, "api")):
        edits.put_node(
            store, PERSON, {**store.get_node(PERSON).props, "kind": "person"} | {"position": "รอง"}
        )
    (by_key,) = store.audit_entries(limit=1)
    (first,) = store.audit_entries(oldest_first=True, limit=1)
    everything = client.get("/changes?limit=500", headers=HTML).text
    keyed = section(everything, by_key.id)
    assert '<dd class="change-who">รหัสสำหรับแก้ไขข้อมูล ไม่ใช่บัญชีผู้ใช้</dd>' in keyed
    assert '<dd class="change-via">API</dd>' in keyed
    assert cells(keyed)[1] == ["ตำแหน่ง position", "ประธาน", "รอง"]
    assert '<dd class="change-who">ระบบ</dd>' in section(everything, first.id)


def test_a_personal_fields_value_is_never_sent_only_its_name(
    client: TestClient, site: dict[str, Any]
) -> None:
    for who in (None, "nan1", "admin1"):
        if who:
            sign_in(client, who)
        page = client.get(f"/changes?node={PERSON}", headers=HTML)
        assert page.status_code == 200
        for value in PLANTED.values():
            assert value.encode() not in page.content, (who, value)
        contacts = section(page.text, site["contacts"])
        assert cells(contacts) == [
            ["ช่องข้อมูล", "ก่อนแก้ไข", "หลังแก้ไข"],
            ["อีเมล email", "ข้อมูลส่วนตัวเปลี่ยนไป (ไม่แสดงค่า)"],
            ["ไอดีไลน์ line_id", "ข้อมูลส่วนตัวเปลี่ยนไป (ไม่แสดงค่า)"],
            ["โทรศัพท์ phone", "ข้อมูลส่วนตัวเปลี่ยนไป (ไม่แสดงค่า)"],
        ]


def test_the_address_a_change_came_from_is_shown_to_an_administrator_only(
    client: TestClient, site: dict[str, Any]
) -> None:
    assert ADDRESS not in client.get("/changes", headers=HTML).text
    sign_in(client, "nan1")
    assert ADDRESS not in client.get("/changes", headers=HTML).text
    sign_in(client, "admin1")
    edit = section(client.get("/changes", headers=HTML).text, site["position"])
    assert f'<dd class="change-address"><code>{ADDRESS}</code></dd>' in edit


def test_the_filters_are_a_plain_get_form_validated_as_the_json_route(
    client: TestClient, site: dict[str, Any]
) -> None:
    mine = [str(site["contacts"]), str(site["position"])]

    def listed(query: str) -> list[str]:
        page = client.get(f"/changes?{query}", headers=HTML)
        assert page.status_code == 200, page.text
        return re.findall(r'<section class="change" aria-labelledby="change-(\d+)">', page.text)

    today, tomorrow = dt.date.today(), dt.date.today() + dt.timedelta(days=2)
    assert listed("node=&user=nan1&since=") == mine
    assert listed(f"node={PERSON}&user=nan1&since={today}") == mine
    assert listed(f"user=nan1&since={tomorrow}") == []
    assert listed("user=ubon1") == []
    assert listed("node=person:ubon&user=nan1") == []
    assert 'value="nan1"' in client.get("/changes?user=nan1", headers=HTML).text
    older = client.get("/changes?user=nan1&limit=1", headers=HTML).text
    assert f'<a href="/changes?user=nan1&amp;limit=1&amp;after={site["contacts"]}">' in older
    assert listed(f"user=nan1&limit=1&after={site['contacts']}") == [str(site["position"])]
    for bad in ("since=2026-13-01", "since=20260101", "limit=0", "user=" + "x" * 41):
        refused = client.get(f"/changes?{bad}", headers=HTML)
        assert refused.status_code == 422, bad
        assert refused.headers["content-type"] == "text/html; charset=utf-8"
        assert client.get(f"/changes?{bad}").status_code == 422


def test_an_undo_form_without_its_csrf_token_is_refused_and_changes_nothing(
    client: TestClient, site: dict[str, Any]
) -> None:
    store = site["store"]
    sign_in(client, "nan1")
    token = csrf_of(client)
    props, version = store.get_node(PERSON).props, store.version()
    for form in ({}, {"csrf": "wrong"}, {"csrf": token + "x"}):
        refused = client.post("/changes/undo", data={"change": site["contacts"], **form})
        assert refused.status_code == 403, form
        assert "<h1>ไม่อนุญาต</h1>" in refused.text
    assert (store.get_node(PERSON).props, store.version()) == (props, version)


def test_undo_by_the_form_restores_the_exact_value(
    client: TestClient, site: dict[str, Any]
) -> None:
    store = site["store"]
    sign_in(client, "nan1")
    token = csrf_of(client)
    assert "ย้อนการเปลี่ยนแปลงที่" in client.get("/changes", headers=HTML).text
    for change in (site["contacts"], site["position"]):
        done = client.post(
            "/changes/undo", data={"change": change, "csrf": token}, follow_redirects=False
        )
        assert done.status_code == 303
        assert done.headers["location"] == f"/changes?undone={change}"
    assert store.get_node(PERSON).props == site["before"]
    undos = store.audit_entries(user="nan1", limit=2)
    assert [(e.via, e.undoes) for e in undos] == [
        ("web", (site["position"],)),
        ("web", (site["contacts"],)),
    ]
    shown = client.get(f"/changes?undone={site['position']}", headers=HTML).text
    assert f'<p class="notice" role="status">ย้อนการเปลี่ยนแปลงที่ {site["position"]} แล้ว</p>' in shown


def test_a_refused_undo_says_why_with_the_json_routes_status_and_changes_nothing(
    client: TestClient, site: dict[str, Any]
) -> None:
    store = site["store"]
    with acting_as(Author(None, "api")):
        now = {**store.get_node(PERSON).props, "kind": "person", "position": "รองประธาน"}
        edits.put_node(store, PERSON, now)
    (later,) = store.audit_entries(limit=1)
    props, version = store.get_node(PERSON).props, store.version()
    token = csrf_of(client, "/login")  # the log offers nobody signed in no form
    anonymous = client.post("/changes/undo", data={"change": site["position"], "csrf": token})
    assert anonymous.status_code == 401
    assert (
        '<div class="error" role="alert"><p>เข้าสู่ระบบเพื่อย้อนการเปลี่ยนแปลง</p>'
        '<p class="muted" lang="en">Sign in to undo a change.</p></div>'
    ) in anonymous.text

    sign_in(client, "nan1")
    token = csrf_of(client)
    refused = client.post("/changes/undo", data={"change": site["position"], "csrf": token})
    assert refused.status_code == 409
    alert = re.search(r'<div class="error" role="alert">(.*?)</div>', refused.text, re.S).group(1)
    assert alert.startswith(
        f"<p>ยังไม่ได้ย้อนกลับ: การเปลี่ยนแปลงที่ {later.id} แก้ไขช่องเดียวกันหลังการ"
        f"เปลี่ยนแปลงที่ {site['position']} กรุณาย้อนการเปลี่ยนแปลงที่ {later.id} ก่อน</p>"
        f'<p class="muted" lang="en">change {later.id} (api, {later.at}) changed position of'
        f" {PERSON} after change {site['position']}: undo change {later.id} first</p>"
    )

    sign_in(client, "ubon1")
    token = csrf_of(client)
    outside = client.post("/changes/undo", data={"change": later.id, "csrf": token})
    assert outside.status_code == 403
    assert (
        f'<div class="error" role="alert"><p>{REFUSED_OUTSIDE}</p><p class="muted" lang="en">'
        "A coordinator changes only what is located in their provinces.</p></div>"
    ) in outside.text
    assert client.post("/changes/undo", data={"change": 999999, "csrf": token}).status_code == 404
    assert (store.get_node(PERSON).props, store.version()) == (props, version)


def test_reading_the_log_follows_the_read_policy_as_the_json_route(
    client: TestClient, site: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in(client, "nan1")
    monkeypatch.setenv("PHAKHEE_READ_REQUIRES_KEY", "1")
    get_api_settings.cache_clear()
    assert client.get("/changes", headers=HTML).status_code == 200
    with TestClient(client.app) as anonymous:
        assert anonymous.get("/changes", headers=HTML).status_code == 401
        assert anonymous.get("/changes").status_code == 401
        key = {"Authorization": f"Bearer {KEY}"}
        assert anonymous.get("/changes", headers=key).status_code == 200
    monkeypatch.delenv("PHAKHEE_READ_REQUIRES_KEY")
    get_api_settings.cache_clear()
    with TestClient(client.app) as anonymous:
        assert anonymous.get("/changes", headers=HTML).status_code == 200


def test_an_upload_is_undone_whole_from_its_one_button(
    client: TestClient, site: dict[str, Any]
) -> None:
    store = site["store"]
    ties = [("knows", PERSON, "person:broker"), ("knows", PERSON, "person:attendee")]
    with acting_as(Author("nan1", "upload", ADDRESS, "upload-417")):
        for kind, source, target in ties:
            edits.put_tie(store, {"kind": kind, "source": source, "target": target})
    sign_in(client, "nan1")
    html = client.get("/changes", headers=HTML).text
    assert html.count('name="batch" value="upload-417"') == 1
    assert html.count("ย้อนการอัปโหลด upload-417 ทั้งชุด</button>") == 1
    done = client.post(
        "/changes/undo",
        data={"batch": "upload-417", "csrf": csrf_of(client)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/changes?undone_batch=upload-417"
    assert store.get_ties([(k, s, t) for k, s, t in ties]) == {}
    shown = client.get(done.headers["location"], headers=HTML).text
    assert '<p class="notice" role="status">ย้อนการอัปโหลด upload-417 ทั้งชุดแล้ว</p>' in shown


def test_the_menu_links_the_log_and_for_those_who_create_the_new_node_page(
    client: TestClient, site: dict[str, Any]
) -> None:
    def menu() -> list[str]:
        nav = re.search(r'<nav class="site".*?</nav>', client.get("/", headers=HTML).text, re.S)
        return re.findall(r'<a href="([^"]+)"', nav.group(0))

    assert "/changes" in menu() and "/new" not in menu()
    sign_in(client, "viewer1")
    assert "/changes" in menu() and "/new" not in menu()
    sign_in(client, "nan1")
    assert menu()[-2:] == ["/upload", "/new"]
