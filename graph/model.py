"""The domain model: the kinds of things in the network, the ties between them, and their fields.

Every node has a stable id of the form ``kind:slug`` (``province:nan``, ``person:somchai-jaidee``)
so the same thing loaded twice is one node, and its kind can be read off its id. Properties are
flat (strings, numbers, booleans, lists of strings) so every backend and export format can hold
them as they are.

Text is kept as typed except for characters nobody means to store: zero-width and direction
characters (which can make a name display as another) are dropped, and control characters that
XML, and so a workbook, cannot hold are refused, naming the field. Ids are never rewritten: an
id holding either kind is refused.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)

from phakhee.graph.errors import InvalidInput


class NodeKind(StrEnum):
    """The kinds of node; each is a label in Neo4j."""

    PERSON = "person"
    TEAM = "team"
    PROVINCE = "province"
    REGION = "region"
    DISTRICT = "district"
    SUBDISTRICT = "subdistrict"
    PARTNER = "partner"
    TOPIC = "topic"
    LESSON = "lesson"
    EVENT = "event"
    SKILL = "skill"
    ASSESSMENT = "assessment"

    @property
    def label(self) -> str:
        """The Neo4j label: ``Person``, ``Team``, ..."""
        return self.value.capitalize()


class TieKind(StrEnum):
    """The kinds of tie; each is a relationship type in Neo4j."""

    MEMBER_OF = "member_of"
    LOCATED_IN = "located_in"
    WORKS_ON = "works_on"
    HAS_SKILL = "has_skill"
    AUTHORED = "authored"
    ABOUT = "about"
    PARTNERS_WITH = "partners_with"
    LIAISES_WITH = "liaises_with"
    ATTENDED = "attended"
    HELD_BY = "held_by"
    PRESENTED_AT = "presented_at"
    KNOWS = "knows"
    ASSESSED = "assessed"

    @property
    def rel_type(self) -> str:
        """The Neo4j relationship type: ``MEMBER_OF``, ..."""
        return self.value.upper()


class TeamType(StrEnum):
    PROVINCIAL_NETWORK = "provincial_network"
    WORKING_GROUP = "working_group"
    REGIONAL_CFT = "regional_cft"
    PROVINCIAL_CFT = "provincial_cft"
    THEMATIC_CFT = "thematic_cft"


class Sector(StrEnum):
    GOVERNMENT = "government"
    PRIVATE = "private"
    CIVIL_SOCIETY = "civil_society"
    TARGET_GROUP = "target_group"
    OTHER = "other"


class PartnerType(StrEnum):
    """The twelve local types of partner the network chooses from (``docs/geography.md``)."""

    LOCAL_GOVERNMENT = "local_government"
    DISTRICT_OFFICE = "district_office"
    COMMUNITY_LEADER = "community_leader"
    TEMPLE = "temple"
    SCHOOL = "school"
    HEALTH = "health"
    HEALTH_VOLUNTEER = "health_volunteer"
    POLICE = "police"
    YOUTH = "youth"
    WOMEN_ELDERLY = "women_elderly"
    BUSINESS = "local_business"
    CIVIL_SOCIETY_ORG = "civil_society_org"


PARTNER_TYPE_SECTOR: dict[PartnerType, Sector] = {
    PartnerType.LOCAL_GOVERNMENT: Sector.GOVERNMENT,
    PartnerType.DISTRICT_OFFICE: Sector.GOVERNMENT,
    PartnerType.COMMUNITY_LEADER: Sector.GOVERNMENT,
    PartnerType.TEMPLE: Sector.CIVIL_SOCIETY,
    PartnerType.SCHOOL: Sector.GOVERNMENT,
    PartnerType.HEALTH: Sector.GOVERNMENT,
    PartnerType.HEALTH_VOLUNTEER: Sector.CIVIL_SOCIETY,
    PartnerType.POLICE: Sector.GOVERNMENT,
    PartnerType.YOUTH: Sector.TARGET_GROUP,
    PartnerType.WOMEN_ELDERLY: Sector.TARGET_GROUP,
    PartnerType.BUSINESS: Sector.PRIVATE,
    PartnerType.CIVIL_SOCIETY_ORG: Sector.CIVIL_SOCIETY,
}
"""The program card's sector each partner type falls under: a partner's sector when none is given."""


class PolicyLevel(StrEnum):
    """The level a policy that came of the work holds at."""

    VILLAGE = "village"
    SUBDISTRICT = "subdistrict"
    DISTRICT = "district"
    PROVINCE = "province"
    COUNTRY = "country"


class PolicyType(StrEnum):
    """The kinds of policy outcome the network records."""

    CHARTER = "charter"
    COMMUNITY_RULE = "community_rule"
    SUBDISTRICT_AGREEMENT = "subdistrict_agreement"
    MOU = "mou"
    LOCAL_POLICY = "local_policy"
    DHB_POLICY = "dhb_policy"
    PROVINCIAL_ORDER = "provincial_order"
    PROJECT = "project"
    OTHER = "other"


class LessonType(StrEnum):
    BEST_PRACTICE = "best_practice"
    ACTIVE_LEARNING = "active_learning"
    MEDIA = "media"
    POLICY_BRIEF = "policy_brief"
    OTHER = "other"


class EventType(StrEnum):
    MEETING = "meeting"
    FORUM = "forum"
    EXCHANGE = "exchange"
    TRAINING = "training"
    CAMPAIGN = "campaign"
    OTHER = "other"


class Level(StrEnum):
    """The level a partnership or a forum works at (indicator 3.1)."""

    POLICY = "policy"
    OPERATIONAL = "operational"


class SkillLevel(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class MemberRole(StrEnum):
    """Roles in a team (indicator 1.3)."""

    CHAIR = "chair"
    COORDINATOR = "coordinator"
    SECRETARY = "secretary"
    TREASURER = "treasurer"
    ACADEMIC = "academic"
    ADVISOR = "advisor"
    MEMBER = "member"


# Ties: which kinds each tie may join (source kinds, target kinds).
_P, _T, _PV, _R = NodeKind.PERSON, NodeKind.TEAM, NodeKind.PROVINCE, NodeKind.REGION
_PA, _TO, _L, _E = NodeKind.PARTNER, NodeKind.TOPIC, NodeKind.LESSON, NodeKind.EVENT
_D, _SD = NodeKind.DISTRICT, NodeKind.SUBDISTRICT
TIE_ENDPOINTS: dict[TieKind, tuple[frozenset[NodeKind], frozenset[NodeKind]]] = {
    TieKind.MEMBER_OF: (frozenset({_P}), frozenset({_T})),
    # To the finest place known; a district or subdistrict only to the place it is in (Tie._check).
    TieKind.LOCATED_IN: (
        frozenset({_P, _T, _PA, _E, _L, _PV, _D, _SD}),
        frozenset({_PV, _R, _D, _SD}),
    ),
    TieKind.WORKS_ON: (frozenset({_P, _T, _PA}), frozenset({_TO})),
    TieKind.HAS_SKILL: (frozenset({_P}), frozenset({NodeKind.SKILL})),
    TieKind.AUTHORED: (frozenset({_P, _T}), frozenset({_L})),
    TieKind.ABOUT: (frozenset({_L, _E}), frozenset({_TO})),
    TieKind.PARTNERS_WITH: (frozenset({_T}), frozenset({_PA})),
    TieKind.LIAISES_WITH: (frozenset({_P}), frozenset({_PA})),
    TieKind.ATTENDED: (frozenset({_P, _PA}), frozenset({_E})),
    TieKind.HELD_BY: (frozenset({_E}), frozenset({_T, _PA})),
    TieKind.PRESENTED_AT: (frozenset({_L}), frozenset({_E})),
    TieKind.KNOWS: (frozenset({_P}), frozenset({_P})),
    TieKind.ASSESSED: (frozenset({_T}), frozenset({NodeKind.ASSESSMENT})),
}

_KINDS = {k.value: k for k in NodeKind}
_ID_RE = re.compile(r"^([a-z]+):([^\s/?#\\]{1,200})$")
_SLUG_DROP = re.compile(r"[\s/?#\\:]+")


def kind_of(node_id: str) -> NodeKind:
    """The kind a node id names, or InvalidInput when the id is not ``kind:slug``."""
    m = _ID_RE.match(node_id)
    if m is None or m.group(1) not in _KINDS:
        raise InvalidInput(
            f"id {node_id[:80]!r} is not of the form kind:slug with kind one of: "
            + ", ".join(NodeKind)
        )
    return _KINDS[m.group(1)]


def make_id(kind: NodeKind | str, text: str) -> str:
    """A stable node id from free text: the same name always gives the same id."""
    slug = unicodedata.normalize("NFC", text).strip().lower()
    slug = _SLUG_DROP.sub("-", slug).strip("-")[:200]
    if not slug:
        raise InvalidInput("cannot make an id from empty text")
    return f"{NodeKind(kind).value}:{slug}"


HIDDEN = re.compile(
    "[\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width characters and the soft hyphen
    "\u200e\u200f\u061c"  # direction marks
    "\u202a-\u202e\u2066-\u2069]"  # direction embeddings, overrides and isolates
)
"""Characters that show nothing themselves, or reorder what follows: dropped from text on input."""
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 (and so a workbook) cannot hold: refused on input. Tab, newline and
carriage return are text."""


