"""The home page, the language switch and the error page, in a real browser."""

from __future__ import annotations

from collections import Counter

from phakhee.queries.cache import GraphVersion
from phakhee.viz.web import catalogue
from phakhee.viz.web.links import node_href
from tests.browser import NEEDS_BROWSER
from tests.web.conftest import Site, Visit

THAI_KINDS = {
    "person": "คน",
    "team": "ทีม",
    "province": "จังหวัด",
    "region": "ภาค",
    "district": "อำเภอ",
    "subdistrict": "ตำบล",
    "partner": "ภาคี",
    "topic": "ประเด็น",
    "lesson": "บทเรียน",
    "event": "กิจกรรม",
    "skill": "ทักษะ",
    "assessment": "การประเมิน",
}

pytestmark = NEEDS_BROWSER


def test_the_home_page_is_in_thai_and_searches(visit: Visit) -> None:
    response = visit.open("/")
    assert response.status == 200
    page = visit.page
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.title() == "หน้าแรก · ภาคี"
    box = page.get_by_role("searchbox", name="ค้นหาคน ทีม ภาคี พื้นที่ ประเด็น และบทเรียน")
    assert box.get_attribute("type") == "search"
    regions = page.locator("main section h3 a")
    assert regions.count() == 6
    assert (
        page.get_by_role("link", name="น่าน", exact=True).get_attribute("href") == "/provinces/nan"
    )
    visit.check()


def test_the_home_page_counts_the_network_and_lists_the_latest_events(
    visit: Visit, site: Site
) -> None:
    g = GraphVersion(site.store.project()).graph
    kinds = Counter(d["kind"] for _, d in g.nodes(data=True))
    visit.open("/")
    cards = [" ".join(t.split()) for t in visit.page.locator("ul.cards li").all_inner_texts()]
    expected = [f"{kinds[k]:,} {THAI_KINDS[k]}" for k in THAI_KINDS if kinds[k]]
    assert cards == [*expected, f"{g.number_of_edges():,} ความสัมพันธ์"]
    events = sorted(
        ((d["date"], n) for n, d in g.nodes(data=True) if d["kind"] == "event"), reverse=True
    )[:8]
    links = visit.page.locator("section.recent li > a:first-of-type")
    assert [a.get_attribute("href") for a in links.all()] == [node_href(n) for _, n in events]
    first = visit.page.locator("section.recent li").first.inner_text()
    assert first.startswith(catalogue.date(events[0][0], "th"))
    visit.check()


def test_the_language_switch_keeps_the_page_and_is_remembered(visit: Visit) -> None:
    visit.open("/")
    visit.page.get_by_role("link", name="English").click()
    visit.page.wait_for_url(visit.origin + "/")
    assert visit.page.locator("html").get_attribute("lang") == "en"
    assert visit.page.get_by_role("heading", name="Provinces by region").is_visible()
    visit.open("/")
    assert visit.page.title() == "Home · phakhee"
    visit.page.get_by_role("link", name="ภาษาไทย").click()
    visit.page.wait_for_url(visit.origin + "/")
    assert visit.page.title() == "หน้าแรก · ภาคี"
    visit.check()


def test_an_unknown_address_is_a_thai_page(visit: Visit) -> None:
    response = visit.open("/no/such/page")
    assert response.status == 404
    assert visit.page.get_by_role("heading", name="ไม่พบ").is_visible()
    assert visit.page.get_by_text("ไม่มีหน้าที่อยู่นี้").is_visible()
