"""Files in as tables: .xlsx workbooks, CSV files (any encoding Excel writes), folders and zips of CSV.

Encodings are detected, not guessed silently: a BOM says UTF-8 or UTF-16; otherwise strict
UTF-8, else Thai Windows (cp874/TIS-620) when that yields Thai text. A CSV that Excel saved as
plain "CSV" has already lost its Thai to '?': that is reported, naming the file, not loaded.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from phakhee.graph.errors import InvalidInput

MAX_CELL = 32_767  # Excel's own limit for one cell
_THAI = re.compile("[\u0e01-\u0e5b]")
_LOST_THAI = re.compile(r"\?{2,}")
csv.field_size_limit(16 * 2**20)


class UnreadableFile(InvalidInput):
    """A file that cannot be read as a table: the message names the file and what to do."""


@dataclass(slots=True)
class Table:
    """One sheet or CSV file: its name, where it came from, and rows by the row number users see."""

    name: str
    source: str
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    encoding: str = ""


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and the encoding it was read in; UnreadableFile when none fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise UnreadableFile(f"{name}: starts like UTF-16 but is not valid UTF-16") from None
    if len(data) >= 4 and data[1:4:2] == b"\x00\x00" and data[0:4:2] != b"\x00\x00":
        return data.decode("utf-16-le", errors="replace"), "utf-16-le"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp874", errors="replace")
    if _THAI.search(text) and text.count("\ufffd") == 0:
        return text, "cp874"
    raise UnreadableFile(
        f"{name}: not UTF-8, UTF-16 or Thai (cp874/TIS-620) text; "
        "save it from Excel as 'CSV UTF-8 (Comma delimited)' and load that"
    )


def check_lost_thai(table: Table) -> None:
    """Refuse a table whose Thai was turned into '?' by a plain-CSV save."""
    if any(_THAI.search(str(c)) for _, row in table.rows for c in row if c):
        return
    lost = sum(
        1
        for _, row in table.rows
        for c in row
        if isinstance(c, str)
        and _LOST_THAI.search(c)
        and len(c.replace("?", "").strip()) < len(c) / 2
    )
    if lost:
        raise UnreadableFile(
            f"{table.source}: {lost} cells are mostly '?' — Excel saved this as plain 'CSV', which "
            "turns Thai into question marks; save it again as 'CSV UTF-8 (Comma delimited)' and load that"
        )


def _sniff(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:20_000], delimiters=",;\t|")
    except csv.Error:
        return csv.excel_tab if text[:2000].count("\t") > text[:2000].count(",") else csv.excel


def read_csv(data: bytes, name: str, source: str) -> Table:
    """One CSV as a table; the reader of each format finds its own header row."""
    text, encoding = decode(data, source)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect=_sniff(text)))
    except csv.Error as e:
        raise UnreadableFile(f"{source}: not a readable CSV ({e})") from None
    table = Table(name, source, encoding=encoding)
    table.rows = [(number, list(row)) for number, row in enumerate(rows, start=1)]
    check_lost_thai(table)
    return table


def read_xlsx(data: bytes, source: str) -> list[Table]:
    """Every sheet of a workbook, with cached values of formulas (a formula with none is kept as text)."""
    from openpyxl import load_workbook

    try:
        values = load_workbook(io.BytesIO(data), data_only=True)
        formulas = load_workbook(io.BytesIO(data), data_only=False)
    except Exception as e:  # openpyxl raises many kinds for a file that is not a workbook
        raise UnreadableFile(
            f"{source}: not a readable .xlsx workbook ({type(e).__name__})"
        ) from None
    tables = []
    for ws in values.worksheets:
        raw = formulas[ws.title]
        table = Table(ws.title, f"{source}[{ws.title}]", encoding="xlsx")
        for r, (row, frow) in enumerate(
            zip(ws.iter_rows(), raw.iter_rows(), strict=False), start=1
        ):
            cells: list[object] = []
            for c, fc in zip(row, frow, strict=False):
                value = c.value
                if value is None and isinstance(fc.value, str) and fc.value.startswith("="):
                    value = fc.value  # a formula never calculated: the validator says so
                cells.append(value)
            table.rows.append((r, cells))
        tables.append(table)
    return tables


def read_tables(path: Path) -> Iterator[Table]:
    """Tables from a workbook, a CSV file, a folder of CSV files, or a zip of them."""
    if path.is_dir():
        for f in sorted(path.glob("*.csv")):
            yield read_csv(f.read_bytes(), sheet_name(f.name), str(f))
        return
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UnreadableFile(f"{path}: cannot read ({e.strerror})") from None
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm") or (data.startswith(b"PK") and suffix != ".zip"):
        yield from read_xlsx(data, str(path))
    elif suffix == ".zip":
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise UnreadableFile(f"{path}: not a readable zip file") from None
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.filename.lower().endswith(".csv") and not info.is_dir():
                yield read_csv(
                    archive.read(info), sheet_name(info.filename), f"{path}!{info.filename}"
                )
    else:
        yield read_csv(data, sheet_name(path.name), str(path))


def sheet_name(filename: str) -> str:
    """The sheet a CSV file stands for: ``people.csv`` and ``quarantine.people.csv`` are 'people'."""
    stem = Path(filename).name.rsplit(".", 1)[0]
    return stem.rsplit(".", 1)[-1].strip().lower()
