"""A snapshot diff names each province's districts with work gained and lost, in Thai with
English, on the API and on the history page (and in Thai in the CLI's table): two snapshots of a hand-built network (Nan's, from
``tests/queries/test_coverage.py``), between which แม่จริม loses its only work, บ้านหลวง and
เวียงสา gain some, and a person in เมืองขอนแก่น brings Khon Kaen its first district."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.queries.records.snapshots import create_snapshot
from tests.api.test_cli import PHAKHEE, run
from tests.exports.test_diff_changes import _rows
from tests.queries.test_coverage import NODES, TIES, _write

MAE_CHARIM = {"id": "district:5502", "name": "แม่จริม", "name_en": "Mae Charim"}
BAN_LUANG = {"id": "district:5503", "name": "บ้านหลวง", "name_en": "Ban Luang"}
WIANG_SA = {"id": "district:5507", "name": "เวียงสา", "name_en": "Wiang Sa"}
MUEANG_KHON_KAEN = {"id": "district:4001", "name": "เมืองขอนแก่น", "name_en": "Mueang Khon Kaen"}
COVERAGE = [
    {
        "province": "province:khon-kaen",
        "name": "ขอนแก่น",
        "name_en": "Khon Kaen",
        "before": 0.0,
        "after": round(1 / 26, 4),
        "gained": [MUEANG_KHON_KAEN],
        "lost": [],
    },
    {
        "province": "province:nan",
        "name": "น่าน",
        "name_en": "Nan",
        "before": round(4 / 15, 4),
        "after": round(5 / 15, 4),
        "gained": [BAN_LUANG, WIANG_SA],
        "lost": [MAE_CHARIM],
    },
]


@pytest.fixture
def client(sqlite_store: SQLiteStore) -> Iterator[tuple[TestClient, int, int]]:
    _write(sqlite_store, NODES, TIES)
    before = create_snapshot(sqlite_store, sqlite_store.project(), "before")
    sqlite_store.delete_node("event:e")
    _write(
        sqlite_store,
        [
            {"kind": "person", "id": "person:c", "name": "ค"},
            {"kind": "person", "id": "person:k", "name": "คนขอนแก่น"},
        ],
        [
            ("located_in", "person:c", "subdistrict:550301", {}),
            ("located_in", "person:b", "district:5507", {}),
            ("located_in", "person:k", "district:4001", {}),
        ],
    )
    after = create_snapshot(sqlite_store, sqlite_store.project(), "after")
    with TestClient(create_app(sqlite_store)) as c:
        yield c, before.id, after.id


def test_the_api_diff_names_the_districts_gained_and_lost(
    client: tuple[TestClient, int, int],
) -> None:
    c, a, b = client
    r = c.get("/snapshots/diff", params={"a": a, "b": b})
    assert r.status_code == 200, r.text
    assert r.json()["coverage"] == COVERAGE


def test_the_history_page_lists_the_districts_gained_and_lost(
    client: tuple[TestClient, int, int],
) -> None:
    c, a, b = client
    r = c.get("/history/diff", params={"a": a, "b": b})
    assert r.status_code == 200, r.text
    page = lxml.html.fromstring(r.text)
    assert page.xpath("string(//h2[@id='coverage'])") == "ความครอบคลุมอำเภอ (2)"
    rows = page.xpath("//table[@id='coverage-table']/tbody/tr")
    shown = [
        (
            tr.get("data-province"),
            tr.xpath("string(th)"),
            tr.xpath("string(td[1])"),
            [li.text_content() for li in tr.xpath("td[2]//li")],
            [li.text_content() for li in tr.xpath("td[3]//li")],
        )
        for tr in rows
    ]
    assert shown == [
        ("province:khon-kaen", "ขอนแก่น Khon Kaen", "0% → 4%", ["เมืองขอนแก่น Mueang Khon Kaen"], []),
        (
            "province:nan",
            "น่าน Nan",
            "27% → 33%",
            ["บ้านหลวง Ban Luang", "เวียงสา Wiang Sa"],
            ["แม่จริม Mae Charim"],
        ),
    ]
    links = rows[1].xpath("td[2]//a/@href") + rows[1].xpath("td[3]//a/@href")
    assert links == ["/districts/5503", "/districts/5507", "/districts/5502"]


@pytest.mark.skipif(PHAKHEE is None, reason="install the project (pip install -e .)")
def test_the_cli_table_lists_the_districts_gained_and_lost(
    client: tuple[TestClient, int, int], sqlite_store: SQLiteStore, tmp_path: Path
) -> None:
    _, a, b = client
    done = run("snapshot", "diff", str(a), str(b), store=sqlite_store.url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _rows(done.stdout, "districts with work gained and lost") == [
        ["ขอนแก่น (province:khon-kaen)", "0% → 4%", "เมืองขอนแก่น (district:4001)", ""],
        ["น่าน (province:nan)", "27% → 33%", "บ้านหลวง (district:5503)", "แม่จริม (district:5502)"],
        ["", "", "เวียงสา (district:5507)", ""],
    ]


def test_a_diff_without_district_changes_lists_none(sqlite_store: SQLiteStore) -> None:
    _write(sqlite_store, NODES, TIES)
    graph = sqlite_store.project()
    a, b = (create_snapshot(sqlite_store, graph, n).id for n in ("a", "b"))
    with TestClient(create_app(sqlite_store)) as c:
        assert c.get("/snapshots/diff", params={"a": a, "b": b}).json()["coverage"] == []
        page = lxml.html.fromstring(c.get("/history/diff", params={"a": a, "b": b}).text)
    assert page.xpath("string(//h2[@id='coverage'])") == "ความครอบคลุมอำเภอ (0)"
    assert page.xpath("//table[@id='coverage-table']") == []
