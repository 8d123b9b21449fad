"""Nan's district coverage and policy outcomes on its dashboard, in a real browser."""

from __future__ import annotations

import pytest

from phakhee.graph.geography import place
from phakhee.queries.analytics.coverage import coverage_of
from phakhee.queries.analytics.policies import place_policies
from phakhee.queries.cache import GraphVersion
from tests.browser import NEEDS_BROWSER
from tests.web.conftest import Site, Visit

pytestmark = NEEDS_BROWSER


@pytest.fixture(scope="module")
def gv(site: Site) -> GraphVersion:
    return GraphVersion(site.store.project())


def test_nan_shows_its_districts_with_work_and_those_without(
    visit: Visit, gv: GraphVersion
) -> None:
    nan = coverage_of(gv)["province:nan"]
    assert nan.districts == 15 and 0 < nan.with_work < 15  # the demo leaves some uncovered
    visit.open("/provinces/nan")
    page = visit.page
    section = page.locator("p.coverage")
    assert section.get_attribute("data-coverage") == f"{nan.with_work}/15"
    share = round(nan.with_work * 100 / 15)
    assert section.inner_text() == (
        "งานของเครือข่าย (ทีม บุคคล กิจกรรม บทเรียน หรือความร่วมมือภาคีที่อยู่ในพื้นที่) "
        f"ครอบคลุม {nan.with_work} จาก 15 อำเภอ: {share}%"
    )
    listed = page.locator("ul.districts-uncovered li")
    assert [listed.nth(i).get_attribute("data-district") for i in range(listed.count())] == list(
        nan.without
    )
    first = place(nan.without[0])
    assert first is not None and listed.first.inner_text().startswith(first.name_th)
    beside = page.locator("p.coverage-beside")
    assert beside.inner_text().startswith(f"ประกอบตัวชี้วัด 1.2 ความครอบคลุมอำเภอ: ที่นี่ {share}%")
    policies = place_policies(gv, "province:nan")
    heading = page.locator("h2#policies").inner_text()
    assert heading == f"นโยบายที่เกิดขึ้น ({policies.total})"
    visit.check()
