"""The network's own words for the model's fixed values, in Thai and English, as coordinators type them.

Each field with a fixed set of values has, per value, the Thai name shown beside it (first) and
the other words people type for it. ``choice`` reads a cell; a word it does not know is refused
with every value listed in English and Thai. Regions and skills are nodes of their own: their
words are here too (``REGION_WORDS``, ``SKILL_WORDS``), and ``loaders.resolve`` reads them.

Where the words come from: the program card and the activity tracker the network's staff use
(``docs/domain.md``, ``docs/loading.md``).
"""

from __future__ import annotations

from phakhee.graph.model import (
    SKILLS,
    EventType,
    LessonType,
    Level,
    MemberRole,
    Sector,
    SkillLevel,
    TeamType,
)
from phakhee.loaders.normalize import match_key
from phakhee.loaders.outcome_vocab import PARTNER_TYPE, POLICY_LEVEL, POLICY_TYPE

Words = dict[str, tuple[str, ...]]
"""A value -> its Thai name first, then the other words typed for it (English ones included)."""

SECTOR: Words = {
    Sector.GOVERNMENT: ("ภาครัฐ", "รัฐ", "หน่วยงานรัฐ", "หน่วยงานภาครัฐ", "ราชการ"),
    Sector.PRIVATE: ("ภาคเอกชน", "เอกชน", "ธุรกิจ", "ภาคธุรกิจ", "business"),
    Sector.CIVIL_SOCIETY: ("ภาคประชาสังคม", "ประชาสังคม", "civil society"),
    Sector.TARGET_GROUP: ("กลุ่มเป้าหมายเฉพาะ", "กลุ่มเป้าหมาย", "target group"),
    Sector.OTHER: ("อื่น ๆ", "อื่นๆ", "อื่น"),
}
TEAM_TYPE: Words = {
    TeamType.PROVINCIAL_NETWORK: (
        "ประชาคมจังหวัด",
        "ประชาคมงดเหล้าจังหวัด",
        "เครือข่ายประชาคมจังหวัด",
        "เครือข่ายจังหวัด",
        "provincial network",
    ),
    TeamType.WORKING_GROUP: ("คณะทำงาน", "กลุ่มทำงาน", "ทีมทำงาน", "working group"),
    TeamType.REGIONAL_CFT: (
        "ทีมข้ามสายงานภาค",
        "ทีมข้ามสายงานระดับภาค",
        "CFT ภาค",
        "regional CFT",
        "regional cross-function team",
    ),
    TeamType.PROVINCIAL_CFT: (
        "ทีมข้ามสายงานจังหวัด",
        "ทีมข้ามสายงานระดับจังหวัด",
        "CFT จังหวัด",
        "provincial CFT",
        "provincial cross-function team",
    ),
    TeamType.THEMATIC_CFT: (
        "ทีมข้ามสายงานประเด็น",
        "CFT ประเด็น",
        "thematic CFT",
        "thematic cross-function team",
    ),
}
LESSON_TYPE: Words = {
    LessonType.BEST_PRACTICE: ("แนวปฏิบัติที่ดี", "การปฏิบัติที่ดี", "ต้นแบบ", "best practice"),
    LessonType.ACTIVE_LEARNING: ("การเรียนรู้เชิงรุก", "เรียนรู้เชิงรุก", "active learning"),
    LessonType.MEDIA: ("สื่อ", "สื่อความรู้"),
    LessonType.POLICY_BRIEF: ("ข้อเสนอเชิงนโยบาย", "สรุปข้อเสนอเชิงนโยบาย", "policy brief"),
    LessonType.OTHER: ("อื่น ๆ", "อื่นๆ", "อื่น"),
}
EVENT_TYPE: Words = {
    EventType.MEETING: ("ประชุม", "การประชุม"),
    EventType.FORUM: ("เวที", "เวทีเสวนา", "เสวนา", "สัมมนา", "เวทีสาธารณะ"),
    EventType.EXCHANGE: (
        "แลกเปลี่ยนเรียนรู้",
        "แลกเปลี่ยน",
        "การแลกเปลี่ยนเรียนรู้",
        "เวทีแลกเปลี่ยน",
        "เวทีแลกเปลี่ยนเรียนรู้",
        "ศึกษาดูงาน",
        "ดูงาน",
    ),
    EventType.TRAINING: ("อบรม", "การอบรม", "ฝึกอบรม", "ประชุมเชิงปฏิบัติการ", "workshop"),
    EventType.CAMPAIGN: ("รณรงค์", "การรณรงค์", "กิจกรรมรณรงค์"),
    EventType.OTHER: ("อื่น ๆ", "อื่นๆ", "อื่น"),
}
LEVEL: Words = {
    Level.POLICY: ("นโยบาย", "ระดับนโยบาย", "เชิงนโยบาย"),
    Level.OPERATIONAL: ("ปฏิบัติการ", "ระดับปฏิบัติการ", "เชิงปฏิบัติการ", "ปฏิบัติ"),
}
SKILL_LEVEL: Words = {
    SkillLevel.BEGINNER: ("เริ่มต้น", "ขั้นต้น", "พื้นฐาน", "basic"),
    SkillLevel.INTERMEDIATE: ("ปานกลาง", "ขั้นกลาง", "กลาง"),
    SkillLevel.ADVANCED: ("ชำนาญ", "ขั้นสูง", "สูง", "เชี่ยวชาญ", "expert"),
}
ROLE: Words = {
    MemberRole.CHAIR: ("ประธาน",),
    MemberRole.COORDINATOR: ("ผู้ประสานงาน", "ผู้ประสาน"),
    MemberRole.SECRETARY: ("เลขานุการ", "เลขา"),
    MemberRole.TREASURER: ("เหรัญญิก",),
    MemberRole.ACADEMIC: ("นักวิชาการ", "นักวิชาการภาค"),
    MemberRole.ADVISOR: ("ที่ปรึกษา", "adviser"),
    MemberRole.MEMBER: ("สมาชิก", "กรรมการ"),
}

