"""Centrality against known answers: NetworkX's classic networks through our loader and projection, and igraph."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import igraph as ig
import networkx as nx
import pytest

from phakhee.graph.errors import InvalidInput, NotFound
from phakhee.graph.store import GraphStore
from phakhee.queries.analytics import centrality as c
from phakhee.queries.cache import GraphVersion
from tests.queries.classic import as_attendance, as_people, load, person
from tests.queries.network import build_small_network

TOL = 1e-9


def reference(graph: nx.Graph, measure: str, weight: str | None = None) -> dict:
    """What NetworkX itself gives, normalised as ``queries.analytics.centrality`` documents."""
    n = len(graph)
    if measure == "degree":
        return nx.degree_centrality(graph)
    if measure == "weighted_degree":
        strength = dict(graph.degree(weight=weight))
        return {v: s / max(strength.values()) for v, s in strength.items()}
    if measure == "betweenness":
        return nx.betweenness_centrality(graph)
    if measure == "harmonic":
        with nx.config.backend_priority(algos=[]):  # NetworkX's own, whatever backend is set
            found = nx.harmonic_centrality(graph)
        return {v: h / (n - 1) for v, h in found.items()}
    if measure == "eigenvector":
        return nx.eigenvector_centrality(graph, weight=weight, max_iter=10_000, tol=1e-14)
    return nx.pagerank(graph, weight=weight, tol=1e-13, max_iter=10_000)


def assert_close(got: dict, want: dict, tol: float = TOL) -> None:
    assert set(got) == set(want)
    worst = max(abs(got[v] - want[v]) for v in want)
    assert worst < tol, worst


def people_scores(gv: GraphVersion, measure: str) -> dict:
    return {v: s for v, s in c.centrality(gv, measure).items() if v.startswith("person:")}


@pytest.mark.parametrize("measure", c.MEASURES)
@pytest.mark.parametrize("name", ["florentine", "karate"])
def test_classic_networks_match_networkx(
    sqlite_store: GraphStore, tmp_path: Path, name: str, measure: str
) -> None:
    graph = nx.florentine_families_graph() if name == "florentine" else nx.karate_club_graph()
    gv = load(sqlite_store, as_people(graph), tmp_path)
    want = {person(v): s for v, s in reference(graph, measure).items()}
    assert_close(people_scores(gv, measure), want, TOL)


def test_medici_betweenness_is_the_published_value(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    # Padgett's marriage network: the Medici lie on 47.5 of the 91 shortest paths between pairs.
    gv = load(sqlite_store, as_people(nx.florentine_families_graph()), tmp_path)
    top = c.ranked(gv, "betweenness", kind="person", limit=2)
    assert [r.id for r in top] == ["person:medici", "person:guadagni"]
    assert abs(top[0].score - 47.5 / 91) < TOL
    assert abs(top[1].score - 23.16666666666667 / 91) < TOL


@pytest.mark.parametrize("measure", ["eigenvector", "pagerank", "weighted_degree"])
def test_davis_southern_women_weighted_by_shared_events(
    sqlite_store: GraphStore, tmp_path: Path, measure: str
) -> None:
    davis = nx.davis_southern_women_graph()
    women = [v for v, d in davis.nodes(data=True) if d["bipartite"] == 0]
    gv = load(sqlite_store, as_attendance(davis, women, dt.date.today()), tmp_path)
    # Each shared event of today weighs 0.3 (queries.collaboration): the projection's counts x 0.3.
    projected = nx.bipartite.weighted_projected_graph(davis, women)
    for _, _, d in projected.edges(data=True):
        d["weight"] *= 0.3
    want = {person(v): s for v, s in reference(projected, measure, "weight").items()}
    assert_close(people_scores(gv, measure), want, TOL)


def _random_graph() -> nx.Graph:
    g = nx.gnm_random_graph(300, 1500, seed=11)
    assert nx.is_connected(g)
    return g


@pytest.fixture
def random_gv(sqlite_store: GraphStore, tmp_path: Path) -> tuple[nx.Graph, ig.Graph, GraphVersion]:
    g = _random_graph()
    return g, ig.Graph(n=len(g), edges=list(g.edges)), load(sqlite_store, as_people(g), tmp_path)


def test_random_graph_agrees_with_igraph(
    random_gv: tuple[nx.Graph, ig.Graph, GraphVersion],
) -> None:
    g, i, gv = random_gv
    n = len(g)
    ids = [person(v) for v in range(n)]
    expected = {
        "degree": [d / (n - 1) for d in i.degree()],
        "betweenness": [b / ((n - 1) * (n - 2) / 2) for b in i.betweenness()],
        "harmonic": i.harmonic_centrality(normalized=True),
        "weighted_degree": [d / max(i.degree()) for d in i.degree()],
    }
    for measure, values in expected.items():
        assert_close(people_scores(gv, measure), dict(zip(ids, values, strict=True)))
    eig = i.eigenvector_centrality(scale=False)
    norm = sum(x * x for x in eig) ** 0.5
    assert_close(
        people_scores(gv, "eigenvector"), {v: x / norm for v, x in zip(ids, eig, strict=True)}
    )
    assert_close(people_scores(gv, "pagerank"), dict(zip(ids, i.pagerank(), strict=True)))


def test_betweenness_is_sampled_above_the_cut_off_seeded_and_close(
    random_gv: tuple[nx.Graph, ig.Graph, GraphVersion], monkeypatch: pytest.MonkeyPatch
) -> None:
    g, _, _ = random_gv
    collab = nx.relabel_nodes(g, person)
    exact = c.scores(collab, "betweenness")
    monkeypatch.setattr(c, "EXACT_WORK", 0)
    # 150 of the 300 people as sources, on the sparse matrix that stretches the limits tenfold
    monkeypatch.setattr(c, "SAMPLE_WORK", 150 * collab.number_of_edges() // c.SPARSE_SPEEDUP)
    assert not c.exact(collab)
    sampled = c.scores(collab, "betweenness")
    assert sampled != exact
    assert sampled == c.scores(collab, "betweenness")  # seeded: the same twice
    assert max(abs(sampled[v] - exact[v]) for v in exact) < 0.01
    harmonic, exact_h = c.scores(collab, "harmonic"), reference(collab, "harmonic")
    assert max(abs(harmonic[v] - exact_h[v]) for v in exact_h) < 0.05


def test_teams_and_partners_are_scored_on_the_organisation_graph(
    sqlite_store: GraphStore,
) -> None:
    build_small_network(sqlite_store)
    gv = GraphVersion(sqlite_store.project())
    # team:nan partners with the temple (policy: 1.5) and its member carries it (1.0);
    # the Ubon health office is tied to nobody's team.
    org = c.organisations(gv)
    assert org["team:nan"]["partner:temple-nan"]["weight"] == 2.5
    assert set(org) == {"team:nan", "partner:temple-nan", "partner:pho-ubon"}
    degree = c.centrality(gv, "degree")
    assert degree["team:nan"] == degree["partner:temple-nan"] == 0.5
    assert degree["partner:pho-ubon"] == 0.0
    # In Nan, the broker works with the author and knows Ubon; the others have one tie each.
    rows = c.ranked(gv, "degree", kind="person", province="province:nan")
    assert [(r.id, r.score) for r in rows] == [
        ("person:broker", 0.5),
        ("person:attendee", 0.25),
        ("person:author", 0.25),
    ]
    assert {r.province for r in rows} == {"province:nan"}


def test_unknown_measure_kind_or_province_is_refused(sqlite_store: GraphStore) -> None:
    build_small_network(sqlite_store)
    gv = GraphVersion(sqlite_store.project())
    with pytest.raises(InvalidInput, match="not one of: degree"):
        c.centrality(gv, "closeness-ish")
    with pytest.raises(InvalidInput):
        c.ranked(gv, "degree", kind="lesson")
    with pytest.raises(NotFound):
        c.ranked(gv, "degree", province="province:atlantis")


def test_every_measure_has_a_plain_description() -> None:
    assert set(c.DESCRIPTIONS) == set(c.MEASURES)


@pytest.mark.parametrize("measure", c.MEASURES)
def test_tiny_and_empty_graphs_are_scored_without_error(measure: str) -> None:
    assert c.scores(nx.Graph(), measure) == {}
    one_tie = c.scores(nx.Graph([("a", "b")]), measure)
    assert one_tie["a"] == one_tie["b"]
    assert c.scores(nx.Graph([("a", "b")]), "eigenvector") == {"a": 2**-0.5, "b": 2**-0.5}
