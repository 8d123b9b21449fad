"""The /views routes through the real app on a real (SQLite) store: pages, CSP, 404s, filters."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.graph.sqlite_store import SQLiteStore
from tests.queries.network import write_network
from tests.viz.network import XSS, XSS_ID, build_view_network

PAGES = [
    "/views/weave",
    "/views/gaps",
    "/views/province/province:nan",
    "/views/region/region:north",
    "/views/topic/topic:youth",
    "/views/sector/all",
    "/views/sector/government",
    "/views/ego/person:author",
    "/views/ego/" + quote(XSS_ID),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = SQLiteStore(Path(tmp_path_factory.mktemp("views")) / "graph.db")
    build_view_network(store)
    with TestClient(create_app(store)) as c:
        yield c
    store.close()


def _data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="phakhee-data">(.*?)</script>', html, re.S)
    assert m is not None
    return json.loads(m.group(1))


@pytest.mark.parametrize("path", PAGES)
def test_each_view_is_a_page_with_csp_and_data(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert "script-src 'sha256-" in r.headers["content-security-policy"]
    assert r.headers["etag"].startswith('W/"v')
    assert XSS not in r.text
    data = _data(r.text)
    assert data["nodes"] and data["options"]["physics"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])


def test_pages_are_gzipped_for_browsers_that_take_it(client: TestClient) -> None:
    r = client.get("/views/weave", headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip" and "phakhee-data" in r.text
    assert int(r.headers["content-length"]) < len(r.text.encode()) / 3
    plain = client.get("/views/weave", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.text == r.text


def test_index_lists_the_views_with_version(client: TestClient) -> None:
    r = client.get("/views/")
    assert r.status_code == 200
    assert "graph version" in r.text and "/views/weave" in r.text and "/views/gaps" in r.text
    assert r.headers["content-security-policy"]


def test_weave_draws_people_teams_and_partners(client: TestClient) -> None:
    data = _data(client.get("/views/weave").text)
    ids = {n["id"] for n in data["nodes"]}
    assert {"person:author", "team:nan", "partner:temple-nan", XSS_ID} <= ids
    assert not any(i.startswith("lesson:") for i in ids)
    places = [n for n in data["nodes"] if n["id"].startswith("province:")]
    assert {n["id"] for n in places} == {"province:nan", "province:ubon-ratchathani"}
    assert all(n["shape"] == "text" for n in places)  # labels on the map, not members


def test_weave_filters_by_kind_and_province(client: TestClient) -> None:
    data = _data(client.get("/views/weave", params={"kind": "team"}).text)
    assert {n["id"] for n in data["nodes"]} == {"team:nan", 'team:<svg>"x', "province:nan"}
    ubon = _data(client.get("/views/weave", params={"province": "province:ubon-ratchathani"}).text)
    assert {n["id"] for n in ubon["nodes"]} == {
        "person:ubon",
        "person:far",
        "partner:pho-ubon",
        "province:ubon-ratchathani",
    }


def test_weave_above_the_limit_becomes_the_country(client: TestClient) -> None:
    data = _data(client.get("/views/weave", params={"limit": 3}).text)
    ids = {n["id"] for n in data["nodes"]}
    assert len([i for i in ids if i.startswith("province:")]) == 77
    assert len([i for i in ids if i.startswith("region:")]) == 6
    nan = next(n for n in data["nodes"] if n["id"] == "province:nan")
    assert nan["url"] == "/views/province/province:nan"


def test_province_shows_ties_to_other_provinces(client: TestClient) -> None:
    data = _data(client.get("/views/province/province:nan").text)
    ids = {n["id"] for n in data["nodes"]}
    assert {"team:nan", "person:broker", "partner:temple-nan", "province:nan"} <= ids
    assert "province:ubon-ratchathani" in ids  # the broker knows someone in Ubon
    assert {(e["from"], e["to"]) for e in data["edges"]} >= {
        ("province:nan", "province:ubon-ratchathani")
    }


def test_gaps_marks_bridges_and_brokers(client: TestClient) -> None:
    html = client.get("/views/gaps").text
    assert "broker" in html and "bridge" in html
    data = _data(html)
    assert any(e["width"] >= 6 for e in data["edges"])
    assert any(n.get("shape") == "diamond" for n in data["nodes"])


@pytest.mark.parametrize(
    "path",
    [
        "/views/province/province:atlantis",
        "/views/province/person:author",
        "/views/region/region:moon",
        "/views/topic/topic:none",
        "/views/sector/gov",
        "/views/ego/person:nobody",
        "/views/ego/province:nan",
    ],
)
def test_unknown_ids_are_404_problems(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail"]


def test_colour_can_be_chosen(client: TestClient) -> None:
    html = client.get("/views/weave", params={"colour": "kind"}).text
    assert "บุคคล · person" in html and "community" not in html.split('id="legend"')[1]
    sector = client.get("/views/ego/team:nan", params={"colour": "sector"}).text
    assert "civil society" in sector.split('id="legend"')[1]


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "lesson"},
        {"measure": "vibes"},
        {"min_centrality": 2},
        {"limit": 0},
        {"colour": "mood"},
    ],
)
def test_bad_filters_are_422_problems(client: TestClient, params: dict) -> None:
    r = client.get("/views/weave", params=params)
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"


def test_a_tooltip_names_a_province_home_as_a_province_and_a_region_home_as_a_region(
    tmp_path: Path,
) -> None:
    store = SQLiteStore(tmp_path / "graph.db")
    build_view_network(store)
    team = {
        "kind": "team",
        "id": "team:cft-north",
        "name": "ทีมข้ามภาคเหนือ",
        "team_type": "regional_cft",
    }
    write_network(
        store,
        [team],
        [
            ("located_in", "team:cft-north", "region:north", {}),
            ("member_of", "person:broker", "team:cft-north", {}),
        ],
    )
    with TestClient(create_app(store)) as c:
        data = _data(c.get("/views/region/region:north").text)
    store.close()
    titles = {n["id"]: n["title"].split("\n") for n in data["nodes"]}
    assert "ภาค · region: ภาคเหนือ" in titles["team:cft-north"]
    assert "จังหวัด · province: น่าน" in titles["team:nan"]
