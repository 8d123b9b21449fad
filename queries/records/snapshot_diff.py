"""What changed between two snapshots: nodes and ties added, removed and changed, partners by
province and sector, districts with work gained and lost, movers, indicators."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from phakhee.graph.geography import districts_of
from phakhee.graph.privacy import PUBLIC
from phakhee.graph.store import GraphStore
from phakhee.queries.analytics.coverage import coverage, place_names, worked_districts
from phakhee.queries.analytics.gaps import Ties, sectors_by_province
from phakhee.queries.records.measures import CENTRALITY, Measure
from phakhee.queries.records.snapshots import load_snapshot, recorded_indicators


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
class FieldChange:
    """One field of a node or tie whose value changed: its value before and after (None: not
    set), or, for a personal field (``graph.privacy.PERSONAL_FIELDS``), only its name and
    ``personal`` true: a diff never holds a personal value."""

    field: str
    before: Any = None
    after: Any = None
    personal: bool = False


@dataclass(frozen=True, slots=True)
class ChangedNode:
    """A node in both graphs whose fields changed (its name as in the later graph)."""

    id: str
    kind: str
    name: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class ChangedTie:
    """A tie, (source, target, kind), in both graphs whose fields changed."""

    kind: str
    source: str
    target: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class PartnerChange:
    """Partners a province's teams gained or lost, of one sector."""

    province: str
    sector: str
    gained: list[str]
    lost: list[str]


