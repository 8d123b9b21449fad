"""The audit log through the API and the CLI: every write path logs who, how and what; undo
restores exactly, is refused naming the later change, and asks the policy; two coordinators
writing at once both land in the log, and the log replays to the graph."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from phakhee.api.app import create_app
from phakhee.api.cli.app import app as cli
from phakhee.api.settings import get_api_settings
from phakhee.graph.accounts import accounts
from phakhee.graph.audit import Entry, UndoRefused
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.graph.store import GraphStore
from tests.queries.network import build_small_network
from tests.served import in_thread

KEY = "test-key-changes"
ADMIN = {"Authorization": f"Bearer {KEY}"}
AUTHOR = {"kind": "person", "name": "สมชาย ใจดี"}


@pytest.fixture
def setup(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """The small network, a coordinator of Nan and one of Ubon with personal tokens; the id of
    the log's newest entry before the test."""
    monkeypatch.setenv("PHAKHEE_API_KEYS", KEY)
    get_api_settings.cache_clear()
    build_small_network(store)
    users = accounts(store)
    users.add("nan1", "coordinator", "a-long-password-1", provinces=["nan"])
    users.add("ubon1", "coordinator", "a-long-password-2", provinces=["ubon-ratchathani"])
    tokens = {n: {"Authorization": f"Bearer {users.new_token(n)}"} for n in ("nan1", "ubon1")}
    yield {"store": store, "start": store.audit_entries(limit=1)[0].id, **tokens}
    get_api_settings.cache_clear()


@pytest.fixture
def client(setup: dict[str, Any]) -> Iterator[TestClient]:
    with TestClient(create_app(setup["store"])) as c:
        yield c


def newer(setup: dict[str, Any]) -> list[Entry]:
    """The log's entries since the fixture, oldest first."""
    return setup["store"].audit_entries(newer_than=setup["start"], oldest_first=True)


def test_a_put_and_a_delete_are_logged_under_the_coordinators_name(
    client: TestClient, setup: dict[str, Any]
) -> None:
    body = AUTHOR | {"position": "ประธาน", "phone": "0811111111"}
    assert client.put("/nodes/person:author", json=body, headers=setup["nan1"]).status_code == 200
    tie = {"kind": "knows", "source": "person:broker", "target": "person:ubon"}
    r = client.request("DELETE", "/ties", json=tie, headers=setup["nan1"])
    assert r.status_code == 200, r.text
    put, delete = newer(setup)
    assert (put.user, put.via, put.address) == ("nan1", "api", "testclient")
    assert put.items == [
        {
            "node": "person:author",
            "op": "updated",
            "before": {},
            "after": {"phone": "0811111111", "position": "ประธาน"},
        }
    ]
    assert delete.items == [
        {
            "tie": ["knows", "person:broker", "person:ubon"],
            "op": "deleted",
            "before": {"context": "เวทีข้ามภาค"},
            "after": None,
        }
    ]
    listed = client.get("/changes", params={"node": "person:author", "limit": 1}).json()
    assert listed["items"][0]["id"] == put.id
    assert listed["items"][0]["address"] is None  # an administrator's alone
    assert listed["items"][0]["items"][0]["fields"] == [
        {"field": "phone", "before": None, "after": None, "withheld": True},
        {"field": "position", "before": None, "after": "ประธาน", "withheld": False},
    ]
    assert "0811111111" not in client.get("/changes", headers=ADMIN).text
    by_user = client.get("/changes", params={"user": "nan1"}).json()["items"]
    assert [c["id"] for c in by_user] == [delete.id, put.id]
    assert client.get("/changes", params={"since": "2999-01-01"}).json()["items"] == []
    assert client.get("/changes", params={"since": "soon"}).status_code == 422
    # an empty field is no filter on the page's form alone (it shares these parameters)
    assert client.get("/changes", params={"since": ""}).status_code == 422
    assert client.get("/changes", params={"node": ""}).json()["items"] == []


def test_an_upload_is_logged_as_one_batch_and_undone_whole(
    client: TestClient, setup: dict[str, Any], tmp_path: Path
) -> None:
    before = graph(setup["store"])
    csv = "kind,id,name,province\nperson,person:new-nan,คนใหม่ น่าน,nan\n"
    r = client.post(
        "/load",
        files={"file": ("people.csv", csv.encode(), "text/csv")},
        headers=setup["nan1"],
    )
    assert r.status_code == 200, r.text
    entries = newer(setup)
    batches = {e.batch for e in entries}
    assert len(batches) == 1 and None not in batches
    assert {(e.user, e.via) for e in entries} == {("nan1", "api")}
    assert "person:new-nan" in {it.get("node") for e in entries for it in e.items}
    (batch,) = batches
    done = client.post(f"/changes/batches/{batch}/undo", headers=setup["nan1"])
    assert done.status_code == 200, done.text
    assert done.json()["undid"] == [e.id for e in entries]
    assert graph(setup["store"]) == before