FIXED: dict[tuple[str, str], Words] = {
    ("partner", "sector"): SECTOR | PARTNER_TYPE,  # a type names its sector (graph.model)
    ("partner", "partner_type"): SECTOR | PARTNER_TYPE,
    ("lesson", "policy_level"): POLICY_LEVEL,
    ("event", "policy_level"): POLICY_LEVEL,
    ("lesson", "policy_type"): POLICY_TYPE,
    ("event", "policy_type"): POLICY_TYPE,
    ("team", "team_type"): TEAM_TYPE,
    ("lesson", "lesson_type"): LESSON_TYPE,
    ("event", "event_type"): EVENT_TYPE,
    ("event", "level"): LEVEL,
    ("partners_with", "level"): LEVEL,
    ("has_skill", "level"): SKILL_LEVEL,
    ("member_of", "role"): ROLE,
}
"""(the kind a row makes, the field) -> its fixed values and their words."""

REGION_WORDS: dict[str, tuple[str, ...]] = {
    "north": ("เหนือ", "ภาคเหนือ", "northern", "เหนือบน", "ภาคเหนือบน"),
    "northeast": (
        "อีสาน",
        "ภาคอีสาน",
        "ตะวันออกเฉียงเหนือ",
        "north-east",
        "north east",
        "northeastern",
        "isan",
        "isaan",
        "esan",
        "อีสานบน",
        "ภาคอีสานบน",
        "อีสานล่าง",
        "ภาคอีสานล่าง",
    ),
    "central": ("กลาง", "ภาคกลาง", "central thailand"),
    "east": ("ตะวันออก", "ภาคตะวันออก", "eastern"),
    "west": ("ตะวันตก", "ภาคตะวันตก", "western"),
    "south": ("ใต้", "ภาคใต้", "southern", "ปักษ์ใต้", "ใต้บน", "ภาคใต้บน", "ใต้ล่าง", "ภาคใต้ล่าง"),
}
"""A region's other names: as people say them, and the network's zones that lie wholly in it
(เหนือบน, อีสานบน, อีสานล่าง, ใต้บน, ใต้ล่าง). The zone เหนือล่าง spans three regions: refused,
naming them (``ZONES_ACROSS``)."""
ZONES_ACROSS: dict[str, tuple[str, ...]] = {
    match_key(z): ("north", "central", "west") for z in ("เหนือล่าง", "ภาคเหนือล่าง")
}

SKILL_WORDS: dict[str, tuple[str, ...]] = {
    "coaching": ("โค้ช", "การเป็นโค้ช", "โค้ชชิ่ง", "coach"),
    "facilitation": ("กระบวนกร", "การเป็นกระบวนกร", "วิทยากรกระบวนการ", "FA", "facilitator"),
    "km": ("จัดการความรู้", "KM", "knowledge management"),
    "team-management": ("บริหารทีม", "การบริหารจัดการทีม", "การจัดการทีม"),
    "communication": ("สื่อสาร",),
    "network-weaving": (
        "ถักทอภาคีเครือข่าย",
        "การถักทอเครือข่าย",
        "ถักทอเครือข่าย",
        "network weaving",
    ),
}
"""A skill's other names, besides its slug and the Thai and English names of ``SKILLS``; a name
with the English abbreviation in brackets or without it (กระบวนกร (FA), กระบวนกร) is the same."""


def listed(words: Words) -> str:
    """The values and their Thai names, for a refusal: 'meeting (ประชุม), forum (เวที), …'."""
    return ", ".join(f"{value} ({names[0]})" for value, names in words.items())


def choice(kind: str, key: str, text: str) -> str:
    """The fixed value a cell names, for the field ``key`` of a row making ``kind``.

    The value itself (any case, ``-`` or space for ``_``) or one of its words; ValueError,
    listing every value in English and Thai, for anything else. A field that is free text for
    this kind (the role of a liaison, of someone at an event) is kept as typed.
    """
    words = FIXED.get((kind, key))
    if words is None:
        return text
    folded = match_key(text)
    for value, names in words.items():
        if folded in _folded(names) or folded.replace(" ", "_").replace("-", "_") == value:
            return str(value)
    raise ValueError(f"{kind} {key} '{text[:40]}' is not one of: {listed(words)}")


_FOLDED: dict[tuple[str, ...], frozenset[str]] = {}


def _folded(names: tuple[str, ...]) -> frozenset[str]:
    if names not in _FOLDED:
        _FOLDED[names] = frozenset(match_key(n) for n in names)
    return _FOLDED[names]


def skill_names() -> dict[str, tuple[str, ...]]:
    """Every name of each of the six skills (slug -> names), ``SKILLS`` and ``SKILL_WORDS``."""
    return {
        slug: (slug, slug.replace("-", " "), th, en, *SKILL_WORDS.get(slug, ()))
        for slug, th, en in SKILLS
    }


def skills_listed() -> str:
    """The six skills for a refusal: 'coaching (การโค้ช), facilitation (กระบวนกร (FA)), …'."""
    return ", ".join(f"{slug} ({th})" for slug, th, _ in SKILLS)
