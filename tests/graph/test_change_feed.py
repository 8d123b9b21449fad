"""The change feed, on every backend: ``changes_since`` names what writes touched, with its value now."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phakhee.graph.model import NodeKind, NodeRecord, Provenance, TieKind, TieRecord
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.graph.store import Delta, GraphStore

P = Provenance("people.xlsx", 2, "2026-01-01T00:00:00+00:00")


def person(slug: str, name: str = "สมชาย", **props: object) -> NodeRecord:
    return NodeRecord(f"person:{slug}", NodeKind.PERSON, {"name": name, **props}, P)


def team(slug: str, name: str = "ประชาคมน่าน") -> NodeRecord:
    return NodeRecord(f"team:{slug}", NodeKind.TEAM, {"name": name}, P)


def member(p: str, t: str, role: str = "member") -> TieRecord:
    return TieRecord(TieKind.MEMBER_OF, f"person:{p}", f"team:{t}", {"role": role}, P)


def key(t: TieRecord) -> tuple[str, str, str]:
    return (t.kind.value, t.source, t.target)


def names(delta: Delta | None) -> tuple[set[str], set[tuple[str, str, str]]]:
    assert delta is not None
    return set(delta.nodes), {(str(k), s, t) for k, s, t in delta.ties}


@pytest.fixture
def two(store: GraphStore) -> GraphStore:
    """Two people and a team, both people in it."""
    store.upsert_nodes([person("a"), person("b"), team("nan")])
    store.upsert_ties([member("a", "nan"), member("b", "nan")])
    return store


def test_nothing_changed_is_an_empty_delta(two: GraphStore) -> None:
    v = two.version()
    assert two.changes_since(v, 100) == Delta(v, v, {}, {})


def test_an_upsert_of_nodes_lists_their_ids_and_values(two: GraphStore) -> None:
    v = two.version()
    two.upsert_nodes([person("a", "สมหญิง"), person("c", "มาลี")])
    delta = two.changes_since(v, 100)
    assert delta is not None
    assert (delta.since, delta.version) == (v, v + 1)
    assert delta.nodes == {
        "person:a": person("a", "สมหญิง"),
        "person:c": person("c", "มาลี"),
    }
    assert delta.ties == {}


def test_an_upsert_that_changes_nothing_records_nothing(two: GraphStore) -> None:
    v = two.version()
    two.upsert_nodes([person("a")])
    two.upsert_ties([member("a", "nan")])
    assert two.version() == v
    assert two.changes_since(v, 100) == Delta(v, v, {}, {})


def test_an_upsert_of_ties_lists_their_keys_and_values(two: GraphStore) -> None:
    v = two.version()
    tie = member("a", "nan", "coordinator")
    two.upsert_ties([tie, member("c", "nan")])  # the second is refused: no person:c
    delta = two.changes_since(v, 100)
    assert delta is not None
    assert delta.nodes == {}
    assert dict(delta.ties) == {key(tie): tie}


def test_deleting_ties_lists_them_as_gone(two: GraphStore) -> None:
    v = two.version()
    two.delete_ties([key(member("a", "nan"))])
    assert names(two.changes_since(v, 100)) == (set(), {key(member("a", "nan"))})
    delta = two.changes_since(v, 100)
    assert delta is not None and list(delta.ties.values()) == [None]


def test_deleting_a_node_lists_it_and_every_tie_it_took(two: GraphStore) -> None:
    v = two.version()
    two.delete_node("team:nan")
    delta = two.changes_since(v, 100)
    assert delta is not None
    assert delta.nodes == {"team:nan": None}
    assert dict(delta.ties) == {key(member("a", "nan")): None, key(member("b", "nan")): None}


def test_a_node_deleted_and_made_again_has_none_of_its_old_ties(two: GraphStore) -> None:
    v = two.version()
    two.delete_node("team:nan")
    two.upsert_nodes([team("nan", "ใหม่")])
    delta = two.changes_since(v, 100)
    assert delta is not None
    assert delta.nodes == {"team:nan": team("nan", "ใหม่")}
    assert set(delta.ties.values()) == {None}
    assert len(delta.ties) == 2


def test_several_writes_add_up_with_the_values_of_now(two: GraphStore) -> None:
    v = two.version()
    two.upsert_nodes([person("a", "หนึ่ง")])
    two.upsert_nodes([person("a", "สอง"), person("c")])
    two.upsert_ties([member("c", "nan", "coordinator")])
    two.delete_ties([key(member("b", "nan"))])
    delta = two.changes_since(v, 100)
    assert delta is not None
    assert (delta.since, delta.version) == (v, v + 4)
    assert delta.nodes == {"person:a": person("a", "สอง"), "person:c": person("c")}
    assert dict(delta.ties) == {
        key(member("c", "nan")): member("c", "nan", "coordinator"),
        key(member("b", "nan")): None,
    }
    later = two.changes_since(v + 2, 100)  # from a version in between: only what came after
    assert names(later) == (set(), {key(member("c", "nan")), key(member("b", "nan"))})


def test_more_keys_than_the_limit_is_none(two: GraphStore) -> None:
    v = two.version()
    two.upsert_nodes([person("a", "x"), person("b", "y")])
    two.upsert_nodes([person("c")])
    assert two.changes_since(v, 2) is None
    assert two.changes_since(v, 3) is not None
    assert two.changes_since(v, 1) is None


def test_a_version_ahead_of_the_store_is_none(two: GraphStore) -> None:
    assert two.changes_since(two.version() + 1, 100) is None


def test_deleting_a_person_cuts_the_feed_for_every_older_version(two: GraphStore) -> None:
    v = two.version()
    two.upsert_nodes([team("phrae")])
    two.delete_node("person:a")  # an erasure: the feed must not keep the person's id
    now = two.version()
    assert two.changes_since(v, 100) is None
    assert two.changes_since(now - 1, 100) is None
    assert two.changes_since(now, 100) == Delta(now, now, {}, {})
    two.upsert_nodes([team("phrae", "แพร่")])
    assert names(two.changes_since(now, 100)) == ({"team:phrae"}, set())


def test_erasing_a_person_cuts_the_feed(two: GraphStore) -> None:
    from phakhee.queries.records.person_rights import erase_person

    v = two.version()
    erasure = erase_person(two, "person:a")
    assert two.changes_since(v, 100) is None
    assert two.changes_since(erasure.version, 100) == Delta(
        erasure.version, erasure.version, {}, {}
    )


def test_the_feed_never_shows_in_the_graph_reads(two: GraphStore) -> None:
    two.upsert_nodes([person("a", "x")])
    two.delete_node("team:nan")
    assert two.counts() == {"nodes": {"person": 2}, "ties": {}}
    assert [n.id for n in two.iter_nodes()] == ["person:a", "person:b"]
    assert [n.id for n in two.find_nodes()] == ["person:a", "person:b"]
    assert [n.id for n in two.find_nodes(where={"version": two.version()})] == []
    assert list(two.iter_ties()) == []
    g = two.project()
    assert sorted(g.nodes) == ["person:a", "person:b"]
    assert g.number_of_edges() == 0


def test_sqlite_keeps_the_feed_for_its_last_versions(tmp_path: Path) -> None:
    from phakhee.graph import sqlite_store

    s = SQLiteStore(tmp_path / "g.db")
    try:
        s.upsert_nodes([team("nan", "0")])
        first = s.version()
        keep = sqlite_store.FEED_VERSIONS
        with s._write() as con:  # as if FEED_VERSIONS writes had come since
            con.execute("UPDATE meta SET value = value + ? WHERE key = 'version'", (keep,))
            for v in range(first + 1, first + keep + 1):
                con.execute("INSERT INTO changes VALUES (?, ?, '[]', 1)", (v, b'["team:nan"]'))
        assert s.changes_since(first - 1, 10) is not None  # not pruned yet
        step = sqlite_store._PRUNE_EVERY
        while (s.version() + 1) % step:
            s.upsert_nodes([team("nan", str(s.version()))])
        s.upsert_nodes([team("nan", "pruned")])  # a multiple of _PRUNE_EVERY: prunes
        now = s.version()
        assert s.changes_since(first - 1, 10) is None
        assert s.changes_since(now - keep - 1, 10) is None
        assert names(s.changes_since(now - keep, 10)) == ({"team:nan"}, set())
        (oldest,) = s._con().execute("SELECT min(version) FROM changes").fetchone()
        assert oldest == now - keep + 1
    finally:
        s.close()


def test_a_sqlite_file_from_before_the_feed_gets_one(tmp_path: Path) -> None:
    s = SQLiteStore(tmp_path / "g.db")
    s.upsert_nodes([team("nan")])
    with s._write() as con:
        con.execute("DROP TABLE changes")
    s.close()
    s = SQLiteStore(tmp_path / "g.db")  # opened again: the table is made
    try:
        assert s.changes_since(0, 10) is None  # version 1 was never recorded
        s.upsert_nodes([team("nan", "x")])
        assert names(s.changes_since(1, 10)) == ({"team:nan"}, set())
    finally:
        s.close()


def test_the_feed_keeps_only_its_last_versions(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    backend = sys.modules[type(store).__module__]
    monkeypatch.setattr(backend, "FEED_VERSIONS", 3)
    monkeypatch.setattr(backend, "_PRUNE_EVERY", 2)
    for i in range(6):  # versions 1..6; the write of 6 prunes up to 3
        store.upsert_nodes([team("nan", str(i))])
    assert store.version() == 6
    assert store.changes_since(0, 10) is None
    assert store.changes_since(2, 10) is None  # version 3 was dropped
    assert names(store.changes_since(3, 10)) == ({"team:nan"}, set())  # 4, 5 and 6 are kept


def test_an_erased_person_leaves_no_trace_in_the_sqlite_file(tmp_path: Path) -> None:
    from phakhee.queries.records.person_rights import erase_person

    s = SQLiteStore(tmp_path / "g.db")
    try:
        s.upsert_nodes([person("somchai-jaidee"), team("nan")])
        s.upsert_ties([member("somchai-jaidee", "nan")])
        erase_person(s, "person:somchai-jaidee")  # a deletion alone is logged, to be undone
        files = [tmp_path / n for n in ("g.db", "g.db-wal") if (tmp_path / n).exists()]
        assert [f for f in files if b"somchai-jaidee" in f.read_bytes()] == []
    finally:
        s.close()


# --- a random sequence of writes, patched with the feed, is the projection now ----------------

PEOPLE = [f"person:p{i}" for i in range(4)]
TEAMS = [f"team:t{i}" for i in range(2)]
NODES = PEOPLE + TEAMS
props = st.fixed_dictionaries({"name": st.sampled_from(["ก", "ข", "ค"])}) | st.fixed_dictionaries(
    {"name": st.sampled_from(["ก", "ข"]), "note": st.integers(0, 2)}
)


def _tie(kind: TieKind, s: str, t: str, p: dict[str, object]) -> TieRecord:
    return TieRecord(kind, s, t, p, P)


tie = st.one_of(
    st.builds(
        _tie, st.just(TieKind.MEMBER_OF), st.sampled_from(PEOPLE), st.sampled_from(TEAMS), props
    ),
    st.builds(
        _tie, st.just(TieKind.KNOWS), st.sampled_from(PEOPLE), st.sampled_from(PEOPLE), props
    ),
)
node = st.builds(
    lambda i, p: NodeRecord(i, NodeKind.PERSON if i.startswith("person") else NodeKind.TEAM, p, P),
    st.sampled_from(NODES),
    props,
)
write = st.one_of(
    st.tuples(st.just("nodes"), st.lists(node, min_size=1, max_size=3)),
    st.tuples(st.just("ties"), st.lists(tie, min_size=1, max_size=3)),
    st.tuples(st.just("delete_node"), st.sampled_from(NODES)),
    st.tuples(st.just("delete_ties"), st.lists(tie.map(key), min_size=1, max_size=2)),
)


def apply(store: GraphStore, w: tuple[str, object]) -> None:
    what, arg = w
    if what == "nodes":
        store.upsert_nodes(arg)  # type: ignore[arg-type]
    elif what == "ties":
        store.upsert_ties(arg)  # type: ignore[arg-type]
    elif what == "delete_node":
        if store.get_nodes([arg]):  # type: ignore[list-item]
            store.delete_node(arg)  # type: ignore[arg-type]
    else:
        store.delete_ties(arg)  # type: ignore[arg-type]


def patched(g: nx.MultiDiGraph, delta: Delta) -> nx.MultiDiGraph:
    """The reference: ``g`` with the delta's nodes and ties replaced or removed by key."""
    g = copy.deepcopy(g)
    for node_id, n in delta.nodes.items():
        if n is None:
            if node_id in g:
                g.remove_node(node_id)
        elif node_id in g:
            g.nodes[node_id].clear()
            g.nodes[node_id].update(n.props, kind=n.kind.value)
        else:
            g.add_node(node_id, **n.props, kind=n.kind.value)
    for (kind, s, t), r in delta.ties.items():
        if g.has_edge(s, t, key=str(kind)):
            g.remove_edge(s, t, key=str(kind))
        if r is not None:
            g.add_edge(s, t, key=r.kind.value, **r.props, kind=r.kind.value)
    g.graph["version"] = delta.version
    return g


