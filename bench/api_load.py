"""Benchmark: a real uvicorn on loopback under load from a second process, bounded in count and time.

    python bench/api_load.py --people 10000

Builds the demo, starts ``phakhee serve`` on a free loopback port, warms its caches, then for
each route and 1, 10 and 50 concurrent clients sends requests from a separate process (threads
with keep-alive connections) and prints requests/s and p50/p95/p99 latency; the figures go to
bench/results/api_load-PEOPLE.json (or --json PATH).
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing as mp
import os
import random
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from urllib.parse import quote

from _common import Run, add_json_option

REQUESTS = 1500  # per route and concurrency
SECONDS = 30  # and never longer than this


def _client(port: int, paths: list[str], count: int, deadline: float, out: list[float]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for i in range(count):
        if time.monotonic() > deadline:
            break
        started = time.perf_counter()
        conn.request("GET", paths[i % len(paths)])
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{paths[i % len(paths)]}: {response.status}")
        out.append((time.perf_counter() - started) * 1000)


def _load(port: int, paths: list[str], clients: int, queue: mp.Queue) -> None:
    """The load generator: its own process, ``clients`` threads."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    deadline = time.monotonic() + SECONDS
    threads = [
        threading.Thread(
            target=_client, args=(port, paths, REQUESTS // clients, deadline, latencies[i])
        )
        for i in range(clients)
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put((time.perf_counter() - started, [x for lat in latencies for x in lat]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10_000)
    add_json_option(parser)
    args = parser.parse_args()
    run = Run.start("api_load", str(args.people), args.json)
    folder = tempfile.mkdtemp(prefix="phakhee-api-")
    env = {**os.environ, "PHAKHEE_STORE": f"sqlite:///{folder}/api.db"}
    subprocess.run(
        ["phakhee", "demo", "--no-serve", "--people", str(args.people), "--as-of", "2026-06-30"],
        env=env,
        check=True,
        capture_output=True,
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        ["phakhee", "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/health")
                break
            except OSError:
                time.sleep(0.2)
        rng = random.Random(3)
        people = [
            f"/nodes/{quote(f'person:{rng.randrange(1, args.people):06d}')}" for _ in range(200)
        ]
        topics = ["youth", "งดเหล้าเข้าพรรษา", "alcohol-control-law", "communication", "road safety"]
        routes = {
            "/experts": [f"/experts?topic={quote(t)}&limit=10" for t in topics],
            "/search": [
                f"/search?q={quote(q)}"
                for q in ("น่าน", "เยาวชน", "สมชาย", "Buddhist Lent", "โรงพยาบาล")
            ],
            "/analytics/centrality": [
                f"/analytics/centrality?measure={m}&kind={k}&limit=20{p}"
                for m in ("pagerank", "betweenness", "degree")
                for k in ("person", "team", "partner")
                for p in ("", "&province=nan")
            ],
            "/nodes/{id}": people,
        }
        started = time.perf_counter()
        for paths in routes.values():  # warm the projection and every index and analysis
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            for p in paths:
                conn.request("GET", p)
                conn.getresponse().read()
        warm_s = time.perf_counter() - started
        rows: list[dict[str, object]] = []
        for route, paths in routes.items():
            for clients in (1, 10, 50):
                queue: mp.Queue = mp.Queue()
                worker = mp.Process(target=_load, args=(port, paths, clients, queue))
                worker.start()
                seconds, ms = queue.get(timeout=SECONDS + 60)
                worker.join()
                ms.sort()
                q = statistics.quantiles(ms, n=100)
                row = {
                    "route": route,
                    "clients": clients,
                    "requests": len(ms),
                    "rps": len(ms) / seconds,
                    "p50_ms": statistics.median(ms),
                    "p95_ms": q[94],
                    "p99_ms": q[98],
                }
                rows.append(row)
                print(
                    f"{route} clients={clients}: requests={len(ms)} rps={row['rps']:,.0f} "
                    f"p50_ms={row['p50_ms']:.1f} p95_ms={q[94]:.1f} p99_ms={q[98]:.1f}"
                )
    finally:
        server.terminate()
        server.wait(30)
    run.write(
        {
            "people": args.people,
            "requests_per_row": REQUESTS,
            "seconds_per_row_at_most": SECONDS,
            "warm_up_s": warm_s,
            "rows": rows,
        }
    )


if __name__ == "__main__":
    main()
