"""A coordinator's first journey, end to end in Thai, as one path of clicks: search
งดเหล้าเข้าพรรษา (typed without spaces) → the results → the topic → a person working on it →
their ties and the evidence of what they know."""

from __future__ import annotations

import pytest

from phakhee.queries.ask.experts import Evidence
from phakhee.queries.cache import GraphVersion
from phakhee.queries.pages.node import known
from phakhee.viz.web.links import node_href
from tests.browser import NEEDS_BROWSER
from tests.web.conftest import Site, Visit

pytestmark = NEEDS_BROWSER

TOPIC = "topic:buddhist-lent"
AS_ROLE = {"chair": " ในฐานะประธานทีม", "coordinator": " ในฐานะผู้ประสานงานทีม", "member": ""}
"""How the evidence of a membership ends, by the member's role."""


@pytest.fixture(scope="module")
def gv(site: Site) -> GraphVersion:
    return GraphVersion(site.store.project())


def sentence(evidence: Evidence) -> str:
    """What the page says for one item of evidence, in the words of the network's own Thai."""
    name = evidence.name
    if evidence.kind == "lesson":
        return f"เขียนบทเรียน “{name}” ({int(evidence.when[:4]) + 543})"
    if evidence.kind == "event":
        return f"เข้าร่วม “{name}” ({int(evidence.when[:4]) + 543})"
    if evidence.kind == "member":
        return f"ทำงานประเด็นนี้กับ {name}{AS_ROLE[evidence.role]}"
    return "ทำงานประเด็นนี้โดยตรง"


def test_search_to_a_person_and_what_they_know(visit: Visit, gv: GraphVersion) -> None:
    g = gv.graph
    page = visit.page
    visit.open("/")
    box = page.get_by_role("searchbox")
    box.fill("งดเหล้าเข้าพรรษา")
    with page.expect_navigation():
        box.press("Enter")
    assert page.url.startswith(visit.origin + "/find?q=")
    first = page.locator("#results li a").first
    assert (first.inner_text(), first.get_attribute("href")) == (
        g.nodes[TOPIC]["name"],
        node_href(TOPIC),
    )
    visit.check()

    with page.expect_navigation():
        first.click()
    assert page.locator("h1").inner_text().startswith("งดเหล้าเข้าพรรษา")
    working = page.locator("section", has=page.get_by_role("heading", name="คนที่ทำงานประเด็นนี้"))
    person_link = working.locator("li a").first
    href = person_link.get_attribute("href")
    people = {node_href(s): s for s, _, k in g.in_edges(TOPIC, keys=True) if k == "works_on"}
    assert href in people
    person = people[href]
    visit.check()

    with page.expect_navigation():
        person_link.click()
    assert page.url == visit.origin + href
    assert page.locator("h1").inner_text().startswith(g.nodes[person]["name"])
    topics = page.locator("section", has=page.get_by_role("heading", name="ประเด็นที่มีความรู้"))
    expected = {k.topic.name: [sentence(e) for e in k.evidence] for k in known(gv, person)}
    assert g.nodes[TOPIC]["name"] in expected
    shown = {}
    for h3 in topics.locator("h3").all():
        title = h3.locator("a").inner_text()
        items = h3.locator("xpath=following-sibling::ul[1]/li[not(@class='muted')]")
        shown[title] = [" ".join(li.inner_text().split()) for li in items.all()]
    assert shown == expected
    works_on = page.locator("section", has=page.get_by_role("heading", name="ทำงานประเด็น"))
    assert g.nodes[TOPIC]["name"] in works_on.locator("li a").all_inner_texts()
    visit.check()
