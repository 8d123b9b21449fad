"""An erased person is in none of the store's files, while a server holds the store open.

A real ``phakhee serve`` on the 1,000-person demo answers a few requests (a coordinator gives a
person's address, the demo having none; a snapshot is taken), then ``phakhee person erase ID --yes`` runs in another
process; the bytes of the ``.db``, ``-wal`` and ``-shm`` files are then searched for the person's
id, names and contact fields as UTF-8, with the server still running.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import orjson
import pytest

from phakhee.graph.model import CONTACT_FIELDS
from phakhee.graph.sqlite_store import SQLiteStore
from tests.served import Served, environment, phakhee, served

pytestmark = pytest.mark.slow

NEW_ADDRESS = "99/9 หมู่ 9 ตำบลในเวียง อำเภอเมืองน่าน"
NOTES = "ประสานงานเครือข่ายงดเหล้าระดับจังหวัด ประชุมทุกเดือน " * 12


def _files(db: Path) -> list[Path]:
    return [db, Path(f"{db}-wal"), Path(f"{db}-shm")]


def _person(db: Path) -> tuple[str, dict[str, str]]:
    """A demo person with a phone, an email and a LINE id, none of whose values (nor names) any
    other node carries: the last in id order, whose page a write over all people logs last."""
    store = SQLiteStore(db)
    try:
        nodes = list(store.iter_nodes())
    finally:
        store.close()
    text = {n.id: orjson.dumps(n.props).decode() for n in nodes}
    for n in reversed(nodes):
        values = {k: str(n.props[k]) for k in ("name", "name_en", *CONTACT_FIELDS) if k in n.props}
        if n.id.startswith("person:") and {"phone", "email", "line_id"} <= values.keys():
            others = (t for i, t in text.items() if i != n.id)
            if not any(v in t for t in others for v in values.values()):
                return n.id, values
    raise AssertionError("no demo person with a phone, an email and a LINE id")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    db = tmp_path / "x.db"
    subprocess.run(
        phakhee("--store", f"sqlite:///{db}", "demo", "--no-serve", "--as-of", "2026-06-30"),
        env=environment(db),
        check=True,
        capture_output=True,
    )
    return db


@pytest.fixture
def person(demo: Path) -> tuple[str, dict[str, str]]:
    return _person(demo)


@pytest.fixture
def server(demo: Path, person: tuple[str, dict[str, str]]) -> Iterator[Served]:
    with served(demo) as s:
        yield s


def found(db: Path, needles: dict[str, str]) -> list[str]:
    """Which needles (as UTF-8) are in which of the store's files."""
    out = []
    for path in _files(db):
        data = path.read_bytes() if path.exists() else b""
        out += [f"{path.name}: {k}" for k, v in needles.items() if v.encode() in data]
    return out


def test_an_erased_person_is_in_no_file_of_a_store_a_server_holds_open(
    demo: Path, person: tuple[str, dict[str, str]], server: Served
) -> None:
    person_id, values = person
    path = f"/nodes/{quote(person_id)}"
    # A coordinator reloads the network with everyone's address (the demo has none) and notes:
    # one write over every person's page, the person's logged last (more than an erasure logs).
    whole = server.client.get("/export/json", params={"redact": "false"}, headers=server.write)
    assert whole.status_code == 200, whole.text
    doc = orjson.loads(whole.content)
    for i, node in enumerate(doc["nodes"]):
        if node["kind"] == "person":
            node["address"] = NEW_ADDRESS if node["id"] == person_id else f"{i} ถนนสุมนเทวราช"
            node["description"] = NOTES
    loaded = server.client.post(
        "/load",
        files={"file": ("network.json", orjson.dumps(doc), "application/json")},
        headers=server.write,
    )
    assert loaded.status_code == 200, loaded.text
    assert loaded.json()["updated"]["person"] > 500, loaded.text
    taken = server.client.post("/snapshots", params={"note": "before"}, headers=server.write)
    assert taken.status_code == 201, taken.text
    for read in (path, f"/views/ego/{quote(person_id)}", "/snapshots", "/export/csv"):
        assert server.client.get(read).status_code == 200, read
    needles = {"id": person_id} | values | {"address": NEW_ADDRESS}
    assert found(demo, needles), "the person should be on disk before the erasure"

    erased = subprocess.run(
        phakhee("person", "erase", person_id, "--yes"),
        env=environment(demo),
        capture_output=True,
        text=True,
    )
    assert erased.returncode == 0, erased.stderr

    assert server.client.get(path).status_code == 404  # still serving, the store still open
    assert Path(f"{demo}-wal").exists() or Path(f"{demo}-shm").exists()
    assert found(demo, needles) == []
