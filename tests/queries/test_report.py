"""The weave report on the hand-built gap network: its data, and its Markdown, HTML and JSON."""

from __future__ import annotations

import orjson
import pytest

from phakhee.graph.errors import NotFound
from phakhee.graph.store import GraphStore
from phakhee.queries.analytics.report import render, weave_report
from phakhee.queries.cache import GraphVersion
from tests.queries.gap_network import NODES, TIES
from tests.queries.network import write_network


@pytest.fixture
def gv(sqlite_store: GraphStore) -> GraphVersion:
    nodes = [
        n | {"name": "<script>alert(1)</script> A"} if n["id"] == "person:a" else n for n in NODES
    ]
    write_network(sqlite_store, nodes, TIES)
    return GraphVersion(sqlite_store.project())


def test_the_report_holds_brokers_gaps_and_scorecards(gv: GraphVersion) -> None:
    report = weave_report(gv)
    assert report.counts == {"person": 4, "team": 2, "partner": 5, "lesson": 2, "event": 1}
    assert [x.id for x in report.brokers] == ["person:a"]
    assert [x.id for x in report.cut_people] == ["person:a"]
    assert report.gap_totals == {
        "missing_sectors": 2,
        "operational_only": 1,
        "skill_gaps": 1,
        "topics_without_lessons": 1,
        "unshared_lessons": 1,
        "silent_pairs": 1,
    }
    assert [c.province for c in report.scorecards] == [
        "province:nan",
        "province:phrae",
        "province:ubon-ratchathani",
    ]


def test_a_province_report_keeps_what_involves_it(gv: GraphVersion) -> None:
    report = weave_report(gv, "province:phrae")
    assert report.title == "Weave report: แพร่"
    assert report.brokers == [] and report.cut_people == []
    assert report.gap_totals["missing_sectors"] == 1
    assert report.gap_totals["skill_gaps"] == 0
    assert [c.province for c in report.scorecards] == ["province:phrae"]
    with pytest.raises(NotFound):
        weave_report(gv, "province:atlantis")


def test_markdown_html_and_json(gv: GraphVersion) -> None:
    report = weave_report(gv)
    md = render(report, "md")
    assert md.startswith("# Weave report: the whole network")
    assert "## Gap: missing sectors" in md
    page = render(report, "html")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; A" in page
    data = orjson.loads(render(report, "json"))
    assert data["brokers"][0]["id"] == "person:a"
    assert data["scorecards"][0]["indicators"][0]["code"] == "1.2"
