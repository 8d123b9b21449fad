"""The search index and the name resolver follow a delta exactly: a graph version made from the
previous one by a delta answers every search and every name as an index built whole on its
graph answers it (the same hits, scores and order; the same Ambiguous and NotFound), and the
previous version's index answers as it did before."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phakhee.graph.errors import Ambiguous, NotFound
from phakhee.graph.model import NodeKind, NodeRecord, TieKind, TieRecord
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.graph.store import Delta, TieKey
from phakhee.loaders.resolve import Resolver
from phakhee.queries.ask import resolve, search
from phakhee.queries.ask.search import SearchIndex, index_of
from phakhee.queries.cache import GraphVersion
from phakhee.queries.pages.find import find
from tests.queries.network import build_small_network
from tests.queries.search_network import search_graph
from tests.queries.test_search_ranking import SHORT, SMALL

TABLES = ("values", "by_unit", "by_gram", "by_slip", "by_loose", "by_sound", "spelled", "named")
"""Everything a search index holds besides its graph."""

QUERIES = [
    *dict.fromkeys(q[0] for q in SMALL),
    *SHORT,
    # names the changes below give, take away or touch, with slips, in parts, in English
    "สมหมาย ใจดี",
    "สมหมาย",
    "สมหมาย ใจดิ",
    "Sommai",
    "Sommai Jaidee",
    "Somchai",
    "ใจดี",
    "ใจ",
    "มาลี",
    "มาลี ศรีสุข",
    "ศรีสุข",
    "หมอมาลี",
    "อนันต์",
    "เชื่อมภาค",
    "บุญมี",
    "ทองดี",
    "ประชาคม",
    "วัด",
    "น่าน",
    "อุบล",
    "จังหวัด",
    "volunteer",
    "Jon",
]
"""What is searched for after each change: the ranking tests' queries and the changed names."""

KIND_SETS: list[frozenset[str] | None] = [None, frozenset({"person"}), frozenset({"team", "topic"})]


def _tables(index: SearchIndex) -> dict[str, dict[Any, Any]]:
    """The index's tables as plain dicts of copies (what it holds now, for later comparison)."""
    return {name: {k: copy.copy(v) for k, v in getattr(index, name).items()} for name in TABLES}


def _answers(index: SearchIndex, queries: Iterable[str]) -> list[list[search.Hit]]:
    return [search.search(index, q, kinds=kinds, limit=30) for q in queries for kinds in KIND_SETS]


def _changed(
    gv: GraphVersion,
    nodes: Mapping[str, dict[str, Any] | None] = {},
    ties: Mapping[TieKey, dict[str, Any] | None] = {},
) -> GraphVersion:
    """The next graph version: a copy of ``gv``'s graph with the nodes (attributes with their
    kind; None: deleted with their ties) and ties (properties; None: deleted) set, and the delta
    saying so, as a store's change feed would."""
    graph = gv.graph.copy()
    graph.graph["version"] = gv.version + 1
    node_records: dict[str, NodeRecord | None] = {}
    for node, attrs in nodes.items():
        if attrs is None:
            if node in graph:
                graph.remove_node(node)
            node_records[node] = None
            continue
        if node in graph:
            graph.nodes[node].clear()
        graph.add_node(node, **attrs)
        props = {k: v for k, v in attrs.items() if k != "kind"}
        node_records[node] = NodeRecord(node, NodeKind(attrs["kind"]), props)
    tie_records: dict[TieKey, TieRecord | None] = {}
    for (kind, source, target), props in ties.items():
        if props is None:
            if graph.has_edge(source, target, key=kind):
                graph.remove_edge(source, target, key=kind)
            tie_records[(kind, source, target)] = None
        elif source in graph and target in graph:
            graph.add_edge(source, target, key=kind, kind=kind, **props)
            tie_records[(kind, source, target)] = TieRecord(TieKind(kind), source, target, props)
    delta = Delta(gv.version, gv.version + 1, node_records, tie_records)
    return GraphVersion(graph, previous=gv, delta=delta)


def _first(graph: nx.MultiDiGraph) -> GraphVersion:
    graph.graph.setdefault("version", 1)
    return GraphVersion(graph)


