"""The audit log, on every backend: each write logged in its transaction, attributed, shown
without personal values, undone exactly or refused naming the later change, scrubbed by an
erasure."""

from __future__ import annotations

import pytest

from phakhee.graph import audit
from phakhee.graph.audit import Author, acting_as
from phakhee.graph.errors import NotFound
from phakhee.graph.model import NodeKind, NodeRecord, TieKind, TieRecord
from phakhee.graph.privacy import TRUSTED
from phakhee.graph.store import GraphStore
from phakhee.queries.records.person_rights import erase_person

NAN = Author("nan1", "api", "10.0.0.7")


def person(slug: str, **props: object) -> NodeRecord:
    return NodeRecord(f"person:{slug}", NodeKind.PERSON, dict(props))


def knows(a: str, b: str, **props: object) -> TieRecord:
    return TieRecord(TieKind.KNOWS, f"person:{a}", f"person:{b}", dict(props))


def items(store: GraphStore) -> list[list[dict[str, object]]]:
    """Every entry's items, oldest first."""
    return [e.items for e in store.audit_entries(oldest_first=True, limit=1000)]


def graph_state(store: GraphStore) -> tuple[dict[str, dict], dict[tuple, dict]]:
    return (
        {n.id: n.props for n in store.iter_nodes()},
        {(str(t.kind), t.source, t.target): t.props for t in store.iter_ties()},
    )


@pytest.fixture
def two(store: GraphStore) -> GraphStore:
    """Two people, one with a phone, who know each other; written by nan1 over the API."""
    with acting_as(NAN):
        store.upsert_nodes(
            [person("a", name="Ann", position="head", phone="081"), person("b", name="Bo")]
        )
        store.upsert_ties([knows("a", "b", context="school")])
    return store


def test_every_write_is_logged_with_its_fields_before_and_after(two: GraphStore) -> None:
    two.upsert_nodes([person("a", name="Ann", position="chair", phone="081")])
    two.upsert_ties([knows("a", "b", context="work")])
    two.delete_ties([("knows", "person:a", "person:b"), ("knows", "person:b", "person:a")])
    two.upsert_ties([knows("b", "a")])
    two.delete_node("person:b")
    assert items(two) == [
        [
            {
                "node": "person:a",
                "op": "created",
                "before": None,
                "after": {"name": "Ann", "position": "head", "phone": "081"},
            },
            {"node": "person:b", "op": "created", "before": None, "after": {"name": "Bo"}},
        ],
        [
            {
                "tie": ["knows", "person:a", "person:b"],
                "op": "created",
                "before": None,
                "after": {"context": "school"},
            }
        ],
        [
            {
                "node": "person:a",
                "op": "updated",
                "before": {"position": "head"},
                "after": {"position": "chair"},
            }
        ],
        [
            {
                "tie": ["knows", "person:a", "person:b"],
                "op": "updated",
                "before": {"context": "school"},
                "after": {"context": "work"},
            }
        ],
        [
            {
                "tie": ["knows", "person:a", "person:b"],
                "op": "deleted",
                "before": {"context": "work"},
                "after": None,
            }
        ],
        [{"tie": ["knows", "person:b", "person:a"], "op": "created", "before": None, "after": {}}],
        [
            {"node": "person:b", "op": "deleted", "before": {"name": "Bo"}, "after": None},
            {
                "tie": ["knows", "person:b", "person:a"],
                "op": "deleted",
                "before": {},
                "after": None,
            },
        ],
    ]
    versions = [e.version for e in two.audit_entries(oldest_first=True)]
    assert versions == [1, 2, 3, 4, 5, 6, 7]


def test_a_write_that_changes_nothing_logs_nothing(two: GraphStore) -> None:
    two.upsert_nodes([person("b", name="Bo")])
    two.delete_ties([("knows", "person:b", "person:a")])
    assert len(items(two)) == 2


