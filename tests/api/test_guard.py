"""The guard answers before any body is read: keys, sizes, methods, ETags, the read-key setting."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from phakhee.api.app import create_app
from phakhee.api.guard import BODY_LIMIT_KB
from phakhee.api.settings import get_api_settings
from phakhee.graph.sqlite_store import SQLiteStore
from tests.queries.network import build_small_network
from tests.served import KEY, Served

HUGE = 300 * 2**20


def _raw(served: Served, head: str, body_chunks: Iterator[bytes]) -> tuple[str, float]:
    """Send a request by hand (headers, then as much body as the server takes before it answers);
    the status line and how long the answer took."""
    url = urlsplit(str(served.client.base_url))
    started = time.perf_counter()
    with socket.create_connection((url.hostname, url.port), timeout=10) as s:
        s.sendall(head.replace("\n", "\r\n").encode() + b"\r\n")
        s.settimeout(0.05)
        answer = b""
        for chunk in body_chunks:
            try:
                s.sendall(chunk)
                answer += s.recv(65536)
            except (TimeoutError, BlockingIOError):
                continue
            except (BrokenPipeError, ConnectionResetError):
                break
            if answer:
                break
        s.settimeout(10)
        while b"\r\n" not in answer:
            more = s.recv(65536)
            if not more:
                break
            answer += more
    return answer.split(b"\r\n", 1)[0].decode(), time.perf_counter() - started


def _upload_head(length: int | None, key: bool) -> str:
    lines = [
        "POST /load?dry_run=true HTTP/1.1",
        "Host: 127.0.0.1",
        "Content-Type: multipart/form-data; boundary=x",
    ]
    lines += [f"Content-Length: {length}"] if length is not None else ["Transfer-Encoding: chunked"]
    lines += [f"Authorization: Bearer {KEY}"] if key else []
    return "\n".join(lines) + "\n"


PART = b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n'


def _zeros(megabytes: int, chunked: bool = False) -> Iterator[bytes]:
    """A multipart body: one file part of ``megabytes`` of zeros (never closed)."""
    blocks = [PART] + [b"0" * 2**20] * megabytes
    for block in blocks:
        yield (f"{len(block):x}\r\n".encode() + block + b"\r\n") if chunked else block


@pytest.mark.slow
def test_a_300_mb_upload_without_a_key_is_refused_on_its_headers(served_demo: Served) -> None:
    before = served_demo.rss_mb()
    status, seconds = _raw(served_demo, _upload_head(HUGE, key=False), _zeros(300))
    assert status == "HTTP/1.1 401 Unauthorized"
    assert seconds < 2
    assert served_demo.rss_mb() - before < 50


@pytest.mark.slow
def test_a_declared_body_past_the_limit_is_refused_before_it_is_read(served_demo: Served) -> None:
    status, seconds = _raw(served_demo, _upload_head(HUGE, key=True), _zeros(300))
    assert status == "HTTP/1.1 413 Request Entity Too Large"
    assert seconds < 2


@pytest.mark.slow
def test_a_streamed_body_is_counted_and_cut_off_at_the_limit(served_demo: Served) -> None:
    before = served_demo.rss_mb()
    status, seconds = _raw(served_demo, _upload_head(None, key=True), _zeros(60, chunked=True))
    assert status == "HTTP/1.1 413 Request Entity Too Large"
    assert seconds < 5
    assert served_demo.rss_mb() - before < 50


@pytest.mark.slow
def test_a_64_mb_json_body_without_a_key_is_refused_unread(served_demo: Served) -> None:
    head = "\n".join(
        [
            "PUT /nodes/topic:x HTTP/1.1",
            "Host: 127.0.0.1",
            "Content-Type: application/json",
            f"Content-Length: {64 * 2**20}",
        ]
    )
    before = served_demo.rss_mb()
    status, seconds = _raw(served_demo, head + "\n", _zeros(64))
    assert status == "HTTP/1.1 401 Unauthorized"
    assert seconds < 2
    assert served_demo.rss_mb() - before < 50


@pytest.mark.slow
def test_a_json_body_with_a_key_is_limited_too(served_demo: Served) -> None:
    r = served_demo.client.put(
        "/nodes/topic:x", headers=served_demo.write, content=b"[" + b"0," * 2**19 + b"0]"
    )
    assert r.status_code == 413
    assert r.json()["detail"] == "the request body is limited to 512 KB here"


@pytest.fixture
def small_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("PHAKHEE_API_KEYS", KEY)
    get_api_settings.cache_clear()
    store = SQLiteStore(tmp_path / "g.db")
    build_small_network(store)
    with TestClient(create_app(store)) as client:
        yield client
    store.close()
    get_api_settings.cache_clear()


def test_options_and_405_name_every_method_of_the_path(small_client: TestClient) -> None:
    r = small_client.options("/nodes/topic:youth")
    assert (r.status_code, r.headers["allow"]) == (204, "DELETE, GET, PUT")
    r = small_client.delete("/snapshots/diff", params={"a": 1, "b": 2})
    assert (r.status_code, r.headers["allow"]) == (405, "GET")
    assert r.headers["content-type"] == "application/problem+json"
    r = small_client.post("/nodes/topic:youth")
    assert (r.status_code, r.headers["allow"]) == (405, "DELETE, GET, PUT")


def test_if_none_match_answers_304_only_on_a_path_that_exists(small_client: TestClient) -> None:
    etag = small_client.get("/analytics/centrality").headers["etag"]
    assert (
        small_client.get("/analytics/centrality", headers={"If-None-Match": etag}).status_code
        == 304
    )
    assert small_client.get("/no/such/path", headers={"If-None-Match": etag}).status_code == 404


@pytest.fixture
def closed_client(small_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setenv("PHAKHEE_READ_REQUIRES_KEY", "true")
    get_api_settings.cache_clear()
    return small_client


@pytest.mark.parametrize("path", ["/stats", "/openapi.json", "/docs", "/redoc", "/nodes", "/nope"])
def test_the_read_key_setting_closes_everything_but_health(
    closed_client: TestClient, path: str
) -> None:
    r = closed_client.get(path, headers={"If-None-Match": 'W/"v1"'})
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert closed_client.get(path, headers={"Authorization": f"Bearer {KEY}"}).status_code in (
        200,
        404,
    )


def test_health_shows_no_store_or_version_to_a_reader_without_a_key(
    closed_client: TestClient,
) -> None:
    assert closed_client.get("/health").json() == {
        "status": "ok",
        "store": None,
        "version": None,
        "served": None,
        "preparing": None,
    }
    shown = closed_client.get("/health", headers={"Authorization": f"Bearer {KEY}"}).json()
    assert shown["store"].startswith("sqlite:///") and shown["version"] > 0


def test_the_guard_knows_the_pages_methods_and_limits(tmp_path: Path) -> None:
    """The pages are no schema operations, yet the guard answers their OPTIONS, refuses a method
    they do not take, and holds a form to the body limit and an upload to the upload limit."""
    store = SQLiteStore(tmp_path / "g.db")
    client = TestClient(create_app(store))
    options = client.options("/provinces/nan")
    assert (options.status_code, options.headers["allow"]) == (204, "GET")
    wrong = client.delete("/history")
    assert (wrong.status_code, wrong.headers["allow"]) == (405, "GET, POST")
    form = {"content-type": "application/x-www-form-urlencoded"}
    big = b"x" * (BODY_LIMIT_KB * 1024 + 1)
    assert client.post("/history", content=big, headers=form).status_code == 413
    assert client.post("/upload", content=big, headers=form).status_code != 413
    store.close()
