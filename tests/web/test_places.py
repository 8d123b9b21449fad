"""The dashboards of a province, a region, a zone and the country, in a real browser; and,
through the app, the weaver measures beside a snapshot's and the server time of every
province's page."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.graph.geography import provinces_in
from phakhee.graph.sqlite_backup import backup
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.graph.thailand import ZONES
from phakhee.queries.analytics import brokers as b
from phakhee.queries.analytics import scorecard as sc
from phakhee.queries.analytics.coverage import coverage_of
from phakhee.queries.cache import GraphVersion
from phakhee.queries.pages import place as pl
from phakhee.queries.records.snapshots import create_snapshot
from tests.browser import NEEDS_BROWSER
from tests.viz.network import HOSTILE
from tests.web.conftest import XSS_TEAM, Site, Visit

STATUS_TH = {"met": "ผ่าน", "partly": "ผ่านบางส่วน", "not met": "ยังไม่ผ่าน"}
SECTOR_TH = {
    "government": "ยังไม่มีภาคีภาครัฐ",
    "private": "ยังไม่มีภาคีภาคเอกชน",
    "civil_society": "ยังไม่มีภาคีภาคประชาสังคม",
    "target_group": "ยังไม่มีภาคีกลุ่มเป้าหมาย",
}
XSS_TEAM_NAME = HOSTILE[1]["name"]
pytestmark = NEEDS_BROWSER


@pytest.fixture(scope="module")
def gv(site: Site) -> GraphVersion:
    return GraphVersion(site.store.project())


def test_nan_opens_from_the_home_page_with_its_scorecard_gaps_brokers_and_stage(
    visit: Visit, gv: GraphVersion
) -> None:
    visit.open("/")
    visit.page.get_by_role("link", name="น่าน", exact=True).click()
    visit.page.wait_for_url(visit.origin + "/provinces/nan")
    page = visit.page
    assert page.get_by_role("heading", level=1).inner_text().startswith("จังหวัดน่าน")
    card = sc.scorecard(gv, "province:nan")
    rows = page.locator("table.scorecard tbody tr")
    assert [rows.nth(i).get_attribute("data-indicator") for i in range(rows.count())] == [
        i.code for i in card.indicators
    ]
    assert [rows.nth(i).locator("td .badge").inner_text() for i in range(rows.count())] == [
        STATUS_TH[i.status] for i in card.indicators
    ]
    board = pl.dashboard(gv, "province:nan")
    actions = page.locator("ul.actions li").all_inner_texts()
    assert [a.split(" ")[0] for a in actions[: len(board.sector_gaps)]] == [
        SECTOR_TH[g.sector] for g in board.sector_gaps
    ]
    found = b.brokers(gv, limit=None, province="province:nan")
    if found:
        first = page.locator("ul.brokers li").first.inner_text()
        assert first == f"ถ้า {found[0].name} ออกไป คน {found[0].cut_off} คนจะขาดการติดต่อกับเครือข่าย"
    else:
        assert page.locator(".brokers-none").inner_text().startswith("ที่นี่ไม่มีตัวเชื่อม")
    stage = {
        "scattered": "กลุ่มกระจัดกระจาย",
        "hub": "ศูนย์กลางเดียวกับซี่ล้อ",
        "multi_hub": "หลายศูนย์กลาง",
        "core_periphery": "แกนกลางและรอบนอก",
    }
    assert page.locator(".stage-name").inner_text() == stage[board.weave.stage]
    assert page.get_by_text("ยังไม่มีภาพบันทึกเครือข่าย").is_visible()
    team = page.locator("ul.teams a", has_text=XSS_TEAM_NAME)
    assert team.inner_text() == XSS_TEAM_NAME and team.is_visible()
    assert team.get_attribute("href") == "/teams/" + __import__("urllib.parse").parse.quote(
        XSS_TEAM.partition(":")[2], safe=""
    )
    assert visit.dialogs == []
    visit.check()


def test_the_region_and_the_country_open_and_link_every_province(
    visit: Visit, gv: GraphVersion
) -> None:
    assert visit.open("/regions/north").status == 200
    page = visit.page
    assert page.get_by_role("heading", level=1).inner_text().startswith("ภาคเหนือ")
    north = pl.dashboard(gv, "region:north")
    assert page.locator("ul.place-provinces a").count() == len(north.provinces)
    if north.brokers:
        x = north.brokers[0]
        assert page.locator("ul.brokers li").first.inner_text() == (
            f"ถ้า {x.name} ออกไป คน {x.cut_off} คนจะขาดการติดต่อกับเครือข่าย"
        )
    visit.check()
    visit.open("/")
    visit.page.get_by_role("link", name="แดชบอร์ด").click()
    visit.page.wait_for_url(visit.origin + "/country")
    links = visit.page.locator("#places ~ .columns a, section[aria-labelledby=places] a")
    hrefs = set(links.evaluate_all("xs => xs.map(x => x.getAttribute('href'))"))
    assert {h for h in hrefs if h.startswith("/regions/")} == {
        r.region.id.replace("region:", "/regions/")
        for r in north.regions or pl.dashboard(gv, pl.COUNTRY).regions
    }
    assert len({h for h in hrefs if h.startswith("/provinces/")}) == 77
    zones = visit.page.locator("ul.place-zones a")
    assert zones.evaluate_all("xs => xs.map(x => x.getAttribute('href'))") == [
        f"/zones/{z.slug}" for z in ZONES
    ]
    assert zones.all_inner_texts()[3] == "โซนอีสานบน"
    visit.check()


UPPER_NORTHEAST = [
    "กาฬสินธุ์",
    "ขอนแก่น",
    "นครพนม",
    "บึงกาฬ",
    "มหาสารคาม",
    "ร้อยเอ็ด",
    "สกลนคร",
    "หนองคาย",
    "หนองบัวลำภู",
    "อุดรธานี",
    "เลย",
]
"""The eleven provinces of the zone อีสานบน, as its dashboard lists them (by Thai name)."""


def test_the_zone_opens_by_its_thai_name_with_its_provinces_and_coverage(
    visit: Visit, gv: GraphVersion
) -> None:
    visit.open("/zones/อีสานบน")
    page = visit.page
    assert page.url == visit.origin + "/zones/northeast-upper"
    assert page.get_by_role("heading", level=1).inner_text() == "โซนอีสานบน Upper Northeast"
    listed = page.locator("ul.place-provinces > li")
    assert listed.locator("a").all_inner_texts() == UPPER_NORTHEAST
    reach = coverage_of(gv)
    assert [
        listed.nth(i).locator("[data-coverage]").get_attribute("data-coverage")
        for i in range(listed.count())
    ] == [
        f"{reach[p].with_work}/{reach[p].districts}"
        for p in sorted(
            provinces_in("zone:northeast-upper"), key=lambda p: gv.graph.nodes[p]["name"]
        )
    ]
    zone = reach["zone:northeast-upper"]
    assert zone.districts == 164 and 0 < zone.with_work < 164
    share = round(zone.with_work * 100 / 164)
    assert page.locator("p.coverage").get_attribute("data-coverage") == f"{zone.with_work}/164"
    assert (
        page.locator("p.coverage")
        .inner_text()
        .endswith(f"ครอบคลุม {zone.with_work} จาก 164 อำเภอ: {share}%")
    )
    visit.check()
    with page.expect_navigation():
        page.locator("ul.place-provinces a", has_text="ขอนแก่น").click()
    assert page.url == visit.origin + "/provinces/khon-kaen"
    zone_link = page.locator("p.meta .place-zone a")
    assert (zone_link.inner_text(), zone_link.get_attribute("href")) == (
        "โซนอีสานบน",
        "/zones/northeast-upper",
    )
    visit.check()


def test_an_unknown_zone_is_the_error_page(visit: Visit) -> None:
    assert visit.open("/zones/อีสานกลาง").status == 404
    assert visit.page.get_by_role("heading", name="ไม่พบ").is_visible()


def test_an_unknown_province_is_the_error_page(visit: Visit) -> None:
    assert visit.open("/provinces/atlantis").status == 404
    assert visit.page.get_by_role("heading", name="ไม่พบ").is_visible()


def test_the_weave_is_compared_with_the_last_snapshot(site_db, tmp_path) -> None:
    db = tmp_path / "copy.db"
    source = SQLiteStore(site_db)
    backup(source, db)
    source.close()
    store = SQLiteStore(db)
    create_snapshot(store, store.project(), "before")
    with TestClient(create_app(store)) as client:
        texts = [client.get(p).text for p in ("/provinces/nan", "/zones/north-upper")]
    for text in texts:
        assert "เทียบกับภาพบันทึกวันที่" in text
        assert "ไม่เปลี่ยน" in text  # nothing moved since
    store.close()


def test_every_province_dashboard_is_fast_with_caches_warm(site: Site) -> None:
    gv = GraphVersion(site.store.project())
    provinces = sorted(p for p, k in gv.graph.nodes(data="kind") if k == "province")
    for p in provinces:
        pl.dashboard(gv, p)
    start = time.perf_counter()
    for p in provinces:
        pl.dashboard(gv, p)
    assert (time.perf_counter() - start) / len(provinces) < 0.1