def test_entries_are_attributed_to_the_author_acting(two: GraphStore) -> None:
    with acting_as(Author("pr1", "web", "10.0.0.9", batch="up-1")):
        two.upsert_nodes([person("b", name="Bob")])
    two.upsert_nodes([person("b", name="Bobby")])
    newest, by_web, first = two.audit_entries(limit=3)
    assert (first.user, first.via, first.address, first.batch) == ("nan1", "api", "10.0.0.7", None)
    assert (by_web.user, by_web.via, by_web.address, by_web.batch) == (
        "pr1",
        "web",
        "10.0.0.9",
        "up-1",
    )
    assert (newest.user, newest.via, newest.address, newest.batch) == (None, "system", None, None)
    assert first.at < by_web.at < newest.at and first.at.endswith("+00:00")


def test_the_log_is_no_part_of_the_graph(two: GraphStore) -> None:
    assert two.counts() == {"nodes": {"person": 2}, "ties": {"knows": 1}}
    assert [n.id for n in two.find_nodes(limit=10)] == ["person:a", "person:b"]
    assert sorted(two.project().nodes) == ["person:a", "person:b"]


def test_views_name_personal_fields_without_their_values(two: GraphStore) -> None:
    two.upsert_nodes([person("a", name="Ann", position="head", phone="089")])
    (change,) = audit.changes(two, TRUSTED, user=None, limit=1)
    assert change.items[0].fields == [audit.FieldChange("phone", None, None, withheld=True)]
    (created,) = audit.changes(two, node="person:a", limit=1, after=change.id - 1)
    assert created.address is None
    assert created.items[0].fields == [
        audit.FieldChange("name", None, "Ann", False),
        audit.FieldChange("phone", None, None, True),
        audit.FieldChange("position", None, "head", False),
    ]
    assert audit.changes(two, TRUSTED, limit=1, after=2)[0].address == "10.0.0.7"


def test_changes_filter_by_node_user_and_since(two: GraphStore) -> None:
    with acting_as(Author("pr1", "web")):
        two.upsert_nodes([person("c", name="Cai")])
    assert [c.id for c in audit.changes(two, node="person:b")] == [2, 1]
    assert [c.id for c in audit.changes(two, node="person:c")] == [3]
    assert [c.id for c in audit.changes(two, user="nan1")] == [2, 1]
    assert [c.id for c in audit.changes(two, since="2000-01-01")] == [3, 2, 1]
    assert audit.changes(two, since="2999-01-01") == []
    assert [c.id for c in audit.changes(two, limit=1, after=3)] == [2]


def test_undo_restores_the_fields_exactly(two: GraphStore) -> None:
    before = graph_state(two)
    with acting_as(Author("nan1", "web")):
        done = two.upsert_nodes([person("a", name="Ann", position="chair")])  # phone cleared
    (entry,) = two.audit_entries(limit=1)
    assert entry.version == done.version
    with acting_as(Author("admin", "cli")):
        undone = audit.undo(two, entry.id)
    assert graph_state(two) == before
    (undo_entry,) = two.audit_entries(limit=1)
    assert (undo_entry.user, undo_entry.via, undo_entry.undoes) == ("admin", "cli", (entry.id,))
    assert undone == audit.Undone((entry.id,), (undo_entry.id,), undo_entry.version)
    assert undo_entry.items == [
        {
            "node": "person:a",
            "op": "updated",
            "before": {"position": "chair"},
            "after": {"phone": "081", "position": "head"},
        }
    ]


def test_undo_of_a_deletion_brings_the_node_back_with_its_ties(two: GraphStore) -> None:
    before = graph_state(two)
    two.delete_node("person:b")
    audit.undo(two, two.audit_entries(limit=1)[0].id)
    assert graph_state(two) == before


def test_undo_of_a_creation_removes_it(two: GraphStore) -> None:
    two.upsert_nodes([person("c", name="Cai")])
    audit.undo(two, 3)
    assert sorted(graph_state(two)[0]) == ["person:a", "person:b"]


