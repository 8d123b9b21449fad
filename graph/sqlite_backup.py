"""Backups of the embedded store with SQLite's online backup API, and verified restores."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from phakhee.graph.errors import InvalidInput
from phakhee.graph.sqlite_store import SQLiteStore

_TABLES = {"nodes", "ties", "sources", "meta"}


@dataclass(frozen=True, slots=True)
class BackupCheck:
    """What a backup file holds: graph version, counts by kind, snapshots."""

    version: int
    nodes: dict[str, int]
    ties: dict[str, int]
    snapshots: int


def check_file(path: Path) -> BackupCheck:
    """Open a file read-only and say what it holds; InvalidInput when it is not a phakhee store."""
    if not path.is_file():
        raise InvalidInput(f"{path} is not a file")
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as e:
        raise InvalidInput(f"{path} is not a phakhee backup: {e}") from None
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        meta = dict(con.execute("SELECT key, value FROM meta")) if "meta" in tables else {}
        if not tables >= _TABLES or "schema" not in meta or "version" not in meta:
            raise InvalidInput(f"{path} is not a phakhee backup (no phakhee tables in it)")
        if con.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise InvalidInput(f"{path} is damaged (SQLite's quick_check failed)")
        snapshots = (
            con.execute("SELECT count(*) FROM snapshots").fetchone()[0]
            if "snapshots" in tables
            else 0
        )
        return BackupCheck(
            meta["version"],
            dict(con.execute("SELECT kind, count(*) FROM nodes GROUP BY kind ORDER BY kind")),
            dict(con.execute("SELECT kind, count(*) FROM ties GROUP BY kind ORDER BY kind")),
            snapshots,
        )
    except sqlite3.DatabaseError as e:
        raise InvalidInput(f"{path} is not a phakhee backup: {e}") from None
    finally:
        con.close()


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    # pages=0: the whole database in one step, so writers wait for it briefly instead of the
    # copy restarting each time one writes (a consistent copy while the server runs).
    source.backup(target, pages=0)


def backup(store: SQLiteStore, out: Path) -> BackupCheck:
    """Copy the store to ``out`` while it is in use; what the copy holds, checked by reopening it."""
    if out.exists():
        raise InvalidInput(f"{out} exists: give a new file name")
    out.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(out) as target:
        _copy(store._con(), target)
    target.close()
    return check_file(out)


def restore(source: Path, target: Path) -> BackupCheck:
    """Replace the store at ``target`` by the backup ``source``, verified by counts and graph version."""
    expected = check_file(source)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src:
        store = SQLiteStore(target)  # creates the file and schema when there is none yet
        try:
            _copy(src, store._con())
        finally:
            store.close()
    src.close()
    got = check_file(target)
    if got != expected:
        raise InvalidInput(f"restore of {source} into {target} did not verify: {got} != {expected}")
    return got
