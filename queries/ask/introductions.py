"""Who can introduce me: the shortest chains of acquaintance from a person to a person, partner or team."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

import networkx as nx

from phakhee.graph.errors import InvalidInput, NotFound
from phakhee.queries.collaboration import shared

MAX_HOPS = 6
CANDIDATES = 60  # shortest chains looked at before the three strongest are kept


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a chain: from one person to the next, and why they know each other."""

    source: str
    target: str
    target_name: str
    reasons: list[str]
    weight: float


@dataclass(frozen=True, slots=True)
class Chain:
    """A chain of introductions; ``strength`` is its weakest tie (then the sum of its ties)."""

    people: list[str]
    hops: list[Hop]
    strength: float


def _targets(g: nx.MultiDiGraph, to: str) -> tuple[set[str], str | None]:
    """The people who stand for ``to``, and the tie that links them to it (None for a person)."""
    if to not in g:
        raise NotFound("node", to, f"no node {to!r}")
    kind = g.nodes[to]["kind"]
    if kind == "person":
        return {to}, None
    tie = {"partner": "liaises_with", "team": "member_of"}.get(kind)
    if tie is None:
        raise InvalidInput(f"introductions lead to a person, a partner or a team, not a {kind}")
    return {s for s, _, k in g.in_edges(to, keys=True) if k == tie and s.startswith("person:")}, tie


def _layers(
    collab: nx.Graph, sources: set[str], targets: set[str], max_hops: int
) -> tuple[dict, dict, set]:
    """Bidirectional breadth-first search; every shortest-path parent on both sides, and where they meet."""
    pred: dict[str, list[str]] = {s: [] for s in sources}
    succ: dict[str, list[str]] = {t: [] for t in targets}
    depth = {"f": dict.fromkeys(sources, 0), "b": dict.fromkeys(targets, 0)}
    meet = sources & targets
    fwd, bwd, hops = list(sources), list(targets), 0
    while not meet and fwd and bwd and hops < max_hops:
        forward = len(fwd) <= len(bwd)
        seen, other, side = (pred, succ, "f") if forward else (succ, pred, "b")
        frontier = fwd if forward else bwd
        nxt: dict[str, list[str]] = {}
        for u in frontier:
            for v in collab[u]:
                if v not in seen:
                    nxt.setdefault(v, []).append(u)
        seen.update(nxt)
        level = depth[side][frontier[0]] + 1
        depth[side].update(dict.fromkeys(nxt, level))
        meet = {v for v in nxt if v in other}
        if forward:
            fwd = list(nxt)
        else:
            bwd = list(nxt)
        hops += 1
    if meet:  # keep the meeting points on the shortest chains only
        total = {v: depth["f"][v] + depth["b"][v] for v in meet}
        meet = {v for v, d in total.items() if d == min(total.values())}
    return pred, succ, meet


def _walk(parents: dict[str, list[str]], node: str, budget: list[int]) -> Iterator[list[str]]:
    if not parents[node]:
        yield [node]
        return
    for p in sorted(parents[node]):
        if budget[0] <= 0:
            return
        for path in _walk(parents, p, budget):
            budget[0] -= 1
            yield [*path, node]


def introductions(
    graph: nx.MultiDiGraph,
    collab: nx.Graph,
    from_person: str,
    to: str,
    *,
    alternatives: int = 3,
    max_hops: int = MAX_HOPS,
) -> list[Chain]:
    """Up to ``alternatives`` shortest chains from a person to ``to``, strongest ties first.

    Each step says why the two know each other (``Hop.reasons``): what they share, strongest
    first; a ``knows`` tie with its recorded context, or รู้จักกัน (knows) without one.
    InvalidInput when ``to`` is the person introductions start from.
    """
    if from_person not in collab:
        raise NotFound("person", from_person, f"no person {from_person!r}")
    if to == from_person:
        name = graph.nodes[to].get("name", to)
        raise InvalidInput(
            f"from and to are the same person, {name} ({to}): an introduction joins two "
            "different people",
            field="to",
        )
    targets, last_tie = _targets(graph, to)
    if not targets:
        return []
    pred, succ, meet = _layers(collab, {from_person}, targets, max_hops)
    paths: list[list[str]] = []
    for m in sorted(meet):
        for left in _walk(pred, m, [CANDIDATES]):
            for right in _walk(succ, m, [CANDIDATES]):
                paths.append(left + list(reversed(right))[1:])
                if len(paths) >= CANDIDATES:
                    break
    chains = [_chain(graph, collab, p, to, last_tie) for p in paths]
    chains.sort(key=lambda c: (-c.strength, -sum(h.weight for h in c.hops), c.people))
    return chains[:alternatives]


KNOWN = "รู้จักกัน (knows)"
"""The reason of a step joined by a ``knows`` tie with no context recorded."""


def _reason(g: nx.MultiDiGraph, a: str, b: str, what: str, node: str, name: str) -> str:
    """One thing two people share, as a step of a chain says it."""
    if what != "knows":
        return f"{what}: {name}"
    other = a if node == b else b  # a knows tie is read from either end
    context = (g.get_edge_data(other, node, "knows") or {}).get("context")
    return f"knows: {context}" if context else KNOWN


def _chain(
    g: nx.MultiDiGraph, collab: nx.Graph, path: list[str], to: str, last_tie: str | None
) -> Chain:
    hops = []
    for a, b in pairwise(path):
        reasons = list(dict.fromkeys(_reason(g, a, b, *r) for r in shared(g, a, b)))[:3]
        hops.append(Hop(a, b, g.nodes[b].get("name", b), reasons, collab[a][b]["weight"]))
    if last_tie is not None:
        what = "carries the partnership with" if last_tie == "liaises_with" else "member of"
        hops.append(
            Hop(
                path[-1],
                to,
                g.nodes[to].get("name", to),
                [f"{what} {g.nodes[to].get('name', to)}"],
                1.0,
            )
        )
    strength = min((h.weight for h in hops), default=1.0)
    return Chain(path, hops, round(strength, 6))
