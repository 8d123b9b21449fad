"""Benchmark: what districts and subdistricts cost — the projection, the weave report and memory
on the demo network, today's code beside a checkout of the code before places below the province.

python bench/places_cost.py --people 100000 --baseline /path/to/checkout [--rounds 2]

The baseline is a checkout (with its own ``.venv``) of the code before districts, subdistricts
and zones; its demo places everything in provinces. Each side builds its own demo store once
(``/tmp/phakhee-bench-PEOPLE.db`` for today's, ``/tmp/phakhee-bench-baseline-PEOPLE.db`` for the
baseline's), then ``bench/weave_report.py --store`` runs on each, the two sides alternating for
``--rounds`` rounds, so both meet the same load on this shared machine; the medians are compared.
Writes bench/results/places_cost-PEOPLE.json.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import orjson
from _common import ROOT, Run, add_json_option, demo_store

MEASURES = ("projection_s", "report_s", "peak_rss_mb")
LIMIT = 1.2
"""Today's figures are to be within 20% of the baseline's."""

BUILD = """
import sys
from phakhee.graph.stores import open_store
from phakhee.loaders.demo import build_demo
store = open_store(sys.argv[1])
build_demo(store, people=int(sys.argv[2]))
store.close()
"""


def baseline_store(checkout: Path, people: int) -> Path:
    """The baseline's demo store, built by the baseline's own code the first time."""
    path = Path(f"/tmp/phakhee-bench-baseline-{people}.db")
    if not path.exists():
        print(f"building the baseline's {people:,}-person demo into {path} ...", flush=True)
        python = checkout / ".venv" / "bin" / "python"
        subprocess.run([python, "-c", BUILD, f"sqlite:///{path}", str(people)], check=True)
    return path


def counts(path: Path) -> dict[str, int]:
    """Nodes, ties and the file's size of a SQLite store, and the bytes of its audit log's tables
    (SQLite's dbstat; none before the log), read without the project's code."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        nodes = db.execute("SELECT count(*) FROM nodes").fetchone()[0]
        ties = db.execute("SELECT count(*) FROM ties").fetchone()[0]
        audit = db.execute(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'audit%'"
        ).fetchone()[0]
    size = path.stat().st_size
    return {"nodes": nodes, "ties": ties, "store_bytes": size, "graph_bytes": size - audit}


def weave(checkout: Path, python: Path, store: Path) -> dict[str, Any]:
    """One run of ``bench/weave_report.py`` of ``checkout`` on ``store``: its figures."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "weave.json"
        subprocess.run(
            [python, "bench/weave_report.py", "--store", f"sqlite:///{store}", "--json", out],
            cwd=checkout,
            check=True,
        )
        return orjson.loads(out.read_bytes())["figures"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--baseline", type=Path, required=True, help="a checkout of the baseline")
    parser.add_argument("--rounds", type=int, default=2)
    add_json_option(parser)
    args = parser.parse_args()
    run = Run.start("places_cost", str(args.people), args.json)
    sides = {
        "today": (ROOT, Path(sys.executable), Path(demo_store(args.people).split("///")[-1])),
        "baseline": (
            args.baseline,
            args.baseline / ".venv" / "bin" / "python",
            baseline_store(args.baseline, args.people),
        ),
    }
    runs: dict[str, list[dict[str, Any]]] = {side: [] for side in sides}
    for _ in range(args.rounds):
        for side, (checkout, python, store) in sides.items():
            runs[side].append(weave(checkout, python, store))
    figures: dict[str, Any] = {"people": args.people, "rounds": args.rounds}
    for side, (_, _, store) in sides.items():
        figures[side] = {
            **counts(store),
            **{m: round(statistics.median(r[m] for r in runs[side]), 3) for m in MEASURES},
            "runs": [{m: round(r[m], 3) for m in MEASURES} for r in runs[side]],
        }
    figures["ratios"] = {
        m: round(figures["today"][m] / figures["baseline"][m], 3)
        for m in (*MEASURES, "store_bytes", "graph_bytes", "nodes", "ties")
    }
    figures["within_limit"] = all(figures["ratios"][m] <= LIMIT for m in MEASURES)
    print(orjson.dumps(figures, option=orjson.OPT_INDENT_2).decode(), flush=True)
    run.write(figures)


if __name__ == "__main__":
    main()
