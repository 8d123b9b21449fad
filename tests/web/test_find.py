"""Search as a coordinator uses it: typed on the home page (live results as one types), the
search page the form submits to, each hit's why in Thai, and the names offered to a typed field."""

from __future__ import annotations

import json
from urllib.parse import quote
from urllib.request import Request, urlopen

from phakhee.queries.ask.search import Hit, index_of, search
from phakhee.queries.cache import GraphVersion
from tests.browser import NEEDS_BROWSER
from tests.viz.network import XSS
from tests.web.conftest import XSS_ID, Site, Visit

pytestmark = NEEDS_BROWSER

LENT = "งดเหล้าเข้าพรรษา"
"""The Buddhist Lent campaign's Thai name, typed as Thai is written (no spaces)."""
KIND = {"topic": "ประเด็น", "skill": "ทักษะ", "team": "ทีม"}
"""The Thai label of each kind the suggestions here are of."""


def searched(site: Site, text: str, **options: object) -> list[Hit]:
    """What the search query finds for ``text`` on the site's network."""
    return search(index_of(GraphVersion(site.store.project())), text, **options)  # type: ignore[arg-type]


def test_typing_shows_live_results_and_enter_opens_the_search_page(
    visit: Visit, site: Site
) -> None:
    visit.open("/")
    page = visit.page
    box = page.get_by_role("searchbox", name="ค้นหาคน ทีม ภาคี พื้นที่ ประเด็น และบทเรียน")
    box.press_sequentially(LENT, delay=20)
    live = page.locator("#live-results ol.results > li")
    live.first.locator("a").wait_for()
    page.wait_for_function(
        "q => document.querySelector('#live-results .muted')?.textContent.includes(q)",
        arg=LENT,
    )
    assert live.first.locator("a").get_attribute("href") == "/topics/buddhist-lent"
    visit.check()

    with page.expect_navigation():
        box.press("Enter")
    assert page.url == f"{visit.origin}/find?q={quote(LENT)}"
    hits = searched(site, LENT, limit=20)
    assert hits[0].id == "topic:buddhist-lent"
    assert page.locator("#results > p").inner_text() == f"พบ {len(hits)} รายการสำหรับ “{LENT}”"
    first = page.locator("#results ol.results > li").first
    assert first.locator(".kind").inner_text() == "ประเด็น"
    assert first.locator("a").inner_text() == LENT
    assert first.locator(".en").inner_text() == "Buddhist Lent abstinence campaign"
    assert first.locator(".why").inner_text() == "เหตุที่พบ: ตรงกับชื่อทั้งหมด"
    assert page.locator("#results ol.results > li a").count() == len(hits)
    assert page.get_by_role("searchbox").input_value() == LENT
    visit.check()

    with page.expect_navigation():
        first.locator("a").click()
    assert page.url == f"{visit.origin}/topics/buddhist-lent"
    assert page.locator("h1").inner_text() == f"{LENT} Buddhist Lent abstinence campaign"
    visit.check()


def test_a_search_with_no_hits_says_what_to_try(visit: Visit) -> None:
    visit.open("/find?q=" + quote("ฐฑฒฌฎ"))
    notice = visit.page.locator("#results .notice")
    assert notice.inner_text() == ("ไม่พบสิ่งที่ตรงกับ “ฐฑฒฌฎ” ลองพิมพ์ให้สั้นลง สะกดแบบอื่น หรือพิมพ์ชื่อภาษาอังกฤษ")
    visit.check()


def test_a_hostile_name_is_listed_as_text(visit: Visit) -> None:
    visit.open("/find?q=onerror")
    link = visit.page.locator(f'#results a[href="/people/{XSS_ID.partition(":")[2]}"]')
    assert link.inner_text() == XSS
    assert visit.page.locator("#results img").count() == 0
    assert visit.dialogs == []
    visit.check()


def test_a_typed_field_is_offered_names_of_its_kinds(visit: Visit, site: Site) -> None:
    visit.open("/who-knows")
    field = visit.page.locator("#topic")
    field.press_sequentially("งดเหล้า", delay=20)
    hits = searched(site, "งดเหล้า", kinds=["topic", "skill"], limit=10)
    values = [h.name for h in hits]
    visit.page.wait_for_function(
        "want => JSON.stringify([...document.querySelectorAll('#topic-list option')]"
        ".map(o => o.value)) === want",
        arg=json.dumps(values, ensure_ascii=False, separators=(",", ":")),
    )
    labels = visit.page.locator("#topic-list option").evaluate_all("os => os.map(o => o.label)")
    assert labels == [f"{h.name_en} · {KIND[h.kind]}" for h in hits]
    visit.check()


def test_suggest_answers_the_best_names_of_the_kinds_asked(site: Site) -> None:
    def suggest(query: str, lang: str = "th") -> list[dict]:
        asked = Request(f"{site.origin}/suggest?{query}", headers={"Cookie": f"lang={lang}"})
        with urlopen(asked) as r:
            assert r.headers["Content-Type"] == "application/json"
            assert r.headers["Vary"] == "Cookie"
            return json.loads(r.read())

    assert suggest("q=" + quote("การโค้ช") + "&kinds=skill")[0] == {
        "id": "skill:coaching",
        "name": "การโค้ช",
        "name_en": "Coaching",
        "kind": "skill",
        "kind_label": "ทักษะ",
    }
    assert suggest("q=" + quote("การโค้ช") + "&kinds=skill", "en")[0]["kind_label"] == "skill"
    found = suggest("q=" + quote("ประชาคม") + "&kinds=topic,team")
    expected = searched(site, "ประชาคม", kinds=["topic", "team"], limit=10)
    assert found == [
        {
            "id": h.id,
            "name": h.name,
            "name_en": h.name_en,
            "kind": h.kind,
            "kind_label": KIND[h.kind],
        }
        for h in expected
    ]
    assert len(found) == 10
    assert suggest("q=" + quote("ประชาคม") + "&kinds=nothing") == []
    assert suggest("q=&kinds=topic") == []
    assert len(suggest("q=" + quote("น่าน"))) == 10
