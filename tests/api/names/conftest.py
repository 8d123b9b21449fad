"""The named network, stored once per module, with the real app and the real CLI on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.api.cli.app import main
from phakhee.graph.sqlite_store import SQLiteStore
from tests.api.names.network import build_named_network


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The network in a SQLite file, written once per module."""
    path = tmp_path_factory.mktemp("named") / "graph.db"
    store = SQLiteStore(path)
    build_named_network(store)
    store.close()
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    """The real app on the network."""
    store = SQLiteStore(db)
    with TestClient(create_app(store)) as c:
        yield c
    store.close()


@dataclass(frozen=True)
class Ran:
    """What a command did: its exit status, what it printed, and the file it wrote (if read)."""

    code: int
    out: str
    err: str
    file: object = None


@pytest.fixture
def phakhee(db: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., Ran]:
    """Run one ``phakhee`` command line in-process on the network, as the console script does
    (``api.cli.app.main``: the Typer app, its errors as one line and an exit status)."""

    def run(*args: str) -> Ran:
        with pytest.raises(SystemExit) as done:
            main(["--store", f"sqlite:///{db}", *args])
        printed = capsys.readouterr()
        return Ran(int(done.value.code or 0), printed.out, printed.err)

    return run
