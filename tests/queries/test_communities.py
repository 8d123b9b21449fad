"""Communities (Louvain, seeded) and core-periphery on known networks."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from phakhee.graph.store import GraphStore
from phakhee.queries.analytics.communities import communities, core_periphery
from phakhee.queries.cache import GraphVersion
from tests.queries.classic import as_people, load, person
from tests.queries.network import build_small_network


def test_two_cliques_joined_by_one_tie_are_two_communities(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    g = nx.barbell_graph(5, 0)  # two 5-cliques, one tie between nodes 4 and 5
    found = communities(load(sqlite_store, as_people(g), tmp_path))
    assert sorted(sorted(v for v, c in found.of.items() if c == i) for i in (0, 1)) == [
        [person(v) for v in range(5)],
        sorted(person(v) for v in range(5, 10)),
    ]
    want = nx.community.modularity(g, [set(range(5)), set(range(5, 10))])
    assert found.modularity == pytest.approx(want, abs=1e-12)
    assert [c.size for c in found.communities] == [5, 5]


def test_karate_club_louvain_is_seeded_and_as_modular_as_networkx(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    karate = nx.karate_club_graph()
    gv = load(sqlite_store, as_people(karate), tmp_path)
    found = communities(gv)
    again = communities(GraphVersion(gv.graph))
    assert found.of == again.of
    groups = [{v for v in karate if found.of[person(v)] == c.id} for c in found.communities]
    unweighted = nx.Graph(karate.edges)  # declared acquaintances: every tie weighs 1.0
    assert found.modularity == pytest.approx(nx.community.modularity(unweighted, groups))
    assert found.modularity > 0.40  # the best known split of the club scores 0.4198


def test_teams_follow_their_members_and_places_are_summarised(sqlite_store: GraphStore) -> None:
    build_small_network(sqlite_store)
    found = communities(GraphVersion(sqlite_store.project()))
    assert found.of["team:nan"] == found.of["person:author"] == found.of["person:broker"]
    assert found.of["partner:pho-ubon"] == found.of["person:ubon"]
    biggest = found.communities[0]
    assert biggest.size == 3
    assert biggest.provinces == {"province:nan": 2, "province:ubon-ratchathani": 1}
    assert biggest.main_province_share == pytest.approx(2 / 3)


def test_people_with_one_tie_or_none_are_peripheral(sqlite_store: GraphStore) -> None:
    build_small_network(sqlite_store)
    cp = core_periphery(GraphVersion(sqlite_store.project()))
    assert cp.max_core == 1
    assert [p.id for p in cp.peripheral] == sorted(cp.core_number)
    assert {p.id: p.ties for p in cp.peripheral}["person:broker"] == 2
