"""Policy outcomes: the policies lessons and events led to, counted by province, level and type.

A lesson or an event records a policy with its ``policy`` name and, each optional, its
``policy_level`` (village … country), ``policy_type`` (a subdistrict charter, an MOU, …) and
``policy_year`` (Buddhist Era). A policy is in the province its lesson or event is located in
(through a district or subdistrict too: ``gaps.located``). The same name recorded by a lesson
and by the event it was presented at is one policy per node: each node that records it counts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx

from phakhee.graph.geography import provinces_in
from phakhee.queries.analytics.gaps import located_in
from phakhee.queries.cache import GraphVersion


@dataclass(frozen=True, slots=True)
class Policy:
    """One policy outcome: the lesson or event that records it, and what it says."""

    source: str
    name: str
    level: str | None
    type: str | None
    year: int | None


@dataclass(slots=True)
class Policies:
    """A place's policy outcomes: how many, by level and by type, newest first."""

    total: int = 0
    by_level: dict[str, int] = field(default_factory=dict)
    by_type: dict[str, int] = field(default_factory=dict)
    items: list[Policy] = field(default_factory=list)


def policies(g: nx.MultiDiGraph, where: dict[str, str]) -> dict[str, Policies]:
    """The policy outcomes of every province that has one.

    Parameters
    ----------
    g : the projection.
    where : each node's province (``gaps.located``).

    Returns
    -------
    ``{province id: Policies}``, each province's items newest first (undated last), then by id.
    """
    found: dict[str, list[Policy]] = defaultdict(list)
    for node, d in g.nodes(data=True):
        name = d.get("policy")
        if name and d.get("kind") in ("lesson", "event") and node in where:
            year = d.get("policy_year")
            found[where[node]].append(
                Policy(
                    node,
                    str(name),
                    d.get("policy_level"),
                    d.get("policy_type"),
                    int(year) if year is not None else None,
                )
            )
    return {p: _counted(items) for p, items in sorted(found.items())}


def _counted(items: list[Policy]) -> Policies:
    items = sorted(items, key=lambda x: x.source)
    items.sort(key=lambda x: x.year or 0, reverse=True)
    levels = Counter(x.level for x in items if x.level)
    types = Counter(x.type for x in items if x.type)
    return Policies(len(items), dict(sorted(levels.items())), dict(sorted(types.items())), items)


def policies_of(gv: GraphVersion) -> dict[str, Policies]:
    """``policies`` of this graph version, by province, cached."""
    return gv.derived("policies", lambda g: policies(g, located_in(gv)))


def place_policies(gv: GraphVersion, place: str) -> Policies:
    """The policy outcomes of a province, region, zone or ``"country"``, all its provinces' together."""
    by_province = policies_of(gv)
    provinces = sorted(by_province) if place == "country" else sorted(provinces_in(place))
    return _counted([x for p in provinces for x in by_province.get(p, Policies()).items])
