"""Loading real-world files: every row lands or is refused with its reason, and a reload changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from phakhee.graph.model import NodeKind
from phakhee.graph.store import GraphStore
from phakhee.loaders.load import load_files
from phakhee.loaders.quarantine import write_report
from phakhee.loaders.tables import UnreadableFile, read_tables
from tests.loaders.messy import write_kumu_workbook, write_messy_folder, write_messy_workbook


def _reasons(report: object) -> list[tuple[str, int, str, str]]:
    return sorted((q.sheet, q.row, q.column, q.error) for q in report.quarantined)  # type: ignore[attr-defined]


def test_a_messy_folder_lands_its_good_rows_and_explains_the_rest(
    store: GraphStore, tmp_path: Path
) -> None:
    folder = write_messy_folder(tmp_path / "messy")
    report = load_files(store, [folder])
    assert _reasons(report) == [
        ("events", 3, "date", "date: day is out of range for month"),
        (
            "memberships",
            3,
            "person",
            "person 'ผี ไม่มีตัว' is not in this load nor in the graph",
        ),
        (
            "partners",
            3,
            "sector",
            "partner sector 'gov' is not one of: government (ภาครัฐ), private (ภาคเอกชน), "
            "civil_society (ภาคประชาสังคม), target_group (กลุ่มเป้าหมายเฉพาะ), other (อื่น ๆ), "
            "local_government (อบต./เทศบาล), district_office (อำเภอ/ฝ่ายปกครอง), "
            "community_leader (ผู้ใหญ่บ้าน/กำนัน/ผู้นำชุมชน), temple (วัด/พระสงฆ์), "
            "school (โรงเรียน/สถานศึกษา), health (รพ.สต./สาธารณสุข), health_volunteer (อสม.), "
            "police (ตำรวจ), youth (กลุ่มเยาวชน), women_elderly (กลุ่มสตรี/ผู้สูงอายุ), "
            "local_business (ภาคเอกชน/ร้านค้า), civil_society_org (องค์กรภาคประชาสังคม)",
        ),
        ("people", 6, "province", "province 'Atlantis' is not one of Thailand's 77 provinces"),
    ]
    assert report.parsed == {
        "person": 2,
        "team": 1,
        "partner": 1,
        "event": 1,
        "member_of": 1,
        "located_in": 5,
        "attended": 1,
    }
    assert {k: (r.created, r.updated, r.unchanged) for k, r in report.results.items()} == {
        "person": (2, 0, 0),
        "team": (1, 0, 0),
        "partner": (1, 0, 0),
        "event": (1, 0, 0),
        "located_in": (5, 0, 0),
        "member_of": (1, 0, 0),
        "attended": (1, 0, 0),
    }
    assert {f.path.rsplit("/", 1)[-1]: f.encodings for f in report.files} == {
        "messy": sorted(["utf-8-sig", "cp874", "utf-16", "utf-8"])
    }
    somchai = store.get_node("person:สมชาย-ใจดี")
    assert somchai.props == {
        "name": "สมชาย ใจดี",
        "phone": "081-234-5678",
        "email": "somchai@example.org",
    }
    assert store.get_node("person:มาลี-ศรีสุข").props == {"name": "มาลี ศรีสุข"}
    event = store.find_nodes(NodeKind.EVENT)[0]
    assert event.props["date"] == "2024-03-05"
    (membership,) = [
        nb.tie for nb in store.neighbours("person:สมชาย-ใจดี") if nb.tie.kind == "member_of"
    ]
    assert membership.props == {"role": "coordinator", "since": "2022"}  # พ.ศ. 2565: a year alone
    assert membership.provenance is not None and membership.provenance.row == 2


def test_loading_the_same_files_again_changes_nothing(store: GraphStore, tmp_path: Path) -> None:
    folder = write_messy_folder(tmp_path / "messy")
    load_files(store, [folder])
    version = store.version()
    again = load_files(store, [folder])
    assert all((r.created, r.updated) == (0, 0) for r in again.results.values())
    assert store.version() == version


def test_changing_one_cell_updates_exactly_that_node(store: GraphStore, tmp_path: Path) -> None:
    folder = write_messy_folder(tmp_path / "messy")
    load_files(store, [folder])
    teams = folder / "teams.csv"
    teams.write_text(
        teams.read_text(encoding="utf-8").replace("provincial_network", "working_group"),
        encoding="utf-8",
    )
    again = load_files(store, [folder])
    changed = {
        k: (r.created, r.updated) for k, r in again.results.items() if r.created or r.updated
    }
    assert changed == {"team": (0, 1)}


def test_a_workbook_with_a_merged_title_dates_and_an_uncalculated_formula(
    store: GraphStore, tmp_path: Path
) -> None:
    report = load_files(store, [write_messy_workbook(tmp_path / "phrae.xlsx")])
    assert _reasons(report) == [
        (
            "partnerships",
            3,
            "budget_thb",
            "budget_thb holds a formula with no saved value: open and save the file in Excel, or type the value",
        )
    ]
    youth = store.find_nodes(NodeKind.PARTNER, {"name": "สภาเด็กและเยาวชนจังหวัดแพร่"})[0]
    assert youth.props == {
        "name": "สภาเด็กและเยาวชนจังหวัดแพร่",
        "name_en": "Phrae Youth Council",
        "sector": "target_group",
    }
    (tie,) = [nb.tie for nb in store.neighbours(youth.id) if nb.tie.kind == "partners_with"]
    assert tie.props == {
        "level": "policy",
        "shared_budget": True,
        "budget_thb": 50000.0,
        "since": "2023-06-01",
    }
    team = store.find_nodes(NodeKind.TEAM)[0]
    assert team.props["founded"] == "2018-05-01"


def test_a_kumu_map_loads_into_the_right_kinds_and_ties(store: GraphStore, tmp_path: Path) -> None:
    report = load_files(store, [write_kumu_workbook(tmp_path / "kumu.xlsx")])
    assert report.files[0].format == "kumu"
    assert [(q.sheet, q.row, q.column) for q in report.quarantined] == [
        ("elements", 6, "type"),
        ("connections", 5, "type"),
    ]
    assert report.parsed == {
        "person": 1,
        "partner": 1,
        "team": 1,
        "member_of": 1,
        "located_in": 1,
        "partners_with": 1,
    }
    teacher = store.get_node("person:ครูสมศรี-มั่นคง")
    assert teacher.props == {
        "name": "ครูสมศรี มั่นคง",
        "description": "ครูแกนนำ",
        "tags": ["youth", "school"],
        "x_color": "#f00",
    }
    ties = sorted(
        (nb.tie.kind.value, nb.tie.source, nb.tie.target, tuple(nb.tie.props.items()))
        for nb in store.neighbours(teacher.id)
    )
    assert ties == [
        ("located_in", "person:ครูสมศรี-มั่นคง", "province:lampang", ()),
        ("member_of", "person:ครูสมศรี-มั่นคง", "team:ทีมเยาวชนภาคเหนือ", (("role", "coordinator"),)),
    ]
    # drawn team -> partner in Kumu, stored the way the model reads: team partners with partner
    assert [nb.tie.source for nb in store.neighbours("partner:เครือข่ายเยาวชนลำปาง")] == [
        "team:ทีมเยาวชนภาคเหนือ"
    ]
    assert store.get_node("partner:เครือข่ายเยาวชนลำปาง").props["sector"] == "target_group"


def test_strict_writes_nothing_when_a_row_is_refused(store: GraphStore, tmp_path: Path) -> None:
    report = load_files(store, [write_messy_folder(tmp_path / "messy")], strict=True)
    assert not report.written and len(report.quarantined) == 4
    assert store.counts() == {"nodes": {}, "ties": {}}


def test_dry_run_validates_without_writing(store: GraphStore, tmp_path: Path) -> None:
    report = load_files(store, [write_messy_folder(tmp_path / "messy")], dry_run=True)
    assert report.parsed["person"] == 2 and not report.written
    assert store.version() == 0


def test_thai_turned_into_question_marks_is_reported_not_loaded(tmp_path: Path) -> None:
    lost = tmp_path / "people.csv"
    lost.write_bytes("name,province\r\n?????? ????,???\r\n".encode("ascii"))
    with pytest.raises(UnreadableFile, match=r"people\.csv: 2 cells are mostly '\?'.*CSV UTF-8"):
        list(read_tables(lost))


def test_the_quarantine_report_can_be_fixed_and_loaded_again(
    store: GraphStore, tmp_path: Path
) -> None:
    report = load_files(store, [write_messy_folder(tmp_path / "messy")])
    written = write_report(report.quarantined, tmp_path / "report" / "refused.csv")
    assert [p.name for p in written] == [
        "refused.csv",
        "refused.events.csv",
        "refused.memberships.csv",
        "refused.partners.csv",
        "refused.people.csv",
    ]
    fix = tmp_path / "report" / "refused.partners.csv"
    fix.write_text(
        fix.read_text(encoding="utf-8-sig").replace(",gov,", ",government,"), encoding="utf-8-sig"
    )
    again = load_files(store, [fix])
    assert again.quarantined == []
    assert again.results["partner"].created == 1


def test_demo_round_trips_through_node_link_json(store: GraphStore, tmp_path: Path) -> None:
    import datetime as dt

    import networkx as nx
    import orjson

    from phakhee.graph.sqlite_store import SQLiteStore
    from phakhee.loaders.demo import build_demo

    source = SQLiteStore(tmp_path / "source.db")
    build_demo(source, people=200, seed=5, as_of=dt.date(2026, 6, 30))
    original = source.project()
    path = tmp_path / "demo.json"
    path.write_bytes(orjson.dumps(nx.node_link_data(original, edges="edges")))
    report = load_files(store, [path])
    assert report.quarantined == []
    copy = store.project()
    assert dict(copy.nodes(data=True)) == dict(original.nodes(data=True))
    assert sorted(copy.edges(keys=True, data=True)) == sorted(original.edges(keys=True, data=True))
