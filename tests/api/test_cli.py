"""The ``phakhee`` command as a user runs it: the installed console script, in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PHAKHEE = shutil.which("phakhee")
pytestmark = pytest.mark.skipif(
    PHAKHEE is None, reason="install the project (pip install -e .) to get the phakhee command"
)


def run(*args: str, store: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PHAKHEE_STORE": store, "COLUMNS": "120"}
    return subprocess.run(
        [PHAKHEE, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )  # type: ignore[list-item]


def test_demo_builds_the_network_and_says_where_it_lives(tmp_path: Path) -> None:
    store = f"sqlite:///{tmp_path}/demo.db"
    done = run(
        "demo",
        "--no-serve",
        "--people",
        "200",
        "--seed",
        "3",
        "--as-of",
        "2026-06-30",
        store=store,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "200 people, seed 3, as of 2026-06-30" in done.stdout
    assert f"data lives in {store}" in done.stdout
    assert "province" in done.stdout and "77" in done.stdout
    stats = run("stats", store=store, cwd=tmp_path)
    assert stats.returncode == 0
    assert "graph version" in stats.stdout


def test_the_default_store_is_a_file_in_the_working_folder(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PHAKHEE_STORE"}
    done = subprocess.run(
        [PHAKHEE, "stats"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
    )  # type: ignore[list-item]
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "phakhee.db").exists()


def test_an_unknown_store_is_one_clear_line_and_exit_3(tmp_path: Path) -> None:
    done = run("stats", store="postgres://somewhere", cwd=tmp_path)
    assert done.returncode == 3
    assert done.stderr.strip() == (
        "error: PHAKHEE_STORE 'postgres' is not a known store: use sqlite:///PATH or neo4j://HOST:7687"
    )
    assert "Traceback" not in done.stderr + done.stdout


def test_an_unreachable_neo4j_names_the_uri_and_exits_5(tmp_path: Path) -> None:
    done = run("stats", store="neo4j://127.0.0.1:9", cwd=tmp_path)
    assert done.returncode == 5
    assert done.stderr.startswith("error: cannot reach Neo4j at neo4j://127.0.0.1:9")
    assert "Traceback" not in done.stderr + done.stdout


def test_bad_options_are_usage_errors(tmp_path: Path) -> None:
    done = run(
        "demo", "--no-serve", "--people", "5", store=f"sqlite:///{tmp_path}/x.db", cwd=tmp_path
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


@pytest.mark.neo4j
def test_demo_and_stats_work_unchanged_on_neo4j(tmp_path: Path, neo4j_uri: str) -> None:
    from phakhee.graph.neo4j_store import Neo4jStore

    Neo4jStore(neo4j_uri).wipe()
    sqlite = f"sqlite:///{tmp_path}/same.db"
    args = ("demo", "--no-serve", "--people", "200", "--seed", "3", "--as-of", "2026-06-30")
    on_neo4j = run(*args, store=neo4j_uri, cwd=tmp_path)
    on_sqlite = run(*args, store=sqlite, cwd=tmp_path)
    assert on_neo4j.returncode == 0, on_neo4j.stderr
    table = lambda out: out.split("┃ kind")[1].split("people, seed")[0]  # noqa: E731
    assert table(on_neo4j.stdout) == table(on_sqlite.stdout)
    assert f"data lives in {neo4j_uri}" in on_neo4j.stdout


def test_template_writes_every_sheet_and_loads_back_empty(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from phakhee.loaders.sheets import SHEETS

    done = run(
        "template", str(tmp_path / "t.xlsx"), store=f"sqlite:///{tmp_path}/g.db", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    wb = load_workbook(tmp_path / "t.xlsx")
    assert wb.sheetnames == ["instructions", *SHEETS]
    columns = [c.key for c in SHEETS["partners"].columns]
    assert [c.value for c in wb["partners"][1]] == [*columns, None]  # the mark's column
    assert [c.value for c in wb["partners"][2]][-1] == "ตัวอย่าง / example"
    assert wb["people"]["B2"].value == "สมชาย ใจดี"  # the example row
    loaded = run("load", str(tmp_path / "t.xlsx"), store=f"sqlite:///{tmp_path}/g.db", cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    assert "refused" not in loaded.stderr
    assert "t.xlsx: skipped the template's example row in people, teams," in loaded.stdout


def test_load_reports_refused_rows_and_strict_fails(tmp_path: Path) -> None:
    from tests.loaders.messy import write_messy_folder

    folder = write_messy_folder(tmp_path / "messy")
    store = f"sqlite:///{tmp_path}/g.db"
    strict = run("load", str(folder), "--strict", store=store, cwd=tmp_path)
    assert strict.returncode == 3
    assert "nothing written" in strict.stdout
    done = run(
        "load", str(folder), "--report", str(tmp_path / "refused.csv"), store=store, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "partner sector 'gov' is not one of" in done.stderr
    assert (tmp_path / "refused.partners.csv").exists()
    assert "Traceback" not in done.stderr


def test_search_who_knows_and_intro_print_readable_tables(tmp_path: Path) -> None:
    store = f"sqlite:///{tmp_path}/g.db"
    built = run(
        "demo",
        "--no-serve",
        "--people",
        "300",
        "--seed",
        "2",
        "--as-of",
        "2026-06-30",
        store=store,
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr
    found = run("search", "งดเหล้าเข้าพรรษา", "--limit", "1", store=store, cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    assert "topic:buddhist-lent" in found.stdout and "exact" in found.stdout
    experts = run("who-knows", "youth", "--region", "ภาคเหนือ", store=store, cwd=tmp_path)
    assert experts.returncode == 0, experts.stderr
    assert "who knows: เยาวชน (topic:youth)" in experts.stdout
    chain = run("intro", "person:000001", "person:000002", store=store, cwd=tmp_path)
    assert chain.returncode == 0, chain.stderr
    assert "chain 1: 1 step, weakest tie" in chain.stdout
    missing = run("intro", "person:000001", "nobody at all", store=store, cwd=tmp_path)
    assert missing.returncode == 4
    assert missing.stderr == "error: no partner, person or team 'nobody at all'\n"


def test_demo_serves_the_api_at_the_end(tmp_path: Path) -> None:
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PHAKHEE_STORE": f"sqlite:///{tmp_path}/g.db"}
    server = subprocess.Popen(
        [PHAKHEE, "demo", "--people", "100", "--port", str(port)],  # type: ignore[list-item]
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the demo never served /health")
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=30)
    assert f"serving sqlite:///{tmp_path}/g.db at http://127.0.0.1:{port}/" in out


def test_report_writes_the_weave_report_in_each_format(tmp_path: Path) -> None:
    from phakhee.graph.sqlite_store import SQLiteStore
    from tests.queries.gap_network import build_gap_network

    store = SQLiteStore(tmp_path / "g.db")
    build_gap_network(store)
    store.close()
    url = f"sqlite:///{tmp_path}/g.db"
    for fmt in ("md", "html", "json"):
        done = run("report", "--format", fmt, "--out", f"r.{fmt}", store=url, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert (tmp_path / f"r.{fmt}").stat().st_size > 500
    nan = run("report", "--province", "น่าน", store=url, cwd=tmp_path)
    assert nan.returncode == 0 and nan.stdout.startswith("# Weave report: น่าน")
    assert run("report", "--province", "Atlantis", store=url, cwd=tmp_path).returncode == 4
    bad = run("report", "--format", "pdf", store=url, cwd=tmp_path)
    assert bad.returncode == 3 and "md, html, json" in bad.stderr
