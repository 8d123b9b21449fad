"""A live graph: writes go through the store while a GraphCache reads in between, and every
version it builds, by a delta from the last one or projected whole, is the store's projection of
that version; the version it was made from is left as it was."""

from __future__ import annotations

import contextlib
import copy
from typing import Any

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phakhee.graph.errors import NotFound
from phakhee.graph.model import NodeRecord, TieKind, TieRecord, kind_of
from phakhee.graph.store import GraphStore
from phakhee.queries.cache import DELTA_LIMIT, GraphCache, GraphVersion

PEOPLE = [f"person:p{i}" for i in range(4)]
TEAMS = ["team:t0", "team:t1"]
TOPICS = ["topic:youth"]
names = st.text("กขคabc", max_size=3)
props = st.fixed_dictionaries({"name": names}, optional={"note": names, "n": st.integers(0, 3)})
people, teams, topics = (st.sampled_from(ids) for ids in (PEOPLE, TEAMS, TOPICS))
tie_keys = st.one_of(
    st.tuples(st.just("knows"), people, people),
    st.tuples(st.just("member_of"), people, teams),
    st.tuples(st.just("works_on"), st.one_of(people, teams), topics),
)
writes = st.lists(
    st.tuples(
        st.one_of(
            st.tuples(st.just("node"), st.one_of(people, teams, topics), props),
            st.tuples(st.just("delete node"), st.one_of(people, teams, topics), st.none()),
            st.tuples(
                st.just("tie"), tie_keys, st.fixed_dictionaries({}, optional={"note": names})
            ),
            st.tuples(st.just("delete tie"), tie_keys, st.none()),
        ),
        st.booleans(),  # whether the cache reads after this write
    ),
    min_size=1,
    max_size=10,
)


def write(store: GraphStore, op: str, key: Any, p: dict[str, Any] | None) -> None:
    """One write through the store, as a load or a page would make it."""
    if op == "node":
        store.upsert_nodes([NodeRecord(key, kind_of(key), p or {})])
    elif op == "delete node":
        with contextlib.suppress(NotFound):
            store.delete_node(key)
    elif op == "tie":
        kind, source, target = key
        store.upsert_ties(
            [TieRecord(TieKind(kind), source, target, p or {})]
        )  # a missing end: refused
    else:
        store.delete_ties([key])


def state(g: nx.MultiDiGraph) -> tuple[Any, ...]:
    """The graph's own dictionaries as plain data (node and neighbour order aside)."""
    return copy.deepcopy((g.graph, g._node, g._succ, g._pred))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(writes)
def test_every_version_built_by_delta_is_the_stores_projection_of_it(
    store: GraphStore, ops: list[tuple[tuple[str, Any, Any], bool]]
) -> None:
    cache = GraphCache(store)  # fresh_wait None: every read waits for the store's version
    try:
        gv = cache.current()
        assert gv.delta is None  # the first version is projected whole
        assert cache.settled(5)  # its build has ended: a write now is not built behind our back
        seen = [(gv, state(gv.graph))]
        for (op, key, p), read in ops:
            before = store.version()
            write(store, op, key, p)
            if not read or store.version() == before:
                continue
            previous = gv
            could_follow = store.changes_since(previous.version, DELTA_LIMIT) is not None
            gv = cache.current()
            assert gv.version == store.version()
            assert state(gv.graph) == state(store.project())
            assert list(gv.graph) == sorted(gv.graph)  # nodes in id order, as projected
            assert (gv.delta is not None) == could_follow
            if gv.delta is not None:
                assert (gv.delta.since, gv.delta.version) == (previous.version, gv.version)
            assert cache.settled(5) and gv.previous is None  # versions do not chain
            seen.append((gv, state(gv.graph)))
        for old, then in seen:  # no later version changed an earlier one's graph
            assert state(old.graph) == then
    finally:
        assert cache.drain(10)


def test_a_rename_is_applied_as_a_delta_sharing_what_it_did_not_touch(store: GraphStore) -> None:
    store.upsert_nodes([NodeRecord(p, kind_of(p), {"name": p[-2:]}) for p in PEOPLE])
    store.upsert_ties([TieRecord(TieKind.KNOWS, PEOPLE[0], PEOPLE[1], {})])
    seen: list[GraphVersion] = []
    cache = GraphCache(store, prepare=seen.append)
    try:
        first = cache.current()
        store.upsert_nodes([NodeRecord(PEOPLE[0], kind_of(PEOPLE[0]), {"name": "สมชาย"})])
        gv = cache.current()
        assert gv.graph.nodes[PEOPLE[0]] == {"name": "สมชาย", "kind": "person"}
        assert first.graph.nodes[PEOPLE[0]] == {"name": "p0", "kind": "person"}
        assert state(gv.graph) == state(store.project())
        assert seen == [gv]
        assert gv.delta is not None and list(gv.delta.nodes) == [PEOPLE[0]]
        assert gv.graph._succ[PEOPLE[1]] is first.graph._succ[PEOPLE[1]]  # shared, not copied
        assert cache.settled(5) and gv.previous is None
    finally:
        assert cache.drain(10)
