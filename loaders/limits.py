"""Reading within bounds: how much a file may hold once decompressed, how many members, rows and
cells it may have, how deeply a value may nest (``graph.settings.LoadLimits``).

Every check refuses before reading past its limit, with a ``TooLarge`` that names the file and
the setting. A zip's declared sizes are checked first and its bytes counted again as they are
decompressed (``read_member``); a workbook's members are all decompressed once, counted, and
their XML scanned for its shape (``check_workbook``) before openpyxl reads any of it, so a
sheet that declares or holds a billion cells, or one row of a million cells, is refused in the
time it takes to find it, not after openpyxl has built it.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from typing import IO, Any
from xml.parsers import expat

from phakhee.graph.errors import InvalidInput
from phakhee.graph.settings import LoadLimits

EXCEL_COLUMNS = 16_384
"""Excel's own limit on a sheet's columns (A to XFD): no workbook it writes has a wider row."""
CHUNK = 2**20
EXCEL = "save it again from Excel"
_COLUMN = re.compile(r"[A-Za-z]{1,3}")


class TooLarge(InvalidInput):
    """A file past one of the loading limits; the whole load is refused, nothing written.

    ``file`` is the file's name (never a server's temporary path), ``limit`` the setting's
    environment variable (None when the machine's memory, not a setting, was the limit).
    """

    def __init__(self, message: str, *, file: str, limit: str | None) -> None:
        super().__init__(message)
        self.file = file
        self.limit = limit


SPLIT = "split it or raise the limit"


def refusal(name: str, what: str, setting: str | None, advice: str = SPLIT) -> TooLarge:
    """``NAME WHAT (SETTING); ADVICE``: the one line a refused file is told in."""
    where = f" ({setting})" if setting else ""
    return TooLarge(f"{name} {what}{where}; {advice}", file=name, limit=setting)


def expanded_past(name: str, limits: LoadLimits) -> TooLarge:
    return refusal(name, f"expands past {limits.max_expanded_mb} MB", "PHAKHEE_MAX_EXPANDED_MB")


def larger_than(name: str, limits: LoadLimits) -> TooLarge:
    return refusal(name, f"is larger than {limits.max_expanded_mb} MB", "PHAKHEE_MAX_EXPANDED_MB")


def too_many_rows(name: str, limits: LoadLimits) -> TooLarge:
    return refusal(name, f"has more than {limits.max_rows:,} rows", "PHAKHEE_MAX_ROWS")


def too_many_cells(name: str, limits: LoadLimits) -> TooLarge:
    what = f"has more than {limits.max_cells:,} cells, each row counted to its last cell"
    return refusal(name, what, "PHAKHEE_MAX_CELLS")


def too_many_entries(name: str, limits: LoadLimits) -> TooLarge:
    what = f"has more than {limits.max_archive_entries:,} members"
    return refusal(name, what, "PHAKHEE_MAX_ARCHIVE_ENTRIES")


def out_of_memory(name: str) -> TooLarge:
    return refusal(name, "is too large to read in memory", None, "split it into smaller files")


class Budget:
    """Decompressed bytes one file may still bring in; ``take`` refuses before going past."""

    def __init__(self, name: str, limits: LoadLimits) -> None:
        self.name, self.limits, self.left = name, limits, limits.max_expanded_bytes

    def take(self, n: int) -> None:
        if n > self.left:
            raise expanded_past(self.name, self.limits)
        self.left -= n

    def read(self, stream: IO[bytes], declared: int) -> Iterable[bytes]:
        """``stream``'s bytes in chunks, never one past the budget nor past ``declared``."""
        got = 0
        while chunk := stream.read(min(CHUNK, self.left + 1)):
            self.take(len(chunk))
            got += len(chunk)
            if (
                got > declared
            ):  # zipfile stops at the declared size; this says so if it ever does not
                raise expanded_past(self.name, self.limits)
            yield chunk


def open_archive(stream: IO[bytes], name: str, limits: LoadLimits) -> zipfile.ZipFile:
    """A zip (or workbook) whose member count and declared sizes are within the limits.

    The count is read from the end record before zipfile reads the directory, so a zip of a
    million empty members is refused without building a million entries.
    """
    end = _end_record(stream)
    if end is not None and end[4] > limits.max_archive_entries:
        raise too_many_entries(name, limits)
    stream.seek(0)
    archive = zipfile.ZipFile(stream)
    members = archive.infolist()
    if len(members) > limits.max_archive_entries:
        raise too_many_entries(name, limits)
    if sum(m.file_size for m in members) > limits.max_expanded_bytes:
        raise expanded_past(name, limits)
    return archive


def _end_record(stream: IO[bytes]) -> list[Any] | None:
    """zipfile's own reading of the end-of-central-directory record (entries at index 4)."""
    read = getattr(zipfile, "_EndRecData", None)  # private, there since Python 2; checked after too
    if read is None:
        return None
    try:
        return read(stream)
    except OSError:
        return None


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> bytes:
    """One member's bytes, counted against the file's budget as they are decompressed."""
    with archive.open(info) as stream:
        return b"".join(budget.read(stream, info.file_size))


def check_workbook(archive: zipfile.ZipFile, name: str, limits: LoadLimits) -> int:
    """Decompress every member of a workbook once, counting its bytes, and scan its XML's shape;
    the number of formulas it holds.

    Refused (``TooLarge``): more bytes than the budget; a sheet with more rows than
    ``max_rows`` (by count or by row number), more cells than ``max_cells`` (each row counted
    to its last cell) or a row wider than Excel's 16,384 columns; any other element repeated
    more than ``max_rows`` times in one member; XML nested deeper than ``max_nesting``.
    Unreadable (``NotWorkbookXml``): a member that starts as XML and is not, or that has a
    document type declaration (Excel writes none). The scan uses expat, the parser openpyxl
    reads sheets and shared strings with, so what it cannot read openpyxl cannot either.
    """
    budget = Budget(name, limits)
    formulas = 0
    for info in archive.infolist():
        if info.is_dir():
            continue
        with archive.open(info) as stream:
            shape: _Shape | None = None
            for chunk in budget.read(stream, info.file_size):
                if shape is None and not _looks_like_xml(chunk):
                    shape = _Shape(name, info.filename, None)  # a picture, a macro project
                elif shape is None:
                    shape = _Shape(name, info.filename, limits)
                shape.feed(chunk)
            if shape is not None:
                shape.close()
                formulas += shape.formulas
    return formulas


class NotWorkbookXml(Exception):
    """A workbook member that is not the XML it starts as (reported as an unreadable workbook)."""


def _looks_like_xml(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<", b"\x00\x00")):
        return True  # UTF-16 or UTF-32: XML all the same to a parser
    return head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n").startswith(b"<")


class _Shape:
    """A streaming (expat) count of one XML member's rows, cells, repeated elements and depth.

    The handlers are closures over plain locals: expat calls them once per element, and a
    sheet has millions.
    """

    def __init__(self, name: str, member: str, limits: LoadLimits | None) -> None:
        self.member, self.limits = member, limits
        self.formulas = 0
        self.parser = expat.ParserCreate()
        self.parser.StartDoctypeDeclHandler = self._doctype
        if limits is not None:
            start, end, self._end_row = self._handlers(name, limits)
            self.parser.StartElementHandler = start
            self.parser.EndElementHandler = end

    def feed(self, chunk: bytes, final: bool = False) -> None:
        if self.limits is None:
            return
        try:
            self.parser.Parse(chunk, final)
        except expat.ExpatError as e:
            if self.member.lower().endswith(".vml"):
                self.limits = None  # Excel's legacy drawings are often not XML; openpyxl skips them
                return
            raise NotWorkbookXml(f"{self.member[:80]} is not well-formed XML ({e})") from None

    def close(self) -> None:
        self.feed(b"", final=True)
        if self.limits is not None:
            self._end_row()

    def _doctype(self, *_: object) -> None:
        raise NotWorkbookXml(f"{self.member[:80]} has a document type declaration")

    def _handlers(self, name: str, limits: LoadLimits) -> tuple[Any, Any, Any]:
        max_nesting, max_rows, max_cells = limits.max_nesting, limits.max_rows, limits.max_cells
        depth = rows = row = cells = width = column = total = strings = 0
        repeats: dict[str, int] = {}

        def end_row() -> None:
            """Count the row just read up to its last cell (openpyxl pads a row to it)."""
            nonlocal total, cells, width, column
            total += width
            if total > max_cells:
                raise too_many_cells(name, limits)
            cells = width = column = 0

        def start(tag: str, attrs: dict[str, str]) -> None:
            nonlocal depth, rows, row, cells, width, column, strings
            depth += 1
            if depth > max_nesting:
                what = f"nests its XML deeper than {max_nesting} levels"
                raise refusal(name, what, "PHAKHEE_MAX_NESTING", EXCEL)
            if ":" in tag:
                tag = tag.rpartition(":")[2]
            if tag == "c":
                cells += 1
                if cells > EXCEL_COLUMNS:
                    what = (
                        f"has a row of more than {EXCEL_COLUMNS:,} cells, wider than Excel allows"
                    )
                    raise refusal(name, what, None, EXCEL)
                ref = attrs.get("r")
                m = _COLUMN.match(ref) if ref else None
                column = _column_number(m.group()) if m else column + 1
                if column > width:
                    width = column
            elif tag == "row":
                end_row()
                rows += 1
                number = attrs.get("r")
                row = int(number) if number and number.isdigit() else row + 1
                if rows > max_rows or row > max_rows:
                    raise too_many_rows(name, limits)
            elif tag in _CELL_PARTS:
                if tag == "f":
                    self.formulas += 1
            elif tag == "si":  # a shared string: there are at most as many as cells
                strings += 1
                if strings > max_cells:
                    raise too_many_cells(name, limits)
            else:
                seen = repeats[tag] = repeats.get(tag, 0) + 1
                if seen > max_rows:
                    what = f"repeats <{tag[:40]}> more than {max_rows:,} times"
                    raise refusal(name, what, "PHAKHEE_MAX_ROWS")

        def end(tag: str) -> None:
            nonlocal depth
            depth -= 1

        return start, end, end_row


_CELL_PARTS = frozenset(
    # what a cell holds, and a shared string's rich-text runs: as many as the cells, or fewer
    {"c", "v", "f", "is", "t", "r", "rPr", "rPh", "rFont", "sz", "color", "b", "i", "u"}
    | {"family", "scheme", "charset", "strike", "vertAlign", "outline", "shadow", "condense"}
    | {"extend"}
)


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def nested_deeper(value: object, limit: int) -> bool:
    """Whether ``value`` (JSON: dicts, lists, scalars) nests more than ``limit`` levels.

    Iterative, so a value nested a million levels deep answers without recursion. A scalar
    is level 0; ``{"a": 1}`` and ``[1]`` are level 1.
    """
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        children: Iterable[object]
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth + 1 > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False
