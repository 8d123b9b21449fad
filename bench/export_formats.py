"""Benchmark: export the demo network to every format, plus a snapshot, a diff and a backup.

    python bench/export_formats.py --people 10000 --snapshot   # builds /tmp/phakhee-bench-10000.db once
    python bench/export_formats.py --store sqlite:////tmp/e100k.db

Projects the store once and computes what exports carry besides the graph — PageRank centrality
and the map layout — once, as a server does per graph version (both timed apart), then writes
each format to a temporary folder and prints its time and file size as a Markdown table, then a
snapshot's create / thaw / diff and a backup. The figures go to
bench/results/export_formats-PEOPLE.json (or --json PATH).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import Run, add_json_option, demo_store

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
    parser.add_argument("--people", type=int, default=10_000, help="the demo's size (no --store)")
    parser.add_argument("--store", help="an existing store instead of the demo")
    parser.add_argument("--formats", default=",".join(NAMES))
    parser.add_argument("--snapshot", action="store_true", help="Also time snapshots and a backup.")
    add_json_option(parser)
    args = parser.parse_args()
    label = Path(args.store.split("://")[-1]).stem if args.store else str(args.people)
    run = Run.start("export_formats", label, args.json)
    store = open_store(args.store or demo_store(args.people))
    figures: dict[str, Any] = {"store": store.url}
    started = time.perf_counter()
    graph = store.project()
    figures["projection_s"] = time.perf_counter() - started
    figures["people"] = sum(1 for _, a in graph.nodes(data=True) if a["kind"] == "person")
    figures["nodes"], figures["ties"] = graph.number_of_nodes(), graph.number_of_edges()
    print(
        f"projection: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} ties, "
        f"{figures['projection_s']:.1f} s"
    )
    gv = GraphVersion(graph)
    started = time.perf_counter()
    extras(gv, "gexf")
    figures["extras_s"] = time.perf_counter() - started
    print(f"centrality and map layout (once per version): {figures['extras_s']:.1f} s\n")
    print("| format | time | file size |\n|---|---:|---:|")
    figures["formats"] = []
    with tempfile.TemporaryDirectory() as folder:
        for name in args.formats.split(","):
            path = Path(folder) / f"graph.{file_type(name)[0]}"
            started = time.perf_counter()
            with path.open("wb") as out:
                write_export(gv, name, out)
            seconds = time.perf_counter() - started
            size = path.stat().st_size
            figures["formats"].append({"format": name, "seconds": seconds, "bytes": size})
            print(f"| {name} | {seconds:.1f} s | {_mib(size)} |", flush=True)
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
            figures["snapshot"] = {
                "create_s": made,
                "stored_bytes": info.size,
                "load_s": thawed_s,
                "diff_s": diffed,
                "ties_added": len(d.ties_added),
            }
            print(
                f"\nsnapshot create {made:.1f} s ({_mib(info.size)} stored), "
                f"load {thawed_s:.1f} s, diff against the live graph {diffed:.1f} s "
                f"({len(d.ties_added)} ties added)"
            )
            if isinstance(store, SQLiteStore):
                out = Path(folder) / "backup.db"
                started = time.perf_counter()
                check = backup(store, out)
                backup_s = time.perf_counter() - started
                figures["backup"] = {
                    "seconds": backup_s,
                    "bytes": out.stat().st_size,
                    "nodes_verified": sum(check.nodes.values()),
                }
                print(
                    f"backup {backup_s:.1f} s ({_mib(out.stat().st_size)}, "
                    f"{sum(check.nodes.values()):,} nodes verified)"
                )
            store.delete_snapshot(info.id)
    figures["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS {figures['peak_rss_mib']:,.0f} MiB")
    store.close()
    run.write(figures)


if __name__ == "__main__":
    main()
