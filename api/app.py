"""The FastAPI application: routers by area, the store opened once, errors as problem+json."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import problems
from api.routers import health
from graph.store import GraphStore
from graph.stores import open_store


def create_app(store: GraphStore | None = None) -> FastAPI:
    """The app, on the given store or on the one settings name (opened at startup)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = store or open_store()
        yield
        if store is None:
            app.state.store.close()

    app = FastAPI(
        title="phakhee",
        summary="Knowledge graph of the Thai alcohol-abstinence civic network (เครือข่ายงดเหล้า)",
        version="0.1.0",
        lifespan=lifespan,
    )
    problems.install(app)
    app.include_router(health.router)
    return app
