"""A snapshot diff names the nodes and ties whose fields changed, in the diff itself, the JSON,
the CLI table and the diff view; a personal field by name only, never its values."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.graph.model import NodeRecord, TieKind, TieRecord
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.queries.records.snapshot_diff import (
    ChangedNode,
    ChangedTie,
    FieldChange,
    diff,
    diff_snapshots,
)
from phakhee.queries.records.snapshots import create_snapshot
from phakhee.viz import encoding as enc
from phakhee.viz.view_pages import diff_html
from tests.api.test_cli import PHAKHEE, run
from tests.viz.network import build_view_network
from tests.viz.test_escaping import _data

PARTNERSHIP = (TieKind.PARTNERS_WITH, "team:nan", "partner:temple-nan")
OLD_PHONE, NEW_PHONE = "081-234-5678", "089-999-0000"


def _set_node(store: SQLiteStore, node: str, **fields: object) -> None:
    n = store.get_node(node)
    store.upsert_nodes([NodeRecord(n.id, n.kind, n.props | fields)])


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    """Snapshot 1; the broker's position and the Nan partnership's level changed: snapshot 2;
    the author's phone changed: snapshot 3."""
    store = SQLiteStore(tmp_path_factory.mktemp("changes") / "g.db")
    build_view_network(store)
    _set_node(store, "person:author", phone=OLD_PHONE)
    assert create_snapshot(store, store.project(), "before").id == 1
    _set_node(store, "person:broker", position="provincial-coordinator")
    tie = store.get_ties([PARTNERSHIP])[PARTNERSHIP]
    store.upsert_ties(
        [TieRecord(tie.kind, tie.source, tie.target, tie.props | {"level": "operational"})]
    )
    assert create_snapshot(store, store.project(), "after").id == 2
    _set_node(store, "person:author", phone=NEW_PHONE)
    assert create_snapshot(store, store.project(), "phoned").id == 3
    yield store
    store.close()


POSITION = FieldChange("position", "regional-academic", "provincial-coordinator")
LEVEL = FieldChange("level", "policy", "operational")
PHONE = FieldChange("phone", personal=True)


def test_the_diff_lists_exactly_the_position_and_the_level_changed(
    changed: SQLiteStore,
) -> None:
    d = diff_snapshots(changed, 1, 2)
    assert d.nodes_changed == [ChangedNode("person:broker", "person", "อนันต์ เชื่อมภาค", (POSITION,))]
    assert d.ties_changed == [
        ChangedTie("partners_with", "team:nan", "partner:temple-nan", (LEVEL,))
    ]
    assert (d.nodes_added, d.nodes_removed, d.ties_added, d.ties_removed) == ([], [], [], [])
    assert diff_snapshots(changed, 2, 3).nodes_changed == [
        ChangedNode("person:author", "person", "สมชาย ใจดี", (PHONE,))
    ]


def test_provenance_is_not_a_change(changed: SQLiteStore) -> None:
    g = changed.project()
    later = g.copy()
    later.nodes["person:broker"]["_loaded_at"] = "2099-01-01T00:00:00+00:00"
    later.edges["team:nan", "partner:temple-nan", "partners_with"]["_row"] = 99
    d = diff(g, later, measure=lambda _: {}, recorded=({}, {}))
    assert (d.nodes_changed, d.ties_changed) == ([], [])


