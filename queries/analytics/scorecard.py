"""The province learning-organisation scorecard: the indicators the graph can measure, with a status each.

A province's network is its provincial network team (``team_type`` provincial_network) located
in it, with every other team located there (working groups); its people are those located there.
Dates count back from ``as_of`` (today by default). Thresholds:

| indicator | met | partly | not met |
|---|---|---|---|
| 1.2 a team exists | a provincial network of at least ``TEAM_MIN`` members | a smaller one | none |
| (beside 1.2) district coverage | a figure, not judged: districts with work ÷ all the province's districts (``queries.analytics.coverage``) | | |
| 1.3 clear roles | chair, coordinator and secretary all filled | one or two of them | none |
| 1.4 meetings held continuously | one in the last 3 months and ``MEETINGS_MIN`` in 12 | one in 12 months | none in 12 months |
| 1.5 skills | all six held above beginner level by someone there | ``SKILLS_PARTLY`` or more | fewer |
| 2.1 self-assessment | one in the last ``ASSESSED_MONTHS`` months | an older one | never |
| 3.1 joint policy and thematic work | a policy-level partnership, and partners of ``SECTORS_MIN`` sectors | any partnership | none |
| 3.2 partner mechanisms | ``JOINT_MIN`` events with partners in 12 months | one, ever | none |
| 3.3 people, work and budget | a partnership with shared budget, carried by a member | partnerships, no shared budget | no partnership |

Each province is compared with the mean over the provinces of its region, and of the country,
where a network exists.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import fmean

import networkx as nx

from phakhee.graph.errors import NotFound
from phakhee.graph.model import SKILLS
from phakhee.queries.analytics.coverage import Coverage, coverage, coverage_of
from phakhee.queries.analytics.gaps import SECTORS, located, located_in, present_provinces
from phakhee.queries.ask.experts import check_province
from phakhee.queries.cache import GraphVersion

TEAM_MIN = 5
CORE_ROLES: tuple[str, ...] = ("chair", "coordinator", "secretary")
MEETINGS_MIN = 3
SKILLS_PARTLY = 3
ASSESSED_MONTHS = 15
SECTORS_MIN = 3
JOINT_MIN = 2
OBJECTIVES: tuple[str, ...] = tuple(f"objective_{i}" for i in range(1, 6))
MET, PARTLY, NOT_MET = "met", "partly", "not met"


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator: code, what it asks, its status, the figures behind it, and in words."""

    code: str
    name: str
    status: str
    figures: dict[str, float]
    detail: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """One figure of the province beside the mean of its region and of the country."""

    figure: str
    province: float
    region: float
    country: float


@dataclass(slots=True)
class Scorecard:
    """A province's indicators, how many are met, and how it compares."""

    province: str
    name: str
    region: str
    team: str | None
    indicators: list[Indicator]
    met: int
    partly: int
    not_met: int
    compared: list[Comparison] = field(default_factory=list)
    coverage: Coverage | None = None
    """District coverage (shown beside 1.2): its districts with work, and those without."""


def _months_ago(as_of: dt.date, months: int) -> str:
    return (as_of - dt.timedelta(days=round(months * 30.44))).isoformat()


def _status(met: bool, partly: bool) -> str:
    return MET if met else PARTLY if partly else NOT_MET


class _Facts:
    """What the scorecard reads from the graph, gathered in one pass over the ties."""

    def __init__(self, g: nx.MultiDiGraph, where: dict[str, str] | None = None) -> None:
        self.where = located(g) if where is None else where
        self.teams: dict[str, list[str]] = defaultdict(list)
        self.network: dict[str, str] = {}
        for node, province in sorted(self.where.items()):
            if node.startswith("team:"):
                self.teams[province].append(node)
                if g.nodes[node].get("team_type") == "provincial_network":
                    self.network.setdefault(province, node)
        self.people: dict[str, list[str]] = defaultdict(list)
        for node, province in self.where.items():
            if node.startswith("person:"):
                self.people[province].append(node)
        self.members: dict[str, dict[str, str]] = defaultdict(dict)
        self.skills: dict[str, dict[str, str]] = defaultdict(dict)
        self.held_by: dict[str, set[str]] = defaultdict(set)
        self.partnerships: dict[str, list[tuple[str, dict]]] = defaultdict(list)
        self.carriers: dict[str, set[str]] = defaultdict(set)
        self.assessments: dict[str, list[str]] = defaultdict(list)
        self.partner_events: set[str] = set()
        rank = {"beginner": 0, "intermediate": 1, "advanced": 2}
        for s, t, k, d in g.edges(keys=True, data=True):
            if k == "member_of":
                self.members[t][s] = d.get("role", "member")
            elif k == "has_skill":
                old = self.skills[s].get(t)
                level = d.get("level", "beginner")
                if old is None or rank.get(level, 0) > rank.get(old, 0):
                    self.skills[s][t] = level
            elif k == "held_by":
                self.held_by[t].add(s)
                if t.startswith("partner:"):
                    self.partner_events.add(s)
            elif k == "attended" and s.startswith("partner:"):
                self.partner_events.add(t)
            elif k == "partners_with":
                self.partnerships[s].append((t, d))
            elif k == "liaises_with":
                self.carriers[t].add(s)
            elif k == "assessed":
                self.assessments[s].append(t)


