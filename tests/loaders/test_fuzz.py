"""Whatever bytes arrive, the loader ends in a clear error or a quarantine report, never a traceback."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.loaders.load import load_files
from phakhee.loaders.sheets import SHEETS

NAMES = [
    "people.csv",
    "partners.csv",
    "memberships.csv",
    "data.json",
    "map.xlsx",
    "x.zip",
    "elements.csv",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path_factory.mktemp("fuzz") / "g.db")
    yield s
    s.close()


def _load(store: SQLiteStore, name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_bytes(data)
        report = load_files(store, [path], dry_run=True)
    assert report.files  # every file is accounted for: read, or refused with a reason
    assert all(f.error or f.rows >= 0 for f in report.files)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=4000))
def test_random_bytes(store: SQLiteStore, name: str, data: bytes) -> None:
    _load(store, name, data)


cell = st.one_of(
    st.text(max_size=60), st.sampled_from(["", "น่าน", "๕/๓/๒๕๖๗", "=1+1", "gov", "person:x"])
)
headers = st.lists(
    st.sampled_from([c.key for s in SHEETS.values() for c in s.columns] + ["ชื่อ", "จังหวัด", "?"]),
    min_size=1,
    max_size=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sheet=st.sampled_from(sorted(SHEETS)),
    header=headers,
    rows=st.lists(st.lists(cell, max_size=10), max_size=12),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp874"]),
    sep=st.sampled_from([",", ";", "\t"]),
)
def test_random_csv_shapes(
    store: SQLiteStore,
    sheet: str,
    header: list[str],
    rows: list[list[str]],
    encoding: str,
    sep: str,
) -> None:
    lines = [sep.join(header)] + [
        sep.join(c.replace(sep, " ").replace("\n", " ").replace('"', "") for c in r) for r in rows
    ]
    _load(store, f"{sheet}.csv", "\r\n".join(lines).encode(encoding, errors="replace"))


def test_a_huge_cell_and_a_one_megabyte_line(store: SQLiteStore) -> None:
    huge = "ก" * 400_000
    _load(store, "people.csv", f"name,province\r\n{huge},น่าน\r\n".encode())
    _load(store, "people.csv", ("name,description\r\nสมชาย," + "x" * 1_048_576 + "\r\n").encode())
