"""The API's documentation pages, Swagger UI at /docs and ReDoc at /redoc, served from this
server: they render offline (nothing leaves loopback), under their own CSP, without a console
error, and with nothing serious or critical for axe-core, the tools' markup included. The
tools' files, their types and caching, and the pages' methods through plain HTTP.

The browser tests run in a laptop's window only: these pages are for engineers at a desk.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
from typing import Any

import httpx2
import pytest

from phakhee.api.routers.web import docs
from tests.browser import NEEDS_BROWSER
from tests.web.conftest import LAPTOP, Site, Visit


def in_browser(test: Any) -> Any:
    """A test that needs the browser (the others talk HTTP only)."""
    for mark in NEEDS_BROWSER:
        test = mark(test)
    return test


@pytest.fixture
def viewport() -> dict[str, int]:
    """A laptop's window (overrides the phone-and-laptop pair of the web tests)."""
    return LAPTOP


@pytest.fixture
def client(site: Site) -> Any:
    with httpx2.Client(base_url=site.origin, timeout=30) as c:
        yield c


ROOTS = {"/docs": "#swagger-ui", "/redoc": "redoc"}
"""Each page's element the tool draws into, which our script makes the page's ``main``."""


def _findings(visit: Visit) -> list[tuple[str, str, int]]:
    results = visit.axe.run(visit.page).response["violations"]
    return [(v["id"], v["impact"], len(v["nodes"])) for v in results]


def _check(visit: Visit, policy: str) -> None:
    """What ``Visit.check`` asserts, with the docs page's own CSP and every answer from this
    server: nothing serious or critical for axe-core anywhere, the tool's part too (which our
    stylesheet and script mend, ``docs.OURS``), the tool's part a ``main`` landmark; axe's
    findings printed."""
    documents = [r for r in visit.responses if r.request.resource_type == "document"]
    assert documents[-1].headers.get("content-security-policy") == policy
    assert visit.outside == []
    assert visit.errors == [], visit.errors
    assert visit.dialogs == []
    for response in visit.responses:
        assert response.url.startswith(visit.origin + "/"), response.url
        assert response.status == 200, (response.url, response.status)
    root = ROOTS[visit.page.url.removeprefix(visit.origin).partition("#")[0]]
    found = _findings(visit)
    print(f"\naxe-core on {visit.page.url}: {found}")
    assert [f for f in found if f[1] in ("serious", "critical")] == []
    assert visit.page.locator(root).get_attribute("role") == "main"


@in_browser
def test_swagger_ui_lists_the_operations_offline(visit: Visit) -> None:
    response = visit.open("/docs")
    assert response.status == 200
    page = visit.page
    search = page.locator("#operations-questions-search_nodes_search_get")
    search.wait_for()
    assert search.locator(".opblock-summary-path").inner_text() == "/search"
    assert page.locator(".opblock").count() == 43
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.title() == "phakhee API"
    _check(visit, docs.SWAGGER_CSP)


@in_browser
def test_swagger_ui_tries_an_operation_against_this_server(visit: Visit) -> None:
    visit.open("/docs#/questions/search_nodes_search_get")
    operation = visit.page.locator("#operations-questions-search_nodes_search_get")
    operation.locator(".try-out__btn").click()
    operation.locator("input[placeholder='q']").fill("น่าน")
    with visit.page.expect_response(re.compile(r"/search\?")) as answered:
        operation.locator(".execute").click()
    assert answered.value.status == 200
    assert answered.value.json()[0]["id"] == "province:nan"
    shown = operation.locator(".live-responses-table .response-col_description .microlight")
    assert '"province:nan"' in shown.first.inner_text()
    _check(visit, docs.SWAGGER_CSP)


@in_browser
def test_redoc_renders_its_menu_offline(visit: Visit) -> None:
    response = visit.open("/redoc")
    assert response.status == 200
    page = visit.page
    questions = page.get_by_role("menuitem", name="questions", exact=True)
    questions.wait_for()
    questions.click()
    search = page.get_by_role("menuitem", name="Search Nodes", exact=True)
    search.wait_for()
    search.click()
    assert page.locator("h2", has_text="Search Nodes").is_visible()
    page.locator("li.tab-error").first.click()
    assert page.locator("li.tab-error").first.get_attribute("aria-selected") == "true"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="phakhee").first.is_visible()
    _check(visit, docs.REDOC_CSP)


def test_each_page_allows_only_its_own_inline_script() -> None:
    (inline,) = re.findall(r"<script>(.*?)</script>", docs.SWAGGER_HTML, re.DOTALL)
    digest = hashlib.sha256(inline.encode()).digest()
    assert f"'sha256-{base64.b64encode(digest).decode()}'" in docs.SWAGGER_CSP
    for policy in (docs.SWAGGER_CSP, docs.REDOC_CSP):
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
        assert "connect-src 'self';" in policy and "http" not in policy
    assert "worker-src blob:" in docs.REDOC_CSP
    assert "cdn" not in docs.SWAGGER_HTML + docs.REDOC_HTML
    assert "googleapis" not in docs.REDOC_HTML


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_pages_answer_get_and_head(client: Any, path: str) -> None:
    got = client.get(path)
    assert got.status_code == 200
    assert got.headers["content-type"] == "text/html; charset=utf-8"
    assert got.headers["content-security-policy"] in (docs.SWAGGER_CSP, docs.REDOC_CSP)
    head = client.head(path)
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers["content-security-policy"] == got.headers["content-security-policy"]
    options = client.options(path)
    assert (options.status_code, options.headers["allow"]) == (204, "GET, HEAD")
    refused = client.post(path)
    assert (refused.status_code, refused.headers["allow"]) == (405, "GET, HEAD")


@pytest.mark.parametrize("name", sorted(docs.ASSETS))
def test_the_tools_files_are_served_with_their_types_and_cached_long(
    client: Any, name: str
) -> None:
    url = docs.asset_url(name)
    assert url in docs.SWAGGER_HTML + docs.REDOC_HTML
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200
    assert plain.headers["content-type"] == docs.ASSETS[name]
    assert plain.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert hashlib.sha256(plain.content).hexdigest()[:12] == url.rpartition("?v=")[2]
    with client.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as packed:
        wire = b"".join(packed.iter_raw())
    if name.endswith(".png"):
        assert "content-encoding" not in packed.headers
    else:
        assert packed.headers["content-encoding"] == "gzip"
        assert gzip.decompress(wire) == plain.content
        assert len(wire) < len(plain.content) / 2
    assert client.head(url).status_code == 200


def test_no_other_file_is_served(client: Any) -> None:
    for name in ("core.py", "..%2Fcore.py", "swagger-ui-bundle.js.LICENSE.txt", "x"):
        assert client.get(f"/docs/assets/{name}").status_code == 404
