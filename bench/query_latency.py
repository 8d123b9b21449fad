"""Benchmark: latency of search, experts and introductions on the demo network, warm projection.

    python bench/query_latency.py --people 100000

Builds the demo into a temporary SQLite store, projects it once, builds the search index and
the collaboration graph once (the warm-up, timed separately), then times each query over a
seeded sample of inputs and prints the median and 95th percentile; the figures go to
bench/results/query_latency-PEOPLE.json (or --json PATH).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable

from _common import Run, add_json_option

from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.loaders.demo import build_demo
from phakhee.queries.ask.experts import ExpertIndex, experts
from phakhee.queries.ask.introductions import introductions
from phakhee.queries.ask.search import SearchIndex, search
from phakhee.queries.collaboration import collaboration_graph

AS_OF = dt.date(2026, 6, 30)


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def report(name: str, ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    median = statistics.median(ms)
    print(f"{name}: n={len(ms)} median_ms={median:.1f} p95_ms={p95:.1f} max_ms={ms[-1]:.1f}")
    return {"n": len(ms), "median_ms": median, "p95_ms": p95, "max_ms": ms[-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    add_json_option(parser)
    args = parser.parse_args()
    run = Run.start("query_latency", str(args.people), args.json)
    store = SQLiteStore(tempfile.mkdtemp(prefix="phakhee-q-") + "/q.db")
    build_demo(store, args.people, 7, AS_OF)
    warm = {}
    started = time.perf_counter()
    graph = store.project()
    warm["projection"] = time.perf_counter() - started
    started = time.perf_counter()
    index = SearchIndex(graph)
    warm["search index"] = time.perf_counter() - started
    started = time.perf_counter()
    collab = collaboration_graph(graph, AS_OF)
    warm["collaboration graph"] = time.perf_counter() - started
    started = time.perf_counter()
    expert_index = ExpertIndex(graph, AS_OF)
    warm["expert index"] = time.perf_counter() - started
    gc.freeze()  # as GraphCache does after each build
    print("warm-up: " + ", ".join(f"{k} {v:.1f} s" for k, v in warm.items()))
    rng = random.Random(1)
    nodes = list(graph.nodes(data=True))
    names = [a["name"] for _, a in rng.sample(nodes, args.queries)]
    names = [n if i % 3 else n[:-1] + "ะ" for i, n in enumerate(names)]  # a third with a typo
    topics = [n for n, a in nodes if a["kind"] == "topic"]
    provinces = [n for n, a in nodes if a["kind"] == "province"]
    people = [n for n in collab if collab.degree(n)]
    queries: dict[str, dict[str, float]] = {}
    searches = [timed(lambda q=q: search(index, q)) for q in names]
    queries["search"] = report("search", searches)
    asks = [(rng.choice(topics), rng.choice(provinces + [None] * 20)) for _ in range(args.queries)]
    queries["experts"] = report(
        "experts",
        [
            timed(lambda t=t, p=p: experts(graph, t, province=p, index=expert_index))
            for t, p in asks
        ],
    )
    pairs = [(rng.choice(people), rng.choice(people)) for _ in range(args.queries)]
    queries["introductions"] = report(
        "introductions",
        [timed(lambda a=a, b=b: introductions(graph, collab, a, b)) for a, b in pairs],
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak_rss_mib={peak:,.0f}")
    run.write(
        {
            "people": args.people,
            "person_nodes": sum(1 for _, a in nodes if a["kind"] == "person"),
            "nodes": graph.number_of_nodes(),
            "ties": graph.number_of_edges(),
            "queries_each": args.queries,
            "warm_up_s": warm,
            "latency": queries,
            "peak_rss_mib": peak,
        }
    )


if __name__ == "__main__":
    main()
