"""The GraphStore contract: every backend passes the same tests."""

from __future__ import annotations

import networkx as nx
import pytest

from phakhee.graph.errors import InvalidInput, NotFound
from phakhee.graph.model import NodeKind, NodeRecord, Provenance, TieKind, TieRecord
from phakhee.graph.store import Direction, GraphStore

P1 = Provenance("people.xlsx", 2, "2026-01-01T00:00:00+00:00")
P2 = Provenance("people.xlsx", 9, "2026-02-01T00:00:00+00:00")


def person(slug: str, name: str, prov: Provenance | None = P1, **props: object) -> NodeRecord:
    return NodeRecord(f"person:{slug}", NodeKind.PERSON, {"name": name, **props}, prov)


def team(slug: str, name: str) -> NodeRecord:
    return NodeRecord(
        f"team:{slug}", NodeKind.TEAM, {"name": name, "team_type": "provincial_network"}, P1
    )


def member(p: str, t: str, role: str = "member") -> TieRecord:
    return TieRecord(TieKind.MEMBER_OF, f"person:{p}", f"team:{t}", {"role": role}, P1)


def knows(a: str, b: str) -> TieRecord:
    return TieRecord(TieKind.KNOWS, f"person:{a}", f"person:{b}", {"since": "2024-05-01"}, P1)


@pytest.fixture
def small(store: GraphStore) -> GraphStore:
    """Three people, two teams, and the ties between them."""
    store.upsert_nodes(
        [
            person("somchai", "สมชาย ใจดี", phone="081-234-5678"),
            person("malee", "มาลี ศรีสุข"),
            person("anan", "อนันต์ รักษ์ดี"),
            team("nan", "ประชาคมงดเหล้าจังหวัดน่าน"),
            team("phrae", "ประชาคมงดเหล้าจังหวัดแพร่"),
        ]
    )
    store.upsert_ties(
        [
            member("somchai", "nan", "coordinator"),
            member("malee", "nan"),
            member("anan", "phrae"),
            knows("somchai", "anan"),
        ]
    )
    return store


def test_upserting_new_nodes_creates_them(store: GraphStore) -> None:
    result = store.upsert_nodes([person("a", "ก"), person("b", "ข")])
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert store.get_node("person:a").props == {"name": "ก"}


def test_loading_the_same_batch_twice_changes_nothing(store: GraphStore) -> None:
    batch = [person("a", "ก"), team("t", "ท")]
    store.upsert_nodes(batch)
    store.upsert_ties([member("a", "t")])
    version = store.version()
    again = store.upsert_nodes(batch)
    ties_again = store.upsert_ties([member("a", "t")])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert (ties_again.created, ties_again.updated, ties_again.unchanged) == (0, 0, 1)
    assert store.version() == version
    assert store.counts() == {"nodes": {"person": 1, "team": 1}, "ties": {"member_of": 1}}


