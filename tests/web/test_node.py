"""Every node's page as a coordinator reads it: found by search, its ties grouped under Thai
headings, a person's topics with the evidence said in Thai, and never a contact detail."""

from __future__ import annotations

from urllib.error import HTTPError
from urllib.parse import quote
from urllib.request import urlopen

import pytest

from phakhee.queries.cache import GraphVersion
from phakhee.queries.pages.node import GROUP, node_page
from phakhee.viz.web.links import node_href
from tests.browser import NEEDS_BROWSER
from tests.viz.network import XSS
from tests.web.conftest import ADDRESS, XSS_ID, Site, Visit

pytestmark = NEEDS_BROWSER

PERSON = "person:000001"
"""A chair of a provincial network who wrote a lesson; the fixture gives them an address."""
AS_ROLE = {"chair": " ในฐานะประธานทีม", "coordinator": " ในฐานะผู้ประสานงานทีม", "member": ""}
"""How the evidence of a membership ends, by the member's role."""
HEADINGS = [
    ("member_of", "เป็นสมาชิกของ"),
    ("works_on", "ทำงานประเด็น"),
    ("authored", "เขียนบทเรียน"),
    ("attended", "เข้าร่วมกิจกรรม"),
    ("liaises_with", "ประสานงานกับภาคี"),
    ("knows", "รู้จัก"),
    ("has_skill", "ทักษะ"),
    ("located_in", "อยู่ในตำบล"),
]
"""A person's groups of ties, in the page's order, by their Thai headings."""


@pytest.fixture(scope="module")
def gv(site: Site) -> GraphVersion:
    return GraphVersion(site.store.project())


def out(g, node: str, tie: str) -> list[tuple[str, dict]]:
    return [(t, d) for _, t, k, d in g.out_edges(node, keys=True, data=True) if k == tie]


def test_a_person_found_by_search_shows_ties_and_evidence(visit: Visit, gv: GraphVersion) -> None:
    g = gv.graph
    name = g.nodes[PERSON]["name"]
    visit.open("/")
    box = visit.page.get_by_role("searchbox")
    box.fill(name)
    with visit.page.expect_navigation():
        box.press("Enter")
    with visit.page.expect_navigation():
        visit.page.locator("#results").get_by_role("link", name=name, exact=True).click()
    page = visit.page
    assert page.url == visit.origin + node_href(PERSON)
    assert page.locator("h1").inner_text() == f"{name} {g.nodes[PERSON]['name_en']}"

    knows = {t for t, _ in out(g, PERSON, "knows")}
    knows |= {s for s, _, k in g.in_edges(PERSON, keys=True) if k == "knows"}
    counts = {tie: len(out(g, PERSON, tie)) for tie, _ in HEADINGS} | {"knows": len(knows)}
    expected = [f"{thai} ({counts[tie]})" for tie, thai in HEADINGS if counts[tie]]
    headings = page.locator("main section[aria-labelledby^=ties] h2").all_inner_texts()
    assert headings == expected
    (team, membership), *_ = out(g, PERSON, "member_of")
    members = page.locator("section", has=page.get_by_role("heading", name="เป็นสมาชิกของ"))
    assert members.locator("a").first.get_attribute("href") == node_href(team)

    (lesson, _), *_ = out(g, PERSON, "authored")
    lesson_name, date = g.nodes[lesson]["name"], g.nodes[lesson]["date"]
    wrote = f"เขียนบทเรียน “{lesson_name}” ({int(date[:4]) + 543})"
    chair = f"ทำงานประเด็นนี้กับ {g.nodes[team]['name']}{AS_ROLE[membership['role']]}"
    said = page.locator("section[aria-labelledby=known] li").all_inner_texts()
    assert wrote in said
    assert chair in said
    topics = {t for t, _ in out(g, PERSON, "works_on")}
    for tie, via in (("authored", "about"), ("attended", "about"), ("member_of", "works_on")):
        topics |= {t for n, _ in out(g, PERSON, tie) for t, _ in out(g, n, via)}
    shown = page.locator("section[aria-labelledby=known] h3 a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert sorted(shown) == sorted(node_href(t) for t in topics)
    ego = page.get_by_role("link", name="ดูผู้ที่เชื่อมโยงใกล้ชิดในภาพเครือข่าย")
    assert ego.get_attribute("href") == "/views/ego/" + quote(PERSON, safe="")
    visit.check()


def test_a_persons_page_never_shows_contacts(visit: Visit, gv: GraphVersion) -> None:
    attrs = gv.graph.nodes[PERSON]
    assert attrs["address"] == ADDRESS
    visit.open(node_href(PERSON))
    html = visit.page.content()
    for field in ("phone", "email", "line_id", "address", "consent_purpose", "consent_source"):
        assert attrs[field] not in html, field
    visit.check()


def test_a_hostile_persons_page_shows_its_name_as_text(visit: Visit) -> None:
    visit.open(node_href(XSS_ID))
    assert visit.page.locator("h1").inner_text().startswith(XSS)
    assert visit.page.locator("dl.facts dd").first.inner_text() == "\"'><svg onload=alert(4)>"
    assert visit.page.locator("main img, main svg").count() == 0
    assert visit.dialogs == []
    visit.check()


def test_a_skill_page_lists_its_people_and_how_many_more(visit: Visit, gv: GraphVersion) -> None:
    people = [s for s, _, k in gv.graph.in_edges("skill:coaching", keys=True) if k == "has_skill"]
    assert len(people) > GROUP
    visit.open("/skills/coaching")
    section = visit.page.locator("section", has=visit.page.get_by_role("heading", name="คนที่มีทักษะนี้"))
    assert section.locator("h2").inner_text() == f"คนที่มีทักษะนี้ ({len(people)})"
    assert section.locator("li a").count() == GROUP
    assert section.locator("li").last.inner_text() == f"และอีก {len(people) - GROUP} รายการ"
    visit.check()


def test_a_node_that_is_not_there_is_the_not_found_page(site: Site, gv: GraphVersion) -> None:
    for path in ("/people/nobody", "/topics/" + quote("<x>", safe=""), "/lessons/000001x"):
        with pytest.raises(HTTPError) as e:
            urlopen(site.origin + path)
        assert e.value.code == 404
        assert "ไม่พบ" in e.value.read().decode()
    with urlopen(site.origin + "/events/" + quote(next(iter(_events(gv))), safe="")) as r:
        assert r.status == 200


def _events(gv: GraphVersion) -> list[str]:
    return [n.partition(":")[2] for n, k in gv.graph.nodes(data="kind") if k == "event"]


def test_every_kind_has_its_page(gv: GraphVersion) -> None:
    for kind in ("person", "team", "partner", "topic", "lesson", "event", "skill", "assessment"):
        node = next(n for n, k in gv.graph.nodes(data="kind") if k == kind)
        assert node_page(gv, node).node.id == node
