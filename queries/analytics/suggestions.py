"""Suggested introductions: people not yet tied who should be — same topic, different province, one go-between.

A pair is a candidate when the two are not tied on the collaboration graph, live in different
provinces, share at least one topic (worked on, or the subject of a lesson they wrote), and have at
least one common contact who can introduce them (two steps apart). Candidates are ranked by a
link-prediction score on the collaboration graph, summed over their common contacts ``w``:

- ``adamic_adar``: 1 / log(deg w) (Adamic & Adar 2003; NetworkX ``adamic_adar_index``)
- ``resource_allocation``: 1 / deg w (Zhou, Lü & Zhang 2009; NetworkX ``resource_allocation_index``)

so a go-between who knows few people counts more than a hub who knows everyone. All pairs are
scored at once as sparse matrix products (``A · diag(f(deg)) · A``), equal to NetworkX's functions;
the introducer is the common contact with the strongest weaker tie to the two.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

from phakhee.graph.errors import InvalidInput
from phakhee.queries.analytics.centrality import collaboration, homes
from phakhee.queries.ask.experts import check_province
from phakhee.queries.cache import GraphVersion

SCORES = ("adamic_adar", "resource_allocation")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Two people who should meet, why, and who can introduce them."""

    a: str
    a_name: str
    a_province: str | None
    b: str
    b_name: str
    b_province: str | None
    score: float
    topics: list[str]
    introducer: str
    introducer_name: str
    reason: str


def topics_of(g: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Each person's topics: worked on, or the subject of a lesson they wrote."""
    about: dict[str, set[str]] = defaultdict(set)
    for s, t, k in g.edges(keys=True):
        if k == "about" and s.startswith("lesson:"):
            about[s].add(t)
    found: dict[str, set[str]] = defaultdict(set)
    for s, t, k in g.edges(keys=True):
        if not s.startswith("person:"):
            continue
        if k == "works_on":
            found[s].add(t)
        elif k == "authored":
            found[s] |= about.get(t, set())
    return found


@dataclass(frozen=True, slots=True)
class Candidates:
    """Candidate pairs, best first, kept as arrays (there may be millions); iterates (score, a, b)."""

    people: list[str]
    score: np.ndarray
    a: np.ndarray
    b: np.ndarray

    def __len__(self) -> int:
        return len(self.score)

    def __iter__(self) -> Iterator[tuple[float, str, str]]:
        for start in range(0, len(self.score), 10_000):
            part = slice(start, start + 10_000)
            for s, i, j in zip(
                self.score[part].tolist(), self.a[part].tolist(), self.b[part].tolist(), strict=True
            ):
                yield s, self.people[i], self.people[j]


def candidate_scores(
    collab: nx.Graph,
    where: dict[str, str],
    topics: dict[str, set[str]],
    score: str = "adamic_adar",
) -> Candidates:
    """(score, a, b) for every candidate pair (a before b in the graph's order), best first."""
    if score not in SCORES:
        raise InvalidInput(f"score {score[:40]!r} is not one of: " + ", ".join(SCORES))
    people = list(collab)
    if len(people) < 2:
        return Candidates(people, np.zeros(0), np.zeros(0, int), np.zeros(0, int))
    a = nx.to_scipy_sparse_array(collab, nodelist=people, weight=None, format="csr", dtype=float)
    degree = np.asarray(a.sum(axis=1)).ravel()
    with np.errstate(divide="ignore"):
        f = 1 / np.log(degree) if score == "adamic_adar" else 1 / degree
    f[degree < 2] = 0.0  # a contact of one person introduces nobody (and log 1 = 0)
    ad = sp.csr_array(a @ sp.diags_array(f))
    index = {v: i for i, v in enumerate(people)}
    codes: dict[str, int] = {}
    province = np.array([codes.setdefault(where.get(v, v), len(codes)) for v in people])
    by_topic: dict[str, list[int]] = defaultdict(list)
    for v, ts in topics.items():
        if v in index:
            for t in ts:
                by_topic[t].append(index[v])
    rows, cols, vals = [], [], []
    for t in sorted(by_topic):
        # Only pairs of one topic: A_R D A_R is far cheaper than the whole A D A.
        r = np.array(sorted(by_topic[t]))
        pair = sp.coo_array(sp.triu(ad[r] @ a[:, r], k=1))
        i, j = r[pair.row], r[pair.col]
        keep = (pair.data > 0) & (province[i] != province[j])
        rows.append(i[keep])
        cols.append(j[keep])
        vals.append(pair.data[keep])
    if not rows:
        return Candidates(people, np.zeros(0), np.zeros(0, int), np.zeros(0, int))
    i, j, v = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
    n = len(people)
    keys, first = np.unique(i.astype(np.int64) * n + j, return_index=True)
    i, j, v = i[first], j[first], v[first]  # a pair sharing two topics once
    edge_rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(a.indptr))
    untied = ~np.isin(keys, edge_rows * n + a.indices)
    i, j, v = i[untied], j[untied], v[untied]
    order = np.lexsort((j, i, -v))
    return Candidates(people, v[order], i[order], j[order])


def _introducer(collab: nx.Graph, a: str, b: str) -> str:
    """The common contact with the strongest weaker tie to the two (then the smallest id)."""
    common = set(collab[a]) & set(collab[b])
    return min(
        common,
        key=lambda w: (-min(collab[a][w]["weight"], collab[b][w]["weight"]), w),
    )


def suggestions(
    gv: GraphVersion,
    limit: int = 20,
    province: str | None = None,
    score: str = "adamic_adar",
) -> list[Suggestion]:
    """The best ``limit`` introductions (involving ``province``, if given), each with its reason."""
    g, collab, where = gv.graph, collaboration(gv), homes(gv)
    check_province(g, province)
    topics = gv.derived("person_topics", topics_of)
    ranked = gv.derived(
        f"suggestions:{score}", lambda _: candidate_scores(collab, where, topics, score)
    )
    out = []
    for value, a, b in ranked:
        if province is not None and province not in (where.get(a), where.get(b)):
            continue
        out.append(_suggestion(g, collab, where, topics, value, a, b))
        if len(out) >= limit:
            break
    return out


def _suggestion(
    g: nx.MultiDiGraph,
    collab: nx.Graph,
    where: dict[str, str],
    topics: dict[str, set[str]],
    value: float,
    a: str,
    b: str,
) -> Suggestion:
    def name(v: str | None) -> str:
        return g.nodes[v].get("name", v) if v is not None and v in g else ""

    shared = sorted(topics[a] & topics[b])
    w = _introducer(collab, a, b)
    common = len(set(collab[a]) & set(collab[b]))
    subjects = ", ".join(name(t) for t in shared[:3])
    reason = (
        f"both work on {subjects}; {name(a)} is in {name(where.get(a))}, {name(b)} in "
        f"{name(where.get(b))}; not yet working together, two steps apart through {name(w)}"
        + (
            f" and {common - 1} other common contact{'s' if common > 2 else ''}"
            if common > 1
            else ""
        )
    )
    return Suggestion(
        a,
        name(a),
        where.get(a),
        b,
        name(b),
        where.get(b),
        value,
        shared,
        w,
        name(w),
        reason,
    )
