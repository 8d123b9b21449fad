"""The API against its own OpenAPI schema, as Schemathesis sees it: every check, derandomised,
on a served demo network, once with a write key and once without.

python -m tests.contract --max-examples 100     # what CI runs after the suite
python -m tests.contract --max-examples 10      # a quick look (tests/api/test_contract.py)

Each run has its own copy of the demo (the runs with a key write), its own ``phakhee serve``,
and prints Schemathesis's summary; the exit status is 0 only when both runs found nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.loaders.demo import build_demo
from phakhee.queries.records.snapshots import create_snapshot
from tests.served import KEY, served

AS_OF = dt.date(2026, 6, 30)


@dataclass(frozen=True)
class Outcome:
    """One Schemathesis run: its exit status, its summary line and how long it took."""

    who: str
    status: int
    summary: str
    seconds: float


def demo(folder: Path, people: int) -> Path:
    """The demo network with two snapshots, in ``folder``."""
    db = folder / "demo.db"
    store = SQLiteStore(db)
    build_demo(store, people=people, seed=7, as_of=AS_OF)
    create_snapshot(store, store.project(), "one")
    create_snapshot(store, store.project(), "two")
    store.close()
    return db


def schemathesis(origin: str, *, key: bool, max_examples: int, report: Path) -> Outcome:
    """``schemathesis run`` with every check against the served schema."""
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        f"{origin}/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(max_examples),
        "--generation-deterministic",
        "--workers",
        "1",  # hypothesis' lambda descriptions are not thread-safe on Python 3.11
        "--report",
        "junit",
        "--report-junit-path",
        str(report),
    ]
    if key:
        command += ["-H", f"Authorization: Bearer {KEY}"]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    lines = [line for line in done.stdout.splitlines() if re.match(r"^=+ .* =+$", line)]
    who = "with a write key" if key else "without a key"
    shown = done.stdout[-6000:] if done.returncode else "\n".join(done.stdout.splitlines()[-25:])
    print(f"--- schemathesis {who} ---\n{shown}", flush=True)
    return Outcome(who, done.returncode, lines[-1].strip("= ") if lines else "", seconds)


def run(max_examples: int, people: int = 300) -> list[Outcome]:
    """Both runs at once (two cores, two servers), each on a fresh copy of the demo served by its
    own process: a run is one request at a time, so side by side they take the time of one."""
    with tempfile.TemporaryDirectory(prefix="phakhee-contract-") as folder, ExitStack() as stack:
        original = demo(Path(folder), people)
        jobs = []
        for key in (False, True):
            copy = Path(folder) / f"run-{key}.db"
            shutil.copy(original, copy)
            s = stack.enter_context(served(copy))
            origin = str(s.client.base_url).rstrip("/")
            report = Path(folder) / f"junit-{key}.xml"
            jobs.append((origin, key, report))
        with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
            running = [
                pool.submit(schemathesis, o, key=k, max_examples=max_examples, report=r)
                for o, k, r in jobs
            ]
            return [job.result() for job in running]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=100)
    parser.add_argument("--people", type=int, default=300)
    args = parser.parse_args()
    outcomes = run(args.max_examples, args.people)
    for o in outcomes:
        print(f"schemathesis {o.who}: {o.summary} (exit {o.status}, {o.seconds:.0f} s)")
    return 0 if all(o.status == 0 for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
