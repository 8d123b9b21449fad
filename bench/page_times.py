"""Benchmark: the web pages' server time on the demo network, caches warm.

    python bench/page_times.py --people 10000

Builds the demo into a temporary SQLite store, serves the app on it with uvicorn in a thread of
this process (on loopback), and asks for a sample of addresses of each family of pages: the home
page, search (Thai and English), each kind's node page, the province, region and country
dashboards, who-knows and introductions, snapshots, exports and upload. Every address is asked
for once to warm the caches (the first answer builds the graph version; the warm-up is timed
apart), then ``--rounds`` times, the families interleaved. A request's time is end to end over
loopback with a kept-alive connection, ``Accept-Encoding: gzip`` as a browser sends it, the body
read as sent (not decompressed): the server's time plus a fraction of a millisecond of client
and loopback. A family whose every address answers 404 or 405 is recorded as not served.

Prints, and writes to bench/results/page_times-PEOPLE.json (or --json PATH), each family's
count, median, 95th percentile and maximum in milliseconds, and its answers' statuses, with
the machine (cores, load average at start and end), the date and the command.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import random
import socket
import statistics
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from urllib.parse import urlencode

import httpx2
import networkx as nx
import uvicorn
from _common import Run, add_json_option

from phakhee.api.app import create_app
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.loaders.demo import build_demo
from phakhee.viz.web.links import node_href

AS_OF = dt.date(2026, 6, 30)
BUDGET_MS = 100
"""A page's server time on a 10,000-person network, caches warm (the web app's brief)."""
NOT_SERVED = frozenset({404, 405})
ENGLISH_QUERIES = ["Nan", "youth", "police", "Chiang Mai", "temple", "school", "lesson"]
"""English searches besides the names of the sample (a reader who switched languages)."""


@contextlib.contextmanager
def serving(store: SQLiteStore) -> Iterator[str]:
    """The app on ``store`` served by uvicorn on a free loopback port in a thread; its origin."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


def _by_kind(graph: nx.MultiDiGraph) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for node, attrs in graph.nodes(data=True):
        found.setdefault(attrs["kind"], []).append(node)
    return found


def _pick(rng: random.Random, items: list[str], k: int) -> list[str]:
    return rng.sample(items, min(k, len(items)))


