"""The demo network: deterministic, valid, and shaped like the real network."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from phakhee.graph.geography import province_of
from phakhee.graph.model import NodeKind, NodeRecord, TieKind, TieRecord, parse_node, parse_tie
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.graph.store import GraphStore
from phakhee.loaders.demo import DemoNetwork, build_demo

AS_OF = dt.date(2026, 6, 30)


def _all_records(people: int, seed: int) -> list[NodeRecord | TieRecord]:
    return [r for _, batch in DemoNetwork(people, seed, AS_OF).records() for r in batch]


@pytest.fixture(scope="module")
def demo_graph(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    """The 1,000-person demo, built into an embedded store and projected."""
    store = SQLiteStore(tmp_path_factory.mktemp("demo") / "demo.db")
    build_demo(store, people=1000, seed=7, as_of=AS_OF)
    g = store.project()
    store.close()
    return g


def _of(g: nx.MultiDiGraph, kind: str) -> list[str]:
    return [n for n, k in g.nodes(data="kind") if k == kind]


def _ties(g: nx.MultiDiGraph, kind: str) -> list[tuple[str, str, dict]]:
    return [(s, t, d) for s, t, k, d in g.edges(keys=True, data=True) if k == kind]


def test_same_seed_gives_the_same_network() -> None:
    assert _all_records(300, 3) == _all_records(300, 3)


_DIGEST = """
import datetime as dt, hashlib
from phakhee.loaders.demo import DemoNetwork
h = hashlib.sha256()
for _, batch in DemoNetwork(300, 3, dt.date(2026, 6, 30)).records():
    for r in batch:
        h.update(repr(r).encode())
