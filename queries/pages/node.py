"""A node's page: its facts, its ties grouped by kind and direction, and for a person the topics
they know with the evidence for each (the experts' own evidence, so the page and "who knows
what" agree).

The facts pass the privacy gate for the one who asks, at the node's places: a node's contact
fields show only to an audience the policy lets see contacts there (a coordinator of its
province, an academic of its region or zone, an administrator); a tie's fields at the places
of both its ends."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from pythainlp.util import collate

from phakhee.graph.errors import NotFound
from phakhee.graph.model import CONTACT_FIELDS, NodeKind
from phakhee.graph.privacy import PUBLIC, Audience, gate
from phakhee.queries.ask.experts import Evidence, ExpertIndex, home
from phakhee.queries.cache import GraphVersion
from phakhee.queries.pages.home import Named, named
from phakhee.queries.targets import places_in

PAGED = (
    "person",
    "team",
    "partner",
    "topic",
    "lesson",
    "event",
    "skill",
    "assessment",
    "district",
    "subdistrict",
)
"""The kinds this page shows (provinces and regions have their dashboards)."""
FACTS: dict[str, tuple[str, ...]] = {
    "person": ("position",),
    "team": ("team_type", "theme", "founded"),
    "partner": ("sector", "org_type"),
    "topic": (),
    "lesson": ("lesson_type", "date", "url"),
    "event": ("event_type", "date", "level"),
    "skill": (),
    "district": ("code",),
    "subdistrict": ("code", "postal_codes"),
    "assessment": (
        "date",
        "objective_1",
        "objective_2",
        "objective_3",
        "objective_4",
        "objective_5",
        "governance",
    ),
}
"""The public fields each kind's page lists, in order, before the fields every node has."""
COMMON = ("aliases", "description", "tags", *CONTACT_FIELDS)
"""The fields of every kind, listed after its own: the contact fields last, for whom the gate
lets see them."""
TIE_FACTS = ("role", "level", "since")
"""The fields of a tie a page shows beside it."""
GROUP = 30
"""How many ties of one group a page lists before "and N more"."""
EVIDENCE = 8
"""How many items of evidence a page lists for one topic."""
ORDER = (
    "member_of>team",
    "member_of<person",
    "liaises_with<person",
    "works_on>topic",
    "works_on<person",
    "works_on<team",
    "works_on<partner",
    "authored<person",
    "authored<team",
    "about>topic",
    "held_by>team",
    "held_by>partner",
    "authored>lesson",
    "about<lesson",
    "attended>event",
    "held_by<event",
    "about<event",
    "attended<person",
    "attended<partner",
    "presented_at>event",
    "presented_at<lesson",
    "partners_with>partner",
    "partners_with<team",
    "liaises_with>partner",
    "knows",
    "has_skill>skill",
    "has_skill<person",
    "assessed>assessment",
    "assessed<team",
    "located_in>subdistrict",
    "located_in>district",
)
"""The order of a page's groups of ties (any other after these, by key)."""
_RANK = {key: i for i, key in enumerate(ORDER)}
DATED = frozenset({"lesson", "event", "assessment"})
"""Kinds listed newest first (the others by name)."""


@dataclass(frozen=True, slots=True)
class Tie:
    """A tie as the page lists it: the node at its other end, that node's date (for a lesson,
    event or assessment) and the tie's own public fields."""

    node: Named
    kind: str
    date: str | None
    facts: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Group:
    """The ties of one kind in one direction (``key``: ``member_of>team``, ``member_of<person``;
    ``knows`` both ways), up to ``GROUP`` of them, and how many more."""

    key: str
    ties: list[Tie]
    more: int


@dataclass(frozen=True, slots=True)
class Known:
    """A topic a person knows, and why: the experts' evidence, strongest first (the page says
    each item by its ``kind``), and how many more items there are."""

    topic: Named
    evidence: list[Evidence]
    more: int


@dataclass(frozen=True, slots=True)
class NodePage:
    """Everything a node's page shows."""

    node: Named
    kind: str
    province: Named | None
    facts: list[tuple[str, Any]]
    groups: list[Group]
    known: list[Known]


