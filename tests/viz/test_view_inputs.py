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


def test_brokers_and_bridges_are_the_analytics_cut_points_and_bridges(cache: GraphCache) -> None:
    from phakhee.queries.analytics.brokers import brokers as analytics_brokers

    gv = cache.current()
    brokers, bridges = vi.gaps(gv)
    # A line of four people: the two in the middle each cut off one end.
    assert brokers == ["person:author", "person:broker"]
    assert brokers == [x.id for x in analytics_brokers(gv, limit=vi.BROKERS)]
    assert ("person:broker", "person:ubon") in bridges
    # Ubon's person only carries partner:pho-ubon, not a person: no one hangs on them.
    assert "person:ubon" not in brokers
    drawn = {"person:ubon", "person:broker", "team:nan"}  # of a part drawn: those it draws
    assert vi.gaps(gv, drawn) == (["person:broker"], [("person:broker", "person:ubon")])


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
def test_above_the_size_limit_views_compute_their_own_on_the_weave_but_brokers(
    cache: GraphCache, monkeypatch: pytest.MonkeyPatch, measure: str
) -> None:
    from phakhee.queries.analytics.brokers import bridges
    from phakhee.queries.analytics.centrality import scores

    monkeypatch.setattr(vi, "WHOLE_NETWORK_UP_TO", 0)
    gv = cache.current()
    w = vi.weave(gv).graph
    assert vi.sizes(gv, measure) == scores(w, measure)
    assert set(vi.groups(gv)) == set(w)
    # Brokers and bridges stay the analytics' at every size: one rule in the API, report and view.
    assert vi.gaps(gv) == (["person:author", "person:broker"], bridges(gv))
    chosen = select(gv, "gaps", None, Filters())
    assert chosen.nodes  # the gaps view still draws