def test_changing_one_property_updates_exactly_that_node(store: GraphStore) -> None:
    store.upsert_nodes([person("a", "ก"), person("b", "ข")])
    result = store.upsert_nodes(
        [person("a", "ก", prov=P2, email="a@example.org"), person("b", "ข")]
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert store.get_node("person:a").props == {"name": "ก", "email": "a@example.org"}
    assert store.get_node("person:a").provenance == P2
    assert store.get_node("person:b").provenance == P1


def test_duplicate_ids_in_one_batch_are_one_node(store: GraphStore) -> None:
    result = store.upsert_nodes([person("a", "first"), person("a", "last")])
    assert result.created == 1
    assert store.get_node("person:a").props["name"] == "last"


def test_version_grows_on_every_change_and_only_then(store: GraphStore) -> None:
    assert store.version() == 0
    assert store.upsert_nodes([person("a", "ก")]).version == 1
    assert store.upsert_nodes([person("a", "ข")]).version == 2
    assert store.upsert_nodes([person("a", "ข")]).version == 2
    store.upsert_nodes([team("t", "ท")])
    assert store.upsert_ties([member("a", "t")]).version == 4
    assert store.delete_ties([("member_of", "person:a", "team:t")]).version == 5
    assert store.delete_node("team:t").version == 6
    assert store.version() == 6


def test_provenance_is_kept_on_nodes_and_ties(small: GraphStore) -> None:
    assert small.get_node("person:malee").provenance == P1
    (neighbour,) = small.neighbours("person:malee")
    assert neighbour.tie.provenance == P1


def test_get_node_of_unknown_id_raises_not_found(store: GraphStore) -> None:
    with pytest.raises(NotFound, match="person:nobody"):
        store.get_node("person:nobody")


def test_get_nodes_returns_only_those_that_exist(small: GraphStore) -> None:
    found = small.get_nodes(["person:malee", "person:nobody", "team:nan"])
    assert sorted(found) == ["person:malee", "team:nan"]


def test_get_ties_returns_only_those_that_exist_with_their_props(small: GraphStore) -> None:
    found = small.get_ties(
        [
            (TieKind.MEMBER_OF, "person:somchai", "team:nan"),
            ("member_of", "person:somchai", "team:phrae"),
            ("knows", "person:anan", "person:somchai"),  # drawn the other way
            ("knows", "person:somchai", "person:anan"),
            ("member_of", "not an id", "team:nan"),
        ]
    )
    assert {k: (t.props, t.provenance) for k, t in found.items()} == {
        ("member_of", "person:somchai", "team:nan"): ({"role": "coordinator"}, P1),
        ("knows", "person:somchai", "person:anan"): ({"since": "2024-05-01"}, P1),
    }
    assert small.get_ties([]) == {}


def test_find_nodes_by_kind_and_property(small: GraphStore) -> None:
    people = small.find_nodes(NodeKind.PERSON)
    assert [n.id for n in people] == ["person:anan", "person:malee", "person:somchai"]
    assert [n.id for n in small.find_nodes(NodeKind.PERSON, {"name": "มาลี ศรีสุข"})] == [
        "person:malee"
    ]
    assert small.find_nodes(where={"team_type": "provincial_network"}, limit=1)[0].id == "team:nan"


def test_find_nodes_pages_by_id(small: GraphStore) -> None:
    first = small.find_nodes(NodeKind.PERSON, limit=2)
    rest = small.find_nodes(NodeKind.PERSON, limit=2, after=first[-1].id)
    assert [n.id for n in first + rest] == ["person:anan", "person:malee", "person:somchai"]


def test_find_nodes_refuses_a_property_name_that_is_not_plain(store: GraphStore) -> None:
    with pytest.raises(InvalidInput, match="property name"):
        store.find_nodes(where={"name') OR 1=1 --": "x"})


def test_tie_to_a_missing_node_is_rejected_not_invented(small: GraphStore) -> None:
    result = small.upsert_ties([member("ghost", "nan"), member("anan", "nan")])
    assert result.created == 1
    assert result.rejected == [
        (("member_of", "person:ghost", "team:nan"), "person:ghost does not exist")
    ]
    assert small.get_nodes(["person:ghost"]) == {}


def test_tie_properties_update_in_place(small: GraphStore) -> None:
    result = small.upsert_ties([member("malee", "nan", "secretary")])
    assert (result.created, result.updated) == (0, 1)
    ties = [nb.tie for nb in small.neighbours("person:malee")]
    assert [(t.kind, t.props) for t in ties] == [(TieKind.MEMBER_OF, {"role": "secretary"})]


def test_neighbours_by_direction_and_kind(small: GraphStore) -> None:
    out = small.neighbours("person:somchai", direction=Direction.OUT)
    assert sorted((nb.tie.kind.value, nb.node.id) for nb in out) == [
        ("knows", "person:anan"),
        ("member_of", "team:nan"),
    ]
    into = small.neighbours("person:anan", direction=Direction.IN)
    assert [(nb.tie.source, nb.node.id) for nb in into] == [("person:somchai", "person:somchai")]
    teams = small.neighbours("team:nan", tie_kinds=[TieKind.MEMBER_OF])
    assert sorted(nb.node.id for nb in teams) == ["person:malee", "person:somchai"]
    assert [nb.tie.props for nb in teams if nb.node.id == "person:somchai"] == [
        {"role": "coordinator"}
    ]


def test_neighbours_of_unknown_node_raises_not_found(store: GraphStore) -> None:
    with pytest.raises(NotFound):
        store.neighbours("person:nobody")


def test_deleting_a_node_takes_its_ties_with_it(small: GraphStore) -> None:
    small.delete_node("person:somchai")
    assert small.counts() == {
        "nodes": {"person": 2, "team": 2},
        "ties": {"member_of": 2},
    }
    assert [nb.node.id for nb in small.neighbours("team:nan")] == ["person:malee"]


def test_deleting_an_unknown_node_raises_not_found(store: GraphStore) -> None:
    with pytest.raises(NotFound):
        store.delete_node("person:nobody")


def test_delete_ties_removes_only_those_named(small: GraphStore) -> None:
    result = small.delete_ties(
        [("knows", "person:somchai", "person:anan"), ("knows", "person:anan", "person:malee")]
    )
    assert (result.updated, result.unchanged) == (1, 1)
    assert small.counts()["ties"] == {"member_of": 3}


def test_projection_carries_every_node_and_tie_with_attributes(small: GraphStore) -> None:
    g = small.project()
    assert g.graph["version"] == small.version()
    assert sorted(g.nodes) == [
        "person:anan",
        "person:malee",
        "person:somchai",
        "team:nan",
        "team:phrae",
    ]
    assert g.nodes["person:somchai"] == {
        "kind": "person",
        "name": "สมชาย ใจดี",
        "phone": "081-234-5678",
    }
    assert sorted(g.edges(keys=True)) == [
        ("person:anan", "team:phrae", "member_of"),
        ("person:malee", "team:nan", "member_of"),
        ("person:somchai", "person:anan", "knows"),
        ("person:somchai", "team:nan", "member_of"),
    ]
    assert g.edges["person:somchai", "team:nan", "member_of"] == {
        "kind": "member_of",
        "role": "coordinator",
    }


def test_projection_is_the_graph_networkx_builds_from_the_records(small: GraphStore) -> None:
    """The bulk projection fills NetworkX's dictionaries itself: it must be the graph that
    ``add_node`` and ``add_edges_from`` build from the same records, node order included."""
    small.upsert_ties(
        [knows("malee", "malee"), knows("malee", "somchai"), knows("somchai", "malee")]
    )
    expected = nx.MultiDiGraph(version=small.version())
    for n in sorted(small.iter_nodes(), key=lambda n: n.id):
        expected.add_node(n.id, **n.props, kind=n.kind.value)
    expected.add_edges_from(
        (t.source, t.target, t.kind.value, {**t.props, "kind": t.kind.value})
        for t in small.iter_ties()
    )
    g = small.project()
    assert list(g) == list(expected)
    assert dict(g.nodes(data=True)) == dict(expected.nodes(data=True))
    assert sorted(g.edges(keys=True, data=True), key=repr) == sorted(
        expected.edges(keys=True, data=True), key=repr
    )
    assert g.graph == expected.graph
    assert g._pred["person:malee"]["person:malee"] is g._succ["person:malee"]["person:malee"]
    assert sorted(g.predecessors("person:somchai")) == ["person:malee"]
    assert nx.utils.graphs_equal(g, expected)


def test_a_change_of_provenance_alone_is_no_change(small: GraphStore) -> None:
    version = small.version()
    nodes = small.upsert_nodes([person("malee", "มาลี ศรีสุข", prov=P2)])
    ties = small.upsert_ties(
        [TieRecord(TieKind.MEMBER_OF, "person:malee", "team:nan", {"role": "member"}, P2)]
    )
    assert (nodes.created, nodes.updated, nodes.unchanged) == (0, 0, 1)
    assert (ties.created, ties.updated, ties.unchanged) == (0, 0, 1)
    assert small.version() == version
    assert small.get_node("person:malee").provenance == P1


def test_projection_of_some_kinds_holds_only_ties_between_them(small: GraphStore) -> None:
    g = small.project(node_kinds=[NodeKind.PERSON])
    assert sorted(g.edges(keys=True)) == [("person:somchai", "person:anan", "knows")]
    g = small.project(tie_kinds=[TieKind.MEMBER_OF])
    assert g.number_of_nodes() == 5 and g.number_of_edges() == 3


def test_projection_can_carry_provenance(small: GraphStore) -> None:
    g = small.project(provenance=True)
    assert g.nodes["person:malee"]["_source"] == "people.xlsx"
    assert g.nodes["person:malee"]["_row"] == 2


def test_a_batch_that_fails_midway_leaves_the_store_as_it_was(
    small: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (small.counts(), small.version(), small.get_node("person:malee").props)

    def crash(*args: object, **kwargs: object) -> int:
        raise RuntimeError("power cut")

    monkeypatch.setattr(type(small), "_bump_version", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        small.upsert_nodes([person("new", "ใหม่"), person("malee", "changed")])
    with pytest.raises(RuntimeError, match="power cut"):
        small.upsert_ties([knows("malee", "anan")])
    monkeypatch.undo()
    assert (small.counts(), small.version(), small.get_node("person:malee").props) == before


def test_thai_text_and_hostile_values_are_stored_as_text(store: GraphStore) -> None:
    hostile = "x'}) DETACH DELETE n //\"; DROP TABLE nodes; --"
    store.upsert_nodes([person("a", hostile), person("b", "มั้ง ๑๒๓ \u200b")])
    assert store.get_node("person:a").props["name"] == hostile
    assert store.get_node("person:b").props["name"] == "มั้ง ๑๒๓ \u200b"
    assert store.counts()["nodes"] == {"person": 2}
