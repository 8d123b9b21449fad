"""The embedded store folds its write-ahead log into the database while it stays open."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from phakhee.graph.model import NodeKind, NodeRecord
from phakhee.graph.sqlite_store import SQLiteStore


def _people(start: int, n: int) -> list[NodeRecord]:
    return [
        NodeRecord(f"person:{i:06d}", NodeKind.PERSON, {"name": f"ผู้ประสานงาน-{i:06d}"})
        for i in range(start, start + n)
    ]


def test_committed_writes_reach_the_database_file_before_the_store_closes(
    tmp_path: Path,
) -> None:
    store = SQLiteStore(tmp_path / "g.db")
    store.upsert_nodes(_people(0, 2000))
    marker = "ผู้ประสานงาน-001999".encode()
    deadline = time.monotonic() + 30
    while marker not in store.path.read_bytes() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker in store.path.read_bytes()
    store.close()


def test_a_long_load_keeps_the_log_bounded_and_closing_removes_it(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "g.db")
    wal = Path(f"{store.path}-wal")
    largest = 0
    for start in range(0, 500_000, 2000):  # many quick commits: the log never idles
        store.upsert_nodes(_people(start, 2000))
        largest = max(largest, wal.stat().st_size)
    assert store.path.stat().st_size > 50 * 2**20
    assert largest < 40 * 2**20  # 1,000 pages of 32 KiB, and the batch that came meanwhile
    store.close()
    assert not wal.exists()
    reopened = SQLiteStore(tmp_path / "g.db")
    assert reopened.counts() == {"nodes": {"person": 500_000}, "ties": {}}
    reopened.close()


def test_writers_on_many_threads_leave_no_checkpoint_thread_after_close(tmp_path: Path) -> None:
    before = set(threading.enumerate())
    store = SQLiteStore(tmp_path / "g.db")
    workers = [
        threading.Thread(target=store.upsert_nodes, args=(_people(i * 500, 500),)) for i in range(8)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    store.close()
    started = set(threading.enumerate()) - before
    assert [t for t in started if t.name == "phakhee-checkpoint"] == []
    assert store.counts() == {"nodes": {"person": 4000}, "ties": {}}
    store.close()
