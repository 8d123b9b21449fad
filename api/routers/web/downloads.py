"""The download page: choose an export format and a scope; the file comes from the export route
(``GET /export/{format}``), so a download passes the same privacy gate as the API's."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse

from phakhee.api.deps import CurrentVersion
from phakhee.api.export_files import NAMES, file_type
from phakhee.api.routers.web.common import TAG, Lang, page
from phakhee.graph.errors import Ambiguous, NotFound
from phakhee.queries.ask import resolve
from phakhee.queries.pages import downloads as facts
from phakhee.viz.web import catalogue
from phakhee.viz.web.words import N_

router = APIRouter(tags=[TAG], include_in_schema=False)
FORMATS: dict[str, str] = {
    "gexf": N_("For Gephi: draw and explore the network, with positions and centrality."),
    "graphml": N_("GraphML: opens in Cytoscape, yEd and most network tools."),
    "json": N_("Node-link JSON: for programs and programmers (NetworkX, D3)."),
    "csv": N_("Nodes and ties as CSV files in one zip: for Excel, Google Sheets or R."),
    "cypher": N_("Cypher statements that load the network into Neo4j."),
    "xlsx": N_("An Excel workbook in the upload template's layout: edit it and upload it back."),
    "html": N_("The network view as one web page that opens offline in any browser."),
}
"""What each export format is for, one line each (in the order ``export_files.NAMES`` gives)."""
EGO_KINDS = ("person", "team", "partner")
"""Whose ego network the page offers (typed by name)."""
Scope = Literal["all", "province", "region", "topic", "ego"]
Choice = Annotated[str, Query(max_length=250, pattern=r"^[^\x00-\x1f\x7f]*$")]


def _export(format: str, scope: str | None) -> str:
    """The export route's address for ``format`` and ``scope`` (``province=province:nan``)."""
    return f"/export/{format}" + (f"?{urlencode({'scope': scope})}" if scope else "")


@router.get("/download")
def download(
    request: Request,
    lang: Lang,
    gv: CurrentVersion,
    format: Annotated[Literal[NAMES] | None, Query()] = None,  # type: ignore[valid-type]
    scope: Scope = "all",
    province: Choice = "",
    region: Choice = "",
    topic: Choice = "",
    ego: Choice = "",
) -> Response:
    """The form; once a format is chosen, the file from the export route (a province, region or
    zone, topic or ego network as chosen: a name typed for an ego network that fits more than one, or
    none, is asked about on the form)."""
    chosen = {"province": province, "region": region, "topic": topic, "ego": ego}
    names: list[tuple[str, str]] = []
    problem = heading = ""
    if format is not None:
        text = chosen.get(scope, "").strip()
        if scope == "all":
            return RedirectResponse(_export(format, None), status_code=303)
        if text:
            try:
                if scope == "region":  # a region or one of the zones, by any of its names
                    node = resolve.optional_area(gv, text)
                else:
                    node = resolve.node(gv, text, EGO_KINDS if scope == "ego" else (scope,))
                return RedirectResponse(_export(format, f"{scope}={node}"), status_code=303)
            except Ambiguous as e:
                names = list(e.candidates)
                problem = catalogue.gettext(lang, "That name fits more than one entry.")
                heading = catalogue.gettext(lang, "That name fits more than one; choose one")
            except NotFound as e:
                names = list(e.suggestions)
                problem = catalogue.gettext(lang, "Nothing in the network has that name.")
                heading = catalogue.gettext(lang, "Did you mean")
        else:
            problem = catalogue.gettext(lang, "Please choose or type what the file should hold.")
    say = catalogue.translations(lang).gettext
    return page(
        request,
        lang,
        "download.html",
        choices=facts.choices(gv),
        formats=[(n, file_type(n)[0], say(FORMATS[n])) for n in NAMES],
        format=format or NAMES[0],
        scope=scope,
        chosen=chosen,
        names=[(n, name, _export(format or NAMES[0], f"{scope}={n}")) for n, name in names],
        problem=problem,
        names_heading=heading,
    )
