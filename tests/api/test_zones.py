"""The CLI and the API filter by one of the network's zones, named in Thai or in English, as
they filter by a region; people placed in a district count in its province's zone."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.graph.sqlite_store import SQLiteStore
from tests.loaders.test_thai_words import _load

SHEETS = {
    "topics": [["name", "name_en"], ["เยาวชน", "Youth"]],
    "people": [
        ["name", "province", "district"],
        ["คนขอนแก่น", "ขอนแก่น", "อ.เมืองขอนแก่น"],
        ["คนอุดร", "อุดรธานี", ""],
        ["คนโคราช", "นครราชสีมา", "ปากช่อง"],
        ["คนน่าน", "น่าน", "เมืองน่าน"],
    ],
    "work": [
        ["who", "topic"],
        ["คนขอนแก่น", "เยาวชน"],
        ["คนอุดร", "เยาวชน"],
        ["คนโคราช", "เยาวชน"],
        ["คนน่าน", "เยาวชน"],
    ],
}
UPPER_NORTHEAST = ["person:คนขอนแก่น", "person:คนอุดร"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("zones")
    path = folder / "graph.db"
    store = SQLiteStore(path)
    report = _load(store, folder / "rows", SHEETS)
    assert report.quarantined == []
    store.close()
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    store = SQLiteStore(db)
    with TestClient(create_app(store)) as c:
        yield c
    store.close()


@pytest.mark.parametrize("zone", ["อีสานบน", "Upper Northeast", "zone:northeast-upper"])
def test_the_api_filters_experts_by_a_zone(client: TestClient, zone: str) -> None:
    found = client.get("/experts", params={"topic": "youth", "region": zone})
    assert found.status_code == 200, found.text
    assert sorted(e["id"] for e in found.json()) == UPPER_NORTHEAST


def test_the_api_still_filters_by_a_region(client: TestClient) -> None:
    found = client.get("/experts", params={"topic": "youth", "region": "อีสาน"}).json()
    assert sorted(e["id"] for e in found) == [*UPPER_NORTHEAST, "person:คนโคราช"]
    lower = client.get("/experts", params={"topic": "youth", "region": "อีสานล่าง"}).json()
    assert [e["id"] for e in lower] == ["person:คนโคราช"]


def test_an_unknown_zone_is_not_found(client: TestClient) -> None:
    r = client.get("/experts", params={"topic": "youth", "region": "อีสานกลาง"})
    assert r.status_code == 404, r.text


PHAKHEE = shutil.which("phakhee")


@pytest.mark.slow
@pytest.mark.skipif(PHAKHEE is None, reason="install the project (pip install -e .)")
@pytest.mark.parametrize("zone", ["อีสานบน", "Upper Northeast"])
def test_the_cli_filters_experts_by_a_zone(db: Path, tmp_path: Path, zone: str) -> None:
    env = {**os.environ, "PHAKHEE_STORE": f"sqlite:///{db}", "COLUMNS": "160"}
    done = subprocess.run(
        [PHAKHEE, "who-knows", "youth", "--region", zone, "--json"],  # type: ignore[list-item]
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    import json

    assert sorted(e["id"] for e in json.loads(done.stdout)) == UPPER_NORTHEAST
