"""What a page draws from its inputs: gaps marked even when the tie is not in the view."""

from __future__ import annotations

from phakhee.viz.views import network_page
from tests.viz.test_escaping import _data, _selection


def test_bridges_and_suggestions_are_drawn_even_without_a_tie_in_the_view() -> None:
    sel = _selection()
    sel.nodes["person:c"] = {"kind": "person", "name": "ค"}
    page = network_page(
        sel,
        sizes={},
        positions={},
        bridges=[("person:c", "team:b")],
        suggestions=[("person:a", "person:c")],
    )
    edges = {(e["from"], e["to"]): e for e in _data(page)["edges"]}
    assert edges[("person:c", "team:b")]["width"] == 6.0
    assert edges[("person:a", "person:c")]["dashes"] is True
    assert edges[("person:a", "team:b")]["width"] < 6.0
