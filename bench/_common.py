"""What the benches share: where they write their figures, and the demo stores they measure.

Figures go to ``bench/results/NAME.json`` with when, how and on what they were measured. Each bench calls ``Run.start(...)`` before it does any work (so the load average is the one it
started under) and ``run.write(figures)`` at the end. The JSON holds the date (UTC), the command
line, the machine (cores, memory, Python, platform, the 1-minute load average at start and at
end), the versions of the libraries the figures depend on and the git revision; docs/performance.py
turns the files into docs/performance.md (without the revision).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import platform
import shlex
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
LIBRARIES = ("networkx", "numpy", "scipy", "python-igraph", "neo4j", "openpyxl", "playwright")


def add_json_option(parser: Any) -> None:
    """``--json PATH``: where to write the figures (default: bench/results/NAME.json)."""
    parser.add_argument(
        "--json",
        type=Path,
        help="write the figures here (default: bench/results/NAME.json, NAME the bench and size)",
    )


def _memory_gib() -> float | None:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


def _load() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()


def _versions() -> dict[str, str]:
    found = {"sqlite": sqlite3.sqlite_version}
    for name in LIBRARIES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[name] = metadata.version(name)
    return found


def machine() -> dict[str, Any]:
    """The machine a figure was measured on, as far as it matters for the figure."""
    return {
        "nproc": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "memory_gib": _memory_gib(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_1min_at_start": _load(),
    }


def command_line() -> str:
    """The command as typed from the repository's root: ``python bench/NAME.py ARGS``."""
    script = Path(sys.argv[0]).resolve()
    try:
        shown = str(script.relative_to(ROOT))
    except ValueError:
        shown = sys.argv[0]
    return shlex.join(["python", shown, *sys.argv[1:]])


@dataclass
class Run:
    """One run of a bench: what it is, when it started, under which load."""

    bench: str
    name: str
    path: Path
    date: str = ""
    command: str = ""
    machine: dict[str, Any] = field(default_factory=dict)
    started: float = 0.0

    @classmethod
    def start(cls, bench: str, label: str | None = None, path: Path | None = None) -> Run:
        """Start a run of ``bench``; its file is bench/results/BENCH[-LABEL].json unless ``path``."""
        name = f"{bench}-{label}" if label else bench
        return cls(
            bench=bench,
            name=name,
            path=path or RESULTS / f"{name}.json",
            date=dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            command=command_line(),
            machine=machine(),
            started=time.perf_counter(),
        )

    def write(self, figures: dict[str, Any]) -> Path:
        """Write the figures with the run's date, command, machine, versions and revision."""
        self.machine["load_1min_at_end"] = _load()
        status = _git("status", "--porcelain", "--untracked-files=no")
        result = {
            "bench": self.bench,
            "name": self.name,
            "date": self.date,
            "command": self.command,
            "wall_s": round(time.perf_counter() - self.started, 1),
            "machine": self.machine,
            "versions": _versions(),
            "revision": _git("rev-parse", "HEAD"),
            "tree_modified": bool(status) if status is not None else None,
            "figures": figures,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_bytes(
            orjson.dumps(result, option=orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY) + b"\n"
        )
        print(f"figures written to {self.path}", flush=True)
        return self.path


def demo_store(people: int) -> str:
    """The URL of a SQLite store holding the ``people``-person demo (seen from today), built into
    /tmp/phakhee-bench-PEOPLE.db the first time and reused after (the benches only read it)."""
    path = Path(f"/tmp/phakhee-bench-{people}.db")
    url = f"sqlite:///{path}"
    if not path.exists():
        from phakhee.graph.stores import open_store
        from phakhee.loaders.demo import build_demo

        store = open_store(url)
        print(f"building the {people:,}-person demo into {path} ...", flush=True)
        build_demo(store, people=people)
        store.close()
    return url
