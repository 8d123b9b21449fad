"""The gate every request passes before a route reads anything: routing, keys, body size, ETags.

An ASGI middleware, so it answers before FastAPI parses a body (a 300 MB upload without a key is
refused on its headers, never spooled):

1. **Routing**: the methods every route of the path declares. ``OPTIONS`` answers them all in
   ``Allow``; a method no route declares is 405 with the same ``Allow``.
2. **Keys**: a route that needs a write key (``require_write_key`` among its dependencies) gets a
   401 without one; with ``PHAKHEE_READ_REQUIRES_KEY`` every path but ``/health`` needs a key.
3. **Body size**: a declared ``Content-Length`` over the route's limit is 413 at once; a body
   sent without one is counted as it streams and cut off at the limit.
4. **ETags**: a GET is answered 304 when ``If-None-Match`` names the store's version — only
   after the checks above, and only on a path that exists. An answer computed on a graph version
   carries that version's ETag and ``X-Phakhee-Computed-At``; when the version is older than the
   store's (a newer one is still being built, or the answer's analysis is being refreshed in the
   background), also ``X-Phakhee-Stale`` with the store's version, and it is a 304 when
   ``If-None-Match`` names the version it was computed on. The version is the oldest the answer
   draws on (``queries.cache.ANSWER`` records it in the request's state), so the ETag names
   what was sent. A page carries the same two headers, without an ETag.

The store's unavailability, here as in the routes, is a 503 with ``Retry-After``.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, params
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from phakhee.api.deps import who_asks
from phakhee.api.problems import answer, problem
from phakhee.api.settings import ApiSettings, get_api_settings
from phakhee.graph.access import ANONYMOUS
from phakhee.graph.errors import StoreUnavailable
from phakhee.queries.cache import answering

BODY_LIMIT_KB = 512
"""The largest JSON body a route other than an upload takes."""
OPEN_PATHS = frozenset({"/health"})
"""What ``PHAKHEE_READ_REQUIRES_KEY`` leaves open."""
BODY_HEADERS = frozenset({b"content-length", b"content-type"})
"""What a 304 leaves out of the answer it stands for."""
COMPUTED_AT = "X-Phakhee-Computed-At"
"""The graph version an answer was computed on (its ETag's version), on every such answer."""
STALE = "X-Phakhee-Stale"
"""The store's version, on an answer computed on an older graph version (a newer one is being
built; the answer carries the ETag of the version it was computed on)."""
_COMPUTED_AT, _STALE = COMPUTED_AT.lower().encode(), STALE.lower().encode()  # as ASGI sends them


@dataclass(frozen=True, slots=True)
class RouteRule:
    """What the guard knows of one operation (a path and a method) of the API."""

    path: re.Pattern[str]
    method: str
    write_key: bool
    body_limit: int
    versioned: bool = True
    """Whether answers carry the graph version's ETag and may be 304 (not a page, whose words
    depend on the reader's language as well)."""


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
    return found + page_rules(settings)


def page_rules(settings: ApiSettings) -> list[RouteRule]:
    """The pages' operations (the web app's routers, left out of the schema): no ETag, a form's
    body limit, an upload's for a route that takes a file. A page asks for a key in its form, if
    at all."""
    from phakhee.api.routers.web import ROUTERS

    found = []
    for route in (r for router in ROUTERS for r in router.routes):
        if not isinstance(route, APIRoute):
            continue
        upload = any(isinstance(p.field_info, params.File) for p in route.dependant.body_params)
        limit = settings.max_upload_mb * 2**20 if upload else BODY_LIMIT_KB * 2**10
        for method in sorted(route.methods):
            found.append(RouteRule(route.path_regex, method, False, limit, versioned=False))
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
        try:
            asker, by_bearer = await who_asks(request, settings)
        except StoreUnavailable as e:  # a personal token or a session is looked up in the store
            await answer(e)(scope, receive, send)
            return
        known = asker is not ANONYMOUS  # a key, a personal token or a session
        if settings.read_requires_key and not known and scope["path"] not in OPEN_PATHS:
            await _unauthorized("reads need a valid API key here")(scope, receive, send)
            return
        full, allowed = self._match(scope)
        if full is None:
            await self._unmatched(scope, receive, send, allowed)
            return
        if full.write_key and not by_bearer:
            await _unauthorized("writes need a valid API key")(scope, receive, send)
            return
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > full.body_limit:
            await _too_large(full.body_limit)(scope, receive, send)
            return
        if scope["method"] == "GET" and scope["path"] not in OPEN_PATHS and full.versioned:
            try:
                version = await run_in_threadpool(self.fastapi.state.store.version)
            except StoreUnavailable as e:
                await answer(e)(scope, receive, send)
                return
            scope.setdefault("state", {})["store_version"] = version  # read once per request
            if request.headers.get("if-none-match") == etag(version):
                await _not_modified(version)(scope, receive, send)
                return
        await self._call(scope, receive, send, full.body_limit, full.versioned)

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

    async def _call(
        self, scope: Scope, receive: Receive, send: Send, limit: int, with_version: bool
    ) -> None:
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

        state = scope.setdefault("state", {})  # where the answer records its version
        tag = Request(scope).headers.get("if-none-match")
        unchanged = False  # the route's answer is the one the client holds: 304, body dropped

        async def watch(message: Message) -> None:
            nonlocal unchanged
            if refused:
                return
            if message["type"] == "http.response.start":
                version = state.get("version")
                if message["status"] == 200 and version is not None and with_version:
                    headers = versioned(version, state.get("store_version"))
                    if scope["method"] == "GET" and tag == etag(version):
                        unchanged = True
                        kept = [h for h in message.get("headers", []) if h[0] not in BODY_HEADERS]
                        message = {**message, "status": 304, "headers": [*kept, *headers]}
                    else:
                        message["headers"] = [*message.get("headers", []), *headers]
                elif message["status"] == 200 and version is not None:  # a page: no ETag
                    headers = versioned(version, state.get("store_version"))[1:]
                    message["headers"] = [*message.get("headers", []), *headers]
            elif message["type"] == "http.response.body" and unchanged:
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        with answering(state):
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


def _not_modified(version: int) -> Responder:
    from starlette.responses import Response

    return Response(
        status_code=304, headers={k.decode(): v.decode() for k, v in versioned(version)}
    )


def etag(version: int) -> str:
    """The ETag of an answer computed on graph ``version``."""
    return f'W/"v{version}"'


def versioned(version: int, store_version: int | None = None) -> list[tuple[bytes, bytes]]:
    """The headers of an answer computed on graph ``version``: its ETag and version, and the
    store's version when it is newer (the answer is stale: a newer graph version is being built)."""
    headers = [(b"etag", etag(version).encode()), (_COMPUTED_AT, str(version).encode())]
    if store_version is not None and version < store_version:
        headers.append((_STALE, str(store_version).encode()))
    return headers
