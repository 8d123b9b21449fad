"""The network-weaver measures on small hand-built graphs, where every figure is known, and on
random graphs, where they must stay in range."""

from __future__ import annotations

import math

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from phakhee.queries.analytics import weaver as wv


def star(n: int) -> nx.Graph:
    """One hub (0) tied to n others."""
    return nx.star_graph(n)


def test_a_star_is_one_hub_and_spoke() -> None:
    w = wv.weave(star(5))
    assert (w.people, w.ties, w.components, w.largest, w.isolates) == (6, 5, 1, 6, 0)
    assert w.centralization == 1.0
    assert (w.top_person, w.top_share) == (0, 1.0)
    assert (w.core_k, w.core, w.periphery) == (1, 6, 0)
    assert w.stage == "hub"


def test_separate_pairs_are_scattered_fragments() -> None:
    g = nx.Graph([(0, 1), (2, 3), (4, 5)])
    g.add_nodes_from([6, 7])
    w = wv.weave(g)
    assert (w.people, w.ties, w.components, w.largest, w.isolates) == (8, 3, 5, 2, 2)
    assert w.centralization == round(2 / 42, 4)  # d_max 1: six ones and two zeros
    assert (w.top_person, w.top_share) == (0, round(1 / 3, 4))
    assert (w.core_k, w.core, w.periphery) == (1, 6, 2)
    assert w.stage == "scattered"


def test_people_without_ties_are_scattered() -> None:
    g = nx.empty_graph(4)
    w = wv.weave(g)
    assert (w.ties, w.components, w.isolates, w.top_person, w.top_share) == (0, 4, 4, None, 0.0)
    assert (w.core_k, w.core, w.periphery, w.stage) == (0, 0, 4, "scattered")
    assert wv.weave(nx.Graph()).stage == "scattered"


def test_a_ring_of_small_hubs_is_several_hubs() -> None:
    # Four hubs in a ring, each with two people of its own: nobody dominates, no deep core.
    g = nx.cycle_graph(4)
    for hub in range(4):
        g.add_edges_from([(hub, f"{hub}a"), (hub, f"{hub}b")])
    w = wv.weave(g)
    assert (w.people, w.ties, w.components, w.isolates) == (12, 12, 1, 0)
    assert w.centralization == round(8 * 3 / (11 * 10), 4)  # d_max 4, eight people of 1
    assert (w.top_person, w.top_share) == (0, round(4 / 12, 4))
    assert (w.core_k, w.core, w.periphery) == (2, 4, 8)
    assert w.stage == "multi_hub"


def test_a_dense_core_with_people_around_is_core_periphery() -> None:
    # A clique of five (the core, k = 4) and ten people each tied to one of it.
    g = nx.complete_graph(5)
    for i in range(10):
        g.add_edge(i % 5, f"p{i}")
    w = wv.weave(g)
    assert (w.people, w.ties, w.components, w.isolates) == (15, 20, 1, 0)
    assert w.centralization == round((5 * 0 + 10 * 5) / (14 * 13), 4)
    assert (w.top_person, w.top_share) == (0, round(6 / 20, 4))
    assert (w.core_k, w.core, w.periphery) == (4, 5, 10)
    assert w.stage == "core_periphery"


def test_ties_across_provinces_and_sectors_count_the_ties_leading_out() -> None:
    g = nx.Graph([("a", "b"), ("b", "c"), ("c", "x"), ("a", "y")])
    provinces = {"a": "nan", "b": "nan", "c": "phrae", "x": "phrae", "y": "lampang"}
    sectors = {"b": "government", "x": "government"}
    w = wv.weave(g, ["a", "b", "c"], provinces=provinces, sectors=sectors)
    assert (w.people, w.ties, w.outward) == (3, 2, 2)
    # across provinces: b-c and a-y; across sectors: a-b, b-c, c-x
    assert (w.cross_province, w.cross_province_share) == (2, 0.5)
    assert (w.cross_sector, w.cross_sector_share) == (3, 0.75)
    assert w.stage == "hub"  # a path of three: its middle is tied to all