def _attrs(gv: GraphVersion, node: str, **changes: Any) -> dict[str, Any]:
    """A node's attributes with some changed (None: left out)."""
    attrs = dict(gv.graph.nodes[node]) | changes
    return {k: v for k, v in attrs.items() if v is not None}


def _assert_search_follows(
    before: GraphVersion, after: GraphVersion, queries: list[str] = QUERIES
) -> None:
    """``after``'s index, followed from ``before``'s, is the one built whole on its graph, and
    ``before``'s answers as it did."""
    old = index_of(before)
    old_tables, old_answers = _tables(old), _answers(old, queries)
    followed = index_of(after)
    fresh = SearchIndex(after.graph)
    assert followed is not fresh and followed.graph is after.graph
    assert _tables(followed) == _tables(fresh)
    assert _answers(followed, queries) == _answers(fresh, queries)
    assert _tables(old) == old_tables
    assert _answers(old, queries) == old_answers


# The resolver: what a text resolves to, or how it is refused.

TEXTS = [
    *QUERIES[:40],
    "person:somchai",
    "somchai",
    "person:new",
    "new",
    "topic:youth",
    "นายสมชาย ใจดี",
    "นางสาวมาลี ศรีสุข",
    "สมชายใจดี",
    "งดเหล้า เข้าพรรษา",
    "Nan",
    "จังหวัดน่าน",
]
RESOLVE_KINDS = [
    frozenset({NodeKind.PERSON}),
    frozenset({NodeKind.PERSON, NodeKind.TEAM, NodeKind.PARTNER}),
    frozenset({NodeKind.TOPIC, NodeKind.LESSON, NodeKind.EVENT}),
]
"""Kinds names are resolved among (not the built-in provinces, regions and skills: their names
are the same in every version)."""


def _resolved(r: Resolver, text: str, kinds: frozenset[NodeKind]) -> tuple[Any, ...]:
    try:
        return ("found", r.resolve(text, kinds))
    except Ambiguous as e:
        return ("ambiguous", str(e), e.candidates)
    except NotFound as e:
        return ("not found", str(e), e.suggestions)


def _resolutions(r: Resolver, texts: list[str]) -> list[tuple[Any, ...]]:
    return [_resolved(r, t, k) for t in texts for k in RESOLVE_KINDS]


def _names(r: Resolver) -> dict[str, tuple[Any, ...]]:
    """Each kind's names as the resolver holds them, with the lookups built on first use."""
    source = r.source
    assert isinstance(source, resolve.GraphNames)
    out = {}
    for kind in NodeKind:
        n = source.names(kind)
        n.loose("")  # the lookups built on first use, built now
        n.near("xxxx")
        out[kind] = (n.keys, n.shown, n._loose, n._bare, n._chars)
    return out


def _assert_resolver_follows(
    before: GraphVersion, after: GraphVersion, texts: list[str] = TEXTS
) -> None:
    """``after``'s resolver, its names followed from ``before``'s, resolves as one made on its
    graph, and ``before``'s as it did."""
    old = resolve.resolver(before)
    old_answers = _resolutions(old, texts)
    old_names = copy.deepcopy(_names(old))
    followed = resolve.resolver(after)
    fresh = resolve.graph_resolver(after.graph)
    assert followed.source is not fresh.source
    assert _resolutions(followed, texts) == _resolutions(fresh, texts)
    followed_names, fresh_names = _names(followed), _names(fresh)
    for kind in NodeKind:  # the letters only grow: a letter no key holds makes no near miss
        keys, shown, loose, bare, chars = followed_names[kind]
        assert (keys, shown, loose, bare) == fresh_names[kind][:4]
        assert chars >= fresh_names[kind][4]
    assert _names(old) == old_names
    assert _resolutions(old, texts) == old_answers


def _assert_follows(
    before: GraphVersion,
    after: GraphVersion,
    queries: list[str] = QUERIES,
    texts: list[str] = TEXTS,
) -> None:
    _assert_search_follows(before, after, queries)
    _assert_resolver_follows(before, after, texts)


