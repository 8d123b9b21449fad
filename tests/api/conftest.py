"""A served 1,000-person demo network, built and started once for the tests that need a real
server: the privacy scan, the guard, Schemathesis."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.loaders.demo import build_demo
from phakhee.queries.records.snapshots import create_snapshot
from tests.served import Served, served

AS_OF = dt.date(2026, 6, 30)
ADDRESS = "99/1 หมู่ 3 ตำบลในเวียง อำเภอเมืองน่าน"


@pytest.fixture(scope="session")
def demo_1000(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 1,000-person demo (seed 7) with two snapshots, one before and one after a change; one
    person also has an address (the demo gives nobody one)."""
    db = tmp_path_factory.mktemp("served-demo") / "demo.db"
    store = SQLiteStore(db)
    build_demo(store, people=1000, seed=7, as_of=AS_OF)
    someone = next(
        n for n in store.iter_nodes() if all(n.props.get(f) for f in ("phone", "email", "line_id"))
    )
    store.upsert_nodes([replace(someone, props={**someone.props, "address": ADDRESS})])
    create_snapshot(store, store.project(), "before")
    person = next(
        n for n in store.iter_nodes() if n.id.startswith("person:") and not n.props.get("phone")
    )
    store.delete_node(person.id)
    create_snapshot(store, store.project(), "after")
    store.close()
    return db


@pytest.fixture(scope="session")
def served_demo(demo_1000: Path) -> Iterator[Served]:
    """``phakhee serve`` on the demo, for the whole session."""
    with served(demo_1000) as s:
        yield s
