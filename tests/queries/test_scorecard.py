"""The province scorecard on the hand-built gap network, with meetings and self-assessments added."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from phakhee.graph.errors import NotFound
from phakhee.graph.store import GraphStore
from phakhee.queries.analytics.scorecard import scorecard, scorecards
from phakhee.queries.cache import GraphVersion
from tests.queries.gap_network import NODES, TIES
from tests.queries.network import write_network

AS_OF = dt.date(2026, 6, 30)
MORE_NODES = [
    {
        "kind": "event",
        "id": "event:m1",
        "name": "M1",
        "event_type": "meeting",
        "date": "2026-06-01",
    },
    {
        "kind": "event",
        "id": "event:m2",
        "name": "M2",
        "event_type": "meeting",
        "date": "2025-12-01",
    },
    {
        "kind": "event",
        "id": "event:m3",
        "name": "M3",
        "event_type": "meeting",
        "date": "2025-09-01",
    },
    {
        "kind": "event",
        "id": "event:m0",
        "name": "M0",
        "event_type": "meeting",
        "date": "2024-01-01",
    },
    *[
        {
            "kind": "assessment",
            "id": f"assessment:nan-{year}",
            "name": f"Nan {year}",
            "date": f"{year}-01-15",
            **{f"objective_{i}": base + i * 0.5 for i in range(1, 6)},
        }
        for year, base in ((2025, 4.0), (2026, 5.0))
    ],
]
MORE_TIES = [
    *[("held_by", f"event:m{i}", "team:nan", {}) for i in range(4)],
    *[("assessed", "team:nan", f"assessment:nan-{y}", {}) for y in (2025, 2026)],
    ("located_in", "event:m1", "province:nan", {}),
    ("attended", "partner:nan-gov", "event:m1", {}),
]


@pytest.fixture
def graph(sqlite_store: GraphStore) -> nx.MultiDiGraph:
    write_network(sqlite_store, NODES + MORE_NODES, TIES + MORE_TIES)
    return sqlite_store.project()


def _status(card: object) -> dict[str, str]:
    return {i.code: i.status for i in card.indicators}  # type: ignore[attr-defined]


def test_each_indicator_of_nan(graph: nx.MultiDiGraph) -> None:
    card = scorecards(graph, AS_OF)["province:nan"]
    assert card.team == "team:nan"
    assert _status(card) == {
        "1.2": "partly",  # a network of 2 members (5 needed)
        "1.3": "partly",  # a coordinator, no chair nor secretary
        "1.4": "met",  # one meeting in 3 months, three in 12
        "1.5": "not met",  # only coaching above beginner level
        "2.1": "met",  # assessed in January
        "3.1": "met",  # a policy partnership, four sectors
        "3.2": "partly",  # one joint event in 12 months (two needed)
        "3.3": "partly",  # partnerships, no shared budget
    }
    by_code = {i.code: i for i in card.indicators}
    assert by_code["1.4"].figures == {"meetings_3m": 1.0, "meetings_6m": 1.0, "meetings_12m": 3.0}
    assert by_code["2.1"].figures["latest_mean"] == 6.5
    assert by_code["2.1"].figures["trend"] == 1.0
    assert by_code["3.1"].figures["partnerships"] == 4
    assert (card.met, card.partly, card.not_met) == (3, 4, 1)


def test_phrae_and_ubon_and_the_comparison(graph: nx.MultiDiGraph) -> None:
    cards = scorecards(graph, AS_OF)
    assert sorted(cards) == ["province:nan", "province:phrae", "province:ubon-ratchathani"]
    phrae, ubon = cards["province:phrae"], cards["province:ubon-ratchathani"]
    assert _status(phrae)["1.5"] == "met"
    assert _status(phrae)["3.1"] == "partly"  # operational partnership only
    assert ubon.team is None
    assert set(_status(ubon).values()) == {"not met"}
    members = next(c for c in cards["province:nan"].compared if c.figure == "team_members")
    # Nan 2 members, Phrae 1 (both in the north), Ubon none
    assert (members.province, members.region, members.country) == (2.0, 1.5, 1.0)


def test_a_province_without_a_network_is_not_found(sqlite_store: GraphStore) -> None:
    write_network(sqlite_store, NODES, TIES)
    gv = GraphVersion(sqlite_store.project())
    assert scorecard(gv, "province:nan").province == "province:nan"
    with pytest.raises(NotFound, match="no network"):
        scorecard(gv, "province:krabi")
    with pytest.raises(NotFound, match="no province"):
        scorecard(gv, "province:atlantis")
