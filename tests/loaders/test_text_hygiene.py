"""Text at the edges: direction characters dropped, control characters refused, naming the field.

Every path that makes nodes is held to it: the template's CSV and workbooks, Kumu maps,
node-link JSON, and the model itself (``parse_node``/``parse_tie``, which the API's PUT routes
call).
"""

from __future__ import annotations

import csv
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from phakhee.graph.errors import InvalidInput
from phakhee.graph.model import CONTROL, HIDDEN, parse_node, parse_tie
from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.graph.store import GraphStore
from phakhee.loaders.load import load_files
from phakhee.loaders.quarantine import write_report

DIRECTION = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
"""The bidirectional embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069)."""
CONTROLS = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)]
"""What XML, and so a workbook, cannot hold (tab, new line and carriage return are text)."""


def _reasons(report: object) -> list[tuple[str, int, str, str]]:
    return sorted((q.sheet, q.row, q.column, q.error) for q in report.quarantined)  # type: ignore[attr-defined]


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


# --- the model: what the API's PUT routes and every loader validate through ---


@pytest.mark.parametrize("mark", [*DIRECTION, "\u200b", "\u200f", "\u00ad"])
def test_direction_and_zero_width_characters_are_dropped_from_every_text(mark: str) -> None:
    node = parse_node(
        {
            "kind": "person",
            "id": "person:somchai",
            "name": f"{mark}สมชาย{mark} ใจดี",
            "aliases": [f"พี่{mark}ชาย"],
            "x_note": f"evil{mark}.exe",
        }
    )
    assert (node.name, node.aliases, node.x_note) == ("สมชาย ใจดี", ["พี่ชาย"], "evil.exe")  # type: ignore[attr-defined]
    tie = parse_tie(
        {
            "kind": "knows",
            "source": "person:a",
            "target": "person:b",
            "props": {"context": f"เวที{mark}น่าน"},
        }
    )
    assert tie.props == {"context": "เวทีน่าน"}


def test_the_classic_right_to_left_override_no_longer_reverses_a_name() -> None:
    node = parse_node(
        {"kind": "partner", "id": "partner:x", "name": "\u202egnp.exe", "sector": "other"}
    )
    assert node.name == "gnp.exe"


@pytest.mark.parametrize("control", CONTROLS)
def test_a_control_character_is_refused_naming_the_field_and_the_character(control: str) -> None:
    code = f"U+{ord(control):04X}"
    with pytest.raises(InvalidInput) as e:
        parse_node({"kind": "person", "id": "person:x", "name": f"สม{control}ชาย"})
    assert str(e.value) == (
        f"person.name: holds the control character {code}, which a workbook cannot hold: delete it"
    )
    assert e.value.field == "name"
    with pytest.raises(InvalidInput) as e:
        parse_node({"kind": "topic", "id": "topic:t", "name": "T", "x_colour": f"#f{control}"})
    assert e.value.field == "x_colour"
    with pytest.raises(InvalidInput) as e:
        parse_node({"kind": "topic", "id": "topic:t", "name": "T", "tags": ["ok", f"a{control}"]})
    assert e.value.field == "tags"
    with pytest.raises(InvalidInput) as e:
        parse_tie(
            {
                "kind": "knows",
                "source": "person:a",
                "target": "person:b",
                "props": {"context": f"a{control}b"},
            }
        )
    assert str(e.value).startswith(f"props.context: holds the control character {code}")
    assert e.value.field == "context"


def test_tab_new_line_and_carriage_return_are_text() -> None:
    node = parse_node(
        {"kind": "topic", "id": "topic:t", "name": "T", "description": "one\ttwo\r\nthree"}
    )
    assert node.description == "one\ttwo\r\nthree"


@pytest.mark.parametrize("bad", ["\u202e", "\u200b", "\x07"])
def test_an_id_is_never_rewritten_but_refused(bad: str) -> None:
    with pytest.raises(InvalidInput) as e:
        parse_node({"kind": "person", "id": f"person:som{bad}chai", "name": "X"})
    assert e.value.field == "id"
    assert f"U+{ord(bad):04X}" in str(e.value)
    with pytest.raises(InvalidInput) as e:
        parse_tie({"kind": "knows", "source": "person:a", "target": f"person:b{bad}"})
    assert e.value.field == "target"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from([*DIRECTION, *CONTROLS, "ก", "a", " ", "\t"])))
def test_whatever_is_typed_a_name_is_stored_clean_or_refused_naming_it(text: str) -> None:
    try:
        node = parse_node({"kind": "topic", "id": "topic:t", "name": text})
    except InvalidInput as e:
        assert e.field == "name"
        assert text not in str(e) or not text.strip()  # the value itself is never echoed
        return
    assert not HIDDEN.search(node.name) and not CONTROL.search(node.name)
    assert node.name == HIDDEN.sub("", text).strip()


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_any_unicode_text_is_stored_without_direction_or_control_characters(text: str) -> None:
    try:
        node = parse_node({"kind": "topic", "id": "topic:t", "name": "T", "description": text})
    except InvalidInput as e:
        assert e.field == "description"
        return
    stored = node.description or ""
    assert not HIDDEN.search(stored) and not CONTROL.search(stored)


