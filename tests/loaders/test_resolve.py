"""References in a file find their nodes in the file and in the graph alike, by id, name, English
name or alias; two candidates, or a near miss, refuse the row naming them; file order never matters."""

from __future__ import annotations

from pathlib import Path

import pytest

from phakhee.graph.errors import InvalidInput
from phakhee.graph.model import NodeKind, TieKind
from phakhee.graph.store import GraphStore
from phakhee.loaders.load import load_files
from phakhee.loaders.resolve import Resolver, province

PERSON = frozenset({NodeKind.PERSON})


def _csv(path: Path, *rows: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    return path


def _people(folder: Path) -> Path:
    _csv(
        folder / "people.csv",
        "id,name,name_en,aliases,province",
        ",สมชาย ใจดี,Somchai Jaidee,พี่ชาย,น่าน",
        ",นายประเสริฐ ทองดี,,,น่าน",
        ",มาลี ศรีสุข,Malee Srisuk,,แพร่",
        "p1,สมศรี มั่นคง,,,น่าน",
        "p2,สมศรี มั่นคง,,,แพร่",
    )
    _csv(
        folder / "partners.csv",
        "name,name_en,sector,aliases,province",
        "สำนักงานสาธารณสุขจังหวัดน่าน,Nan Provincial Health Office,government,สสจ.น่าน,น่าน",
    )
    _csv(
        folder / "teams.csv",
        "name,team_type,province",
        "ประชาคมงดเหล้าจังหวัดน่าน,provincial_network,น่าน",
    )
    return folder


def _refusals(report: object) -> list[tuple[str, int, str, str]]:
    return [(q.sheet, q.row, q.column, q.error) for q in report.quarantined]  # type: ignore[attr-defined]


def test_english_names_and_aliases_of_stored_nodes_resolve_as_tie_ends(
    store: GraphStore, tmp_path: Path
) -> None:
    load_files(store, [_people(tmp_path / "nodes")])
    ties = tmp_path / "ties"
    _csv(
        ties / "memberships.csv",
        "person,team,role",
        "Somchai Jaidee,ประชาคมงดเหล้าจังหวัดน่าน,coordinator",
        "malee srisuk,team:ประชาคมงดเหล้าจังหวัดน่าน,member",
    )
    _csv(
        ties / "liaisons.csv",
        "person,partner",
        "พี่ชาย,สสจ.น่าน",
        "Somchai Jaidee,Nan Provincial Health Office",
    )
    report = load_files(store, [ties])
    assert report.quarantined == []
    assert {k: r.created for k, r in report.results.items()} == {"member_of": 2, "liaises_with": 1}
    assert sorted(
        (t.kind.value, t.source, t.target)
        for t in store.iter_ties()
        if t.kind.value in ("member_of", "liaises_with")
    ) == [
        ("liaises_with", "person:สมชาย-ใจดี", "partner:สำนักงานสาธารณสุขจังหวัดน่าน"),
        ("member_of", "person:มาลี-ศรีสุข", "team:ประชาคมงดเหล้าจังหวัดน่าน"),
        ("member_of", "person:สมชาย-ใจดี", "team:ประชาคมงดเหล้าจังหวัดน่าน"),
    ]


def test_an_ambiguous_name_is_refused_naming_both_candidates(
    store: GraphStore, tmp_path: Path
) -> None:
    load_files(store, [_people(tmp_path / "nodes")])
    knows = _csv(
        tmp_path / "acquaintances.csv", "person,knows", "สมศรี มั่นคง,สมชาย ใจดี", "person:p1,สมชาย ใจดี"
    )
    report = load_files(store, [knows])
    assert [(s, r, c) for s, r, c, _ in _refusals(report)] == [("acquaintances", 2, "person")]
    assert _refusals(report)[0][3].endswith(
        "'สมศรี มั่นคง' names more than one person: "
        "'สมศรี มั่นคง' (person:p1) and 'สมศรี มั่นคง' (person:p2); use the id"
    )
    assert report.results["knows"].created == 1


def test_a_name_in_the_file_and_another_nodes_alias_in_the_graph_are_two_candidates(
    store: GraphStore, tmp_path: Path
) -> None:
    load_files(store, [_people(tmp_path / "nodes")])
    folder = tmp_path / "more"
    _csv(folder / "people.csv", "name,province", "พี่ชาย,น่าน")
    _csv(folder / "acquaintances.csv", "person,knows", "พี่ชาย,มาลี ศรีสุข")
    report = load_files(store, [folder])
    assert [(s, r, c) for s, r, c, _ in _refusals(report)] == [("acquaintances", 2, "person")]
    assert _refusals(report)[0][3].endswith(
        "'พี่ชาย' names more than one person: "
        "'พี่ชาย' (person:พี่ชาย) and 'สมชาย ใจดี' (person:สมชาย-ใจดี); use the id"
    )


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("ประเสริฐ ทองดี", "'นายประเสริฐ ทองดี' (person:นายประเสริฐ-ทองดี)"),  # title left out
        ("นางสาวมาลี ศรีสุข", "'มาลี ศรีสุข' (person:มาลี-ศรีสุข)"),  # title added
        ("ดร.มาลี ศรีสุข", "'มาลี ศรีสุข' (person:มาลี-ศรีสุข)"),
        ("มาลี ศรีสุก", "'มาลี ศรีสุข' (person:มาลี-ศรีสุข)"),  # one letter wrong
        ("สมชาย ใจด", "'สมชาย ใจดี' (person:สมชาย-ใจดี)"),  # one letter missing
        ("Somchia Jaidee", "'สมชาย ใจดี' (person:สมชาย-ใจดี)"),  # two letters swapped
    ],
)
def test_a_near_miss_is_refused_with_did_you_mean(
    store: GraphStore, tmp_path: Path, typed: str, meant: str
) -> None:
    load_files(store, [_people(tmp_path / "nodes")])
    ties = _csv(tmp_path / "memberships.csv", "person,team", f"{typed},ประชาคมงดเหล้าจังหวัดน่าน")
    report = load_files(store, [ties])
    ((sheet, row, column, error),) = _refusals(report)
    assert (sheet, row, column) == ("memberships", 2, "person")
    assert error.endswith(
        f"person '{typed}' is not in this load nor in the graph; did you mean {meant}?"
    )
    assert "member_of" not in report.results


