"""The snapshots page and the diff between two snapshots, in a real browser: a coordinator takes a
snapshot with a note and the write key, a wrong key takes none, and the diff names exactly what
was added and changed (the hostile person's name as text)."""

from __future__ import annotations

import time
from typing import Any

import httpx2

from phakhee.queries.pages.history import Field, fields
from phakhee.queries.records.snapshot_diff import changed_fields
from phakhee.viz.web import catalogue
from tests.browser import NEEDS_BROWSER
from tests.queries.network import write_network
from tests.viz.network import HOSTILE, XSS, XSS_ID
from tests.web.conftest import KEY, Site, Visit

pytestmark = NEEDS_BROWSER


def take(visit: Visit, note: str, key: str) -> Any:
    """Type a note and a key into the snapshot form and send it; the page's response."""
    page = visit.page
    visit.open("/history")
    page.get_by_label("หมายเหตุ (บันทึกครั้งนี้เพื่ออะไร)").fill(note)
    page.get_by_label("รหัสสำหรับแก้ไขข้อมูล").fill(key)
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="บันทึกภาพเครือข่าย").click()
    return sent.value


def caught_up(site: Site) -> None:
    """Wait until the site answers from the store's latest graph version (a page asked for
    starts its build; the pages link only to nodes of the version they answer from)."""
    deadline = time.monotonic() + 30
    while True:
        httpx2.get(site.origin + "/download", timeout=30)  # needs the current version
        health = httpx2.get(site.origin + "/health", timeout=30).json()
        if health["served"] == health["version"]:
            return
        assert time.monotonic() < deadline, health
        time.sleep(0.2)


def rows(visit: Visit, table: str) -> list[list[str]]:
    """The cells of a table's body rows, as text."""
    body = visit.page.locator(f"#{table} tbody tr")
    return [body.nth(i).locator("td").all_inner_texts() for i in range(body.count())]


def test_a_snapshot_taken_with_the_key_is_listed_with_its_note(
    visit_writable: Visit, writable_site: Site
) -> None:
    store = writable_site.store
    before = len(store.list_snapshots())
    note = f"ก่อนประชุมภาค {visit_writable.viewport['width']}"
    take(visit_writable, note, KEY)
    assert visit_writable.page.url == visit_writable.origin + "/history"
    kept = store.list_snapshots()
    assert len(kept) == before + 1
    newest = kept[-1]
    assert newest.note == note
    nodes, ties = sum(newest.summary["nodes"].values()), sum(newest.summary["ties"].values())
    first = visit_writable.page.locator(".history-list tbody tr").first
    assert first.locator("td").all_inner_texts() == [
        str(newest.id),
        catalogue.date(newest.created_at, "th"),
        note,
        catalogue.number(nodes, "th"),
        catalogue.number(ties, "th"),
    ]
    assert visit_writable.page.get_by_role(
        "heading", name=f"ภาพบันทึกที่เก็บไว้ ({len(kept)})"
    ).is_visible()
    visit_writable.check()


def test_a_wrong_key_takes_no_snapshot_and_says_so_in_thai(
    visit_writable: Visit, writable_site: Site
) -> None:
    before = len(writable_site.store.list_snapshots())
    response = take(visit_writable, "ไม่ควรถูกบันทึก", "not-the-key")
    assert response.status == 401
    alert = visit_writable.page.get_by_role("alert")
    assert alert.inner_text() == "รหัสสำหรับแก้ไขข้อมูลไม่ถูกต้อง จึงยังไม่ได้บันทึกภาพเครือข่าย"
    assert visit_writable.page.get_by_label("หมายเหตุ (บันทึกครั้งนี้เพื่ออะไร)").input_value() == (
        "ไม่ควรถูกบันทึก"
    )
    assert len(writable_site.store.list_snapshots()) == before
    # Chromium reports the 401 itself as a console error: the one error this page must cause.
    refused = "Failed to load resource: the server responded with a status of 401 (Unauthorized)"
    assert visit_writable.errors == [refused]
    visit_writable.errors.clear()
    visit_writable.check()


def test_the_diff_names_what_was_added_and_changed(
    visit_writable: Visit, writable_site: Site
) -> None:
    store, page = writable_site.store, visit_writable.page
    width = visit_writable.viewport["width"]
    was = store.get_node(XSS_ID).props.get("position")
    take(visit_writable, f"ก่อน {width}", KEY)
    newcomer = f"person:newcomer-{width}"
    name = f"สมหญิง มาใหม่ {width}"
    position = f"ผู้ประสานงานจังหวัด {width}"
    write_network(
        store,
        [
            {"kind": "person", "id": newcomer, "name": name, "name_en": f"Somying {width}"},
            {**HOSTILE[0], "position": position},
        ],
        [("located_in", newcomer, "province:nan", {}), ("knows", newcomer, XSS_ID, {})],
    )
    take(visit_writable, f"หลัง {width}", KEY)
    *_, a, b = store.list_snapshots()
    caught_up(writable_site)

    visit_writable.open("/history")
    assert page.get_by_label("ภาพบันทึกครั้งก่อน").input_value() == str(a.id)
    assert page.get_by_label("ภาพบันทึกครั้งหลัง").input_value() == str(b.id)
    page.get_by_role("button", name="ดูว่ามีอะไรเปลี่ยนไป").click()
    page.wait_for_url(f"{visit_writable.origin}/history/diff?a={a.id}&b={b.id}")

    assert page.get_by_role("heading", name="เพิ่มขึ้น (1)").count() == 1
    assert rows(visit_writable, "nodes-added-table") == [[f"{name} Somying {width}", "คน"]]
    link = page.locator("#nodes-added-table a")
    assert link.get_attribute("href") == f"/people/newcomer-{width}"
    assert page.get_by_role("heading", name="เพิ่มขึ้น (2)").count() == 1
    assert sorted(rows(visit_writable, "ties-added-table")) == sorted(
        [
            [f"{name} Somying {width}", "อยู่ที่", "น่าน Nan"],
            [f"{name} Somying {width}", "รู้จัก", f"{XSS} {HOSTILE[0]['name_en']}"],
        ]
    )
    assert rows(visit_writable, "nodes-changed-table") == [
        [f"{XSS} {HOSTILE[0]['name_en']}", "คน", f"position: {was} → {position}"]
    ]
    assert page.locator("#nodes-changed-table a").get_by_text(XSS, exact=True).is_visible()
    assert page.get_by_role("heading", name="ถูกนำออก (0)").count() == 2
    view = page.get_by_role("link", name="ดูการเปลี่ยนแปลงนี้เป็นภาพเครือข่าย")
    assert view.get_attribute("href") == f"/views/diff?a={a.id}&b={b.id}"
    assert visit_writable.dialogs == []
    visit_writable.check()


def test_a_diff_page_names_a_personal_field_but_never_its_values() -> None:
    before = {"name": "ก", "phone": "0811111111", "consent_basis": "a", "position": "x" * 100}
    after = {"name": "ก", "phone": "0822222222", "consent_basis": "b", "position": "y"}
    assert fields(changed_fields(before, after)) == (
        Field("phone", personal=True),
        Field("position", "x" * 79 + "…", "y"),
    )
