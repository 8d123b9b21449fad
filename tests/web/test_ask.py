"""Who knows what and who can introduce me, as a coordinator asks them: in Thai, typed into the
forms, answered as the queries answer, ambiguous or misspelt names offered back as links."""

from __future__ import annotations

from urllib.parse import quote
from urllib.request import urlopen

import pytest

from phakhee.graph.reference import region_id
from phakhee.queries.ask.experts import experts
from phakhee.queries.ask.introductions import introductions
from phakhee.queries.cache import GraphVersion
from phakhee.queries.collaboration import collaboration_graph
from phakhee.viz.web.links import node_href
from tests.browser import NEEDS_BROWSER
from tests.viz.network import XSS
from tests.web.conftest import XSS_ID, XSS_TEAM, Site, Visit

pytestmark = NEEDS_BROWSER

YOUTH, NORTHEAST = "topic:youth", region_id("northeast")
TOPIC, PLACE = "ประเด็นหรือทักษะ", "จังหวัด ภาค หรือโซน (ไม่ระบุก็ได้)"
"""The labels of the "who knows" form's fields."""
START, GOAL = "person:000001", "person:000013"
"""Two people of the fixture joined by chains of three steps."""
REASONS = {
    "event": "เข้าร่วม %s ด้วยกัน",
    "team": "ทำงานในทีมเดียวกัน %s",
    "co-authored": "เขียนบทเรียน “%s” ด้วยกัน",
    "partnership": "ประสานงานภาคีเดียวกัน %s",
    "knows": "รู้จักกัน (%s)",
}
"""The Thai of each reason the introductions query gives (``what: name``)."""


@pytest.fixture(scope="module")
def gv(site: Site) -> GraphVersion:
    """The site's network, as the queries read it."""
    return GraphVersion(site.store.project())


def ask(visit: Visit, path: str, fields: dict[str, str], button: str) -> None:
    """Open the form at ``path``, type ``fields`` (label: text) and submit it."""
    visit.open(path)
    for label, text in fields.items():
        visit.page.get_by_label(label).fill(text)
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name=button, exact=True).click()


def who_knows(visit: Visit, topic: str, place: str = "") -> None:
    """Ask who knows ``topic`` in ``place``, typed into the form."""
    ask(visit, "/who-knows", {TOPIC: topic, PLACE: place}, "ถาม")


def names(visit: Visit) -> list[str]:
    return visit.page.locator("ol.experts > li > a.name").all_inner_texts()


def thai(reason: str) -> str:
    """The query's reason of a step, as the page says it in Thai."""
    if reason.startswith("รู้จักกัน"):
        return "รู้จักกัน"
    what, _, name = reason.partition(": ")
    return REASONS[what] % name


def test_who_knows_youth_in_isan_ranks_as_the_query(visit: Visit, gv: GraphVersion) -> None:
    who_knows(visit, "เยาวชน", "อีสาน")
    page = visit.page
    expected = experts(gv.graph, YOUTH, region=NORTHEAST, limit=20)
    assert len(expected) >= 5
    assert names(visit) == [e.name for e in expected]
    assert page.get_by_role("heading", name="ผู้รู้เรื่องเยาวชน ในภาคตะวันออกเฉียงเหนือ").is_visible()
    first = page.locator("ol.experts > li").first
    assert first.locator("a.name").get_attribute("href") == node_href(expected[0].id)
    thongchai = page.locator("ol.experts > li", has_text="ธงชัย แสนสุข")
    assert thongchai.locator("ul.evidence li").all_inner_texts() == [
        "เขียนบทเรียน “สมุดปกขาว เยาวชน จังหวัดนครพนม” (2569)"
    ]
    sisuda = page.locator("ol.experts > li", has_text="ศรีสุดา คำภา")
    assert sisuda.locator("ul.evidence li").first.inner_text() == (
        "ทำงานประเด็นนี้กับ ประชาคมงดเหล้าจังหวัดหนองคาย ในฐานะประธานทีม"
    )
    assert page.get_by_label(TOPIC).input_value() == "เยาวชน"
    visit.check()


def test_a_misspelt_topic_offers_the_right_one(visit: Visit, gv: GraphVersion) -> None:
    who_knows(visit, "เยาวชต", "อีสาน")
    page = visit.page
    assert page.get_by_text("ไม่พบชื่อ “เยาวชต” หมายถึงชื่อเหล่านี้หรือไม่:").is_visible()
    assert page.get_by_label(TOPIC).input_value() == "เยาวชต"
    suggestion = page.locator("#topic-problem").get_by_role("link", name="เยาวชน")
    assert (
        suggestion.get_attribute("href")
        == "/who-knows?topic=topic%3Ayouth&place=region%3Anortheast"
    )
    visit.check()
    with page.expect_navigation():
        suggestion.click()
    expected = experts(gv.graph, YOUTH, region=NORTHEAST, limit=20)
    assert names(visit) == [e.name for e in expected]
    assert page.get_by_label(TOPIC).input_value() == "เยาวชน"
    assert page.get_by_label(PLACE).input_value() == "ภาคตะวันออกเฉียงเหนือ"
    visit.check()


