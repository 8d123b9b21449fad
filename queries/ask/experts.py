"""Who knows what: people ranked by the evidence in the graph, each item of evidence shown.

Evidence and its base weight (before recency):

| evidence | weight |
|---|---|
| authored a lesson about the topic | 3.0 |
| works on the topic themselves | 1.5 |
| member of a team that works on it | 1.0, x1.5 when the team leads it, x1.3 as chair or coordinator; a current membership does not decay |
| attended an event about it | 1.0 |
| declared the skill | beginner 1.0, intermediate 2.0, advanced 3.0 |

Recency: a dated item counts ``0.5 ** (age in years / 2)`` of its weight (half after two years);
an undated item counts half. A person's score is the sum of their items.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import networkx as nx

from phakhee.graph.errors import NotFound
from phakhee.graph.geography import in_area, province_of, provinces_in
from phakhee.queries.collaboration import recency

if TYPE_CHECKING:
    from phakhee.graph.store import Delta
    from phakhee.queries.cache import GraphVersion

SKILL_WEIGHT = {"beginner": 1.0, "intermediate": 2.0, "advanced": 3.0}
ROLE_FACTOR = {"chair": 1.3, "coordinator": 1.3}

EvidenceKind = Literal["lesson", "event", "member", "works_on", "skill"]
"""What a person did that is evidence: authored a ``lesson`` or attended an ``event`` about the
topic, is a ``member`` of a team working on it, ``works_on`` it themselves, or has the ``skill``."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason to think a person knows: what, about which node, when, and its weight.

    ``what`` says it in English words (as the JSON and the CLI show it); ``kind``, ``role`` (a
    member's role in the team) and ``level`` (a skill's) say the same as data, for a page to
    write in its reader's language."""

    what: str
    node: str
    name: str
    when: str | None
    weight: float
    kind: EvidenceKind
    role: str | None = None
    level: str | None = None


@dataclass(slots=True)
class Expert:
    """A person, their score, where they are, and the evidence behind the score."""

    id: str
    name: str
    name_en: str | None
    province: str | None
    score: float
    evidence: list[Evidence] = field(default_factory=list)


def _out(g: nx.MultiDiGraph, node: str, kind: str) -> list[tuple[str, dict]]:
    return [(t, d) for _, t, k, d in g.out_edges(node, keys=True, data=True) if k == kind]


def _in(g: nx.MultiDiGraph, node: str, kind: str) -> list[tuple[str, dict]]:
    return [(s, d) for s, _, k, d in g.in_edges(node, keys=True, data=True) if k == kind]


def home(g: nx.MultiDiGraph, node: str) -> str | None:
    """The province a node is located in, if any (through its district or subdistrict, the
    finest place it is located in)."""
    return next((p for t, _ in _out(g, node, "located_in") if (p := province_of(t))), None)


def check_province(g: nx.MultiDiGraph, province: str | None) -> None:
    """NotFound unless ``province`` is None or a province of the graph."""
    if province is not None and g.nodes.get(province, {}).get("kind") != "province":
        raise NotFound("province", province)


def check_area(area: str | None) -> None:
    """NotFound unless ``area`` is None, a region or a zone (``queries.ask.resolve.optional_area``)."""
    if area is not None and not provinces_in(area):
        raise NotFound("region", area, f"no region or zone {area!r}")


def provinces(g: nx.MultiDiGraph) -> dict[str, str]:
    """``home`` of every node located in a province (or a district or subdistrict of one), in
    one pass over the ties."""
    out: dict[str, str] = {}
    for s, t, k in g.edges(keys=True):
        if k == "located_in" and s not in out and (p := province_of(t)):
            out[s] = p
    return out


