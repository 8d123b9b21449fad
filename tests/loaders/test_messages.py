"""Refusals as one statement each, naming the file they are in (a folder's or a zip's own file)."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from phakhee.graph.store import GraphStore
from phakhee.loaders.load import FilePart, load_files
from phakhee.loaders.quarantine import naming, write_report
from tests.loaders.messy import write_messy_folder


def test_a_refusal_names_its_column_once() -> None:
    assert naming("person", "person 'X' is not in this load") == "person 'X' is not in this load"
    assert naming("who", "person, team 'X' is not in this load") == (
        "who: person, team 'X' is not in this load"
    )
    assert naming("date", "date: day is out of range for month") == (
        "date: day is out of range for month"
    )
    assert naming("", "line 4 has 5 fields") == "line 4 has 5 fields"


def test_the_report_to_fix_says_each_row_once(store: GraphStore, tmp_path: Path) -> None:
    report = load_files(store, [write_messy_folder(tmp_path / "messy")])
    written = write_report(report.quarantined, tmp_path / "refused.csv")
    fix = next(p for p in written if p.name == "refused.memberships.csv")
    with fix.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows == [
        ["person", "team", "role", "error"],
        [
            "ผี ไม่มีตัว",
            "ประชาคมงดเหล้าจังหวัดน่าน",
            "member",
            "row 3: person 'ผี ไม่มีตัว' is not in this load nor in the graph",
        ],
    ]
    with (tmp_path / "refused.csv").open(encoding="utf-8-sig", newline="") as f:
        files = {row[0] for row in list(csv.reader(f))[1:]}
    assert files == {
        str(tmp_path / "messy" / name)
        for name in ("events.csv", "memberships.csv", "partners.csv", "people.csv")
    }


def test_a_zip_is_reported_file_by_file_with_its_encodings(
    store: GraphStore, tmp_path: Path
) -> None:
    folder = write_messy_folder(tmp_path / "messy")
    path = tmp_path / "network.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for f in sorted(folder.iterdir()):
            zf.write(f, f.name)
    report = load_files(store, [path])
    (file,) = report.files
    assert file.parts == [
        FilePart(f"{path}!attendance.csv", "utf-8", 1, 0),
        FilePart(f"{path}!events.csv", "utf-16", 2, 1),
        FilePart(f"{path}!memberships.csv", "utf-8", 2, 1),
        FilePart(f"{path}!partners.csv", "cp874", 2, 1),
        FilePart(f"{path}!people.csv", "utf-8-sig", 4, 1),
        FilePart(f"{path}!teams.csv", "utf-8", 1, 0),
    ]
    assert sorted((q.file.rsplit("!", 1)[1], q.sheet, q.row) for q in report.quarantined) == [
        ("events.csv", "events", 3),
        ("memberships.csv", "memberships", 3),
        ("partners.csv", "partners", 3),
        ("people.csv", "people", 6),
    ]
    node = store.get_node("person:มาลี-ศรีสุข")
    assert node.provenance is not None
    assert (node.provenance.source, node.provenance.row) == (f"{path}!people.csv[people]", 4)
