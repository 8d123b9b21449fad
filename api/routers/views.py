"""The views as HTML pages (vis-network inlined, works offline), served with a strict CSP."""

from __future__ import annotations

import gzip
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import HTMLResponse

from phakhee.api.deps import (
    CurrentVersion,
    Measure,
    Store,
    require_read,
)
from phakhee.queries.drawing.selection import MAX_DRAWN, WEAVE_KINDS
from phakhee.viz.page import csp
from phakhee.viz.view_pages import Filters, diff_html, index_html, view_html

router = APIRouter(
    prefix="/views",
    tags=["views"],
    dependencies=[Depends(require_read)],
    default_response_class=HTMLResponse,
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def _page(html: str, request: Request) -> Response:
    """The page with its CSP; gzipped when the browser takes it (a province office's line is slow:
    a page is 1-3 MB, a tenth of that gzipped)."""
    headers = {**HEADERS, "Content-Security-Policy": csp(), "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        body = gzip.compress(html.encode("utf-8"), compresslevel=5)
        headers["Content-Encoding"] = "gzip"
        return Response(body, media_type="text/html; charset=utf-8", headers=headers)
    return HTMLResponse(html, headers=headers)


def _filters(
    kind: Annotated[
        list[Literal["person", "team", "partner"]] | None,
        Query(description="Kinds to draw; repeat for several (default: all three)."),
    ] = None,
    province: Annotated[
        str | None,
        Query(max_length=100, description="Only this province: id or name (province:nan, น่าน)."),
    ] = None,
    region: Annotated[
        str | None,
        Query(
            max_length=100,
            description="Only this region or one of the network's zones (weave and gaps): id or "
            "name (region:north, zone:northeast-upper, อีสานบน, Upper Northeast).",
        ),
    ] = None,
    min_centrality: Annotated[
        float, Query(ge=0, le=1, description="Leave out nodes less central than this.")
    ] = 0.0,
    measure: Annotated[
        Measure, Query(description="What node size means: a centrality measure.")
    ] = "degree",
    depth: Annotated[int, Query(ge=1, le=2, description="Ego network: ties away.")] = 1,
    limit: Annotated[
        int, Query(ge=1, le=MAX_DRAWN, description="Most nodes drawn one by one.")
    ] = MAX_DRAWN,
    colour: Annotated[
        Literal["kind", "sector", "community"] | None,
        Query(description="What node colour means (default: the view's own)."),
    ] = None,
) -> Filters:
    return Filters(
        list(kind or WEAVE_KINDS), province, min_centrality, measure, depth, limit, colour, region
    )


FiltersDep = Annotated[Filters, Depends(_filters)]
Ident = Annotated[
    str, Path(description="The view's node: its id or a name (province:nan, น่าน, Nan).")
]


@router.get("/", summary="The list of views, with the graph version and the date")
def index(gv: CurrentVersion, request: Request) -> Response:
    return _page(index_html(gv), request)


@router.get("/weave", summary="The whole weave (provinces and regions when large)")
def weave(gv: CurrentVersion, filters: FiltersDep, request: Request) -> Response:
    return _page(view_html(gv, "weave", None, filters), request)


@router.get("/gaps", summary="Brokers highlighted, bridges thick, suggested introductions dashed")
def gaps(gv: CurrentVersion, filters: FiltersDep, request: Request) -> Response:
    return _page(view_html(gv, "gaps", None, filters), request)


@router.get("/province/{id}", summary="A province: team, people, partners by sector, ties out")
def province(id: Ident, gv: CurrentVersion, filters: FiltersDep, request: Request) -> Response:
    return _page(view_html(gv, "province", id, filters), request)


@router.get("/region/{id}", summary="A region, or one of the network's zones, on the map")
def region(id: Ident, gv: CurrentVersion, filters: FiltersDep, request: Request) -> Response:
    return _page(view_html(gv, "region", id, filters), request)


@router.get("/topic/{id}", summary="A topic: who works on it, lessons, authors")
def topic(id: Ident, gv: CurrentVersion, filters: FiltersDep, request: Request) -> Response:
    return _page(view_html(gv, "topic", id, filters), request)


@router.get("/sector/{sector}", summary="Partners of a sector (or all), by sector")
def sector(sector: str, gv: CurrentVersion, filters: FiltersDep, request: Request) -> Response:
    return _page(view_html(gv, "sector", sector, filters), request)


@router.get("/ego/{id}", summary="A person, team or partner and everyone near")
def ego(id: Ident, gv: CurrentVersion, filters: FiltersDep, request: Request) -> Response:
    return _page(view_html(gv, "ego", id, filters), request)


@router.get(
    "/diff",
    summary="What changed between two snapshots: ties added in green, lost in red (dashed)",
)
def snapshot_diff(
    store: Store,
    request: Request,
    a: Annotated[int, Query(ge=1, le=2**53, description="The earlier snapshot's id.")],
    b: Annotated[int, Query(ge=1, le=2**53, description="The later snapshot's id.")],
    limit: Annotated[
        int, Query(ge=1, le=MAX_DRAWN, description="Most changed nodes drawn.")
    ] = MAX_DRAWN,
) -> Response:
    return _page(diff_html(store, a, b, limit=limit), request)
