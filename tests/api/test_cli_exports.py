"""``phakhee export / snapshot / person / backup / restore`` as a user runs them."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import orjson
import pytest

from tests.api.test_cli import PHAKHEE, run

pytestmark = pytest.mark.skipif(PHAKHEE is None, reason="install the project (pip install -e .)")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    done = run(
        "demo", "--no-serve", "--people", "200", "--seed", "3", "--as-of", "2026-06-30",
        store=f"sqlite:///{folder}/demo.db", cwd=folder,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return folder / "demo.db"


@pytest.fixture
def db(built: Path, tmp_path: Path) -> str:
    shutil.copy(built, tmp_path / "g.db")
    return f"sqlite:///{tmp_path}/g.db"


def test_export_writes_the_file_and_says_what_it_holds(db: str, tmp_path: Path) -> None:
    done = run(
        "export",
        "--format",
        "graphml",
        "--scope",
        "region=north",
        "n.graphml",
        store=db,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "scope region=region:north, redacted" in done.stdout
    g = nx.read_graphml(tmp_path / "n.graphml")
    assert g.graph["scope"] == "region=region:north"
    page = run(
        "export", "--format", "html", "--scope", "province=น่าน", "nan.html", store=db, cwd=tmp_path
    )
    assert page.returncode == 0, page.stderr
    assert "html, graph version" in page.stdout and "scope province=province:nan" in page.stdout
    html = (tmp_path / "nan.html").read_bytes()
    assert b'data-view="province"' in html and b'content="province=province:nan"' in html
    bad = run("export", "--format", "pdf", "x.pdf", store=db, cwd=tmp_path)
    assert bad.returncode == 3 and "format: use one of" in bad.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_snapshot_create_list_show_export_and_diff(db: str, tmp_path: Path) -> None:
    assert run("snapshot", "create", "--note", "ไตรมาส 1", store=db, cwd=tmp_path).returncode == 0
    person = "person:000001"
    erased = run("person", "erase", person, "--yes", store=db, cwd=tmp_path)
    assert erased.returncode == 0, erased.stderr
    assert "snapshots rewritten: 1" in erased.stdout
    assert run("snapshot", "create", store=db, cwd=tmp_path).returncode == 0
    listed = run("snapshot", "list", store=db, cwd=tmp_path)
    assert "ไตรมาส 1" in listed.stdout
    shown = run("snapshot", "show", "1", store=db, cwd=tmp_path)
    assert "nodes: person" in shown.stdout
    diffed = run("snapshot", "diff", "1", "2", store=db, cwd=tmp_path)
    assert diffed.returncode == 0, diffed.stderr
    assert "nodes removed" in diffed.stdout and "indicators" in diffed.stdout
    drawn = run("view", "diff", "--a", "1", "--b", "2", "--out", "d.html", store=db, cwd=tmp_path)
    assert drawn.returncode == 0, drawn.stderr
    page = (tmp_path / "d.html").read_text("utf-8")
    assert 'data-view="diff"' in page and "tie lost" in page
    assert run("view", "diff", "--a", "1", store=db, cwd=tmp_path).returncode == 3
    out = run("snapshot", "export", "1", "s.json", "--format", "json", store=db, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    page = run("snapshot", "export", "1", "s.html", "--format", "html", store=db, cwd=tmp_path)
    assert page.returncode == 0, page.stderr
    assert b'<meta name="phakhee:snapshot" content="1">' in (tmp_path / "s.html").read_bytes()
    doc = orjson.loads((tmp_path / "s.json").read_bytes())
    assert doc["graph"]["snapshot"] == "1" and doc["graph"]["redacted"] is True
    assert person.encode() not in (tmp_path / "s.json").read_bytes()
    deleted = run("snapshot", "delete", "2", "--yes", store=db, cwd=tmp_path)
    assert deleted.returncode == 0 and "deleted snapshot 2" in deleted.stdout
    missing = run("snapshot", "show", "99", store=db, cwd=tmp_path)
    assert missing.returncode == 4 and "no snapshot 99" in missing.stderr


def test_person_export_is_json_with_consent(db: str, tmp_path: Path) -> None:
    done = run("person", "export", "person:000002", store=db, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    record = orjson.loads(done.stdout)
    assert record["id"] == "person:000002" and "consent" in record and record["ties"]
    assert run("person", "export", "team:x", store=db, cwd=tmp_path).returncode == 3


def test_backup_and_restore_round_trip_and_refuse_other_files(db: str, tmp_path: Path) -> None:
    done = run("backup", "b.db", store=db, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "(verified)" in done.stdout
    target = f"sqlite:///{tmp_path}/restored.db"
    back = run("restore", "b.db", store=target, cwd=tmp_path)
    assert back.returncode == 0, back.stderr
    body = lambda store: run("stats", store=store, cwd=tmp_path).stdout.split("┏")[1]  # noqa: E731
    assert body(target) == body(db)
    (tmp_path / "junk.db").write_text("not a database")
    refused = run("restore", "junk.db", store=target, cwd=tmp_path)
    assert refused.returncode == 3 and "not a phakhee backup" in refused.stderr
    neo = run("backup", "n.db", store="neo4j://127.0.0.1:9", cwd=tmp_path)
    assert neo.returncode == 3 and "neo4j-admin" in neo.stderr
