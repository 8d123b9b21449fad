"""What a load changed, field by field, as ``POST /load`` and ``phakhee load`` say it: values
for ordinary fields, only the name of a personal one; and the template's example rows skipped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.api.settings import get_api_settings
from phakhee.graph.store import GraphStore
from phakhee.loaders.load import load_files
from phakhee.loaders.template_writer import write_template
from tests.api.test_cli import PHAKHEE, run

KEY = "load-changes-key"
PEOPLE = "id,name,position,phone\nsomchai,สมชาย ใจดี,ผู้ประสานงาน,081-234-5678\nmalee,มาลี ศรีสุข,,\n"
EDIT = "id,name,position,phone\nsomchai,สมชาย ใจดี,ประธาน,089-999-0000\nmalee,มาลี ศรีสุข,,\n"


@pytest.fixture
def client(
    sqlite_store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    monkeypatch.setenv("PHAKHEE_API_KEYS", KEY)
    get_api_settings.cache_clear()
    first = tmp_path / "people.csv"
    first.write_text(PEOPLE, encoding="utf-8")
    assert load_files(sqlite_store, [first]).quarantined == []
    with TestClient(create_app(sqlite_store)) as c:
        yield c
    get_api_settings.cache_clear()


def test_post_load_lists_each_changed_node_and_hides_personal_values(client: TestClient) -> None:
    headers = {"Authorization": f"Bearer {KEY}"}
    r = client.post("/load", files={"file": ("people.csv", EDIT.encode())}, headers=headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["updated"] == {"person": 1} and body["unchanged"] == {"person": 1}
    assert body["changed"] == [
        {"id": "person:somchai", "fields": {"phone": None, "position": ["ผู้ประสานงาน", "ประธาน"]}}
    ]
    assert "089-999-0000" not in r.text
    assert body["examples"] == [] and body["withheld"] == []


def test_post_load_names_the_example_rows_it_skipped(client: TestClient, tmp_path: Path) -> None:
    template = write_template(tmp_path / "template.xlsx")
    r = client.post(
        "/load",
        files={"file": ("template.xlsx", template.read_bytes())},
        headers={"Authorization": f"Bearer {KEY}"},
        params={"dry_run": True},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert {"sheet": "people", "row": 2} in body["examples"]
    assert body["read"] == {} and body["refused"] == []


@pytest.mark.skipif(PHAKHEE is None, reason="install the project (pip install -e .)")
def test_phakhee_load_prints_the_changed_fields(tmp_path: Path) -> None:
    store = f"sqlite:///{tmp_path}/g.db"
    (tmp_path / "people.csv").write_text(PEOPLE, encoding="utf-8")
    assert run("load", "people.csv", store=store, cwd=tmp_path).returncode == 0
    (tmp_path / "fix").mkdir()
    (tmp_path / "fix" / "people.csv").write_text(EDIT, encoding="utf-8")
    done = run("load", "fix/people.csv", store=store, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (
        "changed 1 node:\n  person:somchai: phone (personal); position 'ผู้ประสานงาน' → 'ประธาน'\n"
        in (done.stdout)
    )
    assert "089-999-0000" not in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("format", "why"),
    [
        ("kumu", "nothing in the file could be read: no rows of any kind were found"),
        ("nodelink", "file: not node-link JSON (no (the value given) list)"),
        ("auto", "file: no sheet of the template found (sheets: file); see `phakhee template`"),
    ],
)
def test_a_file_with_no_row_of_any_kind_is_refused_and_changes_nothing(
    client: TestClient, format: str, why: str
) -> None:
    store = client.app.state.store  # type: ignore[attr-defined]
    before = store.version()
    r = client.post(
        "/load",
        files={"file": ("file", b"6.4670312225324424e+16")},
        headers={"Authorization": f"Bearer {KEY}"},
        params={"format": format, "sync": "province=nan", "yes": True},
    )
    assert r.status_code == 422, r.text
    assert r.json()["detail"] == why
    assert store.version() == before
