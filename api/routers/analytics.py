"""Weave analytics over HTTP: centrality, brokers, communities, gaps, suggestions, scorecards.

Every analysis is computed once per graph version in the thread pool (plain ``def`` routes), so a
long first computation holds up only the requests that need it. Each answer is made whole by
``GraphVersion.refreshed`` (its parameters in the name, up to the largest ``limit``; a request's
limit is a slice of it): after a write, the answer of the version before answers at once, marked
stale, while the new version's is computed in the background.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from phakhee.api.deps import CurrentVersion, Measure, require_read
from phakhee.graph.geography import in_area
from phakhee.queries.analytics import brokers as b
from phakhee.queries.analytics import communities as cm
from phakhee.queries.analytics import gaps as gp
from phakhee.queries.analytics import scorecard as sc
from phakhee.queries.analytics import suggestions as sg
from phakhee.queries.analytics.centrality import DESCRIPTIONS, Ranked, exact_for, ranked
from phakhee.queries.ask.resolve import optional, optional_area
from phakhee.queries.cache import GraphVersion

router = APIRouter(tags=["analytics"], dependencies=[Depends(require_read)])
MOST = 200
"""The largest ``limit``: what an answer is computed with, and sliced from."""
Limit = Annotated[int, Query(ge=1, le=MOST)]
Place = Annotated[
    str | None, Query(min_length=1, max_length=100, description="A province: id or name.")
]


def _province(gv: GraphVersion, text: str | None) -> str | None:
    """The province a parameter names (id, Thai or English name, with or without จังหวัด);
    NotFound (with near misses) if none."""
    return optional(gv, text, {"province"})


class CentralityOut(BaseModel):
    """The highest scores of one measure, and what the measure means."""

    measure: Measure
    description: str
    exact: bool
    items: list[Ranked]


class BrokersOut(BaseModel):
    """Brokers by the stated rule (``rule``, ``rule_th``), most people cut off first: ``total`` in
    all, up to ``limit`` listed; partnerships carried by one member; how many bridges."""

    rule: str = Field(description="Who is a broker and in what order, in English.")
    rule_th: str = Field(description="The same rule in Thai.")
    total: int = Field(
        description="How many brokers the rule names in all (in the province, if given)."
    )
    brokers: list[b.Broker]
    single_carriers: list[b.SingleCarrier]
    bridges: int


class CommunitiesOut(BaseModel):
    """Communities (largest first) with their modularity; the innermost core; peripheral people."""

    modularity: float
    count: int
    communities: list[cm.Community]
    max_core: int
    peripheral_count: int
    peripheral: list[cm.Peripheral]


class GapsOut(BaseModel):
    """Each gap finder's list (up to ``limit`` items each) and how many each found in all."""

    totals: dict[str, int]
    missing_sectors: list[gp.SectorGap]
    operational_only: list[gp.LevelGap]
    skill_gaps: list[gp.SkillGap]
    topics_without_lessons: list[gp.TopicGap]
    unshared_lessons: list[gp.UnsharedLesson]
    silent_pairs: list[gp.SilentPair]
    missing_partner_types: list[gp.PartnerTypeGap] = []


@router.get("/analytics/centrality")
def centrality(
    gv: CurrentVersion,
    measure: Measure = "degree",
    kind: Literal["person", "team", "partner"] | None = None,
    province: Place = None,
    limit: Limit = 20,
) -> CentralityOut:
    """The most central people, teams or partners by one measure (scores normalised to 0-1)."""
    place = _province(gv, province)

    def build(_: object) -> CentralityOut:
        return CentralityOut(
            measure=measure,
            description=DESCRIPTIONS[measure],
            exact=exact_for(gv, measure),
            items=ranked(gv, measure, kind=kind, province=place, limit=MOST),
        )

    found = gv.refreshed(f"analytics:centrality:{measure}:{kind}:{place}", build).value
    return found.model_copy(update={"items": found.items[:limit]})