def _topic_evidence(g: nx.MultiDiGraph, topic: str, as_of: dt.date) -> dict[str, list[Evidence]]:
    found: dict[str, list[Evidence]] = {}

    def add(
        person: str,
        kind: EvidenceKind,
        what: str,
        node: str,
        when: str | None,
        base: float,
        decays: bool = True,
        role: str | None = None,
    ) -> None:
        name = g.nodes[node].get("name", node)
        weight = round(base * (recency(when, as_of) if decays else 1.0), 4)
        found.setdefault(person, []).append(Evidence(what, node, name, when, weight, kind, role))

    for item, _ in _in(g, topic, "about"):
        kind, date = g.nodes[item]["kind"], g.nodes[item].get("date")
        if kind == "lesson":
            for author, _ in _in(g, item, "authored"):
                if author.startswith("person:"):
                    add(author, "lesson", "authored lesson", item, date, 3.0)
        elif kind == "event":
            for person, _ in _in(g, item, "attended"):
                if person.startswith("person:"):
                    add(person, "event", "attended event", item, date, 1.0)
    for worker, d in _in(g, topic, "works_on"):
        if worker.startswith("person:"):
            add(worker, "works_on", "works on topic", topic, None, 1.5)
        elif worker.startswith("team:"):
            lead = 1.5 if d.get("role") == "lead" else 1.0
            for person, m in _in(g, worker, "member_of"):
                role = m.get("role", "member")
                factor = lead * ROLE_FACTOR.get(role, 1.0)
                what = f"member of team working on it ({role})"
                add(person, "member", what, worker, m.get("since"), factor, False, role)
    return found


def _skill_evidence(g: nx.MultiDiGraph, skill: str) -> dict[str, list[Evidence]]:
    name = g.nodes[skill].get("name", skill)
    return {
        person: [
            Evidence(
                f"skill ({d['level']})",
                skill,
                name,
                None,
                SKILL_WEIGHT.get(d.get("level", ""), 1.0),
                "skill",
                level=d["level"],
            )
        ]
        for person, d in _in(g, skill, "has_skill")
    }


def _rank(g: nx.MultiDiGraph, evidence: dict[str, list[Evidence]]) -> list[Expert]:
    """Every person with evidence, best first."""
    ranked = []
    for person, items in evidence.items():
        attrs = g.nodes[person]
        items = sorted(items, key=lambda e: (-e.weight, e.node))
        score = round(sum(e.weight for e in items), 4)
        ranked.append(
            Expert(
                person,
                attrs.get("name", person),
                attrs.get("name_en"),
                home(g, person),
                score,
                items,
            )
        )
    ranked.sort(key=lambda e: (-e.score, e.id))
    return ranked


def _evidence(g: nx.MultiDiGraph, subject: str, as_of: dt.date) -> dict[str, list[Evidence]] | None:
    """The evidence on a topic or skill of ``g`` by person (None: ``subject`` is neither)."""
    kind = g.nodes[subject].get("kind") if subject in g else None
    if kind == "topic":
        return _topic_evidence(g, subject, as_of)
    if kind == "skill":
        return _skill_evidence(g, subject)
    return None


class ExpertIndex:
    """Everyone ranked for every topic and skill at once: built once per graph version, then a query is a filter."""

    def __init__(self, graph: nx.MultiDiGraph, as_of: dt.date | None = None) -> None:
        self.as_of = as_of or dt.date.today()
        self.ranked: dict[str, list[Expert]] = {}
        everything: dict[str, list[Evidence]] = {}
        held: dict[str, list[str]] = {}
        for node in graph:
            found = _evidence(graph, node, self.as_of)
            if found is None:
                continue
            self.ranked[node] = _rank(graph, found)
            for person, items in found.items():
                everything.setdefault(person, []).extend(items)
                held.setdefault(person, []).append(node)
        self.overall: list[Expert] = _rank(graph, everything)
        """Everyone with evidence on any topic or skill, by all of it: who knows the most."""
        self.subjects_of: dict[str, frozenset[str]] = {p: frozenset(s) for p, s in held.items()}
        """The topics and skills each person has evidence on (what a delta of theirs touches)."""

    @classmethod
    def of(
        cls,
        as_of: dt.date,
        ranked: dict[str, list[Expert]],
        overall: list[Expert],
        subjects_of: dict[str, frozenset[str]],
    ) -> ExpertIndex:
        """An index made of its parts (as ``follow`` makes one)."""
        index = cls.__new__(cls)
        index.as_of, index.ranked, index.overall = as_of, ranked, overall
        index.subjects_of = subjects_of
        return index