def control_character(text: str) -> str | None:
    """The first character of ``text`` that a workbook cannot hold, as ``U+0007``; None if none."""
    m = CONTROL.search(text)
    return f"U+{ord(m.group()):04X}" if m else None


def control_reason(code: str) -> str:
    """Why text holding the control character ``code`` is refused (without echoing the text)."""
    return f"holds the control character {code}, which a workbook cannot hold: delete it"


_SUSPECT = re.compile(HIDDEN.pattern[:-1] + CONTROL.pattern[1:])


def _suspect(value: object) -> bool:
    """Whether a given value is text, or a list holding text, that ``tidy_text`` would change."""
    if isinstance(value, str):
        return _SUSPECT.search(value) is not None
    if isinstance(value, list):
        return any(isinstance(v, str) and _SUSPECT.search(v) for v in value)
    return False


def tidy_text(text: str) -> str:
    """Text as it is stored: invisible and direction characters dropped; ValueError if it holds a
    control character (the error names it, never the text)."""
    if code := control_character(text):
        raise ValueError(control_reason(code))
    return HIDDEN.sub("", text)


def _check_id(value: str) -> str:
    if code := control_character(value):
        raise ValueError(control_reason(code))
    if m := HIDDEN.search(value):
        raise ValueError(
            f"holds the invisible or direction character U+{ord(m.group()):04X}: "
            "type the id without it"
        )
    kind_of(value)
    return value


