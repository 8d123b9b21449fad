"""Is the service up, which graph version does it serve, and how big is the graph."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from phakhee.api.deps import Asker, Settings, Store, require_read
from phakhee.api.problems import RETRY_AFTER_UNAVAILABLE_S
from phakhee.graph.access import Action, decide
from phakhee.graph.errors import StoreUnavailable
from phakhee.queries.cache import GraphCache

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str = Field(description="ok, or unavailable when the store cannot be reached (503).")
    store: str | None = Field(
        None, description="Where the graph lives; left out when reads need a key and none came."
    )
    version: int | None = Field(
        None, description="The store's graph version; left out like the store."
    )
    served: int | None = Field(
        None,
        description="The graph version the analyses answer from (older than the store's while"
        " a newer one is being built); null before the first is built, left out like the store.",
    )
    preparing: bool | None = Field(
        None,
        description="Whether a newer graph version is being built; left out like the store.",
    )


class Stats(BaseModel):
    version: int
    nodes: dict[str, int]
    ties: dict[str, int]


@router.get(
    "/health",
    responses={503: {"model": Health, "description": "The store cannot be reached."}},
)
def health(
    store: Store, settings: Settings, request: Request, response: Response, asker: Asker
) -> Health:
    """The store is reachable; its graph version, the one the analyses answer from and whether a
    newer one is being built (open even when reads need a key; never waits for a build)."""
    shown = decide(asker, Action.READ, read_requires_key=settings.read_requires_key).allowed
    try:
        version = store.version()
    except StoreUnavailable:
        response.status_code = 503
        response.headers["Retry-After"] = str(RETRY_AFTER_UNAVAILABLE_S)
        return Health(status="unavailable", store=store.url if shown else None)
    if not shown:
        return Health(status="ok")
    cache: GraphCache = request.app.state.cache
    return Health(
        status="ok",
        store=store.url,
        version=version,
        served=cache.served,
        preparing=cache.preparing,
    )


@router.get("/stats", dependencies=[Depends(require_read)])
def stats(store: Store) -> Stats:
    """Counts of nodes and ties by kind."""
    counts = store.counts()
    return Stats(version=store.version(), nodes=counts["nodes"], ties=counts["ties"])
