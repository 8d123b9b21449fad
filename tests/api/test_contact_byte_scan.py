"""A viewer and an anonymous reader receive no phone, email, LINE id or address anywhere: every
GET operation of the OpenAPI schema, every page of the web app, every export format (redacted
and asked unredacted, of the graph and of a snapshot), scanned byte for byte — zip members
(the CSV export, a workbook) read out, JSON escapes undone — for every contact value of the
served 1,000-person demo and for four values planted on one person.

The same scan finds the planted values for an administrator's key, so a scan that found
nothing because it looked nowhere would fail.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute

from phakhee.api.routers.web import ROUTERS
from phakhee.graph.accounts import accounts
from phakhee.graph.model import node_record, parse_node
from phakhee.graph.privacy import PERSONAL_FIELDS
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.queries.records.snapshots import create_snapshot
from phakhee.viz.web.links import PATHS
from tests.api.test_contacts import _readable
from tests.served import Served, served

pytestmark = pytest.mark.slow

FORMATS = ("gexf", "graphml", "json", "csv", "cypher", "xlsx", "html")
PLANTED = {
    "phone": "089-417-2236",
    "email": "planted.contact@example.org",
    "line_id": "planted-line-417",
    "address": "417/9 หมู่ 6 ตำบลปลูกฝัง อำเภอทดสอบ",
}
SCRIPT, BROWSER = "*/*", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
"""How a script and a browser ask: a page at a JSON route's address (``/changes``) answers a
browser, so every page is fetched as one."""
Url = tuple[str, str]
"""An address and the ``Accept`` it is fetched with."""


@pytest.fixture(scope="module")
def scan(demo_1000: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A copy of the demo with the planted contacts on one person, a snapshot after them, a
    viewer's personal token, served; and every personal value of the network."""
    db = tmp_path_factory.mktemp("byte-scan") / "demo.db"
    with sqlite3.connect(demo_1000) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    store = SQLiteStore(db)
    person = next(n for n in store.iter_nodes() if n.id.startswith("person:"))
    planted = {**person.props, **PLANTED, "kind": "person", "id": person.id}
    store.upsert_nodes([node_record(parse_node(planted))])
    snapshot = create_snapshot(store, store.project(), "planted").id
    users = accounts(store)
    users.add("viewer1", "viewer", "a-long-password-v")
    viewer = {"Authorization": f"Bearer {users.new_token('viewer1')}"}
    values = {
        str(n.props[f]) for n in store.iter_nodes() for f in PERSONAL_FIELDS if n.props.get(f)
    }
    store.close()
    with served(db) as s:
        yield {
            "served": s,
            "person": person.id,
            "snapshot": snapshot,
            "viewer": viewer,
            "values": {v for v in values if len(v) >= 6},
        }


def _first(client, kind: str) -> str:
    return client.get("/nodes", params={"kind": kind, "limit": 1}).json()["items"][0]["id"]


def _fills(scan: dict[str, Any]) -> dict[str, str]:
    """A value for every parameter a route may require, from the demo."""
    client = scan["served"].client
    snapshots = [s["id"] for s in client.get("/snapshots").json()]
    return {
        "node_id": scan["person"],
        "id": scan["person"],
        "node": scan["person"],
        "from": scan["person"],
        "to": _first(client, "team"),
        "topic": _first(client, "topic"),
        "province": "province:nan",
        "region": "region:north",
        "zone": "zone:northeast-upper",
        "sector": "government",
        "snapshot_id": str(scan["snapshot"]),
        "a": str(snapshots[0]),
        "b": str(scan["snapshot"]),
        "q": "สม",
        "code": "th",
        "kind": "person",
        "path": "people",
        "token": "x" * 43,
        "name": "refused.csv",
    }


def _path_value(template: str, name: str, fills: dict[str, str], scan: dict[str, Any]) -> str:
    """The value of path parameter ``name`` in ``template`` (an id's kind from the path)."""
    client = scan["served"].client
    for kind in ("topic", "province", "region", "sector"):
        if f"/{kind}/{{{name}}}" in template:
            return fills[kind]
    if name == "slug":  # a page of a kind: the planted person's, or the first of the kind
        kind = next((k for k, p in PATHS.items() if template.startswith(f"/{p}/")), "person")
        if kind == "person" or "{path}" in template:
            return scan["person"].partition(":")[2]
        if kind in ("province", "region", "zone"):
            return fills[kind].partition(":")[2]
        return _first(client, kind).partition(":")[2]
    assert name in fills, f"{template}: no sample value for {{{name}}}: add one"
    return fills[name]


