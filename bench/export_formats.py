"""Benchmark: export the demo network to every format, plus a snapshot, a diff and a backup.

    phakhee --store sqlite:////tmp/e100k.db demo --no-serve --people 100000
    python bench/export_formats.py --store sqlite:////tmp/e100k.db

Projects the store once and computes what exports carry besides the graph — PageRank centrality
and the map layout — once, as a server does per graph version (both timed apart), then writes
each format to a temporary folder and prints its time and file size as a Markdown table, then a
snapshot's create / thaw / diff and a backup.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from phakhee.api.export_files import NAMES, file_type, write_export
from phakhee.graph.sqlite_backup import backup
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.graph.stores import open_store
from phakhee.queries.cache import GraphVersion
from phakhee.queries.records.measures import extras
from phakhee.queries.records.snapshot_diff import diff
from phakhee.queries.records.snapshots import create_snapshot, load_snapshot


def _mib(n: int) -> str:
    return f"{n / 2**20:,.1f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="sqlite:////tmp/e100k.db")
    parser.add_argument("--formats", default=",".join(NAMES))
    parser.add_argument("--snapshot", action="store_true", help="Also time snapshots and a backup.")
    args = parser.parse_args()
    store = open_store(args.store)
    started = time.perf_counter()
    graph = store.project()
    print(
        f"projection: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} ties, "
        f"{time.perf_counter() - started:.1f} s"
    )
    snap = GraphVersion(graph)
    started = time.perf_counter()
    extras(snap, "gexf")
    print(f"centrality and map layout (once per version): {time.perf_counter() - started:.1f} s\n")
    print("| format | time | file size |\n|---|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for name in args.formats.split(","):
            path = Path(folder) / f"graph.{file_type(name)[0]}"
            started = time.perf_counter()
            with path.open("wb") as out:
                write_export(snap, name, out)
            seconds = time.perf_counter() - started
            print(f"| {name} | {seconds:.1f} s | {_mib(path.stat().st_size)} |", flush=True)
            path.unlink()
        if args.snapshot:
            started = time.perf_counter()
            info = create_snapshot(store, graph, "bench")
            made = time.perf_counter() - started
            started = time.perf_counter()
            _, thawed = load_snapshot(store, info.id)
            thawed_s = time.perf_counter() - started
            started = time.perf_counter()
            d = diff(thawed, graph)
            diffed = time.perf_counter() - started
            print(
                f"\nsnapshot create {made:.1f} s ({_mib(info.size)} stored), "
                f"load {thawed_s:.1f} s, diff against the live graph {diffed:.1f} s "
                f"({len(d.ties_added)} ties added)"
            )
            if isinstance(store, SQLiteStore):
                out = Path(folder) / "backup.db"
                started = time.perf_counter()
                check = backup(store, out)
                print(
                    f"backup {time.perf_counter() - started:.1f} s ({_mib(out.stat().st_size)}, "
                    f"{sum(check.nodes.values()):,} nodes verified)"
                )
            store.delete_snapshot(info.id)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS {peak:,.0f} MiB")
    store.close()


if __name__ == "__main__":
    main()