def test_a_tie_to_someone_of_unknown_province_is_not_across() -> None:
    w = wv.weave(nx.Graph([("a", "b")]), provinces={"a": "nan"})
    assert (w.cross_province, w.cross_sector) == (0, 0)


def test_degree_centralization_of_known_shapes() -> None:
    assert wv.degree_centralization(nx.star_graph(7)) == 1.0
    assert wv.degree_centralization(nx.cycle_graph(6)) == 0.0
    assert wv.degree_centralization(nx.complete_graph(6)) == 0.0
    assert wv.degree_centralization(nx.path_graph(2)) == 0.0
    assert wv.degree_centralization(nx.path_graph(4)) == 2 / 6


def test_sectors_come_from_the_partners_a_person_carries_most() -> None:
    g = nx.MultiDiGraph()
    g.add_node("person:a", kind="person")
    g.add_node("person:b", kind="person")
    for p, sector in (
        ("partner:1", "private"),
        ("partner:2", "private"),
        ("partner:3", "government"),
    ):
        g.add_node(p, kind="partner", sector=sector)
    for s, t in (("person:a", "partner:1"), ("person:a", "partner:2"), ("person:a", "partner:3")):
        g.add_edge(s, t, key="liaises_with")
    g.add_edge("person:b", "partner:1", key="liaises_with")
    g.add_edge("person:b", "partner:3", key="liaises_with")
    assert wv.sectors_of(g) == {"person:a": "private", "person:b": "government"}


def test_changes_are_now_minus_then_in_figure_order() -> None:
    now, then = wv.weave(star(5)), wv.weave(star(3))
    moved = {c.figure: c for c in wv.changes(now, then)}
    assert list(moved) == list(wv.FIGURES)
    assert (moved["people"].now, moved["people"].then, moved["people"].by) == (6, 4, 2)
    assert moved["centralization"].by == 0.0


@st.composite
def graphs(draw: st.DrawFn) -> tuple[nx.Graph, list[int], dict[int, str], dict[int, str]]:
    n = draw(st.integers(0, 25))
    pairs = st.tuples(st.integers(0, max(0, n - 1)), st.integers(0, max(0, n - 1)))
    g = nx.Graph()
    g.add_nodes_from(range(n))
    if n:
        g.add_edges_from((a, b) for a, b in draw(st.lists(pairs, max_size=60)) if a != b)
    chosen = draw(st.lists(st.integers(0, max(0, n - 1)), max_size=n)) if n else []
    labels = st.sampled_from(["nan", "phrae", "lampang"])
    provinces = {v: draw(labels) for v in range(n) if draw(st.booleans())}
    sectors = {v: draw(st.sampled_from(["government", "private"])) for v in range(n) if v % 2}
    return g, chosen, provinces, sectors


@settings(max_examples=150, deadline=None)
@given(graphs(), st.booleans())
def test_the_measures_never_raise_and_stay_in_range(case, whole: bool) -> None:
    g, chosen, provinces, sectors = case
    w = wv.weave(g, None if whole else chosen, provinces=provinces, sectors=sectors)
    assert w.stage in wv.STAGES
    assert w.people == (len(g) if whole else len(set(chosen)))
    assert 0 <= w.isolates <= w.people and w.components <= w.people
    assert w.largest <= w.people and (w.components == 0) == (w.people == 0)
    for share in (w.centralization, w.top_share, w.cross_province_share, w.cross_sector_share):
        assert 0.0 <= share <= 1.0 and not math.isnan(share)
    assert w.core + w.periphery == w.people
    assert w.cross_province <= w.ties + w.outward and w.cross_sector <= w.ties + w.outward
    assert w.core_k < max(1, w.people)