def _key(tie: str, outgoing: bool, other: str) -> str:
    if tie == "knows":
        return "knows"
    return f"{tie}>{other}" if outgoing else f"{tie}<{other}"


def _facts(
    attrs: dict[str, Any], kind: str, seen: Audience, places: frozenset[str]
) -> list[tuple[str, Any]]:
    shown = gate(attrs, seen, places=places)
    return [(f, shown[f]) for f in (*FACTS[kind], *COMMON) if shown.get(f) not in (None, "", [])]


def _groups(g, node: str, place: str | None, seen: Audience) -> list[Group]:
    found: dict[str, dict[str, Tie]] = defaultdict(dict)
    here = places_in(g, node)
    ends = [(t, k, d, True) for _, t, k, d in g.out_edges(node, keys=True, data=True)]
    ends += [(s, k, d, False) for s, _, k, d in g.in_edges(node, keys=True, data=True)]
    for other, tie, d, outgoing in ends:
        attrs = g.nodes[other]
        kind = attrs["kind"]
        key = _key(tie, outgoing, kind)
        if other in found[key]:
            continue  # knows both ways, or the same tie twice: listed once
        facts = {f: d[f] for f in TIE_FACTS if d.get(f) not in (None, "")}
        date = str(attrs["date"]) if kind in DATED and attrs.get("date") else None
        at = here | places_in(g, other)
        found[key][other] = Tie(named(g, other), kind, date, gate(facts, seen, places=at))
    if list(found.get("located_in>province", {})) == [place]:
        del found["located_in>province"]  # the page names its province already
    groups = []
    for key in sorted(found, key=lambda k: (_RANK.get(k, len(ORDER)), k)):
        ties = list(found[key].values())
        order = {name: i for i, name in enumerate(collate({t.node.name for t in ties}))}
        ties.sort(key=lambda t: (order[t.node.name], t.node.id))  # Thai dictionary order
        ties.sort(key=lambda t: t.date or "", reverse=True)
        groups.append(Group(key, ties[:GROUP], max(0, len(ties) - GROUP)))
    return groups


def _known_by_person(gv: GraphVersion) -> dict[str, list[tuple[str, float, list[Evidence]]]]:
    """For each person, every topic they have evidence on: (topic, score, evidence), best first."""
    index = gv.derived("experts", ExpertIndex)
    g = gv.graph
    out: dict[str, list[tuple[str, float, list[Evidence]]]] = defaultdict(list)
    for subject, ranked in index.ranked.items():
        if g.nodes[subject]["kind"] != NodeKind.TOPIC:
            continue
        for expert in ranked:
            out[expert.id].append((subject, expert.score, expert.evidence))
    for topics in out.values():
        topics.sort(key=lambda t: (-t[1], t[0]))
    return dict(out)


def known(gv: GraphVersion, person: str) -> list[Known]:
    """The topics ``person`` knows, best first, each with its evidence (at most ``EVIDENCE``)."""
    g = gv.graph
    topics = gv.derived("pages:known", lambda _: _known_by_person(gv)).get(person, [])
    return [
        Known(
            named(g, topic),
            evidence[:EVIDENCE],
            max(0, len(evidence) - EVIDENCE),
        )
        for topic, _, evidence in topics
    ]


def node_page(gv: GraphVersion, node: str, seen: Audience = PUBLIC) -> NodePage:
    """The page of ``node`` on graph version ``gv`` as ``seen`` may see it (the privacy gate's
    audience: contact fields only where it may see them); NotFound for no node of the kinds
    paged."""
    g = gv.graph
    attrs = g.nodes.get(node)
    if attrs is None or attrs.get("kind") not in PAGED:
        raise NotFound("node", node)
    kind = attrs["kind"]
    place = home(g, node)
    return NodePage(
        named(g, node),
        kind,
        named(g, place) if place else None,
        _facts(attrs, kind, seen, places_in(g, node)),
        _groups(g, node, place, seen),
        known(gv, node) if kind == NodeKind.PERSON else [],
    )
