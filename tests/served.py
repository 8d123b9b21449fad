"""A real ``phakhee serve`` in a process of its own, on a free loopback port, for tests that need
what only a separate server shows: its resident memory, or a store it holds open while another
process writes."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2

from phakhee.graph.store import GraphStore

KEY = "test-write-key-0123456789"
"""The write key the served process accepts (PHAKHEE_API_KEYS)."""


def phakhee(*args: str) -> list[str]:
    """The command line of ``phakhee ARGS``: the script installed beside this interpreter."""
    return [str(Path(sys.executable).with_name("phakhee")), *args]


def environment(db: Path | str) -> dict[str, str]:
    """The environment of a process on the store at ``db`` (a SQLite file, or a store URL such
    as ``bolt://...``), with the test key."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PHAKHEE_", "NEO4J_"))}
    url = db if isinstance(db, str) else f"sqlite:///{db}"
    return env | {"PHAKHEE_STORE": url, "PHAKHEE_API_KEYS": KEY}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Served:
    """A serving process: its pid, and a client on its origin (``write`` carries the key)."""

    pid: int
    client: httpx2.Client
    write: dict[str, str]

    def rss_mb(self) -> float:
        """The process's resident set (VmRSS in /proc/PID/status), in MiB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise AssertionError(f"no VmRSS for process {self.pid}")


@contextlib.contextmanager
def served(db: Path | str, timeout: float = 60) -> Iterator[Served]:
    """``phakhee serve`` on the store at ``db`` until the block ends."""
    port = _free_port()
    proc = subprocess.Popen(
        phakhee("serve", "--port", str(port)),
        env=environment(db),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    origin = f"http://127.0.0.1:{port}"
    try:
        with httpx2.Client(base_url=origin, timeout=120) as client:
            deadline = time.monotonic() + timeout
            while True:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                with contextlib.suppress(httpx2.TransportError):
                    if client.get("/health").status_code == 200:
                        break
                assert time.monotonic() < deadline, f"phakhee serve did not answer on {origin}"
                time.sleep(0.1)
            yield Served(proc.pid, client, {"Authorization": f"Bearer {KEY}"})
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@contextlib.contextmanager
def in_thread(store: GraphStore) -> Iterator[str]:
    """A real uvicorn on 127.0.0.1 serving the app on ``store`` in a thread of this process (for
    tests that look at the store the app writes to); its origin."""
    import threading

    import uvicorn

    from phakhee.api.app import create_app

    port = _free_port()
    srv = uvicorn.Server(
        uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)
