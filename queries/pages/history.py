"""The history pages: the snapshots kept, newest first, and what changed between two of them
(nodes and ties added, removed and changed, and each province's districts with work gained and
lost, named and capped for a page)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from phakhee.graph.privacy import PUBLIC
from phakhee.graph.store import GraphStore, SnapshotInfo
from phakhee.queries.cache import GraphVersion, Kept
from phakhee.queries.records.snapshot_diff import FieldChange, SnapshotDiff, diff, shown
from phakhee.queries.records.snapshots import load_snapshot

LIMIT = 50
"""How many rows each table of a diff page shows; the rest are counted."""
LONG = 80
"""The longest value a diff page writes in full (characters); longer ones are cut short."""
DIFFS: Kept[tuple[nx.MultiDiGraph, nx.MultiDiGraph]] = Kept(8)
"""The latest diffs, by the two thawed snapshot graphs themselves (``load_snapshot`` shares
them; a rewritten snapshot thaws as another graph, so its old diff is never answered)."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A snapshot as the history page lists it."""

    id: int
    taken: str
    """When it was taken (ISO 8601, UTC)."""
    note: str
    nodes: int
    ties: int


@dataclass(frozen=True, slots=True)
class Named:
    """A node a diff names: its id, names and kind; ``live`` when it is in the current graph
    (its page exists)."""

    id: str
    name: str
    name_en: str | None
    kind: str
    live: bool


@dataclass(frozen=True, slots=True)
class Field:
    """A field that changed: its values before and after as text (cut short), or only its name
    for a personal field."""

    field: str
    before: str = ""
    after: str = ""
    personal: bool = False


@dataclass(frozen=True, slots=True)
class Tie:
    """A tie a diff names, and the fields that changed on it (none for one added or removed)."""

    kind: str
    source: Named
    target: Named
    fields: tuple[Field, ...] = ()


@dataclass(frozen=True, slots=True)
class Changed:
    """A node in both snapshots whose fields changed."""

    node: Named
    fields: tuple[Field, ...]


@dataclass(frozen=True, slots=True)
class Reach:
    """A province whose districts with work changed: its coverage before and after (districts
    with work ÷ all its districts) and the districts gained and lost, named."""

    province: Named
    before: float
    after: float
    gained: list[Named]
    lost: list[Named]


@dataclass(frozen=True, slots=True)
class Rows:
    """One table of a diff page: its first rows and how many there are in all."""

    rows: list[Any]
    total: int

    @property
    def more(self) -> int:
        """How many rows are left off."""
        return self.total - len(self.rows)


@dataclass(frozen=True, slots=True)
class HistoryDiff:
    """Everything the diff page shows, from snapshot ``a`` to ``b``."""

    a: Snapshot
    b: Snapshot
    nodes_added: Rows
    nodes_removed: Rows
    nodes_changed: Rows
    ties_added: Rows
    ties_removed: Rows
    ties_changed: Rows
    coverage: Rows


def _count(counts: Any) -> int:
    return sum(counts.values()) if isinstance(counts, dict) else 0


def snapshot(info: SnapshotInfo) -> Snapshot:
    """A stored snapshot's description as the pages list it (its counts from its summary)."""
    s = info.summary
    return Snapshot(
        info.id, info.created_at, info.note, _count(s.get("nodes")), _count(s.get("ties"))
    )


def snapshots(store: GraphStore) -> list[Snapshot]:
    """Every snapshot in ``store``, newest first."""
    return [snapshot(info) for info in reversed(store.list_snapshots())]


def bookkeeping(name: str) -> bool:
    """Whether a field is consent bookkeeping (``consent_*``), which no page shows."""
    return name.startswith("consent_")


def short(value: Any, limit: int = LONG) -> str:
    """A field's value as text, cut to ``limit`` characters (with an ellipsis) when longer."""
    text = shown(value)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fields(changes: Sequence[FieldChange]) -> tuple[Field, ...]:
    """The changes a page may show: consent bookkeeping left out, personal fields (and any the
    public audience may not see) by name only, the rest shortened."""
    out = []
    for c in changes:
        if bookkeeping(c.field):
            continue
        if c.personal or not PUBLIC.may_see(c.field):
            out.append(Field(c.field, personal=True))
        else:
            out.append(Field(c.field, short(c.before), short(c.after)))
    return tuple(out)


class _Names:
    """Names of the nodes a diff touches: from the later snapshot, else the earlier one; linked
    when the node is in the current graph."""

    def __init__(self, a: nx.MultiDiGraph, b: nx.MultiDiGraph, now: nx.MultiDiGraph) -> None:
        self.graphs, self.now = (b, a), now

    def __call__(self, node: str) -> Named:
        d = next((g.nodes[node] for g in self.graphs if node in g), {})
        name_en = d.get("name_en")
        return Named(
            node,
            str(d.get("name") or node),
            str(name_en) if name_en else None,
            str(d.get("kind") or node.partition(":")[0]),
            node in self.now,
        )


def _rows(items: Sequence[Any], limit: int, make: Any) -> Rows:
    return Rows([make(x) for x in items[:limit]], len(items))


def _diff(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> SnapshotDiff:
    return diff(a, b, measure=lambda _: {}, movers=0, recorded=({}, {}))


def history_diff(
    store: GraphStore, gv: GraphVersion, a: int, b: int, *, limit: int = LIMIT
) -> HistoryDiff:
    """What changed from snapshot ``a`` to ``b`` (``snapshot_diff.diff`` of their graphs, without
    the movers and indicators, which this page does not show; with each province's districts
    with work gained and lost), each table's first ``limit`` rows; nodes linked when they are
    in ``gv``'s graph. NotFound for a snapshot there is none of."""
    info_a, graph_a = load_snapshot(store, a)
    info_b, graph_b = load_snapshot(store, b)
    d = DIFFS.get((graph_a, graph_b), lambda: _diff(graph_a, graph_b))
    name = _Names(graph_a, graph_b, gv.graph)
    changed = [(x, f) for x in d.nodes_changed if (f := fields(x.fields))]
    ties_changed = [(x, f) for x in d.ties_changed if (f := fields(x.fields))]
    return HistoryDiff(
        snapshot(info_a),
        snapshot(info_b),
        _rows(d.nodes_added, limit, lambda x: name(x.id)),
        _rows(d.nodes_removed, limit, lambda x: name(x.id)),
        _rows(changed, limit, lambda x: Changed(name(x[0].id), x[1])),
        _rows(d.ties_added, limit, lambda x: Tie(x.kind, name(x.source), name(x.target))),
        _rows(d.ties_removed, limit, lambda x: Tie(x.kind, name(x.source), name(x.target))),
        _rows(
            ties_changed,
            limit,
            lambda x: Tie(x[0].kind, name(x[0].source), name(x[0].target), x[1]),
        ),
        _rows(
            d.coverage,
            limit,
            lambda x: Reach(
                name(x.province),
                x.before,
                x.after,
                [name(n) for n in x.gained],
                [name(n) for n in x.lost],
            ),
        ),
    )
