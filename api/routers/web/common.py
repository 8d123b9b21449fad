"""What every page route shares: the reader's language, the page response (CSP, gzip, no
caching across languages), and the error page — the same errors the JSON routes answer as
problem+json, written for a reader."""

from __future__ import annotations

import datetime as dt
import gzip
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from starlette.datastructures import Headers
from starlette.routing import Match
from starlette.types import Scope

from phakhee.api import sessions
from phakhee.api.deps import get_principal, token_ok
from phakhee.api.routers.web import policy_words
from phakhee.api.settings import get_api_settings
from phakhee.graph.access import ADMIN_KEY, EVERYWHERE, Action, Principal, Target, decide
from phakhee.graph.accounts import Account
from phakhee.graph.errors import Ambiguous, Forbidden, NotFound, PhakheeError
from phakhee.graph.model import NodeKind
from phakhee.viz.web import catalogue
from phakhee.viz.web.catalogue import DEFAULT, LANGUAGES
from phakhee.viz.web.catalogue import Lang as LangCode
from phakhee.viz.web.render import csp, render

COOKIE = "lang"
"""The cookie that keeps the reader's language (set by ``/language/{code}``)."""
NAMES = {"th": "ภาษาไทย", "en": "English"}
"""Each language by its own name, for the switch."""
SETTLE_S = 10.0
"""How long a page's form waits for the pages' graph version to hold its change (``shown``)."""
TAG = "pages"
"""The tag of every page route: the error handlers answer those with a page."""
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    # A page depends on the reader's language and who asks (contacts) as well as the graph
    # version: never reused unasked.
    "Cache-Control": "no-cache, private",
    "Vary": "Accept-Encoding, Cookie, Authorization",
}


def get_lang(request: Request) -> LangCode:
    """The reader's language: the cookie's, else Thai."""
    chosen = request.cookies.get(COOKIE)
    return chosen if chosen in LANGUAGES else DEFAULT  # type: ignore[return-value]


Lang = Annotated[LangCode, Depends(get_lang)]