@dataclass(frozen=True, slots=True)
class CoverageChange:
    """A province's districts with work gained and lost (by code), and its coverage before and
    after (districts with work ÷ all its districts)."""

    province: str
    before: float
    after: float
    gained: list[str]
    lost: list[str]

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON: the province and each district with its Thai and English names."""
        name, name_en = place_names(self.province)
        return {
            "province": self.province,
            "name": name,
            "name_en": name_en,
            "before": self.before,
            "after": self.after,
            "gained": [named(d) for d in self.gained],
            "lost": [named(d) for d in self.lost],
        }


def named(place_id: str) -> dict[str, str | None]:
    """A province or district as a diff's JSON names it: ``id``, ``name`` (Thai), ``name_en``."""
    name, name_en = place_names(place_id)
    return {"id": place_id, "name": name, "name_en": name_en}


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
    nodes_changed: list[ChangedNode] = field(default_factory=list)
    ties_changed: list[ChangedTie] = field(default_factory=list)
    partners: list[PartnerChange] = field(default_factory=list)
    movers: list[Mover] = field(default_factory=list)
    indicators: list[IndicatorChange] = field(default_factory=list)
    coverage: list[CoverageChange] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON, movers with their change."""
        out = asdict(self)
        out["movers"] = [asdict(m) | {"change": m.change} for m in self.movers]
        out["coverage"] = [c.as_dict() for c in self.coverage]
        return out


def _node(g: nx.MultiDiGraph, n: str) -> NodeChange:
    a = g.nodes[n]
    return NodeChange(n, str(a.get("kind", "")), str(a.get("name", "")))


def ignored(name: str) -> bool:
    """Whether a field is bookkeeping a diff leaves out: provenance (``_source``, ``_row``,
    ``_loaded_at``, on a projection built with it), which changes on every load."""
    return name.startswith("_")


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[FieldChange, ...]:
    """The fields set, unset or given another value from ``before`` to ``after``, by name;
    personal ones by name only (the privacy gate's public audience may not see them)."""
    out = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if ignored(name) or old == new:
            continue
        out.append(
            FieldChange(name, old, new)
            if PUBLIC.may_see(name)
            else FieldChange(name, personal=True)
        )
    return tuple(out)


PERSONAL_NOTE = "ส่วนตัว · personal, not shown"
"""What stands for a personal field's values wherever a diff is shown."""


def shown(value: Any) -> str:
    """A field's value as text: lists joined, unset as a dash."""
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def describe(change: FieldChange) -> str:
    """``field: before → after``, or a personal field's name with ``PERSONAL_NOTE``."""
    if change.personal:
        return f"{change.field} ({PERSONAL_NOTE})"
    return f"{change.field}: {shown(change.before)} → {shown(change.after)}"


def _partners(g: nx.MultiDiGraph) -> dict[tuple[str, str], set[str]]:
    """(province, sector) -> the province's partners of that sector (``gaps.partners_by_province``)."""
    return {
        (province, sector): found
        for province, by_sector in sectors_by_province(g, Ties(g)).items()
        for sector, found in by_sector.items()
    }


def coverage_changes(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> list[CoverageChange]:
    """The provinces whose districts with work changed from ``a`` to ``b``, by id."""
    wa, wb = worked_districts(a), worked_districts(b)
    ca, cb = coverage(a, wa), coverage(b, wb)
    out = []
    for province in sorted(p for p in cb if p.startswith("province:")):
        districts = set(districts_of(province))
        gained, lost = sorted((wb - wa) & districts), sorted((wa - wb) & districts)
        if gained or lost:
            before, after = ca[province].share, cb[province].share
            out.append(CoverageChange(province, round(before, 4), round(after, 4), gained, lost))
    return out


def diff(
    a: nx.MultiDiGraph,
    b: nx.MultiDiGraph,
    *,
    measure: Measure = CENTRALITY,
    scorecard: Callable[[nx.MultiDiGraph], dict[str, float]] = recorded_indicators,
    movers: int = 10,
    recorded: tuple[dict[str, float], dict[str, float]] | None = None,
) -> SnapshotDiff:
    """What changed from graph ``a`` to graph ``b`` (two snapshots' graphs, or any projections).

    Nodes and ties (a tie is its (source, target, kind), the projection's edge key) added,
    removed, and changed: those in both whose fields differ, each field named with its values
    before and after, a personal field by name only, provenance left out (``ignored``).

    ``measure`` gives each node's centrality in a graph; the movers are the ``movers`` nodes whose
    centrality changed most (by absolute change, then id), a node absent from a graph counting 0;
    ``scorecard`` gives the indicators compared, unless ``recorded`` gives each side's own
    (those a snapshot recorded when it was taken, as of its own date); ``coverage`` lists the
    provinces whose districts with work were gained or lost.
    """
    out = SnapshotDiff(int(a.graph.get("version", 0)), int(b.graph.get("version", 0)))
    out.nodes_added = [_node(b, n) for n in sorted(set(b) - set(a))]
    out.nodes_removed = [_node(a, n) for n in sorted(set(a) - set(b))]
    ties_a, ties_b = set(a.edges(keys=True)), set(b.edges(keys=True))
    out.ties_added = [TieChange(k, s, t) for s, t, k in sorted(ties_b - ties_a)]
    out.ties_removed = [TieChange(k, s, t) for s, t, k in sorted(ties_a - ties_b)]
    na, nb = a._node, b._node  # plain dicts: a large graph's nodes compared at C speed
    for n in sorted(n for n in na.keys() & nb.keys() if na[n] != nb[n]):
        if fields := changed_fields(na[n], nb[n]):
            node = _node(b, n)
            out.nodes_changed.append(ChangedNode(node.id, node.kind, node.name, fields))
    ea, eb = a._adj, b._adj
    for s, t, k in sorted(
        e for e in ties_a & ties_b if ea[e[0]][e[1]][e[2]] != eb[e[0]][e[1]][e[2]]
    ):
        if fields := changed_fields(ea[s][t][k], eb[s][t][k]):
            out.ties_changed.append(ChangedTie(k, s, t, fields))
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
    out.coverage = coverage_changes(a, b)
    ia, ib = recorded or (scorecard(a), scorecard(b))
    out.indicators = [IndicatorChange(k, ia[k], ib.get(k, 0), ib.get(k, 0) - ia[k]) for k in ia]
    return out


def diff_snapshots(store: GraphStore, a: int, b: int, movers: int = 10) -> SnapshotDiff:
    """What changed from stored snapshot ``a`` to ``b``, indicators as each recorded them."""
    info_a, graph_a = load_snapshot(store, a)
    info_b, graph_b = load_snapshot(store, b)
    recorded = (info_a.summary.get("indicators", {}), info_b.summary.get("indicators", {}))
    return diff(graph_a, graph_b, movers=movers, recorded=recorded)
