"""Is the service up, which graph version does it serve, and how big is the graph."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from phakhee.api.deps import Store

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    store: str
    version: int


class Stats(BaseModel):
    version: int
    nodes: dict[str, int]
    ties: dict[str, int]


@router.get("/health")
def health(store: Store) -> Health:
    """The store is reachable; the graph version it serves."""
    return Health(status="ok", store=store.url, version=store.version())


@router.get("/stats")
def stats(store: Store) -> Stats:
    """Counts of nodes and ties by kind."""
    counts = store.counts()
    return Stats(version=store.version(), nodes=counts["nodes"], ties=counts["ties"])
