"""The template workbook's sheets: which columns each has, their Thai names, and an example row.

Column keys are English; the Thai header names are accepted as aliases. Node sheets make nodes
(a ``province`` column also ties the node to its province); tie sheets name both ends by id or
by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from phakhee.graph.model import NodeKind, TieKind
from phakhee.graph.thailand import REGIONS
from phakhee.loaders.outcome_vocab import PARTNER_TYPE, POLICY_LEVEL, POLICY_TYPE
from phakhee.loaders.vocab import (
    EVENT_TYPE,
    LESSON_TYPE,
    LEVEL,
    ROLE,
    SECTOR,
    SKILL_LEVEL,
    TEAM_TYPE,
    listed,
    skills_listed,
)


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    thai: str
    required: bool = False
    example: str = ""
    help: str = ""


@dataclass(frozen=True, slots=True)
class Sheet:
    """A sheet of the template: node kind or tie kind, its columns, and its Thai title."""

    name: str
    thai: str
    columns: tuple[Column, ...]
    node: NodeKind | None = None
    tie: TieKind | None = None
    ends: tuple[str, str] = ("", "")  # for tie sheets: the columns naming source and target

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


EXAMPLE_MARK = "ตัวอย่าง / example"
"""The cell after the last column of a sheet's example row: only a row holding it is skipped."""


def _c(key: str, thai: str, example: str = "", required: bool = False, help: str = "") -> Column:
    return Column(key, thai, required, example, help)


ID = _c("id", "รหัส", "", help="optional: a stable id; made from the name when empty")
NAME_EN = _c("name_en", "ชื่อภาษาอังกฤษ")
DESCRIPTION = _c("description", "รายละเอียด")
TAGS = _c("tags", "แท็ก", help="separate several with ;")
PROVINCE = _c("province", "จังหวัด", "น่าน", help="Thai or English, with or without จังหวัด")
DISTRICT = _c(
    "district",
    "อำเภอ",
    "อ.เมืองน่าน",
    help="optional, within the row's province: Thai or English, with or without อ./อำเภอ/เขต, "
    "the DOPA code (5501) or a postal code",
)
SUBDISTRICT = _c(
    "subdistrict",
    "ตำบล",
    "ในเวียง",
    help="optional, within the row's province (and district): Thai or English, with or without "
    "ต./ตำบล/แขวง, the DOPA code (550101) or a postal code",
)
PLACE = (PROVINCE, DISTRICT, SUBDISTRICT)
"""Where a node is: the province, and below it the district and subdistrict when known."""
POLICY = (
    _c("policy", "นโยบายที่เกิดขึ้น", help="the policy this led to, if any"),
    _c("policy_level", "ระดับนโยบาย", help=listed(POLICY_LEVEL)),
    _c("policy_type", "ประเภทนโยบาย", help=listed(POLICY_TYPE)),
    _c("policy_year", "ปีที่ประกาศ (พ.ศ.)", help="the Buddhist-era year it was announced: 2567"),
)
YEAR_OR_DATE = (
    "a date (5/3/2567, 5 มี.ค. 67), or the year alone when that is all you know (2565, ปี 2565)"
)

