"""The search page (the home page's form asks it), its results alone for the live results, and
the names offered to a typed field (``/suggest``, JSON for the pages' script)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from phakhee.api.deps import CurrentVersion
from phakhee.api.routers.web.common import HEADERS, TAG, Lang, html, page
from phakhee.queries.pages import find as finding
from phakhee.viz.web import catalogue
from phakhee.viz.web.render import render
from phakhee.viz.web.words import KIND

router = APIRouter(tags=[TAG], include_in_schema=False)

Text = Annotated[str, Query(max_length=200)]


@router.get("/find")
def find(
    request: Request,
    gv: CurrentVersion,
    lang: Lang,
    q: Text = "",
    fragment: Annotated[bool, Query()] = False,
) -> Response:
    """The nodes matching ``q``, each with why it matched; with ``fragment`` only the results
    (what the live results put in place as one types)."""
    q = q.strip()
    hits = finding.find(gv, q) if q else []
    if fragment:
        return html(render("_results.html", lang, q=q, hits=hits), request)
    return page(request, lang, "find.html", q=q, hits=hits)


@router.get("/suggest")
def suggest(
    gv: CurrentVersion,
    lang: Lang,
    q: Text = "",
    kinds: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """At most ten names for what has been typed, of the comma-separated ``kinds`` (all when
    none): ``[{"id", "name", "name_en", "kind", "kind_label"}]``, the kind as a code and as the
    reader's language names it."""
    q = q.strip()
    found = finding.suggest(gv, q, finding.kinds_of(kinds)) if q else []
    named = [{**s, "kind_label": catalogue.gettext(lang, KIND[s["kind"]])} for s in found]
    # Not gzipped, so the answer varies only with the language's cookie.
    headers = {k: v for k, v in HEADERS.items() if k != "Vary"} | {"Vary": "Cookie"}
    return JSONResponse(named, headers=headers)
