"""Brokers and fragility: structural holes equal NetworkX's own functions; cut people and bridges on obvious graphs."""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path

import igraph as ig
import networkx as nx
import pytest

from phakhee.graph.errors import NotFound
from phakhee.graph.store import GraphStore
from phakhee.queries.analytics import brokers as b
from phakhee.queries.cache import GraphVersion
from tests.queries.classic import as_attendance, as_people, load, person
from tests.queries.network import build_small_network

TOL = 1e-9


def _weighted(g: nx.Graph, seed: int) -> nx.Graph:
    rng = random.Random(seed)
    for u, v in g.edges:
        g[u][v]["weight"] = rng.uniform(0.1, 3.0)
    return g


def _graphs() -> list[tuple[str, nx.Graph]]:
    star = nx.star_graph(4)
    star.add_node(99)  # isolated: NaN
    return [
        ("karate", nx.karate_club_graph()),  # weighted by NetworkX itself
        ("florentine", nx.florentine_families_graph()),
        ("star-with-isolate", star),
        ("random", _weighted(nx.gnm_random_graph(120, 500, seed=5), 1)),
        ("random-directed", _weighted(nx.gnm_random_graph(80, 400, seed=6, directed=True), 2)),
    ]


def _same(got: dict, want: dict) -> None:
    assert set(got) == set(want)
    for v in want:
        if math.isnan(want[v]):
            assert math.isnan(got[v]), v
        else:
            assert abs(got[v] - want[v]) < TOL, (v, got[v], want[v])


@pytest.mark.parametrize("weight", [None, "weight"])
@pytest.mark.parametrize(("name", "graph"), _graphs())
def test_constraint_and_effective_size_equal_networkx(
    name: str, graph: nx.Graph, weight: str | None
) -> None:
    constraint, effective = b.structural_holes(graph, weight)
    # nodes=list(G): NetworkX's pair-by-pair definition (its all-nodes shortcut differs, see module)
    _same(constraint, nx.constraint(graph, nodes=list(graph), weight=weight))
    _same(effective, nx.effective_size(graph, nodes=list(graph), weight=weight))


def test_constraint_through_the_loader_matches_networkx_and_igraph(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    g = nx.gnm_random_graph(200, 700, seed=3)
    gv = load(sqlite_store, as_people(g), tmp_path)
    constraint, effective = b.holes(gv)
    want = {person(v): x for v, x in nx.constraint(g, nodes=list(g)).items()}
    _same(constraint, want)
    _same(effective, {person(v): x for v, x in nx.effective_size(g, nodes=list(g)).items()})
    by_igraph = ig.Graph(n=len(g), edges=list(g.edges)).constraint()
    _same(constraint, {person(v): x for v, x in enumerate(by_igraph) if g.degree(v)})


def test_medici_are_the_least_constrained_family(sqlite_store: GraphStore, tmp_path: Path) -> None:
    gv = load(sqlite_store, as_people(nx.florentine_families_graph()), tmp_path)
    top = b.brokers(gv, limit=3)
    assert [x.id for x in top] == ["person:medici", "person:guadagni", "person:albizzi"]
    assert [x.constraint for x in top] == pytest.approx([17 / 81, 1 / 4, 1 / 3], abs=TOL)
    assert abs(top[0].constraint - nx.constraint(nx.florentine_families_graph())["Medici"]) < TOL
    assert top[0].effective_size == 6 - 2 * 1 / 6  # six contacts, one tie among them


def test_cut_people_say_which_groups_lose_contact(sqlite_store: GraphStore, tmp_path: Path) -> None:
    # Two triangles joined through "hub"; "leaf" hangs on "a1" alone.
    g = nx.Graph(nx.cycle_graph(["a1", "a2", "a3"]))
    g.add_edges_from(nx.cycle_graph(["b1", "b2", "b3"]).edges)
    g.add_edges_from([("a1", "hub"), ("hub", "b1"), ("a1", "leaf")])
    gv = load(sqlite_store, as_people(g), tmp_path)
    cut = b.cut_people(gv)
    # Without a1: a2-a3 and leaf lose the rest; without hub: the b triangle; without b1: b2-b3.
    assert [(x.id, x.cut_off) for x in cut] == [
        ("person:a1", 3),
        ("person:hub", 3),
        ("person:b1", 2),
    ]
    assert sorted(sorted(grp.sample) for grp in cut[0].groups) == [["a2", "a3"], ["leaf"]]
    assert [sorted(grp.sample) for grp in cut[1].groups] == [["b1", "b2", "b3"]]
    assert b.bridges(gv) == [
        ("person:a1", "person:hub"),
        ("person:a1", "person:leaf"),
        ("person:b1", "person:hub"),
    ]


def test_a_team_kept_with_its_partner_by_one_member_is_reported(sqlite_store: GraphStore) -> None:
    build_small_network(sqlite_store)
    g = sqlite_store.project()
    found = b.single_carriers(g)
    assert [(x.team, x.partner, x.person) for x in found] == [
        ("team:nan", "partner:temple-nan", "person:author")
    ]


def test_brokers_of_a_province(sqlite_store: GraphStore) -> None:
    build_small_network(sqlite_store)
    gv = GraphVersion(sqlite_store.project())
    found = b.brokers(gv, province="province:nan")
    assert [(x.id, x.constraint, x.effective_size, x.provinces_reached) for x in found] == [
        # ties: the author (team, 0.5) and Ubon (knows, 1.0): shares 1/3 and 2/3
        ("person:broker", pytest.approx(1 / 9 + 4 / 9), 2.0, 2)
    ]
    with pytest.raises(NotFound):
        b.brokers(gv, province="province:nowhere")


def test_cut_people_of_one_province(sqlite_store: GraphStore) -> None:
    build_small_network(sqlite_store)
    gv = GraphVersion(sqlite_store.project())
    # The broker (Nan) alone joins the author (Nan) and Ubon.
    found = b.cut_people(gv, province="province:nan")
    assert [(x.id, x.cut_off) for x in found] == [("person:broker", 1)]
    assert b.cut_people(gv, province="province:ubon-ratchathani") == []


def test_davis_southern_women_constraint_through_the_loader(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    davis = nx.davis_southern_women_graph()
    women = [v for v, d in davis.nodes(data=True) if d["bipartite"] == 0]
    gv = load(sqlite_store, as_attendance(davis, women, dt.date.today()), tmp_path)
    projected = nx.bipartite.weighted_projected_graph(davis, women)  # shared events, x 0.3 below
    for _, _, d in projected.edges(data=True):
        d["weight"] *= 0.3
    constraint, effective = b.holes(gv)
    nodes = list(projected)
    _same(
        constraint,
        {person(v): x for v, x in nx.constraint(projected, nodes, "weight").items()},
    )
    _same(
        effective,
        {person(v): x for v, x in nx.effective_size(projected, nodes, "weight").items()},
    )
