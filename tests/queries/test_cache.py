"""The per-version cache: built once, each structure under its own lock, waits bounded, answers
per request bounded, nothing frozen."""

from __future__ import annotations

import gc
import re
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.api.settings import get_api_settings
from phakhee.graph.errors import Busy
from phakhee.graph.model import NodeKind, NodeRecord
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.queries.cache import ANSWERS, GraphCache, GraphVersion, get_cache_settings
from phakhee.queries.heap import HEAP
from phakhee.queries.records.snapshots import create_snapshot
from tests.queries.network import build_small_network


class SlowBuild:
    """A build that holds on until released, counting how often it ran."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.runs = 0

    def __call__(self, graph: nx.MultiDiGraph) -> int:
        self.runs += 1
        self.started.set()
        assert self.release.wait(10)
        return graph.number_of_nodes()


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[GraphCache]:
    store = SQLiteStore(tmp_path / "g.db")
    build_small_network(store)
    cache = GraphCache(store, wait=0.2)
    yield cache
    cache.drain()  # no build thread inside the store as it closes
    store.close()


@pytest.fixture
def slow(cache: GraphCache) -> Iterator[SlowBuild]:
    """A build of 'slow' under way in another thread."""
    build = SlowBuild()
    worker = threading.Thread(target=cache.derived, args=("slow", build))
    worker.start()
    assert build.started.wait(10)
    yield build
    build.release.set()
    worker.join(10)


def test_a_long_build_does_not_hold_up_other_structures(cache: GraphCache, slow: SlowBuild) -> None:
    assert cache.derived("nodes", nx.number_of_nodes) == cache.graph().number_of_nodes()


def test_waiting_for_a_build_under_way_ends_in_busy_then_answers_once_built(
    cache: GraphCache, slow: SlowBuild
) -> None:
    with pytest.raises(Busy) as busy:
        cache.derived("slow", slow)
    assert str(busy.value) == (
        f"'slow' for graph version {cache.current().version} is still being computed"
        " by another request; retry in a few seconds"
    )
    slow.release.set()
    version = cache.current().version
    other = threading.Thread(target=cache.derived, args=("slow", slow))
    other.start()
    other.join(10)
    assert cache.derived("slow", slow) == cache.graph().number_of_nodes()
    assert slow.runs == 1
    assert cache.current().version == version


def test_the_api_answers_busy_as_503_with_retry_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHAKHEE_WAIT_S", "0.2")
    get_api_settings.cache_clear()
    store = SQLiteStore(tmp_path / "g.db")
    build_small_network(store)
    build = SlowBuild()
    with TestClient(create_app(store)) as client:
        cache: GraphCache = client.app.state.cache  # type: ignore[attr-defined]
        worker = threading.Thread(target=cache.derived, args=("search", build))
        worker.start()
        assert build.started.wait(10)
        busy = client.get("/search", params={"q": "เยาวชน"})
        build.release.set()
        worker.join(10)
    get_api_settings.cache_clear()
    store.close()
    assert busy.status_code == 503
    assert busy.headers["retry-after"] == "5"
    assert busy.headers["content-type"] == "application/problem+json"
    assert busy.json()["detail"].startswith("'search' for graph version")


def test_answers_are_kept_up_to_their_ceiling_and_structures_for_the_version(
    cache: GraphCache,
) -> None:
    gv = GraphVersion(cache.graph(), answers=3)
    builds: list[str] = []

    def build(name: str) -> Callable[[nx.MultiDiGraph], str]:
        return lambda _: builds.append(name) or name

    for i in range(10):
        gv.derived(f"ranked:degree:person:province:{i}", build(f"r{i}"))
        gv.derived(f"structure:{i}", build(f"s{i}"))
    assert gv.kept() == (10, 3)
    gv.derived("ranked:degree:person:province:9", build("again"))  # among the last three
    gv.derived("structure:0", build("again"))  # a structure stays for the version
    assert "again" not in builds
    gv.derived("ranked:degree:person:province:0", build("r0 again"))  # dropped: built anew
    assert builds[-1] == "r0 again" and gv.kept() == (10, 3)


def test_the_answer_ceiling_is_a_setting(
    cache: GraphCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHAKHEE_CACHE_ANSWERS", "5")
    get_cache_settings.cache_clear()
    try:
        gv = GraphVersion(cache.graph())
        for i in range(8):
            gv.derived(f"brokers:province:{i}", lambda _, i=i: i)
        assert gv.kept() == (0, 5)
    finally:
        monkeypatch.delenv("PHAKHEE_CACHE_ANSWERS")
        get_cache_settings.cache_clear()
    assert get_cache_settings().answers == 32


class Cyclic:
    """A request's temporary with a reference cycle: only the collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_no_structure_built_on_request_pins_its_temporaries(cache: GraphCache) -> None:
    gv = cache.current()
    seen: list[weakref.ref[Cyclic]] = []

    def build(_: nx.MultiDiGraph) -> int:
        temporary = Cyclic()
        seen.append(weakref.ref(temporary))
        return 1

    cache.derived("structure", build)
    gv.derived("ranked:pagerank:None:None", build)
    gc.collect()  # an ordinary collection: a build on a request's thread freezes nothing
    assert [r() for r in seen] == [None, None]


