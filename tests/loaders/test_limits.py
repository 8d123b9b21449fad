"""Bounded input: every file is read within the loading limits, and past one the load is refused
before it reads further, naming the file and the setting, with nothing written.

The figures that matter for a server (time and peak memory for a 100 MB and a 1 GB zip bomb,
a billion-cells workbook) are measured in a subprocess in ``test_bombs.py``.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import orjson
import pytest

from phakhee.graph.errors import InvalidInput
from phakhee.graph.settings import LoadLimits, get_load_limits
from phakhee.graph.store import GraphStore
from phakhee.loaders import load as load_module
from phakhee.loaders.limits import Budget, TooLarge, nested_deeper
from phakhee.loaders.load import load_files
from tests.loaders import bombs
from tests.loaders.bombs import MB
from tests.loaders.messy import write_messy_workbook

SMALL = LoadLimits(
    max_expanded_mb=1, max_archive_entries=20, max_rows=10, max_cells=40, max_nesting=8
)
"""Limits small enough that a test file can be just past each."""


def _refused(store: GraphStore, path: Path, limits: LoadLimits | None = None) -> TooLarge:
    """The TooLarge a load of ``path`` raises, having written nothing, in well under 5 s."""
    version = store.version()
    started = time.perf_counter()
    with pytest.raises(TooLarge) as e:
        load_files(store, [path], limits=limits)
    assert time.perf_counter() - started < 5
    assert store.version() == version
    assert store.counts() == {"nodes": {}, "ties": {}}
    return e.value


def _topics_csv(path: Path, count: int) -> Path:
    path.write_text("name\r\n" + "".join(f"topic {i}\r\n" for i in range(count)), encoding="utf-8")
    return path


def test_the_limits_are_settings_with_documented_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    limits = LoadLimits()
    assert (
        limits.max_expanded_mb,
        limits.max_archive_entries,
        limits.max_rows,
        limits.max_cells,
        limits.max_nesting,
    ) == (64, 1000, 500_000, 10_000_000, 32)
    assert get_load_limits() is get_load_limits()  # read once per process
    monkeypatch.setenv("PHAKHEE_MAX_EXPANDED_MB", "200")
    monkeypatch.setenv("PHAKHEE_MAX_ROWS", "1000")
    assert (LoadLimits().max_expanded_bytes, LoadLimits().max_rows) == (200 * MB, 1000)


def test_a_limit_refusal_is_invalid_input_naming_file_and_setting(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    error = _refused(sqlite_store, bombs.zip_bomb(tmp_path / "network.zip", 2 * MB), SMALL)
    assert isinstance(error, InvalidInput)  # the API answers 422, the CLI exits 3
    assert str(error) == (
        "network.zip expands past 1 MB (PHAKHEE_MAX_EXPANDED_MB); split it or raise the limit"
    )
    assert (error.file, error.limit) == ("network.zip", "PHAKHEE_MAX_EXPANDED_MB")


# --- zips ---


def test_a_zip_bomb_is_refused_by_its_declared_size(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    path = bombs.zip_bomb(tmp_path / "network.zip", 100 * MB)
    assert path.stat().st_size < 200_000
    error = _refused(sqlite_store, path)
    assert str(error) == (
        "network.zip expands past 64 MB (PHAKHEE_MAX_EXPANDED_MB); split it or raise the limit"
    )


def test_the_whole_load_is_refused_when_one_of_its_files_is_past_a_limit(
    store: GraphStore, tmp_path: Path
) -> None:
    good = _topics_csv(tmp_path / "topics.csv", 3)
    bomb = bombs.zip_bomb(tmp_path / "network.zip", 2 * MB)
    with pytest.raises(TooLarge):
        load_files(store, [good, bomb], limits=SMALL)
    assert store.counts() == {"nodes": {}, "ties": {}}


def test_a_zip_whose_header_understates_its_size_is_not_read_past_it(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    path = bombs.understated_zip(tmp_path / "liar.zip", 100 * MB, declared=1000)
    started = time.perf_counter()
    report = load_files(sqlite_store, [path], dry_run=True)
    assert time.perf_counter() - started < 5
    assert [f.error for f in report.files] == [
        f"{path}!topics.csv: damaged or unreadable (BadZipFile)"
    ]
    assert report.parsed == {}


def test_bytes_are_counted_as_they_are_read_not_taken_from_the_header() -> None:
    budget = Budget("liar.zip", SMALL)
    stream = io.BytesIO(b"x" * 3000)
    with pytest.raises(TooLarge, match=r"^liar\.zip expands past 1 MB"):
        list(budget.read(stream, declared=1000))  # more bytes came than were declared
    budget = Budget("big.zip", SMALL)
    with pytest.raises(TooLarge):
        list(budget.read(io.BytesIO(b"x" * (MB + 1)), declared=2 * MB))
    assert budget.left == 0  # stopped at the limit: read no further


def test_the_budget_is_the_whole_zip_not_each_member(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    path = tmp_path / "network.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(3):
            zf.writestr(f"topics{i}.csv", b"name\r\n" + b" " * (400_000))
    error = _refused(sqlite_store, path, SMALL)
    assert error.limit == "PHAKHEE_MAX_EXPANDED_MB"


def test_a_zip_of_too_many_members_is_refused(sqlite_store: GraphStore, tmp_path: Path) -> None:
    error = _refused(sqlite_store, bombs.many_members(tmp_path / "many.zip", 1001))
    assert str(error) == (
        "many.zip has more than 1,000 members (PHAKHEE_MAX_ARCHIVE_ENTRIES); "
        "split it or raise the limit"
    )


def test_a_zip_within_the_limits_loads(sqlite_store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "network.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("topics.csv", "name\r\nเยาวชน\r\nงดเหล้า\r\n")
    report = load_files(sqlite_store, [path], limits=SMALL)
    assert report.parsed == {"topic": 2} and report.quarantined == []


# --- plain files ---


def test_a_plain_file_past_the_size_limit_is_refused_before_it_is_read(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    csv = tmp_path / "topics.csv"
    csv.write_bytes(b"name\r\n" + b"x" * MB)
    assert str(_refused(sqlite_store, csv, SMALL)) == (
        "topics.csv is larger than 1 MB (PHAKHEE_MAX_EXPANDED_MB); split it or raise the limit"
    )
    json = tmp_path / "network.json"
    json.write_bytes(b'{"nodes": [], "pad": "' + b" " * MB + b'"}')
    assert _refused(sqlite_store, json, SMALL).limit == "PHAKHEE_MAX_EXPANDED_MB"


def test_a_csv_past_the_row_limit_is_refused(sqlite_store: GraphStore, tmp_path: Path) -> None:
    assert load_files(sqlite_store, [_topics_csv(tmp_path / "topics.csv", 9)], limits=SMALL).parsed
    error = _refused(
        sqlite_store.__class__(tmp_path / "b.db"), _topics_csv(tmp_path / "t.csv", 10), SMALL
    )
    assert str(error) == (
        "t.csv has more than 10 rows (PHAKHEE_MAX_ROWS); split it or raise the limit"
    )


def test_a_csv_row_of_millions_of_empty_cells_is_refused_before_the_row_is_built(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    path = tmp_path / "topics.csv"
    path.write_bytes(b"name" + b"," * 20_000_000 + b"\r\n")
    error = _refused(sqlite_store, path)
    assert str(error) == (
        "topics.csv has more than 10,000,000 cells, each row counted to its "
        "last cell (PHAKHEE_MAX_CELLS); split it or raise the limit"
    )


def test_each_file_of_a_folder_is_held_to_the_limits_alone(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    folder = tmp_path / "network"
    folder.mkdir()
    for name in ("topics", "people"):
        (folder / f"{name}.csv").write_bytes(b"name\r\n" + b"x" * 700_000 + b"\r\n")
    report = load_files(sqlite_store, [folder], dry_run=True, limits=SMALL)
    assert len(report.quarantined) == 2  # names too long for the model; but read, both
    (folder / "topics.csv").write_bytes(b"name\r\n" + b"x" * MB)
    assert _refused(sqlite_store, folder, SMALL).file == "topics.csv"


# --- workbooks ---


def test_a_workbook_bomb_is_refused_by_its_declared_size(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    path = bombs.workbook_bomb(tmp_path / "network.xlsx", 100 * MB)
    assert path.stat().st_size < 200_000
    assert str(_refused(sqlite_store, path)) == (
        "network.xlsx expands past 64 MB (PHAKHEE_MAX_EXPANDED_MB); split it or raise the limit"
    )


def test_a_sheet_declaring_a_billion_cells_is_refused_at_once(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    path = bombs.billion_cells_declared(tmp_path / "billion.xlsx")
    assert path.stat().st_size < 2_000
    assert str(_refused(sqlite_store, path)) == (
        "billion.xlsx has more than 500,000 rows (PHAKHEE_MAX_ROWS); split it or raise the limit"
    )


def test_a_sheets_declared_size_is_not_believed(sqlite_store: GraphStore, tmp_path: Path) -> None:
    # read-only mode would pad each row to XFD and the sheet to row 1,048,576
    path = bombs.workbook(
        tmp_path / "declared.xlsx", bombs.topic_rows(["เยาวชน"]), dimension="A1:XFD1048576"
    )
    started = time.perf_counter()
    report = load_files(sqlite_store, [path], dry_run=True)
    assert time.perf_counter() - started < 2
    assert report.parsed == {"topic": 1} and report.quarantined == []


def test_a_sheet_holding_a_billion_cells_is_refused_by_its_cells(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    path = bombs.billion_cells_held(tmp_path / "billion.xlsx", rows=20_000)
    assert str(_refused(sqlite_store, path)) == (
        "billion.xlsx has more than 10,000,000 cells, each row counted to its "
        "last cell (PHAKHEE_MAX_CELLS); split it or raise the limit"
    )


def test_a_sheet_past_the_row_limit_is_refused(sqlite_store: GraphStore, tmp_path: Path) -> None:
    names = [f"topic {i}" for i in range(9)]
    ok = bombs.workbook(tmp_path / "ok.xlsx", bombs.topic_rows(names))
    assert load_files(sqlite_store, [ok], dry_run=True, limits=SMALL).parsed == {"topic": 9}
    path = bombs.workbook(tmp_path / "rows.xlsx", bombs.topic_rows([*names, "one more"]))
    assert _refused(sqlite_store, path, SMALL).limit == "PHAKHEE_MAX_ROWS"
    unnumbered = bombs.workbook(tmp_path / "unnumbered.xlsx", [b"<row><c><v>1</v></c></row>" * 10])
    assert _refused(sqlite_store, unnumbered, SMALL).limit == "PHAKHEE_MAX_ROWS"


def test_a_row_wider_than_excel_allows_is_refused_before_it_is_built(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    path = bombs.workbook(
        tmp_path / "wide.xlsx", [b"<row>" + b"<c><v>1</v></c>" * 16_385 + b"</row>"]
    )
    error = _refused(sqlite_store, path)
    assert str(error) == (
        "wide.xlsx has a row of more than 16,384 cells, wider than Excel allows; "
        "save it again from Excel"
    )


def test_a_sheet_repeating_anything_past_the_row_limit_is_refused(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    merges = b"<mergeCells>" + b'<mergeCell ref="A1:B2"/>' * 11 + b"</mergeCells>"
    path = bombs.workbook(tmp_path / "merges.xlsx", [], after=merges)
    assert str(_refused(sqlite_store, path, SMALL)) == (
        "merges.xlsx repeats <mergeCell> more than 10 times (PHAKHEE_MAX_ROWS); "
        "split it or raise the limit"
    )


def test_xml_nested_past_the_limit_is_refused(sqlite_store: GraphStore, tmp_path: Path) -> None:
    deep = b"<extLst>" * 40 + b"</extLst>" * 40
    path = bombs.workbook(tmp_path / "deep.xlsx", [], after=deep)
    assert _refused(sqlite_store, path).limit == "PHAKHEE_MAX_NESTING"


def test_a_workbook_with_a_document_type_declaration_is_unreadable(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    )
    path = bombs.workbook(tmp_path / "laughs.xlsx", [], prolog=laughs)
    report = load_files(sqlite_store, [path], dry_run=True)
    assert [f.error for f in report.files] == [
        f"{path}: not a readable .xlsx workbook "
        "(xl/worksheets/sheet1.xml has a document type declaration)"
    ]


def test_a_workbook_within_the_limits_reads_as_before(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    # the merged title row, real dates and an uncalculated formula, in read-only mode
    path = write_messy_workbook(tmp_path / "phrae.xlsx")
    report = load_files(sqlite_store, [path], dry_run=True)
    assert report.parsed == {"partner": 2, "team": 1, "located_in": 3, "partners_with": 1}
    assert [(q.sheet, q.row, q.column) for q in report.quarantined] == [
        ("partnerships", 3, "budget_thb")
    ]


# --- node-link JSON: a value nested too deep refuses its row, not the file ---


def _nested(levels: int) -> str:
    return '{"a":' * levels + '"x"' + "}" * levels


@pytest.mark.parametrize("levels", [1_000, 5_000])
def test_a_property_nested_too_deep_refuses_its_row_and_keeps_the_rest(
    store: GraphStore, tmp_path: Path, levels: int
) -> None:
    path = tmp_path / "network.json"
    path.write_text(
        '{"nodes": ['
        '{"id": "person:a", "kind": "person", "name": "สมชาย"},'
        f'{{"id": "person:b", "kind": "person", "name": "มาลี", "x_deep": {_nested(levels)}}},'
        '{"id": "person:c", "kind": "person", "name": "อนันต์"}],'
        '"edges": ['
        f'{{"kind": "knows", "source": "person:a", "target": "person:c", "note": [{_nested(levels)}]}},'
        '{"kind": "knows", "source": "person:c", "target": "person:a"}]}',
        encoding="utf-8",
    )
    report = load_files(store, [path])
    assert [(q.sheet, q.row, q.column, q.error) for q in report.quarantined] == [
        ("nodes", 2, "x_deep", "x_deep: nested more than 32 levels deep (PHAKHEE_MAX_NESTING)"),
        ("edges", 1, "note", "note: nested more than 32 levels deep (PHAKHEE_MAX_NESTING)"),
    ]
    assert report.quarantined[0].values["x_deep"] == "(nested too deep to show)"
    assert sorted(n.id for n in store.find_nodes("person")) == ["person:a", "person:c"]
    assert [(t.source, t.target) for t in store.iter_ties(["knows"])] == [("person:c", "person:a")]


def test_a_value_within_the_nesting_limit_is_judged_by_the_model(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    path = tmp_path / "network.json"
    node = {"id": "person:a", "kind": "person", "name": "A", "x_meta": {"a": [1]}}
    path.write_bytes(orjson.dumps({"nodes": [node], "edges": []}))
    (refused,) = load_files(sqlite_store, [path], dry_run=True).quarantined
    assert (refused.column, refused.error) == (
        "x_meta",
        "person.x_meta: an extra property must be text, a number or yes/no",
    )
    assert refused.values["x_meta"] == '{"a":[1]}'


def test_a_node_link_file_past_the_row_limit_is_refused(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    path = tmp_path / "network.json"
    nodes = [{"id": f"topic:t{i}", "kind": "topic", "name": f"T{i}"} for i in range(11)]
    path.write_bytes(orjson.dumps({"nodes": nodes, "edges": []}))
    assert str(_refused(sqlite_store, path, SMALL)) == (
        "network.json has more than 10 rows (PHAKHEE_MAX_ROWS); split it or raise the limit"
    )


def test_nesting_is_measured_without_recursion() -> None:
    value: object = "x"
    for _ in range(100_000):
        value = [value]
    assert nested_deeper(value, 32)
    assert not nested_deeper({"a": [1, {"b": 2}]}, 3)
    assert nested_deeper({"a": [1, {"b": [2]}]}, 3)


# --- memory ---


def test_running_out_of_memory_is_a_clear_refusal_not_an_internal_error(
    sqlite_store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def exhausted(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(load_module, "read_tables", exhausted)
    monkeypatch.setattr(load_module, "read_nodelink", exhausted)
    for path in (_topics_csv(tmp_path / "topics.csv", 2), tmp_path / "network.json"):
        path.write_bytes(path.read_bytes() if path.suffix == ".csv" else b"{}")
        error = _refused(sqlite_store, path)
        assert (
            str(error) == f"{path.name} is too large to read in memory; split it into smaller files"
        )
        assert isinstance(error, InvalidInput) and error.limit is None
