"""A load merges into what is stored: only the file's columns are set, a blank cell keeps the
stored value, (ลบ)/(clear) empties one field, a redacted export loaded back changes nothing, the
template's marked example row alone is skipped, and the report names each changed field."""

from __future__ import annotations

import io
from pathlib import Path

import orjson
import pytest
from openpyxl import load_workbook

from phakhee.graph.model import NodeKind
from phakhee.graph.privacy import PERSONAL_FIELDS
from phakhee.graph.store import GraphStore
from phakhee.loaders.load import LoadReport, load_files
from phakhee.loaders.merge import Change, is_clear
from phakhee.loaders.sheets import EXAMPLE_MARK, NODE_SHEETS, TIE_SHEETS
from phakhee.loaders.template_writer import write_template
from phakhee.queries.records.exports import export

SOMCHAI = "person:somchai"
FULL = {
    "name": "สมชาย ใจดี",
    "name_en": "Somchai Jaidee",
    "position": "ผู้ประสานงานเครือข่าย",
    "phone": "081-234-5678",
    "email": "somchai@example.org",
    "line_id": "somchai.j",
    "consent_basis": "consent",
    "consent_date": "2024-03-01",
}


def _csv(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _counts(report: LoadReport) -> dict[str, tuple[int, int, int]]:
    return {k: (r.created, r.updated, r.unchanged) for k, r in report.results.items()}


def _network(folder: Path) -> Path:
    """Two people (one with every contact field), a team, a partner, and the ties between them."""
    _csv(
        folder / "people.csv",
        "id,name,name_en,province,position,phone,email,line_id,consent_basis,consent_date\n"
        "somchai,สมชาย ใจดี,Somchai Jaidee,น่าน,ผู้ประสานงานเครือข่าย,081-234-5678,"
        "somchai@example.org,somchai.j,consent,1/3/2567\n"
        "malee,มาลี ศรีสุข,,แพร่,นักวิชาการ,089-000-1111,,,,\n",
    )
    _csv(
        folder / "teams.csv",
        "id,name,team_type,province\nnan,ประชาคมงดเหล้าจังหวัดน่าน,provincial_network,น่าน\n",
    )
    _csv(
        folder / "partners.csv",
        "id,name,sector,province,aliases\n"
        "nan-health,สำนักงานสาธารณสุขจังหวัดน่าน,government,น่าน,สสจ.น่าน\n",
    )
    _csv(
        folder / "memberships.csv",
        "person,team,role,since\nperson:somchai,team:nan,coordinator,2022-01-01\n"
        "person:malee,team:nan,academic,\n",
    )
    _csv(
        folder / "partnerships.csv",
        "team,partner,level,shared_budget,budget_thb\n"
        "team:nan,partner:nan-health,policy,yes,50000\n",
    )
    return folder


@pytest.fixture
def loaded(store: GraphStore, tmp_path: Path) -> GraphStore:
    report = load_files(store, [_network(tmp_path / "network")])
    assert report.quarantined == []
    assert store.get_node(SOMCHAI).props == FULL
    return store


def test_the_clear_marker_is_thai_or_english_in_any_case() -> None:
    assert [is_clear(v) for v in ("(ลบ)", "(clear)", "(CLEAR)", " ( Clear ) ", "( ลบ )")] == [
        True
    ] * 5
    assert [is_clear(v) for v in ("-", "ลบ", "clear", "", None, "(clear) me")] == [False] * 6


def test_a_partial_csv_leaves_every_other_field_as_it_was(
    loaded: GraphStore, tmp_path: Path
) -> None:
    partial = _csv(tmp_path / "fix" / "people.csv", "id,name,position\nsomchai,สมชาย ใจดี,ประธาน\n")
    report = load_files(loaded, [partial])
    assert _counts(report) == {"person": (0, 1, 0)}
    assert loaded.get_node(SOMCHAI).props == FULL | {"position": "ประธาน"}
    assert report.changed == [Change(SOMCHAI, {"position": ("ผู้ประสานงานเครือข่าย", "ประธาน")})]


def test_a_blank_cell_keeps_the_stored_value(loaded: GraphStore, tmp_path: Path) -> None:
    blanks = _csv(
        tmp_path / "fix" / "people.csv",
        "id,name,name_en,phone,email,consent_basis\nsomchai,สมชาย ใจดี,,,,\n",
    )
    report = load_files(loaded, [blanks])
    assert _counts(report) == {"person": (0, 0, 1)}
    assert report.changed == []
    assert loaded.get_node(SOMCHAI).props == FULL


def test_the_clear_marker_empties_exactly_that_field(loaded: GraphStore, tmp_path: Path) -> None:
    clear = _csv(
        tmp_path / "fix" / "people.csv",
        "id,name,email,line_id\nsomchai,สมชาย ใจดี,(CLEAR),\nmalee,มาลี ศรีสุข,,\n",
    )
    report = load_files(loaded, [clear])
    assert report.quarantined == []
    assert _counts(report) == {"person": (0, 1, 1)}
    assert loaded.get_node(SOMCHAI).props == {k: v for k, v in FULL.items() if k != "email"}
    assert report.changed == [Change(SOMCHAI, {"email": None})]  # personal: named, no value


def test_the_clear_marker_empties_a_tie_field_and_keeps_the_rest(
    loaded: GraphStore, tmp_path: Path
) -> None:
    clear = _csv(
        tmp_path / "fix" / "memberships.csv", "person,team,since\nperson:somchai,team:nan,(ลบ)\n"
    )
    report = load_files(loaded, [clear])
    assert _counts(report) == {"member_of": (0, 1, 0)}
    (tie,) = loaded.get_ties([("member_of", SOMCHAI, "team:nan")]).values()
    assert tie.props == {"role": "coordinator"}  # not reset to the default role, member


def test_a_field_that_cannot_be_empty_is_refused_not_cleared(
    loaded: GraphStore, tmp_path: Path
) -> None:
    bad = _csv(
        tmp_path / "fix" / "teams.csv",
        "id,name,team_type,province\nnan,(clear),provincial_network,\n"
        "nan,ประชาคมงดเหล้าจังหวัดน่าน,(clear),\nnan,ประชาคมงดเหล้าจังหวัดน่าน,,(ลบ)\n",
    )
    report = load_files(loaded, [bad])
    assert sorted((q.row, q.column, q.error) for q in report.quarantined) == [
        (2, "name", "name: required, so it cannot be emptied"),
        (3, "team_type", "team_type: required, so it cannot be emptied"),
        (4, "province", "province: (ลบ) / (clear) empties a field; it cannot remove a province"),
    ]
    roles = _csv(
        tmp_path / "fix2" / "memberships.csv", "person,team,role\nperson:somchai,team:nan,(clear)\n"
    )
    (refused,) = load_files(loaded, [roles]).quarantined
    assert (
        refused.error == "role: cannot be emptied (it defaults to member): type the value instead"
    )


def test_reloading_unchanged_files_changes_nothing(loaded: GraphStore, tmp_path: Path) -> None:
    version = loaded.version()
    again = load_files(loaded, [tmp_path / "network"])
    assert _counts(again) == {
        "person": (0, 0, 2),
        "team": (0, 0, 1),
        "partner": (0, 0, 1),
        "located_in": (0, 0, 4),
        "member_of": (0, 0, 2),
        "partners_with": (0, 0, 1),
    }
    assert again.changed == [] and loaded.version() == version


def test_the_change_report_lists_exactly_the_changed_fields(
    loaded: GraphStore, tmp_path: Path
) -> None:
    edit = _csv(
        tmp_path / "fix" / "people.csv",
        "id,name,name_en,phone,tags\nsomchai,สมชาย ใจดี,Somchai J.,089-999-0000,youth;law\n"
        "malee,มาลี ศรีสุข,,,\nanan,อนันต์ รักษ์ดี,,,\n",
    )
    report = load_files(loaded, [edit])
    assert _counts(report) == {"person": (1, 1, 1)}
    assert report.changed == [
        Change(
            SOMCHAI,
            {
                "name_en": ("Somchai Jaidee", "Somchai J."),
                "phone": None,
                "tags": (None, ["youth", "law"]),
            },
        )
    ]
    assert "089-999-0000" not in repr(report.changed)


def test_a_dry_run_reports_the_changes_it_would_make(loaded: GraphStore, tmp_path: Path) -> None:
    edit = _csv(tmp_path / "fix" / "people.csv", "id,name,position\nmalee,มาลี ศรีสุข,ประธาน\n")
    version = loaded.version()
    report = load_files(loaded, [edit], dry_run=True)
    assert report.changed == [Change("person:malee", {"position": ("นักวิชาการ", "ประธาน")})]
    assert not report.written and loaded.version() == version


def test_one_node_in_two_files_is_merged_the_later_file_winning(
    loaded: GraphStore, tmp_path: Path
) -> None:
    first = _csv(tmp_path / "a" / "people.csv", "id,name,phone,position\nmalee,มาลี ศรีสุข,02-1,ก\n")
    second = _csv(tmp_path / "b" / "people.csv", "id,name,position\nmalee,มาลี ศรีสุข,ข\n")
    load_files(loaded, [first, second])
    assert loaded.get_node("person:malee").props == {
        "name": "มาลี ศรีสุข",
        "position": "ข",
        "phone": "02-1",
    }


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_a_default_export_loaded_back_changes_nothing(
    loaded: GraphStore, tmp_path: Path, fmt: str
) -> None:
    before = {n.id: n.props for n in loaded.iter_nodes()}
    ties_before = {t.key: t.props for t in loaded.iter_ties()}
    out = io.BytesIO()
    meta = export(loaded.project(), fmt, out)
    assert meta.withheld_fields == tuple(sorted(PERSONAL_FIELDS))
    assert b"081-234-5678" not in out.getvalue()
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(out.getvalue())
    report = load_files(loaded, [path])
    assert report.quarantined == []
    assert {k: c[:2] for k, c in _counts(report).items()} == {
        k: (0, 0) for k in report.results
    } and {"person", "member_of", "partners_with"} <= set(report.results)
    assert report.changed == []
    assert report.files[0].withheld == sorted(PERSONAL_FIELDS)
    after = {n.id: n.props for n in loaded.iter_nodes()}
    assert after == before
    assert {t.key: t.props for t in loaded.iter_ties()} == ties_before
    contacts = {(n, f): p[f] for n, p in after.items() for f in PERSONAL_FIELDS if f in p}
    assert contacts == {
        (SOMCHAI, "phone"): "081-234-5678",
        (SOMCHAI, "email"): "somchai@example.org",
        (SOMCHAI, "line_id"): "somchai.j",
        ("person:malee", "phone"): "089-000-1111",
    }


def test_an_edited_export_changes_what_was_edited_and_ignores_withheld_columns(
    loaded: GraphStore, tmp_path: Path
) -> None:
    out = io.BytesIO()
    export(loaded.project(), "xlsx", out)
    wb = load_workbook(out)
    ws = wb["people"]
    header = [c.value for c in ws[1]]
    (malee,) = [r for r in ws.iter_rows(min_row=2) if r[0].value == "person:malee"]
    malee[header.index("position")].value = "ประธาน"
    malee[header.index("phone")].value = "(clear)"  # withheld: the export never had it
    malee[header.index("email")].value = "malee@example.org"
    path = tmp_path / "edited.xlsx"
    wb.save(path)
    report = load_files(loaded, [path])
    assert _counts(report)["person"] == (0, 1, 1)
    assert report.changed == [Change("person:malee", {"position": ("นักวิชาการ", "ประธาน")})]
    assert report.files[0].ignored == 2
    assert loaded.get_node("person:malee").props["phone"] == "089-000-1111"
    assert "email" not in loaded.get_node("person:malee").props


def test_node_link_json_takes_the_clear_marker_and_leaves_absent_fields(
    loaded: GraphStore, tmp_path: Path
) -> None:
    doc = {
        "nodes": [{"id": SOMCHAI, "kind": "person", "name": "สมชาย ใจดี", "name_en": "(clear)"}],
        "edges": [
            {
                "source": "team:nan",
                "target": "partner:nan-health",
                "kind": "partners_with",
                "level": "operational",
            }
        ],
    }
    path = tmp_path / "edit.json"
    path.write_bytes(orjson.dumps(doc))
    report = load_files(loaded, [path])
    assert report.quarantined == []
    assert loaded.get_node(SOMCHAI).props == {k: v for k, v in FULL.items() if k != "name_en"}
    (tie,) = loaded.get_ties([("partners_with", "team:nan", "partner:nan-health")]).values()
    assert tie.props == {"level": "operational", "shared_budget": True, "budget_thb": 50000.0}


def test_a_kumu_default_never_overwrites_a_stored_value(loaded: GraphStore, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    elements = wb.active
    elements.title = "Elements"
    elements.append(["Label", "Type", "Description"])
    elements.append(["สำนักงานสาธารณสุขจังหวัดน่าน", "Organization", "สสจ."])
    path = tmp_path / "kumu.xlsx"
    wb.save(path)
    load_files(loaded, [path])
    partner = loaded.get_node("partner:nan-health")
    assert partner.props["sector"] == "government"  # Kumu's default 'other' is for new nodes


def _template_with_row_3(path: Path) -> Path:
    """The template with its example values typed again in row 3 of people, teams, memberships."""
    write_template(path)
    wb = load_workbook(path)
    for name in ("people", "teams", "memberships"):
        ws = wb[name]
        width = len(next(s for s in (*NODE_SHEETS, *TIE_SHEETS) if s.name == name).columns)
        assert ws.cell(row=2, column=width + 1).value == EXAMPLE_MARK
        for col in range(1, width + 1):
            ws.cell(row=3, column=col, value=ws.cell(row=2, column=col).value)
    wb.save(path)
    return path


def test_only_the_marked_example_row_is_skipped(store: GraphStore, tmp_path: Path) -> None:
    report = load_files(store, [_template_with_row_3(tmp_path / "network.xlsx")])
    assert report.quarantined == []
    assert report.files[0].examples == [(s.name, 2) for s in (*NODE_SHEETS, *TIE_SHEETS)]
    assert _counts(report) == {
        "person": (1, 0, 0),
        "team": (1, 0, 0),
        "located_in": (6, 0, 0),  # each in its subdistrict, and each place made in the one above
        "member_of": (1, 0, 0),
    }
    person = store.find_nodes(NodeKind.PERSON)[0]
    assert person.props["name"] == "สมชาย ใจดี" and person.provenance.row == 3  # type: ignore[union-attr]


def test_the_example_values_in_a_csv_load_like_any_row(store: GraphStore, tmp_path: Path) -> None:
    people = _csv(
        tmp_path / "people.csv",
        "name,name_en,province,position\nสมชาย ใจดี,Somchai Jaidee,น่าน,ผู้ประสานงานเครือข่าย\n",
    )
    report = load_files(store, [people])
    assert _counts(report) == {"person": (1, 0, 0), "located_in": (1, 0, 0)}
    assert report.files[0].examples == []


def test_a_partial_row_of_a_stored_node_need_not_repeat_its_required_fields(
    loaded: GraphStore, tmp_path: Path
) -> None:
    teams = _csv(
        tmp_path / "fix" / "teams.csv", "id,name,theme\nnan,ประชาคมงดเหล้าจังหวัดน่าน,เยาวชน\n"
    )
    partnerships = _csv(
        tmp_path / "fix" / "partnerships.csv",
        "team,partner,budget_thb\nteam:nan,partner:nan-health,75000\n",
    )
    report = load_files(loaded, [teams.parent])
    assert report.quarantined == []
    assert _counts(report) == {"team": (0, 1, 0), "partners_with": (0, 1, 0)}
    assert loaded.get_node("team:nan").props == {
        "name": "ประชาคมงดเหล้าจังหวัดน่าน",
        "team_type": "provincial_network",
        "theme": "เยาวชน",
    }
    (tie,) = loaded.get_ties([("partners_with", "team:nan", "partner:nan-health")]).values()
    assert tie.props == {"level": "policy", "shared_budget": True, "budget_thb": 75000.0}
    assert partnerships.exists()
    new = _csv(tmp_path / "new" / "teams.csv", "id,name\nphrae,ประชาคมแพร่\n")
    (refused,) = load_files(loaded, [new]).quarantined
    assert refused.column == "team_type"  # a new node still needs every required field