def test_undo_restores_exactly_and_is_refused_naming_the_later_change(
    client: TestClient, setup: dict[str, Any]
) -> None:
    before = graph(setup["store"])
    body = AUTHOR | {"position": "ประธาน"}
    client.put("/nodes/person:author", json=body, headers=setup["nan1"])
    client.put("/nodes/person:author", json=body | {"position": "รอง"}, headers=ADMIN)
    first, second = (e.id for e in newer(setup))
    refused = client.post(f"/changes/{first}/undo", headers=setup["nan1"])
    assert refused.status_code == 409
    assert refused.json()["detail"].startswith(f"change {second} (api, ") and refused.json()[
        "detail"
    ].endswith(
        f"changed position of person:author after change {first}: undo change {second} first"
    )
    assert client.post(f"/changes/{second}/undo", headers=setup["nan1"]).status_code == 200
    done = client.post(f"/changes/{first}/undo", headers=setup["nan1"])
    assert done.status_code == 200
    assert done.json()["undid"] == [first]
    assert graph(setup["store"]) == before
    (undo,) = setup["store"].audit_entries(ids=done.json()["changes"])
    assert (undo.user, undo.via, undo.undoes) == ("nan1", "api", (first,))
    assert client.post("/changes/999999/undo", headers=ADMIN).status_code == 404


def test_undo_asks_the_policy_where_the_node_is(client: TestClient, setup: dict[str, Any]) -> None:
    client.put("/nodes/person:author", json=AUTHOR | {"position": "ประธาน"}, headers=ADMIN)
    (change,) = newer(setup)
    refused = client.post(f"/changes/{change.id}/undo", headers=setup["ubon1"])
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "A coordinator changes only what is located in their provinces."
    )
    assert len(newer(setup)) == 1
    assert client.post(f"/changes/{change.id}/undo").status_code == 401


def test_the_cli_writes_are_logged_as_the_cli(setup: dict[str, Any], tmp_path: Path) -> None:
    store = setup["store"]
    if not isinstance(store, SQLiteStore):
        pytest.skip("the CLI opens its store by URL: the SQLite one is enough here")
    csv = tmp_path / "people.csv"
    csv.write_text("kind,id,name,province\nperson,person:cli-nan,คนจาก CLI,nan\n")
    run = CliRunner().invoke(cli, ["--store", store.url, "load", str(csv)])
    assert run.exit_code == 0, run.output
    entries = newer(setup)
    assert entries and {e.via for e in entries} == {"cli"}
    listed = CliRunner().invoke(cli, ["--store", store.url, "changes", "--node", "person:cli-nan"])
    assert listed.exit_code == 0, listed.output
    assert f"{entries[-1].id}" in listed.output and "person:cli-nan" in listed.output
    first, last = entries[0].id, entries[-1].id  # the node, then its located_in tie
    undo = CliRunner().invoke(cli, ["--store", store.url, "changes", "undo", str(first)])
    assert isinstance(undo.exception, UndoRefused)  # the later change tied the node
    assert str(undo.exception).startswith(f"change {last} (")
    for change in (last, first):
        undo = CliRunner().invoke(cli, ["--store", store.url, "changes", "undo", str(change)])
        assert undo.exit_code == 0, undo.output
    assert store.get_nodes(["person:cli-nan"]) == {}


def graph(store: GraphStore) -> tuple[dict[str, dict], dict[tuple, dict]]:
    return (
        {n.id: n.props for n in store.iter_nodes()},
        {(str(t.kind), t.source, t.target): t.props for t in store.iter_ties()},
    )


def replay(entries: list[Entry]) -> tuple[dict[str, dict], dict[tuple, dict]]:
    """The graph the log's entries (oldest first, from an empty store) build."""
    nodes: dict[str, dict] = {}
    ties: dict[tuple, dict] = {}
    for e in entries:
        for it in e.items:
            into, key = (nodes, it["node"]) if "node" in it else (ties, tuple(it["tie"]))
            if it["op"] == "deleted":
                del into[key]
            elif it["op"] == "created":
                into[key] = dict(it["after"])
            else:
                props = into[key]
                for f in it["before"]:
                    props.pop(f)
                props.update(it["after"])
    return nodes, ties


def test_two_coordinators_editing_at_once_are_both_logged_and_the_log_replays_to_the_graph(
    setup: dict[str, Any],
) -> None:
    store = setup["store"]
    errors: list[str] = []

    def edit(who: str, node: str, name: str) -> None:
        with httpx2.Client(base_url=origin, timeout=60) as c:
            for i in range(8):
                body = {"kind": "person", "name": name, "position": f"{who}-{i}"}
                r = c.put(f"/nodes/{node}", json=body, headers=setup[who])
                if r.status_code != 200:
                    errors.append(r.text)

    with in_thread(store) as origin:
        threads = [
            threading.Thread(target=edit, args=("nan1", "person:author", "สมชาย ใจดี")),
            threading.Thread(target=edit, args=("ubon1", "person:ubon", "บุญมี อุบลดี")),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    mine = newer(setup)
    assert sorted((e.user, e.items[0]["after"]["position"]) for e in mine) == sorted(
        [("nan1", f"nan1-{i}") for i in range(8)] + [("ubon1", f"ubon1-{i}") for i in range(8)]
    )
    assert [e.version for e in mine] == sorted(e.version for e in mine)
    assert len({e.version for e in mine}) == 16
    assert store.get_node("person:author").props["position"] == "nan1-7"
    assert store.get_node("person:ubon").props["position"] == "ubon1-7"
    assert replay(store.audit_entries(oldest_first=True, limit=10**6)) == graph(store)