def _url(template: str, required: list[str], fills: dict[str, str], scan: dict[str, Any]) -> str:
    path = re.sub(
        r"\{([^}:]+)(?::[^}]+)?\}",
        lambda m: quote(_path_value(template, m.group(1), fills, scan), safe=":"),
        template,
    )
    for name in required:
        assert name in fills, f"{template}: no sample value for ?{name}=: add one"
    query = "&".join(f"{n}={quote(fills[n])}" for n in required)
    return path + (f"?{query}" if query else "")


def _api_urls(scan: dict[str, Any], fills: dict[str, str]) -> list[Url]:
    """Every GET operation of the schema (each export format, redacted and not)."""
    schema = scan["served"].client.get("/openapi.json").json()["paths"]
    urls = []
    for template, item in schema.items():
        if "get" not in item:
            continue
        params = item["get"].get("parameters", [])
        required = [p["name"] for p in params if p["in"] == "query" and p.get("required")]
        formats = FORMATS if "{format}" in template else ("",)
        for f in formats:
            url = _url(template.replace("{format}", f) if f else template, required, fills, scan)
            urls.append(url)
            if f:
                sep = "&" if "?" in url else "?"
                urls += [
                    url + f"{sep}redact=false",
                    url + f"{sep}redact=false&scope=ego={quote(scan['person'])}",
                ]
    urls += ["/nodes?kind=person&limit=200", f"/ego/{quote(scan['person'])}?depth=2"]
    return [(u, SCRIPT) for u in urls]


def _page_urls(scan: dict[str, Any], fills: dict[str, str]) -> list[Url]:
    """Every page route of the web app (GET), as a browser asks for it."""
    urls = []
    for route in (r for router in ROUTERS for r in router.routes):
        if isinstance(route, APIRoute) and "GET" in route.methods:
            required = [p.name for p in route.dependant.query_params if p.field_info.is_required()]
            urls.append(_url(route.path, required, fills, scan))
    urls += [f"/find?q={quote(fills['q'])}", f"/suggest?q={quote(fills['q'])}"]
    return [(u, BROWSER) for u in urls]


def _found(client, url: str, headers: dict[str, str], values: set[str]) -> set[str]:
    r = client.get(url, headers=headers)
    assert r.status_code < 500, (url, r.text[:300])
    text = _readable(r.content)
    return {v for v in values if v in text}


@pytest.fixture(scope="module")
def urls(scan: dict[str, Any]) -> list[Url]:
    fills = _fills(scan)
    return _api_urls(scan, fills) + _page_urls(scan, fills)


def test_the_scan_reaches_every_route_page_and_export(urls: list[Url]) -> None:
    assert sum("/export/" in u for u, _ in urls) == 2 * 3 * len(FORMATS)
    pages = {u for u, accept in urls if accept == BROWSER}
    assert {"/", "/find", "/find?q=%E0%B8%AA%E0%B8%A1", "/download", "/history"} <= pages
    assert {("/changes", SCRIPT), ("/changes", BROWSER)} <= set(urls)
    assert len(urls) == len(set(urls))


@pytest.mark.parametrize("who", ["anonymous", "viewer"])
def test_no_contact_value_reaches_a_viewer_or_anonymous(
    scan: dict[str, Any], urls: list[Url], who: str
) -> None:
    client = scan["served"].client
    who_asks = scan["viewer"] if who == "viewer" else {}
    values = scan["values"] | set(PLANTED.values())
    leaks = {
        (u, accept): sorted(found)[:3]
        for u, accept in urls
        if (found := _found(client, u, {**who_asks, "Accept": accept}, values))
    }
    assert leaks == {}


def test_an_administrators_key_finds_the_planted_values(
    scan: dict[str, Any], urls: list[Url]
) -> None:
    s: Served = scan["served"]
    planted = set(PLANTED.values())
    assert _found(s.client, f"/nodes/{quote(scan['person'])}", s.write, planted) == planted
    log = {**s.write, "Accept": BROWSER}  # the log names a personal field, even to a key
    assert _found(s.client, "/changes", log, planted) == set()
    exports = [u for u, _ in urls if "redact=false&scope=ego" in u]
    assert len(exports) == 2 * len(FORMATS)
    for url in exports:
        assert PLANTED["phone"] in _found(s.client, url, s.write, planted), url
