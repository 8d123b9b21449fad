"""Page weight: what a coordinator's phone downloads for a page, on a slow provincial line.

Measured as the gzipped bytes of the answer's body on the wire (``Accept-Encoding: gzip``, as
every browser asks), against the served site; a page inlines its one stylesheet and script and
loads nothing else, so its body is all it weighs (checked here too). The home page ≤ 100 KB; a
node page ≤ 200 KB, the heaviest kind of page: the most connected person's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx2
import pytest

from phakhee.viz.web.links import node_href
from tests.web.conftest import Site

KB = 1000
HOME_LIMIT = 100 * KB
NODE_LIMIT = 200 * KB
_LOADS = re.compile(
    r"""<(?:img|script|iframe|audio|video|source)\b[^>]*\ssrc=|<link\b[^>]*\shref="""
)
"""A tag that makes the browser fetch something more."""


@pytest.fixture(scope="module")
def client(site: Site) -> Iterator[httpx2.Client]:
    with httpx2.Client(base_url=site.origin, timeout=60) as c:
        yield c


def transferred(client: httpx2.Client, path: str) -> tuple[int, int]:
    """``path``'s status and its body's size on the wire, gzipped; asserts that the body is
    gzipped and that the page fetches nothing else."""
    with client.stream("GET", path, headers={"Accept-Encoding": "gzip"}) as response:
        wire = sum(len(chunk) for chunk in response.iter_raw())
    if response.status_code == 200:
        assert response.headers["content-encoding"] == "gzip"
        page = client.get(path).text
        assert _LOADS.search(page) is None, f"{path} loads more than its own body"
    return response.status_code, wire


def _most_connected(site: Site, kind: str) -> str:
    graph = site.store.project()
    return max(
        (n for n, a in graph.nodes(data=True) if a["kind"] == kind),
        key=lambda n: (graph.degree(n), n),
    )


def test_the_home_page_weighs_under_100_kb(client: httpx2.Client) -> None:
    status, wire = transferred(client, "/")
    print(f"\n/: {wire:,} bytes gzipped")
    assert status == 200
    assert wire <= HOME_LIMIT


def test_a_node_page_weighs_under_200_kb(client: httpx2.Client, site: Site) -> None:
    # The most connected person's page; the most connected topic's or Nan's if person pages are
    # not served (the first of them that answers is measured, and named in the output).
    candidates = [
        node_href(_most_connected(site, "person")),
        node_href(_most_connected(site, "topic")),
        "/provinces/nan",
    ]
    for path in candidates:
        status, wire = transferred(client, path)
        if status == 200:
            break
    else:
        pytest.fail(f"none of {candidates} answers 200")
    print(f"\n{path}: {wire:,} bytes gzipped")
    assert wire <= NODE_LIMIT