NODE_SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "people",
        "บุคคล",
        (
            ID,
            _c("name", "ชื่อ-สกุล", "สมชาย ใจดี", True),
            _c("name_en", "ชื่อภาษาอังกฤษ", "Somchai Jaidee"),
            *PLACE,
            _c("position", "ตำแหน่ง", "ผู้ประสานงานเครือข่าย"),
            _c("phone", "โทรศัพท์", "081-234-5678"),
            _c("email", "อีเมล", "somchai@example.org"),
            _c("line_id", "ไลน์ไอดี", "somchai.j"),
            _c("address", "ที่อยู่"),
            _c("aliases", "ชื่ออื่น", "พี่ชาย", help="separate several with ;"),
            DESCRIPTION,
            TAGS,
            _c("consent_basis", "ฐานการประมวลผล", "consent"),
            _c("consent_date", "วันที่ให้ความยินยอม", "1/3/2567"),
            _c("consent_purpose", "วัตถุประสงค์", "ประสานงานเครือข่าย"),
            _c("consent_source", "แหล่งที่มาของความยินยอม", "แบบฟอร์มสมัครสมาชิก"),
        ),
        node=NodeKind.PERSON,
    ),
    Sheet(
        "teams",
        "ทีม",
        (
            ID,
            _c("name", "ชื่อทีม", "ประชาคมงดเหล้าจังหวัดน่าน", True),
            NAME_EN,
            _c(
                "team_type",
                "ประเภททีม",
                "provincial_network",
                True,
                listed(TEAM_TYPE),
            ),
            *PLACE,
            _c(
                "region",
                "ภาค",
                help="for regional teams: " + ", ".join(f"{r.slug} ({r.name_th})" for r in REGIONS),
            ),
            _c("theme", "ประเด็น"),
            _c("founded", "วันที่ก่อตั้ง", "2560", help=YEAR_OR_DATE),
            DESCRIPTION,
            TAGS,
        ),
        node=NodeKind.TEAM,
    ),
    Sheet(
        "partners",
        "ภาคี",
        (
            ID,
            _c("name", "ชื่อภาคี", "สำนักงานสาธารณสุขจังหวัดน่าน", True),
            NAME_EN,
            _c(
                "sector",
                "ภาคส่วน",
                "government",
                True,
                listed(SECTOR) + "; or a partner type, which names its sector",
            ),
            _c("partner_type", "ประเภทภาคี", "health", help=listed(PARTNER_TYPE)),
            *PLACE,
            _c("org_type", "ประเภทองค์กร"),
            _c("aliases", "ชื่ออื่น", "สสจ.น่าน"),
            DESCRIPTION,
            TAGS,
        ),
        node=NodeKind.PARTNER,
    ),
    Sheet(
        "topics",
        "ประเด็น",
        (
            ID,
            _c("name", "ชื่อประเด็น", "งดเหล้าเข้าพรรษา", True),
            _c("name_en", "ชื่อภาษาอังกฤษ", "Buddhist Lent abstinence campaign"),
            _c("aliases", "ชื่ออื่น"),
            DESCRIPTION,
        ),
        node=NodeKind.TOPIC,
    ),
    Sheet(
        "lessons",
        "บทเรียน",
        (
            ID,
            _c("name", "ชื่อบทเรียน", "ถอดบทเรียนงานศพปลอดเหล้า บ้านดอน", True),
            NAME_EN,
            _c(
                "lesson_type",
                "ประเภทบทเรียน",
                "best_practice",
                True,
                listed(LESSON_TYPE),
            ),
            _c("date", "วันที่", "15/8/2567"),
            *PLACE,
            _c("url", "ลิงก์"),
            *POLICY,
            DESCRIPTION,
            TAGS,
        ),
        node=NodeKind.LESSON,
    ),
    Sheet(
        "events",
        "กิจกรรม",
        (
            ID,
            _c("name", "ชื่อกิจกรรม", "เวทีสร้างความร่วมมือภาคีเครือข่ายจังหวัดน่าน", True),
            NAME_EN,
            _c(
                "event_type",
                "ประเภทกิจกรรม",
                "forum",
                True,
                listed(EVENT_TYPE),
            ),
            _c("date", "วันที่", "2567-09-20", True),
            *PLACE,
            _c("level", "ระดับ", "policy", help=listed(LEVEL)),
            *POLICY,
            DESCRIPTION,
        ),
        node=NodeKind.EVENT,
    ),
    Sheet(
        "assessments",
        "การประเมินตนเอง",
        (
            ID,
            _c("team", "ทีม", "ประชาคมงดเหล้าจังหวัดน่าน", True),
            _c("date", "วันที่ประเมิน", "1/10/2567", True),
            _c("objective_1", "วัตถุประสงค์ที่ 1", "7", True, "0-10"),
            _c("objective_2", "วัตถุประสงค์ที่ 2", "6", True, "0-10"),
            _c("objective_3", "วัตถุประสงค์ที่ 3", "8", True, "0-10"),
            _c("objective_4", "วัตถุประสงค์ที่ 4", "5", True, "0-10"),
            _c("objective_5", "วัตถุประสงค์ที่ 5", "6", True, "0-10"),
            _c("governance", "ธรรมาภิบาล", "7", help="0-10"),
            _c("name", "ชื่อ", help="optional: made from the team and date when empty"),
            NAME_EN,
            DESCRIPTION,
        ),
        node=NodeKind.ASSESSMENT,
    ),
)

PERSON, TEAM, PARTNER = "สมชาย ใจดี", "ประชาคมงดเหล้าจังหวัดน่าน", "สำนักงานสาธารณสุขจังหวัดน่าน"
SINCE = _c("since", "ตั้งแต่", "2565", help=YEAR_OR_DATE)