def families(graph: nx.MultiDiGraph, k: int, rng: random.Random) -> dict[str, list[str]]:
    """Up to ``k`` addresses of each family of pages, from the graph's own nodes and names: node
    pages half the most connected (the heaviest pages), half at random; a family of one page
    (the home page, the country) has that address ``k`` times."""
    kinds = _by_kind(graph)
    name = {n: a.get("name") or n for n, a in graph.nodes(data=True)}

    def nodes(kind: str) -> list[str]:
        every = kinds.get(kind, [])
        top = sorted(every, key=lambda n: (-graph.degree(n), n))[: k // 2]
        chosen = set(top)
        rest = [n for n in every if n not in chosen]
        return [node_href(n) for n in top + _pick(rng, rest, k - len(top))]

    people = kinds.get("person", [])
    thai = [name[n] for n in _pick(rng, people, k // 3)]
    thai += [name[n] for n in _pick(rng, kinds.get("province", []), k // 3)]
    thai += [name[n] for n in _pick(rng, kinds.get("topic", []), k - len(thai))]
    english = ENGLISH_QUERIES[: k // 2]
    english += [
        graph.nodes[n]["name_en"]
        for n in _pick(rng, kinds.get("partner", []), k)
        if graph.nodes[n].get("name_en")
    ][: k - len(english)]
    subjects = [name[n] for n in kinds.get("topic", [])]
    places = [name[n] for n in kinds.get("province", []) + kinds.get("region", [])] + [""]
    found = {
        "home": ["/"],
        "find (Thai)": [f"/find?{urlencode({'q': q})}" for q in thai],
        "find (English)": [f"/find?{urlencode({'q': q})}" for q in english],
        "person": nodes("person"),
        "team": nodes("team"),
        "partner": nodes("partner"),
        "topic": nodes("topic"),
        "lesson": nodes("lesson"),
        "province": nodes("province"),
        "region": nodes("region"),
        "country": ["/country"],
        "who-knows": [
            "/who-knows?" + urlencode({"topic": rng.choice(subjects), "place": rng.choice(places)})
            for _ in range(k)
        ],
        "introduce": [
            "/introduce?" + urlencode({"from": name[a], "to": name[b]})
            for a, b in (_pick(rng, people, 2) for _ in range(k))
        ],
        "history": ["/history"],
        "download": ["/download"],
        "upload": ["/upload"],
    }
    # A family of one address is asked for as often as the others are.
    return {f: urls if len(urls) > 1 else urls * k for f, urls in found.items()}


def timed_get(client: httpx2.Client, url: str) -> tuple[int, float]:
    """``url``'s status and its time in ms, the body read as sent."""
    started = time.perf_counter()
    with client.stream("GET", url) as response:
        for _ in response.iter_raw():
            pass
    return response.status_code, (time.perf_counter() - started) * 1000


def summary(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    return {
        "count": len(ms),
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(ms[min(len(ms) - 1, int(len(ms) * 0.95))], 2),
        "max_ms": round(ms[-1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10_000, help="the demo's size")
    parser.add_argument("--per-family", type=int, default=20, help="addresses sampled a family")
    parser.add_argument("--rounds", type=int, default=5, help="times each address is timed")
    add_json_option(parser)
    args = parser.parse_args()
    run = Run.start("page_times", str(args.people), args.json)
    store = SQLiteStore(tempfile.mkdtemp(prefix="phakhee-pages-") + "/pages.db")
    started = time.perf_counter()
    build_demo(store, args.people, 7, AS_OF)
    warm: dict[str, float] = {"demo_build_s": round(time.perf_counter() - started, 1)}
    graph = store.project()
    sample = families(graph, args.per_family, random.Random(1))
    statuses: dict[str, Counter[int]] = {f: Counter() for f in sample}
    times: dict[str, list[float]] = {f: [] for f in sample}
    first_ms: dict[str, float] = {}
    with (
        serving(store) as origin,
        httpx2.Client(base_url=origin, headers={"Accept-Encoding": "gzip"}, timeout=600) as client,
    ):
        started = time.perf_counter()
        status, _ = timed_get(client, "/")
        warm["first_answer_s"] = round(time.perf_counter() - started, 1)
        print(
            f"demo built in {warm['demo_build_s']} s; first answer ({status}) in "
            f"{warm['first_answer_s']} s",
            flush=True,
        )
        for family, urls in sample.items():
            first = [timed_get(client, url) for url in urls]
            first_ms[family] = round(max(ms for _, ms in first), 1)
            statuses[family].update(s for s, _ in first)
        served = [f for f in sample if set(statuses[f]) - NOT_SERVED]
        for _ in range(args.rounds):
            for family in served:
                for url in sample[family]:
                    status, ms = timed_get(client, url)
                    statuses[family][status] += 1
                    times[family].append(ms)
    store.close()
    figures: dict[str, object] = {}
    for family in sample:
        if family not in served:
            print(f"{family}: not served ({dict(statuses[family])})")
            figures[family] = {"served": False, "statuses": dict(statuses[family])}
            continue
        row = summary(times[family])
        print(
            f"{family}: n={row['count']} median_ms={row['median_ms']:.1f} "
            f"p95_ms={row['p95_ms']:.1f} max_ms={row['max_ms']:.1f} "
            f"first_ms={first_ms[family]:.0f} statuses={dict(statuses[family])}",
            flush=True,
        )
        figures[family] = {
            "served": True,
            "addresses": len(sample[family]),
            **row,
            "first_ms": first_ms[family],
            "statuses": {str(k): v for k, v in sorted(statuses[family].items())},
        }
    over = [f for f in served if figures[f]["p95_ms"] > BUDGET_MS]  # type: ignore[index]
    print(f"over the {BUDGET_MS} ms budget at p95: {over or 'none'}")
    run.write(
        {
            "people": args.people,
            "nodes": graph.number_of_nodes(),
            "ties": graph.number_of_edges(),
            "per_family": args.per_family,
            "addresses_note": "a family of one page has its address per_family times",
            "rounds": args.rounds,
            "warm_up": warm,
            "budget_ms": BUDGET_MS,
            "over_budget_p95": over,
            "not_served": [f for f in sample if f not in served],
            "families": figures,
        }
    )


if __name__ == "__main__":
    main()
