"""The home page and the language switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import RedirectResponse

from phakhee.api.deps import CurrentVersion
from phakhee.api.routers.web.common import COOKIE, TAG, Lang, local_path, page
from phakhee.queries.pages import home as home_facts
from phakhee.viz.web.catalogue import LANGUAGES

router = APIRouter(tags=[TAG], include_in_schema=False)


@router.get("/")
def home(request: Request, gv: CurrentVersion, lang: Lang) -> Response:
    """Search, the network in numbers, what happened lately, the provinces by region."""
    return page(request, lang, "home.html", facts=home_facts.home(gv))


@router.get("/language/{code}")
def language(
    code: Annotated[str, Path(pattern="^(th|en)$")],
    next: Annotated[str | None, Query(max_length=2000)] = None,
) -> Response:
    """Keep ``code`` as the reader's language (a cookie for a year) and go back to ``next``."""
    response = RedirectResponse(local_path(next), status_code=303)
    if code in LANGUAGES:
        response.set_cookie(COOKIE, code, max_age=365 * 24 * 3600, samesite="lax")
    return response
