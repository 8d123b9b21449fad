"""Signing in and out in a real browser, and the security of the forms over plain HTTP: a new
session id at sign-in, the cookie's flags, the old id dead after sign-out, forms refused without
their CSRF token, and sign-in throttled after repeated wrong passwords."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient

from phakhee.api import sessions
from phakhee.api.app import create_app
from phakhee.api.settings import get_api_settings
from phakhee.api.uploads import UPLOADS
from phakhee.graph.accounts import Role, accounts
from tests.browser import NEEDS_BROWSER
from tests.web.conftest import KEY, Site, Visit

pytestmark = NEEDS_BROWSER

PASSWORD = "ข้าวเหนียว-มะม่วง-2569"
COORDINATOR, ADMIN, WRONG, LOCKED, PLAIN = (
    "somchai.nan",
    "admin.web",
    "wrong.try",
    "locked.out",
    "plain.http",
)
REFUSED_CSRF = (
    "แบบฟอร์มนี้ไม่ได้ส่งมาจากหน้าของเว็บไซต์นี้ หรือหน้านั้นเปิดไว้นานเกินไป"
    " จึงยังไม่ได้เปลี่ยนแปลงข้อมูลใด กรุณาเปิดหน้านั้นใหม่แล้วส่งแบบฟอร์มอีกครั้ง"
)
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture(scope="module", autouse=True)
def people(writable_site: Site) -> None:
    """The module's accounts, each with ``PASSWORD``."""
    kept = accounts(writable_site.store)
    kept.add(COORDINATOR, Role.COORDINATOR, PASSWORD, provinces=["province:nan"])
    for name, role in [(ADMIN, Role.ADMIN), (WRONG, Role.VIEWER), (LOCKED, Role.VIEWER)]:
        kept.add(name, role, PASSWORD)
    kept.add(PLAIN, Role.VIEWER, PASSWORD)


@pytest.fixture
def client(writable_site: Site) -> Iterator[httpx2.Client]:
    """A plain HTTP client on the served site, keeping its cookies like a browser."""
    with httpx2.Client(base_url=writable_site.origin, timeout=30) as c:
        yield c


def csrf_of(html: str) -> str:
    """The CSRF token a page's form carries."""
    found = CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in_form(visit: Visit, name: str, password: str) -> Any:
    """Fill the sign-in form and send it; the response the browser got."""
    page = visit.page
    page.get_by_label("ชื่อผู้ใช้").fill(name)
    page.get_by_label("รหัสผ่าน").fill(password)
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
    return sent.value


def session_cookie(visit: Visit) -> dict[str, Any]:
    (cookie,) = [c for c in visit.context.cookies() if c["name"] == sessions.COOKIE]
    return cookie


def signed_in_as(html: str) -> str | None:
    """Whose name the page's header says is signed in, or None."""
    found = re.search(r'<span class="account">([^<]*)</span>', html)
    return found.group(1) if found else None


def test_signing_in_starts_a_new_session_and_signing_out_ends_it(
    visit_writable: Visit, writable_site: Site
) -> None:
    visit, page = visit_writable, visit_writable.page
    visit.open("/history")
    before = session_cookie(visit)["value"]
    page.get_by_role("link", name="เข้าสู่ระบบ").click()
    page.wait_for_url(visit.origin + "/login?next=/history")
    assert page.get_by_role("heading", name="เข้าสู่ระบบ").is_visible()
    visit.check()

    sign_in_form(visit, COORDINATOR, PASSWORD)
    assert page.url == visit.origin + "/history"
    header = page.locator("header form.signout")
    assert header.locator(".account").inner_text() == f"เข้าสู่ระบบในชื่อ {COORDINATOR}"
    assert header.get_by_role("button", name="ออกจากระบบ").is_visible()
    cookie = session_cookie(visit)
    assert cookie["value"] != before
    assert (cookie["httpOnly"], cookie["sameSite"], cookie["secure"]) == (True, "Lax", False)
    assert cookie["path"] == "/"
    visit.check()

    signed_in = cookie["value"]
    with page.expect_navigation():
        header.get_by_role("button", name="ออกจากระบบ").click()
    assert page.url == visit.origin + "/"
    assert page.locator("header form.signout").count() == 0
    assert page.get_by_role("link", name="เข้าสู่ระบบ").is_visible()
    assert session_cookie(visit)["value"] not in (signed_in, before)
    visit.check()

    replayed = httpx2.get(
        visit.origin + "/history", cookies={sessions.COOKIE: signed_in}, timeout=30
    )
    assert replayed.status_code == 200 and signed_in_as(replayed.text) is None