def test_undo_is_refused_naming_the_later_change_of_the_same_field(two: GraphStore) -> None:
    two.upsert_nodes([person("a", name="Ann", position="chair", phone="081")])  # change 3
    with acting_as(Author("pr1", "web")):
        two.upsert_nodes([person("a", name="Ann", position="vice", phone="081")])  # change 4
    with pytest.raises(
        audit.UndoRefused,
        match=r"^change 4 \(pr1, .*\) changed position of person:a after change 3: undo change 4 first$",
    ) as refused:
        audit.undo(two, 3)
    assert (refused.value.change, refused.value.later) == (3, 4)
    assert graph_state(two)[0]["person:a"]["position"] == "vice"
    audit.undo(two, 4)
    audit.undo(two, 3)
    assert graph_state(two)[0]["person:a"]["position"] == "head"
    with pytest.raises(audit.UndoRefused, match=r"^change 6 "):
        audit.undo(two, 3)  # undone already: its undo is the later change


def test_undo_goes_ahead_when_a_later_change_touched_other_fields(two: GraphStore) -> None:
    two.upsert_nodes([person("a", name="Ann", position="chair", phone="081")])  # change 3
    two.upsert_nodes([person("a", name="Ana", position="chair", phone="081")])  # change 4
    audit.undo(two, 3)
    assert graph_state(two)[0]["person:a"] == {"name": "Ana", "position": "head", "phone": "081"}


def test_undo_of_a_creation_is_refused_when_a_tie_was_added_to_it_later(two: GraphStore) -> None:
    two.upsert_nodes([person("c", name="Cai")])  # change 3
    two.upsert_ties([knows("c", "a")])  # change 4
    with pytest.raises(audit.UndoRefused, match=r"^change 4 .* changed person:c → person:a"):
        audit.undo(two, 3)


def test_undo_of_a_whole_upload(two: GraphStore) -> None:
    before = graph_state(two)
    with acting_as(Author("nan1", "upload", batch="u1")):
        two.upsert_nodes(
            [person("a", name="Ann", position="chair", phone="081"), person("c", name="Cai")]
        )
        two.upsert_ties([knows("c", "a"), knows("a", "b", context="work")])
    two.upsert_nodes([person("b", name="Bob")])  # not the upload's, nothing of it
    with acting_as(Author("admin", "web")):
        done = audit.undo_batch(two, "u1")
    assert done.undid == (3, 4)
    state = graph_state(two)
    assert state[0] == before[0] | {"person:b": {"name": "Bob"}}
    assert state[1] == before[1]
    with pytest.raises(NotFound, match=r"^no upload 'u2'$"):
        audit.undo_batch(two, "u2")


def test_undo_of_no_such_change(two: GraphStore) -> None:
    with pytest.raises(NotFound, match=r"^no change 99$"):
        audit.undo(two, 99)


def test_a_check_may_refuse_an_undo_before_anything_is_written(two: GraphStore) -> None:
    two.delete_node("person:b")
    asked = []

    def check(action: str, key: object, located: tuple[str, ...]) -> None:
        asked.append((action, key, located))
        raise NotFound("permission", str(key))

    with pytest.raises(NotFound):
        audit.undo(two, 3, check)
    assert asked == [("create", "person:b", ())]
    assert len(items(two)) == 3


def test_erasure_removes_the_persons_values_from_the_log(two: GraphStore) -> None:
    done = erase_person(two, "person:a")
    placeholder = done.placeholder
    log = items(two)
    assert log[0] == [
        {
            "node": placeholder,
            "op": "created",
            "before": None,
            "after": {"name": None, "position": None, "phone": None},
            "erased": True,
        },
        {"node": "person:b", "op": "created", "before": None, "after": {"name": "Bo"}},
    ]
    assert log[-1] == [{"node": placeholder, "op": "erased", "before": None, "after": None}]
    assert "person:a" not in repr(log) and "Ann" not in repr(log) and "081" not in repr(log)
    assert two.audit_entries(nodes=["person:a"]) == []
    with pytest.raises(audit.UndoRefused, match="erased"):
        audit.undo(two, 1)
    (view,) = audit.changes(two, TRUSTED, node=placeholder, limit=1, after=len(log))
    assert view.items[0].op == "deleted" and all(f.withheld for f in view.items[0].fields)
