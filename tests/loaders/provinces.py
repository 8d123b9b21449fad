"""A hand-made network of three northern provinces, and the workbook a province keeps of it."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

Sheets = dict[str, list[dict[str, str]]]

NAN, PHRAE, CHIANG_MAI = "น่าน", "แพร่", "เชียงใหม่"
TEAM_NAN, TEAM_PHRAE = "ประชาคมงดเหล้าจังหวัดน่าน", "ประชาคมงดเหล้าจังหวัดแพร่"
COLUMNS = {
    "people": ["name", "name_en", "province", "phone", "position"],
    "teams": ["name", "team_type", "province"],
    "partners": ["name", "sector", "province", "aliases"],
    "topics": ["name"],
    "memberships": ["person", "team", "role"],
    "acquaintances": ["person", "knows"],
    "work": ["who", "topic"],
}


def network() -> Sheets:
    """Every province's rows together: what the graph holds before a province syncs its file
    (one foundation works in Nan and in Phrae)."""
    return {
        "people": [
            {
                "name": "สมชาย ใจดี",
                "name_en": "Somchai Jaidee",
                "province": NAN,
                "phone": "081-111-1111",
            },
            {"name": "มาลี ศรีสุข", "province": NAN, "position": "ผู้ประสานงาน"},
            {"name": "ประเสริฐ ทองดี", "province": NAN},
            {"name": "บุญมี ใจงาม", "province": NAN},
            {"name": "สมศรี มั่นคง", "province": PHRAE},
            {"name": "อนันต์ รักษ์ดี", "province": CHIANG_MAI},
        ],
        "teams": [
            {"name": TEAM_NAN, "team_type": "provincial_network", "province": NAN},
            {"name": TEAM_PHRAE, "team_type": "provincial_network", "province": PHRAE},
        ],
        "partners": [
            {
                "name": "สำนักงานสาธารณสุขจังหวัดน่าน",
                "sector": "ภาครัฐ",
                "province": NAN,
                "aliases": "สสจ.น่าน",
            },
            {"name": "สภาเด็กและเยาวชนจังหวัดแพร่", "sector": "target_group", "province": PHRAE},
            {"name": "มูลนิธิล้านนา", "sector": "civil_society", "province": NAN},
            {"name": "มูลนิธิล้านนา", "sector": "civil_society", "province": PHRAE},
        ],
        "topics": [{"name": "งดเหล้าเข้าพรรษา"}],
        "memberships": [
            {"person": "สมชาย ใจดี", "team": TEAM_NAN, "role": "coordinator"},
            {"person": "มาลี ศรีสุข", "team": TEAM_NAN, "role": "member"},
            {"person": "ประเสริฐ ทองดี", "team": TEAM_NAN, "role": "member"},
            {"person": "ประเสริฐ ทองดี", "team": TEAM_PHRAE, "role": "advisor"},
            {"person": "สมศรี มั่นคง", "team": TEAM_PHRAE, "role": "chair"},
        ],
        "acquaintances": [
            {"person": "ประเสริฐ ทองดี", "knows": "สมศรี มั่นคง"},
            {"person": "สมชาย ใจดี", "knows": "อนันต์ รักษ์ดี"},
        ],
        "work": [
            {"who": TEAM_NAN, "topic": "งดเหล้าเข้าพรรษา"},
            {"who": TEAM_PHRAE, "topic": "งดเหล้าเข้าพรรษา"},
        ],
    }


def nan_workbook() -> Sheets:
    """Nan's own workbook: its people, team and partner, the topic, and the ties among them."""
    everything = network()
    located = {
        sheet: [r for r in rows if r.get("province", NAN) == NAN]
        for sheet, rows in everything.items()
        if "province" in COLUMNS[sheet] or sheet == "topics"
    }
    names = {r["name"] for rows in located.values() for r in rows}
    ties = {
        sheet: [r for r in rows if all(r[c] in names for c in COLUMNS[sheet][:2])]
        for sheet, rows in everything.items()
        if sheet not in located
    }
    return located | ties


def write_workbook(path: Path, sheets: Sheets) -> Path:
    """The sheets as a template workbook (English headers; every sheet present, even if empty)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(COLUMNS[name])
        for row in rows:
            ws.append([row.get(c) or None for c in COLUMNS[name]])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
