"""A realistic, deterministic demo network: the 77 provincial networks, their people and partners.

Placed on the ground: each province works in its capital district and a share of its other
districts (geothai's), so coverage falls short somewhere; the provincial network, its core and
the provincial offices are in the capital district, each working group and its people in a
district of its own (people in its subdistricts), the other partners, forums and lessons in a
district where the work is. Partners carry the network's partner types where their name says one,
and some policy-level forums and lessons record the policy that came of them.

Not uniform random: people cluster in working groups inside their province, regional academics
and a few national coordinators broker across provinces and regions, some provinces lack a
government or private partner or any policy-level partnership, some have stopped meeting, and
some people are isolated — so centrality and gap finding have something true to find.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from phakhee.graph.geography import districts_of, subdistricts_of
from phakhee.graph.model import SKILLS, NodeKind, NodeRecord, Provenance, TieKind, TieRecord
from phakhee.graph.reference import (
    province_id,
    reference_nodes,
    reference_ties,
    region_id,
    skill_id,
)
from phakhee.graph.store import GraphStore, WriteResult
from phakhee.graph.thailand import PROVINCES, REGIONS, ProvinceInfo
from phakhee.loaders.demo_vocab import (
    EVENT_TEMPLATES,
    GIVEN_NAMES,
    LESSON_TEMPLATES,
    PARTNER_TEMPLATES,
    PARTNER_TYPES,
    POLICY_TEMPLATES,
    SURNAMES,
    TOPICS,
)
from phakhee.loaders.writer import Progress, write_batches

Record = NodeRecord | TieRecord
SECTOR_WEIGHTS = {
    "government": 35,
    "civil_society": 28,
    "private": 12,
    "target_group": 17,
    "other": 8,
}
LESSON_TYPES = {"best_practice": 35, "active_learning": 35, "media": 20, "policy_brief": 10}
SKILL_LEVELS = ("beginner", "intermediate", "advanced")
# Trainees per session: a big province trains in cohorts, not in a hall of thousands.
TRAINING_COHORT = 40
TOPICS_WITHOUT_LESSONS = 2  # the last topics get work but no captured lesson


@dataclass(slots=True)
class _Province:
    info: ProvinceInfo
    index: int
    people: list[str] = field(default_factory=list)
    groups: list[list[str]] = field(default_factory=list)
    core: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    isolated: list[str] = field(default_factory=list)
    no_government: bool = False
    no_private: bool = False
    operational_only: bool = False
    dormant: bool = False
    areas: list[str] = field(default_factory=list)
    """The districts the network works in, the capital district first."""
    home: dict[str, str] = field(default_factory=dict)
    """Each group's district (by the group's first member; the core's is the capital's)."""

    @property
    def team(self) -> str:
        return f"team:network-{self.info.slug}"

    @property
    def node(self) -> str:
        return province_id(self.info.slug)


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What a demo build wrote, by kind, and the graph version after it."""

    people: int
    seed: int
    as_of: dt.date
    nodes: WriteResult
    ties: WriteResult


