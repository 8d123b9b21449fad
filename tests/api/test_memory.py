"""A served demo's memory stays flat under the snapshot, diff, export and view routes.

A real ``phakhee serve`` on the 1,000-person demo, two snapshots taken through the API with a
change between them, then 200 requests cycling through the mix below: the server's resident set
after all 200 stays within 100 MB of what it was after the first 20 (the caches are warm by then;
what grows after is what requests leave behind).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest

from tests.served import Served, environment, phakhee, served

pytestmark = pytest.mark.slow

REQUESTS = 200
WARM = 20
CEILING_MB = 100


def mix(a: int, b: int) -> list[str]:
    """The request mix, one cycle: snapshot diffs both ways, snapshot exports, the diff view,
    the whole graph's export, province and weave views and rankings under varying filters."""
    measures = ("degree", "pagerank", "betweenness", "harmonic")
    out: list[str] = []
    for i, measure in enumerate(measures):
        out += [
            f"/snapshots/diff?a={a}&b={b}&movers={5 + i}",
            f"/snapshots/{(a, b)[i % 2]}/export/csv",
            f"/views/diff?a={a}&b={b}&limit={200 + 50 * i}",
            f"/snapshots/diff?a={b}&b={a}",
            "/export/gexf",
            f"/views/province/province:nan?measure={measure}&min_centrality=0.{i}&limit={50 + i}",
            f"/snapshots/{(b, a)[i % 2]}/export/json",
            f"/views/weave?measure={measure}&kind=person&kind=team&limit={300 + i}",
            f"/analytics/centrality?measure={measure}&kind=person&province=province:nan",
            "/snapshots",
        ]
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, int, int]]:
    """The served demo with snapshots a and b, and a changed graph between them."""
    db = tmp_path_factory.mktemp("memory") / "x.db"
    subprocess.run(
        phakhee("--store", f"sqlite:///{db}", "demo", "--no-serve", "--as-of", "2026-06-30"),
        env=environment(db),
        check=True,
        capture_output=True,
    )
    with served(db) as s:
        first = s.client.post("/snapshots", params={"note": "before"}, headers=s.write)
        assert first.status_code == 201, first.text
        changes = [
            ("PUT", "/nodes/person:999001", {"kind": "person", "name": "ผู้มาใหม่ ทดสอบ"}),
            (
                "PUT",
                "/ties",
                {"kind": "member_of", "source": "person:999001", "target": "team:network-nan"},
            ),
            ("DELETE", "/nodes/person:000002", None),
            ("PUT", "/nodes/person:000003", {"kind": "person", "name": "ชื่อใหม่ ทดสอบ"}),
        ]
        for method, path, body in changes:
            answer = s.client.request(method, path, json=body, headers=s.write)
            assert answer.status_code == 200, (path, answer.text)
        second = s.client.post("/snapshots", params={"note": "after"}, headers=s.write)
        assert second.status_code == 201, second.text
        yield s, first.json()["id"], second.json()["id"]


def test_two_hundred_mixed_requests_leave_the_resident_set_within_100_mb(
    server: tuple[Served, int, int],
) -> None:
    s, a, b = server
    cycle = mix(a, b)
    rss: dict[int, float] = {}
    for i in range(REQUESTS):
        path = cycle[i % len(cycle)]
        answer = s.client.get(path)
        assert answer.status_code == 200, (path, answer.status_code, answer.text[:300])
        if i + 1 in (WARM, REQUESTS):
            rss[i + 1] = s.rss_mb()
    grown = rss[REQUESTS] - rss[WARM]
    print(f"RSS after {WARM}: {rss[WARM]:.0f} MiB, after {REQUESTS}: {rss[REQUESTS]:.0f} MiB")
    assert grown < CEILING_MB, f"grew {grown:.0f} MiB from request {WARM} to {REQUESTS}"