@pytest.fixture
def small() -> GraphVersion:
    """The search ranking's hand-built network (no ties), its version 1."""
    return _first(search_graph())


@pytest.fixture
def tied(tmp_path: Path) -> GraphVersion:
    """The queries' small network with its ties (people located in provinces), projected."""
    store = SQLiteStore(tmp_path / "small.db")
    build_small_network(store)
    graph = store.project()
    store.close()
    return GraphVersion(graph)


# Changes made by hand.


def test_a_renamed_person_is_found_by_the_new_name_and_not_the_old(small: GraphVersion) -> None:
    after = _changed(
        small,
        {"person:somchai": _attrs(small, "person:somchai", name="สมหมาย ใจดี", name_en="Sommai")},
    )
    _assert_follows(small, after)
    hits = search.search(index_of(after), "สมหมาย ใจดี")
    assert (hits[0].id, hits[0].name, hits[0].how) == ("person:somchai", "สมหมาย ใจดี", "exact")
    assert "person:somchai" not in [h.id for h in search.search(index_of(after), "Somchai Jaidee")]
    assert resolve.node(after, "สมหมาย ใจดี", ["person"]) == "person:somchai"
    assert resolve.node(small, "สมชาย ใจดี", ["person"]) == "person:somchai"  # before: as it was
    with pytest.raises(NotFound):
        resolve.node(after, "Somchai Jaidee", ["person"])


def test_an_added_alias_finds_the_topic_and_makes_a_name_ambiguous(small: GraphVersion) -> None:
    after = _changed(
        small,
        {"topic:lent": _attrs(small, "topic:lent", aliases=["เยาวชน", "Lent campaign"])},
    )
    _assert_follows(small, after)
    assert resolve.node(small, "เยาวชน", ["topic"]) == "topic:youth"
    with pytest.raises(Ambiguous) as refused:
        resolve.node(after, "เยาวชน", ["topic"])
    assert [i for i, _ in refused.value.candidates] == ["topic:lent", "topic:youth"]


def test_a_deleted_node_is_no_longer_found(small: GraphVersion) -> None:
    after = _changed(small, {"person:somchai-2": None})
    _assert_follows(small, after)
    assert "person:somchai-2" not in [
        h.id for h in search.search(index_of(after), "สมชัย", limit=50)
    ]
    with pytest.raises(NotFound):
        resolve.node(after, "person:somchai-2", ["person"])


def test_an_added_node_is_found_by_every_name(small: GraphVersion) -> None:
    new = {
        "kind": "person",
        "name": "มาลี ศรีสุข",
        "name_en": "Malee Srisuk",
        "aliases": ["หมอมาลี"],
        "tags": ["volunteer"],
        "description": "ผู้ประสานงานจังหวัดน่าน",
    }
    after = _changed(small, {"person:new": new})
    _assert_follows(small, after)
    assert search.search(index_of(after), "หมอมาลี")[0].id == "person:new"
    assert resolve.node(after, "new", ["person"]) == "person:new"


def test_a_word_that_goes_with_its_last_holder_leaves_the_spelling_tables(
    small: GraphVersion,
) -> None:
    # ณัฐพล is the only name holding its words: its slips and sound go with it, and come back
    after = _changed(small, {"person:natthaphon": None})
    _assert_follows(small, after)
    assert search.search(index_of(after), "นัทพล") == search.search(SearchIndex(after.graph), "นัทพล")
    back = _changed(after, {"person:natthaphon": dict(small.graph.nodes["person:natthaphon"])})
    _assert_follows(after, back)
    assert search.search(index_of(back), "นัทพล")[0].id == "person:natthaphon"


def test_a_change_outside_the_text_shares_every_table(small: GraphVersion) -> None:
    after = _changed(small, {"person:wichai": _attrs(small, "person:wichai", phone="0812345678")})
    _assert_follows(small, after)
    old, new = index_of(small), index_of(after)
    assert all(getattr(new, t) is getattr(old, t) for t in TABLES)


