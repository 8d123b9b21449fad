"""Dependencies the routes share: the store, opened once per process."""

from __future__ import annotations

from fastapi import Request

from graph.store import GraphStore


def get_store(request: Request) -> GraphStore:
    """The process's store, opened by the app's lifespan."""
    return request.app.state.store
