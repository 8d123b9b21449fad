"""Questions to the graph: search, who knows what, introductions, maps, ego networks, lessons."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from phakhee.api.deps import (
    CurrentVersion,
    Graph,
    IsoDate,
    Viewer,
    require_read,
)
from phakhee.api.schemas import EgoOut
from phakhee.graph.model import LessonType, Sector
from phakhee.queries.ask.experts import Expert, expert_index, experts
from phakhee.queries.ask.introductions import Chain, introductions
from phakhee.queries.ask.maps import PartnershipMap, partnership_map
from phakhee.queries.ask.neighbourhood import LessonEntry, ego, lessons
from phakhee.queries.ask.resolve import EVERY_KIND, node, optional, optional_area
from phakhee.queries.ask.search import Hit, index_of, search
from phakhee.queries.collaboration import collaboration_graph

router = APIRouter(tags=["questions"], dependencies=[Depends(require_read)])
Text = Annotated[str, Query(min_length=1, max_length=200)]


@router.get("/search")
def search_nodes(
    gv: CurrentVersion,
    q: Text,
    kind: Annotated[str | None, Query(max_length=20)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[Hit]:
    """Every kind by name, alias, description and tags; Thai with or without spaces, English, typos."""
    return search(index_of(gv), q, kinds=[kind] if kind else None, limit=limit)


@router.get("/experts")
def who_knows(
    gv: CurrentVersion,
    topic: Annotated[
        str | None, Query(max_length=200, description="Topic id or words (Thai or English).")
    ] = None,
    skill: Annotated[str | None, Query(max_length=200, description="Skill id or name.")] = None,
    province: Annotated[str | None, Query(max_length=100)] = None,
    region: Annotated[
        str | None,
        Query(max_length=100, description="A region or a zone of the network: id or name."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[Expert]:
    """People ranked by evidence on a topic and/or skill, with the evidence; with neither, by
    all their evidence (who knows the most, of a province or region if given)."""
    graph = gv.graph
    return experts(
        graph,
        optional(gv, topic, {"topic"}),
        skill=optional(gv, skill, {"skill"}),
        province=optional(gv, province, {"province"}),
        region=optional_area(gv, region),
        limit=limit,
        index=expert_index(gv),
    )


@router.get("/introductions")
def introduce(
    gv: CurrentVersion,
    from_: Annotated[
        str, Query(alias="from", min_length=1, max_length=200, description="A person: id or name.")
    ],
    to: Annotated[
        str,
        Query(min_length=1, max_length=200, description="A person, partner or team: id or name."),
    ],
) -> list[Chain]:
    """Up to three shortest chains of acquaintance, strongest ties first, each step explained
    (422 when from and to are the same person)."""
    graph = gv.graph
    start = node(gv, from_, {"person"})
    goal = node(gv, to, {"person", "partner", "team"})
    return introductions(graph, gv.derived("collaboration", collaboration_graph), start, goal)


Named = Annotated[str, Path(min_length=1, max_length=320, description="An id or a name.")]


@router.get("/maps/province/{province}")
def province_map(province: Named, gv: CurrentVersion) -> PartnershipMap:
    """The partners of a province (by id, Thai or English name), which teams hold each
    partnership, how, and who carries it."""
    return partnership_map(gv.graph, province=node(gv, province, {"province"}))


@router.get("/maps/region/{region}")
def region_map(region: Named, gv: CurrentVersion) -> PartnershipMap:
    """The partners of a region or a zone of the network (by id or name)."""
    area = optional_area(gv, region)
    return partnership_map(gv.graph, region=area)


@router.get("/maps/sector/{sector}")
def sector_map(sector: Sector, graph: Graph) -> PartnershipMap:
    """The partners of one sector across the country."""
    return partnership_map(graph, sector=sector.value)


@router.get("/ego/{node_id}")
def ego_network(
    node_id: Named,
    gv: CurrentVersion,
    viewer: Viewer,
    depth: Annotated[int, Query(ge=1, le=2)] = 1,
    ties: Annotated[
        list[str] | None, Query(max_length=13, description="Only these tie kinds.")
    ] = None,
) -> EgoOut:
    """A node (by id or name) with its neighbourhood to depth 1 or 2 (personal fields only with
    a write key)."""
    center = node(gv, node_id, EVERY_KIND)
    found = ego(gv.graph, center, depth=depth, tie_kinds=set(ties) if ties else None)
    return EgoOut.of(found.center, found.nodes, found.ties, viewer)


@router.get("/lessons")
def list_lessons(
    gv: CurrentVersion,
    topic: Annotated[str | None, Query(max_length=200)] = None,
    province: Annotated[str | None, Query(max_length=100)] = None,
    type: LessonType | None = None,
    author: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[IsoDate | None, Query(description="From this day (YYYY-MM-DD).")] = None,
    until: Annotated[IsoDate | None, Query(description="Up to this day (YYYY-MM-DD).")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[LessonEntry]:
    """Lessons by topic, province, type, author and date range, newest first."""
    return lessons(
        gv.graph,
        topic=optional(gv, topic, {"topic"}),
        province=optional(gv, province, {"province"}),
        lesson_type=type.value if type else None,
        author=optional(gv, author, {"person", "team"}),
        since=since,
        until=until,
        limit=limit,
    )
