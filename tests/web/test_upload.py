"""Uploading a workbook from the browser: the dry run's report in Thai, the refused rows as CSV,
the confirmed load, and a wrong key that reads nothing."""

from __future__ import annotations

import csv
import io
import os
import time
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from phakhee.api.routers.web.upload_report import reason
from phakhee.api.uploads import KEEP_S, UPLOADS, Upload, defused, keep, refused_file, sweep
from phakhee.graph.model import NodeKind, NodeRecord
from phakhee.loaders.template_writer import write_template
from tests.browser import NEEDS_BROWSER
from tests.viz.network import XSS
from tests.web.conftest import KEY, Site, Visit

pytestmark = NEEDS_BROWSER

BAD_PROVINCE = "น่านน"
WHY = f"'{BAD_PROVINCE}' ไม่ใช่ชื่อจังหวัดใดใน 77 จังหวัดของประเทศไทย"
ENGLISH = (
    f"province '{BAD_PROVINCE}' is not one of Thailand's 77 provinces;"
    " did you mean 'น่าน' (province:nan)?"
)


def workbook(folder: Path, name: str) -> Path:
    """The template with one good new person in Nan (row 3) and one whose province is no
    province, named by the hostile name (row 4)."""
    book = load_workbook(write_template(folder / "template.xlsx"))
    people = book["people"]
    columns = [c.value for c in people[1]]
    for row in ({"name": name, "province": "น่าน"}, {"name": XSS, "province": BAD_PROVINCE}):
        people.append([row.get(c) for c in columns])
    path = folder / "nan-people.xlsx"
    book.save(path)
    return path