def test_the_resolver_says_exactly_what_it_found() -> None:
    r = Resolver(None)
    r.add("person:สมชาย-ใจดี", NodeKind.PERSON, "สมชาย ใจดี", "Somchai Jaidee", "พี่ชาย")
    r.add("person:a", NodeKind.PERSON, "สมหญิง ใจดี")
    r.add("person:b", NodeKind.PERSON, "สมหญิง ใจดี")
    assert r.resolve("  SOMCHAI   jaidee ", PERSON) == "person:สมชาย-ใจดี"
    assert r.resolve("พี่ชาย\u200b", PERSON) == "person:สมชาย-ใจดี"
    with pytest.raises(InvalidInput) as e:
        r.resolve("สมหญิง ใจดี", PERSON)
    assert str(e.value) == (
        "'สมหญิง ใจดี' names more than one person: "
        "'สมหญิง ใจดี' (person:a) and 'สมหญิง ใจดี' (person:b); use the id"
    )
    with pytest.raises(InvalidInput) as e:
        r.resolve("นายสมชาย ใจดี", PERSON)
    assert str(e.value) == (
        "person 'นายสมชาย ใจดี' is not in this load nor in the graph; "
        "did you mean 'สมชาย ใจดี' (person:สมชาย-ใจดี)?"
    )
    with pytest.raises(InvalidInput) as e:
        r.resolve("สมหญิง ใจด", PERSON)
    assert str(e.value) == (
        "person 'สมหญิง ใจด' is not in this load nor in the graph; "
        "did you mean 'สมหญิง ใจดี' (person:a) or 'สมหญิง ใจดี' (person:b)?"
    )
    with pytest.raises(InvalidInput) as e:
        r.resolve("สมปอง", PERSON)  # nothing near: no guess offered
    assert str(e.value) == "person 'สมปอง' is not in this load nor in the graph"


