"""The embedded store leaves no removed personal data in its files, the write-ahead log
included, while another connection holds it open (as a running server does) — but for the
audit log's entries, which keep a change's values so it can be undone until the person is
erased."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from phakhee.graph import sqlite_store
from phakhee.graph.model import NodeKind, NodeRecord, TieKind, TieRecord
from phakhee.graph.sqlite_store import SQLiteStore

PHONE = "081-555-0199"
EMAIL = "somsri.erase@example.org"
PERSON = NodeRecord(
    "person:somsri",
    NodeKind.PERSON,
    {"name": "สมศรี ทดสอบลบ", "phone": PHONE, "email": EMAIL, "line_id": "somsri-line"},
)
TEAM = NodeRecord("team:network-nan", NodeKind.TEAM, {"name": "ทีมน่าน"})
TIE = TieRecord(TieKind.MEMBER_OF, PERSON.id, TEAM.id, {"notes": "ผู้ประสานงาน somsri-notes"})


SNAPSHOT = b"a snapshot of somsri-snapshot"


def _others(start: int, n: int) -> list[NodeRecord]:
    """People enough for many pages of the log."""
    return [
        NodeRecord(f"person:{i:05d}", NodeKind.PERSON, {"name": f"คนที่ {i}", "position": "x" * 200})
        for i in range(start, start + n)
    ]


def _in_files(path: Path, text: str) -> list[str]:
    return [
        p.name
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"))
        if p.exists() and text.encode() in p.read_bytes()
    ]


def _kept_for_undo_until_erased(store: SQLiteStore, removed: str) -> None:
    """A removed personal value lives on only in the audit log (undo writes it back), in the
    database file, until the person is erased: then it is in no file."""
    assert _in_files(store.path, removed) == ["g.db"]
    assert removed in repr(store.audit_entries(nodes=[PERSON.id]))
    store.scrub_audit(PERSON.id, "person:erased-0")
    assert _in_files(store.path, removed) == []


def _wal(path: Path) -> int:
    return Path(f"{path}-wal").stat().st_size


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[SQLiteStore, SQLiteStore]]:
    """The writer, and another store on the same file holding it open (the server)."""
    writer = SQLiteStore(tmp_path / "g.db")
    writer.upsert_nodes([*_others(0, 2000), PERSON, TEAM])
    writer.upsert_ties([TIE])
    writer.save_snapshot(1, "", {}, SNAPSHOT)
    holder = SQLiteStore(tmp_path / "g.db")
    assert holder.get_node(PERSON.id).props["phone"] == PHONE  # a connection open on it
    yield writer, holder
    holder.close()
    writer.close()


WRITES: dict[str, tuple[Callable[[SQLiteStore], object], str]] = {
    "delete_node": (lambda s: s.delete_node(PERSON.id), PHONE),
    "delete_ties": (lambda s: s.delete_ties([TIE.key]), "somsri-notes"),
    "delete_snapshot": (lambda s: s.delete_snapshot(1), SNAPSHOT.decode()),
    "rewrite_snapshots": (lambda s: s.rewrite_snapshots(lambda _: b"erased"), SNAPSHOT.decode()),
    "a changed phone": (
        lambda s: s.upsert_nodes(
            [NodeRecord(PERSON.id, NodeKind.PERSON, PERSON.props | {"phone": "0"})]
        ),
        PHONE,
    ),
    "a cleared email": (
        lambda s: s.upsert_nodes(
            [
                NodeRecord(
                    PERSON.id,
                    NodeKind.PERSON,
                    {k: v for k, v in PERSON.props.items() if k != "email"},
                )
            ]
        ),
        EMAIL,
    ),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_a_write_that_removes_personal_data_truncates_the_log_before_it_returns(
    stores: tuple[SQLiteStore, SQLiteStore], write: str
) -> None:
    writer, holder = stores
    change, removed = WRITES[write]
    writer.upsert_nodes(_others(5000, 1000))  # people added: the log has pages, theirs
    assert _wal(writer.path) > 0
    change(writer)
    assert _wal(writer.path) == 0
    if write.endswith("snapshot") or write.endswith("snapshots"):
        assert _in_files(writer.path, removed) == []
    else:
        _kept_for_undo_until_erased(writer, removed)
    assert holder.version() == writer.version()  # the holder reads on, unaware


def test_adding_people_leaves_the_log_to_the_checkpointer(
    stores: tuple[SQLiteStore, SQLiteStore],
) -> None:
    writer, _ = stores
    writer.upsert_nodes([NodeRecord("person:new", NodeKind.PERSON, {"name": "คนใหม่"})])
    assert _wal(writer.path) > 0


def test_a_reader_that_outlasts_the_wait_has_the_log_truncated_once_it_ends(
    stores: tuple[SQLiteStore, SQLiteStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    writer, holder = stores
    monkeypatch.setattr(sqlite_store, "_SCRUB_WAIT", 0.3)  # not a minute: the reader stays longer
    writer._con().execute("PRAGMA busy_timeout=100")
    reading = holder._con()
    reading.execute("BEGIN")
    reading.execute("SELECT count(*) FROM nodes").fetchone()  # a snapshot of the old version
    writer.delete_node(PERSON.id)
    assert _wal(writer.path) > 0
    reading.execute("COMMIT")
    deadline = time.monotonic() + 10
    while _wal(writer.path) > 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _wal(writer.path) == 0
    _kept_for_undo_until_erased(writer, PHONE)
