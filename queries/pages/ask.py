"""The two question pages: who knows what (people ranked by their evidence on a topic or a skill,
in a place), and who can introduce me (chains of acquaintance). Names typed in the forms resolve
here, their ambiguity or near misses kept as data for the page to offer; the answers come from
``queries.ask.experts`` and ``queries.ask.introductions``, each item given as a kind and the
nodes it names, so the page says it in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from phakhee.graph.errors import Ambiguous, InvalidInput, NotFound
from phakhee.loaders.resolve import area
from phakhee.queries.ask.experts import Evidence, ExpertIndex, experts, home
from phakhee.queries.ask.introductions import introductions
from phakhee.queries.ask.resolve import node
from phakhee.queries.cache import GraphVersion
from phakhee.queries.collaboration import collaboration_graph, shared
from phakhee.queries.pages.home import ZONE_IDS, Named, named, zone

SUBJECTS = ("topic", "skill")
"""What the "who knows" page asks about."""
PLACES = ("province", "region")
"""Where it may look (and in one of the network's zones, which are not nodes: ``place``)."""
FROM = ("person",)
TO = ("person", "partner", "team")
"""Who an introduction starts from and leads to."""
SHOWN = 20
"""How many people the "who knows" page lists (it says how many more there are)."""
EVIDENCE = 5
"""How many items of each person's evidence it lists."""
REASONS = 3
"""How many reasons a step of a chain gives."""


@dataclass(frozen=True, slots=True)
class Option:
    """A node a typed name may have meant, with its province to tell namesakes apart."""

    node: Named
    province: Named | None


@dataclass(frozen=True, slots=True)
class Field:
    """What a typed name came to: its node, or the nodes it may have meant.

    ``node`` is None when the text is empty, fits more than one node (``candidates``) or none
    (``suggestions``, possibly empty)."""

    text: str
    node: Named | None = None
    candidates: list[Option] = field(default_factory=list)
    suggestions: list[Option] = field(default_factory=list)

    @property
    def id(self) -> str | None:
        """The id of the node named, if one is."""
        return self.node.id if self.node else None

    @property
    def unknown(self) -> bool:
        """Typed, and naming no node."""
        return bool(self.text) and self.id is None and not self.candidates


def resolve(gv: GraphVersion, text: str | None, kinds: Iterable[str]) -> Field:
    """The node of ``kinds`` that ``text`` names, as a form field keeps it."""
    text = (text or "").strip()
    if not text:
        return Field("")
    g = gv.graph

    def options(found: Iterable[tuple[str, str]]) -> list[Option]:
        places = [(n, home(g, n)) for n, _ in found if n in g]
        return [Option(named(g, n), named(g, p) if p else None) for n, p in places]

    try:
        found = named(g, node(gv, text, kinds))
    except Ambiguous as e:
        return Field(text, candidates=options(e.candidates))
    except NotFound as e:
        return Field(text, suggestions=options(e.suggestions))
    return Field(_shown(gv, text, found, kinds), found)


def place(gv: GraphVersion, text: str | None) -> Field:
    """The province, region or zone ``text`` names, as a form field keeps it: a zone by any of
    its names (``อีสานบน``, ``โซนกลาง``, ``Upper Northeast``; a word a region shares names the
    region, as every place filter reads it: ``loaders.resolve.area``), else ``resolve``'s."""
    text = (text or "").strip()
    try:
        found = area(text) if text else None
    except InvalidInput:
        found = None
    if found is not None and found.startswith("zone:"):
        return Field(text, zone(found))
    return resolve(gv, text, PLACES)


def _shown(gv: GraphVersion, text: str, found: Named, kinds: Iterable[str]) -> str:
    """What the field shows for a name that resolved: the node's Thai name for an id (a
    suggestion followed), when that name names it alone; else the text as typed."""
    if text != found.id:
        return text
    try:
        return found.name if node(gv, found.name, kinds) == found.id else text
    except (Ambiguous, NotFound):
        return text


@dataclass(frozen=True, slots=True)
class Choices:
    """What the forms offer to type, without a script: every topic and skill, every province
    and region, by Thai name, and the network's zones in their tracker's order."""

    subjects: list[Named]
    places: list[Named]
    zones: list[Named] = field(default_factory=list)


def _of_kinds(g: nx.MultiDiGraph, kinds: tuple[str, ...]) -> list[Named]:
    """Every node of ``kinds``, kind by kind, each kind's by Thai name."""
    found = [named(g, n) for n, d in g.nodes(data=True) if d.get("kind") in kinds]
    return sorted(found, key=lambda x: (kinds.index(x.id.partition(":")[0]), x.name))


def _choices(g: nx.MultiDiGraph) -> Choices:
    return Choices(_of_kinds(g, SUBJECTS), _of_kinds(g, PLACES), [zone(z) for z in ZONE_IDS])


def choices(gv: GraphVersion) -> Choices:
    """The forms' choices, built once per graph version."""
    return gv.derived("pages.ask.choices", _choices)


@dataclass(frozen=True, slots=True)
class Person:
    """A person ranked for a question: rank, names, province, score and the first items of the
    experts' evidence (the page says each by its ``kind``)."""

    rank: int
    person: Named
    province: Named | None
    score: float
    evidence: list[Evidence]
    more_evidence: int


@dataclass(frozen=True, slots=True)
class Experts:
    """The answer to "who knows": the people shown and how many more there are."""

    people: list[Person]
    more: int


def who_knows(
    gv: GraphVersion, subject: str, place: str | None = None, *, shown: int = SHOWN
) -> Experts:
    """People ranked by evidence on ``subject`` (a topic or skill id) in ``place`` (a province,
    region or zone id, or anywhere), as ``queries.ask.experts.experts`` ranks them; the first
    ``shown``."""
    g = gv.graph
    is_topic = subject.startswith("topic:")
    in_region = place is not None and place.startswith(("region:", "zone:"))
    ranked = experts(
        g,
        subject if is_topic else None,
        skill=None if is_topic else subject,
        province=None if in_region else place,
        region=place if in_region else None,
        limit=g.number_of_nodes(),
        index=gv.derived("experts", ExpertIndex),
    )
    people = []
    for rank, e in enumerate(ranked[:shown], 1):
        items = e.evidence[:EVIDENCE]
        province = named(g, e.province) if e.province else None
        people.append(
            Person(rank, named(g, e.id), province, e.score, items, len(e.evidence) - len(items))
        )
    return Experts(people, max(0, len(ranked) - shown))


@dataclass(frozen=True, slots=True)
class Reason:
    """Why two people know each other, for the page to say: ``what`` is ``knows`` (``node`` the
    context recorded, if any, as its name), ``co-authored``, ``team``, ``partnership``,
    ``event`` (``node`` what they share), or, on the last step to a team or partner,
    ``member`` or ``liaises`` (``node`` that team or partner)."""

    what: str
    node: Named | None


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a chain: from whom, to whom, and why they know each other."""

    source: Named
    target: Named
    reasons: list[Reason]


def _reasons(g: nx.MultiDiGraph, a: str, b: str) -> list[Reason]:
    out: dict[tuple[str, str], Reason] = {}
    for what, n, name in shared(g, a, b):
        if what == "knows":
            other = a if n == b else b  # a knows tie is read from either end
            context = (g.get_edge_data(other, n, "knows") or {}).get("context")
            reason = Reason(what, Named("", str(context), None) if context else None)
        else:
            reason = Reason(what, Named(n, name, g.nodes[n].get("name_en")))
        out.setdefault((what, reason.node.name if reason.node else ""), reason)
    return list(out.values())[:REASONS] or [Reason("knows", None)]


def introduce(gv: GraphVersion, start: str, goal: str) -> list[list[Step]]:
    """The chains ``queries.ask.introductions.introductions`` finds from the person ``start``
    to the person, team or partner ``goal``, each as its steps; InvalidInput when they are the
    same person."""
    g = gv.graph
    chains = introductions(g, gv.derived("collaboration", collaboration_graph), start, goal)
    out = []
    for chain in chains:
        steps = []
        for hop in chain.hops:
            kind = g.nodes[hop.target].get("kind")
            if hop.target == goal and kind in ("team", "partner"):
                what = "member" if kind == "team" else "liaises"
                reasons = [Reason(what, named(g, goal))]
            else:
                reasons = _reasons(g, hop.source, hop.target)
            steps.append(Step(named(g, hop.source), named(g, hop.target), reasons))
        out.append(steps)
    return out
