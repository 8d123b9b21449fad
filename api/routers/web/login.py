"""Signing in and out: the sign-in form, its check against the accounts, and the throttle that
refuses a name or an address after repeated wrong passwords (``api.sessions``)."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import RedirectResponse

from phakhee.api import sessions
from phakhee.api.deps import Store
from phakhee.api.routers.web.common import TAG, Lang, check_csrf, local_path, page
from phakhee.graph.accounts import accounts
from phakhee.viz.web import catalogue
from phakhee.viz.web.catalogue import Lang as LangCode

router = APIRouter(tags=[TAG], include_in_schema=False)
Next = Annotated[str, Form(max_length=2000)]


@router.get("/login")
def login_form(
    request: Request, lang: Lang, next: Annotated[str | None, Query(max_length=2000)] = None
) -> Response:
    """The sign-in form (username and password); ``next`` is where signing in leads."""
    return _form(request, lang, next=local_path(next))


@router.post("/login")
def login(
    request: Request,
    lang: Lang,
    store: Store,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
    next: Next = "",
) -> Response:
    """Sign in as ``username`` with ``password``: a new session and on to ``next`` (a path here);
    the form again (401) when they are not right, and a wait (429) after too many wrong tries."""
    check_csrf(request, csrf)
    # Names are lower case; a phone's keyboard may capitalise the first letter.
    name, address, next = username.strip().lower(), _address(request), local_path(next)
    wait = sessions.SIGN_IN.wait_s(name, address)
    if wait:
        minutes = math.ceil(wait / 60)
        problem = catalogue.gettext(
            lang,
            "Too many wrong tries: sign-in is paused. Please try again in %(minutes)s minutes.",
            minutes=minutes,
        )
        response = _form(request, lang, 429, username=name, next=next, problem=problem)
        response.headers["Retry-After"] = str(wait)
        return response
    account = accounts(store).verify(name, password) if name and password else None
    if account is None:
        sessions.SIGN_IN.failed(name, address)
        problem = catalogue.gettext(lang, "That username or password is not right.")
        return _form(request, lang, 401, username=name, next=next, problem=problem)
    sessions.SIGN_IN.succeeded(name)
    response = RedirectResponse(next, status_code=303)
    sessions.sign_in(request, response, account.name)
    return response


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form(max_length=200)] = "") -> Response:
    """End the session and go to the home page, anonymous."""
    check_csrf(request, csrf)
    response = RedirectResponse("/", status_code=303)
    sessions.sign_out(request, response)
    return response


def _address(request: Request) -> str:
    """The address the request came from, as the server sees it."""
    return request.client.host if request.client else ""


def _form(
    request: Request,
    lang: LangCode,
    status: int = 200,
    *,
    username: str = "",
    next: str = "/",
    problem: str = "",
) -> Response:
    """The sign-in form, the username kept (never the password), ``problem`` said above it."""
    return page(request, lang, "login.html", status, username=username, next=next, problem=problem)
