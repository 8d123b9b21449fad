"""What changed between two snapshots: nodes and ties, partners by province and sector, movers, indicators."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from phakhee.graph.store import GraphStore
from phakhee.queries.analytics.gaps import Ties, sectors_by_province
from phakhee.queries.records.measures import CENTRALITY, INDICATORS, Measure
from phakhee.queries.records.snapshots import load_snapshot


@dataclass(frozen=True, slots=True)
class NodeChange:
    id: str
    kind: str
    name: str


@dataclass(frozen=True, slots=True)
class TieChange:
    kind: str
    source: str
    target: str


@dataclass(frozen=True, slots=True)
class PartnerChange:
    """Partners a province's teams gained or lost, of one sector."""

    province: str
    sector: str
    gained: list[str]
    lost: list[str]


@dataclass(frozen=True, slots=True)
class Mover:
    id: str
    name: str
    before: float
    after: float

    @property
    def change(self) -> float:
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class IndicatorChange:
    name: str
    before: float
    after: float
    change: float


@dataclass(slots=True)
class SnapshotDiff:
    """From snapshot (or graph version) ``a`` to ``b``."""

    a: int
    b: int
    nodes_added: list[NodeChange] = field(default_factory=list)
    nodes_removed: list[NodeChange] = field(default_factory=list)
    ties_added: list[TieChange] = field(default_factory=list)
    ties_removed: list[TieChange] = field(default_factory=list)
    partners: list[PartnerChange] = field(default_factory=list)
    movers: list[Mover] = field(default_factory=list)
    indicators: list[IndicatorChange] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON, movers with their change."""
        out = asdict(self)
        out["movers"] = [asdict(m) | {"change": m.change} for m in self.movers]
        return out


def _node(g: nx.MultiDiGraph, n: str) -> NodeChange:
    a = g.nodes[n]
    return NodeChange(n, str(a.get("kind", "")), str(a.get("name", "")))


def _partners(g: nx.MultiDiGraph) -> dict[tuple[str, str], set[str]]:
    """(province, sector) -> the province's partners of that sector (``gaps.partners_by_province``)."""
    return {
        (province, sector): found
        for province, by_sector in sectors_by_province(g, Ties(g)).items()
        for sector, found in by_sector.items()
    }


def diff(
    a: nx.MultiDiGraph,
    b: nx.MultiDiGraph,
    *,
    measure: Measure = CENTRALITY,
    scorecard: Callable[[nx.MultiDiGraph], dict[str, float]] = INDICATORS,
    movers: int = 10,
    recorded: tuple[dict[str, float], dict[str, float]] | None = None,
) -> SnapshotDiff:
    """What changed from graph ``a`` to graph ``b`` (two snapshots' graphs, or any projections).

    ``measure`` gives each node's centrality in a graph; the movers are the ``movers`` nodes whose
    centrality changed most (by absolute change, then id), a node absent from a graph counting 0;
    ``scorecard`` gives the indicators compared, unless ``recorded`` gives each side's own
    (those a snapshot recorded when it was taken, as of its own date).
    """
    out = SnapshotDiff(int(a.graph.get("version", 0)), int(b.graph.get("version", 0)))
    out.nodes_added = [_node(b, n) for n in sorted(set(b) - set(a))]
    out.nodes_removed = [_node(a, n) for n in sorted(set(a) - set(b))]
    ties_a, ties_b = set(a.edges(keys=True)), set(b.edges(keys=True))
    out.ties_added = [TieChange(k, s, t) for s, t, k in sorted(ties_b - ties_a)]
    out.ties_removed = [TieChange(k, s, t) for s, t, k in sorted(ties_a - ties_b)]
    pa, pb = _partners(a), _partners(b)
    for key in sorted(set(pa) | set(pb)):
        gained, lost = (
            pb.get(key, set()) - pa.get(key, set()),
            pa.get(key, set()) - pb.get(key, set()),
        )
        if gained or lost:
            out.partners.append(PartnerChange(*key, sorted(gained), sorted(lost)))
    ca, cb = measure(a), measure(b)
    names = {n: d.get("name", n) for g in (a, b) for n, d in g.nodes(data=True)}
    moved = [
        Mover(n, str(names.get(n, n)), ca.get(n, 0.0), cb.get(n, 0.0))
        for n in set(ca) | set(cb)
        if ca.get(n, 0.0) != cb.get(n, 0.0)
    ]
    moved.sort(key=lambda m: (-abs(m.change), m.id))
    out.movers = moved[:movers]
    ia, ib = recorded or (scorecard(a), scorecard(b))
    out.indicators = [IndicatorChange(k, ia[k], ib.get(k, 0), ib.get(k, 0) - ia[k]) for k in ia]
    return out


def diff_snapshots(store: GraphStore, a: int, b: int, movers: int = 10) -> SnapshotDiff:
    """What changed from stored snapshot ``a`` to ``b``, indicators as each recorded them."""
    info_a, graph_a = load_snapshot(store, a)
    info_b, graph_b = load_snapshot(store, b)
    recorded = (info_a.summary.get("indicators", {}), info_b.summary.get("indicators", {}))
    return diff(graph_a, graph_b, movers=movers, recorded=recorded)
