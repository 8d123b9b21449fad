"""A write applied to the last graph as a delta gives the graph a projection of the store's rows
gives, exactly, and leaves the last graph as it was (its readers go on using it)."""

from __future__ import annotations

import copy
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phakhee.graph.model import NodeRecord, TieKind, TieRecord, kind_of
from phakhee.graph.projection import apply_delta, fill_projection
from phakhee.graph.store import Delta, TieKey

Nodes = dict[str, dict[str, Any]]
"""A store's nodes: id -> properties (the kind is read off the id)."""
Ties = dict[TieKey, dict[str, Any]]
"""A store's ties: (kind, source, target) -> properties."""

A, B, T = "person:a", "person:b", "team:t"


def project(nodes: Nodes, ties: Ties, version: int) -> nx.MultiDiGraph:
    """The projection of these rows, as a store reads them: nodes by id, fresh dicts."""
    return fill_projection(
        [(n, kind_of(n).value, dict(p)) for n, p in sorted(nodes.items())],
        [(s, k, t, dict(p)) for (k, s, t), p in ties.items()],
        version=version,
    )


def state(g: nx.MultiDiGraph) -> tuple[Any, ...]:
    """The graph's own dictionaries, compared as plain dicts (order aside), deep-copied."""
    return copy.deepcopy((g.graph, g._node, g._succ, g._pred))


def delta(
    since: int,
    nodes: dict[str, dict[str, Any] | None] | None = None,
    ties: dict[TieKey, dict[str, Any] | None] | None = None,
) -> Delta:
    """A delta to the next version: each node and tie with its properties now (None: gone)."""
    return Delta(
        since,
        since + 1,
        {n: None if p is None else NodeRecord(n, kind_of(n), p) for n, p in (nodes or {}).items()},
        {
            (k, s, t): None if p is None else TieRecord(TieKind(k), s, t, p)
            for (k, s, t), p in (ties or {}).items()
        },
    )


BASE_NODES: Nodes = {A: {"name": "เอ"}, B: {"name": "บี"}, T: {"name": "ทีม"}}
BASE_TIES: Ties = {
    ("member_of", A, T): {"role": "chair"},
    ("member_of", B, T): {},
    ("knows", A, B): {"context": "school"},
}


@pytest.fixture
def base() -> nx.MultiDiGraph:
    g = project(BASE_NODES, BASE_TIES, 7)
    g.adj, g.succ, g.pred, g.nodes, g.edges  # noqa: B018 - views cached on the old graph
    return g


def applied(base: nx.MultiDiGraph, d: Delta) -> nx.MultiDiGraph:
    """``apply_delta``, checking that the base graph is left exactly as it was."""
    before = state(base)
    order = list(base._node)
    g = apply_delta(base, d)
    assert state(base) == before
    assert list(base._node) == order
    assert g.graph == {"version": d.version}
    return g


def test_a_renamed_node_has_its_new_attributes_and_shares_every_adjacency(
    base: nx.MultiDiGraph,
) -> None:
    g = applied(base, delta(7, {A: {"name": "เอใหม่", "name_en": "A"}}))
    assert g._node == {
        A: {"name": "เอใหม่", "name_en": "A", "kind": "person"},
        B: {"name": "บี", "kind": "person"},
        T: {"name": "ทีม", "kind": "team"},
    }
    assert g._node[B] is base._node[B]
    assert all(g._succ[n] is base._succ[n] and g._pred[n] is base._pred[n] for n in base)
    assert g.nodes[A]["name"] == "เอใหม่" and base.nodes[A]["name"] == "เอ"
    assert "adj" not in vars(g) and g.adj[A] == base.adj[A]


