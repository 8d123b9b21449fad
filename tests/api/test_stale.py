"""A write never holds up the readers: while the new graph version is built the last one answers,
saying it is stale and carrying its own ETag; /health tells which version answers."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.api.deps import prepare_version
from phakhee.api.settings import get_api_settings
from phakhee.graph.model import NodeKind, NodeRecord
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.queries.cache import GraphCache, GraphVersion
from tests.queries.network import build_small_network

OLD, NEW = "เยาวชน", "เยาวชนรุ่นใหม่"
FOUND = "/nodes?q=youth&kind=topic"
"""A read answered from the graph version (the search index)."""


class Gate:
    """The API's prepare step, held until released: a new version's build takes as long as the
    test wants; ``fail`` makes the next builds fail as a build out of memory does."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.fail: BaseException | None = None

    def __call__(self, gv: GraphVersion) -> None:
        self.started.set()
        assert self.release.wait(10)
        if self.fail is not None:
            raise self.fail
        prepare_version(gv)


@dataclass
class Served:
    client: TestClient
    store: SQLiteStore
    cache: GraphCache
    gate: Gate

    def rename(self, name: str) -> int:
        """Rename the youth topic in the store; the store's new version."""
        record = NodeRecord("topic:youth", NodeKind.TOPIC, {"name": name, "name_en": "Youth"})
        return self.store.upsert_nodes([record]).version

    def health(self) -> tuple[int, int | None, bool]:
        body = self.client.get("/health").json()
        return body["version"], body["served"], body["preparing"]


def _app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_wait: float | None
) -> Iterator[Served]:
    """The app on the small network, its new versions' builds held by a gate; ``fresh_wait``
    as ``PHAKHEE_FRESH_WAIT_S`` (None: the default)."""
    if fresh_wait is None:
        monkeypatch.delenv("PHAKHEE_FRESH_WAIT_S", raising=False)
    else:
        monkeypatch.setenv("PHAKHEE_FRESH_WAIT_S", str(fresh_wait))
    get_api_settings.cache_clear()
    store = SQLiteStore(tmp_path / "g.db")
    build_small_network(store)
    with TestClient(create_app(store)) as client:
        cache: GraphCache = client.app.state.cache  # type: ignore[attr-defined]
        assert cache.fresh_wait == (1.0 if fresh_wait is None else fresh_wait)
        gate = Gate()
        cache.prepare = gate
        yield Served(client, store, cache, gate)
        gate.release.set()
        assert cache.settled(10)
    get_api_settings.cache_clear()
    store.close()


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    """The app with ``PHAKHEE_FRESH_WAIT_S=0``: after a write, reads never wait for the build."""
    yield from _app(tmp_path, monkeypatch, 0)


def _answer(r: Any) -> tuple[int, str, str, str, str | None]:
    """Status, the topic's name, the ETag, the computed-at version and the stale header."""
    name = r.json()["items"][0]["props"]["name"] if r.status_code == 200 else ""
    return (
        r.status_code,
        name,
        r.headers["etag"],
        r.headers["x-phakhee-computed-at"],
        r.headers.get("x-phakhee-stale"),
    )


def test_after_a_write_the_last_version_answers_marked_stale_until_the_new_one_is_built(
    served: Served,
) -> None:
    v0 = served.store.version()
    assert _answer(served.client.get(FOUND)) == (200, OLD, f'W/"v{v0}"', str(v0), None)
    assert served.health() == (v0, v0, False)

    v1 = served.rename(NEW)
    assert v1 == v0 + 1
    stale = served.client.get(FOUND)
    assert _answer(stale) == (200, OLD, f'W/"v{v0}"', str(v0), str(v1))
    assert served.gate.started.wait(10)
    assert served.health() == (v1, v0, True)
    held = served.client.get(FOUND, headers={"If-None-Match": f'W/"v{v0}"'})
    assert (held.status_code, held.content) == (304, b"")
    assert (held.headers["etag"], held.headers["x-phakhee-stale"]) == (f'W/"v{v0}"', str(v1))
    one = served.client.get("/nodes/topic:youth")  # read from the store: fresh by construction
    assert (one.json()["node"]["props"]["name"], one.headers["etag"]) == (NEW, f'W/"v{v1}"')
    assert "x-phakhee-stale" not in one.headers

    served.gate.release.set()
    assert served.cache.settled(10)
    assert served.health() == (v1, v1, False)
    fresh = served.client.get(FOUND, headers={"If-None-Match": f'W/"v{v0}"'})
    assert _answer(fresh) == (200, NEW, f'W/"v{v1}"', str(v1), None)