def test_a_rename_shares_the_sets_it_did_not_touch(small: GraphVersion) -> None:
    after = _changed(small, {"person:somchai": _attrs(small, "person:somchai", name="สมหมาย ใจดี")})
    old, new = index_of(small), index_of(after)
    assert new.by_unit["เยาวชน"] is old.by_unit["เยาวชน"]
    assert new.by_unit["ใจดี"] is old.by_unit["ใจดี"]  # the surname stayed
    assert new.by_unit["สมหมาย"] == {("person:somchai", "name")}
    assert old.by_unit["สมชาย"] == {("person:somchai", "name")}
    assert "สมชาย" not in new.by_unit


def test_moving_a_person_to_another_province_shows_the_new_province(tied: GraphVersion) -> None:
    """A hit's province is read from the graph as it is shown: the index has nothing of it."""
    after = _changed(
        tied,
        ties={
            ("located_in", "person:author", "province:nan"): None,
            ("located_in", "person:author", "province:ubon-ratchathani"): {},
        },
    )
    _assert_follows(tied, after)
    assert all(getattr(index_of(after), t) is getattr(index_of(tied), t) for t in TABLES)
    before_place = find(tied, "สมชาย ใจดี")[0].province
    after_place = find(after, "สมชาย ใจดี")[0].province
    assert (before_place and before_place.id, after_place and after_place.id) == (
        "province:nan",
        "province:ubon-ratchathani",
    )


def test_ties_added_and_removed_change_no_answer(tied: GraphVersion) -> None:
    after = _changed(
        tied,
        ties={
            ("knows", "person:author", "person:far"): {"context": "งานบุญ"},
            ("member_of", "person:broker", "team:nan"): None,
        },
    )
    _assert_follows(tied, after)


def test_a_node_deleted_with_its_ties_on_the_tied_network(tied: GraphVersion) -> None:
    after = _changed(
        tied,
        {"team:nan": None},
        {
            ("member_of", "person:author", "team:nan"): None,
            ("member_of", "person:broker", "team:nan"): None,
            ("partners_with", "team:nan", "partner:temple-nan"): None,
        },
    )
    _assert_follows(tied, after)
    assert not [h for h in search.search(index_of(after), "ประชาคม", limit=50) if h.kind == "team"]


def test_changes_in_a_row_each_follow_the_one_before(small: GraphVersion) -> None:
    one = _changed(small, {"person:john": _attrs(small, "person:john", name="Jon Smith")})
    two = _changed(one, {"person:john": _attrs(one, "person:john", aliases=["John Smith"])})
    three = _changed(two, {"topic:youth": _attrs(two, "topic:youth", aliases=None)})
    for before, after in ((small, one), (one, two), (two, three)):
        _assert_follows(before, after)
    assert resolve.node(three, "John Smith", ["person"]) == "person:john"


def test_a_large_delta_builds_the_index_whole(small: GraphVersion) -> None:
    people = [n for n, a in small.graph.nodes(data=True) if a["kind"] == "province"]
    after = _changed(small, {n: _attrs(small, n, name_en=None) for n in people})
    index_of(small)
    assert len(after.delta.nodes) > search.FOLLOW_SHARE * after.graph.number_of_nodes()
    assert _tables(search.follow(index_of(small), after)) == _tables(SearchIndex(after.graph))
    _assert_follows(small, after)


def test_a_version_projected_whole_builds_its_own_index(small: GraphVersion) -> None:
    index_of(small)
    again = GraphVersion(small.graph.copy())
    assert index_of(again) is not index_of(small)
    assert _tables(index_of(again)) == _tables(index_of(small))


def test_a_resolver_never_asked_is_indexed_on_first_use(small: GraphVersion) -> None:
    resolve.resolver(small)  # made, its names not read yet
    after = _changed(small, {"person:john": _attrs(small, "person:john", name="Jon Smith")})
    assert resolve.node(after, "Jon Smith", ["person"]) == "person:john"
    _assert_resolver_follows(small, after)


# Changes drawn by hypothesis: a few in a row, each checked against a build on its graph.

