"""A warm start: a graph version kept on disk loads back exactly (its projection in the same
order, its search index table for table, its analyses, the same answers), only when its stamp is
the store's now, never half; the writing thread keeps the newest settled version and shreds an
older file at once; a restarted app loads the kept version and answers as a projection does,
projects afresh a store changed behind the file, and an erased person is in no kept file.
Writes drawn by hypothesis, applied by the cache as deltas, give what a projection and an index
built whole give, and so does the kept version loaded back, on both stores."""

from __future__ import annotations

import contextlib
import copy
import logging
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phakhee.api.app import create_app
from phakhee.graph import warm_files
from phakhee.graph.model import NodeKind, NodeRecord, TieKind, TieRecord, kind_of
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.graph.store import GraphStore
from phakhee.loaders.demo import build_demo
from phakhee.queries import warm_start
from phakhee.queries.ask.search import SearchIndex, index_of
from phakhee.queries.cache import GraphCache, GraphVersion, get_cache_settings
from phakhee.queries.records.person_rights import erase_person
from tests.queries.network import build_small_network
from tests.queries.test_live_graph import tie_keys, write
from tests.queries.test_search_follows import DRAWN_QUERIES, NAMES, _answers, _tables

PEOPLE = [f"person:p{i}" for i in range(4)]
PHONE = "081-234-5678"
SEARCHES = ["สมชาย", "มาลี", "youth", "เยาวชน"]
ANALYSES = [
    "/analytics/centrality?measure=pagerank&kind=person",
    "/analytics/centrality?measure=betweenness",
    "/analytics/brokers",
]


def state(g: nx.MultiDiGraph) -> tuple[Any, ...]:
    """The graph's own dictionaries as plain data, and its node, successor and predecessor
    order."""
    order = [(u, list(out)) for u, out in g._succ.items()]
    order += [(v, list(into)) for v, into in g._pred.items()]
    return copy.deepcopy((g.graph, g._node, g._succ, g._pred)), order


@pytest.fixture
def where(tmp_path: Path) -> Path:
    """A folder of the test's own for kept files (the functions take any; Neo4j keeps none)."""
    return tmp_path / "kept"


@pytest.fixture
def small(store: GraphStore) -> GraphStore:
    build_small_network(store)
    store.upsert_ties([TieRecord(TieKind.KNOWS, "person:author", "person:attendee", {"note": "x"})])
    return store


def test_a_kept_version_loads_back_exactly(small: GraphStore, where: Path) -> None:
    gv = GraphVersion(small.project())
    index = index_of(gv)
    path = warm_start.save(small, gv, where)
    assert path == where / warm_files.FILE
    loaded = warm_start.load(small, where)
    assert loaded is not None and loaded.version == gv.version == small.version()
    assert state(loaded.graph) == state(gv.graph)
    assert loaded.made_at == gv.made_at
    assert loaded.kept() == (1, 0)  # its search index came with it, nothing built
    again = index_of(loaded)
    assert again.graph is loaded.graph
    assert _tables(again) == _tables(index)
    assert _answers(again, DRAWN_QUERIES) == _answers(index, DRAWN_QUERIES)


def test_the_file_says_which_store_version_and_last_write_it_copies(
    small: GraphStore, where: Path
) -> None:
    gv = GraphVersion(small.project())
    warm_start.save(small, gv, where)
    kept = warm_files.read_stamp(where / warm_files.FILE)
    assert kept is not None
    last = small.audit_entries(limit=1)[0]
    assert kept == {
        "format": 2,
        "store": small.url,
        "version": small.version(),
        "counts": small.counts(),
        "last_write": [last.id, last.at, small.version()],
    }


def test_a_file_of_another_version_is_not_loaded(small: GraphStore, where: Path) -> None:
    warm_start.save(small, GraphVersion(small.project()), where)
    small.upsert_nodes([NodeRecord("person:new", NodeKind.PERSON, {"name": "ใหม่"})])
    assert warm_start.load(small, where) is None


def _wiped_and_written_again(path: Path, names: list[str]) -> SQLiteStore:
    for p in path.parent.glob(path.name + "*"):
        if p.is_file():
            p.unlink()
    store = SQLiteStore(path)
    for name in names:
        store.upsert_nodes([NodeRecord("person:a", NodeKind.PERSON, {"name": name})])
    return store


