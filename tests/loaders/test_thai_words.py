"""The network's own Thai words load as the model's values; anything else is refused listing them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phakhee.graph.store import GraphStore
from phakhee.loaders.load import LoadReport, load_files
from phakhee.loaders.values import parse_date, parse_when


def _load(store: GraphStore, folder: Path, sheets: dict[str, list[list[str]]]) -> LoadReport:
    folder.mkdir(exist_ok=True)
    for name, rows in sheets.items():
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        (folder / f"{name}.csv").write_text(out.getvalue(), encoding="utf-8")
    return load_files(store, [folder])


def _reasons(report: LoadReport) -> list[tuple[str, int, str, str]]:
    return [(q.sheet, q.row, q.column, q.error) for q in report.quarantined]


EVENT_TYPES = [
    ("ประชุม", "meeting"),
    ("การประชุม", "meeting"),
    ("เวที", "forum"),
    ("เวทีเสวนา", "forum"),
    ("สัมมนา", "forum"),
    ("แลกเปลี่ยนเรียนรู้", "exchange"),
    ("เวทีแลกเปลี่ยน", "exchange"),
    ("ศึกษาดูงาน", "exchange"),
    ("อบรม", "training"),
    ("ฝึกอบรม", "training"),
    ("ประชุมเชิงปฏิบัติการ", "training"),
    ("รณรงค์", "campaign"),
    ("อื่น ๆ", "other"),
    ("Forum", "forum"),
]
TEAM_TYPES = [
    ("ประชาคมจังหวัด", "provincial_network"),
    ("ประชาคมงดเหล้าจังหวัด", "provincial_network"),
    ("เครือข่ายจังหวัด", "provincial_network"),
    ("คณะทำงาน", "working_group"),
    ("ทีมข้ามสายงานภาค", "regional_cft"),
    ("CFT ภาค", "regional_cft"),
    ("ทีมข้ามสายงานจังหวัด", "provincial_cft"),
    ("ทีมข้ามสายงานประเด็น", "thematic_cft"),
    ("Working Group", "working_group"),
]
LESSON_TYPES = [
    ("แนวปฏิบัติที่ดี", "best_practice"),
    ("ต้นแบบ", "best_practice"),
    ("การเรียนรู้เชิงรุก", "active_learning"),
    ("สื่อ", "media"),
    ("ข้อเสนอเชิงนโยบาย", "policy_brief"),
    ("อื่นๆ", "other"),
    ("best practice", "best_practice"),
]
ROLES = [
    ("ประธาน", "chair"),
    ("ผู้ประสานงาน", "coordinator"),
    ("ผู้ประสาน", "coordinator"),
    ("เลขานุการ", "secretary"),
    ("เลขา", "secretary"),
    ("เหรัญญิก", "treasurer"),
    ("นักวิชาการ", "academic"),
    ("ที่ปรึกษา", "advisor"),
    ("สมาชิก", "member"),
    ("กรรมการ", "member"),
]
LEVELS = [("นโยบาย", "policy"), ("ระดับนโยบาย", "policy"), ("ปฏิบัติการ", "operational")]
SKILL_LEVELS = [("เริ่มต้น", "beginner"), ("ปานกลาง", "intermediate"), ("ชำนาญ", "advanced")]
REGIONS = [
    ("อีสาน", "northeast"),
    ("ภาคอีสาน", "northeast"),
    ("ภาคตะวันออกเฉียงเหนือ", "northeast"),
    ("อีสานบน", "northeast"),
    ("อีสานล่าง", "northeast"),
    ("Isan", "northeast"),
    ("เหนือ", "north"),
    ("ภาคเหนือ", "north"),
    ("เหนือบน", "north"),
    ("ใต้", "south"),
    ("ภาคใต้", "south"),
    ("ใต้ล่าง", "south"),
    ("กลาง", "central"),
    ("ตะวันออก", "east"),
    ("ตะวันตก", "west"),
]
SKILLS = [
    ("กระบวนกร", "facilitation"),
    ("กระบวนกร (FA)", "facilitation"),
    ("กระบวนกร(FA)", "facilitation"),
    ("FA", "facilitation"),
    ("การโค้ช", "coaching"),
    ("โค้ช", "coaching"),
    ("การจัดการความรู้", "km"),
    ("การจัดการความรู้ (KM)", "km"),
    ("KM", "km"),
    ("การบริหารทีม", "team-management"),
    ("การสื่อสาร", "communication"),
    ("การถักทอภาคีเครือข่าย", "network-weaving"),
    ("ถักทอภาคีเครือข่าย", "network-weaving"),
]


def test_every_thai_event_team_and_lesson_type_loads_as_its_value(
    store: GraphStore, tmp_path: Path
) -> None:
    report = _load(
        store,
        tmp_path / "words",
        {
            "events": [
                ["name", "event_type", "date"],
                *([f"event {i}", word, "5/3/2567"] for i, (word, _) in enumerate(EVENT_TYPES)),
            ],
            "teams": [
                ["name", "team_type"],
                *([f"team {i}", word] for i, (word, _) in enumerate(TEAM_TYPES)),
            ],
            "lessons": [
                ["name", "lesson_type"],
                *([f"lesson {i}", word] for i, (word, _) in enumerate(LESSON_TYPES)),
            ],
        },
    )
    assert _reasons(report) == []
    for kind, field, words in (
        ("event", "event_type", EVENT_TYPES),
        ("team", "team_type", TEAM_TYPES),
        ("lesson", "lesson_type", LESSON_TYPES),
    ):
        got = [store.get_node(f"{kind}:{kind}-{i}").props[field] for i in range(len(words))]
        assert got == [value for _, value in words], kind


def test_every_thai_role_level_skill_and_region_loads_as_its_value(
    store: GraphStore, tmp_path: Path
) -> None:
    people = [f"คน {i}" for i in range(len(ROLES))]
    report = _load(
        store,
        tmp_path / "words",
        {
            "people": [["name"], *([p] for p in people)],
            "teams": [
                ["name", "team_type", "region"],
                ["ทีม", "คณะทำงาน", ""],
                *([f"ทีม {i}", "ทีมข้ามสายงานภาค", word] for i, (word, _) in enumerate(REGIONS)),
            ],
            "partners": [["name", "sector"], *([f"ภาคี {i}", "ภาครัฐ"] for i in range(3))],
            "memberships": [
                ["person", "team", "role"],
                *([p, "ทีม", word] for p, (word, _) in zip(people, ROLES, strict=True)),
            ],
            "partnerships": [
                ["team", "partner", "level"],
                *(["ทีม", f"ภาคี {i}", word] for i, (word, _) in enumerate(LEVELS)),
            ],
            "skills": [
                ["person", "skill", "level"],
                *(
                    [people[i], word, SKILL_LEVELS[i % 3][0]]
                    for i, (word, _) in enumerate(SKILLS[:9])
                ),
                *([people[i], word, "ชำนาญ"] for i, (word, _) in enumerate(SKILLS[9:])),
            ],
        },
    )
    assert _reasons(report) == []
    ties = {(t.kind.value, t.source, t.target): t.props for t in store.iter_ties()}
    for p, (_, role) in zip(people, ROLES, strict=True):
        assert ties["member_of", f"person:{p.replace(' ', '-')}", "team:ทีม"]["role"] == role
    for i, (_, level) in enumerate(LEVELS):
        assert ties["partners_with", "team:ทีม", f"partner:ภาคี-{i}"]["level"] == level
    had = {(s, t): props["level"] for (k, s, t), props in ties.items() if k == "has_skill"}
    expected = {
        **{
            (f"person:คน-{i}", f"skill:{skill}"): SKILL_LEVELS[i % 3][1]
            for i, (_, skill) in enumerate(SKILLS[:9])
        },
        **{
            (f"person:คน-{i}", f"skill:{skill}"): "advanced"
            for i, (_, skill) in enumerate(SKILLS[9:])
        },
    }
    assert had == expected
    regions = [
        next(t for k, s, t in ties if k == "located_in" and s == f"team:ทีม-{i}")
        for i in range(len(REGIONS))
    ]
    assert regions == [f"region:{slug}" for _, slug in REGIONS]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("5 มี.ค. 67", "2024-03-05"),
        ("5 มี.ค. 2567", "2024-03-05"),
        ("5 มีค 67", "2024-03-05"),
        ("5 มี.ค.67", "2024-03-05"),
        ("5 มีนาคม 2567", "2024-03-05"),
        ("5 มีนาคม 67", "2024-03-05"),
        ("วันที่ 5 มีนาคม พ.ศ. 2567", "2024-03-05"),
        ("๕ มี.ค. ๒๕๖๗", "2024-03-05"),
        ("5/3/2567", "2024-03-05"),
        ("5/3/67", "2024-03-05"),
        ("5-3-2567", "2024-03-05"),
        ("2567-03-05", "2024-03-05"),
        ("2024-03-05", "2024-03-05"),
        ("5 มีนาคม 2024", "2024-03-05"),
        ("5 Mar 2024", "2024-03-05"),
        ("2562", "2019"),
        ("ปี 2562", "2019"),
        ("ปี 62", "2019"),
        ("พ.ศ. 2562", "2019"),
        ("ปี พ.ศ. 2562", "2019"),
        ("2019", "2019"),
        (2562, "2019"),
    ],
)
def test_buddhist_era_dates_in_every_form_and_a_year_kept_as_a_year(
    typed: object, stored: str
) -> None:
    assert parse_when(typed) == stored


THAI_MONTHS = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
]
THAI_MONTH_NAMES = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
]


@given(day=st.dates(dt.date(1941, 1, 1), dt.date(2099, 12, 31)), form=st.integers(0, 6))
def test_any_day_in_any_buddhist_era_form_reads_as_that_day(day: dt.date, form: int) -> None:
    be, month = day.year + 543, day.month - 1
    if form in (1, 2) and not 2541 <= be <= 2599:
        return  # two digits: BE 25xx, past 40 when in figures (5/3/24 is 2024)
    typed = [
        f"{day.day}/{day.month}/{be}",
        f"{day.day}/{day.month}/{be % 100:02d}",
        f"{day.day} {THAI_MONTHS[month]} {be % 100:02d}",
        f"{day.day} {THAI_MONTHS[month]} {be}",
        f"{day.day} {THAI_MONTH_NAMES[month]} {be}",
        f"วันที่ {day.day} {THAI_MONTH_NAMES[month]} พ.ศ. {be}",
        f"{be}-{day.month:02d}-{day.day:02d}",
    ][form]
    assert parse_when(typed) == day.isoformat()


def test_a_year_alone_is_stored_as_the_year_where_a_year_may_stand_alone(
    store: GraphStore, tmp_path: Path
) -> None:
    report = _load(
        store,
        tmp_path / "years",
        {
            "people": [["name"], ["สมชาย ใจดี"]],
            "teams": [["name", "team_type", "founded"], ["ประชาคมน่าน", "ประชาคมจังหวัด", "ปี 2560"]],
            "memberships": [["person", "team", "since"], ["สมชาย ใจดี", "ประชาคมน่าน", "2565"]],
            "events": [
                ["name", "event_type", "date"],
                ["เวทีน่าน", "เวที", "5 มี.ค. 67"],
                ["ประชุมน่าน", "ประชุม", "ปี 2562"],
            ],
        },
    )
    assert store.get_node("team:ประชาคมน่าน").props["founded"] == "2017"
    (tie,) = [t for t in store.iter_ties() if t.kind.value == "member_of"]
    assert tie.props == {"role": "member", "since": "2022"}
    assert store.get_node("event:เวทีน่าน").props["date"] == "2024-03-05"
    assert _reasons(report) == [
        (
            "events",
            3,
            "date",
            "date: a year alone (2019) is not enough here: type the day too, e.g. 5/3/2562",
        )
    ]
    with pytest.raises(ValueError, match="a year alone"):
        parse_date("ปี 2562")


def test_a_refusal_lists_the_accepted_values_in_thai_and_english(
    store: GraphStore, tmp_path: Path
) -> None:
    report = _load(
        store,
        tmp_path / "refused",
        {
            "people": [["name"], ["สมชาย ใจดี"]],
            "teams": [
                ["name", "team_type", "region"],
                ["ทีมน่าน", "ชมรม", ""],
                ["ทีมเหนือ", "คณะทำงาน", "เหนือล่าง"],
                ["ทีมไหน", "คณะทำงาน", "ภาคกลางตอนบน"],
                ["ทีมดี", "คณะทำงาน", ""],
            ],
            "events": [["name", "event_type", "date"], ["งานวัด", "งานบุญ", "5/3/2567"]],
            "lessons": [["name", "lesson_type"], ["บทเรียน", "หนังสือ"]],
            "memberships": [["person", "team", "role"], ["สมชาย ใจดี", "ทีมดี", "หัวหน้า"]],
            "skills": [
                ["person", "skill", "level"],
                ["สมชาย ใจดี", "ทำอาหาร", "ชำนาญ"],
                ["สมชาย ใจดี", "กระบวนกร", "เทพ"],
            ],
        },
    )
    assert _reasons(report) == [
        (
            "teams",
            2,
            "team_type",
            "team team_type 'ชมรม' is not one of: provincial_network (ประชาคมจังหวัด), "
            "working_group (คณะทำงาน), regional_cft (ทีมข้ามสายงานภาค), "
            "provincial_cft (ทีมข้ามสายงานจังหวัด), thematic_cft (ทีมข้ามสายงานประเด็น)",
        ),
        (
            "teams",
            3,
            "region",
            "region 'เหนือล่าง' is a zone of the network that spans the regions north, central, "
            "west: name one of them",
        ),
        (
            "teams",
            4,
            "region",
            "region 'ภาคกลางตอนบน' is not one of: north (ภาคเหนือ), northeast (ภาคตะวันออกเฉียงเหนือ), "
            "central (ภาคกลาง), east (ภาคตะวันออก), west (ภาคตะวันตก), south (ภาคใต้)",
        ),
        (
            "lessons",
            2,
            "lesson_type",
            "lesson lesson_type 'หนังสือ' is not one of: best_practice (แนวปฏิบัติที่ดี), "
            "active_learning (การเรียนรู้เชิงรุก), media (สื่อ), policy_brief (ข้อเสนอเชิงนโยบาย), "
            "other (อื่น ๆ)",
        ),
        (
            "events",
            2,
            "event_type",
            "event event_type 'งานบุญ' is not one of: meeting (ประชุม), forum (เวที), "
            "exchange (แลกเปลี่ยนเรียนรู้), training (อบรม), campaign (รณรงค์), other (อื่น ๆ)",
        ),
        (
            "memberships",
            2,
            "role",
            "member_of role 'หัวหน้า' is not one of: chair (ประธาน), coordinator (ผู้ประสานงาน), "
            "secretary (เลขานุการ), treasurer (เหรัญญิก), academic (นักวิชาการ), "
            "advisor (ที่ปรึกษา), member (สมาชิก)",
        ),
        (
            "skills",
            2,
            "skill",
            "skill 'ทำอาหาร' is not one of the six skills: coaching (การโค้ช), "
            "facilitation (กระบวนกร (FA)), km (การจัดการความรู้), team-management (การบริหารทีม), "
            "communication (การสื่อสาร), network-weaving (การถักทอภาคีเครือข่าย)",
        ),
        (
            "skills",
            3,
            "level",
            "has_skill level 'เทพ' is not one of: beginner (เริ่มต้น), intermediate (ปานกลาง), "
            "advanced (ชำนาญ)",
        ),
    ]
