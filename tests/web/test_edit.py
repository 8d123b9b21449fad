"""Editing the network in a real browser, signed in as a coordinator of Nan: a node's field seen
on its page after saving, a refused value said in Thai beside its field with what was typed
kept, a tie added and ended, a node created, a node deleted after a page listing its ties, the
contacts of a person in Nan on their page (and no one else's); signed in as an academic of the
North, a lesson of the North tied to a topic (and the tie not ended: an academic deletes
nothing); and
over plain HTTP, every editing form refused without its CSRF token, changing nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import httpx2
import pytest

from phakhee.graph.accounts import Role, accounts
from phakhee.graph.errors import NotFound
from phakhee.graph.model import TieKind
from phakhee.queries.targets import places_of, target_of
from phakhee.viz.web.links import node_href
from tests.browser import NEEDS_BROWSER
from tests.web.conftest import Site, Visit

pytestmark = NEEDS_BROWSER

NAME, PASSWORD = "somsri.nan", "ข้าวซอย-น่าน-2569"
EDITED = {390: "person:000132", 1400: "person:000133"}
"""The Nan person whose position each window edits."""
DELETED = {390: "person:000135", 1400: "person:000134"}
"""The Nan person each window deletes."""
TIED = "person:000136"
TEAM = "team:network-nan"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


ACADEMIC = "kanda.north"


@pytest.fixture(scope="module", autouse=True)
def coordinator(writable_site: Site) -> None:
    """The module's coordinator of Nan, and its academic of the North."""
    kept = accounts(writable_site.store)
    kept.add(NAME, Role.COORDINATOR, PASSWORD, provinces=["province:nan"])
    kept.add(ACADEMIC, Role.ACADEMIC, PASSWORD, regions=["region:north"])


def sign_in(visit: Visit, next_path: str, name: str = NAME) -> None:
    """Sign in as the coordinator (or ``name``) and go on to ``next_path``."""
    page = visit.page
    visit.open(f"/login?next={next_path}")
    page.get_by_label("ชื่อผู้ใช้").fill(name)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
    assert page.url == visit.origin + next_path


def submit(visit: Visit, name: str) -> Any:
    """Press the button ``name`` and wait for the page it leads to; that page's response."""
    with visit.page.expect_navigation() as sent:
        visit.page.get_by_role("button", name=name, exact=True).click()
    return sent.value


def expect_status(visit: Visit, status: int) -> None:
    """Chromium logs a page answered 4xx as a console error: the one error expected."""
    reasons = {403: "Forbidden", 422: "Unprocessable Entity"}
    assert visit.errors == [
        f"Failed to load resource: the server responded with a status of {status} "
        f"({reasons[status]})"
    ]
    visit.errors.clear()


def test_a_field_saved_on_the_form_shows_on_the_node_page(
    visit_writable: Visit, writable_site: Site
) -> None:
    visit, page = visit_writable, visit_writable.page
    person = EDITED[visit.viewport["width"]]
    slug = person.partition(":")[2]
    sign_in(visit, f"/people/{slug}")
    page.get_by_role("link", name="แก้ไข", exact=True).click()
    page.wait_for_url(f"{visit.origin}/people/{slug}/edit")
    position = f"เลขานุการเครือข่าย {visit.viewport['width']}"
    page.locator("#f-position").fill(position)
    visit.check()

    assert submit(visit, "บันทึก").status == 200
    assert page.url == f"{visit.origin}/people/{slug}"
    fact = page.locator("dl.facts div", has=page.locator("dt", has_text="ตำแหน่ง"))
    assert fact.locator("dd").inner_text() == position
    assert writable_site.store.get_node(person).props["position"] == position
    visit.check()


def test_a_refused_value_is_said_in_thai_beside_its_field_and_what_was_typed_is_kept(
    visit_writable: Visit, writable_site: Site
) -> None:
    visit, page = visit_writable, visit_writable.page
    before = writable_site.store.get_node(TEAM).props
    sign_in(visit, "/teams/network-nan/edit")
    page.locator("#f-theme").fill("งดเหล้าเข้าพรรษา")
    page.locator("#f-founded").fill("ปีที่แล้ว")
    assert submit(visit, "บันทึก").status == 422
    expect_status(visit, 422)
    assert page.locator("#f-founded-problem").inner_text() == (
        "พิมพ์วันที่ (2026-03-05) หรือปี ค.ศ. อย่างเดียว (2026)"
    )
    assert page.locator("#f-founded").get_attribute("aria-invalid") == "true"
    assert page.locator("#f-founded").input_value() == "ปีที่แล้ว"
    assert page.locator("#f-theme").input_value() == "งดเหล้าเข้าพรรษา"
    assert page.get_by_role("alert").first.inner_text() == (
        "ยังไม่ได้บันทึก กรุณาตรวจช่องที่มีข้อความเตือนด้านล่าง"
    )
    assert writable_site.store.get_node(TEAM).props == before
    visit.check()


