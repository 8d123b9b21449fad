"""CSV files read as RFC 4180: '"' quotes, doubled quotes escape, a row of the wrong width is refused."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phakhee.graph.cells import restored
from phakhee.graph.store import GraphStore
from phakhee.loaders.load import load_files
from phakhee.loaders.tables import UnreadableFile, read_csv, read_tables

# Apostrophes everywhere (csv.Sniffer took "'" for the quote character on such files), commas
# and a new line inside quoted fields, a doubled quote, and an empty last field.
RFC_4180 = (
    "name,name_en,aliases,province,phone,email,address,description\r\n"
    "สมชาย ใจดี,Somchai 'Chai' Jaidee,'พี่ชาย',น่าน,081-234-5678,somchai@example.org,"
    '"99/1 หมู่ 3, ตำบลในเวียง\r\nอำเภอเมืองน่าน","coordinator\'s notes, part 1: ""the"" network"\r\n'
    "มาลี ศรีสุข,'Lee',,Chiang Mai,,malee@example.org,,it's fine\r\n"
    "อนันต์ รักษ์ดี,O'Brien,,แพร่,089-000-0000,,,\r\n"
)


def test_an_rfc_4180_file_with_apostrophes_and_quoted_commas_loads_every_field_exactly(
    store: GraphStore, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(RFC_4180.encode("utf-8"))
    (table,) = read_tables(path)
    assert [len(cells) for _, cells in table.rows] == [8, 8, 8, 8]
    assert table.rows[1][1][6] == "99/1 หมู่ 3, ตำบลในเวียง\r\nอำเภอเมืองน่าน"
    report = load_files(store, [path])
    assert report.quarantined == []
    assert report.results["person"].created == 3
    assert store.get_node("person:สมชาย-ใจดี").props == {
        "name": "สมชาย ใจดี",
        "name_en": "Somchai 'Chai' Jaidee",
        "aliases": ["'พี่ชาย'"],
        "phone": "081-234-5678",
        "email": "somchai@example.org",
        "address": "99/1 หมู่ 3, ตำบลในเวียง อำเภอเมืองน่าน",  # spaces folded, as for any text
        "description": 'coordinator\'s notes, part 1: "the" network',
    }
    assert store.get_node("person:มาลี-ศรีสุข").props == {
        "name": "มาลี ศรีสุข",
        "name_en": "'Lee'",
        "email": "malee@example.org",
        "description": "it's fine",
    }
    assert store.get_node("person:อนันต์-รักษ์ดี").props == {
        "name": "อนันต์ รักษ์ดี",
        "name_en": "O'Brien",
        "phone": "089-000-0000",
    }


def test_a_row_with_the_wrong_number_of_fields_is_refused_with_its_line_never_shifted(
    store: GraphStore, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "name,phone,email,description\n"
        '"สมชาย ใจดี",081-234-5678,somchai@example.org,"two\nlines"\n'
        "มาลี ศรีสุข,089-111-2222,malee@example.org,ครู, แกนนำ\n"  # an unquoted comma
        "อนันต์ รักษ์ดี,089-000-0000\n"  # two fields short
        "วิชัย มีสุข,,,\n"
        "สมศรี มั่นคง,,,,,\n",  # separators past the header with nothing between: allowed
        encoding="utf-8",
    )
    report = load_files(store, [path])
    assert [(q.sheet, q.row, q.column, q.error) for q in report.quarantined] == [
        (
            "people",
            3,
            "",
            "line 4 has 5 fields where the header has 4: "
            'quote a field that holds a comma, and double a quote inside it ("")',
        ),
        (
            "people",
            4,
            "",
            "line 5 has 2 fields where the header has 4: "
            'quote a field that holds a comma, and double a quote inside it ("")',
        ),
    ]
    assert report.quarantined[0].values == {
        "name": "มาลี ศรีสุข",
        "phone": "089-111-2222",
        "email": "malee@example.org",
        "description": "ครู",
    }
    assert sorted(n.props["name"] for n in store.find_nodes("person")) == [
        "วิชัย มีสุข",
        "สมชาย ใจดี",
        "สมศรี มั่นคง",
    ]
    assert store.get_node("person:สมชาย-ใจดี").props["description"] == "two lines"


@pytest.mark.parametrize(
    ("separator", "holds"), [(";", "a semicolon"), ("\t", "a tab"), (",", "a comma")]
)
def test_the_separator_is_the_one_the_header_line_shows(
    tmp_path: Path, separator: str, holds: str
) -> None:
    path = tmp_path / "partners.csv"
    rows = [
        ["ชื่อภาคี", "ภาคส่วน", "รายละเอียด"],
        ["ร้านค้า 'ชุมชน'", "เอกชน", '"ขายของ, ส่งของ; ""ดี"""'],
    ]
    path.write_text("\n".join(separator.join(r) for r in rows) + "\n", encoding="utf-8")
    (table,) = read_tables(path)
    assert table.separator == separator
    assert table.rows == [
        (1, ["ชื่อภาคี", "ภาคส่วน", "รายละเอียด"]),
        (2, ["ร้านค้า 'ชุมชน'", "เอกชน", 'ขายของ, ส่งของ; "ดี"']),
    ]


def test_a_quote_never_closed_refuses_the_file_naming_its_line(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        'name,description\nสมชาย ใจดี,ok\nมาลี ศรีสุข,"never closed\nอนันต์,x\n', encoding="utf-8"
    )
    with pytest.raises(UnreadableFile) as refused:
        list(read_tables(path))
    assert str(refused.value) == (
        f'{path}: line 3: a quote (") opens a field and is never closed: close it, or double a '
        'quote that is part of the text ("")'
    )


FIELD = st.text(alphabet=st.sampled_from("aZ9 'ก่าน\",;\t\r\n.-()/"), max_size=12)


@given(
    rows=st.lists(st.lists(FIELD, min_size=3, max_size=3), max_size=8),
    separator=st.sampled_from([",", ";", "\t"]),
)
def test_any_table_written_by_the_rules_reads_back_field_for_field(
    rows: list[list[str]], separator: str
) -> None:
    header = ["name", "phone", "description"]
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="\r\n").writerows([header, *rows])
    table = read_csv(out.getvalue().encode("utf-8"), "people", "people.csv")
    # A cell that begins as the formula guard writes it ('= '+ '- '@ ...) reads as what it guards.
    assert [cells for _, cells in table.rows] == [header, *[[restored(c) for c in r] for r in rows]]
