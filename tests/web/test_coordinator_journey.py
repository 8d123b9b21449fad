"""A coordinator of Nan's day in a real browser: signs in at /login, edits a Nan person's
position, is refused (the reason on the page) on a Phrae person, adds a "knows" tie to a Phrae
person; the audit log holds both changes under their name, and undoing the edit restores the
position exactly. Once in each window, on the module's one store: the second starts where the
first's undo left it.

The log is read through ``GET /changes`` in the signed-in browser, and the undo is made through
``POST /changes/{id}/undo`` with the coordinator's personal token: the web page of the log
(``/changes``, with its undo button) is not built yet, and these two steps move to it when it is.
"""

from __future__ import annotations

import httpx2
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
def token(writable_site: Site) -> str:
    """The coordinator of Nan's account, and their personal API token."""
    kept = accounts(writable_site.store)
    kept.add(NAME, Role.COORDINATOR, PASSWORD, provinces=["province:nan"])
    return kept.new_token(NAME)


def test_a_coordinator_of_nan_edits_is_refused_ties_across_and_undoes(
    visit_writable: Visit, writable_site: Site, token: str
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

    # the log holds both changes under the coordinator's name, newest first
    logged = page.request.get(f"{visit.origin}/changes?user={NAME}&limit=2")
    assert logged.status == 200
    tied, edited = logged.json()["items"]
    assert (tied["user"], tied["via"], edited["user"], edited["via"]) == (NAME, "web", NAME, "web")
    assert tied["items"] == [
        {
            "node": None,
            "tie": ["knows", NAN_PERSON, PHRAE_FRIEND],
            "op": "created",
            "fields": [
                {"field": "context", "before": None, "after": "เวทีภาคเหนือ", "withheld": False}
            ],
            "erased": False,
        }
    ]
    assert edited["items"] == [
        {
            "node": NAN_PERSON,
            "tie": None,
            "op": "updated",
            "fields": [
                {"field": "position", "before": "coordinator", "after": POSITION, "withheld": False}
            ],
            "erased": False,
        }
    ]

    # undo the edit: the position is exactly as it was; then the tie, for the next window
    for change in (edited, tied):
        undone = httpx2.post(
            f"{visit.origin}/changes/{change['id']}/undo",
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        assert undone.status_code == 200, undone.text
    assert store.get_node(NAN_PERSON).props == before
    assert store.get_ties([key]) == {}
    visit.open("/people/000133")
    assert fact.locator("dd").inner_text() == "ผู้ประสานงาน"
    visit.check()