@router.get("/analytics/brokers")
def brokers(gv: CurrentVersion, province: Place = None, limit: Limit = 20) -> BrokersOut:
    """The people without whom the weave splits (cut points), those who cut off the most people
    first, up to ``limit`` of ``total``; partnerships carried by one member; bridges."""
    place = _province(gv, province)

    def build(_: object) -> BrokersOut:
        return BrokersOut(
            rule=b.RULE,
            rule_th=b.RULE_TH,
            total=len(b.broker_ids(gv, place)),
            brokers=b.brokers(gv, limit=MOST, province=place),
            single_carriers=b.carried_by_one(gv, place)[:MOST],
            bridges=len(b.bridges(gv)),
        )

    found = gv.refreshed(f"analytics:brokers:{place}", build).value
    return found.model_copy(
        update={"brokers": found.brokers[:limit], "single_carriers": found.single_carriers[:limit]}
    )


@router.get("/analytics/communities")
def communities(gv: CurrentVersion, province: Place = None, limit: Limit = 20) -> CommunitiesOut:
    """Louvain communities (seeded) and how they cut across provinces; core and periphery."""
    place = _province(gv, province)

    def build(_: object) -> CommunitiesOut:
        found = cm.communities(gv)
        core = cm.core_periphery(gv, province=place)
        return CommunitiesOut(
            modularity=found.modularity,
            count=len(found.communities),
            communities=found.communities[:MOST],
            max_core=core.max_core,
            peripheral_count=len(core.peripheral),
            peripheral=core.peripheral[:MOST],
        )

    found = gv.refreshed(f"analytics:communities:{place}", build).value
    return found.model_copy(
        update={"communities": found.communities[:limit], "peripheral": found.peripheral[:limit]}
    )


@router.get("/analytics/gaps")
def gaps(gv: CurrentVersion, province: Place = None, limit: Limit = 50) -> GapsOut:
    """Holes in the weave, each with its evidence: sectors, levels, skills, lessons, exchanges."""
    place = _province(gv, province)

    def build(_: object) -> GapsOut:
        found = gp.all_gaps(gv)
        lists = {name: getattr(found, name) for name in gp.Gaps.__dataclass_fields__}
        if place is not None:
            lists = {
                name: items if name == "topics_without_lessons" else gp.in_province(items, place)
                for name, items in lists.items()
            }
        return GapsOut(
            totals={name: len(items) for name, items in lists.items()},
            **{name: items[:MOST] for name, items in lists.items()},
        )

    found = gv.refreshed(f"analytics:gaps:{place}", build).value
    return found.model_copy(
        update={
            name: getattr(found, name)[:limit] for name in GapsOut.model_fields if name != "totals"
        }
    )


@router.get("/analytics/suggestions")
def suggestions(
    gv: CurrentVersion,
    province: Place = None,
    score: Literal["adamic_adar", "resource_allocation"] = "adamic_adar",
    limit: Limit = 20,
) -> list[sg.Suggestion]:
    """Introductions worth making: same topic, different province, one go-between, best first."""
    place = _province(gv, province)
    found = gv.refreshed(
        f"analytics:suggestions:{place}:{score}",
        lambda _: sg.suggestions(gv, limit=MOST, province=place, score=score),
    )
    return found.value[:limit]


@router.get("/scorecards")
def scorecards(
    gv: CurrentVersion,
    region: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=50,
            description="Only this region or zone of the network: id or name (ภาคเหนือ, อีสานบน).",
        ),
    ] = None,
) -> list[sc.Scorecard]:
    """The learning-organisation scorecard of every province where the network is present."""
    place = optional_area(gv, region)
    cards = _scorecards(gv).values()
    return [c for c in cards if place is None or in_area(c.province, place)]


@router.get("/scorecards/{province}")
def scorecard(
    province: Annotated[str, Path(min_length=1, max_length=100, description="Id or name.")],
    gv: CurrentVersion,
) -> sc.Scorecard:
    """One province's scorecard: each indicator's status and figures, beside its region and the country."""
    place = _province(gv, province)
    return gv.refreshed(
        f"analytics:scorecard:{place}:{dt.date.today()}",
        lambda _: sc.scorecard(gv, place),  # type: ignore[arg-type]
    ).value


def _scorecards(gv: GraphVersion) -> dict[str, sc.Scorecard]:
    """Every province's scorecard of today, stale while refreshed after a write."""
    return gv.refreshed(
        f"analytics:scorecards:{dt.date.today()}", lambda _: sc.all_scorecards(gv)
    ).value
