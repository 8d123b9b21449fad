"""Every view in a real headless Chromium, served by a real uvicorn on loopback.

Needs Debian's ``chromium`` (``apt-get install chromium fonts-thai-tlwg``) and the ``playwright``
package (the dev extra); no browser download. Run just these with ``pytest -m browser``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from urllib.parse import quote, urlsplit

import pytest

from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.queries.cache import GraphCache
from phakhee.viz.view_pages import Filters, select
from tests.browser import NEEDS_BROWSER
from tests.served import in_thread
from tests.viz.network import XSS, XSS_ID, build_view_network, take_diff_snapshots

pytestmark = NEEDS_BROWSER
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="pip install -e '.[dev]' for playwright"
)

VIEWS = [
    ("weave", None),
    ("gaps", None),
    ("province", "province:nan"),
    ("region", "region:north"),
    ("topic", "topic:youth"),
    ("sector", "all"),
    ("ego", "person:author"),
    ("ego", XSS_ID),
]
THAI = re.compile(r"[\u0E00-\u0E7F]")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, GraphCache]]:
    """The app on a small network with a hostile node."""
    store = SQLiteStore(tmp_path_factory.mktemp("browser") / "graph.db")
    build_view_network(store)
    with in_thread(store) as origin:
        yield origin, GraphCache(store)
    store.close()


@pytest.fixture(scope="module")
def diff_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, SQLiteStore, int, int]]:
    """The app on the same network with two snapshots and a change between them."""
    store = SQLiteStore(tmp_path_factory.mktemp("browser-diff") / "graph.db")
    build_view_network(store)
    a, b = take_diff_snapshots(store)
    with in_thread(store) as origin:
        yield origin, store, a, b
    store.close()


class Watched:
    """A page with every request, console error, page error and dialog recorded."""

    def __init__(self, browser: object, origin: str) -> None:
        self.page = browser.new_page(viewport={"width": 1200, "height": 800})  # type: ignore[attr-defined]
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.origin = origin
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        # Anything not on our loopback server is refused (and recorded above).
        self.page.route(
            re.compile(r"^(?!" + re.escape(origin) + r"/).*"), lambda route: route.abort()
        )

    def load(self, path: str) -> None:
        self.page.goto(self.origin + path)
        self.page.wait_for_selector("body[data-drawn='1']", state="attached", timeout=15_000)

    def inked(self) -> int:
        """How many pixels of the vis-network canvas are drawn on."""
        return self.page.evaluate(
            """() => {
            const c = document.querySelector('#network canvas');
            if (!c || !c.width || !c.height) return 0;
            const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let inked = 0;
            for (let i = 3; i < px.length; i += 4) if (px[i] > 0) inked++;
            return inked;
        }"""
        )

    def off_loopback(self) -> list[str]:
        return [u for u in self.requests if urlsplit(u).hostname not in ("127.0.0.1", None)]


def _path(name: str, ident: str | None) -> str:
    return f"/views/{name}" + (f"/{quote(ident, safe=':')}" if ident else "")


@pytest.mark.parametrize(("name", "ident"), VIEWS)
def test_view_draws_all_its_nodes_in_thai_offline_without_errors(
    server: tuple[str, GraphCache], browser: object, name: str, ident: str | None
) -> None:
    origin, cache = server
    w = Watched(browser, origin)
    w.load(_path(name, ident))
    page = w.page
    assert w.inked() > 100, "the vis-network canvas is blank"
    expected = select(cache.current(), name, ident, Filters())
    assert page.evaluate("window.phakhee.nodes.length") == len(expected.nodes)
    labels = page.evaluate("window.phakhee.nodes.get().map(n => n.label)")
    assert any(THAI.search(x or "") for x in labels)
    assert THAI.search(page.inner_text("h1") + page.inner_text("#legend"))
    assert w.off_loopback() == []
    assert w.errors == []
    assert w.dialogs == []
    page.close()


def test_the_xss_node_shows_as_text_and_runs_nothing(
    server: tuple[str, GraphCache], browser: object
) -> None:
    origin, _ = server
    w = Watched(browser, origin)
    w.load(_path("ego", XSS_ID))
    page = w.page
    assert XSS in page.inner_text("h1")  # the heading shows the name as text
    # Hover the node: vis-network shows its tooltip.
    x, y = page.evaluate(
        f"""() => {{
        const net = window.phakhee.network;
        const p = net.canvasToDOM(net.getPosition({XSS_ID!r}));
        const r = document.querySelector('#network canvas').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y];
    }}"""
    )
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y)
    tip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert XSS in tip.inner_text()
    assert page.evaluate("document.querySelectorAll('img, svg, iframe').length") == 0
    for other in ("/views/weave", "/views/province/province:nan", "/views/"):
        w.load(other) if other != "/views/" else page.goto(origin + other)
        assert page.evaluate("document.querySelectorAll('img, svg, iframe').length") == 0
    time.sleep(0.3)
    assert w.dialogs == []
    assert w.errors == []
    assert w.off_loopback() == []


def test_the_diff_view_draws_added_ties_green_and_lost_ties_red_offline_without_errors(
    diff_server: tuple[str, SQLiteStore, int, int], browser: object
) -> None:
    from phakhee.queries.records.diff_view import diff_view
    from phakhee.queries.records.snapshot_diff import diff_snapshots
    from phakhee.queries.records.snapshots import load_snapshot
    from phakhee.viz import encoding as enc

    origin, store, a, b = diff_server
    w = Watched(browser, origin)
    w.load(f"/views/diff?a={a}&b={b}")
    page = w.page
    assert w.inked() > 100, "the vis-network canvas is blank"
    expected, changes = diff_view(
        load_snapshot(store, a)[1], load_snapshot(store, b)[1], diff_snapshots(store, a, b)
    )
    assert page.evaluate("window.phakhee.nodes.length") == len(expected.nodes)
    colours = page.evaluate(
        "window.phakhee.edges.get().map(e => [e.color && e.color.color, !!e.dashes])"
    )
    assert colours.count([enc.ADDED, False]) == len(changes.ties_added) > 0
    assert colours.count([enc.LOST, True]) == len(changes.ties_removed) > 0
    legend = page.inner_text("#legend")
    assert "tie added" in legend and "tie lost" in legend
    assert THAI.search(page.inner_text("h1") + legend)
    assert w.off_loopback() == []
    assert w.errors == []
    assert w.dialogs == []
    page.close()
