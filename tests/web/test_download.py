"""The download page in a real browser: a coordinator chooses a format and a scope and gets the
file from the export route, with no contact value inside; a typed name that fits none is asked
about on the form."""

from __future__ import annotations

from pathlib import Path

from tests.browser import NEEDS_BROWSER
from tests.web.conftest import ADDRESS, Site, Visit

pytestmark = NEEDS_BROWSER


def contacts(site: Site) -> list[str]:
    """Every phone, email and LINE id in the site's network, and the address one person has."""
    found = [ADDRESS]
    for node in site.store.iter_nodes():
        found += [str(node.props[f]) for f in ("phone", "email", "line_id") if node.props.get(f)]
    return found


def test_a_province_downloads_as_gephi_without_contacts(visit: Visit, site: Site) -> None:
    page = visit.page
    visit.open("/download")
    assert page.get_by_text(
        "สำหรับ Gephi: วาดและสำรวจเครือข่าย พร้อมตำแหน่งและค่าความเป็นศูนย์กลาง"
    ).is_visible()
    page.get_by_label("GEXF (.gexf)").check()
    page.get_by_label("จังหวัดเดียว").check()
    page.get_by_label("จังหวัด", exact=True).select_option(label="น่าน")
    visit.check()  # before the download, which the check would take for the page
    with page.expect_download() as arrived:
        page.get_by_role("button", name="ดาวน์โหลด").click()
    download = arrived.value
    assert download.url == f"{visit.origin}/export/gexf?scope=province%3Dprovince%3Anan"
    assert download.suggested_filename == f"phakhee-v{site.store.version()}.gexf"
    body = Path(download.path()).read_text("utf-8")
    assert body.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<gexf ')
    assert 'id="province:nan"' in body
    assert [c for c in contacts(site) if c in body] == []
    assert visit.errors == []


def test_a_name_that_fits_none_is_asked_about_on_the_form(visit: Visit) -> None:
    page = visit.page
    visit.open("/download")
    page.get_by_label("CSV (.zip)").check()
    page.get_by_label("ผู้ประสานงานหนึ่งคน (หรือทีม หรือภาคี) กับทุกคนที่เชื่อมโยงด้วย").check()
    page.get_by_label("ชื่อ", exact=True).fill("ไม่มีใครชื่อนี้แน่นอน")
    page.get_by_role("button", name="ดาวน์โหลด").click()
    page.wait_for_url("**/download?**")
    assert page.get_by_role("alert").get_by_text("ไม่พบชื่อนี้ในเครือข่าย").is_visible()
    assert page.get_by_label("ชื่อ", exact=True).input_value() == "ไม่มีใครชื่อนี้แน่นอน"
    assert page.get_by_label("CSV (.zip)").is_checked()
    visit.check()