print(h.hexdigest())
"""


def test_same_seed_gives_the_same_network_in_any_process() -> None:
    """Not just within one interpreter: string hashing is salted per process."""
    runs = {
        subprocess.run(
            [sys.executable, "-c", _DIGEST],
            env={**os.environ, "PYTHONHASHSEED": salt},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for salt in ("1", "2", "3")
    }
    assert len(runs) == 1


def test_a_big_provinces_training_is_held_in_cohorts_of_at_most_40() -> None:
    records = _all_records(20_000, 7)
    trainings = {
        r.id: r.props
        for r in records
        if isinstance(r, NodeRecord) and r.props.get("event_type") == "training"
    }
    seats = Counter(
        r.target
        for r in records
        if isinstance(r, TieRecord) and r.kind == TieKind.ATTENDED and r.target in trainings
    )
    assert max(seats.values()) == 40
    cohorts = [e for e in trainings if not e.endswith("-training-1")]
    assert cohorts
    for e in cohorts:
        first = trainings[e.rsplit("-", 1)[0] + "-1"]
        n = int(e.rsplit("-", 1)[1])
        assert trainings[e]["name"] == f"{first['name']} รุ่นที่ {n}"
        assert dt.date.fromisoformat(trainings[e]["date"]) == dt.date.fromisoformat(
            first["date"]
        ) - dt.timedelta(days=7 * (n - 1))


def test_another_seed_gives_another_network() -> None:
    assert _all_records(300, 3) != _all_records(300, 4)


def test_every_record_is_valid_under_the_model() -> None:
    for r in _all_records(300, 5):
        if isinstance(r, NodeRecord):
            parse_node({"id": r.id, "kind": r.kind.value, **r.props})
        else:
            parse_tie(
                {"kind": r.kind.value, "source": r.source, "target": r.target, "props": r.props}
            )


def test_it_has_the_people_asked_for_and_every_province(demo_graph: nx.MultiDiGraph) -> None:
    regular = [
        p
        for p in _of(demo_graph, "person")
        if demo_graph.nodes[p].get("position") != "regional-academic"
    ]
    assert len(regular) == 1000
    assert len(_of(demo_graph, "province")) == 77
    assert len(_of(demo_graph, "region")) == 6
    homes = Counter(
        province_of(t) for s, t, _ in _ties(demo_graph, "located_in") if s.startswith("person:")
    )
    assert len(homes) == 77
    networks = [
        t
        for t in _of(demo_graph, "team")
        if demo_graph.nodes[t]["team_type"] == "provincial_network"
    ]
    assert len(networks) == 77


def test_every_sector_is_present_somewhere(demo_graph: nx.MultiDiGraph) -> None:
    sectors = {demo_graph.nodes[p]["sector"] for p in _of(demo_graph, "partner")}
    assert sectors == {"government", "private", "civil_society", "target_group", "other"}


def _sectors_by_province(g: nx.MultiDiGraph) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {p: set() for p in _of(g, "province")}
    for s, t, _ in _ties(g, "located_in"):
        if s.startswith("partner:"):
            out[str(province_of(t))].add(g.nodes[s]["sector"])
    return out


def test_some_provinces_lack_a_government_partner(demo_graph: nx.MultiDiGraph) -> None:
    lacking = [
        p for p, sectors in _sectors_by_province(demo_graph).items() if "government" not in sectors
    ]
    assert len(lacking) == 5


def test_some_provinces_have_no_policy_level_partnership(demo_graph: nx.MultiDiGraph) -> None:
    levels: dict[str, set[str]] = {}
    for s, _t, d in _ties(demo_graph, "partners_with"):
        levels.setdefault(s, set()).add(d["level"])
    operational_only = [team for team, seen in levels.items() if seen == {"operational"}]
    assert len(operational_only) >= 8


def test_someone_brokers_across_regions(demo_graph: nx.MultiDiGraph) -> None:
    region_of = {}
    for s, t, _ in _ties(demo_graph, "located_in"):
        if s.startswith("person:"):
            region_of[s] = demo_graph.nodes[province_of(t)]["region"]
    brokers = {a for a, b, _ in _ties(demo_graph, "knows") if region_of[a] != region_of[b]}
    assert len(brokers) >= 6


def test_people_cluster_and_a_few_stand_alone(demo_graph: nx.MultiDiGraph) -> None:
    people = demo_graph.subgraph(_of(demo_graph, "person"))
    knows = nx.Graph(people.edges())
    knows.add_nodes_from(people)
    assert nx.average_clustering(knows) > 0.2
    isolated = [
        p for p in _of(demo_graph, "person") if demo_graph.degree(p) == 1
    ]  # only located_in
    assert len(isolated) >= 5


def test_some_provinces_stopped_meeting(demo_graph: nx.MultiDiGraph) -> None:
    last_meeting: dict[str, str] = {}
    for e, team, _ in _ties(demo_graph, "held_by"):
        d = demo_graph.nodes[e]["date"]
        last_meeting[team] = max(d, last_meeting.get(team, d))
    year_ago = (AS_OF - dt.timedelta(days=365)).isoformat()
    dormant = [t for t, d in last_meeting.items() if t.startswith("team:network-") and d < year_ago]
    assert len(dormant) == 6


def test_every_kind_of_node_and_tie_is_there(demo_graph: nx.MultiDiGraph) -> None:
    kinds = {k for _, k in demo_graph.nodes(data="kind")}
    assert kinds == {k.value for k in NodeKind}
    tie_kinds = {k for _, _, k in demo_graph.edges(keys=True)}
    assert tie_kinds == {k.value for k in TieKind}


def test_building_it_again_changes_nothing(tmp_path: Path) -> None:
    store: GraphStore = SQLiteStore(tmp_path / "g.db")
    first = build_demo(store, people=200, seed=1, as_of=AS_OF)
    version = store.version()
    again = build_demo(store, people=200, seed=1, as_of=AS_OF)
    assert first.nodes.created > 0 and first.ties.created > 0
    assert (again.nodes.created, again.nodes.updated) == (0, 0)
    assert (again.ties.created, again.ties.updated, again.ties.rejected) == (0, 0, [])
    assert store.version() == version
