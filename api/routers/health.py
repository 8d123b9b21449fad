"""Is the service up, which graph version does it serve, and how big is the graph."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from phakhee.api.deps import get_store
from phakhee.graph.store import GraphStore

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
def health(store: Annotated[GraphStore, Depends(get_store)]) -> Health:
    """The store is reachable; the graph version it serves."""
    return Health(status="ok", store=store.url, version=store.version())


@router.get("/stats")
def stats(store: Annotated[GraphStore, Depends(get_store)]) -> Stats:
    """Counts of nodes and ties by kind."""
    counts = store.counts()
    return Stats(version=store.version(), nodes=counts["nodes"], ties=counts["ties"])