def test_a_membership_is_added_by_name_and_ended(
    visit_writable: Visit, writable_site: Site
) -> None:
    visit, page = visit_writable, visit_writable.page
    store, key = writable_site.store, (TieKind.MEMBER_OF, TIED, TEAM)
    sign_in(visit, "/people/000136/ties")
    form = page.locator("form.add-tie", has=page.locator("input[name=tie][value=member_of]"))
    form.get_by_label("ทีม (ชื่อ)").fill("ประชาคมงดเหล้าจังหวัดน่าน")
    form.get_by_label("บทบาท").select_option("secretary")
    form.get_by_label("ตั้งแต่").fill("2024")
    visit.check()
    with page.expect_navigation():
        form.get_by_role("button", name="เพิ่ม").click()
    assert page.url == f"{visit.origin}/people/000136/ties"
    assert store.get_ties([key])[key].props == {"role": "secretary", "since": "2024"}
    listed = page.locator("section", has=page.get_by_role("heading", name="การเป็นสมาชิกทีม"))
    assert listed.locator("ul.edit-ties li .edit-tie-name").all_inner_texts() == [
        "ประชาคมงดเหล้าจังหวัดน่าน Nan Alcohol-Free Civic Network · เลขานุการ · ตั้งแต่ 2567"
    ]
    visit.check()

    with page.expect_navigation():
        listed.get_by_role("button", name="ยุติ: ประชาคมงดเหล้าจังหวัดน่าน", exact=True).click()
    assert store.get_ties([key]) == {}
    assert listed.locator("ul.edit-ties").count() == 0
    visit.check()


def test_a_new_person_is_created_in_the_coordinators_province(
    visit_writable: Visit, writable_site: Site
) -> None:
    visit, page = visit_writable, visit_writable.page
    name = f"มาลี ทดลองสร้าง {visit.viewport['width']}"
    sign_in(visit, "/new")
    page.get_by_role("link", name="คน", exact=True).click()
    page.wait_for_url(f"{visit.origin}/new/person")
    assert page.get_by_label("จังหวัด").input_value() == "province:nan"
    page.locator("#f-name").fill(name)
    page.locator("#f-position").fill("อาสาสมัคร")
    visit.check()

    assert submit(visit, "สร้าง").status == 200
    assert page.get_by_role("heading", level=1).inner_text() == name
    made = f"person:{name.replace(' ', '-')}"
    assert page.url == visit.origin + node_href(made)
    store = writable_site.store
    assert store.get_node(made).props == {"name": name, "position": "อาสาสมัคร"}
    assert [nb.node.id for nb in store.neighbours(made)] == ["province:nan"]
    visit.check()


def test_deleting_a_person_lists_their_ties_first_then_they_are_gone(
    visit_writable: Visit, writable_site: Site
) -> None:
    visit, page = visit_writable, visit_writable.page
    store = writable_site.store
    person = DELETED[visit.viewport["width"]]
    slug = person.partition(":")[2]
    others = sorted(str(nb.node.props["name"]) for nb in store.neighbours(person))
    sign_in(visit, f"/people/{slug}")
    page.get_by_role("link", name="ลบ", exact=True).click()
    page.wait_for_url(f"{visit.origin}/people/{slug}/delete")
    listed = page.locator("ul.delete-ties li a").all_inner_texts()
    assert sorted(listed) == others and len(listed) >= 8
    visit.check()

    name = str(store.get_node(person).props["name"])
    assert submit(visit, f"ลบ {name} และความเชื่อมโยงทั้งหมด").status == 200
    assert page.get_by_role("status").inner_text() == (
        f"ลบ {name} แล้ว พร้อมความเชื่อมโยงทั้งหมดที่มี ({len(others)} รายการ)"
    )
    with pytest.raises(NotFound):
        store.get_node(person)
    assert visit.open(f"/people/{slug}").status == 404
    expect_status_404(visit)


def test_an_academic_ties_a_lesson_of_the_north_to_a_topic_by_name(
    visit_writable: Visit, writable_site: Site
) -> None:
    visit, page = visit_writable, visit_writable.page
    store = writable_site.store
    lesson = next(
        n.id
        for n in store.iter_nodes()
        if n.id.startswith("lesson:") and target_of(store, n.id).regions == {"region:north"}
    )
    about = {nb.node.id for nb in store.neighbours(lesson, tie_kinds=[TieKind.ABOUT])}
    topic = next(n for n in store.iter_nodes() if n.id.startswith("topic:") and n.id not in about)
    slug = lesson.partition(":")[2]
    sign_in(visit, f"/lessons/{slug}", ACADEMIC)
    page.get_by_role("link", name="เพิ่มหรือยุติความเชื่อมโยง", exact=True).click()
    page.wait_for_url(f"{visit.origin}/lessons/{slug}/ties")
    form = page.locator("form.add-tie", has=page.locator("input[name=tie][value=about]"))
    form.get_by_label("ประเด็น (ชื่อ)").fill(str(topic.props["name"]))
    visit.check()
    with page.expect_navigation():
        form.get_by_role("button", name="เพิ่ม").click()
    assert page.url == f"{visit.origin}/lessons/{slug}/ties"
    key = (TieKind.ABOUT, lesson, topic.id)
    assert list(store.get_ties([key])) == [key]
    visit.check()

    assert submit(visit, f"ยุติ: {topic.props['name']}").status == 403  # academics delete nothing
    expect_status(visit, 403)
    assert page.locator("main p").first.inner_text() == (
        "นักวิชาการสร้างและแก้ไขได้เฉพาะบทเรียนและการประเมิน"
    )
    assert list(store.get_ties([key])) == [key]
    visit.check()


