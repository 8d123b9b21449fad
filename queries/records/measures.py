"""The measures exports and snapshots carry: the analytics' centrality, the scorecard's indicators.

``centrality``: PageRank of people (on the collaboration graph), teams and partners (on the
organisation graph), as ``queries.analytics.centrality`` computes it — above the views' size limit, over
the weave, as the views do — the ``centrality`` attribute of GEXF, GraphML and CSV exports and
the measure snapshot diffs rank movers by.
``indicators``: how many provinces meet, partly meet or miss each scorecard indicator
(``queries.analytics.scorecard``), with a few network-level counts — what a snapshot records and a diff
compares.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

import networkx as nx

from phakhee.queries.analytics.gaps import Ties, sectors_by_province
from phakhee.queries.analytics.scorecard import MET, PARTLY, scorecards
from phakhee.queries.cache import GraphVersion
from phakhee.queries.drawing.view_inputs import map_layout, sizes

Measure = Callable[[nx.MultiDiGraph], dict[str, float]]


EXPORTED = "pagerank"
"""The centrality measure exports write and diffs rank movers by."""


def centrality_of(gv: GraphVersion) -> dict[str, float]:
    """The exported centrality of every person, team and partner (cached by graph version): what
    the views size nodes by — the analytics' PageRank, or above the views' size limit PageRank
    over the weave (the 100,000-person collaboration graph alone holds gigabytes)."""
    return sizes(gv, EXPORTED)


def exported_centrality(graph: nx.MultiDiGraph) -> dict[str, float]:
    """The exported centrality in any projection (a stored snapshot's graph, say)."""
    return centrality_of(GraphVersion(graph))


CENTRALITY: Measure = exported_centrality

WITH_CENTRALITY = frozenset({"gexf", "graphml", "csv"})
"""Formats that carry a centrality attribute."""


def extras(gv: GraphVersion, format: str) -> dict[str, Any]:
    """What an export in ``format`` carries beside the graph: centrality, and for Gephi the
    map layout of the views as positions."""
    out: dict[str, Any] = {}
    if format in WITH_CENTRALITY:
        out["centrality"] = centrality_of(gv)
    if format == "gexf":
        out["positions"] = map_layout(gv)
    return out


def indicators(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Network-level indicators a snapshot records, as of today.

    Provinces with a provincial team, with a government / private / civil-society partner
    (indicator 3), ties between people of different provinces (cross-province exchange,
    outcome 1), lessons (knowledge assets) and events held; then, for each indicator of the
    province scorecard, how many provinces meet it ("1.4 met") and partly meet it ("1.4 partly").
    """
    kinds = graph.nodes
    ties = Ties(graph)
    province = ties.where  # ``gaps.located``, from the same pass over the ties
    sectors = sectors_by_province(graph, ties)
    with_team = {province[n] for n, k in kinds(data="kind") if k == "team" and n in province}
    with_sector: dict[str, set[str]] = defaultdict(set)
    for p, found in sectors.items():
        for sector in found:
            with_sector[sector].add(p)
    cross = sum(
        1
        for k, found in ties.by_kind.items()
        if k != "located_in"
        for s, t, _ in found
        if s in province
        and t in province
        and province[s] != province[t]
        and kinds[s].get("kind") == kinds[t].get("kind") == "person"
    )
    count = Counter(k for _, k in kinds(data="kind"))
    return {
        "provinces_with_team": len(with_team),
        "provinces_with_government_partner": len(with_sector.get("government", ())),
        "provinces_with_private_partner": len(with_sector.get("private", ())),
        "provinces_with_civil_society_partner": len(with_sector.get("civil_society", ())),
        "cross_province_person_ties": cross,
        "lessons": count["lesson"],
        "events": count["event"],
    } | scorecard_counts(graph)


def scorecard_counts(graph: nx.MultiDiGraph) -> dict[str, float]:
    """How many provinces meet and partly meet each scorecard indicator, as of today."""
    out: Counter[str] = Counter()
    for card in scorecards(graph).values():
        for ind in card.indicators:
            out[f"{ind.code} met"] += ind.status == MET
            out[f"{ind.code} partly"] += ind.status == PARTLY
    return dict(sorted(out.items()))


INDICATORS: Callable[[nx.MultiDiGraph], dict[str, float]] = indicators
"""The indicators snapshots record and diffs compare."""
