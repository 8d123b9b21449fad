"""Files in as tables: .xlsx workbooks, CSV files (any encoding Excel writes), folders and zips of CSV.

Encodings are detected, not guessed silently: a BOM says UTF-8 or UTF-16; otherwise strict
UTF-8, else Thai Windows (cp874/TIS-620) when that yields Thai text. A CSV that Excel saved as
plain "CSV" has already lost its Thai to '?': that is reported, naming the file, not loaded.

Every file is read within ``graph.settings.LoadLimits`` (``loaders.limits``): its bytes once
decompressed, a zip's or workbook's members, rows and cells per sheet. Workbooks are read with
openpyxl's read-only (streaming) mode, after their XML's shape has been checked.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phakhee.graph.cells import restored
from phakhee.graph.errors import InvalidInput
from phakhee.graph.settings import LoadLimits, get_load_limits
from phakhee.loaders.limits import (
    Budget,
    NotWorkbookXml,
    TooLarge,
    check_workbook,
    larger_than,
    open_archive,
    read_member,
    too_many_cells,
    too_many_rows,
)

_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)
"""What zipfile raises for a damaged, encrypted or oddly compressed member."""
_THAI = re.compile("[\u0e01-\u0e5b]")
_LOST_THAI = re.compile(r"\?{2,}")
NOT_A_TABLE = "not a workbook (.xlsx), a CSV file, a zip of CSV files nor node-link JSON"
csv.field_size_limit(16 * 2**20)


class Formula(str):
    """A workbook's formula that was never calculated (no value saved): its text, ``=`` first.

    Told apart from a text cell that merely begins with ``=`` (a string cell, as our own
    exports write a name like ``=HYPERLINK(...)``), which is text like any other.
    """


class UnreadableFile(InvalidInput):
    """A file that cannot be read as a table: the message names the file and what to do."""


@dataclass(slots=True)
class Table:
    """One sheet or CSV file: its name, where it came from, and rows by the row number users see."""

    name: str
    source: str
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    encoding: str = ""
    separator: str = ""
    """A CSV file's separator; empty for a sheet of a workbook."""
    lines: dict[int, int] = field(default_factory=dict)
    """A CSV file's row numbers -> the line each starts on (a quoted field may hold new lines)."""

    @property
    def file(self) -> str:
        """The file the table is: a CSV file (of a folder, or ``network.zip!people.csv``), or
        the workbook a sheet is in."""
        return (
            self.source.removesuffix(f"[{self.name}]") if self.encoding == "xlsx" else self.source
        )


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
    if b"\x00" in data[:8192]:  # no text encoding but UTF-16 puts NUL bytes in text
        raise UnreadableFile(f"{name}: {NOT_A_TABLE} (it holds binary data)")
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


_DELIMITERS = {",": "a comma", ";": "a semicolon", "\t": "a tab"}
"""The separators a CSV file may use, comma first: RFC 4180's, and what Excel writes where the
decimal point is a comma (';') or as "Unicode text" (tab)."""


def delimiter(text: str) -> str:
    """The separator the header line shows: the first of the first ten lines that holds any
    separator outside quotes decides, by the one it holds most of (a comma when tied); a comma
    when no line holds one. Never a guess at the quote character: that is always '"'."""
    for line in text.splitlines()[:10]:
        counts = dict.fromkeys(_DELIMITERS, 0)
        quoted = False
        for ch in line:
            if ch == '"':
                quoted = not quoted
            elif not quoted and ch in counts:
                counts[ch] += 1
        best = max(counts, key=counts.__getitem__)  # the first of the most: comma when tied
        if counts[best]:
            return best
    return ","


class _Rfc4180(csv.Dialect):
    """RFC 4180: '"' quotes a field, a doubled '"' is one inside it, and a quote opened is closed."""

    delimiter = ","
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL
    strict = True


def _csv_problem(error: str) -> str:
    """What the csv module's complaint means for the person who typed the file."""
    if "unexpected end of data" in error:
        return (
            'a quote (") opens a field and is never closed: close it, or double a quote '
            'that is part of the text ("")'
        )
    if "expected after" in error:
        return (
            "text follows the quote that closes a field: quote the whole field, and double "
            'a quote that is part of the text ("")'
        )
    return f"not a readable CSV ({error})"