def shape(g: nx.MultiDiGraph) -> tuple[object, ...]:
    return (
        g.graph["version"],
        sorted(g.nodes(data=True)),
        sorted(g.edges(keys=True, data=True)),
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    before=st.lists(write, max_size=6),
    after=st.lists(write, max_size=8),
)
def test_a_projection_patched_with_the_feed_is_the_projection_now(
    store: GraphStore, before: list[tuple[str, object]], after: list[tuple[str, object]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        if isinstance(store, SQLiteStore):
            s: GraphStore = SQLiteStore(Path(folder) / "g.db")
        else:
            store.wipe()  # type: ignore[attr-defined]
            s = store
        try:
            for w in before:
                apply(s, w)
            then = s.project()
            erased = False
            for w in after:
                erased |= (
                    w[0] == "delete_node"
                    and str(w[1]).startswith("person:")
                    and bool(
                        s.get_nodes([w[1]])  # type: ignore[list-item]
                    )
                )
                apply(s, w)
            delta = s.changes_since(then.graph["version"], 1000)
            if erased:  # deleting a person cuts the feed
                assert delta is None
                return
            assert delta is not None
            assert shape(patched(then, delta)) == shape(s.project())
        finally:
            if s is not store:
                s.close()


def test_a_sqlite_file_from_before_the_feed_copied_under_an_open_store(tmp_path: Path) -> None:
    s = SQLiteStore(tmp_path / "g.db")
    try:
        s.upsert_nodes([team("nan")])
        with s._write() as con:  # what a restore of an older backup leaves behind
            con.execute("DROP TABLE changes")
        assert s.changes_since(0, 10) is None
        s.upsert_nodes([team("nan", "x")])
        assert names(s.changes_since(1, 10)) == ({"team:nan"}, set())
    finally:
        s.close()
