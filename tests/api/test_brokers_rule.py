"""One rule for brokers: the gaps view, the weave report and ``/analytics/brokers`` of a 30-person
network with two cut points name the same two people, in the same order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import orjson
import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.api.settings import get_api_settings
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.queries.analytics import brokers as b
from phakhee.queries.analytics.centrality import collaboration
from phakhee.queries.analytics.report import render, weave_report
from phakhee.queries.cache import GraphVersion
from phakhee.queries.drawing import view_inputs as vi
from phakhee.queries.drawing.view_inputs import BROKER_LEGEND
from tests.queries.broker_network import BROKERS, NAN, X, build_broker_network
from tests.viz.test_escaping import _data

IDS = [v for v, _ in BROKERS]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    s = SQLiteStore(Path(tmp_path_factory.mktemp("brokers")) / "graph.db")
    build_broker_network(s)
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store: SQLiteStore) -> Iterator[TestClient]:
    get_api_settings.cache_clear()
    with TestClient(create_app(store)) as c:
        yield c


def test_the_network_has_thirty_people_and_two_cut_points(store: SQLiteStore) -> None:
    collab = collaboration(GraphVersion(store.project()))
    assert len(collab) == 30 and min(d for _, d in collab.degree()) == 2
    assert sorted(nx.articulation_points(collab)) == sorted(IDS)


def test_the_api_names_the_cut_points_with_the_rule(client: TestClient) -> None:
    body = client.get("/analytics/brokers").json()
    assert [(x["id"], x["cut_off"]) for x in body["brokers"]] == BROKERS
    assert body["total"] == 2 and body["bridges"] == 0
    assert (body["rule"], body["rule_th"]) == (b.RULE, b.RULE_TH)
    assert [x["size"] for x in body["brokers"][0]["groups"]] == [12]
    nan = client.get("/analytics/brokers", params={"province": "น่าน", "limit": 1}).json()
    assert [x["id"] for x in nan["brokers"]] == [X] and nan["total"] == 1


def test_the_report_names_the_same_brokers(store: SQLiteStore) -> None:
    report = weave_report(GraphVersion(store.project()))
    assert [(x.id, x.cut_off) for x in report.brokers] == BROKERS
    assert report.broker_total == 2
    assert [x["id"] for x in orjson.loads(render(report, "json"))["brokers"]] == IDS
    md = render(report, "md")
    assert "## Brokers: 2\n" in md and "| X | province:nan | 12 |" in md
    assert [x.id for x in weave_report(GraphVersion(store.project()), NAN).brokers] == [X]


@pytest.mark.parametrize("whole_network_up_to", [vi.WHOLE_NETWORK_UP_TO, 0])
def test_the_gaps_view_draws_the_same_brokers_and_says_the_rule(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, whole_network_up_to: int
) -> None:
    monkeypatch.setattr(vi, "WHOLE_NETWORK_UP_TO", whole_network_up_to)  # any size: one rule
    page = client.get("/views/gaps").text
    diamonds = [n["id"] for n in _data(page)["nodes"] if n.get("shape") == "diamond"]
    assert sorted(diamonds) == sorted(IDS)
    assert BROKER_LEGEND in page
    assert BROKER_LEGEND == (
        "ตัวเชื่อม · broker: ถ้าขาดเขา เครือข่ายจะแยกออกจากกัน · without them the weave splits"
        " (a cut point; at most 100, those who cut off the most people)"
    )


def test_a_gaps_view_too_small_for_everyone_still_draws_its_brokers(client: TestClient) -> None:
    """Past its limit the view draws the brokers first, then the most central people."""
    page = client.get("/views/gaps", params={"limit": 3}).text
    drawn = {n["id"] for n in _data(page)["nodes"] if n["id"].startswith("person:")}
    diamonds = [n["id"] for n in _data(page)["nodes"] if n.get("shape") == "diamond"]
    assert len(drawn) == 3 and set(IDS) <= drawn
    assert sorted(diamonds) == sorted(IDS)