def test_a_store_wiped_and_written_again_to_the_same_version_is_not_loaded(
    tmp_path: Path,
) -> None:
    """The same file, version number and counts, other data: the last write tells them apart."""
    path, folder = tmp_path / "graph.db", tmp_path / "kept"
    first = _wiped_and_written_again(path, ["สมชาย", "สมหญิง"])
    warm_start.save(first, GraphVersion(first.project()), folder)
    assert warm_start.load(first, folder) is not None
    version, counts = first.version(), first.counts()
    first.close()
    again = _wiped_and_written_again(path, ["สมหญิง", "สมชาย"])
    try:
        assert (again.url, again.version(), again.counts()) == (first.url, version, counts)
        assert warm_start.load(again, folder) is None
    finally:
        again.close()


@pytest.mark.parametrize("damage", ["cut", "flipped", "zeroed"])
def test_a_file_not_whole_is_refused_whole_with_a_log_line(
    sqlite_store: GraphStore, where: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    build_small_network(sqlite_store)
    path = warm_start.save(sqlite_store, GraphVersion(sqlite_store.project()), where)
    assert path is not None
    data = bytearray(path.read_bytes())
    if damage == "cut":
        data = data[: len(data) // 2]
    elif damage == "flipped":
        data[len(data) // 2] ^= 1
    else:
        data[20:] = bytes(len(data) - 20)
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="not a whole warm-start file"):
        warm_files.read(path)
    with caplog.at_level(logging.INFO, logger="phakhee.queries.warm_start"):
        assert warm_start.load(sqlite_store, where) is None
    assert "warm-start file" in caplog.text


@pytest.mark.parametrize(
    "content", [b"", b"PK\x03\x04 not ours", b'{"stamp": {}}', warm_files.MAGIC + b"\xff" * 8]
)
def test_a_foreign_file_is_ignored_with_a_log_line_and_the_store_projected(
    sqlite_store: GraphStore, where: Path, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    build_small_network(sqlite_store)
    where.mkdir()
    (where / warm_files.FILE).write_bytes(content)
    cache = GraphCache(sqlite_store, warm=warm_start.WarmStart(sqlite_store, where))
    with caplog.at_level(logging.WARNING, logger="phakhee.queries.warm_start"):
        gv = cache.current()
    assert "the warm-start file is ignored" in caplog.text
    assert state(gv.graph) == state(sqlite_store.project())


def test_a_file_of_another_format_is_ignored(sqlite_store: GraphStore, where: Path) -> None:
    build_small_network(sqlite_store)
    path = warm_start.save(sqlite_store, GraphVersion(sqlite_store.project()), where)
    assert path is not None
    found, columns = warm_files.read(path)
    warm_files.publish(warm_files.write(where, found | {"format": 1}, columns))
    assert warm_start.load(sqlite_store, where) is None


def test_the_file_is_the_services_own_whatever_the_umask(
    sqlite_store: GraphStore, where: Path
) -> None:
    build_small_network(sqlite_store)
    old = os.umask(0o002)
    try:
        path = warm_start.save(sqlite_store, GraphVersion(sqlite_store.project()), where)
    finally:
        os.umask(old)
    assert path is not None and path.stat().st_mode & 0o777 == 0o600
    assert where.stat().st_mode & 0o777 == 0o700
    assert [p.name for p in where.iterdir()] == [warm_files.FILE]  # no temporary left
    warm_files.shred(path)
    assert not path.exists()


def test_a_sqlite_store_keeps_its_file_beside_it_and_neo4j_none(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    assert warm_files.folder_for(sqlite_store, None) == tmp_path / "graph.db-warm"
    inside = warm_files.folder_for(sqlite_store, tmp_path / "c")
    assert inside is not None and inside.parent == tmp_path / "c"

    class Remote:
        url, database = "bolt://127.0.0.1:7687", None

    assert warm_files.folder_for(Remote(), None) is None  # type: ignore[arg-type]
    assert warm_files.folder_for(Remote(), tmp_path / "c") is None  # type: ignore[arg-type]


# The writing thread and the cache.


@contextlib.contextmanager
def writing(store: GraphStore, where: Path, delay: float = 0.0) -> Iterator[warm_start.WarmStart]:
    warm = warm_start.WarmStart(store, where, delay)
    warm.start()
    try:
        yield warm
    finally:
        warm.close()


def _kept_version(path: Path, want: int | None, timeout: float = 20) -> int | None:
    """The version of the kept file once it is ``want`` (None: once there is no file)."""
    deadline = time.monotonic() + timeout
    version = None
    while True:
        with contextlib.suppress(ValueError):  # a file being shredded, read meanwhile
            found = warm_files.read_stamp(path)
            version = None if found is None else found["version"]
        if version == want or time.monotonic() > deadline:
            return version
        time.sleep(0.02)


def test_the_cache_keeps_each_settled_version_and_loads_it_at_start(
    small: GraphStore, where: Path
) -> None:
    path = where / warm_files.FILE
    with writing(small, where) as warm:
        cache = GraphCache(small, warm=warm)
        first = cache.current()
        assert first.delta is None
        assert _kept_version(path, first.version) == first.version
        small.upsert_nodes([NodeRecord("person:author", NodeKind.PERSON, {"name": "สมหมาย"})])
        second = cache.current()
        assert second.delta is not None
        assert _kept_version(path, second.version) == second.version
        assert cache.drain(10)
    with writing(small, where) as warm:
        cache = GraphCache(small, warm=warm)
        loaded = cache.current()
        assert warm.saved == (second.version, frozenset())
        assert loaded.version == second.version
        assert loaded.kept()[0] >= 1  # the search index came with the graph
        assert state(loaded.graph) == state(small.project())
        assert cache.drain(10)


def test_an_older_file_is_shredded_at_once_and_the_new_one_written_after_the_delay(
    small: GraphStore, where: Path
) -> None:
    path = where / warm_files.FILE
    warm_start.save(small, GraphVersion(small.project()), where)
    small.upsert_nodes([NodeRecord("person:author", NodeKind.PERSON, {"name": "สมหมาย"})])
    with writing(small, where, delay=30) as warm:
        warm.built(GraphVersion(small.project()))
        assert _kept_version(path, None) is None  # gone long before the 30 s delay


def test_a_file_the_store_moved_past_is_shredded_while_no_version_is_built(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    """Another process writes (a deletion from the command line): the file goes within a poll."""
    build_small_network(sqlite_store)
    folder = tmp_path / "kept"
    path = warm_start.save(sqlite_store, GraphVersion(sqlite_store.project()), folder)
    assert path is not None
    with writing(sqlite_store, folder):
        other = SQLiteStore(tmp_path / "graph.db")
        try:
            other.delete_node("person:author")
        finally:
            other.close()
        assert _kept_version(path, None, warm_start.POLL_S * 3) is None


def test_forget_shreds_every_kept_file(sqlite_store: GraphStore, tmp_path: Path) -> None:
    build_small_network(sqlite_store)
    folder = warm_start.folder(sqlite_store)
    assert folder == tmp_path / "graph.db-warm"
    warm_start.save(sqlite_store, GraphVersion(sqlite_store.project()), folder)
    (folder / ".graph.warm-0123.tmp").write_bytes(b"half")
    warm_start.forget(sqlite_store)
    assert list(folder.iterdir()) == []


# Writes drawn by hypothesis, through the store.

names = st.sampled_from(NAMES)
props = st.fixed_dictionaries({"name": names}, optional={"name_en": names, "n": st.integers(0, 3)})
ids = st.sampled_from([*PEOPLE, "team:t0", "team:t1", "topic:youth"])
writes = st.lists(
    st.one_of(
        st.tuples(st.just("node"), ids, props),
        st.tuples(st.just("delete node"), ids, st.none()),
        st.tuples(st.just("tie"), tie_keys, st.fixed_dictionaries({}, optional={"note": names})),
        st.tuples(st.just("delete tie"), tie_keys, st.none()),
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(writes)
def test_drawn_writes_as_deltas_and_kept_give_what_a_rebuild_gives(
    store: GraphStore, where: Path, ops: list[tuple[str, Any, Any]]
) -> None:
    """Each write read by the cache (a delta when the feed has it); after all of them, the
    version built, its index followed, and the same version kept and loaded back each equal a
    projection and an index built whole on the store."""
    store.upsert_nodes(
        [NodeRecord(p, kind_of(p), {"name": NAMES[i]}) for i, p in enumerate(PEOPLE)]
    )
    cache = GraphCache(store)
    try:
        index_of(cache.current())
        for op, key, p in ops:
            write(store, op, key, p)
            index_of(cache.current())  # followed from the last version's when it was a delta
        gv = cache.current()
        fresh = store.project()
        whole = SearchIndex(fresh)
        assert state(gv.graph)[0] == state(fresh)[0]
        assert _tables(index_of(gv)) == _tables(whole)
        assert _answers(index_of(gv), DRAWN_QUERIES) == _answers(whole, DRAWN_QUERIES)
        assert warm_start.save(store, gv, where) is not None
        loaded = warm_start.load(store, where)
        assert loaded is not None and state(loaded.graph)[0] == state(fresh)[0]
        assert _tables(index_of(loaded)) == _tables(whole)
        assert _answers(index_of(loaded), DRAWN_QUERIES) == _answers(whole, DRAWN_QUERIES)
    finally:
        assert cache.drain(10)
        if where.exists():
            warm_files.shred_all(where)
        if hasattr(store, "wipe"):
            store.wipe()
        else:
            for node in list(store.iter_nodes()):
                store.delete_node(node.id)


# A restarted app, on a real SQLite store.


@pytest.fixture
def delay(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """``delay(s)``: the warm start's delay for the apps created next (PHAKHEE_CACHE_WARM_DELAY_S)."""

    def set_delay(seconds: float) -> None:
        monkeypatch.setenv("PHAKHEE_CACHE_WARM_DELAY_S", str(seconds))
        get_cache_settings.cache_clear()

    yield set_delay
    get_cache_settings.cache_clear()


@pytest.fixture
def on_disk(tmp_path: Path) -> Iterator[SQLiteStore]:
    """The small network, a person with a phone number among it, in a SQLite file."""
    store = SQLiteStore(tmp_path / "graph.db")
    build_small_network(store)
    store.upsert_nodes(
        [NodeRecord("person:author", NodeKind.PERSON, {"name": "สมชาย ใจดี", "phone": PHONE})]
    )
    yield store
    store.close()


def _asked(client: TestClient) -> dict[str, Any]:
    """What the app answers to the searches and analyses, by address."""
    found = {}
    for path in [*(f"/search?q={quote(q)}" for q in SEARCHES), *ANALYSES]:
        r = client.get(path)
        assert r.status_code == 200, (path, r.text)
        found[path] = r.json()
    return found


def _kept_file(store: SQLiteStore) -> Path:
    folder = warm_start.folder(store)
    assert folder == store.path.with_name("graph.db-warm")
    return folder / warm_files.FILE


def _served_and_kept(store: SQLiteStore) -> dict[str, Any]:
    """Serve ``store`` once: ask everything, wait until the version is kept with its analyses."""
    with TestClient(create_app(store)) as client:
        answers = _asked(client)
        warm: warm_start.WarmStart = client.app.state.warm  # type: ignore[attr-defined]
        deadline = time.monotonic() + 20
        while warm.saved is None or len(warm.saved[1]) < len(ANALYSES):
            assert time.monotonic() < deadline, "the version was not kept"
            time.sleep(0.05)
    return answers


def _words_in(folder: Path, *words: str) -> set[str]:
    """Which of ``words`` are anywhere in the bytes of the files in ``folder``."""
    data = b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())
    return {w for w in words if w.encode() in data}


def test_a_restarted_app_loads_the_kept_version_and_answers_as_a_projection_does(
    on_disk: SQLiteStore, delay: Any
) -> None:
    delay(0)
    before = _served_and_kept(on_disk)
    path = _kept_file(on_disk)
    assert warm_files.read_stamp(path)["version"] == on_disk.version()  # type: ignore[index]
    delay(30)
    with TestClient(create_app(on_disk)) as client:
        gv = client.app.state.cache.current()  # type: ignore[attr-defined]
        assert client.app.state.warm.saved[0] == gv.version  # type: ignore[attr-defined]
        assert state(gv.graph) == state(on_disk.project())
        assert gv.kept()[0] == 1  # the search index came with the graph, nothing built
        assert sorted(n for n, _ in gv.answers(warm_start.KEPT_ANSWERS)) == [
            "analytics:brokers:None",
            "analytics:centrality:betweenness:None:None",
            "analytics:centrality:pagerank:person:None",
        ]
        assert _asked(client) == before
    assert path.exists()


def test_a_store_written_by_another_process_behind_the_file_is_projected_afresh(
    on_disk: SQLiteStore, delay: Any
) -> None:
    delay(0)
    _served_and_kept(on_disk)
    other = SQLiteStore(on_disk.path)
    try:
        other.upsert_nodes([NodeRecord("person:new", NodeKind.PERSON, {"name": "สมหมาย ใหม่"})])
    finally:
        other.close()
    delay(30)
    with TestClient(create_app(on_disk)) as client:
        gv = client.app.state.cache.current()  # type: ignore[attr-defined]
        assert client.app.state.warm.saved is None  # type: ignore[attr-defined]
        assert state(gv.graph) == state(on_disk.project())
        hits = client.get(f"/search?q={quote('สมหมาย')}").json()
        assert hits[0]["id"] == "person:new"
        assert _kept_version(_kept_file(on_disk), None) is None  # the older file shredded


def test_a_store_wiped_and_written_again_behind_the_file_is_projected_afresh(
    tmp_path: Path, delay: Any
) -> None:
    path = tmp_path / "graph.db"
    store = _wiped_and_written_again(path, ["สมชาย ใจดี", "มาลี ศรีสุข"])
    delay(0)
    with TestClient(create_app(store)) as client:
        client.get("/search?q=x")
        assert _kept_version(_kept_file(store), store.version()) == store.version()
    store.close()
    store = _wiped_and_written_again(path, ["มาลี ศรีสุข", "สมชาย ใจดี"])
    delay(30)
    try:
        with TestClient(create_app(store)) as client:
            gv = client.app.state.cache.current()  # type: ignore[attr-defined]
            assert client.app.state.warm.saved is None  # type: ignore[attr-defined]
            assert gv.graph.nodes["person:a"]["name"] == "สมชาย ใจดี"
    finally:
        store.close()


def test_an_erased_person_is_in_no_kept_file(on_disk: SQLiteStore, delay: Any) -> None:
    """Erased from the command line (another store object) while the app serves: the kept file
    goes at once, and the version the app keeps next does not hold them either."""
    delay(0)
    folder = _kept_file(on_disk).parent
    with TestClient(create_app(on_disk)) as client:
        _asked(client)
        assert _kept_version(folder / warm_files.FILE, on_disk.version()) == on_disk.version()
        assert _words_in(folder, PHONE, "สมชาย ใจดี") == {PHONE, "สมชาย ใจดี"}
        cli = SQLiteStore(on_disk.path)
        try:
            erase_person(cli, "person:author")
        finally:
            cli.close()
        assert _words_in(folder, PHONE, "สมชาย ใจดี") == set()
        _asked(client)  # the next version, kept in turn
        path = folder / warm_files.FILE
        assert _kept_version(path, on_disk.version()) == on_disk.version()
        assert "person:attendee" in warm_files.read(path)[1]["node_ids"].decode()
        assert _words_in(folder, PHONE, "สมชาย ใจดี", "person:author") == set()


@pytest.mark.slow
def test_health_answers_within_a_second_while_45_searches_wait_for_the_first_version(
    tmp_path: Path, delay: Any
) -> None:
    delay(30)
    store = SQLiteStore(tmp_path / "graph.db")
    build_demo(store, people=1000)
    try:
        with TestClient(create_app(store)) as client:
            statuses: list[int] = []
            searches = [
                threading.Thread(
                    target=lambda q=q: statuses.append(
                        client.get(f"/search?q={quote(q)}").status_code
                    )
                )
                for q in (SEARCHES * 12)[:45]
            ]
            for t in searches:
                t.start()
            took, served = [], []
            while any(t.is_alive() for t in searches):
                started = time.monotonic()
                r = client.get("/health")
                took.append(time.monotonic() - started)
                served.append(r.json()["served"])
                time.sleep(0.05)
            for t in searches:
                t.join()
        assert statuses == [200] * 45
        assert None in served  # asked while the first version was being built
        assert max(took) < 1.0, took
    finally:
        store.close()
