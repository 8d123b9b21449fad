"""The seam between analyses and views: built once per graph version, and the weave it stands on."""

from __future__ import annotations

from pathlib import Path

import pytest

from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.queries.cache import GraphCache
from phakhee.queries.drawing import layout
from phakhee.queries.drawing import view_inputs as vi
from phakhee.viz.view_pages import Filters, select
from tests.viz.network import XSS_ID, build_view_network


@pytest.fixture
def cache(tmp_path: Path) -> GraphCache:
    store = SQLiteStore(tmp_path / "graph.db")
    build_view_network(store)
    return GraphCache(store)


def test_the_weave_holds_people_teams_and_partners_weighted_by_ties(cache: GraphCache) -> None:
    w = vi.weave(cache.current())
    assert set(w.graph) == {
        "person:author",
        "person:attendee",
        "person:broker",
        "person:ubon",
        "person:far",
        XSS_ID,
        "team:nan",
        'team:<svg>"x',
        "partner:pho-ubon",
        "partner:temple-nan",
    }
    assert w.graph["person:author"]["team:nan"]["weight"] == 1
    assert w.home["person:ubon"] == "province:ubon-ratchathani"
    assert w.home["team:nan"] is None or w.home["team:nan"].startswith("province:")


def test_map_layout_is_built_once_per_graph_version(
    cache: GraphCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real = layout.geographic
    monkeypatch.setattr(layout, "geographic", lambda *a, **k: calls.append(1) or real(*a, **k))
    gv = cache.current()
    chosen = select(gv, "weave", None, Filters())
    first = vi.positions(gv, chosen, vi.sizes(gv))
    again = vi.positions(gv, select(gv, "weave", None, Filters(kinds=["team"])), {})
    assert len(calls) == 1
    assert again["team:nan"] == first["team:nan"]  # filters keep everyone where the map put them


def test_brokers_and_bridges_ignore_single_dangling_nodes(cache: GraphCache) -> None:
    brokers, bridges = vi.gaps(cache.current())
    assert "person:broker" in brokers  # the only way from Nan to Ubon
    assert ("person:broker", "person:ubon") in bridges
    assert "person:ubon" not in brokers  # it only cuts off partner:pho-ubon, a single node


def test_an_unknown_measure_is_invalid_input(cache: GraphCache) -> None:
    from phakhee.graph.errors import InvalidInput

    with pytest.raises(InvalidInput, match="measure"):
        vi.sizes(cache.current(), "vibes")


def test_small_networks_take_the_whole_networks_analytics(cache: GraphCache) -> None:
    from phakhee.queries.analytics.brokers import bridges
    from phakhee.queries.analytics.centrality import centrality
    from phakhee.queries.analytics.communities import communities

    gv = cache.current()
    assert vi.sizes(gv, "pagerank") == centrality(gv, "pagerank")
    assert vi.groups(gv) == communities(gv).of
    assert vi.gaps(gv)[1] == bridges(gv)


@pytest.mark.parametrize("measure", ["degree", "pagerank"])
def test_above_the_size_limit_views_compute_their_own_on_the_weave(
    cache: GraphCache, monkeypatch: pytest.MonkeyPatch, measure: str
) -> None:
    import networkx as nx

    from phakhee.queries.analytics.centrality import scores

    monkeypatch.setattr(vi, "WHOLE_NETWORK_UP_TO", 0)
    gv = cache.current()
    w = vi.weave(gv).graph
    assert vi.sizes(gv, measure) == scores(w, measure)
    assert set(vi.groups(gv)) == set(w)
    core = w.subgraph(n for n, d in w.degree() if d > 1)
    assert vi.gaps(gv) == (
        sorted(nx.articulation_points(core)),
        sorted(tuple(sorted(e)) for e in nx.bridges(core)),
    )
    chosen = select(gv, "gaps", None, Filters())
    assert chosen.nodes  # the gaps view still draws