def experts(
    graph: nx.MultiDiGraph,
    topic: str | None = None,
    *,
    skill: str | None = None,
    province: str | None = None,
    region: str | None = None,
    limit: int = 20,
    as_of: dt.date | None = None,
    index: ExpertIndex | None = None,
) -> list[Expert]:
    """People ranked by evidence on a topic and/or a skill, in a province or region; best first.

    ``topic`` and ``skill`` are node ids (resolve what a user typed with ``queries.ask.resolve``);
    with neither, people are ranked by all their evidence on every topic and skill — the
    network's most knowledgeable, of a place if one is given. An ``index`` built for the same
    graph answers without recomputing the evidence.
    """
    for node, kind in (
        (topic, "topic"),
        (skill, "skill"),
        (province, "province"),
    ):
        if node is not None and (node not in graph or graph.nodes[node]["kind"] != kind):
            raise NotFound(kind, node, f"no {kind} {node!r}")
    check_area(region)
    subject = topic or skill
    fresh = index is not None and (as_of is None or as_of == index.as_of)
    if subject is None:
        ranked = index.overall if fresh else ExpertIndex(graph, as_of).overall  # type: ignore[union-attr]
    elif fresh and not (topic and skill):
        ranked = index.ranked.get(subject, [])  # type: ignore[union-attr]
    else:
        as_of = as_of or dt.date.today()
        evidence: dict[str, list[Evidence]] = {}
        for found in (
            _topic_evidence(graph, topic, as_of) if topic else {},
            _skill_evidence(graph, skill) if skill else {},
        ):
            for person, items in found.items():
                evidence.setdefault(person, []).extend(items)
        if topic and skill:  # both asked: only people with evidence of both
            both = {
                p
                for p, items in evidence.items()
                if any(e.node == skill for e in items) and any(e.node != skill for e in items)
            }
            evidence = {p: v for p, v in evidence.items() if p in both}
        ranked = _rank(graph, evidence)
    out = []
    for e in ranked:
        if province and e.province != province:
            continue
        if region and not in_area(e.province, region):
            continue
        out.append(e)
        if len(out) == limit:
            break
    return out


REACHING = ("about", "works_on")
"""The ties by which an evidence node (a lesson, an event, a team) reaches the topics it is
evidence on: a change of the node changes the evidence on those."""
FOLLOW_SHARE = 0.2
"""A delta touching more than this share of the nodes builds the index whole (as the search
index does: following it would cost as much)."""


def _touched(old: nx.MultiDiGraph, new: nx.MultiDiGraph, delta: Delta) -> tuple[set[str], set[str]]:
    """What a delta may change in the index: the topics and skills whose evidence it may change
    (a superset; the names of nodes too), and the people whose own fields it may change (name,
    English name, province: their entries move, their evidence does not)."""
    subjects: set[str] = set()
    people: set[str] = set()

    def reach(node: str) -> None:  # the topics an evidence node is evidence on, before and after
        for g in (old, new):
            if node in g:
                subjects.update(t for _, t, k in g.out_edges(node, keys=True) if k in REACHING)

    def tie(kind: str, source: str, target: str) -> None:
        if kind in ("about", "works_on", "has_skill"):
            subjects.add(target)
        elif kind in ("authored", "attended", "member_of"):
            reach(target)
        elif kind == "located_in":
            people.add(source)

    for node in delta.nodes:
        subjects.add(node)  # a topic or skill itself (its name, its kind)
        if node.startswith("person:"):
            people.add(node)  # a person is never evidence, only its holder
        else:
            reach(node)
        for g, other in ((old, new), (new, old)):
            if node in g and node not in other:  # made or gone: its ties come or go with it
                for source, target, kind in [
                    *g.in_edges(node, keys=True),
                    *g.out_edges(node, keys=True),
                ]:
                    tie(kind, source, target)
    for kind, source, target in delta.ties:
        tie(kind, source, target)
    return subjects, people


def _entries(experts: Iterable[Expert]) -> dict[str, Expert]:
    return {e.id: e for e in experts}


