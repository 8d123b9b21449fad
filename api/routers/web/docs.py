"""Pages: the API's documentation, Swagger UI at ``/docs`` and ReDoc at ``/redoc``, working
offline.

FastAPI's own pages load both tools from a CDN and are blank without the internet (a province
office's line, a laptop on a train). These serve the copies that ``fastapi-offline`` ships in its
package folder (``fastapi_offline/static``, which is no API: the dependency is pinned <1.8 for
it) at ``/docs/assets/{name}``, a fixed list of names, cached for a year under an address that
carries the file's digest, and gzipped once when first asked for. The two pages are FastAPI's
own (``get_swagger_ui_html``, ``get_redoc_html``) pointed at those addresses, each with a CSP
that lets nothing come from anywhere but this server:

- scripts from ``'self'``, and Swagger UI's one inline start-up script by the hash of the exact
  text FastAPI writes (computed when this module loads, so a FastAPI that writes it differently
  still matches);
- styles from ``'self'`` and ``'unsafe-inline'``: ReDoc (styled-components) and Swagger UI write
  ``<style>`` elements and style attributes as they render, which no hash can name in advance.
  These pages show only the API's own description, no network data, and their scripts are
  pinned to ``'self'``, so an inline style can restyle the page but not run anything;
- ReDoc's search runs in a Web Worker made from a ``blob:`` URL of its own bundle
  (``worker-src blob:``: made in the page, fetched from nowhere);
- ``connect-src 'self'`` for ``/openapi.json`` and Swagger's "Try it out", ``img-src 'self'
  data:`` for the tools' inlined icons, no frames, no form posts elsewhere.

Swagger UI's validator badge (an image from validator.swagger.io) is turned off, ReDoc's Google
Fonts left out, and Redocly's logo in ReDoc's menu (from its CDN) replaced (``EDITS``). The API's write key is a bearer token, no OAuth2 flow, so Swagger needs
no OAuth2 redirect page. The tools' text is English; the pages say so (``<html lang="en">``).

Both pages also load a stylesheet and a script of ours (``OURS``, in ``viz/web/templates``,
served beside the tools' files), so that axe-core finds nothing serious or critical on them as
on every other page: the stylesheet darkens (or, on ReDoc's dark panel, lightens) the tools'
colours that fall short of WCAG AA, and the script, watching the page as the tools render,
mends their markup (the link inside each Swagger operation's button loses its ``href``, unnamed
buttons and ReDoc's content-type choice get names, ReDoc's nested menus become menus, a
scrolling answer is reachable by keyboard, and the tool's root is the page's ``main``).
"""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import re
from importlib import resources

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html

from phakhee.api.routers.web.common import TAG

router = APIRouter(tags=[TAG], include_in_schema=False)

OPENAPI_URL = "/openapi.json"
"""Where the app serves its OpenAPI description (FastAPI's default)."""
TITLE = "phakhee API"
ASSETS: dict[str, str] = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "redoc.standalone.js": "text/javascript; charset=utf-8",
    "favicon.png": "image/png",
    "phakhee-docs.css": "text/css; charset=utf-8",
    "phakhee-docs.js": "text/javascript; charset=utf-8",
}
"""The files served, with their content types: the tools' from ``fastapi_offline/static``, and
``OURS`` from this app's templates."""
OURS = frozenset({"phakhee-docs.css", "phakhee-docs.js"})
"""Our stylesheet and script on both pages, which mend the tools for axe-core: colours that fall
short of WCAG AA, and markup a screen reader or keyboard cannot use (a link inside a button,
unnamed buttons and choices, menu items outside a menu), patched as the tools render."""
ASSET_CACHE = "public, max-age=31536000, immutable"
"""An asset's address carries its digest (``?v=``): a new file is a new address."""
PAGE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-cache",
}
EDITS: dict[str, tuple[re.Pattern[bytes], bytes]] = {
    "redoc.standalone.js": (
        re.compile(rb'"https?://[^"\s]*/logo-mini\.svg"'),
        b'"data:image/svg+xml,%3Csvg xmlns=%27http://www.w3.org/2000/svg%27/%3E"',
    ),
}
"""What a file is served with in place of what it holds: ReDoc's menu always draws its maker's
logo from an absolute address off this server (blocked by the CSP, a console error, a request
off the network), so it draws an empty inline image instead."""
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


