"""The dashboards of a province (``/provinces/nan``), a region (``/regions/north``), one of the
network's zones (``/zones/northeast-upper``; a zone's name in the address, ``/zones/อีสานบน``,
leads there) and the whole country (``/country``): scorecard, gaps to act on, partners by sector,
brokers, lessons, introductions, and the network-weaver measures beside the last snapshot's."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import RedirectResponse

from phakhee.api.deps import CurrentVersion, Store
from phakhee.api.routers.web.common import TAG, Lang, page
from phakhee.graph.errors import NotFound
from phakhee.queries.pages import place as pl
from phakhee.viz.web.links import node_href
from phakhee.viz.web.words import N_

router = APIRouter(tags=[TAG], include_in_schema=False)
Slug = Annotated[str, Path(min_length=1, max_length=100)]

INDICATORS: dict[str, str] = {
    "1.2": N_("A team or working group exists"),
    "1.3": N_("Clear roles"),
    "1.4": N_("Meetings held continuously"),
    "1.5": N_("Skills: coaching, facilitation, KM, team management, communication, weaving"),
    "2.1": N_("Self-assessment for improvement"),
    "3.1": N_("Joint policy and thematic work with partners"),
    "3.2": N_("Results-oriented partner mechanisms (joint events)"),
    "3.3": N_("Integration of people, work and budget"),
}
"""The scorecard's indicators (``queries.analytics.scorecard``), as the pages name them."""
FIGURES: dict[str, str] = {
    "team_members": N_("%(n)s members"),
    "core_roles_filled": N_("%(n)s of 3 core roles"),
    "meetings_12m": N_("%(n)s meetings in 12 months"),
    "skills_covered": N_("%(n)s of 6 skills"),
    "latest_mean": N_("mean %(n)s of 10"),
    "partnerships": N_("%(n)s partnerships"),
    "joint_events_12m": N_("%(n)s joint events in 12 months"),
    "shared_budget_partnerships": N_("%(n)s partnerships with shared budget"),
}
"""Each indicator's main figure, with its unit."""
STATUSES: dict[str, str] = {"met": N_("met"), "partly": N_("partly met"), "not met": N_("not met")}
SECTORS: dict[str, str] = {
    "government": N_("government"),
    "private": N_("private sector"),
    "civil_society": N_("civil society"),
    "target_group": N_("target groups"),
    "other": N_("other"),
}
MISSING: dict[str, str] = {
    "government": N_("No government partner yet: invite a provincial office to a network meeting."),
    "private": N_(
        "No private-sector partner yet: approach a local business or chamber of commerce."
    ),
    "civil_society": N_(
        "No civil-society partner yet: reach out to a foundation or community group."
    ),
    "target_group": N_(
        "No target-group partner yet: bring in a group of the people the work is for."
    ),
}
"""Each missing sector of a province, as the next step to take."""
MISSING_IN: dict[str, str] = {
    "government": N_("%(n)s provinces have no government partner yet:"),
    "private": N_("%(n)s provinces have no private-sector partner yet:"),
    "civil_society": N_("%(n)s provinces have no civil-society partner yet:"),
    "target_group": N_("%(n)s provinces have no target-group partner yet:"),
}
STAGES: dict[str, tuple[str, str]] = {
    "scattered": (
        N_("Scattered fragments"),
        N_("Small groups that do not reach each other yet: connect them through shared work."),
    ),
    "hub": (
        N_("One hub and its spokes"),
        N_("One person holds the network together: help others make ties of their own."),
    ),
    "multi_hub": (
        N_("Several hubs"),
        N_("Several weavers link the groups: grow a core of people who work together often."),
    ),
    "core_periphery": (
        N_("Core and periphery"),
        N_("A strong core with people around it: the core reaches out to new people and places."),
    ),
}
"""The network-weaver stages (``queries.analytics.weaver``): a name and what it means."""
WEAVE_FIGURES: dict[str, str] = {
    "people": N_("People"),
    "ties": N_("Ties among them"),
    "components": N_("Separate groups"),
    "isolates": N_("People with no tie"),
    "centralization": N_("How much one hub dominates (degree centralization)"),
    "top_share": N_("Share of ties held by the best-tied person"),
    "core_k": N_("Depth of the core (each tied to k others of it)"),
    "core": N_("People in the core"),
    "periphery": N_("People around the core"),
    "cross_province": N_("Ties across provinces"),
    "cross_province_share": N_("Share of ties across provinces"),
    "cross_sector": N_("Ties across sectors"),
    "cross_sector_share": N_("Share of ties across sectors"),
}
SHARES = ("centralization", "top_share", "cross_province_share", "cross_sector_share")
"""The weave's figures between 0 and 1 (the page writes them as percentages)."""


def _dashboard(request: Request, gv, store, lang, place: str) -> Response:
    board = pl.dashboard(gv, place)
    return page(
        request,
        lang,
        "place.html",
        board=board,
        weaving=pl.weaving(gv, store, board),
        indicators=INDICATORS,
        figures=FIGURES,
        statuses=STATUSES,
        sectors=SECTORS,
        missing=MISSING,
        missing_in=MISSING_IN,
        stages=STAGES,
        weave_figures=WEAVE_FIGURES,
        shares=SHARES,
    )


@router.get("/provinces/{slug}")
def province(
    slug: Slug, request: Request, gv: CurrentVersion, store: Store, lang: Lang
) -> Response:
    """A province's dashboard."""
    return _dashboard(request, gv, store, lang, pl.place_id(gv, "province", slug))


@router.get("/regions/{slug}")
def region(slug: Slug, request: Request, gv: CurrentVersion, store: Store, lang: Lang) -> Response:
    """A region's dashboard."""
    return _dashboard(request, gv, store, lang, pl.place_id(gv, "region", slug))


@router.get("/zones/{slug}")
def zone(slug: Slug, request: Request, gv: CurrentVersion, store: Store, lang: Lang) -> Response:
    """A zone's dashboard; an address naming the zone otherwise (``/zones/อีสานบน``,
    ``/zones/Upper Northeast``) is sent on to its own (308)."""
    try:
        place = pl.place_id(gv, "zone", slug)
    except NotFound:
        return RedirectResponse(node_href(pl.zone_named(slug)), status_code=308)
    return _dashboard(request, gv, store, lang, place)


@router.get("/country")
def country(request: Request, gv: CurrentVersion, store: Store, lang: Lang) -> Response:
    """The whole network's dashboard, with every region and province linked."""
    return _dashboard(request, gv, store, lang, pl.COUNTRY)