def test_a_name_of_a_topic_and_a_skill_asks_which(visit: Visit) -> None:
    who_knows(visit, "การโค้ช", "น่าน")
    coach = visit.page.locator("ol.experts > li")
    assert coach.count() == 1
    assert coach.locator("ul.evidence li").first.inner_text().startswith("มีทักษะการโค้ช ระดับ")
    who_knows(visit, "การสื่อสาร")
    problem = visit.page.locator("#topic-problem")
    assert problem.get_by_text("“การสื่อสาร” ตรงกับหลายรายการ โปรดเลือก:").is_visible()
    links = problem.get_by_role("link")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        "/who-knows?topic=skill%3Acommunication&place=",
        "/who-knows?topic=topic%3Acommunication&place=",
    ]
    visit.check()
    with visit.page.expect_navigation():
        links.first.click()
    assert visit.page.get_by_role("heading", name="ผู้รู้เรื่องการสื่อสาร").is_visible()
    assert visit.page.locator("ol.experts > li").count() == 20
    visit.check()


def test_an_introduction_gives_the_first_chain_step_by_step(visit: Visit, gv: GraphVersion) -> None:
    g = gv.graph
    start, goal = g.nodes[START]["name"], g.nodes[GOAL]["name"]
    ask(visit, "/introduce", {"จาก (คน)": start, "ถึง (คน ภาคี หรือทีม)": goal}, "หาทางแนะนำ")
    chains = introductions(g, collaboration_graph(g), START, GOAL)
    first = chains[0]
    expected = [
        f"{g.nodes[h.source]['name']} → {h.target_name}: " + "; ".join(thai(r) for r in h.reasons)
        for h in first.hops
    ]
    page = visit.page
    assert page.get_by_role("heading", name=f"จาก {start} ถึง {goal}").is_visible()
    assert page.locator("section.chain").count() == len(chains)
    steps = page.locator("section.chain").first.locator("ol.steps > li")
    assert steps.all_inner_texts() == expected
    assert steps.first.get_by_role("link", name=start).get_attribute("href") == node_href(START)
    assert steps.last.get_by_role("link", name=goal).get_attribute("href") == node_href(GOAL)
    visit.check()


def test_an_ambiguous_name_is_chosen_and_the_hostile_targets_stay_text(
    visit: Visit, gv: GraphVersion
) -> None:
    ask(
        visit,
        "/introduce",
        {"จาก (คน)": "นพดล ไชยวงศ์", "ถึง (คน ภาคี หรือทีม)": XSS},
        "หาทางแนะนำ",
    )
    page = visit.page
    problem = page.locator("#from-problem")
    assert problem.get_by_text("“นพดล ไชยวงศ์” ตรงกับหลายรายการ โปรดเลือก:").is_visible()
    choices = problem.get_by_role("link", name="นพดล ไชยวงศ์")
    assert choices.count() == 2
    href = choices.first.get_attribute("href")
    assert href.startswith("/introduce?from=person%3A") and href.endswith("&to=person%3Axss")
    assert page.get_by_label("ถึง (คน ภาคี หรือทีม)").input_value() == XSS
    visit.check()
    with page.expect_navigation():
        choices.first.click()
    notice = page.locator("main p.notice")
    assert "ยังไม่มีสายคนรู้จักที่พาจาก นพดล ไชยวงศ์ ไปถึง " + XSS in notice.inner_text()
    assert notice.get_by_role("link", name=XSS).get_attribute("href") == node_href(XSS_ID)
    assert visit.dialogs == []
    visit.check()
    team = gv.graph.nodes[XSS_TEAM]["name"]
    ask(visit, "/introduce", {"จาก (คน)": "person:000001", "ถึง (คน ภาคี หรือทีม)": team}, "หาทางแนะนำ")
    link = page.locator("main p.notice").get_by_role("link", name=team)
    assert link.get_attribute("href") == node_href(XSS_TEAM)
    assert visit.dialogs == []
    visit.check()


def test_from_and_to_the_same_person_is_said_in_thai(site: Site, gv: GraphVersion) -> None:
    name = gv.graph.nodes[START]["name"]
    with urlopen(f"{site.origin}/introduce?from={START}&to={quote(name)}") as response:
        html = response.read().decode()
    assert f'ต้นทางและปลายทางเป็นคนเดียวกัน คือ <a href="{node_href(START)}">{name}</a>' in html


def test_no_one_found_is_said_in_thai(site: Site) -> None:
    with urlopen(f"{site.origin}/who-knows?topic={quote('การโค้ช')}&place={quote('กรุงเทพ')}") as r:
        html = r.read().decode()
    assert "ในข้อมูลของเครือข่ายยังไม่พบผู้ที่รู้เรื่องนี้ในพื้นที่นี้" in html
