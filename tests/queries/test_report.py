"""The weave report on the hand-built gap network: its data, and its Markdown, HTML and JSON."""

from __future__ import annotations

import orjson
import pytest

from phakhee.graph.errors import NotFound
from phakhee.graph.store import GraphStore
from phakhee.queries.analytics.report import NoNetwork, WeaveReport, render, weave_report
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
    assert isinstance(report, WeaveReport)
    assert report.counts == {"person": 4, "team": 2, "partner": 5, "lesson": 2, "event": 1}
    assert report.country_counts is None
    # Without A, B (Nan) and U (Ubon) lose each other: A is the one cut point.
    assert [(x.id, x.cut_off) for x in report.brokers] == [("person:a", 1)]
    assert report.broker_total == 1
    assert report.communities["count"] == 2 and report.communities["country_count"] is None
    assert [(c["id"], c["size"]) for c in report.communities["largest"]] == [(0, 3), (1, 1)]
    assert report.gap_totals == {
        "missing_sectors": 2,
        "operational_only": 1,
        "skill_gaps": 1,
        "topics_without_lessons": 1,
        "unshared_lessons": 1,
        "silent_pairs": 1,
        "missing_partner_types": 3,  # no partner of this network has a type
    }
    assert [c.province for c in report.scorecards] == [
        "province:nan",
        "province:phrae",
        "province:ubon-ratchathani",
    ]


def test_a_province_report_keeps_what_involves_it(gv: GraphVersion) -> None:
    report = weave_report(gv, "province:phrae")
    assert isinstance(report, WeaveReport)
    assert report.title == "Weave report: แพร่"
    assert report.brokers == [] and report.broker_total == 0
    assert report.gap_totals["missing_sectors"] == 1
    assert report.gap_totals["skill_gaps"] == 0
    assert [c.province for c in report.scorecards] == ["province:phrae"]
    with pytest.raises(NotFound):
        weave_report(gv, "province:atlantis")


@pytest.mark.parametrize(
    ("province", "counts", "communities"),
    [
        # Nan: A and B, its team, the team's four partners, both lessons; A and B are with U.
        ("province:nan", (2, 1, 4, 2, 0), [(0, 2, 3, ["person:a", "person:b"])]),
        # Phrae: C, its team and partner; C is a community alone.
        ("province:phrae", (1, 1, 1, 0, 0), [(1, 1, 1, ["person:c"])]),
        # Ubon: U and the exchange held there; U is with A and B.
        ("province:ubon-ratchathani", (1, 0, 0, 0, 1), [(0, 1, 3, ["person:u"])]),
    ],
)
def test_a_province_report_counts_its_own_and_its_peoples_communities(
    gv: GraphVersion, province: str, counts: tuple, communities: list
) -> None:
    report = weave_report(gv, province)
    assert isinstance(report, WeaveReport)
    assert report.counts == dict(
        zip(("person", "team", "partner", "lesson", "event"), counts, strict=True)
    )
    assert report.country_counts == {"person": 4, "team": 2, "partner": 5, "lesson": 2, "event": 1}
    c = report.communities
    assert (c["count"], c["country_count"]) == (len(communities), 2)
    assert [
        (x["id"], x["people_here"], x["size"], x["members"]) for x in c["largest"]
    ] == communities
    md = render(report, "md")
    assert "| the whole network | 4 | 2 | 5 | 2 | 1 |" in md
    assert "## Communities: 1 with people here (the whole network: 2, modularity " in md


def test_a_province_without_network_gets_one_line(gv: GraphVersion) -> None:
    report = weave_report(gv, "province:chiang-mai")
    assert isinstance(report, NoNetwork)
    line = (
        "No network in เชียงใหม่ (province:chiang-mai): no team or person is located there"
        f" (graph version {gv.version})."
    )
    assert render(report, "md") == line + "\n"
    assert render(report, "html") == (
        '<!doctype html><html lang="th"><head><meta charset="utf-8">'
        "<title>Weave report: เชียงใหม่</title></head>"
        f"<body><p>{line}</p></body></html>\n"
    )
    assert orjson.loads(render(report, "json")) == {
        "title": "Weave report: เชียงใหม่",
        "province": "province:chiang-mai",
        "version": gv.version,
        "made": report.made,
        "message": line,
    }
    assert len(render(report, "json").splitlines()) == 1


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