TIE_SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "memberships",
        "สมาชิกทีม",
        (
            _c("person", "บุคคล", PERSON, True),
            _c("team", "ทีม", TEAM, True),
            _c(
                "role",
                "บทบาท",
                "coordinator",
                help=listed(ROLE),
            ),
            SINCE,
        ),
        tie=TieKind.MEMBER_OF,
        ends=("person", "team"),
    ),
    Sheet(
        "partnerships",
        "ความร่วมมือภาคี",
        (
            _c("team", "ทีม", TEAM, True),
            _c("partner", "ภาคี", PARTNER, True),
            _c("level", "ระดับ", "policy", True, listed(LEVEL)),
            SINCE,
            _c("shared_budget", "งบประมาณร่วม", "ใช่", help="yes/no, ใช่/ไม่ใช่"),
            _c("budget_thb", "งบประมาณ (บาท)", "50,000"),
        ),
        tie=TieKind.PARTNERS_WITH,
        ends=("team", "partner"),
    ),
    Sheet(
        "liaisons",
        "ผู้ประสานภาคี",
        (
            _c("person", "บุคคล", PERSON, True),
            _c("partner", "ภาคี", PARTNER, True),
            _c("role", "บทบาท", "ผู้ประสาน"),
        ),
        tie=TieKind.LIAISES_WITH,
        ends=("person", "partner"),
    ),
    Sheet(
        "attendance",
        "การเข้าร่วม",
        (
            _c("person", "ผู้เข้าร่วม", PERSON, True, help="a person or a partner"),
            _c("event", "กิจกรรม", "เวทีสร้างความร่วมมือภาคีเครือข่ายจังหวัดน่าน", True),
            _c("role", "บทบาท", "participant"),
        ),
        tie=TieKind.ATTENDED,
        ends=("person", "event"),
    ),
    Sheet(
        "authorship",
        "ผู้เขียนบทเรียน",
        (
            _c("author", "ผู้เขียน", PERSON, True, help="a person or a team"),
            _c("lesson", "บทเรียน", "ถอดบทเรียนงานศพปลอดเหล้า บ้านดอน", True),
        ),
        tie=TieKind.AUTHORED,
        ends=("author", "lesson"),
    ),
    Sheet(
        "skills",
        "ทักษะ",
        (
            _c("person", "บุคคล", PERSON, True),
            _c(
                "skill",
                "ทักษะ",
                "facilitation",
                True,
                skills_listed(),
            ),
            _c("level", "ระดับ", "intermediate", True, listed(SKILL_LEVEL)),
        ),
        tie=TieKind.HAS_SKILL,
        ends=("person", "skill"),
    ),
    Sheet(
        "work",
        "ประเด็นที่ทำงาน",
        (
            _c("who", "ผู้ทำงาน", TEAM, True, "a person, a team or a partner"),
            _c("topic", "ประเด็น", "งดเหล้าเข้าพรรษา", True),
            _c("role", "บทบาท", "lead"),
        ),
        tie=TieKind.WORKS_ON,
        ends=("who", "topic"),
    ),
    Sheet(
        "about",
        "เนื้อหาเกี่ยวกับ",
        (
            _c("item", "บทเรียนหรือกิจกรรม", "ถอดบทเรียนงานศพปลอดเหล้า บ้านดอน", True),
            _c("topic", "ประเด็น", "งานศพปลอดเหล้า", True),
        ),
        tie=TieKind.ABOUT,
        ends=("item", "topic"),
    ),
    Sheet(
        "hosts",
        "ผู้จัดกิจกรรม",
        (
            _c("event", "กิจกรรม", "เวทีสร้างความร่วมมือภาคีเครือข่ายจังหวัดน่าน", True),
            _c("host", "ผู้จัด", TEAM, True, "a team or a partner"),
        ),
        tie=TieKind.HELD_BY,
        ends=("event", "host"),
    ),
    Sheet(
        "presentations",
        "การนำเสนอบทเรียน",
        (
            _c("lesson", "บทเรียน", "ถอดบทเรียนงานศพปลอดเหล้า บ้านดอน", True),
            _c("event", "กิจกรรม", "เวทีสร้างความร่วมมือภาคีเครือข่ายจังหวัดน่าน", True),
        ),
        tie=TieKind.PRESENTED_AT,
        ends=("lesson", "event"),
    ),
    Sheet(
        "acquaintances",
        "คนรู้จัก",
        (
            _c("person", "บุคคล", PERSON, True),
            _c("knows", "รู้จักกับ", "มาลี ศรีสุข", True),
            SINCE,
            _c("context", "รู้จักจาก", "เวทีแลกเปลี่ยนภาคเหนือ"),
        ),
        tie=TieKind.KNOWS,
        ends=("person", "knows"),
    ),
)

SHEETS: dict[str, Sheet] = {s.name: s for s in (*NODE_SHEETS, *TIE_SHEETS)}