def follow(previous: ExpertIndex, gv: GraphVersion) -> ExpertIndex:
    """The expert index of ``gv``, made from the previous version's by its delta: exactly the
    index ``ExpertIndex(gv.graph)`` builds today, and ``previous`` left as it was.

    The topics and skills whose evidence the delta may change (``_touched``: their own nodes,
    ties into them, their lessons, events and teams and the ties into those) are ranked again;
    a person whose own fields changed (a new name, another province) keeps their evidence and
    score, so their entries are replaced in place (the order is by score, then id); everyone
    whose evidence changed gets their overall entry again from their old items, less those of
    the ranked-again topics, plus the new ones. The rest is shared. A renamed person costs their
    entries; a new lesson, its topics' ranking.

    Built whole instead: no delta, a delta of more than ``FOLLOW_SHARE`` of the nodes, or an
    index of an earlier day (recency is counted to the day the index was made).
    """
    graph, delta, before = gv.graph, gv.delta, gv.previous
    as_of = dt.date.today()
    if (
        delta is None
        or before is None
        or previous.as_of != as_of
        or len(delta.nodes) > FOLLOW_SHARE * max(1, graph.number_of_nodes())
    ):
        return ExpertIndex(graph)
    subjects, people = _touched(before.graph, graph, delta)
    for p in people:
        if p not in graph:  # gone: every ranking that held them (their ties went with them)
            subjects.update(previous.subjects_of.get(p, ()))
    ranked = dict(previous.ranked)
    redone: dict[str, dict[str, list[Evidence]]] = {}
    changed = set(people)  # people whose overall entry is made again
    for s in subjects:
        found = _evidence(graph, s, as_of)
        if found is None and s not in previous.ranked:
            continue
        changed.update(e.id for e in previous.ranked.get(s, ()))
        redone[s] = found or {}
        changed.update(redone[s])
        if found is None:
            del ranked[s]
        else:
            ranked[s] = _rank(graph, found)
    for p in people:  # moved people in rankings not made again: the same entry, its fields anew
        if p in graph:
            for s in previous.subjects_of.get(p, frozenset()) - redone.keys():
                ranked[s] = [
                    _rank(graph, {p: e.evidence})[0] if e.id == p else e for e in ranked[s]
                ]
    if any(s not in previous.ranked for s in redone if s in ranked):  # a new topic or skill
        ranked = {n: ranked[n] for n in graph if n in ranked}  # in the graph's order, as built
    subjects_of = dict(previous.subjects_of)
    overall = _follow_overall(previous, graph, redone, changed, subjects_of)
    return ExpertIndex.of(as_of, ranked, overall, subjects_of)


def _follow_overall(
    previous: ExpertIndex,
    graph: nx.MultiDiGraph,
    redone: dict[str, dict[str, list[Evidence]]],
    changed: set[str],
    subjects_of: dict[str, frozenset[str]],
) -> list[Expert]:
    """The overall ranking with the ``changed`` people's entries made again (and ``subjects_of``
    set for them): their old items, less those of the ``redone`` rankings, plus the new ones.
    Items alike in kind, node and weight are alike in everything, so a multiset says it all."""
    old = _entries(e for e in previous.overall if e.id in changed)
    before = {s: _entries(previous.ranked.get(s, ())) for s in redone}
    entries = []
    for p in changed:
        items: Counter[Evidence] = Counter(old[p].evidence if p in old else ())
        for s, found in redone.items():
            if p in before[s]:
                items.subtract(before[s][p].evidence)
            items.update(found.get(p, ()))
        held = (subjects_of.get(p, frozenset()) - redone.keys()) | {
            s for s, found in redone.items() if p in found
        }
        if held:
            subjects_of[p] = frozenset(held)
        else:
            subjects_of.pop(p, None)
        kept = list(items.elements())
        if kept:
            entries.extend(_rank(graph, {p: kept}))
    overall = [e for e in previous.overall if e.id not in changed]
    if len(entries) <= 64:  # a few: each put in its place
        for e in entries:
            bisect.insort(overall, e, key=lambda x: (-x.score, x.id))
    else:
        overall.extend(entries)
        overall.sort(key=lambda e: (-e.score, e.id))
    return overall


def expert_index(gv: GraphVersion) -> ExpertIndex:
    """The graph version's expert index: made once per graph version, from the previous
    version's by its delta (``follow``) when there is one, else built whole."""
    return gv.followed("experts", ExpertIndex, follow)
