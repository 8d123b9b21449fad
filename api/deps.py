"""Dependencies the routes share: the store, the graph version, settings, the API-key checks, and
the parameter types built from what the queries know — declared once, here.

``Store``, ``CurrentVersion``, ``Graph`` and ``Settings`` are what a route's parameters are
annotated with; ``Measure`` and ``FormatName`` are the choices the OpenAPI schema offers, made
from the analytics' and the exports' own lists so they cannot drift.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
from typing import Annotated, Literal

import networkx as nx
from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BeforeValidator
from starlette.concurrency import run_in_threadpool

from phakhee.api import sessions
from phakhee.api.export_files import NAMES as FORMAT_NAMES
from phakhee.api.settings import ApiSettings, get_api_settings
from phakhee.graph.access import (
    ADMIN_KEY,
    ANONYMOUS,
    EVERYWHERE,
    Action,
    Anonymous,
    Decision,
    Principal,
    Target,
    audience,
    decide,
)
from phakhee.graph.accounts import Account, accounts
from phakhee.graph.audit import Author
from phakhee.graph.errors import Forbidden, SignInNeeded
from phakhee.graph.privacy import Audience
from phakhee.graph.store import GraphStore
from phakhee.queries.analytics.centrality import MEASURES
from phakhee.queries.ask.experts import expert_index
from phakhee.queries.ask.resolve import resolver
from phakhee.queries.ask.search import index_of
from phakhee.queries.cache import GraphCache, GraphVersion


def get_store(request: Request) -> GraphStore:
    """The process's store, opened by the app's lifespan."""
    return request.app.state.store


def get_graph_version(request: Request) -> GraphVersion:
    """One graph version for the whole answer; its version becomes the response's ETag.

    While a newer version is being built the last built one answers: the guard marks the answer
    stale when its version (``state.version``) is older than the store's (``state.store_version``,
    which the guard read for a GET, read here otherwise).
    """
    cache: GraphCache = request.app.state.cache
    state = request.state
    if getattr(state, "store_version", None) is None:
        state.store_version = cache.store.version()
    gv = cache.current(state.store_version)
    state.version = gv.version
    return gv


def prepare_version(gv: GraphVersion) -> None:
    """What a new graph version builds before it answers (an older one answers meanwhile): the
    search index and the name resolver, which the first questions after a write need, and the
    expert index when it follows the previous version's (a delta: cheap), not built whole."""
    index_of(gv)
    resolver(gv)
    if gv.followable("experts"):
        expert_index(gv)


def get_graph(gv: Annotated[GraphVersion, Depends(get_graph_version)]) -> nx.MultiDiGraph:
    """The graph version's projection, for routes that need nothing else of it."""
    return gv.graph


Store = Annotated[GraphStore, Depends(get_store)]
CurrentVersion = Annotated[GraphVersion, Depends(get_graph_version)]
Graph = Annotated[nx.MultiDiGraph, Depends(get_graph)]
Settings = Annotated[ApiSettings, Depends(get_api_settings)]
Measure = Literal[MEASURES]  # type: ignore[valid-type]  # the analytics' own list
"""A centrality measure, by the name the analytics know it by."""
FormatName = Literal[FORMAT_NAMES]  # type: ignore[valid-type]  # the exports' own list
"""An export format, by the name the exports know it by."""


def token_ok(token: str | None, settings: ApiSettings) -> bool:
    """Whether ``token`` (a header's, or a page form's ``key`` field) is a configured key."""
    if not token or not token.strip():
        return False
    given = token.strip().encode()
    # Compare against every key in constant time, so timing tells nothing about which matched.
    return any(
        [hmac.compare_digest(given, k.get_secret_value().encode()) for k in settings.api_keys]
    )


