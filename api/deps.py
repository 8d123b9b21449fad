"""Dependencies the routes share: the store, the graph cache, settings, and the API-key checks."""

from __future__ import annotations

import hmac
from typing import Annotated

import networkx as nx
from fastapi import Depends, HTTPException, Request, status

from phakhee.api.settings import ApiSettings, get_api_settings
from phakhee.graph.store import GraphStore
from phakhee.queries.cache import GraphCache, GraphVersion


def get_store(request: Request) -> GraphStore:
    """The process's store, opened by the app's lifespan."""
    return request.app.state.store


def get_graph_version(request: Request) -> GraphVersion:
    """One graph version for the whole answer; its version becomes the response's ETag."""
    cache: GraphCache = request.app.state.cache
    gv = cache.current()
    request.state.version = gv.version
    return gv


def get_graph(gv: Annotated[GraphVersion, Depends(get_graph_version)]) -> nx.MultiDiGraph:
    return gv.graph


def _key_ok(request: Request, settings: ApiSettings) -> bool:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return False
    given = token.strip().encode()
    # Compare against every key in constant time, so timing tells nothing about which matched.
    return any(
        [hmac.compare_digest(given, k.get_secret_value().encode()) for k in settings.api_keys]
    )


def require_write_key(
    request: Request, settings: Annotated[ApiSettings, Depends(get_api_settings)]
) -> None:
    """Writes need ``Authorization: Bearer KEY`` with a key from PHAKHEE_API_KEYS."""
    if not _key_ok(request, settings):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "writes need a valid API key: Authorization: Bearer KEY",
            headers={"WWW-Authenticate": "Bearer"},
        )


def require_read_access(
    request: Request, settings: Annotated[ApiSettings, Depends(get_api_settings)]
) -> None:
    """Reads are open unless PHAKHEE_READ_REQUIRES_KEY is set."""
    if settings.read_requires_key and not _key_ok(request, settings):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "reads need a valid API key here: Authorization: Bearer KEY",
            headers={"WWW-Authenticate": "Bearer"},
        )
