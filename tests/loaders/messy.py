"""Hand-made messy input, as coordinators' machines write it: every encoding Excel uses, and its traps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook


def _csv(rows: list[list[str]], sep: str = ",") -> str:
    return "\r\n".join(sep.join(cells) for cells in rows) + "\r\n"


def write_messy_folder(folder: Path) -> Path:
    """A folder of CSV files named after the template's sheets, each saved differently."""
    folder.mkdir(parents=True, exist_ok=True)
    # UTF-8 with BOM (Excel's "CSV UTF-8"); a name typed twice with different spacing; an
    # invisible zero-width space; an empty row; a province that does not exist.
    people = _csv(
        [
            ["name", "province", "phone", "email"],
            ["สมชาย  ใจดี", "น่าน", "081-234-5678", "somchai@example.org"],
            ["สมชาย ใจดี", "จังหวัดน่าน", "081-234-5678", ""],
            ["มาลี ศรีสุข\u200b", "Chiang Mai", "", ""],
            ["", "", "", ""],
            ["อนันต์ รักษ์ดี", "Atlantis", "", ""],
        ]
    )
    (folder / "people.csv").write_bytes(b"\xef\xbb\xbf" + people.encode("utf-8"))
    # Thai Windows code page (Excel's plain CSV on a Thai Windows), Thai headers, an unknown sector.
    partners = _csv(
        [
            ["ชื่อภาคี", "ภาคส่วน", "จังหวัด"],
            ["สำนักงานสาธารณสุขจังหวัดน่าน", "ภาครัฐ", "น่าน"],
            ["ร้านค้าชุมชน", "gov", "น่าน"],
        ]
    )
    (folder / "partners.csv").write_bytes(partners.encode("cp874"))
    # UTF-16 tab-separated (Excel's "Unicode text"), Thai digits in a Buddhist-era date, a bad date.
    events = _csv(
        [
            ["name", "event_type", "date", "province"],
            ["เวทีภาคีเครือข่ายน่าน", "forum", "๕/๓/๒๕๖๗", "น่าน"],
            ["ประชุมคณะทำงาน", "meeting", "31/2/2567", "น่าน"],
        ],
        sep="\t",
    )
    (folder / "events.csv").write_bytes(events.encode("utf-16"))
    teams = _csv(
        [["name", "team_type", "province"], ["ประชาคมงดเหล้าจังหวัดน่าน", "provincial_network", "น่าน"]]
    )
    (folder / "teams.csv").write_text(teams, encoding="utf-8")
    # A tie to a person who is nowhere: refused, not invented.
    memberships = _csv(
        [
            ["person", "team", "role", "since"],
            ["สมชาย ใจดี", "ประชาคมงดเหล้าจังหวัดน่าน", "ผู้ประสานงาน", "พ.ศ. 2565"],
            ["ผี ไม่มีตัว", "ประชาคมงดเหล้าจังหวัดน่าน", "member", ""],
        ]
    )
    (folder / "memberships.csv").write_text(memberships, encoding="utf-8")
    attendance = _csv(
        [["person", "event", "role"], ["มาลี ศรีสุข", "เวทีภาคีเครือข่ายน่าน", "participant"]]
    )
    (folder / "attendance.csv").write_text(attendance, encoding="utf-8")
    return folder


def write_messy_workbook(path: Path) -> Path:
    """An .xlsx with a merged title row above the header, real Excel dates and a formula never calculated."""
    wb = Workbook()
    ws = wb.active
    ws.title = "partners"
    ws.append(["ทะเบียนภาคีเครือข่าย จังหวัดแพร่"])
    ws.merge_cells("A1:D1")
    ws.append(["ชื่อภาคี", "ภาคส่วน", "จังหวัด", "ชื่อภาษาอังกฤษ"])
    ws.append(["สภาเด็กและเยาวชนจังหวัดแพร่", "กลุ่มเป้าหมาย", "แพร่", "Phrae Youth Council"])
    ws.append(["โรงแรมแพร่นครา", "เอกชน", "Phrae", None])
    teams = wb.create_sheet("teams")
    teams.append(["name", "team_type", "province", "founded"])
    teams.append(["ประชาคมงดเหล้าจังหวัดแพร่", "provincial_network", "แพร่", dt.datetime(2018, 5, 1)])
    partnerships = wb.create_sheet("partnerships")
    partnerships.append(["team", "partner", "level", "shared_budget", "budget_thb", "since"])
    partnerships.append(
        [
            "ประชาคมงดเหล้าจังหวัดแพร่",
            "สภาเด็กและเยาวชนจังหวัดแพร่",
            "นโยบาย",
            "ใช่",
            "๕๐,๐๐๐",
            dt.datetime(2023, 6, 1),
        ]
    )
    partnerships.append(
        ["ประชาคมงดเหล้าจังหวัดแพร่", "โรงแรมแพร่นครา", "operational", "no", "=B2*2", None]
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_kumu_workbook(path: Path) -> Path:
    """A map drawn in Kumu, exported as its Elements and Connections sheets."""
    wb = Workbook()
    el = wb.active
    el.title = "Elements"
    el.append(["Label", "Type", "Description", "Tags", "Sector", "Color"])
    el.append(["ครูสมศรี มั่นคง", "Person", "ครูแกนนำ", "youth, school", None, "#f00"])
    el.append(["เครือข่ายเยาวชนลำปาง", "Organization", None, None, "target group", None])
    el.append(["ทีมเยาวชนภาคเหนือ", "Team", None, None, None, None])
    el.append(["ลำปาง", "Province", None, None, None, None])
    el.append(["ยานอวกาศ", "Spaceship", None, None, None, None])
    co = wb.create_sheet("Connections")
    co.append(["From", "To", "Type", "Direction", "Role"])
    co.append(["ครูสมศรี มั่นคง", "ทีมเยาวชนภาคเหนือ", "member", "directed", "coordinator"])
    co.append(["ครูสมศรี มั่นคง", "ลำปาง", "", "directed", None])
    co.append(["เครือข่ายเยาวชนลำปาง", "ทีมเยาวชนภาคเหนือ", "partner", "undirected", None])
    co.append(["ครูสมศรี มั่นคง", "เครือข่ายเยาวชนลำปาง", "teleports to", "directed", None])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