def misfit(table: Table, header: list[object], number: int, cells: list[object]) -> str | None:
    """Why a CSV row does not line up with its header (None when it does, and for sheets).

    A row of a CSV file has as many fields as its header (RFC 4180); empty fields past the
    header's last named column may be left out or added. A row with more or fewer fields
    than that is refused, never read shifted.
    """
    if number not in table.lines or not any(str(c).strip() for c in cells):
        return None  # a sheet's row, or an empty line
    width, got = len(header), len(cells)
    named = max(
        (i + 1 for i, c in enumerate(header) if c is not None and str(c).strip()), default=0
    )
    if named <= got <= width or (got > width and not any(str(c).strip() for c in cells[width:])):
        return None
    holds = _DELIMITERS.get(table.separator, repr(table.separator))
    return (
        f"line {table.lines[number]} has {got} fields where the header has {width}: "
        f'quote a field that holds {holds}, and double a quote inside it ("")'
    )


def display_name(source: str) -> str:
    """A file as limits' messages name it: its own name (``network.zip!people.csv``), no folders."""
    outer, bang, inner = source.partition("!")
    return Path(outer).name + bang + inner


_OLD_EXCEL = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""How an old Excel file (.xls, an OLE2 compound document) begins."""
_OPEN_DOCUMENT = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
_OTHER_FILES = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"Rar!": "a RAR archive",
    b"{\\rtf": "an RTF document",
}


def refuse_other_formats(data: bytes, name: str, suffix: str = "") -> None:
    """UnreadableFile for a file that is some other format: an old Excel or OpenDocument
    spreadsheet (saying how to save it instead), a document, an image, another archive."""
    if suffix == ".xls" or data.startswith(_OLD_EXCEL):
        raise UnreadableFile(f"{name}: old Excel format: save it as .xlsx and load that")
    if suffix == ".ods" or _OPEN_DOCUMENT in data[:100]:
        raise UnreadableFile(
            f"{name}: OpenDocument spreadsheet (.ods): save it as .xlsx and load that"
        )
    for magic, what in _OTHER_FILES.items():
        if data.startswith(magic):
            raise UnreadableFile(f"{name}: {NOT_A_TABLE} (it is {what})")


def read_csv(data: bytes, name: str, source: str, limits: LoadLimits | None = None) -> Table:
    """One CSV as a table; the reader of each format finds its own header row.

    A cell our exports guarded against formulas (``graph.cells.defused``: an apostrophe before
    ``= + - @``, a tab or a carriage return) is read as the text it was.

    Bytes that are another format (``refuse_other_formats``), or no text at all, are refused,
    naming the file.
    """
    limits = limits or get_load_limits()
    refuse_other_formats(data, source)
    text, encoding = decode(data, source)
    sep = delimiter(text)
    # Every cell ends at a separator or a line's end: more of those than the cell limit could
    # be a row of millions of empty cells, which the csv module would build whole.
    ends = text.count(sep) + text.count("\n") + text.count("\r") + 1
    if ends > limits.max_cells:
        raise too_many_cells(display_name(source), limits)
    table = Table(name, source, encoding=encoding, separator=sep)
    reader = csv.reader(io.StringIO(text, newline=""), dialect=_Rfc4180, delimiter=sep)
    line = 1
    try:
        for number, row in enumerate(reader, 1):
            if number > limits.max_rows:
                raise too_many_rows(display_name(source), limits)
            table.rows.append((number, [restored(c) for c in row]))
            table.lines[number] = line
            line = reader.line_num + 1
    except csv.Error as e:
        raise UnreadableFile(f"{source}: line {line}: {_csv_problem(str(e))}") from None
    check_lost_thai(table)
    return table


def read_xlsx(data: bytes, source: str, limits: LoadLimits | None = None) -> list[Table]:
    """Every sheet of a workbook, with cached values of formulas (a formula with none is kept as text).

    The workbook's members are checked against the limits first (``limits.check_workbook``),
    then read by openpyxl in read-only mode; a workbook with formulas twice at once, once for
    the values Excel saved and once for the formulas, so a formula never calculated is seen.
    """
    from openpyxl import load_workbook

    limits = limits or get_load_limits()
    name = display_name(source)
    try:
        has_formulas = check_workbook(open_archive(io.BytesIO(data), name, limits), name, limits)
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = (
            load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            if has_formulas
            else None
        )
    except (TooLarge, MemoryError):
        raise
    except NotWorkbookXml as e:
        raise UnreadableFile(f"{source}: not a readable .xlsx workbook ({e})") from None
    except Exception as e:  # openpyxl raises many kinds for a file that is not a workbook
        raise UnreadableFile(
            f"{source}: not a readable .xlsx workbook ({type(e).__name__})"
        ) from None
    try:
        return [
            _sheet(ws, formulas[ws.title] if formulas else None, source, limits)
            for ws in values.worksheets
        ]
    except (TooLarge, MemoryError):
        raise
    except Exception as e:  # read-only mode parses each sheet as it is read
        raise UnreadableFile(
            f"{source}: not a readable .xlsx workbook ({type(e).__name__})"
        ) from None
    finally:
        values.close()
        if formulas is not None:
            formulas.close()


def _sheet(ws: Any, raw: Any | None, source: str, limits: LoadLimits) -> Table:
    """One read-only sheet as a table: each row up to its last filled cell, within the limits.

    ``raw`` is the same sheet read for its formulas (None: the workbook has none).
    """
    # A sheet's declared size (<dimension ref="A1:XFD1048576"/>) would have read-only mode
    # pad every row to it: read the cells that are there instead.
    table = Table(ws.title, f"{source}[{ws.title}]", encoding="xlsx")
    cells = 0
    for r, (row, frow) in enumerate(_rows(ws, raw), start=1):
        if r > limits.max_rows:
            raise too_many_rows(display_name(table.source), limits)
        values: list[object] = [
            Formula(f) if v is None and isinstance(f, str) and f.startswith("=") else v
            for v, f in zip(row, frow, strict=False)
            # a formula never calculated has no value: kept as its text, the validator says so
        ]
        while values and values[-1] is None:
            values.pop()
        cells += len(values)
        if cells > limits.max_cells:
            raise too_many_cells(display_name(table.source), limits)
        table.rows.append((r, values))
    return table


def _rows(ws: Any, raw: Any | None) -> Iterator[tuple[tuple[object, ...], tuple[object, ...]]]:
    """Each row's values and its formulas (or its values again when there are no formulas)."""
    ws.reset_dimensions()
    values = ws.iter_rows(values_only=True)
    if raw is None:
        for row in values:
            yield row, row
        return
    raw.reset_dimensions()
    yield from zip(values, raw.iter_rows(values_only=True), strict=False)


