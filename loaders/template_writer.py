"""The empty template workbook a coordinator fills in: one sheet per kind, an example row, instructions."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from phakhee.loaders.merge import CLEAR_MARKERS
from phakhee.loaders.sheets import EXAMPLE_MARK, NODE_SHEETS, TIE_SHEETS, Sheet

CLEAR_TH, CLEAR_EN = CLEAR_MARKERS

INSTRUCTIONS = [
    ("คำแนะนำ / Instructions", ""),
    ("", ""),
    (
        "ไฟล์นี้ใช้บันทึกข้อมูลเครือข่ายเพื่อนำเข้า phakhee",
        "This workbook records the network for phakhee to load.",
    ),
    (
        "หนึ่งแผ่นงานต่อข้อมูลหนึ่งประเภท: บุคคล ทีม ภาคี ประเด็น บทเรียน กิจกรรม การประเมินตนเอง",
        "One sheet per kind: people, teams, partners, topics, lessons, events, assessments.",
    ),
    (
        "แผ่นงานความสัมพันธ์: สมาชิกทีม ความร่วมมือภาคี การเข้าร่วม ผู้เขียน ทักษะ ฯลฯ",
        "Tie sheets: memberships, partnerships, attendance, authorship, skills, ...",
    ),
    (
        "หัวคอลัมน์ตัวหนาคือคอลัมน์ที่ต้องกรอก; ใช้หัวคอลัมน์ภาษาอังกฤษหรือภาษาไทยก็ได้",
        "Bold headers are required; English keys or the Thai names both work as headers.",
    ),
    (
        f'แถวตัวอย่างมีคำว่า "{EXAMPLE_MARK}" ต่อท้าย ระบบข้ามเฉพาะแถวนั้น ลบหรือเขียนทับได้'
        " (ข้อมูลเดียวกันที่พิมพ์ในแถวอื่นจะถูกนำเข้าตามปกติ)",
        f'The example row is marked "{EXAMPLE_MARK}" after its last column: only that row is'
        " skipped; delete or overwrite it (the same values typed in another row load as usual).",
    ),
    (
        "นำเข้าซ้ำได้: ระบบเปลี่ยนเฉพาะคอลัมน์ที่มีในไฟล์ ช่องว่างคือคงค่าเดิมไว้",
        "Loading again is safe: only the columns the file has are set; a blank cell keeps"
        " the stored value.",
    ),
    (
        f"ลบค่าในช่องใดให้พิมพ์ {CLEAR_TH} (หรือ {CLEAR_EN}) ในช่องนั้น",
        f"To empty a field, type {CLEAR_EN} (or {CLEAR_TH}) in its cell.",
    ),
    (
        "จังหวัดและภาค ทักษะทั้งหกมีอยู่แล้วในระบบ พิมพ์ชื่อจังหวัดไทยหรืออังกฤษได้",
        "Provinces, regions and the six skills are built in: type a province in Thai or English.",
    ),
    (
        "วันที่: 2567-03-05, 5/3/2567 หรือ 5 มี.ค. 2567 (พ.ศ. หรือ ค.ศ.)",
        "Dates: 2024-03-05, 5/3/2567 or 5 มี.ค. 2567 (Buddhist or Common Era).",
    ),
    ("อ้างถึงบุคคล ทีม ภาคี ด้วยชื่อหรือรหัส (id)", "Refer to people, teams and partners by name or by id."),
    ("หลายค่าในช่องเดียว ให้คั่นด้วย ;", "Several values in one cell: separate them with ;"),
    (
        "บันทึกเป็น .xlsx หรือ CSV UTF-8 (ไม่ใช่ CSV ธรรมดา ซึ่งทำให้ภาษาไทยกลายเป็น ?)",
        "Save as .xlsx or 'CSV UTF-8' (plain 'CSV' turns Thai into ?).",
    ),
    (
        "นำเข้า: phakhee load ไฟล์.xlsx --report รายงาน.csv",
        "Load: phakhee load file.xlsx --report report.csv",
    ),
]


def _sheet(wb: Workbook, sheet: Sheet) -> None:
    ws = wb.create_sheet(sheet.name)
    bold, plain = Font(bold=True), Font(bold=False)
    example = Font(italic=True, color="808080")
    fill = PatternFill("solid", fgColor="FFF2CC")
    for col, c in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=col, value=c.key)
        cell.font = bold if c.required else plain
        if c.required:
            cell.fill = fill
        note = (
            f"{c.thai}"
            + (" (ต้องกรอก / required)" if c.required else "")
            + (f"\n{c.help}" if c.help else "")
        )
        cell.comment = Comment(note, "phakhee")
        ex = ws.cell(row=2, column=col, value=c.example or None)
        ex.font = example
        ws.column_dimensions[cell.column_letter].width = max(
            14, min(40, len(c.example or c.key) * 1.3)
        )
    mark = ws.cell(row=2, column=len(sheet.columns) + 1, value=EXAMPLE_MARK)
    mark.font = Font(bold=True, color="C00000")
    mark.fill = PatternFill("solid", fgColor="FCE4D6")
    mark.comment = Comment("แถวนี้ถูกข้ามเมื่อนำเข้า / this row is skipped when loading", "phakhee")
    ws.column_dimensions[mark.column_letter].width = 20
    ws.freeze_panes = "A2"


def write_template(path: Path) -> Path:
    """Write the empty template to ``path`` (.xlsx)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "instructions"
    for th, en in INSTRUCTIONS:
        ws.append([th, en])
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 70
    ws.column_dimensions["B"].width = 80
    for sheet in (*NODE_SHEETS, *TIE_SHEETS):
        _sheet(wb, sheet)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