class DemoNetwork:
    """Generates the demo network's records for a number of people, a seed and a date."""

    def __init__(
        self,
        people: int = 1000,
        seed: int = 7,
        as_of: dt.date | None = None,
        batch: int = 50_000,
    ) -> None:
        if people < 100:
            raise ValueError("the demo network needs at least 100 people")
        self.n_people = people
        self.batch = batch
        self.seed = seed
        self.as_of = as_of or dt.date.today()
        self.rng = random.Random(seed)
        self.prov = Provenance(f"demo:people={people}:seed={seed}", None, "")
        self.provinces = [_Province(info, i) for i, info in enumerate(PROVINCES)]
        self.by_region: dict[str, list[_Province]] = {r.slug: [] for r in REGIONS}
        for p in self.provinces:
            self.by_region[p.info.region].append(p)
        self.topics = [f"topic:{slug}" for slug, *_ in TOPICS]
        self.person_province: dict[str, _Province] = {}
        self.academics: dict[str, list[str]] = {r.slug: [] for r in REGIONS}
        self.national: list[str] = []
        self._person_seq = 0
        self._choose_weak_provinces()
        self.places = random.Random(seed + 2)  # places and policies: the rest draws as before
        self._choose_areas()

    # helpers -----------------------------------------------------------------
    def _node(self, id_: str, kind: NodeKind, props: dict[str, Any]) -> NodeRecord:
        return NodeRecord(id_, kind, props, self.prov)

    def _tie(self, kind: TieKind, s: str, t: str, props: dict[str, Any] | None = None) -> TieRecord:
        return TieRecord(kind, s, t, props or {}, self.prov)

    def _date(self, max_days: int, min_days: int = 0) -> str:
        return (self.as_of - dt.timedelta(days=self.rng.randint(min_days, max_days))).isoformat()

    def _choose_weak_provinces(self) -> None:
        rng = random.Random(self.seed + 1)
        order = rng.sample(self.provinces, len(self.provinces))
        for p in order[:5]:
            p.no_government = True
        for p in order[5:17]:
            p.no_private = True
        for p in order[3:11]:
            p.operational_only = True
        for p in order[14:20]:
            p.dormant = True

    def _choose_areas(self) -> None:
        """The districts each province works in: its capital district and a share of the others
        (a third to all of them), so that coverage has something true to find."""
        for p in self.provinces:
            districts = districts_of(p.node)
            rest = districts[1:]
            n = round(len(rest) * self.places.uniform(0.3, 1.0))
            p.areas = districts[:1] + sorted(self.places.sample(rest, n))

    def _area(self, p: _Province, i: int | None = None) -> str:
        """A district the province works in: the ``i``-th (cycling), else one drawn."""
        if i is None:
            return self.places.choice(p.areas)
        return p.areas[i % len(p.areas)]

    def _spot(self, district: str) -> str:
        """A subdistrict of a district, drawn."""
        return self.places.choice(subdistricts_of(district))

    def records(self) -> Iterator[tuple[str, list[Record]]]:
        """Every record, phase by phase: (phase name, records); nodes come before their ties."""
        yield "reference", [*reference_nodes(), *reference_ties()]
        yield "topics", list(self._topics())
        yield "teams", list(self._teams())
        yield from self._chunks("people", self._people())
        yield from self._chunks("acquaintance", self._knows())
        yield from self._chunks("skills and topics", self._skills_and_work())
        yield from self._chunks("partners", self._partners())
        yield from self._chunks("events", self._events())
        yield from self._chunks("lessons", self._lessons())
        yield "assessments", list(self._assessments())

    def _chunks(self, phase: str, it: Iterator[Record]) -> Iterator[tuple[str, list[Record]]]:
        batch: list[Record] = []
        for r in it:
            batch.append(r)
            if len(batch) >= self.batch:
                yield phase, batch
                batch = []
        if batch:
            yield phase, batch

    # phases ------------------------------------------------------------------
    def _topics(self) -> Iterator[Record]:
        for slug, th, en, aliases in TOPICS:
            props: dict[str, Any] = {"name": th, "name_en": en}
            if aliases:
                props["aliases"] = list(aliases)
            yield self._node(f"topic:{slug}", NodeKind.TOPIC, props)

    def _teams(self) -> Iterator[Record]:
        for p in self.provinces:
            yield self._node(
                p.team,
                NodeKind.TEAM,
                {
                    "name": f"ประชาคมงดเหล้าจังหวัด{p.info.name_th}",
                    "name_en": f"{p.info.name_en} Alcohol-Free Civic Network",
                    "team_type": "provincial_network",
                    "founded": self._date(4000, 1500),
                },
            )
            yield self._tie(TieKind.LOCATED_IN, p.team, p.areas[0])
        for r in REGIONS:
            team = f"team:cft-{r.slug}"
            yield self._node(
                team,
                NodeKind.TEAM,
                {
                    "name": f"ทีมข้ามสายงาน{r.name_th}",
                    "name_en": f"{r.name_en} cross-function team",
                    "team_type": "regional_cft",
                },
            )
            yield self._tie(TieKind.LOCATED_IN, team, region_id(r.slug))
        for slug, th, en, topic in (
            ("youth", "ทีมข้ามสายงานประเด็นเยาวชน", "Youth cross-function team", "youth"),
            (
                "communication",
                "ทีมข้ามสายงานประเด็นสื่อสาร",
                "Communication cross-function team",
                "communication",
            ),
        ):
            team = f"team:cft-{slug}"
            yield self._node(
                team,
                NodeKind.TEAM,
                {"name": th, "name_en": en, "team_type": "thematic_cft", "theme": slug},
            )
            if f"topic:{topic}" in self.topics:
                yield self._tie(TieKind.WORKS_ON, team, f"topic:{topic}", {"role": "lead"})

    def _new_person(self, p: _Province, position: str | None) -> NodeRecord:
        rng = self.rng
        self._person_seq += 1
        pid = f"person:{self._person_seq:06d}"
        g_th, g_en = rng.choice(GIVEN_NAMES)
        s_th, s_en = rng.choice(SURNAMES)
        props: dict[str, Any] = {"name": f"{g_th} {s_th}", "name_en": f"{g_en} {s_en}"}
        if position:
            props["position"] = position
        if rng.random() < 0.8:
            props["phone"] = (
                f"08{rng.randint(0, 9)}-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
            )
            props["email"] = f"{g_en.lower()}.{s_en.lower()[:4]}{self._person_seq}@example.org"
            props["consent_basis"] = "consent"
            props["consent_date"] = self._date(1500, 30)
            props["consent_purpose"] = "ประสานงานเครือข่าย / network coordination"
            props["consent_source"] = "แบบฟอร์มสมัครสมาชิก / membership form"
        if rng.random() < 0.5:
            props["line_id"] = f"{g_en.lower()}{rng.randint(10, 99)}"
        p.people.append(pid)
        self.person_province[pid] = p
        return self._node(pid, NodeKind.PERSON, props)

    def _allocation(self) -> list[int]:
        """People per province: proportional to population, at least five each."""
        total = sum(p.info.population for p in self.provinces)
        rest = self.n_people - 5 * len(self.provinces)
        share = [5 + int(rest * p.info.population / total) for p in self.provinces]
        for i in range(self.n_people - sum(share)):
            share[i % len(share)] += 1
        return share

    def _people(self) -> Iterator[Record]:
        rng = self.rng
        for p, n in zip(self.provinces, self._allocation(), strict=True):
            members = [self._new_person(p, "coordinator" if i == 1 else None) for i in range(n)]
            yield from members
            ids = [m.id for m in members]
            isolated = max(round(n * 0.01), 1 if p.index % 7 == 3 else 0)
            active = ids[: n - isolated]
            p.isolated = ids[n - isolated :]
            core = active[: min(len(active), rng.randint(6, 12))]
            p.core = core
            roles = ["chair", "coordinator", "secretary", "treasurer"]
            if rng.random() < 0.25:
                roles.remove("treasurer")
            for i, pid in enumerate(core):
                role = roles[i] if i < len(roles) else "member"
                yield self._tie(
                    TieKind.MEMBER_OF, pid, p.team, {"role": role, "since": self._date(2500, 60)}
                )
            rest = active[len(core) :]
            for g in range(0, len(rest), 12):
                group = rest[g : g + 12]
                if len(group) < 3 and p.groups:
                    p.groups[-1].extend(group)
                else:
                    p.groups.append(group)
            for pid in core:
                yield self._tie(TieKind.LOCATED_IN, pid, self._spot(p.areas[0]))
            for pid in p.isolated:
                yield self._tie(TieKind.LOCATED_IN, pid, self._spot(self._area(p)))
            for gi, group in enumerate(p.groups):
                district = self._area(p, gi + 1)
                p.home[group[0]] = district
                for pid in group:
                    yield self._tie(TieKind.LOCATED_IN, pid, self._spot(district))
            for gi, group in enumerate(p.groups):
                team = f"team:wg-{p.info.slug}-{gi + 1}"
                yield self._node(
                    team,
                    NodeKind.TEAM,
                    {
                        "name": f"คณะทำงานงดเหล้า{p.info.name_th} ชุดที่ {gi + 1}",
                        "name_en": f"{p.info.name_en} working group {gi + 1}",
                        "team_type": "working_group",
                    },
                )
                yield self._tie(TieKind.LOCATED_IN, team, p.home[group[0]])
                for i, pid in enumerate(group):
                    role = "coordinator" if i == 0 else "member"
                    yield self._tie(TieKind.MEMBER_OF, pid, team, {"role": role})
        yield from self._cross_teams()

    def _cross_teams(self) -> Iterator[Record]:
        """Regional academics, coordinators in the regional teams, and the thematic teams."""
        rng = self.rng
        per_region = max(2, self.n_people // 2500)
        for r in REGIONS:
            team = f"team:cft-{r.slug}"
            provinces = self.by_region[r.slug]
            for _ in range(per_region):
                home = rng.choice(provinces)
                person = self._new_person(home, "regional-academic")
                yield person
                yield self._tie(TieKind.LOCATED_IN, person.id, self._spot(home.areas[0]))
                yield self._tie(TieKind.MEMBER_OF, person.id, team, {"role": "academic"})
                self.academics[r.slug].append(person.id)
            for p in provinces:
                if len(p.core) > 1:
                    yield self._tie(TieKind.MEMBER_OF, p.core[1], team, {"role": "member"})
        for slug, share in (("youth", 0.4), ("communication", 0.3)):
            team = f"team:cft-{slug}"
            chosen = [p for p in self.provinces if rng.random() < share and p.groups]
            for i, p in enumerate(chosen):
                pid = rng.choice(p.groups[0])
                self.national.append(pid)
                role = "coordinator" if i == 0 else "member"
                yield self._tie(TieKind.MEMBER_OF, pid, team, {"role": role})

    def _knows(self) -> Iterator[Record]:
        """Dense inside working groups, sparse across them, rare across provinces, rarer across regions."""
        rng = self.rng
        seen: set[tuple[str, str]] = set()

        def tie(a: str, b: str, context: str) -> Iterator[Record]:
            if a != b and (a, b) not in seen and (b, a) not in seen:
                seen.add((a, b))
                yield self._tie(
                    TieKind.KNOWS, a, b, {"since": self._date(3000, 10), "context": context}
                )

        for p in self.provinces:
            core = p.core
            for i, a in enumerate(core):
                for b in core[i + 1 :]:
                    if rng.random() < 0.6:
                        yield from tie(a, b, "ประชาคมจังหวัด")
            for group in p.groups:
                for a in group:
                    for b in rng.sample(group, min(len(group), 4)):
                        yield from tie(a, b, "คณะทำงาน")
                if core:
                    yield from tie(rng.choice(core), group[0], "ประชาคมจังหวัด")
                if rng.random() < 0.3 and len(p.groups) > 1:
                    other = rng.choice(p.groups)
                    yield from tie(rng.choice(group), rng.choice(other), "งานในจังหวัด")
        for r in REGIONS:
            provinces = self.by_region[r.slug]
            for a in self.academics[r.slug]:
                for p in provinces:
                    if p.core and rng.random() < 0.8:
                        yield from tie(a, p.core[1 % len(p.core)], "นักวิชาการภาค")
            for p in provinces:
                if p.people and rng.random() < 0.5:
                    q = rng.choice(provinces)
                    if q is not p and q.people:
                        yield from tie(rng.choice(p.people), rng.choice(q.people), "ข้ามจังหวัด")
        regions = [r.slug for r in REGIONS]
        for i, r in enumerate(regions):
            for other in (regions[(i + 1) % len(regions)],):
                yield from tie(self.academics[r][0], self.academics[other][0], "ข้ามภาค")
        for pid in self.national:
            for other in rng.sample(self.national, min(3, len(self.national))):
                yield from tie(pid, other, "ทีมประเด็น")

    def _skills_and_work(self) -> Iterator[Record]:
        rng = self.rng
        skills = [skill_id(slug) for slug, *_ in SKILLS]
        weights = (30, 22, 18, 12, 12, 6)  # network weaving is the rarest skill
        academics = {a for group in self.academics.values() for a in group}
        for p in self.provinces:
            skip = set(p.isolated) | academics  # the isolated few; academics get theirs below
            for pid in p.people:
                if pid in skip:
                    continue
                for s in dict.fromkeys(rng.choices(skills, weights, k=rng.randint(0, 3))):
                    level = rng.choices(SKILL_LEVELS, (50, 35, 15))[0]
                    yield self._tie(TieKind.HAS_SKILL, pid, s, {"level": level})
                if rng.random() < 0.5:
                    yield self._tie(TieKind.WORKS_ON, pid, rng.choice(self.topics))
            for t in rng.sample(self.topics, 3):
                yield self._tie(
                    TieKind.WORKS_ON, p.team, t, {"role": rng.choice(("lead", "support"))}
                )
        for academics in self.academics.values():
            for a in academics:
                for s in skills[:3]:
                    yield self._tie(TieKind.HAS_SKILL, a, s, {"level": "advanced"})

    def _partners(self) -> Iterator[Record]:
        rng = self.rng
        for p in self.provinces:
            sectors = [
                s
                for s in SECTOR_WEIGHTS
                if not (
                    (s == "government" and p.no_government) or (s == "private" and p.no_private)
                )
            ]
            weights = [SECTOR_WEIGHTS[s] for s in sectors]
            count = max(4, len(p.people) // 8)
            chosen = [] if p.no_government else ["government"]
            chosen += rng.choices(sectors, weights, k=count - len(chosen))
            used: dict[str, int] = {}
            for i, sector in enumerate(chosen):
                th, en = rng.choice(PARTNER_TEMPLATES[sector])
                name_th = th.format(p_th=p.info.name_th)
                name_en = en.format(p_en=p.info.name_en)
                used[name_th] = used.get(name_th, 0) + 1
                if used[name_th] > 1:
                    name_th, name_en = (
                        f"{name_th} ({used[name_th]})",
                        f"{name_en} ({used[name_th]})",
                    )
                partner = f"partner:{p.info.slug}-{i + 1}"
                p.partners.append(partner)
                props = {"name": name_th, "name_en": name_en, "sector": sector}
                if ptype := PARTNER_TYPES.get(th):
                    props["partner_type"] = ptype
                yield self._node(partner, NodeKind.PARTNER, props)
                # provincial offices in the capital district; the others where the work is
                district = p.areas[0] if sector == "government" else self._area(p)
                yield self._tie(TieKind.LOCATED_IN, partner, district)
                policy = not p.operational_only and rng.random() < 0.3
                props: dict[str, Any] = {
                    "level": "policy" if policy else "operational",
                    "since": self._date(2200, 30),
                    "shared_budget": rng.random() < 0.35,
                }
                if props["shared_budget"]:
                    props["budget_thb"] = float(rng.randrange(10_000, 500_000, 5_000))
                yield self._tie(TieKind.PARTNERS_WITH, p.team, partner, props)
                carriers = {p.core[1 % len(p.core)]} if p.core else set()
                if p.groups and rng.random() < 0.6:
                    carriers.add(rng.choice(rng.choice(p.groups)))
                for c in sorted(carriers):
                    yield self._tie(TieKind.LIAISES_WITH, c, partner, {"role": "ผู้ประสาน"})
                if rng.random() < 0.4:
                    yield self._tie(TieKind.WORKS_ON, partner, rng.choice(self.topics))

    def _event(
        self, kind: str, key: str, place: _Province, max_days: int, min_days: int = 0
    ) -> list[Record]:
        th, en = self.rng.choice(EVENT_TEMPLATES[kind])
        fill = self._fill(place)
        eid = f"event:{key}"
        date = self._date(max_days, min_days)
        props: dict[str, Any] = {
            "name": th.format(**fill),
            "name_en": en.format(**fill),
            "event_type": kind,
            "date": date,
        }
        if kind == "forum":
            props["level"] = self.rng.choice(("policy", "operational"))
            if props["level"] == "policy" and self.places.random() < 0.4:
                props |= self._policy(date[:4])
        recs: list[Record] = [self._node(eid, NodeKind.EVENT, props)]
        where = place.areas[0] if kind in ("meeting", "exchange") else self._area(place)
        recs.append(self._tie(TieKind.LOCATED_IN, eid, where))
        recs.append(self._tie(TieKind.ABOUT, eid, self.rng.choice(self.topics)))
        return recs

    def _policy(self, year: str) -> dict[str, Any]:
        """A policy outcome (``POLICY_TEMPLATES``), announced in the year given (C.E.) or the
        next, never after the demo's date; its year in the Buddhist Era."""
        th, level, ptype = self.places.choice(POLICY_TEMPLATES)
        return {
            "policy": th,
            "policy_level": level,
            "policy_type": ptype,
            "policy_year": min(int(year) + self.places.randint(0, 1), self.as_of.year) + 543,
        }

    def _fill(self, p: _Province) -> dict[str, str]:
        region = next(r for r in REGIONS if r.slug == p.info.region)
        t = TOPICS[self.rng.randrange(len(TOPICS) - TOPICS_WITHOUT_LESSONS)]
        return {
            "p_th": p.info.name_th,
            "p_en": p.info.name_en,
            "r_th": region.name_th,
            "r_en": region.name_en,
            "t_th": t[1],
            "t_en": t[2],
        }

    def _attend(
        self, eid: str, people: list[str], share: float, role: str = "participant"
    ) -> Iterator[Record]:
        for pid in people:
            if self.rng.random() < share:
                yield self._tie(TieKind.ATTENDED, pid, eid, {"role": role})

    def _events(self) -> Iterator[Record]:
        rng = self.rng
        self.exchanges: list[tuple[str, str]] = []  # (event id, region)
        for p in self.provinces:
            start = 400 if p.dormant else 0  # dormant provinces stopped meeting a year ago
            meetings = max(2, len(p.people) // 6)
            for m in range(meetings):
                recent = 90 if m == 0 and not p.dormant else 730  # active networks met lately
                recs = self._event("meeting", f"{p.info.slug}-meeting-{m + 1}", p, recent, start)
                eid = recs[0].id
                yield from recs
                yield self._tie(TieKind.HELD_BY, eid, p.team)
                group = p.core if m % 2 == 0 or not p.groups else rng.choice(p.groups)
                yield from self._attend(eid, group, 0.75)
            for f in range(rng.randint(1, 3)):
                recs = self._event("forum", f"{p.info.slug}-forum-{f + 1}", p, 730, start)
                eid = recs[0].id
                yield from recs
                yield self._tie(TieKind.HELD_BY, eid, p.team)
                yield from self._attend(eid, p.core, 0.8)
                yield from self._attend(eid, p.partners, 0.5, "partner")
            if rng.random() < 0.5 and p.groups:
                recs = self._event("training", f"{p.info.slug}-training-1", p, 730, start)
                trainees = [m for g in p.groups for m in g if rng.random() < 0.3]
                yield from self._cohorts(recs, p, trainees)
        for r in REGIONS:
            provinces = self.by_region[r.slug]
            for x in range(max(2, self.n_people // 2000)):
                host = rng.choice(provinces)
                recs = self._event("exchange", f"{r.slug}-exchange-{x + 1}", host, 730)
                eid = recs[0].id
                self.exchanges.append((eid, r.slug))
                yield from recs
                yield self._tie(TieKind.HELD_BY, eid, f"team:cft-{r.slug}")
                yield from self._attend(eid, self.academics[r.slug], 1.0, "facilitator")
                for p in rng.sample(provinces, max(2, len(provinces) // 2)):
                    yield from self._attend(eid, p.core[:3], 0.7)
        host = next(p for p in self.provinces if p.info.slug == "bangkok")
        for x in range(2):
            recs = self._event("exchange", f"national-exchange-{x + 1}", host, 365)
            eid = recs[0].id
            yield from recs
            yield self._tie(
                TieKind.HELD_BY, eid, "team:cft-youth" if x == 0 else "team:cft-communication"
            )
            yield from self._attend(
                eid, [a for r in REGIONS for a in self.academics[r.slug][:1]], 1.0
            )
            yield from self._attend(eid, list(dict.fromkeys(self.national)), 0.5)

    def _cohorts(self, first: list[Record], p: _Province, trainees: list[str]) -> Iterator[Record]:
        """A training in cohorts of at most TRAINING_COHORT, a week apart, the first as drawn."""
        node = first[0]
        assert isinstance(node, NodeRecord)
        for i in range(0, max(1, len(trainees)), TRAINING_COHORT):
            n = i // TRAINING_COHORT + 1
            if n == 1:
                recs = first
            else:
                props = dict(node.props)
                props["name"] = f"{props['name']} รุ่นที่ {n}"
                props["name_en"] = f"{props['name_en']} (cohort {n})"
                date = dt.date.fromisoformat(props["date"]) - dt.timedelta(days=7 * (n - 1))
                props["date"] = date.isoformat()
                eid = node.id.removesuffix("-1") + f"-{n}"
                recs = [self._node(eid, NodeKind.EVENT, props)]
                recs += [
                    self._tie(t.kind, eid, t.target) for t in first[1:] if isinstance(t, TieRecord)
                ]
            yield from recs
            yield self._tie(TieKind.HELD_BY, recs[0].id, p.team)
            for pid in trainees[i : i + TRAINING_COHORT]:
                yield self._tie(TieKind.ATTENDED, pid, recs[0].id, {"role": "participant"})

    def _lessons(self) -> Iterator[Record]:
        rng = self.rng
        types, weights = list(LESSON_TYPES), list(LESSON_TYPES.values())
        lesson_topics = TOPICS[: len(TOPICS) - TOPICS_WITHOUT_LESSONS]
        seq = 0
        for p in self.provinces:
            authors = p.core + [g[0] for g in p.groups]
            if not authors:
                continue
            for _ in range(max(1, len(p.people) // 4)):
                seq += 1
                lid = f"lesson:{seq:06d}"
                kind = rng.choices(types, weights)[0]
                slug, t_th, t_en, _aliases = rng.choice(lesson_topics)
                th, en = rng.choice(LESSON_TEMPLATES[kind])
                fill = {"p_th": p.info.name_th, "p_en": p.info.name_en, "t_th": t_th, "t_en": t_en}
                props = {
                    "name": th.format(**fill),
                    "name_en": en.format(**fill),
                    "lesson_type": kind,
                    "date": self._date(1400),
                }
                if kind in ("best_practice", "policy_brief") and self.places.random() < 0.15:
                    props |= self._policy(props["date"][:4])
                yield self._node(lid, NodeKind.LESSON, props)
                yield self._tie(TieKind.ABOUT, lid, f"topic:{slug}")
                yield self._tie(TieKind.LOCATED_IN, lid, self._spot(self._area(p)))
                for a in sorted(set(rng.sample(authors, min(len(authors), rng.randint(1, 3))))):
                    yield self._tie(TieKind.AUTHORED, a, lid)
                if rng.random() < 0.1:
                    yield self._tie(TieKind.AUTHORED, p.team, lid)
                shared = [e for e, region in self.exchanges if region == p.info.region]
                if shared and rng.random() < 0.25:
                    yield self._tie(TieKind.PRESENTED_AT, lid, rng.choice(shared))

    def _assessments(self) -> Iterator[Record]:
        rng = self.rng
        for p in self.provinces:
            years = rng.choices((0, 1, 2, 3), (10, 25, 35, 30))[0]
            base = rng.uniform(3.0, 7.0)
            for y in range(years):
                aid = f"assessment:{p.info.slug}-{self.as_of.year - years + y + 1}"
                date = dt.date(self.as_of.year - years + y + 1, 1, 1) - dt.timedelta(
                    days=rng.randint(30, 90)
                )
                trend = rng.uniform(-0.5, 1.2) * y
                scores = {
                    f"objective_{i}": round(
                        min(10.0, max(0.0, base + trend + rng.uniform(-1.5, 1.5))), 1
                    )
                    for i in range(1, 6)
                }
                props: dict[str, Any] = {
                    "name": f"ประเมินตนเอง ประชาคมจังหวัด{p.info.name_th} {date.year + 543}",
                    "name_en": f"{p.info.name_en} self-assessment {date.year}",
                    "date": date.isoformat(),
                    **scores,
                    "governance": round(min(10.0, max(0.0, base + rng.uniform(-1, 2))), 1),
                }
                yield self._node(aid, NodeKind.ASSESSMENT, props)
                yield self._tie(TieKind.ASSESSED, p.team, aid)


def build_demo(
    store: GraphStore,
    people: int = 1000,
    seed: int = 7,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    batch: int | None = None,
) -> DemoSummary:
    """Write the demo network into a store, batch by batch; rerunning it changes nothing."""
    demo = DemoNetwork(people, seed, as_of, batch or store.batch_size)
    result = write_batches(store, demo.records(), progress)
    return DemoSummary(people, seed, demo.as_of, result.nodes, result.ties)