def test_a_served_diff_pins_nothing_past_the_sweep(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "g.db")
    build_small_network(store)
    a = create_snapshot(store, store.project(), "a").id
    b = create_snapshot(store, store.project(), "b").id
    with TestClient(create_app(store)) as client:
        for path in (f"/snapshots/diff?a={a}&b={b}", f"/views/diff?a={a}&b={b}", "/views/weave"):
            assert client.get(path).status_code == 200, path
        gone = weakref.ref(client.app.state.cache.current())  # type: ignore[attr-defined]
    store.close()
    del client
    HEAP.sweep()
    assert gone() is None  # the app's last version, frozen while it served


DERIVED_NAME = re.compile(r"""derived\(\s*f["']([^"'{]*)\{""")
CLOSED_CHOICES = ("centrality:", "views:size:", "views:weave:", "suggestions:", "pages:place:")
"""Families whose parameter comes from a fixed list (a measure, a score, one of the graph's
provinces and regions): structures of the version."""


def test_every_derived_name_with_a_parameter_is_an_answer_or_a_fixed_choice() -> None:
    root = Path(__file__).resolve().parents[2]
    families = {
        m.group(1)
        for folder in ("queries", "api", "viz")
        for path in (root / folder).rglob("*.py")
        for m in DERIVED_NAME.finditer(path.read_text("utf-8"))
    }
    assert families  # the pattern still finds them
    unbounded = sorted(f for f in families if not f.startswith((*ANSWERS, *CLOSED_CHOICES)))
    assert unbounded == [], "add the family to queries.cache.ANSWERS (or to CLOSED_CHOICES)"
    assert "views:html:" in ANSWERS  # viz/view_pages.py names its pages in a variable


def test_without_a_fresh_wait_a_caller_after_a_write_waits_for_the_new_version(
    cache: GraphCache,
) -> None:
    """As the CLI does: ``fresh_wait`` None, every answer is of the store's version."""
    old = cache.current()
    held = threading.Event()

    def prepare(gv: GraphVersion) -> None:
        held.set()
        time.sleep(0.3)  # longer than ``wait``: a caller with an earlier version still waits

    cache.prepare = prepare
    record = NodeRecord("topic:youth", NodeKind.TOPIC, {"name": "เยาวชนรุ่นใหม่"})
    version = cache.store.upsert_nodes([record]).version
    new = cache.current()
    assert held.is_set() and (old.version, new.version) == (version - 1, version)
    assert new.graph.nodes["topic:youth"]["name"] == "เยาวชนรุ่นใหม่"
    assert (cache.served, cache.settled(1), cache.preparing) == (version, True, False)


def test_wait_for_holds_a_caller_until_the_version_of_its_write_is_built(
    cache: GraphCache,
) -> None:
    """A page's form after its write: ``current`` answers at once with the last version
    (``fresh_wait`` 0) and starts the build; ``wait_for`` holds on until that build is done."""
    cache.fresh_wait = 0
    old = cache.current()
    prepared: list[int] = []

    def prepare(gv: GraphVersion) -> None:
        time.sleep(0.3)  # the build takes a while: the first read below cannot have it
        prepared.append(gv.version)

    cache.prepare = prepare
    record = NodeRecord("topic:youth", NodeKind.TOPIC, {"name": "เยาวชนรุ่นใหม่"})
    version = cache.store.upsert_nodes([record]).version
    assert cache.current(version).version == old.version == version - 1
    assert cache.wait_for(version, 10) is True
    assert (cache.served, prepared) == (version, [version])
    new = cache.current()
    assert new.version == version and new.graph.nodes["topic:youth"]["name"] == "เยาวชนรุ่นใหม่"
    assert cache.wait_for(version - 1, 0) is True  # an older version: the newer one holds it


def test_wait_for_a_version_the_store_never_reached_times_out_building_nothing(
    cache: GraphCache,
) -> None:
    version = cache.current().version
    prepared: list[int] = []
    cache.prepare = lambda gv: prepared.append(gv.version)
    began = time.monotonic()
    assert cache.wait_for(version + 1, 0.2) is False
    assert time.monotonic() - began >= 0.2
    assert (cache.served, cache.preparing, prepared) == (version, False, [])
