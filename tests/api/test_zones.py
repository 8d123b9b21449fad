"""The CLI, the API and the pages filter by one of the network's zones, named in Thai or in
English, as they filter by a region; people placed in a district count in its province's zone.
A zone has its dashboard, as a region has, at ``/zones/<slug>``; its name in the address leads
there."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.graph.sqlite_store import SQLiteStore
from tests.loaders.test_thai_words import _load

SHEETS = {
    "topics": [["name", "name_en"], ["เยาวชน", "Youth"]],
    "people": [
        ["name", "province", "district"],
        ["คนขอนแก่น", "ขอนแก่น", "อ.เมืองขอนแก่น"],
        ["คนอุดร", "อุดรธานี", ""],
        ["คนโคราช", "นครราชสีมา", "ปากช่อง"],
        ["คนน่าน", "น่าน", "เมืองน่าน"],
    ],
    "work": [
        ["who", "topic"],
        ["คนขอนแก่น", "เยาวชน"],
        ["คนอุดร", "เยาวชน"],
        ["คนโคราช", "เยาวชน"],
        ["คนน่าน", "เยาวชน"],
    ],
}
UPPER_NORTHEAST = ["person:คนขอนแก่น", "person:คนอุดร"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("zones")
    path = folder / "graph.db"
    store = SQLiteStore(path)
    report = _load(store, folder / "rows", SHEETS)
    assert report.quarantined == []
    store.close()
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    store = SQLiteStore(db)
    with TestClient(create_app(store)) as c:
        yield c
    store.close()


@pytest.mark.parametrize("zone", ["อีสานบน", "Upper Northeast", "zone:northeast-upper"])
def test_the_api_filters_experts_by_a_zone(client: TestClient, zone: str) -> None:
    found = client.get("/experts", params={"topic": "youth", "region": zone})
    assert found.status_code == 200, found.text
    assert sorted(e["id"] for e in found.json()) == UPPER_NORTHEAST


def test_the_api_still_filters_by_a_region(client: TestClient) -> None:
    found = client.get("/experts", params={"topic": "youth", "region": "อีสาน"}).json()
    assert sorted(e["id"] for e in found) == [*UPPER_NORTHEAST, "person:คนโคราช"]
    lower = client.get("/experts", params={"topic": "youth", "region": "อีสานล่าง"}).json()
    assert [e["id"] for e in lower] == ["person:คนโคราช"]


def test_an_unknown_zone_is_not_found(client: TestClient) -> None:
    r = client.get("/experts", params={"topic": "youth", "region": "อีสานกลาง"})
    assert r.status_code == 404, r.text


UPPER_NORTHEAST_PROVINCES = [
    ("กาฬสินธุ์", "/provinces/kalasin", "0/18"),
    ("ขอนแก่น", "/provinces/khon-kaen", "1/26"),
    ("นครพนม", "/provinces/nakhon-phanom", "0/12"),
    ("บึงกาฬ", "/provinces/bueng-kan", "0/8"),
    ("มหาสารคาม", "/provinces/maha-sarakham", "0/13"),
    ("ร้อยเอ็ด", "/provinces/roi-et", "0/20"),
    ("สกลนคร", "/provinces/sakon-nakhon", "0/18"),
    ("หนองคาย", "/provinces/nong-khai", "0/9"),
    ("หนองบัวลำภู", "/provinces/nong-bua-lam-phu", "0/6"),
    ("อุดรธานี", "/provinces/udon-thani", "0/20"),
    ("เลย", "/provinces/loei", "0/14"),
]
"""The zone's eleven provinces as its dashboard lists them (by Thai name), with their coverage:
only เมืองขอนแก่น has work (the Udon Thani person is placed at the province alone)."""


def _html(client: TestClient, path: str) -> lxml.html.HtmlElement:
    r = client.get(path)
    assert r.status_code == 200, r.text[:300]
    return lxml.html.fromstring(r.text)


def test_a_zone_has_its_dashboard_with_its_provinces_and_coverage(client: TestClient) -> None:
    page = _html(client, "/zones/northeast-upper")
    assert page.xpath("string(//h1)") == "โซนอีสานบน Upper Northeast"
    assert page.xpath("string(//p[@class='meta'])") == (
        "แดชบอร์ดโซน · ทั้งเครือข่าย · อยู่ในภาค: ภาคตะวันออกเฉียงเหนือ"
    )
    listed = page.xpath("//ul[contains(@class, 'place-provinces')]/li")
    assert [
        (
            li.xpath("string(a)"),
            li.xpath("string(a/@href)"),
            li.xpath("string(span/@data-coverage)"),
        )
        for li in listed
    ] == UPPER_NORTHEAST_PROVINCES
    reach = page.xpath("//p[@class='coverage']")[0]
    assert reach.get("data-coverage") == "1/164"
    assert reach.text_content().endswith("ครอบคลุม 1 จาก 164 อำเภอ: 1%")
    assert page.xpath("string(//h2[@id='teams'])") == "ทีม (0)"


@pytest.mark.parametrize(
    "name", ["อีสานบน", "ภาคอีสานบน", "โซนอีสานบน", "Upper Northeast", "zone:northeast-upper"]
)
def test_a_zone_named_in_the_address_leads_to_its_dashboard(client: TestClient, name: str) -> None:
    r = client.get(f"/zones/{name}", follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (308, "/zones/northeast-upper")


@pytest.mark.parametrize("name", ["อีสานกลาง", "atlantis", "ภาคเหนือ"])
def test_an_unknown_zone_is_the_thai_not_found_page(client: TestClient, name: str) -> None:
    r = client.get(f"/zones/{name}")
    assert r.status_code == 404
    assert lxml.html.fromstring(r.text).xpath("string(//h1)") == "ไม่พบ"


def test_the_dashboards_link_the_zones(client: TestClient) -> None:
    meta = "//p[@class='meta']//a/@href"
    assert _html(client, "/provinces/khon-kaen").xpath(meta) == [
        "/regions/northeast",
        "/zones/northeast-upper",
    ]
    assert _html(client, "/regions/northeast").xpath(meta) == [
        "/country",
        "/zones/northeast-upper",
        "/zones/northeast-lower",
    ]
    zones = _html(client, "/country").xpath("//ul[contains(@class, 'place-zones')]/li")
    assert len(zones) == 10
    upper = next(z for z in zones if z.xpath("string(a/@href)") == "/zones/northeast-upper")
    assert upper.xpath("string(a)") == "โซนอีสานบน"
    assert upper.xpath("string(.//span[@data-coverage]/@data-coverage)") == "1/164"


@pytest.mark.parametrize("zone", ["อีสานบน", "Upper Northeast"])
def test_who_knows_takes_a_zone(client: TestClient, zone: str) -> None:
    page = _html(client, f"/who-knows?topic=เยาวชน&place={zone}")
    assert page.xpath("string(//h2[@id='answer'])") == "ผู้รู้เรื่องเยาวชน ในโซนอีสานบน"
    people = page.xpath("//ol[contains(@class, 'experts')]/li/a[@class='name']")
    assert [a.text_content() for a in people] == ["คนขอนแก่น", "คนอุดร"]


@pytest.mark.parametrize("zone", ["zone:northeast-upper", "อีสานบน", "Upper Northeast"])
def test_the_download_form_takes_a_zone_as_its_area(client: TestClient, zone: str) -> None:
    form = {"format": "json", "scope": "region", "region": zone}
    r = client.get("/download", params=form, follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (
        303,
        "/export/json?scope=region%3Dzone%3Anortheast-upper",
    )
    exported = client.get(r.headers["location"])
    assert exported.status_code == 200
    people = {n["id"] for n in exported.json()["nodes"] if n["kind"] == "person"}
    assert sorted(people) == UPPER_NORTHEAST


def test_the_download_form_offers_the_zones(client: TestClient) -> None:
    page = _html(client, "/download")
    offered = page.xpath("//select[@id='region']/optgroup[@label='โซน']/option")
    assert [(o.get("value"), o.text_content()) for o in offered][:4] == [
        ("zone:bangkok", "โซนกรุงเทพฯ"),
        ("zone:north-upper", "โซนเหนือบน"),
        ("zone:north-lower", "โซนเหนือล่าง"),
        ("zone:northeast-upper", "โซนอีสานบน"),
    ]
    assert len(offered) == 10


PHAKHEE = shutil.which("phakhee")


@pytest.mark.slow
@pytest.mark.skipif(PHAKHEE is None, reason="install the project (pip install -e .)")
@pytest.mark.parametrize("zone", ["อีสานบน", "Upper Northeast"])
def test_the_cli_filters_experts_by_a_zone(db: Path, tmp_path: Path, zone: str) -> None:
    env = {**os.environ, "PHAKHEE_STORE": f"sqlite:///{db}", "COLUMNS": "160"}
    done = subprocess.run(
        [PHAKHEE, "who-knows", "youth", "--region", zone, "--json"],  # type: ignore[list-item]
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    import json

    assert sorted(e["id"] for e in json.loads(done.stdout)) == UPPER_NORTHEAST
