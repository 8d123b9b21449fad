"""Benchmark: a server started again on an unchanged store — how soon it answers, without and
with the warm-start file of its graph version — and /health while 45 clients search during a
rebuild.

    python bench/cold_start.py --people 100000

Copies the demo store (``bench/_common.demo_store``, the benches' shared one, left untouched)
into a temporary folder, then starts ``phakhee serve`` on the copy, on a free loopback port,
twice:

- **cold**: no warm file: the seconds from the process's start to ``/health``, to the first
  ``/search`` answer and to the first answer of an analysis (``/analytics/centrality``,
  PageRank), each polled every 0.1 s, and /health's times meanwhile (one each 0.2 s). The server
  then keeps its version (``PHAKHEE_CACHE_WARM_DELAY_S=1``): the seconds until the file holds
  the analysis, and its size. Stopped.
- **warm**: the same server started again on the unchanged store: the same three times, and its
  resident memory once the analysis answered. Then a person is deleted (``DELETE /nodes/{id}``:
  the change feed is cut, so the next version is projected whole) while ``--clients`` search
  clients ask all along: /health's times during the rebuild, and the seconds until the new
  version is served.

Prints, and writes to bench/results/cold_start-PEOPLE.json (or --json PATH), with the machine,
date and command.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from _common import Run, add_json_option, demo_store

from phakhee.graph import warm_files

KEY = "bench-write-key-0123456789"
SEARCH = f"/search?q={quote('เยาวชน')}"
ANALYSIS = "/analytics/centrality?measure=pagerank&kind=person&limit=20"
QUERIES = ["เยาวชน", "น่าน", "สมชาย", "youth", "police", "วัด", "โรงเรียน", "งดเหล้า", "Chiang Mai"]
"""What the search clients ask, in turn."""
LOG = "cold_start-server.log"
WANT_SEARCH_S = 15
WANT_ANALYSIS_S = 20
WANT_HEALTH_S = 1


def _get(port: int, path: str, timeout: float = 600, method: str = "GET") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Authorization": f"Bearer {KEY}"} if method != "GET" else {}
    conn.request(method, path, headers=headers)
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, body


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _until(
    port: int, path: str, started: float, server: subprocess.Popen, deadline: float = 900
) -> float | None:
    """Seconds from ``started`` until GET ``path`` answers 200 (polled each 0.1 s); an error if
    the server has stopped (its reason is in LOG)."""
    while time.monotonic() - started < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped ({server.returncode}): see its {LOG}")
        try:
            if _get(port, path, 60)[0] == 200:
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.1)
    return None


class Clients:
    """``n`` search clients asking in turn, and one asking /health every 0.2 s, until stopped."""

    def __init__(self, port: int, n: int) -> None:
        self.port, self.n = port, n
        self.stop = threading.Event()
        self.health: list[tuple[float, float]] = []  # (seconds since start, seconds it took)
        self.searches: list[tuple[int, float]] = []
        self.started = time.monotonic()
        self.threads = [threading.Thread(target=self._search, args=(i,)) for i in range(n)]
        self.threads.append(threading.Thread(target=self._health))
        for t in self.threads:
            t.start()

    def _search(self, i: int) -> None:
        k = i
        while not self.stop.is_set():
            q = QUERIES[k % len(QUERIES)]
            k += 1
            t = time.monotonic()
            try:
                status, _ = _get(self.port, f"/search?q={quote(q)}", 120)
            except OSError:
                status = 0
                time.sleep(0.1)
            self.searches.append((status, time.monotonic() - t))

    def _health(self) -> None:
        while not self.stop.wait(0.2):
            t = time.monotonic()
            try:
                _get(self.port, "/health", 120)
            except OSError:
                continue
            self.health.append((t - self.started, time.monotonic() - t))

    def end(self, since: float = 0.0) -> dict[str, Any]:
        """Stop; the /health times from ``since`` seconds after the start, and the searches."""
        self.stop.set()
        for t in self.threads:
            t.join()
        took = sorted(s for at, s in self.health if at >= since)
        statuses: dict[str, int] = {}
        for status, _ in self.searches:
            statuses[str(status)] = statuses.get(str(status), 0) + 1
        return {
            "clients": self.n,
            "health_count": len(took),
            "health_median_s": statistics.median(took) if took else None,
            "health_max_s": took[-1] if took else None,
            "searches": len(self.searches),
            "search_statuses": statuses,
        }


def _serve(env: dict[str, str], port: int) -> subprocess.Popen:
    """``phakhee serve`` on ``port``, its errors appended to LOG in the store's folder."""
    with open(Path(env["PHAKHEE_STORE"].removeprefix("sqlite:///")).with_name(LOG), "ab") as log:
        return subprocess.Popen(
            ["phakhee", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )


def _rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _start(env: dict[str, str]) -> tuple[subprocess.Popen, int, dict[str, Any]]:
    """Start a server; the times to /health, /search and the analysis, /health's meanwhile."""
    port = _port()
    started = time.monotonic()
    server = _serve(env, port)
    health = _until(port, "/health", started, server)
    poll = Clients(port, 0)
    search = _until(port, SEARCH, started, server)
    analysis = _until(port, ANALYSIS, started, server)
    times: dict[str, Any] = {"health_s": health, "search_s": search, "analysis_s": analysis}
    times["rss_mib"] = _rss_mib(server.pid)
    during = poll.end()
    times["health_meanwhile_max_s"] = during["health_max_s"]
    times["health_meanwhile_count"] = during["health_count"]
    return server, port, times


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(120)


def _kept(path: Path, after: float, timeout: float = 900) -> float | None:
    """Seconds from ``after`` until the warm file holds the analysis (the server kept it)."""
    while time.monotonic() - after < timeout:
        try:
            _, columns = warm_files.read(path)
            if b"analytics:centrality:pagerank" in bytes(columns["answers"]):
                return time.monotonic() - after
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.5)
    return None


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite store (its backup API: the source is only read)."""
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=45, help="concurrent search clients")
    add_json_option(parser)
    args = parser.parse_args()
    run = Run.start("cold_start", str(args.people), args.json)
    source = Path(demo_store(args.people).removeprefix("sqlite:///"))
    db = Path(tempfile.mkdtemp(prefix="phakhee-cold-")) / "cold.db"
    print(f"copying {source} to {db} ...", flush=True)
    _copy(source, db)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PHAKHEE_")},
        "PHAKHEE_STORE": f"sqlite:///{db}",
        "PHAKHEE_API_KEYS": KEY,
        "PHAKHEE_CACHE_WARM_DELAY_S": "1",
    }
    path = db.with_name(db.name + "-warm") / warm_files.FILE
    try:
        server, port, cold = _start(env)
        print(f"cold: {cold}", flush=True)
        ready = time.monotonic()
        cold["kept_after_s"] = _kept(path, ready)
        cold["file_mib"] = path.stat().st_size / 2**20 if path.exists() else None
        _stop(server)
        print(f"kept: {cold['kept_after_s']} s, {cold['file_mib']} MiB", flush=True)

        server, port, warm = _start(env)
        print(f"warm: {warm}", flush=True)
        try:
            rebuild = _rebuild(port, args.clients)
        finally:
            _stop(server)
        print(f"rebuild: {rebuild}", flush=True)
    finally:
        for p in sorted(db.parent.rglob("*"), reverse=True):
            if p.is_file():
                p.unlink()
            else:
                p.rmdir()
        db.parent.rmdir()
    run.write(
        {
            "people": args.people,
            "targets": {
                "search_s": WANT_SEARCH_S,
                "analysis_s": WANT_ANALYSIS_S,
                "health_s": WANT_HEALTH_S,
            },
            "cold": cold,
            "warm": warm,
            "rebuild": rebuild,
        }
    )


def _rebuild(port: int, clients: int) -> dict[str, Any]:
    """Delete a person while ``clients`` search: /health's times until the new version answers."""
    crowd = Clients(port, clients)
    time.sleep(2)
    _, body = _get(port, "/nodes?kind=person&limit=1")
    person = json.loads(body)["items"][0]["id"]
    wrote = time.monotonic()
    status, _ = _get(port, f"/nodes/{quote(person)}", method="DELETE")
    if status not in (200, 204):
        raise RuntimeError(f"DELETE answered {status}")
    fresh = None
    while time.monotonic() - wrote < 600:
        _, body = _get(port, "/health")
        health = json.loads(body)
        if health["served"] == health["version"] and not health["preparing"]:
            fresh = time.monotonic() - wrote
            break
        time.sleep(0.1)
    time.sleep(1)
    return crowd.end(since=wrote - crowd.started) | {"new_version_served_s": fresh}


if __name__ == "__main__":
    main()
