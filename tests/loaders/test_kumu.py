"""A Kumu map: connections read by the kinds at both ends, contact columns as the contact fields."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from phakhee.graph.store import GraphStore
from phakhee.loaders.load import load_files
from phakhee.queries.records.exports import FORMATS, export

CONTACTS = {
    "phone": "081-555-0101",
    "email": "malee.k@example.org",
    "line_id": "malee.line",
    "address": "12 หมู่ 4 ตำบลดู่ใต้ อำเภอเมืองน่าน",
}


def _kumu(path: Path, headers: list[str], people: list[list[object]]) -> Path:
    wb = Workbook()
    el = wb.active
    el.title = "Elements"
    el.append(["Label", "Type", *headers])
    for row in people:
        el.append(row)
    el.append(["สำนักงานสาธารณสุขจังหวัดน่าน", "Organization", *[None] * len(headers)])
    el.append(["ประชาคมงดเหล้าจังหวัดน่าน", "Team", *[None] * len(headers)])
    co = wb.create_sheet("Connections")
    co.append(["From", "To", "Type", "Direction"])
    co.append(["มาลี แก้วใส", "สำนักงานสาธารณสุขจังหวัดน่าน", "partners with", "directed"])
    co.append(["สำนักงานสาธารณสุขจังหวัดน่าน", "มาลี แก้วใส", "works with", "directed"])
    co.append(["ประชาคมงดเหล้าจังหวัดน่าน", "สำนักงานสาธารณสุขจังหวัดน่าน", "partners with", None])
    co.append(["มาลี แก้วใส", "ประชาคมงดเหล้าจังหวัดน่าน", "partners with", None])
    wb.save(path)
    return path


def test_a_person_partnering_an_organisation_is_its_liaison_and_her_thai_contacts_stay_private(
    store: GraphStore, tmp_path: Path
) -> None:
    path = _kumu(
        tmp_path / "kumu.xlsx",
        ["โทรศัพท์", "อีเมล", "ไลน์", "ที่อยู่", "Colour"],
        [["มาลี แก้วใส", "Person", *CONTACTS.values(), "#0f0"]],
    )
    report = load_files(store, [path])
    assert [(q.sheet, q.row, q.column, q.error) for q in report.quarantined] == [
        (
            "connections",
            5,
            "type",
            "connection type 'partners with' joins team to partner (partners_with); "
            "person to partner (liaises_with): not a person and a team",
        )
    ]
    assert report.parsed == {
        "person": 1,
        "partner": 1,
        "team": 1,
        "partners_with": 1,
        "liaises_with": 1,
    }
    malee = store.get_node("person:มาลี-แก้วใส")
    assert malee.props == {"name": "มาลี แก้วใส", **CONTACTS, "x_colour": "#0f0"}
    ties = sorted(
        (t.kind.value, t.source, t.target)
        for t in store.iter_ties()
        if not t.source.startswith("province:")  # the built-in places
    )
    assert ties == [
        ("liaises_with", "person:มาลี-แก้วใส", "partner:สำนักงานสาธารณสุขจังหวัดน่าน"),
        ("partners_with", "team:ประชาคมงดเหล้าจังหวัดน่าน", "partner:สำนักงานสาธารณสุขจังหวัดน่าน"),
    ]

    graph = store.project()
    for fmt in sorted(FORMATS):
        blobs = _blobs(graph, fmt)  # the default: redacted
        unredacted = _blobs(graph, fmt, redact=False)
        assert all(any(f in b for f in _forms(v) for b in unredacted) for v in CONTACTS.values())
        leaked = [v for v in CONTACTS.values() if any(f in b for f in _forms(v) for b in blobs)]
        assert leaked == [], fmt
        assert any(f in b for f in _forms("มาลี แก้วใส") for b in blobs), fmt  # she is there


def _blobs(graph: object, fmt: str, **kw: object) -> list[bytes]:
    """An export's bytes, and those of each member when it is a zip (csv, xlsx)."""
    out = io.BytesIO()
    export(graph, fmt, out, **kw)  # type: ignore[arg-type]
    blobs = [out.getvalue()]
    if fmt in ("csv", "xlsx"):
        with zipfile.ZipFile(io.BytesIO(blobs[0])) as zf:
            blobs += [zf.read(name) for name in zf.namelist()]
    return blobs


def _forms(text: str) -> list[bytes]:
    """The bytes ``text`` may be written as: UTF-8, XML character references (the xlsx export
    writes Thai so), JSON escapes."""
    return [
        text.encode(),
        "".join(c if c.isascii() else f"&#{ord(c)};" for c in text).encode(),
        "".join(c if c.isascii() else f"\\u{ord(c):04x}" for c in text).encode(),
    ]


@pytest.mark.parametrize(
    ("headers", "field"),
    [
        (["Mobile", "Phone"], "phone"),
        (["E-mail"], "email"),
        (["Email"], "email"),
        (["LINE"], "line_id"),
        (["LINE ID"], "line_id"),
        (["Address"], "address"),
        (["เบอร์โทร", "มือถือ"], "phone"),
        (["อีเมล์"], "email"),
        (["ไลน์ไอดี"], "line_id"),
    ],
)
def test_contact_columns_are_read_by_their_usual_headers(
    store: GraphStore, tmp_path: Path, headers: list[str], field: str
) -> None:
    values = [f"08{i}-000-0000" if field == "phone" else f"v{i}" for i in range(len(headers))]
    path = _kumu(tmp_path / "kumu.xlsx", headers, [["มาลี แก้วใส", "Person", *values]])
    load_files(store, [path])
    assert store.get_node("person:มาลี-แก้วใส").props == {
        "name": "มาลี แก้วใส",
        field: " / ".join(values),
    }


def test_a_contact_cell_of_an_organisation_is_refused_not_exported(
    store: GraphStore, tmp_path: Path
) -> None:
    wb = Workbook()
    el = wb.active
    el.title = "Elements"
    el.append(["Label", "Type", "Phone"])
    el.append(["สำนักงานสาธารณสุขจังหวัดน่าน", "Organization", "054-710-000"])
    wb.save(tmp_path / "kumu.xlsx")
    report = load_files(store, [tmp_path / "kumu.xlsx"])
    assert [(q.row, q.column, q.error) for q in report.quarantined] == [
        (
            2,
            "phone",
            "phone: only a person keeps contact details (phone, email, line_id, address); a "
            "partner's are not stored: empty the cell, or draw the person it belongs to",
        )
    ]


def test_an_unknown_element_type_is_refused_listing_the_types_in_english_and_thai(
    store: GraphStore, tmp_path: Path
) -> None:
    from tests.loaders.messy import write_kumu_workbook

    report = load_files(store, [write_kumu_workbook(tmp_path / "kumu.xlsx")])
    assert [q.error for q in report.quarantined if q.sheet == "elements"] == [
        "element type 'spaceship' is not one of: person, people, individual (บุคคล, คน); "
        "organization, organisation, partner (ภาคี, องค์กร, หน่วยงาน); team, group, network "
        "(ทีม, กลุ่ม, เครือข่าย); topic, issue (ประเด็น); lesson, knowledge (บทเรียน); "
        "event, meeting (กิจกรรม, เวที); province (จังหวัด); skill (ทักษะ); region (ภาค)"
    ]
