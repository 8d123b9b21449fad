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
from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BeforeValidator

from phakhee.api.export_files import NAMES as FORMAT_NAMES
from phakhee.api.settings import ApiSettings, get_api_settings
from phakhee.graph.privacy import PUBLIC, TRUSTED, Audience
from phakhee.graph.store import GraphStore
from phakhee.queries.analytics.centrality import MEASURES
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
    search index and the name resolver, which the first questions after a write need."""
    index_of(gv)
    resolver(gv)


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


def key_ok(request: Request, settings: ApiSettings) -> bool:
    """Whether the request carries ``Authorization: Bearer KEY`` with a configured key."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return scheme.lower() == "bearer" and token_ok(token, settings)


def token_ok(token: str | None, settings: ApiSettings) -> bool:
    """Whether ``token`` (a header's, or a page form's ``key`` field) is a configured key."""
    if not token or not token.strip():
        return False
    given = token.strip().encode()
    # Compare against every key in constant time, so timing tells nothing about which matched.
    return any(
        [hmac.compare_digest(given, k.get_secret_value().encode()) for k in settings.api_keys]
    )


WRITE_KEY = HTTPBearer(
    scheme_name="write key",
    description="A key from PHAKHEE_API_KEYS: needed for writes, and for personal fields.",
    auto_error=False,
)
"""The security scheme the OpenAPI schema names on every route that needs a write key."""


def require_write_key(
    request: Request,
    settings: Annotated[ApiSettings, Depends(get_api_settings)],
    _: Annotated[HTTPAuthorizationCredentials | None, Security(WRITE_KEY)] = None,
) -> None:
    """Writes need ``Authorization: Bearer KEY`` with a key from PHAKHEE_API_KEYS."""
    if not key_ok(request, settings):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "writes need a valid API key: Authorization: Bearer KEY",
            headers={"WWW-Authenticate": "Bearer"},
        )


def require_read_access(
    request: Request, settings: Annotated[ApiSettings, Depends(get_api_settings)]
) -> None:
    """Reads are open unless PHAKHEE_READ_REQUIRES_KEY is set."""
    if settings.read_requires_key and not key_ok(request, settings):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "reads need a valid API key here: Authorization: Bearer KEY",
            headers={"WWW-Authenticate": "Bearer"},
        )


def get_audience(
    request: Request, settings: Annotated[ApiSettings, Depends(get_api_settings)]
) -> Audience:
    """Who is asking, for the privacy gate: a write key sees personal fields, anyone else not."""
    return TRUSTED if key_ok(request, settings) else PUBLIC


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
