"""A coordinator of Nan's day in a real browser: signs in at /login, edits a Nan person's
position, is refused (the reason on the page) on a Phrae person, adds a "knows" tie to a Phrae
person; then opens the log's page (``/changes``, from the menu), filters it by their name, sees
both changes there under their name with each field before and after, and presses the undo
button of the edit: the person's page shows the position exactly as it was. Once in each window,
on the module's one store: the second starts where the first's undo (of the edit, then of the
tie, both from the page) left it.
"""

from __future__ import annotations

import pytest

from phakhee.graph.accounts import Role, accounts
from phakhee.graph.model import TieKind
from tests.browser import NEEDS_BROWSER
from tests.web.conftest import Site, Visit

pytestmark = NEEDS_BROWSER

NAME, PASSWORD = "kanya.nan", "ลำไย-น่าน-ประชาคม-2569"
NAN_PERSON, PHRAE_PERSON, PHRAE_FRIEND = "person:000133", "person:000201", "person:000202"
POSITION = "ผู้ประสานงานเครือข่ายอำเภอเมืองน่าน"
REFUSED = "ผู้ประสานงานแก้ไขได้เฉพาะสิ่งที่อยู่ในจังหวัดที่ตนดูแล"


@pytest.fixture(scope="module")
def coordinator(writable_site: Site) -> None:
    """The coordinator of Nan's account."""
    accounts(writable_site.store).add(NAME, Role.COORDINATOR, PASSWORD, provinces=["province:nan"])


def rows(table) -> list[list[str]]:
    """A field table's rows, each cell's text."""
    return [r.locator("th, td").all_inner_texts() for r in table.locator("tr").all()]


def test_a_coordinator_of_nan_edits_is_refused_ties_across_and_undoes(
    visit_writable: Visit, writable_site: Site, coordinator: None
) -> None:
    visit, page, store = visit_writable, visit_writable.page, writable_site.store
    before = store.get_node(NAN_PERSON).props
    assert before["position"] == "coordinator"

    # sign in at /login
    visit.open("/login?next=/people/000133")
    page.get_by_label("ชื่อผู้ใช้").fill(NAME)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
    assert page.url == visit.origin + "/people/000133"
    assert page.locator("header .account").inner_text() == f"เข้าสู่ระบบในชื่อ {NAME}"
    visit.check()

    # edit a Nan person's position
    page.get_by_role("link", name="แก้ไข", exact=True).click()
    page.wait_for_url(visit.origin + "/people/000133/edit")
    assert page.locator("#f-position").input_value() == "coordinator"
    page.locator("#f-position").fill(POSITION)
    visit.check()
    with page.expect_navigation():
        page.get_by_role("button", name="บันทึก", exact=True).click()
    assert page.url == visit.origin + "/people/000133"
    fact = page.locator("dl.facts div", has=page.locator("dt", has_text="ตำแหน่ง"))
    assert fact.locator("dd").inner_text() == POSITION
    assert store.get_node(NAN_PERSON).props == {**before, "position": POSITION}

    # a Phrae person: no edit link, and the form's address refused with the reason
    visit.open("/people/000201")
    assert page.get_by_role("link", name="แก้ไข", exact=True).count() == 0
    phrae_before = store.get_node(PHRAE_PERSON).props
    assert visit.open("/people/000201/edit").status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "ไม่อนุญาต"
    assert page.get_by_role("alert").inner_text() == REFUSED
    assert visit.errors == [
        "Failed to load resource: the server responded with a status of 403 (Forbidden)"
    ]
    visit.errors.clear()
    visit.check()
    assert store.get_node(PHRAE_PERSON).props == phrae_before

    # a "knows" tie from the Nan person to a Phrae person, named as typed
    visit.open("/people/000133/ties")
    form = page.locator("form.add-tie", has=page.locator("input[name=tie][value=knows]"))
    form.get_by_label("บุคคล (ชื่อ)").fill("สมพงษ์ เจริญผล")
    form.get_by_label("รู้จักกันอย่างไร").fill("เวทีภาคเหนือ")
    with page.expect_navigation():
        form.get_by_role("button", name="เพิ่ม").click()
    assert page.url == visit.origin + "/people/000133/ties"
    key = (TieKind.KNOWS, NAN_PERSON, PHRAE_FRIEND)
    assert store.get_ties([key])[key].props == {"context": "เวทีภาคเหนือ"}
    visit.check()

    # the log's page, from the menu, filtered by their name: both changes, newest first
    edited, tied = store.audit_entries(user=NAME, limit=2)[::-1]
    with page.expect_navigation():
        page.locator("nav.site").get_by_role("link", name="บันทึกการเปลี่ยนแปลง").click()
    assert page.url == visit.origin + "/changes"
    page.get_by_label("บัญชีผู้ใช้ (ชื่อผู้ใช้)").fill(NAME)
    with page.expect_navigation():
        page.get_by_role("button", name="แสดงการเปลี่ยนแปลง").click()
    assert page.url == f"{visit.origin}/changes?node=&user={NAME}&since="
    shown = page.locator("section.change")
    assert shown.locator("h3").all_inner_texts()[:2] == [
        f"การเปลี่ยนแปลงที่ {tied.id}",
        f"การเปลี่ยนแปลงที่ {edited.id}",
    ]
    tie_shown, edit_shown = shown.nth(0), shown.nth(1)
    for change in (tie_shown, edit_shown):
        assert change.locator(".change-who").inner_text() == NAME
        assert change.locator(".change-via").inner_text() == "หน้าเว็บ"
    tie_table, edit_table = tie_shown.locator("table"), edit_shown.locator("table")
    nan, friend = (
        f"{p['name']} {p['name_en']}"
        for p in (store.get_node(n).props for n in (NAN_PERSON, PHRAE_FRIEND))
    )
    assert tie_table.locator("caption").inner_text() == f"{nan} · รู้จัก · {friend} — สร้าง"
    assert edit_table.locator("caption").inner_text() == f"{nan} — แก้ไข"
    assert rows(tie_table) == [
        ["ช่องข้อมูล", "ก่อนแก้ไข", "หลังแก้ไข"],
        ["รู้จักกันอย่างไร context", "—", "เวทีภาคเหนือ"],
    ]
    assert rows(edit_table) == [
        ["ช่องข้อมูล", "ก่อนแก้ไข", "หลังแก้ไข"],
        ["ตำแหน่ง position", "coordinator", POSITION],
    ]
    assert edit_table.locator("caption a").get_attribute("href") == "/people/000133"
    visit.check()

    # undo the edit from the page: the position is exactly as it was
    with page.expect_navigation():
        page.get_by_role("button", name=f"ย้อนการเปลี่ยนแปลงที่ {edited.id}", exact=True).click()
    assert page.url == f"{visit.origin}/changes?undone={edited.id}"
    assert page.get_by_role("status").inner_text() == f"ย้อนการเปลี่ยนแปลงที่ {edited.id} แล้ว"
    assert store.get_node(NAN_PERSON).props == before
    visit.check()
    visit.open("/people/000133")
    assert fact.locator("dd").inner_text() == "ผู้ประสานงาน"
    visit.check()

    # then the tie, for the next window
    visit.open("/changes")
    with page.expect_navigation():
        page.get_by_role("button", name=f"ย้อนการเปลี่ยนแปลงที่ {tied.id}", exact=True).click()
    assert store.get_ties([key]) == {}
    assert [(e.user, e.via, e.undoes) for e in store.audit_entries(user=NAME, limit=2)] == [
        (NAME, "web", (tied.id,)),
        (NAME, "web", (edited.id,)),
    ]