def local_path(path: str | None) -> str:
    """``path`` if it is a path on this server (``/provinces/nan?x=1``), else ``/``: a link may
    lead only here."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


def _context(request: Request, lang: LangCode) -> dict[str, Any]:
    state = request.state
    version = getattr(state, "version", None)
    store_version = getattr(state, "store_version", None)
    here = request.url.path
    query = request.url.query
    other = "en" if lang == "th" else "th"
    account = sessions.account(request)
    return {
        "here": here,
        "next_path": here + (f"?{query}" if query else ""),
        "other_lang": other,
        "other_lang_name": NAMES[other],
        "version": version if version is not None else store_version or 0,
        "today": dt.date.today(),
        "stale": version is not None and store_version is not None and version < store_version,
        "computed_at": getattr(state, "made_at", None),  # when the answer's version was made
        "csrf": sessions.csrf_token(request),
        "signed_in": account.name if account is not None else None,
        "holds_key": holds_key(account),
        "may_create": may_create(account),
    }


def html(html_text: str, request: Request, status: int = 200) -> Response:
    """A page with its CSP; gzipped when the browser takes it (a province office's line is slow)."""
    headers = {**HEADERS, "Content-Security-Policy": csp()}
    if "gzip" in request.headers.get("accept-encoding", ""):
        body = gzip.compress(html_text.encode("utf-8"), compresslevel=6)
        headers["Content-Encoding"] = "gzip"
        return Response(body, status, media_type="text/html; charset=utf-8", headers=headers)
    return HTMLResponse(html_text, status, headers=headers)


def page(
    request: Request, lang: LangCode, template: str, status: int = 200, **context: Any
) -> Response:
    """``template`` rendered in ``lang`` for this request, as a page response."""
    text = render(template, lang, **_context(request, lang), **context)
    return sessions.keep(request, html(text, request, status))


def wants_page(accept: str) -> bool:
    """Whether an ``Accept`` header is a browser's, asking for a page: HTML, and no JSON (a
    script's ``*/*`` or ``application/json`` is not)."""
    return "text/html" in accept and "json" not in accept


def is_page(request: Request) -> bool:
    """Whether the request is for a page: a page route's, or no route's from a browser."""
    route = request.scope.get("route")
    if route is not None:
        return TAG in (getattr(route, "tags", None) or [])
    return wants_page(request.headers.get("accept", ""))


class ForBrowsers(APIRoute):
    """A page route at a JSON route's own path (``/changes``): it answers a browser
    (``wants_page``) and leaves every other request to the JSON route. Included before it."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        accept = Headers(scope=scope).get("accept", "")
        if scope["type"] != "http" or not wants_page(accept):
            return Match.NONE, {}
        return super().matches(scope)


def _title(lang: LangCode, status: int) -> str:
    titles = {
        401: catalogue.gettext(lang, "A key is needed"),
        404: catalogue.gettext(lang, "Not found"),
        405: catalogue.gettext(lang, "Not found"),
        403: catalogue.gettext(lang, "Not allowed"),
        413: catalogue.gettext(lang, "The file is too large"),
        422: catalogue.gettext(lang, "Please check what was typed"),
        429: catalogue.gettext(lang, "Too many tries"),
        503: catalogue.gettext(lang, "Not available right now"),
    }
    return titles.get(status, catalogue.gettext(lang, "Something went wrong"))


def error_page(
    request: Request, status: int, detail: str, error: PhakheeError | None = None
) -> Response:
    """The page for an error the JSON routes answer with ``status`` and ``detail``: a title in
    the reader's language, what went wrong, and the nodes a name may have meant."""
    lang = get_lang(request)
    names: list[tuple[str, str]] = []
    heading = ""
    if isinstance(error, Ambiguous):
        names, heading = (
            list(error.candidates),
            catalogue.gettext(lang, "That name fits more than one; choose one"),
        )
        detail = catalogue.gettext(lang, "That name fits more than one entry.")
    elif isinstance(error, Forbidden):
        detail = policy_words.said(lang, error.reason)
    elif isinstance(error, NotFound):
        names, heading = list(error.suggestions), catalogue.gettext(lang, "Did you mean")
        detail = catalogue.gettext(lang, "Nothing in the network has that name or address.")
    elif status == 404:
        detail = catalogue.gettext(lang, "There is no page at this address.")
    elif status == 403 and detail == sessions.CSRF_REFUSED:
        detail = catalogue.gettext(
            lang,
            "This form did not come from this site's own page, or the page is too old; nothing"
            " was changed. Please open the page again and send the form from there.",
        )
    elif status == 503:
        detail = catalogue.gettext(
            lang, "The network's store is busy or unreachable; please try again in a moment."
        )
    elif status == 500:
        detail = catalogue.gettext(
            lang, "Something went wrong on the server; the server log has the details."
        )
    response = page(
        request,
        lang,
        "error.html",
        status,
        title=_title(lang, status),
        detail=detail,
        names=names,
        names_heading=heading,
    )
    if status == 503:
        response.headers["Retry-After"] = "5"
    return response


def form_principal(request: Request, key: str | None = None) -> Principal:
    """Who sends a page form: an administrator, when its ``key`` field holds a key of
    PHAKHEE_API_KEYS; else who the request is (``deps.get_principal``: the signed-in account,
    or anonymous)."""
    settings = get_api_settings()
    if token_ok(key, settings):
        return ADMIN_KEY
    return get_principal(request, settings)


def settle(request: Request, version: int) -> None:
    """Wait until the pages answer from graph version ``version`` (the write just made), for its
    build at most ``SETTLE_S`` seconds (``GraphCache.wait_for``): the page after a change shows
    it. The version that answers then is recorded, as a read records it."""
    cache = request.app.state.cache
    cache.wait_for(version, SETTLE_S)
    cache.current(version)


def shown(request: Request, version: int, to: str) -> Response:
    """On to ``to`` (303) once the pages answer from the write's graph ``version`` (``settle``)."""
    settle(request, version)
    return RedirectResponse(to, status_code=303)


def check_csrf(request: Request, given: str | None) -> None:
    """Refuse a form that changes something unless its ``csrf`` field holds the request's CSRF
    token: a 403 (the error page says why), before anything is read or written."""
    if not sessions.csrf_ok(request, given):
        raise HTTPException(403, sessions.CSRF_REFUSED)


def may_create(account: Account | None) -> bool:
    """Whether the menu offers a signed-in ``account`` the page that adds to the network
    (``/new``): when the policy lets it create a node of some kind in its own places (the
    policy decides again where, when the form is sent)."""
    if account is None:
        return False
    places = (*account.provinces, *account.regions, *account.zones)
    return any(decide(account, Action.CREATE, Target.at(places, kind)).allowed for kind in NodeKind)


def holds_key(account: Account | None) -> bool:
    """Whether a signed-in ``account`` may write from a page form without the write key: one the
    policy lets change anything anywhere (an administrator)."""
    return account is not None and bool(decide(account, Action.UPLOAD, EVERYWHERE))
