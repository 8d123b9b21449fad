"""The pages ``phakhee view index --out DIR/`` writes, opened from disk in a real headless
Chromium: every link on the index, and on each page it reaches, opens a page written beside it.

Needs Debian's ``chromium`` and the ``playwright`` package, as ``test_browser.py`` does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.api.test_cli import PHAKHEE
from tests.api.test_cli_written_pages import PAGES, written_site
from tests.browser import NEEDS_BROWSER

pytestmark = [
    *NEEDS_BROWSER,
    pytest.mark.skipif(PHAKHEE is None, reason="install the project (pip install -e .)"),
]
INDEX_TITLE = "มุมมองเครือข่าย · views · phakhee"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_site(tmp_path_factory.mktemp("written-browser"))[1]


@pytest.fixture(scope="module")
def page(site: Path, browser: object) -> Iterator[object]:
    """A Chromium page that may read files only, recording every request and error."""
    context = browser.new_context(viewport={"width": 1200, "height": 800})  # type: ignore[attr-defined]
    page = context.new_page()
    page.requests, page.errors = [], []  # type: ignore[attr-defined]
    page.on("request", lambda r: page.requests.append(r.url))  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: page.errors.append(str(e)))  # type: ignore[attr-defined]
    yield page
    context.close()


def _file(url: str, site: Path) -> str:
    """The name of the file ``url`` opens, which must be one written in ``site``."""
    parts = urlsplit(url)
    assert parts.scheme == "file", url
    path = Path(unquote(parts.path))
    assert path.parent == site and path.is_file(), url
    return path.name


def _open(page: object, url: str, site: Path) -> tuple[list[str], list[str]]:
    """Open ``url``; check it is the page its file name says; its links and nodes' urls."""
    name = _file(url, site)
    page.goto(url)  # type: ignore[attr-defined]
    if name == "index.html":
        assert page.title() == INDEX_TITLE  # type: ignore[attr-defined]
        nodes: list[str] = []
    else:
        page.wait_for_selector("body[data-drawn='1']", state="attached", timeout=15_000)  # type: ignore[attr-defined]
        view = page.get_attribute("body", "data-view")  # type: ignore[attr-defined]
        assert name.split("-")[0].removesuffix(".html") == view
        assert page.title() == page.inner_text("h1") + " · phakhee"  # type: ignore[attr-defined]
        assert page.locator("#network canvas").count() == 1  # type: ignore[attr-defined]
        nodes = page.evaluate(  # type: ignore[attr-defined]
            "window.phakhee.nodes.get().filter(n => n.url).map(n => new URL(n.url, location.href).href)"
        )
    links = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")  # type: ignore[attr-defined]
    return links, nodes


def test_every_link_from_the_written_index_opens_a_page_written_beside_it(
    site: Path, page: object
) -> None:
    index = (site / "index.html").as_uri()
    links, _ = _open(page, index, site)
    assert sorted(_file(u, site) for u in links) == sorted(set(PAGES) - {"index.html"})
    reached = set()
    for url in links:
        further, nodes = _open(page, url, site)
        assert [_file(u, site) for u in further] == ["index.html"]  # "all views"
        reached |= {_file(u, site) for u in nodes}
        for back in further:
            _open(page, back, site)
    assert reached == {"province-province-nan.html"}  # the one province written
    assert {urlsplit(u).scheme for u in page.requests} == {"file"}  # type: ignore[attr-defined]
    assert page.errors == []  # type: ignore[attr-defined]


def test_double_clicking_nan_on_the_written_weave_opens_the_page_beside_it(
    site: Path, page: object
) -> None:
    page.goto((site / "weave.html").as_uri())  # type: ignore[attr-defined]
    page.wait_for_selector("body[data-drawn='1']", state="attached", timeout=15_000)  # type: ignore[attr-defined]
    x, y = page.evaluate(  # type: ignore[attr-defined]
        """() => {
        const net = window.phakhee.network;
        net.moveTo({position: net.getPosition('province:nan'), scale: 1});
        const p = net.canvasToDOM(net.getPosition('province:nan'));
        const r = document.querySelector('#network canvas').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y];
    }"""
    )
    with page.expect_navigation():  # type: ignore[attr-defined]
        page.mouse.dblclick(x, y)  # type: ignore[attr-defined]
    assert _file(page.url, site) == "province-province-nan.html"  # type: ignore[attr-defined]
