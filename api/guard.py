"""The gate every request passes before a route reads anything: routing, keys, body size, ETags.

An ASGI middleware, so it answers before FastAPI parses a body (a 300 MB upload without a key is
refused on its headers, never spooled):

1. **Routing**: the methods every route of the path declares. ``OPTIONS`` answers them all in
   ``Allow``; a method no route declares is 405 with the same ``Allow``.
2. **Keys**: a route that needs a write key (``require_write_key`` among its dependencies) gets a
   401 without one; with ``PHAKHEE_READ_REQUIRES_KEY`` every path but ``/health`` needs a key.
3. **Body size**: a declared ``Content-Length`` over the route's limit is 413 at once; a body
   sent without one is counted as it streams and cut off at the limit.
4. **ETags**: a GET is answered 304 when ``If-None-Match`` names the current graph version —
   only after the checks above, and only on a path that exists.

The store's unavailability, here as in the routes, is a 503 with ``Retry-After``.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from phakhee.api.deps import key_ok
from phakhee.api.problems import answer, problem
from phakhee.api.settings import ApiSettings, get_api_settings
from phakhee.graph.errors import StoreUnavailable

BODY_LIMIT_KB = 512
"""The largest JSON body a route other than an upload takes."""
OPEN_PATHS = frozenset({"/health"})
"""What ``PHAKHEE_READ_REQUIRES_KEY`` leaves open."""


@dataclass(frozen=True, slots=True)
class RouteRule:
    """What the guard knows of one operation (a path and a method) of the API."""

    path: re.Pattern[str]
    method: str
    write_key: bool
    body_limit: int


_PARAM = re.compile(r"\{([^}]+)\}")


def _pattern(path: str, operation: dict[str, Any]) -> re.Pattern[str]:
    """The path template as a pattern; an integer parameter matches only digits."""
    kinds = {
        p["name"]: p.get("schema", {}).get("type")
        for p in operation.get("parameters", [])
        if p.get("in") == "path"
    }
    parts = _PARAM.split(path)
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.append(re.escape(part))
        else:
            out.append("[0-9]+" if kinds.get(part) == "integer" else "[^/]+")
    return re.compile("^" + "".join(out) + "$")


def rules(app: FastAPI, settings: ApiSettings) -> list[RouteRule]:
    """The operations of the app's own OpenAPI schema: the one description of its routes (which
    need a write key is its ``security``, which take an upload its ``multipart/form-data``)."""
    found = []
    for path, item in app.openapi()["paths"].items():
        for method, op in item.items():
            body = op.get("requestBody", {}).get("content", {})
            upload = "multipart/form-data" in body
            limit = settings.max_upload_mb * 2**20 if upload else BODY_LIMIT_KB * 2**10
            found.append(RouteRule(_pattern(path, op), method.upper(), "security" in op, limit))
    return found


class Guard:
    """The ASGI middleware; see the module's docstring for what it checks, in order."""

    def __init__(self, app: ASGIApp, fastapi: FastAPI) -> None:
        self.app = app
        self.fastapi = fastapi
        self._rules: list[RouteRule] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        settings = get_api_settings()
        if self._rules is None:
            self._rules = rules(self.fastapi, settings)
        request = Request(scope)
        has_key = key_ok(request, settings)
        if settings.read_requires_key and not has_key and scope["path"] not in OPEN_PATHS:
            await _unauthorized("reads need a valid API key here")(scope, receive, send)
            return
        full, allowed = self._match(scope)
        if full is None:
            await self._unmatched(scope, receive, send, allowed)
            return
        if full.write_key and not has_key:
            await _unauthorized("writes need a valid API key")(scope, receive, send)
            return
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > full.body_limit:
            await _too_large(full.body_limit)(scope, receive, send)
            return
        if scope["method"] == "GET" and scope["path"] not in OPEN_PATHS:
            try:
                version = await run_in_threadpool(self.fastapi.state.store.version)
            except StoreUnavailable as e:
                await answer(e)(scope, receive, send)
                return
            scope.setdefault("state", {})["store_version"] = version  # read once per request
            current = f'W/"v{version}"'
            if request.headers.get("if-none-match") == current:
                await _not_modified(current)(scope, receive, send)
                return
        await self._call(scope, receive, send, full.body_limit)

    def _match(self, scope: Scope) -> tuple[RouteRule | None, list[str]]:
        full, allowed = None, set()
        for rule in self._rules or ():
            if rule.path.match(scope["path"]):
                allowed.add(rule.method)
                if rule.method == scope["method"] and full is None:
                    full = rule
        return full, sorted(allowed)

    async def _unmatched(self, scope: Scope, receive: Receive, send: Send, allowed: list[str]):
        if not allowed:  # no route of ours: FastAPI's own (docs, openapi.json) or a 404
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            await _options(allowed)(scope, receive, send)
            return
        await _not_allowed(allowed)(scope, receive, send)

    async def _call(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        seen = 0
        refused = False

        async def counted() -> Message:
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit and not refused:
                    refused = True
                    await _too_large(limit)(scope, receive, send)
            # past the limit the app is told the client left: it stops reading, answers nothing
            return {"type": "http.disconnect"} if refused else message

        async def watch(message: Message) -> None:
            if refused:
                return
            if message["type"] == "http.response.start":
                version = scope.get("state", {}).get("version")
                if message["status"] == 200 and version is not None:
                    etag = (b"etag", f'W/"v{version}"'.encode())
                    message["headers"] = [*message.get("headers", []), etag]
            await send(message)

        await self.app(scope, counted, watch)


Responder = Callable[[Scope, Receive, Send], Awaitable[None]]


def _unauthorized(what: str) -> Responder:
    return problem(
        401, f"{what}: Authorization: Bearer KEY", headers={"WWW-Authenticate": "Bearer"}
    )


def _too_large(limit: int) -> Responder:
    size = f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit // 2**10} KB"
    return problem(413, f"the request body is limited to {size} here")


def _options(allowed: list[str]) -> Responder:
    from starlette.responses import Response

    return Response(status_code=204, headers={"Allow": ", ".join(allowed)})


def _not_allowed(allowed: list[str]) -> Responder:
    return problem(
        405, "this path does not take that method", headers={"Allow": ", ".join(allowed)}
    )


def _not_modified(etag: str) -> Responder:
    from starlette.responses import Response

    return Response(status_code=304, headers={"ETag": etag})
