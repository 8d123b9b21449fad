"""Suggested introductions: same topic, different province, one go-between; scores equal NetworkX's."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from phakhee.graph.model import node_record, parse_node, parse_tie, tie_record
from phakhee.graph.reference import ensure_reference
from phakhee.graph.store import GraphStore
from phakhee.queries.analytics.suggestions import candidate_scores, suggestions
from phakhee.queries.cache import GraphVersion

PEOPLE = {  # id: (province, topic)
    "person:hub": ("nan", None),
    "person:p1": ("nan", "youth"),
    "person:p2": ("ubon-ratchathani", "youth"),
    "person:p3": ("nan", "youth"),
    "person:p4": ("phrae", "law"),
}


@pytest.fixture
def gv(sqlite_store: GraphStore) -> GraphVersion:
    ensure_reference(sqlite_store)
    nodes = [{"kind": "topic", "id": f"topic:{t}", "name": t} for t in ("youth", "law")]
    nodes += [{"kind": "person", "id": p, "name": p.split(":")[1]} for p in PEOPLE]
    ties = [("located_in", p, f"province:{prov}") for p, (prov, _) in PEOPLE.items()]
    ties += [("works_on", p, f"topic:{t}") for p, (_, t) in PEOPLE.items() if t]
    ties += [("knows", "person:hub", p) for p in PEOPLE if p != "person:hub"]
    sqlite_store.upsert_nodes([node_record(parse_node(n)) for n in nodes])
    sqlite_store.upsert_ties(
        [tie_record(parse_tie({"kind": k, "source": s, "target": t})) for k, s, t in ties]
    )
    return GraphVersion(sqlite_store.project())


def test_same_topic_different_province_through_a_go_between(gv: GraphVersion) -> None:
    found = suggestions(gv)
    # p1-p3 share a province, p4 works on another topic: only the Nan-Ubon pairs remain.
    assert [(s.a, s.b) for s in found] == [
        ("person:p1", "person:p2"),
        ("person:p2", "person:p3"),
    ]
    assert all(s.score == 1 / math.log(4) for s in found)  # the hub knows four people
    assert found[0].introducer == "person:hub"
    assert found[0].topics == ["topic:youth"]
    assert found[0].reason == (
        "both work on youth; p1 is in น่าน, p2 in อุบลราชธานี; not yet working together, "
        "two steps apart through hub"
    )
    assert [(s.a, s.b) for s in suggestions(gv, province="province:ubon-ratchathani")] == [
        ("person:p1", "person:p2"),
        ("person:p2", "person:p3"),
    ]
    assert suggestions(gv, province="province:phrae") == []


@pytest.mark.parametrize(
    ("score", "reference"),
    [
        ("adamic_adar", nx.adamic_adar_index),
        ("resource_allocation", nx.resource_allocation_index),
    ],
)
def test_scores_equal_networkx_on_a_random_graph(score: str, reference: object) -> None:
    g = nx.gnm_random_graph(150, 500, seed=4)
    nx.set_edge_attributes(g, 1.0, "weight")
    rng = random.Random(1)
    where = {v: f"province:{rng.randrange(5)}" for v in g}
    topics = {v: {f"topic:{rng.randrange(4)}", f"topic:{rng.randrange(4)}"} for v in g}
    found = candidate_scores(g, where, topics, score)
    want = {
        (min(u, v), max(u, v)): s
        for u, v, s in reference(g)  # type: ignore[operator]
        if s > 0 and where[u] != where[v] and topics[u] & topics[v]
    }
    assert len(found) == len(want) > 100
    for s, u, v in found:
        assert abs(s - want[(u, v)]) < 1e-12
    assert [s for s, _, _ in found] == sorted((s for s, _, _ in found), reverse=True)
