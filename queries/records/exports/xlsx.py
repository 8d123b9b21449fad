"""The loader's template workbook, filled in: export, edit in Excel, load back with ``phakhee load``.

Every text is written as a string cell, never as a formula: a name typed as ``=HYPERLINK(...)``
stays text, and one that a spreadsheet would run when edited (``= + - @``, a tab or a carriage
return first) is marked as quoted text too (Excel's leading apostrophe, ``quotePrefix``). A
character a workbook cannot hold, if one was ever stored, is written as U+FFFD, so one node
never fails the export.
"""

from __future__ import annotations

from collections import defaultdict
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from phakhee.graph.cells import guarded, printable
from phakhee.graph.geography import district_of
from phakhee.loaders.sheets import NODE_SHEETS, TIE_SHEETS, Sheet
from phakhee.loaders.template_writer import INSTRUCTIONS
from phakhee.queries.records.exports.columns import cell
from phakhee.queries.records.exports.frame import ExportGraph

_BOLD = Font(bold=True)


def _header(ws: Any, sheet: Sheet) -> None:
    cells = []
    for c in sheet.columns:
        h = WriteOnlyCell(ws, value=c.key)
        if c.required:
            h.font = _BOLD
        cells.append(h)
    ws.append(cells)


def _text(ws: Any, text: str) -> Any:
    """A string cell holding ``text`` as it is: never a formula, whatever it begins with."""
    c = WriteOnlyCell(ws, value=printable(text))
    c.data_type = "s"  # openpyxl takes a value beginning with '=' for a formula
    if guarded(text):
        c.quotePrefix = True
    return c


def _value(ws: Any, value: Any) -> Any:
    """Numbers stay numbers; everything else is text the reader parses back (lists joined with ;)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = cell(value)
        return _text(ws, text) if text else None
    return value


def write_xlsx(export: ExportGraph, out: IO[bytes]) -> None:
    """Write one sheet per kind as the template has them; a node's place fills its province column.

    Each row names its node by id, so the ids survive the round trip; located_in and assessed
    ties travel as the province, region and team columns of the node sheets.
    """
    wb = Workbook(write_only=True)
    about = wb.create_sheet("export_info")
    for key, value in export.meta.as_dict().items():
        about.append([key, _text(about, cell(value))])
    guide = wb.create_sheet("instructions")
    for row in INSTRUCTIONS:
        guide.append(list(row))
    by_kind: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for n, attrs in export.nodes():
        by_kind[attrs["kind"]].append((n, attrs))
    ties: dict[str, list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
    assessed: dict[str, str] = {}
    below: dict[str, dict[str, str]] = defaultdict(dict)  # node -> its district/subdistrict code
    on_sheets = {sheet.tie.value for sheet in TIE_SHEETS if sheet.tie is not None}
    for s, t, k, attrs in export.edges():
        if k == "assessed":
            assessed[t] = s
        elif k == "located_in" and t.startswith(("district:", "subdistrict:")):
            level, _, code = t.partition(":")
            below[s][level] = code
            if level == "subdistrict" and (district := district_of(t)) is not None:
                below[s].setdefault("district", district.partition(":")[2])
        elif k in on_sheets:  # the rest (located_in, ...) is written as node columns
            ties[k].append((s, t, attrs))
    for sheet in NODE_SHEETS:
        assert sheet.node is not None
        ws = wb.create_sheet(sheet.name)
        _header(ws, sheet)
        for n, attrs in by_kind.get(sheet.node.value, []):
            province, region = export.place(n)
            values = attrs | {"id": n, "province": province, "team": assessed.get(n, "")}
            values |= below.get(n, {})
            if province:
                values.pop("region", None)
            else:
                values["region"] = region
            ws.append([_value(ws, values.get(c.key)) for c in sheet.columns])
    for sheet in TIE_SHEETS:
        assert sheet.tie is not None
        ws = wb.create_sheet(sheet.name)
        _header(ws, sheet)
        source, target = sheet.ends
        for s, t, attrs in ties.get(sheet.tie.value, []):
            values = attrs | {source: s, target: t}
            ws.append([_value(ws, values.get(c.key)) for c in sheet.columns])
    wb.save(out)
