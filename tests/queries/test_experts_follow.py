"""The expert index follows a delta exactly: after each write of a drawn sequence, on each store,
the graph version made by the store's change feed holds the index ``ExpertIndex`` builds whole on
its graph (every topic's and skill's ranking, the overall one, who holds what), and the previous
version's index is left as it was. (A node's deletion cuts the feed, as an erasure does: the
version after it is projected and its index built whole.)"""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phakhee.graph.model import NodeKind, NodeRecord, TieKind, TieRecord
from phakhee.graph.store import GraphStore
from phakhee.queries.ask.experts import ExpertIndex, expert_index
from phakhee.queries.cache import GraphCache, GraphVersion
from tests.queries.network import build_small_network

PEOPLE = ["person:author", "person:attendee", "person:broker", "person:ubon", "person:new"]
EVIDENCE = ["lesson:l1", "lesson:l2", "event:old", "team:nan"]
SUBJECTS = ["topic:youth", "topic:lent", "skill:facilitation", "topic:new"]


def _index(index: ExpertIndex) -> tuple[object, ...]:
    """Everything an index holds, as plain data."""
    return (index.as_of, dict(index.ranked), list(index.ranked), index.overall, index.subjects_of)


def _prepare(gv: GraphVersion) -> None:
    """The API's preparation of a new version, for the expert index alone."""
    if gv.followable("experts"):
        expert_index(gv)


@pytest.fixture
def cache(store: GraphStore) -> Iterator[GraphCache]:
    """The small network in each store, its versions made by the change feed."""
    build_small_network(store)
    store.upsert_nodes([NodeRecord("skill:facilitation", NodeKind.SKILL, {"name": "Facilitation"})])
    cache = GraphCache(store, prepare=_prepare)
    expert_index(cache.current())
    yield cache
    cache.drain()


people, evidence, subjects = (st.sampled_from(x) for x in (PEOPLE, EVIDENCE, SUBJECTS))
writes = st.one_of(
    st.tuples(
        st.just("rename"),
        st.sampled_from(PEOPLE + EVIDENCE + SUBJECTS[:3]),
        st.text("กขค ab", min_size=1, max_size=4),
    ),
    st.tuples(
        st.just("date"),
        st.sampled_from(EVIDENCE[:3]),
        st.sampled_from(["2019-05-01", "2024-02-29", None]),
    ),
    st.tuples(
        st.just("tie"),
        st.sampled_from(["authored", "attended"]),
        people,
        st.sampled_from(EVIDENCE[:3]),
    ),
    st.tuples(st.just("tie"), st.just("about"), st.sampled_from(EVIDENCE[:3]), subjects),
    st.tuples(
        st.just("tie"), st.just("works_on"), st.sampled_from([*PEOPLE[:3], "team:nan"]), subjects
    ),
    st.tuples(st.just("tie"), st.just("member_of"), people, st.just("team:nan")),
    st.tuples(st.just("tie"), st.just("has_skill"), people, st.just("skill:facilitation")),
    st.tuples(
        st.just("tie"),
        st.just("located_in"),
        people,
        st.sampled_from(["province:nan", "province:ubon-ratchathani"]),
    ),
    st.tuples(
        st.just("untie"),
        st.sampled_from(["about", "authored", "member_of", "works_on", "located_in"]),
        st.sampled_from(PEOPLE + EVIDENCE),
        st.sampled_from(SUBJECTS + EVIDENCE + ["province:nan"]),
    ),
    st.tuples(st.just("make"), st.sampled_from(["person:new", "topic:new"])),
    st.tuples(
        st.just("delete"), st.sampled_from(["person:new", "topic:new", "person:ubon", "lesson:l2"])
    ),
)
PROPS = {
    "member_of": st.sampled_from([{"role": "chair"}, {"role": "member", "since": "2023-01-01"}]),
    "works_on": st.sampled_from([{}, {"role": "lead"}]),
    "has_skill": st.sampled_from([{"level": "advanced"}, {"level": "beginner"}]),
}


def _write(store: GraphStore, write: tuple, draw: st.DataObject) -> None:
    op, *args = write
    if op == "rename" or op == "date":
        node, value = args
        old = store.get_nodes([node]).get(node)
        if old is not None:
            field = "name" if op == "rename" else "date"
            props = {k: v for k, v in (old.props | {field: value}).items() if v is not None}
            store.upsert_nodes([NodeRecord(node, old.kind, props)])
    elif op == "tie":
        kind, source, target = args
        props = draw.draw(PROPS.get(kind, st.just({})))
        if len(store.get_nodes([source, target])) == 2:
            store.upsert_ties([TieRecord(TieKind(kind), source, target, props)])
    elif op == "untie":
        store.delete_ties([tuple(args)])
    elif op == "make":
        (node,) = args
        kind = NodeKind.PERSON if node.startswith("person:") else NodeKind.TOPIC
        store.upsert_nodes([NodeRecord(node, kind, {"name": "ใหม่"})])
    elif store.get_nodes([args[0]]):
        store.delete_node(args[0])


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(writes, min_size=1, max_size=5), draw=st.data())
def test_a_drawn_sequence_of_writes_follows_as_a_build_on_the_new_graph(
    cache: GraphCache, steps: list[tuple], draw: st.DataObject
) -> None:
    for write in steps:
        before = cache.current()
        old = expert_index(before)
        kept = copy.deepcopy(_index(old))
        _write(cache.store, write, draw)
        after = cache.current()
        if after.version == before.version:
            continue  # the write changed nothing
        followed = expert_index(after)
        assert _index(followed) == _index(ExpertIndex(after.graph))
        assert _index(old) == kept


def test_a_renamed_person_keeps_every_score_and_shares_what_they_are_not_in(
    cache: GraphCache,
) -> None:
    before = cache.current()
    old = expert_index(before)
    node = cache.store.get_node("person:attendee")
    cache.store.upsert_nodes([NodeRecord(node.id, node.kind, node.props | {"name": "มาลี ใหม่"})])
    after = cache.current()
    followed = expert_index(after)
    assert _index(followed) == _index(ExpertIndex(after.graph))

    def theirs(index: ExpertIndex) -> list[tuple[str, float]]:
        return [(e.name, e.score) for e in index.ranked["topic:youth"] if e.id == node.id]

    assert [name for name, _ in theirs(old)] == ["มาลี ศรีสุข"]
    assert theirs(followed) == [("มาลี ใหม่", theirs(old)[0][1])]
    assert followed.ranked["topic:lent"] is old.ranked["topic:lent"]  # not theirs: shared