def read_file(path: Path, limits: LoadLimits | None = None) -> bytes:
    """A file's bytes, refused (``TooLarge``) past the size limit without reading further."""
    limits = limits or get_load_limits()
    try:
        with path.open("rb") as f:
            data = f.read(limits.max_expanded_bytes + 1)
    except OSError as e:
        raise UnreadableFile(f"{path}: cannot read ({e.strerror})") from None
    if len(data) > limits.max_expanded_bytes:
        raise larger_than(path.name, limits)
    return data


def read_tables(path: Path, limits: LoadLimits | None = None) -> Iterator[Table]:
    """Tables from a workbook, a CSV file, a folder of CSV files, or a zip of them."""
    limits = limits or get_load_limits()
    if path.is_dir():
        for f in sorted(path.glob("*.csv")):
            yield read_csv(read_file(f, limits), sheet_name(f.name), str(f), limits)
        return
    data = read_file(path, limits)
    suffix = path.suffix.lower()
    refuse_other_formats(data, str(path), suffix)
    if suffix in (".xlsx", ".xlsm") or (data.startswith(b"PK") and suffix != ".zip"):
        yield from read_xlsx(data, str(path), limits)
    elif suffix == ".zip":
        try:
            archive = open_archive(io.BytesIO(data), path.name, limits)
        except _DAMAGED:
            raise UnreadableFile(f"{path}: not a readable zip file") from None
        budget = Budget(path.name, limits)
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.filename.lower().endswith(".csv") and not info.is_dir():
                try:
                    member = read_member(archive, info, budget)
                except _DAMAGED as e:
                    raise UnreadableFile(
                        f"{path}!{info.filename}: damaged or unreadable ({type(e).__name__})"
                    ) from None
                yield read_csv(member, sheet_name(info.filename), f"{path}!{info.filename}", limits)
    else:
        yield read_csv(data, sheet_name(path.name), str(path), limits)


def sheet_name(filename: str) -> str:
    """The sheet a CSV file stands for: ``people.csv`` and ``quarantine.people.csv`` are 'people'."""
    stem = Path(filename).name.rsplit(".", 1)[0]
    return stem.rsplit(".", 1)[-1].strip().lower()
