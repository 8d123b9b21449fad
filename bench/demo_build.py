"""Benchmark: build the demo network into a fresh store; time, rows/s, store write rate, peak memory.

python bench/demo_build.py --people 100000                     # embedded SQLite
python bench/demo_build.py --people 100000 --store neo4j://…   # an empty Neo4j

Writes its figures to bench/results/demo_build-PEOPLE[-STORE].json (see bench/_results.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import tempfile
import time
from collections.abc import Sequence
from typing import Any

from _common import Run, add_json_option

from phakhee.graph.store import GraphStore, WriteResult
from phakhee.graph.stores import open_store
from phakhee.loaders.demo import build_demo


class TimedStore:
    """Wraps a store to add up the seconds spent inside its writes."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.seconds = 0.0
        self.rows = 0

    def _timed(self, fn: Any, records: Sequence[Any]) -> WriteResult:
        started = time.perf_counter()
        result = fn(records)
        self.seconds += time.perf_counter() - started
        self.rows += len(records)
        return result

    @property
    def batch_size(self) -> int:
        return self.store.batch_size

    def upsert_nodes(self, nodes: Sequence[Any]) -> WriteResult:
        return self._timed(self.store.upsert_nodes, nodes)

    def upsert_ties(self, ties: Sequence[Any]) -> WriteResult:
        return self._timed(self.store.upsert_ties, ties)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--store", help="store URL (default: a new SQLite file in a temp folder)")
    parser.add_argument(
        "--batch", type=int, help="records per batch (default: the store's batch_size)"
    )
    add_json_option(parser)
    args = parser.parse_args()
    scheme = args.store.split("://")[0] if args.store else "sqlite"
    label = f"{args.people}" + ("" if scheme == "sqlite" else f"-{scheme}")
    run = Run.start("demo_build", label, args.json)
    folder = tempfile.mkdtemp(prefix="phakhee-bench-")
    store = open_store(args.store or f"sqlite:///{folder}/bench.db")
    if hasattr(store, "wipe"):
        store.wipe()
    timed = TimedStore(store)
    args.batch = args.batch or store.batch_size
    started = time.perf_counter()
    build_demo(timed, args.people, args.seed, dt.date(2026, 6, 30), batch=args.batch)  # type: ignore[arg-type]
    total = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = os.path.getsize(f"{folder}/bench.db") / 2**20 if not args.store else None
    counts = store.counts()
    figures = {
        "store": store.url.split("://")[0],
        "people": args.people,
        "person_nodes": counts["nodes"].get("person", 0),
        "nodes": sum(counts["nodes"].values()),
        "ties": sum(counts["ties"].values()),
        "batch": args.batch,
        "rows": timed.rows,
        "total_s": total,
        "rows_per_s": timed.rows / total,
        "store_write_s": timed.seconds,
        "store_rows_per_s": timed.rows / timed.seconds,
        "peak_rss_mib": peak_mib,
        "db_mib": size,
    }
    print(
        f"store={figures['store']} people={args.people:,} batch={args.batch:,} cores={os.cpu_count()} "
        f"rows={timed.rows:,} total_s={total:.1f} rows_per_s={timed.rows / total:,.0f} "
        f"store_write_s={timed.seconds:.1f} store_rows_per_s={timed.rows / timed.seconds:,.0f} "
        f"peak_rss_mib={peak_mib:,.0f} db_mib={size or float('nan'):,.0f}"
    )
    store.close()
    shutil.rmtree(folder, ignore_errors=True)
    run.write(figures)


if __name__ == "__main__":
    main()
