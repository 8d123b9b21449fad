"""``GET /export/{format}``: files with their metadata; unredacted only with a write key."""

from __future__ import annotations

import io
from collections.abc import Iterator

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.api.settings import get_api_settings
from phakhee.graph.model import NodeKind, NodeRecord
from phakhee.graph.store import GraphStore
from tests.queries.network import build_small_network

KEY = "test-key-1"
WRITE = {"Authorization": f"Bearer {KEY}"}
PHONE = "089-555-0101"


@pytest.fixture
def client(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("PHAKHEE_API_KEYS", KEY)
    get_api_settings.cache_clear()
    build_small_network(store)
    store.upsert_nodes(
        [NodeRecord("person:phoned", NodeKind.PERSON, {"name": "โทร ได้", "phone": PHONE})]
    )
    with TestClient(create_app(store)) as c:
        yield c
    get_api_settings.cache_clear()


def test_gexf_export_is_a_file_with_its_metadata_in_headers(client: TestClient) -> None:
    r = client.get("/export/gexf")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/gexf+xml")
    assert "attachment" in r.headers["content-disposition"]
    assert r.headers["x-phakhee-redacted"] == "True"
    assert r.headers["x-phakhee-scope"] == "all"
    assert r.headers["etag"]
    g = nx.read_gexf(io.BytesIO(r.content))
    assert "person:phoned" in g
    assert PHONE.encode() not in r.content


def test_a_scope_names_its_node_as_a_user_writes_it_spaces_and_all(client: TestClient) -> None:
    by_id = client.get("/export/json", params={"scope": "ego=person:author"})
    by_name = client.get("/export/json", params={"scope": "ego=สมชาย ใจดี"})
    topic = client.get("/export/json", params={"scope": "topic=งดเหล้า เข้าพรรษา"})
    assert (by_id.status_code, by_name.status_code, topic.status_code) == (200, 200, 200)
    ids = sorted(n["id"] for n in by_id.json()["nodes"])
    assert sorted(n["id"] for n in by_name.json()["nodes"]) == ids
    assert "person:author" in ids and "topic:lent" in {n["id"] for n in topic.json()["nodes"]}
    # the metadata records the node the name resolved to (a Thai name cannot be a header)
    assert by_name.headers["x-phakhee-scope"] == "ego=person:author"
    assert topic.headers["x-phakhee-scope"] == "topic=topic:lent"


def test_unredacted_export_needs_a_write_key(client: TestClient) -> None:
    r = client.get("/export/json", params={"redact": "false"})
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    r = client.get(
        "/export/json", params={"redact": "false"}, headers={"Authorization": "Bearer nope"}
    )
    assert r.status_code == 401
    r = client.get("/export/json", params={"redact": "false"}, headers=WRITE)
    assert r.status_code == 200 and PHONE.encode() in r.content
    assert r.headers["x-phakhee-redacted"] == "False"


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/export/pdf", {}, 422),
        ("/export/gexf", {"scope": "planet=mars"}, 422),
        ("/export/gexf", {"scope": "province=atlantis"}, 404),
        ("/export/gexf", {"scope": "province=person:author"}, 404),  # no province by that id
    ],
)
def test_bad_export_requests_are_problems(
    client: TestClient, path: str, params: dict, status: int
) -> None:
    r = client.get(path, params=params)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "json", "csv", "cypher", "xlsx", "html"])
def test_every_format_is_served(client: TestClient, fmt: str) -> None:
    r = client.get(f"/export/{fmt}", params={"scope": "topic=youth"})
    assert r.status_code == 200, r.text
    assert r.content


def test_html_export_is_the_offline_view_with_its_metadata_and_a_csp(client: TestClient) -> None:
    r = client.get("/export/html", params={"scope": "ego=person:phoned"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert 'filename="phakhee-v' in r.headers["content-disposition"]
    assert "script-src 'sha256-" in r.headers["content-security-policy"]
    assert r.headers["x-phakhee-format"] == "html"
    assert (
        b'data-view="ego"' in r.content
        and b'<meta name="phakhee:redacted" content="true">' in r.content
    )
    assert PHONE.encode() not in r.content
    assert client.get("/export/html", params={"redact": "false"}).status_code == 401
    full = client.get(
        "/export/html", params={"scope": "ego=person:phoned", "redact": "false"}, headers=WRITE
    )
    assert full.status_code == 200 and PHONE.encode() in full.content
    taken = client.post("/snapshots", headers=WRITE).json()
    r = client.get(f"/snapshots/{taken['id']}/export/html", params={"scope": "province=nan"})
    assert r.status_code == 200, r.text
    assert f'<meta name="phakhee:snapshot" content="{taken["id"]}">'.encode() in r.content
    assert b'data-view="province"' in r.content


def test_snapshots_are_taken_with_a_key_listed_shown_exported_and_compared(
    client: TestClient,
) -> None:
    assert client.post("/snapshots", params={"note": "q1"}).status_code == 401
    first = client.post("/snapshots", params={"note": "q1"}, headers=WRITE)
    assert first.status_code == 201, first.text
    a = first.json()
    assert a["note"] == "q1" and a["summary"]["nodes"]["person"] >= 1
    client.put(
        "/nodes/person:newcomer",
        json={"kind": "person", "name": "ผู้มาใหม่"},
        headers=WRITE,
    )
    b = client.post("/snapshots", headers=WRITE).json()
    assert [s["id"] for s in client.get("/snapshots").json()] == [a["id"], b["id"]]
    assert client.get(f"/snapshots/{a['id']}").json() == a
    d = client.get("/snapshots/diff", params={"a": a["id"], "b": b["id"]})
    assert d.status_code == 200, d.text
    assert [n["id"] for n in d.json()["nodes_added"]] == ["person:newcomer"]
    assert d.json()["nodes_removed"] == [] and d.json()["ties_removed"] == []
    page = client.get("/views/diff", params={"a": a["id"], "b": b["id"]})
    assert page.status_code == 200, page.text
    assert "script-src 'sha256-" in page.headers["content-security-policy"]
    assert "person:newcomer" in page.text and 'data-view="diff"' in page.text
    assert client.get("/views/diff", params={"a": a["id"], "b": 999}).status_code == 404
    r = client.get(f"/snapshots/{a['id']}/export/json")
    assert r.status_code == 200 and r.headers["x-phakhee-snapshot"] == str(a["id"])
    assert b"person:newcomer" not in r.content and PHONE.encode() not in r.content
    assert (
        client.get(f"/snapshots/{a['id']}/export/json", params={"redact": "false"}).status_code
        == 401
    )


@pytest.mark.parametrize(
    ("path", "status"),
    [("/snapshots/999", 404), ("/snapshots/diff?a=1&b=999", 404), ("/snapshots/x", 404)],
)
def test_unknown_snapshots_are_problems(client: TestClient, path: str, status: int) -> None:
    r = client.get(path)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"


def test_deleting_a_snapshot_needs_a_key(client: TestClient) -> None:
    taken = client.post("/snapshots", headers=WRITE).json()
    assert client.delete(f"/snapshots/{taken['id']}").status_code == 401
    assert client.delete(f"/snapshots/{taken['id']}", headers=WRITE).status_code == 204
    assert client.get(f"/snapshots/{taken['id']}").status_code == 404
    assert client.delete(f"/snapshots/{taken['id']}", headers=WRITE).status_code == 404