@functools.cache
def _raw(name: str) -> bytes:
    """The file ``name`` as served: ours as they are, the tools' with ``EDITS`` made."""
    if name in OURS:
        return resources.files("phakhee.viz.web.templates").joinpath(name).read_bytes()
    raw = resources.files("fastapi_offline").joinpath("static", name).read_bytes()
    if name in EDITS:
        held, served = EDITS[name]
        raw, made = held.subn(served, raw)
        if made != 1:  # the tool changed: look at what it fetches before serving it
            raise RuntimeError(f"{name} holds {held.pattern!r} {made} times, not once")
    return raw


@functools.cache
def _gzipped(name: str) -> bytes:
    """The file ``name`` gzipped, once, when first asked for (not at startup: 0.2 s)."""
    return gzip.compress(_raw(name), compresslevel=9, mtime=0)


@functools.cache
def asset_url(name: str) -> str:
    """The address of the asset ``name``, with its content's digest (so it may be cached long)."""
    return f"/docs/assets/{name}?v={hashlib.sha256(_raw(name)).hexdigest()[:12]}"


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _policy(*directives: str) -> str:
    return "; ".join(
        [
            "default-src 'none'",
            *directives,
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )


def _ours(html: str) -> str:
    """FastAPI's page with its language said (it writes a bare ``<html>``), our stylesheet last
    in its head and our script last in its body (``OURS``)."""
    for tag in ("<html>", "</head>", "</body>"):
        assert html.count(tag) == 1, f"FastAPI's docs page no longer has one {tag}"
    css = f'<link rel="stylesheet" href="{asset_url("phakhee-docs.css")}">\n'
    js = f'<script src="{asset_url("phakhee-docs.js")}"></script>\n'
    html = html.replace("<html>", '<html lang="en">')
    return html.replace("</head>", css + "</head>").replace("</body>", js + "</body>")


def _swagger() -> tuple[str, str]:
    html = get_swagger_ui_html(
        openapi_url=OPENAPI_URL,
        title=TITLE,
        swagger_js_url=asset_url("swagger-ui-bundle.js"),
        swagger_css_url=asset_url("swagger-ui.css"),
        swagger_favicon_url=asset_url("favicon.png"),
        swagger_ui_parameters={"validatorUrl": None},
    ).body.decode()
    inline = _INLINE_SCRIPT.findall(html)
    assert len(inline) == 1, "FastAPI's Swagger UI page no longer has one inline script"
    return _ours(html), _policy(f"script-src 'self' {_sha256(inline[0])}")


def _redoc() -> tuple[str, str]:
    html = get_redoc_html(
        openapi_url=OPENAPI_URL,
        title=TITLE,
        redoc_js_url=asset_url("redoc.standalone.js"),
        redoc_favicon_url=asset_url("favicon.png"),
        with_google_fonts=False,
    ).body.decode()
    assert not _INLINE_SCRIPT.findall(html), "FastAPI's ReDoc page now has an inline script"
    return _ours(html), _policy("script-src 'self'", "worker-src blob:")


SWAGGER_HTML, SWAGGER_CSP = _swagger()
"""The Swagger UI page and its CSP, made once when the app starts."""
REDOC_HTML, REDOC_CSP = _redoc()
"""The ReDoc page and its CSP, made once when the app starts."""


def _page(html: str, policy: str) -> Response:
    return Response(
        html,
        media_type="text/html; charset=utf-8",
        headers={**PAGE_HEADERS, "Content-Security-Policy": policy},
    )


@router.api_route("/docs", methods=["GET", "HEAD"])
def swagger_ui() -> Response:
    """The API's operations in Swagger UI, with "Try it out" against this server."""
    return _page(SWAGGER_HTML, SWAGGER_CSP)


@router.api_route("/redoc", methods=["GET", "HEAD"])
def redoc() -> Response:
    """The API's description in ReDoc."""
    return _page(REDOC_HTML, REDOC_CSP)


@router.api_route("/docs/assets/{name}", methods=["GET", "HEAD"])
def asset(name: str, request: Request) -> Response:
    """One of the tools' files (a 404 for any other name), gzipped when the browser takes it."""
    if name not in ASSETS:
        raise HTTPException(404)
    headers = {
        "Cache-Control": ASSET_CACHE,
        "X-Content-Type-Options": "nosniff",
        "Vary": "Accept-Encoding",
    }
    if "gzip" in request.headers.get("accept-encoding", "") and not name.endswith(".png"):
        headers["Content-Encoding"] = "gzip"
        return Response(_gzipped(name), media_type=ASSETS[name], headers=headers)
    return Response(_raw(name), media_type=ASSETS[name], headers=headers)