def _scorecard(
    g: nx.MultiDiGraph, f: _Facts, province: str, as_of: dt.date, reach: Coverage | None = None
) -> Scorecard:
    team = f.network.get(province)
    teams = f.teams.get(province, [])
    members = f.members.get(team, {}) if team else {}
    indicators = []

    size = len(members)
    indicators.append(
        Indicator(
            "1.2",
            "a team or working group exists",
            _status(size >= TEAM_MIN, team is not None),
            {"team_members": size, "teams": len(teams)} | _reach(reach),
            (
                f"{size} members in the provincial network, {len(teams)} teams in the province"
                if team
                else "no provincial network team"
            )
            + (f"; work in {reach.with_work} of {reach.districts} districts" if reach else ""),
        )
    )

    roles = set(members.values())
    filled = [r for r in CORE_ROLES if r in roles]
    indicators.append(
        Indicator(
            "1.3",
            "clear roles",
            _status(len(filled) == len(CORE_ROLES), bool(filled)),
            {"core_roles_filled": len(filled)},
            "filled: "
            + (", ".join(filled) or "none")
            + "; missing: "
            + (", ".join(r for r in CORE_ROLES if r not in roles) or "none"),
        )
    )

    dates = sorted(
        g.nodes[e].get("date", "")
        for t in teams
        for e in f.held_by.get(t, ())
        if g.nodes[e].get("event_type") == "meeting"
    )
    counts = {
        m: sum(1 for d in dates if _months_ago(as_of, m) <= d <= as_of.isoformat())
        for m in (3, 6, 12)
    }
    indicators.append(
        Indicator(
            "1.4",
            "meetings held continuously",
            _status(counts[3] >= 1 and counts[12] >= MEETINGS_MIN, counts[12] >= 1),
            {f"meetings_{m}m": float(n) for m, n in counts.items()},
            f"{counts[3]} meetings in the last 3 months, {counts[6]} in 6, {counts[12]} in 12"
            + (f"; last on {dates[-1]}" if dates else ""),
        )
    )

    people = set(f.people.get(province, ()))
    people |= {p for t in teams for p in f.members.get(t, {})}
    above = {k for p in people for k, level in f.skills.get(p, {}).items() if level != "beginner"}
    covered = [slug for slug, _, _ in SKILLS if f"skill:{slug}" in above]
    indicators.append(
        Indicator(
            "1.5",
            "skills: coaching, facilitation, KM, team management, communication, weaving",
            _status(len(covered) == len(SKILLS), len(covered) >= SKILLS_PARTLY),
            {"skills_covered": len(covered)},
            f"{len(covered)} of 6 held above beginner level: " + (", ".join(covered) or "none"),
        )
    )

    assessed = sorted(
        (g.nodes[a].get("date", ""), a) for t in ([team] if team else []) for a in f.assessments[t]
    )
    figures: dict[str, float] = {"assessments": len(assessed)}
    detail = "no self-assessment"
    if assessed:
        latest = g.nodes[assessed[-1][1]]
        mean = fmean(float(latest.get(o, 0)) for o in OBJECTIVES)
        figures["latest_mean"] = round(mean, 4)
        detail = f"latest on {assessed[-1][0]}, mean {mean:.1f} of 10"
        if len(assessed) > 1:
            before = g.nodes[assessed[-2][1]]
            trend = {o: float(latest.get(o, 0)) - float(before.get(o, 0)) for o in OBJECTIVES}
            figures["trend"] = round(fmean(trend.values()), 4)
            figures |= {f"trend_{o}": round(v, 4) for o, v in trend.items()}
            detail += f"; {figures['trend']:+.1f} since {assessed[-2][0]}"
    recent = bool(assessed) and assessed[-1][0] >= _months_ago(as_of, ASSESSED_MONTHS)
    indicators.append(
        Indicator(
            "2.1",
            "self-assessment for improvement",
            _status(recent, bool(assessed)),
            figures,
            detail,
        )
    )

    ties = [(p, d) for t in teams for p, d in f.partnerships.get(t, ())]
    sectors = Counter(g.nodes[p].get("sector") for p, _ in ties)
    policy = sum(1 for _, d in ties if d.get("level") == "policy")
    n_sectors = sum(1 for s in SECTORS if sectors.get(s))
    indicators.append(
        Indicator(
            "3.1",
            "joint policy and thematic work with partners",
            _status(policy > 0 and n_sectors >= SECTORS_MIN, bool(ties)),
            {"partnerships": len(ties), "policy_level": policy, "sectors": n_sectors}
            | {f"sector_{s}": float(sectors.get(s, 0)) for s in SECTORS},
            f"{len(ties)} partnerships, {policy} at policy level, sectors: "
            + (", ".join(f"{s} {sectors[s]}" for s in SECTORS if sectors.get(s)) or "none"),
        )
    )

    team_events = {e for t in teams for e in f.held_by.get(t, ())}
    joint = sorted(
        g.nodes[e].get("date", "")
        for e in f.partner_events
        if f.where.get(e) == province or e in team_events
    )
    recent_joint = sum(1 for d in joint if _months_ago(as_of, 12) <= d <= as_of.isoformat())
    indicators.append(
        Indicator(
            "3.2",
            "results-oriented partner mechanisms (joint events)",
            _status(recent_joint >= JOINT_MIN, bool(joint)),
            {"joint_events": len(joint), "joint_events_12m": recent_joint},
            f"{recent_joint} events with partners in the last 12 months, {len(joint)} in all",
        )
    )

    carried = {p for t in teams for p in f.members.get(t, {})}
    shared = [
        (p, d) for p, d in ties if d.get("shared_budget") and f.carriers.get(p, set()) & carried
    ]
    budget = sum(float(d.get("budget_thb") or 0) for _, d in shared)
    indicators.append(
        Indicator(
            "3.3",
            "integration of people, work and budget",
            _status(bool(shared), bool(ties)),
            {"shared_budget_partnerships": len(shared), "budget_thb": budget},
            f"{len(shared)} partnerships with shared budget carried by members ({budget:,.0f} THB)",
        )
    )

    status = Counter(i.status for i in indicators)
    return Scorecard(
        province,
        g.nodes[province].get("name", province),
        g.nodes[province].get("region", ""),
        team,
        indicators,
        status[MET],
        status[PARTLY],
        status[NOT_MET],
        coverage=reach,
    )