# --- the loaders: refused per row, naming the column; the other rows land ---


def test_a_csv_cell_with_a_control_character_refuses_its_row_alone(
    store: GraphStore, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path / "people.csv",
        [
            ["name", "province", "description"],
            ["สมชาย ใจดี", "น่าน", "ok"],
            ["มาลี\x07 ศรีสุข", "น่าน", ""],
            ["อนันต์ รักษ์ดี", "น่าน", "vertical\x0btab"],  # cleaning would fold it into a space
            ["บุญมี\u202e อุบลดี", "น่าน", "กลับ\u2067ด้าน"],
        ],
    )
    report = load_files(store, [path])
    reason = "holds the control character {}, which a workbook cannot hold: delete it"
    assert _reasons(report) == [
        ("people", 3, "name", "name: " + reason.format("U+0007")),
        ("people", 4, "description", "description: " + reason.format("U+000B")),
    ]
    assert sorted(n.props["name"] for n in store.find_nodes("person")) == [
        "บุญมี อุบลดี",
        "สมชาย ใจดี",
    ]
    assert store.get_node("person:บุญมี-อุบลดี").props["description"] == "กลับด้าน"


def test_the_quarantine_report_shows_a_refused_control_character_as_a_replacement(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    path = _csv(tmp_path / "people.csv", [["name", "province"], ["มาลี\x00\x07", "น่าน"]])
    report = load_files(sqlite_store, [path])
    (refused,) = report.quarantined
    assert refused.values == {"name": "มาลี\ufffd\ufffd", "province": "น่าน"}
    written = write_report(report.quarantined, tmp_path / "refused.csv")
    assert "\ufffd" in written[1].read_text(encoding="utf-8-sig")


def test_a_workbook_drops_direction_characters(store: GraphStore, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "partners"
    ws.append(["ชื่อภาคี", "ภาคส่วน", "จังหวัด"])
    ws.append(["\u202bสำนักงานสาธารณสุข\u202c จังหวัดน่าน", "ภาครัฐ", "น่าน\u2069"])
    wb.save(tmp_path / "partners.xlsx")
    report = load_files(store, [tmp_path / "partners.xlsx"])
    assert report.quarantined == []
    (partner,) = store.find_nodes("partner")
    assert partner.id == "partner:สำนักงานสาธารณสุข-จังหวัดน่าน"
    assert partner.props["name"] == "สำนักงานสาธารณสุข จังหวัดน่าน"


def test_a_kumu_label_with_a_control_character_is_refused_alone(
    store: GraphStore, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path / "elements.csv",
        [["Label", "Type", "Color"], ["ครูสมศรี", "Person", "#f00"], ["ครู\x1bแดง", "Person", ""]],
    )
    report = load_files(store, [path])
    assert [(q.sheet, q.row, q.column) for q in report.quarantined] == [("elements", 3, "label")]
    assert [n.props["name"] for n in store.find_nodes("person")] == ["ครูสมศรี"]


def test_node_link_json_is_held_to_the_model(store: GraphStore, tmp_path: Path) -> None:
    doc = {
        "nodes": [
            {"id": "person:a", "kind": "person", "name": "\u202eสมชาย"},
            {"id": "person:b", "kind": "person", "name": "มาลี\u0007"},
            {"id": "person:c\u2066", "kind": "person", "name": "อนันต์"},
        ],
        "edges": [],
    }
    path = tmp_path / "network.json"
    path.write_bytes(orjson.dumps(doc))
    report = load_files(store, [path])
    assert [(q.sheet, q.row, q.column) for q in report.quarantined] == [
        ("nodes", 2, "name"),
        ("nodes", 3, "id"),
    ]
    assert store.get_node("person:a").props == {"name": "สมชาย"}


@settings(max_examples=60, deadline=None)
@given(name=st.text(alphabet=st.sampled_from([*DIRECTION, *CONTROLS, "ก", "ข", " "]), min_size=1))
def test_any_name_in_a_csv_lands_clean_or_is_refused_naming_its_column(
    tmp_path_factory: pytest.TempPathFactory, name: str
) -> None:
    folder = tmp_path_factory.mktemp("csv")
    path = _csv(folder / "topics.csv", [["name"], [name.replace("\r", "").replace("\n", "")]])
    store = SQLiteStore(folder / "g.db")
    try:
        report = load_files(store, [path])
        for q in report.quarantined:
            assert q.column == "name"
        for node in store.find_nodes("topic"):
            assert not HIDDEN.search(node.props["name"])
            assert not CONTROL.search(node.props["name"])
            assert not HIDDEN.search(node.id) and not CONTROL.search(node.id)
    finally:
        store.close()
