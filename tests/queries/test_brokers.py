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


def test_the_medici_are_the_broker_who_cuts_off_most_families(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    florentine = nx.florentine_families_graph()
    gv = load(sqlite_store, as_people(florentine), tmp_path)
    found = b.brokers(gv)
    # Without the Medici: Acciaiuoli alone, and Pazzi with Salviati; each other cut point, one
    # family (then the least constrained first: Guadagni 1/4, Albizzi 1/3, Salviati).
    assert [(x.id, x.cut_off) for x in found] == [
        ("person:medici", 3),
        ("person:guadagni", 1),
        ("person:albizzi", 1),
        ("person:salviati", 1),
    ]
    assert [x.constraint for x in found[:3]] == pytest.approx([17 / 81, 1 / 4, 1 / 3], abs=TOL)
    assert {x.id for x in found} == {person(v) for v in nx.articulation_points(florentine)}
    assert b.broker_ids(gv) == [x.id for x in found]
    medici = found[0]
    assert sorted(gr.sample for gr in medici.groups) == [["Acciaiuoli"], ["Pazzi", "Salviati"]]
    assert (medici.degree, medici.provinces_reached) == (6, 0)
    assert abs(medici.constraint - nx.constraint(florentine)["Medici"]) < TOL
    assert medici.effective_size == 6 - 2 * 1 / 6  # six contacts, one tie among them
    assert b.broker_ids(gv, among={"person:salviati", "person:pazzi"}) == ["person:salviati"]


def test_a_network_where_everyone_has_a_second_route_has_no_broker(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    gv = load(sqlite_store, as_people(nx.cycle_graph(30)), tmp_path)
    assert b.brokers(gv) == [] and b.broker_ids(gv) == []
    assert b.bridges(gv) == []


def test_brokers_are_the_cut_points_of_a_random_network(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    g = nx.gnm_random_graph(300, 330, seed=11)
    gv = load(sqlite_store, as_people(g), tmp_path)
    found = b.brokers(gv, limit=None)
    assert {x.id for x in found} == {person(v) for v in nx.articulation_points(g)}
    assert len(found) == len(b.broker_ids(gv)) == 79
    for x in found[:5]:  # cut off: all but the largest piece of x's part once x is gone
        part = nx.node_connected_component(g, int(x.id.removeprefix("person:")))
        rest = g.subgraph(v for v in part if person(v) != x.id)
        sizes = sorted(map(len, nx.connected_components(rest)), reverse=True)
        assert x.cut_off == sum(sizes[1:])
    assert [x.cut_off for x in found] == sorted((x.cut_off for x in found), reverse=True)


def test_cut_people_say_which_groups_lose_contact(sqlite_store: GraphStore, tmp_path: Path) -> None:
    # Two triangles joined through "hub"; "leaf" hangs on "a1" alone.
    g = nx.Graph(nx.cycle_graph(["a1", "a2", "a3"]))
    g.add_edges_from(nx.cycle_graph(["b1", "b2", "b3"]).edges)
    g.add_edges_from([("a1", "hub"), ("hub", "b1"), ("a1", "leaf")])
    gv = load(sqlite_store, as_people(g), tmp_path)
    cut = b.brokers(gv)
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


def test_brokers_of_one_province_say_whom_they_cut_off(sqlite_store: GraphStore) -> None:
    build_small_network(sqlite_store)
    gv = GraphVersion(sqlite_store.project())
    # The broker (Nan) alone joins the author (Nan) and Ubon; the attendee and "far" are a pair.
    found = b.brokers(gv, province="province:nan")
    assert [
        (x.id, x.cut_off, x.constraint, x.effective_size, x.provinces_reached) for x in found
    ] == [
        # ties: the author (team, 0.5) and Ubon (knows, 1.0): shares 1/3 and 2/3
        ("person:broker", 1, pytest.approx(1 / 9 + 4 / 9), 2.0, 2)
    ]
    assert [gr.sample for gr in found[0].groups] == [["สมชาย ใจดี"]]
    assert b.brokers(gv, province="province:ubon-ratchathani") == []
    assert b.broker_ids(gv, "province:nan") == ["person:broker"]
    with pytest.raises(NotFound):
        b.brokers(gv, province="province:nowhere")


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
