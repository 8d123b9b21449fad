"""No personal field leaves the served demo without a key: every GET route, view and export,
scanned byte for byte for every phone number, email, LINE id and address of the network."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest

from phakhee.graph.privacy import PERSONAL_FIELDS
from phakhee.graph.sqlite_store import SQLiteStore
from tests.served import Served

pytestmark = pytest.mark.slow

FORMATS = ("gexf", "graphml", "json", "csv", "cypher", "xlsx", "html")


def _personal(db: Path) -> tuple[str, set[str]]:
    """A person with every contact field, and every personal value of the network."""
    store = SQLiteStore(db)
    values, full = set(), None
    for node in store.iter_nodes():
        found = {f: str(node.props[f]) for f in PERSONAL_FIELDS if node.props.get(f)}
        values |= {v for v in found.values() if len(v) >= 6}
        if full is None and len(found) == len(PERSONAL_FIELDS):
            full = node.id
    store.close()
    assert full is not None and len(values) > 1000
    return full, values


def _readable(body: bytes) -> str:
    """The text of a response with JSON and JavaScript escapes undone (a page's data is JSON),
    every member of a zip (the CSV export, a workbook) read out."""
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            body = b"\n".join(z.read(name) for name in z.namelist())
    text = body.decode("utf-8", errors="replace")
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


def _gets(client, person: str, snapshots: list[int]) -> list[str]:
    """A request for every GET operation of the schema, its parameters filled from the demo."""
    topic = client.get("/search", params={"q": "เยาวชน", "kind": "topic"}).json()[0]["id"]
    team = client.get("/search", params={"q": "น่าน", "kind": "team"}).json()[0]["id"]
    a, b = snapshots
    paths = {
        "/health": [""],
        "/stats": [""],
        "/nodes": ["?kind=person&limit=200", "?q=สม&limit=200", "?province=province:nan"],
        "/nodes/{node_id}": [quote(person)],
        "/search": ["?q=สม&limit=200"],
        "/experts": [f"?topic={quote(topic)}&limit=200"],
        "/introductions": [f"?from={quote(person)}&to={quote(team)}"],
        "/maps/province/{province}": ["province:nan"],
        "/maps/region/{region}": ["region:north"],
        "/maps/sector/{sector}": ["government"],
        "/ego/{node_id}": [quote(person) + "?depth=2"],
        "/lessons": ["?limit=200"],
        "/export/{format}": list(FORMATS),
        "/snapshots": [""],
        "/snapshots/diff": [f"?a={a}&b={b}"],
        "/snapshots/{snapshot_id}": [str(a)],
        "/snapshots/{snapshot_id}/export/{format}": [f"{a}/export/{f}" for f in FORMATS],
        "/analytics/centrality": ["?limit=200"],
        "/analytics/brokers": [""],
        "/analytics/communities": [""],
        "/analytics/gaps": [""],
        "/analytics/suggestions": [""],
        "/scorecards": [""],
        "/scorecards/{province}": ["province:nan"],
        "/views/": [""],
        "/views/weave": [""],
        "/views/gaps": [""],
        "/views/province/{id}": ["province:nan"],
        "/views/region/{id}": ["region:north"],
        "/views/topic/{id}": [quote(topic)],
        "/views/sector/{sector}": ["government"],
        "/views/ego/{id}": [quote(person) + "?depth=2"],
        "/views/diff": [f"?a={a}&b={b}"],
        "/changes": ["", "?limit=500"],
    }
    schema = client.get("/openapi.json").json()["paths"]
    gets = {p for p, item in schema.items() if "get" in item}
    assert gets == set(paths), "a GET route without a sample here: add it"
    urls = []
    for template, fills in paths.items():
        head = re.sub(r"\{[^}]+\}.*", "", template)
        urls += [head + fill if "{" in template else template + fill for fill in fills]
    return urls


def test_no_route_view_or_export_shows_a_personal_field_without_a_key(
    served_demo: Served, demo_1000: Path
) -> None:
    client = served_demo.client
    person, values = _personal(demo_1000)
    snapshots = [s["id"] for s in client.get("/snapshots").json()]
    leaks = {}
    urls = _gets(client, person, snapshots)
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, (url, r.text[:300])
        text = _readable(r.content)
        found = sorted(v for v in values if v in text)
        if found:
            leaks[url] = found[:3]
    assert len(urls) == 49
    assert leaks == {}


def test_a_write_key_shows_a_persons_contacts_on_the_routes_that_promise_them(
    served_demo: Served, demo_1000: Path
) -> None:
    client, key = served_demo.client, served_demo.write
    person, _ = _personal(demo_1000)
    public = client.get(f"/nodes/{quote(person)}").json()["node"]
    trusted = client.get(f"/nodes/{quote(person)}", headers=key).json()["node"]
    assert public["withheld"] == sorted(PERSONAL_FIELDS)
    assert not PERSONAL_FIELDS & set(public["props"])
    assert trusted["withheld"] == []
    assert set(trusted["props"]) >= PERSONAL_FIELDS
    ego = client.get(f"/ego/{quote(person)}", headers=key).json()
    assert ego["nodes"][person]["phone"] == trusted["props"]["phone"]
    listed = client.get("/nodes", params={"kind": "person", "limit": 200}, headers=key).json()
    assert any("phone" in n["props"] for n in listed["items"])
    export = client.get("/export/json", params={"redact": "false"}, headers=key)
    assert trusted["props"]["phone"] in _readable(export.content)
    assert json.loads(export.content)["graph"]["redacted"] is False
