"""The upload page obeys the policy: a coordinator's rows outside their province are refused with
the reason in Thai and nothing of them is written, and an upload's refused rows (which hold the
rows' cells, contacts too) are downloaded only by whoever uploaded them or an administrator."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.api.settings import get_api_settings
from phakhee.graph.accounts import accounts
from phakhee.graph.errors import NotFound
from phakhee.graph.reference import ensure_reference
from phakhee.graph.sqlite_store import SQLiteStore

KEY = "test-upload-scope-key"
PASSWORD = "a-long-password-u"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
REFUSED = re.compile(r'href="(/upload/[A-Za-z0-9_-]+/refused\.people\.csv)"')
OUTSIDE_TH = "ผู้ประสานงานแก้ไขได้เฉพาะสิ่งที่อยู่ในจังหวัดที่ตนดูแล"
PEOPLE = (
    "id,name,province,phone\n"
    "person:up-nan,คนน่าน,nan,081-000-1111\n"
    "person:up-phrae,คนแพร่,phrae,081-000-2222\n"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PHAKHEE_API_KEYS", KEY)
        get_api_settings.cache_clear()
        store = SQLiteStore(tmp_path_factory.mktemp("upload-scope") / "s.db")
        ensure_reference(store)
        users = accounts(store)
        users.add("nan1", "coordinator", PASSWORD, provinces=["nan"])
        users.add("viewer1", "viewer", PASSWORD)
        viewer = {"Authorization": f"Bearer {users.new_token('viewer1')}"}
        yield {"store": store, "app": create_app(store), "viewer": viewer}
        store.close()
    get_api_settings.cache_clear()


def _csrf(client: TestClient, path: str) -> str:
    found = CSRF.search(client.get(path).text)
    assert found
    return found.group(1)


def _sign_in(client: TestClient, name: str) -> None:
    form = {"username": name, "password": PASSWORD, "csrf": _csrf(client, "/login"), "next": "/"}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303


def _upload(client: TestClient, key: str = "") -> Any:
    files = {"file": ("people.csv", PEOPLE.encode(), "text/csv")}
    data = {"csrf": _csrf(client, "/upload"), "key": key}
    return client.post("/upload", data=data, files=files)


def _confirm(client: TestClient, report: str) -> Any:
    token = re.search(r'name="token" value="([^"]+)"', report)
    assert token
    data = {"csrf": _csrf(client, "/upload"), "token": token.group(1)}
    return client.post("/upload/confirm", data=data)


def test_a_coordinators_rows_outside_their_province_are_refused_in_thai(site) -> None:
    with TestClient(site["app"]) as coordinator:
        _sign_in(coordinator, "nan1")
        checked = _upload(coordinator)
        assert checked.status_code == 200 and OUTSIDE_TH in checked.text
        loaded = _confirm(coordinator, checked.text)
        assert loaded.status_code == 200 and OUTSIDE_TH in loaded.text
    store = site["store"]
    assert store.get_node("person:up-nan").props["name"] == "คนน่าน"
    with pytest.raises(NotFound):
        store.get_node("person:up-phrae")


def test_a_viewer_signed_in_may_not_upload(site) -> None:
    with TestClient(site["app"]) as viewer:
        _sign_in(viewer, "viewer1")
        refused = _upload(viewer)
    assert refused.status_code == 403
    assert "ผู้ชมอ่านได้อย่างเดียว เปลี่ยนแปลงอะไรไม่ได้" in refused.text


def test_refused_rows_are_the_uploaders_and_an_administrators_only(site) -> None:
    with TestClient(site["app"]) as uploader, TestClient(site["app"]) as other:
        _sign_in(uploader, "nan1")
        link = REFUSED.search(_upload(uploader).text)
        assert link
        own = uploader.get(link.group(1))
        assert own.status_code == 200 and "081-000-2222" in own.text
        assert other.get(link.group(1)).status_code == 404
        assert other.get(link.group(1), headers=site["viewer"]).status_code == 404
        admin = other.get(link.group(1), headers={"Authorization": f"Bearer {KEY}"})
        assert admin.status_code == 200 and admin.content == own.content


def test_a_form_key_still_uploads_everywhere_from_the_same_browser(site) -> None:
    with TestClient(site["app"]) as browser, TestClient(site["app"]) as other:
        checked = _upload(browser, key=KEY)
        assert checked.status_code == 200 and OUTSIDE_TH not in checked.text
        assert REFUSED.search(checked.text) is None  # nothing refused
        files = {"file": ("people.csv", b"id,name,province\nperson:k,k,nowhere\n", "text/csv")}
        bad = browser.post(
            "/upload", data={"csrf": _csrf(browser, "/upload"), "key": KEY}, files=files
        )
        link = REFUSED.search(bad.text)
        assert link
        assert browser.get(link.group(1)).status_code == 200
        assert other.get(link.group(1)).status_code == 404