def _reach(reach: Coverage | None) -> dict[str, float]:
    """The coverage figures 1.2 carries: districts, those with work, and their share."""
    if reach is None:
        return {}
    return {
        "districts": reach.districts,
        "districts_with_work": reach.with_work,
        "district_coverage": round(reach.share, 4),
    }


COMPARED: tuple[tuple[str, str], ...] = (
    ("1.2", "team_members"),
    ("1.2", "district_coverage"),
    ("1.4", "meetings_12m"),
    ("1.5", "skills_covered"),
    ("2.1", "latest_mean"),
    ("3.1", "partnerships"),
    ("3.1", "policy_level"),
    ("3.2", "joint_events_12m"),
    ("3.3", "shared_budget_partnerships"),
)


def scorecards(
    g: nx.MultiDiGraph,
    as_of: dt.date | None = None,
    where: dict[str, str] | None = None,
    reach: dict[str, Coverage] | None = None,
) -> dict[str, Scorecard]:
    """The scorecard of every province where the network is present, compared with region and
    country (``where``: the graph's ``located``, ``reach``: its ``coverage``, when already
    known)."""
    as_of = as_of or dt.date.today()
    facts = _Facts(g, where)
    reach = coverage(g) if reach is None else reach
    present = present_provinces(facts.where)
    cards = {p: _scorecard(g, facts, p, as_of, reach.get(p)) for p in present}

    def figure(card: Scorecard, code: str, name: str) -> float | None:
        ind = next(i for i in card.indicators if i.code == code)
        return ind.figures.get(name)

    for code, name in COMPARED:
        values = {p: figure(c, code, name) for p, c in cards.items()}
        country = [v for v in values.values() if v is not None]
        by_region: dict[str, list[float]] = defaultdict(list)
        for p, v in values.items():
            if v is not None:
                by_region[cards[p].region].append(v)
        for p, card in cards.items():
            if values[p] is not None:
                card.compared.append(
                    Comparison(
                        name,
                        float(values[p]),
                        round(fmean(by_region[card.region]), 4),
                        round(fmean(country), 4),
                    )
                )
    return cards


def all_scorecards(gv: GraphVersion) -> dict[str, Scorecard]:
    """Every province's scorecard for this graph version (as of today), cached."""
    today = dt.date.today()
    return gv.derived(
        f"scorecards:{today}", lambda g: scorecards(g, today, located_in(gv), coverage_of(gv))
    )


def scorecard(gv: GraphVersion, province: str) -> Scorecard:
    """One province's scorecard; NotFound when it is no province or has no network."""
    check_province(gv.graph, province)
    cards = all_scorecards(gv)
    if province not in cards:
        raise NotFound(
            "network",
            province,
            f"no network in {province[:80]!r}: no team or person is located there",
        )
    return cards[province]