def test_writes_during_a_build_are_built_next_from_the_newest_version(served: Served) -> None:
    served.client.get(FOUND)
    served.rename("รุ่นที่หนึ่ง")
    served.client.get(FOUND)  # starts the build of that version
    assert served.gate.started.wait(10)
    v2 = served.rename(NEW)
    served.gate.release.set()
    assert served.cache.settled(10)
    assert served.health() == (v2, v2, False)  # no read asked for it: the build went on
    assert _answer(served.client.get(FOUND)) == (200, NEW, f'W/"v{v2}"', str(v2), None)


def test_a_failed_build_leaves_the_last_version_answering_and_is_tried_again(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    v0 = served.store.version()
    served.client.get(FOUND)
    served.gate.fail = MemoryError("the graph does not fit")
    v1 = served.rename(NEW)
    with caplog.at_level(logging.ERROR, logger="phakhee.queries.cache"):
        assert _answer(served.client.get(FOUND)) == (200, OLD, f'W/"v{v0}"', str(v0), str(v1))
        served.gate.release.set()
        assert served.cache.settled(10)
    assert [r.getMessage() for r in caplog.records] == [
        "building the graph version failed; the last one keeps answering"
    ]
    assert caplog.records[0].exc_info[0] is MemoryError  # type: ignore[index]
    assert served.health() == (v1, v0, False)
    assert _answer(served.client.get(FOUND)) == (200, OLD, f'W/"v{v0}"', str(v0), str(v1))
    assert served.cache.settled(10)  # that read tried again, and failed again

    served.gate.fail = None
    assert _answer(served.client.get(FOUND))[1:] == (OLD, f'W/"v{v0}"', str(v0), str(v1))
    assert served.cache.settled(10)
    assert _answer(served.client.get(FOUND)) == (200, NEW, f'W/"v{v1}"', str(v1), None)


def test_with_the_default_wait_a_read_after_a_write_on_a_small_graph_is_fresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for served in _app(tmp_path, monkeypatch, None):
        served.gate.release.set()
        served.client.get(FOUND)
        v1 = served.rename(NEW)
        assert _answer(served.client.get(FOUND)) == (200, NEW, f'W/"v{v1}"', str(v1), None)
        assert served.health() == (v1, v1, False)


def test_the_app_stops_only_after_a_running_build_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store closes after the app: a build still reading it would be cut off mid-answer."""
    monkeypatch.setenv("PHAKHEE_FRESH_WAIT_S", "0")
    get_api_settings.cache_clear()
    store = SQLiteStore(tmp_path / "g.db")
    build_small_network(store)
    client = TestClient(create_app(store))
    client.__enter__()
    cache: GraphCache = client.app.state.cache  # type: ignore[attr-defined]
    client.get(FOUND)  # the first version
    cache.prepare = gate = Gate()
    store.upsert_nodes([NodeRecord("topic:youth", NodeKind.TOPIC, {"name": NEW})])
    assert client.get(FOUND).status_code == 200 and gate.started.wait(10)
    stopping = threading.Thread(target=client.__exit__, args=(None, None, None))
    stopping.start()
    stopping.join(0.5)
    assert stopping.is_alive() and cache.preparing  # the shutdown waits for the build
    gate.release.set()
    stopping.join(10)
    assert not stopping.is_alive() and not cache.preparing
    store.close()
    get_api_settings.cache_clear()


STALE_LINE = "คำนวณจากข้อมูลเมื่อ"
"""What a page says while it shows the last built version (the Thai catalogue's words)."""


def test_a_page_says_it_is_stale_while_the_new_version_is_built(served: Served) -> None:
    v0 = served.store.version()
    fresh = served.client.get("/")
    assert (fresh.status_code, STALE_LINE in fresh.text) == (200, False)
    assert f"ฉบับที่ {v0}" in fresh.text
    assert "etag" not in fresh.headers  # a page depends on the reader's language too

    v1 = served.rename(NEW)
    stale = served.client.get("/")
    assert (stale.status_code, STALE_LINE in stale.text, f"ฉบับที่ {v0}" in stale.text) == (
        200,
        True,
        True,
    )
    served.gate.release.set()
    assert served.cache.settled(10)
    after = served.client.get("/")
    assert (STALE_LINE in after.text, f"ฉบับที่ {v1}" in after.text) == (False, True)