def test_the_json_names_the_fields_with_values_but_a_phone_without(changed: SQLiteStore) -> None:
    with TestClient(create_app(changed)) as client:
        r = client.get("/snapshots/diff", params={"a": 1, "b": 2})
        phoned = client.get("/snapshots/diff", params={"a": 2, "b": 3})
    assert r.status_code == 200, r.text
    assert r.json()["nodes_changed"] == [
        {
            "id": "person:broker",
            "kind": "person",
            "name": "อนันต์ เชื่อมภาค",
            "fields": [
                {
                    "field": "position",
                    "before": "regional-academic",
                    "after": "provincial-coordinator",
                    "personal": False,
                }
            ],
        }
    ]
    assert r.json()["ties_changed"] == [
        {
            "kind": "partners_with",
            "source": "team:nan",
            "target": "partner:temple-nan",
            "fields": [
                {"field": "level", "before": "policy", "after": "operational", "personal": False}
            ],
        }
    ]
    assert phoned.json()["nodes_changed"][0]["fields"] == [
        {"field": "phone", "before": None, "after": None, "personal": True}
    ]
    assert OLD_PHONE not in phoned.text and NEW_PHONE not in phoned.text


def _rows(out: str, title: str) -> list[list[str]]:
    """The rows of the rich table titled ``title`` in a command's output, cells stripped."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if title in line)
    rows = []
    for line in lines[start + 4 :]:  # title, top rule, header, rule
        if not line.startswith("│"):
            break
        rows.append([c.strip() for c in line.strip("│").split("│")])
    return rows


@pytest.mark.skipif(PHAKHEE is None, reason="install the project (pip install -e .)")
def test_the_cli_table_shows_the_fields_changed(changed: SQLiteStore, tmp_path: Path) -> None:
    done = run("snapshot", "diff", "1", "2", store=changed.url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    head = {r[0]: r[1:] for r in _rows(done.stdout, "→ snapshot 2")}
    assert head["nodes changed"] == ["1", "อนันต์ เชื่อมภาค (person:broker)"]
    assert head["ties changed"] == ["1", "team:nan -partners_with-> partner:temple-nan"]
    assert _rows(done.stdout, "fields changed") == [
        ["อนันต์ เชื่อมภาค (person:broker)", "position", "regional-academic", "provincial-coordinator"],
        ["team:nan -partners_with-> partner:temple-nan", "level", "policy", "operational"],
    ]
    phoned = run("snapshot", "diff", "2", "3", store=changed.url, cwd=tmp_path)
    assert phoned.returncode == 0, phoned.stderr
    assert _rows(phoned.stdout, "fields changed") == [
        ["สมชาย ใจดี (person:author)", "phone", *["ส่วนตัว · personal, not shown"] * 2]
    ]
    assert OLD_PHONE not in phoned.stdout and NEW_PHONE not in phoned.stdout


def test_the_view_rings_the_changed_node_and_draws_the_changed_tie_amber(
    changed: SQLiteStore,
) -> None:
    page = diff_html(changed, 1, 2)
    data = _data(page)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["person:broker"]["color"]["border"] == enc.CHANGED
    assert nodes["person:broker"]["title"].endswith(
        "\nเปลี่ยนแปลง · changed:\nposition: regional-academic → provincial-coordinator"
    )
    amber = [e for e in data["edges"] if e.get("color", {}).get("color") == enc.CHANGED]
    assert [(e["from"], e["to"], e["title"]) for e in amber] == [
        (
            "partner:temple-nan",
            "team:nan",
            "เปลี่ยนแปลง · changed:\npartners_with: level: policy → operational",
        )
    ]
    between = {("partner:temple-nan", "team:nan"), ("team:nan", "partner:temple-nan")}
    assert [e for e in data["edges"] if (e["from"], e["to"]) in between] == amber  # no grey twin
    assert {
        n
        for n, x in nodes.items()
        if isinstance(x["color"], dict) and x["color"]["border"] == enc.CHANGED
    } == {"person:broker"}
    assert "เปลี่ยนแปลง · changed (amber ring or tie" in page
    phoned = diff_html(changed, 2, 3)
    author = {n["id"]: n for n in _data(phoned)["nodes"]}["person:author"]
    assert author["title"].endswith("\nเปลี่ยนแปลง · changed:\nphone (ส่วนตัว · personal, not shown)")
    assert OLD_PHONE not in phoned and NEW_PHONE not in phoned
