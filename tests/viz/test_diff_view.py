"""The snapshot diff as a view: what changed, and around it, with added ties green and lost ties red."""

from __future__ import annotations

from pathlib import Path

import pytest

from phakhee.graph.errors import NotFound
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.queries.records.snapshot_diff import diff_snapshots
from phakhee.queries.records.snapshots import create_snapshot
from phakhee.viz import encoding as enc
from phakhee.viz.view_pages import diff_html
from tests.viz.network import LOST_TIE, NEWCOMER, build_view_network, take_diff_snapshots
from tests.viz.test_escaping import _data


@pytest.fixture
def changed(tmp_path: Path) -> tuple[SQLiteStore, int, int]:
    store = SQLiteStore(tmp_path / "g.db")
    build_view_network(store)
    a, b = take_diff_snapshots(store)
    yield store, a, b
    store.close()


def test_the_diff_view_draws_the_changed_nodes_and_ties_in_green_and_red(
    changed: tuple[SQLiteStore, int, int],
) -> None:
    store, a, b = changed
    page = diff_html(store, a, b)
    data = _data(page)
    nodes = {n["id"]: n for n in data["nodes"]}
    d = diff_snapshots(store, a, b)
    touched = {t.source for t in d.ties_added + d.ties_removed} | {
        t.target for t in d.ties_added + d.ties_removed
    }
    assert touched <= set(nodes)
    assert nodes[NEWCOMER]["color"]["border"] == enc.ADDED
    assert "person:author" in nodes and "person:broker" in nodes
    green = {
        tuple(sorted((e["from"], e["to"])))
        for e in data["edges"]
        if e.get("color", {}).get("color") == enc.ADDED
    }
    red = [e for e in data["edges"] if e.get("color", {}).get("color") == enc.LOST]
    assert green == {("person:author", NEWCOMER), (NEWCOMER, "province:nan")}
    assert [tuple(sorted((e["from"], e["to"]))) for e in red] == [tuple(sorted(LOST_TIE[1:]))]
    assert red[0]["dashes"] is True and "knows" in red[0]["title"]
    assert "tie added" in page and "tie lost" in page  # the legend says what the colours mean
    assert f"snapshot {a}" in page and 'data-view="diff"' in page
    assert "081-000-9999" not in page  # contact fields never reach a view
    assert all("x" in n and "y" in n for n in data["nodes"])  # positions from the server


def test_a_diff_without_changes_is_an_empty_view_and_unknown_snapshots_are_not_found(
    changed: tuple[SQLiteStore, int, int],
) -> None:
    store, _, b = changed
    again = create_snapshot(store, store.project(), "same").id
    assert _data(diff_html(store, b, again))["nodes"] == []
    with pytest.raises(NotFound):
        diff_html(store, b, 999)
