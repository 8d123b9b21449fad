"""Benchmark: one coordinator's edit on a served network — how soon it is found, and what everyone
else gets meanwhile.

    python bench/live_edit.py --people 100000

Builds the demo into a temporary SQLite store (``phakhee demo --no-serve``), or takes a Neo4j
store holding it (``--store bolt://…``), starts ``phakhee serve`` on a free loopback port in its
own process, warms its caches (search, a person, who knows, centrality, a province's dashboard),
reads its resident memory, then renames one person with ``PUT /nodes/{id}`` (the write key) and:

- polls ``GET /nodes/{id}`` and ``GET /search?q=NEW NAME`` until each answers the new name
  (the person first among the hits): the seconds from the write's answer to each;
- polls each costly answer (``ANALYSES``: who knows, centrality, brokers, a dashboard) until it
  is computed on the write's version (``X-Phakhee-Computed-At``): the first answer's time and
  whether it said it was stale, and the seconds from the write until the fresh one;
- for ``--seconds`` after the write, reader threads ask every read route in turn and record each
  answer's status, time and whether it said it was stale (``X-Phakhee-Stale``);
- samples the server's resident memory every 0.2 s.

Prints, and writes to bench/results/live_edit-PEOPLE[-neo4j].json (or --json PATH): the write's time,
the two times to fresh, per route the count, 503s, stale answers, median, p95 and max, and the
memory before and at most during the minute, with the machine, date and command.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import quote

from _common import Run, add_json_option

KEY = "bench-write-key-0123456789"
PERSON = "person:000042"
NEW_NAME = "วิภาวดี ทดสอบเปลี่ยนชื่อ"
"""The person renamed, and the name they get (no one else has it)."""
ROUTES = {
    "/health": "/health",
    "/nodes/{id}": f"/nodes/{quote(PERSON)}",
    "/search": f"/search?q={quote('เยาวชน')}",
    "/experts": f"/experts?topic={quote('เยาวชน')}&limit=10",
    "/analytics/centrality": "/analytics/centrality?measure=pagerank&kind=person&limit=20",
    "/provinces/nan (page)": "/provinces/nan",
    "/people/{id} (page)": f"/people/{PERSON.removeprefix('person:')}",
}
"""The read routes asked during the minute after the write (and warmed before it)."""
ANALYSES = {
    "/experts": ROUTES["/experts"],
    "/analytics/centrality": ROUTES["/analytics/centrality"],
    "/analytics/brokers": "/analytics/brokers?limit=20",
    "/provinces/nan (page)": ROUTES["/provinces/nan (page)"],
}
"""The costly answers: after the write, the last version's at once (stale), then the new one's."""


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _get(
    port: int, path: str, timeout: float = 300, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request("GET", path, headers=headers or {})
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, body


def _serve(env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        ["phakhee", "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL
    )
    for _ in range(300):
        try:
            if _get(port, "/health", 2)[0] == 200:
                return server, port
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("phakhee serve did not answer")


def _rename(port: int) -> float:
    """PUT the person with the new name; the seconds it took."""
    key = {"Authorization": f"Bearer {KEY}"}  # every field, so the PUT keeps them all
    _, _, body = _get(port, f"/nodes/{quote(PERSON)}", headers=key)
    props = json.loads(body)["node"]["props"]
    props["name"] = NEW_NAME
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    started = time.perf_counter()
    conn.request(
        "PUT",
        f"/nodes/{quote(PERSON)}",
        json.dumps({"kind": "person", **props}),
        {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"},
    )
    r = conn.getresponse()
    r.read()
    if r.status != 200:
        raise RuntimeError(f"PUT answered {r.status}")
    return time.perf_counter() - started


def _fresh(port: int, path: str, found: Any, started: float, deadline: float) -> float | None:
    """Seconds from ``started`` until ``found(body)`` holds for GET ``path`` (None: never)."""
    while time.monotonic() < deadline:
        status, _, body = _get(port, path)
        if status == 200 and found(json.loads(body)):
            return time.monotonic() - started
        time.sleep(0.05)
    return None


def _analysis(port: int, path: str, version: int, wrote: float, until: float) -> dict[str, Any]:
    """After the write (of ``version``, at ``wrote``): the first answer of ``path`` (its time,
    status, whether it said it was stale and the version it was computed on), and the seconds
    from the write until an answer computed on ``version``."""
    first: dict[str, Any] = {}
    while time.monotonic() < until:
        started = time.perf_counter()
        status, headers, _ = _get(port, path)
        ms = (time.perf_counter() - started) * 1000
        computed = int(headers.get("x-phakhee-computed-at", -1))
        if not first:
            first = {
                "first_ms": ms,
                "first_status": status,
                "first_stale": "x-phakhee-stale" in headers,
                "first_computed_at": computed,
            }
        if status == 200 and computed >= version:
            return {**first, "fresh_s": time.monotonic() - wrote}
        time.sleep(0.1)
    return {**first, "fresh_s": None}


def _readers(port: int, until: float, out: dict[str, list[tuple[int, float, bool]]]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    while time.monotonic() < until:
        for route, path in ROUTES.items():
            started = time.perf_counter()
            conn.request("GET", path)
            r = conn.getresponse()
            r.read()
            ms = (time.perf_counter() - started) * 1000
            out[route].append((r.status, ms, r.getheader("X-Phakhee-Stale") is not None))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=60, help="how long readers read after")
    parser.add_argument("--readers", type=int, default=4, help="reader threads")
    parser.add_argument(
        "--store",
        help="a Neo4j URL holding the demo of --people (bench/demo_build.py --store builds it); "
        "default: the demo built into a temporary SQLite store",
    )
    add_json_option(parser)
    args = parser.parse_args()
    label = f"{args.people}-neo4j" if args.store else str(args.people)
    run = Run.start("live_edit", label, args.json)
    folder = tempfile.mkdtemp(prefix="phakhee-live-")
    store = args.store or f"sqlite:///{folder}/live.db"
    env = {**os.environ, "PHAKHEE_STORE": store, "PHAKHEE_API_KEYS": KEY}
    if not args.store:
        subprocess.run(
            [
                "phakhee",
                "demo",
                "--no-serve",
                "--people",
                str(args.people),
                "--as-of",
                "2026-06-30",
            ],
            env=env,
            check=True,
            capture_output=True,
        )
    server, port = _serve(env)
    try:
        started = time.perf_counter()
        for path in {**ROUTES, **ANALYSES}.values():
            _get(port, path)
        warm_s = time.perf_counter() - started
        steady = _rss_mib(server.pid)
        samples: list[float] = []
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.2):
                samples.append(_rss_mib(server.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        answers: dict[str, list[tuple[int, float, bool]]] = defaultdict(list)
        write_s = _rename(port)
        wrote = time.monotonic()
        until = wrote + args.seconds
        version = json.loads(_get(port, "/health")[2])["version"]
        analyses: dict[str, dict[str, Any]] = {}
        pollers = [
            threading.Thread(
                target=lambda r, p: analyses.__setitem__(
                    r, _analysis(port, p, version, wrote, until)
                ),
                args=(route, path),
                daemon=True,
            )
            for route, path in ANALYSES.items()
        ]
        for t in pollers:
            t.start()
        readers = [
            threading.Thread(target=_readers, args=(port, until, answers), daemon=True)
            for _ in range(args.readers)
        ]
        for t in readers:
            t.start()
        node_s = _fresh(
            port,
            f"/nodes/{quote(PERSON)}",
            lambda b: b["node"]["props"]["name"] == NEW_NAME,
            wrote,
            until,
        )
        search_s = _fresh(
            port,
            f"/search?q={quote(NEW_NAME)}",
            lambda b: bool(b) and b[0]["id"] == PERSON,
            wrote,
            until,
        )
        for t in [*readers, *pollers]:
            t.join()
        stop.set()
        sampler.join()
    finally:
        server.terminate()
        server.wait(30)
    routes = {}
    for route, rows in answers.items():
        times = sorted(ms for _, ms, _ in rows)
        routes[route] = {
            "count": len(rows),
            "unavailable": sum(1 for status, _, _ in rows if status == 503),
            "not_ok": sum(1 for status, _, _ in rows if status != 200),
            "stale": sum(1 for _, _, stale in rows if stale),
            "median_ms": statistics.median(times),
            "p95_ms": statistics.quantiles(times, n=100)[94] if len(times) > 1 else times[0],
            "max_ms": times[-1],
        }
        r = routes[route]
        print(
            f"{route}: n={r['count']} 503={r['unavailable']} stale={r['stale']} "
            f"median_ms={r['median_ms']:.1f} p95_ms={r['p95_ms']:.1f} max_ms={r['max_ms']:.1f}"
        )
    for route, a in analyses.items():
        print(
            f"{route}: first answer {a.get('first_ms', 0):.0f} ms (status {a.get('first_status')},"
            f" stale={a.get('first_stale')}, computed at {a.get('first_computed_at')}),"
            f" fresh after {a['fresh_s']} s"
        )
    peak = max(samples, default=steady)
    print(
        f"write {write_s:.3f} s; /nodes fresh after {node_s} s; /search fresh after {search_s} s; "
        f"RSS {steady:.0f} MiB steady, {peak:.0f} MiB at most ({peak / steady:.2f}x)"
    )
    run.write(
        {
            "people": args.people,
            "store": "neo4j" if args.store else "sqlite",
            "readers": args.readers,
            "seconds": args.seconds,
            "warm_up_s": warm_s,
            "write_s": write_s,
            "node_fresh_s": node_s,
            "search_fresh_s": search_s,
            "rss_steady_mib": steady,
            "rss_peak_mib": peak,
            "routes": routes,
            "version": version,
            "analyses": analyses,
        }
    )


if __name__ == "__main__":
    main()