def _with_phone(store: Any, in_nan: bool) -> tuple[str, dict[str, Any]]:
    """A person with a phone and an email, in Nan or not (none whose fields this module edits or
    who is deleted: the person it ties may be)."""
    mine = {*EDITED.values(), *DELETED.values()}
    return next(
        (n.id, n.props)
        for n in store.iter_nodes()
        if n.id.startswith("person:")
        and n.id not in mine
        and all(n.props.get(f) for f in ("phone", "email"))
        and ("province:nan" in places_of(store, n.id)) == in_nan
    )


def test_a_coordinator_sees_the_contacts_of_a_person_in_nan_and_of_no_one_else(
    visit_writable: Visit, writable_site: Site
) -> None:
    visit, page = visit_writable, visit_writable.page
    (nan, theirs), (other, not_theirs) = (
        _with_phone(writable_site.store, b) for b in (True, False)
    )
    sign_in(visit, node_href(nan))
    facts = page.locator("dl.facts div")
    for label, field in (("โทรศัพท์", "phone"), ("อีเมล", "email")):
        fact = facts.filter(has=page.locator("dt", has_text=label))
        assert fact.locator("dd").inner_text() == theirs[field]
    visit.check()

    visit.open(node_href(other))
    html = page.content()
    assert [not_theirs[f] in html for f in ("phone", "email")] == [False, False]
    assert facts.filter(has=page.locator("dt", has_text="โทรศัพท์")).count() == 0
    visit.check()


def expect_status_404(visit: Visit) -> None:
    assert visit.errors == [
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    ]
    visit.errors.clear()
    visit.check()


@pytest.fixture
def client(writable_site: Site) -> Iterator[httpx2.Client]:
    """A plain HTTP client signed in as the coordinator."""
    with httpx2.Client(base_url=writable_site.origin, timeout=30) as c:
        token = CSRF.search(c.get("/login").text).group(1)
        form = {"username": NAME, "password": PASSWORD, "csrf": token, "next": "/"}
        assert c.post("/login", data=form).status_code == 303
        yield c


def test_every_editing_form_without_its_csrf_token_is_refused_and_changes_nothing(
    client: httpx2.Client, writable_site: Site
) -> None:
    store = writable_site.store
    token = CSRF.search(client.get("/people/000136/edit").text).group(1)
    version = store.version()
    forms = [
        ("/people/000136/edit", {"name": "ไม่ควรถูกบันทึก"}),
        ("/people/000136/ties", {"tie": "knows", "knows-other": "person:000133"}),
        (
            "/people/000136/ties/end",
            {"kind": "located_in", "source": TIED, "target": "province:nan"},
        ),
        ("/new/person", {"name": "ไม่ควรถูกสร้าง", "province": "province:nan"}),
        ("/people/000136/delete", {}),
    ]
    for path, fields in forms:
        for csrf in (None, "wrong", token + "x"):
            sent = fields if csrf is None else {**fields, "csrf": csrf}
            refused = client.post(path, data=sent)
            assert refused.status_code == 403, (path, csrf)
            assert "<h1>ไม่อนุญาต</h1>" in refused.text
    assert store.version() == version
    assert store.get_node(TIED).props["name"] == "ประสงค์ มั่นคง"


SEEN = re.compile(r'name="seen" value="([^"]+)"')


def test_a_form_filled_before_someone_elses_change_saves_nothing_until_sent_again(
    client: httpx2.Client, writable_site: Site
) -> None:
    store = writable_site.store
    form = client.get("/teams/network-nan/edit").text
    token, seen = CSRF.search(form).group(1), SEEN.search(form).group(1)
    team = store.get_node(TEAM)
    store.upsert_nodes([replace(team, props={**team.props, "theme": "ของอีกคน"})])
    mine = {
        "csrf": token,
        "seen": seen,
        "name": team.props["name"],
        "team_type": "provincial_network",
    }
    mine |= {"theme": "ของฉัน"}
    refused = client.post("/teams/network-nan/edit", data=mine)
    assert refused.status_code == 409
    assert "มีผู้อื่นแก้ไขข้อมูลนี้หลังจากเปิดแบบฟอร์ม จึงยังไม่ได้บันทึก" in refused.text
    assert 'value="ของฉัน"' in refused.text
    assert store.get_node(TEAM).props["theme"] == "ของอีกคน"

    again = {**mine, "seen": SEEN.search(refused.text).group(1)}
    assert client.post("/teams/network-nan/edit", data=again).status_code == 303
    assert store.get_node(TEAM).props["theme"] == "ของฉัน"
