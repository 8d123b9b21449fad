"""The web app in a real headless Chromium, served by a real uvicorn on loopback, on the
300-person demo with a hostile person and team (names that would run script if printed raw).

Every page a test opens is watched: a request off loopback is refused and recorded, console
errors (a CSP violation is one) and dialogs are recorded; ``Visit.check`` asserts none happened,
that the page carries the CSP, that axe-core finds nothing serious or critical, and that a phone
never scrolls sideways. Needs Debian's ``chromium`` and ``fonts-thai-tlwg``; ``pytest -m browser``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from phakhee.graph.sqlite_backup import backup
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.loaders.demo import build_demo
from phakhee.viz.web.render import csp
from tests.queries.network import write_network
from tests.served import in_thread
from tests.viz.network import HOSTILE, XSS_ID

AS_OF = dt.date(2026, 6, 30)
"""The date the demo is built as of."""
KEY = "web-write-key-0123456789"
"""The write key the served app accepts (PHAKHEE_API_KEYS)."""
XSS_TEAM = HOSTILE[1]["id"]
HOSTILE_TIES = [
    ("located_in", XSS_ID, "province:nan", {}),
    ("member_of", XSS_ID, XSS_TEAM, {}),
    ("located_in", XSS_TEAM, "province:nan", {}),
]
ADDRESS = "99/1 หมู่ 3 ตำบลในเวียง อำเภอเมืองน่าน"
PHONE, LAPTOP = {"width": 390, "height": 844}, {"width": 1400, "height": 900}
VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(LAPTOP, id="laptop")]


def build_site(db: Path) -> SQLiteStore:
    """The 300-person demo (seed 7, as of ``AS_OF``), the hostile nodes, and one person in Nan
    with an address (which no page may show)."""
    store = SQLiteStore(db)
    build_demo(store, people=300, seed=7, as_of=AS_OF)
    write_network(store, HOSTILE, HOSTILE_TIES)
    someone = next(n for n in store.iter_nodes() if n.props.get("phone") and n.props.get("email"))
    store.upsert_nodes([replace(someone, props={**someone.props, "address": ADDRESS})])
    return store


@contextlib.contextmanager
def serving(store: SQLiteStore) -> Iterator[str]:
    """The app on ``store`` with the write key ``KEY``, served in a thread; its origin."""
    from phakhee.api.settings import get_api_settings

    os.environ["PHAKHEE_API_KEYS"] = KEY
    get_api_settings.cache_clear()
    with in_thread(store) as origin:
        yield origin


@dataclass(frozen=True)
class Site:
    """A served app: its origin and its store."""

    origin: str
    store: SQLiteStore


@pytest.fixture(scope="session")
def site_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site's network, built once; tests that write copy it (``writable_site``)."""
    db = tmp_path_factory.mktemp("web") / "site.db"
    build_site(db).close()
    return db


@pytest.fixture(scope="session")
def site(site_db: Path) -> Iterator[Site]:
    """The app on the site's network, for tests that only read (never write through it)."""
    store = SQLiteStore(site_db)
    with serving(store) as origin:
        yield Site(origin, store)
    store.close()


@pytest.fixture(scope="module")
def writable_site(site_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The app on a copy of the site's network, one per test module, for tests that write."""
    db = tmp_path_factory.mktemp("web-writable") / "site.db"
    source = SQLiteStore(site_db)
    backup(source, db)
    source.close()
    store = SQLiteStore(db)
    with serving(store) as origin:
        yield Site(origin, store)
    store.close()


@pytest.fixture(scope="session")
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


class Visit:
    """A browser page on a site, watched: requests off loopback refused and recorded, console
    errors, page errors and dialogs recorded."""

    def __init__(self, browser: Any, axe: Any, origin: str, viewport: dict[str, int]) -> None:
        self.context = browser.new_context(viewport=viewport, locale="th-TH")
        self.page = self.context.new_page()
        self.axe, self.origin, self.viewport = axe, origin, viewport
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.responses: list[Any] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("response", lambda r: self.responses.append(r))

        def refuse(route: Any) -> None:
            self.outside.append(route.request.url)
            route.abort()

        self.page.route(re.compile(r"^(?!" + re.escape(origin) + r"/).*"), refuse)

    def open(self, path: str) -> Any:
        """Go to ``path`` on the site; the response."""
        return self.page.goto(self.origin + path)

    def check(self) -> None:
        """The page as it stands: its CSP, nothing off loopback, no error or dialog, nothing
        serious or critical for axe-core, and no sideways scroll on a phone."""
        page = self.page
        documents = [r for r in self.responses if r.request.resource_type == "document"]
        assert documents, "no page was loaded"
        assert documents[-1].headers.get("content-security-policy") == csp(), documents[-1].url
        assert self.outside == []
        assert self.errors == [], self.errors
        assert self.dialogs == []
        results = self.axe.run(page)
        bad = [
            f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert bad == [], bad
        if self.viewport["width"] <= 400:
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= self.viewport["width"], f"{page.url} is {wide}px wide on a phone"

    def close(self) -> None:
        self.context.close()


@pytest.fixture(params=VIEWPORTS)
def viewport(request: pytest.FixtureRequest) -> dict[str, int]:
    """Each test in a phone's and a laptop's window."""
    return request.param


@pytest.fixture
def visit(browser: Any, axe: Any, site: Site, viewport: dict[str, int]) -> Iterator[Visit]:
    """A watched browser page on the read-only site."""
    v = Visit(browser, axe, site.origin, viewport)
    yield v
    v.close()


@pytest.fixture
def visit_writable(
    browser: Any, axe: Any, writable_site: Site, viewport: dict[str, int]
) -> Iterator[Visit]:
    """A watched browser page on this module's writable site."""
    v = Visit(browser, axe, writable_site.origin, viewport)
    yield v
    v.close()
