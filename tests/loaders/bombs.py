"""Hostile files, made small on disk with zipfile: zip bombs, workbooks of a billion cells, liars.

Each is written as a stream (``ZipFile.open(name, "w")``), so making a 1 GB bomb never holds
1 GB in memory.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable
from pathlib import Path

MB = 2**20
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_WORKBOOK_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{_REL}">'
        '<sheets><sheet name="topics" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}
HEADER_ROW = b'<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'


def zip_bomb(path: Path, expanded: int, member: str = "topics.csv") -> Path:
    """A zip of one CSV that expands to ``expanded`` bytes (a header, then zeros): ~1,000:1."""
    zeros = b"\0" * MB
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        zf.open(member, "w", force_zip64=expanded >= 2**31) as f,
    ):
        f.write(b"name\r\n")
        left = expanded - 6
        while left > 0:
            f.write(zeros[: min(left, MB)])
            left -= MB
    return path


def understated_zip(path: Path, expanded: int, declared: int) -> Path:
    """A zip bomb whose headers lie: its member says ``declared`` bytes and expands to ``expanded``."""
    zip_bomb(path, expanded)
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, 22, declared)  # the local header, at the start
    struct.pack_into("<I", data, data.rindex(b"PK\x01\x02") + 24, declared)  # the directory's
    path.write_bytes(bytes(data))
    return path


def many_members(path: Path, count: int) -> Path:
    """A zip of ``count`` empty CSV files."""
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(count):
            zf.writestr(f"x{i}.csv", b"")
    return path


def workbook(
    path: Path,
    rows: Iterable[bytes],
    *,
    dimension: str = "A1",
    after: bytes = b"",
    before: bytes = b"",
    prolog: bytes = b'<?xml version="1.0" encoding="UTF-8"?>',
) -> Path:
    """A one-sheet workbook ("topics", header "name") whose sheet XML is written as given.

    ``rows`` are the sheet's rows after the header (XML, streamed); ``dimension`` the size it
    declares; ``before``/``after`` XML around the sheet data.
    """
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, text in _WORKBOOK_PARTS.items():
            zf.writestr(name, text)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(prolog + before)
            f.write(f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/><sheetData>'.encode())
            f.write(HEADER_ROW)
            for chunk in rows:
                f.write(chunk)
            f.write(b"</sheetData>" + after + b"</worksheet>")
    return path


def topic_rows(names: Iterable[str], first: int = 2) -> Iterable[bytes]:
    """Rows of one inline-string cell each, numbered from ``first``."""
    for r, name in enumerate(names, start=first):
        yield f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{name}</t></is></c></row>'.encode()


def billion_cells_declared(path: Path) -> Path:
    """A sheet that declares A1:XFD1048576 (17,179,869,184 cells) and fills its last cell: 2 KB.

    Read-only openpyxl pads every row to the declared width and height; openpyxl's ordinary
    mode makes a cell for each position between A1 and XFD1048576.
    """
    last = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return workbook(path, [last], dimension="A1:XFD1048576")


def billion_cells_held(path: Path, rows: int = 1_048_576) -> Path:
    """A sheet of a million rows, each with a cell in the last column: 17 billion cells once padded."""

    def chunks() -> Iterable[bytes]:
        batch = []
        for r in range(2, rows + 1):
            batch.append(b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (r, r))
            if len(batch) == 50_000:
                yield b"".join(batch)
                batch = []
        yield b"".join(batch)

    return workbook(path, chunks(), dimension="A1:XFD1048576")


def million_rows(path: Path, rows: int = 1_048_576) -> Path:
    """A sheet of a million one-cell rows (unnumbered, so it compresses to some 150 KB)."""
    one = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 8192
    return workbook(path, (one for _ in range(rows // 8192)))


def workbook_bomb(path: Path, expanded: int) -> Path:
    """A workbook whose sheet XML expands to ``expanded`` bytes (a comment of spaces)."""
    spaces = b" " * MB

    def padding() -> Iterable[bytes]:
        yield b"<!--"
        for _ in range(expanded // MB):
            yield spaces
        yield b"-->"

    return workbook(path, padding())