def _bearer(request: Request) -> str | None:
    """The token of ``Authorization: Bearer TOKEN``, if the request carries one."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


_BEARER, _PRINCIPAL = "phakhee_bearer", "phakhee_principal"


def bearer_principal(request: Request, settings: ApiSettings) -> Principal | None:
    """Who ``Authorization: Bearer X`` names: ``ADMIN_KEY`` for a key of PHAKHEE_API_KEYS, the
    account whose personal token X is; None without the header or for a token nobody holds.
    Looked up once per request."""
    if hasattr(request.state, _BEARER):
        return getattr(request.state, _BEARER)
    token, found = _bearer(request), None
    if token is not None:
        found = ADMIN_KEY if token_ok(token, settings) else _by_token(request, token)
    setattr(request.state, _BEARER, found)
    return found


def _by_token(request: Request, token: str) -> Account | None:
    return accounts(request.app.state.store).by_token(token)


def get_principal(
    request: Request, settings: Annotated[ApiSettings, Depends(get_api_settings)]
) -> Principal:
    """Who asks: an administrator's key or a personal token in ``Authorization: Bearer``, else
    the account the request is signed in as (the session cookie), else ``ANONYMOUS``. A bearer
    token nobody holds counts as none. Looked up once per request."""
    if (known := getattr(request.state, _PRINCIPAL, None)) is not None:
        return known
    found = bearer_principal(request, settings) or sessions.account(request) or ANONYMOUS
    setattr(request.state, _PRINCIPAL, found)
    return found


async def who_asks(request: Request, settings: ApiSettings) -> tuple[Principal, bool]:
    """``get_principal`` for the guard, which answers before any route: who asks, and whether by
    a bearer token (the JSON routes that write take no session cookie). Off the event loop, and
    only when there is something to look up."""
    if _bearer(request) is None and sessions.COOKIE not in request.cookies:
        return ANONYMOUS, False

    def look() -> tuple[Principal, bool]:
        return get_principal(request, settings), bearer_principal(request, settings) is not None

    return await run_in_threadpool(look)


def author_of(
    request: Request, asker: Principal, via: str = "api", batch: str | None = None
) -> Author:
    """The audit log's author of the writes ``asker`` makes in answer to ``request``: the
    account's name (None for an administrator's key), how and from where."""
    name = asker.name if isinstance(asker, Account) else None
    return Author(name, via, request.client.host if request.client else None, batch)


Asker = Annotated[Principal, Depends(get_principal)]
"""Who asks, for a route that asks the policy itself (``require``)."""


def require(
    asker: Principal,
    action: Action | str,
    target: Target = EVERYWHERE,
    *,
    read_requires_key: bool = False,
) -> Decision:
    """``decide(asker, action, target)``, raised when refused: ``SignInNeeded`` (401) for
    ``ANONYMOUS``, ``Forbidden`` (403) for anyone else, each with the decision's rule and reason.
    Returns the decision when allowed."""
    decision = decide(asker, action, target, read_requires_key=read_requires_key)
    if decision.allowed:
        return decision
    if isinstance(asker, Anonymous):
        raise SignInNeeded(decision.rule, decision.reason)
    raise Forbidden(decision.rule, decision.reason)


WRITE_KEY = HTTPBearer(
    scheme_name="write key",
    description=(
        "An administrator's key from PHAKHEE_API_KEYS, or a personal token "
        "(`phakhee user token NAME`): needed for writes, which the account's role then allows "
        "or refuses; contact fields follow the role."
    ),
    auto_error=False,
)
"""The security scheme the OpenAPI schema names on every route that writes."""


def require_write_key(
    request: Request,
    settings: Annotated[ApiSettings, Depends(get_api_settings)],
    _: Annotated[HTTPAuthorizationCredentials | None, Security(WRITE_KEY)] = None,
) -> None:
    """Writes need ``Authorization: Bearer X``: an administrator's key or a personal token (the
    route then asks the policy what this principal may change)."""
    if bearer_principal(request, settings) is None:
        raise SignInNeeded(
            "write.bearer", "writes need a key or a personal token: Authorization: Bearer TOKEN"
        )


def require_read(
    asker: Annotated[Principal, Depends(get_principal)],
    settings: Annotated[ApiSettings, Depends(get_api_settings)],
) -> None:
    """Reads are the policy's ``read``: open to anyone unless PHAKHEE_READ_REQUIRES_KEY is set,
    then for a key, a personal token or a signed-in account."""
    require(asker, Action.READ, read_requires_key=settings.read_requires_key)


def get_audience(
    asker: Annotated[Principal, Depends(get_principal)],
    settings: Annotated[ApiSettings, Depends(get_api_settings)],
) -> Audience:
    """Who is asking, for the privacy gate (``access.audience``): every contact for an
    administrator, none for anonymous and viewers, by a node's places for the others."""
    return audience(asker, read_requires_key=settings.read_requires_key)


Viewer = Annotated[Audience, Depends(get_audience)]
"""The audience of a route that shows personal fields to those who may see them."""


_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _iso_date(value: object) -> object:
    """Only YYYY-MM-DD is a date here (pydantic would also read a number as a timestamp)."""
    if isinstance(value, str) and not _ISO_DATE.match(value):
        raise ValueError("a date is written YYYY-MM-DD")
    if not isinstance(value, str | dt.date):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
"""A calendar day as the schema says: ``YYYY-MM-DD``, nothing else."""
