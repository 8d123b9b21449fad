"""Benchmark: the store's projection into NetworkX, against the per-record path it replaced.

python bench/projection.py --people 10000                           # embedded SQLite
python bench/projection.py --people 10000 --store bolt://host:7687  # Neo4j (built if empty)

Three timings on the same store, each the median of ``--repeat`` runs: ``project()`` (bulk rows
into NetworkX's dictionaries); the records alone (``iter_nodes`` and ``iter_ties`` read into
lists: what any record-by-record projection pays before building anything); and the
per-record path (those records, then ``add_node`` and ``add_edges_from``). Writes
bench/results/projection-PEOPLE[-neo4j].json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable
from typing import Any

import networkx as nx
from _common import Run, add_json_option, demo_store

from phakhee.graph.store import GraphStore
from phakhee.graph.stores import open_store
from phakhee.loaders.demo import build_demo


def median_s(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3)


def per_record(store: GraphStore) -> nx.MultiDiGraph:
    """The projection as it was built before: one record object per row, then NetworkX's calls."""
    g = nx.MultiDiGraph(version=store.version())
    for n in sorted(store.iter_nodes(), key=lambda n: n.id):
        g.add_node(n.id, **{**n.props, "kind": n.kind.value})
    g.add_edges_from(
        (t.source, t.target, t.kind.value, {**t.props, "kind": t.kind.value})
        for t in store.iter_ties()
    )
    return g


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--store", help="a Neo4j URL (default: the SQLite demo store)")
    parser.add_argument("--repeat", type=int, default=3)
    add_json_option(parser)
    args = parser.parse_args()
    label = f"{args.people}-neo4j" if args.store else str(args.people)
    run = Run.start("projection", label, args.json)
    store = open_store(args.store or demo_store(args.people))
    if args.store and not store.counts()["nodes"]:
        build_demo(store, people=args.people, seed=7, as_of=dt.date.today())
    g = store.project()
    assert nx.utils.graphs_equal(g, per_record(store)), "the projections differ"
    figures = {
        "store": "neo4j" if args.store else "sqlite",
        "person_nodes": sum(1 for _, k in g.nodes(data="kind") if k == "person"),
        "nodes": g.number_of_nodes(),
        "ties": g.number_of_edges(),
        "project_s": median_s(store.project, args.repeat),
        "records_only_s": median_s(
            lambda: (list(store.iter_nodes()), list(store.iter_ties())), args.repeat
        ),
        "per_record_s": median_s(lambda: per_record(store), args.repeat),
    }
    print(figures, flush=True)
    run.write(figures)


if __name__ == "__main__":
    main()
