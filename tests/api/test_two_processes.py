"""Two API processes on one store converge: a write through either is answered by the other, and
then both answer every read alike — the node, the search, experts, an ego network, the
analytics — on each backend."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from phakhee.graph.store import GraphStore
from tests.queries.network import build_small_network
from tests.served import Served, served

pytestmark = pytest.mark.slow

READS = (
    "/nodes/person:author",
    "/nodes/person:ubon",
    "/search?q=สมชาย",
    "/search?q=บุญมี",
    "/experts?topic=topic:youth",
    "/ego/person:author",
    "/analytics/centrality",
    "/analytics/brokers",
    "/scorecards/province:nan",
)
"""Reads answered from each process's own graph version (its search index, expert index,
projection and analyses)."""


@pytest.fixture
def pair(store: GraphStore, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple]:
    """Two ``phakhee serve`` processes on the small network in ``store``."""
    build_small_network(store)
    if "neo4j" in request.node.callspec.id:
        url = request.getfixturevalue("neo4j_uri")
    else:
        url = str(tmp_path / "graph.db")
    with contextlib.ExitStack() as stack:
        first = stack.enter_context(served(url if url.startswith("bolt") else Path(url)))
        second = stack.enter_context(served(url if url.startswith("bolt") else Path(url)))
        yield first, second


def answers(server: Served) -> dict[str, object]:
    """Every read of ``READS``, as the JSON it answered."""
    out = {}
    for path in READS:
        response = server.client.get(path)
        assert response.status_code == 200, (path, response.text)
        out[path] = response.json()
    return out


def name_seen(server: Served, node: str, name: str, timeout: float = 15) -> float:
    """Seconds until ``server`` answers ``node`` with ``name``, by id and by search."""
    started = time.monotonic()
    while True:
        by_id = server.client.get(f"/nodes/{node}").json()["node"]["props"]["name"]
        found = server.client.get("/search", params={"q": name}).json()
        if by_id == name and (found[0]["id"], found[0]["name"]) == (node, name):
            return time.monotonic() - started
        assert time.monotonic() - started < timeout, f"{node} is not {name!r} after {timeout} s"
        time.sleep(0.1)


def rename(server: Served, node: str, name: str) -> None:
    body = server.client.get(f"/nodes/{node}", headers=server.write).json()["node"]
    props = body["props"] | {"name": name}
    response = server.client.put(
        f"/nodes/{node}", json={"kind": body["kind"], **props}, headers=server.write
    )
    assert response.status_code == 200, response.text


def test_two_processes_on_one_store_converge_after_each_others_writes(pair: tuple) -> None:
    first, second = pair
    assert answers(first) == answers(second)

    rename(first, "person:author", "สมชาย ใจดีมาก")
    name_seen(second, "person:author", "สมชาย ใจดีมาก")
    rename(second, "person:ubon", "บุญมี อุบลรัตน์")
    name_seen(first, "person:ubon", "บุญมี อุบลรัตน์")

    settled = answers(first)
    assert settled == answers(second)
    assert settled["/nodes/person:author"]["node"]["props"]["name"] == "สมชาย ใจดีมาก"
    assert settled["/search?q=สมชาย"][0]["name"] == "สมชาย ใจดีมาก"
    assert settled["/nodes/person:ubon"]["node"]["props"]["name"] == "บุญมี อุบลรัตน์"
    assert settled["/search?q=บุญมี"][0]["name"] == "บุญมี อุบลรัตน์"
    assert (
        first.client.get("/health").json()["version"]
        == (second.client.get("/health").json()["version"])
    )