def test_a_misspelt_province_is_refused_with_did_you_mean() -> None:
    with pytest.raises(InvalidInput) as e:
        province("Bangkokk")
    assert str(e.value) == (
        "province 'Bangkokk' is not one of Thailand's 77 provinces; "
        "did you mean 'กรุงเทพมหานคร' (province:bangkok)?"
    )
    with pytest.raises(InvalidInput) as e:
        province("เชียงใหม")
    assert str(e.value).endswith("did you mean 'เชียงใหม่' (province:chiang-mai)?")


def test_tie_files_before_node_files_in_one_command_land_everything(
    store: GraphStore, tmp_path: Path
) -> None:
    nodes = _people(tmp_path / "nodes")
    ties = tmp_path / "ties"
    memberships = _csv(
        ties / "memberships.csv", "person,team,role", "Somchai Jaidee,ประชาคมงดเหล้าจังหวัดน่าน,chair"
    )
    liaisons = _csv(ties / "liaisons.csv", "person,partner", "มาลี ศรีสุข,สสจ.น่าน")
    assessments = _csv(
        ties / "assessments.csv",
        "team,date,objective_1,objective_2,objective_3,objective_4,objective_5",
        "ประชาคมงดเหล้าจังหวัดน่าน,1/10/2567,7,6,8,5,6",
    )
    report = load_files(
        store,
        [
            memberships,
            liaisons,
            assessments,
            nodes / "teams.csv",
            nodes / "partners.csv",
            nodes / "people.csv",
        ],
    )
    assert report.quarantined == []
    assert {k: r.created for k, r in report.results.items()} == {
        "person": 5,
        "team": 1,
        "partner": 1,
        "assessment": 1,
        "located_in": 7,
        "member_of": 1,
        "liaises_with": 1,
        "assessed": 1,
    }
    assert [f.path.rsplit("/", 1)[-1] for f in report.files] == [
        "memberships.csv",
        "liaisons.csv",
        "assessments.csv",
        "teams.csv",
        "partners.csv",
        "people.csv",
    ]


def test_the_fix_flow_loads_every_refused_sheet_in_one_run(
    store: GraphStore, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    _csv(folder / "people.csv", "name,province", "สมชาย ใจดี,Nann")
    _csv(folder / "teams.csv", "name,team_type,province", "ทีมน่าน,provincial_network,น่าน")
    _csv(folder / "memberships.csv", "person,team", "สมชาย ใจดี,ทีมน่าน")
    first = load_files(store, [folder])
    assert sorted(q.sheet for q in first.quarantined) == ["memberships", "people"]
    from phakhee.loaders.quarantine import write_report

    written = write_report(first.quarantined, tmp_path / "refused.csv")
    people = tmp_path / "refused.people.csv"
    people.write_text(
        people.read_text(encoding="utf-8-sig").replace("Nann", "Nan"), encoding="utf-8-sig"
    )
    # the shell's glob puts refused.memberships.csv before refused.people.csv
    again = load_files(store, sorted(p for p in written if p.name != "refused.csv"))
    assert again.quarantined == []
    assert {k: r.created for k, r in again.results.items() if r.created} == {
        "person": 1,
        "located_in": 1,
        "member_of": 1,
    }


def test_a_tie_file_may_name_the_nodes_of_a_node_link_file_loaded_with_it(
    store: GraphStore, tmp_path: Path
) -> None:
    graph = tmp_path / "graph.json"
    graph.write_text(
        '{"nodes": [{"id": "person:p9", "kind": "person", "name": "วิไล ใจดี", "aliases": ["พี่ไล"]},'
        ' {"id": "team:t9", "kind": "team", "name": "ทีมเก้า", "team_type": "working_group"}],'
        ' "edges": []}',
        encoding="utf-8",
    )
    ties = _csv(tmp_path / "memberships.csv", "person,team", "พี่ไล,ทีมเก้า")
    report = load_files(store, [ties, graph])
    assert report.quarantined == []
    assert [t.key for t in store.iter_ties([TieKind.MEMBER_OF])] == [
        ("member_of", "person:p9", "team:t9")
    ]