NAMES = [
    "สมชาย ใจดี",
    "สมชัย ใจดี",
    "สมหมาย ใจดี",
    "สมศักดิ์",
    "ณัฐพล แก้วมณี",
    "มาลี ศรีสุข",
    "หมอมาลี",
    "วัดภูมินทร์",
    "งดเหล้าเข้าพรรษา",
    "เยาวชน",
    "สาธารณสุข",
    "ประชาคมงดเหล้าจังหวัดน่าน",
    "John Smith",
    "Jon Smith",
    "Somchai Jaidee",
    "Sommai",
    "volunteer",
    "Youth",
]
DRAWN_QUERIES = [*NAMES, "สมชาย ใจดิ", "Somchia", "Jhon Smith", "นัทพล", "สม", "ใจดี", "จังหวัด"]
"""What is searched for after each drawn change: the names drawn, slips of them, parts."""
DRAWN_TEXTS = [*NAMES, "person:somchai", "new-1", "นายสมชาย ใจดี", "สมชายใจดี", "Jhon Smith"]
"""What is resolved after each drawn change."""
IDS = [
    "person:somchai",
    "person:somchai-2",
    "person:natthaphon",
    "person:wichai",
    "person:john",
    "topic:youth",
    "topic:lent",
    "team:nan",
    "partner:temple",
    "province:nan",
    "person:new-1",
    "person:new-2",
    "topic:new-3",
]
FIELDS = ("name", "name_en", "aliases", "tags", "description")
PROVINCES = ("province:nan", "province:ubon-ratchathani", "province:chiang-mai")

names = st.sampled_from(NAMES)
setting = st.tuples(
    st.just("set"),
    st.sampled_from(IDS),
    st.sampled_from(FIELDS),
    st.one_of(st.none(), names, st.lists(names, max_size=3)),
)
deleting = st.tuples(st.just("delete"), st.sampled_from(IDS))
tying = st.tuples(
    st.just("tie"),
    st.sampled_from(IDS[:5]),
    st.sampled_from(PROVINCES),
    st.booleans(),
)
changes = st.lists(st.one_of(setting, deleting, tying), min_size=1, max_size=4)


def _step(gv: GraphVersion, change: tuple[Any, ...]) -> GraphVersion:
    """The next version after one drawn change (several in one delta when drawn so)."""
    nodes: dict[str, dict[str, Any] | None] = {}
    ties: dict[TieKey, dict[str, Any] | None] = {}
    if change[0] == "set":
        _, node, field, value = change
        if isinstance(value, list) and field in ("name", "name_en", "description"):
            value = " ".join(value) or None
        elif isinstance(value, str) and field in ("aliases", "tags"):
            value = [value]
        if node in gv.graph:
            attrs = _attrs(gv, node, **{field: value or None})
        else:
            kind = node.partition(":")[0]
            attrs = {"kind": kind, "name": node} | ({field: value} if value else {})
        nodes[node] = attrs
    elif change[0] == "delete":
        nodes[change[1]] = None
        if change[1] in gv.graph:  # a deletion lists the ties it takes, as a store's feed does
            for u, v, k in [
                *gv.graph.in_edges(change[1], keys=True),
                *gv.graph.out_edges(change[1], keys=True),
            ]:
                ties[(k, u, v)] = None
    else:
        _, person, province, present = change
        ties[("located_in", person, province)] = {} if present else None
    return _changed(gv, nodes, ties)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(changes, min_size=1, max_size=3))
def test_drawn_changes_answer_as_a_build_on_the_new_graph(
    steps: list[list[tuple[Any, ...]]],
) -> None:
    gv = _first(search_graph())
    for delta in steps:
        after = gv
        for change in delta:  # the delta's changes made one on another, then given as one
            after = _step(after, change)
        merged_nodes: dict[str, Any] = {}
        merged_ties: dict[TieKey, Any] = {}
        version = after
        while version is not gv:
            assert version.delta is not None and version.previous is not None
            merged_nodes = dict(version.delta.nodes) | merged_nodes
            merged_ties = dict(version.delta.ties) | merged_ties
            version = version.previous
        after.graph.graph["version"] = gv.version + 1
        after = GraphVersion(
            after.graph,
            previous=gv,
            delta=Delta(gv.version, gv.version + 1, merged_nodes, merged_ties),
        )
        _assert_follows(gv, after, DRAWN_QUERIES, DRAWN_TEXTS)
        gv = after
