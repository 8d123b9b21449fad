"""Errors as RFC 9457 problem+json, mapped once for the whole app; never a traceback."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from phakhee.api.routers.web.common import error_page, is_page
from phakhee.graph.errors import (
    Ambiguous,
    Busy,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    PhakheeError,
    SignInNeeded,
    StoreUnavailable,
)
from phakhee.loaders.limits import TooLarge

STATUS: dict[type[PhakheeError], int] = {
    Conflict: 409,
    SignInNeeded: 401,
    Forbidden: 403,
    TooLarge: 413,
    InvalidInput: 422,
    NotFound: 404,
    StoreUnavailable: 503,
    Busy: 503,
}


RETRY_AFTER_UNAVAILABLE_S = 5
"""What a 503 for an unreachable store tells the client to wait before asking again."""


_QUOTED = re.compile(r"'(?:[^'\\\n]|\\.){0,300}'|\"(?:[^\"\\\n]|\\.){0,300}\"")


def public_detail(error: PhakheeError) -> str:
    """What an error body says: the field and the rule, never a value the client sent (an id or a
    query may itself be a phone number). Quoted values in a message are left out."""
    if isinstance(error, NotFound):
        maybe = "; did you mean one of the suggestions?" if error.suggestions else ""
        return f"no {error.kind} by that id or name{maybe}"
    if isinstance(error, Ambiguous):
        return (
            f"that name names more than one node ({len(error.candidates)} candidates): "
            "use the id of one of them"
        )
    if isinstance(error, InvalidInput):
        return _QUOTED.sub("(the value given)", str(error))
    return str(error)  # the store's and the service's own words: nothing the client sent


def status_of(error: PhakheeError) -> int:
    """The HTTP status of ``error``: its own class's, or its nearest mapped ancestor's (500)."""
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    422: "Invalid input",
    500: "Internal error",
    503: "Unavailable for now",
}


class NamedNode(BaseModel):
    """A node a problem names: its id and the name it is shown by."""

    id: str
    name: str


class Problem(BaseModel):
    """RFC 9457 problem details; a name that names more than one node has its ``candidates``,
    one that names none the near misses it may have meant as ``suggestions`` (node names are
    not personal data; what the client sent is never repeated)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    rule: str | None = None
    """For a refusal by the policy (401, 403): the rule's key, e.g. ``coordinator.outside_provinces``."""
    candidates: list[NamedNode] | None = None
    suggestions: list[NamedNode] | None = None


def extensions(error: PhakheeError) -> dict[str, Any]:
    """The problem document's extension members for ``error``: candidates or suggestions."""
    if isinstance(error, Ambiguous):
        return {"candidates": [{"id": i, "name": n} for i, n in error.candidates]}
    if isinstance(error, NotFound) and error.suggestions:
        return {"suggestions": [{"id": i, "name": n} for i, n in error.suggestions]}
    if isinstance(error, Forbidden):
        return {"rule": error.rule}
    return {}


def documented(status: int, description: str | None = None) -> dict[str, Any]:
    """How a route declares that it may answer ``status`` as a problem document."""
    return {
        "model": Problem,
        "description": description or TITLES[status],
        "content": {"application/problem+json": {}},
    }


RESPONSES: dict[int | str, dict[str, Any]] = {
    status: documented(status) for status in (400, 401, 403, 404, 413, 422, 503)
}
"""Documented on every route, so the OpenAPI schema says what errors look like."""


def problem(
    status: int,
    detail: str,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    """An RFC 9457 problem document (``extra``: its extension members)."""
    body = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **(extra or {}),
    }
    return JSONResponse(
        body, status_code=status, media_type="application/problem+json", headers=headers
    )


def answer(error: PhakheeError) -> JSONResponse:
    """The problem document for one of phakhee's errors: the one mapping, for the exception
    handler and for the guard, which answers before any route runs."""
    headers = None
    if isinstance(error, Busy):
        headers = {"Retry-After": str(error.retry_after_s)}
    elif isinstance(error, StoreUnavailable):
        headers = {"Retry-After": str(RETRY_AFTER_UNAVAILABLE_S)}
    elif isinstance(error, SignInNeeded):
        headers = {"WWW-Authenticate": "Bearer"}
    return problem(status_of(error), public_detail(error), headers, extensions(error))


def install(app: FastAPI) -> None:
    """Map phakhee's errors, request validation and anything unexpected to problem+json — and,
    for a page, to the same error as a page in the reader's language."""

    def either(request: Request, response: JSONResponse, error: PhakheeError | None = None):
        if not is_page(request):
            return response
        detail = json.loads(bytes(response.body)).get("detail", "")
        page = error_page(request, response.status_code, detail, error)
        if allow := response.headers.get("allow"):
            page.headers["Allow"] = allow
        return page

    @app.exception_handler(PhakheeError)
    async def _phakhee(request: Request, exc: PhakheeError) -> Response:
        return either(request, answer(exc), exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return either(
            request, problem(exc.status_code, str(exc.detail), getattr(exc, "headers", None))
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        # Name the field and why; never echo the submitted value (often a name or a phone number).
        parts = []
        for e in exc.errors():
            loc = ".".join(str(p) for p in e.get("loc", ()) if p != "body")
            parts.append(f"{loc}: {e.get('msg', 'invalid')}")
        return either(request, problem(422, "; ".join(parts)))

    @app.exception_handler(MemoryError)
    async def _memory(request: Request, exc: MemoryError) -> Response:
        detail = "the server ran short of memory for this request: ask for less, or retry later"
        return either(
            request, problem(503, detail, {"Retry-After": str(RETRY_AFTER_UNAVAILABLE_S)})
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        return either(request, problem(500, "internal error; the server log has the details"))
