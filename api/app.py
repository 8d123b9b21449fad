"""The FastAPI application: routers by area, the store opened once, errors as problem+json."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from phakhee.api import problems
from phakhee.api.deps import prepare_version
from phakhee.api.guard import Guard
from phakhee.api.routers import (
    analytics,
    ask,
    changes,
    exports,
    health,
    load,
    nodes,
    snapshots,
    web,
)
from phakhee.api.routers import views as views_router
from phakhee.api.settings import get_api_settings
from phakhee.api.slots import Slots
from phakhee.graph.errors import PhakheeError
from phakhee.graph.store import GraphStore
from phakhee.graph.stores import open_store
from phakhee.queries.cache import GraphCache
from phakhee.queries.warm_start import WarmStart


def _serve(app: FastAPI, store: GraphStore) -> None:
    """Put the store and its graph cache (waits and the new versions' preparation from the
    settings, the warm start when the store keeps one) on the app."""
    settings = get_api_settings()
    app.state.store = store
    app.state.warm = WarmStart.of(store)
    app.state.cache = GraphCache(
        store, settings.wait_s, settings.fresh_wait_s, prepare_version, app.state.warm
    )


def _start(app: FastAPI, served: bool) -> None:
    """At startup: the warm start's writer, and, for an app that opened its store (a served
    one), the first graph version's build (loaded from the warm file when it is the store's) on
    a thread of its own, so the first requests find it under way and ``/health`` answers
    meanwhile. An app given its store builds on the first request, as before."""
    if app.state.warm is not None:
        app.state.warm.start()
    if served:
        cache: GraphCache = app.state.cache
        threading.Thread(
            target=_first, args=(cache,), name="first-graph-version", daemon=True
        ).start()


def _first(cache: GraphCache) -> None:
    with contextlib.suppress(PhakheeError):  # Busy after the wait: the build goes on
        cache.current()


def _stop(app: FastAPI) -> None:
    """At shutdown: a background build ends, then the warm start's writer, before the store
    closes."""
    app.state.cache.drain()
    if app.state.warm is not None:
        app.state.warm.close()


def create_app(store: GraphStore | None = None) -> FastAPI:
    """The app, on the given store or on the one settings name (opened at startup)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if store is None:
            _serve(app, open_store())
        _start(app, served=store is None)
        yield
        _stop(app)
        if store is None:
            app.state.store.close()

    app = FastAPI(
        title="phakhee",
        summary="Knowledge graph of the Thai alcohol-abstinence civic network (เครือข่ายงดเหล้า)",
        version="0.1.0",
        lifespan=lifespan,
        responses=problems.RESPONSES,
        docs_url=None,  # served offline by the docs pages (api/routers/web/docs.py)
        redoc_url=None,
    )
    if store is not None:  # given: ready before (or without) the lifespan
        _serve(app, store)
    problems.install(app)
    for router in (health.router, nodes.router, ask.router, load.router):
        app.include_router(router)
    for router in (exports.router, snapshots.router):
        app.include_router(router)
    app.include_router(analytics.router)
    app.include_router(views_router.router)
    for router in web.ROUTERS:  # a page before the JSON route at its address (``/changes``)
        app.include_router(router)
    app.include_router(changes.router)
    app.add_middleware(Guard, fastapi=app)  # inside CORS, so preflights get CORS's answer
    settings = get_api_settings()
    app.add_middleware(Slots, slots=settings.request_slots)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
        )

    return app