def test_an_added_tie_joins_its_two_ends_only(base: nx.MultiDiGraph) -> None:
    g = applied(base, delta(7, ties={("knows", B, A): {}, ("knows", A, B): {"context": "work"}}))
    assert g._succ == {
        A: {T: {"member_of": {"role": "chair", "kind": "member_of"}}, B: {"knows": _knows("work")}},
        B: {T: {"member_of": {"kind": "member_of"}}, A: {"knows": {"kind": "knows"}}},
        T: {},
    }
    assert g._pred == {
        A: {B: {"knows": {"kind": "knows"}}},
        B: {A: {"knows": _knows("work")}},
        T: {
            A: {"member_of": {"role": "chair", "kind": "member_of"}},
            B: {"member_of": {"kind": "member_of"}},
        },
    }
    assert g._succ[A][B] is g._pred[B][A]
    assert g._succ[T] is base._succ[T] and g._pred[T] is base._pred[T]
    assert g._succ[A][T] is base._succ[A][T]
    assert list(g.edges(keys=True)) != list(base.edges(keys=True))


def _knows(context: str) -> dict[str, str]:
    return {"context": context, "kind": "knows"}


def test_a_removed_tie_leaves_no_empty_key_dictionary(base: nx.MultiDiGraph) -> None:
    g = applied(base, delta(7, ties={("knows", A, B): None, ("knows", B, A): None}))
    assert g._succ == {
        A: {T: {"member_of": {"role": "chair", "kind": "member_of"}}},
        B: {T: {"member_of": {"kind": "member_of"}}},
        T: {},
    }
    assert g._pred[B] == {} and B not in g._succ[A]
    assert g.number_of_edges() == 2 and base.number_of_edges() == 3


def test_one_of_two_ties_between_the_same_ends_removed_keeps_the_other() -> None:
    ties: Ties = {("knows", A, B): {}, ("liaises_with", A, B): {}}
    g = applied(project(BASE_NODES, ties, 1), delta(1, ties={("knows", A, B): None}))
    assert g._succ[A] == {B: {"liaises_with": {"kind": "liaises_with"}}}
    assert g._succ[A][B] is g._pred[B][A]


def test_a_deleted_node_goes_with_its_ties_from_its_neighbours_too(base: nx.MultiDiGraph) -> None:
    ties = {("member_of", A, T): None, ("member_of", B, T): None}
    g = applied(base, delta(7, {T: None}, ties))
    assert g._node == {A: {"name": "เอ", "kind": "person"}, B: {"name": "บี", "kind": "person"}}
    assert g._succ == {A: {B: {"knows": _knows("school")}}, B: {}}
    assert g._pred == {A: {}, B: {A: {"knows": _knows("school")}}}
    assert not g.has_node(T) and base.has_node(T)


def test_a_deleted_node_goes_with_its_ties_even_when_the_delta_does_not_list_them(
    base: nx.MultiDiGraph,
) -> None:
    g = applied(base, delta(7, {A: None}))
    assert g._succ == {B: {T: {"member_of": {"kind": "member_of"}}}, T: {}}
    assert g._pred == {B: {}, T: {B: {"member_of": {"kind": "member_of"}}}}


def test_a_node_deleted_and_created_again_has_only_its_new_ties(base: nx.MultiDiGraph) -> None:
    nodes = {B: {"name": "บีใหม่"}}
    ties = {("member_of", B, T): None, ("knows", A, B): None, ("knows", B, A): {"context": "new"}}
    g = applied(base, delta(7, nodes, ties))
    assert g._node[B] == {"name": "บีใหม่", "kind": "person"}
    assert g._succ[B] == {A: {"knows": _knows("new")}}
    assert g._pred[B] == {}
    assert g._succ[A] == {T: {"member_of": {"role": "chair", "kind": "member_of"}}}
    assert g._pred[T] == {A: {"member_of": {"role": "chair", "kind": "member_of"}}}


def test_a_tie_whose_end_is_not_a_node_is_left_out_as_the_projection_leaves_it(
    base: nx.MultiDiGraph,
) -> None:
    ties = {("knows", A, "person:zz"): {}, ("member_of", "person:zz", T): {}, ("knows", A, T): None}
    g = applied(base, delta(7, ties=ties))
    assert state(g)[1:] == state(base)[1:]
    assert "person:zz" not in g


