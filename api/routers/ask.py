"""Questions to the graph: search, who knows what, introductions, maps, ego networks, lessons."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from phakhee.api.deps import (
    CurrentVersion,
    Graph,
    IsoDate,
    Viewer,
    require_read_access,
)
from phakhee.api.schemas import EgoOut
from phakhee.graph.model import LessonType, Sector
from phakhee.queries.ask.experts import Expert, ExpertIndex, experts
from phakhee.queries.ask.introductions import Chain, introductions
from phakhee.queries.ask.maps import PartnershipMap, partnership_map
from phakhee.queries.ask.neighbourhood import LessonEntry, ego, lessons
from phakhee.queries.ask.search import Hit, index_of, resolve, search
from phakhee.queries.collaboration import collaboration_graph

router = APIRouter(tags=["questions"], dependencies=[Depends(require_read_access)])
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
    region: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[Expert]:
    """People ranked by evidence on a topic and/or skill, with the evidence; with neither, by
    all their evidence (who knows the most, of a province or region if given)."""
    graph = gv.graph
    return experts(
        graph,
        resolve(gv, topic, {"topic"}),
        skill=resolve(gv, skill, {"skill"}),
        province=resolve(gv, province, {"province"}),
        region=resolve(gv, region, {"region"}),
        limit=limit,
        index=gv.derived("experts", ExpertIndex),
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
    """Up to three shortest chains of acquaintance, strongest ties first, each step explained."""
    graph = gv.graph
    start = resolve(gv, from_, {"person"})
    goal = resolve(gv, to, {"person", "partner", "team"})
    return introductions(graph, gv.derived("collaboration", collaboration_graph), start, goal)  # type: ignore[arg-type]


@router.get("/maps/province/{province}")
def province_map(province: str, graph: Graph) -> PartnershipMap:
    """The partners of a province, which teams hold each partnership, how, and who carries it."""
    return partnership_map(graph, province=province)


@router.get("/maps/region/{region}")
def region_map(region: str, graph: Graph) -> PartnershipMap:
    """The partners of a region."""
    return partnership_map(graph, region=region)


@router.get("/maps/sector/{sector}")
def sector_map(sector: Sector, graph: Graph) -> PartnershipMap:
    """The partners of one sector across the country."""
    return partnership_map(graph, sector=sector.value)


@router.get("/ego/{node_id}")
def ego_network(
    node_id: str,
    graph: Graph,
    viewer: Viewer,
    depth: Annotated[int, Query(ge=1, le=2)] = 1,
    ties: Annotated[
        list[str] | None, Query(max_length=13, description="Only these tie kinds.")
    ] = None,
) -> EgoOut:
    """A node with its neighbourhood to depth 1 or 2 (personal fields only with a write key)."""
    found = ego(graph, node_id, depth=depth, tie_kinds=set(ties) if ties else None)
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
        topic=resolve(gv, topic, {"topic"}),
        province=resolve(gv, province, {"province"}),
        lesson_type=type.value if type else None,
        author=resolve(gv, author, {"person", "team"}),
        since=since,
        until=until,
        limit=limit,
    )