NodeId = Annotated[str, AfterValidator(_check_id)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Score = Annotated[float, Field(ge=0, le=10)]
Year = Annotated[str, Field(pattern=r"^[0-9]{4}$")]
"""A year of the Common Era, alone: what a date known only to its year is stored as ("2019"),
never as 1 January of it (shown as ปี 2562)."""


def _date_or_year(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    try:
        return handler(value)
    except ValidationError:
        raise ValueError("expected a date (2024-03-05) or a year alone (2024)") from None


DateOrYear = Annotated[dt.date | Year, WrapValidator(_date_or_year)]
"""A date, or a year alone when only the year is known (``since``, ``founded``)."""


_EXTRA_NAME = re.compile(r"^x_[a-z0-9_]{1,60}$")
_UNTIDIED = frozenset({"id", "source", "target", "kind"})  # checked as they are


class _Model(BaseModel):
    """Fields as declared, plus free-form ``x_name`` properties (text, number or yes/no) from other tools."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True, use_enum_values=True)

    @model_validator(mode="before")
    @classmethod
    def _text_as_stored(cls, data: Any) -> Any:
        """Every text and list of texts given through ``tidy_text`` (ids are checked, not tidied)."""
        if not isinstance(data, dict) or not any(map(_suspect, data.values())):
            return data  # the usual case, answered without copying
        out = dict(data)
        for key, value in data.items():
            if key in _UNTIDIED or not _suspect(value):
                continue
            try:
                if isinstance(value, str):
                    out[key] = tidy_text(value)
                else:
                    out[key] = [tidy_text(v) if isinstance(v, str) else v for v in value]
            except ValueError as e:
                raise ValueError(f"{str(key)[:60]}: {e}") from None
        return out

    @model_validator(mode="after")
    def _extras_are_flat_and_marked(self) -> _Model:
        for key, value in (self.model_extra or {}).items():
            if not _EXTRA_NAME.match(key):
                raise ValueError(
                    f"field {key[:60]!r} is not known (extra properties are named x_...)"
                )
            if value is not None and not isinstance(value, str | int | float | bool):
                raise ValueError(f"{key}: an extra property must be text, a number or yes/no")
            if isinstance(value, str) and len(value) > 2000:
                raise ValueError(f"{key}: String should have at most 2000 characters")
        return self


class NodeBase(_Model):
    """Fields every node has."""

    id: NodeId
    name: Annotated[str, Field(min_length=1, max_length=300)]
    name_en: Annotated[str, Field(max_length=300)] | None = None
    aliases: list[Annotated[str, Field(max_length=300)]] = []
    description: Text | None = None
    tags: list[Annotated[str, Field(max_length=100)]] = []

    @model_validator(mode="after")
    def _id_matches_kind(self) -> NodeBase:
        kind = getattr(self, "kind", None)
        if kind is not None and kind_of(self.id) != kind:
            raise ValueError(f"id {self.id!r} does not start with '{kind}:'")
        return self


class Person(NodeBase):
    kind: Literal["person"] = "person"
    position: Annotated[str, Field(max_length=200)] | None = None
    # Personal contact fields (PDPA): redacted from exports and views by default.
    phone: Annotated[str, Field(max_length=50)] | None = None
    email: Annotated[str, Field(max_length=200)] | None = None
    line_id: Annotated[str, Field(max_length=100)] | None = None
    address: Text | None = None
    # Consent (PDPA): lawful basis, when, for what, and where it was recorded.
    consent_basis: Annotated[str, Field(max_length=100)] | None = None
    consent_date: dt.date | None = None
    consent_purpose: Text | None = None
    consent_source: Text | None = None


SKILLS: tuple[tuple[str, str, str], ...] = (
    ("coaching", "การโค้ช", "Coaching"),
    ("facilitation", "กระบวนกร (FA)", "Facilitation"),
    ("km", "การจัดการความรู้", "Knowledge management"),
    ("team-management", "การบริหารทีม", "Team management"),
    ("communication", "การสื่อสาร", "Communication"),
    ("network-weaving", "การถักทอภาคีเครือข่าย", "Weaving partner networks"),
)
"""The six skills of indicator 1.5: (slug, Thai, English)."""

CONTACT_FIELDS: tuple[str, ...] = ("phone", "email", "line_id", "address")


class Team(NodeBase):
    kind: Literal["team"] = "team"
    team_type: TeamType
    theme: Annotated[str, Field(max_length=200)] | None = None
    founded: DateOrYear | None = None


class Province(NodeBase):
    kind: Literal["province"] = "province"
    region: Annotated[str, Field(max_length=50)]
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    population: Annotated[int, Field(ge=0)] | None = None


class Region(NodeBase):
    kind: Literal["region"] = "region"


def _known_place(node: NodeBase) -> None:
    """ValueError unless a district's or subdistrict's id is a DOPA code geothai knows."""
    from phakhee.graph.geography import place

    if place(node.id) is None:
        raise ValueError(
            f"id {node.id[:80]!r} is no district (district: and a 4-digit DOPA code) or "
            "subdistrict (subdistrict: and a 6-digit one) of Thailand"
        )


class District(NodeBase):
    """A district (อำเภอ; เขต in Bangkok): ``district:`` and its DOPA code (``graph.geography``)."""

    kind: Literal["district"] = "district"
    code: Annotated[str, Field(pattern=r"^[0-9]{4}$")] | None = None

    @model_validator(mode="after")
    def _is_known(self) -> District:
        _known_place(self)
        return self


class Subdistrict(NodeBase):
    """A subdistrict (ตำบล; แขวง in Bangkok): ``subdistrict:`` and its DOPA code."""

    kind: Literal["subdistrict"] = "subdistrict"
    code: Annotated[str, Field(pattern=r"^[0-9]{6}$")] | None = None
    postal_codes: list[Annotated[str, Field(pattern=r"^[0-9]{5}$")]] = []

    @model_validator(mode="after")
    def _is_known(self) -> Subdistrict:
        _known_place(self)
        return self


_TYPES = frozenset(t.value for t in PartnerType)
_SECTORS = frozenset(s.value for s in Sector)


class Partner(NodeBase):
    kind: Literal["partner"] = "partner"
    sector: Sector
    partner_type: PartnerType | None = None
    org_type: Annotated[str, Field(max_length=200)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _type_or_sector(cls, data: Any) -> Any:
        """A sector given as a partner type (วัด/พระสงฆ์ in the sector column) is that type, a
        type given as a sector is that sector, and a type alone brings its sector
        (``PARTNER_TYPE_SECTOR``); a sector given beside a type is kept."""
        if not isinstance(data, dict):
            return data
        sector, ptype = data.get("sector"), data.get("partner_type")
        if sector not in _TYPES and ptype not in _TYPES and ptype not in _SECTORS:
            return data
        out = dict(data)
        if sector in _TYPES and ptype in (None, sector):
            out["partner_type"], sector = sector, None
        elif ptype in _SECTORS and sector in (None, ptype):
            out.pop("partner_type")
            out["sector"] = ptype
            return out
        ptype = out.get("partner_type")
        out["sector"] = sector or PARTNER_TYPE_SECTOR[PartnerType(ptype)].value
        return out


class Topic(NodeBase):
    kind: Literal["topic"] = "topic"


BuddhistYear = Annotated[int, Field(ge=2400, le=2700)]
"""A year of the Buddhist Era (2567), as the network records when a policy was announced."""


PolicyName = Annotated[str, Field(min_length=1, max_length=300)]
"""The name of a policy a lesson or an event led to; its ``policy_level``, ``policy_type`` and
``policy_year`` (B.E.) beside it, each optional."""


class Lesson(NodeBase):
    kind: Literal["lesson"] = "lesson"
    lesson_type: LessonType
    date: dt.date | None = None
    url: Annotated[str, Field(max_length=2000)] | None = None
    policy: PolicyName | None = None
    policy_level: PolicyLevel | None = None
    policy_type: PolicyType | None = None
    policy_year: BuddhistYear | None = None


class Event(NodeBase):
    kind: Literal["event"] = "event"
    event_type: EventType
    date: dt.date
    level: Level | None = None
    policy: PolicyName | None = None
    policy_level: PolicyLevel | None = None
    policy_type: PolicyType | None = None
    policy_year: BuddhistYear | None = None


class Skill(NodeBase):
    kind: Literal["skill"] = "skill"


class Assessment(NodeBase):
    """A self-assessment (empowerment evaluation) on the five objectives, each scored 0-10."""

    kind: Literal["assessment"] = "assessment"
    date: dt.date
    objective_1: Score
    objective_2: Score
    objective_3: Score
    objective_4: Score
    objective_5: Score
    governance: Score | None = None


Node = Annotated[
    Person
    | Team
    | Province
    | Region
    | District
    | Subdistrict
    | Partner
    | Topic
    | Lesson
    | Event
    | Skill
    | Assessment,
    Field(discriminator="kind"),
]
NODE_MODELS: dict[NodeKind, type[NodeBase]] = {
    NodeKind.PERSON: Person,
    NodeKind.TEAM: Team,
    NodeKind.PROVINCE: Province,
    NodeKind.REGION: Region,
    NodeKind.DISTRICT: District,
    NodeKind.SUBDISTRICT: Subdistrict,
    NodeKind.PARTNER: Partner,
    NodeKind.TOPIC: Topic,
    NodeKind.LESSON: Lesson,
    NodeKind.EVENT: Event,
    NodeKind.SKILL: Skill,
    NodeKind.ASSESSMENT: Assessment,
}


class TieProps(_Model):
    """Properties a tie of any kind may carry."""

    since: DateOrYear | None = None
    note: Text | None = None


class MemberOfProps(TieProps):
    role: MemberRole = MemberRole.MEMBER


class PartnersWithProps(TieProps):
    level: Level
    shared_budget: bool = False
    budget_thb: Annotated[float, Field(ge=0)] | None = None


class HasSkillProps(TieProps):
    level: SkillLevel


class RoleProps(TieProps):
    role: Annotated[str, Field(max_length=100)] | None = None


class KnowsProps(TieProps):
    context: Annotated[str, Field(max_length=300)] | None = None


TIE_PROPS: dict[TieKind, type[TieProps]] = {
    TieKind.MEMBER_OF: MemberOfProps,
    TieKind.PARTNERS_WITH: PartnersWithProps,
    TieKind.HAS_SKILL: HasSkillProps,
    TieKind.WORKS_ON: RoleProps,
    TieKind.ATTENDED: RoleProps,
    TieKind.LIAISES_WITH: RoleProps,
    TieKind.KNOWS: KnowsProps,
}


class Tie(_Model):
    """A tie between two nodes; one tie of a kind per ordered pair."""

    kind: TieKind
    source: NodeId
    target: NodeId
    props: dict[str, Any] = {}

    @model_validator(mode="after")
    def _check(self) -> Tie:
        kind = TieKind(self.kind)
        sources, targets = TIE_ENDPOINTS[kind]
        for end, allowed in (("source", sources), ("target", targets)):
            got = kind_of(getattr(self, end))
            if got not in allowed:
                names = ", ".join(sorted(allowed))
                raise ValueError(f"{kind} {end} must be one of: {names} (got {got})")
        if self.source == self.target:
            raise ValueError("a tie cannot join a node to itself")
        if kind is TieKind.LOCATED_IN:
            _check_place_tie(self.source, self.target)
        try:
            props = TIE_PROPS.get(kind, TieProps).model_validate(self.props)
        except ValidationError as e:
            raise ValueError(describe(e, "props.")) from None
        self.props = props.model_dump(mode="json", exclude_none=True)
        return self


def _check_place_tie(source: str, target: str) -> None:
    """A district or subdistrict is located only in the place it is in; a province in no
    district or subdistrict."""
    from phakhee.graph.geography import parent_of

    kind = kind_of(source)
    if kind in (NodeKind.DISTRICT, NodeKind.SUBDISTRICT):
        parent = parent_of(source)
        if parent != target:
            raise ValueError(f"located_in target: {source} is located in {parent}, not {target}")
    elif kind is NodeKind.PROVINCE and kind_of(target) in (_D, _SD):
        raise ValueError("located_in target: a province is located in its region")


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a node or tie came from: file, row, and when it was loaded (ISO 8601, UTC)."""

    source: str
    row: int | None = None
    loaded_at: str = ""


@dataclass(slots=True)
class NodeRecord:
    """A node as stores hold it: id, kind and flat JSON-safe properties."""

    id: str
    kind: NodeKind
    props: dict[str, Any] = field(default_factory=dict)
    provenance: Provenance | None = None


@dataclass(slots=True)
class TieRecord:
    """A tie as stores hold it."""

    kind: TieKind
    source: str
    target: str
    props: dict[str, Any] = field(default_factory=dict)
    provenance: Provenance | None = None

    @property
    def key(self) -> tuple[TieKind, str, str]:
        """What makes a tie unique: its kind and its ordered ends."""
        return (self.kind, self.source, self.target)  # a StrEnum: equal to its text


_NODE_ADAPTER: TypeAdapter[Node] = TypeAdapter(Node)


_NAMED = re.compile(r"^([a-z_][a-z0-9_.]*): ")


def describe(error: ValidationError, prefix: str = "") -> str:
    """One line per problem, naming the field and why, without echoing the rejected value."""
    lines = []
    for e in error.errors(include_url=False, include_input=False):
        loc = ".".join(str(p) for p in e["loc"] if not isinstance(p, int) or len(e["loc"]) == 1)
        msg = e["msg"].removeprefix("Value error, ")
        if loc and _NAMED.match(msg):  # a model's own check naming its field
            lines.append(f"{prefix}{loc}.{msg}")
        else:
            lines.append(f"{prefix}{loc}: {msg}" if loc else f"{prefix}{msg}")
    return "; ".join(lines)


def first_field(error: ValidationError) -> str | None:
    """The field the first problem is about (``name``, ``x_colour``, ``role`` of a tie's props)."""
    first = error.errors(include_url=False, include_input=False)[0]
    if m := _NAMED.match(first["msg"].removeprefix("Value error, ")):
        return m.group(1).split(".")[-1]
    names = [p for p in first["loc"] if isinstance(p, str)]
    if names and names[0] in _KINDS:  # a node's discriminator: its kind, not a field
        names = names[1:]
    return names[-1] if names else None


def parse_node(data: dict[str, Any]) -> Node:
    """A validated node from a dict with a ``kind``; InvalidInput names each bad field."""
    try:
        return _NODE_ADAPTER.validate_python(data)
    except ValidationError as e:
        raise InvalidInput(describe(e), field=first_field(e)) from None


def parse_tie(data: dict[str, Any]) -> Tie:
    """A validated tie; InvalidInput names each bad field."""
    try:
        return Tie.model_validate(data)
    except ValidationError as e:
        raise InvalidInput(describe(e), field=first_field(e)) from None


def node_record(node: NodeBase, provenance: Provenance | None = None) -> NodeRecord:
    """The store's form of a validated node: empty fields dropped, dates as ISO strings."""
    props = node.model_dump(mode="json", exclude_none=True, exclude={"id", "kind"})
    for key in ("aliases", "tags"):
        if not props.get(key):
            props.pop(key, None)
    return NodeRecord(node.id, NodeKind(node.kind), props, provenance)  # type: ignore[attr-defined]


def tie_record(tie: Tie, provenance: Provenance | None = None) -> TieRecord:
    """The store's form of a validated tie."""
    return TieRecord(TieKind(tie.kind), tie.source, tie.target, dict(tie.props), provenance)
