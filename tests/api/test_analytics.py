"""The analytics routes through the real app: success, not found, bad parameters (problem+json)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.api.settings import get_api_settings
from phakhee.graph.store import GraphStore
from tests.api.test_routes import _problem
from tests.queries.gap_network import build_gap_network


@pytest.fixture
def client(sqlite_store: GraphStore) -> Iterator[TestClient]:
    get_api_settings.cache_clear()
    build_gap_network(sqlite_store)
    with TestClient(create_app(sqlite_store)) as c:
        yield c


def test_centrality_by_measure_kind_and_province(client: TestClient) -> None:
    r = client.get("/analytics/centrality", params={"measure": "degree", "kind": "team"})
    assert r.status_code == 200 and r.headers["etag"]
    body = r.json()
    assert body["measure"] == "degree" and body["exact"] is True
    assert body["description"].startswith("how many others")
    assert [(i["id"], i["score"]) for i in body["items"]] == [
        ("team:nan", 4 / 6),  # four of the six other organisations: its partners
        ("team:phrae", 1 / 6),
    ]
    nan = client.get(
        "/analytics/centrality", params={"measure": "pagerank", "province": "น่าน", "limit": 1}
    ).json()
    assert [i["province"] for i in nan["items"]] == ["province:nan"]


def test_centrality_refuses_bad_parameters_without_echoing_them(client: TestClient) -> None:
    body = _problem(client.get("/analytics/centrality", params={"measure": "0812345678"}), 422)
    assert "0812345678" not in body["detail"]
    _problem(client.get("/analytics/centrality", params={"limit": 0}), 422)
    _problem(client.get("/analytics/centrality", params={"kind": "lesson"}), 422)
    _problem(client.get("/analytics/centrality", params={"province": "province:atlantis"}), 404)


def test_brokers_and_fragility(client: TestClient) -> None:
    body = client.get("/analytics/brokers").json()
    # A and U met at the exchange, and A works with B: without A, B and U lose each other.
    assert [(x["id"], x["cut_off"], x["degree"]) for x in body["brokers"]] == [("person:a", 1, 2)]
    assert body["total"] == 1 and body["rule"].startswith("A broker is a person without whom")
    assert body["bridges"] == 2
    phrae = client.get("/analytics/brokers", params={"province": "แพร่"}).json()
    assert (phrae["brokers"], phrae["total"]) == ([], 0)
    _problem(client.get("/analytics/brokers", params={"province": "nowhere-at-all-xyz"}), 404)
    _problem(client.get("/analytics/brokers", params={"limit": 1000}), 422)


def test_communities(client: TestClient) -> None:
    body = client.get("/analytics/communities").json()
    assert body["count"] == len(body["communities"]) == 2  # A, B, U together; C alone
    assert body["communities"][0]["size"] == 3
    _problem(client.get("/analytics/communities", params={"province": "province:atlantis"}), 404)


def test_gaps_of_the_country_and_of_a_province(client: TestClient) -> None:
    body = client.get("/analytics/gaps").json()
    assert body["totals"]["missing_sectors"] == 2
    assert [g["province"] for g in body["operational_only"]] == ["province:phrae"]
    phrae = client.get("/analytics/gaps", params={"province": "province:phrae"}).json()
    assert phrae["totals"]["skill_gaps"] == 0
    assert [g["province"] for g in phrae["missing_sectors"]] == ["province:phrae"]
    assert [(g["a"], g["b"]) for g in phrae["silent_pairs"]] == [("province:nan", "province:phrae")]
    _problem(client.get("/analytics/gaps", params={"limit": -1}), 422)


def test_suggestions(client: TestClient) -> None:
    # B (Nan) and U (Ubon) are two steps apart through A, but share no topic: none to suggest.
    assert client.get("/analytics/suggestions").json() == []
    r = client.get("/analytics/suggestions", params={"score": "resource_allocation"})
    assert r.status_code == 200
    _problem(client.get("/analytics/suggestions", params={"score": "jaccard"}), 422)


def test_scorecards(client: TestClient) -> None:
    cards = client.get("/scorecards").json()
    assert [c["province"] for c in cards] == [
        "province:nan",
        "province:phrae",
        "province:ubon-ratchathani",
    ]
    north = client.get("/scorecards", params={"region": "north"}).json()
    assert len(north) == 2
    nan = client.get("/scorecards/" + quote("province:nan")).json()
    assert {i["code"]: i["status"] for i in nan["indicators"]}["3.1"] == "met"
    by_name = client.get("/scorecards/" + quote("แพร่")).json()
    assert by_name["province"] == "province:phrae"
    _problem(client.get("/scorecards/" + quote("province:krabi")), 404)
    _problem(client.get("/scorecards/" + "x" * 101), 422)
