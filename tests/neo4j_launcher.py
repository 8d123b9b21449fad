"""A throw-away Neo4j Community server for the tests: built with Maven, run with Java, Bolt on loopback."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections import deque
from pathlib import Path

PROJECT = Path(__file__).parent / "neo4j_server"
MAIN = "phakhee.testserver.Launcher"


def unavailable_reason() -> str | None:
    """None when a server can be built here, else how to enable the Neo4j tests."""
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        return (
            f"no {' or '.join(missing)} on PATH: install Java 17 and Maven to let the tests start "
            "a Neo4j server, or set NEO4J_URI to a running one"
        )
    return None


def require_server() -> None:
    """Skip the calling test with the reason a server cannot be built here, or fail instead when
    PHAKHEE_REQUIRE_NEO4J is set (as in CI, where the Neo4j tests must run)."""
    reason = unavailable_reason()
    if reason is None:
        return
    import pytest

    if os.environ.get("PHAKHEE_REQUIRE_NEO4J"):
        pytest.fail(f"PHAKHEE_REQUIRE_NEO4J is set but no Neo4j can be had: {reason}")
    pytest.skip(reason=f"no Neo4j server can be started here: {reason}")


def _built() -> bool:
    stamp = PROJECT / "target" / "classes" / "phakhee" / "testserver" / "Launcher.class"
    sources = [PROJECT / "pom.xml", *PROJECT.glob("src/**/*.java")]
    lib = PROJECT / "target" / "lib"
    return (
        stamp.exists()
        and lib.is_dir()
        and all(stamp.stat().st_mtime >= s.stat().st_mtime for s in sources)
    )


def build() -> list[str]:
    """Build the launcher once (Maven fetches Neo4j 5.26 on the first run); the java command."""
    if not _built():
        done = subprocess.run(
            ["mvn", "-q", "-B", "package", "-DskipTests"],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            timeout=1200,
        )
        if done.returncode != 0:
            raise RuntimeError(f"building the Neo4j test server failed:\n{done.stdout[-3000:]}")
    classpath = os.pathsep.join(
        [str(PROJECT / "target" / "classes"), str(PROJECT / "target" / "lib" / "*")]
    )
    return ["java", "-Xmx2g", "-XX:+UseSerialGC", "-cp", classpath, MAIN]


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


class Neo4jServer:
    """One server process; it can be stopped, killed and started again on the same data and port."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.port: int | None = None
        self.data_dir: Path | None = None
        self._stderr: deque[str] = deque(maxlen=40)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def start(self, data_dir: Path, port: int | None = None, timeout: float = 120) -> str:
        """Start and wait until Bolt answers; the bolt:// URI."""
        self.data_dir, self.port = Path(data_dir), port or self.port or free_port()
        self.process = subprocess.Popen(
            [*build(), "--data", str(self.data_dir), "--port", str(self.port)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=self._drain, daemon=True).start()
        deadline = time.monotonic() + timeout
        assert self.process.stdout is not None
        line = self.process.stdout.readline()  # blocks until READY or exit
        while time.monotonic() < deadline:
            if line.startswith("READY") and _listening(self.port):
                return self.uri
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.kill()
        raise RuntimeError("Neo4j test server did not start:\n" + "".join(self._stderr))

    def _drain(self) -> None:
        assert self.process is not None and self.process.stderr is not None
        for line in self.process.stderr:
            self._stderr.append(line)

    def stop(self, timeout: float = 60) -> None:
        """Shut down cleanly: close its stdin, then SIGTERM, then kill."""
        if self.process is None or self.process.poll() is not None:
            return
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
