"""What the snapshot diff view draws: the nodes a diff touched, their neighbourhood, and the ties
added, lost and changed between them.

Pure over two snapshots' graphs and their ``SnapshotDiff``: no store, no HTML. ``viz`` draws the
``Selection`` with its ``Changes`` (added ties green, lost ties red and dashed, changed nodes and
ties amber).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from phakhee.queries.drawing.selection import MAX_DRAWN, WEAVE_KINDS, Selection
from phakhee.queries.records.snapshot_diff import ChangedTie, FieldChange, SnapshotDiff, describe

CONTEXT = 300
"""The most unchanged neighbours drawn around the changes."""

Pair = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Changes:
    """Nodes added and removed; ties added and lost as (a, b, how many, their kinds), a < b;
    nodes changed (id -> the fields, one ``describe`` line each) and ties changed as (a, b, how
    many, each tie's kind and fields, a line each)."""

    nodes_added: frozenset[str] = frozenset()
    nodes_removed: frozenset[str] = frozenset()
    ties_added: list[tuple[str, str, float, str]] = field(default_factory=list)
    ties_removed: list[tuple[str, str, float, str]] = field(default_factory=list)
    nodes_changed: Mapping[str, str] = field(default_factory=dict)
    ties_changed: list[tuple[str, str, float, str]] = field(default_factory=list)


def _pair(s: str, t: str) -> Pair:
    return (s, t) if s < t else (t, s)


def _by_pair(ties: list) -> dict[Pair, list[str]]:
    out: dict[Pair, list[str]] = defaultdict(list)
    for tie in ties:
        if tie.source != tie.target:
            out[_pair(tie.source, tie.target)].append(tie.kind)
    return out


def _fields(fields: tuple[FieldChange, ...]) -> str:
    return "; ".join(describe(f) for f in fields)


def _changed_by_pair(ties: list[ChangedTie]) -> dict[Pair, list[str]]:
    out: dict[Pair, list[str]] = defaultdict(list)
    for tie in ties:
        if tie.source != tie.target:
            out[_pair(tie.source, tie.target)].append(f"{tie.kind}: {_fields(tie.fields)}")
    return out


def diff_view(
    a: nx.MultiDiGraph,
    b: nx.MultiDiGraph,
    d: SnapshotDiff,
    *,
    limit: int = MAX_DRAWN,
    context: int = CONTEXT,
    title: str = "",
) -> tuple[Selection, Changes]:
    """The nodes touched by diff ``d`` (from graph ``a`` to ``b``), up to ``limit`` of them, most
    changed first; around them up to ``context`` unchanged people, teams and partners tied to
    them (those tied to the most changed nodes first); the ties that stayed unchanged, and the
    changes.

    Each node's attributes are its latest (``b``'s, or ``a``'s for a removed node), so an erased
    person shows only as the snapshots' anonymous placeholder. ``Selection.total`` is how many
    nodes the diff touched.
    """
    added, removed = _by_pair(d.ties_added), _by_pair(d.ties_removed)
    changed = _changed_by_pair(d.ties_changed)
    score: Counter[str] = Counter()
    for pair, kinds in (*added.items(), *removed.items(), *changed.items()):
        for n in pair:
            score[n] += len(kinds)
    for n in (
        *(x.id for x in d.nodes_added),
        *(x.id for x in d.nodes_removed),
        *(x.id for x in d.nodes_changed),
    ):
        score[n] += 1
    touched = sorted(score, key=lambda n: (-score[n], n))[:limit]
    chosen = set(touched)
    near: Counter[str] = Counter()
    for n in touched:
        for g in (a, b):
            if n in g and g.nodes[n].get("kind") in WEAVE_KINDS:
                for m in (*g.successors(n), *g.predecessors(n)):
                    if m not in chosen and g.nodes[m].get("kind") in WEAVE_KINDS:
                        near[m] += score[n]
    room = max(0, min(context, limit - len(touched)))
    chosen.update(sorted(near, key=lambda m: (-near[m], m))[:room])
    nodes = {n: dict(b.nodes[n] if n in b else a.nodes[n]) for n in sorted(chosen)}
    altered = {(x.source, x.target, x.kind) for x in d.ties_changed}
    kept: Counter[Pair] = Counter()  # ties in both, unchanged
    for s in nodes:
        if s in a and s in b:
            for t, keys in b._succ[s].items():
                if t in nodes and t != s and t in a._succ[s]:
                    kept[_pair(s, t)] += sum(
                        1 for k in keys if k in a._succ[s][t] and (s, t, k) not in altered
                    )
    changes = Changes(
        frozenset(x.id for x in d.nodes_added) & chosen,
        frozenset(x.id for x in d.nodes_removed) & chosen,
        [
            (s, t, float(len(k)), ", ".join(sorted(set(k))))
            for (s, t), k in sorted(added.items())
            if s in nodes and t in nodes
        ],
        [
            (s, t, float(len(k)), ", ".join(sorted(set(k))))
            for (s, t), k in sorted(removed.items())
            if s in nodes and t in nodes
        ],
        {x.id: "\n".join(describe(f) for f in x.fields) for x in d.nodes_changed if x.id in nodes},
        [
            (s, t, float(len(k)), "\n".join(k))
            for (s, t), k in sorted(changed.items())
            if s in nodes and t in nodes
        ],
    )
    sel = Selection(
        "diff",
        title or f"การเปลี่ยนแปลง · changes, graph version {d.a} → {d.b}",
        nodes,
        sorted((s, t, float(w)) for (s, t), w in kept.items() if w),
        "kind",
        "radial",
        center=touched[0] if touched else None,
        total=len(score),
    )
    return sel, changes


def change_counts(sel: Selection, changes: Changes) -> dict[str, float]:
    """How many ties each drawn node gained, lost or saw changed (plus one if it was added,
    removed or changed)."""
    out: Counter[str] = Counter()
    for s, t, w, _ in (*changes.ties_added, *changes.ties_removed, *changes.ties_changed):
        out[s] += w
        out[t] += w
    for n in (*changes.nodes_added, *changes.nodes_removed, *changes.nodes_changed):
        out[n] += 1
    return {n: float(out[n]) for n in sel.nodes}
