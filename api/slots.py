"""Request slots: at most ``PHAKHEE_REQUEST_SLOTS`` requests run at once, so ``/health`` never
queues behind them.

Every route but a few is a plain function run on a worker thread (the thread pool has 40), and a
request waiting for a graph version being built holds its thread all the while: 45 searches
during a first build took every thread, and ``/health`` waited seconds for one. Under this
middleware a request beyond the slots waits its turn on the event loop, holding no thread;
``/health`` and the static files take no slot. On two cores a handful of slots serves as many
requests a second as forty (the routes share one interpreter lock). On the 1,000-person demo
``/health`` answers within a second while 45 searches wait for the first version, and does not
without the slots (tests/queries/test_warm_start.py). The cyclic collector's full passes, which
stop every thread, are kept off the graph versions by ``queries.heap``; the middleware tells it
when requests run, so it sweeps only when none does.
"""

from __future__ import annotations

import anyio
from starlette.types import ASGIApp, Receive, Scope, Send

from phakhee.queries.heap import HEAP

FREE = ("/health", "/static/")
"""Paths (or their starts, ending in ``/``) that take no slot: cheap, and never wait on a build."""


class Slots:
    """An ASGI middleware letting at most ``slots`` HTTP requests (but the free ones) in at once."""

    def __init__(self, app: ASGIApp, slots: int) -> None:
        self.app = app
        self.slots = slots
        self._limit: anyio.Semaphore | None = None  # made on the event loop that serves

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with HEAP.request():  # the heap sweeps only when no request is under way
            if _free(scope.get("path", "")):
                await self.app(scope, receive, send)
                return
            if self._limit is None:
                self._limit = anyio.Semaphore(self.slots)
            async with self._limit:
                await self.app(scope, receive, send)


def _free(path: str) -> bool:
    return any(path.startswith(p) if p.endswith("/") else path == p for p in FREE)
