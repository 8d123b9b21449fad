"""Hostile files as a server meets them: each refused in under 5 s with peak memory under 500 MB,
with a one-line message and exit status 3 from ``phakhee load``, and nothing written.

Time and memory are measured in a subprocess (``resource.getrusage(RUSAGE_CHILDREN)`` of a
fresh wrapper process, whose only child is the load), since the test process is itself larger;
the time is the whole command's, interpreter start included. Run with ``-s`` to see the figures.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from phakhee.graph.sqlite_store import SQLiteStore
from tests.loaders import bombs
from tests.loaders.bombs import MB

pytestmark = pytest.mark.slow

SECONDS = 5
PEAK_MB = 500
PHAKHEE = shutil.which("phakhee")

_MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=120)
print(json.dumps({
    "returncode": done.returncode,
    "stdout": done.stdout,
    "stderr": done.stderr,
    "seconds": time.perf_counter() - started,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""
"""Runs a command and says how long it took and the most memory it held."""

_LIBRARY = """
import sys, time
from pathlib import Path
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.loaders.limits import TooLarge
from phakhee.loaders.load import load_files
store = SQLiteStore(Path(sys.argv[2]))
started = time.perf_counter()
try:
    load_files(store, [Path(sys.argv[1])])
except TooLarge as e:
    print(f"{time.perf_counter() - started:.3f}")
    print(e, file=sys.stderr)
    sys.exit(3)
sys.exit(0)
"""
"""``load_files`` on one file; exits 3 with the message when it is refused."""

EXPANDS = "expands past 64 MB (PHAKHEE_MAX_EXPANDED_MB); split it or raise the limit"
CELLS = (
    "has more than 10,000,000 cells, each row counted to its last cell (PHAKHEE_MAX_CELLS); "
    "split it or raise the limit"
)
ROWS = "has more than 500,000 rows (PHAKHEE_MAX_ROWS); split it or raise the limit"
BOMBS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "network.zip": (lambda p: bombs.zip_bomb(p, 100 * MB), EXPANDS),
    "network-1gb.zip": (lambda p: bombs.zip_bomb(p, 1024 * MB), EXPANDS),
    "network-1gb.xlsx": (lambda p: bombs.workbook_bomb(p, 1024 * MB), EXPANDS),
    "billion-declared.xlsx": (bombs.billion_cells_declared, ROWS),
    "billion-held.xlsx": (bombs.billion_cells_held, CELLS),
    "million-rows.xlsx": (bombs.million_rows, ROWS),
}
"""Each hostile file (what it is, made small on disk) and the reason it is refused for."""


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bombs")
    for name, (make, _) in BOMBS.items():
        make(folder / name)
    return folder


def _measure(*command: str, env: dict[str, str] | None = None) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=True,
    )
    return json.loads(done.stdout)


def _report(how: str, name: str, path: Path, result: dict[str, object]) -> None:
    print(
        f"\n{how:7} {name:22} {path.stat().st_size / 1024:8,.0f} KB on disk: "
        f"exit {result['returncode']}, {result['seconds']:.2f} s, "
        f"peak RSS {result['peak_rss_mb']:.0f} MB"
    )


def _nothing_written(db: Path) -> None:
    store = SQLiteStore(db)
    try:
        assert store.counts() == {"nodes": {}, "ties": {}}
        assert store.version() == 0
    finally:
        store.close()


@pytest.mark.parametrize("name", list(BOMBS))
def test_load_files_refuses_it_fast_and_small(made: Path, tmp_path: Path, name: str) -> None:
    path, reason = made / name, BOMBS[name][1]
    db = tmp_path / "graph.db"
    result = _measure(sys.executable, "-c", _LIBRARY, str(path), str(db))
    _report("library", name, path, result)
    assert result["returncode"] == 3, result["stderr"]
    assert result["stderr"] == f"{name} {reason}\n"
    assert float(str(result["stdout"])) < SECONDS  # the refusal itself
    assert result["seconds"] < SECONDS  # the whole process
    assert result["peak_rss_mb"] < PEAK_MB
    _nothing_written(db)


@pytest.mark.skipif(PHAKHEE is None, reason="install the project (pip install -e .) for phakhee")
@pytest.mark.parametrize("name", list(BOMBS))
def test_phakhee_load_refuses_it_in_one_line_with_exit_3(
    made: Path, tmp_path: Path, name: str
) -> None:
    path, reason = made / name, BOMBS[name][1]
    db = tmp_path / "graph.db"
    env = {**os.environ, "PHAKHEE_STORE": f"sqlite:///{db}", "COLUMNS": "200"}
    result = _measure(str(PHAKHEE), "load", str(path), env=env)
    _report("cli", name, path, result)
    assert result["returncode"] == 3, result["stderr"]
    # one line of message (the progress bar, cleared, leaves an empty line before it)
    assert str(result["stderr"]).strip().splitlines() == [f"error: {name} {reason}"]
    assert "Traceback" not in str(result["stdout"])
    assert result["seconds"] < SECONDS
    assert result["peak_rss_mb"] < PEAK_MB
    _nothing_written(db)