def submit(page: Any, button: str) -> None:
    """Press the form's ``button`` and wait for the page it answers with."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def counts(site: Site) -> dict[str, dict[str, int]]:
    return site.store.counts()


def test_a_workbook_is_checked_in_thai_then_loaded(
    visit_writable: Visit, writable_site: Site, tmp_path: Path
) -> None:
    visit, page = visit_writable, visit_writable.page
    name = f"ทดลอง อัปโหลดน่าน {visit.viewport['width']}"
    before = counts(writable_site)
    visit.open("/upload")
    assert page.get_by_role("heading", name="อัปโหลดไฟล์ข้อมูล").is_visible()
    template = page.get_by_role("link", name="ดาวน์โหลดแบบฟอร์มเปล่า (.xlsx)")
    assert template.get_attribute("href") == "/upload/template.xlsx"
    visit.check()

    page.get_by_label("ไฟล์ข้อมูล (.xlsx หรือ .csv)").set_input_files(workbook(tmp_path, name))
    page.get_by_label("รหัสสำหรับแก้ไขข้อมูล").fill(KEY)
    submit(page, "ตรวจสอบไฟล์")
    assert page.get_by_role("heading", name="สิ่งที่ไฟล์นี้จะเปลี่ยน").is_visible()
    rows = page.locator("table.upload-counts tbody tr")
    assert [r.inner_text().split("\t") for r in rows.all()] == [
        ["บุคคล (people)", "คน", "1", "0", "0", "1"],
        ["บุคคล (people)", "ที่ตั้ง (จังหวัดหรือภาค)", "1", "0", "0", "0"],
    ]
    assert page.get_by_role("heading", name="แถวที่ไม่ผ่าน (1 แถว)").is_visible()
    refused = page.locator("ol.upload-refused > li")
    assert refused.count() == 1
    assert refused.locator(".where").inner_text() == (
        f"แผ่นงาน บุคคล (people) แถวที่ 4 · คอลัมน์ จังหวัด (province) · {XSS}"
    )
    assert refused.locator(".reason").inner_text() == WHY
    suggestion = refused.get_by_role("link", name="น่าน", exact=True)
    assert suggestion.get_attribute("href") == "/provinces/nan"
    assert page.get_by_text(XSS).is_visible() and visit.dialogs == []
    assert counts(writable_site) == before
    visit.check()

    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลดแถวที่ไม่ผ่านทั้งหมดพร้อมเหตุผล (CSV)").click()
    raw = Path(download.value.path()).read_bytes()
    assert raw.startswith("\ufeff".encode())
    assert list(csv.reader(raw.decode("utf-8-sig").splitlines())) == [
        ["file", "sheet", "row", "column", "error"],
        ["nan-people.xlsx", "people", "4", "province", ENGLISH],
    ]
    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลดแถวที่ไม่ผ่านของแผ่นงาน people เพื่อแก้ไข (CSV)").click()
    fix = Path(download.value.path()).read_text("utf-8-sig")
    assert list(csv.reader(fix.splitlines())) == [
        ["name", "province", "error"],
        [XSS, BAD_PROVINCE, f"row 4: {ENGLISH}"],
    ]

    page.get_by_label("รหัสสำหรับแก้ไขข้อมูล").fill(KEY)
    submit(page, "ยืนยันและบันทึก")
    assert page.get_by_role("heading", name="นำเข้าไฟล์แล้ว").is_visible()
    assert [r.inner_text().split("\t") for r in rows.all()] == [
        ["บุคคล (people)", "คน", "1", "0", "0", "1"],
        ["บุคคล (people)", "ที่ตั้ง (จังหวัดหรือภาค)", "1", "0", "0", "0"],
    ]
    visit.check()
    (person,) = [n for n in writable_site.store.iter_nodes() if n.props.get("name") == name]
    assert writable_site.store.get_ties([("located_in", person.id, "province:nan")])
    after = counts(writable_site)
    before["nodes"]["person"] += 1
    before["ties"]["located_in"] += 1
    assert after == before


def test_a_wrong_key_reads_and_writes_nothing(
    visit_writable: Visit, writable_site: Site, tmp_path: Path
) -> None:
    visit, page = visit_writable, visit_writable.page
    version = writable_site.store.version()
    waiting = set(UPLOADS.iterdir()) if UPLOADS.is_dir() else set()
    visit.open("/upload")
    page.get_by_label("ไฟล์ข้อมูล (.xlsx หรือ .csv)").set_input_files(workbook(tmp_path, "ไม่ควรถูกบันทึก"))
    page.get_by_label("รหัสสำหรับแก้ไขข้อมูล").fill("not-the-key")
    with page.expect_response(visit.origin + "/upload") as answer:
        page.get_by_role("button", name="ตรวจสอบไฟล์").click()
    assert answer.value.status == 401
    assert page.get_by_role("alert").inner_text() == ("รหัสสำหรับแก้ไขข้อมูลไม่ถูกต้อง ระบบยังไม่ได้อ่านไฟล์")
    assert page.get_by_role("heading", name="อัปโหลดไฟล์ข้อมูล").is_visible()
    # Chromium logs the page's own 401 as a console error: the one error expected here
    visit.errors.remove(
        "Failed to load resource: the server responded with a status of 401 (Unauthorized)"
    )
    visit.check()
    assert writable_site.store.version() == version
    assert (set(UPLOADS.iterdir()) if UPLOADS.is_dir() else set()) == waiting


def test_reasons_read_in_thai_and_csv_cells_never_run() -> None:
    found = reason("th", "people", "province", ENGLISH)
    assert (found.text, found.translated, found.names) == (WHY, True, [("province:nan", "น่าน")])
    assert reason("th", "people", "name", "name: required").text == "ต้องกรอก ชื่อ-สกุล (name)"
    odd = reason("th", "people", "", "something new went wrong")
    assert (odd.text, odd.translated) == ("something new went wrong", False)
    cells = ("=1+1", "+66", "-5", "@x", "\tx", "\rx", "สมชาย", "")
    assert [defused(v) for v in cells] == [
        "'=1+1",
        "'+66",
        "'-5",
        "'@x",
        "'\tx",
        "'\rx",
        "สมชาย",
        "",
    ]


def test_a_scope_previews_what_goes_and_a_changed_store_is_checked_again(
    visit_writable: Visit, writable_site: Site, tmp_path: Path
) -> None:
    visit, page = visit_writable, visit_writable.page
    width = visit.viewport["width"]
    people = tmp_path / "people.csv"
    people.write_text(f"name,province\nทดลอง ขอบเขต {width},น่าน\n", encoding="utf-8")
    before = counts(writable_site)
    visit.open("/upload")
    page.get_by_label("ไฟล์ข้อมูล (.xlsx หรือ .csv)").set_input_files(people)
    page.get_by_label("ให้ไฟล์นี้เป็นข้อมูลทั้งหมดของจังหวัดหรือภาค (ไม่บังคับ)").fill("น่าน")
    page.get_by_label("รหัสสำหรับแก้ไขข้อมูล").fill(KEY)
    submit(page, "ตรวจสอบไฟล์")
    assert page.get_by_role("heading", name="มีในเครือข่ายแต่ไม่มีในไฟล์").is_visible()
    hostile = page.locator("ul.upload-removals a", has_text=XSS)
    assert hostile.get_attribute("href") == "/people/xss" and visit.dialogs == []
    visit.check()

    writable_site.store.upsert_nodes(
        [NodeRecord(f"topic:upload-{width}", NodeKind.TOPIC, {"name": f"ประเด็นทดลอง {width}"})]
    )
    page.get_by_label("รหัสสำหรับแก้ไขข้อมูล").fill(KEY)
    submit(page, "ยืนยันและบันทึก")
    assert page.get_by_role("status").inner_text() == (
        "ข้อมูลในเครือข่ายเปลี่ยนไปหลังการตรวจสอบครั้งก่อน ระบบจึงตรวจสอบใหม่และยังไม่ได้บันทึก"
        " กรุณาอ่านรายงานใหม่แล้วยืนยันอีกครั้ง"
    )
    assert page.get_by_role("heading", name="สิ่งที่ไฟล์นี้จะเปลี่ยน").is_visible()
    assert page.get_by_role("button", name="ยืนยันและบันทึก").is_visible()
    visit.check()
    before["nodes"]["topic"] += 1  # the one written beside the page; the file loaded nothing
    assert counts(writable_site) == before


def test_a_kept_upload_is_found_by_its_token_for_an_hour_only() -> None:
    kept = keep("people.csv", "น่าน", io.BytesIO(b"name\nx\n"), limit=100)
    assert kept is not None and kept.path.read_bytes() == b"name\nx\n"
    kept.save()
    assert Upload.open(kept.token) == kept
    assert Upload.open("../" + kept.token) is None and refused_file(kept.token, "../x") is None
    hour_ago = time.time() - KEEP_S - 1
    os.utime(kept.folder / "upload.json", (hour_ago, hour_ago))
    os.utime(kept.folder, (hour_ago, hour_ago))
    assert Upload.open(kept.token) is None
    sweep()
    assert not kept.folder.exists()


def test_a_file_past_the_limit_is_not_kept() -> None:
    before = set(UPLOADS.iterdir()) if UPLOADS.is_dir() else set()
    assert keep("big.csv", "", io.BytesIO(b"x" * 101), limit=100) is None
    assert set(UPLOADS.iterdir()) == before