def test_a_wrong_password_shows_the_form_again_with_the_name_kept(visit_writable: Visit) -> None:
    visit, page = visit_writable, visit_writable.page
    visit.open("/login")
    response = sign_in_form(visit, WRONG, "not-the-password")
    assert response.status == 401
    assert page.get_by_role("alert").inner_text() == "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"
    assert page.get_by_label("ชื่อผู้ใช้").input_value() == WRONG
    assert page.get_by_label("รหัสผ่าน").input_value() == ""
    assert page.locator("header form.signout").count() == 0
    # Chromium logs the page's own 401 as a console error: the one error expected here
    assert visit.errors == [
        "Failed to load resource: the server responded with a status of 401 (Unauthorized)"
    ]
    visit.errors.clear()
    visit.check()


def test_a_signed_in_administrator_takes_a_snapshot_without_the_key(
    visit_writable: Visit, writable_site: Site
) -> None:
    visit, page = visit_writable, visit_writable.page
    before = len(writable_site.store.list_snapshots())
    visit.open("/login?next=/history")
    sign_in_form(visit, ADMIN, PASSWORD)
    assert page.url == visit.origin + "/history"
    assert page.get_by_text("เข้าสู่ระบบในฐานะผู้ดูแลระบบแล้ว ไม่ต้องกรอกรหัสก็ได้").is_visible()
    note = f"ผู้ดูแลบันทึก {visit.viewport['width']}"
    page.get_by_label("หมายเหตุ (บันทึกครั้งนี้เพื่ออะไร)").fill(note)
    with page.expect_navigation():
        page.get_by_role("button", name="บันทึกภาพเครือข่าย").click()
    kept = writable_site.store.list_snapshots()
    assert len(kept) == before + 1 and kept[-1].note == note
    visit.check()


def test_a_snapshot_form_without_its_csrf_token_is_refused(
    client: httpx2.Client, writable_site: Site
) -> None:
    store = writable_site.store
    before = len(store.list_snapshots())
    token = csrf_of(client.get("/history").text)
    with httpx2.Client(base_url=writable_site.origin, timeout=30) as other:
        someone_elses = csrf_of(other.get("/history").text)
    for form in (
        {"note": "ไม่ควรถูกบันทึก", "key": KEY},
        {"note": "ไม่ควรถูกบันทึก", "key": KEY, "csrf": "wrong"},
        {"note": "ไม่ควรถูกบันทึก", "key": KEY, "csrf": token + "x"},
        {"note": "ไม่ควรถูกบันทึก", "key": KEY, "csrf": someone_elses},
    ):
        refused = client.post("/history", data=form)
        assert refused.status_code == 403, form
        assert REFUSED_CSRF in refused.text and "<h1>ไม่อนุญาต</h1>" in refused.text
    assert len(store.list_snapshots()) == before
    taken = client.post("/history", data={"note": "บันทึกได้", "key": KEY, "csrf": token})
    assert taken.status_code == 303
    assert len(store.list_snapshots()) == before + 1


def test_an_upload_without_its_csrf_token_is_refused_and_nothing_is_kept(
    client: httpx2.Client, writable_site: Site
) -> None:
    version = writable_site.store.version()
    waiting = set(UPLOADS.iterdir()) if UPLOADS.is_dir() else set()
    token = csrf_of(client.get("/upload").text)
    people = "name,province\nไม่ควรถูกอ่าน,น่าน\n".encode()
    for fields in ({"key": KEY}, {"key": KEY, "csrf": token[:-1]}):
        files = {"file": ("people.csv", io.BytesIO(people), "text/csv")}
        refused = client.post("/upload", data=fields, files=files)
        assert refused.status_code == 403 and REFUSED_CSRF in refused.text
    assert (set(UPLOADS.iterdir()) if UPLOADS.is_dir() else set()) == waiting

    files = {"file": ("people.csv", io.BytesIO(people), "text/csv")}
    report = client.post("/upload", data={"key": KEY, "csrf": token}, files=files)
    assert report.status_code == 200
    upload = re.search(r'name="token" value="([^"]+)"', report.text).group(1)
    for fields in ({"token": upload, "key": KEY}, {"token": upload, "key": KEY, "csrf": "x"}):
        assert client.post("/upload/confirm", data=fields).status_code == 403
    assert writable_site.store.version() == version


