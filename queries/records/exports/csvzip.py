"""A zip of nodes.csv and edges.csv (UTF-8 with BOM, so Excel shows Thai), with metadata.json.

Every text cell is formula-safe: one that a spreadsheet would run (``= + - @``, a tab or a
carriage return first) is written with a leading apostrophe (``graph.cells.defused``), which
the loader drops again; a character a workbook cannot hold, if one was ever stored, is written
as U+FFFD. Numbers and yes/no values are written as they are.
"""

from __future__ import annotations

import csv
import io
import zipfile
from typing import IO, Any

import orjson

from phakhee.graph.cells import defused, printable
from phakhee.queries.records.exports.columns import cell, column_types, node_rows
from phakhee.queries.records.exports.frame import ExportGraph


def safe_cell(value: Any) -> str:
    """A value as one CSV cell no spreadsheet runs: text (and lists of it) defused."""
    if isinstance(value, str | list | tuple):
        return defused(printable(cell(value)))
    return cell(value)


def write_csv_zip(export: ExportGraph, out: IO[bytes]) -> None:
    """Write nodes.csv (id, attributes, province, region, centrality), edges.csv and metadata.json."""
    rows = list(node_rows(export))
    node_cols = list(column_types(a for _, a in rows))
    edge_cols = [c for c in column_types(a for *_, a in export.edges()) if c != "kind"]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "metadata.json", orjson.dumps(export.meta.as_dict(), option=orjson.OPT_INDENT_2)
        )
        with zf.open("nodes.csv", "w") as raw, io.TextIOWrapper(raw, "utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", *node_cols])
            w.writerows([safe_cell(n), *(safe_cell(a.get(c)) for c in node_cols)] for n, a in rows)
        with zf.open("edges.csv", "w") as raw, io.TextIOWrapper(raw, "utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(["source", "target", "kind", *edge_cols])
            w.writerows(
                [
                    safe_cell(s),
                    safe_cell(t),
                    safe_cell(k),
                    *(safe_cell(a.get(c)) for c in edge_cols),
                ]
                for s, t, k, a in export.edges()
            )
