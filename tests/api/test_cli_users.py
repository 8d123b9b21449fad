"""``phakhee user ...`` as an administrator runs it: the installed command on a temporary store."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phakhee.api.cli.app import app
from phakhee.graph.accounts import accounts
from phakhee.graph.sqlite_store import SQLiteStore

PHAKHEE = shutil.which("phakhee")
PASSWORD = "correct horse battery"


def run(store: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    if PHAKHEE is None:
        pytest.skip("install the project (pip install -e .) to get the phakhee command")
    env = {**os.environ, "PHAKHEE_STORE": f"sqlite:///{store}", "COLUMNS": "120"}
    return subprocess.run(
        [PHAKHEE, "user", *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
    )


def test_users_are_added_listed_changed_and_removed(tmp_path: Path) -> None:
    db = tmp_path / "graph.db"
    done = run(
        db, "add", "somchai", "--role", "coordinator", "--province", "nan",
        "--province", "phrae", "--password-stdin", stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (0, "added somchai (coordinator)\n"), done.stderr
    done = run(
        db, "add", "malee", "--role", "academic", "--region", "north", "--password-stdin",
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    listed = run(db, "list", "--json")
    assert json.loads(listed.stdout) == [
        {"name": "malee", "role": "academic", "provinces": [], "regions": ["region:north"], "zones": []},
        {"name": "somchai", "role": "coordinator", "provinces": ["province:nan", "province:phrae"], "regions": [], "zones": []},
    ]  # fmt: skip
    table = run(db, "list").stdout
    assert "somchai" in table and "province:nan, province:phrae" in table

    done = run(db, "passwd", "somchai", "--password-stdin", stdin="a new password\n")
    assert (done.returncode, done.stdout) == (0, "password of somchai changed\n")
    store = SQLiteStore(db)
    try:
        assert accounts(store).verify("somchai", "a new password") is not None
        assert accounts(store).verify("somchai", PASSWORD) is None
    finally:
        store.close()

    done = run(db, "remove", "somchai", "--yes")
    assert (done.returncode, done.stdout) == (0, "removed somchai\n")
    assert [u["name"] for u in json.loads(run(db, "list", "--json").stdout)] == ["malee"]


def test_the_token_is_shown_once_and_works(tmp_path: Path) -> None:
    db = tmp_path / "graph.db"
    run(db, "add", "bot", "--role", "viewer", "--password-stdin", stdin=PASSWORD + "\n")
    done = run(db, "token", "bot")
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip()
    assert len(token) == 43 and "\n" not in token  # 32 random bytes, base64url
    assert "not shown again" in done.stderr and token not in done.stderr
    store = SQLiteStore(db)
    try:
        assert accounts(store).by_token(token).name == "bot"
        assert token not in db.read_bytes().decode("latin-1")  # kept as its hash only
        run(db, "remove", "bot", "--yes")
        assert accounts(store).by_token(token) is None
    finally:
        store.close()


@pytest.mark.parametrize(
    ("args", "stdin", "code", "message"),
    [
        (("add", "x", "--role", "viewer", "--password-stdin"), PASSWORD, 3, "2 to 40 characters"),
        (("add", "somchai", "--role", "boss", "--password-stdin"), PASSWORD, 3, "not a role"),
        (("add", "somchai", "--role", "viewer", "--password-stdin"), "short", 3, "at least 10"),
        (("add", "somchai", "--role", "coordinator", "--password-stdin"), PASSWORD, 3, "province"),
        (("passwd", "nobody", "--password-stdin"), PASSWORD, 4, "no user 'nobody'"),
        (("remove", "nobody", "--yes"), "", 4, "no user 'nobody'"),
        (("token", "nobody"), "", 4, "no user 'nobody'"),
    ],
)
def test_refusals_exit_with_the_projects_codes(
    tmp_path: Path, args: tuple[str, ...], stdin: str, code: int, message: str
) -> None:
    done = run(tmp_path / "graph.db", *args, stdin=stdin + "\n")
    assert done.returncode == code, done.stderr
    assert done.stderr.startswith("error: ") and message in done.stderr
    assert done.stdout == ""


def test_add_asks_for_the_password_twice(tmp_path: Path) -> None:
    store = f"sqlite:///{tmp_path}/graph.db"
    runner = CliRunner()
    args = ["--store", store, "user", "add", "admin1", "--role", "admin"]
    mismatched = runner.invoke(
        app, args, input=f"{PASSWORD}\nsomething else\n{PASSWORD}\n{PASSWORD}\n"
    )
    assert mismatched.exit_code == 0, mismatched.output
    assert "The two entered values do not match." in mismatched.output
    assert mismatched.output.endswith("added admin1 (admin)\n")
    assert PASSWORD not in mismatched.output  # never echoed
    opened = SQLiteStore(tmp_path / "graph.db")
    try:
        assert accounts(opened).verify("admin1", PASSWORD) is not None
    finally:
        opened.close()