def test_an_empty_delta_moves_the_version_and_shares_everything(base: nx.MultiDiGraph) -> None:
    g = applied(base, delta(7))
    assert g.graph == {"version": 8} and base.graph == {"version": 7}
    assert state(g)[1:] == state(base)[1:]
    assert all(g._node[n] is base._node[n] and g._succ[n] is base._succ[n] for n in base)


def test_a_new_node_takes_its_place_in_id_order(base: nx.MultiDiGraph) -> None:
    g = applied(base, delta(7, {"person:aa": {"name": "ใหม่"}, "topic:z": {}}))
    assert list(g) == [A, "person:aa", B, T, "topic:z"] == list(g._succ) == list(g._pred)
    assert list(base) == [A, B, T]


def test_a_delta_from_another_version_is_refused(base: nx.MultiDiGraph) -> None:
    with pytest.raises(ValueError, match="from graph version 6 applied to version 7"):
        apply_delta(base, delta(6))


# Random stores and random writes: the delta a store would record, against the final rows.

IDS = [f"{kind}:{i}" for kind in ("person", "team", "topic") for i in range(4)]
KINDS = ["knows", "member_of", "works_on"]
props = st.dictionaries(st.sampled_from(["name", "role", "n"]), st.text(max_size=3), max_size=2)
node_ids = st.sampled_from(IDS)
tie_keys = st.tuples(st.sampled_from(KINDS), node_ids, node_ids)


@st.composite
def stores(draw: st.DrawFn) -> tuple[Nodes, Ties]:
    nodes = draw(st.dictionaries(node_ids, props))
    ties = draw(st.dictionaries(tie_keys, props))
    return nodes, {k: p for k, p in ties.items() if k[1] in nodes and k[2] in nodes}


writes = st.lists(
    st.one_of(
        st.tuples(st.just("node"), node_ids, props),
        st.tuples(st.just("delete node"), node_ids, st.none()),
        st.tuples(st.just("tie"), tie_keys, props),
        st.tuples(st.just("delete tie"), tie_keys, st.none()),
    ),
    max_size=12,
)


def write(nodes: Nodes, ties: Ties, ops: list[tuple[str, Any, Any]]) -> tuple[set, set]:
    """Apply writes to the rows as a store does (a tie with a missing end refused, a deleted node's
    ties deleted with it); the node ids and tie keys they touched."""
    touched_nodes: set[str] = set()
    touched_ties: set[TieKey] = set()
    for op, key, p in ops:
        if op == "node":
            nodes[key] = p
            touched_nodes.add(key)
        elif op == "delete node" and key in nodes:
            del nodes[key]
            touched_nodes.add(key)
            for tie in [t for t in ties if key in (t[1], t[2])]:
                del ties[tie]
                touched_ties.add(tie)
        elif op == "tie" and key[1] in nodes and key[2] in nodes:
            ties[key] = p
            touched_ties.add(key)
        elif op == "delete tie" and key in ties:
            del ties[key]
            touched_ties.add(key)
    return touched_nodes, touched_ties


@settings(max_examples=300, deadline=None)
@given(stores(), writes, st.lists(tie_keys, max_size=2))
def test_a_delta_applied_equals_the_projection_of_the_rows_after_it(
    store: tuple[Nodes, Ties], ops: list[tuple[str, Any, Any]], dangling: list[TieKey]
) -> None:
    nodes, ties = store
    old = project(nodes, ties, 3)
    old_rows = copy.deepcopy(store)
    touched_nodes, touched_ties = write(nodes, ties, ops)
    dangling = [k for k in dangling if k[1] not in nodes or k[2] not in nodes]
    d = delta(
        3,
        {n: copy.deepcopy(nodes.get(n)) for n in touched_nodes},
        {k: copy.deepcopy(ties.get(k)) for k in touched_ties} | {k: {} for k in dangling},
    )
    g = apply_delta(old, d)
    expected = project(nodes, ties, 4)
    assert state(g) == state(expected)
    assert list(g) == list(expected) == list(g._succ) == list(g._pred)
    assert all(g._succ[u][v] is g._pred[v][u] for u in g for v in g._succ[u])
    assert state(old) == state(project(*old_rows, 3))
