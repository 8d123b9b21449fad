"""``phakhee load`` as scripts see it: every failure has its exit status, its file and its reason."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from tests.api.test_cli import PHAKHEE, run

pytestmark = pytest.mark.skipif(
    PHAKHEE is None, reason="install the project (pip install -e .) to get the phakhee command"
)


def _workbook_bytes() -> bytes:
    """The first bytes of a real workbook, cut short: a zip whose directory is missing."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>" * 200)
    return out.getvalue()[:300]


def test_a_missing_path_exits_4_naming_it_and_loads_nothing(tmp_path: Path) -> None:
    good = tmp_path / "topics.csv"
    good.write_text("name\nงดเหล้าเข้าพรรษา\n", encoding="utf-8")
    done = run("load", "topics.csv", "nope.xlsx", store=f"sqlite:///{tmp_path}/g.db", cwd=tmp_path)
    assert done.returncode == 4
    assert done.stderr.strip() == "error: nope.xlsx: no such file or folder"
    stats = run("stats", store=f"sqlite:///{tmp_path}/g.db", cwd=tmp_path)
    assert "topic" not in stats.stdout


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        (
            "minutes.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
            "not a workbook (.xlsx), a CSV file, a zip of CSV files nor node-link JSON "
            "(it is a PDF document)",
        ),
        (
            "photo.csv",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "not a workbook (.xlsx), a CSV file, a zip of CSV files nor node-link JSON "
            "(it is a PNG image)",
        ),
        (
            "people.csv",
            b"\x01\x9f\x00\x92\x96\x00\xc3\x28\x00\x00",
            "not a workbook (.xlsx), a CSV file, a zip of CSV files nor node-link JSON "
            "(it holds binary data)",
        ),
        ("network.zip", b"PK\x03\x04 this is not a zip", "not a readable zip file"),
        ("network.xlsx", _workbook_bytes(), "not a readable .xlsx workbook (BadZipFile)"),
        (
            "graph.json",
            b'{"nodes": [{"id": "topic:x"',
            "not valid JSON (unexpected end of data: line 1 column 28 (char 27))",
        ),
        (
            "network.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "old Excel format: save it as .xlsx and load that",
        ),
        (
            "people.csv",  # an old Excel file renamed
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "old Excel format: save it as .xlsx and load that",
        ),
    ],
)
def test_a_file_that_cannot_be_read_exits_3_naming_it_and_why(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    (tmp_path / name).write_bytes(data)
    good = tmp_path / "topics.csv"
    good.write_text("name\nงดเหล้าเข้าพรรษา\n", encoding="utf-8")
    store = f"sqlite:///{tmp_path}/g.db"
    done = run("load", name, "topics.csv", store=store, cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    lines = [line for line in done.stderr.splitlines() if line]  # the progress bar leaves one
    assert lines == [f"refused {name}: {reason}", f"error: not read: {name}"]
    assert "Traceback" not in done.stdout + done.stderr
    assert "topic" in run("stats", store=store, cwd=tmp_path).stdout  # the readable file landed


def test_an_sqlite_store_in_a_folder_that_does_not_exist_exits_5_and_creates_nothing(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "no" / "such"
    for args in (("stats",), ("load", "topics.csv")):
        (tmp_path / "topics.csv").write_text("name\nเยาวชน\n", encoding="utf-8")
        done = run(*args, store=f"sqlite:///{missing}/g.db", cwd=tmp_path)
        assert done.returncode == 5
        assert done.stderr.strip() == (
            f"error: cannot open the SQLite store at {missing}/g.db: the folder {missing} does "
            "not exist; create it first, or correct the path"
        )
    assert not (tmp_path / "no").exists()


def _rows(out: str, title: str) -> list[list[str]]:
    """The body rows of the table titled ``title`` in the command's output, cell by cell."""
    table = out.split(title, 1)[1].split("└", 1)[0]
    return [
        [c.strip() for c in line.split("│")[1:-1]] for line in table.splitlines() if "│" in line
    ]


def test_a_folder_load_names_each_file_its_encoding_and_each_refusal_once(tmp_path: Path) -> None:
    from tests.loaders.messy import write_messy_folder

    write_messy_folder(tmp_path / "messy")
    done = run("load", "messy", store=f"sqlite:///{tmp_path}/g.db", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _rows(done.stdout, "files") == [
        ["messy/attendance.csv", "template", "UTF-8", "1", ""],
        ["messy/events.csv", "template", "UTF-16", "2", "1"],
        ["messy/memberships.csv", "template", "UTF-8", "2", "1"],
        ["messy/partners.csv", "template", "Thai Windows (cp874/TIS-620)", "2", "1"],
        ["messy/people.csv", "template", "UTF-8 with BOM", "4", "1"],
        ["messy/teams.csv", "template", "UTF-8", "1", ""],
    ]
    assert _rows(done.stdout, "load") == [
        ["person", "people", "2", "2", "0", "0", "1"],
        ["team", "teams", "1", "1", "0", "0", ""],
        ["partner", "partners", "1", "1", "0", "0", "1"],
        ["event", "events", "1", "1", "0", "0", "1"],
        ["member_of", "memberships", "1", "1", "0", "0", "1"],
        ["located_in", "events, partners, people, teams", "5", "5", "0", "0", ""],
        ["attended", "attendance", "1", "1", "0", "0", ""],
    ]
    assert [line for line in done.stderr.splitlines() if line] == [
        "refused messy/people.csv [people] row 6: "
        "province 'Atlantis' is not one of Thailand's 77 provinces",
        "refused messy/partners.csv [partners] row 3: partner sector 'gov' is not one of: "
        "government (ภาครัฐ), private (ภาคเอกชน), civil_society (ภาคประชาสังคม), "
        "target_group (กลุ่มเป้าหมายเฉพาะ), other (อื่น ๆ), "
        "local_government (อบต./เทศบาล), district_office (อำเภอ/ฝ่ายปกครอง), "
        "community_leader (ผู้ใหญ่บ้าน/กำนัน/ผู้นำชุมชน), temple (วัด/พระสงฆ์), "
        "school (โรงเรียน/สถานศึกษา), health (รพ.สต./สาธารณสุข), health_volunteer (อสม.), "
        "police (ตำรวจ), youth (กลุ่มเยาวชน), women_elderly (กลุ่มสตรี/ผู้สูงอายุ), "
        "local_business (ภาคเอกชน/ร้านค้า), civil_society_org (องค์กรภาคประชาสังคม)",
        "refused messy/events.csv [events] row 3: date: day is out of range for month",
        "refused messy/memberships.csv [memberships] row 3: "
        "person 'ผี ไม่มีตัว' is not in this load nor in the graph",
    ]


def test_a_sheet_without_its_header_is_refused_naming_the_file_and_sheet_once(
    tmp_path: Path,
) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "people"
    wb.active.append(["ชื่อเล่น", "phone", "email"])
    wb.active.append(["ชาย", "081"])
    wb.save(tmp_path / "nan.xlsx")
    done = run("load", "nan.xlsx", store=f"sqlite:///{tmp_path}/g.db", cwd=tmp_path)
    assert _rows(done.stdout, "files") == [["nan.xlsx", "template", "workbook", "0", "1"]]
    assert _rows(done.stdout, "load") == [["person", "people", "0", "-", "-", "-", "1"]]
    assert [line for line in done.stderr.splitlines() if line] == [
        "refused nan.xlsx [people]: required columns missing: name"
    ]


def test_a_load_is_one_batch_in_the_log_and_undoing_it_leaves_the_graph_as_before(
    tmp_path: Path,
) -> None:
    store = f"sqlite:///{tmp_path}/g.db"
    (tmp_path / "topics.csv").write_text("name\nงดเหล้าเข้าพรรษา\n", encoding="utf-8")
    first = run("load", "topics.csv", store=store, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    (tmp_path / "topics.csv").write_text(
        "name,description\nงดเหล้าเข้าพรรษา,สามเดือนในพรรษา\nงานบุญปลอดเหล้า,\n", encoding="utf-8"
    )
    before = run("export", "before.json", "--format", "json", store=store, cwd=tmp_path)
    assert before.returncode == 0, before.stderr

    second = run("load", "topics.csv", store=store, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    said = [line for line in second.stdout.splitlines() if line.startswith("to undo this load")]
    assert len(said) == 1
    batch = said[0].removeprefix("to undo this load: phakhee changes undo --batch ")
    assert len(batch) == 32
    assert run("export", "mid.json", "--format", "json", store=store, cwd=tmp_path).returncode == 0
    undone = run("changes", "undo", "--batch", batch, store=store, cwd=tmp_path)
    assert undone.returncode == 0, undone.stderr
    after = run("export", "after.json", "--format", "json", store=store, cwd=tmp_path)
    assert after.returncode == 0, after.stderr

    def graph(name: str) -> tuple[list, list]:
        data = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        nodes = sorted(
            (n["id"], n.get("description")) for n in data["nodes"] if n["kind"] == "topic"
        )
        return nodes, sorted(str(e) for e in data.get("links", data.get("edges", [])))

    assert graph("mid.json")[0] == [
        ("topic:งดเหล้าเข้าพรรษา", "สามเดือนในพรรษา"),
        ("topic:งานบุญปลอดเหล้า", None),
    ]
    assert graph("after.json") == graph("before.json")
    assert graph("after.json")[0] == [("topic:งดเหล้าเข้าพรรษา", None)]