def test_repeated_wrong_passwords_refuse_even_the_right_one(
    client: httpx2.Client,
) -> None:
    token = csrf_of(client.get("/login").text)

    def attempt(password: str) -> httpx2.Response:
        form = {"username": LOCKED, "password": password, "csrf": token, "next": "/"}
        return client.post("/login", data=form)

    assert [attempt(f"wrong-{i}").status_code for i in range(5)] == [401] * 5
    sixth = attempt("wrong-5")
    assert sixth.status_code == 429
    assert 0 < int(sixth.headers["retry-after"]) <= 15 * 60
    assert "กรอกผิดหลายครั้งเกินไป ระบบจึงพักการเข้าสู่ระบบไว้ชั่วคราว" in sixth.text
    assert attempt(PASSWORD).status_code == 429
    assert signed_in_as(client.get("/").text) is None


def test_a_forged_or_expired_session_cookie_is_anonymous(
    client: httpx2.Client, writable_site: Site
) -> None:
    token = csrf_of(client.get("/login").text)
    form = {"username": PLAIN, "password": PASSWORD, "csrf": token, "next": "/"}
    assert client.post("/login", data=form).status_code == 303
    assert signed_in_as(client.get("/").text) == f"เข้าสู่ระบบในชื่อ {PLAIN}"
    value = client.cookies[sessions.COOKIE]
    session_id, _, mac = value.rpartition(".")

    def seen_with(cookie: str) -> str | None:
        return signed_in_as(
            httpx2.get(writable_site.origin + "/", cookies={sessions.COOKIE: cookie}).text
        )

    assert seen_with(value) == f"เข้าสู่ระบบในชื่อ {PLAIN}"
    assert seen_with(session_id) is None
    assert seen_with(f"{session_id}.{mac[::-1]}") is None
    other_id = session_id[:-1] + ("B" if session_id.endswith("A") else "A")
    assert seen_with(f"{other_id}.{mac}") is None

    live = sessions.SESSIONS.live[session_id]
    sessions.SESSIONS.live[session_id] = dataclasses.replace(
        live, seen=live.seen - sessions.IDLE_S - 1
    )
    assert seen_with(value) is None
    assert session_id not in sessions.SESSIONS.live


def test_the_cookie_is_secure_over_https_and_behind_a_trusted_proxy_only(
    writable_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    def flags(base_url: str, **headers: str) -> str:
        with TestClient(create_app(writable_site.store), base_url=base_url) as c:
            return c.get("/login", headers=headers).headers["set-cookie"]

    assert "Secure" in flags("https://testserver")
    assert "Secure" not in flags("http://testserver")
    assert "Secure" not in flags("http://testserver", **{"X-Forwarded-Proto": "https"})
    monkeypatch.setenv("PHAKHEE_TRUST_PROXY", "true")
    get_api_settings.cache_clear()
    try:
        assert "Secure" in flags("http://testserver", **{"X-Forwarded-Proto": "https"})
        cookie = flags("http://testserver")
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    finally:
        monkeypatch.delenv("PHAKHEE_TRUST_PROXY")
        get_api_settings.cache_clear()


def test_sessions_end_when_idle_or_old_however_used() -> None:
    now = [1_000_000.0]
    kept = sessions.Sessions(clock=lambda: now[0], idle_s=100, max_s=250)
    first = kept.start("a")
    assert kept.start("a").id != first.id
    now[0] += 99
    assert kept.get(first.id) is not None
    now[0] += 99
    assert kept.get(first.id) is not None
    now[0] += 60  # used within the idle time, but past the longest a session lasts
    assert kept.get(first.id) is None
    other = kept.start("b")
    now[0] += 101
    assert kept.get(other.id) is None
    kept.end("no-such-id")


def test_the_throttle_counts_per_account_and_per_address_and_a_success_resets() -> None:
    now = [0.0]
    throttle = sessions.SignInThrottle(clock=lambda: now[0])
    for _ in range(4):
        throttle.failed("Somchai", "10.0.0.1")
    throttle.succeeded("somchai")
    throttle.failed("somchai", "10.0.0.1")
    assert throttle.wait_s("somchai", "10.0.0.2") == 0  # 1 since the success
    for i in range(15):
        throttle.failed(f"name-{i}", "10.0.0.1")
        now[0] += 1
    assert throttle.wait_s("someone-new", "10.0.0.1") == 15 * 60 - 15 + 1  # 20 from there
    assert throttle.wait_s("someone-new", "10.0.0.2") == 0
    now[0] += 15 * 60
    assert throttle.wait_s("someone-new", "10.0.0.1") == 0
