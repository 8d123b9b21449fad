"""Benchmark: the demo network written out in the template's CSV layout, then loaded into an empty store.

    python bench/load_template.py --people 100000

Prints rows read, seconds and rows/s for a first load and for a reload (which changes nothing);
the figures go to bench/results/load_template-PEOPLE.json (or --json PATH).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import resource
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from _common import Run, add_json_option

from phakhee.graph.model import NodeKind, TieKind
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.loaders.demo import build_demo
from phakhee.loaders.load import load_files
from phakhee.loaders.sheets import NODE_SHEETS, TIE_SHEETS

BUILT_IN = {NodeKind.PROVINCE, NodeKind.REGION, NodeKind.SKILL}


def export_template_csv(store: SQLiteStore, folder: Path) -> int:
    """Write the graph as the template's CSV files (ids as references); the number of rows."""
    place: dict[str, dict[str, str]] = defaultdict(dict)
    team_of: dict[str, str] = {}
    for t in store.iter_ties([TieKind.LOCATED_IN, TieKind.ASSESSED]):
        if t.kind is TieKind.ASSESSED:
            team_of[t.target] = t.source
        else:
            place[t.source]["province" if t.target.startswith("province:") else "region"] = t.target
    rows = 0
    sheets = {s.node: s for s in NODE_SHEETS}
    for kind, sheet in sheets.items():
        columns = [c.key for c in sheet.columns]
        with (folder / f"{sheet.name}.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(columns)
            for n in store.iter_nodes([kind]):
                values = {
                    **n.props,
                    "id": n.id,
                    **place.get(n.id, {}),
                    "team": team_of.get(n.id, ""),
                }
                w.writerow(
                    [
                        ";".join(v) if isinstance(v, list) else v
                        for v in (values.get(c, "") for c in columns)
                    ]
                )
                rows += 1
    for sheet in TIE_SHEETS:
        columns = [c.key for c in sheet.columns]
        with (folder / f"{sheet.name}.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(columns)
            for t in store.iter_ties([sheet.tie]):  # type: ignore[list-item]
                values = {**t.props, sheet.ends[0]: t.source, sheet.ends[1]: t.target}
                w.writerow([values.get(c, "") for c in columns])
                rows += 1
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    add_json_option(parser)
    args = parser.parse_args()
    run = Run.start("load_template", str(args.people), args.json)
    folder = Path(tempfile.mkdtemp(prefix="phakhee-load-"))
    source = SQLiteStore(folder / "source.db")
    build_demo(source, args.people, 7, dt.date(2026, 6, 30))
    csv_dir = folder / "template"
    csv_dir.mkdir()
    rows = export_template_csv(source, csv_dir)
    files = len(list(csv_dir.glob("*.csv")))
    target = SQLiteStore(folder / "target.db")
    loads = []
    for label in ("first load", "reload"):
        started = time.perf_counter()
        report = load_files(target, [csv_dir])
        seconds = time.perf_counter() - started
        changed = sum(r.created + r.updated for r in report.results.values())
        loads.append(
            {
                "load": label,
                "seconds": seconds,
                "rows_per_s": rows / seconds,
                "created_or_updated": changed,
                "refused": len(report.quarantined),
                "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
        print(
            f"{label}: people={args.people:,} rows={rows:,} seconds={seconds:.1f} rows_per_s={rows / seconds:,.0f} "
            f"created_or_updated={changed:,} refused={len(report.quarantined)} "
            f"peak_rss_mib={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f}"
        )
    source.close()
    target.close()
    shutil.rmtree(folder, ignore_errors=True)
    run.write({"people": args.people, "rows": rows, "csv_files": files, "loads": loads})


if __name__ == "__main__":
    main()
