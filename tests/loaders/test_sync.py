"""A province's file as the truth for the province: what the graph has there that the file does
not is listed by every load, and removed by ``--sync … --yes`` alone, never outside the scope."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phakhee.graph.errors import InvalidInput
from phakhee.graph.model import Provenance, TieKind, TieRecord
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.graph.store import GraphStore
from phakhee.loaders.load import load_files
from phakhee.loaders.sync import Absent, parse_scope
from tests.loaders.provinces import (
    CHIANG_MAI,
    NAN,
    PHRAE,
    TEAM_NAN,
    Sheets,
    nan_workbook,
    network,
    write_workbook,
)

PRASERT = "person:ประเสริฐ-ทองดี"
PRASERT_TIES = {
    ("located_in", PRASERT, "province:nan"),
    ("member_of", PRASERT, "team:ประชาคมงดเหล้าจังหวัดน่าน"),
    ("member_of", PRASERT, "team:ประชาคมงดเหล้าจังหวัดแพร่"),
    ("knows", PRASERT, "person:สมศรี-มั่นคง"),
}
NAN_SCOPE = parse_scope("province=nan")


def _without(sheets: Sheets, name: str) -> Sheets:
    """The sheets without the rows that name ``name`` (its own row and its ties)."""
    return {s: [r for r in rows if name not in r.values()] for s, rows in sheets.items()}


def _state(store: GraphStore) -> tuple[set[str], set[tuple[str, str, str]]]:
    return {n.id for n in store.iter_nodes()}, {t.key for t in store.iter_ties()}


def _in_nan(store: GraphStore) -> dict[str, dict[str, object]]:
    return {
        nb.node.id: nb.node.props
        for nb in store.neighbours("province:nan", tie_kinds=[TieKind.LOCATED_IN])
        if nb.tie.target == "province:nan"
    }


@pytest.fixture
def loaded(store: GraphStore, tmp_path: Path) -> GraphStore:
    """The store with the whole network loaded."""
    report = load_files(store, [write_workbook(tmp_path / "network.xlsx", network())])
    assert report.quarantined == []
    return store


def test_scopes_are_named_by_id_or_by_thai_or_english_name() -> None:
    for text in (
        "province=nan",
        "province = น่าน",
        "province=จังหวัดน่าน",
        "province=Nan",
        "province:nan",
    ):
        assert parse_scope(text) == NAN_SCOPE
    north = parse_scope("region=ภาคเหนือ")
    assert north == parse_scope("region=North") == parse_scope("region:north")
    assert north.places == {
        "region:north",
        *(f"province:{p}" for p in ("chiang-mai", "chiang-rai", "lampang", "lamphun")),
        *(f"province:{p}" for p in ("mae-hong-son", "nan", "phayao", "phrae", "uttaradit")),
    }
    with pytest.raises(
        InvalidInput, match=r"^sync scope 'nan' is not province=NAME or region=NAME$"
    ):
        parse_scope("nan")
    with pytest.raises(InvalidInput, match=r"did you mean 'น่าน' \(province:nan\)\?$"):
        parse_scope("province=Nann")


def test_every_load_lists_what_the_graph_has_in_the_files_province_and_the_file_does_not(
    loaded: GraphStore, tmp_path: Path
) -> None:
    before = _state(loaded)
    nan = write_workbook(tmp_path / "nan.xlsx", _without(nan_workbook(), "ประเสริฐ ทองดี"))
    report = load_files(loaded, [nan])
    found = report.not_in_file
    assert (found.scope, found.places, found.moved, found.blocked) == ("", ["province:nan"], [], "")
    assert found.nodes == [
        Absent(PRASERT, "person", "ประเสริฐ ทองดี", ("province:nan",), (), len(PRASERT_TIES))
    ]
    assert not found.removed and _state(loaded) == before


def test_sync_removes_exactly_the_absent_node_and_its_ties(
    loaded: GraphStore, tmp_path: Path
) -> None:
    nodes, ties = _state(loaded)
    nan = write_workbook(tmp_path / "nan.xlsx", _without(nan_workbook(), "ประเสริฐ ทองดี"))
    preview = load_files(loaded, [nan], sync=NAN_SCOPE)
    assert [a.id for a in preview.not_in_file.nodes] == [PRASERT]
    assert _state(loaded) == (nodes, ties)
    done = load_files(loaded, [nan], sync=NAN_SCOPE, yes=True).not_in_file
    assert (done.removed, done.removed_nodes, done.removed_ties) == (True, 1, 4)
    assert _state(loaded) == (nodes - {PRASERT}, ties - PRASERT_TIES)
    again = load_files(loaded, [nan], sync=NAN_SCOPE, yes=True).not_in_file
    assert (again.nodes, again.moved, again.removed_nodes) == ([], [], 0)


def test_a_node_also_located_outside_the_scope_only_leaves_the_scope(
    loaded: GraphStore, tmp_path: Path
) -> None:
    also = TieRecord(TieKind.LOCATED_IN, PRASERT, "province:phrae", {}, Provenance("test", 1, ""))
    loaded.upsert_ties([also])
    nodes, ties = _state(loaded)
    nan = write_workbook(tmp_path / "nan.xlsx", _without(nan_workbook(), "ประเสริฐ ทองดี"))
    found = load_files(loaded, [nan], sync=NAN_SCOPE, yes=True).not_in_file
    assert [(a.id, a.action, a.elsewhere) for a in found.nodes] == [
        (PRASERT, "unlocate", ("province:phrae",))
    ]
    assert (found.removed_nodes, found.removed_ties) == (0, 1)
    assert _state(loaded) == (nodes, ties - {("located_in", PRASERT, "province:nan")})


def test_a_node_the_file_places_elsewhere_leaves_the_scope_and_a_blank_province_stays(
    loaded: GraphStore, tmp_path: Path
) -> None:
    sheets = nan_workbook()
    for row in sheets["people"]:
        if row["name"] == "มาลี ศรีสุข":
            row["province"] = PHRAE
        if row["name"] == "บุญมี ใจงาม":
            row["province"] = ""
    nodes, ties = _state(loaded)
    found = load_files(
        loaded, [write_workbook(tmp_path / "nan.xlsx", sheets)], sync=NAN_SCOPE, yes=True
    ).not_in_file
    malee = "person:มาลี-ศรีสุข"
    assert (found.nodes, found.moved) == ([], [("located_in", malee, "province:nan")])
    assert _state(loaded) == (
        nodes,
        ties - {("located_in", malee, "province:nan")} | {("located_in", malee, "province:phrae")},
    )
    assert "person:บุญมี-ใจงาม" in _in_nan(loaded)


def test_a_refused_node_row_blocks_every_removal(loaded: GraphStore, tmp_path: Path) -> None:
    sheets = _without(nan_workbook(), "ประเสริฐ ทองดี")
    sheets["people"].append({"name": "คนใหม่ ในน่าน", "province": "Atlantis"})
    nodes, ties = _state(loaded)
    report = load_files(
        loaded, [write_workbook(tmp_path / "nan.xlsx", sheets)], sync=NAN_SCOPE, yes=True
    )
    assert [a.id for a in report.not_in_file.nodes] == [PRASERT]
    assert report.not_in_file.blocked == (
        "1 node row was refused or unread: nothing is removed until they load "
        "(a refused row's node would look absent)"
    )
    assert report.written and not report.not_in_file.removed
    assert _state(loaded) == (nodes, ties)


def test_kinds_without_a_sheet_and_nodes_located_nowhere_are_left_alone(
    loaded: GraphStore, tmp_path: Path
) -> None:
    people = {"people": [r for r in nan_workbook()["people"] if r["name"] != "ประเสริฐ ทองดี"]}
    found = load_files(
        loaded, [write_workbook(tmp_path / "nan.xlsx", people)], sync=NAN_SCOPE, yes=True
    ).not_in_file
    assert [a.id for a in found.nodes] == [PRASERT]
    remaining = {n.id for n in loaded.iter_nodes()}
    assert {"team:ประชาคมงดเหล้าจังหวัดน่าน", "partner:สำนักงานสาธารณสุขจังหวัดน่าน"} <= remaining
    assert "topic:งดเหล้าเข้าพรรษา" in remaining


def test_a_region_is_its_provinces(loaded: GraphStore, tmp_path: Path) -> None:
    nan = write_workbook(tmp_path / "nan.xlsx", nan_workbook())
    found = load_files(loaded, [nan], sync=parse_scope("region=north")).not_in_file
    # the file places the foundation in Nan alone: its Phrae location is within the region too
    assert found.moved == [("located_in", "partner:มูลนิธิล้านนา", "province:phrae")]
    assert [(a.id, a.places) for a in found.nodes] == [
        ("partner:สภาเด็กและเยาวชนจังหวัดแพร่", ("province:phrae",)),
        ("person:สมศรี-มั่นคง", ("province:phrae",)),
        ("person:อนันต์-รักษ์ดี", ("province:chiang-mai",)),
        ("team:ประชาคมงดเหล้าจังหวัดแพร่", ("province:phrae",)),
    ]


PHAKHEE = shutil.which("phakhee")


def _phakhee(*args: str, store: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PHAKHEE_STORE": store, "COLUMNS": "160"}
    return subprocess.run(
        [PHAKHEE, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )  # type: ignore[list-item]


@pytest.mark.skipif(PHAKHEE is None, reason="install the project (pip install -e .) to get phakhee")
def test_the_cli_previews_the_nan_person_missing_from_the_file_then_removes_them_with_yes(
    tmp_path: Path,
) -> None:
    db = tmp_path / "graph.db"
    store = f"sqlite:///{db}"
    write_workbook(tmp_path / "network.xlsx", network())
    assert _phakhee("load", "network.xlsx", store=store, cwd=tmp_path).returncode == 0
    write_workbook(tmp_path / "nan.xlsx", _without(nan_workbook(), "ประเสริฐ ทองดี"))
    with closing(SQLiteStore(db)) as s:
        nodes, ties = _state(s)

    preview = _phakhee("load", "nan.xlsx", "--sync", "province=nan", store=store, cwd=tmp_path)
    assert preview.returncode == 0, preview.stderr
    named = set(
        re.findall(r"\b(?:person|team|partner|topic|event|lesson):[^\s│┃]+", preview.stdout)
    )
    assert named == {PRASERT}
    assert "in the graph in province:nan but not in your files" in preview.stdout
    assert "removes the node and its ties" in preview.stdout
    assert "preview: nothing removed; add --yes to remove what is listed" in preview.stdout
    with closing(SQLiteStore(db)) as s:
        assert _state(s) == (nodes, ties)

    done = _phakhee(
        "load", "nan.xlsx", "--sync", "province=น่าน", "--yes", store=store, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "removed 1 node and 4 ties" in done.stdout
    with closing(SQLiteStore(db)) as s:
        assert _state(s) == (nodes - {PRASERT}, ties - PRASERT_TIES)

    usage = _phakhee("load", "nan.xlsx", "--yes", store=store, cwd=tmp_path)
    assert usage.returncode == 2 and "--yes confirms --sync" in usage.stderr


def test_post_load_with_sync_previews_and_removes_with_yes(
    loaded: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    from phakhee.api.app import create_app
    from phakhee.api.settings import get_api_settings

    monkeypatch.setenv("PHAKHEE_API_KEYS", "test-key-1")
    get_api_settings.cache_clear()
    write = {"Authorization": "Bearer test-key-1"}
    nan = write_workbook(tmp_path / "nan.xlsx", _without(nan_workbook(), "ประเสริฐ ทองดี"))
    upload = {"file": ("nan.xlsx", nan.read_bytes())}
    nodes, ties = _state(loaded)
    try:
        with TestClient(create_app(loaded)) as client:
            preview = client.post(
                "/load", params={"sync": "province=nan"}, files=upload, headers=write
            )
            assert preview.status_code == 200, preview.text
            found = preview.json()["not_in_file"]
            assert found["scope"] == "province:nan" and not found["removed"]
            assert [(a["id"], a["action"], a["ties"]) for a in found["nodes"]] == [
                (PRASERT, "remove", 4)
            ]
            assert _state(loaded) == (nodes, ties)
            done = client.post(
                "/load", params={"sync": "province=nan", "yes": "true"}, files=upload, headers=write
            )
            assert done.status_code == 200, done.text
            assert (
                done.json()["not_in_file"]["removed_nodes"],
                done.json()["not_in_file"]["removed_ties"],
            ) == (1, 4)
            assert _state(loaded) == (nodes - {PRASERT}, ties - PRASERT_TIES)
            bad = client.post(
                "/load", params={"sync": "province=Atlantis"}, files=upload, headers=write
            )
            assert (bad.status_code, bad.json()["detail"]) == (404, "no place by that id or name")
            shapeless = client.post("/load", params={"sync": "nan"}, files=upload, headers=write)
            assert (
                shapeless.status_code == 422
            )  # not province=... or region=...: the schema says so
            alone = client.post("/load", params={"yes": "true"}, files=upload, headers=write)
            assert alone.status_code == 200  # nothing to confirm: an ordinary load
            assert alone.json()["not_in_file"]["removed_nodes"] == 0
    finally:
        get_api_settings.cache_clear()


# Random edits of Nan's workbook, then --sync province=nan --yes.
NAMES = [
    "สมชาย ใจดี",
    "มาลี ศรีสุข",
    "บุญมี ใจงาม",
    "สมศรี มั่นคง",
    "อนันต์ รักษ์ดี",
    "ใหม่ หนึ่ง",
    "ใหม่ สอง",
    "ใหม่ สาม",
]
PLACES = [NAN, NAN, PHRAE, CHIANG_MAI, "กรุงเทพมหานคร"]
edit = st.one_of(
    st.tuples(st.just("drop"), st.sampled_from(sorted(nan_workbook())), st.integers(0, 9)),
    st.tuples(st.just("person"), st.sampled_from(NAMES), st.sampled_from(PLACES)),
    st.tuples(
        st.just("member"),
        st.sampled_from(NAMES),
        st.sampled_from([TEAM_NAN, "ประชาคมงดเหล้าจังหวัดแพร่"]),
    ),
    st.tuples(st.just("province"), st.integers(0, 9), st.sampled_from(PLACES)),
    st.tuples(st.just("name"), st.integers(0, 9), st.sampled_from(NAMES)),
    st.tuples(
        st.just("phone"), st.integers(0, 9), st.from_regex(r"0[89]\d-\d{3}-\d{4}", fullmatch=True)
    ),
)


def _edited(edits: list[tuple[object, object, object]]) -> Sheets:
    sheets = nan_workbook()
    for what, a, b in edits:
        people = sheets["people"]
        if what == "drop" and sheets[str(a)]:
            del sheets[str(a)][int(b) % len(sheets[str(a)])]  # type: ignore[call-overload]
        elif what == "person":
            people.append({"name": str(a), "province": str(b)})
        elif what == "member":
            sheets["memberships"].append({"person": str(a), "team": str(b), "role": "member"})
        elif people and what in ("province", "name", "phone"):
            people[int(a) % len(people)][str(what)] = str(b)  # type: ignore[call-overload]
    return sheets


@pytest.fixture(scope="module")
def synced_stores() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=st.lists(edit, max_size=8))
def test_random_edits_then_sync_never_leave_the_scope_and_match_a_fresh_load(
    synced_stores: Path, edits: list[tuple[object, object, object]]
) -> None:
    folder = Path(tempfile.mkdtemp(dir=synced_stores))
    sheets = _edited(edits)
    nan = write_workbook(folder / "nan.xlsx", sheets)
    with (
        closing(SQLiteStore(folder / "graph.db")) as graph,
        closing(SQLiteStore(folder / "fresh.db")) as fresh,
    ):
        load_files(graph, [write_workbook(folder / "network.xlsx", network())])
        nodes, ties = _state(graph)
        only_nan = {
            n
            for n in _in_nan(graph)
            if {
                nb.tie.target
                for nb in graph.neighbours(n, tie_kinds=[TieKind.LOCATED_IN])
                if nb.tie.source == n
            }
            == {"province:nan"}
        }
        report = load_files(graph, [nan], sync=NAN_SCOPE, yes=True)
        assert report.not_in_file.removed, report.not_in_file.blocked
        after_nodes, after_ties = _state(graph)
        assert (
            nodes - after_nodes <= only_nan
        )  # nothing outside Nan, nor shared with another province
        for kind, source, target in ties - after_ties:
            assert (
                source in nodes - after_nodes
                or target in nodes - after_nodes
                or (kind == "located_in" and target == "province:nan")
            )
        load_files(fresh, [nan])
        synced, expected = _in_nan(graph), _in_nan(fresh)
        assert synced.keys() == expected.keys()
        for node_id, props in expected.items():
            assert {k: synced[node_id].get(k) for k in props} == props
